"""The county plan as a mixed-integer programme, solved with HiGHS.

Decisions, each cumulative over the years (an action taken in a year holds in every later year):
which schools close, become teaching points or merge into a neighbour; how many classrooms each
school adds at each level; how many boarding beds each school adds (and whether a day school
becomes a boarding school); which candidate sites get a new school, with its classrooms and beds.
Each year the children of every assignment unit (:mod:`gis.plan.demand`) go to the schools open
to them that year.

Rules, every year (constraints):

- a grade 1–3 cover unit within the walking rule today keeps a day school within it;
- a cell that reaches a school of its grades today (within the longest trip) keeps one;
- children without a seat or a bed never exceed what they would be without any action
  ("build before close": a closure's pupils need seats and beds that exist that year);
- new schools have at least the classrooms of one class per grade; no school grows past the size
  cap of its level; a closed school takes no pupils; at most ``max_closures`` closures a year;
- capital spent in a year within that year's budget, and in all years within the total budget.

Objective terms (each summed over the years):

``beyond``   grade 1–3 children beyond the walking rule of their nearest day school
``unplaced`` children without a seat (pupils beyond the seats of their school) or boarders without a bed
``large``    pupils beyond the large-class line plus pupils beyond the very-large-class line
             (a school's pupils above 55 and above 65 times its classes)
``travel``   pupil-minutes of the trips to school, in thousands
``cost``     capital plus the change of running cost, less the value of buildings freed, 万元

They are optimised in an order (lexicographic: each term at its best given the earlier ones) or
as a weighted sum. Every value and bound is the model's, in units of the term.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from gis.errors import InputError, Problem, SolverError
from gis.highs import SolverFactory, new_highs, pass_model
from gis.locate.base import relative_gap
from gis.messages import text, word

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.plan.candidates import Candidates
    from gis.plan.demand import PlanDemand
    from gis.progress import Progress
    from gis.standards import Standards

#: The objective terms, in the default order of a lexicographic plan.
TERMS = ("beyond", "unplaced", "large", "travel", "cost")
#: Default weights of a weighted plan: 万元 a planner would pay to remove one unit of each term.
DEFAULT_WEIGHTS = {"beyond": 20.0, "unplaced": 5.0, "large": 2.0, "travel": 10.0, "cost": 1.0}
#: Boarding beds a school may add at most (a bound of the model, far above any county's need).
MAX_BEDS = 3000.0
_LEVELS = ("primary", "junior")


@dataclass(frozen=True)
class Objective:
    """How the terms are optimised: ``order`` (lexicographic) or ``weights`` (weighted sum)."""

    order: tuple[str, ...] = TERMS
    weights: dict[str, float] | None = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    @property
    def weighted(self) -> bool:
        """True for a weighted sum, False for the lexicographic order."""
        return self.weights is not None

    def describe(self) -> str:
        """The objective in words (English; the glossary words it for a table)."""
        if self.weights is not None:
            return "weighted: " + ", ".join(f"{k}×{v:g}" for k, v in self.weights.items())
        return "in order: " + " > ".join(self.order)


def parse_objective(given: str | None) -> Objective:
    """``beyond,unplaced,large,travel,cost`` (an order, lexicographic) or ``beyond=10,cost=1`` (weights).

    Terms left out of an order follow in the default order; left out of weights weigh 0.

    Raises
    ------
    InputError
        For an unknown term, a repeated one, a weight that is not a number or is negative, or a mix
        of the two forms.
    """
    if given is None or not given.strip():
        return Objective()  # the default weights
    parts = [p.strip() for p in given.split(",") if p.strip()]
    weighted = ["=" in p for p in parts]
    fix = text(
        "list terms of {terms} in order (beyond,unplaced,large,travel,cost) or give weights (beyond=20,cost=1)",
        terms=", ".join(TERMS),
    )
    if any(weighted) and not all(weighted):
        raise InputError(Problem(text("mix of an order and weights"), field="--objective", value=given, fix=fix))
    names = [p.split("=")[0].strip() for p in parts]
    problems = [
        Problem(text("unknown objective term"), field="--objective", value=n, fix=fix) for n in names if n not in TERMS
    ]
    problems += [
        Problem(text("term given twice"), field="--objective", value=n, fix=fix)
        for n in sorted({n for n in names if names.count(n) > 1})
    ]
    if problems:
        raise InputError(problems)
    if not all(weighted):
        return Objective(order=tuple(names) + tuple(t for t in TERMS if t not in names), weights=None)
    weights: dict[str, float] = {}
    for p, name in zip(parts, names, strict=True):
        value = p.split("=", 1)[1].strip()
        try:
            weight = float(value)
        except ValueError:
            weight = math.nan
        if not math.isfinite(weight) or weight < 0:
            problems.append(
                Problem(text("weight must be a number of 0 or more"), field="--objective", value=p, fix=fix)
            )
        weights[name] = weight
    if problems:
        raise InputError(problems)
    return Objective(order=tuple(names), weights={t: weights.get(t, 0.0) for t in TERMS})


@dataclass(frozen=True)
class Stage:
    """One solve of the plan: the term (or ``weighted``) optimised, its value, proven bound and gap."""

    term: str
    value: float
    bound: float
    gap: float
    status: str
    seconds: float


@dataclass(frozen=True, eq=False)
class Solution:
    """What a solve of the plan model found.

    ``terms`` holds each objective term's value; ``stages`` each solve's value, bound and gap (one
    stage for a weighted plan; one per term for a lexicographic one: each stage's bound is a true
    bound of its term among the plans that keep the earlier terms at their values). ``values`` are
    the columns of the programme.
    """

    values: np.ndarray
    terms: dict[str, float]
    stages: tuple[Stage, ...]
    objective: Objective

    @property
    def gap(self) -> float:
        """The largest relative gap of the stages."""
        return max((s.gap for s in self.stages), default=0.0)

    @property
    def seconds(self) -> float:
        """Solver time of all stages."""
        return sum(s.seconds for s in self.stages)


class _Columns:
    """Columns of the programme: bounds, integrality, and each objective term's coefficients."""

    def __init__(self) -> None:
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.integer: list[np.ndarray] = []
        self.n = 0

    def add(
        self, count: int, lower: float | np.ndarray = 0.0, upper: float | np.ndarray = np.inf, *, integer: bool = False
    ) -> np.ndarray:
        index = np.arange(self.n, self.n + count)
        self.lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (count,)).copy())
        self.upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (count,)).copy())
        self.integer.append(np.full(count, integer))
        self.n += count
        return index


class _Rows:
    """Rows ``lower ≤ A·x ≤ upper`` added in blocks of (row, column, value) triples."""

    def __init__(self) -> None:
        self.row: list[np.ndarray] = []
        self.col: list[np.ndarray] = []
        self.val: list[np.ndarray] = []
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.n = 0

    def add(self, count: int, lower: float | np.ndarray, upper: float | np.ndarray) -> np.ndarray:
        index = np.arange(self.n, self.n + count)
        self.lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (count,)).copy())
        self.upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (count,)).copy())
        self.n += count
        return index

    def put(self, rows: np.ndarray | list[int], cols: np.ndarray | list[int], vals: np.ndarray | float) -> None:
        rows = np.asarray(rows, dtype=np.int64).ravel()
        cols = np.asarray(cols, dtype=np.int64).ravel()
        self.row.append(rows)
        self.col.append(cols)
        self.val.append(np.broadcast_to(np.asarray(vals, dtype=float), rows.shape).ravel().copy())

    def matrix(self, n_cols: int) -> sp.csr_matrix:
        if not self.row:
            return sp.csr_matrix((self.n, n_cols))
        return sp.csr_matrix(
            (np.concatenate(self.val), (np.concatenate(self.row), np.concatenate(self.col))), shape=(self.n, n_cols)
        )


@dataclass(frozen=True)
class Budget:
    """Capital the plan may spend, 万元: in all years together and in each year (None: no limit)."""

    total: float | None = None
    per_year: float | None = None


@dataclass(eq=False)
class PlanModel:
    """The plan's programme over its candidates and years, built by :meth:`build`.

    Index arrays (``years`` × candidates) name the columns of each decision, so a solution is
    read back into actions by :mod:`gis.plan.plan`.
    """

    years: tuple[int, ...]
    candidates: Candidates
    demand: PlanDemand
    cost_matrix: dict[str, np.ndarray]
    term_constant: dict[str, float]
    lower: np.ndarray
    upper: np.ndarray
    integer: np.ndarray
    matrix: sp.csr_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    index: dict[str, np.ndarray]
    capital: np.ndarray
    running: np.ndarray
    freed: np.ndarray
    seatless_rows: np.ndarray
    budget_rows: np.ndarray
    budget: Budget
    site_levels: tuple[tuple[str, ...], ...]
    base_seats: np.ndarray
    base_classes: np.ndarray
    base_beds: np.ndarray
    class_size: dict[str, int]
    #: The classrooms a new site has at least when open (one class per grade), by the last year's
    #: column of its classrooms at a level.
    least_rooms: dict[int, float]
    max_rooms: dict[str, np.ndarray]
    notes: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ building

    @classmethod
    def build(
        cls,
        schools: gpd.GeoDataFrame,
        candidates: Candidates,
        demand: PlanDemand,
        standards: Standards,
        *,
        budget: Budget = Budget(),
        max_closures: int | None = None,
    ) -> PlanModel:
        """Build the programme (see the module's description).

        Parameters
        ----------
        schools
            The project's schools (rows match the candidates').
        candidates
            The actions the plan may take.
        demand
            The children of each year in assignment and cover units.
        standards
            The rules: class sizes and lines, size caps, costs.
        budget
            Capital limits, 万元.
        max_closures
            Closures (closures, teaching points and mergers) a year at most; None: no limit.
        """
        costs = standards.costs
        years = demand.years
        n_t = len(years)
        n_s = len(schools)
        sites = candidates.sites
        n_f = n_s + len(sites)
        col = _Columns()
        rows = _Rows()
        index: dict[str, np.ndarray] = {}

        def state(name: str, count: int, *, upper: float | np.ndarray = 1.0, integer: bool = True) -> np.ndarray:
            """Cumulative decision columns, ``count`` × years, never decreasing over the years."""
            up = np.broadcast_to(np.asarray(upper, dtype=float), (count,))
            block = (
                np.stack([col.add(count, 0.0, up, integer=integer) for _ in range(n_t)], axis=1)
                if count
                else np.zeros((0, n_t), dtype=np.int64)
            )
            if count and n_t > 1:
                r = rows.add(count * (n_t - 1), 0.0, np.inf)
                r = r.reshape(count, n_t - 1)
                rows.put(r, block[:, 1:], 1.0)
                rows.put(r, block[:, :-1], -1.0)
            index[name] = block
            return block

        close = state("close", len(candidates.close))
        ttp = state("teaching_point", len(candidates.teaching_point))
        merge = state("merge", len(candidates.merge))
        opened = state("new", len(sites))
        bed_rows = np.asarray(candidates.beds, dtype=np.int64)
        beds0 = schools["boarding_beds"].to_numpy(dtype=float)
        converts = bed_rows[beds0[bed_rows] <= 0]
        conv = state("convert", converts.size)
        beds_add = state("beds", bed_rows.size, upper=MAX_BEDS)
        site_board = np.array([s.boarding for s in sites], dtype=bool)
        site_beds = state("site_beds", int(site_board.sum()), upper=MAX_BEDS)

        class_size = {lv: standards.level(lv).class_size for lv in _LEVELS}
        caps = {
            lv: np.where(
                schools["type"].astype(str).to_numpy() == "nine_year",
                standards.nine_year_size_cap,
                standards.level(lv).size_cap,
            ).astype(float)
            for lv in _LEVELS
        }
        base_seats = np.zeros((n_f, 2))
        base_classes = np.zeros((n_f, 2))
        for k, lv in enumerate(_LEVELS):
            cap = schools[f"capacity_{lv}"].to_numpy(dtype=float)
            base_seats[:n_s, k] = cap
            base_classes[:n_s, k] = np.maximum(
                schools[f"classes_{lv}"].to_numpy(dtype=float), np.floor(cap / class_size[lv] + 1e-9)
            )
        base_beds = np.zeros(n_f)
        base_beds[:n_s] = beds0
        # Classrooms added at existing schools (integer), bounded by the size cap.
        expand = candidates.expand
        e_school = np.array([s for s, _ in expand], dtype=np.int64)
        e_level = np.array([_LEVELS.index(lv) for _, lv in expand], dtype=np.int64)
        e_max = np.array(
            [
                max(0.0, math.floor((caps[lv][s] - base_seats[s, _LEVELS.index(lv)]) / class_size[lv] + 1e-9))
                for s, lv in expand
            ]
        )
        rooms = state("rooms", len(expand), upper=e_max)
        # Classrooms of new sites, per level the site teaches, at least one class per grade.
        site_levels = tuple(tuple(lv for lv in _LEVELS if _teaches(s.grades, lv)) for s in sites)
        site_room_cols = []
        site_room_meta = []
        least_rooms: dict[int, float] = {}
        for n, site in enumerate(sites):
            for lv in site_levels[n]:
                k = _LEVELS.index(lv)
                lo, hi = site.grades
                grades = min(hi, 6 if lv == "primary" else 9) - max(lo, 1 if lv == "primary" else 7) + 1
                most = math.floor(standards.level(lv).size_cap / class_size[lv])
                if site.type == "teaching_point":
                    most = 2 * grades
                block = state(f"site_rooms:{n}:{lv}", 1, upper=float(most))[0]
                r = rows.add(n_t, 0.0, np.inf)
                rows.put(r, block, 1.0)
                rows.put(r, opened[n], -float(grades))  # at least one class per grade when open
                r = rows.add(n_t, -np.inf, 0.0)
                rows.put(r, block, 1.0)
                rows.put(r, opened[n], -float(most))  # none when not open
                site_room_cols.append(block)
                site_room_meta.append((n, k))
                least_rooms[int(block[-1])] = float(grades)
        index["site_rooms"] = np.array(site_room_cols, dtype=np.int64).reshape(-1, n_t)
        max_rooms = {"expand": e_max}

        # Exclusive fates of a school: close, teaching point, merged away, or receiving a merge.
        fate: dict[int, list[np.ndarray]] = {}
        for i, s in enumerate(candidates.close):
            fate.setdefault(s, []).append(close[i])
        for i, s in enumerate(candidates.teaching_point):
            fate.setdefault(s, []).append(ttp[i])
        for j, (s, r_) in enumerate(candidates.merge):
            fate.setdefault(s, []).append(merge[j])
            fate.setdefault(r_, []).append(merge[j])
        for blocks in fate.values():
            if len(blocks) > 1:
                r = rows.add(n_t, -np.inf, 1.0)
                for b in blocks:
                    rows.put(r, b, 1.0)
        # A converted school's beds; a site's beds only when open.
        conv_of = {int(s): i for i, s in enumerate(converts)}
        for i, s in enumerate(bed_rows):
            if int(s) in conv_of:
                r = rows.add(n_t, -np.inf, 0.0)
                rows.put(r, beds_add[i], 1.0)
                rows.put(r, conv[conv_of[int(s)]], -MAX_BEDS)
        board_sites = np.flatnonzero(site_board)
        for i, board_site in enumerate(board_sites):
            r = rows.add(n_t, -np.inf, 0.0)
            rows.put(r, site_beds[i], 1.0)
            rows.put(r, opened[board_site], -MAX_BEDS)

        # Availability of each facility to each group: 1 − Σ (binaries that take it away).
        away_all: dict[int, list[np.ndarray]] = {}
        for i, s in enumerate(candidates.close):
            away_all.setdefault(s, []).append(close[i])
        for j, (s, _r) in enumerate(candidates.merge):
            away_all.setdefault(s, []).append(merge[j])
        away_older = {s: ttp[i] for i, s in enumerate(candidates.teaching_point)}

        def takers(f: int, group: str) -> list[np.ndarray]:
            if f >= n_s:
                return []
            out = list(away_all.get(f, []))
            if group != "grades_1_3" and f in away_older:
                out.append(away_older[f])
            return out

        # ---- assignment: every child of a unit goes to a school open to it.
        term: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {t: [] for t in TERMS}
        constant = dict.fromkeys(TERMS, 0.0)
        pupils_cols: dict[tuple[int, int, int], list[np.ndarray]] = {}
        boarder_cols: dict[tuple[int, int], list[np.ndarray]] = {}
        flows: dict[str, np.ndarray] = {}
        seatless_by_year: list[list[np.ndarray]] = [[] for _ in range(n_t)]
        running_parts: list[tuple[np.ndarray, np.ndarray, int]] = []
        for g in demand.groups:
            k = _LEVELS.index(g.level)
            n_pairs = g.pair_unit.size
            x = (
                np.stack([col.add(n_pairs) for _ in range(n_t)], axis=1)
                if n_pairs
                else np.zeros((0, n_t), dtype=np.int64)
            )
            flows[g.name] = x
            index[f"flow:{g.name}"] = x
            n_units = g.children.shape[1]
            has = np.bincount(g.pair_unit, minlength=n_units) > 0
            for t in range(n_t):
                d = g.children[t]
                r = rows.add(n_units, d * has, d * has)
                rows.put(r[g.pair_unit], x[:, t], 1.0)
                # Children no open school takes (their options are all closed or not built).
                lost = col.add(n_units, 0.0, d * has)
                rows.put(r, lost, 1.0)
                term["unplaced"].append((lost, np.ones(n_units)))
                # In the large-class term too, as a pupil beyond both lines: a child no school takes
                # is never better than one in a crowded class.
                term["large"].append((lost, np.full(n_units, 2.0)))
                seatless_by_year[t].append(lost)
                constant["unplaced"] += float(d[~has].sum())
                # A pair of a facility that may be taken away: x ≤ d · availability.
                term["travel"].append((x[:, t], g.pair_minutes / 1000.0))
                boards = g.boards
                if g.name != "grades_1_3":
                    subsidy = standards.costs.boarding_subsidy(g.level)
                    running_parts.append((x[boards, t], np.full(int(boards.sum()), subsidy), t))
                    if g.mode != "walk":
                        day = ~boards
                        running_parts.append((x[day, t], np.full(int(day.sum()), costs.bus_pupil_per_year), t))
            for f in np.unique(g.pair_facility):
                pairs = np.flatnonzero(g.pair_facility == f)
                for t in range(n_t):
                    pupils_cols.setdefault((int(f), k, t), []).append(x[pairs, t])
                    if g.may_board:
                        bp = pairs[g.boards[pairs]]
                        if bp.size:
                            boarder_cols.setdefault((int(f), t), []).append(x[bp, t])
                away = takers(int(f), g.name)
                if int(f) >= n_s:
                    away_site = opened[int(f) - n_s]
                    for t in range(n_t):
                        d = g.children[t][g.pair_unit[pairs]]
                        r = rows.add(pairs.size, -np.inf, 0.0)
                        rows.put(r, x[pairs, t], 1.0)
                        rows.put(r, np.full(pairs.size, away_site[t]), -d)
                elif away:
                    for t in range(n_t):
                        d = g.children[t][g.pair_unit[pairs]]
                        r = rows.add(pairs.size, -np.inf, d)
                        rows.put(r, x[pairs, t], 1.0)
                        for b in away:
                            rows.put(r, np.full(pairs.size, b[t]), d)
            for t in range(n_t):
                constant["unplaced"] += float(g.unreachable[t])

        # ---- seats, classes and beds of each facility, level and year.
        merges_into: dict[int, list[int]] = {}
        for j, (_s, r_) in enumerate(candidates.merge):
            merges_into.setdefault(r_, []).append(j)
        rooms_of: dict[tuple[int, int], np.ndarray] = {
            (int(s), int(k)): rooms[i] for i, (s, k) in enumerate(zip(e_school, e_level, strict=True))
        }
        for (n, k), block in zip(site_room_meta, site_room_cols, strict=True):
            rooms_of[(n_s + n, k)] = block
        large, very_large = standards.large_class - 1, standards.very_large_class - 1
        for (f, k, t), parts in pupils_cols.items():
            xs = np.concatenate(parts)
            w, e56, e66 = col.add(1)[0], col.add(1)[0], col.add(1)[0]
            term["unplaced"].append((np.array([w]), np.array([1.0])))
            term["large"].append((np.array([e56, e66]), np.array([1.0, 1.0])))
            seatless_by_year[t].append(np.array([w]))
            extra = [(rooms_of[(f, k)][t], class_size[_LEVELS[k]], 1.0)] if (f, k) in rooms_of else []
            for j in merges_into.get(f, []):
                s = candidates.merge[j][0]
                extra.append((merge[j][t], base_seats[s, k], base_classes[s, k]))
            for slack, line, base in (
                (w, None, base_seats[f, k]),
                (e56, large, base_classes[f, k]),
                (e66, very_large, base_classes[f, k]),
            ):
                rhs = base if line is None else line * base
                r = rows.add(1, -np.inf, rhs)
                rows.put(np.full(xs.size, r[0]), xs, 1.0)
                rows.put(r, [slack], -1.0)
                for column, seats_per, classes_per in extra:
                    coef = seats_per if line is None else line * classes_per
                    if coef:
                        rows.put(r, [column], -float(coef))
        for (f, t), parts in boarder_cols.items():
            xs = np.concatenate(parts)
            short = col.add(1)[0]
            term["unplaced"].append((np.array([short]), np.array([1.0])))
            seatless_by_year[t].append(np.array([short]))
            r = rows.add(1, -np.inf, base_beds[f])
            rows.put(np.full(xs.size, r[0]), xs, 1.0)
            rows.put(r, [short], -1.0)
            if f < n_s:
                where = np.flatnonzero(bed_rows == f)
                if where.size:
                    rows.put(r, [beds_add[where[0], t]], -1.0)
                for j in merges_into.get(f, []):
                    rows.put(r, [merge[j][t]], -float(base_beds[candidates.merge[j][0]]))
            else:
                n = f - n_s
                if site_board[n]:
                    rows.put(r, [site_beds[int(np.searchsorted(board_sites, n)), t]], -1.0)

        # ---- the 30-minute rule on cover units.
        cover = demand.cover
        cov_csr = cover.cover.tocsr()
        for v in range(cov_csr.shape[0]):
            members = cov_csr.indices[cov_csr.indptr[v] : cov_csr.indptr[v + 1]]
            if cover.within_today[v]:
                existing = members[members < n_s]
                away_cols = [b for f in existing for b in takers(int(f), "grades_1_3")]
                fixed = [f for f in existing if not takers(int(f), "grades_1_3")]
                if fixed:
                    continue
                site_cols = [opened[int(f) - n_s] for f in members[members >= n_s]]
                # Σ open sites + Σ existing (1 − away) ≥ 1.
                r = rows.add(n_t, 1.0 - existing.size, np.inf)
                for b in away_cols:
                    rows.put(r, b, -1.0)
                for b in site_cols:
                    rows.put(r, b, 1.0)
            else:
                constant["beyond"] += float(cover.children[:, v].sum())
                site_members = members[members >= n_s]
                if site_members.size == 0:
                    continue
                c = np.array([col.add(1, 0.0, 1.0)[0] for _ in range(n_t)])
                r = rows.add(n_t, -np.inf, 0.0)
                rows.put(r, c, 1.0)
                for f in site_members:
                    rows.put(r, opened[int(f) - n_s], -1.0)
                term["beyond"].append((c, -cover.children[:, v]))

        # ---- no child loses every school within reach (cell by cell, each group of grades).
        for group_name, units in demand.reach.items():
            reach_csr = units.cover.tocsr()
            for reach_unit in np.flatnonzero(units.within_today):
                members = reach_csr.indices[reach_csr.indptr[reach_unit] : reach_csr.indptr[reach_unit + 1]]
                existing = members[members < n_s]
                if any(not takers(int(f), group_name) for f in existing):
                    continue
                r = rows.add(n_t, 1.0 - existing.size, np.inf)
                for f in existing:
                    for b in takers(int(f), group_name):
                        rows.put(r, b, -1.0)
                for f in members[members >= n_s]:
                    rows.put(r, opened[int(f) - n_s], 1.0)

        # ---- money: capital by year, running change by year, buildings freed.
        classroom = costs.classroom
        cap_parts: list[tuple[np.ndarray, float]] = []  # (columns years-wide, cost per unit)
        for i in range(len(expand)):
            cap_parts.append((rooms[i], classroom))
        for block in site_room_cols:
            cap_parts.append((block, classroom))
        for i in range(bed_rows.size):
            cap_parts.append((beds_add[i], costs.bed))
        for i in range(site_beds.shape[0]):
            cap_parts.append((site_beds[i], costs.bed))
        for n in range(len(sites)):
            cap_parts.append((opened[n], costs.new_site))
        for i in range(converts.size):
            cap_parts.append((conv[i], costs.boarding_conversion))
        n_cols = col.n
        capital = np.zeros((n_t, n_cols))
        for block, unit in cap_parts:
            for t in range(n_t):
                capital[t, block[t]] += unit
                if t:
                    capital[t, block[t - 1]] -= unit
        running = np.zeros((n_t, n_cols))
        per_class = costs.teacher_per_year * costs.teachers_per_class
        classes_total = base_classes[:n_s].sum(axis=1)
        for i, s in enumerate(candidates.close):
            running[np.arange(n_t), close[i]] -= costs.school_per_year + per_class * classes_total[s]
        for i, s in enumerate(candidates.teaching_point):
            running[np.arange(n_t), ttp[i]] -= per_class * max(0.0, base_classes[s, 0] - 3.0)
        for j in range(len(candidates.merge)):
            running[np.arange(n_t), merge[j]] -= costs.school_per_year
        for n in range(len(sites)):
            running[np.arange(n_t), opened[n]] += costs.school_per_year
        for i in range(len(expand)):
            running[np.arange(n_t), rooms[i]] += per_class
        for block in site_room_cols:
            running[np.arange(n_t), block] += per_class
        for columns, per_pupil, t in running_parts:
            running[t, columns] += per_pupil
        floor = schools["floor_area_m2"].to_numpy(dtype=float)
        freed = np.zeros(n_cols)
        for i, s in enumerate(candidates.close):
            freed[close[i][-1]] += costs.freed_building_m2 * floor[s]
        for j, (s, _r) in enumerate(candidates.merge):
            freed[merge[j][-1]] += costs.freed_building_m2 * floor[s]
        # Budget rows: each year's capital, then all years' (no limit: an upper bound of infinity).
        budget_rows = rows.add(n_t + 1, -np.inf, np.inf)
        nz = capital.nonzero()
        rows.put(budget_rows[nz[0]], nz[1], capital[nz])
        total = capital.sum(axis=0)
        nz_total = np.flatnonzero(total)
        rows.put(np.full(nz_total.size, budget_rows[-1]), nz_total, total[nz_total])
        if max_closures is not None:
            blocks = [*close, *ttp, *merge]
            if blocks:
                r = rows.add(n_t, -np.inf, float(max_closures))
                for b in blocks:
                    rows.put(r, b, 1.0)
                    if n_t > 1:
                        rows.put(r[1:], b[:-1], -1.0)

        # Children without a seat or a bed, per year: bounded below (after build) by doing nothing.
        seatless_rows = rows.add(n_t, -np.inf, np.inf)
        for t in range(n_t):
            cols_t = np.concatenate(seatless_by_year[t]) if seatless_by_year[t] else np.zeros(0, dtype=np.int64)
            rows.put(np.full(cols_t.size, seatless_rows[t]), cols_t, 1.0)

        cost_terms = {}
        for name in TERMS:
            vec = np.zeros(col.n)
            for term_cols, term_coef in term[name]:
                np.add.at(vec, term_cols, term_coef)
            cost_terms[name] = vec
        pad = col.n - n_cols
        capital = np.pad(capital, ((0, 0), (0, pad)))
        running = np.pad(running, ((0, 0), (0, pad)))
        freed = np.pad(freed, (0, pad))
        cost_terms["cost"] = capital.sum(axis=0) + running.sum(axis=0) - freed
        return cls(
            years=years,
            candidates=candidates,
            demand=demand,
            cost_matrix=cost_terms,
            term_constant=constant,
            lower=np.concatenate(col.lower),
            upper=np.concatenate(col.upper),
            integer=np.concatenate(col.integer),
            matrix=rows.matrix(col.n),
            row_lower=np.concatenate(rows.lower),
            row_upper=np.concatenate(rows.upper),
            index=index,
            capital=capital,
            running=running,
            freed=freed,
            seatless_rows=seatless_rows,
            budget_rows=budget_rows,
            budget=budget,
            least_rooms=least_rooms,
            site_levels=site_levels,
            base_seats=base_seats,
            base_classes=base_classes,
            base_beds=base_beds,
            class_size=class_size,
            max_rooms=max_rooms,
        )

    # ------------------------------------------------------------------ solving

    def term_values(self, values: np.ndarray) -> dict[str, float]:
        """Each objective term's value at a solution."""
        return {t: float(self.cost_matrix[t] @ values + self.term_constant[t]) for t in TERMS}

    def _highs(self, time_limit: float | None, gap: float, solver: SolverFactory | None) -> Any:
        highs = new_highs(solver, time_limit=time_limit, mip_rel_gap=gap)
        pass_model(
            highs,
            cost=np.zeros(self.lower.size),
            lower=self.lower,
            upper=self.upper,
            matrix=self.matrix,
            row_lower=self.row_lower,
            row_upper=self.row_upper,
            integer=self.integer,
        )
        return highs

    def least_seatless(self, *, solver: SolverFactory | None = None) -> np.ndarray:
        """Per year, the fewest children without a seat or bed when the plan takes no action (an LP)."""
        highs = self._highs(None, 0.0, solver)
        n = self.lower.size
        upper = np.where(_decision_mask(self), self.lower, self.upper)
        highs.changeColsBounds(n, np.arange(n, dtype=np.int32), self.lower, upper)
        highs.changeColsCost(n, np.arange(n, dtype=np.int32), self.cost_matrix["unplaced"])
        highs.run()
        values = np.asarray(highs.getSolution().col_value)
        row_values = self.matrix[self.seatless_rows] @ values
        return np.asarray(row_values)

    def solve(
        self,
        objective: Objective,
        *,
        seatless_limit: np.ndarray,
        start: np.ndarray | None = None,
        time_limit: float = 60.0,
        gap: float = 0.005,
        fixed: dict[int, tuple[float, float]] | None = None,
        budget: Budget | None = None,
        solver: SolverFactory | None = None,
        report: Progress | None = None,
    ) -> Solution:
        """Solve the plan.

        Parameters
        ----------
        objective
            The order or the weights of the terms.
        seatless_limit
            Per year, children without a seat or bed allowed (:meth:`least_seatless`).
        start
            A feasible solution to start from (a heuristic's plan).
        time_limit
            Seconds for all stages together.
        gap
            Relative gap at which a stage stops.
        fixed
            Bounds of columns held (forced or forbidden actions, a plan's decisions).
        budget
            The capital limits; by default those the model was built with.
        """
        import highspy

        highs = self._highs(None, gap, solver)
        n = self.lower.size
        all_cols = np.arange(n, dtype=np.int32)
        rows = self.seatless_rows.astype(np.int32)
        allowed = np.asarray(seatless_limit, dtype=float)
        allowed = allowed + 1e-6 * np.maximum(1.0, np.abs(allowed)) + 1e-4
        highs.changeRowsBounds(rows.size, rows, np.full(rows.size, -np.inf), allowed)
        limits = budget or self.budget
        per_year = np.inf if limits.per_year is None else limits.per_year
        total = np.inf if limits.total is None else limits.total
        b_rows = self.budget_rows.astype(np.int32)
        uppers = np.array([per_year] * (b_rows.size - 1) + [total], dtype=float)
        highs.changeRowsBounds(b_rows.size, b_rows, np.full(b_rows.size, -np.inf), uppers)
        if fixed and all(int(c) in fixed for c in np.flatnonzero(self.integer)):
            # Every integer column held: a linear programme.
            integer = np.flatnonzero(self.integer).astype(np.int32)
            kinds = np.array([highspy.HighsVarType.kContinuous] * integer.size)
            highs.changeColsIntegrality(integer.size, integer, kinds)
        if fixed:
            cols = np.array(sorted(fixed), dtype=np.int32)
            lows = np.array([fixed[c][0] for c in cols.tolist()], dtype=float)
            highs_ = np.array([fixed[c][1] for c in cols.tolist()], dtype=float)
            highs.changeColsBounds(cols.size, cols, lows, highs_)
        stages: list[Stage] = []
        values = start
        deadline = time.perf_counter() + time_limit
        plan: list[tuple[str, np.ndarray, float]]
        if objective.weights is not None:
            weights = objective.weights
            combined = np.sum([weights[t] * self.cost_matrix[t] for t in TERMS], axis=0)
            plan = [("weighted", combined, float(sum(weights[t] * self.term_constant[t] for t in TERMS)))]
        else:
            plan = [(t, self.cost_matrix[t], self.term_constant[t]) for t in objective.order]
        for k, (name, cost, offset) in enumerate(plan):
            left = max(1.0, deadline - time.perf_counter())
            share = left / (len(plan) - k)
            highs.setOptionValue("time_limit", float(share if k < len(plan) - 1 else left))
            highs.changeColsCost(n, all_cols, np.asarray(cost, dtype=float))
            highs.changeObjectiveOffset(float(offset))  # so that HiGHS's gap is the gap of the whole term
            if values is not None:
                # The start's integer columns only: HiGHS completes the rest. (Given a whole
                # solution, HiGHS 1.16 can hand back that start as its answer while reporting a
                # better objective; a partial one it does not.)
                integer = np.flatnonzero(self.integer).astype(np.int32)
                highs.setSolution(integer.size, integer, np.round(np.asarray(values, dtype=float)[integer]))
            if report is not None:
                report(k / len(plan), text("solving: {term}", term=word(name)))
            started = time.perf_counter()
            ran = highs.run()
            status = highs.modelStatusToString(highs.getModelStatus())
            info = highs.getInfo()
            found = info.primal_solution_status >= 1
            if ran == highspy.HighsStatus.kError:
                raise SolverError(
                    text(
                        "HiGHS stopped with an error while solving the plan ({name}: {status})",
                        name=name,
                        status=status,
                    )
                )
            if not found and values is not None:
                # No better plan within this stage's time: the start (the earlier stage's plan, which
                # keeps every earlier term) stands, with the bound HiGHS proved.
                pass
            elif not found and status == "Infeasible":
                raise InputError(
                    Problem(
                        text("no plan keeps every rule within these limits"),
                        field="--force, --budget, --budget-per-year, --max-closures",
                        fix=text(
                            "force fewer actions (a forced closure may leave children without any "
                            "school or seat), or raise the budget"
                        ),
                    )
                )
            elif not found:
                raise InputError(
                    Problem(
                        text("no plan found within the time limit ({status})", status=status),
                        field="time limit",
                        value=f"{time_limit:g} s",
                        fix=text("allow more time, raise the budget or forbid fewer candidates"),
                    )
                )
            if found:
                values = np.asarray(highs.getSolution().col_value)
            value = float(cost @ values + offset)
            bound = float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else -np.inf
            if found and abs(float(info.objective_function_value) - value) > 1e-6 * max(1.0, abs(value)) + 1e-6:
                # The solution handed back is not the one HiGHS reports: keep its value, and a bound
                # no higher than either.
                bound = min(bound, float(info.objective_function_value))
            bound = min(bound, value)
            stages.append(
                Stage(name, value, bound, relative_gap(bound, value, value), status, time.perf_counter() - started)
            )
            if k < len(plan) - 1:
                # Keep this term at the value found (a little slack for the solver's tolerances).
                nz = np.flatnonzero(cost)
                slack = 1e-6 * max(1.0, abs(value))
                highs.addRow(-np.inf, value - offset + slack, nz.size, nz.astype(np.int32), np.asarray(cost)[nz])
        assert values is not None
        return Solution(values, self.term_values(values), tuple(stages), objective)

    def reassigned(
        self,
        objective: Objective,
        planned: np.ndarray,
        removed: list[np.ndarray],
        *,
        solver: SolverFactory | None = None,
        report: Progress | None = None,
    ) -> tuple[dict[str, float], list[dict[str, float]]]:
        """The terms of a plan with its decisions held, and of the same plan without each of ``removed``
        (column sets set to 0), the children re-assigned each time.

        One solver re-solves from the last basis, so each action costs a few simplex steps. The rule
        on children without a seat is relaxed (a plan without a classroom its closure needs is
        judged, not refused). Lexicographic objectives are re-optimised term by term.
        """
        highs = self._highs(None, 0.0, solver)
        n = self.lower.size
        all_cols = np.arange(n, dtype=np.int32)
        decided = np.flatnonzero(_decision_mask(self)).astype(np.int32)
        held = np.asarray(planned, dtype=float)[decided]
        held = np.where(self.integer[decided], np.round(held), held)
        highs.changeColsBounds(decided.size, decided, held, held)
        # Every integer column is held: a linear programme, re-solved from its last basis.
        import highspy

        integer = np.flatnonzero(self.integer).astype(np.int32)
        highs.changeColsIntegrality(integer.size, integer, np.array([highspy.HighsVarType.kContinuous] * integer.size))
        stages = (
            [sum(objective.weights[t] * self.cost_matrix[t] for t in TERMS)]
            if objective.weights is not None
            else [self.cost_matrix[t] for t in objective.order]
        )

        def run() -> dict[str, float]:
            added = 0
            values = None
            for k, cost in enumerate(stages):
                highs.changeColsCost(n, all_cols, np.asarray(cost, dtype=float))
                highs.run()
                values = np.asarray(highs.getSolution().col_value)
                if k < len(stages) - 1:
                    nz = np.flatnonzero(cost)
                    value = float(np.asarray(cost) @ values)
                    highs.addRow(
                        -np.inf, value + 1e-6 * max(1.0, abs(value)), nz.size, nz.astype(np.int32), np.asarray(cost)[nz]
                    )
                    added += 1
            if added:
                first = highs.getNumRow() - added
                highs.deleteRows(added, np.arange(first, first + added, dtype=np.int32))
            assert values is not None
            return self.term_values(values)

        base = run()
        out = []
        for k, columns in enumerate(removed):
            if report is not None:
                report(k / max(1, len(removed)), text("each action's worth"))
            cols = np.asarray(columns, dtype=np.int32)
            keep_values = held[np.searchsorted(decided, cols)]
            highs.changeColsBounds(cols.size, cols, np.zeros(cols.size), np.zeros(cols.size))
            out.append(run())
            highs.changeColsBounds(cols.size, cols, keep_values, keep_values)
        return base, out


def _teaches(grades: tuple[int, int], level: str) -> bool:
    lo, hi = grades
    a, b = (1, 6) if level == "primary" else (7, 9)
    return lo <= b and hi >= a


def _decision_mask(model: PlanModel) -> np.ndarray:
    """The columns of decisions (actions), not of the assignment."""
    mask = np.zeros(model.lower.size, dtype=bool)
    for name, block in model.index.items():
        if not name.startswith("flow:") and block.size:
            mask[block.ravel()] = True
    return mask
