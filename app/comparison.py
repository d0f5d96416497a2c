"""The Comparison dock: a scenario's county figures beside the baseline's, with room for all of them.

The comparison is made by :meth:`app.planning.ScenarioPanel.compare` and kept in the session
(:attr:`app.session.Session.comparison`); this dock only shows it: one row per figure of
:func:`gis.compare.compare` (about seventy with the balance assessment), in three tables side by
side (travel; seats, schools and classes; balance and boarding) so that all of them show at once
on a 1600×1000 screen, named in words (:func:`app.planning.metric_label`), the change coloured
green where it is better and red where it is worse. The texts keep the translation
context ``ScenarioPanel`` of the dock they were first shown in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.labels import QT_TRANSLATE_NOOP
from app.planning import BETTER, COMPARISON_COLUMNS, WORSE, metric_direction, metric_label, table_item

if TYPE_CHECKING:
    from app.session import Session
    from gis.compare import Comparison, Metric


#: The three tables of the dock, side by side, and which figures each shows (by the figure's name).
GROUPS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("ScenarioPanel", "Travel"),
    QT_TRANSLATE_NOOP("ScenarioPanel", "Seats, schools and classes"),
    QT_TRANSLATE_NOOP("ScenarioPanel", "Balance and boarding"),
)
TRAVEL = {
    "children",
    "share_within_threshold",
    "children_beyond_threshold",
    "mean_travel_min",
    "p95_travel_min",
    "max_travel_min",
    "assigned_mean_travel_min",
    "children_overflow",
}


def group_of(name: str) -> int:
    """Which table (index of :data:`GROUPS`) shows a figure of :func:`gis.compare.compare`."""
    first, _, metric = name.partition(".")
    if first in ("balance", "boarding"):
        return 2
    if first in ("grades_1_3", "primary", "junior") and metric in TRAVEL:
        return 0
    return 1


def _label(name: str) -> tuple[str, bool]:
    """A figure in words for the tables, and whether it heads a block (bold).

    A balance coefficient's level and method head its block (the composite's row); the quality
    indicators below it are named alone, indented, so that the names stay short enough to read.
    """
    parts = name.split(".")
    if parts[0] == "balance" and len(parts) == 4:
        from app.balance_words import INDICATOR_TITLES, LEVEL_TITLES, METHOD_TITLES

        _, level, method, indicator = parts
        if indicator == "composite" and level in LEVEL_TITLES and method in METHOD_TITLES:
            text = QCoreApplication.translate("ScenarioPanel", "{level} · {method} (coefficient)").format(
                level=QCoreApplication.translate("Balance", LEVEL_TITLES[level]),
                method=QCoreApplication.translate("Balance", METHOD_TITLES[method]),
            )
            return text, True
        if indicator in INDICATOR_TITLES:
            return "    " + QCoreApplication.translate("Balance", INDICATOR_TITLES[indicator]), False
    return metric_label(name), False


def _order(metric: Metric) -> tuple[int, int, int, int]:
    """Rows in the comparison's order, the balance coefficients last, by level and method, each
    method's composite heading its indicators."""
    parts = metric.name.split(".")
    if parts[0] == "balance" and len(parts) == 4:
        level = 0 if parts[1] == "primary" else 1
        method = 0 if parts[2] == "basic" else 1
        return 1, level, method, 0 if parts[3] == "composite" else 1
    return 0, 0, 0, 0


def _digits(name: str) -> int:
    """Decimals a figure is shown with: coefficients three, trips one, counts none."""
    if name.startswith("balance.") and name.count(".") == 3:
        return 3
    return 1 if name.endswith("_min") else 0


def _value_text(value: float, *, share: bool, digits: int, sign: bool = False) -> str:
    """A figure as shown: shares in per cent, trips with a decimal, counts whole."""
    if value != value:
        return "–"
    if round(value * 100 if share else value, 1 if share else digits) == 0:
        value, sign = 0.0, False  # no "-0.000" or "+0": unchanged is 0
    if share:
        return f"{value:+.1%}" if sign else f"{value:.1%}"
    return f"{value:+,.{digits}f}" if sign else f"{value:,.{digits}f}"


class ComparisonPanel(QWidget):
    """The session's comparison of a scenario with the baseline: three tables side by side.

    Its map button asks for the scenario beside the baseline on the map (:attr:`swipeRequested`
    with the scenario's name, or None to end it).

    Attributes
    ----------
    tables
        One table a group of :data:`GROUPS`; columns figure, baseline, scenario, change; each
        cell keeps its raw value (the figure's name, or the number) in the user role.
    """

    swipeRequested = Signal(object)  # str: show this scenario beside the baseline on the map; None: stop

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self._shown: Comparison | None = None
        self.swipe_button = QPushButton(self)
        self.swipe_button.setCheckable(True)
        self.swipe_button.toggled.connect(self._swipe_toggled)
        self.titles: list[QLabel] = []
        self.tables: list[QTableWidget] = []
        columns = QHBoxLayout()
        for stretch in (5, 5, 7):  # the balance's indicator names are the longest
            title = QLabel(self)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            table = QTableWidget(0, len(COMPARISON_COLUMNS), self)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.verticalHeader().setVisible(False)
            table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 4)
            table.setAlternatingRowColors(True)
            table.setWordWrap(False)
            header = table.horizontalHeader()
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for column in range(1, len(COMPARISON_COLUMNS)):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            box = QVBoxLayout()
            box.addWidget(title)
            box.addWidget(table, 1)
            columns.addLayout(box, stretch)
            self.titles.append(title)
            self.tables.append(table)
        top = self._top = QHBoxLayout()
        top.addWidget(self.label, 1)
        top.addWidget(self.swipe_button)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(columns, 1)
        session.comparisonChanged.connect(self.show_comparison)
        session.projectLoaded.connect(self.show_comparison)
        self.retranslate()

    @property
    def comparison(self) -> Comparison | None:
        """The comparison shown (the session's), or None before any is made."""
        return self._session.comparison

    def rows(self) -> list[tuple[object, object, object, object]]:
        """Every row shown, table by table: the raw figure name, baseline, scenario and change."""
        role = Qt.ItemDataRole.UserRole
        rows: list[tuple[object, object, object, object]] = []
        for table in self.tables:
            for r in range(table.rowCount()):
                cells = [table.item(r, c) for c in range(4)]
                name, baseline, scenario, change = (None if c is None else c.data(role) for c in cells)
                rows.append((name, baseline, scenario, change))
        return rows

    def rows_height(self) -> int:
        """Height in pixels the label, titles, headers and every row need, to show them all without scrolling."""
        tallest = max(
            table.horizontalHeader().height() + table.verticalHeader().length() + 2 * table.frameWidth()
            for table in self.tables
        )
        layout = self._layout
        margins = layout.contentsMargins()
        spacing = layout.spacing()
        return (
            max(self.label.sizeHint().height(), self.swipe_button.sizeHint().height())
            + self.titles[0].sizeHint().height()
            + tallest
            + margins.top()
            + margins.bottom()
            + 3 * spacing
            + 6
        )

    @Slot(bool)
    def _swipe_toggled(self, on: bool) -> None:
        comparison = self.comparison
        self.swipeRequested.emit(comparison.scenario if on and comparison is not None else None)

    @Slot()
    def show_comparison(self) -> None:
        """Fill the tables from the session's comparison (a hint without one)."""
        comparison = self.comparison
        for table in self.tables:
            table.setRowCount(0)
        self.swipe_button.setEnabled(comparison is not None)
        if comparison is not self._shown and self.swipe_button.isChecked():
            self.swipe_button.setChecked(False)  # the map shows no other scenario than the one compared
        self._shown = comparison
        if comparison is None:
            self.label.setText(
                QCoreApplication.translate("ScenarioPanel", "Select a scenario and compare it with the baseline.")
            )
            return
        self.label.setText(
            QCoreApplication.translate("ScenarioPanel", "Scenario {name} compared with the baseline").format(
                name=comparison.scenario
            )
        )
        for metric in sorted(comparison.metrics, key=_order):
            table = self.tables[group_of(metric.name)]
            row = table.rowCount()
            table.insertRow(row)
            share = metric.name.endswith("share_within_threshold")
            digits = _digits(metric.name)
            change = table_item(
                _value_text(metric.change, share=share, digits=digits, sign=True), metric.change, number=True
            )
            direction = metric_direction(metric.name) * (metric.change if metric.change == metric.change else 0)
            if abs(direction) > 1e-9 and change.text() not in ("0", "–") and not change.text().startswith("0"):
                change.setForeground(QBrush(BETTER if direction > 0 else WORSE))
            text, heading = _label(metric.name)
            label = table_item(text, metric.name)
            label.setToolTip(metric_label(metric.name))
            if heading:
                font = label.font()
                font.setBold(True)
                label.setFont(font)
            table.setItem(row, 0, label)
            for column, value in ((1, metric.baseline), (2, metric.scenario)):
                table.setItem(
                    row, column, table_item(_value_text(value, share=share, digits=digits), value, number=True)
                )
            table.setItem(row, 3, change)

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.swipe_button.setText(QCoreApplication.translate("ScenarioPanel", "Beside the baseline on the map"))
        self.swipe_button.setToolTip(
            QCoreApplication.translate(
                "ScenarioPanel", "Drag the divider on the map: the baseline on its left, the scenario on its right"
            )
        )
        for title, group in zip(self.titles, GROUPS, strict=True):
            title.setText(QCoreApplication.translate("ScenarioPanel", group))
        for table in self.tables:
            table.setHorizontalHeaderLabels([QCoreApplication.translate("Planning", t) for t in COMPARISON_COLUMNS])
        self.show_comparison()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
