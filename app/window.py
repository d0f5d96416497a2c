"""The main window: the docks, menus and actions around one session.

The window only assembles. The state lives in :class:`app.session.Session` (the project, its
rules, analysis, layers, selection and planning results, with signals), long work runs
through :class:`app.tasks.TaskRunner`, and errors go to :func:`app.notify.notify_error`.
Each dock is a module of its own built from the session and the runner, and none of them
imports this one: the map (:mod:`app.mapview`), the layers (:mod:`app.layerpanel`), the
indicators (:mod:`app.dashboard`), the schools (:mod:`app.schooltable`), the school details
(:mod:`app.details`), the townships (:mod:`app.townships`), planning and scenarios
(:mod:`app.planning`), balance (:mod:`app.balance`), the enrolment forecast
(:mod:`app.forecast`) and the county plan (:mod:`app.plan`); files are opened and saved by
:mod:`app.projectfiles`, the analysis is run by :mod:`app.analysing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDialog, QDockWidget, QFrame, QMainWindow, QScrollArea, QWidget

from app import notify
from app.analysing import Analyser
from app.balance import BalancePanel
from app.comparison import ComparisonPanel
from app.cursor import CursorReadout
from app.dashboard import Dashboard
from app.details import SchoolDetails
from app.forecast import ForecastPanel
from app.layerpanel import LayerPanel
from app.mapview import MapView
from app.plan import PlanPanel
from app.planning import ScenarioPanel, SuggestionPanel
from app.projectfiles import ProjectFiles
from app.schooltable import SchoolTable
from app.session import Session
from app.settings import LANGUAGE_KEY, user_settings
from app.taskprogress import TaskProgress
from app.tasks import TaskRunner
from app.townships import TownshipSummary
from app.zones import ZonesPlanner

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from gis.analysis import Analysis
    from gis.plan.plan import CountyPlan, PlanAction
    from gis.project import Project


# The settings' keys of the window's layout (the language's is app.settings.LANGUAGE_KEY); the
# version of the docks' layout (a layout saved by a version with other docks is not restored).
GEOMETRY_KEY, STATE_KEY = "window/geometry", "window/state"
LAYOUT_VERSION = 2


class MainWindow(QMainWindow):
    """SchoolPlan's main window."""

    analysisFinished = Signal()
    analysisCancelled = Signal()
    analysisFailed = Signal(str)
    mapUpdated = Signal(bool)

    def __init__(self, *, web_map: bool = True, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else user_settings()
        self.session = Session(self)
        self.runner = TaskRunner(self)
        self.files = ProjectFiles(self.session, self.settings, self)
        self.map = MapView(self.session, self.runner, self.settings, web_map=web_map, parent=self)
        self.map_view: QWidget = self.map.widget
        self.setCentralWidget(self.map_view)
        self.analyser = Analyser(
            self.session, self.runner, page_builder=self.map.page_builder, keep_page=self.map.keep_page, parent=self
        )
        self.resize(1600, 1000)
        self._build_docks()
        self._build_actions()
        self._build_status()
        self._connect()
        self.retranslate()
        self._update_actions()
        self._default_state = self.saveState(LAYOUT_VERSION)

    # ----------------------------------------------------------------- building
    def _dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea, *, scroll: bool = False) -> QDockWidget:
        """A dock of ``widget``; ``scroll``: in a scroll area, so that a tall form does not hold the docks beside
        it at its height (the comparison below needs the room)."""
        dock = QDockWidget(self)
        dock.setObjectName(name)
        if scroll:
            area_widget = QScrollArea(dock)
            area_widget.setWidgetResizable(True)
            area_widget.setFrameShape(QFrame.Shape.NoFrame)
            area_widget.setWidget(widget)
            dock.setWidget(area_widget)
        else:
            dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        session, runner = self.session, self.runner
        left, right, bottom = (
            Qt.DockWidgetArea.LeftDockWidgetArea,
            Qt.DockWidgetArea.RightDockWidgetArea,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        self.layer_panel = LayerPanel(session, self)
        self.layers_dock = self._dock("layers", self.layer_panel, left, scroll=True)
        self.dashboard = Dashboard(session, self)
        self.indicators_dock = self._dock("indicators", self.dashboard, left)
        self.townships = TownshipSummary(session, self)
        self.townships_dock = self._dock("townships", self.townships, bottom)
        self.school_table = SchoolTable(session, self)
        self.schools_dock = self._dock("schools", self.school_table, bottom)
        self.tabifyDockWidget(self.schools_dock, self.townships_dock)
        self.schools_dock.raise_()
        self.details = SchoolDetails(session, self)
        self.details_dock = self._dock("school_details", self.details, right, scroll=True)
        self.suggestion_panel = SuggestionPanel(session, runner, self)
        self.planning_dock = self._dock("planning", self.suggestion_panel, bottom)
        self.tabifyDockWidget(self.schools_dock, self.planning_dock)
        self.scenario_panel = ScenarioPanel(session, runner, map_clicks=self.map.bridge is not None, parent=self)
        self.scenarios_dock = self._dock("scenarios", self.scenario_panel, right)
        self.tabifyDockWidget(self.details_dock, self.scenarios_dock)
        self.balance_panel = BalancePanel(session, runner, self)
        self.balance_dock = self._dock("balance", self.balance_panel, bottom)
        self.tabifyDockWidget(self.schools_dock, self.balance_dock)
        self.forecast_panel = ForecastPanel(session, runner, self.analyser, self)
        self.forecast_dock = self._dock("forecast", self.forecast_panel, bottom)
        self.tabifyDockWidget(self.schools_dock, self.forecast_dock)
        self.plan_panel = PlanPanel(session, runner, self)
        self.plan_dock = self._dock("plan", self.plan_panel, bottom)
        self.tabifyDockWidget(self.schools_dock, self.plan_dock)
        self.comparison_panel = ComparisonPanel(session, self)
        self.comparison_dock = self._dock("comparison", self.comparison_panel, bottom)
        self.tabifyDockWidget(self.schools_dock, self.comparison_dock)
        self.schools_dock.raise_()
        self.details_dock.raise_()
        self._size_docks()

    def _size_docks(self) -> None:
        """Default proportions: side docks wide enough for their words, the layer list tall enough for all layers."""
        self.resizeDocks([self.layers_dock, self.details_dock], [340, 330], Qt.Orientation.Horizontal)
        self.resizeDocks([self.schools_dock], [300], Qt.Orientation.Vertical)
        self.fit_layer_list()

    @Slot()
    def fit_layer_list(self) -> None:
        """Make the Layers dock tall enough to list every layer without scrolling (when the window has room)."""
        layers = self.layer_panel.layer_list
        rows = max(layers.count(), 8) * max(layers.sizeHintForRow(0), layers.fontMetrics().height() + 4)
        missing = rows + 2 * layers.frameWidth() - layers.viewport().height()
        if missing > 0 and not self.layers_dock.isFloating():
            self.resizeDocks([self.layers_dock], [self.layers_dock.height() + missing], Qt.Orientation.Vertical)

    def _action(self, slot: object, shortcut: QKeySequence | QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        from app.i18n import LANGUAGES, current_language

        bar, keys = self.menuBar(), QKeySequence.StandardKey
        self.open_action = self._action(self.files.ask_open, keys.Open)
        self.import_action = self._action(self.show_import_wizard)
        self.save_action = self._action(self.files.save, keys.Save)
        self.save_as_action = self._action(self.files.ask_save_as, keys.SaveAs)
        self.export_action = self._action(self.show_export)
        self.quit_action = self._action(self.close, keys.Quit)
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([self.open_action, self.import_action])
        self.file_menu.addMenu(self.files.recent_menu)
        self.file_menu.addActions([self.save_action, self.save_as_action, self.export_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.run_action = self._action(self.run_analysis, QKeySequence("F5"))
        self.cancel_action = self._action(self.runner.cancel)
        self.analysis_menu = bar.addMenu("")
        self.analysis_menu.addActions([self.run_action, self.cancel_action])
        self.forecast_action = self._action(self.show_forecast)
        self.analysis_menu.addSeparator()
        self.analysis_menu.addAction(self.forecast_action)
        self.suggest_action = self._action(self.suggestion_panel.suggest)
        self.new_scenario_action = self._action(self.scenario_panel.ask_new_scenario)
        self.compare_action = self._action(self.scenario_panel.compare)
        self.zones = ZonesPlanner(self.session, self.runner, self)
        self.zones_action = self._action(self.zones.ask)
        self.planning_menu = bar.addMenu("")
        self.planning_menu.addActions([self.suggest_action, self.new_scenario_action, self.compare_action])
        self.planning_menu.addAction(self.zones_action)
        self.planning_menu.addSeparator()
        self.planning_menu.addActions(
            [
                dock.toggleViewAction()
                for dock in (self.planning_dock, self.scenarios_dock, self.balance_dock, self.plan_dock)
            ]
        )
        self.settings_menu = bar.addMenu("")
        self.language_menu = self.settings_menu.addMenu("")
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
        self.base_map_menu = self.settings_menu.addMenu("")
        self.tile_folder_action = self._action(self.map.ask_tile_folder)
        self.mbtiles_action = self._action(self.map.ask_mbtiles)
        self.no_base_map_action = self._action(lambda: self.map.set_base_map(None))
        self.base_map_menu.addActions([self.tile_folder_action, self.mbtiles_action, self.no_base_map_action])
        self.rules_action = self._action(self.show_rules)
        self.settings_menu.addAction(self.rules_action)
        self.rules_dialog: QDialog | None = None
        self.view_menu = bar.addMenu("")
        self.county_action = self._action(self.show_whole_county, QKeySequence(Qt.Key.Key_Home))
        self.reset_layout_action = self._action(self.reset_layout)
        self.view_menu.addActions([self.county_action, self.reset_layout_action])
        self.view_menu.addSeparator()
        self.view_menu.addActions(
            [
                dock.toggleViewAction()
                for dock in (
                    self.layers_dock,
                    self.indicators_dock,
                    self.details_dock,
                    self.schools_dock,
                    self.townships_dock,
                    self.comparison_dock,
                    self.forecast_dock,
                )
            ]
        )
        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.addActions([self.open_action, self.run_action, self.county_action])

    def _build_status(self) -> None:
        self.cursor_readout = CursorReadout(self.session, self)
        self.task_progress = TaskProgress(self.runner, self)
        self.statusBar().addPermanentWidget(self.cursor_readout)
        self.statusBar().addPermanentWidget(self.task_progress.progress_bar)
        self.statusBar().addPermanentWidget(self.task_progress.cancel_button)

    def _connect(self) -> None:
        session, runner = self.session, self.runner
        if self.map.bridge is not None:
            self.map.bridge.schoolSelected.connect(self.select_school)
            self.map.bridge.cursorMoved.connect(self.cursor_readout.show_position)
            self.map.bridge.mapClick.connect(self.scenario_panel.map_clicked)
        self.map.loaded.connect(self.mapUpdated)
        self.scenario_panel.placingChanged.connect(self.map.set_crosshair)
        self.suggestion_panel.scenarioAdded.connect(self._show_scenario)
        self.scenario_panel.comparisonShown.connect(self.show_comparison)
        self.dashboard.runRequested.connect(self.run_analysis)
        self.forecast_panel.forecastShown.connect(self.show_forecast)
        self.plan_panel.placesChosen.connect(lambda _places: self.map.show_highlight(None))
        self.plan_panel.placesChosen.connect(self.map.show_places)
        # Planning shown on the map: what the selected suggestion, plan action or scenario edit touches.
        self.suggestion_panel.suggestionSelected.connect(self.map.show_suggestion)
        self.scenario_panel.editSelected.connect(lambda _scenario, edit: self.map.show_edit(edit))
        self.plan_panel.actionChosen.connect(self.show_plan_action_on_map)
        self.comparison_panel.swipeRequested.connect(self.map.show_scenario_swipe)
        self.plan_panel.scenariosSaved.connect(self._show_scenario)
        self.balance_panel.standardsChosen.connect(
            lambda c: self.map.show_standards_plan(c.plan, school_id=c.school_id, transfer=c.transfer)
        )
        self.balance_panel.standardsSaved.connect(self._show_scenario)
        self.zones.zonesShown.connect(self.map.show_zones)
        self.zones.zoneChosen.connect(self.map.show_zone)
        self.analyser.finished.connect(self.analysisFinished)
        self.analyser.cancelled.connect(self.analysisCancelled)
        self.analyser.failed.connect(self.analysisFailed)
        runner.status.connect(lambda text: session.set_status(text))
        runner.progressed.connect(self._progress_message)
        runner.busyChanged.connect(self._update_actions)
        session.statusChanged.connect(self._show_status)
        session.projectLoaded.connect(self._show_title)
        session.modifiedChanged.connect(self.setWindowModified)
        for signal in (session.projectLoaded, session.analysisChanged):
            signal.connect(self._update_actions)
        # Once the panel has listed the project's layers (after the signal's other slots).
        session.projectLoaded.connect(lambda: QTimer.singleShot(0, self.fit_layer_list))

    # ----------------------------------------------------------------- the session, for tools and tests
    @property
    def project(self) -> Project | None:
        """The open project."""
        return self.session.project

    @property
    def project_path(self) -> Path | None:
        """The file of the open project."""
        return self.session.project_path

    @property
    def analysis(self) -> Analysis | None:
        """The analysis shown."""
        return self.session.analysis

    @property
    def is_running(self) -> bool:
        """Whether an analysis or other foreground work is running."""
        return self.runner.is_running

    def open_project(self, path: Path) -> bool:
        """Load a project file and show it; errors go to the notification. Returns success."""
        return self.files.open(path)

    def run_analysis(self) -> bool:
        """Start the analysis of the current project in a worker thread; returns whether it started."""
        return self.analyser.run()

    @Slot(str)
    def select_school(self, school_id: str) -> bool:
        """Select a school by code (as a click on its map marker does); returns whether it exists."""
        return self.school_table.select_school(school_id)

    def run_js(self, script: str, callback: Callable[[object], None]) -> None:
        """Run JavaScript in the map page and pass the result to ``callback`` (for tests and tools)."""
        self.map.run_js(script, callback)

    # ----------------------------------------------------------------- dialogs
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

        dialog = ExportDialog(self.session, self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_rules(self) -> QDialog:
        """Show the rules in force (Settings → Rules in force…)."""
        if self.rules_dialog is None:
            from app.rules import RulesDialog

            self.rules_dialog = RulesDialog(self.session, self)
        self.rules_dialog.show()
        self.rules_dialog.raise_()
        return self.rules_dialog

    @Slot()
    def show_forecast(self) -> None:
        """Show the Forecast dock (Analysis → Enrolment forecast…), with room for its charts."""
        self.forecast_dock.show()
        self.forecast_dock.raise_()
        room = int(self.height() * 0.45)  # the charts are drawn for paper: below this, their words blur
        if not self.forecast_dock.isFloating() and self.forecast_dock.height() < room:
            self.resizeDocks([self.forecast_dock], [room], Qt.Orientation.Vertical)

    @Slot()
    def show_comparison(self) -> None:
        """Show the Comparison dock with room for every figure (Planning → Compare…)."""
        self.comparison_dock.show()
        self.comparison_dock.raise_()
        if not self.comparison_dock.isFloating():
            # resizeDocks gives the dock a share of what it asks (the layout spreads the change over
            # its neighbours): ask for more until every row shows, within six tries and 62 % of the window.
            most = int(self.height() * 0.62)
            asked = self.comparison_dock.height()
            for _attempt in range(6):
                missing = self.comparison_panel.rows_height() - self.comparison_panel.height()
                if missing <= 0 or self.comparison_dock.height() >= most:
                    break
                asked = min(asked + missing, most + missing)
                self.resizeDocks([self.comparison_dock], [asked], Qt.Orientation.Vertical)
                layout = self.layout()
                if layout is not None:
                    layout.activate()

    # ----------------------------------------------------------------- planning on the map
    @Slot(object, object)
    def show_plan_action_on_map(self, action: PlanAction, plan: CountyPlan) -> None:
        """Highlight on the map what a line of the county plan touches (its year's plan state says what).

        Without an analysis of the project (the plan makes its own) the action's places are ringed.
        """
        self.map.show_places(())  # a year's rings go
        if not self.map.show_plan_action(action, plan):
            self.map.show_places(self.plan_panel.places(action))

    # ----------------------------------------------------------------- layout
    @Slot()
    def show_whole_county(self) -> None:
        """Fit the map to the whole county (View → Whole county, the Home key)."""
        self.map.show_county()

    @Slot()
    def reset_layout(self) -> None:
        """Put every dock back where it first was (View → Reset layout)."""
        self.restoreState(self._default_state, LAYOUT_VERSION)
        for dock in self.findChildren(QDockWidget):
            if dock.isFloating():
                dock.setFloating(False)
        self.schools_dock.raise_()
        self.details_dock.raise_()
        self._size_docks()

    def restore_layout(self) -> bool:
        """Restore the size, place and docks of the last run from the settings; returns whether there were any."""
        geometry, state = self.settings.value(GEOMETRY_KEY), self.settings.value(STATE_KEY)
        restored = False
        if geometry is not None:
            restored = self.restoreGeometry(geometry) or restored
        if state is not None:
            restored = self.restoreState(state, LAYOUT_VERSION) or restored
        return restored

    def save_layout(self) -> None:
        """Keep the size, place and docks in the settings for the next run."""
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(STATE_KEY, self.saveState(LAYOUT_VERSION))
        self.settings.sync()

    @Slot(str)
    def _show_scenario(self, name: str) -> None:
        self.scenarios_dock.show()
        self.scenarios_dock.raise_()
        self.scenario_panel.select_scenario(name)

    # ----------------------------------------------------------------- state shown by the window itself
    @Slot()
    def _show_title(self) -> None:
        project = self.session.project
        if project is None:
            self.setWindowTitle(self.tr("SchoolPlan"))
        else:
            self.setWindowTitle(self.tr("SchoolPlan — {name}").format(name=project.name) + "[*]")

    @Slot()
    def _show_status(self) -> None:
        """Show the session's status message, translated."""
        status = self.session.status
        text = QCoreApplication.translate(status.context, status.text)
        self.statusBar().showMessage(text.format(**status.values) if status.values else text)

    @Slot(float, str)
    def _progress_message(self, _fraction: float, message: str) -> None:
        if message:  # from the analysis core, in English
            self.session.set_status(message)

    @Slot()
    def _update_actions(self, *_args: object) -> None:
        project, analysis, running = self.session.project, self.session.analysis, self.runner.is_running
        self.run_action.setEnabled(project is not None and not running)
        self.cancel_action.setEnabled(running)
        self.save_as_action.setEnabled(project is not None)
        self.export_action.setEnabled(project is not None)
        self.save_action.setEnabled(project is not None and not running)
        self.open_action.setEnabled(not running)
        self.suggest_action.setEnabled(analysis is not None and not running)
        self.new_scenario_action.setEnabled(project is not None)
        self.compare_action.setEnabled(project is not None and not running)
        self.zones_action.setEnabled(project is not None and not running)

    # ----------------------------------------------------------------- language
    def retranslate(self) -> None:
        """Set the window's own texts in the current language (the docks translate themselves)."""
        self._show_title()
        self.map.retranslate()
        self.task_progress.retranslate()
        docks = {
            self.layers_dock: self.tr("Layers"),
            self.indicators_dock: self.tr("Indicators"),
            self.schools_dock: self.tr("Schools"),
            self.details_dock: self.tr("School details"),
            self.planning_dock: self.tr("Planning"),
            self.scenarios_dock: self.tr("Scenarios"),
            self.balance_dock: self.tr("Balance"),
            self.townships_dock: self.tr("Townships"),
            self.forecast_dock: self.tr("Enrolment forecast"),
            self.plan_dock: self.tr("County plan"),
            self.comparison_dock: self.tr("Comparison"),
        }
        for dock, title in docks.items():
            dock.setWindowTitle(title)
        self.file_menu.setTitle(self.tr("&File"))
        self.open_action.setText(self.tr("&Open…"))
        self.import_action.setText(self.tr("&Import county data…"))
        self.files.recent_menu.setTitle(self.tr("Open &Recent"))
        self.files.fill_recent_menu()
        self.save_action.setText(self.tr("&Save"))
        self.save_as_action.setText(self.tr("Save &As…"))
        self.export_action.setText(self.tr("&Export…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.analysis_menu.setTitle(self.tr("&Analysis"))
        self.run_action.setText(self.tr("&Run analysis"))
        self.cancel_action.setText(self.tr("&Cancel analysis"))
        self.forecast_action.setText(self.tr("Enrolment &forecast…"))
        self.planning_menu.setTitle(self.tr("&Planning"))
        self.suggest_action.setText(self.tr("&Suggest changes"))
        self.new_scenario_action.setText(self.tr("&New scenario…"))
        self.compare_action.setText(self.tr("&Compare the scenario with the baseline"))
        self.zones_action.setText(self.tr("Enrolment &zones…"))
        self.view_menu.setTitle(self.tr("&View"))
        self.county_action.setText(self.tr("&Whole county"))
        self.county_action.setToolTip(self.tr("Show the whole county on the map (Home)"))
        self.reset_layout_action.setText(self.tr("&Reset layout"))
        self.settings_menu.setTitle(self.tr("&Settings"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.base_map_menu.setTitle(self.tr("Local &base map"))
        self.tile_folder_action.setText(self.tr("Tile &folder…"))
        self.mbtiles_action.setText(self.tr("&MBTiles file…"))
        self.no_base_map_action.setText(self.tr("&None (the project's own layers)"))
        self.rules_action.setText(self.tr("&Rules in force…"))
        self.toolbar.setWindowTitle(self.tr("Main"))
        self._show_status()

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
        else:
            self.settings.setValue(LANGUAGE_KEY, language)  # kept for the next run
        for code, action in self.language_actions.items():
            action.setChecked(code == current_language())
        return ok

    # ----------------------------------------------------------------- closing
    def wait_for_worker(self, msecs: int = 60_000) -> None:
        """Cancel any running work and wait for its threads (and any map being built) to end."""
        self.runner.wait(msecs)

    def closeEvent(self, event: object) -> None:
        self.save_layout()
        self.wait_for_worker()
        self.map.release(self.setCentralWidget)
        self.map_view = self.map.widget
        super().closeEvent(event)  # type: ignore[arg-type]
