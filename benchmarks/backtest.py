"""Forecast backtest: forecast from the history up to a year, compare with the later known years.

``python -m benchmarks.run backtest`` prints the tables (markdown) and writes
``benchmarks/_data/backtest.json``. Nothing here is fitted to the years it is checked on: each
ratio is measured from the years up to the origin T only, and the error is what it is.

The demo county (:func:`demo_backtest`)
    The demo's births by village 2012–2025 and enrolment by school and grade 2021–2025. For
    T = 2022 and 2023 the ratios are measured by :func:`gis.cohorts.progression_ratios` from
    the years up to T: progression per township and settlement class (a school's class is that
    of the place it belongs to), the entry per township. They are applied to the enrolment of
    T, school by school: grade g of year Y is grade g − 1 of Y − 1 of the same school times its
    group's progression ratio; grade 1 is the births of Y − 6 of the township's places times
    its entry ratio, shared among the township's schools as their grade 1 was in T (children
    born in the villages enrol at the seat's school); grade 7 is the county's grade 6 times the
    county's ratio, shared among the schools teaching grade 7 as in T. Pupils whose school does
    not teach the next grade (a teaching point's grade 3, a primary school's grade 6) go to the
    schools of their township (the county for grade 7) that receive such pupils, as those did
    in T. The township's grade 1 and the group totals of the grades pupils go on to at the same
    school are then exactly the cohort method of :func:`gis.cohorts.project_cohorts` applied to
    the township's births and the group's pupils; the whole forecast (:mod:`gis.forecast`)
    cannot be rerun from T because the population layer holds the children of 2025, not of T.
    Compared with the known 2024 and 2025 (and 2023 from T = 2022), beside the same run with
    one ratio per township (``by_settlement=False``: the method before the settlement classes
    were told apart; its grade 1 is the same). The demo's history is made up by the same
    project (:mod:`demo.history`), so this checks the method's consistency with the history's
    own rules, not its truth.
    :func:`forecast_shift` adds what the school-by-school run cannot show: the whole forecast
    from the base year (cells) with both kinds of ratios, and how far its townships move.
Published national figures (:func:`national_backtest`)
    China's births (NBS) and primary-school entrants (MoE), ``benchmarks/data/
    national_births_entrants.csv`` with the source of every figure. The entry rule: entrants of
    Y ≈ births of Y − 6 × an entry ratio pooled over the years up to T; beside it the plain
    entrants = births of Y − 6, and (as a diagnostic, not the method) the births of the school
    year's birth cohort, 4/12 of Y − 7 and 8/12 of Y − 6 (children six by 31 August).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from gis.cohorts import Births, CohortRatios, EnrolmentHistory
    from gis.project import Project
    from gis.standards import ForecastRules

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / "_data"
NATIONAL = HERE / "data" / "national_births_entrants.csv"
DEMO_PROJECT = ROOT / "data" / "bancang.gpkg"
DEMO_BIRTHS = ROOT / "data" / "bancang-births.csv"
DEMO_ENROLMENT = ROOT / "data" / "bancang-enrolment.csv"
#: Origins of the demo backtest: the history is cut after these years.
DEMO_ORIGINS = (2022, 2023)
#: Origins of the national backtest (the entry ratio is pooled over the years up to each).
NATIONAL_ORIGINS = (2017, 2018, 2019, 2020, 2021, 2022, 2023)
#: Origins whose year-by-year predictions are shown in the national table.
NATIONAL_SHOWN = (2019, 2021)
#: Of the children who are six by 31 August of Y, the share born in Y − 7 (September to December).
BORN_BEFORE = 4 / 12
LEVELS = {"primary": range(1, 7), "junior": range(7, 10)}
#: The known years every demo origin is compared with in the tables.
COMPARED = (2024, 2025)
#: Where a demo school is (:func:`demo.history.school_settings`).
SETTINGS = ("county_seat", "township_seat", "village")


# --------------------------------------------------------------------------- the demo county


@dataclass(frozen=True)
class DemoInputs:
    project: Project
    births: Births
    history: EnrolmentHistory
    rules: ForecastRules


def load_demo() -> DemoInputs:
    """The demo county, its births and its enrolment history, read as the forecast reads them."""
    from gis.importing.births import read_births
    from gis.importing.enrolment import read_enrolment
    from gis.importing.report import ImportReport
    from gis.project import load_project
    from gis.standards import load_standards

    project = load_project(DEMO_PROJECT)
    report = ImportReport()
    births = read_births(DEMO_BIRTHS, project, report=report)
    history = read_enrolment(DEMO_ENROLMENT, project, report=report)
    report.raise_if_errors()
    assert births is not None and history is not None
    return DemoInputs(project, births, history, load_standards().forecast)


def history_until(history: EnrolmentHistory, last: int) -> EnrolmentHistory:
    """The history's years up to ``last``."""
    from gis.cohorts import EnrolmentHistory

    k = history.years.index(last) + 1
    return EnrolmentHistory(history.school_ids, history.years[:k], history.pupils[:k], source=history.source)


def demo_ratios(inputs: DemoInputs, history: EnrolmentHistory, *, by_settlement: bool = True) -> CohortRatios:
    """The ratios :func:`gis.cohorts.project_cohorts` would measure from this history, per
    township and settlement class for the progression and per township for the entry (one per
    township for all with ``by_settlement=False``)."""
    from gis.cohorts import progression_ratios

    return progression_ratios(
        inputs.project, inputs.rules, births=inputs.births, history=history, by_settlement=by_settlement
    )


def group_births(inputs: DemoInputs, ratios: CohortRatios) -> np.ndarray:
    """Births per township and settlement class of the places and year of the births table
    (towns × classes × years)."""
    town = ratios.township_index(inputs.project.places["township"])
    out = np.zeros((*ratios.ratios.shape[:2], len(inputs.births.years)))
    inside = town >= 0
    np.add.at(out, (town[inside], ratios.place_settlement[inside]), inputs.births.counts[inside])
    return out


def _share_out(amount: np.ndarray, pool: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each pool's amount shared among its schools in proportion to ``weight``, and what finds
    no school with weight, per pool."""
    total = np.bincount(pool, weights=weight, minlength=amount.size)
    out = np.divide(amount[pool] * weight, total[pool], out=np.zeros(weight.size), where=total[pool] > 0)
    return out, np.where(total > 0, 0.0, amount)


def project_schools(
    inputs: DemoInputs, origin: int, until: int, *, by_settlement: bool = True
) -> tuple[dict[int, np.ndarray], CohortRatios, float]:
    """Pupils per school and grade for the years after ``origin`` up to ``until``, from the
    history up to ``origin`` (see the module's notes). Also the ratios used and the pupils
    that found no school (0 on the demo)."""
    schools = inputs.project.schools
    cut = history_until(inputs.history, origin)
    cr = demo_ratios(inputs, cut, by_settlement=by_settlement)
    births = inputs.births
    n_towns, n_classes = cr.ratios.shape[:2]
    town = cr.township_index(schools["township"])
    if (town < 0).any():
        raise ValueError("a school's township has no cells")
    # Each school's group (township, settlement class) and its ratios. The entrants are the
    # township's, shared among its schools in both methods: the entry ratio is the township's
    # (children born in the villages enrol at the seat's school).
    group = town * n_classes + cr.school_settlement
    ratios = cr.ratios.reshape(n_towns * n_classes, -1)
    born = group_births(inputs, cr).reshape(n_towns * n_classes, -1)
    entry_pool = town
    county = np.zeros(len(schools), dtype=np.int64)
    grade = np.arange(1, 10)
    teaches = (grade[None, :] >= schools["grade_min"].to_numpy()[:, None]) & (
        grade[None, :] <= schools["grade_max"].to_numpy()[:, None]
    )
    base = cut.pupils[-1]
    a = inputs.rules.entry_age
    out: dict[int, np.ndarray] = {}
    lost = 0.0
    prev = base
    for year in range(origin + 1, until + 1):
        x = year - a
        if not births.first <= x <= min(births.last, origin):
            raise ValueError(f"the entrants of {year} were born in {x}, not a known year at {origin}")
        new = np.zeros_like(prev)
        entrants = (born[:, x - births.first] * ratios[:, 0]).reshape(n_towns, n_classes).sum(axis=1)
        weight = base[:, 0] * teaches[:, 0]
        new[:, 0], left = _share_out(entrants, entry_pool, weight)
        lost += float(left.sum())
        for g in range(2, 10):
            j = g - 1
            pool = county if g == 7 else town
            carried = prev[:, j - 1] * ratios[group, j]
            stays = teaches[:, j] & teaches[:, j - 1]
            movers = np.bincount(pool, weights=np.where(stays, 0.0, carried), minlength=n_towns)
            # Receiving schools: those teaching g but not g − 1 (junior schools for grade 7), else all teaching g.
            takes = teaches[:, j] & ~teaches[:, j - 1]
            has_takers = np.bincount(pool, weights=takes.astype(float), minlength=n_towns) > 0
            receiver = np.where(has_takers[pool], takes, teaches[:, j])
            shared, gone = _share_out(movers, pool, base[:, j] * receiver)
            new[:, j] = np.where(stays, carried, 0.0) + shared
            lost += float(gone.sum())
        out[year] = new
        prev = new
    return out, cr, lost


def _pct(pred: float, actual: float) -> float | None:
    return None if actual == 0 else 100.0 * (pred - actual) / actual


def _level(pupils: np.ndarray, level: str) -> np.ndarray:
    return pupils[..., [g - 1 for g in LEVELS[level]]].sum(axis=-1)


def _school_errors(pred: np.ndarray, actual: np.ndarray) -> dict[str, object]:
    """Absolute percentage errors over the schools with pupils of the level."""
    has = actual > 0
    ape = np.abs(pred[has] - actual[has]) / actual[has]
    return {
        "schools": int(has.sum()),
        "mape_pct": float(100 * ape.mean()),
        "median_ape_pct": float(100 * np.median(ape)),
        "wape_pct": float(100 * np.abs(pred[has] - actual[has]).sum() / actual[has].sum()),
        "worst_ape_pct": float(100 * ape.max()),
        "schools_over_10pct": int((ape > 0.10).sum()),
    }


def _groups(cr: CohortRatios, schools: pd.DataFrame, names: dict[str, str]) -> list[dict[str, object]]:
    """The ratios of every group (township, settlement class) that holds schools: entry first,
    then into grades 2–9, with their sources."""
    from gis.cohorts import CLASSES, RATIO_SOURCES

    town = cr.township_index(schools["township"])
    rows = []
    for t, code in enumerate(cr.townships):
        for k, kind in enumerate(CLASSES):
            mine = (town == t) & (cr.school_settlement == k)
            if not mine.any():
                continue
            rows.append(
                {
                    "township": names.get(code, code),
                    "settlement": kind,
                    "schools": int(mine.sum()),
                    "ratios": [float(r) for r in cr.ratios[t, k]],
                    "sources": [RATIO_SOURCES[c] for c in cr.source[t, k].tolist()],
                }
            )
    return rows


def demo_backtest(
    inputs: DemoInputs | None = None, origins: tuple[int, ...] = DEMO_ORIGINS, *, by_settlement: bool = True
) -> dict[str, object]:
    """The demo county's backtest: county, township and school errors per origin and year,
    with progression ratios per township and settlement class and the entry per township (one
    ratio per township: ``by_settlement=False``)."""

    inputs = inputs or load_demo()
    history = inputs.history
    schools = inputs.project.schools
    names = dict(
        zip(inputs.project.townships["code"].astype(str), inputs.project.townships["name"].astype(str), strict=True)
    )
    # Where each school is (county seat, township seat, village), as the demo's history drifts them.
    from demo.history import school_settings

    setting = np.array(school_settings(inputs.project))
    runs = []
    for origin in origins:
        predicted, cr, lost = project_schools(inputs, origin, history.last, by_settlement=by_settlement)
        groups = _groups(cr, schools, names)
        base = history.pupils[history.years.index(origin)]
        years = []
        for year, pred in predicted.items():
            actual = history.pupils[history.years.index(year)]
            county = []
            rows = [(str(g), [g]) for g in range(1, 10)]
            rows += [(level, list(grades)) for level, grades in LEVELS.items()] + [("total", list(range(1, 10)))]
            for label, grades in rows:
                cols = [g - 1 for g in grades]
                p, q, b = float(pred[:, cols].sum()), float(actual[:, cols].sum()), float(base[:, cols].sum())
                county.append(
                    {
                        "grade": label,
                        "predicted": p,
                        "actual": q,
                        "error": p - q,
                        "error_pct": _pct(p, q),
                        "same_as_origin": b,
                        "same_as_origin_error_pct": _pct(b, q),
                    }
                )
            townships = []
            school_town = schools["township"].astype(str).to_numpy()
            for code in cr.townships:
                mine = school_town == code
                for level in LEVELS:
                    p = float(_level(pred[mine], level).sum())
                    q = float(_level(actual[mine], level).sum())
                    if p == 0 and q == 0:
                        continue
                    townships.append(
                        {
                            "township": names.get(code, code),
                            "level": level,
                            "predicted": p,
                            "actual": q,
                            "error": p - q,
                            "error_pct": _pct(p, q),
                        }
                    )
            per_school = {
                level: {
                    "cohort": _school_errors(_level(pred, level), _level(actual, level)),
                    "same_as_origin": _school_errors(_level(base, level), _level(actual, level)),
                }
                for level in LEVELS
            }
            by_setting = {}
            for kind in SETTINGS:
                mine = setting == kind
                p, q = _level(pred[mine], "primary"), _level(actual[mine], "primary")
                if (q > 0).any():
                    has = q > 0
                    by_setting[kind] = {
                        **_school_errors(p, q),
                        "bias_pct": float(100 * (p[has] - q[has]).sum() / q[has].sum()),
                        # Entry and progression apart: grade 1, and grades 2–6.
                        "bias_grade_1_pct": _pct(float(pred[mine, 0].sum()), float(actual[mine, 0].sum())),
                        "bias_grades_2_6_pct": _pct(float(pred[mine, 1:6].sum()), float(actual[mine, 1:6].sum())),
                    }
            years.append(
                {
                    "year": year,
                    "horizon": year - origin,
                    "county": county,
                    "townships": townships,
                    "schools": per_school,
                    "primary_schools_by_setting": by_setting,
                }
            )
        sources: dict[str, int] = {}
        for row in groups:
            for name in row["sources"]:  # type: ignore[attr-defined]
                sources[name] = sources.get(name, 0) + 1
        runs.append(
            {
                "origin": origin,
                "history_years": [y for y in history.years if y <= origin],
                "ratios": "progression per township and settlement class, entry per township"
                if by_settlement
                else "per township",
                "ratio_sources": sources,
                "groups": groups,
                "pupils_without_school": lost,
                "years": years,
            }
        )
    return {
        "data": {
            "project": str(DEMO_PROJECT.relative_to(ROOT)),
            "births": str(DEMO_BIRTHS.relative_to(ROOT)),
            "enrolment": str(DEMO_ENROLMENT.relative_to(ROOT)),
            "schools": len(schools),
            "townships": len(names),
            "births_years": [inputs.births.first, inputs.births.last],
            "enrolment_years": [history.years[0], history.last],
        },
        "runs": runs,
    }


def forecast_shift(inputs: DemoInputs | None = None, *, year: int = 2030) -> dict[str, object]:
    """The whole forecast from the demo's base year (cells, not schools) with progression ratios
    per township and settlement class (the entry per township) against the same with one ratio
    per township: children per township and level in ``year``. Not a backtest (nothing is known after the base year); it
    shows what the school-by-school backtest cannot: the cells hold the children where they
    live, the ratios are measured on the pupils where they go to school, and a township's
    villages hold a larger share of its children than its village schools of its pupils.
    """
    from dataclasses import replace

    from gis.cohorts import CLASSES, progression_ratios, project_cohorts

    inputs = inputs or load_demo()
    project, history = inputs.project, inputs.history
    projection = project_cohorts(project, inputs.rules, until=year, births=inputs.births, history=history)
    township = progression_ratios(project, inputs.rules, births=inputs.births, history=history, by_settlement=False)
    cohorts = projection.cohorts
    assert cohorts is not None
    town = township.township_index(projection.township)
    plain = replace(
        cohorts,
        ratios=township.ratios[town, projection.settlement],
        ratio_source=township.source[town, projection.settlement],
    )
    t = projection.years.index(year)
    by_class = projection.grades[t]
    by_town = list(plain.steps(projection.variant))[t]
    names = dict(zip(project.townships["code"].astype(str), project.townships["name"].astype(str), strict=True))
    schools = project.schools
    school_town = township.township_index(schools["township"])
    school_class = township.school_settlement  # linked to the places all the same
    base = history.pupils[-1]
    rows = []
    codes = [*township.townships, None]
    for code in codes:
        cells = projection.township == code if code is not None else np.ones(projection.township.size, dtype=bool)
        k = township.townships.index(code) if code is not None else -1
        mine = school_town == k if code is not None else np.ones(len(schools), dtype=bool)
        row: dict[str, object] = {"township": names.get(code, code) if code is not None else "county"}
        for level, grades in LEVELS.items():
            cols = [g - 1 for g in grades]
            a, b = float(by_town[cells][:, cols].sum()), float(by_class[cells][:, cols].sum())
            row[level] = {"township_ratios": a, "class_ratios": b, "change_pct": _pct(b, a)}
        # Primary children on the grid (base year) and primary pupils of the schools, by class.
        row["village_share"] = {
            "children": _share(projection.grades[0][cells, :6].sum(axis=1), projection.settlement[cells]),
            "pupils": _share(base[mine, :6].sum(axis=1), school_class[mine]),
        }
        rows.append(row)
    return {"base_year": projection.base_year, "year": year, "village": CLASSES.index("village"), "townships": rows}


def _share(amount: np.ndarray, kind: np.ndarray) -> float | None:
    """The share of ``amount`` of the village class."""
    from gis.cohorts import CLASSES

    total = float(amount.sum())
    return None if total <= 0 else float(amount[kind == CLASSES.index("village")].sum()) / total


# --------------------------------------------------------------------------- national figures


@dataclass(frozen=True)
class National:
    """Published births (by year of birth) and primary entrants (by school year), millions."""

    births: dict[int, float]
    entrants: dict[int, float]
    missing_births: tuple[int, ...]
    missing_entrants: tuple[int, ...]


def read_national(path: Path = NATIONAL) -> National:
    """The national figures and the years the search did not find (empty cells)."""
    births: dict[int, float] = {}
    entrants: dict[int, float] = {}
    no_births, no_entrants = [], []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            year = int(row["year"])
            if row["births_m"].strip():
                births[year] = float(row["births_m"])
            else:
                no_births.append(year)
            if row["primary_entrants_m"].strip():
                entrants[year] = float(row["primary_entrants_m"])
            else:
                no_entrants.append(year)
    return National(births, entrants, tuple(no_births), tuple(no_entrants))


def cohort_births(national: National, year: int, *, split: bool, entry_age: int = 6) -> float | None:
    """The births that stand for the entrants of ``year``: of ``year − entry_age``, or (``split``)
    4/12 of the year before and 8/12 of it; None when a year is missing."""
    main = national.births.get(year - entry_age)
    if not split:
        return main
    before = national.births.get(year - entry_age - 1)
    if main is None or before is None:
        return None
    return BORN_BEFORE * before + (1 - BORN_BEFORE) * main


def entry_ratio(national: National, origin: int, *, split: bool) -> tuple[float | None, list[int]]:
    """Entrants over the births that stand for them, pooled over the years up to ``origin``."""
    years = [y for y in sorted(national.entrants) if y <= origin and cohort_births(national, y, split=split)]
    if not years:
        return None, []
    num = sum(national.entrants[y] for y in years)
    den = sum(cohort_births(national, y, split=split) or 0.0 for y in years)
    return num / den, years


def national_backtest(
    national: National | None = None, origins: tuple[int, ...] = NATIONAL_ORIGINS
) -> dict[str, object]:
    """The entry rule on the national figures: per year, per origin, and by horizon."""
    national = national or read_national()
    years = [y for y in sorted(national.entrants) if cohort_births(national, y, split=False) is not None]
    per_year = []
    for y in years:
        b = cohort_births(national, y, split=False)
        assert b is not None
        e = national.entrants[y]
        split = cohort_births(national, y, split=True)
        per_year.append(
            {
                "year": y,
                "births_y_minus_6_m": b,
                "entrants_m": e,
                "entrants_per_birth": e / b,
                "plain_error_pct": _pct(b, e),
                "split_births_m": split,
            }
        )
    runs = []
    by_horizon: dict[int, list[float]] = {}
    for origin in origins:
        run: dict[str, object] = {"origin": origin}
        for rule, split in (("entry_ratio", False), ("entry_ratio_split", True)):
            ratio, fitted = entry_ratio(national, origin, split=split)
            predictions = []
            if ratio is not None:
                for y in years:
                    b = cohort_births(national, y, split=split)
                    if y <= origin or b is None:
                        continue
                    pred = b * ratio
                    err = _pct(pred, national.entrants[y])
                    predictions.append(
                        {
                            "year": y,
                            "horizon": y - origin,
                            "predicted_m": pred,
                            "actual_m": national.entrants[y],
                            "error_pct": err,
                        }
                    )
                    if rule == "entry_ratio" and err is not None:
                        by_horizon.setdefault(y - origin, []).append(abs(err))
            errors = [abs(p["error_pct"]) for p in predictions if p["error_pct"] is not None]
            run[rule] = {
                "ratio": ratio,
                "measured_on": fitted,
                "predictions": predictions,
                "mape_pct": float(np.mean(errors)) if errors else None,
                "worst_ape_pct": float(np.max(errors)) if errors else None,
            }
        predicted = [p["year"] for p in run["entry_ratio"]["predictions"]]  # type: ignore[index]
        plain = [abs(r["plain_error_pct"]) for r in per_year if r["year"] in predicted]
        run["plain_mape_pct_same_years"] = float(np.mean(plain)) if plain else None
        runs.append(run)
    plain_all = [abs(r["plain_error_pct"]) for r in per_year]
    return {
        "data": str(NATIONAL.relative_to(ROOT)),
        "missing_births": list(national.missing_births),
        "missing_entrants": list(national.missing_entrants),
        "years": per_year,
        "plain_mape_pct": float(np.mean(plain_all)),
        "runs": runs,
        "entry_ratio_mape_by_horizon": {
            h: {"n": len(v), "mape_pct": float(np.mean(v)), "worst_pct": float(np.max(v))}
            for h, v in sorted(by_horizon.items())
        },
    }


# --------------------------------------------------------------------------- tables


def _f(x: float | None, spec: str = ".1f", sign: bool = False) -> str:
    if x is None:
        return "—"
    return format(x, ("+" if sign else "") + spec)


def demo_tables(result: dict[str, object]) -> str:
    """The demo backtest as markdown tables."""
    runs = result["runs"]  # type: ignore[index]
    # The later known years of every origin (2023 from T = 2022 is in the JSON and the school table).
    shown = [(r["origin"], y) for r in runs for y in r["years"] if y["year"] >= COMPARED[0]]
    lines = ["County, pupils by grade: predicted (error %)\n"]
    lines.append(
        "| grade | "
        + " | ".join(f"actual {year}" for year in COMPARED)
        + " | "
        + " | ".join(f"T={t} → {y['year']}" for t, y in shown)
        + " |"
    )
    lines.append("|---|" + "---|" * (len(COMPARED) + len(shown)))
    actual = {y["year"]: {c["grade"]: c["actual"] for c in y["county"]} for r in runs for y in r["years"]}
    for k, c in enumerate(shown[0][1]["county"]):
        label = c["grade"]
        known = [f"{actual[year][label]:,.0f}" for year in COMPARED]
        cells = [
            f"{y['county'][k]['predicted']:,.0f} ({_f(y['county'][k]['error_pct'], '.1f', True)})" for _, y in shown
        ]
        lines.append(f"| {label} | " + " | ".join(known + cells) + " |")
    lines.append("")
    lines.append("Township pupils of 2025 by level: predicted (error %)\n")
    lines.append("| township | level | actual 2025 | " + " | ".join(f"T={r['origin']}" for r in runs) + " |")
    lines.append("|---|---|---|" + "---|" * len(runs))
    last = [next(y for y in r["years"] if y["year"] == 2025) for r in runs]
    for k, t in enumerate(last[0]["townships"]):
        cells = [
            f"{y['townships'][k]['predicted']:,.0f} ({_f(y['townships'][k]['error_pct'], '.1f', True)})" for y in last
        ]
        lines.append(f"| {t['township']} | {t['level']} | {t['actual']:,.0f} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Schools: absolute percentage error of each school's pupils of the level\n")
    lines.append(
        "| origin → year | level | schools | MAPE % | median % | WAPE % | worst % | > 10 % "
        "| MAPE if unchanged since T % |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for r in runs:
        for y in r["years"]:
            for level, e in y["schools"].items():
                c, s = e["cohort"], e["same_as_origin"]
                lines.append(
                    f"| {r['origin']} → {y['year']} | {level} | {c['schools']} | {c['mape_pct']:.1f} | "
                    f"{c['median_ape_pct']:.1f} | {c['wape_pct']:.1f} | {c['worst_ape_pct']:.0f} | "
                    f"{c['schools_over_10pct']} | {s['mape_pct']:.1f} |"
                )
    lines.append("")
    lines.append("Primary schools by where they are: bias (Σ predicted − Σ actual) / Σ actual %, and MAPE %\n")
    lines.append("| origin → year | " + " | ".join(f"{k}: schools, bias, MAPE" for k in SETTINGS) + " |")
    lines.append("|---|" + "---|" * len(SETTINGS))
    for r in runs:
        for y in r["years"]:
            cells = []
            for k in SETTINGS:
                e = y["primary_schools_by_setting"].get(k)
                cells.append(f"{e['schools']}, {e['bias_pct']:+.1f}, {e['mape_pct']:.1f}" if e else "—")
            lines.append(f"| {r['origin']} → {y['year']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def national_tables(result: dict[str, object]) -> str:
    """The national backtest as markdown tables."""
    runs = {r["origin"]: r for r in result["runs"]}  # type: ignore[index]
    lines = ["Entrants of Y against births of Y − 6 (millions; error % of the prediction)\n"]
    shown = [t for t in NATIONAL_SHOWN if t in runs]
    head = " | ".join(f"ratio T={t}" for t in shown) + " | " + " | ".join(f"split, ratio T={t}" for t in shown)
    lines.append("| year | births Y−6 | entrants | entrants per birth | plain | " + head + " |")
    lines.append("|---|---|---|---|---|" + "---|" * (2 * len(shown)))
    for row in result["years"]:  # type: ignore[index]
        y = row["year"]
        cells = []
        for rule in ("entry_ratio", "entry_ratio_split"):
            for t in shown:
                hit = next((p for p in runs[t][rule]["predictions"] if p["year"] == y), None)
                cells.append(f"{hit['predicted_m']:.2f} ({_f(hit['error_pct'], '.1f', True)})" if hit else "")
        lines.append(
            f"| {y} | {row['births_y_minus_6_m']:.2f} | {row['entrants_m']:.2f} | {row['entrants_per_birth']:.3f} | "
            f"{_f(row['plain_error_pct'], '.1f', True)} | " + " | ".join(cells) + " |"
        )
    lines.append("")
    lines.append("By origin T: the ratio from the years up to T, mean absolute % error of the later years\n")
    lines.append(
        "| T | entry ratio (years) | years predicted | MAPE % | worst % | plain MAPE %, same years "
        "| split: ratio | split: MAPE % |"
    )
    lines.append("|---|---|---|---|---|---|---|---|")
    for t, r in runs.items():
        e, s = r["entry_ratio"], r["entry_ratio_split"]
        fitted = e["measured_on"]
        span = f"{fitted[0]}–{fitted[-1]}, {len(fitted)}" if fitted else "—"
        preds = e["predictions"]
        pspan = f"{preds[0]['year']}–{preds[-1]['year']}" if preds else "—"
        lines.append(
            f"| {t} | {_f(e['ratio'], '.3f')} ({span}) | {pspan} | {_f(e['mape_pct'])} | {_f(e['worst_ape_pct'])} | "
            f"{_f(r['plain_mape_pct_same_years'])} | {_f(s['ratio'], '.3f')} | {_f(s['mape_pct'])} |"
        )
    lines.append("")
    lines.append("Entry-ratio rule by horizon (years after T), over all origins\n")
    lines.append("| horizon | predictions | MAPE % | worst % |")
    lines.append("|---|---|---|---|")
    for h, v in result["entry_ratio_mape_by_horizon"].items():  # type: ignore[union-attr]
        lines.append(f"| {h} | {v['n']} | {v['mape_pct']:.1f} | {v['worst_pct']:.1f} |")
    missing = result["missing_births"]
    lines.append("")
    lines.append(f"Plain rule over all {len(result['years'])} years: MAPE {result['plain_mape_pct']:.1f} %.")  # type: ignore[arg-type]
    if missing:
        lines.append(f"Births not found: {', '.join(map(str, missing))}.")  # type: ignore[arg-type]
    return "\n".join(lines)


def _before_after(before: float | None, after: float | None, spec: str = ".1f", sign: bool = False) -> str:
    return f"{_f(before, spec, sign)} → {_f(after, spec, sign)}"


def comparison_tables(after: dict[str, object], before: dict[str, object], shift: dict[str, object]) -> str:
    """The demo backtest with progression ratios per township and settlement class and the
    entry per township (after) beside one ratio per township (before), and the whole
    forecast's shift."""
    pairs = [
        (r["origin"], ya, yb)
        for r, rb in zip(after["runs"], before["runs"], strict=True)  # type: ignore[call-overload]
        for ya, yb in zip(r["years"], rb["years"], strict=True)
    ]
    lines = [
        "Primary schools by where they are, one ratio per township → progression per township and "
        "settlement class (entry per township)\n"
    ]
    lines.append("| origin → year | years ahead | " + " | ".join(f"{k}: bias % | {k}: MAPE %" for k in SETTINGS) + " |")
    lines.append("|---|---|" + "---|---|" * len(SETTINGS))
    for t, ya, yb in pairs:
        cells = []
        for k in SETTINGS:
            a, b = ya["primary_schools_by_setting"].get(k), yb["primary_schools_by_setting"].get(k)
            cells.append(_before_after(b and b["bias_pct"], a and a["bias_pct"], ".1f", True))
            cells.append(_before_after(b and b["mape_pct"], a and a["mape_pct"]))
        lines.append(f"| {t} → {ya['year']} | {ya['horizon']} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("The same bias, grade 1 (entry) and grades 2–6 (progression) apart\n")
    lines.append("| origin → year | " + " | ".join(f"{k}: grade 1 | {k}: grades 2–6" for k in SETTINGS) + " |")
    lines.append("|---|" + "---|---|" * len(SETTINGS))
    for t, ya, yb in pairs:
        cells = []
        for k in SETTINGS:
            a, b = ya["primary_schools_by_setting"].get(k), yb["primary_schools_by_setting"].get(k)
            for key in ("bias_grade_1_pct", "bias_grades_2_6_pct"):
                cells.append(_before_after(b and b[key], a and a[key], ".1f", True))
        lines.append(f"| {t} → {ya['year']} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("County and townships: error % of the pupils per level (townships: mean absolute and worst)\n")
    lines.append("| origin → year | level | county error % | townships: mean abs. error % | townships: worst % |")
    lines.append("|---|---|---|---|---|")
    for t, ya, yb in pairs:
        for level in LEVELS:
            ca = next(c for c in ya["county"] if c["grade"] == level)
            cb = next(c for c in yb["county"] if c["grade"] == level)
            ea = [abs(x["error_pct"]) for x in ya["townships"] if x["level"] == level and x["error_pct"] is not None]
            eb = [abs(x["error_pct"]) for x in yb["townships"] if x["level"] == level and x["error_pct"] is not None]
            lines.append(
                f"| {t} → {ya['year']} | {level} | {_before_after(cb['error_pct'], ca['error_pct'], '.1f', True)} | "
                f"{_before_after(float(np.mean(eb)), float(np.mean(ea)))} | "
                f"{_before_after(float(np.max(eb)), float(np.max(ea)))} |"
            )
    lines.append("")
    lines.append(
        "Township pupils of 2025 by level: predicted (error %), one ratio per township → progression per class\n"
    )
    last = [
        (
            r["origin"],
            next(y for y in r["years"] if y["year"] == 2025),
            next(y for y in rb["years"] if y["year"] == 2025),
        )
        for r, rb in zip(after["runs"], before["runs"], strict=True)  # type: ignore[call-overload]
    ]
    lines.append("| township | level | actual 2025 | " + " | ".join(f"T={t}" for t, _, _ in last) + " |")
    lines.append("|---|---|---|" + "---|" * len(last))
    for k, row in enumerate(last[0][1]["townships"]):
        cells = []
        for _, ya, yb in last:
            a, b = ya["townships"][k], yb["townships"][k]
            cells.append(
                f"{b['predicted']:,.0f} ({_f(b['error_pct'], '.1f', True)}) → "
                f"{a['predicted']:,.0f} ({_f(a['error_pct'], '.1f', True)})"
            )
        lines.append(f"| {row['township']} | {row['level']} | {row['actual']:,.0f} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Schools: MAPE % and schools more than 10 % off\n")
    lines.append("| origin → year | level | MAPE % | median % | worst % | schools > 10 % |")
    lines.append("|---|---|---|---|---|---|")
    for t, ya, yb in pairs:
        for level in LEVELS:
            a, b = ya["schools"][level]["cohort"], yb["schools"][level]["cohort"]
            lines.append(
                f"| {t} → {ya['year']} | {level} | {_before_after(b['mape_pct'], a['mape_pct'])} | "
                f"{_before_after(b['median_ape_pct'], a['median_ape_pct'])} | "
                f"{_before_after(b['worst_ape_pct'], a['worst_ape_pct'], '.0f')} | "
                f"{b['schools_over_10pct']} → {a['schools_over_10pct']} |"
            )
    lines.append("")
    lines.append(
        f"The whole forecast from {shift['base_year']} (cells): children in {shift['year']}, one ratio per township "
        "→ progression per township and settlement class; village share of the primary children on the grid and of the "
        f"pupils at school in {shift['base_year']}\n"
    )
    lines.append("| township | primary | change % | junior | change % | village share: children | pupils |")
    lines.append("|---|---|---|---|---|---|---|")
    for row in shift["townships"]:  # type: ignore[attr-defined]
        cells = []
        for level in LEVELS:
            v = row[level]
            cells += [f"{v['township_ratios']:,.0f} → {v['class_ratios']:,.0f}", _f(v["change_pct"], ".1f", True)]
        share = row["village_share"]
        cells += [_f(share["children"], ".0%"), _f(share["pupils"], ".0%")]
        lines.append(f"| {row['township']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def bench_backtest(out: Path | None = None) -> dict[str, object]:
    """Both backtests: printed as markdown tables and written to ``_data/backtest.json``."""
    inputs = load_demo()
    result = {
        "demo": demo_backtest(inputs),
        "demo_township_ratios": demo_backtest(inputs, by_settlement=False),
        "forecast_shift": forecast_shift(inputs),
        "national": national_backtest(),
    }
    print("## Demo county (Bancang)\n", flush=True)
    print(demo_tables(result["demo"]), flush=True)
    print("\n## Demo county: progression per township and settlement class against per township\n", flush=True)
    print(comparison_tables(result["demo"], result["demo_township_ratios"], result["forecast_shift"]), flush=True)
    print("\n## National figures\n", flush=True)
    print(national_tables(result["national"]), flush=True)
    path = out or CACHE / "backtest.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nwrote {path}", flush=True)
    return result
