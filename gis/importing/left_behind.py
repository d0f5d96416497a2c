"""Reading the left-behind children (留守儿童) by village, for the boarding places of the plan.

A CSV or XLSX file, one row per village, with Chinese or English headers
(:data:`HEADER_SYNONYMS`): 村/村名/village, 乡镇/township (optional), 留守儿童数/留守儿童/left_behind.
Villages are matched to the project's places as the births are (:mod:`gis.importing.births`):
by name, within the township when the file has one, with a note for names matched with or
without their ending (村, 社区 …). Places of the project without a row have no left-behind
children (a note names them). Every problem is a finding of the
:class:`~gis.importing.report.ImportReport`; with any error nothing is read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.importing.births import HEADER_SYNONYMS as BIRTH_HEADERS
from gis.importing.births import match_places, read_village_table
from gis.importing.report import ImportReport
from gis.importing.tables import TableKind, norm
from gis.messages import text

if TYPE_CHECKING:
    from collections.abc import Mapping

    from gis.project import Project

#: Field → headers recognised for it (matched after normalisation, see :func:`~gis.importing.tables.norm`).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "village": BIRTH_HEADERS["village"],
    "village_code": BIRTH_HEADERS["village_code"],
    "township": BIRTH_HEADERS["township"],
    "left_behind": (
        "留守儿童数", "留守儿童人数", "留守儿童数量", "留守儿童", "农村留守儿童", "留守",
        "left_behind", "left_behind_children", "children_left_behind",
    ),
}  # fmt: skip
_LEFT_BEHIND = TableKind(
    "left-behind children",
    frozenset(norm(n) for names in HEADER_SYNONYMS.values() for n in names),
    "乡镇, 村名, 留守儿童数",
)


@dataclass(frozen=True, eq=False)
class LeftBehind:
    """Left-behind children per place of a project (the county's village table, matched).

    ``children[p]`` are the left-behind children of the project's place ``p`` (row of
    ``project.places``, named ``places[p]``); places the table does not list have none.
    ``source`` is the file they came from.
    """

    places: tuple[str, ...]
    children: np.ndarray
    source: str = ""

    def __post_init__(self) -> None:
        if self.children.shape != (len(self.places),):
            raise ValueError("one count of left-behind children per place")

    @property
    def total(self) -> float:
        """The county's left-behind children in the table."""
        return float(self.children.sum())


def read_left_behind(
    path: str | os.PathLike[str],
    project: Project,
    *,
    report: ImportReport | None = None,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | None = None,
) -> LeftBehind | None:
    """Read the left-behind children by village and match the villages to the project's places.

    Parameters
    ----------
    path
        A CSV (UTF-8, GBK/GB18030 …) or XLSX file, one row per village.
    project
        The county project: its places (the villages matched to) and townships.
    report
        Every finding is added here; without one, an error raises.
    mapping
        {field: header} overriding the detected columns (fields: the keys of
        :data:`HEADER_SYNONYMS`; None: do not use this field).
    sheet
        The sheet of a workbook; the first if not given.

    Returns
    -------
    The left-behind children per place, or None when the file has an error (every error is in
    the report): unreadable, a required column missing, a village missing, unknown or given
    twice, a count negative or not a number (a blank count is read as 0, with a note).

    Raises
    ------
    InputError
        Only without a ``report``: every error of the file.
    """
    own = report is None
    found = ImportReport() if report is None else report
    got = _read(Path(path), project, found, mapping, sheet)
    if own:
        found.raise_if_errors()
    return got


def _read(
    path: Path,
    project: Project,
    report: ImportReport,
    mapping: Mapping[str, str | None] | None,
    sheet: str | None,
) -> LeftBehind | None:
    errors_before = len(report.errors)
    if len(project.places) == 0:
        report.error(
            text("the project has no places to match the villages to"),
            file=str(path),
            fix=text("import the places (villages, township seats, the county seat) first"),
        )
        return None
    columns = read_village_table(
        path,
        report,
        kind=_LEFT_BEHIND,
        synonyms=HEADER_SYNONYMS,
        required=(("village", "village_code"), ("left_behind",)),
        mapping=mapping,
        sheet=sheet,
        empty=(text("the file has a header but no villages"), text("fill in one row per village (村名, 留守儿童数)")),
    )
    if columns is None:
        return None
    table = columns.table
    counts = columns.counts("left_behind", noun="left-behind children")
    place = match_places(columns, project)
    places = project.places
    names = places["name"].astype(str).tolist()
    seen: dict[int, int] = {}
    for i in np.flatnonzero(place >= 0).tolist():
        p = int(place[i])
        if p in seen:
            columns.problem(
                "error",
                i,
                text(
                    "left-behind children of {names} given twice, also in {wheres}",
                    names=names[p],
                    wheres=table.wheres[seen[p]],
                ),
                key="village",
                value=columns.cells("village")[i],
                fix=text("keep one row per village (add the numbers up if they are parts)"),
            )
        else:
            seen[p] = i
    if len(report.errors) > errors_before:
        return None
    children = np.zeros(len(places))
    for p, i in seen.items():
        children[p] = counts[i]
    missing = [p for p in range(len(places)) if p not in seen]
    if missing:
        listed = [f"{names[p]} ({places['township'].iloc[p]})" for p in missing]
        shown = ", ".join(listed[:12]) + (f" and {len(listed) - 12} more" if len(listed) > 12 else "")
        report.note(
            text(
                "{n_missing} place(s) of the project not in the table have no left-behind children: {shown}",
                n_missing=len(missing),
                shown=shown,
            ),
            file=table.file,
            field=columns.label("village"),
        )
    report.note(
        text("left-behind children of {n_seen} places: {count:,.0f} in all", n_seen=len(seen), count=children.sum()),
        file=table.file,
    )
    return LeftBehind(tuple(names), children, source=table.file)
