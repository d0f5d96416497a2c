"""The p-median model: exact solver and heuristic against brute force and OR-Library optima."""

from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gis.errors import InputError
from gis.locate import LocationResult, PMedian, read_orlib_pmed

ORLIB = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "orlib-pmed"
# pmed1-5 are also kept in the repository, so that a machine without the benchmark data
# still solves real instances.
BUNDLED = Path(__file__).resolve().parents[1] / "data" / "orlib-pmed"
# Instances that solve to proven optimality in well under a second each on a 2-core machine
# (all 40 run in benchmarks/orlib.py).
FAST_ORLIB = ["pmed1", "pmed2", "pmed3", "pmed4", "pmed5", "pmed6", "pmed11", "pmed13", "pmed16", "pmed21"]


def brute_force(
    costs: np.ndarray, weights: np.ndarray, p: int, fixed: tuple[int, ...] = (), excluded: tuple[int, ...] = ()
) -> float:
    """The least weighted total over every admissible set of ``p`` sites."""
    free = [j for j in range(costs.shape[1]) if j not in fixed and j not in excluded]
    best = math.inf
    for extra in itertools.combinations(free, p - len(fixed)):
        sites = list(fixed) + list(extra)
        best = min(best, float(weights @ costs[:, sites].min(axis=1)))
    return best


def random_instance(rng: np.random.Generator, *, integer: bool) -> tuple[np.ndarray, np.ndarray, int]:
    n = int(rng.integers(1, 11))
    m = int(rng.integers(1, 11))
    if integer:
        costs = rng.integers(0, 6, size=(n, m)).astype(float)  # many ties between levels
        weights = rng.integers(0, 4, size=n).astype(float)
    else:
        costs = rng.uniform(0, 100, size=(n, m))
        weights = rng.uniform(0, 5, size=n)
    return costs, weights, int(rng.integers(1, m + 1))


def check_result(result: LocationResult, costs: np.ndarray, weights: np.ndarray, p: int) -> None:
    """The result is self-consistent: p distinct sites, each client at its nearest."""
    assert len(result.sites) == p == len(set(result.sites))
    nearest = costs[:, list(result.sites)].min(axis=1)
    np.testing.assert_allclose(costs[np.arange(costs.shape[0]), result.assignment], nearest)
    assert set(result.assignment.tolist()) <= set(result.sites)
    assert result.objective == pytest.approx(float(weights @ nearest))


@pytest.mark.parametrize("integer", [True, False])
def test_exact_solver_matches_brute_force(integer: bool) -> None:
    rng = np.random.default_rng(4 + integer)
    for _ in range(40):
        costs, weights, p = random_instance(rng, integer=integer)
        result = PMedian.from_cost_matrix(costs, weights, p).solve()
        check_result(result, costs, weights, p)
        optimum = brute_force(costs, weights, p)
        assert result.objective == pytest.approx(optimum, abs=1e-6)
        assert result.is_optimal
        assert result.gap == 0.0
        assert result.lower_bound == pytest.approx(optimum, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 8).flatmap(
        lambda n: st.integers(1, 8).flatmap(
            lambda m: st.tuples(
                st.lists(st.lists(st.integers(0, 20), min_size=m, max_size=m), min_size=n, max_size=n),
                st.lists(st.integers(0, 3), min_size=n, max_size=n),
                st.integers(1, m),
            )
        )
    )
)
def test_exact_is_brute_force_optimum_and_heuristic_never_beats_it(
    case: tuple[list[list[int]], list[int], int],
) -> None:
    rows, weights_list, p = case
    costs, weights = np.array(rows, dtype=float), np.array(weights_list, dtype=float)
    model = PMedian.from_cost_matrix(costs, weights, p)
    optimum = brute_force(costs, weights, p)
    exact, heuristic = model.solve(), model.heuristic()
    assert exact.objective == optimum
    assert exact.lower_bound <= optimum + 1e-6
    assert heuristic.objective >= optimum


def test_fixed_open_and_excluded_match_brute_force() -> None:
    rng = np.random.default_rng(11)
    for _ in range(60):
        costs, weights, _ = random_instance(rng, integer=bool(rng.integers(2)))
        m = costs.shape[1]
        sites = rng.permutation(m)
        n_fixed = int(rng.integers(0, m + 1))
        n_excluded = int(rng.integers(0, m - n_fixed + 1))
        fixed = tuple(sorted(sites[:n_fixed].tolist()))
        excluded = tuple(sorted(sites[n_fixed : n_fixed + n_excluded].tolist()))
        allowed = m - len(excluded)
        if allowed == 0:
            continue
        p = int(rng.integers(max(1, len(fixed)), allowed + 1))
        model = PMedian.from_cost_matrix(costs, weights, p, fixed_open=fixed, excluded=excluded)
        optimum = brute_force(costs, weights, p, fixed, excluded)
        for result in (model.solve(), model.heuristic()):
            check_result(result, costs, weights, p)
            assert set(fixed) <= set(result.sites)
            assert not set(excluded) & set(result.sites)
        exact, heuristic = model.solve(), model.heuristic()
        assert exact.objective == pytest.approx(optimum, abs=1e-6)
        assert heuristic.objective >= optimum - 1e-6


def test_heuristic_is_never_better_than_the_optimum_and_usually_equal() -> None:
    rng = np.random.default_rng(7)
    equal = 0
    trials = 60
    for _ in range(trials):
        costs, weights, p = random_instance(rng, integer=False)
        optimum = brute_force(costs, weights, p)
        result = PMedian.from_cost_matrix(costs, weights, p).heuristic()
        check_result(result, costs, weights, p)
        assert result.objective >= optimum - 1e-6
        assert math.isnan(result.lower_bound) and math.isnan(result.gap)
        equal += result.objective <= optimum + 1e-6
    assert equal >= 0.8 * trials


def test_solve_accepts_a_warm_start_and_the_inputs_are_left_alone() -> None:
    rng = np.random.default_rng(3)
    costs = rng.uniform(0, 10, size=(9, 9))
    weights = rng.uniform(1, 2, size=9)
    before = costs.copy(), weights.copy()
    model = PMedian.from_cost_matrix(costs, weights, 3)
    optimum = brute_force(costs, weights, 3)
    for start in ([0, 1, 2], model.heuristic(), [0, 1]):  # the last is not a solution; ignored
        assert model.solve(warm_start=start).objective == pytest.approx(optimum)
    np.testing.assert_array_equal(costs, before[0])
    np.testing.assert_array_equal(weights, before[1])


def test_default_weights_are_one() -> None:
    costs = np.array([[0.0, 5.0], [4.0, 0.0], [3.0, 1.0]])
    result = PMedian.from_cost_matrix(costs, p=1).solve()
    assert result.sites == (1,)
    assert result.objective == 6.0  # site 1: 5 + 0 + 1; site 0: 0 + 4 + 3
    assert result.assignment.tolist() == [1, 1, 1]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"p": 0}, "at least one site must be opened"),
        ({"p": -2}, "at least one site must be opened"),
        ({"p": 1, "fixed_open": [0, 1]}, "2 sites are fixed open, more than the 1 sites to open"),
        ({"p": 3, "excluded": [0, 1]}, "only 2 of the 4 sites may be opened (2 excluded), fewer than the 3 asked"),
        ({"p": 5}, "only 4 of the 4 sites may be opened"),
        ({"p": 2, "fixed_open": [1], "excluded": [1]}, "both fixed open and excluded"),
        ({"p": 2, "fixed_open": [7]}, "fixed open sites must be columns of the cost matrix (0 to 3)"),
        ({"p": 2, "weights": [1.0, -1.0, 1.0]}, "weights must be finite and non-negative"),
        ({"p": 2, "weights": [1.0, 1.0]}, "one weight per client (3)"),
    ],
)
def test_provable_infeasibility_is_reported_in_words(kwargs: dict[str, object], words: str) -> None:
    costs = np.arange(12, dtype=float).reshape(3, 4)
    with pytest.raises(InputError) as caught:
        PMedian.from_cost_matrix(costs, **kwargs)  # type: ignore[arg-type]
    assert words in str(caught.value)


def test_every_problem_is_reported_together() -> None:
    costs = np.arange(12, dtype=float).reshape(3, 4)
    costs[0, 0] = np.nan
    with pytest.raises(InputError) as caught:
        PMedian.from_cost_matrix(costs, [1.0, 1.0, 1.0], 1, fixed_open=[0, 1], excluded=[1])
    assert len(caught.value.problems) == 3  # non-finite cost, fixed and excluded, p below fixed


def test_orlib_reader_keeps_the_last_duplicate_edge_and_takes_shortest_paths(tmp_path: Path) -> None:
    path = tmp_path / "tiny.txt"
    # 1-2 is given twice (the second, 2, counts), 2-3 in reverse; 1-3 is via 2.
    path.write_text(" 3 3 1 \n 1 2 9 \n 3 2 4 \n 2 1 2 \n")
    costs, p = read_orlib_pmed(path)
    assert p == 1
    np.testing.assert_array_equal(costs, [[0, 2, 6], [2, 0, 4], [6, 4, 0]])


def test_orlib_reader_reports_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("3 2 1\n1 2 5\n2 4 1\n")
    with pytest.raises(InputError, match="vertex out of range"):
        read_orlib_pmed(path)
    path.write_text("4 1 1\n1 2 5\n")
    with pytest.raises(InputError, match="disconnected"):
        read_orlib_pmed(path)


def _instance(name: str) -> tuple[Path, int]:
    """An instance's file and published optimum, from the benchmark data or the bundled copy."""
    for folder in (ORLIB, BUNDLED):
        if (folder / f"{name}.txt").is_file():
            with (folder / "optimal.csv").open() as handle:
                optima = {row["instance"]: int(row["optimal"]) for row in csv.DictReader(handle)}
            return folder / f"{name}.txt", optima[name]
    pytest.skip(f"OR-Library instance {name} not found at {ORLIB} (pmed1-5 are bundled in {BUNDLED})")


def test_the_bundled_instances_are_the_published_ones() -> None:
    for name in ("pmed1", "pmed2", "pmed3", "pmed4", "pmed5"):
        assert (BUNDLED / f"{name}.txt").is_file()
        if ORLIB.is_dir():
            assert (BUNDLED / f"{name}.txt").read_bytes() == (ORLIB / f"{name}.txt").read_bytes()


@pytest.mark.parametrize("instance", FAST_ORLIB)
def test_exact_solver_reproduces_the_published_orlib_optimum(instance: str) -> None:
    path, optimum = _instance(instance)
    costs, p = read_orlib_pmed(path)
    model = PMedian.from_cost_matrix(costs, None, p)
    heuristic = model.heuristic()
    assert optimum <= heuristic.objective <= 1.01 * optimum
    result = model.solve(warm_start=heuristic)
    assert result.objective == optimum
    assert result.is_optimal
    assert result.gap == 0.0
    assert result.lower_bound == pytest.approx(optimum)


@pytest.mark.parametrize("integer", [True, False])
def test_site_fixing_keeps_the_optimum_on_medium_instances(integer: bool) -> None:
    """Instances big enough for the Lagrangian fixing and probing to decide sites."""
    rng = np.random.default_rng(21 + integer)
    for _ in range(12):
        n, m = int(rng.integers(15, 30)), int(rng.integers(8, 13))
        points = rng.uniform(0, 100, size=(n + m, 2))
        costs = np.linalg.norm(points[:n, None, :] - points[None, n:, :], axis=2)
        weights = rng.integers(0, 5, size=n).astype(float) if integer else rng.uniform(0, 3, size=n)
        if integer:
            costs = np.round(costs)
        sites = rng.permutation(m)
        fixed = tuple(sorted(sites[: int(rng.integers(0, 2))].tolist()))
        excluded = tuple(sorted(sites[2 : 2 + int(rng.integers(0, 3))].tolist()))
        p = int(rng.integers(max(1, len(fixed)), 5))
        model = PMedian.from_cost_matrix(costs, weights, p, fixed_open=fixed, excluded=excluded)
        optimum = brute_force(costs, weights, p, fixed, excluded)
        result = model.solve()
        check_result(result, costs, weights, p)
        assert set(fixed) <= set(result.sites) and not set(excluded) & set(result.sites)
        assert result.objective == pytest.approx(optimum, abs=1e-6)
        assert result.is_optimal and result.gap == 0.0
        assert model.heuristic().objective >= optimum - 1e-6


def test_the_lagrangian_tree_search_finds_the_brute_force_optimum() -> None:
    """Whole-number instances with an integrality gap, where the search must branch."""
    from gis.locate import pmedian

    rng = np.random.default_rng(31)
    searched = 0
    for _ in range(6):
        n, m, p = 40, 18, int(rng.integers(3, 6))
        points = rng.uniform(0, 100, size=(n + m, 2))
        costs = np.round(np.linalg.norm(points[:n, None, :] - points[None, n:, :], axis=2))
        weights = rng.integers(1, 5, size=n).astype(float)
        optimum = brute_force(costs, weights, p)
        model = PMedian.from_cost_matrix(costs, weights, p)
        for start in ([0, 1, 2, 3, 4, 5][:p], None):  # a poor start leaves the search more to do
            result = model.solve(warm_start=start)
            check_result(result, costs, weights, p)
            assert result.objective == optimum
            assert result.is_optimal and result.gap == 0.0
        wc = weights[:, None] * costs
        # A deliberately weak root (3 subgradient steps) leaves the tree search the proof.
        slack = 1.0 - 1e-9
        lag = pmedian._lagrangian(
            wc, p, np.zeros(0, np.int64), slack, wc.min(axis=1), optimum + 50, math.inf, max_iterations=3
        )
        if math.isfinite(lag.bound):
            lower, found, status = pmedian._tree_search(wc, p, slack, lag, lag.upper, math.inf)
            assert status == "Optimal" and lower == math.inf
            best = lag.upper if found is None else float(wc[:, found].min(axis=1).sum())
            assert best == optimum
            searched += 1
    assert searched


def test_the_relaxation_takes_a_better_solution_from_its_improve_hook() -> None:
    """When the step halves, the relaxed sites go to the hook; a cheaper answer becomes the incumbent."""
    from gis.locate import pmedian

    rng = np.random.default_rng(8)
    n, m, p = 30, 12, 4
    points = rng.uniform(0, 100, size=(n + m, 2))
    wc = np.round(np.linalg.norm(points[:n, None, :] - points[None, n:, :], axis=2))
    best = min(itertools.combinations(range(m), p), key=lambda s: wc[:, list(s)].min(axis=1).sum())
    optimum = float(wc[:, list(best)].min(axis=1).sum())
    calls: list[np.ndarray] = []

    def improve(positions: np.ndarray) -> tuple[float, np.ndarray]:
        calls.append(positions)
        return optimum, np.asarray(best)

    worse = optimum + 500.0
    lag = pmedian._lagrangian(
        wc, p, np.zeros(0, np.int64), 1.0 - 1e-9, wc.max(axis=1), worse, math.inf, patience=2, improve=improve
    )
    assert calls and all(c.size == p for c in calls)
    assert lag.upper == optimum and lag.sites is not None
    assert float(wc[:, lag.sites].min(axis=1).sum()) == optimum


def test_a_time_limited_solve_still_reports_a_true_bound() -> None:
    rng = np.random.default_rng(5)
    costs = rng.integers(0, 50, size=(40, 14)).astype(float)
    optimum = brute_force(costs, np.ones(40), 4)
    result = PMedian.from_cost_matrix(costs, None, 4).solve(time_limit=0.0)
    check_result(result, costs, np.ones(40), 4)
    assert result.lower_bound <= optimum + 1e-6 <= result.objective + 2e-6
    if not result.is_optimal:
        assert result.gap == pytest.approx((result.objective - result.lower_bound) / result.objective)


def test_the_heuristic_is_deterministic() -> None:
    rng = np.random.default_rng(8)
    costs = rng.uniform(0, 10, size=(60, 60))
    model = PMedian.from_cost_matrix(costs, None, 7)
    first, second = model.heuristic(restarts=5), model.heuristic(restarts=5)
    assert first.sites == second.sites
    assert model.heuristic(restarts=5).objective <= model.heuristic(restarts=0, lagrangian=0).objective


def test_the_sorted_costs_give_the_lagrangian_terms_of_the_whole_matrix() -> None:
    """ρⱼ = Σᵢ min(0, wcᵢⱼ − λᵢ) from the sorted rows, and in blocks of sites, equals the whole sum."""
    from gis.locate import pmedian

    rng = np.random.default_rng(12)
    for integer in (True, False):
        wc = rng.integers(0, 9, size=(30, 17)).astype(float) if integer else rng.uniform(0, 50, size=(30, 17))
        nearest = pmedian._Sorted(wc)
        for scale in (0.0, 3.0, 100.0):
            lam = wc.min(axis=1) + rng.uniform(-2.0, scale, size=30)
            if integer:
                lam = np.round(lam)  # multipliers equal to costs: ties
            expected = np.minimum(wc - lam[:, None], 0.0).sum(axis=0)
            np.testing.assert_allclose(nearest.rho(lam), expected, atol=1e-9)
            # The dense sum over the sites × clients copy, in blocks of 1, 2, 7 sites and all 17.
            for size in (30, 60, 210, 510):
                dense = pmedian._rho_dense(np.ascontiguousarray(wc.T), lam, float(lam.sum()), np.empty(size))
                np.testing.assert_allclose(dense, expected, atol=1e-9)


def test_the_local_search_ends_where_no_single_swap_improves() -> None:
    rng = np.random.default_rng(13)
    for trial in range(20):
        n, m, p = 25, 12, int(rng.integers(1, 6))
        costs = rng.integers(0, 9, size=(n, m)).astype(float) if trial % 2 else rng.uniform(0, 30, size=(n, m))
        weights = rng.integers(0, 3, size=n).astype(float)
        weights[0] = 1.0
        model = PMedian.from_cost_matrix(costs, weights, p)
        sites = model._local_search(rng.choice(m, size=p, replace=False))
        value = float(weights @ costs[:, sites].min(axis=1))
        for out in range(p):
            for enter in set(range(m)) - set(sites.tolist()):
                swapped = sites.copy()
                swapped[out] = enter
                assert float(weights @ costs[:, swapped].min(axis=1)) >= value - 1e-9
