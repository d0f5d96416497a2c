"""County balance assessment (督导评估): difference coefficients, per-school standards, classes, boarding.

Difference coefficient of a per-pupil indicator over the schools of a level, the official
pupil-weighted formula: with ``P_i`` pupils and ``R_i`` of a resource at school ``i``,
``x_i = R_i / P_i``, ``X̄ = Σ R_i / Σ P_i``, ``S = sqrt(Σ (P_i / P) (x_i − X̄)²)`` and
``CV = S / X̄``. (The plain standard deviation over the mean of the schools is a different
number and is not used.)

- Basic balance (2012): eight indicators; the composite is their mean, against the
  threshold of the level (primary 0.65, junior 0.55).
- Quality balance (2017): seven indicators, each against the threshold of the level
  (primary 0.50, junior 0.45); each school against the seven per-school standards, passing
  with at least six met and the rest at 85% or more.

A nine-year school counts at both levels, its resources shared in proportion to its pupils
of each level. Teaching points under ``[balance] exclude_teaching_points_under`` pupils are
left out of the coefficients, as some provinces do. The numbers come from
``data/standards.toml`` (``[balance]``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from gis.errors import InputError, Problem
from gis.messages import text
from gis.schema import LEVEL_GRADES

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from gis.analysis import Analysis
    from gis.standards import Standards


# Indicator: (resource column, per this many pupils, label).
BASIC = {
    "floor_area_per_pupil": ("floor_area_m2", 1, "teaching and auxiliary floor area per pupil (m²)"),
    "sports_area_per_pupil": ("sports_area_m2", 1, "sports ground area per pupil (m²)"),
    "equipment_per_pupil": ("equipment_value_yuan", 1, "teaching equipment value per pupil (yuan)"),
    "computers_per_100": ("computers", 100, "computers per 100 pupils"),
    "books_per_pupil": ("books", 1, "books per pupil"),
    "teachers_per_100": ("teachers", 100, "teachers per 100 pupils"),
    "teachers_qualified_per_100": ("teachers_qualified", 100, "teachers above the required qualification per 100"),
    "teachers_senior_per_100": ("teachers_senior", 100, "teachers with an intermediate or higher title per 100"),
}
QUALITY = {
    "teachers_qualified_per_100": ("teachers_qualified", 100, "teachers above the required qualification per 100"),
    "key_teachers_per_100": ("key_teachers", 100, "county-level or higher key teachers per 100 pupils"),
    "pe_arts_teachers_per_100": ("pe_arts_teachers", 100, "PE and arts teachers per 100 pupils"),
    "floor_area_per_pupil": ("floor_area_m2", 1, "teaching and auxiliary floor area per pupil (m²)"),
    "sports_area_per_pupil": ("sports_area_m2", 1, "sports ground area per pupil (m²)"),
    "equipment_per_pupil": ("equipment_value_yuan", 1, "teaching equipment value per pupil (yuan)"),
    "multimedia_rooms_per_100": ("multimedia_rooms", 100, "networked multimedia classrooms per 100 pupils"),
}
METHODS = {"basic": BASIC, "quality": QUALITY}


def difference_coefficient(resource: np.ndarray, pupils: np.ndarray) -> float:
    """The pupil-weighted difference coefficient ``S / X̄`` of a resource over schools.

    Schools without pupils are left out. NaN when there are no pupils or no resource.
    """
    resource = np.asarray(resource, dtype=float)
    pupils = np.asarray(pupils, dtype=float)
    keep = pupils > 0
    total = float(pupils[keep].sum())
    if total <= 0:
        return math.nan
    mean = float(resource[keep].sum()) / total
    if mean <= 0:
        return math.nan
    x = resource[keep] / pupils[keep]
    spread = math.sqrt(float(np.sum(pupils[keep] / total * (x - mean) ** 2)))
    return spread / mean


def contributions(resource: np.ndarray, pupils: np.ndarray) -> np.ndarray:
    """Each school's share of the weighted variance behind the coefficient (sums to 1; 0 without pupils)."""
    resource = np.asarray(resource, dtype=float)
    pupils = np.asarray(pupils, dtype=float)
    out = np.zeros(resource.size)
    keep = pupils > 0
    total = float(pupils[keep].sum())
    if total <= 0 or resource[keep].sum() <= 0:
        return out
    mean = float(resource[keep].sum()) / total
    terms = pupils[keep] / total * (resource[keep] / pupils[keep] - mean) ** 2
    if terms.sum() > 0:
        out[keep] = terms / terms.sum()
    return out


@dataclass(frozen=True)
class Coefficient:
    """One coefficient of a level and method, against its threshold.

    ``threshold``/``passes`` are NaN/None for the basic method's single indicators (its
    threshold applies to the composite). ``top_schools`` are the school codes contributing
    most to the coefficient, largest first, with their shares.
    """

    level: str
    method: str
    indicator: str
    label: str
    coefficient: float
    threshold: float
    passes: bool | None
    schools: int
    top_schools: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Balance:
    """The assessment of a county: coefficients, per-school standards, classes and boarding."""

    coefficients: tuple[Coefficient, ...]
    school_standards: pd.DataFrame
    classes: pd.DataFrame

    def table(self) -> pd.DataFrame:
        """``balance.csv``: level, method, indicator, coefficient, threshold, passes, top schools."""
        import pandas as pd

        return pd.DataFrame(
            {
                "level": [c.level for c in self.coefficients],
                "method": [c.method for c in self.coefficients],
                "indicator": [c.indicator for c in self.coefficients],
                "coefficient": [c.coefficient for c in self.coefficients],
                "threshold": [c.threshold for c in self.coefficients],
                "passes": [c.passes for c in self.coefficients],
                "schools": [c.schools for c in self.coefficients],
                "label": [c.label for c in self.coefficients],
                "top_schools": [
                    ";".join(f"{sid} {share:.0%}" for sid, share in c.top_schools) for c in self.coefficients
                ],
            }
        )

    def get(self, level: str, method: str, indicator: str = "composite") -> Coefficient:
        """The coefficient of a level, method and indicator (``composite`` for the mean)."""
        for c in self.coefficients:
            if (c.level, c.method, c.indicator) == (level, method, indicator):
                return c
        raise KeyError((level, method, indicator))


def level_pupils(schools: gpd.GeoDataFrame) -> dict[str, np.ndarray]:
    """Recorded pupils of each school at each level."""
    return {
        level: np.asarray(sum(schools[f"enrol_g{g}"].to_numpy(dtype=float) for g in grades), dtype=float)
        for level, grades in LEVEL_GRADES.items()
    }


def assess(
    schools: gpd.GeoDataFrame,
    standards: Standards,
    *,
    pupils: dict[str, np.ndarray] | None = None,
    top: int = 5,
) -> Balance:
    """Assess the balance of a county's schools.

    Parameters
    ----------
    schools
        The project's schools layer (resources and enrolment).
    standards
        The rules, with their ``[balance]`` section.
    pupils
        Pupils of each school per level, replacing the recorded enrolment (a scenario's
        pupils after closures). Default: the recorded enrolment.
    top
        How many contributing schools to name per coefficient.

    Raises
    ------
    InputError
        If the rules have no ``[balance]`` section, or ``pupils`` has the wrong length.
    """
    import pandas as pd

    rules = standards.balance
    if rules is None:
        raise InputError(Problem(text("the rules file has no [balance] section"), file=standards.path, field="balance"))
    counts = level_pupils(schools) if pupils is None else {k: np.asarray(v, dtype=float) for k, v in pupils.items()}
    for level, values in counts.items():
        if values.shape != (len(schools),):
            raise InputError(
                Problem(
                    text("one number of pupils per school is needed ({n_schools})", n_schools=len(schools)), field=level
                )
            )
    both = sum(counts.values(), np.zeros(len(schools)))
    ids = schools["school_id"].astype(str).to_numpy()
    kind = schools["type"].astype(str).to_numpy()
    coefficients: list[Coefficient] = []
    per_school: list[pd.DataFrame] = []
    for level in ("primary", "junior"):
        p = counts[level]
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(both > 0, p / both, 0.0)  # a nine-year school's resources by pupils
        included = p > 0
        if rules.exclude_teaching_points_under > 0:
            included &= ~((kind == "teaching_point") & (p < rules.exclude_teaching_points_under))
        for method, indicators in METHODS.items():
            cvs: list[float] = []
            for name, (column, per, label) in indicators.items():
                resource = schools[column].to_numpy(dtype=float) * share * per
                cv = difference_coefficient(resource[included], p[included])
                parts = np.zeros(len(schools))
                parts[included] = contributions(resource[included], p[included])
                order = [i for i in np.argsort(-parts, kind="stable")[:top] if parts[i] > 0]
                threshold = rules.quality[level] if method == "quality" else math.nan
                coefficients.append(
                    Coefficient(
                        level,
                        method,
                        name,
                        label,
                        cv,
                        threshold,
                        None if method == "basic" or math.isnan(cv) else bool(cv <= threshold),
                        int(included.sum()),
                        tuple((str(ids[i]), float(parts[i])) for i in order),
                    )
                )
                cvs.append(cv)
            composite = float(np.mean(cvs)) if cvs and not any(math.isnan(v) for v in cvs) else math.nan
            threshold = rules.basic[level] if method == "basic" else rules.quality[level]
            passes: bool | None = None if math.isnan(composite) else bool(composite <= threshold)
            if method == "quality":
                # Quality balance: every coefficient within the threshold.
                own = [c.passes for c in coefficients[-len(indicators) :]]
                passes = None if any(v is None for v in own) else all(bool(v) for v in own)
            coefficients.append(
                Coefficient(
                    level,
                    method,
                    "composite",
                    f"mean of the {len(indicators)} coefficients",
                    composite,
                    threshold,
                    passes,
                    int(included.sum()),
                    (),
                )
            )
        per_school.append(_school_standards(schools, level, p, share, standards))
    return Balance(tuple(coefficients), pd.concat(per_school, ignore_index=True), _classes(schools, counts, standards))


def _school_standards(
    schools: gpd.GeoDataFrame, level: str, pupils: np.ndarray, share: np.ndarray, standards: Standards
) -> pd.DataFrame:
    """Each school with pupils at the level against the seven quality standards."""
    import pandas as pd

    rules = standards.balance
    assert rules is not None
    rows = np.flatnonzero(pupils > 0)
    table = pd.DataFrame(
        {
            "school_id": schools["school_id"].astype(str).to_numpy()[rows],
            "name": schools["name"].astype(str).to_numpy()[rows],
            "level": level,
            "pupils": pupils[rows],
        }
    )
    reached = []
    for name, (column, per, _label) in QUALITY.items():
        standard = rules.school_standards.get(name, {}).get(level, math.nan)
        value = schools[column].to_numpy(dtype=float)[rows] * share[rows] * per / pupils[rows]
        table[name] = value
        table[f"{name}_share"] = value / standard
        reached.append(value / standard)
    shares = np.column_stack(reached) if reached else np.zeros((rows.size, 0))
    met = (shares >= 1 - 1e-9).sum(axis=1)
    table["standards_met"] = met
    rest_ok = np.where(shares >= 1 - 1e-9, True, shares >= rules.rest_share - 1e-9).all(axis=1)
    table["lowest_share"] = shares.min(axis=1) if shares.shape[1] else np.nan
    table["passes"] = (met >= rules.standards_met) & rest_ok
    return table


def _classes(schools: gpd.GeoDataFrame, pupils: dict[str, np.ndarray], standards: Standards) -> pd.DataFrame:
    """Classes and boarding per school: mean class size and flags, beds against boarders, size cap."""
    import pandas as pd

    kind = schools["type"].astype(str).to_numpy()
    table = pd.DataFrame(
        {"school_id": schools["school_id"].astype(str).to_numpy(), "name": schools["name"].astype(str).to_numpy()}
    )
    total = np.zeros(len(schools))
    for level, p in pupils.items():
        classes = schools[f"classes_{level}"].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            size = np.where(classes > 0, p / classes, np.nan)
        standard = standards.level(level).class_size
        table[f"pupils_{level}"] = p
        table[f"classes_{level}"] = classes
        table[f"mean_class_size_{level}"] = size
        # With only the number of classes and pupils, classes are taken as equal in size.
        table[f"classes_over_standard_{level}"] = np.where(np.nan_to_num(size) > standard, classes, 0)
        table[f"large_classes_{level}"] = np.where(np.nan_to_num(size) >= standards.large_class, classes, 0)
        table[f"very_large_classes_{level}"] = np.where(np.nan_to_num(size) >= standards.very_large_class, classes, 0)
        total += p
    cap = np.where(kind == "nine_year", standards.nine_year_size_cap, standards.level("primary").size_cap)
    cap = np.where(kind == "junior", standards.level("junior").size_cap, cap)
    table["pupils"] = total
    table["size_cap"] = cap
    table["over_size_cap"] = total > cap
    table["boarding_beds"] = schools["boarding_beds"].to_numpy(dtype=float)
    table["boarders"] = schools["boarders"].to_numpy(dtype=float)
    table["beds_short"] = np.maximum(table["boarders"] - table["boarding_beds"], 0)
    return table


def county_balance_figures(balance: Balance) -> dict[str, float]:
    """The balance figures a scenario comparison shows, as ``balance.level.method.indicator`` → value.

    Coefficients (composites and each quality indicator), schools failing the per-school
    rule, classes over the standard, large and very large, beds short of the recorded
    boarders, and schools over the size cap.
    """
    out: dict[str, float] = {}
    for c in balance.coefficients:
        if c.indicator == "composite" or c.method == "quality":
            out[f"balance.{c.level}.{c.method}.{c.indicator}"] = c.coefficient
    standards = balance.school_standards
    for level in ("primary", "junior"):
        mine = standards[standards["level"] == level]
        out[f"balance.{level}.schools_failing_standards"] = float((~mine["passes"].astype(bool)).sum())
        cls = balance.classes
        for what in ("classes_over_standard", "large_classes", "very_large_classes"):
            out[f"classes.{level}.{what}"] = float(cls[f"{what}_{level}"].sum())
    out["boarding.recorded_beds_short"] = float(balance.classes["beds_short"].sum())
    out["schools.over_size_cap"] = float(balance.classes["over_size_cap"].sum())
    return out


def scenario_pupils(baseline: Analysis, scenario: Analysis) -> dict[str, np.ndarray]:
    """Pupils of each scenario school per level: the recorded enrolment moved as the model moves children.

    A school's recorded pupils are scaled by the change in the children the capacity-aware
    assignment gives it (scenario over baseline, matched by school code): a receiving
    school grows with the children it takes, a merged school with its partner's, a school
    kept for grades 1–3 loses its older pupils. A new school gets the children assigned to
    it; a closed school disappears with its pupils, who are counted where they go.
    """
    before = baseline.project.schools
    after = scenario.project.schools
    recorded = level_pupils(before)
    row_of = {str(sid): k for k, sid in enumerate(before["school_id"].astype(str))}
    out: dict[str, np.ndarray] = {}
    for level in LEVEL_GRADES:
        pupils = np.zeros(len(after))
        load_after = scenario.levels[level].school_load if level in scenario.levels else np.zeros(len(after))
        load_before = baseline.levels[level].school_load if level in baseline.levels else np.zeros(len(before))
        for k, sid in enumerate(after["school_id"].astype(str)):
            j = row_of.get(sid)
            if j is None or load_before[j] <= 0:
                pupils[k] = load_after[k] if j is None else recorded[level][j]
            else:
                pupils[k] = recorded[level][j] * load_after[k] / load_before[j]
        out[level] = pupils
    return out
