"""Making the county plan for the window, without widgets (run in worker threads).

:func:`make_plan` reads the forecast's files (those of the forecast made in the Enrolment
forecast dock, if one was made) and runs :func:`gis.plan.county_plan`; :func:`compare_budgets`
re-solves the plan for a range of total budgets (:func:`gis.plan.review.pareto`) and draws the
chart of what each budget buys (:func:`layers.plan_charts.pareto_figure`, as ``schoolplan plan``
draws ``pareto.png``) as a PNG image, :func:`draw_budgets`.
The Plan dock (:mod:`app.plan`) runs them through the task runner and shows the results.
Nothing here knows Qt, and nothing here plans: the rules and the solve are the core's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from gis.cohorts import Births, EnrolmentHistory
    from gis.plan import Budget, CountyPlan, Objective
    from gis.plan.review import ParetoPoint
    from gis.progress import CancelFn, ProgressFn
    from gis.project import Project
    from gis.standards import Standards

#: Years a plan covers by default: the five after the base year.
DEFAULT_SPAN = 5


@dataclass(frozen=True)
class PlanInputs:
    """What a plan is asked for: its years, budgets, objective, solver limits and the forecast's inputs.

    Attributes
    ----------
    first, last
        The plan's years.
    total, per_year
        Capital limits in 万元 (None: no limit).
    order
        The objective terms in order of priority (lexicographic); None: the default weights.
    time_limit
        Seconds the solver may take for the plan (all stages together).
    worth
        Also find each action's worth (what the plan loses without it).
    budget_steps
        Budgets compared on the chart beyond 0 (0: no chart).
    births, history, variant, migration
        The forecast's inputs (:class:`app.forecasting.ForecastInputs`): none, the project's
        children with the rules' migration.
    """

    first: int
    last: int
    total: float | None = None
    per_year: float | None = None
    order: tuple[str, ...] | None = None
    time_limit: float = 120.0
    worth: bool = True
    budget_steps: int = 4
    births: Path | None = None
    history: tuple[Path, ...] = ()
    variant: str = "medium"
    migration: bool = True

    @property
    def years(self) -> list[int]:
        """The plan's years, first to last."""
        return list(range(self.first, self.last + 1))

    def budget(self) -> Budget:
        """The capital limits."""
        from gis.plan import Budget

        return Budget(total=self.total, per_year=self.per_year)

    def objective(self) -> Objective:
        """The default weights, or the order given."""
        from gis.plan import TERMS, Objective

        if self.order is None:
            return Objective()
        return Objective(order=tuple(self.order) + tuple(t for t in TERMS if t not in self.order), weights=None)


@dataclass(frozen=True, eq=False)
class PlanRun:
    """A plan made in the window, with what it was asked for and the project it was made of."""

    inputs: PlanInputs
    plan: CountyPlan
    project: Project


@dataclass(frozen=True, eq=False)
class BudgetsRun:
    """The plan re-solved for a range of total budgets: the points, their table (``pareto.csv``'s
    columns) and its chart as a PNG image in one language (``zh`` or ``en``; None: not drawn)."""

    plan: CountyPlan
    points: tuple[ParetoPoint, ...]
    table: pd.DataFrame
    chart: bytes | None = None
    language: str = ""


def default_plan_years(project: Project, base: int | None = None) -> tuple[int, int]:
    """The first and last year of a plan by default: the :data:`DEFAULT_SPAN` years after the base year.

    ``base`` is the base year when known (a forecast's); else the project's (its ``year``
    setting, else the current year: :func:`gis.cohorts.base_year`).
    """
    if base is None:
        from gis.cohorts import base_year
        from gis.errors import InputError

        try:
            base = base_year(project).year
        except InputError:  # a bad year setting: the plan reports it when run
            import datetime

            base = datetime.date.today().year
    return base + 1, base + DEFAULT_SPAN


def parse_budget(text: str, *, field: str) -> float | None:
    """A budget typed in 万元 (thousands separators allowed; empty: no limit).

    Raises
    ------
    InputError
        If the text is not a number. A negative number is returned: the plan's own check
        (:func:`gis.plan.county_plan`) refuses it.
    """
    cleaned = text.strip().replace(",", "").replace("，", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        from gis.errors import InputError, Problem

        raise InputError(
            Problem(
                "a budget must be a number (万元)", field=field, value=text, fix="give the budget in 万元, e.g. 8000"
            )
        )
    return value


def read_forecast_inputs(
    project: Project, births_path: Path | None, history_paths: tuple[Path, ...] | None
) -> tuple[Births | None, EnrolmentHistory | None]:
    """The forecast's births and enrolment history read for a project (None where no file is
    given); every problem found in them raised together.

    Raises
    ------
    InputError
        For the errors the files have, each with its file, row, field and value.
    """
    from gis.errors import InputError, Problem
    from gis.importing.report import ImportReport

    report = ImportReport()
    births = history = None
    if births_path is not None:
        from gis.importing.births import read_births

        births = read_births(births_path, project, report=report)
    if history_paths:
        from gis.importing.enrolment import read_enrolment

        history = read_enrolment(list(history_paths), project, report=report)
    if report.errors:
        raise InputError(
            [
                Problem(f.problem, file=f.file, feature=f.where, field=f.field, value=f.value, fix=f.fix)
                for f in report.errors
            ]
        )
    return births, history


def make_plan(
    project: Project,
    standards: Standards,
    inputs: PlanInputs,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> CountyPlan:
    """Read the forecast's files and plan (in a worker; no widgets).

    The core's progress messages are not passed on (they are English): the window says what
    runs in its own words.

    Raises
    ------
    InputError
        Errors in the forecast's files (their lines), bad years or budgets, or no plan within
        the time limit.
    Cancelled
        If ``cancel`` returned True.
    """
    from gis.plan import county_plan
    from gis.progress import Progress

    bar = Progress(lambda fraction, _message: progress(fraction, "") if progress else None, cancel)
    births, history = read_forecast_inputs(project, inputs.births, inputs.history)
    bar(0.02)
    return county_plan(
        project,
        standards,
        years=inputs.years,
        budget=inputs.budget(),
        objective=inputs.objective(),
        births=births,
        history=history,
        variant=inputs.variant,
        migration=inputs.migration,
        time_limit=inputs.time_limit,
        worth=inputs.worth,
        progress=bar.stage(0.02, 1.0),
        cancel=cancel,
    )


def compare_budgets(
    plan: CountyPlan,
    *,
    steps: int,
    time_limit: float,
    language: str | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> BudgetsRun:
    """The plan re-solved for ``steps`` + 1 total budgets from 0 to its own (or to what it spent), and its chart.

    Each budget gets a share of ``time_limit`` (at least 5 s), as ``schoolplan plan --pareto-steps``
    gives it. ``language``: ``zh`` or ``en``, the chart's words; None: no chart.

    Raises
    ------
    Cancelled
        If ``cancel`` returned True (checked between budgets).
    """
    from gis.plan.review import pareto, pareto_budgets, pareto_table

    budgets = pareto_budgets(plan, steps)
    points = pareto(
        plan,
        budgets,
        time_limit=max(5.0, time_limit / len(budgets)),
        progress=(lambda fraction, _message: progress(fraction, "")) if progress else None,
        cancel=cancel,
    )
    table = pareto_table(points)
    chart = None if language is None else draw_budgets(table, language)
    return BudgetsRun(plan, points, table, chart, language or "")


def draw_budgets(table: pd.DataFrame, language: str) -> bytes:
    """The chart of what each budget buys (:func:`layers.plan_charts.pareto_figure`) as a PNG image
    (safe in a worker), at the resolution of the Forecast dock's charts."""
    from app.forecasting import _png
    from layers.plan_charts import pareto_figure

    return _png(pareto_figure(table, language="zh" if language == "zh" else "en"))
