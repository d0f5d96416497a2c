"""Reading births by village and year (the household register's table) for the forecast.

A CSV or XLSX file, one row per village and year, with Chinese or English headers
(:data:`HEADER_SYNONYMS`): 年份/year, 村/村名/村庄/village (or a village code), 乡镇/township
(optional), 出生人数/births. Villages are matched to the project's places by name, within the
township when the file has one. Every problem is a finding of the
:class:`~gis.importing.report.ImportReport`; with any error the births are not used.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.importing.tables import TableKind, cell_text, map_columns, norm, read_table
from gis.messages import text

if TYPE_CHECKING:
    from collections.abc import Mapping

    from gis.cohorts import Births
    from gis.importing.report import ImportReport
    from gis.importing.tables import Columns
    from gis.project import Project

#: Field → headers recognised for it (matched after normalisation, see :func:`~gis.importing.tables.norm`).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "year": ("年份", "年度", "出生年份", "出生年度", "年", "统计年度", "year", "birth_year"),
    "village": (
        "村", "村名", "村庄", "村庄名称", "行政村", "行政村名称", "村委会", "村(社区)", "村居", "村社区",
        "社区", "village", "village_name", "place", "place_name",
    ),
    "village_code": ("村代码", "村编码", "行政村代码", "村庄代码", "村级代码", "village_code", "place_code"),
    "township": ("乡镇", "乡镇名称", "乡镇代码", "所属乡镇", "乡镇街道", "乡(镇)", "township", "town", "township_code"),
    "births": ("出生人数", "出生人口", "出生人口数", "出生数", "出生", "births", "born"),
}  # fmt: skip
_BIRTHS = TableKind(
    "births", frozenset(norm(n) for names in HEADER_SYNONYMS.values() for n in names), "年份, 村名, 出生人数"
)
#: Endings a village's name may carry in one table and not in another (黄堡 and 黄堡村).
_SUFFIXES = re.compile(r"(村民委员会|村委会|居民委员会|居委会|社区|行政村|村)$")


def _name(value: object) -> str:
    """A place or township name for matching: NFKC, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell_text(value)))


def read_births(
    path: str | os.PathLike[str],
    project: Project,
    *,
    report: ImportReport,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | None = None,
) -> Births | None:
    """Read births by village and year and match the villages to the project's places.

    Parameters
    ----------
    path
        A CSV (UTF-8, GBK/GB18030 …) or XLSX file, one row per village and year.
    project
        The county project: its places (the villages and seats births are matched to) and
        townships (matched by code or name).
    report
        Every finding is added here.
    mapping
        {field: header} overriding the detected columns (fields: the keys of
        :data:`HEADER_SYNONYMS`; None: do not use this field).
    sheet
        The sheet of a workbook; the first if not given.

    Returns
    -------
    The births per place and year, or None when the file has an error (every error is in the
    report): unreadable, a required column missing, a year or village missing or unknown, a
    village not in the project, a village and year given twice, births missing, negative or
    not a number, a year with no row for a village, a place of the project with no rows.
    """
    from gis.cohorts import Births

    errors_before = len(report.errors)
    columns = read_village_table(
        Path(path),
        report,
        kind=_BIRTHS,
        synonyms=HEADER_SYNONYMS,
        required=(("year",), ("village", "village_code"), ("births",)),
        mapping=mapping,
        sheet=sheet,
        empty=(text("the file has a header but no births"), text("fill in one row per village and year")),
    )
    if columns is None:
        return None
    table = columns.table
    years = _years(columns)
    counts = columns.counts("births", noun="births", blank="error")
    place = match_places(columns, project)
    places = project.places
    n_rows = len(columns)
    ok = [i for i in range(n_rows) if years[i] is not None and place[i] >= 0]
    if not ok:
        return None
    # Each village once a year.
    seen: dict[tuple[int, int], int] = {}
    for i in ok:
        key = (int(place[i]), int(years[i]))  # type: ignore[arg-type]
        if key in seen:
            columns.problem(
                "error",
                i,
                text(
                    "births of {place} in {year} given twice, also in {wheres}",
                    place=places["name"].iloc[key[0]],
                    year=key[1],
                    wheres=table.wheres[seen[key]],
                ),
                key="year",
                value=str(key[1]),
                fix=text("keep one row per village and year (add the numbers up if they are parts)"),
            )
        else:
            seen[key] = i
    first = min(y for (_, y) in seen)
    last = max(y for (_, y) in seen)
    span = list(range(first, last + 1))
    # Every village has every year of the file; every place of the project has rows.
    rows_of: dict[int, list[int]] = {}
    for (p, _), i in seen.items():
        rows_of.setdefault(p, []).append(i)
    for p, rows in sorted(rows_of.items()):
        have = {int(years[i]) for i in rows}  # type: ignore[arg-type]
        gaps = [y for y in span if y not in have]
        if gaps:
            columns.problem(
                "error",
                sorted(rows),
                text(
                    "no births for {year_list} (the file has {first}–{last})",
                    year_list=_year_list(gaps),
                    first=first,
                    last=last,
                ),
                key="year",
                value=str(places["name"].iloc[p]),
                fix=text("add a row for each missing year (0 if there were no births)"),
            )
    missing = [p for p in range(len(places)) if p not in rows_of]
    if missing:
        names = [f"{places['name'].iloc[p]} ({places['township'].iloc[p]})" for p in missing]
        shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
        report.error(
            text(
                "{n_missing} place(s) of the project have no births in the file: {shown}",
                n_missing=len(missing),
                shown=shown,
            ),
            file=table.file,
            field=columns.label("village"),
            fix=text("add their rows (0 where there were no births), or remove the places from the project"),
        )
    if len(report.errors) > errors_before:
        return None
    matrix = np.zeros((len(places), len(span)))
    for (p, y), i in seen.items():
        matrix[p, y - first] = counts[i]
    report.note(
        text(
            "births of {n_rows_of} places, {first}–{last}: {count:,.0f} in all",
            n_rows_of=len(rows_of),
            first=first,
            last=last,
            count=matrix.sum(),
        ),
        file=table.file,
    )
    return Births(tuple(places["name"].astype(str)), tuple(span), matrix, source=table.file)


def read_village_table(
    path: Path,
    report: ImportReport,
    *,
    kind: TableKind,
    synonyms: dict[str, tuple[str, ...]],
    required: tuple[tuple[str, ...], ...],
    mapping: Mapping[str, str | None] | None,
    sheet: str | None,
    empty: tuple[str, str],
) -> Columns | None:
    """A table of villages (births, left-behind children) read and its columns mapped, or None with
    the report's lines: no file, no rows (``empty``: the message and the fix), a required column
    missing, or villages given by code alone (the project's places have names only)."""
    table = read_table(path, sheet, report, kind)
    if table is None:
        return None
    if not table.rows:
        report.error(empty[0], file=table.file, fix=empty[1])
        return None
    columns = map_columns(table, synonyms, report, required=required, explicit=dict(mapping or {}))
    if columns is None:
        return None
    if "village" not in columns:
        report.error(
            text("villages are given by code only, but the project's places have no codes"),
            file=table.file,
            field=columns.label("village_code"),
            fix=text("add a column with the village names (村名) as the places layer writes them"),
        )
        return None
    return columns


def _years(columns: Columns) -> list[int | None]:
    found = columns.years(fix=text("write the calendar year of the births, e.g. 2019"))
    return [got[0] if got is not None else None for got in found]


def _year_list(years: list[int]) -> str:
    """``2016, 2019–2021``: years with consecutive runs joined."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _township_index(project: Project) -> dict[str, str]:
    """Township code or name (and the name without 乡/镇 …) → code."""
    index: dict[str, str] = {}
    for code, name in zip(project.townships["code"].astype(str), project.townships["name"].astype(str), strict=True):
        index.setdefault(_name(code), code)
        index.setdefault(_name(name), code)
    for code in project.places["township"].astype(str):
        index.setdefault(_name(code), code)
    return index


def match_places(columns: Columns, project: Project) -> np.ndarray:
    """The project's place of each row (-1 when it cannot be told), with a finding for every row
    that does not match and a note for names matched without their ending (村, 社区 …)."""
    places = project.places
    place_names = [_name(v) for v in places["name"]]
    place_towns = places["township"].astype(str).tolist()
    exact: dict[str, list[int]] = {}
    loose: dict[str, list[int]] = {}
    for p, name in enumerate(place_names):
        exact.setdefault(name, []).append(p)
        loose.setdefault(_SUFFIXES.sub("", name), []).append(p)
    towns = _township_index(project)
    town_names = dict(zip(project.townships["code"].astype(str), project.townships["name"].astype(str), strict=True))
    out = np.full(len(columns), -1, dtype=np.int64)
    loosely: list[int] = []
    for i, (v, t) in enumerate(zip(columns.cells("village"), columns.cells("township"), strict=True)):
        name = _name(v)
        if not name:
            columns.problem("error", i, text("village missing"), key="village", fix=text("fill in the village's name"))
            continue
        town = None
        if "township" in columns and _name(t):
            town = towns.get(_name(t)) or towns.get(_SUFFIXES.sub("", _name(t)))
            if town is None:
                columns.problem(
                    "error",
                    i,
                    text("township not in the project"),
                    key="township",
                    value=t,
                    fix=text("use a township code or name of the project's townships layer"),
                )
                continue
        candidates = exact.get(name, [])
        matched_loosely = False
        if not candidates:
            candidates = loose.get(_SUFFIXES.sub("", name), [])
            matched_loosely = bool(candidates)
        if town is not None:
            candidates = [p for p in candidates if place_towns[p] == town]
        if len(candidates) == 1:
            out[i] = candidates[0]
            if matched_loosely:
                loosely.append(i)
        elif not candidates:
            where = (
                text(" in township {township} ({code})", township=town_names.get(town, town), code=town)
                if town is not None
                else ""
            )
            columns.problem(
                "error",
                i,
                text("village not in the project's places{where}", where=where),
                key="village",
                value=v,
                fix=text("write the name as the places layer has it, or add the place to the project"),
            )
        else:
            in_towns = ", ".join(sorted({place_towns[p] for p in candidates}))
            columns.problem(
                "error",
                i,
                text("several places of this name (in townships {in_towns})", in_towns=in_towns),
                key="village",
                value=v,
                fix=text("add a 乡镇 (township) column to tell them apart"),
            )
    if loosely:
        columns.problem(
            "note",
            loosely,
            text("villages matched to places named with or without 村/社区/村委会"),
            key="village",
        )
    return out
