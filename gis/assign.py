"""Capacity-aware assignment of children to schools: a transportation problem solved with HiGHS.

Children of each demand row (for example grades 1–3 of a cell) go to the schools allowed for
them so that no school receives more than its seats and the total travel time is least.
Children who cannot be placed within capacity are reported as overflow, never dropped.

Most children of a county simply go to their nearest school: only those around schools that
would be over-full need the solver. The assignment therefore starts from everyone at their
nearest school, solves the linear programme (HiGHS) only for the rows around over-full
schools, and then checks, with the solver's capacity prices, that no fixed row would rather
move (a negative reduced cost). Rows that would are added and the programme solved again.
When no row would move, the complementary-slackness conditions of the whole problem hold,
so the result is the exact optimum of the full problem, not an approximation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from gis.errors import SchoolPlanError

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


def assign_with_capacity(demand: np.ndarray, costs: sp.csr_matrix, capacity: np.ndarray) -> Assignment:
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
    costs = sp.csr_matrix(costs)
    costs.sort_indices()
    n, m = costs.shape
    counts = np.diff(costs.indptr)
    row_of = np.repeat(np.arange(n), counts)
    has = (counts > 0) & (demand > 0)
    # Capacity prices that nearly clear the market, then each row's best school under them.
    prices = _warm_prices(demand, costs, row_of, counts, capacity)
    best, best_cost, gap = _best_two(costs, row_of, counts, prices)
    best_cost = best_cost - prices[np.maximum(best, 0)]
    # Rows close to a tie between schools are the solver's; the rest stay at their best school.
    active = has & (gap <= _AMBIGUOUS_MIN)
    flows: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] = (np.empty(0, np.int64),) * 2 + (np.empty(0),) * 2  # type: ignore[assignment]
    lp_overflow = np.zeros(0)
    active_rows = np.empty(0, dtype=np.int64)
    for _ in range(100):
        # Fixed rows sit at their best school; any school they over-fill joins the solve.
        while True:
            fixed = has & ~active
            load = np.bincount(best[fixed], weights=demand[fixed], minlength=m)
            over = load > capacity + _TOL
            grow = fixed & over[np.maximum(best, 0)]
            if not grow.any():
                break
            active |= grow
        active_rows = np.flatnonzero(active)
        prices = np.zeros(m)
        if active_rows.size:
            sub = costs[active_rows]
            flows, lp_overflow, prices = _solve_parts(demand[active_rows], sub, np.maximum(capacity - load, 0.0))
            flows = (active_rows[flows[0]], *flows[1:])  # type: ignore[assignment]
        # A fixed row would move if another school's time plus its price beats its own.
        fixed = has & ~active
        reduced = costs.data + prices[costs.indices] - (best_cost + prices[np.maximum(best, 0)])[row_of]
        wants = np.zeros(n, dtype=bool)
        wants[row_of[reduced < -_TOL]] = True
        wants |= best_cost + prices[np.maximum(best, 0)] > OVERFLOW_COST_MIN
        wants &= fixed
        if not wants.any():
            break
        active |= wants
    else:
        raise SchoolPlanError("the capacity-aware assignment did not settle after 100 rounds")
    fixed = np.flatnonzero(has & ~active)
    demand_index = np.concatenate([fixed, flows[0]])
    school_index = np.concatenate([best[fixed], flows[1]])
    children = np.concatenate([demand[fixed], flows[2]])
    minutes = np.concatenate([best_cost[fixed], flows[3]])
    overflow = np.where(has, 0.0, np.maximum(demand, 0.0))
    overflow[active_rows] = lp_overflow if active_rows.size else 0.0
    return Assignment(
        demand_index=demand_index.astype(np.int64),
        school_index=school_index.astype(np.int64),
        children=children,
        minutes=minutes,
        overflow=overflow,
        school_load=np.bincount(school_index, weights=children, minlength=m),
        total_minutes=float(np.dot(children, minutes)),
        solved_rows=int(active_rows.size),
    )


def _best_two(
    costs: sp.csr_matrix, row_of: np.ndarray, counts: np.ndarray, prices: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's best school under the prices, its priced cost, and the gap to the runner-up.

    Leaving a child unplaced (at the overflow cost) always counts as a runner-up.
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
    second = np.minimum(np.minimum.reduceat(runner, starts), OVERFLOW_COST_MIN)
    gap[nonempty] = second - best_cost[nonempty]
    return best, best_cost, gap


def _warm_prices(
    demand: np.ndarray,
    costs: sp.csr_matrix,
    row_of: np.ndarray,
    counts: np.ndarray,
    capacity: np.ndarray,
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
    has = demand > 0
    for _ in range(rounds):
        best, _, gap = _best_two(costs, row_of, counts, prices)
        ok = has & (best >= 0)
        load = np.bincount(best[ok], weights=demand[ok], minlength=m)
        excess = load - capacity
        over = excess > _TOL
        if not over.any():
            break
        rows = np.flatnonzero(ok & over[np.maximum(best, 0)])
        order = np.lexsort((gap[rows], best[rows]))
        rows = rows[order]
        school = best[rows]
        cum = np.cumsum(demand[rows])
        first = np.ones(rows.size, dtype=bool)
        first[1:] = school[1:] != school[:-1]
        start = np.maximum.accumulate(np.where(first, np.arange(rows.size), 0))
        before = np.where(start > 0, cum[start - 1], 0.0)
        within = cum - before
        # The first row of each school at which enough children have left.
        enough = within >= excess[school] - _TOL
        pick = np.zeros(rows.size, dtype=bool)
        pick[enough] = True
        hit = pick & ~np.concatenate([[False], (pick[:-1] & ~first[1:])])
        raise_by = np.full(m, np.nan)
        raise_by[school[hit][::-1]] = gap[rows][hit][::-1]
        last = np.flatnonzero(np.r_[first[1:], True])
        fallback = np.isnan(raise_by[school[last]])
        raise_by[school[last][fallback]] = gap[rows][last][fallback]
        step = np.nan_to_num(raise_by[over], nan=0.0, posinf=OVERFLOW_COST_MIN)
        prices[over] += np.minimum(step, OVERFLOW_COST_MIN) + _NUDGE_MIN
    return prices


def _solve_parts(
    demand: np.ndarray, costs: sp.csr_matrix, capacity: np.ndarray
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray, np.ndarray]:
    """The transportation LP, solved separately for each group of rows and schools that share no pair.

    Separate towns rarely compete for the same seats, and several small programmes solve far
    faster than one large one.
    """
    from scipy.sparse.csgraph import connected_components

    n, m = costs.shape
    coo = costs.tocoo()
    link = sp.csr_matrix((np.ones(coo.nnz), (coo.row, n + coo.col)), shape=(n + m, n + m))
    n_parts, label = connected_components(link, directed=False)
    row_part = label[:n]
    order = np.argsort(row_part, kind="stable")
    bounds = np.searchsorted(row_part[order], np.arange(n_parts + 1))
    prices = np.zeros(m)
    overflow = np.zeros(n)
    pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for part in range(n_parts):
        rows = order[bounds[part] : bounds[part + 1]]
        if rows.size == 0:
            continue
        schools = np.flatnonzero(label[n:] == part)
        sub = costs[rows][:, schools]
        flows, part_overflow, part_prices = _solve(demand[rows], sp.csr_matrix(sub), capacity[schools])
        pieces.append((rows[flows[0]], schools[flows[1]], flows[2], flows[3]))
        overflow[rows] = part_overflow
        prices[schools] = part_prices
    if not pieces:
        empty = np.empty(0, dtype=np.int64)
        return (empty, empty, np.empty(0), np.empty(0)), overflow, prices
    joined = tuple(np.concatenate([p[k] for p in pieces]) for k in range(4))
    return joined, overflow, prices  # type: ignore[return-value]


def _solve(
    demand: np.ndarray, costs: sp.csr_matrix, capacity: np.ndarray
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray, np.ndarray]:
    """The transportation LP over some rows: positive flows, overflow per row, school prices."""
    from scipy.optimize import linprog

    n, m = costs.shape
    coo = costs.tocoo()
    n_pairs = coo.nnz
    cost = np.concatenate([coo.data, np.full(n, OVERFLOW_COST_MIN)])
    eq = sp.csr_matrix(
        (np.ones(n_pairs + n), (np.concatenate([coo.row, np.arange(n)]), np.arange(n_pairs + n))),
        shape=(n, n_pairs + n),
    )
    ub = sp.csr_matrix((np.ones(n_pairs), (coo.col, np.arange(n_pairs))), shape=(m, n_pairs + n))
    result = linprog(cost, A_ub=ub, b_ub=capacity, A_eq=eq, b_eq=demand, bounds=(0, None), method="highs-ipm")
    if result.status != 0:
        raise SchoolPlanError(f"the capacity-aware assignment could not be solved: {result.message}")
    flow = result.x[:n_pairs]
    positive = flow > 1e-9
    prices = np.maximum(-np.asarray(result.ineqlin.marginals), 0.0)
    flows = (coo.row[positive].astype(np.int64), coo.col[positive].astype(np.int64), flow[positive], coo.data[positive])
    return flows, np.maximum(result.x[n_pairs:], 0.0), prices
