"""The Schools dock: every school of the project, searchable by name or code, sortable by value.

Before an analysis the table shows each school's code, name, type, township and pupils; after
it the figures of :func:`gis.indicators.school_table`, readable: township names (the code in
the tooltip), utilisation as a percentage, children as whole numbers, yes/no; the view sorts
on the raw values. Selecting a row selects the school in
the session (the details, the map and the Scenarios dock follow); a school selected elsewhere
(a click on the map) selects its row, clearing a search that hides it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableView, QVBoxLayout, QWidget

from app.labels import (
    QT_TRANSLATE_NOOP,
    decimal_text,
    school_type_title,
    share_text,
    township_names,
    township_title,
    whole_text,
    yes_no,
)

if TYPE_CHECKING:
    import pandas as pd

    from app.session import Session

# The columns shown after an analysis (of gis.indicators.school_table), in order, with their
# headers (marked here so that pyside6-lupdate finds them) and how their values read:
# "text" as is, "type" and "township" in words, "int" whole, "share" a percentage,
# "float" one decimal, "bool" yes/no.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("school_id", QT_TRANSLATE_NOOP("SchoolTable", "Code"), "text"),
    ("name", QT_TRANSLATE_NOOP("SchoolTable", "Name"), "text"),
    ("type", QT_TRANSLATE_NOOP("SchoolTable", "Type"), "type"),
    ("township", QT_TRANSLATE_NOOP("SchoolTable", "Township"), "township"),
    ("enrol_total", QT_TRANSLATE_NOOP("SchoolTable", "Pupils"), "int"),
    ("utilisation_primary", QT_TRANSLATE_NOOP("SchoolTable", "Primary utilisation"), "share"),
    ("utilisation_junior", QT_TRANSLATE_NOOP("SchoolTable", "Junior utilisation"), "share"),
    ("catchment_children_primary", QT_TRANSLATE_NOOP("SchoolTable", "Primary children in catchment"), "int"),
    ("catchment_mean_travel_min_primary", QT_TRANSLATE_NOOP("SchoolTable", "Primary mean trip (min)"), "float"),
    ("mean_class_size_primary", QT_TRANSLATE_NOOP("SchoolTable", "Primary mean class size"), "float"),
    ("mean_class_size_junior", QT_TRANSLATE_NOOP("SchoolTable", "Junior mean class size"), "float"),
    ("under_100", QT_TRANSLATE_NOOP("SchoolTable", "Under 100 pupils"), "bool"),
    ("large_classes_56", QT_TRANSLATE_NOOP("SchoolTable", "Large classes (56 or more)"), "bool"),
)
ANALYSED_COLUMNS: tuple[str, ...] = tuple(column for column, _title, _style in COLUMNS)
COLUMN_TITLES: dict[str, str] = {column: title for column, title, _style in COLUMNS}
COLUMN_STYLES: dict[str, str] = {column: style for column, _title, style in COLUMNS}


def cell_text(style: str, value: object, townships: dict[str, str] | None = None) -> str:
    """A value of the school table as the window shows it, in the current language."""
    if style == "type":
        return school_type_title(str(value))
    if style == "township":
        return township_title(townships or {}, value)
    if style == "bool" or isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | float):
        number = float(value)
        if number != number:
            return ""
        if style == "share":
            return share_text(number)
        if style == "int":
            return whole_text(number)
        return decimal_text(number)
    return str(value)


class DataFrameModel(QAbstractTableModel):
    """A read-only table model over a pandas DataFrame of the school table's columns.

    The display role reads as :func:`cell_text` (township names, percentages, whole numbers,
    yes/no); the user role keeps the raw value, on which the view sorts.
    """

    def __init__(self, frame: pd.DataFrame | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._frame: pd.DataFrame | None = None
        self._townships: dict[str, str] = {}
        # The cells as Python values and their texts, column by column: a view asks for thousands
        # of cells when it fits its columns, and a pandas lookup each time blocked the window.
        self._values: list[list[object]] = []
        self._styles: list[str] = []
        self._texts: list[list[str]] | None = None
        self._texts_language = ""
        self.set_frame(frame)

    def set_frame(self, frame: pd.DataFrame | None, *, townships: dict[str, str] | None = None) -> None:
        """Show another frame; ``townships`` names the township codes of its ``township`` column."""
        self.beginResetModel()
        self._frame = frame
        self._townships = dict(townships or {})
        columns = [] if frame is None else [str(c) for c in frame.columns]
        self._values = [] if frame is None else [frame[c].tolist() for c in frame.columns]
        self._styles = [COLUMN_STYLES.get(c, "text") for c in columns]
        self._texts = None
        self.endResetModel()

    def _text(self, row: int, column: int) -> str:
        from app.i18n import current_language

        language = current_language()
        if self._texts is None or self._texts_language != language:  # made again in another language
            self._texts_language = language
            self._texts = [
                [cell_text(style, value, self._townships) for value in values]
                for style, values in zip(self._styles, self._values, strict=True)
            ]
        return self._texts[column][row]

    @property
    def frame(self) -> pd.DataFrame | None:
        """The frame shown."""
        return self._frame

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if self._frame is None or parent.isValid() else len(self._frame)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if self._frame is None or parent.isValid() else len(self._frame.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self._frame is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        style = self._styles[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and style == "township":
            return str(self._values[column][row])  # the code behind the name
        if role == Qt.ItemDataRole.TextAlignmentRole and style in ("int", "share", "float"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return self._values[column][row]
        return None

    def retranslate(self) -> None:
        """Tell the views that the headers and the translated cells changed (after a language change)."""
        self._texts = None
        rows, columns = self.rowCount(), self.columnCount()
        if columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
        if rows and columns:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1), [Qt.ItemDataRole.DisplayRole])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self._frame is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            column = str(self._frame.columns[section])
            title = COLUMN_TITLES.get(column)
            return QCoreApplication.translate("SchoolTable", title) if title is not None else column
        return str(section + 1)


class SchoolFilterProxy(QSortFilterProxyModel):
    """Sorts on the raw values (never the text shown) and keeps the rows whose name or code contains the search text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(Qt.ItemDataRole.UserRole)
        self._text = ""

    def set_search(self, text: str) -> None:
        """Keep only the schools whose name or code contains ``text`` (case-insensitive)."""
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self._text = text.strip().casefold()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._text = text.strip().casefold()
            self.invalidateFilter()

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:
        """Numbers by value with the empty ones (NaN: no such level) below every number; texts as texts."""
        a, b = left.data(Qt.ItemDataRole.UserRole), right.data(Qt.ItemDataRole.UserRole)
        if isinstance(a, int | float) and isinstance(b, int | float):
            if a != a or b != b:
                return a != a and b == b
            return a < b
        return str(a) < str(b)

    def filterAcceptsRow(self, source_row: int, _source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._text:
            return True
        model = self.sourceModel()
        assert isinstance(model, DataFrameModel)
        frame = model.frame
        if frame is None:
            return True
        for column in ("school_id", "name"):
            if column in frame.columns and self._text in str(frame[column].iat[source_row]).casefold():
                return True
        return False


class SchoolTable(QWidget):
    """The search box and the table of schools."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.school_model = DataFrameModel(parent=self)
        self.school_proxy = SchoolFilterProxy(self)
        self.school_proxy.setSourceModel(self.school_model)
        self.school_view = QTableView(self)
        self.school_view.setModel(self.school_proxy)
        self.school_view.setSortingEnabled(True)
        self.school_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by code (Qt starts descending)
        self.school_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.school_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.school_view.selectionModel().selectionChanged.connect(self._row_selected)
        self.search_box = QLineEdit(self)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self.school_proxy.set_search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_box)
        layout.addWidget(self.school_view)
        session.projectLoaded.connect(self._fill)
        session.analysisChanged.connect(self._fill)
        session.schoolSelected.connect(self._school_selected)
        self.retranslate()

    @Slot()
    def _fill(self) -> None:
        from gis.schema import enrolment_columns

        project = self._session.project
        if project is None:
            self.school_model.set_frame(None)
            return
        views = self._session.views()
        if views is not None:
            table = views.school_table
            frame = table[[c for c in ANALYSED_COLUMNS if c in table.columns]]
        else:
            schools = project.schools
            frame = schools[["school_id", "name", "type", "township"]].copy()
            frame["enrol_total"] = schools[enrolment_columns()].astype(float).sum(axis=1)
        self.school_model.set_frame(frame.reset_index(drop=True), townships=township_names(project))
        self._fit_columns()
        selected = self._session.selected_school
        if selected is not None and not self._select_row(selected):
            self._session.select_school(None)

    def select_school(self, school_id: str) -> bool:
        """Select a school by code (as a click on its map marker does); returns whether it is listed.

        A search that hides the school is cleared.
        """
        frame = self.school_model.frame
        if frame is None or school_id not in set(frame["school_id"].astype(str)):
            return False
        if self.proxy_row(school_id) < 0:
            self.search_box.clear()
        return self._select_row(school_id)

    def proxy_row(self, school_id: str) -> int:
        """The row of a school in the table as shown (sorted and searched), or -1."""
        frame = self.school_model.frame
        if frame is None:
            return -1
        rows = [i for i, code in enumerate(frame["school_id"].astype(str)) if code == school_id]
        if not rows:
            return -1
        return self.school_proxy.mapFromSource(self.school_model.index(rows[0], 0)).row()

    def _select_row(self, school_id: str) -> bool:
        row = self.proxy_row(school_id)
        if row < 0:
            return False
        self.school_view.selectRow(row)
        self.school_view.scrollTo(self.school_proxy.index(row, 0))
        self._session.select_school(school_id)  # selectRow of the row already selected emits nothing
        return True

    @Slot(QItemSelection, QItemSelection)
    def _row_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        code = self.school_proxy.index(indexes[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        if code is not None:
            self._session.select_school(str(code))

    @Slot(str)
    def _school_selected(self, school_id: str) -> None:
        rows = self.school_view.selectionModel().selectedRows(0)
        shown = str(rows[0].data(Qt.ItemDataRole.UserRole)) if rows else None
        if school_id and shown != school_id:
            self.select_school(school_id)

    def _fit_columns(self) -> None:
        """Every column as wide as its header and its widest cell, so that no name is cut off."""
        self.school_view.resizeColumnsToContents()

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.search_box.setPlaceholderText(self.tr("Search schools by name or code"))
        self.school_model.retranslate()
        self._fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
