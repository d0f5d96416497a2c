"""A plan judged as a planner judges it: each year's state analysed beside doing nothing, and what
each extra 万元 buys (the plan re-solved for a range of budgets).

The figures of :func:`review_plan` come from the full analysis (:func:`gis.analysis.analyze`)
of each year's children with the plan's scenario applied, cell by cell: they do not depend on the
plan model's grouping of children, and they are what the tests check the national rules on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from gis.messages import text
from gis.plan.model import TERMS, Budget
from gis.progress import Progress

if TYPE_CHECKING:
    import pandas as pd

    from gis.analysis import Analysis
    from gis.plan.plan import CountyPlan
    from gis.progress import CancelFn, ProgressFn
    from gis.project import Project
    from gis.standards import Standards

#: The columns of ``plan_summary.csv``.
SUMMARY_COLUMNS = ("year", "metric", "baseline", "plan", "change")
#: The columns of ``pareto.csv``.
PARETO_COLUMNS = (
    "budget", "capital", "beyond", "unplaced", "large", "travel", "cost", "objective", "bound", "gap", "status",
)  # fmt: skip


@dataclass(frozen=True, eq=False)
class YearReview:
    """One year of a plan: doing nothing and the plan's state, both analysed."""

    year: int
    baseline: Analysis
    plan: Analysis


@dataclass(frozen=True, eq=False)
class PlanReview:
    """Every year of a plan analysed beside doing nothing, with the plan's money."""

    plan: CountyPlan
    years: tuple[YearReview, ...]

    def table(self) -> pd.DataFrame:
        """``plan_summary.csv``: per year and county figure, doing nothing, the plan and the change;
        then the year's capital and change of running cost (万元)."""
        import pandas as pd

        from gis.compare import compare

        frames = []
        for t, review in enumerate(self.years):
            table = compare(review.baseline, review.plan, name=f"plan-{review.year}").table()
            table = table.rename(columns={"scenario": "plan"})
            money = pd.DataFrame(
                {
                    "metric": ["plan.capital_wan", "plan.running_change_wan"],
                    "baseline": [0.0, 0.0],
                    "plan": [self.plan.capital_by_year[t], self.plan.running_by_year[t]],
                }
            )
            money["change"] = money["plan"] - money["baseline"]
            table = pd.concat([table, money, self._census_rows(t)], ignore_index=True)
            table.insert(0, "year", review.year)
            frames.append(table)
        return pd.concat(frames, ignore_index=True)[list(SUMMARY_COLUMNS)]

    def _census_rows(self, t: int) -> pd.DataFrame:
        """The year's figures of the plan model, whose schools' pupils are the census's (the pupils a
        school has beyond the grid's children included): per level, pupils without a seat, large and
        very large classes, doing nothing against the plan."""
        import pandas as pd

        from gis.plan.plan import school_state

        plan = self.plan
        rows = []
        states = [school_state(plan.model, v) for v in (plan.nothing_values, plan.solution.values) if v is not None]
        if len(states) < 2:
            return pd.DataFrame(columns=["metric", "baseline", "plan", "change"])
        lines = {"large_classes": self._lines[0], "very_large_classes": self._lines[1]}
        for k, level in enumerate(("primary", "junior")):
            values = []
            for state in states:
                seatless = float(np.maximum(state.pupils[:, k, t] - state.seats[:, k, t], 0.0).sum())
                counts = {name: float(state.large_classes(line)[:, k, t].sum()) for name, line in lines.items()}
                values.append({"pupils_without_seat": seatless, **counts})
            for name in ("pupils_without_seat", "large_classes", "very_large_classes"):
                rows.append((f"census.{level}.{name}", values[0][name], values[1][name]))
        frame = pd.DataFrame(rows, columns=["metric", "baseline", "plan"])
        frame["change"] = frame["plan"] - frame["baseline"]
        return frame

    @property
    def _lines(self) -> tuple[int, int]:
        std = self.years[0].baseline.standards
        return std.large_class, std.very_large_class


def review_plan(
    project: Project,
    standards: Standards,
    plan: CountyPlan,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> PlanReview:
    """Analyse each year of a plan: the year's children with today's schools (their pupils the
    forecast's for the year, :func:`gis.forecast.forecast_year_project`), and with the plan's state of
    that year (its scenario ``plan-YEAR`` applied to that).

    Raises
    ------
    Cancelled
        If ``cancel`` returned True.
    """
    from gis.analysis import analyze
    from gis.forecast import forecast_year_project
    from gis.scenario import apply_scenario

    report = Progress(progress, cancel)
    fc = plan.forecast
    out = []
    n = len(plan.years)
    for t, (year, scenario) in enumerate(zip(plan.years, plan.scenarios, strict=True)):
        stage = report.stage(t / n, (t + 1) / n)
        children = forecast_year_project(project, fc, year)
        base = analyze(children, standards, routing=fc.routing, progress=stage.stage(0.0, 0.5), cancel=cancel)
        after = analyze(
            apply_scenario(children, scenario),
            standards,
            routing=fc.routing,
            progress=stage.stage(0.5, 1.0),
            cancel=cancel,
        )
        out.append(YearReview(year, base, after))
    report(1.0, text("plan analysed"))
    return PlanReview(plan, tuple(out))


@dataclass(frozen=True)
class ParetoPoint:
    """The plan within one budget: capital spent, each term, the objective with its bound and gap."""

    budget: float
    capital: float
    terms: dict[str, float]
    objective: float
    bound: float
    gap: float
    status: str


def pareto(
    plan: CountyPlan,
    budgets: list[float],
    *,
    time_limit: float = 30.0,
    gap: float = 0.005,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> tuple[ParetoPoint, ...]:
    """The plan re-solved for each total budget (the yearly limit kept), each from the best plan of
    the budget before (a smaller budget's plan fits a larger one).

    Every point states the objective's proven bound and gap, as the plan does.
    """
    from gis.plan.plan import greedy_solution, seats_short

    report = Progress(progress, cancel)
    model = plan.model
    limit = model.least_seatless()
    objective = plan.solution.objective
    weights = objective.weights or {t: 0.0 for t in TERMS}
    rank = sum(weights[t] * model.cost_matrix[t] for t in TERMS) if objective.weighted else None
    previous = None
    points = []
    short = seats_short(model, plan.nothing_values) if plan.nothing_values is not None else np.zeros((0, 2))
    for k, amount in enumerate(sorted(budgets)):
        report(k / max(1, len(budgets)), text("budget {amount:,.0f} 万元", amount=amount))
        limits = Budget(total=amount, per_year=plan.budget.per_year)
        # Start from the best plan known to fit: the smaller budget's, the greedy plan of this
        # budget, or the plan itself when it spent no more.
        greedy = greedy_solution(model, plan.candidates, limits, plan.choices, short, objective, limit)
        starts = [] if greedy is None else [greedy.values]
        if previous is not None:
            starts.append(previous)
        if plan.capital <= amount + 1e-6 and _fits_years(plan, limits):
            starts.append(plan.solution.values)
        start = (min(starts, key=lambda v: float(rank @ v)) if rank is not None else starts[-1]) if starts else None
        solution = model.solve(
            plan.solution.objective,
            seatless_limit=limit,
            start=start,
            time_limit=time_limit,
            gap=gap,
            budget=limits,
            fixed=plan.fixed,
        )
        previous = solution.values
        last = solution.stages[-1]
        points.append(
            ParetoPoint(
                budget=float(amount),
                capital=float(model.capital.sum(axis=0) @ solution.values),
                terms=dict(solution.terms),
                objective=last.value,
                bound=last.bound,
                gap=solution.gap,
                status=last.status,
            )
        )
    report(1.0, text("budgets done"))
    return tuple(points)


def _fits_years(plan: CountyPlan, limits: Budget) -> bool:
    return limits.per_year is None or max(plan.capital_by_year) <= limits.per_year + 1e-6


def pareto_budgets(plan: CountyPlan, steps: int = 5) -> list[float]:
    """The budgets of the Pareto view: 0 to the plan's budget (or, without one, the capital the plan
    spent) in ``steps`` equal steps, rounded to 万元."""
    top = plan.budget.total if plan.budget.total is not None else plan.capital
    if not math.isfinite(top) or top <= 0:
        return [0.0]
    return sorted({float(round(top * k / steps)) for k in range(steps + 1)})


def pareto_table(points: tuple[ParetoPoint, ...]) -> pd.DataFrame:
    """``pareto.csv``: one row per budget."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "budget": p.budget,
                "capital": p.capital,
                **{t: p.terms[t] for t in TERMS},
                "objective": p.objective,
                "bound": p.bound,
                "gap": p.gap,
                "status": p.status,
            }
            for p in points
        ],
        columns=list(PARETO_COLUMNS),
    )
