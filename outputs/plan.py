"""The files of ``schoolplan plan``: the plan's lines, its summary year by year, its bounds, and
the Pareto view of money.

==================  ===============================================================================
file                what
==================  ===============================================================================
plan.csv            year, action, school_id, name, x, y, seats, beds, capital_cost,
                    running_cost_change, children_affected, worth, worth_term, rationale_zh,
                    rationale_en (money in 万元)
plan_summary.csv    year, metric, baseline, plan, change: each year's county figures without the
                    plan and with it, from the full analysis; then the year's capital and change of
                    running cost
plan_bounds.csv     each solve's value, proven bound and gap; the objective terms of the plan, the
                    greedy plan and doing nothing
pareto.csv          budget, capital, beyond, unplaced, large, travel, cost, objective, bound, gap,
                    status: the plan re-solved for each budget
==================  ===============================================================================

Every CSV goes through :func:`gis.fileio.write_csv` (atomic, no formula a spreadsheet would run).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from gis.fileio import write_csv

if TYPE_CHECKING:
    from gis.plan import CountyPlan
    from gis.plan.review import ParetoPoint, PlanReview

#: The files :func:`write_plan_tables` writes, by kind.
PLAN_FILES: dict[str, str] = {
    "plan": "plan.csv",
    "summary": "plan_summary.csv",
    "bounds": "plan_bounds.csv",
    "pareto": "pareto.csv",
}


def bounds_table(plan: CountyPlan):  # type: ignore[no-untyped-def]
    """``plan_bounds.csv``: the solves (stage, value, bound, gap, status, seconds), then the terms
    of the plan, the greedy plan and doing nothing (``stage`` = ``term:NAME``)."""
    import pandas as pd

    stages = plan.bounds_table()
    terms = plan.terms_table()
    rows = [
        {"stage": f"term:{r.term}", "value": r.plan, "greedy": r.greedy, "nothing": r.nothing}
        for r in terms.itertuples(index=False)
    ]
    return pd.concat([stages, pd.DataFrame(rows)], ignore_index=True)


def write_plan_tables(
    plan: CountyPlan,
    review: PlanReview | None,
    points: tuple[ParetoPoint, ...] | None,
    out_dir: str | os.PathLike[str],
) -> dict[str, Path]:
    """Write ``plan.csv``, ``plan_summary.csv`` (with a review), ``plan_bounds.csv`` and ``pareto.csv``
    (with Pareto points). Returns the paths written, by kind."""
    from gis.plan.review import pareto_table

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {"plan": write_csv(plan.table(), out / PLAN_FILES["plan"])}
    if review is not None:
        written["summary"] = write_csv(review.table().round(3), out / PLAN_FILES["summary"])
    written["bounds"] = write_csv(bounds_table(plan), out / PLAN_FILES["bounds"])
    if points is not None:
        written["pareto"] = write_csv(pareto_table(points), out / PLAN_FILES["pareto"])
    return written
