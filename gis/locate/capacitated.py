"""The capacitated p-median problem: open ``p`` sites, each serving at most its seats or beds.

A client's demand (the pupils of a grid cell or village) may be split across several open
sites by default; with ``single_source=True`` each client goes to exactly one. With a
``max_cost`` (say 120 minutes) only the client–site pairs within it may be used, and only
those pairs become variables, so large cost matrices cut down by the limit stay small.

- :meth:`CapacitatedPMedian.solve` is exact: the strong mixed-integer programme with
  ``y_j`` (site open), ``x_ij`` (share of client ``i``'s demand served by site ``j``),
  ``Σ_j y_j = p``, ``Σ_j x_ij = 1``, ``Σ_i w_i x_ij ≤ Q_j y_j`` and ``x_ij ≤ y_j``, solved
  by HiGHS with its proven lower bound and gap.
- :meth:`CapacitatedPMedian.heuristic` starts from the sites of the uncapacitated p-median
  heuristic, allocates the clients optimally to them (a transportation problem; a small
  assignment programme when single-sourced), then tries the most promising swaps; if the
  start does not fit the capacities it takes the first solution HiGHS finds. Its result
  warm-starts the exact solver.

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

    def heuristic(self, *, max_evaluations: int = 30) -> CapacitatedResult:
        """A good feasible solution fast: the p-median heuristic's sites, then swaps.

        The sites start as those of :meth:`PMedian.heuristic` over the allowed pairs; each
        choice of sites gets its optimal allocation (a transportation problem, or a small
        assignment programme when single-sourced). Swaps are then tried in the order of
        their estimated saving, the first improving one taken, until none of the most
        promising improves or ``max_evaluations`` allocations have been solved. When the
        start does not fit the capacities, the first solution HiGHS finds replaces it.

        Parameters
        ----------
        max_evaluations
            How many swaps (each an allocation problem) to try at most.

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
        fixed = np.zeros(self.allowed.size, bool)
        fixed[np.searchsorted(self.allowed, self.fixed_open)] = True
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
            Seconds HiGHS may take; on expiry the best solution found is returned with its
            gap.
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
        highs = self.new_solver(mip_rel_gap=0.0, time_limit=time_limit)
        self._load_programme(highs)
        if warm_start is not None:
            set_start(highs, self._solution_of(warm_start))
        ran = run_highs(highs)
        if ran.status == "Infeasible":
            raise InputError(self._infeasible_problem())
        if ran.values is not None:
            sites = self.allowed[ran.values[:m_a] > 0.5]
            x = ran.values[m_a:]
            if self.single_source:
                x = np.round(x)
            flows = _flows_matrix(pr, np.clip(x, 0.0, 1.0))
        elif warm_start is not None:
            sites, flows = np.asarray(warm_start.sites), warm_start.flows
            flows = flows[pr.clients][:, self.allowed]
        else:
            raise InputError(
                no_solution(ran.status, time_limit, fix="allow more time or start from a heuristic solution")
            )
        result = self._result(sites, flows, ran.bound, math.nan, ran.status, time.perf_counter() - start)
        objective = result.objective
        return CapacitatedResult(
            result.sites,
            result.assignment,
            objective,
            min(ran.bound, objective),
            relative_gap(ran.bound, objective, objective),
            ran.status,
            result.seconds,
            result.flows,
            result.load,
        )

    # ------------------------------------------------------------------ helpers

    def _load_programme(self, highs: Any) -> None:
        """Load the whole programme, sites and flows, with the fixed sites open."""
        m_a = self.allowed.size
        lower = np.zeros(m_a)
        lower[np.searchsorted(self.allowed, self.fixed_open)] = 1.0
        _load(
            highs,
            self._pairs,
            self.capacities[self.allowed],
            p=self.p,
            y_bounds=(lower, np.ones(m_a)),
            x_integer=self.single_source,
        )

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

    def _allocate(self, is_open: np.ndarray) -> tuple[sp.csr_matrix | None, float]:
        """Best flows (active clients × allowed sites) to the open sites; None if none fit."""
        pr = self._pairs
        keep = is_open[pr.site]
        sub = pr.subset(keep)
        if np.unique(sub.client).size < pr.n_clients:
            return None, math.inf
        if pr.n_clients == 0:  # nobody to serve
            return sp.csr_matrix((0, pr.n_sites)), 0.0
        cap = np.where(is_open, self.capacities[self.allowed], 0.0)
        highs = self.new_solver(time_limit=10.0 if self.single_source else None)
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
        sub = result.flows[pr.clients][:, self.allowed].tocsr()
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
) -> None:
    """Load the model into HiGHS, all rows and columns in bulk.

    With ``y_bounds``, columns are ``y`` (allowed sites, integer) then ``x`` (pairs), with rows
    ``Σ_j x_ij = 1``, ``Σ_i w_i x_ij − Q_j y_j ≤ 0``, ``x_ij − y_j ≤ 0``, ``Σ y = p`` and
    ``Σ_j Q_j y_j ≥ Σ_i w_i``.
    Without ``y_bounds`` it is the allocation to sites already open: columns ``x`` only and
    capacity rows ``Σ_i w_i x_ij ≤ Q_j``.
    """
    k, n_c, m_a = pairs.client.size, pairs.n_clients, pairs.n_sites
    inf = np.inf
    with_y = y_bounds is not None
    n_y = m_a if with_y else 0
    cost = np.concatenate([np.zeros(n_y), pairs.demand * pairs.cost])
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
