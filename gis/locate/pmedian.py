"""The p-median problem: open ``p`` sites so that the weighted total cost to the nearest is least.

Two solvers share one model:

- :meth:`PMedian.solve` is exact, reporting the proven lower bound and the optimality gap: a
  Lagrangian relaxation decides most sites, and a depth-first branch and bound on the same
  relaxation (Beasley, 1985) proves the rest when costs and weights are whole numbers;
  otherwise a mixed-integer programme over the sites left is solved by HiGHS. It uses the
  "radius" formulation of Cornuéjols,
  Nemhauser and Wolsey (1980) in the sparse form of Elloumi (2010): for each client, the
  distinct costs to the allowed sites are sorted, ``D¹ < D² < … < Dᴷ``, and a continuous
  ``zᵏ`` is 1 when no open site lies within ``Dᵏ``. The client then costs
  ``D¹ + Σₖ (Dᵏ⁺¹ − Dᵏ) zᵏ``, subject to ``zᵏ − zᵏ⁻¹ + Σ_{j: c_ij = Dᵏ} y_j ≥ 0``
  (``z⁰ = 1``). Each site appears once per client (as in the classic ``x_ij`` model), but
  the linear relaxation is much tighter and the programme needs no ``x_ij ≤ y_j`` rows.
  Levels that can never be a client's nearest open site are cut away: with ``p`` of ``m``
  sites open, the nearest lies no further than the ``(m − p + 1)``-th nearest site, and no
  further than the nearest site fixed open.

  Before HiGHS runs, a Lagrangian relaxation (Beasley, 1993: the assignment rows relaxed,
  multipliers by subgradient) gives a lower bound and decides sites: a site whose bound
  when forced open exceeds the incumbent less the least possible improvement (1 when costs
  and weights are whole numbers) is closed in every solution worth finding, and is removed
  from the programme; the same for sites that must be open. With whole numbers the rest is
  a tree search (:func:`_tree_search`): each node forces some sites open and others closed,
  its bound is the relaxation over what is left (a warm-started subgradient search that also
  fixes sites by reduced cost, starting from its parent's matrix without the clients and sites
  already settled), and it branches on the undecided site that costs the bound most to close.
  This proves all 40 OR-Library optima, where HiGHS on the radius programme
  branched poorly on the instances with small ``p`` and a real integrality gap. With
  fractional data, where a bound must meet the incumbent to within a rounding tolerance
  rather than 1, the undecided sites are probed with a subgradient search each when few
  are left, and HiGHS solves the radius programme over the sites that remain.
  Every test is a proof, so the result stays exact: ``lower_bound`` is a true bound, and the
  gap is 0 only when the bound meets the objective.
- :meth:`PMedian.heuristic` is greedy addition followed by vertex substitution
  (Teitz and Bart, 1968) with the swap gains of every (in, out) pair evaluated at once, as
  in the fast interchange of Whitaker (1983) and Resende and Werneck (2004), then a second
  substitution started from the sites a short Lagrangian relaxation opens (each time its step
  halves, at its best bound and its last few better ones; a cheaper incumbent lets the
  relaxation stop once it proves it). The greedy totals are updated incrementally, only over the
  clients each new site brings closer. Its result, and the relaxation's multipliers,
  warm-start the exact solver.

Each client's weighted costs are sorted once (:class:`_Sorted`), so that the relaxation's
site terms and the substitution's gains are summed only over the sites closer to a client
than its multiplier or its second-nearest open site: a few per client, not the whole matrix.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from gis.errors import InputError
from gis.locate.base import (
    EPS,
    LocationModel,
    LocationResult,
    SolverFactory,
    add_columns,
    add_open_count,
    add_rows,
    run_highs,
    set_start,
)
from gis.locate.checks import check_common, check_p
from gis.locate.problem import location_problem

if TYPE_CHECKING:
    from gis.network import RoutingNetwork
    from gis.progress import ProgressFn
    from gis.project import Project
    from gis.standards import Standards


class PMedian(LocationModel):
    """The p-median model over a cost matrix (clients × sites).

    Build it with :meth:`from_cost_matrix` (or :meth:`from_project`); the constructor checks
    that the problem can be solved at all and reports every problem in words before any
    solver runs. The data and the solver are those of :class:`~gis.locate.base.LocationModel`.
    """

    p: int

    def __init__(
        self,
        costs: np.ndarray,
        weights: np.ndarray,
        p: int,
        fixed_open: np.ndarray,
        allowed: np.ndarray,
        solver: SolverFactory | None = None,
    ) -> None:
        super().__init__(costs, weights, p, fixed_open, allowed, solver)

    @classmethod
    def from_cost_matrix(
        cls,
        costs: np.ndarray,
        weights: np.ndarray | Sequence[float] | None = None,
        p: int = 1,
        *,
        fixed_open: Iterable[int] = (),
        excluded: Iterable[int] = (),
        solver: SolverFactory | None = None,
    ) -> PMedian:
        """The p-median model of a cost matrix.

        Parameters
        ----------
        costs
            ``costs[i, j]`` is the cost (travel time) from client ``i`` to site ``j``;
            finite. Not modified.
        weights
            Demand of each client (pupils); non-negative. Default: 1 for every client.
        p
            Number of sites to open, counting the fixed ones.
        fixed_open
            Sites that must be open (existing schools that stay).
        excluded
            Sites that may not be opened.
        solver
            A factory of fresh ``highspy.Highs``-like objects for :meth:`solve` (used when
            costs or weights are not whole numbers); default a quiet HiGHS.

        Returns
        -------
        PMedian

        Raises
        ------
        InputError
            With every problem found: a malformed matrix or weights, sites out of range, a
            site both fixed and excluded, or a ``p`` that no choice of sites can meet.
        """
        costs, w, fixed, banned, allowed, problems = check_common(costs, weights, fixed_open, excluded, allow_inf=False)
        p = check_p(p, fixed, banned, allowed, costs.shape[1], problems)
        if problems:
            raise InputError(problems)
        return cls(costs, w, p, fixed, allowed, solver)

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
        unreachable_minutes: float | None = None,
        networks: dict[str, RoutingNetwork] | None = None,
        progress: ProgressFn | None = None,
    ) -> PMedian:
        """The model of one group of a project's children (see :func:`~gis.locate.problem.location_problem`).

        Clients are the populated cells, sites the existing schools teaching the group
        (``existing``: ``fixed``, ``closable`` or ``excluded``) and the ``candidates``. A
        cell that cannot reach a site within the rules' longest trip costs
        ``unreachable_minutes`` there (default ten times that trip), so that the model
        prefers any site in reach. The model's ``problem`` keeps the sites' kinds, names,
        positions and seats.
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
        penalty = 10 * standards.max_travel_min if unreachable_minutes is None else float(unreachable_minutes)
        return cls.from_problem(problem, costs=np.where(np.isfinite(problem.costs), problem.costs, penalty), p=p)

    # ------------------------------------------------------------------ heuristic

    def heuristic(
        self, *, max_swaps: int | None = None, restarts: int = 0, seed: int = 0, lagrangian: int = 400
    ) -> LocationResult:
        """A good solution fast: greedy addition, vertex substitution, then a Lagrangian restart.

        After the first local optimum, the Lagrangian relaxation (see :func:`_lagrangian`) is
        solved approximately by ``lagrangian`` subgradient steps; each time its step shrinks,
        the sites it opens at its best bound start a vertex substitution, and so do its last
        relaxed solutions at the end; the best local optimum is kept. This usually finds the
        optimum when ``p`` is large, and a better incumbent lets the relaxation stop as soon
        as it proves it. Unless it has, optional restarts swap one to three random sites of
        the best solution for closed ones and run the substitution again (an iterated local
        search); the random numbers come from a seeded generator, so the result is the same on
        every run.

        Parameters
        ----------
        max_swaps
            Stop each local search after this many swaps (default: until no swap improves).
        restarts
            Number of random perturbed restarts.
        seed
            Seed of the random perturbations.
        lagrangian
            Subgradient steps of the Lagrangian restart; 0 for none.

        Returns
        -------
        LocationResult
            A local optimum for single swaps; ``lower_bound`` and ``gap`` are NaN.
        """
        return self._heuristic(max_swaps=max_swaps, restarts=restarts, seed=seed, lagrangian=lagrangian)[0]

    def _heuristic(
        self, *, max_swaps: int | None = None, restarts: int = 0, seed: int = 0, lagrangian: int = 400
    ) -> tuple[LocationResult, np.ndarray | None, bool]:
        """:meth:`heuristic`, the multipliers its Lagrangian restart ended with (or None), and
        whether that relaxation proved the result optimal (nothing cheaper by the least
        improvement :meth:`solve` looks for is left)."""
        start = time.perf_counter()
        multipliers = None
        proved = False
        sites = _greedy(self.costs, self.weights, self.p, self.fixed_open, self.allowed)
        sites = self._local_search(sites, max_swaps)
        best = self._objective(sites)
        if lagrangian:
            clients, wc, nearest = self._weighted()
        if lagrangian and clients.size:
            w = self.weights[clients]
            tol = EPS * max(1.0, abs(best))
            # With whole numbers, sites that cannot be in a solution cheaper by 1 are dropped
            # from the relaxation, which then runs on fewer columns.
            trail: list[np.ndarray] = []
            lag = _lagrangian(
                wc,
                self.p,
                np.searchsorted(self.allowed, self.fixed_open),
                1.0 - tol if _whole(wc) else tol,
                w * self.costs[clients][:, sites].min(axis=1),
                best,
                math.inf,
                max_iterations=lagrangian,
                step=2.0,
                nearest=nearest,
                trail=trail,
                improve=self._improve_positions,
            )
            result = self._polish(self._result(sites, math.nan, math.nan, "", 0.0), lag, trail)
            sites, best = np.asarray(result.sites, np.int64), result.objective
            multipliers = lag.multipliers.astype(float)
            proved = not math.isfinite(lag.bound) and result.objective <= lag.upper
        rng = np.random.default_rng(seed)
        movable = np.flatnonzero(~np.isin(sites, self.fixed_open))
        spare = self.allowed.size - self.p
        for _ in range(restarts if movable.size and spare and not proved else 0):
            closed = np.setdiff1d(self.allowed, sites)
            k = int(rng.integers(1, min(3, movable.size, spare) + 1))
            trial = sites.copy()
            trial[rng.choice(movable, size=k, replace=False)] = rng.choice(closed, size=k, replace=False)
            trial = self._local_search(trial, max_swaps)
            value = self._objective(trial)
            if value < best - EPS * max(1.0, abs(best)):
                sites, best = trial, value
        seconds = time.perf_counter() - start
        return self._result(sites, math.nan, math.nan, "Heuristic (local optimum)", seconds), multipliers, proved

    # ------------------------------------------------------------------ exact

    def solve(
        self,
        *,
        time_limit: float | None = None,
        warm_start: LocationResult | Sequence[int] | None = None,
    ) -> LocationResult:
        """Solve to proven optimality (or the time limit).

        The starting solution gives an upper bound. A Lagrangian relaxation (the assignment
        of each client relaxed, multipliers by subgradient) then proves which sites are
        closed, and which open, in every solution better than it. When costs and weights are
        whole numbers, "better" means cheaper by at least 1, which makes these tests much
        stronger, and a branch and bound on the relaxation settles the sites left; otherwise
        HiGHS solves the radius programme over them.

        Parameters
        ----------
        time_limit
            Seconds the whole solve may take; on expiry the best solution found is returned
            with its proven bound and gap.
        warm_start
            A starting solution (a result or the sites it opens). Default: the result of
            :meth:`heuristic` with :func:`solve_restarts` restarts. A start that is not a solution
            (wrong size, an excluded site, a fixed site missing) is ignored.

        Returns
        -------
        LocationResult
            With a proven ``lower_bound``; status ``"Optimal"`` and gap 0 when the bound meets
            the objective.
        """
        start = time.perf_counter()
        deadline = math.inf if time_limit is None else start + float(time_limit)
        multipliers = None
        proved = False
        if warm_start is None:
            warm_start, multipliers, proved = self._heuristic(restarts=solve_restarts(self.p))
        sites = np.asarray(warm_start.sites if isinstance(warm_start, LocationResult) else warm_start, np.int64)
        if not self._admissible(sites):
            sites = np.asarray(self.heuristic().sites, np.int64)
        best = self._result(sites, math.nan, math.nan, "", 0.0)
        clients, wc, nearest = self._weighted()
        if clients.size == 0 or proved:  # no demand, or the heuristic's relaxation proved its result
            return self._finish(best, best.objective, "Optimal", start)
        w = self.weights[clients]
        # A solution worth finding is cheaper than the incumbent by `slack`: by 1 when every
        # objective value is a whole number, else by a rounding tolerance.
        tol = EPS * max(1.0, abs(best.objective))
        slack = 1.0 - tol if _whole(wc) else tol
        incumbent_cost = w * self.costs[clients, best.assignment[clients]]
        fixed_pos = np.searchsorted(self.allowed, self.fixed_open)
        # The heuristic's multipliers are a better start than the incumbent's costs.
        warm = multipliers is not None and multipliers.shape == incumbent_cost.shape
        trail: list[np.ndarray] = []
        lag = _lagrangian(
            wc,
            self.p,
            fixed_pos,
            slack,
            multipliers if warm and multipliers is not None else incumbent_cost,
            best.objective,
            deadline,
            step=2.0,
            nearest=nearest,
            trail=trail,
        )
        # The sites the relaxation opens, improved by vertex substitution, are often optimal
        # (large p); a better incumbent then closes more sites. Once the bound proves the
        # incumbent (or a solution the relaxation met), the trail is not needed.
        before = best.objective
        best = self._polish(best, lag, trail if math.isfinite(lag.bound) else ())
        if best.objective < before and math.isfinite(lag.bound):
            lag = _lagrangian(
                wc,
                self.p,
                np.flatnonzero(lag.opened),
                slack,
                lag.multipliers,
                best.objective,
                deadline,
                closed=lag.closed,
                max_iterations=300,
                nearest=nearest,
            )
        if slack > 0.5 and math.isfinite(lag.bound):
            # Whole-number data: a depth-first search on the Lagrangian bound settles the rest.
            lower, positions, status = _tree_search(
                wc,
                self.p,
                slack,
                lag,
                best.objective,
                deadline,
                improve=self._improve_positions,
            )
            if positions is not None and self._objective(self.allowed[positions]) < best.objective:
                best = self._result(self.allowed[positions], math.nan, math.nan, "", 0.0)
            if status == "Optimal":
                return self._finish(best, best.objective, "Optimal", start)
            return self._finish(best, min(lower, best.objective - slack), status, start)
        lag = _probe(wc, self.p, fixed_pos, slack, lag, deadline)
        best = self._polish(best, lag)
        # Every solution outside the search costs more than `prune`.
        prune = min(lag.upper, best.objective) - slack
        lower = min(lag.bound, prune)
        allowed = self.allowed[~lag.closed]
        fixed = np.union1d(self.fixed_open, self.allowed[lag.opened])
        status = "Optimal"
        if lower < prune and allowed.size > self.p >= fixed.size:
            found, bound, status = self._branch_and_bound(allowed, fixed, best, slack, deadline)
            if found is not None and found.objective < best.objective:
                best = found
            lower = max(lower, min(bound, prune))
        elif lower < prune and allowed.size == self.p >= fixed.size:
            found = self._result(allowed, math.nan, math.nan, "", 0.0)  # the only solution left
            best = found if found.objective < best.objective else best
            lower = prune
        else:
            lower = prune  # nothing better than the incumbent is left
        if lower >= best.objective - slack:
            return self._finish(best, best.objective, "Optimal", start)
        # HiGHS stopped early (time limit) or its own tolerances closed the gap but ours did not.
        return self._finish(best, lower, status if status != "Optimal" else "Optimal within HiGHS tolerances", start)

    def _branch_and_bound(
        self, allowed: np.ndarray, fixed: np.ndarray, best: LocationResult, slack: float, deadline: float
    ) -> tuple[LocationResult | None, float, str]:
        """HiGHS on the radius programme restricted to ``allowed`` sites, ``fixed`` open."""
        model = _RadiusModel(self.costs, self.weights, self.p, fixed, allowed)
        # The Lagrangian fixing has done the presolve's work; HiGHS's restarts after root
        # reductions cost far more than they save on these programmes.
        highs = self.new_solver(
            mip_rel_gap=0.0,
            mip_abs_gap=slack - EPS if slack > 0.5 else slack,
            presolve="off",
            mip_allow_restart=False,
            time_limit=max(0.0, deadline - time.perf_counter()) if math.isfinite(deadline) else None,
        )
        model.load(highs)
        start_sites = np.asarray(best.sites, np.int64)
        if np.isin(start_sites, allowed).all() and np.isin(fixed, start_sites).all():
            set_start(highs, model.solution_of(start_sites))
        ran = run_highs(highs)
        found = None
        if ran.values is not None:
            found = self._result(model.sites_of(ran.values), math.nan, math.nan, "", 0.0)
        bound = ran.bound  # the model carries the constant part as its offset
        if ran.status == "Infeasible":
            bound = math.inf
        return found, (bound if math.isfinite(bound) or bound > 0 else -math.inf), ran.status

    # ------------------------------------------------------------------ helpers

    def _local_search(self, sites: np.ndarray, max_swaps: int | None = None) -> np.ndarray:
        """Vertex substitution from ``sites`` (:func:`_swap_sorted`, or :func:`_interchange` when no sorted copy)."""
        _, wc, nearest = self._weighted()
        if nearest is None:
            return _interchange(self.costs, self.weights, sites, self.fixed_open, self.allowed, max_swaps)
        positions = np.searchsorted(self.allowed, sites)
        return self.allowed[_swap_sorted(wc, nearest, positions, np.isin(sites, self.fixed_open), max_swaps)]

    def _improve_positions(self, positions: np.ndarray) -> tuple[float, np.ndarray]:
        """Vertex substitution from the sites at ``positions`` (of the allowed sites): its objective and positions."""
        sites = self._local_search(self.allowed[positions])
        return self._objective(sites), np.searchsorted(self.allowed, sites)

    def _weighted(self) -> tuple[np.ndarray, np.ndarray, _Sorted | None]:
        """The clients of positive weight, their weighted costs to the allowed sites, those sorted.

        Kept for the next call (the heuristic's and the exact solver's relaxations share
        them) while the model's arrays stay the same objects. The sorted copy is made only
        when it fits in memory beside the matrix.
        """
        key = (self.costs, self.weights, self.allowed)
        cached = getattr(self, "_weighted_cache", None)
        if cached is not None and all(a is b for a, b in zip(cached[0], key, strict=True)):
            return cached[1]
        clients = np.flatnonzero(self.weights > 0)
        wc = self.weights[clients][:, None] * self.costs[np.ix_(clients, self.allowed)]
        result = (clients, wc, _Sorted(wc) if 0 < wc.size <= _SORTED_MOST else None)
        self._weighted_cache = (key, result)
        return result

    def _result(self, sites: np.ndarray, bound: float, gap: float, status: str, seconds: float) -> LocationResult:
        sites = np.sort(np.asarray(sites, dtype=np.int64))
        sub = self.costs[:, sites]
        nearest = np.argmin(sub, axis=1)
        objective = float(self.weights @ sub[np.arange(sub.shape[0]), nearest])
        return LocationResult(tuple(sites.tolist()), sites[nearest], objective, bound, gap, status, seconds)

    def _polish(self, best: LocationResult, lag: _Lagrange, trail: Sequence[np.ndarray] = ()) -> LocationResult:
        """The incumbent, or the solutions of the relaxation after vertex substitution if cheaper.

        Besides the relaxation's best solutions, the last ``_STARTS`` different ones of its
        ``trail`` (those at its last better bounds) are starts too.
        """
        tried: set[tuple[int, ...]] = set()
        for positions in [lag.sites, lag.relaxed, *reversed(trail)]:
            if positions is None or positions.size != self.p:
                continue
            key = tuple(np.sort(positions).tolist())
            if key in tried:
                continue
            tried.add(key)
            sites = self._local_search(self.allowed[positions])
            if self._objective(sites) < best.objective:
                best = self._result(sites, math.nan, math.nan, "", 0.0)
            if len(tried) >= _STARTS:
                break
        return best

    def _objective(self, sites: np.ndarray) -> float:
        return float(self.weights @ self.costs[:, sites].min(axis=1))

    def _admissible(self, sites: np.ndarray) -> bool:
        return bool(
            sites.size == self.p
            and np.unique(sites).size == self.p
            and np.isin(sites, self.allowed).all()
            and np.isin(self.fixed_open, sites).all()
        )

    def _finish(self, best: LocationResult, lower: float, status: str, start: float) -> LocationResult:
        objective = best.objective
        if status == "Optimal":
            lower, gap = objective, 0.0
        else:
            lower = min(lower, objective)
            gap = (objective - lower) / abs(objective) if objective else (0.0 if lower >= 0 else math.inf)
        return LocationResult(best.sites, best.assignment, objective, lower, gap, status, time.perf_counter() - start)


# Perturbed restarts of the heuristic that warm-starts :meth:`PMedian.solve`: cheap, and a
# better incumbent spares the tree search most of its nodes.
SOLVE_RESTARTS = 30


def solve_restarts(p: int) -> int:
    """The perturbed restarts of the heuristic that warm-starts :meth:`PMedian.solve`.

    One per site to open, at most ``SOLVE_RESTARTS``: with few sites the heuristic's
    relaxation and the tree search find the rest, and each restart costs more (every client's
    second-nearest site is far, so its local search sums over most of the matrix).
    """
    return min(SOLVE_RESTARTS, p)


# The most of the Lagrangian restart's last solutions the heuristic improves by local search.
_STARTS = 8

# The most entries of a cost matrix for which :class:`_Sorted` keeps a sorted copy.
_SORTED_MOST = 20_000_000

# Entries of the relaxation's scratch block (8 MB): ρ is summed over at most this many at a time.
_SCRATCH = 1 << 20


def _whole(values: np.ndarray) -> bool:
    """True when every value is a whole number small enough for exact float arithmetic."""
    return bool(np.all(np.abs(values) < 2.0**40) and np.array_equal(values, np.round(values)))


@dataclass(frozen=True)
class _Lagrange:
    """What the Lagrangian relaxation proved: a bound and the sites it decided."""

    bound: float
    closed: np.ndarray  # over the allowed sites: closed in every solution worth finding
    opened: np.ndarray  # open in every solution worth finding
    upper: float  # the best objective known, the incumbent's or a relaxed solution's
    sites: np.ndarray | None  # positions of the sites of a relaxed solution better than the incumbent
    multipliers: np.ndarray  # those of the best bound
    relaxed: np.ndarray  # positions of the sites the relaxation opened at the best bound
    reduced: _Reduced | None = None  # the matrix it ended on, when not proved


@dataclass(frozen=True)
class _Reduced:
    """A relaxation's matrix without the clients settled at a forced site and the closed sites.

    Every solution under more forced and closed sites keeps those clients settled at the same
    cost, so a child of a tree node can start from its parent's.
    """

    rows: np.ndarray  # the clients left (rows of the whole matrix)
    live: np.ndarray  # the sites left (its columns)
    cols: np.ndarray  # the whole matrix's rows × live, transposed (live × rows, C order)
    base: float  # the settled clients' cost


class _Sorted:
    """Each client's weighted costs in ascending order, for ``ρ`` summed only where they count.

    ``ρⱼ = Σᵢ min(0, wcᵢⱼ − λᵢ)`` gets a term only from the sites closer to client ``i`` than
    ``λᵢ``, a few of each row once the multipliers are near their best: one search in the rows
    flattened (each offset by ``span`` so that they stay in order) finds them all.
    """

    def __init__(self, wc: np.ndarray) -> None:
        n, m = wc.shape
        order = np.argsort(wc, axis=1, kind="stable")
        values = np.take_along_axis(wc, order, axis=1)
        self.low = float(values[:, 0].min()) if wc.size else 0.0
        self.span = (float(values[:, -1].max()) - self.low if wc.size else 0.0) + 1.0
        self.offsets = np.arange(n) * self.span
        self.keys = (values - self.low + self.offsets[:, None]).ravel()
        self.values = values.ravel()
        self.sites = order.ravel()
        self.starts = np.arange(n) * m
        self.m = m
        # Rounding in the keys may count a few sites at or just above λᵢ, whose terms are 0.
        self.margin = 8.0 * float(np.spacing(max(1.0, n * self.span)))

    def below(self, limit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The flat positions of every row's entries below its ``limit`` (and a few at it), and their count per row."""
        ends = np.searchsorted(
            self.keys, self.offsets + np.clip(limit - self.low, -0.5, self.span - 0.5) + self.margin, side="right"
        )
        counts = ends - self.starts
        first = np.cumsum(counts) - counts
        return np.arange(int(counts.sum())) + np.repeat(self.starts - first, counts), counts

    def rho(self, lam: np.ndarray) -> np.ndarray:
        """``ρ`` of every site for the multipliers ``lam``."""
        at, counts = self.below(lam)
        terms = np.minimum(self.values[at] - np.repeat(lam, counts), 0.0)
        return np.bincount(self.sites[at], weights=terms, minlength=self.m)


def _lagrangian(
    wc: np.ndarray,
    p: int,
    fixed: np.ndarray,
    slack: float,
    start: np.ndarray,
    upper: float,
    deadline: float,
    *,
    closed: np.ndarray | None = None,
    max_iterations: int = 1000,
    step: float = 1.0,
    patience: int = 20,
    nearest: _Sorted | None = None,
    trail: list[np.ndarray] | None = None,
    improve: Callable[[np.ndarray], tuple[float, np.ndarray]] | None = None,
    reduced: _Reduced | None = None,
) -> _Lagrange:
    """Lagrangian bound of the p-median with the assignment rows relaxed, and site fixing.

    With multipliers ``λ`` on ``Σⱼ xᵢⱼ = 1``, ``L(λ) = Σᵢ λᵢ + Σ_{j open} ρⱼ`` where
    ``ρⱼ = Σᵢ min(0, wᵢcᵢⱼ − λᵢ)`` and the open sites are the fixed ones and the ``p`` − fixed
    free ones of least ``ρ``; ``L(λ)`` bounds the optimum for every ``λ``, and the chosen sites
    are themselves a solution, often a good one. Opening a closed
    free site ``j`` instead of the last chosen one gives the bound ``L + ρⱼ − ρ_last`` on
    every solution with ``j`` open; when it exceeds the incumbent less the least improvement,
    ``j`` is closed in every solution worth finding, and likewise a chosen
    site is opened when ``L − ρⱼ + ρ_next`` exceeds it. Decided sites stay decided, and later
    bounds are over the solutions left. Multipliers follow Held–Karp subgradient steps
    towards ``upper``, starting from ``start``, projected onto ``[lo, hi]``: ``lo`` a client's
    cost to its nearest site left, ``hi`` to its nearest forced one (below or above, no
    multiplier gives a better bound). A client with ``lo = hi`` is a constant and leaves the
    matrix, which deep in a tree search keeps few rows and columns; with one solution left,
    its cost is the bound.

    Parameters
    ----------
    wc
        Weighted costs, clients (positive weight) × allowed sites.
    p
        Sites to open.
    fixed
        Positions (columns of ``wc``) of the sites fixed open.
    slack
        The least improvement worth finding: bounds above ``upper − slack`` leave nothing.
    start
        Starting multipliers, e.g. each client's weighted cost in the incumbent.
    upper
        The incumbent's objective, the target of the step length. The sites chosen by the
        relaxation are a solution too; when one is cheaper it becomes the incumbent.
    deadline
        ``time.perf_counter()`` value at which to stop.
    closed
        Sites already known to be closed (not modified).
    max_iterations
        Subgradient steps at most.
    step
        The first step length factor; it halves whenever ``patience`` steps bring no better
        bound, and the search stops when it falls below 0.001.
    nearest
        ``wc`` sorted (:class:`_Sorted`): ``ρ`` from it while the matrix is whole.
    trail
        When given, the sites the relaxation opens at each better bound are appended to it
        (starts for a local search).
    improve
        When given, called with the sites (positions) the relaxation opens at its best bound
        each time the step halves; it returns a solution's objective and positions (a local
        search from them), which becomes the incumbent if cheaper.
    reduced
        The matrix a relaxation with fewer sites decided ended on (:attr:`_Lagrange.reduced`),
        to start from instead of ``wc``; ``start`` must be that relaxation's multipliers.

    Returns
    -------
    _Lagrange
        ``bound`` is ``inf`` when no solution worth finding is left.
    """
    n, m = wc.shape
    prune = upper - slack
    found: np.ndarray | None = None
    closed = np.zeros(m, bool) if closed is None else closed.copy()
    opened = np.zeros(m, bool)
    opened[fixed] = True
    full = start.astype(float)  # the multipliers of every client; `lam` holds those of `rows`
    best, best_lam = -math.inf, full.copy()
    relaxed = np.flatnonzero(opened)
    stall = 0
    # Clients whose nearest site left is a forced one have a constant part (`base`, their
    # cost there); the others (`rows`) against the sites not closed (`live`) make `cols`,
    # held sites × clients: a site's costs are contiguous, so the open sites' rows are
    # gathered, and ρ summed, along memory.
    if reduced is None:
        rows, live, cols, base = np.arange(n), np.arange(m), np.ascontiguousarray(wc.T), 0.0
    else:
        rows, live, cols, base = reduced.rows, reduced.live, reduced.cols, reduced.base
    # ρ from the sorted costs while the matrix is whole.
    sorted_costs = nearest if rows.size == n and live.size == m else None
    lam = full[rows]
    scratch = np.empty(min(cols.size, _SCRATCH))  # for ρ summed over the matrix, a block of sites at a time
    changed = True  # the closed or opened sites changed since the sets below were made
    polished: set[bytes] = set()
    for _ in range(max_iterations):
        if changed:
            keep = ~closed[live]
            forced_cols = np.flatnonzero(opened[live] & keep)
            kept = cols[keep]
            lo = kept.min(axis=0) if kept.shape[0] else np.full(rows.size, math.inf)
            hi = cols[forced_cols].min(axis=0) if forced_cols.size else np.full(rows.size, math.inf)
            settled = lo >= hi
            if settled.sum() > 0.1 * rows.size or (~keep).sum() > 0.2 * live.size:
                full[rows] = lam
                full[rows[settled]] = hi[settled]
                base += float(hi[settled].sum())
                left = np.flatnonzero(~settled)
                rows, lo, hi = rows[left], lo[left], hi[left]
                live = live[keep]
                cols = kept.take(left, axis=1)
                lam = full[rows]
                keep = np.ones(live.size, bool)
                forced_cols = np.flatnonzero(opened[live])
                sorted_costs = None
            candidates = np.flatnonzero(keep & ~opened[live])
            k = p - forced_cols.size
            if k < 0 or candidates.size < k:
                full[rows] = lam
                return _Lagrange(math.inf, closed, opened, upper, found, best_lam, relaxed)
            if candidates.size == k:  # one solution left: its cost is the bound
                open_cols = np.concatenate([forced_cols, candidates])
                value = base + float(cols[open_cols].min(axis=0).sum()) if rows.size else base
                if value < prune:
                    upper, found = value, live[open_cols]
                opened[live[candidates]] = True
                return _Lagrange(math.inf, closed, opened, upper, found, best_lam, live[open_cols])
            # Any multipliers give a bound; those below the nearest site left or above the
            # nearest forced one never give a better one.
            lam = np.clip(lam, lo, hi)
            changed = False
        total = float(lam.sum())
        rho = sorted_costs.rho(lam) if sorted_costs is not None else _rho_dense(cols, lam, total, scratch)
        order = candidates[np.argsort(rho[candidates], kind="stable")]
        chosen = order[:k]
        open_cols = np.concatenate([forced_cols, chosen])
        bound = float(base + total + rho[open_cols].sum())
        if k:
            last = rho[chosen[-1]]
            rest = order[k:]
            following = rho[rest[0]] if rest.size else math.inf
            shut = rest[rho[rest] > prune - bound + last]
            force = chosen[rho[chosen] < bound + following - prune]
            if shut.size or force.size:
                closed[live[shut]] = True
                opened[live[force]] = True
                changed = True
        elif candidates.size:
            closed[live[candidates]] = True
            changed = True
        near = cols[open_cols]
        value = base + float(near.min(axis=0).sum())
        if value < prune:
            upper, prune, found = value, value - slack, live[open_cols]
        if bound > prune:  # these multipliers prove it: the ones to start again from
            full[rows] = lam
            return _Lagrange(math.inf, closed, opened, upper, found, full, live[open_cols])
        if bound > best + 1e-9 * max(1.0, abs(bound)):
            full[rows] = lam
            best, best_lam, relaxed, stall = bound, full.copy(), live[open_cols], 0
            if trail is not None:
                trail.append(relaxed)
        else:
            stall += 1
            if stall >= patience:
                step, stall = step / 2, 0
                if improve is not None and relaxed.size == p:
                    key = np.sort(relaxed).tobytes()
                    if key not in polished:
                        polished.add(key)
                        value, better = improve(relaxed)
                        if value < prune:
                            upper, prune, found = value, value - slack, better
        if step < 1e-3 or time.perf_counter() > deadline:
            break
        subgradient = 1.0 - (near < lam).sum(axis=0)
        if forced_cols.size:
            subgradient[(lam >= hi) & (subgradient > 0)] = 0.0  # projected: these cannot rise
        norm = float(subgradient @ subgradient)
        if norm == 0:  # the relaxed solution is a solution: its bound is the optimum over what is left
            break
        lam = np.minimum(
            np.maximum(lam + step * max(upper - bound, 1e-6 * max(1.0, abs(upper))) / norm * subgradient, lo), hi
        )
    return _Lagrange(best, closed, opened, upper, found, best_lam, relaxed, _Reduced(rows, live, cols, base))


def _rho_dense(cols: np.ndarray, lam: np.ndarray, total: float, scratch: np.ndarray) -> np.ndarray:
    """``ρⱼ = Σᵢ min(0, wcᵢⱼ − λᵢ) = Σᵢ min(wcᵢⱼ, λᵢ) − Σᵢ λᵢ`` of every site (row of ``cols``, sites ×
    clients), in blocks of sites that fit ``scratch`` (``total`` is ``Σᵢ λᵢ``)."""
    n_sites, n_rows = cols.shape
    per = max(1, scratch.size // max(1, n_rows))
    rho = np.empty(n_sites)
    for first in range(0, n_sites, per):
        block = cols[first : first + per]
        out = scratch[: block.size].reshape(block.shape)
        np.minimum(block, lam, out=out)
        out.sum(axis=1, out=rho[first : first + per])
    rho -= total
    return rho


def _probe(
    wc: np.ndarray, p: int, fixed: np.ndarray, slack: float, lag: _Lagrange, deadline: float, *, most: int = 250
) -> _Lagrange:
    """Close more sites: for each undecided one, the Lagrangian bound with it forced open.

    Each probe starts from the best multipliers found and runs a subgradient search of its
    own; when its bound leaves nothing worth finding with the site open, the site is closed.
    The relaxation is then solved again over the sites left, and the probes repeated while
    they close sites. This pays when few sites are undecided (small ``p``, where the bound
    of the relaxation alone stays below the optimum); with more than ``most`` undecided,
    nothing is probed.
    """
    closed, upper, found = lag.closed.copy(), lag.upper, lag.sites
    for _ in range(3):
        if not math.isfinite(lag.bound):
            break
        forced = np.union1d(fixed, np.flatnonzero(lag.opened))
        undecided = np.flatnonzero(~closed & ~lag.opened)
        if undecided.size == 0 or undecided.size > most:
            break
        before = int(closed.sum())
        for j in undecided:
            if time.perf_counter() > deadline:
                break
            probe = _lagrangian(
                wc, p, np.append(forced, j), slack, lag.multipliers, upper, deadline, closed=closed, max_iterations=300
            )
            if probe.sites is not None:
                upper, found = probe.upper, probe.sites
            if probe.bound > upper - slack:
                closed[j] = True
        lag = _lagrangian(wc, p, forced, slack, lag.multipliers, upper, deadline, closed=closed, step=1.0)
        if lag.sites is not None:
            upper, found = lag.upper, lag.sites
        closed = lag.closed.copy()
        if int(closed.sum()) == before:
            break
    return _Lagrange(lag.bound, closed, lag.opened, upper, found, lag.multipliers, lag.relaxed)


def _tree_search(
    wc: np.ndarray,
    p: int,
    slack: float,
    lag: _Lagrange,
    upper: float,
    deadline: float,
    *,
    iterations: int = 25,
    patience: int = 10,
    step: float = 2.0,
    improve: Callable[[np.ndarray], tuple[float, np.ndarray]] | None = None,
) -> tuple[float, np.ndarray | None, str]:
    """Depth-first branch and bound on the Lagrangian bound (Beasley, 1985).

    Each node is a set of sites forced open and a set closed; its bound is the Lagrangian
    relaxation over the solutions left, by ``iterations`` subgradient steps started from the
    multipliers of its parent (first step factor ``step``, halved after ``patience`` steps
    without a better bound: long first steps and short nodes prove pmed36 with fewer
    iterations in all), which also closes and opens sites by reduced cost. A node whose
    bound exceeds the incumbent less ``slack`` holds nothing worth finding; otherwise the search
    branches on the undecided site the relaxation finds most attractive: open first, then
    closed. Every solution the relaxations meet is a candidate incumbent, after ``improve``
    (a local search from the positions of its sites, returning its objective and positions, as
    :func:`_lagrangian` takes it) when given, and so are the relaxed
    solutions of the first ``_STARTS`` nodes.

    Returns
    -------
    tuple
        A proven lower bound on every solution cheaper than ``upper − slack`` (``inf`` when the
        search finished: nothing cheaper exists), the positions of the best solution found if
        cheaper than ``upper``, and the status: ``"Optimal"`` or ``"Time limit reached"``.
    """
    found: np.ndarray | None = None
    prune = upper - slack
    searched = 0
    stack: list[tuple[np.ndarray, np.ndarray, np.ndarray, float, _Reduced | None]] = [
        (np.flatnonzero(lag.opened), lag.closed, lag.multipliers, lag.bound, lag.reduced)
    ]
    while stack:
        if time.perf_counter() > deadline:
            return min(node[3] for node in stack), found, "Time limit reached"
        forced, closed, lam, bound, reduced = stack.pop()
        if bound > prune:
            continue
        node = _lagrangian(
            wc,
            p,
            forced,
            slack,
            lam,
            upper,
            deadline,
            closed=closed,
            max_iterations=iterations,
            step=step,
            patience=patience,
            reduced=reduced,
        )
        if node.sites is not None:
            upper, found = node.upper, node.sites
        # The first nodes' relaxed solutions, and every better one met, start a local search.
        start = node.sites if node.sites is not None else node.relaxed if searched < _STARTS else None
        searched += 1
        if improve is not None and start is not None and start.size == p:
            value, better = improve(start)
            if value < upper:
                upper, found = value, better
        prune = upper - slack
        if not node.bound <= prune:  # inf, or nothing worth finding left here
            continue
        opened = np.flatnonzero(node.opened)
        undecided = ~node.closed & ~node.opened
        if opened.size >= p or opened.size + int(undecided.sum()) <= p:
            continue  # one solution left, and the relaxation has evaluated it
        if time.perf_counter() > deadline:
            stack.append((forced, node.closed, node.multipliers, max(bound, node.bound), node.reduced))
            continue
        candidates = node.relaxed[undecided[node.relaxed]]
        if candidates.size == 0:
            candidates = np.flatnonzero(undecided)
        rho = np.minimum(wc[:, candidates] - node.multipliers[:, None], 0.0).sum(axis=0)
        j = int(candidates[np.argmin(rho)])
        shut = node.closed.copy()
        shut[j] = True
        stack.append((opened, shut, node.multipliers, node.bound, node.reduced))
        stack.append((np.append(opened, j), node.closed, node.multipliers, node.bound, node.reduced))
    return math.inf, found, "Optimal"


def _greedy(costs: np.ndarray, w: np.ndarray, p: int, fixed: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Add, one at a time, the site that lowers the weighted total most.

    The totals ``Σᵢ wᵢ min(cᵢⱼ, d1ᵢ)`` of opening each site are updated only over the clients
    the last site brought closer, not recomputed.
    """
    chosen = list(fixed.tolist())
    candidate = np.zeros(costs.shape[1], bool)
    candidate[allowed] = True
    candidate[fixed] = False
    d1 = costs[:, fixed].min(axis=1) if fixed.size else None
    total = w @ (costs if d1 is None else np.minimum(costs, d1[:, None]))
    while len(chosen) < p:
        best = int(np.argmin(np.where(candidate, total, np.inf)))
        chosen.append(best)
        candidate[best] = False
        new = costs[:, best]
        if d1 is None:
            d1 = new.copy()
            total = w @ np.minimum(costs, d1[:, None])
            continue
        rows = np.flatnonzero(new < d1)
        if rows.size:
            near = costs[rows]
            total -= w[rows] @ (np.minimum(near, d1[rows, None]) - np.minimum(near, new[rows, None]))
            d1[rows] = new[rows]
    return np.asarray(chosen, dtype=np.int64)


def _interchange(
    costs: np.ndarray, w: np.ndarray, sites: np.ndarray, fixed: np.ndarray, allowed: np.ndarray, max_swaps: int | None
) -> np.ndarray:
    """Best-improvement swaps until none improves, every (in, out) pair evaluated at once.

    With ``d1``/``d2`` the costs to a client's nearest and second-nearest open sites and
    ``f1`` its nearest, swapping site ``r`` out and ``j`` in changes the total by
    ``G[j] + L[j, r]``, where ``G[j] = Σᵢ wᵢ (min(c_ij, d1ᵢ) − d1ᵢ)`` and ``L[j, r]`` sums
    ``wᵢ (min(c_ij, d2ᵢ) − min(c_ij, d1ᵢ))`` over the clients with ``f1ᵢ = r``.
    """
    n, m = costs.shape
    sites = sites.copy()
    p = sites.size
    removable = ~np.isin(sites, fixed)
    if p == 0 or not removable.any():
        return sites
    rows = np.arange(n)
    extra = np.empty_like(costs)
    swaps = 0
    while max_swaps is None or swaps < max_swaps:
        sub = costs[:, sites]
        if p > 1:
            order = np.argpartition(sub, 1, axis=1)[:, :2]
            first = np.where(sub[rows, order[:, 0]] <= sub[rows, order[:, 1]], order[:, 0], order[:, 1])
            second = np.where(first == order[:, 0], order[:, 1], order[:, 0])
            d1, d2 = sub[rows, first], sub[rows, second]
        else:
            first = np.zeros(n, np.int64)
            d1 = sub[:, 0]
            d2 = np.full(n, np.inf)
        cap1 = np.minimum(costs, d1[:, None])
        gain = w @ cap1 - float(w @ d1)
        extra = np.minimum(costs, d2[:, None], out=extra)
        extra -= cap1
        owner = sp.csr_matrix((w, (first, rows)), shape=(p, n))  # weights folded in
        delta = gain[None, :] + (owner @ extra)  # p × m: out position × in site
        closed = np.ones(m, bool)
        closed[sites] = False
        in_ok = np.zeros(m, bool)
        in_ok[allowed] = True
        in_ok &= closed
        delta[:, ~in_ok] = np.inf
        delta[~removable, :] = np.inf
        out_pos, in_site = np.unravel_index(int(np.argmin(delta)), delta.shape)
        if not delta[out_pos, in_site] < -EPS * max(1.0, float(w @ d1)):
            break
        sites[out_pos] = in_site
        swaps += 1
    return sites


def _swap_sorted(
    wc: np.ndarray, nearest: _Sorted, positions: np.ndarray, fixed: np.ndarray, max_swaps: int | None
) -> np.ndarray:
    """:func:`_interchange` over weighted costs, summing only where a swap changes a client's cost.

    With ``d1``/``d2`` a client's weighted costs to its nearest and second-nearest open
    sites, swapping the nearest out and ``j`` in costs it ``d2 − d1`` less
    ``d2 − max(c_ij, d1)`` when ``c_ij < d2``: the sums run over those entries, which
    :class:`_Sorted` finds, instead of the whole matrix.

    Parameters
    ----------
    wc
        Weighted costs, clients × allowed sites.
    nearest
        ``wc`` sorted.
    positions
        The open sites' columns; the result keeps their order, with swapped ones replaced.
    fixed
        For each of ``positions``, whether it must stay.
    max_swaps
        Stop after this many swaps (default: until no swap improves).
    """
    n, m = wc.shape
    positions = positions.copy()
    p = positions.size
    if p == 0 or fixed.all():
        return positions
    rows = np.arange(n)
    # With one site open, a client has no second one: any level above its costs acts as d2.
    ceiling = wc.max(axis=1) + 1.0 if p == 1 else None
    swaps = 0
    while max_swaps is None or swaps < max_swaps:
        sub = wc[:, positions]
        first = sub.argmin(axis=1)
        d1 = sub[rows, first]
        if ceiling is None:
            sub[rows, first] = np.inf
            d2 = sub.min(axis=1)
        else:
            d2 = ceiling
        at, counts = nearest.below(d2)
        values, sites = nearest.values[at], nearest.sites[at]
        low, high = np.repeat(d1, counts), np.repeat(d2, counts)
        gain = np.bincount(sites, weights=np.minimum(values - low, 0.0), minlength=m)
        loss = np.bincount(first, weights=d2 - d1, minlength=p)
        kept = np.maximum(high - np.maximum(values, low), 0.0)
        saved = np.bincount(np.repeat(first, counts) * m + sites, weights=kept, minlength=p * m).reshape(p, m)
        delta = gain[None, :] + loss[:, None] - saved  # out position × in site
        delta[:, positions] = np.inf
        delta[fixed, :] = np.inf
        out, enter = np.unravel_index(int(np.argmin(delta)), delta.shape)
        if not delta[out, enter] < -EPS * max(1.0, float(d1.sum())):
            break
        positions[out] = enter
        swaps += 1
    return positions


class _RadiusModel:
    """The radius (Elloumi) MIP of a p-median: columns ``y`` for allowed sites, then ``z``."""

    def __init__(self, costs: np.ndarray, w: np.ndarray, p: int, fixed: np.ndarray, allowed: np.ndarray) -> None:
        self.allowed = allowed
        self.fixed = fixed
        self.p = p
        clients = np.flatnonzero(w > 0)
        sub = costs[np.ix_(clients, allowed)]
        n, m = sub.shape
        order = np.argsort(sub, axis=1, kind="stable")
        srt = np.take_along_axis(sub, order, axis=1)
        # The nearest open site is never further than the (m - p + 1)-th nearest allowed site,
        # nor than the nearest fixed-open one.
        cap = srt[:, m - p] if n else np.zeros(0)
        if fixed.size:
            cap = np.minimum(cap, costs[np.ix_(clients, fixed)].min(axis=1))
        new_level = np.ones_like(srt, dtype=bool)
        new_level[:, 1:] = srt[:, 1:] > srt[:, :-1]
        level = np.cumsum(new_level, axis=1) - 1  # 0-based level of each sorted entry
        within = srt < cap[:, None]  # entries strictly below the cap: levels that get a row
        n_rows = np.where(within.any(axis=1), level.max(axis=1, where=within, initial=0) + 1, 0)
        # Row/z numbering: client c's levels 0..n_rows[c]-1 are rows/z's base[c] + level.
        base = (np.cumsum(n_rows) - n_rows).astype(np.int64)
        total = int(n_rows.sum())
        self.n_y = m
        self.n_z = total
        # Level values and increments D^{l+1} - D^l (the last step ends at the cap level).
        starts = srt[new_level]  # values of each level, row-major
        level_counts = new_level.sum(axis=1)
        level_base = np.cumsum(level_counts) - level_counts
        client_of_z = np.repeat(np.arange(n), n_rows)
        l_of_z = np.arange(total) - np.repeat(base, n_rows)
        value_here = starts[level_base[client_of_z] + l_of_z]
        value_next = starts[level_base[client_of_z] + l_of_z + 1]
        self.z_cost = w[clients][client_of_z] * (value_next - value_here)
        self.offset = float(w[clients] @ srt[:, 0]) if n else 0.0
        # Matrix: y entries (row = base + level, col = site position) for entries within.
        ci, pos = np.nonzero(within)
        y_rows = base[ci] + level[ci, pos]
        y_cols = order[ci, pos]
        z_cols = m + np.arange(total)
        prev = l_of_z > 0
        rows = np.concatenate([y_rows, np.arange(total), np.flatnonzero(prev)])
        cols = np.concatenate([y_cols, z_cols, z_cols[prev] - 1])
        vals = np.concatenate([np.ones(y_rows.size), np.ones(total), -np.ones(int(prev.sum()))])
        self.matrix = sp.csr_matrix((vals, (rows, cols)), shape=(total, m + total))
        self.row_lower = np.where(prev, 0.0, 1.0)
        self.client_of_z = client_of_z
        self.value_next = value_next
        self.clients = clients
        self.sub = sub

    def load(self, highs: Any) -> None:
        m, total = self.n_y, self.n_z
        lower = np.zeros(m + total)
        upper = np.ones(m + total)
        fixed_pos = np.searchsorted(self.allowed, self.fixed)
        lower[fixed_pos] = 1.0
        add_columns(highs, np.concatenate([np.zeros(m), self.z_cost]), lower, upper, integer=m)
        add_open_count(highs, m, self.p)
        add_rows(highs, self.row_lower, np.full(total, np.inf), self.matrix)
        highs.changeObjectiveOffset(self.offset)

    def solution_of(self, sites: np.ndarray) -> np.ndarray:
        """The full column vector (y and z) of a set of open sites."""
        y = np.zeros(self.n_y)
        y[np.searchsorted(self.allowed, sites)] = 1.0
        nearest = self.sub[:, y > 0.5].min(axis=1) if self.sub.size else np.zeros(0)
        # z for level l is 1 when no open site lies within D^l, i.e. the nearest is at D^(l+1) or beyond.
        z = (self.value_next <= nearest[self.client_of_z]).astype(float)
        return np.concatenate([y, z])

    def sites_of(self, col_value: np.ndarray) -> np.ndarray:
        return self.allowed[col_value[: self.n_y] > 0.5]
