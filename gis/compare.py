"""A scenario beside the baseline: the county figures a scenario is judged by, and their
comparison (with the balance coefficients when the rules have them)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from gis.analysis import serves
from gis.balance import assess, county_balance_figures, scenario_pupils
from gis.indicators import coverage_indicators

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from gis.analysis import Analysis, LevelAnalysis


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

    Seats and classes (per level): ``children_without_seat``, the children the assignment
    could not place (the same number as ``children_overflow``, under the planner's word), and
    ``large_classes`` and ``very_large_classes``, the classes of ``standards.large_class`` (56)
    and ``standards.very_large_class`` (66) or more pupils. A school's pupils for these are the
    children the assignment gives it plus the children without a seat who live nearest to it
    (:func:`school_pupils`), spread evenly over its classes (:func:`school_classes`), counted
    with :func:`large_class_counts` and summed over the schools.
    """
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
        out[f"{level}.children_without_seat"] = float(result.overflow.sum())
        pupils = school_pupils(result, len(schools))
        classes = school_classes(schools, level, pupils, class_size=std.level(level).class_size)
        out[f"{level}.large_classes"] = float(large_class_counts(pupils, classes, std.large_class).sum())
        out[f"{level}.very_large_classes"] = float(large_class_counts(pupils, classes, std.very_large_class).sum())
    beds = schools["boarding_beds"].to_numpy(dtype=float)
    demand = sum((r.boarding_demand for r in analysis.levels.values()), np.zeros(len(schools)))
    out["schools.total"] = float(len(schools))
    out["schools.small"] = float((total_load < std.small_school).sum())
    out["boarding.beds"] = float(beds.sum())
    out["boarding.demand"] = float(demand.sum())
    out["boarding.beds_short"] = float(np.maximum(demand - beds, 0).sum())
    return out


def school_pupils(result: LevelAnalysis, n_schools: int) -> np.ndarray:
    """The pupils of a level each school would have if every child went to school.

    The children the capacity-aware assignment gives the school (``result.school_load``) plus
    the children it could not place who live nearest to it: each analysed cell's overflow is
    added to the cell's nearest school of the level's last group of grades (grades 4–6 for
    primary), as the forecast counts them (:meth:`gis.forecast.Forecast.seat_balance`).
    Children who can reach no school are in no school's count.

    Parameters
    ----------
    result
        One level of an analysis (:attr:`gis.analysis.Analysis.levels`).
    n_schools
        The number of the project's schools.

    Returns
    -------
    Pupils per school (floats, the project's school order).
    """
    nearest = result.groups[-1].school if result.groups else np.full(result.cells.size, -1)
    reach = nearest >= 0
    unplaced = np.bincount(nearest[reach], weights=result.overflow[reach], minlength=n_schools)
    return np.asarray(result.school_load, dtype=float) + unplaced


def school_classes(schools: gpd.GeoDataFrame, level: str, pupils: np.ndarray, *, class_size: int) -> np.ndarray:
    """The classes of a level each school teaches its pupils in.

    The recorded classes (``classes_{level}``), or the classes of the standard size its seats
    make (``capacity_{level} // class_size``) when that is more: added seats are classrooms of
    the standard size. A school with pupils but no classes has ``ceil(pupils / class_size)``.

    Parameters
    ----------
    schools
        The project's schools.
    level
        ``"primary"`` or ``"junior"``.
    pupils
        Pupils of the level per school (rounded down to whole pupils here).
    class_size
        The level's standard class size (``standards.level(level).class_size``).

    Returns
    -------
    Classes per school (int64).
    """
    recorded = np.nan_to_num(schools[f"classes_{level}"].to_numpy(dtype=float))
    seats = np.nan_to_num(schools[f"capacity_{level}"].to_numpy(dtype=float))
    classes = np.maximum(np.floor(recorded), seats // class_size)
    whole = np.floor(np.maximum(np.asarray(pupils, dtype=float), 0.0) + 1e-6)
    return np.where((classes == 0) & (whole > 0), np.ceil(whole / class_size), classes).astype(np.int64)


def large_class_counts(pupils: np.ndarray, classes: np.ndarray, line: int) -> np.ndarray:
    """How many of each school's classes have ``line`` or more pupils, the pupils spread evenly.

    With ``P`` whole pupils in ``c`` classes split as evenly as possible, ``r = P mod c``
    classes have ``q + 1`` pupils and the other ``c - r`` have ``q = P // c``. Since
    ``P - (line - 1) * c = (q - line + 1) * c + r`` with ``0 <= r < c``, the classes of
    ``line`` or more number::

        min(c, max(0, P - (line - 1) * c))

    all ``c`` when ``q >= line``, the ``r`` larger ones when ``q = line - 1``, none when
    ``q <= line - 2``; and none when ``c = 0``.

    Parameters
    ----------
    pupils
        Pupils per school; rounded down to whole pupils first (``floor(P + 1e-6)``, so that
        sums of fractions such as 55.9999999 count as 56).
    classes
        Classes per school (whole, not negative).
    line
        The smallest class counted: ``standards.large_class`` (56) or
        ``standards.very_large_class`` (66).

    Returns
    -------
    Classes of ``line`` or more pupils per school (int64).
    """
    whole = np.floor(np.maximum(np.asarray(pupils, dtype=float), 0.0) + 1e-6)
    c = np.asarray(classes, dtype=float)
    return np.minimum(c, np.maximum(0.0, whole - (line - 1) * c)).astype(np.int64)


def compare(baseline: Analysis, scenario: Analysis, *, name: str = "scenario") -> Comparison:
    """The county figures of :func:`county_figures` for the baseline and the scenario.

    With a ``[balance]`` section in the rules, the balance figures too
    (:func:`gis.balance.county_balance_figures`): the baseline's from the recorded
    enrolment, the scenario's with the pupils moved as the model moves the children
    (:func:`gis.balance.scenario_pupils`) and merged schools' resources added up.
    """
    base = county_figures(baseline)
    scen = county_figures(scenario)
    if baseline.standards.balance is not None:
        base.update(county_balance_figures(assess(baseline.project.schools, baseline.standards)))
        moved = scenario_pupils(baseline, scenario)
        scen.update(county_balance_figures(assess(scenario.project.schools, scenario.standards, pupils=moved)))
    names = list(base) + [k for k in scen if k not in base]
    return Comparison(name, tuple(Metric(k, base.get(k, math.nan), scen.get(k, math.nan)) for k in names))
