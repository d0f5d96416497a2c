"""Capacity-aware assignment of children to schools: a transportation problem solved with HiGHS.

Children of each demand row (for example grades 1–3 of a cell) go to the schools allowed for
them so that no school receives more than its seats and the total travel time is least.
Children who cannot be placed within capacity are reported as overflow, never dropped.

Three things keep the exact solution fast on a county of a quarter of a million cells:

- Rows that allow the same schools at the same *differences* of travel time (the cells whose
  trips all leave by the same road node) are interchangeable up to a constant: they are
  solved as one group, each member keeping its own cost of being left unplaced.
- Most children simply go to their best school: capacity prices from a few auction rounds
  fix every group that is clearly at one school, and the linear programme (HiGHS) is solved
  only for the groups near a tie or at an over-full school.
- The result is then checked with the solver's capacity prices: a fixed group that would
  rather move (a negative reduced cost) joins the programme, which HiGHS solves again from
  its last basis. When none would, the complementary-slackness conditions of the whole
  problem hold, so the result is the exact optimum of the full problem, not an
  approximation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from gis.errors import SchoolPlanError
from gis.highs import new_highs
from gis.messages import text

# Cost, in minutes, of leaving a child unplaced: far above any allowed trip, so the solver
# places every child it can before it minimises time.
OVERFLOW_COST_MIN = 1.0e4
_TOL = 1e-7
# Rows whose best and second-best schools (with prices) are this close go to the solver.
_AMBIGUOUS_MIN = 0.5
# Added to each auction price rise so that the marginal row strictly prefers to move.
_NUDGE_MIN = 1e-3


@dataclass(frozen=True)
class Assignment:
    """The optimal flows of children from demand rows to schools.

    ``demand_index``, ``school_index``, ``children`` and ``minutes`` describe every positive
    flow; ``overflow`` is the number of children of each demand row left unplaced;
    ``school_load`` the children each school receives; ``total_minutes`` the objective
    without the overflow penalty; ``solved_rows`` how many rows went to the solver.
    """

    demand_index: np.ndarray
    school_index: np.ndarray
    children: np.ndarray
    minutes: np.ndarray
    overflow: np.ndarray
    school_load: np.ndarray
    total_minutes: float
    solved_rows: int


class Grouping:
    """The grouping of the demand rows of one cost matrix, kept between assignments that differ
    only in their demand (a forecast's years): the rows with demand are grouped once as long as
    they and the costs stay the same. Pass the same object to each :func:`assign_with_capacity`.
    """

    def __init__(self) -> None:
        self._costs: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._rows: np.ndarray | None = None
        self._structure: _Structure | None = None

    def structure(self, costs: sp.csr_matrix, counts: np.ndarray, rows: np.ndarray) -> _Structure:
        """The grouping of ``rows`` of ``costs``, computed again only when either changed."""
        same = (
            self._structure is not None
            and self._rows is not None
            and self._costs is not None
            and np.array_equal(self._rows, rows)
            and all(
                np.array_equal(a, b)
                for a, b in zip(self._costs, (costs.indptr, costs.indices, costs.data), strict=True)
            )
        )
        if not same or self._structure is None:
            self._structure = _Structure.build(costs, counts, rows)
            self._rows = rows.copy()
            self._costs = (costs.indptr.copy(), costs.indices.copy(), costs.data.copy())
        return self._structure


def assign_with_capacity(
    demand: np.ndarray, costs: sp.csr_matrix, capacity: np.ndarray, *, grouping: Grouping | None = None
) -> Assignment:
    """Send ``demand`` to schools within ``capacity`` with the least total travel time.

    Parameters
    ----------
    demand
        Children per demand row (length n).
    costs
        Sparse n × m matrix of travel minutes over the allowed pairs; a pair not stored is
        not allowed. Zero times must be stored as a tiny positive number.
    capacity
        Seats per school (length m).
    grouping
        The grouping of the rows kept from an earlier call with the same costs (:class:`Grouping`);
        the same result, without grouping the rows again.

    Returns
    -------
    The optimal assignment, with overflow per demand row.

    Raises
    ------
    SchoolPlanError
        If the solver fails (for this always-feasible model that means a numerical
        breakdown, reported in words).
    """
    demand = np.asarray(demand, dtype=float)
    capacity = np.maximum(np.asarray(capacity, dtype=float), 0.0)
    costs = sp.csr_matrix(costs, dtype=float)
    costs.sort_indices()
    m = costs.shape[1]
    counts = np.diff(costs.indptr)
    has = (counts > 0) & (demand > 0)
    rows = np.flatnonzero(has)
    structure = (
        grouping.structure(costs, counts, rows) if grouping is not None else _Structure.build(costs, counts, rows)
    )
    groups = _Groups.of(structure, demand[rows])
    flows, member_overflow, solved = _assign_groups(groups, capacity)
    # Each member's placed children follow its group's split between schools.
    g, school, amount, position = flows
    placed_total = np.bincount(g, weights=amount, minlength=groups.n)
    member_placed = demand[rows] - member_overflow
    share = np.divide(amount, placed_total[g], out=np.zeros_like(amount), where=placed_total[g] > 0)
    order = np.argsort(groups.group_of, kind="stable")
    starts = np.searchsorted(groups.group_of[order], np.arange(groups.n + 1))
    size = np.diff(starts)
    pair_flow = np.repeat(np.arange(g.size), size[g])
    offset = np.arange(pair_flow.size) - np.repeat(np.cumsum(size[g]) - size[g], size[g])
    pair_member = order[starts[g][pair_flow] + offset]
    children = member_placed[pair_member] * share[pair_flow]
    demand_index = rows[pair_member]
    school_index = school[pair_flow]
    minutes = costs.data[costs.indptr[demand_index] + position[pair_flow]]
    keep = children > 1e-12
    overflow = np.where(has, 0.0, np.maximum(demand, 0.0))
    overflow[rows] = member_overflow
    return Assignment(
        demand_index=demand_index[keep].astype(np.int64),
        school_index=school_index[keep].astype(np.int64),
        children=children[keep],
        minutes=minutes[keep],
        overflow=overflow,
        school_load=np.bincount(school_index[keep], weights=children[keep], minlength=m),
        total_minutes=float(np.dot(children[keep], minutes[keep])),
        solved_rows=solved,
    )


@dataclass(frozen=True)
class _Structure:
    """Rows merged into groups with the same schools at the same time differences: each group's
    times relative to its members' own nearest time (``costs``), each member's group and its
    ``base`` time (the nearest)."""

    costs: sp.csr_matrix
    group_of: np.ndarray
    base: np.ndarray

    @property
    def n(self) -> int:
        return int(self.costs.shape[0])

    @classmethod
    def build(cls, costs: sp.csr_matrix, counts: np.ndarray, rows: np.ndarray) -> _Structure:
        width = int(counts.max()) if counts.size else 0
        sub = costs[rows]
        sub_counts = counts[rows]
        row_of = np.repeat(np.arange(rows.size), sub_counts)
        slot = np.arange(sub.nnz) - np.repeat(sub.indptr[:-1], sub_counts)
        base = np.minimum.reduceat(sub.data, sub.indptr[:-1]) if rows.size else np.zeros(0)
        relative = sub.data - base[row_of]
        # Key: the allowed schools and the time differences (to a micro-minute), padded.
        key = np.full((rows.size, 2 * width), -1, dtype=np.int64)
        key[row_of, slot] = sub.indices
        key[row_of, width + slot] = np.round(relative * 1e6).astype(np.int64)
        first, group_of = _unique_rows(key)
        group_costs = sub[first].tocsr()
        group_costs.data = group_costs.data - np.repeat(base[first], np.diff(group_costs.indptr))
        return cls(costs=group_costs, group_of=group_of, base=base)


@dataclass(frozen=True)
class _Groups:
    """Demand rows merged into groups with the same schools at the same time differences.

    ``costs`` holds each group's times relative to its members' own nearest time; members
    are the rows with demand (``group_of`` per member) with their ``base`` time (the
    nearest) and ``demand``.
    """

    costs: sp.csr_matrix
    demand: np.ndarray
    group_of: np.ndarray
    base: np.ndarray
    member_demand: np.ndarray
    overflow_cost: np.ndarray

    @property
    def n(self) -> int:
        return int(self.demand.size)

    @classmethod
    def of(cls, structure: _Structure, member_demand: np.ndarray) -> _Groups:
        """The groups of a grouping with their members' children."""
        return cls(
            costs=structure.costs,
            demand=np.bincount(structure.group_of, weights=member_demand, minlength=structure.n),
            group_of=structure.group_of,
            base=structure.base,
            member_demand=member_demand,
            # A member left unplaced costs the overflow penalty instead of its own nearest time.
            overflow_cost=OVERFLOW_COST_MIN - structure.base,
        )

    def cheapest_overflow(self) -> np.ndarray:
        """Per group, the lowest overflow cost of any member (its farthest member)."""
        out = np.full(self.n, np.inf)
        np.minimum.at(out, self.group_of, self.overflow_cost)
        return out


def _assign_groups(
    groups: _Groups, capacity: np.ndarray
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray, int]:
    """Optimal group flows (group, school, children, position in row) and member overflow."""
    costs = groups.costs
    n, m = costs.shape
    counts = np.diff(costs.indptr)
    row_of = np.repeat(np.arange(n), counts)
    demand = groups.demand
    leave = groups.cheapest_overflow()
    # Capacity prices that nearly clear the market, then each group's best school under them.
    prices = _warm_prices(demand, costs, row_of, counts, capacity, leave)
    best, best_cost, gap = _best_two(costs, row_of, counts, prices, leave)
    best_cost = best_cost - prices[np.maximum(best, 0)]
    best_pos = _position(costs, best)
    # Groups close to a tie between schools are the solver's; the rest stay at their best.
    active = gap <= _AMBIGUOUS_MIN
    empty_i = np.empty(0, dtype=np.int64)
    flows: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] = (empty_i, empty_i, np.empty(0), empty_i)
    member_overflow = np.zeros(groups.member_demand.size)
    active_rows = empty_i
    model = _Model(groups, capacity)
    for _ in range(100):
        # Fixed groups sit at their best school; any school they over-fill joins the solve.
        while True:
            fixed = ~active
            load = np.bincount(best[fixed], weights=demand[fixed], minlength=m)
            over = load > capacity + _TOL
            grow = fixed & over[best]
            if not grow.any():
                break
            active |= grow
        active_rows = np.flatnonzero(active)
        prices = np.zeros(m)
        member_overflow = np.zeros(groups.member_demand.size)
        if active_rows.size:
            flows, member_overflow, prices = model.solve(active_rows, np.maximum(capacity - load, 0.0))
        # A fixed group would move if another school's time plus its price beats its own,
        # or if leaving its farthest member unplaced would.
        fixed = ~active
        reduced = costs.data + prices[costs.indices] - (best_cost + prices[best])[row_of]
        wants = np.zeros(n, dtype=bool)
        wants[row_of[reduced < -_TOL]] = True
        wants |= best_cost + prices[best] > leave + _TOL
        wants &= fixed
        if not wants.any():
            break
        active |= wants
    else:
        raise SchoolPlanError(text("the capacity-aware assignment did not settle after 100 rounds"))
    fixed_rows = np.flatnonzero(~active)
    joined = (
        np.concatenate([fixed_rows, flows[0]]),
        np.concatenate([best[fixed_rows], flows[1]]),
        np.concatenate([demand[fixed_rows], flows[2]]),
        np.concatenate([best_pos[fixed_rows], flows[3]]),
    )
    solved = int(np.isin(groups.group_of, active_rows).sum())
    return joined, member_overflow, solved


def _unique_rows(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First row of each distinct row of ``key``, and each row's group.

    Rows are told apart by a 64-bit hash (a single sort instead of a sort over every column);
    the grouping is then checked against the rows themselves, and an exact sort over all
    columns is used instead should two different rows ever share a hash.
    """
    if key.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    mixed = np.zeros(key.shape[0], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in key.T.astype(np.uint64):
            mixed = (mixed ^ column) * np.uint64(0x100000001B3) + np.uint64(0x9E3779B97F4A7C15)
    _, first, group_of = np.unique(mixed, return_index=True, return_inverse=True)
    group_of = group_of.ravel()
    if not np.array_equal(key[first[group_of]], key):
        _, first, group_of = np.unique(key, axis=0, return_index=True, return_inverse=True)
        group_of = group_of.ravel()
    return first, group_of


# No matrix entries, as HiGHS's addRows wants them (count, starts, indices, values).
_NO_ENTRIES = (0, np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0))


class _Model:
    """The transportation LP of the active groups, kept in HiGHS between rounds.

    Rows: one capacity row per school (at most its seats left by the fixed groups), then one
    row per active group (its children: placed at schools or left unplaced). Columns: one
    per allowed (group, school) pair, and one overflow column per member, bounded by the
    member's children, at its own overflow cost. Groups that join in a later round are
    added to the model, and HiGHS starts again from the last optimal basis instead of from
    scratch.
    """

    def __init__(self, groups: _Groups, capacity: np.ndarray) -> None:
        import highspy

        self.groups = groups
        self.m = capacity.size
        # Devex pricing: on these transportation programmes it takes half the iterations of
        # the default dual steepest edge, at a fraction of the cost of each.
        self.highs = new_highs(simplex_dual_edge_weight_strategy=1)
        self.inf = highspy.kHighsInf
        self.optimal = highspy.HighsModelStatus.kOptimal
        self.highs.addRows(
            self.m,
            np.zeros(self.m),
            capacity.astype(float),
            0,
            np.zeros(0, np.int32),
            np.zeros(0, np.int32),
            np.zeros(0),
        )
        self.row_of_group = np.full(groups.n, -1, dtype=np.int64)
        self.n_rows = self.m
        order = np.argsort(groups.group_of, kind="stable")
        self.member_order = order
        self.member_start = np.searchsorted(groups.group_of[order], np.arange(groups.n + 1))
        self.col_group = np.zeros(0, dtype=np.int64)
        self.col_school = np.zeros(0, dtype=np.int64)
        self.col_pos = np.zeros(0, dtype=np.int64)
        self.col_member = np.zeros(0, dtype=np.int64)

    def solve(
        self, active: np.ndarray, capacity: np.ndarray
    ) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray, np.ndarray]:
        """Add the groups not yet in the model, set the seats left, solve; flows, overflow, prices."""
        new = active[self.row_of_group[active] < 0]
        if new.size:
            self._add(new)
        self.highs.changeRowsBounds(self.m, np.arange(self.m, dtype=np.int32), np.full(self.m, -self.inf), capacity)
        self.highs.run()
        status = self.highs.getModelStatus()
        if status != self.optimal:
            reason = self.highs.modelStatusToString(status)
            raise SchoolPlanError(text("the capacity-aware assignment could not be solved: {reason}", reason=reason))
        solution = self.highs.getSolution()
        value = np.asarray(solution.col_value)
        prices = np.maximum(-np.asarray(solution.row_dual)[: self.m], 0.0)
        pair = (self.col_school >= 0) & (value > 1e-9)
        flows = (self.col_group[pair], self.col_school[pair], value[pair], self.col_pos[pair])
        overflow = np.zeros(self.groups.member_demand.size)
        members = self.col_member >= 0
        overflow[self.col_member[members]] = np.clip(value[members], 0.0, None)
        return flows, np.minimum(overflow, self.groups.member_demand), prices

    def _add(self, new: np.ndarray) -> None:
        groups = self.groups
        rows = self.n_rows + np.arange(new.size)
        self.row_of_group[new] = rows
        self.n_rows += new.size
        self.highs.addRows(
            new.size,
            groups.demand[new],
            groups.demand[new],
            0,
            np.zeros(0, np.int32),
            np.zeros(0, np.int32),
            np.zeros(0),
        )
        sub = groups.costs[new]
        counts = np.diff(sub.indptr)
        pair_group = np.repeat(new, counts)
        pair_pos = np.arange(sub.nnz) - np.repeat(sub.indptr[:-1], counts)
        # Pair columns: one entry in the school's capacity row, one in the group's row.
        pair_index = np.column_stack([sub.indices, self.row_of_group[pair_group]]).ravel().astype(np.int32)
        self.highs.addCols(
            sub.nnz,
            sub.data.astype(float),
            np.zeros(sub.nnz),
            np.full(sub.nnz, self.inf),
            2 * sub.nnz,
            (2 * np.arange(sub.nnz)).astype(np.int32),
            pair_index,
            np.ones(2 * sub.nnz),
        )
        sizes = self.member_start[new + 1] - self.member_start[new]
        offset = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        members = self.member_order[np.repeat(self.member_start[new], sizes) + offset]
        k = members.size
        self.highs.addCols(
            k,
            groups.overflow_cost[members].astype(float),
            np.zeros(k),
            groups.member_demand[members].astype(float),
            k,
            np.arange(k, dtype=np.int32),
            self.row_of_group[groups.group_of[members]].astype(np.int32),
            np.ones(k),
        )
        self.col_group = np.concatenate([self.col_group, pair_group, groups.group_of[members]])
        self.col_school = np.concatenate([self.col_school, sub.indices.astype(np.int64), np.full(k, -1)])
        self.col_pos = np.concatenate([self.col_pos, pair_pos, np.full(k, -1)])
        self.col_member = np.concatenate([self.col_member, np.full(sub.nnz, -1), members])


def _position(costs: sp.csr_matrix, school: np.ndarray) -> np.ndarray:
    """Where each row's given school stands in the row (-1 if it is not allowed there)."""
    counts = np.diff(costs.indptr)
    row_of = np.repeat(np.arange(counts.size), counts)
    hit = np.flatnonzero(costs.indices == school[row_of])
    pos = np.full(counts.size, -1, dtype=np.int64)
    pos[row_of[hit]] = hit - costs.indptr[row_of[hit]]
    return pos


def _best_two(
    costs: sp.csr_matrix, row_of: np.ndarray, counts: np.ndarray, prices: np.ndarray, leave: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's best school under the prices, its priced cost, and the gap to the runner-up.

    Leaving a child unplaced (at ``leave``) always counts as a runner-up.
    """
    n = counts.size
    best = np.full(n, -1, dtype=np.int64)
    best_cost = np.full(n, np.inf)
    gap = np.full(n, np.inf)
    nonempty = np.flatnonzero(counts > 0)
    if nonempty.size == 0:
        return best, best_cost, gap
    starts = costs.indptr[nonempty]
    priced = costs.data + prices[costs.indices]
    best_cost[nonempty] = np.minimum.reduceat(priced, starts)
    at_best = np.flatnonzero(priced <= best_cost[row_of])
    rows, first = np.unique(row_of[at_best], return_index=True)
    best_pos = at_best[first]
    best[rows] = costs.indices[best_pos]
    runner = priced.copy()
    runner[best_pos] = np.inf
    second = np.minimum(np.minimum.reduceat(runner, starts), leave[nonempty])
    gap[nonempty] = second - best_cost[nonempty]
    return best, best_cost, gap


def _warm_prices(
    demand: np.ndarray,
    costs: sp.csr_matrix,
    row_of: np.ndarray,
    counts: np.ndarray,
    capacity: np.ndarray,
    leave: np.ndarray,
    *,
    rounds: int = 40,
) -> np.ndarray:
    """Capacity prices (minutes) that roughly clear every over-full school.

    Each round raises the price of every over-full school just enough for its excess
    children, those with the smallest gap to their next choice, to prefer that choice (an
    auction round). The prices only shorten the exact solve that follows; they do not
    decide the result.
    """
    m = capacity.size
    prices = np.zeros(m)
    for _ in range(rounds):
        best, _, gap = _best_two(costs, row_of, counts, prices, leave)
        ok = best >= 0
        load = np.bincount(best[ok], weights=demand[ok], minlength=m)
        excess = load - capacity
        over = excess > _TOL
        if not over.any():
            break
        rows = np.flatnonzero(ok & over[np.maximum(best, 0)])
        rows = rows[np.lexsort((gap[rows], best[rows]))]
        school = best[rows]
        cum = np.cumsum(demand[rows])
        first = np.ones(rows.size, dtype=bool)
        first[1:] = school[1:] != school[:-1]
        start = np.maximum.accumulate(np.where(first, np.arange(rows.size), 0))
        within = cum - np.where(start > 0, cum[start - 1], 0.0)
        # The first row of each school at which enough children have left.
        enough = within >= excess[school] - _TOL
        hit = enough & ~np.concatenate([[False], enough[:-1] & ~first[1:]])
        raise_by = np.zeros(m)
        raise_by[school[hit]] = gap[rows][hit]
        prices[over] += np.minimum(raise_by[over], OVERFLOW_COST_MIN) + _NUDGE_MIN
    return prices
