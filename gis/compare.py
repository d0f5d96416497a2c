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
    import pandas as pd

    from gis.analysis import Analysis


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
    base = county_figures(baseline)
    scen = county_figures(scenario)
    if baseline.standards.balance is not None:
        base.update(county_balance_figures(assess(baseline.project.schools, baseline.standards)))
        moved = scenario_pupils(baseline, scenario)
        scen.update(county_balance_figures(assess(scenario.project.schools, scenario.standards, pupils=moved)))
    names = list(base) + [k for k in scen if k not in base]
    return Comparison(name, tuple(Metric(k, base.get(k, math.nan), scen.get(k, math.nan)) for k in names))
