"""One county of a province run: the task a Dask worker runs, start to end.

:func:`run_county` reads the county's project from its path (a shared folder on a cluster),
runs the steps asked for (``analyze``, ``balance``, ``forecast``, ``plan``), hands what it
computed to the writer of the county's own outputs (:class:`CountyOutcome`, written into a
hidden folder that becomes ``DIR/<county>`` only once complete) and sends back the small
tables of :class:`~gis.province.result.CountyResult`. Whatever goes wrong in the county (its
file, its figures, a solver) comes back as a :class:`~gis.province.result.CountyFailure` naming
the step: it never stops the other counties, and nothing is left written for it.

The county's births and enrolment history are read when they lie beside its project as
``<stem>-births.csv`` and ``<stem>-enrolment.csv`` (the demo county's ``bancang-births.csv``).
"""

from __future__ import annotations

import shutil
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from gis.errors import InputError, Problem, SchoolPlanError
from gis.messages import text
from gis.province.result import BALANCE_COLUMNS, METRIC_COLUMNS, OUTLINE_CRS, CountyFailure, CountyResult

if TYPE_CHECKING:
    from gis.analysis import Analysis
    from gis.balance import Balance
    from gis.cohorts import Births, EnrolmentHistory
    from gis.forecast import ForecastVariants
    from gis.plan import CountyPlan
    from gis.plan.review import PlanReview
    from gis.project import Project
    from gis.standards import Standards

#: The steps a province run can do for each county, in the order they run.
STEPS = ("analyze", "balance", "forecast", "plan")
#: Years the forecast and the plan look ahead of the analysed year when none are given.
AHEAD_YEARS = 5
#: Travel figures of the analysis that go to the province's table (county scope).
TRAVEL_METRICS = (
    "children",
    "share_within_threshold",
    "children_beyond_threshold",
    "mean_travel_min",
    "p95_travel_min",
    "children_unreachable",
)
# Below this many pupils a school is a small one (小规模学校) in the province's table.
SMALL_SCHOOL = 100
# The outline is simplified to this many metres: the province map draws a county a few cm wide.
OUTLINE_TOLERANCE_M = 100.0


@dataclass(frozen=True)
class CountyTask:
    """What a worker needs to run one county: paths and options only, small to send.

    ``folder`` is the county's own output folder (made only when the county succeeds);
    ``year`` the year to analyse (None: the project's own year); ``years`` the forecast's and
    the plan's years (None: the :data:`AHEAD_YEARS` after the analysed year).
    """

    path: str
    county: str
    folder: str
    steps: tuple[str, ...] = ("analyze", "balance")
    year: int | None = None
    years: tuple[int, ...] | None = None
    standards: str | None = None
    budget: float | None = None
    time_limit: float = 60.0
    gap: float = 0.01


@dataclass(frozen=True)
class CountyOutcome:
    """What one county's worker computed, handed to the writer of its own outputs."""

    project: Project
    standards: Standards
    year: int
    analysis: Analysis | None = None
    balance: Balance | None = None
    forecast: ForecastVariants | None = None
    plan: CountyPlan | None = None
    review: PlanReview | None = None


#: Writes a county's own outputs into a new, empty folder and returns the files written. It is
#: called on the worker, so it must pickle: a module-level function or a ``functools.partial``.
Writer = Callable[[CountyOutcome, Path], list[Path]]


class _Step:
    """The step running, for the failure's report."""

    def __init__(self) -> None:
        self.name = "read"


def run_county(task: CountyTask, write: Writer | None = None) -> CountyResult | CountyFailure:
    """Run one county's steps, write its outputs and return its figures, or why it failed.

    Parameters
    ----------
    task
        The county's project, output folder, steps and options.
    write
        Writes the county's own outputs (None: nothing is written, only the figures returned).

    Returns
    -------
    The county's figures, or the failure (step and message) when its file, its inputs or a
    step went wrong. Only the death of the worker itself escapes (Dask then runs the task again
    on another worker).
    """
    started = time.perf_counter()
    step = _Step()
    partial = partial_folder(Path(task.folder))
    try:
        outcome, assessed = _compute(task, step)
        step.name = "figures"
        metrics, balance = _figures(task.county, outcome, assessed)
        written: tuple[str, ...] = ()
        if write is not None:
            step.name = "write"
            written = _write(write, outcome, Path(task.folder), partial)
        return CountyResult(
            county=task.county,
            year=outcome.year,
            path=task.path,
            code=outcome.project.settings.get("county_code", ""),
            metrics=metrics,
            balance=balance,
            outline=_outline(outcome.project),
            folder=task.folder if write is not None else "",
            written=written,
            seconds=time.perf_counter() - started,
            peak_memory_mb=peak_memory_mb(),
            worker=_worker_address(),
        )
    except (SchoolPlanError, ValueError, OSError, MemoryError) as exc:
        shutil.rmtree(partial, ignore_errors=True)
        return CountyFailure(task.county, task.year, task.path, step.name, _message(exc), traceback.format_exc())
    except Exception as exc:  # an error of SchoolPlan itself: reported for this county, the others go on
        shutil.rmtree(partial, ignore_errors=True)
        message = text("unexpected error ({kind}: {error}); please report it", kind=type(exc).__name__, error=str(exc))
        return CountyFailure(task.county, task.year, task.path, step.name, message, traceback.format_exc())


def _compute(task: CountyTask, step: _Step) -> tuple[CountyOutcome, Balance]:
    """What the steps compute, and the year's assessment (its classes are in the figures whatever the steps)."""
    from gis.balance import assess
    from gis.cohorts import base_year
    from gis.project import load_project
    from gis.standards import load_standards

    standards = load_standards(task.standards)
    project = recorded = load_project(task.path)
    births, history = _history(Path(task.path), project)
    base = base_year(project, history).year
    year = base if task.year is None else task.year
    step.name = "analyze"
    analysis = None
    if "analyze" in task.steps or year != base:  # a later year's pupils come from its analysis
        analysis = _analysis(project, standards, year=year, base=base, births=births, history=history)
        project = analysis.project
    step.name = "balance"
    balance = assess(project.schools, standards)
    forecast = plan = review = None
    ahead = task.years or tuple(range(year + 1, year + 1 + AHEAD_YEARS))
    # The forecast and the plan start from the recorded year, not a later one's.
    source = project if task.year is None else recorded
    if "forecast" in task.steps:
        step.name = "forecast"
        from gis.forecast import forecast_variants

        forecast = forecast_variants(source, standards, years=ahead, births=births, history=history)
    if "plan" in task.steps:
        step.name = "plan"
        from gis.plan import Budget, county_plan
        from gis.plan.review import review_plan

        plan = county_plan(
            source,
            standards,
            years=list(ahead),
            budget=Budget(total=task.budget),
            births=births,
            history=history,
            time_limit=task.time_limit,
            gap=task.gap,
        )
        review = review_plan(source, standards, plan)
    outcome = CountyOutcome(
        project=project,
        standards=standards,
        year=year,
        analysis=analysis if "analyze" in task.steps else None,
        balance=balance if "balance" in task.steps else None,
        forecast=forecast,
        plan=plan,
        review=review,
    )
    return outcome, balance


def _analysis(
    project: Project,
    standards: Standards,
    *,
    year: int,
    base: int,
    births: Births | None,
    history: EnrolmentHistory | None,
) -> Analysis:
    if year == base:
        from gis.analysis import analyze

        return analyze(project, standards)
    from gis.usecases import run_year

    return run_year(project, standards, year=year, births=births, history=history).analysis


def _history(path: Path, project: Project) -> tuple[Births | None, EnrolmentHistory | None]:
    """The county's births and enrolment history beside its project, when there."""
    from gis.importing.births import read_births
    from gis.importing.enrolment import read_enrolment
    from gis.importing.report import ImportReport

    report = ImportReport()
    births_path = path.with_name(f"{path.stem}-births.csv")
    history_path = path.with_name(f"{path.stem}-enrolment.csv")
    births = read_births(births_path, project, report=report) if births_path.is_file() else None
    history = read_enrolment(history_path, project, report=report) if history_path.is_file() else None
    if report.errors:
        raise InputError(
            [Problem(f.problem, file=f.file, feature=f.where, field=f.field, value=f.value) for f in report.errors]
        )
    return births, history


def _figures(county: str, outcome: CountyOutcome, assessed: Balance) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The county's rows of the province's figures and of its balance table."""
    rows: list[tuple[str, str, float]] = []
    if outcome.analysis is not None:
        rows += _travel_rows(outcome.analysis)
    rows += _school_rows(outcome.project, assessed.classes)
    balance = pd.DataFrame(columns=list(BALANCE_COLUMNS))
    if outcome.balance is not None:
        rows += _balance_rows(outcome.balance)
        table = outcome.balance.table()
        table.insert(0, "county", county)
        table.insert(1, "year", outcome.year)
        balance = table[list(BALANCE_COLUMNS)]
    if outcome.forecast is not None:
        rows += _forecast_rows(outcome.forecast)
    if outcome.plan is not None:
        gaps = [stage.gap for stage in outcome.plan.solution.stages]
        rows += [
            ("all", "plan_actions", float(len(outcome.plan.actions))),
            ("all", "plan_capital", float(outcome.plan.capital)),
            ("all", "plan_gap", float(max(gaps)) if gaps else float("nan")),
        ]
    metrics = pd.DataFrame(rows, columns=["level", "metric", "value"])
    metrics.insert(0, "county", county)
    metrics.insert(1, "year", outcome.year)
    return metrics[list(METRIC_COLUMNS)], balance


def _travel_rows(analysis: Analysis) -> list[tuple[str, str, float]]:
    from gis.indicators import coverage_indicators

    county = {(i.level, i.metric): i.value for i in coverage_indicators(analysis) if i.scope == "county"}
    rows = []
    for level in ("grades_1_3", "primary", "junior"):
        rows += [(level, m, float(county[level, m])) for m in TRAVEL_METRICS if (level, m) in county]
        if (level, "children_overflow") in county:
            rows.append((level, "children_not_placed", float(county[level, "children_overflow"])))
    return rows


def _school_rows(project: Project, classes: pd.DataFrame) -> list[tuple[str, str, float]]:
    rows = []
    total = classes["pupils"].to_numpy(dtype=float)
    for level in ("primary", "junior"):
        pupils = classes[f"pupils_{level}"].to_numpy(dtype=float)
        teaches = pupils > 0
        rows += [
            (level, "schools", float(teaches.sum())),
            (level, "pupils", float(pupils.sum())),
            (level, "schools_under_100", float((teaches & (total < SMALL_SCHOOL)).sum())),
            (level, "large_classes_56", float(classes[f"large_classes_{level}"].sum())),
            (level, "very_large_classes_66", float(classes[f"very_large_classes_{level}"].sum())),
        ]
    points = (project.schools["type"].astype(str) == "teaching_point").sum()
    rows.append(("primary", "teaching_points", float(points)))
    return rows


def _balance_rows(balance: Balance) -> list[tuple[str, str, float]]:
    rows = []
    standards = balance.school_standards
    for level in ("primary", "junior"):
        for method in ("basic", "quality"):
            try:
                coefficient = balance.get(level, method)
            except KeyError:
                continue
            rows.append((level, f"{method}_coefficient", float(coefficient.coefficient)))
            judged = [c.passes for c in balance.coefficients if (c.level, c.method) == (level, method)]
            known = [p for p in judged if p is not None]
            if known:
                rows.append((level, f"{method}_passes", float(all(known))))
        mine = standards[standards["level"] == level]
        if len(mine):
            rows.append((level, "schools_meeting_standards", float(mine["passes"].astype(bool).mean())))
    return rows


def _forecast_rows(variants: ForecastVariants) -> list[tuple[str, str, float]]:
    from gis.schema import LEVEL_GRADES, LEVELS

    forecast = variants.forecast
    balance = forecast.seat_balance()
    rows = []
    for k, level in enumerate(LEVELS):
        grades = [g - 1 for g in LEVEL_GRADES[level]]
        first, last = forecast.children[0, grades].sum(), forecast.children[-1, grades].sum()
        change = (last - first) / first if first > 0 else float("nan")
        rows += [
            (level, "forecast_children_last", float(last)),
            (level, "forecast_change", float(change)),
            (level, "forecast_schools_short", float((balance[-1, :, k] < -0.5).sum())),
            (level, "forecast_not_placed_last", float(forecast.not_placed[-1, k])),
        ]
    return rows


def _outline(project: Project) -> bytes:
    """The county's outline (its townships' union, simplified) as WKB in longitude and latitude."""
    import geopandas as gpd
    import shapely

    townships = project.townships
    if townships is None or townships.empty:
        return b""
    union = shapely.union_all(np.asarray(townships.geometry.values))
    if union is None or union.is_empty:
        return b""
    simple = union.simplify(OUTLINE_TOLERANCE_M, preserve_topology=True)
    lonlat = gpd.GeoSeries([simple], crs=townships.crs or project.crs).to_crs(OUTLINE_CRS).iloc[0]
    return bytes(shapely.to_wkb(lonlat))


def partial_folder(folder: Path) -> Path:
    """The hidden folder a county's outputs are written into before they take ``folder``'s place."""
    return folder.with_name(f".{folder.name}.partial")


def _write(write: Writer, outcome: CountyOutcome, folder: Path, partial: Path) -> tuple[str, ...]:
    """Write into a hidden folder beside ``folder``, then put it in ``folder``'s place."""
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    files = write(outcome, partial)
    old = folder.with_name(f".{folder.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    partial.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
    return tuple(sorted(str(Path(f).relative_to(partial)) for f in files))


def _message(exc: BaseException) -> str:
    if isinstance(exc, InputError):
        return "; ".join(str(p) for p in exc.problems)
    if isinstance(exc, MemoryError):
        return text("not enough memory for this county: give the workers more (--memory-per-worker) or fewer counties")
    return str(exc) or type(exc).__name__


def peak_memory_mb() -> float:
    """The peak resident memory of this process so far, MB (the worker's, on a worker)."""
    try:
        import resource
    except ImportError:  # Windows: the current resident memory instead
        import psutil

        return float(psutil.Process().memory_info().rss) / 2**20
    scale = 2**20 if sys.platform == "darwin" else 2**10  # bytes on macOS, KiB on Linux
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / scale


def _worker_address() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return ""
