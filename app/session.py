"""The window's state in one object with signals (napari's ``ViewerModel``, Vorta's app object).

:class:`Session` holds the open project and its file, whether it was edited since, the rules
in force, the analysis and what the window shows of it, the map layers, the selected school,
the suggestions, the scenario comparison, the enrolment forecast and the status message. Docks and dialogs are built
from a session (and the task runner, :mod:`app.tasks`), read it, change it through its
methods and listen to its signals; none of them knows the window or another dock.

Every change is made in the GUI thread and announced by its signals once the whole state is
consistent, so a listener may read anything of the session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app import notify
from app.core_text import error_text
from app.labels import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from app.forecasting import ForecastRun
    from app.views import AnalysisViews
    from gis.analysis import Analysis
    from gis.compare import Comparison
    from gis.project import Project
    from gis.standards import Standards
    from gis.suggest import Suggestions
    from layers.model import LayerStack

RULES_LOADED = QT_TRANSLATE_NOOP("MainWindow", "Rules loaded from {path}.")
START = QT_TRANSLATE_NOOP("MainWindow", "Open a project to begin.")


@dataclass(frozen=True)
class Status:
    """A status message in English, translated when shown (again after a language change).

    Attributes
    ----------
    text
        The message, with ``{fields}`` for the values.
    values
        The values of the fields.
    context
        The translation context the text is marked in.
    """

    text: str
    values: dict[str, object] = field(default_factory=dict)
    context: str = "MainWindow"


class Session(QObject):
    """The open project, its rules, analysis, layers, selection and planning results, with signals."""

    projectLoaded = Signal()  # another project was opened: everything else was reset
    projectChanged = Signal()  # the project was edited (its scenarios)
    modifiedChanged = Signal(bool)  # edited since it was opened or saved
    standardsChanged = Signal()
    analysisChanged = Signal()  # another analysis is shown (of the project, or of a forecast year)
    layersChanged = Signal()  # the layer stack was made again: a new map page is needed
    layerChanged = Signal(str)  # one layer's visibility or opacity changed
    layerOrderChanged = Signal()
    schoolSelected = Signal(str)  # the selected school's code, "" for none
    suggestionsChanged = Signal()
    comparisonChanged = Signal()
    forecastChanged = Signal()  # a forecast was made (another project starts without one: projectLoaded)
    statusChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.project_path: Path | None = None
        self.modified = False
        self.analysis: Analysis | None = None
        self.layers: LayerStack | None = None
        self.selected_school: str | None = None
        self.suggestions: Suggestions | None = None
        self.comparison: Comparison | None = None
        self.forecast: ForecastRun | None = None
        # The forecast year whose children the analysis is of; None: the project's own children.
        self.analysis_year: int | None = None
        self.status = Status(START)
        self._standards: Standards | None = None
        self._views: tuple[Analysis, AnalysisViews] | None = None

    # ----------------------------------------------------------------- project
    def set_project(self, project: Project, path: Path) -> None:
        """Show another project (opened from ``path``): its analysis, selection and planning results are reset."""
        self.project, self.project_path = project, Path(path)
        self.analysis, self._views, self.analysis_year = None, None, None
        self.selected_school = None
        self.suggestions, self.comparison, self.forecast = None, None, None
        self.modified = False
        self.layers = self._layers()
        self.projectLoaded.emit()
        self.modifiedChanged.emit(False)
        self.layersChanged.emit()

    def update_project(self, project: Project) -> None:
        """Replace the project by an edited copy of it (its scenarios); it is modified until saved."""
        self.project = project
        self.modified = True
        self.projectChanged.emit()
        self.modifiedChanged.emit(True)

    def mark_saved(self, project: Project, path: Path) -> None:
        """The project as written to ``path``: no longer modified."""
        self.project, self.project_path = project, Path(path)
        self.modified = False
        self.modifiedChanged.emit(False)

    # ----------------------------------------------------------------- rules
    def current_standards(self) -> Standards | None:
        """The rules in force (the bundled defaults until another file is loaded); None, reported, if unreadable."""
        if self._standards is None:
            from gis.standards import load_standards

            try:
                self._standards = load_standards()
            except Exception as exc:
                notify.notify_error(self.parent(), self.tr("The rules file cannot be read."), error_text(exc))
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
            notify.notify_error(self.parent(), self.tr("The rules file cannot be read."), error_text(exc))
            return False
        self._standards = standards
        self.set_status(RULES_LOADED, path=standards.path)
        self.standardsChanged.emit()
        return True

    # ----------------------------------------------------------------- analysis
    def set_analysis(self, analysis: Analysis, *, views: AnalysisViews | None = None, year: int | None = None) -> None:
        """Show a new analysis (with its views, if the worker made them).

        ``year``: the analysis is of a forecast year's children and pupils
        (:func:`gis.forecast.forecast_year_project`); None: of the project as it is.
        """
        self.analysis, self.analysis_year = analysis, year
        if views is not None:
            self._views = (analysis, views)
        self.layers = self._layers()
        self.analysisChanged.emit()
        self.layersChanged.emit()

    def views(self) -> AnalysisViews | None:
        """The indicators, school table and township rows of the analysis (computed once), or None."""
        if self.analysis is None:
            return None
        if self._views is None or self._views[0] is not self.analysis:
            from app.views import analysis_views

            self._views = (self.analysis, analysis_views(self.analysis))
        return self._views[1]

    def shown_project(self) -> Project | None:
        """The project as the analysis shows it: a forecast year's children and pupils when the
        analysis is of a year (:attr:`analysis_year`), else the project itself (the map draws it)."""
        if self.analysis_year is not None and self.analysis is not None:
            return self.analysis.project
        return self.project

    # ----------------------------------------------------------------- forecast
    def set_forecast(self, forecast: ForecastRun | None) -> None:
        """The enrolment forecast made for the project (None: none). The analysis shown stays
        until a year of the forecast is analysed (:meth:`set_analysis` with ``year``)."""
        self.forecast = forecast
        self.forecastChanged.emit()

    # ----------------------------------------------------------------- layers
    def _layers(self) -> LayerStack | None:
        """The layers of the project and analysis, keeping the visibility, opacity and order chosen."""
        project = self.shown_project()
        if project is None:
            return None
        from app.views import merged_layers

        return merged_layers(project, self.analysis, self.layers)

    def set_layer(self, name: str, *, visible: bool | None = None, opacity: float | None = None) -> None:
        """Show or hide a layer, or change its opacity."""
        if self.layers is None or name not in self.layers:
            return
        changes: dict[str, object] = {}
        if visible is not None:
            changes["visible"] = visible
        if opacity is not None:
            changes["opacity"] = opacity
        self.layers = self.layers.replace(name, **changes)
        self.layerChanged.emit(name)

    def move_layer(self, name: str, steps: int) -> None:
        """Move a layer up (positive) or down the drawing order."""
        if self.layers is None or name not in self.layers:
            return
        self.layers = self.layers.move(name, steps)
        self.layerOrderChanged.emit()

    # ----------------------------------------------------------------- selection and planning
    def select_school(self, school_id: str | None) -> None:
        """Select a school by code (None: none)."""
        if school_id == self.selected_school:
            return
        self.selected_school = school_id
        self.schoolSelected.emit(school_id or "")

    def set_suggestions(self, suggestions: Suggestions | None) -> None:
        """The suggestions made from the analysis (None: none yet)."""
        self.suggestions = suggestions
        self.suggestionsChanged.emit()

    def set_comparison(self, comparison: Comparison | None) -> None:
        """The comparison of a scenario with the baseline (None: none yet)."""
        self.comparison = comparison
        self.comparisonChanged.emit()

    # ----------------------------------------------------------------- status
    def set_status(self, text: str, *, context: str = "MainWindow", **values: object) -> None:
        """Show a status message given in English (marked for translation in ``context``)."""
        self.status = Status(text, values, context)
        self.statusChanged.emit()
