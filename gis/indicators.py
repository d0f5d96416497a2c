"""Coverage and school indicators of an analysis: the figures a planner reads first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from gis.schema import LEVEL_GRADES

if TYPE_CHECKING:
    import pandas as pd

    from gis.analysis import Analysis, LevelAnalysis


@dataclass(frozen=True)
class Indicator:
    """One figure: where it applies (``county`` or ``township:<code>``), level, metric, value."""

    scope: str
    level: str
    metric: str
    value: float


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The smallest value below which at least ``q`` of the weight lies (NaN if no weight)."""
    return weighted_quantiles(values, weights, (q,))[0]


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, qs: tuple[float, ...]) -> list[float]:
    """:func:`weighted_quantile` at each of ``qs``, sorting the values once."""
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    keep = (weights > 0) & np.isfinite(values)
    if not keep.any():
        return [float("nan")] * len(qs)
    v = values[keep]
    order = np.argsort(v, kind="stable")
    v = v[order]
    cum = np.cumsum(weights[keep][order])
    found = np.searchsorted(cum, np.asarray(qs, dtype=float) * cum[-1] - 1e-9 * cum[-1], side="left")
    return [float(v[min(int(idx), v.size - 1)]) for idx in found]


def _travel_stats(minutes: np.ndarray, children: np.ndarray, within: np.ndarray) -> dict[str, float]:
    total = float(children.sum())
    reach = np.isfinite(minutes)
    reached = float(children[reach].sum())
    median, p95 = weighted_quantiles(minutes, children, (0.5, 0.95))
    stats = {
        "children": total,
        "children_unreachable": total - reached,
        "share_within_threshold": float(children[within & reach].sum() / total) if total > 0 else float("nan"),
        "children_beyond_threshold": float(children[~(within & reach)].sum()),
        "mean_travel_min": float(np.dot(minutes[reach], children[reach]) / reached) if reached > 0 else float("nan"),
        "median_travel_min": median,
        "p95_travel_min": p95,
    }
    return stats


def _level_arrays(result: LevelAnalysis) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Cells, minutes, children and within-rule flags, stacked over the level's groups."""
    cells = np.concatenate([result.cells for _ in result.groups])
    minutes = np.concatenate([g.minutes for g in result.groups])
    children = np.concatenate([g.children for g in result.groups])
    within = np.concatenate([g.within for g in result.groups])
    return cells, minutes, children, within


def coverage_indicators(analysis: Analysis) -> list[Indicator]:
    """County and township figures for each level and for grades 1–3.

    Levels: ``grades_1_3`` (walking to the nearest school teaching grades 1–3, against the
    30-minute rule), ``primary`` (grades 1–3 and 4–6 each against their own rule) and
    ``junior``. Metrics: children, children_unreachable, share_within_threshold,
    children_beyond_threshold, mean/median/p95_travel_min, and from the capacity-aware
    assignment children_overflow and assigned_mean_travel_min.
    """
    pop = analysis.project.population
    codes, township = np.unique(pop["township"].astype(str).to_numpy(), return_inverse=True)
    out: list[Indicator] = []
    for level, result in analysis.levels.items():
        views = {level: _level_arrays(result)}
        if level == "primary":
            g = result.groups[0]
            views["grades_1_3"] = (result.cells, g.minutes, g.children, g.within)
        for name, (cells, minutes, children, within) in views.items():
            for scope, sel in _scopes(township[cells], codes):
                for metric, value in _travel_stats(minutes[sel], children[sel], within[sel]).items():
                    out.append(Indicator(scope, name, metric, value))
        for scope, sel in _scopes(township[result.cells], codes):
            placed = result.children[sel] - result.overflow[sel]
            minutes = result.assigned_minutes[sel]
            finite = np.isfinite(minutes) & (placed > 0)
            mean = float("nan")
            if finite.any():
                mean = float(np.dot(minutes[finite], placed[finite]) / placed[finite].sum())
            out.append(Indicator(scope, level, "children_overflow", float(result.overflow[sel].sum())))
            out.append(Indicator(scope, level, "assigned_mean_travel_min", mean))
    return out


def _scopes(township: np.ndarray, codes: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """The county and each township as (scope, indices into the given per-entry array)."""
    order = np.argsort(township, kind="stable")
    bounds = np.searchsorted(township[order], np.arange(codes.size + 1))
    scopes = [("county", np.arange(township.size))]
    scopes += [(f"township:{code}", order[bounds[k] : bounds[k + 1]]) for k, code in enumerate(codes.tolist())]
    return scopes


def indicator_table(indicators: list[Indicator]) -> pd.DataFrame:
    """The indicators as a table with columns scope, level, metric, value."""
    import pandas as pd

    return pd.DataFrame(
        {
            "scope": [i.scope for i in indicators],
            "level": [i.level for i in indicators],
            "metric": [i.metric for i in indicators],
            "value": [i.value for i in indicators],
        }
    )


def school_table(analysis: Analysis) -> pd.DataFrame:
    """One row per school: enrolment, capacity, utilisation, catchment children, class sizes, flags."""
    import pandas as pd

    schools = analysis.project.schools
    std = analysis.standards
    table = pd.DataFrame(
        {
            "school_id": schools["school_id"].astype(str).to_numpy(),
            "name": schools["name"].astype(str).to_numpy(),
            "type": schools["type"].astype(str).to_numpy(),
            "township": schools["township"].astype(str).to_numpy(),
            "boarding": schools["boarding"].astype(bool).to_numpy(),
        }
    )
    enrol_total = np.zeros(len(schools))
    large = np.zeros(len(schools), dtype=bool)
    very_large = np.zeros(len(schools), dtype=bool)
    over_standard = np.zeros(len(schools), dtype=bool)
    for level, grade_range in LEVEL_GRADES.items():
        enrol = sum(schools[f"enrol_g{g}"].to_numpy(dtype=float) for g in grade_range)
        enrol_total += enrol
        capacity = schools[f"capacity_{level}"].to_numpy(dtype=float)
        classes = schools[f"classes_{level}"].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            utilisation = np.where(capacity > 0, enrol / capacity, np.nan)
            class_size = np.where(classes > 0, enrol / classes, np.nan)
        result = analysis.levels.get(level)
        catchment = np.zeros(len(schools))
        mean_trip = np.full(len(schools), np.nan)
        load = np.zeros(len(schools))
        if result is not None:
            ok = result.school >= 0
            catchment = np.bincount(result.school[ok], weights=result.children[ok], minlength=len(schools)).astype(
                float
            )
            trips = np.bincount(
                result.school[ok], weights=result.children[ok] * result.minutes[ok], minlength=len(schools)
            )
            with np.errstate(invalid="ignore", divide="ignore"):
                mean_trip = np.where(catchment > 0, trips / catchment, np.nan)
            load = result.school_load
        table[f"enrol_{level}"] = enrol
        table[f"capacity_{level}"] = capacity
        table[f"utilisation_{level}"] = utilisation
        table[f"catchment_children_{level}"] = catchment
        table[f"catchment_mean_travel_min_{level}"] = mean_trip
        table[f"assigned_children_{level}"] = load
        table[f"classes_{level}"] = classes
        table[f"mean_class_size_{level}"] = class_size
        # A mean class size of N means at least one class has N or more pupils.
        large |= np.nan_to_num(class_size) >= std.large_class
        very_large |= np.nan_to_num(class_size) >= std.very_large_class
        over_standard |= np.nan_to_num(class_size) > std.level(level).class_size
    kind = schools["type"].astype(str).to_numpy()
    cap = np.where(kind == "nine_year", std.nine_year_size_cap, std.level("primary").size_cap)
    cap = np.where(kind == "junior", std.level("junior").size_cap, cap)
    table["enrol_total"] = enrol_total
    table["boarding_beds"] = schools["boarding_beds"].to_numpy(dtype=float)
    table["boarders"] = schools["boarders"].to_numpy(dtype=float)
    table["teachers"] = schools["teachers"].to_numpy(dtype=float)
    table["classes_over_standard"] = over_standard
    table["large_classes_56"] = large
    table["very_large_classes_66"] = very_large
    table["under_100"] = enrol_total < std.small_school
    table["over_size_cap"] = enrol_total > cap
    table["teaching_point"] = kind == "teaching_point"
    return table
