"""The capacitated p-median: exact solver and heuristic against brute force.

Brute force: every admissible set of sites, each with the exact transportation LP of
scipy.optimize.linprog (split demand) or every assignment of clients to open sites
(single source).
"""

from __future__ import annotations

import itertools
import math
import time

import numpy as np
import pytest
from scipy.optimize import linprog

from gis.errors import InputError
from gis.locate import CapacitatedPMedian, CapacitatedResult, LocationResult


def transport(costs: np.ndarray, w: np.ndarray, q: np.ndarray, sites: list[int], limit: float) -> float:
    """Least cost of serving every client from ``sites`` within capacity (inf if impossible)."""
    clients = [i for i in range(costs.shape[0]) if w[i] > 0]
    pairs = [(i, j) for i in clients for j in sites if costs[i, j] <= limit]
    if not clients:
        return 0.0
    if not pairs:
        return math.inf
    c = np.array([w[i] * costs[i, j] for i, j in pairs])
    a_eq = np.array([[1.0 if i == k else 0.0 for i, _ in pairs] for k in clients])
    a_ub = np.array([[w[i] if j == s else 0.0 for i, j in pairs] for s in sites])
    res = linprog(c, A_ub=a_ub, b_ub=q[sites], A_eq=a_eq, b_eq=np.ones(len(clients)), bounds=(0, 1), method="highs")
    return float(res.fun) if res.status == 0 else math.inf


def single(costs: np.ndarray, w: np.ndarray, q: np.ndarray, sites: list[int], limit: float) -> float:
    """Least cost over every assignment of each client to one open site within capacity."""
    clients = [i for i in range(costs.shape[0]) if w[i] > 0]
    best = math.inf
    for choice in itertools.product(sites, repeat=len(clients)):
        load = dict.fromkeys(sites, 0.0)
        total = 0.0
        for i, j in zip(clients, choice, strict=True):
            if costs[i, j] > limit:
                break
            load[j] += w[i]
            total += w[i] * costs[i, j]
        else:
            if all(load[j] <= q[j] + 1e-9 for j in sites):
                best = min(best, total)
    return best


def brute_force(
    costs: np.ndarray,
    w: np.ndarray,
    p: int,
    q: np.ndarray,
    *,
    limit: float = math.inf,
    single_source: bool = False,
    fixed: tuple[int, ...] = (),
    excluded: tuple[int, ...] = (),
) -> float:
    free = [j for j in range(costs.shape[1]) if j not in fixed and j not in excluded]
    best = math.inf
    for extra in itertools.combinations(free, p - len(fixed)):
        sites = sorted([*fixed, *extra])
        value = (single if single_source else transport)(costs, w, q, sites, limit)
        best = min(best, value)
    return best


def random_instance(rng: np.random.Generator, *, small: bool) -> dict:
    n = int(rng.integers(1, 6 if small else 8))
    m = int(rng.integers(1, 5 if small else 7))
    costs = rng.integers(0, 20, size=(n, m)).astype(float) if rng.random() < 0.5 else rng.uniform(0, 20, (n, m))
    weights = rng.integers(0, 5, size=n).astype(float)
    p = int(rng.integers(1, m + 1))
    total = max(1.0, weights.sum())
    capacities = rng.uniform(0.4, 1.6, size=m) * total / p
    if rng.random() < 0.5:
        capacities = np.round(capacities)
    limit = float(rng.uniform(10, 30)) if rng.random() < 0.5 else None
    return {"costs": costs, "weights": weights, "p": p, "capacities": capacities, "max_cost": limit}


def check(result: CapacitatedResult, inst: dict, *, single_source: bool) -> None:
    """Flows serve every client within capacity and the limit, only from open sites."""
    costs, w, q = inst["costs"], inst["weights"], inst["capacities"]
    limit = inst["max_cost"] if inst["max_cost"] is not None else math.inf
    flows = result.flows.toarray()
    assert isinstance(result, LocationResult)
    assert len(result.sites) == inst["p"] == len(set(result.sites))
    np.testing.assert_allclose(flows.sum(axis=1), w, atol=1e-6)
    closed = np.setdiff1d(np.arange(costs.shape[1]), result.sites)
    assert np.all(flows[:, closed] == 0)
    assert np.all(flows[costs > limit] == 0)
    np.testing.assert_allclose(result.load, flows.sum(axis=0))
    assert np.all(result.load <= q + 1e-6)
    assert result.objective == pytest.approx(float((flows * np.where(flows > 0, costs, 0)).sum()))
    if single_source:
        assert np.all((flows > 0).sum(axis=1) <= 1)
        assert result.n_split == 0
    served = w > 0
    assert np.all(flows[served, result.assignment[served]] == flows[served].max(axis=1))


@pytest.mark.parametrize("single_source", [False, True])
def test_exact_solver_matches_brute_force_and_heuristic_never_beats_it(single_source: bool) -> None:
    rng = np.random.default_rng(20 + single_source)
    solved = infeasible = 0
    for _ in range(60):
        inst = random_instance(rng, small=single_source)
        limit = inst["max_cost"] if inst["max_cost"] is not None else math.inf
        optimum = brute_force(
            inst["costs"], inst["weights"], inst["p"], inst["capacities"], limit=limit, single_source=single_source
        )
        if math.isinf(optimum):  # no solution: reported in words, before or by the solver
            with pytest.raises(InputError):
                CapacitatedPMedian.from_cost_matrix(**inst, single_source=single_source).solve()
            infeasible += 1
            continue
        model = CapacitatedPMedian.from_cost_matrix(**inst, single_source=single_source)
        exact, heuristic = model.solve(), model.heuristic()
        check(exact, inst, single_source=single_source)
        check(heuristic, inst, single_source=single_source)
        assert exact.objective == pytest.approx(optimum, abs=1e-6)
        assert exact.is_optimal and exact.gap == 0.0
        assert exact.lower_bound == pytest.approx(exact.objective, abs=1e-6)
        assert heuristic.objective >= optimum - 1e-6
        assert math.isnan(heuristic.lower_bound) and math.isnan(heuristic.gap)
        solved += 1
    assert solved >= 30 and infeasible >= 3  # both branches exercised


def test_fixed_open_and_excluded_are_honoured() -> None:
    rng = np.random.default_rng(5)
    checked = 0
    for _ in range(40):
        inst = random_instance(rng, small=False)
        m = inst["costs"].shape[1]
        order = rng.permutation(m)
        n_fixed = int(rng.integers(0, inst["p"] + 1))
        fixed = tuple(sorted(order[:n_fixed].tolist()))
        excluded = tuple(sorted(order[n_fixed : n_fixed + int(rng.integers(0, m - inst["p"] + 1))].tolist()))
        limit = inst["max_cost"] if inst["max_cost"] is not None else math.inf
        optimum = brute_force(
            inst["costs"], inst["weights"], inst["p"], inst["capacities"], limit=limit, fixed=fixed, excluded=excluded
        )
        if math.isinf(optimum):
            continue
        model = CapacitatedPMedian.from_cost_matrix(**inst, fixed_open=fixed, excluded=excluded)
        for result in (model.solve(), model.heuristic()):
            check(result, inst, single_source=False)
            assert set(fixed) <= set(result.sites)
            assert not set(excluded) & set(result.sites)
            assert result.objective >= optimum - 1e-6
        assert model.solve().objective == pytest.approx(optimum, abs=1e-6)
        checked += 1
    assert checked >= 15


def test_demand_is_split_only_when_allowed() -> None:
    # Two clients of 6 pupils, sites of 8 places: split serves 6 + 2 near, 4 far.
    costs = np.array([[0.0, 10.0], [0.0, 10.0]])
    common = {"capacities": [8.0, 8.0], "p": 2}
    split = CapacitatedPMedian.from_cost_matrix(costs, [6.0, 6.0], **common).solve()
    assert split.objective == pytest.approx(40.0)
    assert split.n_split >= 1  # which client splits is not unique
    np.testing.assert_allclose(split.load, [8.0, 4.0])
    whole = CapacitatedPMedian.from_cost_matrix(costs, [6.0, 6.0], **common, single_source=True).solve()
    assert whole.objective == pytest.approx(60.0)
    assert sorted(whole.assignment.tolist()) == [0, 1]


def test_zero_weight_clients_get_the_nearest_open_site_within_the_limit() -> None:
    costs = np.array([[1.0, 5.0], [9.0, 2.0], [50.0, 60.0]])
    result = CapacitatedPMedian.from_cost_matrix(costs, [3.0, 0.0, 0.0], 2, capacities=[5.0, 5.0], max_cost=30).solve()
    assert result.assignment.tolist() == [0, 1, -1]
    assert result.flows.nnz == 1


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (
            {"p": 2, "capacities": [5.0, 4.0, 3.0, 9.0]},
            "the total demand of 20 exceeds the 14 places of the best 2 sites that may be opened "
            "(0 fixed open plus the 2 largest others)",
        ),
        (
            {"p": 2, "capacities": [5.0, 4.0, 3.0, 9.0], "fixed_open": [2], "excluded": [3]},
            "the total demand of 20 exceeds the 8 places of the best 2 sites that may be opened "
            "(1 fixed open plus the 1 largest others)",
        ),
        (
            {"p": 2, "capacities": [20.0] * 4, "max_cost": 2.5},
            "feature client 3, field max_cost: no site that may be opened lies within 2.5 of this client (weight 8); "
            "the nearest allowed site costs 3",
        ),
        (
            {"p": 1, "capacities": [20.0] * 4, "max_cost": 30, "excluded": [0, 1, 2]},
            "feature client 0, field max_cost: no site that may be opened lies within 30 of this client (weight 2); "
            "the nearest allowed site costs 42",
        ),
        (
            {"p": 4, "capacities": [7.0] * 4, "single_source": True},
            "feature client 3, field capacities: this client's demand of 8 exceeds what any single site "
            "within its reach can hold "
            "(largest: 7); single_source=True forbids splitting it",
        ),
        (
            {"p": 2, "capacities": [20.0, 20.0, 5.0, 2.0], "max_cost": 10, "excluded": [0]},
            "feature client 3, field capacities: this client's demand of 8 exceeds the 7 places "
            "the best 2 sites within its reach can offer",
        ),
        ({"p": 2, "capacities": [1.0, 2.0]}, "there must be one capacity per site (4)"),
        ({"p": 2, "capacities": [1.0, -2.0, 3.0, 4.0]}, "capacities must be finite and non-negative"),
        ({"p": 2, "capacities": [9.0] * 4, "max_cost": math.inf}, "the cost limit must be a finite number"),
        ({"p": 0, "capacities": [9.0] * 4}, "at least one site must be opened"),
    ],
)
def test_provable_infeasibility_is_reported_in_words(kwargs: dict, words: str) -> None:
    costs = np.array(
        [
            [0.0, 11.0, 22.0, 42.0],
            [12.0, 1.0, 13.0, 33.0],
            [24.0, 14.0, 2.0, 8.0],
            [33.0, 23.0, 7.0, 3.0],
        ]
    )
    with pytest.raises(InputError) as caught:
        CapacitatedPMedian.from_cost_matrix(costs, [2.0, 4.0, 6.0, 8.0], **kwargs)
    assert words in str(caught.value)


def test_every_problem_is_reported_together() -> None:
    costs = np.array([[1.0, 100.0], [100.0, 100.0], [100.0, 1.0]])
    with pytest.raises(InputError) as caught:
        CapacitatedPMedian.from_cost_matrix(costs, [5.0, 5.0, 5.0], 1, capacities=[6.0, 6.0], max_cost=10)
    texts = [p.message for p in caught.value.problems]
    assert any("total demand of 15 exceeds the 6 places" in t for t in texts)
    assert any("within 10 of this client (weight 5)" in t for t in texts)
    assert len(texts) == 2


def test_infeasibility_only_the_solver_can_prove_is_a_sentence_not_garbage() -> None:
    # Each client alone fits, the total fits, but clients 0 and 1 can only use site 0 (3 places).
    costs = np.array([[1.0, 50.0], [2.0, 50.0], [50.0, 1.0]])
    model = CapacitatedPMedian.from_cost_matrix(costs, [2.0, 2.0, 1.0], 2, capacities=[3.0, 9.0], max_cost=10)
    for run in (model.solve, model.heuristic):
        with pytest.raises(InputError, match="no choice of 2 sites can serve every client within the capacities"):
            run()


def test_injected_solver_and_inputs_left_alone() -> None:
    import highspy

    made = []

    def factory() -> highspy.Highs:
        made.append(highspy.Highs())
        return made[-1]

    rng = np.random.default_rng(1)
    costs = rng.uniform(0, 10, (6, 4))
    before = costs.copy()
    model = CapacitatedPMedian.from_cost_matrix(costs, None, 2, capacities=[4.0] * 4, solver=factory)
    assert model.solve().is_optimal
    assert made
    np.testing.assert_array_equal(costs, before)


def test_the_exact_solvers_neighbourhood_search_keeps_every_rule_and_improves_a_poor_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Single source, sites apart from clients, a fixed and an excluded site, pairs beyond the
    limit: the search the exact solver runs before HiGHS, started from the worst admissible
    choice of sites, ends feasible, cheaper, and at the brute-force optimum; and the exact
    solver started there runs it and proves the optimum."""
    rng = np.random.default_rng(8)
    checked = 0
    searched = []
    improve = CapacitatedPMedian._improve

    def spy(self: CapacitatedPMedian, *args: object, **kwargs: object) -> CapacitatedResult:
        searched.append(True)
        return improve(self, *args, **kwargs)  # type: ignore[arg-type]

    for _ in range(12):
        n, m, p = 7, 6, 3
        costs = rng.integers(1, 20, size=(n, m)).astype(float)
        weights = rng.integers(0, 4, size=n).astype(float)
        capacities = np.round(rng.uniform(0.5, 1.2, size=m) * max(1.0, weights.sum()) / 2)
        inst = {"costs": costs, "weights": weights, "p": p, "capacities": capacities, "max_cost": 15.0}
        model = CapacitatedPMedian.from_cost_matrix(**inst, single_source=True, fixed_open=[0], excluded=[5])
        starts = []
        for extra in itertools.combinations(range(1, 5), p - 1):
            values = CapacitatedPMedian.from_cost_matrix(
                **{**inst, "p": p}, single_source=True, fixed_open=[0, *extra], excluded=[5]
            )
            try:
                starts.append(values.solve())
            except InputError:
                continue
        if len(starts) < 2:
            continue
        poor = max(starts, key=lambda result: result.objective)
        optimum = brute_force(costs, weights, p, capacities, limit=15.0, single_source=True, fixed=(0,), excluded=(5,))
        if poor.objective <= optimum + 1e-6:
            continue
        better = model._improve(poor, None, seconds=None)
        check(better, inst, single_source=True)
        assert 0 in better.sites and 5 not in better.sites
        assert better.objective == pytest.approx(optimum, abs=1e-6)
        with monkeypatch.context() as patched:
            patched.setattr(CapacitatedPMedian, "_improve", spy)
            exact = model.solve(warm_start=poor)
        check(exact, inst, single_source=True)
        assert exact.is_optimal and exact.objective == pytest.approx(optimum, abs=1e-6)
        checked += 1
    assert checked >= 4 and len(searched) >= 2  # the exact solver ran the search from most poor starts


def county(rng: np.random.Generator, n: int = 3000, m: int = 150) -> tuple[np.ndarray, np.ndarray]:
    """Grid cells clustered around 150 villages (the candidate sites), costs in minutes."""
    sites = rng.uniform(0, 100, (m, 2))
    cells = sites[rng.integers(0, m, n)] + rng.normal(0, 3, (n, 2))
    costs = np.linalg.norm(cells[:, None, :] - sites[None, :, :], axis=2) * 1.5
    return costs, rng.integers(0, 40, n).astype(float)


def test_realistic_size_solves_in_a_few_seconds() -> None:
    """3,000 grid cells × 150 villages; a 15-minute limit keeps about one pair in thirty."""
    rng = np.random.default_rng(0)
    costs, weights = county(rng)
    fixed = np.arange(30)  # existing schools
    p = 80  # 70 sites are needed to reach every cell within 15 minutes
    capacities = np.full(costs.shape[1], 2.0 * weights.sum() / p).round()
    start = time.perf_counter()
    model = CapacitatedPMedian.from_cost_matrix(costs, weights, p, capacities=capacities, max_cost=15, fixed_open=fixed)
    assert model._pairs.client.size < 0.04 * costs.size
    heuristic = model.heuristic()
    result = model.solve(warm_start=heuristic, time_limit=20)
    seconds = time.perf_counter() - start
    assert np.all(result.load <= capacities + 1e-6)
    assert set(fixed.tolist()) <= set(result.sites)
    assert result.lower_bound <= result.objective <= heuristic.objective + 1e-6
    assert result.gap <= 1e-3  # proven optimal in about 2 s on an idle 2-core machine
    assert seconds < 25, seconds
