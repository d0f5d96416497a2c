"""Suggestions: which small schools to close or merge, where to build new schools, and what each does.

:func:`suggest` reads a baseline :class:`~gis.analysis.Analysis` and proposes, per level:

Closures and mergers (consolidation)
    Small schools (fewer pupils than ``classes.small_school``), smallest first. A school's
    children would go, cell by cell, to the nearest other school that teaches them (among
    each cell's ``assignment.nearest_schools`` nearest, within ``assignment.max_travel_min``).
    It is proposed only if

    - no child of grades 1–3 would then walk more than ``travel.grade1_3_max_min`` (the
      30-minute rule; grades 1–3 do not board);
    - the receiving schools have the free seats (capacity less the pupils the baseline's
      capacity-aware assignment gives them or the recorded enrolment, whichever is more,
      less what earlier suggestions send);
    - older pupils pushed beyond their level's day-travel rule board at the nearest school by
      the boarders' weekly travel mode (``planning.boarding_mode``, within
      ``assignment.max_travel_min``) and get beds there: where its free beds fall short, the
      same suggestion converts it to boarding or adds the beds ("build before close").

    A small primary school whose grade 1–3 children have no other school within the rule
    may instead stay as a teaching point for grades 1–3 while grades 4–6 move on
    (``to_teaching_point``). When the main receiving school is itself small, the two are
    merged instead, at the one
    of their two sites that gives the children the shorter total trip; a merged school
    keeps both schools' seats, staff and facilities.
    Suggestions are made one after another so that they can all be taken together: a
    school closed by one is no longer a receiver, and seats promised are no longer free.
New day schools (teaching points) for grades 1–3
    Cells whose grade 1–3 children walk more than the 30-minute rule to the nearest school.
    Sites are chosen by the maximal covering model (:class:`~gis.locate.MaxCover`, solved
    exactly with HiGHS) among the villages, township seats and the cells with most such
    children: one more site at a time, as long as every chosen site brings at least
    ``planning.min_teaching_point_children`` children within the rule.
New boarding schools for grades 4–6 and 7–9
    The same, for the pupils beyond their level's day-travel rule, with sites kept only if
    each serves at least ``planning.min_new_school_pupils``: those it brings within the
    rule become day pupils, and the remote ones for whom it is the nearest school board
    there (its beds).

Each :class:`Suggestion` states its action, schools and sites, the children affected, their
mean and worst trip before and after, new boarders, seats and beds needed, a one-sentence
rationale in Chinese and English, and the edits that make it a scenario
(:meth:`Suggestion.scenario`).
"""

from __future__ import annotations

import json
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from gis.balance import level_pupils
from gis.edits import ChangeGrades, Close, ConvertToBoarding, Edit, Merge, Open, Scenario, edit_to_dict
from gis.messages import text, word
from gis.progress import Progress
from gis.schema import enrolment_columns

if TYPE_CHECKING:
    from collections.abc import Sequence

    import geopandas as gpd
    import pandas as pd
    import scipy.sparse as sp

    from gis.analysis import Analysis, Group
    from gis.network import RoutingNetwork
    from gis.progress import CancelFn, ProgressFn

ACTIONS = ("close", "merge", "to_teaching_point", "new_day_school", "new_boarding_school")
# Seats and beds of new schools are rounded up to whole tens.
_ROUND_TO = 10
# A candidate's trip counts as shorter than today's only by more than this many minutes: the
# searches between junctions (gis.travel) round the last digits differently from the analysis's.
_SAME_MIN = 1e-9


@dataclass(frozen=True)
class NewSite:
    """A proposed new school: where, what, and how many pupils it would take."""

    name: str
    x: float
    y: float
    type: str
    seats: int
    beds: int


@dataclass(frozen=True)
class Suggestion:
    """One proposal with its effect on the children concerned.

    ``children_affected`` are the children whose school would change; the travel figures
    are theirs, before and after (minutes; worst = the longest trip). ``new_boarders`` is
    the change in pupils who must board (negative when pupils can go home daily);
    ``seats_needed``/``beds_needed`` are the seats and beds to build or add.
    """

    id: str
    level: str
    action: str
    school_ids: tuple[str, ...]
    school_names: tuple[str, ...]
    receiving_ids: tuple[str, ...]
    sites: tuple[NewSite, ...]
    children_affected: float
    mean_before_min: float
    mean_after_min: float
    worst_before_min: float
    worst_after_min: float
    new_boarders: float
    seats_needed: int
    beds_needed: int
    rationale_zh: str
    rationale_en: str
    edits: tuple[Edit, ...]

    def scenario(self, name: str | None = None) -> Scenario:
        """The suggestion as a scenario (its edits), named after it unless a name is given."""
        return Scenario(name or f"{self.id} {self.action}", self.edits, self.rationale_zh)

    def rationale(self, language: str = "zh") -> str:
        """The rationale in Chinese (``zh``) or English (``en``)."""
        return self.rationale_zh if language.startswith("zh") else self.rationale_en


@dataclass(frozen=True)
class Suggestions:
    """All suggestions of a run, and notes on what could not be proposed and why."""

    items: tuple[Suggestion, ...]
    notes: tuple[str, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)

    def by_action(self, action: str) -> tuple[Suggestion, ...]:
        """The suggestions of one action."""
        return tuple(s for s in self.items if s.action == action)

    def get(self, suggestion_id: str) -> Suggestion:
        """The suggestion with this id."""
        for item in self.items:
            if item.id == suggestion_id:
                return item
        raise KeyError(suggestion_id)

    def table(self) -> pd.DataFrame:
        """One row per suggestion (the columns of ``suggestions.csv``)."""
        import pandas as pd

        rows = []
        for s in self.items:
            rows.append(
                {
                    "id": s.id,
                    "level": s.level,
                    "action": s.action,
                    "schools": ";".join(s.school_ids),
                    "school_names": ";".join(s.school_names),
                    "receiving_schools": ";".join(s.receiving_ids),
                    "new_sites": ";".join(f"{site.name} ({site.x:.0f}, {site.y:.0f})" for site in s.sites),
                    "children_affected": round(s.children_affected, 1),
                    "mean_before_min": round(s.mean_before_min, 1),
                    "mean_after_min": round(s.mean_after_min, 1),
                    "worst_before_min": round(s.worst_before_min, 1),
                    "worst_after_min": round(s.worst_after_min, 1),
                    "new_boarders": round(s.new_boarders, 1),
                    "seats_needed": s.seats_needed,
                    "beds_needed": s.beds_needed,
                    "rationale_zh": s.rationale_zh,
                    "rationale_en": s.rationale_en,
                    "edits": json.dumps([edit_to_dict(e) for e in s.edits], ensure_ascii=False),
                }
            )
        columns = [
            "id", "level", "action", "schools", "school_names", "receiving_schools", "new_sites",
            "children_affected", "mean_before_min", "mean_after_min", "worst_before_min", "worst_after_min",
            "new_boarders", "seats_needed", "beds_needed", "rationale_zh", "rationale_en", "edits",
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------- options


@dataclass(frozen=True, eq=False)
class _Options:
    """For each analysed cell of a group: its nearest eligible schools, nearest first.

    ``school[i, k]`` is a project school row (-1 past the last), ``minutes[i, k]`` the trip.
    ``routed`` marks the cells routed when only some were (None: all of them).
    """

    group: Group
    school: np.ndarray
    minutes: np.ndarray
    routed: np.ndarray | None = None

    def first_open(self, closed: np.ndarray, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Each cell's nearest school not closed (-1, inf when none is within reach)."""
        if self.routed is not None and not self.routed[slice(None) if rows is None else rows].all():
            raise ValueError("nearest schools asked for cells that were not routed")
        school = self.school if rows is None else self.school[rows]
        minutes = self.minutes if rows is None else self.minutes[rows]
        ok = (school >= 0) & ~closed[np.maximum(school, 0)]
        has = ok.any(axis=1)
        pick = np.argmax(ok, axis=1)
        at = np.arange(school.shape[0])
        return np.where(has, school[at, pick], -1), np.where(has, minutes[at, pick], np.inf)


def _options(
    analysis: Analysis,
    net: RoutingNetwork,
    mode: str,
    group: Group,
    cells: np.ndarray,
    px: np.ndarray,
    py: np.ndarray,
    sx: np.ndarray,
    sy: np.ndarray,
    *,
    rows: np.ndarray | None = None,
    junctions: bool = False,
) -> _Options:
    """The nearest eligible schools of a level's analysed ``cells`` (rows of the population) by ``mode``.

    The trips come from the analysis's routing, which keeps those it computed (the group's own
    mode: the capacity-aware assignment asked for the same matrix), so they are not routed twice.
    With ``rows`` (positions in ``cells``), only those cells are routed; the others have none.
    Trips the analysis did not route may be searched between ``junctions`` (faster).
    """
    from gis.travel import travel_matrix

    std = analysis.standards
    n = cells.size
    if group.eligible.size == 0 or n == 0:
        return _Options(group, np.full((n, 1), -1), np.full((n, 1), np.inf))
    routed = cells if rows is None else cells[rows]
    routing = analysis.routing
    fx, fy = sx[group.eligible], sy[group.eligible]
    k = std.nearest_schools
    if routing is not None and routing.networks.get(mode) is net:
        matrix = routing.matrix(
            mode, routed, (px, py), (fx, fy), max_minutes=std.max_travel_min, k=k, junctions=junctions
        )
    else:
        matrix = travel_matrix(
            net, px[routed], py[routed], fx, fy, max_minutes=std.max_travel_min, k=k, junctions=junctions
        )
    school, minutes = _sorted_rows(matrix, group.eligible, min(k, group.eligible.size))
    if rows is None:
        return _Options(group, school, minutes)
    full_school = np.full((n, school.shape[1]), -1, dtype=np.int64)
    full_minutes = np.full((n, school.shape[1]), np.inf)
    full_school[rows], full_minutes[rows] = school, minutes
    mask = np.zeros(n, dtype=bool)
    mask[rows] = True
    return _Options(group, full_school, full_minutes, mask)


def _sorted_rows(matrix: sp.csr_matrix, columns: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """A sparse matrix's rows as (column, value) pairs sorted by value, padded with (-1, inf).

    Equal values keep the matrix's order (its columns')."""
    csr = matrix.tocsr()
    n = csr.shape[0]
    counts = np.diff(csr.indptr)
    wide = max(int(counts.max(initial=0)), width, 1)
    row = np.repeat(np.arange(n), counts)
    slot = np.arange(csr.nnz) - csr.indptr[row]
    values = np.full((n, wide), np.inf)
    cols = np.full((n, wide), -1, dtype=np.int64)
    values[row, slot] = csr.data
    cols[row, slot] = csr.indices
    order = np.argsort(values, axis=1, kind="stable")[:, : max(width, 1)]
    minutes = np.take_along_axis(values, order, axis=1)
    picked = np.take_along_axis(cols, order, axis=1)
    school = np.where(picked >= 0, columns[np.maximum(picked, 0)], -1)
    return school, minutes


@dataclass(eq=False)
class _Open:
    """One group's schools closed so far, and each cell's nearest school still open.

    Closing a school changes only the cells that went to it, so :meth:`close` routes just
    those on to their next option instead of looking again at every cell.
    """

    options: _Options
    closed: np.ndarray
    school: np.ndarray
    minutes: np.ndarray

    @classmethod
    def start(cls, options: _Options, n_schools: int) -> _Open:
        """Nothing closed yet: each cell's nearest school."""
        closed = np.zeros(n_schools, dtype=bool)
        return cls(options, closed, *options.first_open(closed))

    def close(self, s: int) -> None:
        """Close school ``s``: its cells go on to their nearest school still open."""
        if self.closed[s]:
            return
        self.closed[s] = True
        rows = np.flatnonzero(self.school == s)
        self.school[rows], self.minutes[rows] = self.options.first_open(self.closed, rows)


# --------------------------------------------------------------------------- the engine


def suggest(
    analysis: Analysis,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Suggestions:
    """Suggest closures, mergers and new schools for a baseline analysis.

    Parameters
    ----------
    analysis
        The baseline (see :func:`gis.analysis.analyze`); its rules are used throughout.
    progress
        Called with the fraction done and a message.
    cancel
        Returns True once the user asked to stop.

    Returns
    -------
    Suggestions
        In the order closures and mergers, new day schools, new boarding schools, each
        numbered ``S01``, ``S02``, …

    Raises
    ------
    Cancelled
        If ``cancel`` returned True.
    """
    import time

    from gis.network import compile_network, road_segments

    report = Progress(progress, cancel)
    project = analysis.project
    std = analysis.standards
    schools = project.schools
    pop = project.population
    sx = schools.geometry.x.to_numpy()
    sy = schools.geometry.y.to_numpy()
    px = pop.geometry.x.to_numpy()
    py = pop.geometry.y.to_numpy()
    networks = dict(analysis.networks)
    board_mode = std.planning.boarding_mode
    modes = {g.mode for level in analysis.levels.values() for g in level.groups} | {board_mode}
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    if not modes <= set(networks):
        report(0.0, text("building the road graph"))
        graph = road_segments(project.roads, dem=project.dem)
        for mode in modes - set(networks):
            networks[mode] = compile_network(graph, std.modes[mode], standards=std)

    report(0.02, text("each cell's nearest schools"))
    small = _enrolment(schools) < std.small_school
    options: dict[str, _Options] = {}
    boarders: list[tuple[Group, np.ndarray, np.ndarray]] = []  # (group, its cells, the rows to route)
    for result in analysis.levels.values():
        for group in result.groups:
            options[group.name] = _options(
                analysis, networks[group.mode], group.mode, group, result.cells, px, py, sx, sy
            )
            if group.name != "grades_1_3" and group.mode != board_mode:
                # Boarders' trips are asked for only where a closure sends pupils on: the cells of a
                # small school. Only small schools are closed, so a cell whose nearest school is not
                # small never moves.
                first = options[group.name].school[:, 0]
                moves = np.flatnonzero((first >= 0) & small[np.maximum(first, 0)] & (group.children > 0))
                boarders.append((group, result.cells, moves))
    jobs = [
        _Remote.of(analysis, level, group, "new_day_school" if group.name == "grades_1_3" else "new_boarding_school",
                   px, py)
        for level, result in analysis.levels.items()
        for group in result.groups
    ]  # fmt: skip
    seconds["options"] = time.perf_counter() - clock
    clock = time.perf_counter()
    # New schools are worked out first, although listed last: their routing then finds the cells'
    # joins to the network that the analysis left in the network's small cache.
    new_notes: list[str] = []
    new_items = _new_schools(analysis, networks, jobs, new_notes, report.stage(0.05, 0.6), px, py)
    seconds["new_schools"] = time.perf_counter() - clock
    clock = time.perf_counter()
    report(0.6, text("travel times"))
    for group, cells, moves in boarders:
        net = networks[board_mode]
        options[f"{group.name}:board"] = _options(
            analysis, net, board_mode, group, cells, px, py, sx, sy, rows=moves, junctions=True
        )
    seconds["boarders"] = time.perf_counter() - clock
    clock = time.perf_counter()

    notes: list[str] = []
    items: list[Suggestion] = []
    report(0.8, text("closures and mergers"))
    items += _consolidate(analysis, options, notes, report.stage(0.8, 1.0))
    seconds["consolidation"] = time.perf_counter() - clock
    numbered = tuple(_renumber(s, k + 1) for k, s in enumerate(items + new_items))
    report(1.0, text("suggestions done"))
    return Suggestions(numbered, tuple(notes + new_notes), seconds)


def _renumber(s: Suggestion, number: int) -> Suggestion:
    from dataclasses import replace

    return replace(s, id=f"S{number:02d}")


def _enrolment(schools: gpd.GeoDataFrame) -> np.ndarray:
    return schools[enrolment_columns()].to_numpy(dtype=float).sum(axis=1)


@dataclass
class _Move:
    """The effect of closing one school under the current state of the plan."""

    ok: bool
    reason_en: str = ""
    reason_zh: str = ""
    moved: dict[str, np.ndarray] = field(default_factory=dict)  # level -> children per receiving school
    boarders: np.ndarray | None = None  # new boarders per receiving school
    children: float = 0.0
    before: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)  # (minutes, children)
    after: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    total_after: float = 0.0


def _closing(
    s: int,
    analysis: Analysis,
    options: dict[str, _Options],
    closed: dict[str, _Open],
    *,
    keep: frozenset[str] = frozenset(),
    avoid: np.ndarray | None = None,
) -> _Move:
    """What closing school ``s`` to the groups not in ``keep`` does, given the closures so far.

    Checks the travel rules, not capacity. ``closed`` holds, per group, the schools closed
    to it and where each cell goes meanwhile; schools in ``avoid`` receive no pupils.
    """
    std = analysis.standards
    n_schools = len(analysis.project.schools)
    move = _Move(ok=True, boarders=np.zeros(n_schools))
    assert move.boarders is not None
    for level, result in analysis.levels.items():
        moved = np.zeros(n_schools)
        for group in result.groups:
            if group.name in keep:
                continue
            opts = options[group.name]
            state = closed[group.name]
            now_closed = state.closed.copy()
            now_closed[s] = True
            if avoid is not None:
                now_closed |= avoid
            t_now = state.minutes
            rows = np.flatnonzero((state.school == s) & (group.children > 0))
            if rows.size == 0:
                continue
            receiver, t_new = opts.first_open(now_closed, rows)
            children = group.children[rows]
            board = options.get(f"{group.name}:board")
            boards = t_new > group.threshold_min  # beyond the day-travel rule: these pupils board
            if board is not None and group.name != "grades_1_3" and boards.any():
                # Pupils who must board go to the nearest school by the boarders' weekly mode.
                b_receiver, b_minutes = board.first_open(now_closed, rows[boards])
                receiver[boards], t_new[boards] = b_receiver, b_minutes
            if group.name == "grades_1_3" and (t_new > std.grade1_3_max_min).any():
                far = _count(children[t_new > std.grade1_3_max_min].sum())
                return _Move(
                    False,
                    text(
                        "{far} grade 1–3 children would walk more than {minutes:.0f} minutes",
                        far=far,
                        minutes=std.grade1_3_max_min,
                    ),
                    f"{far}名一至三年级儿童步行将超过{std.grade1_3_max_min:.0f}分钟",
                )
            if (receiver < 0).any():
                lost = _count(children[receiver < 0].sum())
                return _Move(
                    False,
                    text(
                        "{lost} pupils ({group}) would have no school within {minutes:.0f} minutes",
                        lost=lost,
                        group=word(group.name),
                        minutes=std.max_travel_min,
                    ),
                    f"{lost}名学生（{group.name}）在{std.max_travel_min:.0f}分钟内无校可达",
                )
            if group.name != "grades_1_3":
                newly = boards & (t_now[rows] <= group.threshold_min)
                np.add.at(move.boarders, receiver[newly], children[newly])
            np.add.at(moved, receiver, children)
            move.children += float(children.sum())
            move.before.append((t_now[rows], children))
            move.after.append((t_new, children))
            move.total_after += float(np.dot(t_new, children))
        move.moved[level] = moved
    return move


def _consolidate(
    analysis: Analysis, options: dict[str, _Options], notes: list[str], stage: Progress
) -> list[Suggestion]:
    std = analysis.standards
    schools = analysis.project.schools
    n = len(schools)
    ids = schools["school_id"].astype(str).to_numpy()
    names = schools["name"].astype(str).to_numpy()
    enrol = _enrolment(schools)
    beds = schools["boarding_beds"].to_numpy(dtype=float)
    capacity = {level: schools[f"capacity_{level}"].to_numpy(dtype=float) for level in analysis.levels}
    # Free seats: the seats less the pupils there, by the model or by the records if more
    # (a school already over its seats in the census takes nobody).
    recorded = level_pupils(schools)
    spare = {
        level: capacity[level] - np.maximum(r.school_load, recorded[level]) for level, r in analysis.levels.items()
    }
    demand = sum((r.boarding_demand for r in analysis.levels.values()), np.zeros(n))
    spare_beds = beds - demand
    small = enrol < std.small_school
    closed = {g.name: _Open.start(options[g.name], n) for r in analysis.levels.values() for g in r.groups}
    touched = np.zeros(n, dtype=bool)  # schools changed by a suggestion: not changed again
    lower = frozenset({"grades_1_3"})
    # A primary school that could keep grades 1-3 as a teaching point and send grades 4-6 on.
    reducible = (schools["grade_min"].to_numpy() <= 1) & (schools["grade_max"].to_numpy() == 6)
    out: list[Suggestion] = []
    candidates = [int(i) for i in np.argsort(enrol, kind="stable") if small[i]]
    for k, s in enumerate(candidates):
        stage(k / max(len(candidates), 1), text("closures and mergers: {school}", school=names[s]))
        if touched[s]:
            continue
        move = _closing(s, analysis, options, closed)
        keep_lower = False
        if not move.ok and reducible[s] and "grades_1_3" in options:
            # Grades 4-6 go on to a school that is not small itself (a central school).
            reduced = _closing(s, analysis, options, closed, keep=lower, avoid=small)
            if reduced.ok and reduced.children > 0:
                move, keep_lower = reduced, True
        if not move.ok:
            notes.append(
                text("{school} ({school_id}) kept: {reason}", school=names[s], school_id=ids[s], reason=move.reason_en)
            )
            continue
        if move.children == 0:
            notes.append(
                text(
                    "{school} ({school_id}) has no children in its catchment on the population grid",
                    school=names[s],
                    school_id=ids[s],
                )
            )
        received = sum(move.moved.values(), np.zeros(n))
        main = int(np.argmax(received)) if received.any() else -1
        plan = None
        if not keep_lower and main >= 0 and small[main] and not touched[main]:
            plan = _merge_plan(s, main, move, analysis, options, closed, spare)
        if plan is None:
            lacking = sum(float(np.maximum(m - np.maximum(spare[lv], 0), 0).sum()) for lv, m in move.moved.items())
            if lacking > 0.5:
                notes.append(
                    text(
                        "{school} ({school_id}) kept: the receiving schools lack {lacking:.0f} seats "
                        "(build before close: add seats first)",
                        school=names[s],
                        school_id=ids[s],
                        lacking=lacking,
                    )
                )
                continue
            keep, gone, chosen = -1, s, move
        else:
            keep, gone, chosen = plan
        assert chosen.boarders is not None
        need_beds = np.ceil(np.maximum(chosen.boarders - np.maximum(spare_beds, 0), 0) - 1e-9)
        # Beds come first (build before close), then the closure, merger or reduction.
        edits: list[Edit] = [
            ConvertToBoarding(str(ids[r]), int(beds[r] + need_beds[r]))
            for r in np.flatnonzero(need_beds > 0).tolist()
            if r != keep
        ]
        if keep >= 0:
            edits.append(Merge((str(ids[keep]), str(ids[gone])), str(ids[keep])))
            if need_beds[keep] > 0:
                edits.append(ConvertToBoarding(str(ids[keep]), int(beds[keep] + beds[gone] + need_beds[keep])))
        elif keep_lower:
            edits.append(ChangeGrades(str(ids[gone]), 1, 3))
        else:
            edits.append(Close(str(ids[gone])))
        # Update the state so that later suggestions can be taken together with this one.
        for name, state in closed.items():
            if not (keep_lower and name in lower):
                state.close(gone)
        for level, moved in chosen.moved.items():
            spare[level] = spare[level] - moved
            if keep >= 0:
                spare[level][keep] += capacity[level][gone]
        spare_beds = spare_beds - chosen.boarders + need_beds
        touched[gone] = True
        if keep >= 0:
            spare_beds[keep] += beds[gone]
            touched[keep] = True
        out.append(
            _consolidation_suggestion(gone, keep, chosen, need_beds, edits, ids, names, enrol, reduced=keep_lower)
        )
    stage(1.0, text("closures and mergers done"))
    return out


def _merge_plan(
    a: int,
    b: int,
    move_a: _Move,
    analysis: Analysis,
    options: dict[str, _Options],
    closed: dict[str, _Open],
    spare: dict[str, np.ndarray],
) -> tuple[int, int, _Move] | None:
    """Merge two small schools at the better of their sites: (kept, closed, move) or None."""
    schools = analysis.project.schools
    plans: list[tuple[float, int, int, _Move]] = []
    for keep, gone, move in ((b, a, move_a), (a, b, None)):
        move = move if move is not None else _closing(gone, analysis, options, closed)
        if not move.ok:
            continue
        fits = True
        for level, moved in move.moved.items():
            free = spare[level].copy()
            free[keep] += float(schools[f"capacity_{level}"].iloc[gone])
            others = np.arange(moved.size) != keep
            if (moved[others] > np.maximum(free[others], 0) + 0.5).any() or moved[keep] > free[keep] + 0.5:
                fits = False
        if fits:
            plans.append((move.total_after, keep, gone, move))
    if not plans:
        return None
    _, keep, gone, move = min(plans, key=lambda plan: plan[0])
    return keep, gone, move


def _count(children: float) -> int:
    """Children as a whole number for a sentence: a fraction of a child on the grid still counts."""
    return max(1, math.ceil(children - 1e-6)) if children > 0 else 0


def _stats(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[float, float]:
    if not parts:
        return math.nan, math.nan
    minutes = np.concatenate([m for m, _ in parts])
    children = np.concatenate([c for _, c in parts])
    total = float(children.sum())
    if total <= 0:
        return math.nan, math.nan
    return float(np.dot(minutes, children) / total), float(minutes[children > 0].max())


def _consolidation_suggestion(
    gone: int,
    keep: int,
    move: _Move,
    need_beds: np.ndarray,
    edits: list[Edit],
    ids: np.ndarray,
    names: np.ndarray,
    enrol: np.ndarray,
    *,
    reduced: bool = False,
) -> Suggestion:
    assert move.boarders is not None
    mean_before, worst_before = _stats(move.before)
    mean_after, worst_after = _stats(move.after)
    received = sum(move.moved.values(), np.zeros(ids.size))
    receivers = [int(r) for r in np.argsort(-received) if received[r] > 0]
    levels = [level for level, moved in move.moved.items() if moved.sum() > 0] or list(move.moved)
    recv_names = "、".join(names[r] for r in receivers[:3]) + ("等" if len(receivers) > 3 else "")
    recv_names_en = ", ".join(names[r] for r in receivers[:3]) + (" and others" if len(receivers) > 3 else "")
    boarders = float(move.boarders.sum())
    beds = int(need_beds.sum())
    worst = 0.0 if math.isnan(worst_after) else worst_after
    if keep >= 0:
        action = "merge"
        school_ids: tuple[str, ...] = (str(ids[gone]), str(ids[keep]))
        school_names: tuple[str, ...] = (str(names[gone]), str(names[keep]))
        zh = (
            f"{names[gone]}（{enrol[gone]:.0f}人）与{names[keep]}（{enrol[keep]:.0f}人）均为小规模学校，"
            f"合并到{names[keep]}校址后，{move.children:.0f}名受影响儿童最远单程{worst:.0f}分钟，"
            f"不违反一至三年级30分钟规则，两校学位和师资合并使用。"
        )
        en = (
            f"{names[gone]} ({enrol[gone]:.0f} pupils) and {names[keep]} ({enrol[keep]:.0f}) are both small; "
            f"merged at {names[keep]}'s site, the {move.children:.0f} children affected travel at most "
            f"{worst:.0f} minutes, within the grade 1–3 rule, and the two schools' seats and staff are combined."
        )
    elif reduced:
        action = "to_teaching_point"
        zh = (
            f"{names[gone]}仅有{enrol[gone]:.0f}名学生；保留为一至三年级教学点，四至六年级{move.children:.0f}名学生"
            f"转入{recv_names}，最远单程{worst:.0f}分钟" + (f"，需新增寄宿床位{beds}张（先建后撤）。" if beds else "。")
        )
        en = (
            f"{names[gone]} has only {enrol[gone]:.0f} pupils; it stays as a teaching point for grades 1–3 and its "
            f"{move.children:.0f} grade 4–6 pupils go to {recv_names_en} (at most {worst:.0f} minutes)"
            + (f"; {beds} boarding beds must be added first (build before close)." if beds else ".")
        )
        school_ids = (str(ids[gone]),)
        school_names = (str(names[gone]),)
    else:
        action = "close"
        zh = (
            f"{names[gone]}仅有{enrol[gone]:.0f}名学生；其服务范围内{move.children:.0f}名儿童可转入{recv_names}，"
            f"最远单程{worst:.0f}分钟，接收学校学位充足" + (f"，需新增寄宿床位{beds}张（先建后撤）。" if beds else "。")
        )
        en = (
            f"{names[gone]} has only {enrol[gone]:.0f} pupils; the {move.children:.0f} children it serves can go to "
            f"{recv_names_en} within {worst:.0f} minutes, where there are free seats"
            + (f"; {beds} boarding beds must be added first (build before close)." if beds else ".")
        )
        school_ids = (str(ids[gone]),)
        school_names = (str(names[gone]),)
    return Suggestion(
        id="",
        level="+".join(levels),
        action=action,
        school_ids=school_ids,
        school_names=school_names,
        receiving_ids=tuple(str(ids[r]) for r in receivers),
        sites=(),
        children_affected=move.children,
        mean_before_min=mean_before,
        mean_after_min=mean_after,
        worst_before_min=worst_before,
        worst_after_min=worst_after,
        new_boarders=boarders,
        seats_needed=0,
        beds_needed=beds,
        rationale_zh=zh,
        rationale_en=en,
        edits=tuple(edits),
    )


# --------------------------------------------------------------------------- new schools


def _candidates(
    analysis: Analysis, cells: np.ndarray, weight: np.ndarray, px: np.ndarray, py: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Candidate sites: villages and township seats, then the cells with most weight.

    ``px``, ``py`` are the population's cell centres."""
    project = analysis.project
    places = project.places
    lx = places.geometry.x.to_numpy() if len(places) else np.zeros(0)
    ly = places.geometry.y.to_numpy() if len(places) else np.zeros(0)
    labels = [str(n) for n in places["name"]] if len(places) else []
    top = cells[np.argsort(-weight, kind="stable")[: analysis.standards.planning.candidate_cells]]
    labels += [f"cell {int(c)}" for c in project.population["cell_id"].to_numpy()[top]]
    return np.concatenate([lx, px[top]]), np.concatenate([ly, py[top]]), labels


def _new_schools(
    analysis: Analysis,
    networks: dict[str, RoutingNetwork],
    jobs: list[_Remote],
    notes: list[str],
    stage: Progress,
    px: np.ndarray,
    py: np.ndarray,
) -> list[Suggestion]:
    """New schools for each group's remote cells (``jobs``), in the order of the jobs."""
    std = analysis.standards
    # The remote cells' trips to every candidate within the rule are routed once for the groups of
    # the same mode and rule (grades 1–3 and 4–6 walk within the same 30 minutes: mostly the same
    # sites); each group's sites are chosen right after, while the joins of its cells are cached.
    together: dict[tuple[str, float], list[int]] = {}
    for k, job in enumerate(jobs):
        if job.cells.size:
            together.setdefault((job.group.mode, job.group.threshold_min), []).append(k)

    def work(mode: str, limit: float, members: list[int]) -> dict[int, tuple[list[Suggestion], list[str]]]:
        levels = {jobs[k].level for k in members}
        level_cells = analysis.levels[levels.pop()].cells if len(levels) == 1 else None
        stage(members[0] / len(jobs), text("candidate sites"))
        routed = _route_together(networks[mode], [jobs[k] for k in members], limit, level_cells, px, py)
        found: dict[int, tuple[list[Suggestion], list[str]]] = {}
        for k, (within, origins) in zip(members, routed, strict=True):
            job = jobs[k]
            part = stage.stage(k / len(jobs), (k + 1) / len(jobs))
            part(0.0, text("new schools, {level} {group}", level=word(job.level), group=word(job.group.name)))
            minimum = (
                std.planning.min_teaching_point_children
                if job.action == "new_day_school"
                else std.planning.min_new_school_pupils
            )
            own_notes: list[str] = []
            items = _site_new(analysis, networks[mode], job, within, origins, minimum, own_notes, part)
            found[k] = (items, own_notes)
        return found

    # Each mode's groups on a thread of their own: their searches and HiGHS's covering solves
    # mostly run outside the interpreter lock, so the walking and the motor groups overlap.
    found: dict[int, tuple[list[Suggestion], list[str]]] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(len(together), 2))) as pool:
        runs = [pool.submit(work, mode, limit, members) for (mode, limit), members in together.items()]
        for run in runs:
            found.update(run.result())
    out: list[Suggestion] = []
    for k in sorted(found):
        out += found[k][0]
        notes += found[k][1]
    return out


@dataclass(frozen=True, eq=False)
class _Remote:
    """A group's children beyond its rule (the remote cells) and the candidate sites for them.

    ``rows`` index the level's analysed cells, ``cells`` the population; ``now`` is each remote
    cell's trip today; ``site_x``, ``site_y``, ``labels`` the candidates (:func:`_candidates`).
    """

    level: str
    group: Group
    action: str
    rows: np.ndarray
    cells: np.ndarray
    children: np.ndarray
    now: np.ndarray
    cx: np.ndarray
    cy: np.ndarray
    site_x: np.ndarray
    site_y: np.ndarray
    labels: list[str]

    @classmethod
    def of(cls, analysis: Analysis, level: str, group: Group, action: str, px: np.ndarray, py: np.ndarray) -> _Remote:
        """The remote cells of a group (none when every child is within the rule)."""
        rows = np.flatnonzero((group.minutes > group.threshold_min) & (group.children > 0))
        cells = analysis.levels[level].cells[rows]
        children = group.children[rows]
        if rows.size:
            site_x, site_y, labels = _candidates(analysis, cells, children, px, py)
        else:
            site_x, site_y, labels = np.zeros(0), np.zeros(0), []
        return cls(
            level,
            group,
            action,
            rows,
            cells,
            children,
            group.minutes[rows],
            px[cells],
            py[cells],
            site_x,
            site_y,
            labels,
        )


@dataclass(frozen=True, eq=False)
class _Origins:
    """The points a group's remote cells were routed from: ``x``, ``y``, and the remote cells' rows
    among them (None: the remote cells themselves, in order)."""

    x: np.ndarray
    y: np.ndarray
    rows: np.ndarray | None = None


def _route_together(
    net: RoutingNetwork,
    jobs: list[_Remote],
    limit: float,
    level_cells: np.ndarray | None,
    px: np.ndarray,
    py: np.ndarray,
) -> list[tuple[sp.csr_matrix, _Origins]]:
    """Each job's trips from its remote cells to its candidates within ``limit``, routed in one search
    from the candidates of all of them (a trip does not depend on the other origins or facilities
    routed with it), and the origins routed from.

    The origins are the remote cells of all the jobs, or, when the jobs are of one level whose
    cells (``level_cells``) are mostly remote, all of that level's cells: the analysis has joined
    those to the network already, and the network keeps the join for a while.
    """
    from gis.travel import travel_matrix

    cells = np.unique(np.concatenate([job.cells for job in jobs]))
    whole = level_cells is not None and 2 * cells.size >= level_cells.size
    if len(jobs) == 1 and not whole:
        (job,) = jobs
        return [
            (
                travel_matrix(net, job.cx, job.cy, job.site_x, job.site_y, max_minutes=limit, junctions=True),
                _Origins(job.cx, job.cy),
            )
        ]
    if whole:
        assert level_cells is not None
        origins, rows_of = level_cells, [job.rows for job in jobs]
    else:
        origins, rows_of = cells, [np.searchsorted(cells, job.cells) for job in jobs]
    ox, oy = px[origins], py[origins]
    sites, site_at = np.unique(
        np.concatenate([np.column_stack([job.site_x, job.site_y]) for job in jobs]), axis=0, return_inverse=True
    )
    matrix = travel_matrix(net, ox, oy, sites[:, 0], sites[:, 1], max_minutes=limit, junctions=True)
    site_at = site_at.ravel()
    col_end = np.cumsum([job.site_x.size for job in jobs])
    return [
        (matrix[rows][:, site_at[end - job.site_x.size : end]].tocsr(), _Origins(ox, oy, rows))
        for job, rows, end in zip(jobs, rows_of, col_end, strict=True)
    ]


def _site_new(
    analysis: Analysis,
    net: RoutingNetwork,
    job: _Remote,
    within: sp.csr_matrix,
    origins: _Origins,
    minimum: float,
    notes: list[str],
    stage: Progress,
) -> list[Suggestion]:
    """New sites for one group's children beyond its rule, by maximal covering.

    ``within`` holds the trips from the remote cells to the candidates within the group's rule,
    routed from ``origins``.
    """
    from gis.locate import MaxCover

    std = analysis.standards
    level, group, action = job.level, job.group, job.action
    rows, children, now, labels = job.rows, job.children, job.now, job.labels
    site_x, site_y = job.site_x, job.site_y
    # Trips from the remote cells to every candidate: a day school serves only within the
    # rule; a boarding school takes pupils for whom it is nearer, within the longest trip.
    reach = group.threshold_min if action == "new_day_school" else std.max_travel_min
    trips = _RemoteTrips.route(net, job, within, origins, threshold=group.threshold_min, reach=reach)
    pairs = trips.within
    stage(0.3, text("candidate sites, {level} {group}", level=word(level), group=word(group.name)))
    total = float(children.sum())
    if trips.none_nearer:
        notes.append(
            text(
                "{level} {group}: no candidate site is nearer than the current schools",
                level=word(level),
                group=word(group.name),
            )
        )
        return []
    # The number of sites grows while every site still serves enough children (fast heuristic),
    # then the chosen number is solved exactly, warm-started from the heuristic.
    # Covering depends only on which sites are within the rule: cells with the same set of
    # covering candidates are one client of the summed weight (an exact reduction).
    cover_costs, cover_weights = _cover_classes(pairs, group.threshold_min, children)
    best = None
    limit = min(std.planning.max_new_sites, pairs.shape[1])
    first = MaxCover.from_cost_matrix(cover_costs, cover_weights, 1, max_cost=group.threshold_min)
    # The heuristic's sites for each number of sites, first: the longer trips of every site it
    # picks are then routed together.
    models = [first] + [first.with_p(p) for p in range(2, limit + 1)]
    heuristics = [model.heuristic() for model in models]
    trips.route_longer([site for found in heuristics for site in found.sites])
    for p, (model, found) in enumerate(zip(models, heuristics, strict=True), start=1):
        served = _served(trips, children, found.sites, group.threshold_min, action)
        if min(served.values()) < minimum:
            break
        best = (model, found)
        stage(
            0.3 + 0.5 * p / limit,
            text("new schools, {level} {group}: {sites} sites", level=word(level), group=word(group.name), sites=p),
        )
        if found.covered_weight >= total - 1e-9:
            break
    if best is None:
        notes.append(
            text(
                "{level} {group}: {total:.0f} children beyond {threshold_min:.0f} minutes, "
                "but no new site would serve {minimum:.0f} of them",
                level=word(level),
                group=word(group.name),
                total=total,
                threshold_min=group.threshold_min,
                minimum=minimum,
            )
        )
        return []
    model, found = best
    exact = model.solve(time_limit=30.0, warm_start=found)
    if min(_served(trips, children, exact.sites, group.threshold_min, action).values()) >= minimum:
        found = exact
    sites = np.asarray(found.sites)
    open_costs = trips.columns(sites)
    nearest = np.argmin(open_costs, axis=1)
    t_new = open_costs[np.arange(rows.size), nearest]
    out: list[Suggestion] = []
    for j, site in enumerate(sites.tolist()):
        mine = (nearest == j) & np.isfinite(t_new)
        if action == "new_day_school":
            mine &= t_new <= group.threshold_min
        covered = mine & (t_new <= group.threshold_min)
        moved = float(children[mine].sum())
        day = float(children[covered].sum())
        boarders = moved - day
        seats = int(_round_up(moved))
        beds = int(_round_up(boarders)) if action == "new_boarding_school" else 0
        label = labels[site]
        place = label if not label.startswith("cell ") else ""
        out.append(
            _new_site_suggestion(
                level,
                group,
                action,
                site_x[site],
                site_y[site],
                place,
                seats,
                beds,
                children[mine],
                now[mine],
                t_new[mine],
                day,
                boarders,
                len(out) + 1,
            )
        )
    return out


@dataclass(frozen=True)
class _Pairs:
    """The (remote cell, candidate site) pairs of finite trips, sparse: rows, columns, minutes."""

    rows: np.ndarray
    cols: np.ndarray
    minutes: np.ndarray
    shape: tuple[int, int]

    @classmethod
    def nearer(cls, matrix: sp.spmatrix, now: np.ndarray) -> _Pairs:
        """The stored trips of ``matrix`` (zero minutes included) shorter than each row's ``now`` by more
        than rounding (:data:`_SAME_MIN`: the searches between junctions sum in another order)."""
        coo = matrix.tocoo()
        keep = coo.data < now[coo.row] - _SAME_MIN
        return cls(coo.row[keep], coo.col[keep], coo.data[keep], (int(matrix.shape[0]), int(matrix.shape[1])))

    def columns(self, sites: Sequence[int] | np.ndarray) -> np.ndarray:
        """The minutes to the given sites, rows × sites, inf where there is no trip."""
        chosen = np.asarray(sites, dtype=np.int64)
        where = np.full(self.shape[1], -1, dtype=np.int64)
        where[chosen] = np.arange(chosen.size)
        out = np.full((self.shape[0], chosen.size), np.inf)
        k = where[self.cols]
        sel = k >= 0
        out[self.rows[sel], k[sel]] = self.minutes[sel]
        return out


@dataclass(frozen=True, eq=False)
class _RemoteTrips:
    """Trips from the remote cells to the candidate sites that are shorter than their trip today.

    ``within`` holds every candidate's trips within the rule (what covering needs), routed at
    once. A boarding school also takes, up to ``reach``, the pupils for whom it is nearer than
    their school, beyond the rule: those longer trips are routed only for the sites asked for
    (a handful), as a search from every candidate to the longest trip would cost most of the
    run on a large county. A trip does not depend on which other sites are routed with it.
    """

    within: _Pairs
    net: RoutingNetwork
    origins: _Origins
    site_x: np.ndarray
    site_y: np.ndarray
    now: np.ndarray
    reach: float
    complete: bool  # whether ``within`` already holds every trip up to ``reach``
    longer: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # site -> (rows, minutes)

    @classmethod
    def route(
        cls,
        net: RoutingNetwork,
        job: _Remote,
        within: sp.csr_matrix,
        origins: _Origins,
        *,
        threshold: float,
        reach: float,
    ) -> _RemoteTrips:
        """The trips ``within`` the rule that are shorter than today's (all of them up to ``reach``,
        routed here, when no site is that near); longer trips are routed from ``origins``."""
        from gis.travel import travel_matrix

        limit = min(threshold, reach)
        near = _Pairs.nearer(within, job.now)
        if near.minutes.size == 0 and reach > limit:
            # No site within the rule: the boarding trips of every site are all there is to go on.
            full = travel_matrix(net, job.cx, job.cy, job.site_x, job.site_y, max_minutes=reach, junctions=True)
            near, limit = _Pairs.nearer(full, job.now), reach
        return cls(near, net, origins, job.site_x, job.site_y, job.now, reach, complete=limit >= reach)

    @property
    def none_nearer(self) -> bool:
        """Whether no candidate is nearer than the current school for any remote cell."""
        return self.within.minutes.size == 0

    def columns(self, sites: Sequence[int] | np.ndarray) -> np.ndarray:
        """The minutes to the given sites up to ``reach`` (where shorter than today), rows × sites, inf
        where none."""
        chosen = np.asarray(sites, dtype=np.int64)
        if self.complete:
            return self.within.columns(chosen)
        self.route_longer(chosen)
        out = np.full((self.within.shape[0], chosen.size), np.inf)
        for j, site in enumerate(chosen.tolist()):
            rows, minutes = self.longer[site]
            out[rows, j] = minutes
        return out

    def route_longer(self, sites: Sequence[int] | np.ndarray) -> None:
        """Route the trips up to ``reach`` of those of the sites not routed yet, in one search."""
        from gis.travel import travel_matrix

        if self.complete:
            return
        chosen = np.asarray(sites, dtype=np.int64)
        missing = np.setdiff1d(chosen, np.fromiter(self.longer, dtype=np.int64, count=len(self.longer)))
        if missing.size:
            ox, oy = self.origins.x, self.origins.y
            matrix = travel_matrix(
                self.net, ox, oy, self.site_x[missing], self.site_y[missing], max_minutes=self.reach, junctions=True
            )
            if self.origins.rows is not None:
                matrix = matrix[self.origins.rows]
            part = _Pairs.nearer(matrix, self.now)
            for j, site in enumerate(missing.tolist()):
                mine = part.cols == j
                self.longer[site] = (part.rows[mine], part.minutes[mine])


def _cover_classes(pairs: _Pairs, threshold: float, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Clients grouped by the set of sites covering them (within ``threshold``): a 0/inf cost matrix
    and summed weights.

    Clients no site covers are left out: no choice of sites changes what they add. The sets are
    packed into bits (a byte for 8 sites) straight from the pairs, never as a dense matrix.
    """
    n, m = pairs.shape
    within = pairs.minutes <= threshold
    rows, cols = pairs.rows[within], pairs.cols[within]
    some = np.zeros(n, dtype=bool)
    some[rows] = True
    index = np.cumsum(some) - 1  # a covered client's row among the covered ones
    width = (m + 7) // 8
    packed = np.zeros((int(some.sum()), width), dtype=np.uint8)
    np.bitwise_or.at(packed, (index[rows], cols // 8), (128 >> (cols % 8)).astype(np.uint8))
    # Each row's bytes as one value: sorted byte by byte, as np.unique(axis=0) sorts the rows,
    # but compared whole (np.unique(axis=0) compares a structured value field by field: slow).
    as_bytes = np.unique(packed.view(np.dtype((np.void, width))).ravel(), return_inverse=True)
    unique, inverse = as_bytes[0].view(np.uint8).reshape(-1, width), as_bytes[1]
    weights = np.bincount(inverse.ravel(), weights=weight[some], minlength=unique.shape[0])
    pattern = np.unpackbits(unique, axis=1, count=m).astype(bool)
    return np.where(pattern, 0.0, np.inf), weights


def _served(
    trips: _RemoteTrips, children: np.ndarray, sites: tuple[int, ...], threshold: float, action: str
) -> dict[int, float]:
    """Children each open site would take (within the rule for day schools; nearest for boarding)."""
    sub = trips.columns(list(sites))
    nearest = np.argmin(sub, axis=1)
    t = sub[np.arange(sub.shape[0]), nearest]
    ok = t <= threshold if action == "new_day_school" else np.isfinite(t)
    return {j: float(children[ok & (nearest == j)].sum()) for j in range(len(sites))}


def _round_up(value: float) -> float:
    return float(math.ceil(max(value, 0) / _ROUND_TO - 1e-9) * _ROUND_TO) if value > 0 else 0.0


def _new_site_suggestion(
    level: str,
    group: Group,
    action: str,
    x: float,
    y: float,
    place: str,
    seats: int,
    beds: int,
    children: np.ndarray,
    before: np.ndarray,
    after: np.ndarray,
    day: float,
    boarders: float,
    number: int,
) -> Suggestion:
    n = float(children.sum())
    mean_before = float(np.dot(before, children) / n) if n else math.nan
    mean_after = float(np.dot(after, children) / n) if n else math.nan
    worst_before = float(before.max()) if before.size else math.nan
    worst_after = float(after.max()) if after.size else math.nan
    where_zh = place or f"({x:.0f}, {y:.0f})"
    if action == "new_day_school":
        kind = "teaching_point"
        name = f"{place}教学点" if place else f"新建教学点{number}"
        zh = (
            f"在{where_zh}新设教学点，使{day:.0f}名一至三年级儿童的步行时间从平均{mean_before:.0f}分钟缩短到"
            f"{mean_after:.0f}分钟，全部在{group.threshold_min:.0f}分钟以内。"
        )
        en = (
            f"A teaching point at {place or where_zh} brings {day:.0f} grade 1–3 children within "
            f"{group.threshold_min:.0f} minutes' walk (mean {mean_before:.0f} → {mean_after:.0f} minutes)."
        )
        edit = Open(f"NEW-{level[:1].upper()}{number:02d}-TP", name, float(x), float(y), kind, capacity_primary=seats)
        new_boarders = 0.0
    else:
        kind = "junior" if level == "junior" else "primary"
        stage_zh = "初中" if level == "junior" else "小学"
        name = f"{place}寄宿制{stage_zh}" if place else f"新建寄宿制{stage_zh}{number}"
        grades = "grades 7–9" if level == "junior" else "grades 4–6"
        zh = (
            f"在{where_zh}新建寄宿制{stage_zh}，服务{n:.0f}名超出{group.threshold_min:.0f}分钟走读范围的学生："
            f"其中{day:.0f}名可改为走读，{boarders:.0f}名就近寄宿，平均单程从{mean_before:.0f}分钟缩短到"
            f"{mean_after:.0f}分钟。"
        )
        en = (
            f"A boarding {level} school at {place or where_zh} serves {n:.0f} {grades} pupils beyond the "
            f"{group.threshold_min:.0f}-minute day-travel rule: {day:.0f} can go home daily and {boarders:.0f} board "
            f"nearer home (mean trip {mean_before:.0f} → {mean_after:.0f} minutes)."
        )
        seats_args = {"capacity_junior": seats} if level == "junior" else {"capacity_primary": seats}
        edit = Open(
            f"NEW-{level[:1].upper()}{number:02d}-BS", name, float(x), float(y), kind, boarding_beds=beds, **seats_args
        )
        new_boarders = -day
    site = NewSite(name, float(x), float(y), kind, seats, beds)
    return Suggestion(
        id="",
        level=level,
        action=action,
        school_ids=(),
        school_names=(),
        receiving_ids=(),
        sites=(site,),
        children_affected=n,
        mean_before_min=mean_before,
        mean_after_min=mean_after,
        worst_before_min=worst_before,
        worst_after_min=worst_after,
        new_boarders=new_boarders,
        seats_needed=seats,
        beds_needed=beds,
        rationale_zh=zh,
        rationale_en=en,
        edits=(edit,),
    )


# --------------------------------------------------------------------------- frame


def suggestions_frame(suggestions: Suggestions, analysis: Analysis) -> gpd.GeoDataFrame:
    """Points of every suggestion: the schools it closes or merges, receiving schools and new sites.

    Columns: ``suggestion``, ``action``, ``level``, ``role`` (``closed``, ``merged_into``,
    ``receiving``, ``new``), ``school_id``, ``name``, ``seats``, ``beds``, ``rationale_zh``,
    ``rationale_en``.
    """
    import geopandas as gpd
    from shapely.geometry import Point

    schools = analysis.project.schools
    position = {str(sid): (geom.x, geom.y) for sid, geom in zip(schools["school_id"], schools.geometry, strict=True)}
    name_of = dict(zip(schools["school_id"].astype(str), schools["name"].astype(str), strict=True))
    rows: list[dict[str, object]] = []

    def add(
        s: Suggestion, role: str, sid: str, name: str, xy: tuple[float, float], seats: int = 0, beds: int = 0
    ) -> None:
        rows.append(
            {
                "suggestion": s.id,
                "action": s.action,
                "level": s.level,
                "role": role,
                "school_id": sid,
                "name": name,
                "seats": seats,
                "beds": beds,
                "rationale_zh": s.rationale_zh,
                "rationale_en": s.rationale_en,
                "geometry": Point(*xy),
            }
        )

    for s in suggestions.items:
        for edit in s.edits:
            if isinstance(edit, Close):
                add(s, "closed", edit.school_id, name_of[edit.school_id], position[edit.school_id])
            elif isinstance(edit, Merge):
                for sid in edit.school_ids:
                    role = "merged_into" if sid == edit.into else "closed"
                    add(s, role, sid, name_of[sid], position[sid])
            elif isinstance(edit, Open):
                add(s, "new", edit.school_id, edit.name, (edit.x, edit.y), s.seats_needed, s.beds_needed)
        if s.action == "close":
            for sid in s.receiving_ids:
                add(s, "receiving", sid, name_of[sid], position[sid])
    columns = ["suggestion", "action", "level", "role", "school_id", "name", "seats", "beds", "rationale_zh",
               "rationale_en"]  # fmt: skip
    if not rows:
        return gpd.GeoDataFrame({c: [] for c in columns}, geometry=[], crs=analysis.project.crs)
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=analysis.project.crs)
