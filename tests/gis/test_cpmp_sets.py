"""The capacitated p-median on published CPMP instances and on a tiny one checked by brute force.

The published sets are single-sourced with an unweighted objective (the sum of distances);
the model weighs costs by demand, so it gets ``d_ij / q_i`` as costs and ``q_i`` as weights
(see :mod:`benchmarks.cpmp`). The Osman–Christofides optima come from the set's
``optimal.csv`` (proved in the literature); the instances are read from
``../shared/benchmarks`` and the tests skip when it is absent.
"""

from __future__ import annotations

import csv
import itertools
import math

import numpy as np
import pytest

from benchmarks.cpmp import ROOT, model_of, read_cpmp

OSMAN = ROOT / "cpmp-orlib-osman"
# Among the quickest instances (each proved in about a second).
QUICK = ["cpmp01", "cpmp02", "cpmp04"]


def published(name: str) -> float:
    with (OSMAN / "optimal.csv").open() as handle:
        return next(float(row["optimal"]) for row in csv.DictReader(handle) if row["instance"] == name)


@pytest.mark.skipif(not OSMAN.is_dir(), reason=f"{OSMAN} is absent (the shared CPMP benchmark sets)")
@pytest.mark.parametrize("name", QUICK)
def test_osman_instances_are_proved_at_their_published_optima(name: str) -> None:
    dist, demand, capacity, p = read_cpmp(OSMAN / f"{name}.txt", floor=True)
    optimum = published(name)
    model = model_of(dist, demand, capacity, p)
    heuristic = model.heuristic(seconds=2.0)  # it stops sooner when it stalls; the margin is for a loaded machine
    exact = model.solve(warm_start=heuristic, time_limit=30)
    assert exact.objective == pytest.approx(optimum, abs=1e-6)
    assert exact.gap == 0.0 and exact.is_optimal
    assert exact.lower_bound <= optimum + 1e-6
    # The solution itself: every client at one open median, within capacity, scoring the optimum.
    assert len(exact.sites) == p
    assert np.all(exact.flows.getnnz(axis=1) == 1)
    assert np.all(exact.load <= capacity + 1e-9)
    assert float(dist[np.arange(dist.shape[0]), exact.assignment].sum()) == pytest.approx(optimum)
    assert optimum - 1e-6 <= heuristic.objective <= optimum * 1.005


@pytest.mark.skipif(not OSMAN.is_dir(), reason=f"{OSMAN} is absent (the shared CPMP benchmark sets)")
@pytest.mark.parametrize("name", ["cpmp07", "cpmp10"])
def test_heuristic_is_within_half_a_percent_where_single_swaps_stall(name: str) -> None:
    # cpmp10's optimum lies two median swaps away from the local optimum single swaps reach.
    dist, demand, capacity, p = read_cpmp(OSMAN / f"{name}.txt", floor=True)
    optimum = published(name)
    found = model_of(dist, demand, capacity, p).heuristic(seconds=3.0)  # it ends sooner when it stalls
    assert np.all(found.load <= capacity + 1e-9)
    assert float(dist[np.arange(dist.shape[0]), found.assignment].sum()) == pytest.approx(found.objective)
    assert optimum - 1e-6 <= found.objective <= optimum * 1.005


def brute_force_unweighted(dist: np.ndarray, demand: np.ndarray, capacity: np.ndarray, p: int) -> float:
    """Least sum of distances over every choice of ``p`` medians and every single-source assignment."""
    n = dist.shape[0]
    best = math.inf
    for sites in itertools.combinations(range(n), p):
        for choice in itertools.product(sites, repeat=n):
            load = np.bincount(choice, weights=demand, minlength=n)
            if np.all(load <= capacity + 1e-9):
                best = min(best, float(dist[np.arange(n), choice].sum()))
    return best


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_unweighted_transformation_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, p = 7, 2
    xy = rng.integers(0, 50, (n, 2)).astype(float)
    dist = np.floor(np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2)))
    demand = rng.integers(1, 9, n).astype(float)
    capacity = np.full(n, math.ceil(0.6 * demand.sum()))
    optimum = brute_force_unweighted(dist, demand, capacity, p)
    model = model_of(dist, demand, capacity, p)
    exact = model.solve()
    assert exact.objective == pytest.approx(optimum, abs=1e-6)
    assert exact.gap == 0.0
    assert float(dist[np.arange(n), exact.assignment].sum()) == pytest.approx(optimum, abs=1e-6)
    assert model.heuristic().objective >= optimum - 1e-6
