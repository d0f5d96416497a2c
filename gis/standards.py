"""The planning rules in force: thresholds, class sizes and travel speeds, with sources.

Defaults live in ``data/standards.toml``; a province or county passes its own file.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gis.errors import InputError, Problem

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

    def level(self, level: str) -> LevelRule:
        """The rule of a level, ``primary`` or ``junior``."""
        return self.levels[level]


def load_standards(path: str | os.PathLike[str] | None = None) -> Standards:
    """Read a standards file (the bundled defaults when ``path`` is None).

    Raises
    ------
    InputError
        When the file cannot be read or a value is missing or of the wrong kind; all
        problems are listed together.
    """
    src = Path(path) if path is not None else DEFAULT_STANDARDS
    try:
        raw = tomllib.loads(src.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(Problem("standards file not found", file=str(src))) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(Problem(f"not a valid TOML file ({exc})", file=str(src))) from exc
    reader = _Reader(raw, str(src))
    levels = {
        name: LevelRule(
            level=name,
            mode=reader.text(f"levels.{name}.mode"),
            threshold_min=reader.number(f"levels.{name}.threshold_min"),
            class_size=int(reader.number(f"levels.{name}.class_size")),
            size_cap=int(reader.number(f"levels.{name}.size_cap")),
        )
        for name in ("primary", "junior")
    }
    modes: dict[str, Mode] = {}
    for name in raw.get("modes", {}):
        speeds = reader.table(f"modes.{name}.speed_kmh")
        slopes = reader.table(f"modes.{name}.slope")
        modes[name] = Mode(
            name=name,
            label=str(raw["modes"][name].get("label", name)),
            speed_kmh={k: reader.number(f"modes.{name}.speed_kmh.{k}", positive=True) for k in speeds},
            slope={k: bool(slopes.get(k, False)) for k in speeds},
            off_road_kmh=reader.number(f"modes.{name}.off_road_kmh", positive=True),
        )
    standards = Standards(
        grade1_3_max_min=reader.number("travel.grade1_3_max_min", positive=True),
        grade1_3_share_of_primary=reader.number("travel.grade1_3_share_of_primary"),
        levels=levels,
        large_class=int(reader.number("classes.large")),
        very_large_class=int(reader.number("classes.very_large")),
        small_school=int(reader.number("classes.small_school")),
        nine_year_size_cap=int(reader.number("classes.nine_year_size_cap")),
        child_level_kmh=reader.number("walking.child_level_kmh", positive=True),
        slope_model=reader.text("walking.slope"),
        modes=modes,
        max_travel_min=reader.number("assignment.max_travel_min", positive=True),
        nearest_schools=int(reader.number("assignment.nearest_schools", positive=True)),
        sources=_sources(raw),
        path=str(src),
        planning=PlanningRules(
            min_teaching_point_children=reader.number("planning.min_teaching_point_children", positive=True),
            min_new_school_pupils=reader.number("planning.min_new_school_pupils", positive=True),
            candidate_cells=int(reader.number("planning.candidate_cells", positive=True)),
            max_new_sites=int(reader.number("planning.max_new_sites", positive=True)),
            boarding_mode=reader.text("planning.boarding_mode"),
        ),
        balance=BalanceRules(
            basic={lv: reader.number(f"balance.basic_{lv}", positive=True) for lv in ("primary", "junior")},
            quality={lv: reader.number(f"balance.quality_{lv}", positive=True) for lv in ("primary", "junior")},
            standards_met=int(reader.number("balance.standards_met", positive=True)),
            rest_share=reader.number("balance.rest_share", positive=True),
            exclude_teaching_points_under=reader.number("balance.exclude_teaching_points_under"),
            school_standards={
                name: {
                    lv: reader.number(f"balance.standards.{name}.{lv}", positive=True) for lv in ("primary", "junior")
                }
                for name in reader.table("balance.standards")
            },
        ),
        population_fractions={
            cohort: {
                int(age): reader.number(f"population.{cohort}.{age}")
                for age in reader.table(f"population.{cohort}")
                if str(age).isdigit()
            }
            for cohort in ("primary", "junior")
        },
        outside_tolerance_m=reader.number("import.outside_tolerance_m", positive=True) if "import" in raw else 200.0,
    )
    board_mode = standards.planning.boarding_mode
    if board_mode not in modes:
        reader.problems.append(
            Problem(
                f"unknown travel mode; define [modes.{board_mode}] or use one of {', '.join(modes)}",
                file=str(src),
                field="planning.boarding_mode",
                value=board_mode,
            )
        )
    for rule in levels.values():
        if rule.mode not in modes:
            reader.problems.append(
                Problem(
                    f"unknown travel mode; define [modes.{rule.mode}] or use one of {', '.join(modes)}",
                    file=str(src),
                    field=f"levels.{rule.level}.mode",
                    value=rule.mode,
                )
            )
    if standards.slope_model not in ("tobler", "none"):
        reader.problems.append(
            Problem(
                "slope model must be 'tobler' or 'none'",
                file=str(src),
                field="walking.slope",
                value=standards.slope_model,
            )
        )
    if reader.problems:
        raise InputError(reader.problems)
    return standards


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


class _Reader:
    """Looks up dotted keys and collects every problem instead of stopping at the first."""

    def __init__(self, raw: dict[str, Any], file: str) -> None:
        self.raw = raw
        self.file = file
        self.problems: list[Problem] = []

    def _get(self, key: str) -> Any:
        node: Any = self.raw
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                self.problems.append(Problem("setting is missing", file=self.file, field=key))
                return None
            node = node[part]
        return node

    def number(self, key: str, *, positive: bool = False) -> float:
        value = self._get(key)
        if value is None:
            return 1.0
        if isinstance(value, bool) or not isinstance(value, int | float) or (positive and value <= 0):
            self.problems.append(
                Problem(
                    "must be a positive number" if positive else "must be a number",
                    file=self.file,
                    field=key,
                    value=str(value),
                )
            )
            return 1.0
        return float(value)

    def text(self, key: str) -> str:
        value = self._get(key)
        return "" if value is None else str(value)

    def table(self, key: str) -> dict[str, Any]:
        value = self._get(key)
        if not isinstance(value, dict):
            if value is not None:
                self.problems.append(Problem("must be a table", file=self.file, field=key))
            return {}
        return value
