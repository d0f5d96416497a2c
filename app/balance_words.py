"""The words and table cells of the balance assessment shared by the Balance dock and the standards
plan's window: level, method and indicator titles, pass/fail colours, a read-only table model."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QTableView,
    QWidget,
)

from app.labels import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from gis.balance import Coefficient

CONTEXT = "Balance"
PASS, FAIL = QColor("#1a7f37"), QColor("#c62828")

# Texts made from data, marked here so that pyside6-lupdate finds them.
LEVEL_TITLES: dict[str, str] = {
    "primary": QT_TRANSLATE_NOOP("Balance", "Primary"),
    "junior": QT_TRANSLATE_NOOP("Balance", "Junior secondary"),
}
METHOD_TITLES: dict[str, str] = {
    "basic": QT_TRANSLATE_NOOP("Balance", "Basic balance"),
    "quality": QT_TRANSLATE_NOOP("Balance", "Quality balance"),
}
# The indicators of gis.balance.BASIC and gis.balance.QUALITY (and their mean).
INDICATOR_TITLES: dict[str, str] = {
    "floor_area_per_pupil": QT_TRANSLATE_NOOP("Balance", "Teaching and auxiliary floor area per pupil (m²)"),
    "sports_area_per_pupil": QT_TRANSLATE_NOOP("Balance", "Sports ground area per pupil (m²)"),
    "equipment_per_pupil": QT_TRANSLATE_NOOP("Balance", "Teaching equipment value per pupil (yuan)"),
    "computers_per_100": QT_TRANSLATE_NOOP("Balance", "Computers per 100 pupils"),
    "books_per_pupil": QT_TRANSLATE_NOOP("Balance", "Books per pupil"),
    "teachers_per_100": QT_TRANSLATE_NOOP("Balance", "Teachers per 100 pupils"),
    "teachers_qualified_per_100": QT_TRANSLATE_NOOP(
        "Balance", "Teachers above the required qualification per 100 pupils"
    ),
    "teachers_senior_per_100": QT_TRANSLATE_NOOP(
        "Balance", "Teachers with an intermediate or higher title per 100 pupils"
    ),
    "key_teachers_per_100": QT_TRANSLATE_NOOP("Balance", "County-level or higher key teachers per 100 pupils"),
    "pe_arts_teachers_per_100": QT_TRANSLATE_NOOP("Balance", "PE and arts teachers per 100 pupils"),
    "multimedia_rooms_per_100": QT_TRANSLATE_NOOP("Balance", "Networked multimedia classrooms per 100 pupils"),
}
# The composite row of each method: what its result means.
COMPOSITE_TITLES: dict[str, str] = {
    "basic": QT_TRANSLATE_NOOP("Balance", "Mean of the coefficients (composite)"),
    "quality": QT_TRANSLATE_NOOP("Balance", "Every coefficient within the threshold (their mean shown)"),
}


def translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def number_text(value: float, digits: int = 3) -> str:
    return "–" if value != value or math.isinf(value) else f"{value:,.{digits}f}"


def sentences(parts: list[str]) -> str:
    """Sentences joined as the current language writes them: "A. B." in English, "A。B。" in Chinese."""
    from app.i18n import current_language

    chinese = current_language().startswith("zh")
    stop, space = ("。", "") if chinese else (".", " ")
    ends = ".。!！?？"
    return space.join(p if p and p[-1] in ends else p + stop for p in (p.strip() for p in parts) if p)


@dataclass(frozen=True)
class Cell:
    """One cell of a read-only table: its text, the raw value behind it (never None), and its look."""

    text: str
    value: object = ""
    colour: QColor | None = None
    bold: bool = False
    tooltip: str = ""
    number: bool = False


class CellModel(QAbstractTableModel):
    """A read-only table of :class:`Cell` rows, with headers translated when shown.

    A model rather than a ``QTableWidget``: filling it is one reset, not one call per cell
    (with PySide6 6.12 on Python 3.11 each call of a method returning nothing drops a
    reference to ``None``, and tens of thousands of them end the interpreter). For the same
    reason no role gives ``None`` to Python: values are never None.
    """

    def __init__(self, headers: tuple[str, ...], context: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = headers
        self._context = context
        self.rows: list[list[Cell]] = []

    def set_rows(self, rows: list[list[Cell]]) -> None:
        """Show other rows."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        cell = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.UserRole:
            return cell.value
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell.tooltip or cell.text
        if role == Qt.ItemDataRole.ForegroundRole and cell.colour is not None:
            return QBrush(cell.colour)
        if role == Qt.ItemDataRole.FontRole and cell.bold:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and cell.number:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate(self._context, self._headers[section])
        return str(section + 1)

    def retranslate(self) -> None:
        """Tell the views that the headers changed (after a language change)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)


def table_view(model: CellModel, parent: QWidget) -> QTableView:
    """A read-only view of whole rows, without row numbers."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    return view


def indicator_title(coefficient: Coefficient) -> str:
    """A coefficient's indicator in words, in the current language."""
    if coefficient.indicator == "composite":
        title = COMPOSITE_TITLES.get(coefficient.method)
    else:
        title = INDICATOR_TITLES.get(coefficient.indicator)
    return translate(title) if title is not None else coefficient.label


def indicator_words(message: str) -> str:
    """A message with the indicators' keys (``key_teachers_per_100``) put in words of the current language."""
    import re

    for key, title in INDICATOR_TITLES.items():
        words = translate(title).replace("\\", "\\\\")  # a replacement template: backslashes kept
        message = re.sub(rf"(?<![A-Za-z0-9_]){key}(?![A-Za-z0-9_])", words, message)
    return message


def verdict(passes: bool | None) -> str:
    """A result in words, in the current language (``–`` when there is no threshold or no value)."""
    if passes is None:
        return "–"
    if passes:
        return QCoreApplication.translate("Balance", "passes")
    return QCoreApplication.translate("Balance", "fails")
