"""Maximal covering and set covering: exact solvers and heuristics against brute force."""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gis.errors import InputError
from gis.locate import CoverResult, MaxCover, SetCover


def max_cover_brute(
    costs: np.ndarray, w: np.ndarray, p: int, limit: float, fixed: tuple[int, ...] = (), excluded: tuple[int, ...] = ()
) -> float:
    free = [j for j in range(costs.shape[1]) if j not in fixed and j not in excluded]
    best = -math.inf
    for extra in itertools.combinations(free, p - len(fixed)):
        sites = [*fixed, *extra]
        best = max(best, float(w[(costs[:, sites] <= limit).any(axis=1)].sum()))
    return best


def set_cover_brute(
    costs: np.ndarray,
    w: np.ndarray,
    limit: float,
    site_costs: np.ndarray,
    fixed: tuple[int, ...] = (),
    excluded: tuple[int, ...] = (),
) -> float:
    """Cheapest set of sites covering every client of positive weight that can be covered."""
    allowed = [j for j in range(costs.shape[1]) if j not in excluded]
    need = (w > 0) & (costs[:, allowed] <= limit).any(axis=1)
    free = [j for j in allowed if j not in fixed]
    best = math.inf
    for size in range(len(free) + 1):
        for extra in itertools.combinations(free, size):
            sites = [*fixed, *extra]
            if (costs[need][:, sites] <= limit).any(axis=1).all():
                best = min(best, float(site_costs[sites].sum()))
    return best


def random_instance(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, float]:
    n = int(rng.integers(1, 12))
    m = int(rng.integers(1, 8))
    costs = rng.integers(0, 30, size=(n, m)).astype(float)
    costs[rng.random((n, m)) < 0.1] = np.inf  # unreachable pairs
    weights = rng.integers(0, 5, size=n).astype(float)
    return costs, weights, float(rng.integers(5, 25))


def check(result: CoverResult, costs: np.ndarray, w: np.ndarray, limit: float) -> None:
    """Assignment is the nearest open site within the limit (-1 if none); totals agree."""
    sites = list(result.sites)
    assert sites == sorted(set(sites)) and result.n_sites == len(sites)
    sub = np.where(costs[:, sites] <= limit, costs[:, sites], np.inf)
    covered = np.isfinite(sub).any(axis=1)
    assert np.array_equal(result.assignment >= 0, covered)
    rows = np.flatnonzero(covered)
    np.testing.assert_array_equal(costs[rows, result.assignment[rows]], sub[rows].min(axis=1))
    assert result.covered_weight == pytest.approx(float(w[covered].sum()))
    total = w.sum()
    assert result.covered_share == pytest.approx(result.covered_weight / total if total else 1.0)


def test_max_cover_matches_brute_force_and_heuristic_never_beats_it() -> None:
    rng = np.random.default_rng(1)
    equal = 0
    for _ in range(80):
        costs, w, limit = random_instance(rng)
        m = costs.shape[1]
        order = rng.permutation(m)
        n_fixed = int(rng.integers(0, m + 1)) if rng.random() < 0.4 else 0
        fixed = tuple(sorted(order[:n_fixed].tolist()))
        excluded = tuple(sorted(order[n_fixed : n_fixed + int(rng.integers(0, m - n_fixed + 1))].tolist()))
        if m - len(excluded) < max(1, len(fixed)):
            continue
        p = int(rng.integers(max(1, len(fixed)), m - len(excluded) + 1))
        optimum = max_cover_brute(costs, w, p, limit, fixed, excluded)
        model = MaxCover.from_cost_matrix(costs, w, p, max_cost=limit, fixed_open=fixed, excluded=excluded)
        exact, heuristic = model.solve(), model.heuristic()
        for result in (exact, heuristic):
            check(result, costs, w, limit)
            assert result.n_sites == p
            assert set(fixed) <= set(result.sites) and not set(excluded) & set(result.sites)
        assert exact.objective == exact.covered_weight == pytest.approx(optimum)
        assert exact.is_optimal and exact.gap == 0.0
        assert exact.lower_bound == pytest.approx(optimum) and exact.upper_bound == pytest.approx(optimum)
        assert heuristic.objective <= optimum + 1e-9
        assert heuristic.lower_bound == heuristic.objective and math.isnan(heuristic.upper_bound)
        equal += heuristic.objective >= optimum - 1e-9
    assert equal >= 60


@pytest.mark.parametrize("weighted_sites", [False, True])
def test_set_cover_matches_brute_force_and_heuristic_never_beats_it(weighted_sites: bool) -> None:
    rng = np.random.default_rng(2 + weighted_sites)
    for _ in range(60):
        costs, w, limit = random_instance(rng)
        m = costs.shape[1]
        site_costs = rng.integers(0, 5, m).astype(float) if weighted_sites else np.ones(m)
        order = rng.permutation(m)
        fixed = tuple(sorted(order[: int(rng.integers(0, 3))].tolist()))
        excluded = tuple(sorted(order[len(fixed) : len(fixed) + int(rng.integers(0, 2))].tolist()))
        if len(excluded) == m:
            continue
        optimum = set_cover_brute(costs, w, limit, site_costs, fixed, excluded)
        model = SetCover.from_cost_matrix(
            costs,
            w,
            max_cost=limit,
            site_costs=site_costs if weighted_sites else None,
            fixed_open=fixed,
            excluded=excluded,
            uncoverable="skip",
        )
        exact, heuristic = model.solve(), model.heuristic()
        reachable = (w > 0) & (costs[:, [j for j in range(m) if j not in excluded]] <= limit).any(axis=1)
        assert exact.uncoverable == tuple(np.flatnonzero((w > 0) & ~reachable).tolist())
        for result in (exact, heuristic):
            check(result, costs, w, limit)
            assert np.all(result.assignment[reachable] >= 0)  # every coverable client is covered
            assert set(fixed) <= set(result.sites) and not set(excluded) & set(result.sites)
            assert result.objective == pytest.approx(site_costs[list(result.sites)].sum())
        assert exact.objective == pytest.approx(optimum)
        assert exact.is_optimal and exact.gap == 0.0
        assert exact.lower_bound == pytest.approx(optimum) and exact.upper_bound == pytest.approx(optimum)
        assert heuristic.objective >= optimum - 1e-9
        assert heuristic.upper_bound == heuristic.objective and math.isnan(heuristic.lower_bound)


@settings(max_examples=30, deadline=None)
@given(
    st.integers(1, 9).flatmap(
        lambda n: st.integers(1, 7).flatmap(
            lambda m: st.tuples(
                st.lists(st.lists(st.integers(0, 30), min_size=m, max_size=m), min_size=n, max_size=n),
                st.lists(st.integers(0, 3), min_size=n, max_size=n),
            )
        )
    )
)
def test_set_cover_size_is_the_least_p_at_which_max_cover_covers_everything(
    case: tuple[list[list[int]], list[int]],
) -> None:
    costs, w = np.array(case[0], dtype=float), np.array(case[1], dtype=float)
    limit = 12.0
    cover = SetCover.from_cost_matrix(costs, w, max_cost=limit, uncoverable="skip").solve()
    coverable = float(w[(costs <= limit).any(axis=1)].sum())
    assert cover.covered_weight == pytest.approx(coverable)
    previous = -1.0
    for p in range(1, costs.shape[1] + 1):
        covered = MaxCover.from_cost_matrix(costs, w, p, max_cost=limit).solve().covered_weight
        assert covered >= previous  # never drops as sites are added
        assert (covered >= coverable - 1e-9) == (p >= cover.n_sites)
        previous = covered


def test_fixed_schools_cover_their_clients_for_free() -> None:
    # Clients 0-1 sit at school 0, clients 2-3 at candidate 1, client 4 at candidate 2.
    costs = np.array([[0, 50, 50], [5, 50, 50], [50, 0, 50], [50, 5, 50], [50, 50, 0]], dtype=float)
    w = np.array([10, 10, 3, 3, 4], dtype=float)
    best = MaxCover.from_cost_matrix(costs, w, 2, max_cost=10, fixed_open=[0]).solve()
    assert best.sites == (0, 1) and best.covered_weight == 26.0
    assert best.covered_share == pytest.approx(26 / 30)
    assert best.assignment.tolist() == [0, 0, 1, 1, -1]
    cover = SetCover.from_cost_matrix(costs, w, max_cost=10, fixed_open=[0]).solve()
    assert cover.sites == (0, 1, 2) and cover.objective == 3.0 and cover.covered_share == 1.0


def test_uncoverable_clients_are_named_or_skipped() -> None:
    costs = np.array([[0.0, 40.0, 12.0], [35.0, 42.0, 31.0], [np.inf, np.inf, np.inf], [1.0, 1.0, 1.0]])
    w = np.array([1.0, 7.0, 2.0, 0.0])
    with pytest.raises(InputError) as caught:
        SetCover.from_cost_matrix(costs, w, max_cost=30, excluded=[2])
    text = str(caught.value)
    assert (
        "feature client 1, field max_cost: no site that may be opened lies within 30 of this client (weight 7); "
        "the nearest allowed site costs 35 (value: 35); raise max_cost, add a candidate site near it, "
        'or pass uncoverable="skip" to leave it out'
    ) in text
    assert (
        "feature client 2, field max_cost: no site that may be opened lies within 30 of this client (weight 2); "
        "the nearest allowed site costs inf"
    ) in text
    assert len(caught.value.problems) == 2  # client 3 has weight 0 and needs no cover
    result = SetCover.from_cost_matrix(costs, w, max_cost=30, excluded=[2], uncoverable="skip").solve()
    assert result.uncoverable == (1, 2)
    assert result.sites == (0,)
    assert result.covered_weight == 1.0 and result.covered_share == pytest.approx(0.1)


def test_many_uncoverable_clients_are_summarised() -> None:
    costs = np.full((25, 2), 100.0)
    with pytest.raises(InputError) as caught:
        SetCover.from_cost_matrix(costs, max_cost=10)
    assert len(caught.value.problems) == 11
    assert 'field max_cost: 15 more clients cannot be covered either; pass uncoverable="skip"' in str(caught.value)


@pytest.mark.parametrize(
    ("model", "kwargs", "words"),
    [
        (MaxCover, {"p": 3, "max_cost": 5, "fixed_open": [0, 1, 2, 3]}, "4 sites are fixed open, more than the 3"),
        (MaxCover, {"p": 2, "max_cost": 5, "excluded": [0, 1, 2]}, "only 1 of the 4 sites may be opened (3 excluded)"),
        (MaxCover, {"p": 1, "max_cost": math.nan}, "the cost limit must be a finite number"),
        (SetCover, {"max_cost": 5, "site_costs": [1.0, -1.0, 1.0, 1.0]}, "site costs must be finite and non-negative"),
        (SetCover, {"max_cost": 5, "site_costs": [1.0]}, "there must be one cost per site (4)"),
        (SetCover, {"max_cost": 5, "excluded": [0, 1, 2, 3]}, "all 4 sites are excluded, so no client can be covered"),
        (SetCover, {"max_cost": 5, "uncoverable": "drop"}, 'uncoverable must be "raise" or "skip"'),
        (SetCover, {"max_cost": 5, "fixed_open": [1], "excluded": [1]}, "both fixed open and excluded"),
    ],
)
def test_bad_inputs_are_reported_in_words(model: type, kwargs: dict, words: str) -> None:
    costs = np.arange(12, dtype=float).reshape(3, 4)
    with pytest.raises(InputError) as caught:
        model.from_cost_matrix(costs, **kwargs)
    assert words in str(caught.value)


def test_nan_costs_are_refused_but_infinite_ones_mean_unreachable() -> None:
    costs = np.array([[1.0, np.nan], [np.inf, 2.0]])
    with pytest.raises(InputError, match="costs must be numbers; only \\+inf \\(unreachable\\) may be infinite"):
        MaxCover.from_cost_matrix(costs, max_cost=5)
    costs[0, 1] = np.inf
    assert MaxCover.from_cost_matrix(costs, p=1, max_cost=5).solve().covered_weight == 1.0


def test_warm_start_and_inputs_left_alone() -> None:
    rng = np.random.default_rng(9)
    costs = rng.uniform(0, 30, (15, 8))
    w = rng.uniform(0, 3, 15)
    before = costs.copy(), w.copy()
    model = MaxCover.from_cost_matrix(costs, w, 3, max_cost=10)
    optimum = max_cover_brute(costs, w, 3, 10)
    for start in ([0, 1, 2], model.heuristic(), [0]):  # the last is not a solution; ignored
        assert model.solve(warm_start=start).objective == pytest.approx(optimum)
    np.testing.assert_array_equal(costs, before[0])
    np.testing.assert_array_equal(w, before[1])


def test_realistic_size_solves_in_a_few_seconds() -> None:
    """3,000 grid cells × 150 villages, 15 minutes: about one pair in thirty covers."""
    rng = np.random.default_rng(0)
    sites = rng.uniform(0, 100, (150, 2))
    cells = sites[rng.integers(0, 150, 3000)] + rng.normal(0, 3, (3000, 2))
    costs = np.linalg.norm(cells[:, None, :] - sites[None, :, :], axis=2) * 1.5
    w = rng.integers(0, 40, 3000).astype(float)
    fixed = np.arange(30)
    start = time.perf_counter()
    cover = SetCover.from_cost_matrix(costs, w, max_cost=15, fixed_open=fixed).solve(time_limit=20)
    assert cover.is_optimal and cover.covered_share == 1.0
    best = MaxCover.from_cost_matrix(costs, w, cover.n_sites - 10, max_cost=15, fixed_open=fixed).solve(time_limit=20)
    assert best.is_optimal and best.gap == 0.0
    assert 0.9 < best.covered_share < 1.0
    assert time.perf_counter() - start < 15
