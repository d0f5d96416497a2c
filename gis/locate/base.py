"""What every location model shares: the problem data, the solver and the results.

After spopt's ``locate/base.py``: :class:`LocationModel` holds the cost matrix, the weights,
the number of sites to open, the sites fixed open and those allowed (the others are
excluded), the injected solver, and, for a model built from a project, its
:class:`~gis.locate.problem.LocationProblem`; :meth:`LocationModel.from_problem` is the path
every model's ``from_project`` takes. Each model (:mod:`~gis.locate.pmedian`,
:mod:`~gis.locate.capacitated`, :mod:`~gis.locate.covering`) adds only its own formulation,
heuristic and bound; its inputs are checked by :mod:`~gis.locate.checks` before any solver
runs.

Also here: the numerical tolerance :data:`EPS`; the few calls
that load a programme into HiGHS, start it from a solution and read what it found (as
spopt's ``FacilityModelBuilder`` does for PuLP); the result types; and the relative gap
between proven bounds.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

import numpy as np
import scipy.sparse as sp

from gis.errors import Problem
from gis.highs import SolverFactory, new_highs

if TYPE_CHECKING:
    from gis.locate.problem import LocationProblem

# Relative tolerance of the models' comparisons (costs, capacities, improvements).
EPS = 1e-9


def add_columns(highs: Any, cost: np.ndarray, lower: np.ndarray, upper: np.ndarray, *, integer: int = 0) -> None:
    """Add columns with their costs and bounds in one call; the first ``integer`` are integer."""
    import highspy

    n = cost.size
    none = np.zeros(0, np.int32)
    highs.addCols(n, cost, lower, upper, 0, none, none, np.zeros(0))
    if integer:
        kinds = highspy.HighsVarType
        integrality = np.array([kinds.kInteger] * integer + [kinds.kContinuous] * (n - integer))
        highs.changeColsIntegrality(n, np.arange(n, dtype=np.int32), integrality)


def add_rows(highs: Any, lower: np.ndarray, upper: np.ndarray, matrix: sp.csr_matrix) -> None:
    """Add the rows ``lower ≤ matrix · x ≤ upper`` in one call."""
    highs.addRows(
        matrix.shape[0],
        lower,
        upper,
        matrix.nnz,
        matrix.indptr[:-1].astype(np.int32),
        matrix.indices.astype(np.int32),
        matrix.data.astype(float),
    )


def add_open_count(highs: Any, n_sites: int, count: int) -> None:
    """Add the row that opens exactly ``count`` of the sites, the first ``n_sites`` columns (``Σ y = count``)."""
    highs.addRow(float(count), float(count), n_sites, np.arange(n_sites, dtype=np.int32), np.ones(n_sites))


def set_start(highs: Any, values: np.ndarray) -> None:
    """Start HiGHS from a solution: the value of every column."""
    import highspy

    solution = highspy.HighsSolution()
    solution.col_value = np.asarray(values, dtype=float).tolist()
    highs.setSolution(solution)


@dataclass(frozen=True)
class SolverRun:
    """What a HiGHS run ended with.

    Attributes
    ----------
    status
        HiGHS's model status in words, for example ``"Optimal"`` or ``"Time limit reached"``.
    values
        The value of every column in the best solution found; None when none was found.
    bound
        HiGHS's proven dual bound of a mixed-integer programme.
    """

    status: str
    values: np.ndarray | None
    bound: float


def run_highs(highs: Any) -> SolverRun:
    """Run HiGHS on the programme loaded and read what it found.

    HiGHS 1.16, given a start (:func:`set_start`) with a site forced open, can end a
    mixed-integer programme "Optimal" with an objective, and a dual bound to match, that the
    point it returns does not have (a small capacitated programme: 46 reported, the point
    costs 79, the optimum 51). Such a run is solved again without presolve, which gets it right.
    """
    highs.run()
    run = _read_run(highs)
    if run.values is not None and _misreported(highs, run.values):
        highs.setOptionValue("presolve", "off")
        highs.run()
        run = _read_run(highs)
    return run


def _read_run(highs: Any) -> SolverRun:
    status = highs.modelStatusToString(highs.getModelStatus())
    info = highs.getInfo()
    values = np.asarray(highs.getSolution().col_value) if info.primal_solution_status >= 1 else None
    return SolverRun(status, values, float(info.mip_dual_bound))


def _misreported(highs: Any, values: np.ndarray) -> bool:
    """Whether a mixed-integer run's objective is not that of its point."""
    info = highs.getInfo()
    if info.mip_node_count < 0:  # a linear programme
        return False
    lp = highs.getLp()
    value = float(np.asarray(lp.col_cost_) @ values) + float(lp.offset_)
    return abs(value - float(info.objective_function_value)) > 1e-6 * max(1.0, abs(value))


def no_solution(status: str, time_limit: float | None, *, fix: str) -> Problem:
    """The problem of a run that found no solution within its time limit."""
    return Problem(
        f"HiGHS found no solution within the time limit ({status})",
        field="time_limit",
        value=str(time_limit),
        fix=fix,
    )


def relative_gap(lower: float, upper: float, objective: float) -> float:
    """``(upper − lower) / |objective|``, at least 0; 0 when the bounds meet to 1e-7 (relative)."""
    gap = max(0.0, (upper - lower) / abs(objective)) if objective else 0.0
    if upper - lower <= 1e-7 * max(1.0, abs(objective)):
        gap = 0.0
    return gap


# ---------------------------------------------------------------------- the results


@dataclass(frozen=True, eq=False)
class LocationResult:
    """The sites a location model opens and the clients each one serves.

    Attributes
    ----------
    sites
        Indices (columns of the cost matrix) of the open sites, ascending.
    assignment
        For each client (row of the cost matrix), the index of the open site serving it.
    objective
        Weighted total cost of the assignment, recomputed from the cost matrix.
    lower_bound
        Proven lower bound on the optimum; NaN when the method proves none (heuristics).
    gap
        Relative optimality gap ``(objective − lower_bound) / objective`` as the solver
        reports it; 0 at a proven optimum, NaN when there is no bound.
    status
        The solver's status in words, for example ``"Optimal"`` or ``"Time limit reached"``.
    seconds
        Wall-clock time spent.
    """

    sites: tuple[int, ...]
    assignment: np.ndarray
    objective: float
    lower_bound: float
    gap: float
    status: str
    seconds: float

    @property
    def is_optimal(self) -> bool:
        """True when the solver proved this result optimal."""
        return self.status == "Optimal"


@dataclass(frozen=True, eq=False)
class CapacitatedResult(LocationResult):
    """The sites a capacitated model opens and how the demand flows to them.

    Besides the fields of :class:`LocationResult` (``objective`` is the weighted total cost
    of the flows):

    Attributes
    ----------
    assignment
        For each client, the open site serving the largest part of its demand; a client of
        weight 0 gets its nearest open site within ``max_cost``, or -1 when there is none.
    flows
        ``flows[i, j]`` is the demand of client ``i`` served by site ``j`` (clients × all
        columns of the cost matrix, CSR). Rows sum to the weights.
    load
        Demand served by each column of the cost matrix (0 at closed sites).
    """

    flows: sp.csr_matrix
    load: np.ndarray

    @property
    def n_split(self) -> int:
        """Number of clients served by more than one site."""
        return int((np.diff(self.flows.indptr) > 1).sum())


@dataclass(frozen=True, eq=False)
class CoverResult:
    """The sites a covering model opens and the clients they cover.

    Attributes
    ----------
    sites
        Indices (columns of the cost matrix) of the open sites, fixed ones included, ascending.
    assignment
        For each client, the nearest open site within ``max_cost``; -1 when none is.
    objective
        What the model optimises: the covered weight (:class:`~gis.locate.covering.MaxCover`),
        or the number of open sites, or their total cost with ``site_costs``
        (:class:`~gis.locate.covering.SetCover`); fixed sites count.
    covered_weight
        Weight of the clients within ``max_cost`` of an open site.
    covered_share
        ``covered_weight`` over the total weight (1 when the total is 0).
    n_sites
        Number of open sites, fixed ones included.
    uncoverable
        Clients of positive weight that no allowed site covers (left out by ``SetCover``
        with ``uncoverable="skip"``; listed by ``MaxCover`` too).
    lower_bound, upper_bound
        Proven bounds on the optimum: the optimum lies between them. A feasible solution
        bounds it on one side (below for ``MaxCover``, above for ``SetCover``); the other
        side is HiGHS's dual bound, NaN for heuristics.
    gap
        Relative gap between the bounds, over ``objective``; 0 at a proven optimum, NaN
        without a dual bound.
    status
        The solver's status in words, for example ``"Optimal"``.
    seconds
        Wall-clock time spent.
    """

    sites: tuple[int, ...]
    assignment: np.ndarray
    objective: float
    covered_weight: float
    covered_share: float
    n_sites: int
    uncoverable: tuple[int, ...]
    lower_bound: float
    upper_bound: float
    gap: float
    status: str
    seconds: float

    @property
    def is_optimal(self) -> bool:
        """True when the solver proved this result optimal."""
        return self.status == "Optimal"


# ---------------------------------------------------------------------- the model


class LocationModel(ABC):
    """A location model over a cost matrix (clients × sites): its data and its solver.

    Build a model with its ``from_cost_matrix`` (or ``from_project``), which checks the
    inputs and reports every problem in words before any solver runs.

    Attributes
    ----------
    costs
        ``costs[i, j]`` is the cost (travel time) from client ``i`` to site ``j``.
    weights
        Demand of each client (pupils).
    p
        Number of sites to open, counting the fixed ones; None for a model that finds how
        many (set covering).
    fixed_open
        Sites that must be open (existing schools that stay), ascending.
    allowed
        Sites that may be opened, ascending: every site but the excluded ones.
    problem
        The project's location problem when the model was built from one, else None.
    """

    problem: LocationProblem | None = None

    def __init__(
        self,
        costs: np.ndarray,
        weights: np.ndarray,
        p: int | None,
        fixed_open: np.ndarray,
        allowed: np.ndarray,
        solver: SolverFactory | None = None,
    ) -> None:
        self.costs = costs
        self.weights = weights
        self.p = p
        self.fixed_open = fixed_open
        self.allowed = allowed
        self._solver = solver

    @classmethod
    @abstractmethod
    def from_cost_matrix(cls, *args: Any, **kwargs: Any) -> Self:
        """The model of a cost matrix, its inputs checked; each model takes its own arguments."""

    @classmethod
    def from_problem(cls, problem: LocationProblem, *, costs: np.ndarray | None = None, **options: Any) -> Self:
        """The model of a project's location problem, which it keeps as ``problem``.

        Parameters
        ----------
        problem
            Built by :func:`~gis.locate.problem.location_problem`; its weights and its sites
            fixed open and excluded go to the model's ``from_cost_matrix``.
        costs
            A cost matrix to use instead of the problem's (the problem is kept as it is).
        **options
            The model's own arguments of ``from_cost_matrix`` (``p``, ``max_cost``, …).

        Raises
        ------
        InputError
            As the model's ``from_cost_matrix``.
        """
        model = cls.from_cost_matrix(
            problem.costs if costs is None else costs,
            problem.weights,
            fixed_open=problem.fixed_open,
            excluded=problem.excluded,
            **options,
        )
        model.problem = problem
        return model

    def new_solver(self, *, time_limit: float | None = None, **options: Any) -> Any:
        """A fresh, silent HiGHS (or the injected solver) with ``options`` set (see :func:`new_highs`)."""
        return new_highs(self._solver, time_limit=time_limit, **options)
