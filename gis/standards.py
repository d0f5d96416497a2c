"""The planning rules in force: thresholds, class sizes and travel speeds, with sources.

Defaults live in ``data/standards.toml``; a province or county passes its own file.
"""

from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from gis.errors import InputError, Problem
from gis.messages import text

DEFAULT_STANDARDS = Path(__file__).resolve().parent.parent / "data" / "standards.toml"


@dataclass(frozen=True)
class Mode:
    """A travel mode: speed per road class (km/h) and whether slope slows it."""

    name: str
    label: str
    speed_kmh: dict[str, float]
    slope: dict[str, bool]
    off_road_kmh: float


@dataclass(frozen=True)
class LevelRule:
    """Rules for one school level (primary or junior)."""

    level: str
    mode: str
    threshold_min: float
    class_size: int
    size_cap: int


@dataclass(frozen=True)
class PlanningRules:
    """Rules of the planning engine's suggestions (county defaults, see ``[planning]``)."""

    min_teaching_point_children: float
    min_new_school_pupils: float
    candidate_cells: int
    max_new_sites: int
    boarding_mode: str = "motor"


@dataclass(frozen=True)
class BalanceRules:
    """Rules of the county balance assessment (``[balance]``): thresholds and per-school standards.

    ``basic``/``quality`` map a level to its coefficient threshold; ``school_standards`` maps
    each quality indicator to its per-school standard by level.
    """

    basic: dict[str, float]
    quality: dict[str, float]
    standards_met: int
    rest_share: float
    exclude_teaching_points_under: float
    school_standards: dict[str, dict[str, float]]


@dataclass(frozen=True)
class ForecastRules:
    """Assumptions of the enrolment forecast (``[forecast]``): school entry, migration, births.

    ``migration`` maps a settlement class (``county_seat``, ``town``, ``village``) to the yearly
    net migration of school-age children as a share of the cohort (+0.03: 3 % more children a
    year move in than out); ``births_change`` maps a variant (``low``, ``medium``, ``high``) to
    the yearly change of births beyond the last known year (−0.035: 3.5 % fewer each year).
    The defaults are county-to-set assumptions; see the sources in ``data/standards.toml``.
    """

    entry_age: int = 6
    migration: dict[str, float] = field(default_factory=lambda: {"county_seat": 0.03, "town": 0.0, "village": -0.04})
    births_change: dict[str, float] = field(default_factory=lambda: {"low": -0.056, "medium": -0.035, "high": 0.0})
    #: People per km² of a place's built-up area: a place of population P covers a disc of
    #: P / density km², within which every cell belongs to it (see gis.cohorts).
    built_up_density_per_km2: float = 10_000.0


@dataclass(frozen=True)
class CostRules:
    """Unit costs of a layout plan (``[costs]``); money in 万元 (10,000 yuan).

    Every value is a county input (county to set): the defaults are plausible figures whose
    sources and arithmetic are in ``data/standards.toml``.

    Attributes
    ----------
    building_m2
        万元 per m² of school building, construction including fit-out.
    classroom_m2
        m² of building per classroom added: a class of 45 at about 6 m² of teaching and
        auxiliary space per pupil.
    bed_m2
        m² of dormitory and canteen per boarding bed.
    new_site
        万元, the fixed cost of a new school site: land, grounds, gate, utilities.
    boarding_conversion
        万元, the fixed cost of making a day school a boarding school: kitchen, canteen,
        dormitory services.
    school_per_year
        万元 a year per school open, besides its classes (a small school is funded as if it had
        100 pupils: 100 × 650 yuan of public funds = 6.5 万, plus upkeep).
    teacher_per_year
        万元 a year per teacher, salary and social insurance.
    teachers_per_class
        Teachers per class.
    bus_pupil_per_year
        万元 a year per pupil carried by school transport.
    boarding_subsidy_primary, boarding_subsidy_junior
        万元 a year per boarder: the national living subsidy since 2019 (1,000 and 1,250 yuan).
    boarding_subsidy_share
        The share of boarders who receive it, from 0 to 1. The national subsidy is for boarders
        from poor families; the default 1 counts every boarder, an upper estimate.
    freed_building_m2
        万元 per m² of floor area of a closed school's buildings that are reused (for example
        as a kindergarten: 闲置校舍改建幼儿园).
    sports_ground_m2
        万元 per m² of sports ground laid (the standards plan).
    multimedia_room
        万元 per networked multimedia classroom fitted (the standards plan).
    hired_teacher_years
        Years of a hired teacher's cost that the standards plan counts (one planning period).
    transfer
        万元 per teacher moved to another school (posting allowance, housing): the disruption
        of an exchange (交流轮岗), in the standards plan.
    training
        万元 per teacher of a school trained into a kind it lacks (转岗培训 for PE and arts,
        学历提升, 骨干教师培养), in the standards plan.
    """

    building_m2: float = 0.30
    classroom_m2: float = 270.0
    bed_m2: float = 8.0
    new_site: float = 500.0
    boarding_conversion: float = 100.0
    school_per_year: float = 10.0
    teacher_per_year: float = 10.0
    teachers_per_class: float = 2.0
    bus_pupil_per_year: float = 0.15
    boarding_subsidy_primary: float = 0.10
    boarding_subsidy_junior: float = 0.125
    boarding_subsidy_share: float = 1.0
    freed_building_m2: float = 0.05
    sports_ground_m2: float = 0.03
    multimedia_room: float = 3.0
    hired_teacher_years: float = 5.0
    transfer: float = 2.0
    training: float = 1.0

    @property
    def classroom(self) -> float:
        """万元 per classroom added: its building at the building cost."""
        return self.building_m2 * self.classroom_m2

    @property
    def bed(self) -> float:
        """万元 per boarding bed added: its dormitory and canteen at the building cost."""
        return self.building_m2 * self.bed_m2

    def boarding_subsidy(self, level: str) -> float:
        """万元 a year per boarder of a level (``primary`` or ``junior``): the subsidy times its share.

        Raises
        ------
        KeyError
            When ``level`` is neither ``primary`` nor ``junior``.
        """
        per_boarder = {"primary": self.boarding_subsidy_primary, "junior": self.boarding_subsidy_junior}
        return per_boarder[level] * self.boarding_subsidy_share


@dataclass(frozen=True)
class TeacherRules:
    """Staffing posts and the teacher exchange (``[teachers]``), for the standards plan.

    Attributes
    ----------
    pupils_per_post
        Pupils per staff post by level (2014 unified urban–rural norm: primary 19, junior 13.5).
    small_school_posts_per_class
        Posts per class of a small school or teaching point (fewer pupils than
        ``classes.small_school``), when more than its pupils give.
    exchange_share
        The most of a school's teachers that move in a year (交流轮岗), as a share.
    key_share
        The least share of key teachers (骨干教师) among the teachers moved.
    commute_max_min
        The longest trip from a teacher's school to the new one, in minutes by ``commute_mode``.
    commute_mode
        The travel mode of that trip (a ``[modes.*]`` table).
    train_share
        The most of a school's teachers trained into another kind in a year (at least one).
    """

    pupils_per_post: dict[str, float] = field(default_factory=lambda: {"primary": 19.0, "junior": 13.5})
    small_school_posts_per_class: float = 1.7
    exchange_share: float = 0.10
    key_share: float = 0.20
    commute_max_min: float = 60.0
    commute_mode: str = "motor"
    train_share: float = 0.10


#: The settlement classes of the forecast's migration, and the place kinds that belong to each.
SETTLEMENT_CLASSES: dict[str, str] = {"county_seat": "county_seat", "township_seat": "town", "village": "village"}
#: The variants of births beyond the last known year, lowest first.
BIRTH_VARIANTS = ("low", "medium", "high")


@dataclass(frozen=True)
class Standards:
    """Every rule the analysis uses, plus the source of each default."""

    grade1_3_max_min: float
    grade1_3_share_of_primary: float
    levels: dict[str, LevelRule]
    large_class: int
    very_large_class: int
    small_school: int
    nine_year_size_cap: int
    child_level_kmh: float
    slope_model: str
    modes: dict[str, Mode]
    max_travel_min: float
    nearest_schools: int
    sources: dict[str, str]
    path: str
    planning: PlanningRules = PlanningRules(10, 100, 300, 10)
    balance: BalanceRules | None = None
    population_fractions: dict[str, dict[int, float]] = field(
        default_factory=lambda: {"primary": {5: 0.8, 10: 0.4}, "junior": {10: 0.6}}
    )
    #: How far outside the township boundaries a school may lie and still be taken as in the
    #: county (with a warning), in metres (``[import] outside_tolerance_m``).
    outside_tolerance_m: float = 200.0
    #: The enrolment forecast's assumptions (``[forecast]``; built-in defaults when a rules file
    #: has no such table).
    forecast: ForecastRules = field(default_factory=ForecastRules)
    #: Unit costs of a layout plan, in 万元 (``[costs]``; built-in defaults when a rules file has
    #: no such table).
    costs: CostRules = field(default_factory=CostRules)
    #: Staffing posts and the teacher exchange (``[teachers]``; built-in defaults when a rules
    #: file has no such table).
    teachers: TeacherRules = field(default_factory=TeacherRules)

    def level(self, level: str) -> LevelRule:
        """The rule of a level, ``primary`` or ``junior``."""
        return self.levels[level]


# The seven per-school standards of the quality-balance assessment (教督〔2017〕6号), by the
# names of their [balance.standards.NAME] tables; gis.balance computes each.
QUALITY_STANDARDS = (
    "teachers_qualified_per_100",
    "key_teachers_per_100",
    "pe_arts_teachers_per_100",
    "floor_area_per_pupil",
    "sports_area_per_pupil",
    "equipment_per_pupil",
    "multimedia_rooms_per_100",
)


def load_standards(path: str | os.PathLike[str] | None = None) -> Standards:
    """Read a standards file (the bundled defaults when ``path`` is None).

    Raises
    ------
    InputError
        When the file cannot be read, or a value is missing, of the wrong kind or out of
        range (minutes, speeds and thresholds above 0 and finite; shares in (0, 1]; class
        sizes and counts whole numbers of 1 or more; very large classes no smaller than
        large ones; costs 0 or more, the building cost and a classroom's m² above 0, the
        share of boarders with the subsidy from 0 to 1), or a ``[costs]`` key is unknown;
        all problems are listed together.
    """
    src = Path(path) if path is not None else DEFAULT_STANDARDS
    try:
        raw = tomllib.loads(src.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(Problem(text("standards file not found"), file=str(src))) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(Problem(text("not a valid TOML file ({exc})", exc=exc), file=str(src))) from exc
    reader = _Reader(raw, str(src))
    levels = {
        name: LevelRule(
            level=name,
            mode=reader.text(f"levels.{name}.mode"),
            threshold_min=reader.number(f"levels.{name}.threshold_min", _POSITIVE),
            class_size=reader.count(f"levels.{name}.class_size"),
            size_cap=reader.count(f"levels.{name}.size_cap"),
        )
        for name in ("primary", "junior")
    }
    modes: dict[str, Mode] = {}
    for name, spec in reader.table("modes").items():
        if not isinstance(spec, dict):
            reader.problems.append(
                Problem(
                    text("must be a table with speed_kmh, slope and off_road_kmh"), file=str(src), field=f"modes.{name}"
                )
            )
            continue
        speeds = reader.table(f"modes.{name}.speed_kmh")
        slopes = reader.table(f"modes.{name}.slope")
        modes[name] = Mode(
            name=name,
            label=str(spec.get("label", name)),
            speed_kmh={k: reader.number(f"modes.{name}.speed_kmh.{k}", _POSITIVE) for k in speeds},
            slope={k: reader.flag(f"modes.{name}.slope.{k}") if k in slopes else False for k in speeds},
            off_road_kmh=reader.number(f"modes.{name}.off_road_kmh", _POSITIVE),
        )
    school_standards = reader.table("balance.standards")
    standards = Standards(
        grade1_3_max_min=reader.number("travel.grade1_3_max_min", _POSITIVE),
        grade1_3_share_of_primary=reader.number("travel.grade1_3_share_of_primary", _SHARE),
        levels=levels,
        large_class=reader.count("classes.large"),
        very_large_class=reader.count("classes.very_large"),
        small_school=reader.count("classes.small_school"),
        nine_year_size_cap=reader.count("classes.nine_year_size_cap"),
        child_level_kmh=reader.number("walking.child_level_kmh", _POSITIVE),
        slope_model=reader.text("walking.slope"),
        modes=modes,
        max_travel_min=reader.number("assignment.max_travel_min", _POSITIVE),
        nearest_schools=reader.count("assignment.nearest_schools"),
        sources=_sources(raw),
        path=str(src),
        planning=PlanningRules(
            min_teaching_point_children=reader.number("planning.min_teaching_point_children", _POSITIVE),
            min_new_school_pupils=reader.number("planning.min_new_school_pupils", _POSITIVE),
            candidate_cells=reader.count("planning.candidate_cells"),
            max_new_sites=reader.count("planning.max_new_sites"),
            boarding_mode=reader.text("planning.boarding_mode"),
        ),
        balance=BalanceRules(
            basic={lv: reader.number(f"balance.basic_{lv}", _POSITIVE) for lv in ("primary", "junior")},
            quality={lv: reader.number(f"balance.quality_{lv}", _POSITIVE) for lv in ("primary", "junior")},
            # At most as many as there are standards: more could never be met.
            standards_met=reader.count(
                "balance.standards_met", _Range(1, high=len(school_standards) or math.inf, integer=True)
            ),
            rest_share=reader.number("balance.rest_share", _SHARE),
            exclude_teaching_points_under=reader.number("balance.exclude_teaching_points_under", _NOT_NEGATIVE),
            school_standards={
                name: {lv: reader.number(f"balance.standards.{name}.{lv}", _POSITIVE) for lv in ("primary", "junior")}
                for name in school_standards
            },
        ),
        population_fractions={
            cohort: {
                int(age): reader.number(f"population.{cohort}.{age}", _SHARE)
                for age in reader.table(f"population.{cohort}")
                if age.isascii() and age.isdigit()  # a band's first age; "source" and the like are not bands
            }
            for cohort in ("primary", "junior")
        },
        outside_tolerance_m=reader.number("import.outside_tolerance_m", _NOT_NEGATIVE) if "import" in raw else 200.0,
        forecast=_forecast_rules(reader) if "forecast" in raw else ForecastRules(),
        costs=_cost_rules(reader) if "costs" in raw else CostRules(),
        teachers=_teacher_rules(reader) if "teachers" in raw else TeacherRules(),
    )
    reader.not_below("classes.very_large", "classes.large")
    reader.not_below("forecast.births_change_medium", "forecast.births_change_low")
    reader.not_below("forecast.births_change_high", "forecast.births_change_medium")
    for name in sorted(set(QUALITY_STANDARDS) - set(school_standards)):
        reader.problems.append(
            Problem(
                text("standard is missing; add its [balance.standards.NAME] table"),
                file=str(src),
                field=f"balance.standards.{name}",
            )
        )
    for name in sorted(set(school_standards) - set(QUALITY_STANDARDS)):
        reader.problems.append(
            Problem(
                text(
                    "unknown standard; use one of {quality_standards}", quality_standards=", ".join(QUALITY_STANDARDS)
                ),
                file=str(src),
                field=f"balance.standards.{name}",
            )
        )
    commute_mode = standards.teachers.commute_mode
    if "teachers" in raw and commute_mode not in modes:
        reader.problems.append(
            Problem(
                text(
                    "unknown travel mode; define [modes.{mode}] or use one of {modes}",
                    mode=commute_mode,
                    modes=", ".join(modes),
                ),
                file=str(src),
                field="teachers.commute_mode",
                value=commute_mode,
            )
        )
    board_mode = standards.planning.boarding_mode
    if board_mode not in modes:
        reader.problems.append(
            Problem(
                text(
                    "unknown travel mode; define [modes.{board_mode}] or use one of {modes}",
                    board_mode=board_mode,
                    modes=", ".join(modes),
                ),
                file=str(src),
                field="planning.boarding_mode",
                value=board_mode,
            )
        )
    for rule in levels.values():
        if rule.mode not in modes:
            reader.problems.append(
                Problem(
                    text(
                        "unknown travel mode; define [modes.{mode}] or use one of {modes}",
                        mode=rule.mode,
                        modes=", ".join(modes),
                    ),
                    file=str(src),
                    field=f"levels.{rule.level}.mode",
                    value=rule.mode,
                )
            )
    if standards.slope_model not in ("tobler", "none"):
        reader.problems.append(
            Problem(
                text("slope model must be 'tobler' or 'none'"),
                file=str(src),
                field="walking.slope",
                value=standards.slope_model,
            )
        )
    if reader.problems:
        raise InputError(reader.problems)
    return standards


def _forecast_rules(reader: _Reader) -> ForecastRules:
    """The ``[forecast]`` table: entry age, yearly migration per settlement class, births variants."""
    return ForecastRules(
        entry_age=reader.count("forecast.entry_age", _ENTRY_AGE),
        migration={
            kind: reader.number(f"forecast.migration_{kind}", _YEARLY_CHANGE)
            for kind in dict.fromkeys(SETTLEMENT_CLASSES.values())
        },
        births_change={
            variant: reader.number(f"forecast.births_change_{variant}", _YEARLY_CHANGE) for variant in BIRTH_VARIANTS
        },
        built_up_density_per_km2=reader.number("forecast.built_up_density_per_km2", _POSITIVE),
    )


def _cost_rules(reader: _Reader) -> CostRules:
    """The ``[costs]`` table: every unit cost, each in its range; an unknown key is a problem too."""
    table = reader.table("costs")
    if not isinstance(reader.raw["costs"], dict):  # reported by reader.table; no key to read
        return CostRules()
    names = [cost.name for cost in fields(CostRules)]
    values = {
        name: reader.number(f"costs.{name}", _COST_RANGES.get(name, _NOT_NEGATIVE))
        for name in names
        if name in table or name not in _OPTIONAL_COSTS
    }
    for key in table:
        # A misspelt cost would otherwise be ignored and its default used without a word.
        if key not in values and key != "source" and not key.endswith("_source"):
            reader.problems.append(
                Problem(
                    text("unknown cost"),
                    file=reader.file,
                    field=f"costs.{key}",
                    fix=text("use one of {names} (or NAME_source for a source)", names=", ".join(names)),
                )
            )
    return CostRules(**values)


def _teacher_rules(reader: _Reader) -> TeacherRules:
    """The ``[teachers]`` table: staffing norms and the exchange rules."""
    return TeacherRules(
        pupils_per_post={
            lv: reader.number(f"teachers.pupils_per_post_{lv}", _POSITIVE) for lv in ("primary", "junior")
        },
        small_school_posts_per_class=reader.number("teachers.small_school_posts_per_class", _NOT_NEGATIVE),
        exchange_share=reader.number("teachers.exchange_share", _SHARE_OR_NONE),
        key_share=reader.number("teachers.key_share", _SHARE_OR_NONE),
        commute_max_min=reader.number("teachers.commute_max_min", _POSITIVE),
        commute_mode=reader.text("teachers.commute_mode"),
        train_share=reader.number("teachers.train_share", _SHARE_OR_NONE)
        if "train_share" in reader.table("teachers")
        else 0.10,
    )


def _sources(raw: dict[str, Any], prefix: str = "") -> dict[str, str]:
    found: dict[str, str] = {}
    for key, value in raw.items():
        if isinstance(value, dict):
            found.update(_sources(value, f"{prefix}{key}."))
        elif key.endswith("_source"):
            found[f"{prefix}{key[: -len('_source')]}"] = str(value)
        elif key == "source" and prefix:
            found[prefix[:-1]] = str(value)
    return found


@dataclass(frozen=True)
class _Range:
    """The values a rule may take: from ``low`` (excluded when ``open_low``) to ``high``, finite."""

    low: float
    high: float = math.inf
    open_low: bool = False
    integer: bool = False
    noun: str = "a number"

    def __contains__(self, value: float) -> bool:
        above = value > self.low if self.open_low else value >= self.low
        return above and value <= self.high and math.isfinite(value) and (value.is_integer() or not self.integer)

    def __str__(self) -> str:
        kind = "a whole number" if self.integer else self.noun
        low, high = _shown(self.low), _shown(self.high)
        if math.isinf(self.high):
            return f"{kind} greater than {low}" if self.open_low else f"{kind}, {low} or more"
        if self.open_low:
            return f"{kind} greater than {low} and at most {high}"
        return f"{kind} from {low} to {high}"


_POSITIVE = _Range(0, open_low=True)
"""Minutes, speeds, coefficient thresholds and per-pupil standards."""
_NOT_NEGATIVE = _Range(0)
_SHARE = _Range(0, high=1, open_low=True, noun="a share")
"""A share of a group, as a fraction (0.85 for 85%)."""
_SHARE_OR_NONE = _Range(0, high=1, noun="a share")
"""A share that may be 0 (none of the group) or 1 (all of it)."""
_COUNT = _Range(1, integer=True)
"""Class sizes, school sizes and numbers of schools, sites or cells."""
_ENTRY_AGE = _Range(3, high=10, integer=True)
"""The age of school entry, in whole years."""
_YEARLY_CHANGE = _Range(-1, high=1, open_low=True, noun="a yearly change")
"""A yearly change as a fraction of the year before (−0.04 for 4 % fewer, +0.03 for 3 % more)."""
_COST_RANGES = {
    "building_m2": _POSITIVE,
    "classroom_m2": _POSITIVE,
    "boarding_subsidy_share": _SHARE_OR_NONE,
    "hired_teacher_years": _POSITIVE,
}
"""The ranges of the ``[costs]`` that are not simply 0 or more."""
_OPTIONAL_COSTS = ("sports_ground_m2", "multimedia_room", "hired_teacher_years", "transfer", "training")
"""The costs of the standards plan, added after rules files with a ``[costs]`` table were written:
a file without them takes the defaults."""


def _shown(value: Any) -> str:
    """A value for a message: booleans as TOML writes them, whole floats without ``.0``."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Reader:
    """Looks up dotted keys and collects every problem instead of stopping at the first."""

    def __init__(self, raw: dict[str, Any], file: str) -> None:
        self.raw = raw
        self.file = file
        self.problems: list[Problem] = []
        self.numbers: dict[str, float] = {}  # the numbers read that are in range, by key

    def _get(self, key: str) -> Any:
        node: Any = self.raw
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                self.problems.append(Problem(text("setting is missing"), file=self.file, field=key))
                return None
            node = node[part]
        return node

    def number(self, key: str, allowed: _Range) -> float:
        """The number at ``key``; out of ``allowed`` (or not a number) it is a problem and 1 stands in."""
        value = self._get(key)
        if value is None:
            return 1.0
        if isinstance(value, bool) or not isinstance(value, int | float):
            message = f"must be {allowed}"
        else:
            try:
                number = float(value)
            except OverflowError:  # an integer too long for a float
                number = math.inf
            if number in allowed:
                self.numbers[key] = number
                return number
            message = f"must be {allowed}" if math.isfinite(number) else f"must be {allowed}, not nan or infinite"
        self.problems.append(Problem(message, file=self.file, field=key, value=_shown(value)))
        return 1.0

    def count(self, key: str, allowed: _Range = _COUNT) -> int:
        """The whole number at ``key`` (``allowed`` must be a range of whole numbers)."""
        return int(self.number(key, allowed))

    def not_below(self, key: str, other: str) -> None:
        """A problem when the number at ``key`` is below the one at ``other`` (both in range)."""
        if key in self.numbers and other in self.numbers and self.numbers[key] < self.numbers[other]:
            self.problems.append(
                Problem(
                    text(
                        "must be at least {shown}, the value of {other}", shown=_shown(self.numbers[other]), other=other
                    ),
                    file=self.file,
                    field=key,
                    value=_shown(self.numbers[key]),
                )
            )

    def flag(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            if value is not None:
                self.problems.append(
                    Problem(text("must be true or false"), file=self.file, field=key, value=str(value))
                )
            return False
        return value

    def text(self, key: str) -> str:
        value = self._get(key)
        return "" if value is None else str(value)

    def table(self, key: str) -> dict[str, Any]:
        value = self._get(key)
        if not isinstance(value, dict):
            if value is not None:
                self.problems.append(Problem(text("must be a table"), file=self.file, field=key))
            return {}
        return value
