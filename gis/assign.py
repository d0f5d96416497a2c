"""Capacity-aware assignment of children to schools: a transportation problem solved with HiGHS.

Children of each demand group (for example grades 1–3 of a cell) go to eligible schools so
that no school receives more than its seats and the total travel time is least. Children who
cannot be placed within capacity (or within the longest allowed trip) are reported as
overflow, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from gis.errors import SchoolPlanError

# Cost, in minutes, of leaving a child unplaced. Far above any allowed trip, so the solver
# places every child it can before it minimises time.
_OVERFLOW_COST_MIN = 1.0e5


@dataclass(frozen=True)
class Assignment:
    """The optimal flows of children from demand rows to schools.

    ``demand_index``, ``school_index``, ``children`` and ``minutes`` describe every positive
    flow; ``overflow`` is the number of children of each demand row left unplaced;
    ``school_load`` the children each school receives; ``total_minutes`` the objective
    without the overflow penalty.
    """

    demand_index: np.ndarray
    school_index: np.ndarray
    children: np.ndarray
    minutes: np.ndarray
    overflow: np.ndarray
    school_load: np.ndarray
    total_minutes: float


def assign_with_capacity(
    demand: np.ndarray,
    costs: sp.csr_matrix,
    capacity: np.ndarray,
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

    Returns
    -------
    The optimal assignment, with overflow per demand row.

    Raises
    ------
    SchoolPlanError
        If the solver fails (which for this always-feasible model means a bug or a
        numerical breakdown, reported in words).
    """
    from scipy.optimize import linprog

    demand = np.asarray(demand, dtype=float)
    capacity = np.maximum(np.asarray(capacity, dtype=float), 0.0)
    n, m = costs.shape
    coo = costs.tocoo()
    keep = demand[coo.row] > 0
    rows, cols, minutes = coo.row[keep], coo.col[keep], coo.data[keep]
    n_pairs = rows.size
    active = np.flatnonzero(demand > 0)
    n_active = active.size
    if n_active == 0:
        return Assignment(
            np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0), np.empty(0), np.zeros(n), np.zeros(m), 0.0
        )
    active_pos = np.full(n, -1, dtype=np.int64)
    active_pos[active] = np.arange(n_active)
    # Variables: one per allowed pair, then one overflow per active demand row.
    cost = np.concatenate([minutes, np.full(n_active, _OVERFLOW_COST_MIN)])
    eq = sp.csr_matrix(
        (
            np.ones(n_pairs + n_active),
            (np.concatenate([active_pos[rows], np.arange(n_active)]), np.arange(n_pairs + n_active)),
        ),
        shape=(n_active, n_pairs + n_active),
    )
    ub = sp.csr_matrix((np.ones(n_pairs), (cols, np.arange(n_pairs))), shape=(m, n_pairs + n_active))
    result = linprog(
        cost,
        A_ub=ub,
        b_ub=capacity,
        A_eq=eq,
        b_eq=demand[active],
        bounds=(0, None),
        method="highs",
    )
    if result.status != 0:
        raise SchoolPlanError(f"the capacity-aware assignment could not be solved: {result.message}")
    flow = result.x[:n_pairs]
    positive = flow > 1e-9
    overflow = np.zeros(n)
    overflow[active] = np.maximum(result.x[n_pairs:], 0.0)
    load = np.bincount(cols[positive], weights=flow[positive], minlength=m)
    return Assignment(
        demand_index=rows[positive].astype(np.int64),
        school_index=cols[positive].astype(np.int64),
        children=flow[positive],
        minutes=minutes[positive],
        overflow=overflow,
        school_load=load,
        total_minutes=float(np.dot(flow[positive], minutes[positive])),
    )
