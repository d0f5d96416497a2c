"""What the command line and the window both do with a scenario: analyse it beside the
baseline, compare the two, assess its balance.

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


def _labelled(progress: Progress, label: str) -> ProgressFn:
    def report(fraction: float, message: str) -> None:
        progress(fraction, f"{label}: {message}")

    return report
