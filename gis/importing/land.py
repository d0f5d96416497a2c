"""Reading the spare land of schools (可用场地面积), the room the standards plan has for sports grounds.

A CSV (UTF-8, GBK/GB18030 …) or XLSX file, one row per school, with Chinese or English headers
(:data:`HEADER_SYNONYMS`): 学校代码/school_id and 可用场地面积/可用用地/spare_land_m2/land_m2
(m²); a name column (学校名称) may be there too and is not used. A school the file does not list
has no limit (:class:`gis.standards_plan.StandardsOptions`). Every problem of the file is
collected and raised together, each naming the file, the row, the field, the value and what to
do: a column missing, a code not of the project's schools or given twice, land blank, not a
number or negative.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import TYPE_CHECKING

from gis.importing.report import ImportReport
from gis.importing.tables import Columns, TableKind, cell_number, cell_text, is_blank, map_columns, norm, read_table
from gis.messages import text

if TYPE_CHECKING:
    import pandas as pd

#: Field → headers recognised for it (matched after normalisation, see :func:`~gis.importing.tables.norm`).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "school_id": (
        "学校代码", "学校标识码", "学校编码", "学校编号", "代码", "school_id", "school_code", "code", "id",
    ),
    "name": ("学校名称", "学校", "校名", "name", "school_name", "school"),
    "land_m2": (
        "可用场地面积", "可用用地", "可用用地面积", "可用场地", "空余用地面积", "空余用地", "可用土地面积",
        "spare_land_m2", "land_m2", "spare_land", "land",
    ),
}  # fmt: skip
_LAND = TableKind(
    "spare land",
    frozenset(norm(n) for names in HEADER_SYNONYMS.values() for n in names),
    "学校代码, 可用场地面积",
)
#: More land than this (m², 100 km²) is taken for a mistake of units.
_MOST_LAND_M2 = 1e8


def read_land(path: str | os.PathLike[str], schools: pd.DataFrame) -> dict[str, float]:
    """The spare land of the schools listed in a file, by school code, in m².

    Parameters
    ----------
    path
        A CSV (UTF-8, GBK/GB18030 …) or XLSX file (its first sheet), one row per school, with a
        school code column (学校代码 / school_id) and a spare land column (可用场地面积 /
        可用用地 / spare_land_m2 / land_m2, m²).
    schools
        The project's schools (their ``school_id``): the codes the file may name.

    Returns
    -------
    {school_id: spare land in m²} of the schools in the file (the others have no limit).

    Raises
    ------
    InputError
        With every problem of the file, each naming the file, row, field and value: the file
        unreadable or empty, a column missing, a code blank, not a school of the project or
        given twice, land blank, not a number, negative or too large.
    """
    report = ImportReport()
    land = _read(Path(path), schools, report)
    report.raise_if_errors()
    assert land is not None  # no errors: read
    return land


def _read(path: Path, schools: pd.DataFrame, report: ImportReport) -> dict[str, float] | None:
    table = read_table(path, None, report, _LAND)
    if table is None:
        return None
    if not table.rows:
        report.error(
            text("the file has a header but no schools"),
            file=table.file,
            fix=text("fill in one row per school (学校代码, 可用场地面积)"),
        )
        return None
    columns = map_columns(table, HEADER_SYNONYMS, report, required=(("school_id",), ("land_m2",)))
    if columns is None:
        return None
    known = set(schools["school_id"].astype(str))
    fix_land = text("write the school's spare land in m², zero or more (leave the school out for no limit)")
    land: dict[str, float] = {}
    first_row: dict[str, int] = {}
    for i, (code_cell, land_cell) in enumerate(zip(columns.cells("school_id"), columns.cells("land_m2"), strict=True)):
        code = cell_text(code_cell)
        if not code:
            columns.problem(
                "error", i, text("school code missing"), key="school_id", fix=text("fill in the school's code")
            )
        elif code not in known:
            columns.problem(
                "error",
                i,
                text("no school of the project has this code"),
                key="school_id",
                value=code,
                fix=text("use the codes of the project's schools (学校代码), or leave the row out"),
            )
            code = ""
        elif code in first_row:
            columns.problem(
                "error",
                i,
                text("school given twice, also in {where}", where=table.wheres[first_row[code]]),
                key="school_id",
                value=code,
                fix=text("keep one row per school (add the areas up if they are parts)"),
            )
            code = ""
        else:
            first_row[code] = i
        area = _area(columns, i, land_cell, fix_land)
        if code and area is not None:
            land[code] = area
    return land


def _area(columns: Columns, row: int, cell: object, fix: str) -> float | None:
    """A cell of spare land in m², or None after an error at the row."""
    if is_blank(cell):
        columns.problem("error", row, text("spare land missing"), key="land_m2", fix=fix)
        return None
    value = cell_number(cell)
    if value is None or not math.isfinite(value):
        columns.problem("error", row, text("not a number"), key="land_m2", value=cell, fix=fix)
        return None
    if value < 0:
        columns.problem("error", row, text("negative land"), key="land_m2", value=cell, fix=fix)
        return None
    if value > _MOST_LAND_M2:
        columns.problem(
            "error",
            row,
            text("more land than a county has: not in m²?"),
            key="land_m2",
            value=cell,
            fix=text("write the spare land in m² (1 mu = 666.7 m²)"),
        )
        return None
    return float(value)
