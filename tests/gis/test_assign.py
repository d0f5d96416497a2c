"""The capacity-aware assignment against brute force and networkx's min-cost flow."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gis.assign import assign_with_capacity


def _brute_force(demand: list[int], cost: np.ndarray, capacity: list[int]) -> tuple[float, int]:
    """Least (overflow, minutes) over every integer assignment of single children."""
    children = [i for i, d in enumerate(demand) for _ in range(d)]
    options = []
    for i in children:
        options.append([j for j in range(cost.shape[1]) if np.isfinite(cost[i, j])] + [-1])
    best = (float("inf"), 0)
    for choice in itertools.product(*options):
        load = np.bincount([j for j in choice if j >= 0], minlength=cost.shape[1])
        if np.any(load > capacity):
            continue
        overflow = sum(1 for j in choice if j < 0)
        minutes = sum(cost[i, j] for i, j in zip(children, choice, strict=True) if j >= 0)
        best = min(best, (overflow, minutes))
    return best[1], best[0]


def _sparse(cost: np.ndarray) -> sp.csr_matrix:
    rows, cols = np.nonzero(np.isfinite(cost))
    return sp.csr_matrix((cost[rows, cols], (rows, cols)), shape=cost.shape)


def test_hand_example_overflow_goes_to_second_school() -> None:
    # Two cells of 3 children each; school A (2 seats) is 5 min from both, school B (10 seats)
    # is 20 min from cell 0 and 8 min from cell 1. A's 2 seats save 15 min per child of cell 0
    # but only 3 min per child of cell 1, so two children of cell 0 take them.
    cost = np.array([[5.0, 20.0], [5.0, 8.0]])
    result = assign_with_capacity(np.array([3.0, 3.0]), _sparse(cost), np.array([2.0, 10.0]))
    assert result.total_minutes == pytest.approx(2 * 5 + 1 * 20 + 3 * 8)
    assert result.school_load == pytest.approx([2.0, 4.0])
    assert result.overflow == pytest.approx([0.0, 0.0])


def test_overflow_when_capacity_short() -> None:
    cost = np.array([[5.0], [7.0]])
    result = assign_with_capacity(np.array([4.0, 4.0]), _sparse(cost), np.array([5.0]))
    assert result.overflow.sum() == pytest.approx(3.0)
    # The nearer children are placed first.
    assert result.overflow == pytest.approx([0.0, 3.0])
    assert result.total_minutes == pytest.approx(4 * 5 + 1 * 7)


def test_unallowed_pair_is_never_used() -> None:
    cost = np.array([[np.inf, 9.0], [1.0, np.inf]])
    result = assign_with_capacity(np.array([2.0, 1.0]), _sparse(cost), np.array([10.0, 1.0]))
    assert result.overflow == pytest.approx([1.0, 0.0])
    pairs = set(zip(result.demand_index.tolist(), result.school_index.tolist(), strict=True))
    assert pairs <= {(0, 1), (1, 0)}


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=1, max_value=3).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(0, 2), min_size=n, max_size=n),
            st.lists(
                st.lists(st.one_of(st.none(), st.integers(1, 30)), min_size=2, max_size=2), min_size=n, max_size=n
            ),
            st.lists(st.integers(0, 3), min_size=2, max_size=2),
        )
    )
)
def test_matches_brute_force(case: tuple[list[int], list[list[int | None]], list[int]]) -> None:
    demand, raw, capacity = case
    cost = np.array([[np.inf if c is None else float(c) for c in row] for row in raw])
    expected_minutes, expected_overflow = _brute_force(demand, cost, capacity)
    result = assign_with_capacity(np.array(demand, dtype=float), _sparse(cost), np.array(capacity, dtype=float))
    assert result.overflow.sum() == pytest.approx(expected_overflow, abs=1e-6)
    assert result.total_minutes == pytest.approx(expected_minutes, abs=1e-6)
    assert np.all(result.school_load <= np.array(capacity) + 1e-6)


def test_matches_networkx_min_cost_flow() -> None:
    rng = np.random.default_rng(7)
    n, m = 40, 6
    demand = rng.integers(0, 8, n)
    capacity = rng.integers(10, 40, m)
    cost = rng.integers(1, 60, (n, m)).astype(float)
    cost[rng.random((n, m)) < 0.4] = np.inf
    result = assign_with_capacity(demand.astype(float), _sparse(cost), capacity.astype(float))
    # The same problem as a flow: cells -> schools -> sink, plus an overflow arc per cell.
    graph = nx.DiGraph()
    penalty = 10**6
    for i in range(n):
        graph.add_node(("c", i), demand=-int(demand[i]))
        graph.add_edge(("c", i), "sink", weight=penalty)
        for j in range(m):
            if np.isfinite(cost[i, j]):
                graph.add_edge(("c", i), ("s", j), weight=int(cost[i, j]))
    for j in range(m):
        graph.add_edge(("s", j), "sink", weight=0, capacity=int(capacity[j]))
    graph.add_node("sink", demand=int(demand.sum()))
    flow = nx.min_cost_flow(graph)
    overflow = sum(flow[("c", i)]["sink"] for i in range(n))
    minutes = sum(flow[("c", i)][("s", j)] * cost[i, j] for i in range(n) for j in range(m) if np.isfinite(cost[i, j]))
    assert result.overflow.sum() == pytest.approx(overflow)
    assert result.total_minutes == pytest.approx(minutes)


def test_interchangeable_rows_leave_the_farthest_unplaced() -> None:
    # Both rows allow schools A and B with B 4 minutes further than A: they form one group.
    # Row 1 is 10 minutes further from everything than row 0. Seats: A 3, B 2; children 3 + 3.
    # Best: A takes 3 and B takes 2; one child is left, and it must be one of row 1's
    # (its trip would be the longer one), whichever school it would have gone to.
    cost = np.array([[5.0, 9.0], [15.0, 19.0]])
    result = assign_with_capacity(np.array([3.0, 3.0]), _sparse(cost), np.array([3.0, 2.0]))
    assert result.overflow == pytest.approx([0.0, 1.0])
    assert result.school_load == pytest.approx([3.0, 2.0])
    # Any split of the group between A and B costs the same: 3*5 + 2*15 + 4*2 = 53.
    assert result.total_minutes == pytest.approx(53.0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.integers(-2, 2), min_size=3, max_size=3), min_size=1, max_size=30))
def test_row_grouping_matches_an_exact_sort(rows: list[list[int]]) -> None:
    from gis.assign import _unique_rows

    key = np.array(rows, dtype=np.int64)
    first, group_of = _unique_rows(key)
    np.testing.assert_array_equal(key[first[group_of]], key)
    assert first.size == np.unique(key, axis=0).shape[0]
