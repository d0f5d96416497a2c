"""The files of ``schoolplan plan``: the plan's lines, its summary year by year, its bounds, the
Pareto view of money, and what a meeting looks at: the chart of what each budget buys, a map per
phase, the workbook and the plan's atlas.

:func:`write_plan_tables` writes the CSV files; :func:`write_plan` writes them and every other
file below. Every file is written atomically; every CSV goes through :func:`gis.fileio.write_csv`
(no formula a spreadsheet would run); the workbook's cells are written as the Excel report's are
(:mod:`outputs.xlsx`).

====================  =============================================================================
file                  what
====================  =============================================================================
plan.csv              year, action, school_id, name, x, y, seats, beds, capital_cost,
                      running_cost_change, children_affected, worth, worth_term, rationale_zh,
                      rationale_en (money in 万元)
plan_summary.csv      year, metric, baseline, plan, change: each year's county figures without the
                      plan and with it, from the full analysis; then the year's capital and change of
                      running cost
plan_bounds.csv       each solve's value, proven bound and gap; the objective terms of the plan, the
                      greedy plan and doing nothing
pareto.csv            budget, capital, beyond, unplaced, large, travel, cost, objective, bound, gap,
                      status: the plan re-solved for each budget
pareto.png            what each budget buys: the terms against the budget, each budget's bound and
                      gap (:func:`layers.plan_charts.pareto_figure`)
plan_map_YEAR.png     one map per year with actions: the year's actions numbered, earlier years' pale,
                      arrows from each school closed to the school receiving its pupils, the list
                      of the year's actions and its money (:func:`layers.printmap.plan_map`)
plan.xlsx             sheets plan, summary (plan_summary), pareto and bounds, labelled in the
                      output's language
plan.pdf              the plan's atlas: a cover with the budget, the capital, each solve's bound and
                      gap and the contents, then one page per year with actions (its map)
====================  =============================================================================

``plan_summary.csv`` needs the plan's review (:func:`gis.plan.review.review_plan`), as do the map's
arrows and the workbook's summary sheet; ``pareto.csv``, ``pareto.png`` and the pareto sheet need
the Pareto points (:func:`gis.plan.review.pareto`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from gis.fileio import write_atomic, write_csv
from layers.glossary import check_language, find, term
from outputs.xlsx import (
    COUNT,
    DECIMAL,
    MINUTES,
    PER_PUPIL,
    TEXT,
    WHOLE,
    _table,
    figure_label,
    label,
    number_format,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure
    from openpyxl.worksheet.worksheet import Worksheet

    from gis.plan import CountyPlan
    from gis.plan.moves import Move
    from gis.plan.review import ParetoPoint, PlanReview
    from gis.progress import ProgressFn
    from gis.project import Project

#: The files :func:`write_plan_tables` writes, by kind.
PLAN_FILES: dict[str, str] = {
    "plan": "plan.csv",
    "summary": "plan_summary.csv",
    "bounds": "plan_bounds.csv",
    "pareto": "pareto.csv",
}
#: The other files of :func:`write_plan`, by kind (the maps: one per year with actions).
PLAN_OUTPUTS: dict[str, str] = {
    "pareto_chart": "pareto.png",
    "map": "plan_map_{year}.png",
    "xlsx": "plan.xlsx",
    "pdf": "plan.pdf",
}
#: The workbook's sheets in order, and the glossary term of each name.
PLAN_SHEETS: dict[str, str] = {
    "plan": "sheet.plan",
    "summary": "sheet.plan_summary",
    "pareto": "sheet.pareto",
    "bounds": "sheet.plan_bounds",
}
#: Excel number formats of the plan's money (万元) and of a gap.
MONEY = "#,##0.0"
GAP = "0.00%"


def bounds_table(plan: CountyPlan) -> pd.DataFrame:
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


def write_plan(
    plan: CountyPlan,
    review: PlanReview | None,
    points: tuple[ParetoPoint, ...] | None,
    project: Project,
    out_dir: str | os.PathLike[str],
    *,
    language: Literal["zh", "en"] = "zh",
    dpi: int = 300,
    date: dt.date | None = None,
    progress: ProgressFn | None = None,
) -> dict[str, Path]:
    """Write every file of ``schoolplan plan`` into a folder: the CSV files (:func:`write_plan_tables`),
    ``pareto.png`` (with Pareto points), ``plan_map_YEAR.png`` for each year with actions,
    ``plan.xlsx`` and ``plan.pdf``.

    Everything is checked and every chart and map drawn before the first file is written.

    Parameters
    ----------
    plan
        The plan (:func:`gis.plan.county_plan`).
    review
        Its review (:func:`gis.plan.review.review_plan`): the summary, and the maps' arrows from
        the schools closed to the schools receiving their pupils (:func:`gis.plan.moves.receivers`).
    points
        The Pareto points (:func:`gis.plan.review.pareto`), if any.
    project
        The project the plan was made for (the maps' base map and schools).
    out_dir
        The folder; made if missing.
    language
        ``zh`` or ``en``: the words of the charts, the maps, the workbook and the atlas.
    dpi
        Resolution of the maps (the Pareto chart is 150 dpi, the atlas's pages vectors).
    date
        The date printed on the maps and the atlas; default today.
    progress
        Called with the fraction done and a message.

    Returns
    -------
    The paths written, by kind: the keys of :data:`PLAN_FILES`, ``pareto_chart``, ``map_YEAR``
    for each map, ``xlsx`` and ``pdf``.

    Raises
    ------
    ValueError
        For another language, or a review of other years than the plan's.
    """
    from gis.plan.moves import receivers
    from gis.plan.review import pareto_table
    from layers.plan_charts import pareto_figure
    from layers.printmap import MapSheet, plan_map, save_figure

    def report(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    check_language(language)
    if review is not None and tuple(r.year for r in review.years) != tuple(plan.years):
        raise ValueError(
            f"the review's years ({', '.join(str(r.year) for r in review.years)}) are not the plan's "
            f"({', '.join(map(str, plan.years))})"
        )
    day = date or dt.date.today()
    moves = receivers(review) if review is not None else []
    table = plan.table()
    phases = sorted({int(y) for y in table["year"]})
    report(0.0, "drawing the plan's maps")
    sheet = MapSheet(language=language, dpi=dpi, date=day)
    budget = plan.budget.total
    maps = {year: plan_map(project, table, moves, year=year, sheet=sheet, budget=budget) for year in phases}
    figures: dict[str, Figure] = {}
    if points is not None:
        report(0.3, "drawing the Pareto chart")
        figures["pareto_chart"] = pareto_figure(pareto_table(points), language=language)
    report(0.4, "writing the plan's tables")
    out = Path(out_dir)
    written = write_plan_tables(plan, review, points, out)
    if "pareto_chart" in figures:
        written["pareto_chart"] = save_figure(figures["pareto_chart"], out / PLAN_OUTPUTS["pareto_chart"])
    for year, fig in maps.items():
        report(0.5, f"writing the map of {year}")
        written[f"map_{year}"] = save_figure(fig, out / PLAN_OUTPUTS["map"].format(year=year))
    report(0.7, "writing the workbook")
    written["xlsx"] = write_plan_xlsx(out / PLAN_OUTPUTS["xlsx"], plan, review, points, project, language=language)
    report(0.8, "writing the atlas")
    written["pdf"] = write_plan_atlas(
        out / PLAN_OUTPUTS["pdf"], plan, project, moves, language=language, date=day, maps=maps
    )
    report(1.0, "plan written")
    return written


# --------------------------------------------------------------------------- the workbook


def write_plan_xlsx(
    path: str | os.PathLike[str],
    plan: CountyPlan,
    review: PlanReview | None,
    points: tuple[ParetoPoint, ...] | None,
    project: Project,
    *,
    language: Literal["zh", "en"] = "zh",
) -> Path:
    """The plan's workbook, atomically: sheets plan (``plan.csv``), summary (``plan_summary.csv``,
    with a review), pareto (``pareto.csv``, with Pareto points) and bounds (``plan_bounds.csv``).

    Headers, formats, print setup and text cells are the Excel report's (:mod:`outputs.xlsx`);
    column words, kinds of action, terms and solver statuses come from :mod:`layers.glossary`;
    money is shown in 万元 to one decimal, gaps as percentages.

    Raises
    ------
    ValueError
        For another language.
    """
    from openpyxl import Workbook

    check_language(language)
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    county = project.settings.get("county") or project.name
    book.properties.title = f"{county} {term('plan.title', language)}"
    book.properties.creator = "SchoolPlan"

    def sheet(key: str) -> Worksheet:
        return book.create_sheet(term(PLAN_SHEETS[key], language))

    _plan_sheet(sheet("plan"), plan, language)
    if review is not None:
        _summary_sheet(sheet("summary"), review, language)
    if points is not None:
        from gis.plan.review import pareto_table

        _pareto_sheet(sheet("pareto"), pareto_table(points), language)
    _bounds_sheet(sheet("bounds"), bounds_table(plan), language)

    return write_atomic(path, lambda tmp: book.save(tmp))


def column_label(column: str, language: str) -> str:
    """The words of a column of the plan's tables (``plan_field``, else ``plan_term``, else the Excel
    report's label)."""

    return find(f"plan_field.{column}", language) or find(f"plan_term.{column}", language) or label(column, language)


def _plan_sheet(ws: Worksheet, plan: CountyPlan, language: str) -> None:

    table = plan.table()
    columns = list(table.columns)
    formats = {
        "year": WHOLE, "school_id": TEXT, "x": DECIMAL, "y": DECIMAL, "seats": COUNT, "beds": COUNT,
        "capital_cost": MONEY, "running_cost_change": MONEY, "children_affected": COUNT, "worth": PER_PUPIL,
    }  # fmt: skip
    rows = []
    for record in table.to_dict("records"):
        record["action"] = find(f"plan_action.{record['action']}", language) or record["action"]
        if record["worth_term"]:
            record["worth_term"] = find(f"plan_term.{record['worth_term']}", language) or record["worth_term"]
        rows.append([record[c] for c in columns])
    wrap = {columns.index("rationale_zh"), columns.index("rationale_en")}
    _table(
        ws,
        [column_label(c, language) for c in columns],
        rows,
        column_formats=[formats.get(c) for c in columns],
        freeze="E2",
        wrap_columns=wrap,
    )


def _summary_sheet(ws: Worksheet, review: PlanReview, language: str) -> None:

    table = review.table()
    header = [column_label(c, language) for c in table.columns]
    rows: list[list[Any]] = []
    formats: list[list[str | None]] = []
    for r in table.itertuples(index=False):
        metric = str(r.metric)
        own = find(metric, language)
        rows.append([r.year, own or figure_label(metric, language), r.baseline, r.plan, r.change])
        fmt = MONEY if own is not None else number_format(metric)
        formats.append([WHOLE, None, fmt, fmt, fmt])
    _table(ws, header, rows, formats=formats, freeze="C2")


def _pareto_sheet(ws: Worksheet, table: pd.DataFrame, language: str) -> None:
    from layers.plan_charts import status_word

    columns = list(table.columns)
    rows = [
        [status_word(str(v), language) if c == "status" else v for c, v in zip(columns, record, strict=True)]
        for record in table.itertuples(index=False)
    ]
    formats = [GAP if c == "gap" else (None if c == "status" else MONEY) for c in columns]
    _table(ws, [column_label(c, language) for c in columns], rows, column_formats=formats, freeze="B2")


def _bounds_sheet(ws: Worksheet, table: pd.DataFrame, language: str) -> None:
    from layers.plan_charts import status_word

    columns = list(table.columns)
    table = table.astype(object).where(table.notna(), None)
    rows = []
    for record in table.to_dict("records"):
        stage = str(record["stage"]).removeprefix("term:")
        record["stage"] = find(f"plan_term.{stage}", language) or stage
        if record.get("status") is not None:
            record["status"] = status_word(str(record["status"]), language)
        rows.append([record[c] for c in columns])
    formats = {"stage": None, "status": None, "gap": GAP, "seconds": MINUTES}
    _table(
        ws,
        [column_label(c, language) for c in columns],
        rows,
        column_formats=[formats.get(c, MONEY) for c in columns],
        freeze="B2",
    )


# --------------------------------------------------------------------------- the atlas


def write_plan_atlas(
    path: str | os.PathLike[str],
    plan: CountyPlan,
    project: Project,
    moves: Sequence[Move],
    *,
    language: Literal["zh", "en"] = "zh",
    date: dt.date | None = None,
    maps: dict[int, Figure] | None = None,
) -> Path:
    """The plan's atlas as one PDF (A4 landscape), atomically: a cover with the budget, the capital,
    each solve's value, bound and gap and the contents (:func:`layers.plan_charts.plan_cover`), then
    one page per year with actions: its map with the list of its actions and its money
    (:func:`layers.printmap.plan_map`).

    ``maps`` are the years' maps when already drawn (by year); the others are drawn here.
    """
    from matplotlib.backends.backend_pdf import PdfPages

    from layers import _print as P
    from layers.plan_charts import plan_cover
    from layers.printmap import MapSheet, plan_map

    day = date or dt.date.today()
    table = plan.table()
    phases = sorted({int(y) for y in table["year"]})
    county = project.settings.get("county") or project.name
    contents = [(term("plan.contents_phase", language).format(year=y), k + 2) for k, y in enumerate(phases)]
    cover = plan_cover(plan, county, language=language, contents=contents, date=day)
    sheet = MapSheet(language=language, dpi=150, date=day)
    drawn = dict(maps or {})
    for year in phases:
        if year not in drawn:
            drawn[year] = plan_map(project, table, moves, year=year, sheet=sheet, budget=plan.budget.total)
    title = str(getattr(cover, "_schoolplan_title", ""))

    def _write(tmp: Path) -> None:
        metadata = {"Title": title, "Creator": "SchoolPlan"}
        with P.print_context(), PdfPages(tmp, metadata=metadata) as pdf:
            pdf.savefig(cover)
            for year in phases:
                pdf.savefig(drawn[year])

    return write_atomic(path, _write)
