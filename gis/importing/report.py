"""The validation report of an import: every finding, with where it is and what to do.

Each reader adds findings to one :class:`ImportReport` instead of raising at the first
problem, so that a planner sees everything wrong with the files at once. Errors stop the
import (nothing is written); warnings let it proceed; notes record what was changed (a
geometry repaired, a coordinate converted). Nothing is dropped without a line here.
The report is shown in the window and written to ``PROJECT.import-report.csv``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from gis.errors import InputError, Problem
from gis.messages import Text, text

if TYPE_CHECKING:
    import pandas as pd

Severity = Literal["error", "warning", "note"]
REPORT_COLUMNS = ("severity", "file", "where", "field", "value", "problem", "fix")


@dataclass(frozen=True)
class Finding:
    """One line of the report.

    ``where`` locates it in the file: ``row 12`` (spreadsheet rows counted as a planner sees
    them, header = row 1), ``feature 5`` (0-based feature of a vector layer), ``band 3``,
    or empty for the whole file.
    """

    severity: Severity
    file: str
    where: str
    field: str
    value: str
    problem: str
    fix: str = ""

    def __str__(self) -> str:
        place = ", ".join(part for part in (self.file, self.where, f"field {self.field}" if self.field else "") if part)
        text = f"{self.severity}: {place}: {self.problem}" if place else f"{self.severity}: {self.problem}"
        if self.value:
            text += f" (value: {self.value})"
        if self.fix:
            text += f"; {self.fix}"
        return text


#: Relative difference between two child counts that must agree, above which the report warns.
RECONCILE_TOLERANCE = 0.001


@dataclass(frozen=True)
class Children:
    """A number of school-age children of each cohort."""

    primary: float
    junior: float

    @property
    def total(self) -> float:
        """Primary and junior together."""
        return self.primary + self.junior

    def __sub__(self, other: Children) -> Children:
        return Children(self.primary - other.primary, self.junior - other.junior)

    def __str__(self) -> str:
        return str(self.message())

    def message(self) -> Text:
        """The counts as a message: the total, then primary and junior."""
        return text(
            "{total:,.0f} ({primary:,.0f} primary, {junior:,.0f} junior)",
            total=self.total,
            primary=self.primary,
            junior=self.junior,
        )


@dataclass(frozen=True)
class ChildrenReconciliation:
    """Where the children of the population files went.

    ``in_files``: in the rasters or village counts (a national raster: within 10 km of the
    grid); ``on_grid``: resampled onto the project grid; ``inside``: in the project, in the
    county's townships. The rest are ``outside`` the county: ``off_grid`` (beyond the grid, or
    villages without a location) plus ``outside_on_grid`` (cells outside every township).
    """

    in_files: Children
    on_grid: Children
    inside: Children

    @property
    def off_grid(self) -> Children:
        """Children of the files not on the grid."""
        return self.in_files - self.on_grid

    @property
    def outside_on_grid(self) -> Children:
        """Children on the grid but outside every township (not in the project)."""
        return self.on_grid - self.inside

    @property
    def outside(self) -> Children:
        """Children of the files outside the county: off the grid or outside every township."""
        return self.in_files - self.inside

    @property
    def balanced(self) -> bool:
        """True when no count exceeds the one it comes from by more than :data:`RECONCILE_TOLERANCE`."""
        slack = RECONCILE_TOLERANCE * max(self.in_files.total, 1.0)
        return self.on_grid.total <= self.in_files.total + slack and self.inside.total <= self.on_grid.total + slack

    def lines(self) -> list[Text]:
        """The reconciliation as the report's closing lines."""
        return [
            text("children in the files: {children}", children=self.in_files.message()),
            text("children on the grid: {children}", children=self.on_grid.message()),
            text("children inside the county (in the project): {children}", children=self.inside.message()),
            text(
                "children outside the county: {children}; off the grid {off_grid:,.0f}, "
                "on the grid outside the township boundaries {outside_on_grid:,.0f}",
                children=self.outside.message(),
                off_grid=self.off_grid.total,
                outside_on_grid=self.outside_on_grid.total,
            ),
        ]


@dataclass
class ImportReport:
    """The findings of one import, in the order they were found, and where the children went."""

    findings: list[Finding] = field(default_factory=list)
    reconciliation: ChildrenReconciliation | None = None

    def add(
        self,
        severity: Severity,
        problem: str,
        *,
        file: str | os.PathLike[str] = "",
        where: str = "",
        field: str = "",
        value: object = "",
        fix: str = "",
    ) -> None:
        """Add a finding; ``value`` is shown as text (at most 80 characters)."""
        shown = "" if value is None else str(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        self.findings.append(Finding(severity, str(file), where, field, shown, problem, fix))

    def error(self, problem: str, **where: object) -> None:
        """An error: the import stops and writes nothing."""
        self.add("error", problem, **where)  # type: ignore[arg-type]

    def warning(self, problem: str, **where: object) -> None:
        """A warning: the import goes on; the planner should look."""
        self.add("warning", problem, **where)  # type: ignore[arg-type]

    def note(self, problem: str, **where: object) -> None:
        """A note: something was changed on the way in (repaired, converted)."""
        self.add("note", problem, **where)  # type: ignore[arg-type]

    def reconcile(self, reconciliation: ChildrenReconciliation, *, file: str | os.PathLike[str] = "") -> None:
        """Keep the reconciliation and add its lines (notes; a warning when the counts do not agree)."""
        self.reconciliation = reconciliation
        if not reconciliation.balanced:
            self.warning(
                text(
                    "more children on the grid than in the files, or in the project than on the grid "
                    "(more than {value:g}%)",
                    value=100 * RECONCILE_TOLERANCE,
                ),
                file=file,
                fix=text("report this: the population was not resampled faithfully"),
            )
        for line in reconciliation.lines():
            self.note(line, file=file)

    def extend(self, other: ImportReport) -> None:
        """Add another report's findings."""
        self.findings.extend(other.findings)

    @property
    def errors(self) -> list[Finding]:
        """The findings that stop the import."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """The findings that let the import go on."""
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when there is no error."""
        return not self.errors

    def table(self) -> pd.DataFrame:
        """The findings as a table with the columns of :data:`REPORT_COLUMNS`."""
        import pandas as pd

        return pd.DataFrame([[getattr(f, c) for c in REPORT_COLUMNS] for f in self.findings], columns=REPORT_COLUMNS)

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the report as UTF-8 CSV (with a byte-order mark, for Excel), atomically."""
        from gis.fileio import write_csv

        return write_csv(self.table(), path)

    def raise_if_errors(self) -> None:
        """Raise :class:`~gis.errors.InputError` listing every error, if there is any."""
        if self.errors:
            raise InputError(
                [
                    Problem(f.problem, file=f.file, feature=f.where, field=f.field, value=f.value, fix=f.fix)
                    for f in self.errors
                ]
            )
