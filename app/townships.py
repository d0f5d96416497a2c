"""The Townships dock: one line per township, its children, coverage, schools and over-full schools.

The lines are :func:`app.views.township_rows` of the session's project and analysis (names
and school counts before an analysis).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Slot
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from app.labels import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from app.session import Session
    from app.views import TownshipRow

# The township summary: (key of TownshipRow, header) in column order.
TOWNSHIP_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", QT_TRANSLATE_NOOP("TownshipSummary", "Township")),
    ("children", QT_TRANSLATE_NOOP("TownshipSummary", "Children")),
    ("share_within", QT_TRANSLATE_NOOP("TownshipSummary", "Grades 1–3 within the rule")),
    ("mean_travel_min", QT_TRANSLATE_NOOP("TownshipSummary", "Grades 1–3 mean trip (min)")),
    ("schools", QT_TRANSLATE_NOOP("TownshipSummary", "Schools")),
    ("over_full", QT_TRANSLATE_NOOP("TownshipSummary", "Over-full schools")),
)


def _text(key: str, number: float) -> str:
    if number != number:
        return "–"
    if key == "share_within":
        return f"{number:.1%}"
    if key == "mean_travel_min":
        return f"{number:,.1f}"
    return f"{number:,.0f}"


class TownshipSummary(QTableWidget):
    """The township lines, sorted by code.

    Attributes
    ----------
    rows
        The lines shown.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(0, len(TOWNSHIP_COLUMNS), parent)
        self._session = session
        self.rows: list[TownshipRow] = []
        self._source: tuple[object, object] | None = None  # the project and analysis of the rows
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        session.projectLoaded.connect(self.show_rows)
        session.analysisChanged.connect(self.show_rows)
        self.show_rows()

    @Slot()
    def show_rows(self) -> None:
        """Show the lines of the session's project and analysis (computed once for each)."""
        from app.views import township_rows

        self.setHorizontalHeaderLabels(
            [QCoreApplication.translate("TownshipSummary", title) for _key, title in TOWNSHIP_COLUMNS]
        )
        project, analysis = self._session.project, self._session.analysis
        if project is None:
            self.rows = []
            self.setRowCount(0)
            return
        if self._source is None or self._source[0] is not project or self._source[1] is not analysis:
            views = self._session.views()
            self.rows = list(views.township_rows if views is not None else township_rows(project))
            self._source = (project, analysis)
        self.setSortingEnabled(False)
        self.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, (key, _title) in enumerate(TOWNSHIP_COLUMNS):
                value = getattr(row, key)
                item = QTableWidgetItem()
                if isinstance(value, str):
                    item.setText(value)
                    item.setToolTip(row.code)
                else:
                    item.setData(Qt.ItemDataRole.DisplayRole, _text(key, float(value)))
                    item.setData(Qt.ItemDataRole.UserRole, float(value))
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)
        self.resizeColumnsToContents()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.show_rows()
        super().changeEvent(event)
