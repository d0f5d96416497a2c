"""What the command line and the window both do with a scenario: analyse it beside the
baseline, compare the two, assess its balance (today, or with a target year's children).

Each use case is written once here and called by ``schoolplan compare``, ``balance``,
``export`` and by the window's docks, so the two front ends cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gis.analysis import analyze
from gis.balance import assess, scenario_pupils
from gis.compare import compare
from gis.progress import Progress
from gis.scenario import apply_scenario

if TYPE_CHECKING:
    from gis.analysis import Analysis
    from gis.balance import Balance
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


def balance_in_year(
    project: Project,
    year_project: Project,
    standards: Standards,
    *,
    scenario: Scenario | str | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Balance:
    """The balance assessment with a target year's pupils, for the project's schools or a scenario's.

    Each school's recorded pupils are moved as the model moves the children from today's
    (``project``) to the year's (``year_project``, :func:`gis.forecast.project_in_year`): scaled by
    the change in the children the capacity-aware assignment gives the school
    (:func:`gis.balance.scenario_pupils`), as a scenario's are.

    Parameters
    ----------
    project
        The project with today's children (its schools' recorded enrolment is today's).
    year_project
        The same project with the children of the target year.
    standards
        The rules, with their ``[balance]`` section.
    scenario
        A scenario (or the name of one saved in the project) applied in the target year.
    progress, cancel
        Progress of both analyses as one bar, and a cancel check.

    Raises
    ------
    InputError
        When there is no saved scenario of that name, an edit cannot apply, or the rules have
        no ``[balance]`` section.
    Cancelled
        If ``cancel`` returned True.
    """
    report = Progress(progress, cancel)
    today = analyze(project, standards, progress=_labelled(report.stage(0.0, 0.5), "today"), cancel=cancel)
    later_progress = report.stage(0.5, 1.0)
    if scenario is None:
        later = analyze(
            year_project, standards, routing=today.routing, progress=_labelled(later_progress, "target year"),
            cancel=cancel,
        )  # fmt: skip
    else:
        chosen = project.scenario(scenario) if isinstance(scenario, str) else scenario
        later = evaluate_scenario(
            year_project, chosen, standards, progress=_labelled(later_progress, chosen.name), cancel=cancel
        )
    return assess(later.project.schools, standards, pupils=scenario_pupils(today, later))


def _labelled(progress: Progress, label: str) -> ProgressFn:
    def report(fraction: float, message: str) -> None:
        progress(fraction, f"{label}: {message}")

    return report
