"""The main window: the offline map, the layer panel, the school table, the analysis and planning.

The window is thin: it reads the layer models of :mod:`layers.model`, renders the map with
:mod:`layers.webmap` and runs :func:`gis.analysis.analyze` in a worker thread; other long
work (the suggestions and scenarios of the :mod:`app.planning` docks) runs through
:meth:`MainWindow.run_task`. Widgets are touched from the GUI thread only; the worker talks to
the window through queued signals.
Every error a user should see goes through :func:`notify_error`.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    Qt,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSlider,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import notify
from app.labels import SCHOOL_FLAGS, SCHOOL_TYPES, map_flag_labels, style_language
from gis.schema import enrolment_columns

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    import pandas as pd

    from app.panels import TownshipRow
    from gis.analysis import Analysis
    from gis.indicators import Indicator
    from gis.progress import CancelFn, ProgressFn
    from gis.project import Project
    from gis.standards import Standards
    from layers.model import LayerStack

T = TypeVar("T")

MAX_RECENT = 8
RECENT_KEY = "recent_projects"
BASE_MAP_KEY = "base_map"

DASHBOARD_ROWS: tuple[tuple[str, str], ...] = (
    ("grades_1_3", "share_within_threshold"),
    ("grades_1_3", "mean_travel_min"),
    ("primary", "share_within_threshold"),
    ("primary", "children_overflow"),
    ("junior", "share_within_threshold"),
    ("junior", "mean_travel_min"),
    ("junior", "children_overflow"),
)


# Texts made from data, marked here so that pyside6-lupdate finds them.
LAYER_TITLES: dict[str, str] = {
    "townships": QT_TRANSLATE_NOOP("MainWindow", "Township boundaries"),
    "rivers": QT_TRANSLATE_NOOP("MainWindow", "Rivers"),
    "roads": QT_TRANSLATE_NOOP("MainWindow", "Roads"),
    "road_pieces": QT_TRANSLATE_NOOP("MainWindow", "Roads not joined to the main network"),
    "population_primary": QT_TRANSLATE_NOOP("MainWindow", "Primary-age children"),
    "population_junior": QT_TRANSLATE_NOOP("MainWindow", "Junior-age children"),
    "places": QT_TRANSLATE_NOOP("MainWindow", "Place names"),
    "schools": QT_TRANSLATE_NOOP("MainWindow", "Schools"),
    "travel_time": QT_TRANSLATE_NOOP("MainWindow", "Walking time, grades 1–3"),
    "catchments_grades_1_3": QT_TRANSLATE_NOOP("MainWindow", "Catchments (grades 1–3)"),
    "catchments_primary": QT_TRANSLATE_NOOP("MainWindow", "Catchments (primary)"),
    "catchments_junior": QT_TRANSLATE_NOOP("MainWindow", "Catchments (junior)"),
}
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
# (column of gis.indicators.school_table, label, format): the figures of the details panel.
DETAIL_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("enrol_total", QT_TRANSLATE_NOOP("SchoolDetails", "Pupils"), "int"),
    ("enrol_primary", QT_TRANSLATE_NOOP("SchoolDetails", "Primary pupils"), "int"),
    ("enrol_junior", QT_TRANSLATE_NOOP("SchoolDetails", "Junior pupils"), "int"),
    ("capacity_primary", QT_TRANSLATE_NOOP("SchoolDetails", "Primary places"), "int"),
    ("capacity_junior", QT_TRANSLATE_NOOP("SchoolDetails", "Junior places"), "int"),
    ("utilisation_primary", QT_TRANSLATE_NOOP("SchoolDetails", "Primary utilisation"), "share"),
    ("utilisation_junior", QT_TRANSLATE_NOOP("SchoolDetails", "Junior utilisation"), "share"),
    ("catchment_children_primary", QT_TRANSLATE_NOOP("SchoolDetails", "Primary children in catchment"), "int"),
    ("catchment_children_junior", QT_TRANSLATE_NOOP("SchoolDetails", "Junior children in catchment"), "int"),
    ("catchment_mean_travel_min_primary", QT_TRANSLATE_NOOP("SchoolDetails", "Primary mean trip (min)"), "float"),
    ("catchment_mean_travel_min_junior", QT_TRANSLATE_NOOP("SchoolDetails", "Junior mean trip (min)"), "float"),
    ("mean_class_size_primary", QT_TRANSLATE_NOOP("SchoolDetails", "Primary mean class size"), "float"),
    ("mean_class_size_junior", QT_TRANSLATE_NOOP("SchoolDetails", "Junior mean class size"), "float"),
    ("teachers", QT_TRANSLATE_NOOP("SchoolDetails", "Teachers"), "int"),
    ("boarders", QT_TRANSLATE_NOOP("SchoolDetails", "Boarders"), "int"),
    ("boarding_beds", QT_TRANSLATE_NOOP("SchoolDetails", "Boarding beds"), "int"),
)


def _tr(text: str, context: str = "MainWindow") -> str:
    return QCoreApplication.translate(context, text)


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
                return _tr(SCHOOL_TYPES[str(value)], "SchoolDetails")
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
            return _tr(str(self._frame.columns[section]).replace("_", " "), "SchoolTable")
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


@dataclass(frozen=True)
class AnalysisViews:
    """What the window shows of an analysis, computed in the worker: indicators, school table, townships."""

    indicators: list[Indicator]
    school_table: pd.DataFrame
    township_rows: list[TownshipRow]


@dataclass(frozen=True)
class AnalysisRun:
    """What the analysis worker makes: the analysis, and if they could be made, its views and map page."""

    analysis: Analysis
    views: AnalysisViews | None
    page: str | None


def analysis_views(analysis: Analysis) -> AnalysisViews:
    """The indicators, school table and township rows the window shows of an analysis."""
    from app.panels import township_rows
    from gis.indicators import coverage_indicators, school_table

    indicators, table = coverage_indicators(analysis), school_table(analysis)
    rows = township_rows(analysis.project, analysis, indicators=indicators, table=table)
    return AnalysisViews(indicators, table, rows)


def _best_effort(make: Callable[[Analysis], T], analysis: Analysis) -> T | None:
    """Something made from an analysis in the worker, or None: the window makes it again and reports any error."""
    try:
        return make(analysis)
    except Exception:
        return None


def merged_layers(project: Project, analysis: Analysis | None, previous: LayerStack | None) -> LayerStack:
    """The layers of a project (and analysis), keeping the visibility, opacity and order chosen before."""
    from layers.model import project_layers

    fresh = project_layers(project, analysis)
    if previous is not None:
        for layer in previous:
            if layer.name in fresh:
                fresh = fresh.replace(layer.name, visible=layer.visible, opacity=layer.opacity, z=layer.z)
    return fresh


class MainWindow(QMainWindow):
    """SchoolPlan's main window."""

    projectLoaded = Signal()
    projectChanged = Signal()
    analysisFinished = Signal()
    analysisCancelled = Signal()
    analysisFailed = Signal(str)
    mapUpdated = Signal(bool)
    schoolSelected = Signal(str)
    standardsChanged = Signal()

    def __init__(self, *, web_map: bool = True, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = (
            settings
            if settings is not None
            else QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "SchoolPlan", "SchoolPlan")
        )
        from app.tasks import TaskRunner

        self.runner = TaskRunner(self)
        self._render_generation = 0
        self._prebuilt: tuple[Analysis, str] | None = None
        self._views: tuple[Analysis, AnalysisViews] | None = None
        self._to_project: object | None = None  # a pyproj Transformer from WGS84
        self._grid: tuple[object, np.ndarray, int, int] | None = None  # inverse transform, cell index, r0, c0
        self._cell_minutes: np.ndarray | None = None
        self.cursor_minutes: float | None = None
        self._cursor: tuple[float, float] | None = None
        self._township_source: tuple[object, object] | None = None
        self.township_rows: list[TownshipRow] = []
        self.project: Project | None = None
        self.project_path: Path | None = None
        self.analysis: Analysis | None = None
        self.layers: LayerStack | None = None
        self._standards: Standards | None = None
        self._map_dir = Path(tempfile.mkdtemp(prefix="schoolplan-map-"))
        self._map_dir_cleanup = weakref.finalize(self, shutil.rmtree, self._map_dir, ignore_errors=True)
        self.dashboard_values: dict[tuple[str, str], float] = {}
        self.selected_school: str | None = None
        self._school_table: pd.DataFrame | None = None
        self._status: tuple[str, dict[str, object]] = (QT_TRANSLATE_NOOP("MainWindow", "Open a project to begin."), {})
        self.resize(1280, 800)
        self._build_map(web_map)
        self._build_docks()
        self._build_actions()
        self._build_status()
        self.retranslate()
        self._update_actions()

    # ----------------------------------------------------------------- building
    def _build_map(self, web_map: bool) -> None:
        self.map_view: QWidget
        self._web = None
        self._map_off: QLabel | None = None
        if web_map:
            from PySide6.QtWebEngineWidgets import QWebEngineView

            from app.bridge import attach_bridge
            from app.planning import PlanningBridge, attach_map_clicks

            self._web = QWebEngineView(self)
            self.bridge = PlanningBridge(self)
            self.bridge.schoolSelected.connect(self.select_school)
            self.bridge.cursorMoved.connect(self.show_cursor)
            attach_bridge(self._web.page(), self.bridge)
            attach_map_clicks(self._web.page())
            self._web.loadFinished.connect(self._on_map_loaded)
            self._web.loadFinished.connect(self.mapUpdated)
            self.map_view = self._web
        else:
            self._map_off = QLabel(self)
            self._map_off.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.map_view = self._map_off
        self.setCentralWidget(self.map_view)

    def _build_docks(self) -> None:
        self.layer_list = QListWidget(self)
        self.layer_list.itemChanged.connect(self._layer_toggled)
        self.layer_list.currentItemChanged.connect(self._layer_selected)
        self.opacity_label = QLabel(self)
        self.opacity_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity_slider.setRange(0, 100)
        self.opacity_slider.valueChanged.connect(self._opacity_changed)
        self.layer_up_button = QToolButton(self)
        self.layer_up_button.setArrowType(Qt.ArrowType.UpArrow)
        self.layer_up_button.clicked.connect(lambda: self.move_layer(1))
        self.layer_down_button = QToolButton(self)
        self.layer_down_button.setArrowType(Qt.ArrowType.DownArrow)
        self.layer_down_button.clicked.connect(lambda: self.move_layer(-1))
        self.legend_label = QLabel(self)
        self.legend_label.setTextFormat(Qt.TextFormat.RichText)
        self.legend_label.setWordWrap(True)
        self.legend_label.setMargin(4)
        self.legend_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        controls = QHBoxLayout()
        controls.addWidget(self.opacity_label)
        controls.addWidget(self.opacity_slider, 1)
        controls.addWidget(self.layer_up_button)
        controls.addWidget(self.layer_down_button)
        layer_panel = QWidget(self)
        layer_layout = QVBoxLayout(layer_panel)
        layer_layout.setContentsMargins(0, 0, 0, 0)
        layer_layout.addWidget(self.layer_list, 1)
        layer_layout.addLayout(controls)
        layer_layout.addWidget(self.legend_label)
        self.layers_dock = QDockWidget(self)
        self.layers_dock.setObjectName("layers")
        self.layers_dock.setWidget(layer_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.layers_dock)
        self._layer_controls_enabled()

        self.dashboard = QTableWidget(len(DASHBOARD_ROWS), 1, self)
        self.dashboard.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.dashboard.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.indicators_dock = QDockWidget(self)
        self.indicators_dock.setObjectName("indicators")
        self.indicators_dock.setWidget(self.dashboard)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.indicators_dock)

        from app.panels import TOWNSHIP_COLUMNS

        self.township_table = QTableWidget(0, len(TOWNSHIP_COLUMNS), self)
        self.township_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.township_table.verticalHeader().setVisible(False)
        self.townships_dock = QDockWidget(self)
        self.townships_dock.setObjectName("townships")
        self.townships_dock.setWidget(self.township_table)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.townships_dock)

        self.school_model = DataFrameModel(parent=self)
        self.school_proxy = SchoolFilterProxy(self)
        self.school_proxy.setSourceModel(self.school_model)
        self.school_view = QTableView(self)
        self.school_view.setModel(self.school_proxy)
        self.school_view.setSortingEnabled(True)
        self.school_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by code (Qt starts descending)
        self.school_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.school_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.school_view.selectionModel().selectionChanged.connect(self._school_row_selected)
        self.search_box = QLineEdit(self)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self.school_proxy.set_search)
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_box)
        layout.addWidget(self.school_view)
        self.schools_dock = QDockWidget(self)
        self.schools_dock.setObjectName("schools")
        self.schools_dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.schools_dock)
        self.tabifyDockWidget(self.schools_dock, self.townships_dock)
        self.schools_dock.raise_()

        self.details_label = QLabel(self)
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        self.details_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details_label.setWordWrap(True)
        self.details_label.setMargin(6)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.details_label)
        self.details_dock = QDockWidget(self)
        self.details_dock.setObjectName("school_details")
        self.details_dock.setWidget(scroll)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.details_dock)
        from app.planning import ScenarioPanel, SuggestionPanel

        self.suggestion_panel = SuggestionPanel(self)
        self.planning_dock = QDockWidget(self)
        self.planning_dock.setObjectName("planning")
        self.planning_dock.setWidget(self.suggestion_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.planning_dock)
        self.tabifyDockWidget(self.schools_dock, self.planning_dock)
        self.scenario_panel = ScenarioPanel(self)
        self.scenarios_dock = QDockWidget(self)
        self.scenarios_dock.setObjectName("scenarios")
        self.scenarios_dock.setWidget(self.scenario_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.scenarios_dock)
        self.tabifyDockWidget(self.details_dock, self.scenarios_dock)
        self.suggestion_panel.scenarioAdded.connect(self._show_scenario)
        if self._web is not None:
            self.bridge.mapClick.connect(self.scenario_panel.map_clicked)
        from app.balance import BalancePanel

        self.balance_panel = BalancePanel(self)
        self.balance_dock = QDockWidget(self)
        self.balance_dock.setObjectName("balance")
        self.balance_dock.setWidget(self.balance_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.balance_dock)
        self.tabifyDockWidget(self.schools_dock, self.balance_dock)
        self.schools_dock.raise_()
        self.details_dock.raise_()
        self.resizeDocks([self.layers_dock, self.details_dock], [320, 300], Qt.Orientation.Horizontal)
        self.resizeDocks([self.schools_dock], [260], Qt.Orientation.Vertical)

    def _dashboard_label(self, level: str, metric: str) -> str:
        levels = {"grades_1_3": self.tr("Grades 1–3"), "primary": self.tr("Primary"), "junior": self.tr("Junior")}
        metrics = {
            "share_within_threshold": self.tr("within the rule"),
            "mean_travel_min": self.tr("mean trip (min)"),
            "children_overflow": self.tr("children not placed (no seat within reach)"),
        }
        return self.tr("{level}: {metric}").format(level=levels[level], metric=metrics[metric])

    def _build_actions(self) -> None:
        from app.i18n import LANGUAGES, current_language

        self.file_menu = QMenu(self)
        self.menuBar().addMenu(self.file_menu)
        self.open_action = QAction(self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._ask_open)
        self.import_action = QAction(self)
        self.import_action.triggered.connect(self.show_import_wizard)
        self.save_action = QAction(self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save_project)
        self.recent_menu = QMenu(self)
        self.save_as_action = QAction(self)
        self.save_as_action.setShortcut(QKeySequence.StandardKey.SaveAs)
        self.save_as_action.triggered.connect(self._ask_save_as)
        self.export_action = QAction(self)
        self.export_action.triggered.connect(self.show_export)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.open_action)
        self.file_menu.addAction(self.import_action)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addActions([self.save_action, self.save_as_action, self.export_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.analysis_menu = QMenu(self)
        self.menuBar().addMenu(self.analysis_menu)
        self.run_action = QAction(self)
        self.run_action.setShortcut(QKeySequence("F5"))
        self.run_action.triggered.connect(self.run_analysis)
        self.cancel_action = QAction(self)
        self.cancel_action.triggered.connect(self.cancel_analysis)
        self.analysis_menu.addActions([self.run_action, self.cancel_action])
        self.planning_menu = QMenu(self)
        self.menuBar().addMenu(self.planning_menu)
        self.suggest_action = QAction(self)
        self.suggest_action.triggered.connect(self.suggestion_panel.suggest)
        self.new_scenario_action = QAction(self)
        self.new_scenario_action.triggered.connect(self.scenario_panel.ask_new_scenario)
        self.compare_action = QAction(self)
        self.compare_action.triggered.connect(self.scenario_panel.compare)
        self.planning_menu.addActions([self.suggest_action, self.new_scenario_action, self.compare_action])
        self.planning_menu.addSeparator()
        self.planning_menu.addActions([self.planning_dock.toggleViewAction(), self.scenarios_dock.toggleViewAction()])
        self.planning_menu.addAction(self.balance_dock.toggleViewAction())
        self.settings_menu = QMenu(self)
        self.menuBar().addMenu(self.settings_menu)
        self.language_menu = QMenu(self)
        self.settings_menu.addMenu(self.language_menu)
        group = QActionGroup(self)
        group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():  # each language is named in itself, never translated
            action = QAction(name, self)
            action.setCheckable(True)
            action.setChecked(code == current_language())
            action.setData(code)
            action.triggered.connect(lambda _checked=False, code=code: self.set_language(code))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.base_map_menu = QMenu(self)
        self.settings_menu.addMenu(self.base_map_menu)
        self.tile_folder_action = QAction(self)
        self.tile_folder_action.triggered.connect(self._ask_tile_folder)
        self.mbtiles_action = QAction(self)
        self.mbtiles_action.triggered.connect(self._ask_mbtiles)
        self.no_base_map_action = QAction(self)
        self.no_base_map_action.triggered.connect(lambda: self.set_base_map(None))
        self.base_map_menu.addActions([self.tile_folder_action, self.mbtiles_action, self.no_base_map_action])
        self.rules_action = QAction(self)
        self.rules_action.triggered.connect(self.show_rules)
        self.settings_menu.addAction(self.rules_action)
        self.rules_dialog: QDialog | None = None
        self._fill_recent_menu()
        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.addActions([self.open_action, self.run_action])

    def _build_status(self) -> None:
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setMaximumWidth(240)
        self.progress_bar.hide()
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel_analysis)
        self.cancel_button.hide()
        self.runner.started.connect(self._started)
        self.runner.progressed.connect(self._on_progress)
        self.runner.status.connect(self._show_status)
        self.runner.ended.connect(self._finish_run)
        self.runner.busyChanged.connect(self._update_actions)
        self.cursor_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.cursor_label)
        self.statusBar().addPermanentWidget(self.progress_bar)
        self.statusBar().addPermanentWidget(self.cancel_button)

    # ----------------------------------------------------------------- language
    def retranslate(self) -> None:
        """Set every visible text in the current language (on creation and on a language change)."""
        if self.project is None:
            self.setWindowTitle(self.tr("SchoolPlan"))
        else:
            self.setWindowTitle(self.tr("SchoolPlan — {name}").format(name=self.project.name) + "[*]")
        if self._map_off is not None:
            self._map_off.setText(self.tr("The map is off."))
        self.layers_dock.setWindowTitle(self.tr("Layers"))
        self.indicators_dock.setWindowTitle(self.tr("Indicators"))
        self.schools_dock.setWindowTitle(self.tr("Schools"))
        self.details_dock.setWindowTitle(self.tr("School details"))
        self.planning_dock.setWindowTitle(self.tr("Planning"))
        self.scenarios_dock.setWindowTitle(self.tr("Scenarios"))
        self.balance_dock.setWindowTitle(self.tr("Balance"))
        self.dashboard.setHorizontalHeaderLabels([self.tr("County")])
        self.dashboard.setVerticalHeaderLabels(
            [self._dashboard_label(level, metric) for level, metric in DASHBOARD_ROWS]
        )
        self.search_box.setPlaceholderText(self.tr("Search schools by name or code"))
        self.file_menu.setTitle(self.tr("&File"))
        self.open_action.setText(self.tr("&Open…"))
        self.import_action.setText(self.tr("&Import county data…"))
        self.save_action.setText(self.tr("&Save"))
        self.recent_menu.setTitle(self.tr("Open &Recent"))
        self.base_map_menu.setTitle(self.tr("Local &base map"))
        self.tile_folder_action.setText(self.tr("Tile &folder…"))
        self.mbtiles_action.setText(self.tr("&MBTiles file…"))
        self.no_base_map_action.setText(self.tr("&None (the project's own layers)"))
        self.townships_dock.setWindowTitle(self.tr("Townships"))
        self.opacity_label.setText(self.tr("Opacity"))
        self.layer_up_button.setToolTip(self.tr("Move the layer up"))
        self.layer_down_button.setToolTip(self.tr("Move the layer down"))
        self._fill_recent_menu()
        self._show_townships()
        self._show_legend()
        if self._cursor is not None:
            self.show_cursor(*self._cursor)
        self.save_as_action.setText(self.tr("Save &As…"))
        self.export_action.setText(self.tr("&Export…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.analysis_menu.setTitle(self.tr("&Analysis"))
        self.run_action.setText(self.tr("&Run analysis"))
        self.cancel_action.setText(self.tr("&Cancel analysis"))
        self.planning_menu.setTitle(self.tr("&Planning"))
        self.suggest_action.setText(self.tr("&Suggest changes"))
        self.new_scenario_action.setText(self.tr("&New scenario…"))
        self.compare_action.setText(self.tr("&Compare the scenario with the baseline"))
        self.settings_menu.setTitle(self.tr("&Settings"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.rules_action.setText(self.tr("&Rules in force…"))
        self.toolbar.setWindowTitle(self.tr("Main"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.school_model.retranslate()
        for row in range(self.layer_list.count()):
            item = self.layer_list.item(row)
            self.layer_list.blockSignals(True)
            item.setText(self._layer_title(str(item.data(Qt.ItemDataRole.UserRole))))
            self.layer_list.blockSignals(False)
        self._show_details()
        self._show_status(*self._status[:1], **self._status[1])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, language: str) -> bool:
        """Switch the application to a language of :data:`app.i18n.LANGUAGES`; returns success.

        Every widget is retranslated when Qt delivers the language change event.
        """
        from app.i18n import current_language, install_language

        ok = install_language(language)
        if not ok:
            notify.notify_error(self, self.tr("The translation for {language} is missing.").format(language=language))
        for code, action in self.language_actions.items():
            action.setChecked(code == current_language())
        return ok

    def _layer_title(self, name: str) -> str:
        if name in LAYER_TITLES:
            return self.tr(LAYER_TITLES[name])
        if self.layers is not None and name in self.layers:
            return self.tr(self.layers[name].title)
        return name

    def _show_status(self, text: str, **values: object) -> None:
        """Show a status message given in English (translated, and again on a language change)."""
        self._status = (text, values)
        self.statusBar().showMessage(self.tr(text).format(**values) if values else self.tr(text))

    def _update_actions(self, *_args: object) -> None:
        running = self.is_running
        self.run_action.setEnabled(self.project is not None and not running)
        self.cancel_action.setEnabled(running)
        self.save_as_action.setEnabled(self.project is not None)
        self.export_action.setEnabled(self.project is not None)
        self.save_action.setEnabled(self.project is not None and not running)
        self.open_action.setEnabled(not running)
        self.suggest_action.setEnabled(self.analysis is not None and not running)
        self.new_scenario_action.setEnabled(self.project is not None)
        self.compare_action.setEnabled(self.project is not None and not running)
        self.suggestion_panel.update_actions()
        self.scenario_panel.update_actions()
        self.balance_panel.update_actions()

    # ----------------------------------------------------------------- project
    def _ask_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), "", self.tr("Projects (*.gpkg)"))
        if path:
            self.open_project(Path(path))

    def _ask_save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save project as"), "", self.tr("Projects (*.gpkg)"))
        if path:
            self.save_project_as(Path(path))

    def open_project(self, path: Path) -> bool:
        """Load a project file and show it; errors go to the notification. Returns success."""
        from gis.errors import InputError
        from gis.project import load_project

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            project = load_project(path)
        except InputError as exc:
            notify.notify_error(self, self.tr("The project cannot be opened."), str(exc))
            return False
        except Exception as exc:
            notify.notify_error(self, self.tr("The project cannot be opened."), "\n\n".join(notify.failure_text(exc)))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.project, self.project_path, self.analysis = project, Path(path), None
        self.selected_school = None
        self._prepare_cursor_lookup()
        self.setWindowTitle(self.tr("SchoolPlan — {name}").format(name=project.name) + "[*]")
        self.setWindowModified(False)
        self._show_schools()
        self._show_dashboard()
        self._show_townships()
        self._refresh_layers()
        self._add_recent(Path(path))
        self._show_status(
            QT_TRANSLATE_NOOP("MainWindow", "{name}: {schools} schools, {cells} populated cells"),
            name=project.name,
            schools=len(project.schools),
            cells=len(project.population),
        )
        self._update_actions()
        self.projectLoaded.emit()
        return True

    def update_project(self, project: Project) -> None:
        """Replace the project by an edited copy of it (its scenarios); it is marked modified until saved."""
        self.project = project
        self.setWindowModified(True)
        self._update_actions()
        self.projectChanged.emit()

    @Slot(str)
    def _show_scenario(self, name: str) -> None:
        self.scenarios_dock.show()
        self.scenarios_dock.raise_()
        self.scenario_panel.select_scenario(name)

    def save_project(self) -> bool:
        """Write the project back to its file (atomically: a failed save leaves the old file). Returns success."""
        if self.project_path is None:
            return False
        return self.save_project_as(self.project_path)

    def save_project_as(self, path: Path) -> bool:
        """Write the project to a file (atomically, with its QGIS styles). Returns success.

        A file changed on disk by another program since it was opened is not overwritten:
        the planner chooses to reload it, to save under another name, or to cancel.
        """
        from gis.errors import ProjectChangedError
        from gis.project import write_project
        from layers.qgis_styles import project_styles

        if self.project is None:
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            saved = write_project(self.project, path, styles=project_styles(self.project, language=style_language()))
        except ProjectChangedError:
            QApplication.restoreOverrideCursor()
            return self._changed_on_disk(Path(path))
        except Exception as exc:
            QApplication.restoreOverrideCursor()
            message, details = notify.failure_text(exc)
            notify.notify_error(self, self.tr("The project cannot be saved.") + "\n\n" + message, details)
            return False
        QApplication.restoreOverrideCursor()
        self.project = saved
        self.project_path = Path(path)
        self.setWindowModified(False)
        self._add_recent(Path(path))
        self._show_status(QT_TRANSLATE_NOOP("MainWindow", "Saved {path}"), path=path)
        return True

    def _changed_on_disk(self, path: Path) -> bool:
        """The file was saved by another program: reload it, save under another name, or cancel."""
        choice = self.ask_changed_on_disk(path)
        if choice == "reload":
            self.open_project(path)
        elif choice == "save_as":
            self._ask_save_as()
        return False

    def ask_changed_on_disk(self, path: Path) -> str:
        """Ask what to do about a project file changed on disk: ``reload``, ``save_as`` or ``cancel``."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("SchoolPlan"))
        box.setText(self.tr("{path} was changed by another program since you opened it.").format(path=path))
        box.setInformativeText(
            self.tr(
                "Nothing was saved. Reload it to see those changes (your changes since the last save are lost), "
                "or save your version under another name."
            )
        )
        reload_button = box.addButton(self.tr("Reload"), QMessageBox.ButtonRole.DestructiveRole)
        save_as_button = box.addButton(self.tr("Save As…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return "reload" if clicked is reload_button else "save_as" if clicked is save_as_button else "cancel"

    # ----------------------------------------------------------------- recent projects
    def recent_projects(self) -> list[Path]:
        """The projects opened or saved last, newest first (at most :data:`MAX_RECENT`)."""
        value = self.settings.value(RECENT_KEY, [])
        if isinstance(value, str):  # QSettings gives a one-element list back as a string
            value = [value]
        return [Path(str(v)) for v in (value or [])][:MAX_RECENT]

    def _add_recent(self, path: Path) -> None:
        path = path.resolve()
        paths = [path, *(p for p in self.recent_projects() if p != path)][:MAX_RECENT]
        self.settings.setValue(RECENT_KEY, [str(p) for p in paths])
        self.settings.sync()
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = self.recent_projects()
        for i, path in enumerate(paths):
            action = self.recent_menu.addAction(f"&{i + 1} {path.name}")
            action.setToolTip(str(path))
            action.setData(str(path))
            action.triggered.connect(lambda _checked=False, path=path: self.open_project(path))
        if paths:
            self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction(self.tr("&Clear the list"))
        clear.setEnabled(bool(paths))
        clear.triggered.connect(self.clear_recent)

    def clear_recent(self) -> None:
        """Forget the recent projects."""
        self.settings.remove(RECENT_KEY)
        self.settings.sync()
        self._fill_recent_menu()

    # ----------------------------------------------------------------- analysis
    @property
    def is_running(self) -> bool:
        """Whether an analysis or other foreground work is running."""
        return self.runner.is_running

    def run_analysis(self) -> None:
        """Start the analysis of the current project in a worker thread."""
        if self.project is None or self.is_running:
            return
        standards = self.current_standards()
        if standards is None:
            return
        project, render = self.project, self._page_builder()

        def work(progress: ProgressFn, cancel: CancelFn) -> AnalysisRun:
            from gis.analysis import analyze

            analysis = analyze(project, standards, progress=progress, cancel=cancel)
            page = None if render is None or cancel() else _best_effort(render, analysis)
            return AnalysisRun(analysis, _best_effort(analysis_views, analysis), page)

        self.runner.run(
            work,
            self._on_succeeded,  # type: ignore[arg-type]
            status=QT_TRANSLATE_NOOP("MainWindow", "Analysing…"),
            error=self.tr("The analysis failed: {message}"),
            on_failed=lambda message, _details: self.analysisFailed.emit(message),
            on_cancelled=self.analysisCancelled.emit,
            done_status=QT_TRANSLATE_NOOP("MainWindow", "Analysis done."),
            failed_status=QT_TRANSLATE_NOOP("MainWindow", "Analysis failed."),
            cancelled_status=QT_TRANSLATE_NOOP("MainWindow", "Analysis cancelled; the previous results are kept."),
        )

    def current_standards(self) -> Standards | None:
        """The rules in force (the bundled defaults until another file is loaded); None, reported, if unreadable."""
        if self._standards is None:
            from gis.standards import load_standards

            try:
                self._standards = load_standards()
            except Exception as exc:
                notify.notify_error(self, self.tr("The rules file cannot be read."), str(exc))
                return None
        return self._standards

    def set_standards(self, path: Path | None) -> bool:
        """Make a rules file (None: the bundled defaults) the one in force; returns success.

        The file is checked first: any problem goes to the notification and the rules in
        force stay. The current analysis keeps the rules it was made with until it is run again.
        """
        from gis.errors import InputError
        from gis.standards import load_standards

        try:
            standards = load_standards(path)
        except InputError as exc:
            notify.notify_error(self, self.tr("The rules file cannot be read."), str(exc))
            return False
        self._standards = standards
        self._show_status(QT_TRANSLATE_NOOP("MainWindow", "Rules loaded from {path}."), path=standards.path)
        self.standardsChanged.emit()
        return True

    def show_import_wizard(self) -> QDialog:
        """Open the import wizard (File → Import county data…); nothing is written before its Import."""
        from app.importer import ImportWizard

        wizard = ImportWizard(self.runner, open_project=self.open_project, parent=self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        return wizard

    def show_export(self) -> QDialog:
        """Open the export dialog (File → Export…): maps, atlas, HTML map, Excel report, GeoPackage."""
        from app.export import ExportDialog

        dialog = ExportDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_rules(self) -> QDialog:
        """Show the rules in force (Settings → Rules in force…)."""
        if self.rules_dialog is None:
            from app.rules import RulesDialog

            self.rules_dialog = RulesDialog(self)
        self.rules_dialog.show()
        self.rules_dialog.raise_()
        return self.rules_dialog

    def run_task(
        self,
        work: Callable[[ProgressFn, CancelFn], object],
        *,
        status: str,
        error: str,
        succeeded: Callable[[object], None],
    ) -> bool:
        """Run long work other than the analysis through the task runner; returns whether it started."""
        return self.runner.run(work, succeeded, status=status, error=error) is not None

    def cancel_analysis(self) -> None:
        """Ask the running analysis (or other foreground work) to stop; the previous results stay."""
        self.runner.cancel()

    def _page_builder(self) -> Callable[[Analysis], str] | None:
        """A function, safe to call in the worker, that builds the map page of an analysis of this project."""
        if self.project is None or self._web is None:
            return None
        from layers.webmap import webmap_html

        project, previous = self.project, self.layers  # immutable snapshots
        tiles, max_zoom = self._base_tiles()
        flags = map_flag_labels()  # translated here: the page is built in a worker

        def build(analysis: Analysis) -> str:
            layers = merged_layers(project, analysis, previous)
            return webmap_html(
                project, analysis, layers=layers, base_tiles=tiles, base_max_zoom=max_zoom, flag_labels=flags
            )

        return build

    def _analysis_views(self) -> AnalysisViews | None:
        """The indicators, school table and township rows of the current analysis (computed once)."""
        if self.analysis is None or self.project is None:
            return None
        if self._views is None or self._views[0] is not self.analysis:
            self._views = (self.analysis, analysis_views(self.analysis))
        return self._views[1]

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(round(fraction * 1000))
        if message:  # from the analysis core, in English
            self._show_status(message)

    def _on_succeeded(self, run: AnalysisRun) -> None:
        if run.views is not None:
            self._views = (run.analysis, run.views)
        if run.page is not None:
            self._prebuilt = (run.analysis, run.page)
        self.analysis = run.analysis
        self._prepare_cursor_minutes()
        self._show_schools()
        self._show_dashboard()
        self._show_townships()
        self._refresh_layers()
        self.analysisFinished.emit()

    def _finish_run(self) -> None:
        self.progress_bar.hide()
        self.cancel_button.hide()

    def _started(self) -> None:
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.cancel_button.show()

    def wait_for_worker(self, msecs: int = 60_000) -> None:
        """Cancel any running work and wait for its threads (and any map being built) to end."""
        self.runner.wait(msecs)

    def closeEvent(self, event: object) -> None:
        self.wait_for_worker()
        self._release_web_view()
        self._map_dir_cleanup()
        super().closeEvent(event)  # type: ignore[arg-type]

    def _release_web_view(self) -> None:
        """Delete the web view now: a page still alive when Qt drops its profile at exit crashes."""
        if self._web is None:
            return
        import shiboken6

        web, self._web = self._web, None
        placeholder = QLabel(self.tr("The map is closed."), self)
        self.setCentralWidget(placeholder)  # the old central widget is scheduled for deletion…
        self.map_view = placeholder
        if shiboken6.isValid(web):
            shiboken6.delete(web)  # …but it must go before the application does

    # ----------------------------------------------------------------- views
    def _show_schools(self) -> None:
        self._school_table = None
        if self.project is None:
            self.school_model.set_frame(None)
            return
        views = self._analysis_views()
        if views is not None:
            table = self._school_table = views.school_table
            columns = [
                "school_id", "name", "type", "township", "enrol_total", "utilisation_primary",
                "utilisation_junior", "catchment_children_primary", "catchment_mean_travel_min_primary",
                "mean_class_size_primary", "mean_class_size_junior", "under_100", "large_classes_56",
            ]  # fmt: skip
            frame = table[[c for c in columns if c in table.columns]]
        else:
            schools = self.project.schools
            frame = schools[["school_id", "name", "type", "township"]].copy()
            frame["enrol_total"] = schools[enrolment_columns()].astype(float).sum(axis=1)
        self.school_model.set_frame(frame.reset_index(drop=True))
        self.school_view.resizeColumnsToContents()
        if self.selected_school is not None and not self._select_row(self.selected_school):
            self.selected_school = None
        self._show_details()

    # ----------------------------------------------------------------- selection
    @Slot(str)
    def select_school(self, school_id: str) -> bool:
        """Select a school by code (as a click on its map marker does): its table row, details and catchment.

        A search that hides the school is cleared. Returns whether the school exists.
        """
        frame = self.school_model.frame
        if frame is None or school_id not in set(frame["school_id"].astype(str)):
            return False
        if self._proxy_row(school_id) < 0:
            self.search_box.clear()
        return self._select_row(school_id)

    def _proxy_row(self, school_id: str) -> int:
        frame = self.school_model.frame
        if frame is None:
            return -1
        rows = [i for i, code in enumerate(frame["school_id"].astype(str)) if code == school_id]
        if not rows:
            return -1
        return self.school_proxy.mapFromSource(self.school_model.index(rows[0], 0)).row()

    def _select_row(self, school_id: str) -> bool:
        row = self._proxy_row(school_id)
        if row < 0:
            return False
        index = self.school_proxy.index(row, 0)
        self.school_view.selectRow(row)
        self.school_view.scrollTo(index)
        if self.selected_school != school_id:  # selectRow of the row already selected emits nothing
            self._school_changed(school_id)
        return True

    @Slot(QItemSelection, QItemSelection)
    def _school_row_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        code = self.school_proxy.index(indexes[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        if code is not None and str(code) != self.selected_school:
            self._school_changed(str(code))

    def _school_changed(self, school_id: str) -> None:
        self.selected_school = school_id
        self._show_details()
        self._highlight_on_map(zoom=True)
        self.schoolSelected.emit(school_id)

    def _highlight_on_map(self, *, zoom: bool) -> None:
        if self._web is None or self.selected_school is None:
            return
        code = _js_string(self.selected_school)
        script = f"if (window.schoolplan) {{ window.schoolplan.highlightSchool({code});"
        if zoom:
            script += f" window.schoolplan.zoomToSchool({code});"
        self._web.page().runJavaScript(script + " }")

    @Slot(bool)
    def _on_map_loaded(self, ok: bool) -> None:
        if ok:
            self._sync_map()
            self._highlight_on_map(zoom=False)

    def school_details(self, school_id: str) -> tuple[list[tuple[str, str]], list[str]]:
        """The figures (label, value) and the flags of a school, in the current language.

        Figures come from :func:`gis.indicators.school_table` once the project is analysed,
        and from the project's school layer before.
        """
        schools = self.project.schools if self.project is not None else None
        if schools is None:
            return [], []
        match = schools[schools["school_id"].astype(str) == school_id]
        if not len(match):
            return [], []
        school = match.iloc[0]
        kind = str(school["type"])
        figures = [
            (self.tr("Code"), school_id),
            (self.tr("Type"), _tr(SCHOOL_TYPES[kind], "SchoolDetails") if kind in SCHOOL_TYPES else kind),
            (self.tr("Township"), str(school["township"])),
        ]
        if self._school_table is not None:
            rows = self._school_table[self._school_table["school_id"].astype(str) == school_id]
            values = rows.iloc[0].to_dict() if len(rows) else {}
        else:
            values = {c: school[c] for c in school.index if c != "geometry"}
            values["enrol_primary"] = sum(float(school[c]) for c in enrolment_columns("primary"))
            values["enrol_junior"] = sum(float(school[c]) for c in enrolment_columns("junior"))
            values["enrol_total"] = values["enrol_primary"] + values["enrol_junior"]
            values["teaching_point"] = kind == "teaching_point"
        for column, label, style in DETAIL_FIGURES:
            value = values.get(column)
            if value is None or not isinstance(value, int | float) or value != value:
                continue
            value = float(value)
            if style == "share":
                text = f"{value:.0%}"
            elif style == "int":
                text = f"{value:,.0f}"
            else:
                text = f"{value:,.1f}"
            figures.append((_tr(label, "SchoolDetails"), text))
        # The map's flags (overcrowded, under 100, teaching point, boarding), by the same rule.
        from layers.style import school_flags

        position = list(schools["school_id"].astype(str)).index(school_id)
        values.update(school_flags(schools, self.analysis).iloc[position].to_dict())
        flags = [_tr(label, "SchoolDetails") for column, label in SCHOOL_FLAGS if bool(values.get(column, False))]
        return figures, flags

    def _show_details(self) -> None:
        import html

        code = self.selected_school
        if code is None:
            self.details_label.setText(self.tr("Click a school on the map or in the table."))
            return
        figures, flags = self.school_details(code)
        name = ""
        if self.project is not None:
            match = self.project.schools[self.project.schools["school_id"].astype(str) == code]
            name = str(match["name"].iloc[0]) if len(match) else code
        rows = "".join(
            f"<tr><td>{html.escape(label)}</td><td align='right'>&nbsp;{html.escape(value)}</td></tr>"
            for label, value in figures
        )
        flag_text = ", ".join(html.escape(f) for f in flags) if flags else html.escape(self.tr("none"))
        flags_title = html.escape(self.tr("Flags:"))
        self.details_label.setText(
            f"<h3>{html.escape(name)}</h3><table>{rows}</table><p><b>{flags_title}</b> {flag_text}</p>"
        )

    def _show_dashboard(self) -> None:
        values: dict[tuple[str, str], float] = {}
        views = self._analysis_views()
        if views is not None:
            values = {(i.level, i.metric): i.value for i in views.indicators if i.scope == "county"}
        self.dashboard_values = {key: values[key] for key in DASHBOARD_ROWS if key in values}
        for row, key in enumerate(DASHBOARD_ROWS):
            value = self.dashboard_values.get(key)
            if value is None:
                text = "–"
            elif key[1].startswith("share"):
                text = f"{value:.1%}"
            else:
                text = f"{value:,.1f}"
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.dashboard.setItem(row, 0, item)

    def _refresh_layers(self) -> None:
        if self.project is None:
            return
        self.layers = merged_layers(self.project, self.analysis, self.layers)  # keeps the user's choices
        self._fill_layer_list()
        self._render_map()

    def _fill_layer_list(self) -> None:
        """List the layers top first (as in a GIS), keeping the current one."""
        current = self.current_layer()
        self.layer_list.blockSignals(True)
        self.layer_list.clear()
        for layer in reversed(list(self.layers or ())):
            item = QListWidgetItem(self._layer_title(layer.name))
            item.setData(Qt.ItemDataRole.UserRole, layer.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
            self.layer_list.addItem(item)
            if layer.name == current:
                self.layer_list.setCurrentItem(item)
        self.layer_list.blockSignals(False)
        self._layer_selected()

    def _render_map(self) -> None:
        """Build the map page in a worker thread (it takes a second or two); load it when done."""
        if self.project is None or self._web is None:
            return
        from layers.webmap import webmap_html

        prebuilt, self._prebuilt = self._prebuilt, None
        if prebuilt is not None and prebuilt[0] is self.analysis:  # made by the analysis worker
            self._render_generation += 1
            self._on_page_built(self._render_generation, prebuilt[1])
            return
        project, analysis, layers = self.project, self.analysis, self.layers
        tiles, max_zoom = self._base_tiles()
        flags = map_flag_labels()  # translated here: the page is built in a worker

        def build() -> str:
            return webmap_html(
                project, analysis, layers=layers, base_tiles=tiles, base_max_zoom=max_zoom, flag_labels=flags
            )

        self._render_generation += 1
        generation = self._render_generation
        self.runner.run(
            lambda _progress, _cancel: build(),
            lambda page: self._on_page_built(generation, page),  # type: ignore[arg-type]
            error=None,
            on_failed=lambda message, details: self._on_page_failed(generation, message, details),
            background=True,
        )

    def _on_page_built(self, generation: int, page: str) -> None:
        if generation != self._render_generation or self._web is None:
            return  # a newer page is on its way, or the map is closed
        target = self._map_dir / "map.html"
        target.write_text(page, encoding="utf-8")
        # setHtml is limited to 2 MB; a local file has no such limit and no network.
        self._web.load(QUrl.fromLocalFile(str(target)))

    def _on_page_failed(self, generation: int, message: str, details: str) -> None:
        if generation == self._render_generation:
            notify.notify_error(self, self.tr("The map cannot be drawn."), f"{message}\n\n{details}")

    def _sync_map(self) -> None:
        """Apply the layer panel's state to a freshly loaded page (it may have been built from an older one)."""
        if self._web is None or self.layers is None:
            return
        parts = [f"window.schoolplan.setOrder({_js_json(list(self.layers.names))});"]
        for layer in self.layers:
            name = _js_string(layer.name)
            parts.append(f"window.schoolplan.setVisible({name}, {str(layer.visible).lower()});")
            parts.append(f"window.schoolplan.setOpacity({name}, {layer.opacity!r});")
        self._web.page().runJavaScript("if (window.schoolplan) { " + " ".join(parts) + " }")

    # ----------------------------------------------------------------- layer panel
    def current_layer(self) -> str | None:
        """The name of the layer selected in the layer panel, or None."""
        item = self.layer_list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def select_layer(self, name: str) -> bool:
        """Make a layer the current one of the layer panel (its opacity, order and legend); returns success."""
        for row in range(self.layer_list.count()):
            item = self.layer_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == name:
                self.layer_list.setCurrentItem(item)
                return True
        return False

    @Slot()
    def _layer_selected(self, *_args: object) -> None:
        name = self.current_layer()
        if self.layers is not None and name in self.layers:
            self.opacity_slider.blockSignals(True)
            self.opacity_slider.setValue(round(self.layers[name].opacity * 100))
            self.opacity_slider.blockSignals(False)
        self._layer_controls_enabled()
        self._show_legend()

    def _layer_controls_enabled(self) -> None:
        name = self.current_layer()
        known = self.layers is not None and name in self.layers
        names = list(self.layers.names) if self.layers is not None else []
        self.opacity_slider.setEnabled(known)
        self.layer_up_button.setEnabled(known and names.index(name) < len(names) - 1)
        self.layer_down_button.setEnabled(known and names.index(name) > 0)

    @Slot(int)
    def _opacity_changed(self, value: int) -> None:
        name = self.current_layer()
        if self.layers is None or name is None or name not in self.layers:
            return
        self.layers = self.layers.replace(name, opacity=value / 100)
        if self._web is not None:
            self._web.page().runJavaScript(
                f"window.schoolplan && window.schoolplan.setOpacity({_js_string(name)}, {value / 100!r});"
            )

    def move_layer(self, steps: int) -> None:
        """Move the current layer up (positive) or down the drawing order, in the panel and on the map."""
        name = self.current_layer()
        if self.layers is None or name is None or name not in self.layers:
            return
        self.layers = self.layers.move(name, steps)
        self._fill_layer_list()
        if self._web is not None:
            self._web.page().runJavaScript(
                f"window.schoolplan && window.schoolplan.setOrder({_js_json(list(self.layers.names))});"
            )

    def _show_legend(self) -> None:
        from app.panels import legend_html
        from layers.legend import layer_legend

        name = self.current_layer()
        if self.layers is None or name is None or name not in self.layers:
            self.legend_label.setText(self.tr("Select a layer to see its legend."))
            return
        self.legend_label.setText(legend_html(layer_legend(self.layers[name], self.project)))

    # ----------------------------------------------------------------- township summary
    def _show_townships(self) -> None:
        from app.panels import TOWNSHIP_COLUMNS, township_rows

        self.township_table.setHorizontalHeaderLabels(
            [_tr(title, "TownshipSummary") for _key, title in TOWNSHIP_COLUMNS]
        )
        if self.project is None:
            self.township_rows = []
            self.township_table.setRowCount(0)
            return
        source = (self.project, self.analysis)
        if self._township_source is None or any(a is not b for a, b in zip(self._township_source, source, strict=True)):
            views = self._analysis_views()
            self.township_rows = list(views.township_rows if views is not None else township_rows(self.project))
            self._township_source = source
        self.township_table.setSortingEnabled(False)
        self.township_table.setRowCount(len(self.township_rows))
        for r, row in enumerate(self.township_rows):
            for c, (key, _title) in enumerate(TOWNSHIP_COLUMNS):
                value = getattr(row, key)
                item = QTableWidgetItem()
                if isinstance(value, str):
                    item.setText(value)
                    item.setToolTip(row.code)
                else:
                    number = float(value)
                    if number != number:
                        text = "–"
                    elif key == "share_within":
                        text = f"{number:.1%}"
                    elif key == "mean_travel_min":
                        text = f"{number:,.1f}"
                    else:
                        text = f"{number:,.0f}"
                    item.setData(Qt.ItemDataRole.DisplayRole, text)
                    item.setData(Qt.ItemDataRole.UserRole, number)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.township_table.setItem(r, c, item)
        self.township_table.resizeColumnsToContents()

    # ----------------------------------------------------------------- cursor
    def _prepare_cursor_lookup(self) -> None:
        """The transformation from WGS84 and the grid index of the new project's populated cells."""
        import numpy as np
        from pyproj import Transformer

        from gis.catchments import grid_transform

        self._cell_minutes = None
        self._grid = None
        self._cursor = None
        self.cursor_label.clear()
        if self.project is None:
            return
        self._to_project = Transformer.from_crs("EPSG:4326", self.project.crs, always_xy=True)
        pop = self.project.population
        if not len(pop):
            return
        rows = pop["row"].to_numpy(dtype=int)
        cols = pop["col"].to_numpy(dtype=int)
        transform = grid_transform(pop.geometry.x.to_numpy(), pop.geometry.y.to_numpy(), rows, cols,
                                   self.project.cell_size)  # fmt: skip
        r0, c0 = int(rows.min()), int(cols.min())
        index = np.full((rows.max() - r0 + 1, cols.max() - c0 + 1), -1, dtype=np.int64)
        index[rows - r0, cols - c0] = np.arange(len(pop))
        self._grid = (~transform, index, r0, c0)

    def _prepare_cursor_minutes(self) -> None:
        """Each populated cell's trip (grades 1–3, walking) to its nearest school, from the analysis."""
        import numpy as np

        self._cell_minutes = None
        if self.analysis is None or self.project is None or "primary" not in self.analysis.levels:
            return
        result = self.analysis.levels["primary"]
        minutes = np.full(len(self.project.population), np.nan)
        minutes[result.cells] = result.groups[0].minutes
        self._cell_minutes = minutes

    def cell_at(self, x: float, y: float) -> int | None:
        """The row of the project's population layer whose cell holds a point (project CRS), or None."""
        if self._grid is None:
            return None
        inverse, index, r0, c0 = self._grid
        col, row = inverse @ (x, y)  # type: ignore[operator]
        r, c = int(row // 1) - r0, int(col // 1) - c0
        if not (0 <= r < index.shape[0] and 0 <= c < index.shape[1]):
            return None
        found = int(index[r, c])
        return found if found >= 0 else None

    @Slot(float, float)
    def show_cursor(self, lat: float, lon: float) -> None:
        """Show the coordinates under the mouse and, after an analysis, the trip of the cell there."""
        self._cursor = (lat, lon)
        if self.project is None or self._to_project is None:
            return
        x, y = self._to_project.transform(lon, lat)  # type: ignore[attr-defined]
        text = self.tr("Lon {lon}, lat {lat} · x {x}, y {y}").format(
            lon=f"{lon:.5f}", lat=f"{lat:.5f}", x=f"{x:.0f}", y=f"{y:.0f}"
        )
        self.cursor_minutes = None
        cell = self.cell_at(x, y)
        if cell is not None and self._cell_minutes is not None:
            minutes = float(self._cell_minutes[cell])
            if minutes == minutes:
                self.cursor_minutes = minutes
                if minutes == float("inf"):
                    text += " · " + self.tr("grades 1–3: no school reachable")
                else:
                    text += " · " + self.tr("grades 1–3: {minutes} min to the nearest school").format(
                        minutes=f"{minutes:.1f}"
                    )
        self.cursor_label.setText(text)

    # ----------------------------------------------------------------- local base map
    def base_map(self) -> tuple[str, Path] | None:
        """The local base map chosen (``("folder" | "mbtiles", path)``), or None."""
        value = self.settings.value(BASE_MAP_KEY, "")
        if not value or ":" not in str(value):
            return None
        kind, _, path = str(value).partition(":")
        return (kind, Path(path)) if kind in ("folder", "mbtiles") else None

    def set_base_map(self, path: Path | None, *, kind: str | None = None) -> bool:
        """Draw a local tile folder (``{z}/{x}/{y}.png``) or MBTiles file under the layers, or none.

        The kind is told from the path (a folder or a file) unless given. The choice is kept in
        the settings. Returns success (a missing path goes to the notification).
        """
        if path is None:
            self.settings.remove(BASE_MAP_KEY)
        else:
            path = Path(path).resolve()
            kind = kind or ("folder" if path.is_dir() else "mbtiles")
            if not path.exists():
                notify.notify_error(self, self.tr("The base map {path} does not exist.").format(path=path))
                return False
            self.settings.setValue(BASE_MAP_KEY, f"{kind}:{path}")
        self.settings.sync()
        self._render_map()
        return True

    def _base_tiles(self) -> tuple[str | None, int]:
        """The tile URL template and deepest zoom of the local base map, or (None, 18)."""
        from app.tiles import mbtiles_handler, mbtiles_max_zoom, mbtiles_template, tile_folder_template

        chosen = self.base_map()
        if chosen is None or self._web is None or not chosen[1].exists():
            return None, 18
        kind, path = chosen
        if kind == "folder":
            zooms = [int(p.name) for p in path.iterdir() if p.is_dir() and p.name.isdigit()]
            return tile_folder_template(path), max(zooms, default=18)
        mbtiles_handler(self._web.page().profile()).set_file(path)
        return mbtiles_template(path), mbtiles_max_zoom(path)

    def _ask_tile_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a tile folder ({z}/{x}/{y}.png)"))
        if folder:
            self.set_base_map(Path(folder), kind="folder")

    def _ask_mbtiles(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose an MBTiles file"), "", self.tr("MBTiles (*.mbtiles)")
        )
        if path:
            self.set_base_map(Path(path), kind="mbtiles")

    @Slot(QListWidgetItem)
    def _layer_toggled(self, item: QListWidgetItem) -> None:
        name = str(item.data(Qt.ItemDataRole.UserRole))
        visible = item.checkState() == Qt.CheckState.Checked
        if self.layers is None or name not in self.layers:
            return
        self.layers = self.layers.replace(name, visible=visible)
        if self._web is not None:
            self._web.page().runJavaScript(
                f"window.schoolplan && window.schoolplan.setVisible({_js_string(name)}, {str(visible).lower()});"
            )

    def run_js(self, script: str, callback: object) -> None:
        """Run JavaScript in the map page and pass the result to ``callback`` (for tests and tools)."""
        if self._web is not None:
            self._web.page().runJavaScript(script, 0, callback)


def _js_string(text: str) -> str:
    import json

    return json.dumps(text)


def _js_json(value: object) -> str:
    """A JSON value for a script (names come from the code, not from data)."""
    import json

    return json.dumps(value)
