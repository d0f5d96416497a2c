"""The p-median problem: open ``p`` sites so that the weighted total cost to the nearest is least.

Two solvers share one model:

- :meth:`PMedian.solve` is exact: a mixed-integer programme solved by HiGHS, reporting the
  proven lower bound and the optimality gap. It uses the "radius" formulation of Cornuéjols,
  Nemhauser and Wolsey (1980) in the sparse form of Elloumi (2010): for each client, the
  distinct costs to the allowed sites are sorted, ``D¹ < D² < … < Dᴷ``, and a continuous
  ``zᵏ`` is 1 when no open site lies within ``Dᵏ``. The client then costs
  ``D¹ + Σₖ (Dᵏ⁺¹ − Dᵏ) zᵏ``, subject to ``zᵏ − zᵏ⁻¹ + Σ_{j: c_ij = Dᵏ} y_j ≥ 0``
  (``z⁰ = 1``). Each site appears once per client (as in the classic ``x_ij`` model), but
  the linear relaxation is much tighter and the programme needs no ``x_ij ≤ y_j`` rows.
  Levels that can never be a client's nearest open site are cut away: with ``p`` of ``m``
  sites open, the nearest lies no further than the ``(m − p + 1)``-th nearest site, and no
  further than the nearest site fixed open.
- :meth:`PMedian.heuristic` is greedy addition followed by vertex substitution
  (Teitz and Bart, 1968) with the swap gains of every (in, out) pair evaluated at once, as
  in the fast interchange of Whitaker (1983) and Resende and Werneck (2004). Its result
  warm-starts the exact solver.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from gis.assign import new_highs
from gis.errors import InputError, Problem

_EPS = 1e-9


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


class PMedian:
    """The p-median model over a cost matrix (clients × sites).

    Build it with :meth:`from_cost_matrix`; the constructor checks that the problem can be
    solved at all and reports every problem in words before any solver runs.
    """

    def __init__(
        self,
        costs: np.ndarray,
        weights: np.ndarray,
        p: int,
        fixed_open: np.ndarray,
        allowed: np.ndarray,
        solver: Callable[[], Any] | None = None,
    ) -> None:
        self.costs = costs
        self.weights = weights
        self.p = p
        self.fixed_open = fixed_open
        self.allowed = allowed
        self._solver = solver

    @classmethod
    def from_cost_matrix(
        cls,
        costs: np.ndarray,
        weights: np.ndarray | Sequence[float] | None = None,
        p: int = 1,
        *,
        fixed_open: Iterable[int] = (),
        excluded: Iterable[int] = (),
        solver: Callable[[], Any] | None = None,
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
            A factory of fresh ``highspy.Highs``-like objects for :meth:`solve`; default a
            quiet HiGHS.

        Returns
        -------
        PMedian

        Raises
        ------
        InputError
            With every problem found: a malformed matrix or weights, sites out of range, a
            site both fixed and excluded, or a ``p`` that no choice of sites can meet.
        """
        costs = np.asarray(costs, dtype=float)
        problems: list[Problem] = []
        if costs.ndim != 2 or costs.shape[0] == 0 or costs.shape[1] == 0:
            raise InputError(
                Problem("the cost matrix must be two-dimensional with clients and sites", value=str(costs.shape))
            )
        n, m = costs.shape
        if not np.isfinite(costs).all():
            bad = np.argwhere(~np.isfinite(costs))[0]
            problems.append(
                Problem(
                    "costs must be finite",
                    feature=f"client {bad[0]}, site {bad[1]}",
                    value=str(costs[bad[0], bad[1]]),
                    fix="give unreachable sites a large finite cost or exclude them",
                )
            )
        w = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
        if w.shape != (n,):
            problems.append(Problem(f"there must be one weight per client ({n})", value=str(w.shape)))
            w = np.ones(n)
        elif not (np.isfinite(w).all() and (w >= 0).all()):
            bad_i = int(np.flatnonzero(~(np.isfinite(w) & (w >= 0)))[0])
            problems.append(
                Problem("weights must be finite and non-negative", feature=f"client {bad_i}", value=str(w[bad_i]))
            )
        fixed = _site_indices(fixed_open, m, "fixed open", problems)
        banned = _site_indices(excluded, m, "excluded", problems)
        both = np.intersect1d(fixed, banned)
        if both.size:
            problems.append(
                Problem(
                    "sites cannot be both fixed open and excluded",
                    value=", ".join(map(str, both.tolist())),
                    fix="keep each site in at most one of the two lists",
                )
            )
        allowed = np.setdiff1d(np.arange(m), banned)
        if int(p) != p:
            problems.append(Problem("the number of sites to open must be a whole number", value=str(p)))
        p = int(p)
        if p <= 0:
            problems.append(
                Problem("at least one site must be opened", field="p", value=str(p), fix="set p to 1 or more")
            )
        if p < fixed.size:
            problems.append(
                Problem(
                    f"{fixed.size} sites are fixed open, more than the {p} sites to open",
                    field="p",
                    value=str(p),
                    fix=f"set p to at least {fixed.size} or fix fewer sites",
                )
            )
        if p > allowed.size:
            problems.append(
                Problem(
                    f"only {allowed.size} of the {m} sites may be opened ({banned.size} excluded), "
                    f"fewer than the {p} asked",
                    field="p",
                    value=str(p),
                    fix=f"set p to at most {allowed.size} or exclude fewer sites",
                )
            )
        if problems:
            raise InputError(problems)
        return cls(costs, w, p, fixed, allowed, solver)

    # ------------------------------------------------------------------ heuristic

    def heuristic(self, *, max_swaps: int | None = None) -> LocationResult:
        """A good solution fast: greedy addition, then best-improvement vertex substitution.

        Parameters
        ----------
        max_swaps
            Stop after this many swaps (default: until no swap improves).

        Returns
        -------
        LocationResult
            A local optimum for single swaps; ``lower_bound`` and ``gap`` are NaN.
        """
        start = time.perf_counter()
        sites = _greedy(self.costs, self.weights, self.p, self.fixed_open, self.allowed)
        sites = _interchange(self.costs, self.weights, sites, self.fixed_open, self.allowed, max_swaps)
        return self._result(sites, math.nan, math.nan, "Heuristic (local optimum)", time.perf_counter() - start)

    # ------------------------------------------------------------------ exact

    def solve(
        self,
        *,
        time_limit: float | None = None,
        warm_start: LocationResult | Sequence[int] | None = None,
    ) -> LocationResult:
        """Solve to proven optimality (or the time limit) with HiGHS.

        Parameters
        ----------
        time_limit
            Seconds HiGHS may take; on expiry the best solution found is returned with its
            gap.
        warm_start
            A starting solution (a result or the sites it opens). Default: the result of
            :meth:`heuristic`.

        Returns
        -------
        LocationResult
            With HiGHS's dual bound as ``lower_bound`` and its relative MIP gap.
        """
        start = time.perf_counter()
        if warm_start is None:
            warm_start = self.heuristic()
        start_sites = np.asarray(warm_start.sites if isinstance(warm_start, LocationResult) else warm_start, int)
        model = _RadiusModel(self.costs, self.weights, self.p, self.fixed_open, self.allowed)
        highs = self._solver() if self._solver is not None else _quiet_highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("mip_rel_gap", 0.0)
        if time_limit is not None:
            highs.setOptionValue("time_limit", float(time_limit))
        model.load(highs)
        if start_sites.size == self.p and np.isin(start_sites, self.allowed).all():
            highs.setSolution(model.solution_of(start_sites))
        highs.run()
        status = highs.modelStatusToString(highs.getModelStatus())
        info = highs.getInfo()
        if info.primal_solution_status >= 1:
            sites = model.sites_of(np.asarray(highs.getSolution().col_value))
        else:
            sites = np.sort(start_sites)
        bound = float(info.mip_dual_bound)  # the model carries the constant part as its offset
        result = self._result(sites, bound, math.nan, status, time.perf_counter() - start)
        gap = max(0.0, (result.objective - bound) / abs(result.objective)) if result.objective else 0.0
        if result.objective - bound <= _EPS * max(1.0, abs(result.objective)):
            gap = 0.0
        return LocationResult(
            result.sites, result.assignment, result.objective, min(bound, result.objective), gap, status, result.seconds
        )

    # ------------------------------------------------------------------ helpers

    def _result(self, sites: np.ndarray, bound: float, gap: float, status: str, seconds: float) -> LocationResult:
        sites = np.sort(np.asarray(sites, dtype=np.int64))
        sub = self.costs[:, sites]
        nearest = np.argmin(sub, axis=1)
        objective = float(self.weights @ sub[np.arange(sub.shape[0]), nearest])
        return LocationResult(tuple(sites.tolist()), sites[nearest], objective, bound, gap, status, seconds)


def _site_indices(values: Iterable[int], m: int, what: str, problems: list[Problem]) -> np.ndarray:
    index = np.unique(np.asarray(list(values), dtype=np.int64))
    bad = index[(index < 0) | (index >= m)]
    if bad.size:
        problems.append(
            Problem(f"{what} sites must be columns of the cost matrix (0 to {m - 1})", value=", ".join(map(str, bad)))
        )
        index = index[(index >= 0) & (index < m)]
    return index


def _quiet_highs() -> Any:
    return new_highs()


def _greedy(costs: np.ndarray, w: np.ndarray, p: int, fixed: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Add, one at a time, the site that lowers the weighted total most."""
    chosen = list(fixed.tolist())
    is_open = np.zeros(costs.shape[1], bool)
    is_open[fixed] = True
    candidate = np.zeros(costs.shape[1], bool)
    candidate[allowed] = True
    candidate[fixed] = False
    d1 = costs[:, fixed].min(axis=1) if fixed.size else None
    while len(chosen) < p:
        total = w @ (costs if d1 is None else np.minimum(costs, d1[:, None]))
        total[~candidate] = np.inf
        best = int(np.argmin(total))
        chosen.append(best)
        candidate[best] = False
        d1 = costs[:, best].copy() if d1 is None else np.minimum(d1, costs[:, best])
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
        gain = w @ (cap1 - d1[:, None])
        extra = w[:, None] * (np.minimum(costs, d2[:, None]) - cap1)
        owner = sp.csr_matrix((np.ones(n), (first, rows)), shape=(p, n))
        delta = gain[None, :] + (owner @ extra)  # p × m: out position × in site
        closed = np.ones(m, bool)
        closed[sites] = False
        in_ok = np.zeros(m, bool)
        in_ok[allowed] = True
        in_ok &= closed
        delta[:, ~in_ok] = np.inf
        delta[~removable, :] = np.inf
        out_pos, in_site = np.unravel_index(int(np.argmin(delta)), delta.shape)
        if not delta[out_pos, in_site] < -_EPS * max(1.0, float(w @ d1)):
            break
        sites[out_pos] = in_site
        swaps += 1
    return sites


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
        import highspy

        m, total = self.n_y, self.n_z
        lower = np.zeros(m + total)
        upper = np.ones(m + total)
        fixed_pos = np.searchsorted(self.allowed, self.fixed)
        lower[fixed_pos] = 1.0
        cost = np.concatenate([np.zeros(m), self.z_cost])
        none = np.zeros(0, np.int32)
        highs.addCols(m + total, cost, lower, upper, 0, none, none, np.zeros(0))
        integrality = np.array([highspy.HighsVarType.kInteger] * m + [highspy.HighsVarType.kContinuous] * total)
        highs.changeColsIntegrality(m + total, np.arange(m + total, dtype=np.int32), integrality)
        highs.addRow(float(self.p), float(self.p), m, np.arange(m, dtype=np.int32), np.ones(m))
        a = self.matrix
        highs.addRows(
            total,
            self.row_lower,
            np.full(total, highspy.kHighsInf),
            a.nnz,
            a.indptr[:-1].astype(np.int32),
            a.indices.astype(np.int32),
            a.data.astype(float),
        )
        highs.changeObjectiveOffset(self.offset)
        self._highspy = highspy

    def solution_of(self, sites: np.ndarray) -> Any:
        """The full column vector (y and z) of a set of open sites, as a HiGHS solution."""
        y = np.zeros(self.n_y)
        y[np.searchsorted(self.allowed, sites)] = 1.0
        nearest = self.sub[:, y > 0.5].min(axis=1) if self.sub.size else np.zeros(0)
        # z for level l is 1 when no open site lies within D^l, i.e. the nearest is at D^(l+1) or beyond.
        z = (self.value_next <= nearest[self.client_of_z]).astype(float)
        solution = self._highspy.HighsSolution()
        solution.col_value = np.concatenate([y, z]).tolist()
        return solution

    def sites_of(self, col_value: np.ndarray) -> np.ndarray:
        return self.allowed[col_value[: self.n_y] > 0.5]
