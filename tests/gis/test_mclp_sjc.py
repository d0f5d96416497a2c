"""Maximal covering on the São José dos Campos instance SJC324, and on tiny ones by brute force.

The SJC values come from the set's ``computed_optima.csv`` (proved by HiGHS on the full
programme when the set was laid down); p = 1 is checked against every single site. The
instances are read from ``../shared/benchmarks/mclp-sjc`` (never copied here: their
licence is non-commercial) and the tests skip when it is absent.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from benchmarks.mclp import MCLP, computed_optima, read_sjc, sjc_costs
from gis.locate import MaxCover

SJC324 = MCLP / "SJC324.txt"
absent = pytest.mark.skipif(not SJC324.is_file(), reason=f"{MCLP} is absent (the shared MCLP benchmark set)")


def brute(costs: np.ndarray, w: np.ndarray, p: int, limit: float) -> float:
    covers = costs <= limit
    return max(
        float(w[covers[:, list(sites)].any(axis=1)].sum()) for sites in itertools.combinations(range(costs.shape[1]), p)
    )


@absent
@pytest.mark.parametrize("p", [5, 10])
def test_sjc324_is_proved_at_the_computed_optima(p: int) -> None:
    points, demand = read_sjc(SJC324)
    costs = sjc_costs(points)
    result = MaxCover.from_cost_matrix(costs, demand, p, max_cost=800.0).solve(time_limit=30)
    assert result.objective == computed_optima()[("SJC324", 800, p)]
    assert result.gap == 0.0 and result.is_optimal and result.n_sites == p
    assert result.covered_weight == float(demand[(costs[:, list(result.sites)] <= 800.0).any(axis=1)].sum())


@absent
def test_sjc324_one_site_is_the_best_single_site_and_with_p_agrees_with_a_fresh_model() -> None:
    points, demand = read_sjc(SJC324)
    costs = sjc_costs(points)
    best_single = float(((costs <= 800.0) * demand[:, None]).sum(axis=0).max())
    model = MaxCover.from_cost_matrix(costs, demand, 1, max_cost=800.0)
    result = model.solve(time_limit=30)
    assert result.objective == best_single and result.gap == 0.0
    again = model.with_p(5).solve(time_limit=30)
    assert again.objective == computed_optima()[("SJC324", 800, 5)] and again.n_sites == 5


def test_tiny_random_instances_match_brute_force_with_duplicate_points_and_bounds_that_hold() -> None:
    rng = np.random.default_rng(7)
    for _ in range(25):
        n = int(rng.integers(4, 13))
        points = rng.integers(0, 10, size=(n, 2)).astype(float)
        points[rng.integers(0, n)] = points[0]  # equal clients and equal sites
        w = rng.integers(1, 9, size=n).astype(float)
        costs = np.sqrt(((points[:, None] - points[None]) ** 2).sum(axis=-1))
        limit = float(rng.uniform(1.5, 4.0))
        model = MaxCover.from_cost_matrix(costs, w, 1, max_cost=limit)
        for p in range(1, min(n, 4) + 1):
            result = model.with_p(p).solve()
            optimum = brute(costs, w, p, limit)
            assert result.objective == optimum and result.n_sites == p
            assert result.gap == 0.0 and result.upper_bound >= optimum
            assert len(set(result.sites)) == p


def test_warm_start_of_dominated_sites_and_fractional_weights_still_reach_the_optimum() -> None:
    rng = np.random.default_rng(3)
    costs = rng.uniform(0, 10, size=(14, 9))
    w = rng.uniform(0.1, 3.0, size=14)
    limit = 4.0
    for p in (2, 3):
        optimum = brute(costs, w, p, limit)
        worst = min(
            itertools.combinations(range(9), p),
            key=lambda sites: float(w[(costs[:, list(sites)] <= limit).any(axis=1)].sum()),
        )
        result = MaxCover.from_cost_matrix(costs, w, p, max_cost=limit).solve(warm_start=list(worst))
        assert result.objective == pytest.approx(optimum) and result.gap == 0.0
        assert result.upper_bound >= optimum - 1e-9


def test_random_sets_whose_relaxation_is_fractional_match_brute_force() -> None:
    # About one in fourteen of these needs the branch-and-bound on the sites left after fixing.
    rng = np.random.default_rng(11)
    for _ in range(150):
        n, m = int(rng.integers(6, 14)), int(rng.integers(5, 10))
        costs = rng.integers(0, 10, size=(n, m)).astype(float)
        w = rng.integers(1, 6, size=n).astype(float)
        for p in (2, 3):
            result = MaxCover.from_cost_matrix(costs, w, p, max_cost=3.0).solve()
            optimum = brute(costs, w, p, 3.0)
            assert result.objective == optimum and result.gap == 0.0 and result.upper_bound >= optimum


def test_a_branch_and_bound_stopped_at_once_still_reports_true_bounds() -> None:
    rng = np.random.default_rng(11)
    stopped = 0
    for _ in range(150):
        n, m = int(rng.integers(6, 14)), int(rng.integers(5, 10))
        costs = rng.integers(0, 10, size=(n, m)).astype(float)
        w = rng.integers(1, 6, size=n).astype(float)
        for p in (2, 3):
            result = MaxCover.from_cost_matrix(costs, w, p, max_cost=3.0).solve(time_limit=0.0)
            optimum = brute(costs, w, p, 3.0)
            assert result.lower_bound == result.objective <= optimum <= result.upper_bound
            stopped += not result.is_optimal
    assert stopped > 0  # some needed the branch-and-bound and were stopped
