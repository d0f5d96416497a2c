"""What the command line and the window both do with a scenario: analyse it beside the
baseline, compare the two, assess its balance; and the project in a target year of the forecast.

Each use case is written once here and called by ``schoolplan compare``, ``balance``,
``export``, ``standards-plan`` and by the window's docks, so the two front ends cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gis.analysis import analyze
from gis.balance import assess, scenario_pupils
from gis.compare import compare
from gis.errors import InputError, Problem
from gis.forecast import check_target_year, forecast_year_project, projects_in_years
from gis.forecast import forecast as forecast_years
from gis.messages import text
from gis.progress import Progress
from gis.scenario import apply_scenario
from gis.standards_plan import StandardsOptions, StandardsPlan, plan_standards, school_commutes, school_settlements
from gis.zones import ZoneOptions, Zones, draw_zones

if TYPE_CHECKING:
    from collections.abc import Mapping

    import geopandas as gpd

    from gis.analysis import Analysis
    from gis.balance import Balance
    from gis.cohorts import Births, EnrolmentHistory
    from gis.compare import Comparison
    from gis.edits import Scenario
    from gis.forecast import Forecast
    from gis.progress import CancelFn, ProgressFn
    from gis.project import Project
    from gis.standards import Standards


def evaluate_scenario(
    project: Project,
    scenario: Scenario,
    standards: Standards,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Analysis:
    """Analyse the scenario's project with the baseline's rules."""
    return analyze(apply_scenario(project, scenario), standards, progress=progress, cancel=cancel)


@dataclass(frozen=True)
class ScenarioRun:
    """The baseline and a scenario analysed with the same rules."""

    name: str
    baseline: Analysis
    scenario: Analysis

    def comparison(self) -> Comparison:
        """The county figures side by side (:func:`gis.compare.compare`)."""
        return compare(self.baseline, self.scenario, name=self.name)

    def balance(self) -> Balance:
        """The scenario's balance assessment, its pupils moved as the model moves the children."""
        return assess(
            self.scenario.project.schools,
            self.scenario.standards,
            pupils=scenario_pupils(self.baseline, self.scenario),
        )


def run_scenario(
    project: Project,
    scenario: Scenario | str,
    standards: Standards,
    *,
    baseline: Analysis | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ScenarioRun:
    """Analyse the baseline (unless ``baseline`` is given) and a scenario of the project.

    Parameters
    ----------
    project
        The baseline project.
    scenario
        The scenario, or the name of one saved in the project.
    standards
        The rules of both analyses.
    baseline
        The baseline's analysis when there is one already (with the same rules).
    progress, cancel
        Progress of both analyses as one bar, and a cancel check.

    Raises
    ------
    InputError
        When there is no saved scenario of that name, or an edit cannot apply.
    Cancelled
        If ``cancel`` returned True.
    """
    chosen = project.scenario(scenario) if isinstance(scenario, str) else scenario
    report = Progress(progress, cancel)
    if baseline is None:
        labelled = _labelled(report.stage(0.0, 0.5), text("baseline"))
        baseline = analyze(project, standards, progress=labelled, cancel=cancel)
        report = report.stage(0.5, 1.0)
    after = evaluate_scenario(project, chosen, standards, progress=_labelled(report, chosen.name), cancel=cancel)
    return ScenarioRun(chosen.name, baseline, after)


@dataclass(frozen=True)
class YearRun:
    """A project in a target year of the enrolment forecast, analysed.

    ``analysis.project`` is :func:`gis.forecast.forecast_year_project`: the year's children and,
    as each school's pupils, the pupils the forecast's assignment gives it that year (as the
    window's Forecast dock shows a year); so small schools, utilisation, class sizes, flags and
    the balance assessment are the year's. ``forecast`` reaches the year (and, when it was
    given, maybe further).
    """

    year: int
    forecast: Forecast
    analysis: Analysis

    @property
    def project(self) -> Project:
        """The project of the target year (its children and its schools' pupils)."""
        return self.analysis.project


def run_year(
    project: Project,
    standards: Standards,
    *,
    year: int,
    births: Births | None = None,
    history: EnrolmentHistory | None = None,
    variant: str = "medium",
    migration: bool = True,
    forecast: Forecast | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> YearRun:
    """The project in a target year: what ``analyze``, ``suggest``, ``compare``, ``balance`` and
    ``export`` work on with ``--year``.

    Parameters
    ----------
    project
        The project with today's children and recorded enrolment.
    standards
        The rules in force.
    year
        The target year: the base year or later (:func:`gis.forecast.check_target_year`).
    births, history, variant, migration
        The forecast's inputs (:func:`gis.forecast.forecast`).
    forecast
        A forecast of the project that has the year; made here (for that year alone) when not given.
    progress, cancel
        Progress of the forecast and the analysis as one bar, and a cancel check.

    Raises
    ------
    InputError
        If the year is before the base year or beyond the forecast's reach, or the inputs do not
        fit the project.
    Cancelled
        If ``cancel`` returned True.
    """
    report = Progress(progress, cancel)
    if forecast is None or year not in forecast.years:
        base = check_target_year(project, year, history=history)
        ahead = year > base.year
        forecast = forecast_years(
            project, standards, years=[year if ahead else year + 1], births=births, history=history,
            variant=variant, migration=migration, base_row=not ahead,
            progress=_labelled(report.stage(0.0, 0.7), text("forecast")), cancel=cancel,
        )  # fmt: skip
        report = report.stage(0.7, 1.0)
    moved = forecast_year_project(project, forecast, year)
    analysis = analyze(moved, standards, routing=forecast.routing, progress=_labelled(report, str(year)), cancel=cancel)
    return YearRun(year, forecast, analysis)


def _labelled(progress: Progress, label: str) -> ProgressFn:
    def report(fraction: float, message: str) -> None:
        progress(fraction, text("{label}: {message}", label=label, message=message))

    return report


@dataclass(frozen=True)
class StandardsPlanRun:
    """A standards plan and what it was made on: the project (a scenario applied, a year's pupils)."""

    plan: StandardsPlan
    project: Project
    base: Scenario | None
    year: int | None

    def scenario(self, name: str) -> Scenario:
        """The base scenario's edits (none for the baseline) and then the plan's."""
        return self.plan.scenario(name, self.base)


def run_standards_plan(
    project: Project,
    standards: Standards,
    *,
    scenario: Scenario | str | None = None,
    year_run: YearRun | None = None,
    options: StandardsOptions | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> StandardsPlanRun:
    """The standards plan (:func:`gis.standards_plan.plan_standards`) of the baseline, a scenario or
    a target year, with the teachers' commutes and the schools' settlement classes of the project.

    Parameters
    ----------
    project
        The baseline project.
    scenario
        A scenario (or the name of one saved in the project) to plan on: its schools, their pupils
        moved as the analysis moves the children (as ``schoolplan balance --scenario`` assesses).
    year_run
        The project in a target year (:func:`run_year`): its schools' pupils are the year's.
    options
        The plan's budget, posts, land and limits.
    progress, cancel
        Progress of the whole as one bar, and a cancel check.

    Raises
    ------
    InputError
        For bad options, an unknown scenario, and a target no plan reaches (in words).
    Cancelled
        If ``cancel`` returned True.
    """
    report = Progress(progress, cancel)
    base = project if year_run is None else year_run.project
    chosen = project.scenario(scenario) if isinstance(scenario, str) else scenario
    pupils = None
    if chosen is not None:
        run = run_scenario(
            base,
            chosen,
            standards,
            baseline=year_run.analysis if year_run is not None else None,
            progress=report.stage(0.0, 0.3),
            cancel=cancel,
        )
        planned = run.scenario.project
        pupils = scenario_pupils(run.baseline, run.scenario)
        networks = run.scenario.networks
    else:
        planned = base
        networks = year_run.analysis.networks if year_run is not None else {}
    report = report.stage(0.3 if chosen is not None else 0.0, 1.0)
    report(0.0, text("teachers' commutes between schools"))
    # The roads are those of the analysis made already, if any: its network of the mode serves.
    commute = school_commutes(planned, standards, network=networks.get(standards.teachers.commute_mode))
    settlement = school_settlements(planned, standards)
    plan = plan_standards(
        planned.schools,
        standards,
        pupils=pupils,
        commute=commute,
        settlement=settlement,
        options=options,
        progress=report.stage(0.05, 1.0),
        cancel=cancel,
    )
    return StandardsPlanRun(plan, planned, chosen, None if year_run is None else year_run.year)


@dataclass(frozen=True)
class ZonesRun:
    """Enrolment zones of a level (:func:`gis.zones.draw_zones`) for today, a year or a range of years."""

    zones: Zones
    project: Project


def run_zones(
    project: Project,
    standards: Standards,
    *,
    options: ZoneOptions | None = None,
    years: tuple[int, int] | None = None,
    births: Births | None = None,
    history: EnrolmentHistory | None = None,
    variant: str = "medium",
    migration: bool = True,
    villages: gpd.GeoDataFrame | None = None,
    previous: Mapping[str, str] | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ZonesRun:
    """The enrolment zones of a level: what ``schoolplan zones`` and the window's Zones dialog do.

    Parameters
    ----------
    project
        The project with today's children.
    options
        Level, town blocks and the solver's limits.
    years
        ``(first, last)``: zones whose schools hold their children in every year of the range
        (one year: ``(y, y)``); None for today's children.
    births, history, variant, migration
        The forecast's inputs (:func:`gis.forecast.projects_in_years`), for ``years``.
    villages
        The county's village boundaries (:func:`gis.importing.villages.read_villages`); None for
        Voronoi areas built from the places.
    previous
        Last year's zones, village code → school id (:func:`gis.importing.villages.read_previous_zones`).
    progress, cancel
        Progress as one bar, and a cancel check.

    Raises
    ------
    InputError
        For years before the base year or beyond the projection's reach, inputs that do not fit
        the project, and seats no zones fit (in words).
    SolverError
        If no contiguous zones were found within the time limit.
    Cancelled
        If ``cancel`` returned True.
    """
    report = Progress(progress, cancel)
    populations = None
    if years is not None:
        first, last = years
        if last < first:
            raise InputError(
                Problem(text("the last year comes before the first"), field="years", value=f"{first}-{last}")
            )
        report(0.0, text("forecast"))
        projects = projects_in_years(
            project, standards, years=range(first, last + 1), births=births, history=history, variant=variant,
            migration=migration,
        )  # fmt: skip
        populations = [(first + i, p.population) for i, p in enumerate(projects)]
    zones = draw_zones(
        project, standards, populations=populations, options=options, villages=villages, previous=previous,
        progress=report.stage(0.05 if years is not None else 0.0, 1.0), cancel=cancel,
    )  # fmt: skip
    return ZonesRun(zones, project)
