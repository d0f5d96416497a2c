"""The Indicators dock: the county's coverage figures of the analysis, one row each, with units.

The figures are those of :func:`gis.indicators.coverage_indicators` at county scope, in a
two-column table (the figure in words, wrapped; its value with its unit, never cut). Before an
analysis the values are dashes and a hint above them says to run the analysis, with a button
for it (:attr:`Dashboard.runRequested`). When the analysis is of a forecast year, the value
column's header says which.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

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
NAME, VALUE = 0, 1


class Dashboard(QWidget):
    """The county figures: a hint before the first analysis, then a table of figures and values.

    Attributes
    ----------
    values
        The figures shown, by (level, metric); empty before an analysis.
    table
        The table: column 0 the figure in words, column 1 its value with the unit.
    hint
        The first-use hint (shown while there is no analysis).
    """

    runRequested = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.values: dict[tuple[str, str], float] = {}
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.run_button = QPushButton(self)
        self.run_button.clicked.connect(self.runRequested)
        self.table = QTableWidget(len(DASHBOARD_ROWS), 2, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(VALUE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hint_row = QHBoxLayout()
        hint_row.addWidget(self.hint, 1)
        hint_row.addWidget(self.run_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(hint_row)
        layout.addWidget(self.table, 1)
        session.projectLoaded.connect(self.show_values)
        session.analysisChanged.connect(self.show_values)
        self.retranslate()

    def value_text(self, metric: str, value: float | None) -> str:
        """A figure with its unit, as shown: shares in per cent, trips in minutes, children whole."""
        if value is None or value != value:
            return "–"
        if metric.startswith("share"):
            return f"{value:.1%}"
        if metric.endswith("_min"):
            return self.tr("{value} min").format(value=f"{value:,.1f}")
        return self.tr("{value} children").format(value=f"{round(value):,}")

    @Slot()
    def show_values(self) -> None:
        """Show the county figures of the session's analysis (dashes and the hint without one)."""
        values: dict[tuple[str, str], float] = {}
        views = self._session.views()
        if views is not None:
            values = {(i.level, i.metric): i.value for i in views.indicators if i.scope == "county"}
        self.values = {key: values[key] for key in DASHBOARD_ROWS if key in values}
        for row, (level, metric) in enumerate(DASHBOARD_ROWS):
            item = QTableWidgetItem(self.value_text(metric, self.values.get((level, metric))))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, VALUE, item)
        waiting = self._session.analysis is None
        self.hint.setVisible(waiting)
        self.run_button.setVisible(waiting)
        self.run_button.setEnabled(self._session.project is not None)
        self._show_header()

    def _show_header(self) -> None:
        year = self._session.analysis_year
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Indicator"),
                self.tr("County") if year is None else self.tr("County, {year} (forecast)").format(year=year),
            ]
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
        self.hint.setText(self.tr("No analysis yet: run it to see the county's figures."))
        self.run_button.setText(self.tr("Run analysis"))
        for row, (level, metric) in enumerate(DASHBOARD_ROWS):
            self.table.setItem(row, NAME, QTableWidgetItem(self._label(level, metric)))
        self.show_values()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
