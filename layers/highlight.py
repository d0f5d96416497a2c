"""What one planning change touches, as data the map draws: schools by role, new sites, arrows and catchments.

A :class:`MapHighlight` lists, for a suggestion (:class:`gis.suggest.Suggestion`), a line of the
county plan (:class:`gis.plan.plan.PlanAction`) or one edit of a scenario (:data:`gis.edits.Edit`):

- the schools it closes (``closed``: closed, or merged into another school);
- the schools it keeps but changes (``changed``: more seats, beds, boarding, a teaching point…);
- the schools that receive the pupils (``receiving``);
- the new sites (``new``: a name and a point in the project's CRS);
- arrows from each closed or changed school to each receiving school, and from the children a new
  site serves to the site, with the children that move when they are known;
- the catchments of the schools involved before the change: the baseline analysis's nearest-school
  catchment polygons (:func:`gis.frames.catchments_frame`) of those schools, at the level shown;
- their catchments after the change, when they can be known honestly: only from an analysis of the
  project with the change (:func:`with_after`). The baseline analysis keeps each cell's nearest
  school only, not the next one, so nothing cheaper says where a closed school's children go.

Everything here is free of Qt; the window turns a highlight into a script for its map
(:meth:`app.mapview.MapView.show_highlight`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from gis.edits import (
    AddResources,
    ChangeGrades,
    Close,
    ConvertToBoarding,
    Edit,
    Merge,
    Open,
    Scenario,
    SetCapacity,
)
from layers.cells import cell_union

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import pandas as pd
    from shapely.geometry.base import BaseGeometry

    from gis.analysis import Analysis
    from gis.plan.moves import Move
    from gis.plan.plan import PlanAction
    from gis.project import Project
    from gis.suggest import Suggestion

#: The roles of a school or site in a highlight, drawn in this order.
ROLES = ("closed", "changed", "receiving", "new")
#: An arrow of moved children is drawn when at least this share of the school's moved children take it.
MIN_ARROW_SHARE = 0.05
#: More arrows of teachers than this are labelled with bare counts (the legend says what they count).
MAX_WORDED_ARROWS = 8
#: Kinds of plan action that build a new school.
NEW_ACTIONS = ("new_teaching_point", "new_school", "new_boarding_school")


@dataclass(frozen=True)
class Mark:
    """A school or new site in a highlight: its role (one of :data:`ROLES`), point (project CRS), name, code."""

    role: str
    x: float
    y: float
    name: str = ""
    school_id: str = ""


@dataclass(frozen=True)
class Arrow:
    """People moving from one point to another (project CRS): ``children`` of them (NaN when not known).

    ``what`` says who moves: ``children`` (pupils), or ``teachers`` (a standards plan's transfers,
    ``children`` then counting the teachers).
    """

    x0: float
    y0: float
    x1: float
    y1: float
    children: float = math.nan
    from_id: str = ""
    to_id: str = ""
    what: str = "children"


@dataclass(frozen=True)
class Catchment:
    """The catchment polygon (project CRS) of a school at a level."""

    school_id: str
    level: str
    geometry: BaseGeometry


@dataclass(frozen=True)
class MapHighlight:
    """What one planning change touches (see the module's docstring).

    ``scenario`` holds the edits whose analysis gives the ``after`` catchments and the counted
    arrows; ``after_known`` says whether :func:`with_after` has run (an empty ``after`` is then
    an answer, not a gap). ``level`` is the level whose catchments are shown; ``action`` what the
    change does (a suggestion's or a plan line's action, an edit's kind), for the legend's title.
    """

    marks: tuple[Mark, ...] = ()
    arrows: tuple[Arrow, ...] = ()
    before: tuple[Catchment, ...] = ()
    after: tuple[Catchment, ...] = ()
    level: str = "primary"
    title: str = ""
    scenario: Scenario | None = None
    after_known: bool = False
    action: str = ""

    def ids(self, role: str) -> tuple[str, ...]:
        """The school codes of a role, in order (new sites: the codes their edits give them, if any)."""
        return tuple(m.school_id for m in self.marks if m.role == role and m.school_id)

    @property
    def closed(self) -> tuple[str, ...]:
        """Codes of the schools closed (or merged away)."""
        return self.ids("closed")

    @property
    def changed(self) -> tuple[str, ...]:
        """Codes of the schools kept but changed."""
        return self.ids("changed")

    @property
    def receiving(self) -> tuple[str, ...]:
        """Codes of the receiving schools."""
        return self.ids("receiving")

    @property
    def new_sites(self) -> tuple[Mark, ...]:
        """The new sites."""
        return tuple(m for m in self.marks if m.role == "new")

    @property
    def needs_after(self) -> bool:
        """Whether an analysis of :attr:`scenario` would add the after catchments (not done yet)."""
        return self.scenario is not None and bool(self.scenario.edits) and not self.after_known

    def points(self) -> list[tuple[float, float]]:
        """Every point the highlight involves (marks and arrow ends), project CRS."""
        out = [(m.x, m.y) for m in self.marks]
        for a in self.arrows:
            out += [(a.x0, a.y0), (a.x1, a.y1)]
        return out


# --------------------------------------------------------------------------- roles from edits


def edit_roles(edits: Iterable[Edit], *, receiving: Iterable[str] = ()) -> dict[str, str]:
    """The role each school code plays in some edits (a new school's code: ``new``).

    Closed: :class:`~gis.edits.Close`, and the schools a :class:`~gis.edits.Merge` takes in;
    receiving: the school a merger keeps, and the codes in ``receiving``; changed: seats, beds,
    grades or resources (:class:`~gis.edits.AddResources`) changed. A school keeps the strongest
    of its roles (closed, then new, then receiving, then changed): a receiving school
    that gains beds is a receiving school.
    """
    rank = {"closed": 0, "new": 1, "receiving": 2, "changed": 3}
    roles: dict[str, str] = {}

    def put(code: str, role: str) -> None:
        if code not in roles or rank[role] < rank[roles[code]]:
            roles[code] = role

    for edit in edits:
        if isinstance(edit, Close):
            put(edit.school_id, "closed")
        elif isinstance(edit, Merge):
            for code in edit.school_ids:
                put(code, "receiving" if code == edit.into else "closed")
            put(edit.into, "receiving")
        elif isinstance(edit, Open):
            put(edit.school_id, "new")
        elif isinstance(edit, SetCapacity | ConvertToBoarding | ChangeGrades | AddResources):
            put(edit.school_id, "changed")
    for code in receiving:
        put(code, "receiving")
    return roles


def _school_points(project: Project) -> dict[str, tuple[float, float, str]]:
    schools = project.schools
    return {
        str(code): (float(g.x), float(g.y), str(name))
        for code, name, g in zip(schools["school_id"], schools["name"], schools.geometry, strict=True)
    }


def highlight_from_edits(
    edits: Sequence[Edit],
    analysis: Analysis,
    *,
    receiving: Sequence[str] = (),
    moves: Sequence[Move] = (),
    level: str | None = None,
    title: str = "",
) -> MapHighlight:
    """The highlight of some edits of the analysed project.

    Parameters
    ----------
    edits
        The edits (of a suggestion, a plan's year, a scenario).
    analysis
        The baseline analysis: its project places the schools, its catchments are the ``before``.
    receiving
        Schools known to receive the pupils (a suggestion's ``receiving_ids``); merged-into
        schools are receiving anyway.
    moves
        Known moves of pupils (:func:`gis.plan.moves.receivers`): their receivers are receiving
        schools and their arrows carry the children.
    level
        The level whose catchments are shown; by default the level the first closed or changed
        school teaches (primary when it teaches grades 1–6).
    title
        A title for the legend.

    Returns
    -------
    The highlight; its ``scenario`` is the edits, to analyse for the ``after`` catchments.
    """
    project = analysis.project
    where = _school_points(project)
    roles = edit_roles(edits, receiving=[*receiving, *(m.to_id for m in moves)])
    opened = {e.school_id: e for e in edits if isinstance(e, Open)}
    marks: list[Mark] = []
    for role in ROLES:
        for code, r in roles.items():
            if r != role:
                continue
            if code in opened:
                site = opened[code]
                marks.append(Mark("new", site.x, site.y, site.name, code))
            elif code in where:
                x, y, name = where[code]
                marks.append(Mark(role, x, y, name, code))
    if level is None:
        level = _level_of(project, [m.school_id for m in marks if m.role in ("closed", "changed")] or list(roles))
    arrows = _planned_arrows(marks, moves)
    involved = [m.school_id for m in marks if m.role != "new"]
    return MapHighlight(
        marks=tuple(marks),
        arrows=tuple(arrows),
        before=catchments_of(analysis, level, involved),
        level=level,
        title=title,
        scenario=Scenario(title or "highlight", tuple(edits)),
    )


def _level_of(project: Project, codes: Sequence[str]) -> str:
    schools = project.schools
    ids = schools["school_id"].astype(str).tolist()
    for code in codes:
        if code in ids:
            return "primary" if int(schools["grade_min"].iloc[ids.index(code)]) <= 6 else "junior"
    return "primary"


def _planned_arrows(marks: Sequence[Mark], moves: Sequence[Move]) -> list[Arrow]:
    """Arrows before any analysis of the change: the known moves, else every closed or changed school
    to every receiving school (children unknown)."""
    if moves:
        return [Arrow(m.x0, m.y0, m.x1, m.y1, m.children, m.school_id, m.to_id) for m in moves]
    givers = [m for m in marks if m.role in ("closed", "changed")]
    takers = [m for m in marks if m.role == "receiving"]
    return [Arrow(g.x, g.y, t.x, t.y, math.nan, g.school_id, t.school_id) for g in givers for t in takers]


def catchments_of(analysis: Analysis, level: str, school_ids: Iterable[str]) -> tuple[Catchment, ...]:
    """The nearest-school catchment polygons of some schools at a level (those with cells), in the
    order asked; the same shapes as :func:`gis.frames.catchments_frame`, for these schools only."""
    from gis.catchments import grid_transform

    result = analysis.levels.get(level)
    wanted = list(dict.fromkeys(school_ids))
    if result is None or not wanted:
        return ()
    project = analysis.project
    ids = project.schools["school_id"].astype(str).to_numpy()
    rows_of = {code: k for k, code in enumerate(ids.tolist())}
    rows = [rows_of[c] for c in wanted if c in rows_of]
    pop = project.population
    transform = grid_transform(
        pop.geometry.x.to_numpy(), pop.geometry.y.to_numpy(), pop["row"].to_numpy(), pop["col"].to_numpy(),
        project.cell_size,
    )  # fmt: skip
    school = result.school
    keep = np.isin(school, rows)
    cells = result.cells[keep]
    polygons = cell_union(pop["row"].to_numpy()[cells], pop["col"].to_numpy()[cells], school[keep], transform)
    return tuple(Catchment(str(ids[r]), level, polygons[r]) for r in rows if r in polygons)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- builders


def suggestion_highlight(suggestion: Suggestion, analysis: Analysis) -> MapHighlight:
    """The highlight of a suggestion: its edits, its receiving schools and its new sites, at its level.

    With one school giving and one receiving, the arrow carries the suggestion's children affected.
    """
    found = highlight_from_edits(
        suggestion.edits,
        analysis,
        receiving=suggestion.receiving_ids,
        level=suggestion.level,
        title=f"{suggestion.id}",
    )
    found = replace(found, action=suggestion.action)
    if len(found.arrows) == 1 and suggestion.children_affected > 0:
        # one school sends its pupils to one school: the children the suggestion moves take that arrow
        found = replace(found, arrows=(replace(found.arrows[0], children=suggestion.children_affected),))
    opened = {m.name for m in found.new_sites}
    extra = tuple(Mark("new", s.x, s.y, s.name) for s in suggestion.sites if s.name not in opened)
    return replace(found, marks=found.marks + extra) if extra else found


def plan_action_highlight(
    action: PlanAction,
    analysis: Analysis,
    *,
    scenario: Scenario | None = None,
    moves: Sequence[Move] = (),
) -> MapHighlight:
    """The highlight of a line of the county plan.

    Parameters
    ----------
    action
        The line.
    analysis
        The baseline analysis of the project the plan was made for.
    scenario
        The plan's scenario of the action's year (:attr:`gis.plan.plan.CountyPlan.scenarios`): its
        edits of the action's school say what the action does (a merger's receiving school) and,
        analysed, give the after catchments.
    moves
        The plan's moves (:func:`gis.plan.moves.receivers`); those of the action's school and
        year are its arrows and receiving schools.

    Returns
    -------
    The highlight (a new site: the site, with the code the plan's scenario gives it).
    """
    code = action.school_id
    edits = scenario.edits if scenario is not None else ()
    own: list[Edit] = [e for e in edits if code in _codes(e)]
    if not own:
        own = [_action_edit(action)]
    mine = [m for m in moves if m.school_id == code and m.year == action.year]
    found = replace(highlight_from_edits(own, analysis, moves=mine, title=action.name), action=action.action)
    if action.action in NEW_ACTIONS and not found.new_sites:
        found = replace(found, marks=(*found.marks, Mark("new", action.x, action.y, action.name, code)))
    if scenario is not None:
        found = replace(found, scenario=Scenario(scenario.name, scenario.edits))
    return found


def _codes(edit: Edit) -> tuple[str, ...]:
    if isinstance(edit, Merge):
        return edit.school_ids
    return (edit.school_id,)


def _action_edit(action: PlanAction) -> Edit:
    """The edit a plan line stands for when its year's scenario is not at hand."""
    if action.action == "close" or action.action == "merge":
        return Close(action.school_id)
    if action.action == "teaching_point":
        return ChangeGrades(action.school_id, 1, 3)
    if action.action in NEW_ACTIONS:
        kind = {"new_teaching_point": "teaching_point"}.get(action.action, "primary")
        return Open(action.school_id, action.name, action.x, action.y, kind, capacity_primary=action.seats)
    if action.action in ("beds", "convert"):
        return ConvertToBoarding(action.school_id, action.beds)
    return SetCapacity(action.school_id)


def edit_highlight(edit: Edit, analysis: Analysis) -> MapHighlight:
    """The highlight of one edit of a scenario."""
    return replace(highlight_from_edits((edit,), analysis), action=edit.kind)


def scenario_highlight(scenario: Scenario, analysis: Analysis) -> MapHighlight:
    """The highlight of every edit of a scenario together."""
    found = highlight_from_edits(scenario.edits, analysis, title=scenario.name)
    return replace(found, scenario=scenario)


def standards_highlight(
    schools: pd.DataFrame,
    investments: pd.DataFrame,
    transfers: pd.DataFrame,
    *,
    school_id: str | None = None,
    transfer: int | None = None,
    level: str | None = None,
    title: str = "",
) -> MapHighlight:
    """The highlight of a standards plan (:class:`gis.standards_plan.StandardsPlan`): its schools and transfers.

    The schools with investments are ``changed``; a school that only receives teachers is
    ``receiving``; each transfer (a row of ``transfers``) is an arrow from the school that sends the
    teachers to the school that takes them, counting the teachers (``what="teachers"``). A school
    that only sends teachers is an arrow's start, not marked. Nothing is analysed again: the
    standards plan moves no pupils, so no catchment changes (``after_known`` is set).

    Parameters
    ----------
    schools
        The schools planned on (the plan's ``schools_before``): ``school_id``, ``name``, point
        geometry in the project's CRS.
    investments
        The plan's investments (``school_id``, …).
    transfers
        The plan's transfers (``from_school``, ``to_school``, ``teachers``, …), one arrow per row.
    school_id
        Only this school (a row of the investments chosen): its mark, and the transfers to or from it.
    transfer
        Only this transfer (its position in ``transfers``): its arrow and the school that receives.
    level
        The level the highlight is of (for its catchments, here none); default primary.
    title
        A title for the legend (the action's words follow it).

    Returns
    -------
    The highlight (``action="standards"``).
    """
    where = {
        str(code): (float(g.x), float(g.y), str(name))
        for code, name, g in zip(schools["school_id"], schools["name"], schools.geometry, strict=True)
    }
    moves = transfers.reset_index(drop=True)
    rows = list(range(len(moves)))
    if transfer is not None:
        rows = [transfer] if 0 <= transfer < len(moves) else []
    elif school_id is not None:
        rows = [k for k in rows if school_id in (str(moves["from_school"].iloc[k]), str(moves["to_school"].iloc[k]))]
    invested = list(dict.fromkeys(str(code) for code in investments["school_id"]))
    if transfer is not None:
        invested = []
    elif school_id is not None:
        invested = [code for code in invested if code == school_id]
    roles = {code: "changed" for code in invested}
    for k in rows:
        roles.setdefault(str(moves["to_school"].iloc[k]), "receiving")
    if school_id is not None and transfer is None and school_id not in roles and school_id in where:
        roles[school_id] = "changed"  # a school chosen that only sends teachers
    marks = [
        Mark(role, where[code][0], where[code][1], where[code][2], code)
        for role in ROLES
        for code, r in roles.items()
        if r == role and code in where
    ]
    arrows = []
    for k in rows:
        start, end = str(moves["from_school"].iloc[k]), str(moves["to_school"].iloc[k])
        if start in where and end in where:
            (x0, y0, _start), (x1, y1, _end) = where[start], where[end]
            teachers = float(moves["teachers"].iloc[k])
            arrows.append(Arrow(x0, y0, x1, y1, teachers, start, end, what="teachers"))
    return MapHighlight(
        marks=tuple(marks),
        arrows=tuple(arrows),
        level=level or "primary",
        title=title,
        after_known=True,
        action="standards",
    )


# --------------------------------------------------------------------------- after


def scenario_analysis(baseline: Analysis, scenario: Scenario) -> Analysis:
    """The baseline's project with a scenario's edits, analysed with the baseline's rules and routing.

    Slow (a full analysis): run it in a worker.
    """
    from gis.analysis import analyze
    from gis.scenario import apply_scenario

    return analyze(apply_scenario(baseline.project, scenario), baseline.standards, routing=baseline.routing)


def with_after(highlight: MapHighlight, baseline: Analysis, after: Analysis) -> MapHighlight:
    """The highlight with its after catchments and counted arrows, from an analysis with the change.

    When the highlight names receiving schools (a suggestion's, a plan's moves), its arrows stay as
    they are: the suggestion or the plan decided where the pupils go, by rules (boarding, seats) the
    nearest-school catchments do not follow. When it names none (a closure in a scenario), the
    children that move are those of the baseline's cells whose nearest school (per group of grades)
    it was and is no longer (:func:`moved_children`), and the schools taking at least
    :data:`MIN_ARROW_SHARE` of them become its receiving schools and arrows. Each new site gets an
    arrow from the children-weighted centre of the children whose nearest school it becomes. The
    after catchments are ``after``'s nearest-school catchments of every school kept, receiving or new.
    """
    level = highlight.level
    after_points = _school_points(after.project)
    marks = list(highlight.marks)
    known = {m.school_id for m in marks if m.role == "receiving"}
    moved = {
        m.school_id: moved_children(baseline, after, m.school_id, level)
        for m in marks
        if m.role in ("closed", "changed") and m.school_id and not known
    }
    arrows: list[Arrow] = list(highlight.arrows) if known else []
    if not known:
        for giver in (m for m in marks if m.school_id in moved):
            total = sum(moved[giver.school_id].values())
            for code, children in sorted(moved[giver.school_id].items(), key=lambda kv: (-kv[1], kv[0])):
                if children < MIN_ARROW_SHARE * total or code not in after_points:
                    continue
                x1, y1, name = after_points[code]
                if code not in known and all(m.school_id != code for m in marks):
                    marks.append(Mark("receiving", x1, y1, name, code))
                    known.add(code)
                arrows.append(Arrow(giver.x, giver.y, x1, y1, children, giver.school_id, code))
    for site in (m for m in marks if m.role == "new" and m.school_id):
        centre = served_centre(after, site.school_id, level)
        if centre is not None:
            arrows.append(Arrow(centre[0], centre[1], site.x, site.y, centre[2], "", site.school_id))
    keep = [m.school_id for m in marks if m.role != "closed" and m.school_id]
    return replace(
        highlight, marks=tuple(marks), after=catchments_of(after, level, keep), arrows=tuple(arrows), after_known=True
    )


def moved_children(baseline: Analysis, after: Analysis, school_id: str, level: str) -> dict[str, float]:
    """Children of a level who had ``school_id`` as their nearest school and have another with the
    change, by that school's code (per group of grades; cells matched by population row)."""
    base, then = baseline.levels.get(level), after.levels.get(level)
    if base is None or then is None:
        return {}
    ids_before = baseline.project.schools["school_id"].astype(str).to_numpy()
    ids_after = after.project.schools["school_id"].astype(str).to_numpy()
    hits = np.flatnonzero(ids_before == school_id)
    if hits.size == 0:
        return {}
    row = int(hits[0])
    pos = np.searchsorted(then.cells, base.cells)
    ok = pos < then.cells.size
    ok[ok] = then.cells[pos[ok]] == base.cells[ok]
    out: dict[str, float] = {}
    for g_before, g_after in zip(base.groups, then.groups, strict=False):
        mine = (g_before.school == row) & ok
        to = g_after.school[pos[mine]]
        weight = g_before.children[mine]
        codes = np.where(to >= 0, ids_after[np.maximum(to, 0)], "")
        for code, w in zip(codes.tolist(), weight.tolist(), strict=True):
            if code and code != school_id:
                out[code] = out.get(code, 0.0) + float(w)
    return {k: v for k, v in out.items() if v > 0}


def served_centre(analysis: Analysis, school_id: str, level: str) -> tuple[float, float, float] | None:
    """The children-weighted centre (project CRS) and the children of a school's catchment at a level
    (its first group's nearest-school cells), or None when it has none."""
    result = analysis.levels.get(level)
    if result is None:
        return None
    ids = analysis.project.schools["school_id"].astype(str).to_numpy()
    hits = np.flatnonzero(ids == school_id)
    if hits.size == 0:
        return None
    mine = result.school == int(hits[0])
    weight = result.children[mine]
    if not mine.any() or weight.sum() <= 0:
        return None
    pop = analysis.project.population.iloc[result.cells[mine]]
    x = float(np.average(pop.geometry.x.to_numpy(), weights=weight))
    y = float(np.average(pop.geometry.y.to_numpy(), weights=weight))
    return x, y, float(weight.sum())


# --------------------------------------------------------------------------- the page's data

#: The colour of each role on the map (rings, arrows, catchment outlines).
ROLE_COLORS: dict[str, str] = {
    "closed": "#d7191c",
    "changed": "#2b6cb0",
    "receiving": "#1a9641",
    "new": "#d81b60",
}
ARROW_COLOR = "#444444"
# The map's words of a highlight that the glossary has no term for: (Chinese, English).
_WORDS: dict[str, tuple[str, str]] = {
    "changed": ("保留并调整的学校", "School kept, changed"),
    "new": ("新建校址", "New site"),
    "before": ("调整前的服务范围", "Catchment before"),
    "after": ("调整后的服务范围", "Catchment after"),
    "children": ("约{n}名儿童", "about {n} children"),
    "teachers": ("{n}名教师", "{n} teachers"),
    "teacher": ("{n}名教师", "{n} teacher"),
}
# The words of a standards plan's highlight (:func:`standards_highlight`) that differ.
_STANDARDS_WORDS: dict[str, tuple[str, str]] = {
    "changed": ("有投入的学校", "School with investments"),
    "receiving": ("接收交流教师的学校", "School receiving teachers"),
    "arrow": ("教师交流（人数）", "Teachers transferred (number)"),
}
_GLOSSARY_WORDS = {"closed": "suggestion.closed", "receiving": "suggestion.receiving", "arrow": "suggestion.moves"}
# What a change does, for the legend's title: a suggestion's action, a plan line's, an edit's kind.
_ACTION_WORDS: dict[str, tuple[str, str]] = {
    "close": ("撤并", "Close"),
    "merge": ("合并", "Merge"),
    "to_teaching_point": ("改为教学点", "Becomes a teaching point"),
    "teaching_point": ("改为教学点", "Becomes a teaching point"),
    "new_day_school": ("新建走读学校", "New day school"),
    "new_boarding_school": ("新建寄宿制学校", "New boarding school"),
    "new_teaching_point": ("新建教学点", "New teaching point"),
    "new_school": ("新建学校", "New school"),
    "expand": ("扩建教室", "More classrooms"),
    "beds": ("增加床位", "More boarding beds"),
    "convert": ("改为寄宿制学校", "Becomes a boarding school"),
    "open": ("新建学校", "New school"),
    "capacity": ("调整学位", "Seats changed"),
    "boarding": ("改为寄宿制学校", "Becomes a boarding school"),
    "grades": ("调整年级", "Grades changed"),
    "resources": ("增加办学资源", "Resources added"),
    "standards": ("优质均衡达标方案", "Standards plan"),
}


def highlight_words(language: str = "en") -> dict[str, str]:
    """The legend's words of a highlight (roles, before and after, arrows) in ``zh`` or ``en``."""
    from layers.glossary import check_language, term

    check_language(language)
    out = {key: term(glossary, language) for key, glossary in _GLOSSARY_WORDS.items()}
    out.update({key: zh if language == "zh" else en for key, (zh, en) in _WORDS.items()})
    return out


def highlight_data(
    highlight: MapHighlight, crs: object, *, language: str = "en", cell_size: float = 0.0
) -> dict[str, object]:
    """A highlight as the map page's ``showHighlight`` takes it: WGS84 points ``[lat, lon]``, GeoJSON
    catchments (``properties``: ``school_id``, ``role``, ``color``), colours and the legend's words.

    Parameters
    ----------
    highlight
        The highlight.
    crs
        The CRS of its coordinates (the project's).
    language
        ``zh`` or ``en``: the legend's and the arrows' words.
    cell_size
        The population grid's cell (metres): when given, the catchments are drawn as areas
        (:func:`layers.webmap.generalised`) rather than cell by cell.
    """
    import geopandas as gpd
    from pyproj import Transformer

    words = highlight_words(language)
    if highlight.action == "standards":
        words.update({key: zh if language == "zh" else en for key, (zh, en) in _STANDARDS_WORDS.items()})
    to_map = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)

    def at(x: float, y: float) -> list[float]:
        lon, lat = to_map.transform(x, y)
        return [round(float(lat), 7), round(float(lon), 7)]

    role_of = {m.school_id: m.role for m in highlight.marks if m.school_id}
    marks = [
        {"role": m.role, "id": m.school_id, "name": m.name, "at": at(m.x, m.y), "color": ROLE_COLORS[m.role]}
        for m in highlight.marks
    ]
    arrows = []
    # Many arrows at once (a whole standards plan): bare counts, the legend says what they count.
    bare = len(highlight.arrows) > MAX_WORDED_ARROWS
    for a in highlight.arrows:
        what = "teacher" if a.what == "teachers" and round(a.children) == 1 else a.what
        template = "{n}" if bare and a.what != "children" else words[what]
        label = "" if math.isnan(a.children) else template.format(n=f"{a.children:,.0f}")
        arrows.append({"from": at(a.x0, a.y0), "to": at(a.x1, a.y1), "label": label, "color": ARROW_COLOR})

    def areas(found: tuple[Catchment, ...]) -> dict[str, object]:
        if not found:
            return {"type": "FeatureCollection", "features": []}
        roles = [role_of.get(c.school_id, "receiving") for c in found]
        shapes = [c.geometry for c in found]
        if cell_size > 0:
            from layers.webmap import generalised

            shapes = list(generalised(shapes, cell_size))  # type: ignore[call-overload]
        frame = gpd.GeoDataFrame(
            {
                "school_id": [c.school_id for c in found],
                "role": roles,
                "color": [ROLE_COLORS[r] for r in roles],
            },
            geometry=shapes,
            crs=crs,
        ).to_crs("EPSG:4326")
        data = frame.to_geo_dict(drop_id=True)
        return data  # type: ignore[no-any-return]

    doing = _ACTION_WORDS.get(highlight.action)
    title = " ".join(t for t in (highlight.title, doing[0 if language == "zh" else 1] if doing else "") if t)
    return {
        "title": title,
        "marks": marks,
        "arrows": arrows,
        "before": areas(highlight.before),
        "after": areas(highlight.after),
        "words": words,
        "colors": {**ROLE_COLORS, "arrow": ARROW_COLOR},
    }
