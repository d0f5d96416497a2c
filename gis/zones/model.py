"""The zoning model: every unit to one school, zones contiguous and within the seats, least travel.

A mixed-integer programme solved with HiGHS. ``x[p]`` is 1 when the unit of candidate pair
``p`` is in the zone of its school.

- each unit is in exactly one zone: ``Σ_p∋u x[p] = 1``;
- each school's seats hold the children its zone sends it in every year (a pair may also load a
  second school: a teaching point's older grades go on to a full primary);
- a school's zone holds the unit the school stands in (its root), where that unit has no other
  school of the level and fits the seats;
- contiguity, as a flow (after Shirabe 2005): the zone's root sends one unit of flow to every
  other unit of the zone along arcs between neighbouring units both in the zone, each taking in
  one more than it sends on, so every unit of a zone is joined to its root through units of the
  zone; a school with no fixed root picks one of its units as the root. A unit other than a fixed
  root is in a zone only with one of its neighbours (``x[u,s] ≤ Σ_{v next to u} x[v,s]``), which
  the flow implies but the relaxation does not, and which makes it tighter;
- as a check, every answer's zones are searched for pieces, and a cut added for each piece found
  and the programme solved again: for a piece ``K`` cut off from the zone's unit ``v``, every path
  from ``u ∈ K`` to ``v`` leaves ``K`` through a unit of ``C``, the neighbours of ``K`` that ``v``
  reaches without entering ``K``, so ``x[u,s] + x[v,s] - 1 ≤ Σ_{c∈C} x[c,s]`` (Fischetti et al. 2017;
  Validi, Buchanan and Lykhovyd 2022). Each round's programme has no more constraints than the
  true one, so its proven bound is a bound of the true optimum.

The objective is the total travel (child-minutes) plus :data:`BEYOND_WEIGHT` minutes for each
grade 1–3 child left beyond their walk whom some school would bring within (primary zones): the
zones keep such a child within unless that costs the others more than that much travel. With last
year's zones, the fewest units that change zone come first: that is solved first, and held.

:meth:`ZoningModel.from_cost_matrix` is the canonical constructor (a dense cost matrix, each
unit's children, seats, neighbours); :func:`gis.zones.draw.draw_zones` builds one from a project.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from gis.errors import Cancelled, SolverError
from gis.highs import SolverFactory, new_highs, pass_model
from gis.messages import text
from gis.progress import Progress

if TYPE_CHECKING:
    from collections.abc import Callable

    from gis.progress import CancelFn, ProgressFn

# Tolerance of seat and integrality comparisons.
_EPS = 1e-6
# HiGHS's share of effort on its primal heuristics (default 0.05): finding zones that fit early
# lets it prune; on the demo county's primary zones 0.3 reaches 1 % four times sooner.
_HEURISTIC_EFFORT = 0.3
#: Child-minutes of travel a child over a school's seats counts for, where the zones let the seats give.
OVER_WEIGHT = 10_000.0
#: Child-minutes of travel a grade 1–3 child left beyond their walk counts for, when some school
#: would bring them within (a child kept within is worth that much of the others' travel).
BEYOND_WEIGHT = 1000.0
# While the changes are solved, a child over the seats weighs this share of ``over_weight`` (ten
# villages changed, with the default weight), as in the main objective it weighs ``over_weight``.
_CHANGE_OVER = 1e-3
# The most the travel may add to an earlier term (children beyond their walk, villages changed)
# when it breaks ties between that term's best answers.
_TIE = 0.01


@dataclass(frozen=True)
class ZoningResult:
    """What solving the zoning model found.

    Attributes
    ----------
    assignment
        The school of each unit (column of the model's schools).
    objective
        The answer's objective: its total travel (child-minutes) plus :data:`BEYOND_WEIGHT` for
        each grade 1–3 child it leaves beyond their walk whom some school would bring within.
    travel
        The answer's total travel (child-minutes).
    bound
        A proven lower bound of the least objective of contiguous zones (with last year's
        zones: of those with no more changes than ``changes``).
    gap
        ``(objective - bound) / objective``; 0 when proven optimal.
    status
        HiGHS's status of the last round, in words.
    changes
        Units whose zone differs from last year's (None without last year's zones).
    changes_bound
        The proven least number of changes (None without last year's zones).
    beyond, beyond_bound
        The grade 1–3 children the answer leaves beyond their walk whom some school would bring
        within, and a proven least of any zones (None without the rule).
    over_seats
        Children over each school's seats in each year (years × schools); zeros unless the model
        lets the seats give (``over_weight``).
    rounds, cuts
        Programmes solved and contiguity cuts added.
    seconds
        Time taken.
    start
        The total travel of the heuristic start (inf when it found none).
    """

    assignment: np.ndarray
    objective: float
    travel: float
    bound: float
    gap: float
    status: str
    changes: int | None
    changes_bound: int | None
    beyond: float | None
    beyond_bound: float | None
    over_seats: np.ndarray
    rounds: int
    cuts: int
    seconds: float
    start: float


class Infeasible(Exception):
    """The zoning programme has no solution (raised inside the model; :mod:`gis.zones.draw`
    explains it in words)."""


@dataclass(frozen=True, eq=False)
class ZoningModel:
    """The zoning model on its arrays.

    Attributes
    ----------
    n_units
        Units to zone.
    seats
        Seats of each school.
    pair_unit, pair_school
        The candidate pairs: a unit may be zoned to a school only through one of them.
    cost
        Objective of each pair (child-minutes of travel).
    load
        ``(years × schools) × pairs``: the children pair ``p`` sends to each school in each year
        (row ``year * n_schools + school``).
    edges
        Neighbouring units, one row per pair.
    root
        Each school's root unit, -1 for none.
    previous
        Last year's school of each unit, -1 for none; None without last year's zones.
    beyond
        Per pair, the grade 1–3 children it leaves beyond their walk whom some school would
        bring within; None for a level without the rule.
    over_weight
        The cost of each child over a school's seats (child-minutes, the mean over the years): the
        zones may then hold more children than the seats where nothing else fits, and say so; 0:
        the seats are a hard limit (no zones at all when nothing fits).
    give_up
        Seconds after which a solve that has found no zones yet stops (with the seats hard, before
        they may give).
    solver
        A factory of ``highspy.Highs``-like objects (default HiGHS).
    """

    n_units: int
    seats: np.ndarray
    pair_unit: np.ndarray
    pair_school: np.ndarray
    cost: np.ndarray
    load: sp.csr_matrix
    edges: np.ndarray
    root: np.ndarray
    previous: np.ndarray | None = None
    beyond: np.ndarray | None = None
    over_weight: float = 0.0
    give_up: float | None = None
    solver: SolverFactory | None = field(default=None, repr=False)

    @property
    def n_schools(self) -> int:
        return int(self.seats.size)

    @property
    def n_years(self) -> int:
        return int(self.load.shape[0] // max(self.n_schools, 1))

    @classmethod
    def from_cost_matrix(
        cls,
        cost: np.ndarray,
        children: np.ndarray,
        seats: np.ndarray,
        edges: np.ndarray,
        *,
        root: np.ndarray | None = None,
        previous: np.ndarray | None = None,
        solver: SolverFactory | None = None,
    ) -> ZoningModel:
        """The model from a units × schools cost matrix (``inf``: not a candidate), each unit's
        children (one row per year, or one row), each school's seats, the neighbouring units and
        optionally each school's root unit (-1 for none) and last year's school of each unit."""
        cost = np.asarray(cost, dtype=float)
        children = np.atleast_2d(np.asarray(children, dtype=float))
        n, m = cost.shape
        unit, school = np.nonzero(np.isfinite(cost))
        years = children.shape[0]
        rows = (np.arange(years)[:, None] * m + school[None, :]).ravel()
        cols = np.tile(np.arange(unit.size), years)
        vals = children[:, unit].ravel()
        load = sp.csr_matrix((vals, (rows, cols)), shape=(years * m, unit.size))
        return cls(
            n_units=n,
            seats=np.asarray(seats, dtype=float),
            pair_unit=unit,
            pair_school=school,
            cost=cost[unit, school],
            load=load,
            edges=np.asarray(edges, dtype=np.int64).reshape(-1, 2),
            root=np.full(m, -1, dtype=np.int64) if root is None else np.asarray(root, dtype=np.int64),
            previous=None if previous is None else np.asarray(previous, dtype=np.int64),
            solver=solver,
        )

    # --- solving -------------------------------------------------------------------------------

    def solve(
        self,
        *,
        time_limit: float = 60.0,
        gap: float = 0.001,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> ZoningResult:
        """Solve to within ``gap`` of the proven bound, or until ``time_limit`` seconds.

        Raises
        ------
        Infeasible
            If no assignment of whole units fits the seats (with the candidate pairs and roots).
        SolverError
            If no contiguous zones were found within the time limit.
        Cancelled
            If ``cancel`` returned True.
        """
        report = Progress(progress, cancel)
        started = began = time.perf_counter()
        model = self._reachable()
        uncovered = np.setdiff1d(np.arange(self.n_units), model.pair_unit)
        if uncovered.size:
            raise Infeasible(uncovered)
        if model.over_weight > 0:
            # The seats as a hard limit first, with half the time; only if that finds no zones,
            # zones whose seats may give, from the greedy zones that ignore the seats where stuck.
            try:
                return replace(self, over_weight=0.0, give_up=time_limit / 5).solve(
                    time_limit=time_limit / 2, gap=gap, progress=report.stage(0.0, 0.5), cancel=cancel
                )
            except (Infeasible, SolverError):
                report = report.stage(0.5, 1.0)
                time_limit = max(time_limit - (time.perf_counter() - started), 1.0)
                started = time.perf_counter()
            start = model._start(time_limit / 4, report.stage(0.0, 0.25))
            report = report.stage(0.25, 1.0)
        else:
            start = model.greedy()
        start_cost = float(model.cost[start].sum()) if start is not None else math.inf
        # With last year's zones, first the fewest changes (travel breaking ties, at a weight too
        # small to matter: at most ``_TIE`` of a village in all; its proven bound is taken less
        # that much, so it stays a bound of the changes alone), then the objective with the
        # changes held at what they reached.
        travel_scale = float(np.abs(model.cost).sum()) or 1.0
        main = model.cost + BEYOND_WEIGHT * model.beyond if model.beyond is not None else model.cost
        phases: list[tuple[str, np.ndarray, float, float]] = []
        if model.previous is not None:
            changed = (model.previous[model.pair_unit] >= 0) & (model.previous[model.pair_unit] != model.pair_school)
            phases.append(("changes", changed.astype(float), _TIE / travel_scale, 0.0))
            previous = model._previous_start()
            if previous is not None:
                start = previous
        phases.append(("main", main, 0.0, gap))
        cuts: list[tuple[np.ndarray, np.ndarray, float]] = []
        held: list[tuple[np.ndarray, np.ndarray, float]] = []
        rounds = 0
        reached: dict[str, tuple[float, float]] = {}
        final: _Rounds | None = None
        for k, (name, term, tie, phase_gap) in enumerate(phases):
            last = k == len(phases) - 1
            now = time.perf_counter()
            left = started + time_limit - now
            # An earlier term gets half the time left; the last all of it (at least a few seconds each).
            deadline = now + max(left if last else left / 2, min(5.0, time_limit / 4))
            objective = term + tie * model.cost if tie else term
            # Children over the seats weigh more than any change of zone, and than any travel.
            over = model.over_weight / model.n_years * (1.0 if name == "main" else _CHANGE_OVER)
            final = model._run(
                objective, held, cuts, deadline=deadline, gap=phase_gap, start=start,
                report=report.stage(k / len(phases), (k + 1) / len(phases)), over_cost=over,
                give_up=model.give_up,
            )  # fmt: skip
            rounds += final.rounds
            value = model._value(term, over, final.chosen)
            bound = final.bound - (tie * travel_scale if tie else 0.0)
            reached[name] = (value, min(bound, value))
            cols = np.flatnonzero(term)
            held.append((cols, term[cols], value + _EPS))
            start = final.chosen
        assert final is not None
        assignment = np.full(self.n_units, -1, dtype=np.int64)
        assignment[model.pair_unit[final.chosen]] = model.pair_school[final.chosen]
        objective_value, bound = reached["main"]
        changes = reached.get("changes")
        beyond = float(model.beyond[final.chosen].sum()) if model.beyond is not None else None
        over_seats = model.overflow(final.chosen)
        return ZoningResult(
            assignment=assignment,
            objective=objective_value,
            travel=float(model.cost[final.chosen].sum()),
            bound=bound,
            gap=_gap(objective_value, bound),
            status=final.status,
            changes=round(changes[0]) if changes is not None else None,
            changes_bound=max(math.ceil(changes[1] - _EPS), 0) if changes is not None else None,  # whole villages
            beyond=beyond,
            beyond_bound=(
                model._beyond_bound(min(5.0, time_limit / 10), seats=not over_seats.any())
                if model.beyond is not None
                else None
            ),
            over_seats=over_seats,
            rounds=rounds,
            cuts=len(cuts),
            seconds=time.perf_counter() - began,
            start=start_cost,
        )

    def _beyond_bound(self, seconds: float, *, seats: bool) -> float:
        """A proven least of the grade 1–3 children left beyond their walk: the least of a
        relaxation (the zones need not be in one piece), so a bound for zones that are; of zones
        within the seats (``seats``), else of any."""
        assert self.beyond is not None
        highs = new_highs(self.solver, mip_rel_gap=1e-4, time_limit=max(seconds, 0.5))
        rows, lows, ups = self._rows([])
        if not seats:
            capacity = self.n_units + np.arange(self._used_rows().size)
            ups = ups.copy()
            ups[capacity] = np.inf
        n_pairs = self.pair_unit.size
        lower = np.zeros(n_pairs)
        lower[self._root_pairs()] = 1.0
        pass_model(
            highs, cost=self.beyond, lower=lower, upper=np.ones(n_pairs), matrix=rows, row_lower=lows,
            row_upper=ups, integer=np.ones(n_pairs, dtype=bool),
        )  # fmt: skip
        highs.run()
        bound = float(highs.getInfo().mip_dual_bound)
        return max(bound, 0.0) if math.isfinite(bound) else 0.0

    def _previous_start(self) -> np.ndarray | None:
        """Last year's zones as a start, when they are complete, fit and are contiguous."""
        assert self.previous is not None
        kept = np.flatnonzero(self.previous[self.pair_unit] == self.pair_school)
        if (
            np.unique(self.pair_unit[kept]).size == self.n_units
            and kept.size == self.n_units
            and (self.over_weight > 0 or self.fits(kept))
            and not self._pieces(kept)
        ):
            return kept
        return None

    def _run(
        self,
        objective: np.ndarray,
        extra: list[tuple[np.ndarray, np.ndarray, float]],
        cuts: list[tuple[np.ndarray, np.ndarray, float]],
        *,
        deadline: float,
        gap: float,
        start: np.ndarray | None,
        report: Progress,
        keep: np.ndarray | None = None,
        over_cost: float = 0.0,
        give_up: float | None = None,
    ) -> _Rounds:
        """Rounds of solving and cutting until the zones are contiguous (or time runs out).
        ``keep``: a school per unit (-1: free) that the units not free must keep. ``over_cost``: the
        cost of each child over a school's seats in a year (0: the seats are a hard limit).
        ``give_up``: seconds after which, with no zones found yet, it stops (SolverError)."""
        highs = new_highs(
            self.solver,
            mip_rel_gap=float(gap),
            mip_abs_gap=1e-9,
            mip_heuristic_effort=_HEURISTIC_EFFORT,
        )
        n_pairs = self.pair_unit.size
        rows, lows, ups = self._rows(extra)
        flow, flow_lows, flow_ups, flow_integer = self._flow_rows()
        n_flow = flow.shape[1] - n_pairs
        lower = np.zeros(n_pairs + n_flow)
        upper = np.r_[np.ones(n_pairs), np.where(flow_integer, 1.0, np.inf)]
        lower[self._root_pairs()] = 1.0
        if keep is not None:
            held_unit = keep[self.pair_unit] >= 0
            upper[:n_pairs][held_unit & (keep[self.pair_unit] != self.pair_school)] = 0.0
            lower[:n_pairs][held_unit & (keep[self.pair_unit] == self.pair_school)] = 1.0
        # Children over the seats: one column per school and year with children to seat, at
        # ``over_cost`` a child (the seats hard when 0).
        capacity_rows = self.n_units + np.arange(self._used_rows().size)
        n_over = capacity_rows.size if over_cost > 0 else 0
        width = n_pairs + n_flow + n_over
        rows.resize((rows.shape[0], width))
        if n_over:
            rows = (
                rows
                + sp.csr_matrix(
                    (-np.ones(n_over), (capacity_rows, n_pairs + n_flow + np.arange(n_over))), shape=rows.shape
                )
            ).tocsr()
        flow.resize((flow.shape[0], width))
        pass_model(
            highs,
            cost=np.r_[objective, np.zeros(n_flow), np.full(n_over, over_cost)],
            lower=np.r_[lower, np.zeros(n_over)],
            upper=np.r_[upper, np.full(n_over, np.inf)],
            matrix=sp.vstack([rows, flow]).tocsr(),
            row_lower=np.r_[lows, flow_lows],
            row_upper=np.r_[ups, flow_ups],
            integer=np.r_[np.ones(n_pairs, dtype=bool), flow_integer, np.zeros(n_over, dtype=bool)],
        )
        if cuts:
            _add_cuts(highs, cuts)
        best: np.ndarray | None = start if start is not None and self._satisfies(start, extra) else None
        if best is not None and over_cost <= 0 and not self.fits(best):
            best = None
        best_value = self._value(objective, over_cost, best) if best is not None else math.inf
        bound = -math.inf
        watch = _Watch(highs, n_pairs, report, give_up if best is None else None)
        rounds = 0
        status = ""
        # The flow keeps every zone in one piece, so one run is the rule; the cuts are a check.
        while True:
            report(
                min(rounds / 20.0, 0.95),
                text("enrolment zones: round {n}, {cuts} contiguity cuts", n=rounds + 1, cuts=len(cuts)),
            )
            rounds += 1
            if best is not None:
                values = np.zeros(n_pairs)
                values[best] = 1.0
                highs.setSolution(n_pairs, np.arange(n_pairs, dtype=np.int32), values)
            highs.setOptionValue("time_limit", float(max(deadline - time.perf_counter(), 0.5)))
            watch.run()
            status = highs.modelStatusToString(highs.getModelStatus())
            info = highs.getInfo()
            if status == "Infeasible":
                raise Infeasible(np.zeros(0, dtype=np.int64))
            if np.isfinite(info.mip_dual_bound):
                bound = max(bound, float(info.mip_dual_bound))
            x = watch.best(lambda picked: self._value(objective, over_cost, picked))
            if x is None:
                break
            chosen = np.flatnonzero(x > 0.5)
            new = self._cuts(chosen)
            if not new:
                value = self._value(objective, over_cost, chosen)
                if value < best_value - 1e-9:
                    best, best_value = chosen, value
                break
            cuts.extend(new)
            _add_cuts(highs, new)
            # The answer mended into contiguous zones, if it can be: a start for the next round
            # and an answer should time run out.
            mended = self.repair(chosen)
            if mended is not None and self._satisfies(mended, extra):
                value = self._value(objective, over_cost, mended)
                if value < best_value - 1e-9:
                    best, best_value = mended, value
            if time.perf_counter() >= deadline and best is not None:
                break
            if time.perf_counter() >= deadline + 30.0:
                break
        if best is None:
            raise SolverError(
                text("no contiguous zones were found within the time limit; give the solver more time (--time-limit)")
            )
        return _Rounds(best, bound if math.isfinite(bound) else -math.inf, status, rounds)

    def _used_rows(self) -> np.ndarray:
        """The rows of :attr:`load` (school and year) with children to seat."""
        return np.flatnonzero(np.diff(self.load.indptr) > 0)

    def overflow(self, chosen: np.ndarray) -> np.ndarray:
        """Children over each school's seats in each year (years × schools) for a choice of pairs."""
        x = np.zeros(self.pair_unit.size)
        x[chosen] = 1.0
        used = np.asarray(self.load @ x).ravel()
        return np.maximum(used - np.tile(self.seats, self.n_years), 0.0).reshape(self.n_years, self.n_schools)

    def _value(self, objective: np.ndarray, over_cost: float, chosen: np.ndarray) -> float:
        return float(objective[chosen].sum()) + over_cost * float(self.overflow(chosen).sum())

    def _rows(self, extra: list[tuple[np.ndarray, np.ndarray, float]]) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
        n_pairs = self.pair_unit.size
        assign = sp.csr_matrix((np.ones(n_pairs), (self.pair_unit, np.arange(n_pairs))), shape=(self.n_units, n_pairs))
        used = self._used_rows()
        seats = np.tile(self.seats, self.n_years)[used]
        blocks = [assign, self.load[used]]
        lows = [np.ones(self.n_units), np.full(used.size, -np.inf)]
        ups = [np.ones(self.n_units), seats + _EPS]
        for cols, coef, most in extra:
            blocks.append(sp.csr_matrix((coef, (np.zeros(cols.size, dtype=np.int64), cols)), shape=(1, n_pairs)))
            lows.append(np.array([-np.inf]))
            ups.append(np.array([most]))
        neighbours = self._neighbour_rows()
        blocks.append(neighbours)
        lows.append(np.full(neighbours.shape[0], -np.inf))
        ups.append(np.zeros(neighbours.shape[0]))
        return sp.vstack(blocks).tocsr(), np.concatenate(lows), np.concatenate(ups)

    def _flow_rows(self) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray, np.ndarray]:
        """Contiguity as a flow (after Shirabe 2005): a zone's root sends one unit of flow to every
        other unit of the zone, along arcs between neighbouring units both in the zone (``f ≤ M x``
        at both ends), and every unit of the zone but the root takes in one more than it sends
        on; so every unit of a zone is joined to its root through units of the zone. A school
        with no root picks one of its units (``r``: at most one, only a unit of its zone).

        Returns the rows over the columns (the pairs, one flow per arc, one root choice per pair
        of a school without a root), their lower and upper bounds, and which new columns are
        integer (the root choices)."""
        graphs = self._school_graphs()
        index = self._pair_index  # type: ignore[attr-defined]
        n_pairs = self.pair_unit.size
        tails: list[np.ndarray] = []
        heads: list[np.ndarray] = []
        bigs: list[np.ndarray] = []
        for s in range(self.n_schools):
            coo = sp.triu(graphs[s]).tocoo()
            if coo.nnz == 0:
                continue
            a = np.r_[coo.row, coo.col]
            b = np.r_[coo.col, coo.row]
            keep = b != self.root[s]  # nothing flows into a fixed root
            a, b = a[keep], b[keep]
            size = int(np.count_nonzero(self.pair_school == s))
            tails.append(np.array([index[(int(u), s)] for u in a.tolist()], dtype=np.int64))
            heads.append(np.array([index[(int(v), s)] for v in b.tolist()], dtype=np.int64))
            bigs.append(np.full(a.size, float(max(size - 1, 1))))
        tail = np.concatenate(tails) if tails else np.zeros(0, dtype=np.int64)
        head = np.concatenate(heads) if heads else np.zeros(0, dtype=np.int64)
        big = np.concatenate(bigs) if bigs else np.zeros(0)
        n_arcs = tail.size
        # Root choices for the pairs of schools without a fixed root.
        free = np.flatnonzero(self.root[self.pair_school] < 0)
        n_free = free.size
        width = n_pairs + n_arcs + n_free
        arc = n_pairs + np.arange(n_arcs)
        choice = np.full(n_pairs, -1, dtype=np.int64)
        choice[free] = n_pairs + n_arcs + np.arange(n_free)
        members = np.bincount(self.pair_school, minlength=self.n_schools).astype(float)
        # Balance of every pair but a fixed root: in − out − x + M r ≥ 0 (M r only for a free school).
        balance_pairs = np.flatnonzero(self.root[self.pair_school] != self.pair_unit)
        row_of = np.full(n_pairs, -1, dtype=np.int64)
        row_of[balance_pairs] = np.arange(balance_pairs.size)
        r_in, r_out = row_of[head], row_of[tail]
        has_choice = choice[balance_pairs] >= 0
        rows = np.r_[r_in[r_in >= 0], r_out[r_out >= 0], np.arange(balance_pairs.size), np.flatnonzero(has_choice)]
        cols = np.r_[arc[r_in >= 0], arc[r_out >= 0], balance_pairs, choice[balance_pairs][has_choice]]
        vals = np.r_[
            np.ones(int((r_in >= 0).sum())),
            -np.ones(int((r_out >= 0).sum())),
            -np.ones(balance_pairs.size),
            members[self.pair_school[balance_pairs][has_choice]],
        ]
        balance = sp.csr_matrix((vals, (rows, cols)), shape=(balance_pairs.size, width))
        k = np.arange(n_arcs)
        at_tail = sp.csr_matrix((np.r_[np.ones(n_arcs), -big], (np.r_[k, k], np.r_[arc, tail])), shape=(n_arcs, width))
        at_head = sp.csr_matrix((np.r_[np.ones(n_arcs), -big], (np.r_[k, k], np.r_[arc, head])), shape=(n_arcs, width))
        # A root only in the zone (r ≤ x), at most one per school.
        j = np.arange(n_free)
        in_zone = sp.csr_matrix(
            (np.r_[np.ones(n_free), -np.ones(n_free)], (np.r_[j, j], np.r_[choice[free], free])), shape=(n_free, width)
        )
        schools = np.unique(self.pair_school[free])
        school_row = np.searchsorted(schools, self.pair_school[free])
        one = sp.csr_matrix((np.ones(n_free), (school_row, choice[free])), shape=(schools.size, width))
        matrix = sp.vstack([balance, at_tail, at_head, in_zone, one]).tocsr()
        lows = np.r_[np.zeros(balance_pairs.size), np.full(2 * n_arcs + n_free + schools.size, -np.inf)]
        ups = np.r_[np.full(balance_pairs.size, np.inf), np.zeros(2 * n_arcs + n_free), np.ones(schools.size)]
        integer = np.r_[np.zeros(n_arcs, dtype=bool), np.ones(n_free, dtype=bool)]
        return matrix, lows, ups, integer

    def _neighbour_rows(self) -> sp.csr_matrix:
        """For a school with a root, a unit other than the root is in its zone only with one of
        its neighbours: ``x[u,s] ≤ Σ_{v next to u} x[v,s]`` (the smallest contiguity cuts, known
        before solving)."""
        graphs = self._school_graphs()
        index: dict[tuple[int, int], int] = self._pair_index  # type: ignore[attr-defined]
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        n = 0
        for p, (u, s) in enumerate(zip(self.pair_unit.tolist(), self.pair_school.tolist(), strict=True)):
            if self.root[s] < 0 or self.root[s] == u:
                continue
            graph = graphs[s]
            near = graph.indices[graph.indptr[u] : graph.indptr[u + 1]]
            rows.append(n)
            cols.append(p)
            vals.append(1.0)
            for v in near.tolist():
                rows.append(n)
                cols.append(index[(v, s)])
                vals.append(-1.0)
            n += 1
        return sp.csr_matrix((vals, (rows, cols)), shape=(n, self.pair_unit.size))

    def _satisfies(self, chosen: np.ndarray, extra: list[tuple[np.ndarray, np.ndarray, float]]) -> bool:
        x = np.zeros(self.pair_unit.size)
        x[chosen] = 1.0
        return all(float(coef @ x[cols]) <= most for cols, coef, most in extra) and bool(
            (x[self._root_pairs()] > 0.5).all()
        )

    def _root_pairs(self) -> np.ndarray:
        has = self.root[self.pair_school] == self.pair_unit
        return np.flatnonzero(has)

    # --- contiguity ----------------------------------------------------------------------------

    def _school_graphs(self) -> list[sp.csr_matrix]:
        """Each school's graph: the neighbours among the units it may take."""
        if not hasattr(self, "_graphs"):
            graphs = []
            a, b = self.edges[:, 0], self.edges[:, 1]
            allowed = np.zeros((self.n_schools, self.n_units), dtype=bool)
            allowed[self.pair_school, self.pair_unit] = True
            for s in range(self.n_schools):
                keep = allowed[s, a] & allowed[s, b]
                graphs.append(
                    sp.csr_matrix(
                        (np.ones(2 * int(keep.sum())), (np.r_[a[keep], b[keep]], np.r_[b[keep], a[keep]])),
                        shape=(self.n_units, self.n_units),
                    )
                )
            object.__setattr__(self, "_graphs", graphs)
            object.__setattr__(
                self,
                "_pair_index",
                {(int(u), int(s)): p for p, (u, s) in enumerate(zip(self.pair_unit, self.pair_school, strict=True))},
            )
        return self._graphs  # type: ignore[attr-defined, no-any-return]

    def _pieces(self, chosen: np.ndarray) -> list[tuple[int, list[np.ndarray]]]:
        """The zones in more than one piece: each school and its pieces (the root's first, else
        the largest)."""
        from scipy.sparse.csgraph import connected_components

        graphs = self._school_graphs()
        out = []
        units = self.pair_unit[chosen]
        schools = self.pair_school[chosen]
        for s in np.unique(schools).tolist():
            zone = units[schools == s]
            if zone.size < 2:
                continue
            sub = graphs[s][zone][:, zone]
            n, label = connected_components(sub, directed=False)
            if n < 2:
                continue
            pieces = [zone[label == k] for k in range(n)]
            root = int(self.root[s])
            pieces.sort(key=lambda piece: (root not in piece, -piece.size))
            out.append((s, pieces))
        return out

    def _cuts(self, chosen: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, float]]:
        """Cuts violated by a solution whose zones are in pieces: (columns, coefficients, upper bound)."""
        from scipy.sparse.csgraph import breadth_first_order

        graphs = self._school_graphs()
        index: dict[tuple[int, int], int] = self._pair_index  # type: ignore[attr-defined]
        out = []
        for s, pieces in self._pieces(chosen):
            graph = graphs[s]
            main = pieces[0]
            v = int(self.root[s]) if self.root[s] >= 0 else int(main[0])
            for piece in pieces[1:]:
                inside = np.zeros(self.n_units, dtype=bool)
                inside[piece] = True
                # The units v reaches without entering the piece.
                cut_graph = graph.tolil()
                cut_graph[piece, :] = 0
                cut_graph[:, piece] = 0
                reached = breadth_first_order(cut_graph.tocsr(), v, directed=False, return_predecessors=False)
                reach = np.zeros(self.n_units, dtype=bool)
                reach[reached] = True
                border = np.unique(graph[piece].indices)
                separator = border[~inside[border] & reach[border]]
                sep_cols = np.array([index[(int(c), s)] for c in separator.tolist()], dtype=np.int64)
                for u in piece.tolist():
                    cols = [index[(u, s)]]
                    coef = [1.0]
                    rhs = 0.0
                    if self.root[s] < 0:
                        cols.append(index[(v, s)])
                        coef.append(1.0)
                        rhs = 1.0
                    out.append(
                        (
                            np.r_[np.array(cols, dtype=np.int64), sep_cols],
                            np.r_[np.array(coef), -np.ones(sep_cols.size)],
                            rhs,
                        )
                    )
        return out

    # --- before solving ------------------------------------------------------------------------

    def _reachable(self) -> ZoningModel:
        """Without the pairs whose unit cannot be joined to its school's root through units the
        school may take (they can never be in one piece with it)."""
        from scipy.sparse.csgraph import breadth_first_order

        keep = np.ones(self.pair_unit.size, dtype=bool)
        graphs = self._school_graphs()
        for s in np.flatnonzero(self.root >= 0).tolist():
            reached = breadth_first_order(graphs[s], int(self.root[s]), directed=False, return_predecessors=False)
            ok = np.zeros(self.n_units, dtype=bool)
            ok[reached] = True
            mine = self.pair_school == s
            keep[mine] &= ok[self.pair_unit[mine]]
        if keep.all():
            return self
        return replace(
            self,
            pair_unit=self.pair_unit[keep],
            pair_school=self.pair_school[keep],
            cost=self.cost[keep],
            load=self.load[:, np.flatnonzero(keep)].tocsr(),
            beyond=self.beyond[keep] if self.beyond is not None else None,
        )

    def fits(self, chosen: np.ndarray) -> bool:
        """Whether a choice of pairs keeps every school within its seats in every year."""
        x = np.zeros(self.pair_unit.size)
        x[chosen] = 1.0
        used = np.asarray(self.load @ x).ravel()
        return bool((used <= np.tile(self.seats, self.n_years) + _EPS).all())

    def repair(self, chosen: np.ndarray) -> np.ndarray | None:
        """Zones in pieces mended: each unit of a piece cut off from its zone's root (or from its
        zone's largest piece) moves to a neighbouring zone that has room for it, the cheapest
        first, until every zone is in one piece; None when some unit finds no zone to move to."""
        graphs = self._school_graphs()
        index: dict[tuple[int, int], int] = self._pair_index  # type: ignore[attr-defined]
        pair = np.full(self.n_units, -1, dtype=np.int64)
        pair[self.pair_unit[chosen]] = chosen
        if (pair < 0).any():
            return None
        seats = np.tile(self.seats, self.n_years)
        load = self.load.tocsc()
        used = np.asarray(self.load @ np.bincount(chosen, minlength=self.pair_unit.size).astype(float)).ravel()
        neighbours: list[list[int]] = [[] for _ in range(self.n_units)]
        for a, b in self.edges.tolist():
            neighbours[a].append(b)
            neighbours[b].append(a)
        for _ in range(self.n_units):
            pieces = self._pieces(pair)
            if not pieces:
                return np.sort(pair)
            moved = False
            stray = {int(u) for _, parts in pieces for part in parts[1:] for u in part.tolist()}
            for u in sorted(stray):
                options = []
                for v in neighbours[u]:
                    if v in stray:
                        continue
                    t = int(self.pair_school[pair[v]])
                    q = index.get((u, t))
                    if q is None or graphs[t][u].nnz == 0:
                        continue
                    options.append((float(self.cost[q]), q))
                for _, q in sorted(options):
                    old = int(pair[u])
                    delta_rows = [load[:, q], -load[:, old]]
                    after = used.copy()
                    for column in delta_rows:
                        after[column.indices] += column.data
                    if (after <= seats + _EPS).all():
                        used = after
                        pair[u] = q
                        moved = True
                        break
            if not moved:
                return None
        return None

    def _start(self, seconds: float, report: Progress) -> np.ndarray | None:
        """A start: the greedy zones (:meth:`greedy`), the units it could not place, or placed in
        pieces, drawn again with the units around them by this model while the rest keep their
        zones, the neighbourhood widened until they fit (at most ``seconds``)."""
        deadline = time.perf_counter() + seconds
        partial = self.greedy(partial=True)
        if partial is None:
            return None
        school = np.full(self.n_units, -1, dtype=np.int64)
        placed = partial >= 0
        school[placed] = self.pair_school[partial[placed]]
        free = ~placed
        for _, parts in self._pieces(partial[placed]):
            for part in parts[1:]:
                free[part] = True
        if not free.any():
            return np.sort(partial)
        neighbours = sp.csr_matrix(
            (
                np.ones(2 * len(self.edges)),
                (np.r_[self.edges[:, 0], self.edges[:, 1]], np.r_[self.edges[:, 1], self.edges[:, 0]]),
            ),
            shape=(self.n_units, self.n_units),
        )
        while time.perf_counter() < deadline:
            # The free units and those next to them.
            free = free | (np.asarray(neighbours @ free.astype(float)).ravel() > 0)
            keep = np.where(free, -1, school)
            try:
                run = self._run(
                    self.cost, [], [], deadline=min(deadline, time.perf_counter() + max(seconds / 3, 2.0)),
                    gap=0.05, start=None, report=report, keep=keep, over_cost=self.over_weight / self.n_years,
                )  # fmt: skip
            except (Infeasible, SolverError):
                if free.all():
                    return None
                continue
            return np.sort(run.chosen)
        return None

    def greedy(self, *, partial: bool = False) -> np.ndarray | None:
        """A heuristic start: zones grown from the roots (a school without one starts from any of
        its units), each step giving an unzoned unit next to a zone to that zone when the seats
        allow, the step that adds least travel beyond the unit's cheapest school first; None when
        it gets stuck or a zone ends in pieces (``partial``: the pair of each unit, -1 for those
        it could not place; None only when the roots do not fit)."""
        import heapq

        seats = np.tile(self.seats, self.n_years)
        used = np.zeros(seats.size)
        load = self.load.tocsc()
        chosen = np.full(self.n_units, -1, dtype=np.int64)
        size = np.zeros(self.n_schools, dtype=np.int64)
        neighbours: list[list[int]] = [[] for _ in range(self.n_units)]
        for a, b in self.edges.tolist():
            neighbours[a].append(b)
            neighbours[b].append(a)
        cheapest = np.full(self.n_units, np.inf)
        np.minimum.at(cheapest, self.pair_unit, self.cost)
        index: dict[tuple[int, int], int] = {
            (int(u), int(s)): p for p, (u, s) in enumerate(zip(self.pair_unit, self.pair_school, strict=True))
        }
        heap: list[tuple[float, int]] = []

        def fits(p: int) -> bool:
            column = load[:, p]
            return bool((used[column.indices] + column.data <= seats[column.indices] + _EPS).all())

        def take(p: int) -> None:
            column = load[:, p]
            used[column.indices] += column.data
            u, s = int(self.pair_unit[p]), int(self.pair_school[p])
            chosen[u] = p
            size[s] += 1
            for v in neighbours[u]:
                q = index.get((v, s))
                if q is not None and chosen[v] < 0:
                    heapq.heappush(heap, (float(self.cost[q] - cheapest[v]), q))

        for p in self._root_pairs().tolist():
            if chosen[self.pair_unit[p]] >= 0 or not fits(p):
                return None
            take(p)
        for p in np.flatnonzero(self.root[self.pair_school] < 0).tolist():
            heapq.heappush(heap, (float(self.cost[p] - cheapest[self.pair_unit[p]]), p))
        while heap:
            _, p = heapq.heappop(heap)
            u, s = int(self.pair_unit[p]), int(self.pair_school[p])
            if chosen[u] >= 0 or not fits(p):
                continue
            if size[s] > 0 and not any(chosen[v] >= 0 and self.pair_school[chosen[v]] == s for v in neighbours[u]):
                continue
            take(p)
        if self.over_weight > 0:
            # Where the seats do not allow, the units left go to a neighbouring zone all the same,
            # the cheapest first: the model weighs the children over the seats.
            for _ in range(self.n_units):
                left = np.flatnonzero(chosen < 0)
                if left.size == 0:
                    break
                moved = False
                for u in left.tolist():
                    options = [
                        index[(u, int(self.pair_school[chosen[v]]))]
                        for v in neighbours[u]
                        if chosen[v] >= 0 and (u, int(self.pair_school[chosen[v]])) in index
                    ]
                    if options:
                        take(min(options, key=lambda q: float(self.cost[q])))
                        moved = True
                if not moved:
                    break
        if partial:
            return chosen
        if (chosen < 0).any():
            return None
        if self._pieces(chosen):
            return None
        return np.sort(chosen)


@dataclass(frozen=True)
class _Rounds:
    chosen: np.ndarray
    bound: float
    status: str
    rounds: int


class _Watch:
    """One HiGHS run watched through its callbacks: every improving solution kept (``getSolution``
    of HiGHS 1.16 may return the start given with ``setSolution`` after a run that found a better
    one), the user's Cancel and a run with no zones after ``give_up`` seconds interrupted."""

    def __init__(self, highs: Any, n_pairs: int, report: Progress, give_up: float | None) -> None:
        import highspy

        self.highs = highs
        self.n_pairs = n_pairs
        self.report = report
        self.give_up = give_up
        self.found: list[np.ndarray] = []
        self.cancelled = False
        self.started = 0.0
        kinds = highspy.cb.HighsCallbackType
        self._improving = kinds.kCallbackMipImprovingSolution
        self._interrupt = kinds.kCallbackMipInterrupt
        highs.setCallback(self._callback, None)
        highs.startCallback(self._improving)
        highs.startCallback(self._interrupt)

    def _callback(self, kind: Any, _message: str, out: Any, into: Any, _data: Any) -> None:
        if kind == self._improving:
            self.found.append(np.asarray(out.mip_solution, dtype=float)[: self.n_pairs].copy())
        elif kind == self._interrupt:
            try:
                self.report.check()
            except Cancelled:
                self.cancelled = True
                into.user_interrupt = True
                return
            lost = self.give_up is not None and time.perf_counter() - self.started > self.give_up
            if lost and not self.found and not math.isfinite(out.mip_primal_bound):
                into.user_interrupt = True

    def run(self) -> None:
        """Run HiGHS; raise Cancelled if the user stopped it."""
        self.found = []
        self.started = time.perf_counter()
        self.highs.run()
        if self.cancelled:
            raise Cancelled("cancelled by the user")

    def best(self, value: Callable[[np.ndarray], float]) -> np.ndarray | None:
        """The pairs' values of the best solution of the last run by ``value`` (of the pairs
        chosen); None when it found none."""
        candidates = list(self.found)
        if self.highs.getInfo().primal_solution_status >= 1:
            candidates.append(np.asarray(self.highs.getSolution().col_value, dtype=float)[: self.n_pairs])
        if not candidates:
            return None
        return min(candidates, key=lambda values: value(np.flatnonzero(values > 0.5)))


def _add_cuts(highs: Any, cuts: list[tuple[np.ndarray, np.ndarray, float]]) -> None:
    if not cuts:
        return
    starts = np.cumsum([0] + [c[0].size for c in cuts[:-1]]).astype(np.int32)
    index = np.concatenate([c[0] for c in cuts]).astype(np.int32)
    value = np.concatenate([c[1] for c in cuts]).astype(float)
    ups = np.array([c[2] for c in cuts], dtype=float)
    highs.addRows(len(cuts), np.full(len(cuts), -np.inf), ups, index.size, starts, index, value)


def _gap(objective: float, bound: float) -> float:
    if not math.isfinite(bound):
        return math.inf
    if objective <= 0:
        return 0.0
    return max(objective - bound, 0.0) / abs(objective)
