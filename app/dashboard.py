"""The Indicators dock: the county's coverage figures of the analysis, one row each.

The figures are those of :func:`gis.indicators.coverage_indicators` at county scope; before an
analysis every row shows a dash. When the analysis is of a forecast year, the header says which.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

if TYPE_CHECKING:
    from app.session import Session

# (level, metric) of the county indicators shown, in row order.
DASHBOARD_ROWS: tuple[tuple[str, str], ...] = (
    ("grades_1_3", "share_within_threshold"),
    ("grades_1_3", "mean_travel_min"),
    ("primary", "share_within_threshold"),
    ("primary", "children_overflow"),
    ("junior", "share_within_threshold"),
    ("junior", "mean_travel_min"),
    ("junior", "children_overflow"),
)


class Dashboard(QTableWidget):
    """One column of county figures.

    Attributes
    ----------
    values
        The figures shown, by (level, metric); empty before an analysis.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(len(DASHBOARD_ROWS), 1, parent)
        self._session = session
        self.values: dict[tuple[str, str], float] = {}
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        session.projectLoaded.connect(self.show_values)
        session.analysisChanged.connect(self.show_values)
        self.retranslate()
        self.show_values()

    @Slot()
    def show_values(self) -> None:
        """Show the county figures of the session's analysis (dashes without one)."""
        values: dict[tuple[str, str], float] = {}
        views = self._session.views()
        if views is not None:
            values = {(i.level, i.metric): i.value for i in views.indicators if i.scope == "county"}
        self.values = {key: values[key] for key in DASHBOARD_ROWS if key in values}
        for row, key in enumerate(DASHBOARD_ROWS):
            value = self.values.get(key)
            if value is None:
                text = "–"
            elif key[1].startswith("share"):
                text = f"{value:.1%}"
            else:
                text = f"{value:,.1f}"
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, 0, item)
        self._show_header()

    def _show_header(self) -> None:
        year = self._session.analysis_year
        self.setHorizontalHeaderLabels(
            [self.tr("County") if year is None else self.tr("County, {year} (forecast)").format(year=year)]
        )

    def _label(self, level: str, metric: str) -> str:
        levels = {"grades_1_3": self.tr("Grades 1–3"), "primary": self.tr("Primary"), "junior": self.tr("Junior")}
        metrics = {
            "share_within_threshold": self.tr("within the rule"),
            "mean_travel_min": self.tr("mean trip (min)"),
            "children_overflow": self.tr("children not placed (no seat within reach)"),
        }
        return self.tr("{level}: {metric}").format(level=levels[level], metric=metrics[metric])

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self._show_header()
        self.setVerticalHeaderLabels([self._label(level, metric) for level, metric in DASHBOARD_ROWS])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
