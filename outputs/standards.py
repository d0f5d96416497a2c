"""The files of ``schoolplan standards-plan``: the standards plan (优质均衡达标方案) as tables, a
workbook and a printed map.

Everything (the tables, the workbook, the map) is made before the first file is written; every file is written
atomically; every CSV goes through :func:`gis.fileio.write_csv` (no formula a spreadsheet would
run: a school named ``=1+1`` stays text) and the workbook's cells are written as the Excel
report's are (:mod:`outputs.xlsx`).

=======================  ==========================================================================
file                     what
=======================  ==========================================================================
standards_plan.csv       school_id, name, item, amount, unit, cost: what to add where (items of
                         :data:`gis.standards_plan.ITEMS`; cost in 万元)
teacher_transfers.csv    from_school, to_school, kind, teachers, commute_min, from_name, to_name
standards_summary.csv    level, indicator, coefficient_before, coefficient_after, threshold,
                         schools_meeting_before, schools_meeting_after (the row ``per_school_rule``:
                         the schools meeting six of the seven standards and the rest at 85 %)
standards_bounds.csv     measure, value, bound, gap, status: the plan's cost (or targets reached
                         within a budget) and the bound the solver proved
standards_pareto.csv     budget, cost, schools_meeting, coefficients_meeting, targets_bound (with a
                         Pareto view)
standards_plan.xlsx      the same tables as sheets, labelled in the output's language
standards_map.png        the map of the investments and the transfers (with the project:
                         :func:`layers.standards_map.standards_map`)
=======================  ==========================================================================
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from gis.fileio import write_atomic, write_csv
from layers.glossary import check_language, term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure
    from openpyxl import Workbook

    from gis.standards_plan import StandardsPlan
    from gis.usecases import StandardsPlanRun

#: The CSV files of a standards plan, by kind.
STANDARDS_FILES: dict[str, str] = {
    "plan": "standards_plan.csv",
    "transfers": "teacher_transfers.csv",
    "summary": "standards_summary.csv",
    "bounds": "standards_bounds.csv",
    "pareto": "standards_pareto.csv",
}
#: The other files, by kind.
STANDARDS_OUTPUTS: dict[str, str] = {"xlsx": "standards_plan.xlsx", "map": "standards_map.png"}
#: The columns of each CSV file, in order.
PLAN_COLUMNS = ("school_id", "name", "item", "amount", "unit", "cost")
TRANSFER_COLUMNS = ("from_school", "to_school", "kind", "teachers", "commute_min", "from_name", "to_name")
SUMMARY_COLUMNS = (
    "level", "indicator", "coefficient_before", "coefficient_after", "threshold",
    "schools_meeting_before", "schools_meeting_after",
)  # fmt: skip


def standards_tables(plan: StandardsPlan) -> dict[str, pd.DataFrame]:
    """The tables of the CSV files by kind (:data:`STANDARDS_FILES`; ``pareto`` only with a Pareto view)."""
    tables = {
        "plan": plan.investments.loc[:, list(PLAN_COLUMNS)].reset_index(drop=True),
        "transfers": plan.transfers.loc[:, list(TRANSFER_COLUMNS)].reset_index(drop=True),
        "summary": plan.summary.loc[:, list(SUMMARY_COLUMNS)].reset_index(drop=True),
        "bounds": plan.bounds_table(),
    }
    if plan.pareto is not None:
        tables["pareto"] = plan.pareto.reset_index(drop=True)
    return tables


def write_standards_plan(
    run_or_plan: StandardsPlanRun | StandardsPlan,
    out_dir: str | os.PathLike[str],
    *,
    language: Literal["zh", "en"] = "zh",
    dpi: int = 200,
    draw_map: bool = True,
) -> dict[str, Path]:
    """Write every file of a standards plan into a folder (see the module's table).

    Parameters
    ----------
    run_or_plan
        A :class:`gis.usecases.StandardsPlanRun` (its plan, and its project for the map) or a
        :class:`gis.standards_plan.StandardsPlan` (no map: there is no project to draw it on).
    out_dir
        The folder; made if missing.
    language
        ``zh`` or ``en``: the words of the workbook and the map (the CSV files are the same in both).
    dpi
        Resolution of the map.
    draw_map
        Draw ``standards_map.png`` (with a run).

    Returns
    -------
    The paths written, by kind: the keys of :data:`STANDARDS_FILES` written, ``xlsx`` and ``map``.

    Raises
    ------
    ValueError
        For another language.
    """
    check_language(language)
    from gis.standards_plan import StandardsPlan

    plan = run_or_plan if isinstance(run_or_plan, StandardsPlan) else run_or_plan.plan
    project = None if isinstance(run_or_plan, StandardsPlan) else run_or_plan.project
    tables = standards_tables(plan)
    figure: Figure | None = None
    if draw_map and project is not None:
        from layers.printmap import MapSheet
        from layers.standards_map import standards_map

        figure = standards_map(project, plan, MapSheet(language=language, dpi=dpi))
    book = standards_workbook(plan, language=language)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {kind: write_csv(table, out / STANDARDS_FILES[kind]) for kind, table in tables.items()}
    written["xlsx"] = write_atomic(out / STANDARDS_OUTPUTS["xlsx"], lambda tmp: book.save(tmp))
    if figure is not None:
        from layers.printmap import save_figure

        written["map"] = save_figure(figure, out / STANDARDS_OUTPUTS["map"])
    return written


def write_standards_xlsx(
    path: str | os.PathLike[str], plan: StandardsPlan, *, language: Literal["zh", "en"] = "zh"
) -> Path:
    """The standards plan's workbook (:func:`standards_workbook`), atomically."""
    book = standards_workbook(plan, language=language)
    return write_atomic(path, lambda tmp: book.save(tmp))


def standards_workbook(plan: StandardsPlan, *, language: Literal["zh", "en"] = "zh") -> Workbook:
    """The standards plan's workbook in memory: the sheets of :func:`outputs.xlsx.add_standards_sheets`."""
    from openpyxl import Workbook

    from outputs.xlsx import add_standards_sheets

    check_language(language)
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    book.properties.title = term("standards.title", language)
    book.properties.creator = "SchoolPlan"
    add_standards_sheets(book, plan, language)
    return book
