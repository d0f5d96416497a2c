"""The neighbourhood search for large capacitated p-median problems, checked by brute force and
against the published values of the shared benchmark sets."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from gis.locate import neighbourhoods
from gis.locate.neighbourhoods import (
    assign_by_regret,
    neighbourhood_search,
    objective_of,
    shift_and_swap,
    start_solution,
)

SHARED = Path(__file__).resolve().parents[3] / "shared" / "benchmarks"


def _instance(seed: int, n: int, p: int, tightness: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 100, size=(n, 2))
    costs = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    demand = rng.integers(1, 10, size=n).astype(float)
    capacity = np.full(n, np.ceil(demand.sum() / (tightness * p)))
    return costs, demand, capacity


def _brute_force(costs: np.ndarray, demand: np.ndarray, capacity: np.ndarray, p: int) -> float:
    n = costs.shape[0]
    best = np.inf
    for medians in itertools.combinations(range(n), p):
        for choice in itertools.product(range(p), repeat=n):
            sites = np.asarray(medians)[list(choice)]
            if np.any(np.bincount(sites, weights=demand, minlength=n) > capacity):
                continue
            best = min(best, float(costs[np.arange(n), sites].sum()))
    return best


def _feasible(result_assignment: np.ndarray, demand: np.ndarray, capacity: np.ndarray, p: int) -> bool:
    load = np.bincount(result_assignment, weights=demand, minlength=demand.size)
    return bool(np.unique(result_assignment).size == p and np.all(load <= capacity + 1e-9))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_neighbourhood_holding_every_median_finds_the_brute_force_optimum(seed: int) -> None:
    costs, demand, capacity = _instance(seed, n=7, p=2, tightness=0.8)
    result = neighbourhood_search(costs, demand, capacity, 2, time_limit=30.0, seed=seed)
    assert _feasible(result.assignment, demand, capacity, 2)
    assert result.objective == pytest.approx(_brute_force(costs, demand, capacity, 2), rel=1e-9)
    assert result.objective == pytest.approx(objective_of(costs, result.assignment))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_neighbourhood_stopped_at_its_limit_is_solved_again_with_more_time(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # HiGHS given a millionth of a second stops before it finds anything; the search must come
    # back to the neighbourhood with twice the time, and again, until HiGHS finishes it.
    monkeypatch.setattr(neighbourhoods, "_FIRST_SUB_LIMIT_S", 1e-6)
    costs, demand, capacity = _instance(seed, n=7, p=2, tightness=0.8)
    result = neighbourhood_search(costs, demand, capacity, 2, time_limit=30.0, seed=seed)
    assert _feasible(result.assignment, demand, capacity, 2)
    assert result.objective == pytest.approx(_brute_force(costs, demand, capacity, 2), rel=1e-9)
    assert result.neighbourhoods > 5  # the stopped runs, then the finished one


def _three_clusters(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Six clients in each of three clusters: 100 apart, the second five times as dense as the
    others, and the third 1,000 from both; one site may hold a whole cluster."""
    rng = np.random.default_rng(seed)
    xy = np.vstack(
        [rng.uniform(0, side, size=(6, 2)) + corner for side, corner in ((10, 0), (2, (100, 0)), (10, 1000))]
    )
    costs = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    demand = rng.integers(1, 10, size=18).astype(float)
    capacity = np.full(18, demand.reshape(3, 6).sum(axis=1).max())
    return costs, demand, capacity


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_transfer_sweep_moves_a_median_to_the_cluster_that_lacks_one(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Started with two medians in each near cluster and one in the far one, neighbourhoods of two
    # medians keep their number and cannot move one to the far cluster: only a removal in a near
    # cluster with an addition in the far one can. The answer is the best split of the five
    # medians (each cluster needs one: a client sent to another cluster costs more than its whole
    # cluster served from one site), each cluster's part solved by brute force.
    for name in ("_FIRST_SIZE", "_LARGEST_SIZE", "_TRANSFER_SIZE"):
        monkeypatch.setattr(neighbourhoods, name, 2)
    monkeypatch.setattr(neighbourhoods, "_FIRST_SUB_LIMIT_S", 5.0)  # every programme finished, on any machine
    costs, demand, capacity = _three_clusters(seed)
    clusters = np.arange(18).reshape(3, 6)

    def best(cluster: np.ndarray, k: int) -> float:
        return _brute_force(costs[np.ix_(cluster, cluster)], demand[cluster], capacity[cluster], k)

    parts = {(c, k): best(clusters[c], k) for c in range(3) for k in (1, 2, 3)}
    splits = {
        split: sum(parts[c, k] for c, k in enumerate(split))
        for split in itertools.product((1, 2, 3), repeat=3)
        if sum(split) == 5
    }
    assert splits[2, 2, 1] > min(splits.values()) + 1e-6  # the start's split is not the best one
    start = assign_by_regret(costs, demand, capacity, np.array([0, 1, 6, 7, 12]))
    assert start is not None
    result = neighbourhood_search(costs, demand, capacity, 5, assignment=start, time_limit=30.0)
    assert _feasible(result.assignment, demand, capacity, 5)
    assert result.objective == pytest.approx(min(splits.values()), rel=1e-9)
    assert result.transfers >= 1


def test_the_start_is_feasible_and_the_search_never_worse() -> None:
    costs, demand, capacity = _instance(7, n=120, p=20, tightness=0.85)
    medians, assignment = start_solution(costs, demand, capacity, 20, rng=np.random.default_rng(0))
    assert medians.size == 20 and _feasible(assignment, demand, capacity, 20)
    result = neighbourhood_search(costs, demand, capacity, 20, assignment=assignment, time_limit=5.0)
    assert _feasible(result.assignment, demand, capacity, 20)
    assert result.objective <= objective_of(costs, assignment) + 1e-9
    # Each client at its site's cost, summed by hand.
    assert result.objective == pytest.approx(sum(costs[i, s] for i, s in enumerate(result.assignment.tolist())))


def test_regret_assignment_says_when_a_client_fits_nowhere() -> None:
    costs = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert assign_by_regret(costs, np.array([5.0, 5.0]), np.array([4.0, 9.0]), np.array([0, 1])) is None
    got = assign_by_regret(costs, np.array([5.0, 5.0]), np.array([10.0, 9.0]), np.array([0]))
    assert got is not None and got.tolist() == [0, 0]


@pytest.mark.skipif(not (SHARED / "cpmp-lorena-senne").is_dir(), reason="../shared/benchmarks/cpmp-lorena-senne absent")
def test_sjc1_feasible_never_below_its_optimum_and_better_than_the_start(monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.cpmp import published_values, read_cpmp

    # Time enough for HiGHS to finish every neighbourhood on a loaded machine too: with the
    # search's 0.1 s first limit, a run beside the whole test suite sometimes finished none of
    # them before the neighbourhoods grew, and the search ended at its start.
    monkeypatch.setattr(neighbourhoods, "_FIRST_SUB_LIMIT_S", 5.0)
    monkeypatch.setattr(neighbourhoods, "_LAST_SUB_LIMIT_S", 5.0)

    folder = SHARED / "cpmp-lorena-senne"
    dist, demand, capacity, p = read_cpmp(folder / "SJC1.dat", floor=False)
    optimum = published_values(folder)["SJC1"]
    _, start = start_solution(dist, demand, capacity, p, rng=np.random.default_rng(0))
    result = neighbourhood_search(dist, demand, capacity, p, time_limit=10.0)
    assert _feasible(result.assignment, demand, capacity, p)
    assert optimum - 1e-6 <= result.objective < objective_of(dist, start)


def test_shift_and_swap_leaves_no_paying_move_to_a_median_with_room() -> None:
    costs, demand, capacity = _instance(11, n=60, p=8, tightness=0.8)
    medians = np.arange(0, 60, 60 // 8)[:8]
    start = assign_by_regret(costs, demand, capacity, medians)
    assert start is not None
    moved = shift_and_swap(costs, demand, capacity, start, near=8)
    assert _feasible(moved, demand, capacity, 8)
    assert objective_of(costs, moved) <= objective_of(costs, start) + 1e-9
    load = {m: demand[moved == m].sum() for m in medians.tolist()}
    for client in range(60):
        for median in medians.tolist():
            if median != moved[client] and load[median] + demand[client] <= capacity[median]:
                assert costs[client, median] >= costs[client, moved[client]] - 1e-9


def _brute_force_sites(costs: np.ndarray, demand: np.ndarray, capacity: np.ndarray, p: int, fixed: np.ndarray) -> float:
    """The optimum over every choice of ``p`` sites holding the fixed ones and every assignment."""
    n, m = costs.shape
    best = np.inf
    for medians in itertools.combinations(range(m), p):
        if not set(np.flatnonzero(fixed)).issubset(medians):
            continue
        for choice in itertools.product(medians, repeat=n):
            sites = np.asarray(choice)
            if np.any(np.bincount(sites, weights=demand, minlength=m) > capacity):
                continue
            best = min(best, float(costs[np.arange(n), sites].sum()))
    return best


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_clients_apart_from_sites_and_a_fixed_site_reach_the_brute_force_optimum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    clients, sites = rng.uniform(0, 100, size=(7, 2)), rng.uniform(0, 100, size=(5, 2))
    costs = np.hypot(*(clients[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))
    costs[rng.integers(0, 7, size=3), rng.integers(0, 5, size=3)] = np.inf  # pairs not allowed
    demand = rng.integers(1, 6, size=7).astype(float)
    capacity = np.full(5, np.ceil(0.7 * demand.sum()))
    fixed = np.zeros(5, bool)
    fixed[int(rng.integers(0, 5))] = True
    # The worst start: the pair of sites whose regret assignment costs most.
    starts = [
        assign_by_regret(costs, demand, capacity, np.asarray(pair)) for pair in itertools.combinations(range(5), 2)
    ]
    start = max(
        (a for a in starts if a is not None and fixed[a].any()), key=lambda a: objective_of(costs, a), default=None
    )
    assert start is not None
    optimum = _brute_force_sites(costs, demand, capacity, 2, fixed)
    assert objective_of(costs, start) > optimum + 1.0
    result = neighbourhood_search(costs, demand, capacity, 2, assignment=start, fixed=fixed, time_limit=30.0)
    load = np.bincount(result.assignment, weights=demand, minlength=5)
    assert result.medians.size == 2 and fixed[result.medians].any()
    assert set(result.assignment.tolist()) <= set(result.medians.tolist())
    assert np.all(load <= capacity) and np.all(np.isfinite(costs[np.arange(7), result.assignment]))
    assert result.objective == pytest.approx(optimum, rel=1e-9)


def test_a_forced_site_and_a_start_do_not_mislead_highs() -> None:
    """HiGHS 1.16, started from the current solution with site 0 forced open, reports "Optimal"
    at 46 and returns the start (79); the optimum, by brute force, is 51 (sites 0, 1, 3)."""
    inf = np.inf
    costs = np.array(
        [
            [inf, 18.0, inf, inf, inf],
            [28.0, 24.0, inf, inf, 20.0],
            [2.0, inf, 6.0, 28.0, 20.0],
            [13.0, 2.0, 15.0, 1.0, 14.0],
            [inf, 42.0, 33.0, 6.0, 24.0],
        ]
    )
    demand, capacity = np.array([2.0, 2.0, 2.0, 1.0, 3.0]), np.array([6.0, 5.0, 4.0, 6.0, 3.0])
    fixed = np.array([True, False, False, False, False])
    start = np.array([1, 1, 0, 1, 2])
    assert objective_of(costs, start) == 79.0
    optimum = _brute_force_sites(costs, demand, capacity, 3, fixed)
    assert optimum == 51.0
    result = neighbourhood_search(costs, demand, capacity, 3, assignment=start, fixed=fixed, time_limit=30.0)
    assert result.objective == optimum


def test_bad_input_is_refused_in_words() -> None:
    costs = np.array([[0.0, 1.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match="p must be between 1 and the 2 sites, not 3"):
        neighbourhood_search(costs, np.array([2.0, 2.0]), np.array([10.0, 10.0]), 3)
    with pytest.raises(ValueError, match="cannot hold every client"):
        neighbourhood_search(costs, np.array([2.0, 2.0]), np.array([1.0, 1.0]), 1)
    with pytest.raises(ValueError, match="a start is needed"):
        neighbourhood_search(np.ones((3, 2)), np.ones(3), np.full(2, 5.0), 1)
    with pytest.raises(ValueError, match="opens more than 1 sites"):
        neighbourhood_search(costs, np.array([2.0, 2.0]), np.array([10.0, 10.0]), 1, assignment=np.array([0, 1]))
