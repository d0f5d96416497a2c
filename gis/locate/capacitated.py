"""The capacitated p-median problem: open ``p`` sites, each serving at most its seats or beds.

A client's demand (the pupils of a grid cell or village) may be split across several open
sites by default; with ``single_source=True`` each client goes to exactly one. With a
``max_cost`` (say 120 minutes) only the client–site pairs within it may be used, and only
those pairs become variables, so large cost matrices cut down by the limit stay small.

- :meth:`CapacitatedPMedian.solve` is exact: the strong mixed-integer programme with
  ``y_j`` (site open), ``x_ij`` (share of client ``i``'s demand served by site ``j``),
  ``Σ_j y_j = p``, ``Σ_j x_ij = 1``, ``Σ_i w_i x_ij ≤ Q_j y_j`` and ``x_ij ≤ y_j``, solved
  by HiGHS with its proven lower bound and gap. Single-sourced clients of integer demand
  first get the Lagrangian relaxation of their assignment rows (a 0-1 knapsack per site,
  solved exactly over integer capacities): its bound is true for any multipliers, and it
  closes sites and drops pairs that no solution cheaper than the start can use, so HiGHS
  searches a smaller programme with the start's value as its cutoff. Before HiGHS, a start
  more than ``IMPROVE_GAP`` (2 %) above that bound is improved by the neighbourhood search of
  :mod:`gis.locate.neighbourhoods` (from the relaxation's sites relocated among their clients
  when that is better: with many medians the relaxation knows more than the heuristic), and
  the relaxation resumes against the better value, which fixes more.
- :meth:`CapacitatedPMedian.heuristic` starts from the sites of the uncapacitated p-median
  heuristic, allocates the clients optimally to them (a transportation problem; a small
  assignment programme when single-sourced), then tries the most promising swaps; if the
  start does not fit the capacities it takes the first solution HiGHS finds. Single-sourced,
  it assigns by regret with moves and exchanges of clients, relocates each median within
  its clients and restarts from random median swaps instead. Its result warm-starts the
  exact solver.

Every problem that provably makes the model infeasible (total demand above the places of
the best ``p`` sites, a client no allowed site reaches, …) is reported in words before any
solver runs.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from gis.errors import InputError, Problem
from gis.locate.base import (
    EPS,
    CapacitatedResult,
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
from gis.locate.pmedian import PMedian
from gis.locate.problem import location_problem

if TYPE_CHECKING:
    from gis.network import RoutingNetwork
    from gis.progress import ProgressFn
    from gis.project import Project
    from gis.standards import Standards


class CapacitatedPMedian(LocationModel):
    """The capacitated p-median model over a cost matrix (clients × sites).

    Build it with :meth:`from_cost_matrix`; it reports every provable infeasibility in
    words before any solver runs. Candidate sites and existing schools are both just
    columns of the matrix; keep existing schools with ``fixed_open``. The data and the
    solver are those of :class:`~gis.locate.base.LocationModel`; the capacities, the cost
    limit and the allowed client–site pairs are the model's own.
    """

    p: int

    def __init__(
        self,
        costs: np.ndarray,
        weights: np.ndarray,
        p: int,
        capacities: np.ndarray,
        max_cost: float | None,
        single_source: bool,
        fixed_open: np.ndarray,
        allowed: np.ndarray,
        pairs: _Pairs,
        solver: SolverFactory | None = None,
    ) -> None:
        super().__init__(costs, weights, p, fixed_open, allowed, solver)
        self.capacities = capacities
        self.max_cost = max_cost
        self.single_source = single_source
        self._pairs = pairs

    @classmethod
    def from_cost_matrix(
        cls,
        costs: np.ndarray,
        weights: np.ndarray | Sequence[float] | None = None,
        p: int = 1,
        *,
        capacities: np.ndarray | Sequence[float],
        max_cost: float | None = None,
        single_source: bool = False,
        fixed_open: Iterable[int] = (),
        excluded: Iterable[int] = (),
        solver: SolverFactory | None = None,
    ) -> CapacitatedPMedian:
        """The capacitated p-median model of a cost matrix.

        Parameters
        ----------
        costs
            ``costs[i, j]`` is the cost (travel time) from client ``i`` to site ``j``;
            ``+inf`` marks a pair that cannot be used. Not modified.
        weights
            Demand of each client (pupils); non-negative. Default: 1 for every client.
        p
            Number of sites to open, counting the fixed ones.
        capacities
            Places (seats or boarding beds) of each site; non-negative.
        max_cost
            Pairs costing more are not allowed. Default: no limit.
        single_source
            Serve each client from a single site (default: demand may be split).
        fixed_open
            Sites that must be open (existing schools that stay).
        excluded
            Sites that may not be opened.
        solver
            A factory of fresh ``highspy.Highs``-like objects; default a quiet HiGHS.

        Returns
        -------
        CapacitatedPMedian

        Raises
        ------
        InputError
            With every problem found: malformed inputs, and anything that provably leaves
            no solution — a ``p`` no choice of sites meets, total demand above the places
            of the best ``p`` sites, a client no allowed site reaches within ``max_cost``,
            a client larger than what the sites within its reach can hold.
        """
        costs, w, fixed, banned, allowed, problems = check_common(costs, weights, fixed_open, excluded)
        m = costs.shape[1]
        p = check_p(p, fixed, banned, allowed, m, problems)
        limit = check_max_cost(max_cost, problems, required=False)
        q = np.asarray(capacities, dtype=float)
        if q.shape != (m,):
            problems.append(
                Problem(f"there must be one capacity per site ({m})", field="capacities", value=str(q.shape))
            )
            q = np.full(m, np.inf)
        elif not (np.isfinite(q).all() and (q >= 0).all()):
            bad = int(np.flatnonzero(~(np.isfinite(q) & (q >= 0)))[0])
            problems.append(
                Problem(
                    "capacities must be finite and non-negative",
                    feature=f"site {bad}",
                    field="capacities",
                    value=str(q[bad]),
                )
            )
            q = np.where(np.isfinite(q) & (q >= 0), q, np.inf)
        if problems:  # the checks below need sound inputs
            raise InputError(problems)
        pairs = _Pairs.of(costs, w, allowed, q, limit, single_source)
        free = np.setdiff1d(allowed, fixed)
        extra = p - fixed.size
        best = float(q[fixed].sum() + np.sort(q[free])[::-1][:extra].sum())
        total = float(w.sum())
        if total > best * (1 + EPS) + EPS:
            problems.append(
                Problem(
                    f"the total demand of {total:g} exceeds the {best:g} places of the best {p} sites "
                    f"that may be opened ({fixed.size} fixed open plus the {extra} largest others)",
                    field="capacities",
                    value=f"{total:g} > {best:g}",
                    fix="raise capacities, open more sites (p), or exclude fewer sites",
                )
            )
        problems.extend(_unreachable_problems(costs, w, allowed, limit, pairs, q, p, fixed, single_source))
        if problems:
            raise InputError(problems)
        return cls(costs, w, p, q, max_cost, bool(single_source), fixed, allowed, pairs, solver)

    @classmethod
    def from_project(
        cls,
        project: Project,
        standards: Standards,
        p: int = 1,
        *,
        group: str = "grades_4_6",
        existing: str = "closable",
        candidates: Iterable[str] = ("places",),
        candidate_capacity: float = 0.0,
        max_cost: float | None = None,
        single_source: bool = False,
        networks: dict[str, RoutingNetwork] | None = None,
        progress: ProgressFn | None = None,
    ) -> CapacitatedPMedian:
        """The model of one group of a project's children (see :func:`~gis.locate.problem.location_problem`).

        Clients are the populated cells, sites the existing schools teaching the group
        (``existing``: ``fixed``, ``closable`` or ``excluded``) with their seats of the
        level, and the ``candidates`` with ``candidate_capacity`` seats each; trips longer
        than ``max_cost`` (default: the rules' longest allowed trip) are not allowed.
        The model's ``problem`` keeps the sites' kinds, names, positions and seats.
        """
        problem = location_problem(
            project,
            standards,
            group=group,
            existing=existing,
            candidates=candidates,
            default_capacity=candidate_capacity,
            networks=networks,
            progress=progress,
        )
        return cls.from_problem(
            problem,
            p=p,
            capacities=problem.capacities,
            max_cost=standards.max_travel_min if max_cost is None else max_cost,
            single_source=single_source,
        )

    # ------------------------------------------------------------------ heuristic

    def heuristic(self, *, max_evaluations: int = 30, seconds: float = 1.0) -> CapacitatedResult:
        """A good feasible solution fast: the p-median heuristic's sites, then swaps.

        The sites start as those of :meth:`PMedian.heuristic` over the allowed pairs; each
        choice of sites gets its optimal allocation (a transportation problem, or a small
        assignment programme when single-sourced). Swaps are then tried in the order of
        their estimated saving, the first improving one taken, until none of the most
        promising improves or ``max_evaluations`` allocations have been solved. When the
        start does not fit the capacities, the first solution HiGHS finds replaces it.

        Single-sourced clients take a faster path from the same start: regret assignment
        with client moves and exchanges, each median relocated to the best site for its own
        clients, and random median swaps (one, then two once single swaps stall) as restarts
        within about ``seconds`` (see :func:`_relocate`); the path above only when that finds
        no room.

        Parameters
        ----------
        max_evaluations
            How many swaps (each an allocation problem) to try at most.
        seconds
            Single-sourced: about how long the whole heuristic may take (the start, the
            relocation and its restarts, and a last assignment programme of a tenth).

        Returns
        -------
        CapacitatedResult
            ``lower_bound`` and ``gap`` are NaN.

        Raises
        ------
        InputError
            When no choice of sites can serve every client.
        """
        start = time.perf_counter()
        is_open = self._pmedian_start()
        pr = self._pairs
        if self.single_source and pr.n_clients and pr.cost.size:
            whole, demand = self._single_costs()
            found = _relocate(
                whole,
                demand,
                self.capacities[self.allowed],
                is_open,
                self._fixed_mask(),
                seconds=0.85 * seconds - (time.perf_counter() - start),
            )
            if found is not None:
                chosen = self._single_flows(found[1])
                # The best assignment to these sites (an assignment programme, briefly), when
                # the programme is small enough to build in that time.
                if np.count_nonzero(found[0][pr.site]) <= _MAX_ASSIGNMENT_PAIRS:
                    exact, value = self._allocate(found[0], seconds=max(0.05, 0.1 * seconds))
                    if exact is not None and value < found[2] - 1e-9 * max(1.0, abs(found[2])):
                        chosen = exact
                return self._result(
                    self.allowed[found[0]],
                    chosen,
                    math.nan,
                    math.nan,
                    "Heuristic (local optimum)",
                    time.perf_counter() - start,
                )
        flows, cost = self._allocate(is_open)
        if flows is None:  # the start does not fit: take the first solution the MIP finds
            is_open = self._first_feasible()
            flows, cost = self._allocate(is_open)
        if flows is None:
            raise InputError(self._infeasible_problem())
        evaluations = 0
        improved = True
        while improved and evaluations < max_evaluations:
            improved = False
            for r, j in self._promising_swaps(is_open, flows):
                if evaluations >= max_evaluations:
                    break
                trial = is_open.copy()
                trial[r], trial[j] = False, True
                trial_flows, trial_cost = self._allocate(trial)
                evaluations += 1
                if trial_flows is not None and trial_cost < cost - 1e-7 * max(1.0, abs(cost)):
                    is_open, flows, cost, improved = trial, trial_flows, trial_cost, True
                    break
        return self._result(
            self.allowed[is_open], flows, math.nan, math.nan, "Heuristic (local optimum)", time.perf_counter() - start
        )

    def _dense_costs(self) -> np.ndarray:
        """Costs of the allowed pairs, active clients × allowed sites, +inf elsewhere."""
        pr = self._pairs
        dense = np.full((pr.n_clients, pr.n_sites), np.inf)
        dense[pr.client, pr.site] = pr.cost
        return dense

    def _single_costs(self) -> tuple[np.ndarray, np.ndarray]:
        """Each active client's whole cost at each allowed site (``inf`` where not allowed), and its demand."""
        demand = self.weights[self._pairs.clients]
        return self._dense_costs() * demand[:, None], demand

    def _single_flows(self, where: np.ndarray) -> sp.csr_matrix:
        """Flows (active clients × allowed sites) sending each client's demand to the site at position ``where``."""
        pr = self._pairs
        return sp.csr_matrix(
            (self.weights[pr.clients], (np.arange(pr.n_clients), where)), shape=(pr.n_clients, pr.n_sites)
        )

    def _active_flows(self, result: CapacitatedResult) -> sp.csr_matrix:
        """A result's flows over active clients × allowed sites."""
        return result.flows[self._pairs.clients][:, self.allowed].tocsr()

    def _fixed_mask(self) -> np.ndarray:
        """The fixed sites, a mask over the allowed ones."""
        fixed = np.zeros(self.allowed.size, bool)
        fixed[np.searchsorted(self.allowed, self.fixed_open)] = True
        return fixed

    def _pmedian_start(self) -> np.ndarray:
        """Open sites (mask over the allowed ones) of the uncapacitated p-median heuristic."""
        pr = self._pairs
        m_a = self.allowed.size
        if pr.n_clients == 0 or pr.cost.size == 0:  # no demand: the fixed sites and the largest others
            is_open = np.zeros(m_a, bool)
            is_open[np.searchsorted(self.allowed, self.fixed_open)] = True
            rest = np.flatnonzero(~is_open)
            largest = rest[np.argsort(-self.capacities[self.allowed][rest], kind="stable")]
            is_open[largest[: self.p - self.fixed_open.size]] = True
            return is_open
        dense = self._dense_costs()
        big = 1e3 * (1.0 + float(np.abs(pr.cost).max()))
        pm = PMedian.from_cost_matrix(
            np.where(np.isfinite(dense), dense, big),
            self.weights[pr.clients],
            self.p,
            fixed_open=np.searchsorted(self.allowed, self.fixed_open),
        )
        is_open = np.zeros(m_a, bool)
        is_open[list(pm.heuristic().sites)] = True
        return is_open

    def _promising_swaps(self, is_open: np.ndarray, flows: sp.csr_matrix, width: int = 6) -> list[tuple[int, int]]:
        """Swaps (out, in), positions among the allowed sites, by estimated saving.

        The estimate ignores capacity: a closed site saves what its clients would gain
        going to it; an open site costs what its clients would lose going to their next
        nearest open site.
        """
        pr = self._pairs
        fixed = self._fixed_mask()
        removable = np.flatnonzero(is_open & ~fixed)
        closed = np.flatnonzero(~is_open)
        if removable.size == 0 or closed.size == 0 or pr.n_clients == 0:
            return []
        w = self.weights[pr.clients]
        dense = self._dense_costs()
        current = np.asarray(flows.multiply(pr.cost_matrix()).sum(axis=1)).ravel() / w
        with np.errstate(invalid="ignore"):
            saving = (w[:, None] * np.maximum(0.0, current[:, None] - dense[:, closed])).sum(
                axis=0, where=np.isfinite(dense[:, closed])
            )
        open_costs = dense[:, is_open]
        big = 1e3 * (1.0 + float(np.abs(pr.cost).max()))
        open_costs = np.where(np.isfinite(open_costs), open_costs, big)
        second = np.sort(open_costs, axis=1)[:, 1] if open_costs.shape[1] > 1 else np.full(pr.n_clients, big)
        flows_r = flows[:, removable].toarray()
        loss = (
            flows_r
            * np.maximum(0.0, second[:, None] - np.where(np.isfinite(dense[:, removable]), dense[:, removable], big))
        ).sum(axis=0)
        ins = closed[np.argsort(-saving, kind="stable")[:width]]
        outs = removable[np.argsort(loss, kind="stable")[:width]]
        estimate = {
            (int(r), int(j)): float(loss[np.searchsorted(removable, r)] - saving[np.searchsorted(closed, j)])
            for r in outs
            for j in ins
        }
        return sorted(estimate, key=estimate.__getitem__)

    # ------------------------------------------------------------------ exact

    def solve(
        self,
        *,
        time_limit: float | None = None,
        warm_start: CapacitatedResult | None = None,
    ) -> CapacitatedResult:
        """Solve to proven optimality (or the time limit) with HiGHS.

        Parameters
        ----------
        time_limit
            Seconds the solve may take after the heuristic (the relaxation a quarter at most,
            the neighbourhood search, when it runs, a quarter, HiGHS what is left); on expiry
            the best solution found is returned with its gap.
        warm_start
            A starting solution. Default: the result of :meth:`heuristic` (skipped when the
            heuristic finds none).

        Returns
        -------
        CapacitatedResult
            With HiGHS's dual bound as ``lower_bound`` and its relative MIP gap.

        Raises
        ------
        InputError
            When HiGHS proves that no choice of sites can serve every client, or finds no
            solution within the time limit.
        """
        start = time.perf_counter()
        if warm_start is None:
            try:
                warm_start = self.heuristic()
            except InputError:
                warm_start = None
        pr = self._pairs
        m_a = self.allowed.size
        own = time.perf_counter()
        upper = warm_start.objective if warm_start is not None else math.inf
        reduction = None
        if warm_start is not None:
            reduction = self._lagrangian(upper, seconds=0.25 * time_limit if time_limit is not None else 30.0)
        if reduction is not None and reduction.bound >= upper - 1e-9 * max(1.0, abs(upper)):
            assert warm_start is not None  # the relaxation alone proves the start optimal
            return self._proved(warm_start, reduction.bound, start)
        if reduction is not None and warm_start is not None and upper - reduction.bound > IMPROVE_GAP * abs(upper):
            # A better incumbent fixes more against the same multipliers and cuts HiGHS's search.
            share = None if time_limit is None else IMPROVE_SHARE * time_limit
            better = self._improve(warm_start, reduction, seconds=share)
            if better.objective < upper - 1e-9 * max(1.0, abs(upper)):
                warm_start, upper = better, better.objective
                # Resumed from its multipliers (its first bound is the one it had), against the better value.
                again = self._lagrangian(
                    upper, seconds=0.1 * time_limit if time_limit is not None else 10.0, start=reduction.multipliers
                )
                reduction = again if again is not None and again.bound >= reduction.bound else reduction
                if reduction.bound >= upper - 1e-9 * max(1.0, abs(upper)):
                    return self._proved(warm_start, reduction.bound, start)
        left = None if time_limit is None else max(0.1, time_limit - (time.perf_counter() - own))
        options: dict[str, float] = {}
        if reduction is not None:  # only solutions cheaper than the start are sought
            options["objective_bound"] = upper - 1.0 + 1e-6 if self._pair_costs()[1] else upper
        highs = self.new_solver(mip_rel_gap=0.0, time_limit=left, **options)
        loaded = self._load_programme(highs, reduction)
        if warm_start is not None:
            values = self._solution_of(warm_start)
            if reduction is None:
                set_start(highs, values)
            elif _fits(values, reduction, m_a):
                set_start(highs, np.concatenate([values[:m_a], values[m_a:][reduction.keep]]))
        ran = run_highs(highs)
        bound = ran.bound
        if reduction is not None:  # the reduced programme bounds only solutions cheaper than the start
            bound = max(reduction.bound, min(ran.bound, upper))
            if ran.status == "Infeasible":  # nothing cheaper than the start exists
                assert warm_start is not None
                return self._proved(warm_start, upper, start)
        if ran.status == "Infeasible":
            raise InputError(self._infeasible_problem())
        if ran.values is not None:
            sites = self.allowed[ran.values[:m_a] > 0.5]
            x = ran.values[m_a:]
            if self.single_source:
                x = np.round(x)
            flows = _flows_matrix(loaded, np.clip(x, 0.0, 1.0))
        if warm_start is not None and (ran.values is None or float(flows.multiply(pr.cost_matrix()).sum()) > upper):
            sites, flows = np.asarray(warm_start.sites), self._active_flows(warm_start)
        elif ran.values is None:
            raise InputError(
                no_solution(ran.status, time_limit, fix="allow more time or start from a heuristic solution")
            )
        result = self._result(sites, flows, bound, math.nan, ran.status, time.perf_counter() - start)
        objective = result.objective
        gap = relative_gap(bound, objective, objective)
        return CapacitatedResult(
            result.sites,
            result.assignment,
            objective,
            min(bound, objective),
            gap,
            "Optimal" if gap == 0.0 else ran.status,
            result.seconds,
            result.flows,
            result.load,
        )

    def _improve(
        self, solution: CapacitatedResult, reduction: _Reduction | None, *, seconds: float | None
    ) -> CapacitatedResult:
        """A single-source ``solution`` improved by the neighbourhood search, within about ``seconds``.

        The search (:func:`~gis.locate.neighbourhoods.neighbourhood_search`) starts from the
        better of ``solution`` and the sites the Lagrangian relaxation opens relocated among
        their clients (:func:`_relocate`, a tenth of the time at most): with many medians and
        tight capacities the relaxation's sites are a far better start than the heuristic's
        (Stefanello's lin318 with 70 medians: 2.9 % above the optimum against 8.9 %). It ends
        when every neighbourhood of the largest size is solved (or was given the search's last
        time limit) without improving and no median is worth moving to another part of the map,
        or the time is up. Returns
        ``solution`` itself when nothing better is found.
        """
        from gis.locate.neighbourhoods import neighbourhood_search

        started = time.perf_counter()
        pr = self._pairs
        if pr.n_clients == 0 or pr.cost.size == 0:
            return solution
        cost, demand = self._single_costs()
        capacity = self.capacities[self.allowed]
        fixed = self._fixed_mask()
        where = np.asarray(self._active_flows(solution).argmax(axis=1)).ravel()
        opened = np.searchsorted(self.allowed, np.asarray(solution.sites))
        value = float(cost[np.arange(where.size), where].sum())
        budget = math.inf if seconds is None else seconds
        if reduction is not None:
            found = _relocate(cost, demand, capacity, reduction.relaxed, fixed, seconds=min(3.0, 0.1 * budget))
            if found is not None and found[2] < value:
                opened, where, value = np.flatnonzero(found[0]), found[1], found[2]
        left = budget - (time.perf_counter() - started)
        if left > 0:
            searched = neighbourhood_search(
                cost, demand, capacity, self.p, assignment=where, fixed=fixed, time_limit=left
            )
            if searched.objective < value:
                opened, where, value = searched.medians, searched.assignment, searched.objective
        if value >= solution.objective - 1e-9 * max(1.0, abs(solution.objective)):
            return solution
        return self._result(
            self.allowed[opened],
            self._single_flows(where),
            math.nan,
            math.nan,
            "Heuristic (local optimum)",
            time.perf_counter() - started,
        )

    def _proved(self, solution: CapacitatedResult, bound: float, start: float) -> CapacitatedResult:
        """``solution`` proved optimal by ``bound`` (at least its objective, up to rounding)."""
        flows = self._active_flows(solution)
        result = self._result(np.asarray(solution.sites), flows, bound, 0.0, "Optimal", time.perf_counter() - start)
        return CapacitatedResult(
            result.sites,
            result.assignment,
            result.objective,
            result.objective,
            0.0,
            "Optimal",
            result.seconds,
            result.flows,
            result.load,
        )

    # ------------------------------------------------------------------ helpers

    def _load_programme(self, highs: Any, reduction: _Reduction | None = None) -> _Pairs:
        """Load the whole programme, sites and flows, with the fixed sites open.

        With a ``reduction``, only its pairs, its closed sites closed and its forced ones
        open, and integral pair costs snapped to integers. Returns the pairs loaded.
        """
        m_a = self.allowed.size
        lower = np.zeros(m_a)
        lower[np.searchsorted(self.allowed, self.fixed_open)] = 1.0
        upper = np.ones(m_a)
        pairs, pair_cost = self._pairs, None
        if reduction is not None:
            lower[reduction.forced] = 1.0
            upper[reduction.closed] = 0.0
            pairs = pairs.subset(reduction.keep)
            cost, integral = self._pair_costs()
            pair_cost = cost[reduction.keep] if integral else None
        _load(
            highs,
            pairs,
            self.capacities[self.allowed],
            p=self.p,
            y_bounds=(lower, upper),
            x_integer=self.single_source,
            pair_cost=pair_cost,
        )
        return pairs

    def _pair_costs(self) -> tuple[np.ndarray, bool]:
        """The pairs' costs ``w_i c_ij``, snapped to integers when all are (then True)."""
        cost = self._pairs.demand * self._pairs.cost
        snapped = np.round(cost)
        integral = bool(np.all(np.abs(cost - snapped) <= 1e-9 * np.maximum(1.0, np.abs(cost))))
        return (snapped if integral else cost), integral

    def _lagrangian(
        self, upper: float, *, seconds: float, iterations: int = 600, start: np.ndarray | None = None
    ) -> _Reduction | None:
        """The Lagrangian bound and site and pair fixing against an incumbent of value ``upper``.

        Only for single-sourced clients of integer demand (the knapsacks are solved exactly
        over integer capacities) and tables of a workable size; None otherwise. Subgradient
        steps toward ``upper`` from the multipliers ``start`` (default: each client's cost to
        its k-th nearest site, k the clients per site) until the bound meets it, stalls (no
        rise of a ten-thousandth in ``_STALLED`` steps), the steps vanish, ``iterations`` or
        ``seconds`` run out.
        """
        pr = self._pairs
        if not self.single_source or not math.isfinite(upper) or pr.n_clients == 0 or pr.cost.size == 0:
            return None
        if not np.all(pr.demand == np.round(pr.demand)):
            return None
        capacity = self.capacities[self.allowed]
        total = float(self.weights[pr.clients].sum())
        width = float(np.minimum(np.floor(capacity + 1e-9), total).max(initial=0)) + 1
        if width * pr.n_sites > _MAX_TABLE:
            return None
        cost, integral = self._pair_costs()
        knap = _Knapsacks(pr, cost, capacity, self._fixed_mask(), self.p)
        if start is None:
            k = max(1, pr.n_clients // max(1, self.p))
            lam = np.empty(pr.n_clients)
            for i in range(pr.n_clients):
                own = np.sort(cost[knap.start[i] : knap.start[i + 1]])
                lam[i] = own[min(k, own.size) - 1]
        else:
            lam = start.astype(float)
        done = upper - 1.0 + 1e-6 if integral else upper - 1e-9 * max(1.0, abs(upper))
        # Shorter first steps from multipliers already near their best.
        best, best_lam, step, stall = -math.inf, lam.copy(), 2.0 if start is None else 1.0, 0
        anchor, anchor_at = -math.inf, 0  # the bound when it last rose by a ten-thousandth
        started = time.perf_counter()
        for it in range(iterations):
            low, _, _, takes, chosen = knap.bound(lam)
            if low > best + 1e-12 * max(1.0, abs(low)):
                best, best_lam, stall = low, lam.copy(), 0
            else:
                stall += 1
                if stall >= 20:
                    step, stall = step / 2, 0
            if best > anchor + 1e-4 * max(1.0, abs(best)):
                anchor, anchor_at = best, it
            stalled = it - anchor_at >= _STALLED
            if best >= done or step < 1e-3 or stalled or time.perf_counter() - started > seconds:
                break
            direction = 1.0 - knap.times_served(takes, chosen)
            norm = float(direction @ direction)
            if norm == 0.0:  # the relaxation's solution is feasible: the bound is its value
                break
            lam = lam + step * (upper - low) / norm * direction
        return knap.reduce(best_lam, upper, integral)

    def _first_feasible(self) -> np.ndarray:
        """Open sites (mask over the allowed ones) of the MIP's first solution."""
        highs = self.new_solver(mip_max_improving_sols=1)
        self._load_programme(highs)
        ran = run_highs(highs)
        if ran.values is None:
            raise InputError(self._infeasible_problem())
        return ran.values[: self.allowed.size] > 0.5

    def _infeasible_problem(self) -> Problem:
        return Problem(
            f"no choice of {self.p} sites can serve every client within the capacities"
            + (f" and within {self.max_cost:g}" if self.max_cost is not None else "")
            + (" with each client served by a single site" if self.single_source else ""),
            field="capacities",
            fix="raise capacities, open more sites (p), raise max_cost, or exclude fewer sites",
        )

    def _allocate(self, is_open: np.ndarray, *, seconds: float = 10.0) -> tuple[sp.csr_matrix | None, float]:
        """Best flows (active clients × allowed sites) to the open sites; None if none fit.

        Single-sourced, the assignment programme gets ``seconds`` at most (None when it
        finds nothing by then).
        """
        pr = self._pairs
        keep = is_open[pr.site]
        sub = pr.subset(keep)
        if np.unique(sub.client).size < pr.n_clients:
            return None, math.inf
        if pr.n_clients == 0:  # nobody to serve
            return sp.csr_matrix((0, pr.n_sites)), 0.0
        cap = np.where(is_open, self.capacities[self.allowed], 0.0)
        highs = self.new_solver(time_limit=seconds if self.single_source else None)
        _load(highs, sub, cap, p=None, y_bounds=None, x_integer=self.single_source)
        ran = run_highs(highs)
        if ran.values is None:
            return None, math.inf
        x = np.clip(ran.values, 0.0, 1.0)
        if self.single_source:
            x = np.round(x)
        flows = _flows_matrix(sub, x)
        return flows, float(flows.multiply(pr.cost_matrix()).sum())

    def _solution_of(self, result: CapacitatedResult) -> np.ndarray:
        """The full column vector (y and x) of a result."""
        pr = self._pairs
        y = np.isin(self.allowed, np.asarray(result.sites)).astype(float)
        sub = self._active_flows(result)
        demand = self.weights[pr.clients]
        x = np.asarray(sub[pr.client, pr.site]).ravel() / demand[pr.client]
        return np.concatenate([y, x])

    def _result(
        self, sites: np.ndarray, flows: sp.csr_matrix, bound: float, gap: float, status: str, seconds: float
    ) -> CapacitatedResult:
        """A result from flows over active clients × allowed sites."""
        pr = self._pairs
        n, m = self.costs.shape
        sites = np.sort(np.asarray(sites, dtype=np.int64))
        coo = sp.coo_matrix(flows)
        nonzero = coo.data > EPS
        full = sp.csr_matrix(
            (coo.data[nonzero], (pr.clients[coo.row[nonzero]], self.allowed[coo.col[nonzero]])), shape=(n, m)
        )
        objective = float(full.multiply(self.costs).sum()) if full.nnz else 0.0
        load = np.asarray(full.sum(axis=0)).ravel()
        assignment = np.full(n, -1, dtype=np.int64)
        if full.nnz:
            biggest = np.asarray(full.argmax(axis=1)).ravel()
            served = np.diff(full.indptr) > 0
            assignment[served] = biggest[served]
        idle = np.flatnonzero(assignment < 0)
        if idle.size and sites.size:
            sub = self.costs[np.ix_(idle, sites)]
            if self.max_cost is not None:
                sub = np.where(sub <= self.max_cost, sub, np.inf)
            nearest = np.argmin(sub, axis=1)
            reach = np.isfinite(sub[np.arange(idle.size), nearest])
            assignment[idle[reach]] = sites[nearest[reach]]
        return CapacitatedResult(tuple(sites.tolist()), assignment, objective, bound, gap, status, seconds, full, load)


@dataclass(frozen=True)
class _Pairs:
    """The allowed client–site pairs, over active clients (weight > 0) and allowed sites.

    ``client`` and ``site`` are positions in ``clients`` and in the allowed sites; pairs are
    ordered by client.
    """

    clients: np.ndarray
    client: np.ndarray
    site: np.ndarray
    demand: np.ndarray  # weight of the pair's client
    cost: np.ndarray
    n_clients: int
    n_sites: int

    @classmethod
    def of(
        cls, costs: np.ndarray, w: np.ndarray, allowed: np.ndarray, q: np.ndarray, limit: float, single_source: bool
    ) -> _Pairs:
        clients = np.flatnonzero(w > 0)
        sub = costs[np.ix_(clients, allowed)]
        ok = np.isfinite(sub) & (sub <= limit)
        if single_source:  # a client larger than a site can never go there
            ok &= w[clients][:, None] <= q[allowed][None, :] * (1 + EPS) + EPS
        ci, sj = np.nonzero(ok)
        return cls(clients, ci, sj, w[clients][ci], sub[ci, sj], clients.size, allowed.size)

    def subset(self, keep: np.ndarray) -> _Pairs:
        return _Pairs(
            self.clients,
            self.client[keep],
            self.site[keep],
            self.demand[keep],
            self.cost[keep],
            self.n_clients,
            self.n_sites,
        )

    def cost_matrix(self) -> sp.csr_matrix:
        return sp.csr_matrix((self.cost, (self.client, self.site)), shape=(self.n_clients, self.n_sites))


def _fits(values: np.ndarray, reduction: _Reduction, n_sites: int) -> bool:
    """Whether a solution (the column vector, sites then pairs) keeps within ``reduction``."""
    y, x = values[:n_sites] > 0.5, values[n_sites:] > 1e-9
    return bool(not y[reduction.closed].any() and y[reduction.forced].all() and not x[~reduction.keep].any())


def _flows_matrix(pairs: _Pairs, x: np.ndarray) -> sp.csr_matrix:
    """Flows (active clients × allowed sites) of the shares ``x`` of each pair."""
    return sp.csr_matrix((pairs.demand * x, (pairs.client, pairs.site)), shape=(pairs.n_clients, pairs.n_sites))


def _load(
    highs: Any,
    pairs: _Pairs,
    capacity: np.ndarray,
    *,
    p: int | None,
    y_bounds: tuple[np.ndarray, np.ndarray] | None,
    x_integer: bool,
    pair_cost: np.ndarray | None = None,
) -> None:
    """Load the model into HiGHS, all rows and columns in bulk.

    With ``y_bounds``, columns are ``y`` (allowed sites, integer) then ``x`` (pairs), with rows
    ``Σ_j x_ij = 1``, ``Σ_i w_i x_ij − Q_j y_j ≤ 0``, ``x_ij − y_j ≤ 0``, ``Σ y = p`` and
    ``Σ_j Q_j y_j ≥ Σ_i w_i``.
    Without ``y_bounds`` it is the allocation to sites already open: columns ``x`` only and
    capacity rows ``Σ_i w_i x_ij ≤ Q_j``. ``pair_cost`` replaces the costs ``w_i c_ij`` of
    the pairs (the same numbers snapped to integers, so HiGHS sees an integral objective).
    """
    k, n_c, m_a = pairs.client.size, pairs.n_clients, pairs.n_sites
    inf = np.inf
    with_y = y_bounds is not None
    n_y = m_a if with_y else 0
    cost = np.concatenate([np.zeros(n_y), pairs.demand * pairs.cost if pair_cost is None else pair_cost])
    lower = np.concatenate([y_bounds[0] if y_bounds is not None else np.zeros(0), np.zeros(k)])
    upper = np.concatenate([y_bounds[1] if y_bounds is not None else np.zeros(0), np.ones(k)])
    add_columns(highs, cost, lower, upper, integer=n_y + k if x_integer else n_y)
    x_cols = n_y + np.arange(k)
    # Assignment rows (one per client), then capacity rows (one per site).
    rows = [pairs.client, n_c + pairs.site]
    cols = [x_cols, x_cols]
    vals = [np.ones(k), pairs.demand]
    row_lower = [np.ones(n_c), np.full(m_a, -inf)]
    row_upper = [np.ones(n_c), np.zeros(m_a) if with_y else capacity.astype(float)]
    if with_y:
        rows.append(n_c + np.arange(m_a))
        cols.append(np.arange(m_a))
        vals.append(-capacity.astype(float))
    link = np.arange(k) if with_y else np.zeros(0, np.int64)
    n_link = link.size
    if n_link:
        rows += [n_c + m_a + np.arange(n_link), n_c + m_a + np.arange(n_link)]
        cols += [x_cols[link], pairs.site[link]]
        vals += [np.ones(n_link), -np.ones(n_link)]
        row_lower.append(np.full(n_link, -inf))
        row_upper.append(np.zeros(n_link))
    n_rows = n_c + m_a + n_link
    a = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n_rows, n_y + k))
    a.sum_duplicates()
    add_rows(highs, np.concatenate(row_lower), np.concatenate(row_upper), a)
    if with_y:
        assert p is not None
        add_open_count(highs, m_a, p)
        # Valid and cheap: the open sites hold the total demand (Σ_j Q_j y_j ≥ Σ_i w_i).
        first_pair = np.unique(pairs.client, return_index=True)[1]
        demand = float(pairs.demand[first_pair].sum())
        highs.addRow(demand, inf, m_a, np.arange(m_a, dtype=np.int32), capacity.astype(float))


# ---------------------------------------------------------------------- shared validation


def _unreachable_problems(
    costs: np.ndarray,
    w: np.ndarray,
    allowed: np.ndarray,
    limit: float,
    pairs: _Pairs,
    q: np.ndarray,
    p: int,
    fixed: np.ndarray,
    single_source: bool,
) -> list[Problem]:
    """Clients of positive weight that no choice of sites can serve."""
    problems: list[Problem] = []
    clients = pairs.clients
    if clients.size == 0 or allowed.size == 0:
        return problems
    sub = costs[np.ix_(clients, allowed)]
    reach = np.isfinite(sub) & (sub <= limit)
    nearest = sub.min(axis=1)
    named: list[Problem] = []
    unreachable = np.flatnonzero(~reach.any(axis=1))
    for c in unreachable[:MAX_NAMED]:
        i = int(clients[c])
        if math.isfinite(limit):
            text = (
                f"no site that may be opened lies within {limit:g} of this client (weight {w[i]:g}); "
                f"the nearest allowed site costs {nearest[c]:g}"
            )
            fix = "raise max_cost, add a candidate site near it, or give it weight 0"
        else:
            text = f"no site that may be opened can reach this client (weight {w[i]:g})"
            fix = "add a candidate site that reaches it, exclude fewer sites, or give it weight 0"
        named.append(Problem(text, feature=f"client {i}", field="max_cost", value=f"{nearest[c]:g}", fix=fix))
    # Demand a single client brings, against what the sites within its reach can hold.
    qa = q[allowed]
    reach_cap = np.where(reach, qa[None, :], 0.0)
    is_fixed = np.isin(allowed, fixed)
    if single_source:
        most = reach_cap.max(axis=1)
        what = (
            "what any single site within its reach can hold (largest: {c:g}); single_source=True forbids splitting it"
        )
    else:
        extra = p - fixed.size
        top = -np.sort(-np.where(is_fixed[None, :], 0.0, reach_cap), axis=1)[:, :extra].sum(axis=1)
        most = reach_cap[:, is_fixed].sum(axis=1) + top
        what = "the {c:g} places the best " + str(p) + " sites within its reach can offer"
    too_big = np.flatnonzero(reach.any(axis=1) & (w[clients] > most * (1 + EPS) + EPS))
    for c in too_big[: max(0, MAX_NAMED - len(named))]:
        i = int(clients[c])
        named.append(
            Problem(
                f"this client's demand of {w[i]:g} exceeds " + what.format(c=most[c]),
                feature=f"client {i}",
                field="capacities",
                value=f"{w[i]:g}",
                fix="raise the capacities of the sites near it or raise max_cost",
            )
        )
    problems.extend(named)
    hidden = unreachable.size + too_big.size - len(named)
    if hidden > 0:
        problems.append(Problem(f"{hidden} more clients cannot be served either", field="max_cost"))
    return problems


# ---------------------------------------------------------------------- Lagrangian relaxation

# The relaxation's knapsack tables are sites × (capacity + 1) numbers; beyond this many the
# exact programme runs alone.
_MAX_TABLE = 20_000_000
# The subgradient search ends when its bound has not risen by a ten-thousandth in this many steps.
_STALLED = 60


@dataclass(frozen=True)
class _Reduction:
    """What the Lagrangian relaxation proves against an incumbent of value ``upper``.

    ``bound`` is a true lower bound of the whole model. Any solution cheaper than ``upper``
    (by at least 1 when the objective is integral) keeps the ``closed`` sites closed and the
    ``forced`` ones open (masks over the allowed sites) and uses only the ``keep`` pairs.
    """

    bound: float
    closed: np.ndarray
    forced: np.ndarray
    keep: np.ndarray
    multipliers: np.ndarray  # those of the bound
    relaxed: np.ndarray  # mask over the allowed sites: those the relaxation opens at them


class _Knapsacks:
    """The relaxation of the assignment rows of the single-source model with integer demands.

    For multipliers ``λ`` (one per client) it is ``Σ_i λ_i`` plus the ``p`` smallest site
    values (fixed sites always counted), a site's value being the least of
    ``Σ_i (a_ij − λ_i) x_ij`` over the 0-1 knapsack ``Σ_i q_i x_ij ≤ Q_j``, solved exactly by
    dynamic programming over integer capacities. It is a lower bound for any ``λ``.
    """

    def __init__(self, pairs: _Pairs, cost: np.ndarray, capacity: np.ndarray, fixed: np.ndarray, p: int) -> None:
        self.pairs = pairs
        self.cost = cost
        self.q = np.zeros(pairs.n_clients, np.int64)
        self.q[pairs.client] = np.round(pairs.demand).astype(np.int64)
        total = int(self.q.sum())
        self.cap = np.minimum(np.floor(capacity + 1e-9), total).astype(np.int64)
        self.width = int(self.cap.max(initial=0)) + 1
        self.fixed = fixed
        self.extra = p - int(fixed.sum())
        self.start = np.searchsorted(pairs.client, np.arange(pairs.n_clients + 1))

    def evaluate(self, lam: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[Any]]:
        """Each site's knapsack value, the tables (least value within each capacity), and the choices."""
        pr = self.pairs
        r = self.cost - lam[pr.client]
        table = np.zeros((pr.n_sites, self.width))
        takes: list[Any] = []
        for i in range(pr.n_clients):
            a, b = self.start[i], self.start[i + 1]
            profit = r[a:b]
            gain = profit < 0
            qi = int(self.q[i])
            if not gain.any() or qi >= self.width:
                takes.append(None)
                continue
            sites = pr.site[a:b][gain]
            rows = table[sites]
            with_i = rows[:, : self.width - qi] + profit[gain][:, None]
            took = with_i < rows[:, qi:]
            rows[:, qi:] = np.where(took, with_i, rows[:, qi:])
            table[sites] = rows
            takes.append((sites, took))
        return table[np.arange(pr.n_sites), self.cap], table, takes

    def select(self, value: np.ndarray) -> np.ndarray:
        """The sites of the relaxation: the fixed ones and the ``extra`` of least value."""
        chosen = self.fixed.copy()
        free = np.flatnonzero(~self.fixed)
        chosen[free[np.argsort(value[free], kind="stable")[: self.extra]]] = True
        return chosen

    def times_served(self, takes: list[Any], chosen: np.ndarray) -> np.ndarray:
        """How many chosen sites' knapsacks take each client."""
        left = self.cap.copy()
        count = np.zeros(self.pairs.n_clients)
        for i in range(self.pairs.n_clients - 1, -1, -1):
            if takes[i] is None:
                continue
            sites, took = takes[i]
            qi = int(self.q[i])
            fits = left[sites] >= qi
            taken = np.zeros(sites.size, bool)
            taken[fits] = took[fits, left[sites[fits]] - qi]
            sites = sites[taken]
            left[sites] -= qi
            count[i] = int(chosen[sites].sum())
        return count

    def bound(self, lam: np.ndarray) -> tuple[float, np.ndarray, np.ndarray, list[Any], np.ndarray]:
        value, table, takes = self.evaluate(lam)
        chosen = self.select(value)
        return float(lam.sum() + value[chosen].sum()), value, table, takes, chosen

    def reduce(self, lam: np.ndarray, upper: float, integral: bool) -> _Reduction:
        """The bound at ``lam`` and what it fixes against an incumbent of value ``upper``."""
        pr = self.pairs
        low, value, table, _, chosen = self.bound(lam)
        limit = upper - 1.0 + 1e-6 if integral else upper + 1e-9 * max(1.0, abs(upper))
        free_in = chosen & ~self.fixed
        free_out = ~chosen & ~self.fixed
        worst_in = float(value[free_in].max()) if free_in.any() else math.inf  # dropped to open another
        best_out = float(value[free_out].min()) if free_out.any() else math.inf
        closed = free_out & (low + value - worst_in > limit)
        forced = free_in & (low - value + best_out > limit)
        # A pair (i, j) used: site j open, its knapsack holding i, the rest within Q_j − q_i.
        room = self.cap[pr.site] - self.q[pr.client]
        with_pair = np.where(room >= 0, self.cost - lam[pr.client] + table[pr.site, np.maximum(room, 0)], np.inf)
        base = np.where(chosen[pr.site], low - value[pr.site], low - worst_in)
        keep = ~(base + with_pair > limit) & ~closed[pr.site]
        if integral:
            low = math.ceil(low - 1e-6)
        return _Reduction(low, closed, forced, keep, lam, chosen)


# ---------------------------------------------------------------------- single-source heuristic


def _assign_single(
    cost: np.ndarray, demand: np.ndarray, room: np.ndarray, *, passes: int = 10
) -> tuple[np.ndarray | None, float]:
    """Each client to one of the open sites (columns of ``cost``) within ``room``: regret, then moves.

    Clients go in the order of their regret (second-cheapest minus cheapest site), largest
    first, each to its cheapest site with room; then single moves and pairwise exchanges
    that save cost and keep within the room are made until none is left (or ``passes``).
    Returns the column of each client and the total cost, or None when the greedy finds no room.
    """
    n, k = cost.shape
    room = room.astype(float).copy()
    where = np.full(n, -1, np.int64)
    if k > 1:
        two = np.partition(cost, 1, axis=1)[:, :2]
        with np.errstate(invalid="ignore"):  # inf − inf where a client reaches none of the sites
            regret = np.where(np.isfinite(two[:, 1]), two[:, 1] - two[:, 0], np.inf)
    else:
        regret = np.zeros(n)
    for i in np.lexsort((-demand, -regret)):
        options = np.where(room >= demand[i] - EPS, cost[i], np.inf)
        j = int(np.argmin(options))
        if not math.isfinite(options[j]):
            return None, math.inf
        where[i] = j
        room[j] -= demand[i]
    rows = np.arange(n)
    for _ in range(passes):
        improved = _best_moves(cost, demand, room, where)
        improved = _best_exchanges(cost, demand, room, where) or improved
        if not improved:
            break
    return where, float(cost[rows, where].sum())


def _best_moves(cost: np.ndarray, demand: np.ndarray, room: np.ndarray, where: np.ndarray) -> bool:
    """Move clients to cheaper sites with room, largest saving first; ``room`` and ``where`` updated.

    Returns whether any client moved.
    """
    rows = np.arange(where.size)
    current = cost[rows, where]
    gain = np.where(room[None, :] >= demand[:, None] - EPS, current[:, None] - cost, -np.inf)
    gain[rows, where] = -np.inf
    best = gain.max(axis=1)
    worth = np.flatnonzero(best > EPS * np.maximum(1.0, np.abs(current)))
    moved = False
    for i in worth[np.argsort(-best[worth], kind="stable")]:
        a = where[i]
        options = np.where(room >= demand[i] - EPS, current[i] - cost[i], -1.0)
        options[a] = -1.0
        j = int(np.argmax(options))
        if options[j] > EPS * max(1.0, abs(current[i])):
            room[a] += demand[i]
            room[j] -= demand[i]
            where[i], moved = j, True
    return moved


def _best_exchanges(
    cost: np.ndarray, demand: np.ndarray, room: np.ndarray, where: np.ndarray, *, block: int = 256
) -> bool:
    """Swap the sites of two clients where that saves cost and fits, largest saving first.

    The savings of every pair are computed at once (``block`` rows at a time); each client
    takes part in one exchange at most per call. ``room`` and ``where`` are updated.
    Returns whether any exchange was made.
    """
    n = where.size
    rows = np.arange(n)
    current = cost[rows, where]
    at_site = room[where]
    found_i, found_o, found_d = [], [], []
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        part = rows[lo:hi]
        # Client i (row) goes to the site of client o (column) and o to the site of i.
        delta = cost[lo:hi][:, where] + cost[:, where[part]].T - current[part, None] - current[None, :]
        fits = (at_site[None, :] + demand[None, :] - demand[part, None] >= -EPS) & (
            at_site[part, None] + demand[part, None] - demand[None, :] >= -EPS
        )
        ok = fits & (where[part, None] != where[None, :]) & (part[:, None] < rows[None, :])
        ok &= delta < -EPS * np.maximum(1.0, np.abs(current[part, None]))
        row, col = np.nonzero(ok)
        found_i.append(part[row])
        found_o.append(col)
        found_d.append(delta[row, col])
    saving = np.concatenate(found_d) if found_d else np.zeros(0)
    if saving.size == 0:
        return False
    first, second = np.concatenate(found_i), np.concatenate(found_o)
    used = np.zeros(n, bool)
    exchanged = False
    for k in np.argsort(saving, kind="stable"):
        i, o = int(first[k]), int(second[k])
        if used[i] or used[o]:
            continue
        a, b = where[i], where[o]
        if room[b] + demand[o] - demand[i] < -EPS or room[a] + demand[i] - demand[o] < -EPS:
            continue
        room[a] += demand[i] - demand[o]
        room[b] += demand[o] - demand[i]
        where[i], where[o] = b, a
        used[i] = used[o] = exchanged = True
    return exchanged


# The share of the exact solver's time limit its neighbourhood search may take, and the gap
# between the start and the relaxation's bound (relative) above which it runs. Below 2 % the
# search did not pay on the Osman–Christofides and Lorena–Senne sets: the start was optimal or
# HiGHS found the optimum as fast (19/20 and 5/6 proved either way, 129 and 141 s without the
# search, 170 and 165 s with it); above, on Stefanello's lin318 and ali535 with 25 to 150
# medians, it brought the values from 2–43 % above the best known to 0–7 %.
IMPROVE_SHARE = 0.25
IMPROVE_GAP = 0.02

# The heuristic's last assignment programme is skipped above this many client-site pairs.
_MAX_ASSIGNMENT_PAIRS = 200_000

# Restarts of the single-source heuristic without a better solution before it changes tack or ends.
_STALLED_TRIES = 100


def _relocate(
    cost: np.ndarray,
    demand: np.ndarray,
    capacity: np.ndarray,
    is_open: np.ndarray,
    fixed: np.ndarray,
    *,
    seconds: float,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, float] | None:
    """Single-source sites and assignment by alternating relocation, with random restarts.

    Given the assignment, each movable median moves to the site that serves its own
    clients cheapest (their demand still fits); the clients are then reassigned
    (:func:`_assign_single`). When that stops improving, one random median is swapped for a
    closed site (near it half the time) and the alternation starts again from the best
    solution; after ``_STALLED_TRIES`` restarts (fewer on tiny models) without a better solution two medians are
    swapped at a time, and after as many more, or ``seconds``, the search ends.
    ``cost`` is clients × sites (``inf`` where not allowed).
    Returns the open mask, each client's site and the total cost; None if nothing fit.
    """
    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    best: tuple[np.ndarray, np.ndarray, float] | None = None
    current = is_open.copy()
    tries = last_better = 0
    swaps = 1  # medians swapped per restart; two once single swaps stall
    patience = min(_STALLED_TRIES, 2 * int(is_open.sum()) * int((~is_open).sum()))  # small for tiny models
    while True:
        sites = np.flatnonzero(current)
        where, value = _assign_single(cost[:, sites], demand, capacity[sites], passes=4)
        while where is not None:
            moved = current.copy()
            for c, j in enumerate(sites):
                if fixed[j]:
                    continue
                members = where == c
                load = float(demand[members].sum())
                total = cost[members].sum(axis=0)
                total[(moved & (np.arange(moved.size) != j)) | (capacity < load - EPS)] = np.inf
                k = int(np.argmin(total))
                if k != j and total[k] < total[j] - EPS * max(1.0, abs(total[j])):
                    moved[j], moved[k] = False, True
            if np.array_equal(moved, current):
                break
            new_sites = np.flatnonzero(moved)
            new_where, new_value = _assign_single(cost[:, new_sites], demand, capacity[new_sites], passes=4)
            if new_where is None or new_value >= value - EPS * max(1.0, abs(value)):
                break
            current, sites, where, value = moved, new_sites, new_where, new_value
        if where is not None and (best is None or value < best[2] - EPS * max(1.0, abs(value))):
            best, last_better = (current.copy(), sites[where], value), tries
        tries += 1
        if tries - last_better > patience and swaps == 1:
            swaps, last_better = 2, tries
        if time.perf_counter() - started > seconds or tries > 1000 or tries - last_better > patience:
            break
        current = (best[0] if best is not None else is_open).copy()
        movable_open = np.flatnonzero(current & ~fixed)
        closed = np.flatnonzero(~current)
        if movable_open.size == 0 or closed.size == 0:
            break
        for out in rng.choice(movable_open, size=min(swaps, movable_open.size), replace=False):
            current[out] = False
            closed = np.flatnonzero(~current)
            # In: a closed site near the one closed (half the time), or any closed site.
            members = best[1] == out if best is not None else np.zeros(demand.size, bool)
            near = closed[np.argsort(cost[np.ix_(members, closed)].sum(axis=0), kind="stable")]
            current[rng.choice(near[: max(1, near.size // 4)]) if rng.random() < 0.5 else rng.choice(closed)] = True
    if best is None:
        return None
    sites = np.flatnonzero(best[0])
    where, value = _assign_single(cost[:, sites], demand, capacity[sites])
    return (best[0], sites[where], value) if where is not None and value <= best[2] else best
