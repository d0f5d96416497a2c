"""The Comparison dock: a scenario's county figures beside the baseline's, with room for all of them.

The comparison is made by :meth:`app.planning.ScenarioPanel.compare` and kept in the session
(:attr:`app.session.Session.comparison`); this dock only shows it: one row per figure of
:func:`gis.compare.compare`, named in words (:func:`app.planning.metric_label`), the change
coloured green where it is better and red where it is worse. The texts keep the translation
context ``ScenarioPanel`` of the dock they were first shown in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Slot
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableWidget, QVBoxLayout, QWidget

from app.planning import BETTER, COMPARISON_COLUMNS, WORSE, _item, _tr, metric_direction, metric_label

if TYPE_CHECKING:
    from app.session import Session
    from gis.compare import Comparison


def _value_text(value: float, *, share: bool, digits: int, sign: bool = False) -> str:
    """A figure as shown: shares in per cent, trips with a decimal, counts whole."""
    if value != value:
        return "–"
    if share:
        return f"{value:+.1%}" if sign else f"{value:.1%}"
    return f"{value:+,.{digits}f}" if sign else f"{value:,.{digits}f}"


class ComparisonPanel(QWidget):
    """The session's comparison of a scenario with the baseline, one figure a row."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.table = QTableWidget(0, len(COMPARISON_COLUMNS), self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COMPARISON_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.label)
        layout.addWidget(self.table, 1)
        session.comparisonChanged.connect(self.show_comparison)
        session.projectLoaded.connect(self.show_comparison)
        self.retranslate()

    @property
    def comparison(self) -> Comparison | None:
        """The comparison shown (the session's), or None before any is made."""
        return self._session.comparison

    def rows_height(self) -> int:
        """Height in pixels the label, header and every row need, to show them all without scrolling."""
        rows = self.table.verticalHeader().length()
        frame = 2 * self.table.frameWidth()
        margins = self.layout().contentsMargins()
        return (
            self.label.sizeHint().height()
            + self.table.horizontalHeader().height()
            + rows
            + frame
            + margins.top()
            + margins.bottom()
            + self.layout().spacing()
            + 4
        )

    @Slot()
    def show_comparison(self) -> None:
        """Fill the table from the session's comparison (a hint without one)."""
        comparison = self.comparison
        self.table.setRowCount(0)
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
        self.table.setRowCount(len(comparison.metrics))
        for row, metric in enumerate(comparison.metrics):
            share = metric.name.endswith("share_within_threshold")
            digits = 1 if metric.name.endswith("_min") else 0
            change = _item(
                _value_text(metric.change, share=share, digits=digits, sign=True), metric.change, number=True
            )
            direction = metric_direction(metric.name) * (metric.change if metric.change == metric.change else 0)
            if abs(direction) > 1e-9:
                change.setForeground(QBrush(BETTER if direction > 0 else WORSE))
            label = _item(metric_label(metric.name), metric.name)
            label.setToolTip(label.text())
            self.table.setItem(row, 0, label)
            for column, value in ((1, metric.baseline), (2, metric.scenario)):
                self.table.setItem(
                    row, column, _item(_value_text(value, share=share, digits=digits), value, number=True)
                )
            self.table.setItem(row, 3, change)

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.table.setHorizontalHeaderLabels([_tr(title) for title in COMPARISON_COLUMNS])
        self.show_comparison()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
