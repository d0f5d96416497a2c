"""Running the analysis of the session's project through the task runner.

:class:`Analyser` runs :func:`gis.analysis.analyze` in a worker with the rules in force and,
there too, what the window shows of the result (:func:`app.views.analysis_views`) and the map
page (when a page builder is given), so that the GUI thread only has to show them. On success
the session gets the analysis; a failure goes to the notification; a cancellation keeps the
previous results.

:meth:`Analyser.run_year` analyses a year of the enrolment forecast the same way (that year's
children and pupils, :func:`gis.forecast.forecast_year_project`, with the forecast's routing,
so that only the assignment is run again): the session shows it as the analysis of that year,
and the map, the dashboard and the tables follow as after any analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal

from app.labels import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.session import Session
    from app.tasks import TaskRunner
    from app.views import AnalysisViews
    from gis.analysis import Analysis
    from gis.forecast import Forecast
    from gis.progress import CancelFn, ProgressFn
    from gis.standards import Standards

    PageBuilder = Callable[[Analysis], str]

T = TypeVar("T")

# The status messages of the analysis, in English (shown through the window's translation).
ANALYSING = QT_TRANSLATE_NOOP("MainWindow", "Analysing…")
DONE = QT_TRANSLATE_NOOP("MainWindow", "Analysis done.")
FAILED = QT_TRANSLATE_NOOP("MainWindow", "Analysis failed.")
CANCELLED = QT_TRANSLATE_NOOP("MainWindow", "Analysis cancelled; the previous results are kept.")
YEAR_ANALYSING = QT_TRANSLATE_NOOP("MainWindow", "Analysing the forecast year {year}…")
YEAR_SHOWN = QT_TRANSLATE_NOOP("MainWindow", "The map and the figures show the forecast year {year}.")


@dataclass(frozen=True)
class AnalysisRun:
    """What the worker makes: the analysis and, if they could be made, its views and map page."""

    analysis: Analysis
    views: AnalysisViews | None
    page: str | None


def _best_effort(make: Callable[[Analysis], T], analysis: Analysis) -> T | None:
    """Something made from an analysis in the worker, or None: the window makes it again and reports any error."""
    try:
        return make(analysis)
    except Exception:
        return None


class Analyser(QObject):
    """Runs the analysis of the session's project in a worker thread.

    Parameters
    ----------
    session, runner
        The window's state and its task runner.
    page_builder
        Called in the GUI thread when the analysis starts; returns a function, safe to call in
        the worker, that builds the map page of an analysis (None: no map).
    keep_page
        Called in the GUI thread with the analysis and the page built, before the session
        shows the analysis.
    """

    finished = Signal()  # the session shows the new analysis
    cancelled = Signal()
    failed = Signal(str)

    def __init__(
        self,
        session: Session,
        runner: TaskRunner,
        *,
        page_builder: Callable[[], PageBuilder | None] | None = None,
        keep_page: Callable[[Analysis, str], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session, self._runner = session, runner
        self._page_builder, self._keep_page = page_builder, keep_page

    def run(self) -> bool:
        """Start the analysis of the current project; returns whether it started."""
        from app.views import analysis_views

        project = self._session.project
        if project is None or self._runner.is_running:
            return False
        standards = self._session.current_standards()
        if standards is None:
            return False
        render = self._page_builder() if self._page_builder is not None else None

        def work(progress: ProgressFn, cancel: CancelFn) -> AnalysisRun:
            from gis.analysis import analyze

            analysis = analyze(project, standards, progress=progress, cancel=cancel, outlines=True)
            page = None if render is None or cancel() else _best_effort(render, analysis)
            return AnalysisRun(analysis, _best_effort(analysis_views, analysis), page)

        task = self._runner.run(
            work,
            self._succeeded,  # type: ignore[arg-type]
            status=ANALYSING,
            error=self.tr("The analysis failed: {message}"),
            on_failed=lambda message, _details: self.failed.emit(message),
            on_cancelled=self.cancelled.emit,
            owner=self,
            done_status=DONE,
            failed_status=FAILED,
            cancelled_status=CANCELLED,
        )
        return task is not None

    def run_year(
        self, forecast: Forecast, standards: Standards, year: int, *, on_finished: Callable[[], None] | None = None
    ) -> bool:
        """Start the analysis of a year of a forecast of the current project; returns whether it started.

        Parameters
        ----------
        forecast, standards
            The forecast and the rules it was made with (its routing is reused).
        year
            One of the forecast's years.
        on_finished
            Called once the work has ended, whatever its outcome.
        """
        from app.views import analysis_views

        project = self._session.project
        if project is None or self._runner.is_running:
            return False
        render = self._page_builder() if self._page_builder is not None else None

        def work(progress: ProgressFn, cancel: CancelFn) -> AnalysisRun:
            from gis.analysis import analyze
            from gis.forecast import forecast_year_project

            def quiet(fraction: float, _message: str) -> None:
                progress(fraction, "")  # the status bar keeps saying which year, in the window's language

            shown = forecast_year_project(project, forecast, year)
            analysis = analyze(shown, standards, routing=forecast.routing, progress=quiet, cancel=cancel)
            page = None if render is None or cancel() else _best_effort(render, analysis)
            return AnalysisRun(analysis, _best_effort(analysis_views, analysis), page)

        task = self._runner.run(
            work,
            lambda run: self._succeeded(run, year=year),  # type: ignore[arg-type]
            error=self.tr("The analysis failed: {message}"),
            on_failed=lambda message, _details: self.failed.emit(message),
            on_cancelled=self.cancelled.emit,
            on_finished=on_finished,
            owner=self,
            done_status=DONE,
            failed_status=FAILED,
            cancelled_status=CANCELLED,
        )
        if task is not None:
            self._session.set_status(YEAR_ANALYSING, year=year)
        return task is not None

    def _succeeded(self, run: AnalysisRun, *, year: int | None = None) -> None:
        if run.page is not None and self._keep_page is not None:
            self._keep_page(run.analysis, run.page)
        self._session.set_analysis(run.analysis, views=run.views, year=year)
        if year is not None:
            self._session.set_status(YEAR_SHOWN, year=year)
        self.finished.emit()
