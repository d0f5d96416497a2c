"""What the command line and the window both do with a scenario: analyse it beside the
baseline, compare the two, assess its balance; and the project in a target year of the forecast.

Each use case is written once here and called by ``schoolplan compare``, ``balance``,
``export`` and by the window's docks, so the two front ends cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from gis.analysis import analyze
from gis.balance import assess, scenario_pupils, with_pupils
from gis.compare import compare
from gis.forecast import project_in_year
from gis.progress import Progress
from gis.scenario import apply_scenario

if TYPE_CHECKING:
    from gis.analysis import Analysis
    from gis.balance import Balance
    from gis.cohorts import Births, EnrolmentHistory
    from gis.compare import Comparison
    from gis.edits import Scenario
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
        baseline = analyze(project, standards, progress=_labelled(report.stage(0.0, 0.5), "baseline"), cancel=cancel)
        report = report.stage(0.5, 1.0)
    after = evaluate_scenario(project, chosen, standards, progress=_labelled(report, chosen.name), cancel=cancel)
    return ScenarioRun(chosen.name, baseline, after)


@dataclass(frozen=True)
class YearRun:
    """A project with the children of a target year, analysed, and today's analysis beside it.

    ``analysis.project`` has the year's children (:func:`gis.forecast.project_in_year`) and its
    schools' recorded pupils moved as the model moves the children from today's to the year's
    (:func:`gis.balance.scenario_pupils`, grade by grade, :func:`gis.balance.with_pupils`): a
    school's pupils scaled by the change in the children the capacity-aware assignment gives it.
    So small schools, utilisation, class sizes and the balance assessment are the year's too.
    """

    year: int
    today: Analysis
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
    today: Analysis | None = None,
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
    today
        Today's analysis of the project, if at hand (its routing is reused).
    progress, cancel
        Progress of both analyses as one bar, and a cancel check.

    Raises
    ------
    InputError
        If the year is before the base year or beyond the forecast's reach, or the inputs do not
        fit the project.
    Cancelled
        If ``cancel`` returned True.
    """
    moved = project_in_year(
        project, standards, year=year, births=births, history=history, variant=variant, migration=migration
    )
    report = Progress(progress, cancel)
    if today is None:
        today = analyze(project, standards, progress=_labelled(report.stage(0.0, 0.5), "today"), cancel=cancel)
        report = report.stage(0.5, 1.0)
    later = analyze(moved, standards, routing=today.routing, progress=_labelled(report, str(year)), cancel=cancel)
    schools = with_pupils(moved.schools, scenario_pupils(today, later))
    return YearRun(year, today, replace(later, project=moved.with_layers(schools=schools)))


def _labelled(progress: Progress, label: str) -> ProgressFn:
    def report(fraction: float, message: str) -> None:
        progress(fraction, f"{label}: {message}")

    return report
