"""Applying a scenario: the project as its edits would make it.

:func:`apply_scenario` runs the edits of a :class:`~gis.edits.Scenario` in order over a copy
of the project's schools, one handler per kind of edit (looked up in :data:`_HANDLERS`), and
reports every edit that cannot apply together. Analysing the result and comparing it with
the baseline are :mod:`gis.usecases` and :mod:`gis.compare`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from gis.edits import AddResources, ChangeGrades, Close, ConvertToBoarding, Merge, Open, SetCapacity
from gis.errors import InputError, Problem
from gis.messages import text
from gis.schema import ADDITIVE_FIELDS, GRADES, TYPE_GRADES

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

    from gis.edits import Scenario
    from gis.project import Project


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

    schools = project.schools.copy()
    schools["school_id"] = schools["school_id"].astype(str)
    county = project.townships.geometry.union_all() if len(project.townships) else None
    state = _Applying(project, scenario.name, schools, county)
    for k, edit in enumerate(scenario.edits):
        state.edit = k
        _HANDLERS[type(edit)](state, edit)
    if state.problems:
        raise InputError(state.problems)
    schools = gpd.GeoDataFrame(state.schools.reset_index(drop=True), geometry="geometry", crs=project.schools.crs)
    return project.with_layers(schools=schools)


@dataclass
class _Applying:
    """The schools as the edits so far left them, and the problems found."""

    project: Project
    scenario: str
    schools: gpd.GeoDataFrame
    county: BaseGeometry | None
    edit: int = 0
    problems: list[Problem] = field(default_factory=list)

    def where(self) -> str:
        return f"scenario {self.scenario}, edit {self.edit + 1}"

    def problem(self, message: str, *, field: str = "", value: str = "", fix: str = "") -> None:
        self.problems.append(Problem(message, feature=self.where(), field=field, value=value, fix=fix))

    def row_of(self, school_id: str) -> int | None:
        hits = np.flatnonzero(self.schools["school_id"].to_numpy() == school_id)
        if hits.size == 0:
            self.problem(
                text("no such school (it may have been closed or merged by an earlier edit)"),
                field="school_id",
                value=school_id,
                fix=text("check the school code"),
            )
            return None
        return int(hits[0])

    def non_negative(self, value: int | None, name: str) -> None:
        if value is not None and value < 0:
            self.problem(text("must not be negative"), field=name, value=str(value))


def _close(state: _Applying, edit: Close) -> None:
    row = state.row_of(edit.school_id)
    if row is not None:
        state.schools = state.schools.drop(index=state.schools.index[row])


def _merge(state: _Applying, edit: Merge) -> None:
    if edit.into not in edit.school_ids:
        state.problem(text("the receiving school must be one of the merged schools"), field="into", value=edit.into)
        return
    if len(set(edit.school_ids)) < 2:
        state.problem(text("a merger needs at least two different schools"), field="school_ids")
        return
    rows = [state.row_of(s) for s in dict.fromkeys(edit.school_ids)]
    if any(r is None for r in rows):
        return
    keep = state.row_of(edit.into)
    assert keep is not None
    schools = state.schools
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
    state.schools = schools.drop(index=[schools.index[r] for r in rows if r is not None and r != keep])


def _open(state: _Applying, edit: Open) -> None:
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point

    project, schools = state.project, state.schools
    if edit.type not in TYPE_GRADES:
        state.problem(
            text("unknown school type"),
            field="type",
            value=edit.type,
            fix=text("use one of {type_grades}", type_grades=", ".join(TYPE_GRADES)),
        )
        return
    if (schools["school_id"] == edit.school_id).any():
        state.problem(
            text("this school code is already in use"),
            field="school_id",
            value=edit.school_id,
            fix=text("give the new school a code of its own"),
        )
        return
    for name in ("capacity_primary", "capacity_junior", "boarding_beds"):
        state.non_negative(getattr(edit, name), name)
    point = Point(edit.x, edit.y)
    if not (math.isfinite(edit.x) and math.isfinite(edit.y)) or (
        state.county is not None and not state.county.buffer(1.0).contains(point)
    ):
        state.problem(
            text("the new school lies outside the county"),
            field="x, y",
            value=f"{edit.x:.0f}, {edit.y:.0f}",
            fix=text("give a point inside the county in the project's CRS ({crs})", crs=project.crs),
        )
        return
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
    state.schools = pd.concat([schools, new[schools.columns]], ignore_index=True)


def _set_capacity(state: _Applying, edit: SetCapacity) -> None:
    row = state.row_of(edit.school_id)
    state.non_negative(edit.capacity_primary, "capacity_primary")
    state.non_negative(edit.capacity_junior, "capacity_junior")
    if row is not None:
        label = state.schools.index[row]
        if edit.capacity_primary is not None:
            state.schools.loc[label, "capacity_primary"] = edit.capacity_primary
        if edit.capacity_junior is not None:
            state.schools.loc[label, "capacity_junior"] = edit.capacity_junior


def _convert_to_boarding(state: _Applying, edit: ConvertToBoarding) -> None:
    row = state.row_of(edit.school_id)
    state.non_negative(edit.beds, "beds")
    if row is not None:
        label = state.schools.index[row]
        state.schools.loc[label, "boarding"] = edit.beds > 0
        state.schools.loc[label, "boarding_beds"] = edit.beds


def _change_grades(state: _Applying, edit: ChangeGrades) -> None:
    row = state.row_of(edit.school_id)
    if not GRADES[0] <= edit.grade_min <= edit.grade_max <= GRADES[-1]:
        state.problem(
            text("grades must run from 1 to 9, the first no higher than the last"),
            field="grade_min, grade_max",
            value=f"{edit.grade_min}, {edit.grade_max}",
        )
    elif row is not None:
        schools = state.schools
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


def _add_resources(state: _Applying, edit: AddResources) -> None:
    row = state.row_of(edit.school_id)
    if row is None:
        return
    label = state.schools.index[row]
    for name, amount in edit.amounts().items():
        after = float(state.schools.loc[label, name]) + amount
        if after < -1e-9:
            state.problem(
                text("would leave the school with less than none"),
                field=name,
                value=f"{amount:g}",
                fix=text("take away at most what the school has"),
            )
            continue
        state.schools[name] = state.schools[name].astype(float)
        state.schools.loc[label, name] = max(after, 0.0)


# One handler per kind of edit.
_HANDLERS: dict[type, Callable[[_Applying, Any], None]] = {
    Close: _close,
    Merge: _merge,
    Open: _open,
    SetCapacity: _set_capacity,
    ConvertToBoarding: _convert_to_boarding,
    ChangeGrades: _change_grades,
    AddResources: _add_resources,
}


def _type_of_grades(lo: int, hi: int, current: str) -> str:
    if lo <= 6 and hi >= 7:
        return "nine_year"
    if hi >= 7:
        return "junior"
    if hi >= 4:
        return "primary"
    return "teaching_point" if current == "primary" else current
