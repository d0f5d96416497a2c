"""Reading the enrolment history (the yearly school census) by school, grade and year.

CSV or XLSX files with Chinese or English headers (:data:`HEADER_SYNONYMS`): 年份/year (or one
file per year with its year given), 学校代码/school_id or 学校名称/name, the pupils of each
grade (一年级 … 九年级, 初一 … 初三, g1 … g9) and optionally their total (合计, 在校生数), which
must equal the grades' sum. Schools are matched to the project's schools by code, else by
name. Every problem is a finding of the :class:`~gis.importing.report.ImportReport`; with any
error the history is not used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.importing.schools import HEADER_SYNONYMS as SCHOOL_HEADERS
from gis.importing.tables import TableKind, cell_text, map_columns, norm, read_table
from gis.messages import text
from gis.schema import GRADES

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from gis.cohorts import EnrolmentHistory
    from gis.importing.report import ImportReport
    from gis.importing.tables import Columns
    from gis.project import Project

#: Field → headers recognised for it (matched after normalisation, see :func:`~gis.importing.tables.norm`).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "year": ("年份", "年度", "学年", "学年度", "统计年度", "year", "school_year"),
    "school_id": SCHOOL_HEADERS["school_id"],
    "name": SCHOOL_HEADERS["name"],
    **{f"g{g}": SCHOOL_HEADERS[f"enrol_g{g}"] for g in GRADES},
    "total": ("合计", "总计", "小计", "在校生合计", *SCHOOL_HEADERS["enrolment"], "total"),
}
_ENROLMENT = TableKind(
    "enrolment", frozenset(norm(n) for names in HEADER_SYNONYMS.values() for n in names), "年份, 学校代码, 一年级"
)


@dataclass(frozen=True)
class EnrolmentFile:
    """One file of the enrolment history: its path, the year of all its rows when it has no
    year column, the sheet of a workbook and a column mapping ({field: header})."""

    path: str | os.PathLike[str]
    year: int | None = None
    sheet: str | None = None
    mapping: Mapping[str, str | None] | None = None


def read_enrolment(
    files: Sequence[EnrolmentFile | str | os.PathLike[str]] | EnrolmentFile | str | os.PathLike[str],
    project: Project,
    *,
    report: ImportReport,
) -> EnrolmentHistory | None:
    """Read the enrolment history and match its schools to the project's.

    Parameters
    ----------
    files
        One file with a year column, or one file per year (each with its year given unless
        it has a year column), as paths or :class:`EnrolmentFile`.
    project
        The county project: its schools, which every row is matched to (by 学校代码, else by
        the exact name) and which must each have a row in every year.
    report
        Every finding is added here.

    Returns
    -------
    Pupils per year, school and grade, or None when there is an error (every error is in the
    report): unreadable files, a required column missing, no year, a school not in the
    project, a school and year given twice, grades that are negative, not numbers or do not
    add up to the row's total, a year missing between the first and the last, a school of the
    project with no row in a year.
    """
    from gis.cohorts import EnrolmentHistory

    if isinstance(files, EnrolmentFile | str | os.PathLike):
        files = [files]
    sources = [f if isinstance(f, EnrolmentFile) else EnrolmentFile(f) for f in files]
    errors_before = len(report.errors)
    schools = project.schools
    ids = schools["school_id"].astype(str).tolist()
    rows: dict[tuple[int, int], tuple[str, str, np.ndarray]] = {}  # (school, year) → file, where, grades
    names = [str(f.path) for f in sources]
    for source in sources:
        _read_one(source, project, report, rows)
    if len(report.errors) > errors_before or not rows:
        if not rows and len(report.errors) == errors_before:
            report.error(
                text("no enrolment rows in the files"), file=", ".join(names), fix=text("fill in one row per school")
            )
        return None
    years = sorted({y for (_, y) in rows})
    span = list(range(years[0], years[-1] + 1))
    file_text = ", ".join(names)
    gaps = [y for y in span if y not in years]
    if gaps:
        report.error(
            text(
                "no enrolment for {gaps} between {first} and {last}",
                gaps=", ".join(map(str, gaps)),
                first=span[0],
                last=span[-1],
            ),
            file=file_text,
            field="year",
            fix=text("add the census of each missing year, or leave out the years before the gap"),
        )
    for y in years:
        absent = [s for s in range(len(ids)) if (s, y) not in rows]
        if absent:
            shown = ", ".join(f"{ids[s]} {schools['name'].iloc[s]}" for s in absent[:8])
            more = text(" and {n_absent} more", n_absent=len(absent) - 8) if len(absent) > 8 else ""
            report.error(
                text(
                    "{n_absent} school(s) of the project have no row for {year}: {shown}{more}",
                    n_absent=len(absent),
                    year=y,
                    shown=shown,
                    more=more,
                ),
                file=file_text,
                field="school_id",
                value=str(y),
                fix=text("add their rows (zeros if they had no pupils then)"),
            )
    if len(report.errors) > errors_before:
        return None
    pupils = np.zeros((len(span), len(ids), len(GRADES)))
    for (s, y), (_, _, grades) in rows.items():
        pupils[y - span[0], s] = grades
    _compare_with_project(pupils[-1], span[-1], project, report, file_text)
    report.note(
        text(
            "enrolment of {n_schools} schools, {first}–{last}: {totals}",
            n_schools=len(ids),
            first=span[0],
            last=span[-1],
            totals=", ".join(f"{y} {pupils[k].sum():,.0f}" for k, y in enumerate(span)),
        ),
        file=file_text,
    )
    return EnrolmentHistory(tuple(ids), tuple(span), pupils, source=file_text)


def _compare_with_project(last: np.ndarray, year: int, project: Project, report: ImportReport, file: str) -> None:
    """A warning when the history's latest year differs from the project's recorded enrolment
    (when that is of the same year: the project's ``year`` setting, if any, says so)."""
    setting = project.settings.get("year", "").strip()
    if setting and setting != str(year):
        return
    recorded = project.schools[[f"enrol_g{g}" for g in GRADES]].to_numpy(dtype=float)
    differs = np.flatnonzero(np.abs(recorded - last).sum(axis=1) > 0.5)
    if differs.size:
        schools = project.schools
        shown = ", ".join(f"{schools['school_id'].iloc[s]} {schools['name'].iloc[s]}" for s in differs[:8].tolist())
        more = text(" and {size} more", size=differs.size - 8) if differs.size > 8 else ""
        report.warning(
            text(
                "the pupils of {year} differ from the project's recorded enrolment at {size} school(s): {shown}{more}",
                year=year,
                size=differs.size,
                shown=shown,
                more=more,
            ),
            file=file,
            field="year",
            value=str(year),
            fix=text(
                "the forecast starts from the project's children and takes only grade shares and "
                "ratios from the history; check that both are the same census"
            ),
        )


def _read_one(
    source: EnrolmentFile,
    project: Project,
    report: ImportReport,
    rows: dict[tuple[int, int], tuple[str, str, np.ndarray]],
) -> None:
    """Read one file into ``rows``, with a finding for every problem."""
    table = read_table(Path(source.path), source.sheet, report, _ENROLMENT)
    if table is None:
        return
    if not table.rows:
        report.error(
            text("the file has a header but no schools"), file=table.file, fix=text("fill in one row per school")
        )
        return
    grade_fields = tuple(f"g{g}" for g in GRADES)
    required: tuple[tuple[str, ...], ...] = (("school_id", "name"), grade_fields)
    if source.year is None:
        required = (("year",), *required)
    columns = map_columns(
        table,
        HEADER_SYNONYMS,
        report,
        required=required,
        explicit=dict(source.mapping or {}),
        advice=text("; a file of one year's census needs no year column when its year is given with it"),
    )
    if columns is None:
        return
    years = _years(columns, source.year)
    school = _match_schools(columns, project)
    grades = np.column_stack(
        [
            columns.counts(f"g{g}", noun="number of pupils") if f"g{g}" in columns else np.zeros(len(columns))
            for g in GRADES
        ]
    )
    bad_grades = np.isnan(grades).any(axis=1)  # an error was reported for the cell
    grades = np.nan_to_num(grades)
    missing_grades = [f"g{g}" for g in GRADES if f"g{g}" not in columns]
    if missing_grades:
        columns.report.note(
            text("no column for {missing_grades}; read as 0", missing_grades=", ".join(missing_grades)),
            file=table.file,
            field=", ".join(missing_grades),
        )
    if "total" in columns:
        total = columns.counts("total", noun="number of pupils")
        differs = np.isfinite(total) & ~bad_grades & (np.abs(grades.sum(axis=1) - total) > 0.5)
        for i in np.flatnonzero(differs).tolist():
            columns.problem(
                "error",
                i,
                text("the grades add up to {sum:,.0f}, not to the total", sum=grades[i].sum()),
                key="total",
                value=total[i],
                fix=text("correct the grades or the total so that they agree"),
            )
    lo = project.schools["grade_min"].to_numpy(dtype=int)
    hi = project.schools["grade_max"].to_numpy(dtype=int)
    for i in range(len(columns)):
        s, y = school[i], years[i]
        if s < 0 or y is None or bad_grades[i]:
            continue
        outside = [g for g in GRADES if grades[i, g - 1] > 0 and not lo[s] <= g <= hi[s]]
        if outside:
            columns.problem(
                "warning",
                i,
                text(
                    "pupils in grade {grades}, which the project's school does not teach (grades {lo}–{hi}); counted",
                    grades=", ".join(map(str, outside)),
                    lo=lo[s],
                    hi=hi[s],
                ),
                key=f"g{outside[0]}",
                value=grades[i, outside[0] - 1],
                fix=text("check the row, or the school's grades in the project"),
            )
        key = (int(s), int(y))
        if key in rows:
            file, where, _ = rows[key]
            also = where if file == table.file else f"{file}, {where}"
            columns.problem(
                "error",
                i,
                text(
                    "school {school_id} in {year} given twice, also in {also}",
                    school_id=project.schools["school_id"].iloc[s],
                    year=y,
                    also=also,
                ),
                key="school_id" if "school_id" in columns else "name",
                value=str(y),
                fix=text("keep one row per school and year"),
            )
            continue
        rows[key] = (table.file, table.wheres[i], grades[i])


def _years(columns: Columns, given: int | None) -> list[int | None]:
    out: list[int | None] = []
    school_years: list[int] = []
    if "year" not in columns:
        return [given] * len(columns)
    found = columns.years(fix=text("write the year of the census, e.g. 2024 (the autumn of the school year 2024–2025)"))
    for i, (v, got) in enumerate(zip(columns.cells("year"), found, strict=True)):
        if got is None:
            out.append(None)
            continue
        year, school_year = got
        if given is not None and year != given:
            columns.problem(
                "error",
                i,
                text("year differs from the year given for the file ({given})", given=given),
                key="year",
                value=v,
            )
            out.append(None)
            continue
        if school_year:
            school_years.append(i)
        out.append(year)
    if school_years:
        columns.problem(
            "note", school_years, text("school years read as the year they began (the autumn census)"), key="year"
        )
    return out


def _match_schools(columns: Columns, project: Project) -> np.ndarray:
    """The project's school of each row (-1 when it cannot be told): by code, else by name."""
    schools = project.schools
    by_id = {str(c).strip(): s for s, c in enumerate(schools["school_id"])}
    by_name: dict[str, list[int]] = {}
    for row, school_name in enumerate(schools["name"]):
        by_name.setdefault(norm(school_name), []).append(row)
    out = np.full(len(columns), -1, dtype=np.int64)
    for i, (code_cell, name_cell) in enumerate(zip(columns.cells("school_id"), columns.cells("name"), strict=True)):
        code, name = cell_text(code_cell), cell_text(name_cell)
        if code:
            found_id = by_id.get(code)
            if found_id is None:
                columns.problem(
                    "error",
                    i,
                    text("school code not in the project"),
                    key="school_id",
                    value=code,
                    fix=text("use the project's 10-digit school codes, or add the school to the project"),
                )
                continue
            if name and norm(name) != norm(schools["name"].iloc[found_id]):
                columns.problem(
                    "warning",
                    i,
                    text(
                        "name differs from the project's ({name}); matched by the code",
                        name=schools["name"].iloc[found_id],
                    ),
                    key="name",
                    value=name,
                )
            out[i] = found_id
        elif name:
            found = by_name.get(norm(name), [])
            if len(found) == 1:
                out[i] = found[0]
            else:
                columns.problem(
                    "error",
                    i,
                    text("school name not in the project")
                    if not found
                    else text("several schools of the project have this name"),
                    key="name",
                    value=name,
                    fix=text("add the 学校代码 (school code) column, or write the name as the project has it"),
                )
        else:
            columns.problem(
                "error",
                i,
                text("school missing (no code and no name)"),
                key="school_id",
                fix=text("fill in the school code"),
            )
    return out
