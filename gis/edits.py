"""Scenarios as data: a name and an ordered list of edits to the project's schools, and their
JSON form in the project file.

- :class:`Close` a school;
- :class:`Merge` schools into one of them (it keeps its site and takes the others' pupils,
  classes, seats, beds, staff and facilities);
- :class:`Open` a new school at a point, with its grades and seats (and boarding beds);
- :class:`SetCapacity` of a school at a level;
- :class:`ConvertToBoarding`: a school boards pupils, with a number of beds;
- :class:`ChangeGrades`: a school teaches other grades, e.g. a small village primary kept as
  a teaching point for grades 1–3 while its older pupils go to a central school;
- :class:`AddResources`: a school gains (or, moving teachers away, loses) floor area, sports
  ground, equipment, multimedia rooms or teachers, as the standards plan proposes.

This is the only part of scenarios the project file knows (its ``scenarios`` table holds one
JSON list of edits per scenario); applying them is :mod:`gis.scenario`, comparing the result
with the baseline :mod:`gis.compare`.
"""

from __future__ import annotations

import json
import math
from dataclasses import MISSING, asdict, dataclass, fields
from typing import Any, ClassVar

from gis.errors import InputError, Problem
from gis.messages import text


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


@dataclass(frozen=True)
class AddResources:
    """Add to a school's resources (a negative amount takes away: teachers moved elsewhere).

    Teachers added or taken count in ``teachers`` and, by their kind, in ``teachers_qualified``,
    ``key_teachers`` or ``pe_arts_teachers``: pass both.
    """

    school_id: str
    floor_area_m2: float = 0.0
    sports_area_m2: float = 0.0
    equipment_value_yuan: float = 0.0
    multimedia_rooms: int = 0
    teachers: int = 0
    teachers_qualified: int = 0
    key_teachers: int = 0
    pe_arts_teachers: int = 0
    kind: ClassVar[str] = "resources"

    def amounts(self) -> dict[str, float]:
        """The school fields this edit changes, with their amounts (zeros left out)."""
        return {
            f.name: float(getattr(self, f.name))
            for f in fields(self)
            if f.name != "school_id" and getattr(self, f.name)
        }


#: The school fields an :class:`AddResources` edit can change.
RESOURCE_FIELDS = tuple(f.name for f in fields(AddResources) if f.name != "school_id")

Edit = Close | Merge | Open | SetCapacity | ConvertToBoarding | ChangeGrades | AddResources
EDIT_TYPES: dict[str, type] = {
    cls.kind: cls for cls in (Close, Merge, Open, SetCapacity, ConvertToBoarding, ChangeGrades, AddResources)
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
        raise InputError(Problem(text("an edit must be an object with a kind"), feature=where, value=repr(data)[:80]))
    kind = data.get("kind")
    cls = EDIT_TYPES.get(str(kind))
    if cls is None:
        raise InputError(
            Problem(
                text("unknown kind of edit"),
                feature=where,
                field="kind",
                value=str(kind),
                fix=text("use one of {edit_types}", edit_types=", ".join(EDIT_TYPES)),
            )
        )
    names = {f.name: f for f in fields(cls)}
    args = {k: v for k, v in data.items() if k != "kind"}
    problems = [
        Problem(
            text("unknown field for a '{kind}' edit", kind=kind),
            feature=where,
            field=k,
            fix=text("fields: {names}", names=", ".join(names)),
        )
        for k in args
        if k not in names
    ]
    required = [f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING]
    problems += [
        Problem(text("a '{kind}' edit needs this field", kind=kind), feature=where, field=name)
        for name in required
        if name not in args
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
        if cls is AddResources:
            for key in RESOURCE_FIELDS:
                if key in args:
                    whole = key in (
                        "multimedia_rooms",
                        "teachers",
                        "teachers_qualified",
                        "key_teachers",
                        "pe_arts_teachers",
                    )
                    args[key] = _whole(args[key]) if whole else _finite(args[key])
        if "school_id" in args:
            args["school_id"] = str(args["school_id"])
    except (TypeError, ValueError) as exc:
        raise InputError(
            Problem(text("a '{kind}' edit has a value of the wrong type ({exc})", kind=kind, exc=exc), feature=where)
        ) from exc
    return cls(**args)  # type: ignore[no-any-return]


def _finite(value: object) -> float:
    number = float(value)  # type: ignore[arg-type]
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number


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
            Problem(
                text("the edits are not valid JSON ({reason})", reason=exc.msg), feature=where or name, field="edits"
            )
        ) from exc
    if not isinstance(raw, list):
        raise InputError(Problem(text("the edits must be a JSON list"), feature=where or name, field="edits"))
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
