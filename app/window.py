"""The main window: the offline map, the layer panel, the school table and the analysis.

The window is thin: it reads the layer models of :mod:`layers.model`, renders the map with
:mod:`layers.webmap` and runs :func:`gis.analysis.analyze` in a worker thread. Widgets are
touched from the GUI thread only; the worker talks to the window through queued signals.
Every error a user should see goes through :func:`notify_error`.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import traceback
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QThread,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    import pandas as pd

    from gis.analysis import Analysis
    from gis.project import Project
    from gis.standards import Standards
    from layers.model import LayerStack

DASHBOARD_ROWS: tuple[tuple[str, str], ...] = (
    ("grades_1_3", "share_within_threshold"),
    ("grades_1_3", "mean_travel_min"),
    ("primary", "share_within_threshold"),
    ("primary", "children_overflow"),
    ("junior", "share_within_threshold"),
    ("junior", "mean_travel_min"),
    ("junior", "children_overflow"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def notify_error(parent: QWidget | None, message: str, details: str = "") -> None:
    """The one place where the window shows an error: a readable message, details on demand.

    Must be called from the GUI thread (worker errors arrive here through signals).
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_tr("SchoolPlan"))
    box.setText(message)
    if details:
        box.setDetailedText(details)
    box.exec()


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
            if isinstance(value, float):
                return "" if value != value else f"{value:,.2f}".rstrip("0").rstrip(".")
            return str(value)
        if role == Qt.ItemDataRole.UserRole:
            return value.item() if hasattr(value, "item") else value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self._frame is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return str(self._frame.columns[section]).replace("_", " ")
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

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
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


class AnalysisWorker(QObject):
    """Runs the analysis in a worker thread; reports through signals only."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()
    done = Signal()

    def __init__(self, project: Project, standards: Standards) -> None:
        super().__init__()
        self._project = project
        self._standards = standards
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Ask the analysis to stop at its next step (thread-safe)."""
        self._stop.set()

    @Slot()
    def run(self) -> None:
        """Run the analysis and emit exactly one of succeeded, failed or cancelled, then done."""
        from gis.analysis import analyze
        from gis.errors import Cancelled, SchoolPlanError

        try:
            analysis = analyze(self._project, self._standards, progress=self.progressed.emit, cancel=self._stop.is_set)
        except Cancelled:
            self.cancelled.emit()
        except SchoolPlanError as exc:
            self.failed.emit(str(exc), traceback.format_exc())
        except Exception as exc:  # a bug: still reported, with details, never silently
            self.failed.emit(f"{type(exc).__name__}: {exc}", traceback.format_exc())
        else:
            self.succeeded.emit(analysis)
        self.done.emit()


class MainWindow(QMainWindow):
    """SchoolPlan's main window."""

    projectLoaded = Signal()
    analysisFinished = Signal()
    analysisCancelled = Signal()
    analysisFailed = Signal(str)
    mapUpdated = Signal(bool)

    def __init__(self, *, web_map: bool = True) -> None:
        super().__init__()
        self.project: Project | None = None
        self.project_path: Path | None = None
        self.analysis: Analysis | None = None
        self.layers: LayerStack | None = None
        self._standards: Standards | None = None
        self._thread: QThread | None = None
        self._worker: AnalysisWorker | None = None
        self._map_dir = Path(tempfile.mkdtemp(prefix="schoolplan-map-"))
        self._map_dir_cleanup = weakref.finalize(self, shutil.rmtree, self._map_dir, ignore_errors=True)
        self.dashboard_values: dict[tuple[str, str], float] = {}
        self.setWindowTitle(self.tr("SchoolPlan"))
        self.resize(1280, 800)
        self._build_map(web_map)
        self._build_docks()
        self._build_actions()
        self._build_status()
        self._update_actions()

    # ----------------------------------------------------------------- building
    def _build_map(self, web_map: bool) -> None:
        self.map_view: QWidget
        self._web = None
        if web_map:
            from PySide6.QtWebEngineWidgets import QWebEngineView

            self._web = QWebEngineView(self)
            self._web.loadFinished.connect(self.mapUpdated)
            self.map_view = self._web
        else:
            self.map_view = QLabel(self.tr("The map is off."), self)
            self.map_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(self.map_view)

    def _build_docks(self) -> None:
        self.layer_list = QListWidget(self)
        self.layer_list.itemChanged.connect(self._layer_toggled)
        dock = QDockWidget(self.tr("Layers"), self)
        dock.setObjectName("layers")
        dock.setWidget(self.layer_list)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)

        self.dashboard = QTableWidget(len(DASHBOARD_ROWS), 1, self)
        self.dashboard.setHorizontalHeaderLabels([self.tr("County")])
        self.dashboard.setVerticalHeaderLabels(
            [self._dashboard_label(level, metric) for level, metric in DASHBOARD_ROWS]
        )
        self.dashboard.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.dashboard.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        dock = QDockWidget(self.tr("Indicators"), self)
        dock.setObjectName("indicators")
        dock.setWidget(self.dashboard)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)

        self.school_model = DataFrameModel(parent=self)
        self.school_proxy = SchoolFilterProxy(self)
        self.school_proxy.setSourceModel(self.school_model)
        self.school_view = QTableView(self)
        self.school_view.setModel(self.school_proxy)
        self.school_view.setSortingEnabled(True)
        self.school_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(self.tr("Search schools by name or code"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self.school_proxy.set_search)
        panel = QWidget(self)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_box)
        layout.addWidget(self.school_view)
        dock = QDockWidget(self.tr("Schools"), self)
        dock.setObjectName("schools")
        dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)

    def _dashboard_label(self, level: str, metric: str) -> str:
        levels = {"grades_1_3": self.tr("Grades 1–3"), "primary": self.tr("Primary"), "junior": self.tr("Junior")}
        metrics = {
            "share_within_threshold": self.tr("within the rule"),
            "mean_travel_min": self.tr("mean trip (min)"),
            "children_overflow": self.tr("children over capacity"),
        }
        return f"{levels[level]}: {metrics[metric]}"

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = QAction(self.tr("&Open…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._ask_open)
        self.save_as_action = QAction(self.tr("Save &As…"), self)
        self.save_as_action.setShortcut(QKeySequence.StandardKey.SaveAs)
        self.save_as_action.triggered.connect(self._ask_save_as)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addActions([self.open_action, self.save_as_action])
        menu.addSeparator()
        menu.addAction(quit_action)
        menu = self.menuBar().addMenu(self.tr("&Analysis"))
        self.run_action = QAction(self.tr("&Run analysis"), self)
        self.run_action.setShortcut(QKeySequence("F5"))
        self.run_action.triggered.connect(self.run_analysis)
        self.cancel_action = QAction(self.tr("&Cancel analysis"), self)
        self.cancel_action.triggered.connect(self.cancel_analysis)
        menu.addActions([self.run_action, self.cancel_action])
        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("main_toolbar")
        toolbar.addActions([self.open_action, self.run_action])

    def _build_status(self) -> None:
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setMaximumWidth(240)
        self.progress_bar.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel_analysis)
        self.cancel_button.hide()
        self.statusBar().addPermanentWidget(self.progress_bar)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.statusBar().showMessage(self.tr("Open a project to begin."))

    def _update_actions(self) -> None:
        running = self.is_running
        self.run_action.setEnabled(self.project is not None and not running)
        self.cancel_action.setEnabled(running)
        self.save_as_action.setEnabled(self.project is not None)
        self.open_action.setEnabled(not running)

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
            notify_error(self, self.tr("The project cannot be opened."), str(exc))
            return False
        except Exception as exc:
            notify_error(self, self.tr("The project cannot be opened."), f"{exc}\n\n{traceback.format_exc()}")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.project, self.project_path, self.analysis = project, Path(path), None
        self.setWindowTitle(self.tr("SchoolPlan — {name}").format(name=project.name))
        self._show_schools()
        self._show_dashboard()
        self._refresh_layers()
        self.statusBar().showMessage(
            self.tr("{name}: {schools} schools, {cells} populated cells").format(
                name=project.name, schools=len(project.schools), cells=len(project.population)
            )
        )
        self._update_actions()
        self.projectLoaded.emit()
        return True

    def save_project_as(self, path: Path) -> bool:
        """Write the project to a new file (atomically). Returns success."""
        from gis.project import save_project

        if self.project is None:
            return False
        try:
            save_project(self.project, path)
        except Exception as exc:
            notify_error(self, self.tr("The project cannot be saved."), f"{exc}\n\n{traceback.format_exc()}")
            return False
        self.project_path = Path(path)
        self.statusBar().showMessage(self.tr("Saved {path}").format(path=path))
        return True

    # ----------------------------------------------------------------- analysis
    @property
    def is_running(self) -> bool:
        """Whether an analysis is running."""
        return self._thread is not None

    def run_analysis(self) -> None:
        """Start the analysis of the current project in a worker thread."""
        if self.project is None or self.is_running:
            return
        if self._standards is None:
            from gis.standards import load_standards

            try:
                self._standards = load_standards()
            except Exception as exc:
                notify_error(self, self.tr("The rules file cannot be read."), str(exc))
                return
        thread = QThread(self)
        worker = AnalysisWorker(self.project, self._standards)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self._on_progress)
        worker.succeeded.connect(self._on_succeeded)
        worker.failed.connect(self._on_failed)
        worker.cancelled.connect(self._on_cancelled)
        worker.done.connect(thread.quit)
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.cancel_button.show()
        self.statusBar().showMessage(self.tr("Analysing…"))
        self._update_actions()
        thread.start()

    def cancel_analysis(self) -> None:
        """Ask the running analysis to stop; the previous results stay."""
        if self._worker is not None:
            self._worker.cancel()
            self.statusBar().showMessage(self.tr("Cancelling…"))

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress_bar.setValue(round(fraction * 1000))
        if message:
            self.statusBar().showMessage(message)

    @Slot(object)
    def _on_succeeded(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._show_schools()
        self._show_dashboard()
        self._refresh_layers()
        self.statusBar().showMessage(self.tr("Analysis done."))
        self._finish_run()
        self.analysisFinished.emit()

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        self.statusBar().showMessage(self.tr("Analysis failed."))
        self._finish_run()
        notify_error(self, self.tr("The analysis failed: {message}").format(message=message), details)
        self.analysisFailed.emit(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self.statusBar().showMessage(self.tr("Analysis cancelled; the previous results are kept."))
        self._finish_run()
        self.analysisCancelled.emit()

    def _finish_run(self) -> None:
        self.progress_bar.hide()
        self.cancel_button.hide()

    @Slot()
    def _on_thread_finished(self) -> None:
        thread, self._thread, self._worker = self._thread, None, None
        if thread is not None:
            thread.deleteLater()
        self._update_actions()

    def wait_for_worker(self, msecs: int = 60_000) -> None:
        """Cancel any running analysis and wait for its thread to end."""
        if self._worker is not None:
            self._worker.cancel()
        if self._thread is not None:
            self._thread.wait(msecs)

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
        if self.project is None:
            self.school_model.set_frame(None)
            return
        if self.analysis is not None:
            from gis.indicators import school_table

            table = school_table(self.analysis)
            columns = [
                "school_id", "name", "type", "township", "enrol_total", "utilisation_primary",
                "utilisation_junior", "catchment_children_primary", "catchment_mean_travel_min_primary",
                "mean_class_size_primary", "mean_class_size_junior", "under_100", "large_classes_56",
            ]  # fmt: skip
            frame = table[[c for c in columns if c in table.columns]]
        else:
            schools = self.project.schools
            frame = schools[["school_id", "name", "type", "township"]].copy()
            frame["enrol_total"] = sum(schools[f"enrol_g{g}"].astype(float) for g in range(1, 10))
        self.school_model.set_frame(frame.reset_index(drop=True))
        self.school_view.resizeColumnsToContents()

    def _show_dashboard(self) -> None:
        values: dict[tuple[str, str], float] = {}
        if self.analysis is not None:
            from gis.indicators import coverage_indicators

            values = {(i.level, i.metric): i.value for i in coverage_indicators(self.analysis) if i.scope == "county"}
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
        from layers.model import project_layers

        if self.project is None:
            return
        fresh = project_layers(self.project, self.analysis)
        if self.layers is not None:  # keep the user's visibility choices
            for layer in self.layers:
                if layer.name in fresh:
                    fresh = fresh.replace(layer.name, visible=layer.visible)
        self.layers = fresh
        self.layer_list.blockSignals(True)
        self.layer_list.clear()
        for layer in reversed(list(fresh)):  # top layer first, as in a GIS
            item = QListWidgetItem(self.tr(layer.title))
            item.setData(Qt.ItemDataRole.UserRole, layer.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
            self.layer_list.addItem(item)
        self.layer_list.blockSignals(False)
        self._render_map()

    def _render_map(self) -> None:
        if self.project is None or self._web is None:
            return
        from layers.webmap import webmap_html

        try:
            page = webmap_html(self.project, self.analysis, layers=self.layers)
        except Exception as exc:
            notify_error(self, self.tr("The map cannot be drawn."), f"{exc}\n\n{traceback.format_exc()}")
            return
        target = self._map_dir / "map.html"
        target.write_text(page, encoding="utf-8")
        # setHtml is limited to 2 MB; a local file has no such limit and no network.
        self._web.load(QUrl.fromLocalFile(str(target)))

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
