"""Scenarios: the baseline plus a list of edits, evaluated like the baseline and compared with it.

A scenario is a name and an ordered list of edits to the project's schools:

- :class:`Close` a school;
- :class:`Merge` schools into one of them (it keeps its site and takes the others' pupils,
  classes, seats, beds, staff and facilities);
- :class:`Open` a new school at a point, with its grades and seats (and boarding beds);
- :class:`SetCapacity` of a school at a level;
- :class:`ConvertToBoarding`: a school boards pupils, with a number of beds;
- :class:`ChangeGrades`: a school teaches other grades, e.g. a small village primary kept as
  a teaching point for grades 1–3 while its older pupils go to a central school.

:func:`apply_scenario` turns the project into the scenario's project (checking every edit and
reporting all problems together); :func:`evaluate_scenario` analyses it with the same rules
as the baseline; :func:`compare` sets the two analyses side by side. Scenarios are saved in
the project file (its ``scenarios`` table, one JSON list of edits per scenario) by
:func:`gis.project.save_project`.
"""

from __future__ import annotations

import json
import math
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from gis.errors import InputError, Problem
from gis.schema import ADDITIVE_FIELDS, GRADES, TYPE_GRADES

if TYPE_CHECKING:
    import pandas as pd

    from gis.analysis import Analysis
    from gis.progress import CancelFn, ProgressFn
    from gis.project import Project
    from gis.standards import Standards


@dataclass(frozen=True)
class Close:
    """Close a school; its pupils go to the schools that remain."""

    school_id: str
    kind: ClassVar[str] = "close"


@dataclass(frozen=True)
class Merge:
    """Merge schools into ``into`` (one of them), which keeps its site and takes everything."""

    school_ids: tuple[str, ...]
    into: str
    name: str = ""
    kind: ClassVar[str] = "merge"


@dataclass(frozen=True)
class Open:
    """Open a new school at a point (project CRS) with its type, seats and boarding beds."""

    school_id: str
    name: str
    x: float
    y: float
    type: str = "primary"
    capacity_primary: int = 0
    capacity_junior: int = 0
    boarding_beds: int = 0
    kind: ClassVar[str] = "open"


@dataclass(frozen=True)
class SetCapacity:
    """Change a school's seats at one or both levels (``None`` keeps the current figure)."""

    school_id: str
    capacity_primary: int | None = None
    capacity_junior: int | None = None
    kind: ClassVar[str] = "capacity"


@dataclass(frozen=True)
class ConvertToBoarding:
    """Make a school a boarding school with this many beds."""

    school_id: str
    beds: int
    kind: ClassVar[str] = "boarding"


@dataclass(frozen=True)
class ChangeGrades:
    """Make a school teach grades ``grade_min`` to ``grade_max``; its type follows the grades.

    Enrolment in grades it no longer teaches is set to zero (those pupils go elsewhere);
    seats, staff and facilities stay.
    """

    school_id: str
    grade_min: int
    grade_max: int
    kind: ClassVar[str] = "grades"


Edit = Close | Merge | Open | SetCapacity | ConvertToBoarding | ChangeGrades
EDIT_TYPES: dict[str, type] = {
    cls.kind: cls for cls in (Close, Merge, Open, SetCapacity, ConvertToBoarding, ChangeGrades)
}


@dataclass(frozen=True)
class Scenario:
    """A named list of edits to the baseline, with a description (why) for the meeting."""

    name: str
    edits: tuple[Edit, ...] = ()
    description: str = ""

    def with_edits(self, *edits: Edit) -> Scenario:
        """A copy with more edits at the end."""
        return Scenario(self.name, self.edits + tuple(edits), self.description)

    def edits_json(self) -> str:
        """The edits as a JSON list of objects, each with its ``kind``."""
        return json.dumps([edit_to_dict(e) for e in self.edits], ensure_ascii=False)


def edit_to_dict(edit: Edit) -> dict[str, Any]:
    """An edit as a plain dict with its ``kind`` (for JSON)."""
    data = asdict(edit)
    if isinstance(edit, Merge):
        data["school_ids"] = list(edit.school_ids)
    return {"kind": edit.kind, **data}


def edit_from_dict(data: object, *, where: str = "") -> Edit:
    """An edit from a dict made by :func:`edit_to_dict`.

    Raises
    ------
    InputError
        If the kind is unknown or a field is missing, unknown or of the wrong type.
    """
    if not isinstance(data, dict):
        raise InputError(Problem("an edit must be an object with a kind", feature=where, value=repr(data)[:80]))
    kind = data.get("kind")
    cls = EDIT_TYPES.get(str(kind))
    if cls is None:
        raise InputError(
            Problem(
                "unknown kind of edit",
                feature=where,
                field="kind",
                value=str(kind),
                fix=f"use one of {', '.join(EDIT_TYPES)}",
            )
        )
    names = {f.name: f for f in fields(cls)}
    args = {k: v for k, v in data.items() if k != "kind"}
    problems = [
        Problem(f"unknown field for a '{kind}' edit", feature=where, field=k, fix=f"fields: {', '.join(names)}")
        for k in args
        if k not in names
    ]
    required = [f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING]
    problems += [
        Problem(f"a '{kind}' edit needs this field", feature=where, field=name) for name in required if name not in args
    ]
    if problems:
        raise InputError(problems)
    try:
        if cls is Merge:
            args["school_ids"] = tuple(str(s) for s in args["school_ids"])
            args["into"] = str(args["into"])
        if cls is Open:
            args["x"], args["y"] = float(args["x"]), float(args["y"])
            for key in ("capacity_primary", "capacity_junior", "boarding_beds"):
                if key in args:
                    args[key] = _whole(args[key])
        if cls is SetCapacity:
            for key in ("capacity_primary", "capacity_junior"):
                if args.get(key) is not None:
                    args[key] = _whole(args[key])
        if cls is ConvertToBoarding:
            args["beds"] = _whole(args["beds"])
        if cls is ChangeGrades:
            args["grade_min"], args["grade_max"] = _whole(args["grade_min"]), _whole(args["grade_max"])
        if "school_id" in args:
            args["school_id"] = str(args["school_id"])
    except (TypeError, ValueError) as exc:
        raise InputError(Problem(f"a '{kind}' edit has a value of the wrong type ({exc})", feature=where)) from exc
    return cls(**args)  # type: ignore[no-any-return]


def _whole(value: object) -> int:
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number) or number != int(number):
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)


def scenario_from_json(name: str, edits_json: str, description: str = "", *, where: str = "") -> Scenario:
    """A scenario from its saved JSON list of edits."""
    try:
        raw = json.loads(edits_json)
    except json.JSONDecodeError as exc:
        raise InputError(
            Problem(f"the edits are not valid JSON ({exc.msg})", feature=where or name, field="edits")
        ) from exc
    if not isinstance(raw, list):
        raise InputError(Problem("the edits must be a JSON list", feature=where or name, field="edits"))
    problems: list[Problem] = []
    edits: list[Edit] = []
    for k, item in enumerate(raw):
        try:
            edits.append(edit_from_dict(item, where=f"{where or name}, edit {k + 1}"))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return Scenario(name, tuple(edits), description)


# --------------------------------------------------------------------------- applying


def apply_scenario(project: Project, scenario: Scenario) -> Project:
    """The project as the scenario would make it (the input is not changed).

    Edits apply in order: a school opened by an earlier edit can be merged or converted by a
    later one.

    Raises
    ------
    InputError
        Listing every edit that cannot apply: an unknown or already closed school, a new
        school code already in use, a point outside the county, an unknown school type, a
        negative number of seats or beds.
    """
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point

    schools = project.schools.copy()
    schools["school_id"] = schools["school_id"].astype(str)
    problems: list[Problem] = []
    county = project.townships.geometry.union_all() if len(project.townships) else None

    def where(k: int) -> str:
        return f"scenario {scenario.name}, edit {k + 1}"

    def row_of(school_id: str, k: int) -> int | None:
        hits = np.flatnonzero(schools["school_id"].to_numpy() == school_id)
        if hits.size == 0:
            problems.append(
                Problem(
                    "no such school (it may have been closed or merged by an earlier edit)",
                    feature=where(k),
                    field="school_id",
                    value=school_id,
                    fix="check the school code",
                )
            )
            return None
        return int(hits[0])

    def non_negative(value: int | None, name: str, k: int) -> None:
        if value is not None and value < 0:
            problems.append(Problem("must not be negative", feature=where(k), field=name, value=str(value)))

    for k, edit in enumerate(scenario.edits):
        if isinstance(edit, Close):
            row = row_of(edit.school_id, k)
            if row is not None:
                schools = schools.drop(index=schools.index[row])
        elif isinstance(edit, Merge):
            if edit.into not in edit.school_ids:
                problems.append(
                    Problem(
                        "the receiving school must be one of the merged schools",
                        feature=where(k),
                        field="into",
                        value=edit.into,
                    )
                )
                continue
            if len(set(edit.school_ids)) < 2:
                problems.append(
                    Problem("a merger needs at least two different schools", feature=where(k), field="school_ids")
                )
                continue
            rows = [row_of(s, k) for s in dict.fromkeys(edit.school_ids)]
            if any(r is None for r in rows):
                continue
            keep = row_of(edit.into, k)
            assert keep is not None
            part = schools.iloc[[r for r in rows if r is not None]]
            label = schools.index[keep]
            for column in ADDITIVE_FIELDS:
                schools.loc[label, column] = part[column].sum()
            lo, hi = int(part["grade_min"].min()), int(part["grade_max"].max())
            schools.loc[label, "grade_min"] = lo
            schools.loc[label, "grade_max"] = hi
            schools.loc[label, "type"] = _type_of_grades(lo, hi, str(schools.loc[label, "type"]))
            schools.loc[label, "boarding"] = bool(part["boarding"].any())
            if edit.name:
                schools.loc[label, "name"] = edit.name
            schools = schools.drop(index=[schools.index[r] for r in rows if r is not None and r != keep])
        elif isinstance(edit, Open):
            if edit.type not in TYPE_GRADES:
                problems.append(
                    Problem(
                        "unknown school type",
                        feature=where(k),
                        field="type",
                        value=edit.type,
                        fix=f"use one of {', '.join(TYPE_GRADES)}",
                    )
                )
                continue
            if (schools["school_id"] == edit.school_id).any():
                problems.append(
                    Problem(
                        "this school code is already in use",
                        feature=where(k),
                        field="school_id",
                        value=edit.school_id,
                        fix="give the new school a code of its own",
                    )
                )
                continue
            for name in ("capacity_primary", "capacity_junior", "boarding_beds"):
                non_negative(getattr(edit, name), name, k)
            point = Point(edit.x, edit.y)
            if not (math.isfinite(edit.x) and math.isfinite(edit.y)) or (
                county is not None and not county.buffer(1.0).contains(point)
            ):
                problems.append(
                    Problem(
                        "the new school lies outside the county",
                        feature=where(k),
                        field="x, y",
                        value=f"{edit.x:.0f}, {edit.y:.0f}",
                        fix=f"give a point inside the county in the project's CRS ({project.crs})",
                    )
                )
                continue
            lo, hi = TYPE_GRADES[edit.type]
            township = ""
            if len(project.townships):
                inside = project.townships[project.townships.geometry.covers(point)]
                if len(inside):
                    township = str(inside["code"].iloc[0])
            row_data: dict[str, Any] = {column: 0 for column in ADDITIVE_FIELDS}
            row_data.update(
                school_id=edit.school_id,
                name=edit.name,
                type=edit.type,
                grade_min=lo,
                grade_max=hi,
                township=township,
                boarding=edit.boarding_beds > 0,
                capacity_primary=edit.capacity_primary,
                capacity_junior=edit.capacity_junior,
                boarding_beds=edit.boarding_beds,
            )
            new = gpd.GeoDataFrame([row_data], geometry=[point], crs=schools.crs)
            new = new.astype({c: schools[c].dtype for c in new.columns if c in schools.columns and c != "geometry"})
            schools = pd.concat([schools, new[schools.columns]], ignore_index=True)
        elif isinstance(edit, SetCapacity):
            row = row_of(edit.school_id, k)
            non_negative(edit.capacity_primary, "capacity_primary", k)
            non_negative(edit.capacity_junior, "capacity_junior", k)
            if row is not None:
                label = schools.index[row]
                if edit.capacity_primary is not None:
                    schools.loc[label, "capacity_primary"] = edit.capacity_primary
                if edit.capacity_junior is not None:
                    schools.loc[label, "capacity_junior"] = edit.capacity_junior
        elif isinstance(edit, ConvertToBoarding):
            row = row_of(edit.school_id, k)
            non_negative(edit.beds, "beds", k)
            if row is not None:
                label = schools.index[row]
                schools.loc[label, "boarding"] = edit.beds > 0
                schools.loc[label, "boarding_beds"] = edit.beds
        elif isinstance(edit, ChangeGrades):
            row = row_of(edit.school_id, k)
            if not 1 <= edit.grade_min <= edit.grade_max <= 9:
                problems.append(
                    Problem(
                        "grades must run from 1 to 9, the first no higher than the last",
                        feature=where(k),
                        field="grade_min, grade_max",
                        value=f"{edit.grade_min}, {edit.grade_max}",
                    )
                )
            elif row is not None:
                label = schools.index[row]
                current = str(schools.loc[label, "type"])
                schools.loc[label, "grade_min"] = edit.grade_min
                schools.loc[label, "grade_max"] = edit.grade_max
                schools.loc[label, "type"] = _type_of_grades(edit.grade_min, edit.grade_max, current)
                for g in GRADES:
                    if not edit.grade_min <= g <= edit.grade_max:
                        schools.loc[label, f"enrol_g{g}"] = 0
                if edit.grade_max <= 6:
                    schools.loc[label, "classes_junior"] = 0
    if problems:
        raise InputError(problems)
    schools = gpd.GeoDataFrame(schools.reset_index(drop=True), geometry="geometry", crs=project.schools.crs)
    return project.with_layers(schools=schools)


def _type_of_grades(lo: int, hi: int, current: str) -> str:
    if lo <= 6 and hi >= 7:
        return "nine_year"
    if hi >= 7:
        return "junior"
    if hi >= 4:
        return "primary"
    return "teaching_point" if current == "primary" else current


def evaluate_scenario(
    project: Project,
    scenario: Scenario,
    standards: Standards,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Analysis:
    """Analyse the scenario's project with the baseline's rules."""
    from gis.analysis import analyze

    return analyze(apply_scenario(project, scenario), standards, progress=progress, cancel=cancel)


# --------------------------------------------------------------------------- comparing


@dataclass(frozen=True)
class Metric:
    """A county figure compared between the baseline and a scenario."""

    name: str
    baseline: float
    scenario: float

    @property
    def change(self) -> float:
        """Scenario minus baseline."""
        return self.scenario - self.baseline


@dataclass(frozen=True)
class Comparison:
    """Baseline and scenario figures side by side."""

    scenario: str
    metrics: tuple[Metric, ...] = field(default_factory=tuple)

    def table(self) -> pd.DataFrame:
        """Columns metric, baseline, scenario, change."""
        import pandas as pd

        return pd.DataFrame(
            {
                "metric": [m.name for m in self.metrics],
                "baseline": [m.baseline for m in self.metrics],
                "scenario": [m.scenario for m in self.metrics],
                "change": [m.change for m in self.metrics],
            }
        )

    def value(self, name: str) -> Metric:
        """The metric of this name."""
        for metric in self.metrics:
            if metric.name == name:
                return metric
        raise KeyError(name)


def county_figures(analysis: Analysis) -> dict[str, float]:
    """The county figures a scenario is judged by, as ``level.metric`` → value.

    Travel (per group ``grades_1_3``, ``primary``, ``junior``): children, share within the
    rule, children beyond it, mean, 95th percentile and worst trip to the nearest school;
    from the capacity-aware assignment: children not placed and the mean assigned trip.
    Schools (per level): schools teaching it, seats, boarding beds, boarding demand (pupils
    of grades 4–9 placed at a school beyond their day-travel rule, who must board), beds
    short of that demand, schools over capacity and schools under the small-school size
    (by the pupils the assignment gives them).
    """
    from gis.analysis import serves
    from gis.indicators import coverage_indicators

    wanted = {
        "children",
        "share_within_threshold",
        "children_beyond_threshold",
        "mean_travel_min",
        "p95_travel_min",
        "children_overflow",
        "assigned_mean_travel_min",
    }
    out: dict[str, float] = {}
    for ind in coverage_indicators(analysis):
        if ind.scope == "county" and ind.metric in wanted:
            out[f"{ind.level}.{ind.metric}"] = ind.value
    schools = analysis.project.schools
    std = analysis.standards
    total_load = np.zeros(len(schools))
    for level, result in analysis.levels.items():
        groups = {g.name: g for g in result.groups}
        views = {level: list(result.groups)}
        if "grades_1_3" in groups:
            views["grades_1_3"] = [groups["grades_1_3"]]
        for name, view in views.items():
            minutes = np.concatenate([g.minutes for g in view])
            children = np.concatenate([g.children for g in view])
            reach = np.isfinite(minutes) & (children > 0)
            out[f"{name}.max_travel_min"] = float(minutes[reach].max()) if reach.any() else math.nan
        teaching = serves(schools, 7 if level == "junior" else 1)
        capacity = schools[f"capacity_{level}"].to_numpy(dtype=float)
        load = result.school_load
        total_load += load
        beds_needed = result.boarding_demand
        beds = schools["boarding_beds"].to_numpy(dtype=float)
        out[f"{level}.schools"] = float(teaching.sum())
        out[f"{level}.seats"] = float(capacity[teaching].sum())
        out[f"{level}.boarding_demand"] = float(beds_needed.sum())
        out[f"{level}.schools_over_capacity"] = float(((load > capacity + 1e-6) & teaching).sum())
    beds = schools["boarding_beds"].to_numpy(dtype=float)
    demand = sum((r.boarding_demand for r in analysis.levels.values()), np.zeros(len(schools)))
    out["schools.total"] = float(len(schools))
    out["schools.small"] = float((total_load < std.small_school).sum())
    out["boarding.beds"] = float(beds.sum())
    out["boarding.demand"] = float(demand.sum())
    out["boarding.beds_short"] = float(np.maximum(demand - beds, 0).sum())
    return out


def compare(baseline: Analysis, scenario: Analysis, *, name: str = "scenario") -> Comparison:
    """The county figures of :func:`county_figures` for the baseline and the scenario.

    With a ``[balance]`` section in the rules, the balance figures too
    (:func:`gis.balance.county_balance_figures`): the baseline's from the recorded
    enrolment, the scenario's with the pupils moved as the model moves the children
    (:func:`gis.balance.scenario_pupils`) and merged schools' resources added up.
    """
    from gis.balance import assess, county_balance_figures, scenario_pupils

    base = county_figures(baseline)
    scen = county_figures(scenario)
    if baseline.standards.balance is not None:
        base.update(county_balance_figures(assess(baseline.project.schools, baseline.standards)))
        moved = scenario_pupils(baseline, scenario)
        scen.update(county_balance_figures(assess(scenario.project.schools, scenario.standards, pupils=moved)))
    names = list(base) + [k for k in scen if k not in base]
    return Comparison(name, tuple(Metric(k, base.get(k, math.nan), scen.get(k, math.nan)) for k in names))
