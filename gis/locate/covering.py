"""Covering models: put pupils within a cost limit (say 30 minutes) of an open school.

- :class:`MaxCover`, the maximal covering location problem (Church and ReVelle, 1974):
  open ``p`` sites so that the most weight lies within ``max_cost`` of one of them.
- :class:`SetCover`, the location set covering problem (Toregas et al., 1971): the fewest
  sites (or the cheapest, with ``site_costs``) that put every client of positive weight
  within ``max_cost``.

A client is covered by a site when their cost is at most ``max_cost`` (``+inf`` never
covers). Existing schools kept open (``fixed_open``) cover their clients for free;
excluded sites are never opened; candidate sites are just further columns. Only the
covering pairs enter the programmes, as sparse rows, so large matrices cut down by the
limit stay small. Both models have an exact :meth:`solve` (HiGHS, with proven bounds) and a
fast :meth:`heuristic` that warm-starts it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import scipy.sparse as sp

from gis.errors import InputError, Problem
from gis.locate.checks import MAX_NAMED, check_common, check_max_cost, check_p
from gis.locate.pmedian import _EPS, _quiet_highs
from gis.locate.problem import LocationProblem, location_problem

if TYPE_CHECKING:
    from gis.network import RoutingNetwork
    from gis.progress import ProgressFn
    from gis.project import Project
    from gis.standards import Standards


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
        What the model optimises: the covered weight (:class:`MaxCover`), or the number of
        open sites, or their total cost with ``site_costs`` (:class:`SetCover`); fixed
        sites count.
    covered_weight
        Weight of the clients within ``max_cost`` of an open site.
    covered_share
        ``covered_weight`` over the total weight (1 when the total is 0).
    n_sites
        Number of open sites, fixed ones included.
    uncoverable
        Clients of positive weight that no allowed site covers (left out by
        :class:`SetCover` with ``uncoverable="skip"``; listed by :class:`MaxCover` too).
    lower_bound, upper_bound
        Proven bounds on the optimum: the optimum lies between them. A feasible solution
        bounds it on one side (below for :class:`MaxCover`, above for :class:`SetCover`);
        the other side is HiGHS's dual bound, NaN for heuristics.
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


class _Cover:
    """What both covering models share: the coverage matrix and the result builder."""

    problem: LocationProblem | None = None

    def __init__(
        self,
        costs: np.ndarray,
        weights: np.ndarray,
        max_cost: float,
        fixed_open: np.ndarray,
        allowed: np.ndarray,
        solver: Callable[[], Any] | None,
    ) -> None:
        self.costs = costs
        self.weights = weights
        self.max_cost = max_cost
        self.fixed_open = fixed_open
        self.allowed = allowed
        self._solver = solver
        self.free = np.setdiff1d(allowed, fixed_open)  # sites to choose from
        covers = _covers(costs, max_cost)
        positive = weights > 0
        by_fixed = np.asarray(covers[:, fixed_open].sum(axis=1)).ravel() > 0 if fixed_open.size else None
        by_allowed = np.asarray(covers[:, allowed].sum(axis=1)).ravel() > 0
        self.uncoverable = np.flatnonzero(positive & ~by_allowed)
        self.fixed_covered = positive & (by_fixed if by_fixed is not None else False)
        # Clients still to cover, and which free sites cover each (clients × free sites).
        self.open_clients = np.flatnonzero(positive & by_allowed & ~self.fixed_covered)
        self.cover = covers[self.open_clients][:, self.free].tocsr()

    def _new_highs(self) -> Any:
        highs = self._solver() if self._solver is not None else _quiet_highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("mip_rel_gap", 0.0)
        return highs

    def _assignment(self, sites: np.ndarray) -> np.ndarray:
        n = self.costs.shape[0]
        if sites.size == 0:
            return np.full(n, -1, dtype=np.int64)
        sub = self.costs[:, sites]
        sub = np.where(sub <= self.max_cost, sub, np.inf)
        nearest = np.argmin(sub, axis=1)
        return np.where(np.isfinite(sub[np.arange(n), nearest]), sites[nearest], -1).astype(np.int64)

    def _cover_result(
        self,
        chosen: np.ndarray,
        objective_of: Callable[[np.ndarray, float], float],
        bounds: Callable[[float], tuple[float, float]],
        status: str,
        seconds: float,
    ) -> CoverResult:
        """A result from the chosen free-site positions; ``bounds`` maps the objective to (lower, upper)."""
        sites = np.sort(np.concatenate([self.fixed_open, self.free[chosen]]).astype(np.int64))
        assignment = self._assignment(sites)
        covered = float(self.weights[assignment >= 0].sum())
        total = float(self.weights.sum())
        objective = objective_of(sites, covered)
        lower, upper = bounds(objective)
        if math.isnan(lower) or math.isnan(upper):
            gap = math.nan
        else:
            gap = max(0.0, (upper - lower) / abs(objective)) if objective else 0.0
            if upper - lower <= 1e-7 * max(1.0, abs(objective)):
                gap = 0.0
        return CoverResult(
            tuple(sites.tolist()),
            assignment,
            objective,
            covered,
            covered / total if total > 0 else 1.0,
            int(sites.size),
            tuple(self.uncoverable.tolist()),
            lower,
            upper,
            gap,
            status,
            seconds,
        )

    def _positions(self, start: CoverResult | Sequence[int]) -> np.ndarray | None:
        """Free-site positions of a warm start, or None when it is not usable."""
        sites = np.asarray(start.sites if isinstance(start, CoverResult) else start, dtype=np.int64)
        if not np.isin(sites, self.allowed).all():
            return None
        chosen = sites[np.isin(sites, self.free)]
        return np.searchsorted(self.free, chosen)


class MaxCover(_Cover):
    """The maximal covering location problem (MCLP) over a cost matrix (clients × sites).

    Build it with :meth:`from_cost_matrix`.
    """

    def __init__(
        self,
        costs: np.ndarray,
        weights: np.ndarray,
        p: int,
        max_cost: float,
        fixed_open: np.ndarray,
        allowed: np.ndarray,
        solver: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__(costs, weights, max_cost, fixed_open, allowed, solver)
        self.p = p

    @classmethod
    def from_cost_matrix(
        cls,
        costs: np.ndarray,
        weights: np.ndarray | Sequence[float] | None = None,
        p: int = 1,
        *,
        max_cost: float,
        fixed_open: Iterable[int] = (),
        excluded: Iterable[int] = (),
        solver: Callable[[], Any] | None = None,
    ) -> MaxCover:
        """The maximal covering model of a cost matrix.

        Parameters
        ----------
        costs
            ``costs[i, j]`` is the cost (travel time) from client ``i`` to site ``j``;
            ``+inf`` for a pair that cannot be used. Not modified.
        weights
            Weight of each client (pupils); non-negative. Default: 1 for every client.
        p
            Number of sites to open, counting the fixed ones.
        max_cost
            A client is covered by a site at most this far.
        fixed_open
            Sites that must be open (existing schools that stay).
        excluded
            Sites that may not be opened.
        solver
            A factory of fresh ``highspy.Highs``-like objects; default a quiet HiGHS.

        Raises
        ------
        InputError
            With every problem found: malformed inputs, or a ``p`` no choice of sites meets.
        """
        costs, w, fixed, banned, allowed, problems = check_common(costs, weights, fixed_open, excluded)
        p = check_p(p, fixed, banned, allowed, costs.shape[1], problems)
        limit = check_max_cost(max_cost, problems, required=True)
        if problems:
            raise InputError(problems)
        return cls(costs, w, p, limit, fixed, allowed, solver)

    @classmethod
    def from_project(
        cls,
        project: Project,
        standards: Standards,
        p: int = 1,
        *,
        group: str = "grades_1_3",
        existing: str = "closable",
        candidates: Iterable[str] = ("places",),
        max_cost: float | None = None,
        networks: dict[str, RoutingNetwork] | None = None,
        progress: ProgressFn | None = None,
    ) -> MaxCover:
        """The model of one group of a project's children (see :func:`~gis.locate.problem.location_problem`).

        Clients are the populated cells, sites the existing schools teaching the group
        (``existing``: ``fixed``, ``closable`` or ``excluded``) and the ``candidates``;
        a child is covered within ``max_cost`` (default: the group's travel rule).
        The model's ``problem`` keeps the sites' kinds, names, positions and seats.
        """
        problem = location_problem(
            project, standards, group=group, existing=existing, candidates=candidates, networks=networks,
            progress=progress,
        )  # fmt: skip
        limit = problem.threshold_min if max_cost is None else max_cost
        model = cls.from_cost_matrix(
            problem.costs, problem.weights, p, max_cost=limit, fixed_open=problem.fixed_open,
            excluded=problem.excluded,
        )  # fmt: skip
        model.problem = problem
        return model

    def heuristic(self, *, max_swaps: int | None = None) -> CoverResult:
        """Greedy addition, then best-improvement swaps until none adds covered weight.

        Returns
        -------
        CoverResult
            ``lower_bound`` is the covered weight; ``upper_bound`` and ``gap`` are NaN.
        """
        start = time.perf_counter()
        a = self.cover
        w = self.weights[self.open_clients]
        k = self.p - self.fixed_open.size
        count = np.zeros(a.shape[0])
        chosen: list[int] = []
        available = np.ones(a.shape[1], bool)
        for _ in range(k):
            gain = a.T @ (w * (count == 0))
            gain[~available] = -np.inf
            best = int(np.argmax(gain))
            chosen.append(best)
            available[best] = False
            count += a[:, best].toarray().ravel()
        positions = np.asarray(chosen, dtype=np.int64)
        swaps = 0
        while positions.size and (max_swaps is None or swaps < max_swaps):
            # Swapping out the r-th chosen site and in site j changes the covered weight by
            # gain[j] − loss[r] + both[j, r]: both counts clients covered by j and only by r.
            sub = a[:, positions]
            count = np.asarray(sub.sum(axis=1)).ravel()
            gain = a.T @ (w * (count == 0))
            only = sub.multiply((count == 1)[:, None]).tocsr()
            loss = only.T @ w
            both = (a.T @ sp.diags(w) @ only).toarray()
            delta = gain[:, None] - loss[None, :] + both  # in site × out position
            delta[positions, :] = -np.inf
            j, r = np.unravel_index(int(np.argmax(delta)), delta.shape)
            if not delta[j, r] > _EPS * max(1.0, float(w.sum())):
                break
            positions[r] = j
            swaps += 1
        return self._cover_result(
            positions,
            lambda _sites, covered: covered,
            lambda objective: (objective, math.nan),
            "Heuristic (local optimum)",
            time.perf_counter() - start,
        )

    def solve(
        self, *, time_limit: float | None = None, warm_start: CoverResult | Sequence[int] | None = None
    ) -> CoverResult:
        """Solve to proven optimality (or the time limit) with HiGHS.

        Parameters
        ----------
        time_limit
            Seconds HiGHS may take; on expiry the best solution found is returned.
        warm_start
            A starting solution (a result or its sites). Default: :meth:`heuristic`.

        Returns
        -------
        CoverResult
            ``upper_bound`` is HiGHS's dual bound.
        """
        import highspy

        start = time.perf_counter()
        if warm_start is None:
            warm_start = self.heuristic()
        a = self.cover
        n_c, m_f = a.shape
        k = self.p - self.fixed_open.size
        if k == 0 or n_c == 0:  # nothing to decide: any k free sites will do
            return self._cover_result(
                np.arange(k),
                lambda _sites, covered: covered,
                lambda objective: (objective, objective),
                "Optimal",
                time.perf_counter() - start,
            )
        free_weight = float(self.weights[self.fixed_covered].sum())
        w = self.weights[self.open_clients]
        highs = self._new_highs()
        if time_limit is not None:
            highs.setOptionValue("time_limit", float(time_limit))
        none = np.zeros(0, np.int32)
        # Columns: y (free sites, integer), then z (clients to cover, continuous).
        highs.addCols(
            m_f + n_c,
            np.concatenate([np.zeros(m_f), w]),
            np.zeros(m_f + n_c),
            np.ones(m_f + n_c),
            0,
            none,
            none,
            np.zeros(0),
        )
        if m_f:
            highs.changeColsIntegrality(
                m_f, np.arange(m_f, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * m_f)
            )
            highs.addRow(float(k), float(k), m_f, np.arange(m_f, dtype=np.int32), np.ones(m_f))
        if n_c:
            # z_i − Σ_{j covers i} y_j ≤ 0
            rows = sp.hstack([-a, sp.identity(n_c, format="csr")], format="csr")
            rows.sort_indices()
            highs.addRows(
                n_c,
                np.full(n_c, -highspy.kHighsInf),
                np.zeros(n_c),
                rows.nnz,
                rows.indptr[:-1].astype(np.int32),
                rows.indices.astype(np.int32),
                rows.data.astype(float),
            )
        highs.changeObjectiveOffset(free_weight)
        highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
        positions = self._positions(warm_start)
        if positions is not None and positions.size == k:
            y = np.zeros(m_f)
            y[positions] = 1.0
            z = np.minimum(1.0, a @ y) if n_c else np.zeros(0)
            solution = highspy.HighsSolution()
            solution.col_value = np.concatenate([y, z]).tolist()
            highs.setSolution(solution)
        highs.run()
        status = highs.modelStatusToString(highs.getModelStatus())
        info = highs.getInfo()
        if info.primal_solution_status >= 1:
            chosen = np.flatnonzero(np.asarray(highs.getSolution().col_value)[:m_f] > 0.5)
        elif positions is not None and positions.size == k:
            chosen = positions
        else:
            raise InputError(
                Problem(
                    f"HiGHS found no solution within the time limit ({status})",
                    field="time_limit",
                    value=str(time_limit),
                    fix="allow more time or give a warm start",
                )
            )
        bound = float(info.mip_dual_bound)
        return self._cover_result(
            chosen,
            lambda _sites, covered: covered,
            lambda objective: (objective, max(bound, objective)),
            status,
            time.perf_counter() - start,
        )


class SetCover(_Cover):
    """The location set covering problem (LSCP) over a cost matrix (clients × sites).

    Build it with :meth:`from_cost_matrix`.
    """

    def __init__(
        self,
        costs: np.ndarray,
        weights: np.ndarray,
        max_cost: float,
        site_costs: np.ndarray,
        fixed_open: np.ndarray,
        allowed: np.ndarray,
        solver: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__(costs, weights, max_cost, fixed_open, allowed, solver)
        self.site_costs = site_costs

    @classmethod
    def from_cost_matrix(
        cls,
        costs: np.ndarray,
        weights: np.ndarray | Sequence[float] | None = None,
        *,
        max_cost: float,
        site_costs: np.ndarray | Sequence[float] | None = None,
        fixed_open: Iterable[int] = (),
        excluded: Iterable[int] = (),
        uncoverable: Literal["raise", "skip"] = "raise",
        solver: Callable[[], Any] | None = None,
    ) -> SetCover:
        """The set covering model of a cost matrix.

        Parameters
        ----------
        costs
            ``costs[i, j]`` is the cost (travel time) from client ``i`` to site ``j``;
            ``+inf`` for a pair that cannot be used. Not modified.
        weights
            Weight of each client (pupils); clients of weight 0 need no cover. Default: 1.
        max_cost
            A client is covered by a site at most this far.
        site_costs
            Cost of opening each site (fixed ones count too); non-negative. Default: 1 each,
            so the model opens the fewest sites.
        fixed_open
            Sites that must be open (existing schools that stay).
        excluded
            Sites that may not be opened.
        uncoverable
            What to do with clients of positive weight that no allowed site covers:
            ``"raise"`` (default) reports them; ``"skip"`` leaves them out and lists them on
            the result's ``uncoverable``.
        solver
            A factory of fresh ``highspy.Highs``-like objects; default a quiet HiGHS.

        Raises
        ------
        InputError
            With every problem found: malformed inputs, and (unless skipped) each client
            no allowed site covers, with its weight and its nearest allowed cost.
        """
        costs, w, fixed, _banned, allowed, problems = check_common(costs, weights, fixed_open, excluded)
        m = costs.shape[1]
        limit = check_max_cost(max_cost, problems, required=True)
        s = np.ones(m) if site_costs is None else np.asarray(site_costs, dtype=float)
        if s.shape != (m,):
            problems.append(Problem(f"there must be one cost per site ({m})", field="site_costs", value=str(s.shape)))
            s = np.ones(m)
        elif not (np.isfinite(s).all() and (s >= 0).all()):
            bad = int(np.flatnonzero(~(np.isfinite(s) & (s >= 0)))[0])
            problems.append(
                Problem(
                    "site costs must be finite and non-negative",
                    feature=f"site {bad}",
                    field="site_costs",
                    value=str(s[bad]),
                )
            )
            s = np.ones(m)
        if uncoverable not in ("raise", "skip"):
            problems.append(
                Problem(
                    'uncoverable must be "raise" or "skip"',
                    field="uncoverable",
                    value=str(uncoverable),
                )
            )
        if allowed.size == 0:
            problems.append(
                Problem(
                    f"all {m} sites are excluded, so no client can be covered",
                    field="excluded",
                    fix="exclude fewer sites",
                )
            )
        if problems:
            raise InputError(problems)
        model = cls(costs, w, limit, s, fixed, allowed, solver)
        if uncoverable == "raise" and model.uncoverable.size:
            raise InputError(_uncoverable_problems(model))
        return model

    @classmethod
    def from_project(
        cls,
        project: Project,
        standards: Standards,
        *,
        group: str = "grades_1_3",
        existing: str = "closable",
        candidates: Iterable[str] = ("places",),
        max_cost: float | None = None,
        networks: dict[str, RoutingNetwork] | None = None,
        progress: ProgressFn | None = None,
        uncoverable: Literal["raise", "skip"] = "skip",
    ) -> SetCover:
        """The model of one group of a project's children (see :func:`~gis.locate.problem.location_problem`).

        Clients are the populated cells, sites the existing schools teaching the group
        (``existing``: ``fixed``, ``closable`` or ``excluded``) and the ``candidates``;
        a child is covered within ``max_cost`` (default: the group's travel rule);
        children no site reaches are skipped and listed (``uncoverable``).
        The model's ``problem`` keeps the sites' kinds, names, positions and seats.
        """
        problem = location_problem(
            project, standards, group=group, existing=existing, candidates=candidates, networks=networks,
            progress=progress,
        )  # fmt: skip
        limit = problem.threshold_min if max_cost is None else max_cost
        model = cls.from_cost_matrix(
            problem.costs, problem.weights, max_cost=limit, fixed_open=problem.fixed_open,
            excluded=problem.excluded, uncoverable=uncoverable,
        )  # fmt: skip
        model.problem = problem
        return model

    def _objective(self, sites: np.ndarray, _covered: float) -> float:
        return float(self.site_costs[sites].sum())

    def heuristic(self) -> CoverResult:
        """Greedy (most newly covered clients per unit of site cost), then drop redundant sites.

        Returns
        -------
        CoverResult
            ``upper_bound`` is the objective; ``lower_bound`` and ``gap`` are NaN.
        """
        start = time.perf_counter()
        a = self.cover
        cost = self.site_costs[self.free]
        n_c, m_f = a.shape
        covered = np.zeros(n_c, bool)
        chosen: list[int] = []
        available = np.ones(m_f, bool)
        while not covered.all() and available.any():
            gain = a.T @ (~covered).astype(float)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(gain > 0, gain / cost, 0.0)
            ratio[~available] = -1.0
            best = int(np.argmax(ratio))
            chosen.append(best)
            available[best] = False
            covered |= a[:, best].toarray().ravel() > 0
        positions = np.asarray(chosen, dtype=np.int64)
        positions = _drop_redundant(a, positions, cost)
        return self._cover_result(
            positions,
            self._objective,
            lambda objective: (math.nan, objective),
            "Heuristic (local optimum)",
            time.perf_counter() - start,
        )

    def solve(
        self, *, time_limit: float | None = None, warm_start: CoverResult | Sequence[int] | None = None
    ) -> CoverResult:
        """Solve to proven optimality (or the time limit) with HiGHS.

        Parameters
        ----------
        time_limit
            Seconds HiGHS may take; on expiry the best solution found is returned.
        warm_start
            A starting solution (a result or its sites). Default: :meth:`heuristic`.

        Returns
        -------
        CoverResult
            ``lower_bound`` is HiGHS's dual bound.
        """
        import highspy

        start = time.perf_counter()
        if warm_start is None:
            warm_start = self.heuristic()
        a = self.cover
        n_c, m_f = a.shape
        if n_c == 0:  # the fixed sites cover everyone
            return self._cover_result(
                np.zeros(0, np.int64),
                self._objective,
                lambda objective: (objective, objective),
                "Optimal",
                time.perf_counter() - start,
            )
        highs = self._new_highs()
        if time_limit is not None:
            highs.setOptionValue("time_limit", float(time_limit))
        none = np.zeros(0, np.int32)
        highs.addCols(m_f, self.site_costs[self.free], np.zeros(m_f), np.ones(m_f), 0, none, none, np.zeros(0))
        if m_f:
            highs.changeColsIntegrality(
                m_f, np.arange(m_f, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * m_f)
            )
        if n_c:
            a.sort_indices()
            highs.addRows(
                n_c,
                np.ones(n_c),
                np.full(n_c, highspy.kHighsInf),
                a.nnz,
                a.indptr[:-1].astype(np.int32),
                a.indices.astype(np.int32),
                a.data.astype(float),
            )
        highs.changeObjectiveOffset(float(self.site_costs[self.fixed_open].sum()))
        positions = self._positions(warm_start)
        if positions is not None and (n_c == 0 or (a[:, positions].sum(axis=1) > 0).all()):
            y = np.zeros(m_f)
            y[positions] = 1.0
            solution = highspy.HighsSolution()
            solution.col_value = y.tolist()
            highs.setSolution(solution)
        else:
            positions = None
        highs.run()
        status = highs.modelStatusToString(highs.getModelStatus())
        info = highs.getInfo()
        if info.primal_solution_status >= 1:
            chosen = np.flatnonzero(np.asarray(highs.getSolution().col_value)[:m_f] > 0.5)
        elif positions is not None:
            chosen = positions
        else:
            raise InputError(
                Problem(
                    f"HiGHS found no solution within the time limit ({status})",
                    field="time_limit",
                    value=str(time_limit),
                    fix="allow more time or give a warm start",
                )
            )
        bound = float(info.mip_dual_bound)
        return self._cover_result(
            chosen,
            self._objective,
            lambda objective: (min(bound, objective), objective),
            status,
            time.perf_counter() - start,
        )


def _covers(costs: np.ndarray, max_cost: float) -> sp.csr_matrix:
    """Clients × sites, 1 where the site covers the client."""
    i, j = np.nonzero(costs <= max_cost)
    return sp.csr_matrix((np.ones(i.size), (i, j)), shape=costs.shape)


def _drop_redundant(a: sp.csr_matrix, positions: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Drop chosen sites whose clients all stay covered, the dearest (then least useful) first."""
    keep = list(positions.tolist())
    count = np.asarray(a[:, positions].sum(axis=1)).ravel()
    order = sorted(keep, key=lambda j: (-cost[j], a[:, j].nnz))
    for j in order:
        column = a[:, j].toarray().ravel() > 0
        if (count[column] >= 2).all():
            keep.remove(j)
            count[column] -= 1
    return np.asarray(sorted(keep), dtype=np.int64)


def _uncoverable_problems(model: SetCover) -> list[Problem]:
    problems: list[Problem] = []
    sub = model.costs[np.ix_(model.uncoverable, model.allowed)]
    nearest = sub.min(axis=1)
    for c, i in enumerate(model.uncoverable[:MAX_NAMED].tolist()):
        problems.append(
            Problem(
                f"no site that may be opened lies within {model.max_cost:g} of this client "
                f"(weight {model.weights[i]:g}); the nearest allowed site costs {nearest[c]:g}",
                feature=f"client {i}",
                field="max_cost",
                value=f"{nearest[c]:g}",
                fix='raise max_cost, add a candidate site near it, or pass uncoverable="skip" to leave it out',
            )
        )
    hidden = model.uncoverable.size - len(problems)
    if hidden > 0:
        problems.append(
            Problem(
                f"{hidden} more clients cannot be covered either",
                field="max_cost",
                fix='pass uncoverable="skip" to leave them out',
            )
        )
    return problems
