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
fast :meth:`heuristic` that warm-starts it. The data, solver and results are those of
:mod:`gis.locate.base`; the two models share the coverage matrix and the exact solve, each
adding its objective, programme, warm start and which bound HiGHS proves.
"""

from __future__ import annotations

import copy
import math
import time
from abc import abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import scipy.sparse as sp

from gis.errors import InputError, Problem
from gis.locate.base import (
    EPS,
    CoverResult,
    LocationModel,
    SolverFactory,
    add_columns,
    add_open_count,
    add_rows,
    no_solution,
    relative_gap,
    run_highs,
    set_start,
)
from gis.locate.checks import MAX_NAMED, check_common, check_max_cost, check_p
from gis.locate.problem import location_problem

# Above this many free sites the dominance check (sites × sites) is skipped.
_MAX_DOMINANCE_SITES = 2000
_DOMINANCE_CHUNK = 4096  # clients per block of that check

if TYPE_CHECKING:
    from gis.network import RoutingNetwork
    from gis.progress import ProgressFn
    from gis.project import Project
    from gis.standards import Standards


class _Cover(LocationModel):
    """What both covering models share: the coverage matrix, the exact solve and the results.

    Each model adds its objective, its programme (:meth:`_load`), how a warm start enters it
    (:meth:`_start`), when there is nothing to decide (:meth:`_settled`), and which side of
    the optimum HiGHS's dual bound proves (:meth:`_bounds`).
    """

    def __init__(
        self,
        costs: np.ndarray,
        weights: np.ndarray,
        p: int | None,
        max_cost: float,
        fixed_open: np.ndarray,
        allowed: np.ndarray,
        solver: SolverFactory | None,
    ) -> None:
        super().__init__(costs, weights, p, fixed_open, allowed, solver)
        self.max_cost = max_cost
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

    @abstractmethod
    def heuristic(self) -> CoverResult:
        """A good solution fast, the default warm start of :meth:`solve`."""

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
            HiGHS's dual bound is the ``upper_bound`` of :class:`MaxCover` and the
            ``lower_bound`` of :class:`SetCover`.

        Raises
        ------
        InputError
            When HiGHS finds no solution within the time limit and the warm start is none.
        """
        start = time.perf_counter()
        if warm_start is None:
            warm_start = self.heuristic()
        settled = self._settled()
        if settled is not None:
            return self._cover_result(
                settled, lambda objective: (objective, objective), "Optimal", time.perf_counter() - start
            )
        highs = self.new_solver(mip_rel_gap=0.0, time_limit=time_limit)
        self._load(highs)
        positions = self._positions(warm_start)
        values = None if positions is None else self._start(positions)
        if values is not None:
            set_start(highs, values)
        ran = run_highs(highs)
        if ran.values is not None:
            chosen = np.flatnonzero(ran.values[: self.cover.shape[1]] > 0.5)
        elif positions is not None and values is not None:
            chosen = positions
        else:
            raise InputError(no_solution(ran.status, time_limit, fix="allow more time or give a warm start"))
        return self._cover_result(
            chosen, lambda objective: self._bounds(objective, ran.bound), ran.status, time.perf_counter() - start
        )

    # ------------------------------------------------------------------ what each model adds

    @abstractmethod
    def _objective(self, sites: np.ndarray, covered: float) -> float:
        """The objective of the open ``sites``, which cover ``covered`` weight."""

    @abstractmethod
    def _settled(self) -> np.ndarray | None:
        """Positions of free sites that are optimal without a solve, or None."""

    @abstractmethod
    def _load(self, highs: Any) -> None:
        """Load the programme: columns ``y`` (free sites, integer) first."""

    @abstractmethod
    def _start(self, positions: np.ndarray) -> np.ndarray | None:
        """The column values of a warm start's free-site positions; None when they are no solution."""

    @abstractmethod
    def _bounds(self, objective: float, dual: float) -> tuple[float, float]:
        """Proven (lower, upper) bounds from a solution's objective and HiGHS's dual bound."""

    # ------------------------------------------------------------------ helpers

    def _assignment(self, sites: np.ndarray) -> np.ndarray:
        n = self.costs.shape[0]
        if sites.size == 0:
            return np.full(n, -1, dtype=np.int64)
        sub = self.costs[:, sites]
        sub = np.where(sub <= self.max_cost, sub, np.inf)
        nearest = np.argmin(sub, axis=1)
        return np.where(np.isfinite(sub[np.arange(n), nearest]), sites[nearest], -1).astype(np.int64)

    def _cover_result(
        self, chosen: np.ndarray, bounds: Callable[[float], tuple[float, float]], status: str, seconds: float
    ) -> CoverResult:
        """A result from the chosen free-site positions; ``bounds`` maps the objective to (lower, upper)."""
        sites = np.sort(np.concatenate([self.fixed_open, self.free[chosen]]).astype(np.int64))
        assignment = self._assignment(sites)
        covered = float(self.weights[assignment >= 0].sum())
        total = float(self.weights.sum())
        objective = self._objective(sites, covered)
        lower, upper = bounds(objective)
        gap = math.nan if math.isnan(lower) or math.isnan(upper) else relative_gap(lower, upper, objective)
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

    p: int

    def __init__(
        self,
        costs: np.ndarray,
        weights: np.ndarray,
        p: int,
        max_cost: float,
        fixed_open: np.ndarray,
        allowed: np.ndarray,
        solver: SolverFactory | None = None,
    ) -> None:
        super().__init__(costs, weights, p, max_cost, fixed_open, allowed, solver)
        # The reduction and the relaxation (re-solved from its last basis for another p),
        # shared by the copies of :meth:`with_p`.
        self._shared: dict[str, Any] = {}

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
        solver: SolverFactory | None = None,
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
            project,
            standards,
            group=group,
            existing=existing,
            candidates=candidates,
            networks=networks,
            progress=progress,
        )
        return cls.from_problem(problem, p=p, max_cost=problem.threshold_min if max_cost is None else max_cost)

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
        positions = _swap_search(a, w, _greedy(a, w, self.p - self.fixed_open.size), max_swaps)
        return self._cover_result(
            positions, lambda objective: (objective, math.nan), "Heuristic (local optimum)", time.perf_counter() - start
        )

    def solve(
        self, *, time_limit: float | None = None, warm_start: CoverResult | Sequence[int] | None = None
    ) -> CoverResult:
        """Solve to proven optimality (or the time limit).

        The programme is first cut down (clients with the same covering sites merged,
        sites whose clients another site covers too left out). The incumbent is the best
        of the warm start and of the greedy-and-swap heuristic started from the rounded
        linear relaxation; the Lagrangian bound (the coverage rows relaxed, with the
        relaxation's duals as multipliers) often proves it optimal at once. Otherwise a
        depth-first branch-and-bound on the sites re-solves the relaxation (with HiGHS,
        from its last basis) and prunes each node by its own Lagrangian bound. For a
        sequence of ``p`` (:meth:`with_p`) the reduction, the relaxation's basis and the
        last solution are reused.

        Parameters
        ----------
        time_limit
            Seconds the branch-and-bound may take; on expiry the best solution found is
            returned, with the root's Lagrangian bound.
        warm_start
            A starting solution (a result or its sites), one more start of the heuristic.

        Returns
        -------
        CoverResult
            ``upper_bound`` is a proven bound (Lagrangian, or the optimum once proved).
        """
        start = time.perf_counter()
        k = self.p - self.fixed_open.size
        settled = self._settled()
        if settled is not None:
            return self._cover_result(
                settled, lambda objective: (objective, objective), "Optimal", time.perf_counter() - start
            )
        reduced = self.reduced()
        a, w = reduced.matrix, reduced.weights
        total = float(w.sum())
        integral = bool(np.all(w == np.round(w)))
        tolerance = EPS * max(1.0, total)

        # Incumbent in reduced positions; a warm start's dominated sites swap to kept ones.
        positions = self._positions(warm_start) if warm_start is not None else None
        if positions is not None and positions.size != k:
            positions = None
        # Greedy-and-swap from nothing, from the warm start and from the last p's solution.
        solutions: dict[int, np.ndarray] = self._shared.setdefault("solutions", {})
        starts = [np.zeros(0, np.int64)]
        if positions is not None:
            starts.append(_reduced_positions(self.cover, reduced, positions))
        if k - 1 in solutions:
            starts.append(solutions[k - 1])
        incumbent = max(
            (_swap_search(a, w, _greedy(a, w, k, start)) for start in starts), key=lambda sites: _covered(a, w, sites)
        )
        best = _covered(a, w, incumbent)
        status, upper = "Optimal", best
        # One site: the greedy has tried them all. All weight covered, or every kept site open: optimal.
        if k > 1 and best < total - tolerance and k < reduced.sites.size:
            upper, relaxed = self._lagrangian_bound(a, w, k, incumbent)
            upper = float(_proved(upper, integral))
            rounded = _swap_search(a, w, np.argsort(-relaxed, kind="stable")[:k])
            if _covered(a, w, rounded) > best:
                incumbent, best = rounded, _covered(a, w, rounded)
            if upper > best + tolerance:
                remaining = None if time_limit is None else max(0.0, time_limit - (time.perf_counter() - start))
                incumbent, best, upper, status = self._branch(
                    a, w, k, incumbent, best, upper, remaining, integral, tolerance
                )
        solutions[k] = incumbent
        chosen = self._free_positions(reduced.sites[incumbent], k)
        offset = float(self.weights[self.fixed_covered].sum())
        return self._cover_result(
            chosen,
            lambda objective: (objective, max(objective, offset + upper)),
            status,
            time.perf_counter() - start,
        )

    def reduced(self) -> _Reduced:
        """The programme cut down (computed once per model; shared by :meth:`with_p` copies)."""
        if "reduced" not in self._shared:
            self._shared["reduced"] = _reduce(self.cover, self.weights[self.open_clients])
        reduced: _Reduced = self._shared["reduced"]
        return reduced

    def with_p(self, p: int) -> MaxCover:
        """The same model with another ``p``, sharing the coverage and its reduction.

        The copies also share the relaxation that :meth:`solve` re-solves, so solve them
        one at a time (not from two threads at once).

        Raises
        ------
        InputError
            When no choice of ``p`` sites is possible.
        """
        problems: list[Problem] = []
        banned = np.setdiff1d(np.arange(self.costs.shape[1]), self.allowed)
        p = check_p(p, self.fixed_open, banned, self.allowed, self.costs.shape[1], problems)
        if problems:
            raise InputError(problems)
        model = copy.copy(self)
        model.p = p
        return model

    def _lagrangian_bound(
        self, a: sp.csr_matrix, w: np.ndarray, k: int, incumbent: np.ndarray
    ) -> tuple[float, np.ndarray]:
        """The Lagrangian bound with the linear relaxation's duals, and the relaxed ``y``.

        Relaxing ``z_i ≤ Σ_j a_ij y_j`` with multipliers ``0 ≤ λ_i ≤ w_i`` leaves
        ``Σ_i (w_i − λ_i) + (the k largest of Σ_i a_ij λ_i)``, an upper bound for any such
        λ, computed here exactly whatever the tolerances of the relaxation's solve.
        """
        import highspy

        n_g, m = a.shape
        highs = self._shared.get("relaxation")
        if highs is None:
            highs = self._shared["relaxation"] = self.new_solver()
            add_columns(highs, np.concatenate([np.zeros(m), w]), np.zeros(m + n_g), np.ones(m + n_g))
            add_open_count(highs, m, k)
            rows = sp.hstack([-a, sp.identity(n_g, format="csr")], format="csr")
            rows.sort_indices()
            add_rows(highs, np.full(n_g, -np.inf), np.zeros(n_g), rows)
            highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
        else:
            highs.changeRowBounds(0, float(k), float(k))
        highs.run()
        solution = highs.getSolution()
        if solution.dual_valid and solution.value_valid:
            multipliers = np.clip(np.abs(np.asarray(solution.row_dual)[1:]), 0.0, w)
            relaxed = np.asarray(solution.col_value)[:m]
        else:  # no relaxation: the weights themselves are multipliers (a weak bound)
            multipliers = w.copy()
            relaxed = np.zeros(m)
            relaxed[incumbent] = 1.0
        return _lagrangian(a, w, multipliers, k)[0], relaxed

    def _branch(
        self,
        a: sp.csr_matrix,
        w: np.ndarray,
        k: int,
        incumbent: np.ndarray,
        best: float,
        root: float,
        time_limit: float | None,
        integral: bool,
        tolerance: float,
    ) -> tuple[np.ndarray, float, float, str]:
        """Depth-first branch-and-bound on the sites: (positions, covered, bound, status).

        Each node re-solves the relaxation from the last basis with some sites fixed open
        or shut; the node is pruned when its Lagrangian bound (the node's duals as
        multipliers, the fixed sites respected) cannot beat the incumbent, and otherwise
        split on its most open fractional site, open first.
        """
        import highspy

        started = time.perf_counter()
        highs = self._shared["relaxation"]
        m = a.shape[1]
        at = a.T.tocsr()
        stack: list[tuple[tuple[int, float], ...]] = [()]
        applied: tuple[tuple[int, float], ...] = ()
        finished = True
        try:
            while stack:
                if time_limit is not None and time.perf_counter() - started > time_limit:
                    finished = False
                    break
                path = stack.pop()
                _fix_columns(highs, applied, path)
                applied = path
                highs.run()
                solution = highs.getSolution()
                if not (solution.dual_valid and solution.value_valid):
                    if highs.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
                        continue
                    finished = False
                    break
                multipliers = np.clip(np.abs(np.asarray(solution.row_dual)[1:]), 0.0, w)
                value = at @ multipliers
                forced = np.zeros(m, bool)
                allowed = np.ones(m, bool)
                for j, v in path:
                    (forced if v > 0.5 else allowed)[j] = v > 0.5
                allowed &= ~forced
                rest = k - int(forced.sum())
                choice = np.sort(value[allowed])[::-1][:rest]
                bound = float((w - multipliers).sum() + value[forced].sum() + choice.sum())
                if float(_proved(bound, integral)) <= best + tolerance:
                    continue
                y = np.asarray(solution.col_value)[:m]
                # The rounded relaxation as a candidate: the node's open sites, then the largest y.
                rounded = np.argsort(-(y + 2.0 * forced - 2.0 * ~(allowed | forced)), kind="stable")[:k]
                if _covered(a, w, rounded) > best + tolerance:
                    incumbent, best = rounded, _covered(a, w, rounded)
                fractional = np.abs(y - np.round(y)) > 1e-6
                if not fractional.any():
                    continue  # an integral relaxation is its own best (the rounding above)
                j = int(np.argmax(np.where(fractional, y, -1.0)))
                stack.append((*path, (j, 0.0)))
                stack.append((*path, (j, 1.0)))
        finally:
            _fix_columns(highs, applied, ())
        if finished:
            return incumbent, best, best, "Optimal"
        return incumbent, best, max(best, float(_proved(root, integral))), "Time limit reached"

    def _free_positions(self, chosen: np.ndarray, k: int) -> np.ndarray:
        """``chosen`` free-site positions filled up to ``k`` with the first others."""
        if chosen.size >= k:
            return chosen[:k]
        others = np.setdiff1d(np.arange(self.cover.shape[1]), chosen)
        return np.concatenate([chosen, others[: k - chosen.size]])

    def _objective(self, _sites: np.ndarray, covered: float) -> float:
        return covered

    def _settled(self) -> np.ndarray | None:
        k = self.p - self.fixed_open.size
        if k == 0 or self.cover.shape[0] == 0:  # nothing to decide: any k free sites will do
            return np.arange(k)
        return None

    def _load(self, highs: Any) -> None:
        import highspy

        a = self.cover
        n_c, m_f = a.shape
        k = self.p - self.fixed_open.size
        w = self.weights[self.open_clients]
        # Columns: y (free sites, integer), then z (clients to cover, continuous).
        add_columns(highs, np.concatenate([np.zeros(m_f), w]), np.zeros(m_f + n_c), np.ones(m_f + n_c), integer=m_f)
        if m_f:
            add_open_count(highs, m_f, k)
        if n_c:
            # z_i − Σ_{j covers i} y_j ≤ 0
            rows = sp.hstack([-a, sp.identity(n_c, format="csr")], format="csr")
            rows.sort_indices()
            add_rows(highs, np.full(n_c, -np.inf), np.zeros(n_c), rows)
        highs.changeObjectiveOffset(float(self.weights[self.fixed_covered].sum()))
        highs.changeObjectiveSense(highspy.ObjSense.kMaximize)

    def _start(self, positions: np.ndarray) -> np.ndarray | None:
        a = self.cover
        n_c, m_f = a.shape
        if positions.size != self.p - self.fixed_open.size:
            return None
        y = np.zeros(m_f)
        y[positions] = 1.0
        z = np.minimum(1.0, a @ y) if n_c else np.zeros(0)
        return np.concatenate([y, z])

    def _bounds(self, objective: float, dual: float) -> tuple[float, float]:
        return objective, max(dual, objective)


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
        solver: SolverFactory | None = None,
    ) -> None:
        super().__init__(costs, weights, None, max_cost, fixed_open, allowed, solver)
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
        solver: SolverFactory | None = None,
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
            project,
            standards,
            group=group,
            existing=existing,
            candidates=candidates,
            networks=networks,
            progress=progress,
        )
        return cls.from_problem(
            problem, max_cost=problem.threshold_min if max_cost is None else max_cost, uncoverable=uncoverable
        )

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
            positions, lambda objective: (math.nan, objective), "Heuristic (local optimum)", time.perf_counter() - start
        )

    def _objective(self, sites: np.ndarray, _covered: float) -> float:
        return float(self.site_costs[sites].sum())

    def _settled(self) -> np.ndarray | None:
        if self.cover.shape[0] == 0:  # the fixed sites cover everyone
            return np.zeros(0, np.int64)
        return None

    def _load(self, highs: Any) -> None:
        a = self.cover
        n_c, m_f = a.shape
        add_columns(highs, self.site_costs[self.free], np.zeros(m_f), np.ones(m_f), integer=m_f)
        if n_c:
            a.sort_indices()
            add_rows(highs, np.ones(n_c), np.full(n_c, np.inf), a)
        highs.changeObjectiveOffset(float(self.site_costs[self.fixed_open].sum()))

    def _start(self, positions: np.ndarray) -> np.ndarray | None:
        a = self.cover
        n_c, m_f = a.shape
        if not (n_c == 0 or (a[:, positions].sum(axis=1) > 0).all()):
            return None
        y = np.zeros(m_f)
        y[positions] = 1.0
        return y

    def _bounds(self, objective: float, dual: float) -> tuple[float, float]:
        return min(dual, objective), objective


def _covers(costs: np.ndarray, max_cost: float) -> sp.csr_matrix:
    """Clients × sites, 1 where the site covers the client."""
    i, j = np.nonzero(costs <= max_cost)
    return sp.csr_matrix((np.ones(i.size), (i, j)), shape=costs.shape)


@dataclass(frozen=True)
class _Reduced:
    """A maximal covering programme cut down to what can change the optimum.

    Clients with the same covering sites are one group of their summed weight; a site
    whose clients another site covers too (the lower-numbered of equal ones kept) is left
    out, since swapping it for the other never loses weight. ``matrix`` is groups × kept
    sites; ``sites`` the kept sites' positions among the model's free sites.
    """

    matrix: sp.csr_matrix
    weights: np.ndarray
    sites: np.ndarray


def _reduce(a: sp.csr_matrix, w: np.ndarray) -> _Reduced:
    """Merge clients with equal covering sets and drop dominated sites (see :class:`_Reduced`)."""
    a = a.tocsr().astype(bool).astype(np.float64)
    a.sort_indices()
    keep = w > 0
    a, w = a[keep], w[keep]
    # Groups of equal rows: hash each row's site list, then sort by (hash, size).
    if a.shape[0]:
        rows = np.repeat(np.arange(a.shape[0]), np.diff(a.indptr))
        mix = np.random.default_rng(0).integers(1, 2**61, size=a.shape[1], dtype=np.int64)
        salt = np.random.default_rng(1).integers(1, 2**61, size=a.shape[1], dtype=np.int64)
        h1 = np.bincount(rows, weights=None, minlength=a.shape[0]).astype(np.int64)
        h2 = np.zeros(a.shape[0], np.int64)
        h3 = np.zeros(a.shape[0], np.int64)
        np.add.at(h2, rows, mix[a.indices])
        np.add.at(h3, rows, salt[a.indices])
        keys = np.stack([h1, h2, h3], axis=1)
        _, first, group = np.unique(keys, axis=0, return_index=True, return_inverse=True)
        group = group.ravel()
        merged = a[first]
        # A hash collision would merge different rows: check that each row equals its group's.
        if (abs(merged[group] - a)).nnz:
            first, group = np.arange(a.shape[0]), np.arange(a.shape[0])
            merged = a
        a = merged
        w = np.bincount(group, weights=w, minlength=first.size)
    size = np.asarray(a.sum(axis=0)).ravel()
    m = a.shape[1]
    dominated = size == 0
    if 0 < m <= _MAX_DOMINANCE_SITES:
        # common[j, k] = clients covered by both j and k; j ⊆ k when it equals size[j].
        common = np.zeros((m, m))
        for begin in range(0, a.shape[0], _DOMINANCE_CHUNK):
            block = a[begin : begin + _DOMINANCE_CHUNK].toarray().astype(np.float32)
            common += block.T @ block
        subset = common >= size[:, None] - 0.5
        index = np.arange(m)
        strictly = (size[None, :] > size[:, None]) | (index[None, :] < index[:, None])
        np.fill_diagonal(subset, False)
        dominated |= (subset & strictly).any(axis=1)
    sites = np.flatnonzero(~dominated)
    return _Reduced(a[:, sites].tocsr(), w, sites)


def _reduced_positions(cover: sp.csr_matrix, reduced: _Reduced, positions: np.ndarray) -> np.ndarray:
    """Free-site positions as kept positions of ``reduced`` (a left-out site by the kept one covering it)."""
    kept = np.searchsorted(reduced.sites, positions)
    kept = np.minimum(kept, max(reduced.sites.size - 1, 0))
    is_kept = reduced.sites[kept] == positions if reduced.sites.size else np.zeros(positions.size, bool)
    out = [int(j) for j in kept[is_kept]]
    dropped = positions[~is_kept]
    if dropped.size and reduced.sites.size:
        overlap = (cover[:, reduced.sites].T @ cover[:, dropped]).toarray()
        out.extend(int(j) for j in np.argmax(overlap, axis=0))
    return np.unique(np.asarray(out, dtype=np.int64))


def _covered(a: sp.csr_matrix, w: np.ndarray, positions: np.ndarray) -> float:
    """Weight of the rows of ``a`` that one of the ``positions`` columns covers."""
    if positions.size == 0:
        return 0.0
    return float(w[np.asarray(a[:, positions].sum(axis=1)).ravel() > 0].sum())


def _lagrangian(a: sp.csr_matrix, w: np.ndarray, multipliers: np.ndarray, k: int) -> tuple[float, np.ndarray]:
    """``Σ (w − λ) + the k largest site values``, and the site values ``aᵀλ`` (``0 ≤ λ ≤ w``)."""
    value = np.asarray(a.T @ multipliers).ravel()
    top = value if k >= value.size else np.partition(value, value.size - k)[value.size - k :]
    return float((w - multipliers).sum() + top.sum()), value


def _proved(bound: Any, integral: bool) -> Any:
    """A bound made tighter when every weight is whole: no cover exceeds it rounded down."""
    return np.floor(np.asarray(bound) + 1e-6) if integral else bound


def _fix_columns(highs: Any, before: tuple[tuple[int, float], ...], after: tuple[tuple[int, float], ...]) -> None:
    """Move the relaxation's site columns from the fixings ``before`` to those ``after``."""
    for j, _ in before:
        highs.changeColBounds(j, 0.0, 1.0)
    for j, v in after:
        highs.changeColBounds(j, v, v)


def _greedy(a: sp.csr_matrix, w: np.ndarray, k: int, start: np.ndarray | None = None) -> np.ndarray:
    """Positions of ``k`` columns of ``a``: ``start`` (its first ``k``), then columns added one
    by one, each covering the most new weight."""
    chosen: list[int] = [] if start is None else [int(j) for j in start[:k]]
    count = np.asarray(a[:, chosen].sum(axis=1)).ravel() if chosen else np.zeros(a.shape[0])
    available = np.ones(a.shape[1], bool)
    available[chosen] = False
    for _ in range(min(k, a.shape[1]) - len(chosen)):
        gain = a.T @ (w * (count == 0))
        gain[~available] = -np.inf
        best = int(np.argmax(gain))
        chosen.append(best)
        available[best] = False
        count += a[:, best].toarray().ravel()
    return np.asarray(chosen, dtype=np.int64)


def _swap_search(a: sp.csr_matrix, w: np.ndarray, positions: np.ndarray, max_swaps: int | None = None) -> np.ndarray:
    """Best-improvement swaps of the chosen columns until none adds covered weight."""
    positions = positions.copy()
    swaps = 0
    while positions.size and positions.size < a.shape[1] and (max_swaps is None or swaps < max_swaps):
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
        if not delta[j, r] > EPS * max(1.0, float(w.sum())):
            break
        positions[r] = j
        swaps += 1
    return positions


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
