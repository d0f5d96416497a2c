"""The Schools dock: every school of the project, searchable by name or code, sortable by value.

Before an analysis the table shows each school's code, name, type, township and pupils; after
it the figures of :func:`gis.indicators.school_table`. Selecting a row selects the school in
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

from app.labels import QT_TRANSLATE_NOOP, SCHOOL_TYPES, school_type_title

if TYPE_CHECKING:
    import pandas as pd

    from app.session import Session

# The columns shown after an analysis (of gis.indicators.school_table), in order.
ANALYSED_COLUMNS: tuple[str, ...] = (
    "school_id", "name", "type", "township", "enrol_total", "utilisation_primary", "utilisation_junior",
    "catchment_children_primary", "catchment_mean_travel_min_primary", "mean_class_size_primary",
    "mean_class_size_junior", "under_100", "large_classes_56",
)  # fmt: skip
# Their headers, marked here so that pyside6-lupdate finds them.
COLUMN_TITLES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("SchoolTable", "school id"),
    QT_TRANSLATE_NOOP("SchoolTable", "name"),
    QT_TRANSLATE_NOOP("SchoolTable", "type"),
    QT_TRANSLATE_NOOP("SchoolTable", "township"),
    QT_TRANSLATE_NOOP("SchoolTable", "enrol total"),
    QT_TRANSLATE_NOOP("SchoolTable", "utilisation primary"),
    QT_TRANSLATE_NOOP("SchoolTable", "utilisation junior"),
    QT_TRANSLATE_NOOP("SchoolTable", "catchment children primary"),
    QT_TRANSLATE_NOOP("SchoolTable", "catchment mean travel min primary"),
    QT_TRANSLATE_NOOP("SchoolTable", "mean class size primary"),
    QT_TRANSLATE_NOOP("SchoolTable", "mean class size junior"),
    QT_TRANSLATE_NOOP("SchoolTable", "under 100"),
    QT_TRANSLATE_NOOP("SchoolTable", "large classes 56"),
)


class DataFrameModel(QAbstractTableModel):
    """A read-only table model over a pandas DataFrame; sorts on the underlying values."""

    def __init__(self, frame: pd.DataFrame | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._frame = frame

    def set_frame(self, frame: pd.DataFrame | None) -> None:
        """Show another frame."""
        self.beginResetModel()
        self._frame = frame
        self.endResetModel()

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
        value = self._frame.iat[index.row(), index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if self._frame.columns[index.column()] == "type" and value in SCHOOL_TYPES:
                return school_type_title(str(value))
            if isinstance(value, float):
                return "" if value != value else f"{value:,.2f}".rstrip("0").rstrip(".")
            return str(value)
        if role == Qt.ItemDataRole.UserRole:
            return value.item() if hasattr(value, "item") else value
        return None

    def retranslate(self) -> None:
        """Tell the views that the headers and the translated cells changed (after a language change)."""
        rows, columns = self.rowCount(), self.columnCount()
        if columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
        if rows and columns:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, columns - 1), [Qt.ItemDataRole.DisplayRole])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self._frame is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("SchoolTable", str(self._frame.columns[section]).replace("_", " "))
        return str(section + 1)


class SchoolFilterProxy(QSortFilterProxyModel):
    """Sorts on the raw values and keeps the rows whose name or code contains the search text."""

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
        self.school_model.set_frame(frame.reset_index(drop=True))
        self.school_view.resizeColumnsToContents()
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

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.search_box.setPlaceholderText(self.tr("Search schools by name or code"))
        self.school_model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
