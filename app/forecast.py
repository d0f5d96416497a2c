"""The Forecast dock (学位预测): the enrolment forecast of the open project, year by year.

:class:`ForecastPanel` takes the forecast's inputs (a births file, the enrolment history
files, the years, the births variant, migration on or off) and runs the forecast
(:func:`app.forecasting.make_forecast`: :func:`gis.forecast.forecast_variants` and its charts)
through the task runner, with the status bar's progress and Cancel; the GUI thread never waits.
The files are read with the readers of ``gis.importing`` into one report: with any error the
report's lines are shown (errors red, warnings amber, the labels translated) and nothing
changes. Otherwise the session gets the forecast (:meth:`app.session.Session.set_forecast`) and
the dock shows the county chart and the chart of the schools that change most
(:mod:`layers.forecast_charts`), the per-school table and a year slider. Moving the slider
analyses that year again in a worker (:meth:`app.analysing.Analyser.run_year`: the year's
children and pupils, with the forecast's routing), and the session shows it as the analysis of
that year, so the map's children, catchments and seat flags, the dashboard and the tables
follow as after any analysis.

The charts are drawn by matplotlib into PNG bytes in the worker, decoded there into images,
and shown as pixmaps scaled to the room: the figures are made for print (their own Agg canvas,
no pyplot), drawing them takes a few hundred milliseconds, and a Qt canvas (QtAgg) would draw
them in the GUI thread, again at every resize. They are drawn again, in the background, when
the language changes. The table sorts and filters with pandas in its own model, and its columns
are measured from their distinct texts, so that a thousand rows never hold the event loop.

When the project has its history beside it (``NAME-births.csv`` and ``NAME-enrolment.csv``
next to ``NAME.gpkg``, as ``python -m demo.history`` writes them for the demo county), those
files are the default inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import forecasting
from app.forecasting import CHART_OVERSAMPLE, ForecastInputs, default_history, default_years
from app.importer import ReportTable
from app.labels import QT_TRANSLATE_NOOP, style_language

if TYPE_CHECKING:
    import pandas as pd

    from app.analysing import Analyser
    from app.forecasting import Charts, ForecastOutcome, ForecastRun
    from app.session import Session
    from app.tasks import Task, TaskRunner
    from gis.progress import CancelFn, ProgressFn

CONTEXT = "ForecastPanel"
VARIANTS = ("low", "medium", "high")
# Texts made from data, marked here so that pyside6-lupdate finds them.
VARIANT_TITLES: dict[str, str] = {
    "low": QT_TRANSLATE_NOOP("ForecastPanel", "low"),
    "medium": QT_TRANSLATE_NOOP("ForecastPanel", "medium"),
    "high": QT_TRANSLATE_NOOP("ForecastPanel", "high"),
}
LEVEL_TITLES: dict[str, str] = {
    "primary": QT_TRANSLATE_NOOP("ForecastPanel", "primary"),
    "junior": QT_TRANSLATE_NOOP("ForecastPanel", "junior"),
}
# (column of the dock's table, header): the columns shown, in order.
TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", QT_TRANSLATE_NOOP("ForecastPanel", "school")),
    ("township", QT_TRANSLATE_NOOP("ForecastPanel", "township")),
    ("level", QT_TRANSLATE_NOOP("ForecastPanel", "level")),
    ("year", QT_TRANSLATE_NOOP("ForecastPanel", "year")),
    ("pupils", QT_TRANSLATE_NOOP("ForecastPanel", "pupils")),
    ("seats", QT_TRANSLATE_NOOP("ForecastPanel", "seats")),
    ("surplus", QT_TRANSLATE_NOOP("ForecastPanel", "seats to spare")),
    ("classes_needed", QT_TRANSLATE_NOOP("ForecastPanel", "classes needed")),
    ("large_classes_56", QT_TRANSLATE_NOOP("ForecastPanel", "classes of 56+")),
)
NUMBER_COLUMNS = frozenset({"year", "pupils", "seats", "surplus", "classes_needed", "large_classes_56"})
BIRTHS_FILES = QT_TRANSLATE_NOOP("ForecastPanel", "Births by village (*.csv *.txt *.xlsx *.xlsm);;All files (*)")
HISTORY_FILES = QT_TRANSLATE_NOOP(
    "ForecastPanel", "Enrolment by school and grade (*.csv *.txt *.xlsx *.xlsm);;All files (*)"
)
# The status messages of the forecast, in English (shown through the window's translation).
FORECASTING = QT_TRANSLATE_NOOP("MainWindow", "Forecasting the enrolment…")
DONE = QT_TRANSLATE_NOOP("MainWindow", "Forecast done.")
FAILED = QT_TRANSLATE_NOOP("MainWindow", "The forecast failed; the previous results are kept.")
CANCELLED = QT_TRANSLATE_NOOP("MainWindow", "Forecast cancelled; the previous results are kept.")
INPUT_PROBLEMS = QT_TRANSLATE_NOOP("MainWindow", "The forecast's files have errors; nothing was changed.")
SHORT = QColor("#c62828")
# The charts are shown at most MAX_ZOOM and at least MIN_ZOOM of their size at 100 dpi (with
# scroll bars beyond), so that their words stay readable.
MAX_ZOOM, MIN_ZOOM = 1.25, 0.65


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# ----------------------------------------------------------------- widgets
class ForecastTableModel(QAbstractTableModel):
    """The forecast per school, year and level: whole numbers shown, raw values behind (UserRole).

    It sorts and keeps one year's rows itself, with pandas, so that neither asks Python for
    every cell (a proxy model would, and a sort of the thousand rows would hold the event
    loop for a second).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._frame: pd.DataFrame | None = None
        self._values: list[list[object]] = []  # per column, per row of the frame
        self._texts: list[list[str]] = []
        self._rows: list[int] = []  # the frame's rows shown, in order
        self._year: int | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    @property
    def frame(self) -> pd.DataFrame | None:
        """Every row (:attr:`ForecastRun.rows`), in the forecast's order."""
        return self._frame

    def set_frame(self, frame: pd.DataFrame | None) -> None:
        """Show other rows."""
        self.beginResetModel()
        self._frame = frame
        self._values = (
            [] if frame is None else [[_plain(v) for v in frame[column].tolist()] for column, _title in TABLE_COLUMNS]
        )
        self._texts = self._make_texts()
        self._arrange()
        self.endResetModel()

    def set_year(self, year: int | None) -> None:
        """Show only this year's rows (None: every year)."""
        if year != self._year:
            self.beginResetModel()
            self._year = year
            self._arrange()
            self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order) if 0 <= column < len(TABLE_COLUMNS) else None
        self._arrange()
        self.layoutChanged.emit()

    def _arrange(self) -> None:
        """The rows shown: the year's (or all), sorted on the raw values (ties in the forecast's order)."""
        import numpy as np
        import pandas as pd

        frame = self._frame
        if frame is None:
            self._rows = []
            return
        rows = np.arange(len(frame))
        if self._year is not None:
            rows = rows[frame["year"].to_numpy() == self._year]
        if self._sort is not None:
            column, order = self._sort
            values = pd.Series(frame[TABLE_COLUMNS[column][0]].to_numpy()[rows])
            ranked = values.sort_values(ascending=order == Qt.SortOrder.AscendingOrder, kind="stable").index
            rows = rows[ranked.to_numpy()]
        self._rows = rows.tolist()

    def _make_texts(self) -> list[list[str]]:
        """The text of every cell, in the current language (made once, not for every paint)."""
        if not self._values:
            return []
        texts = []
        for (column, _title), values in zip(TABLE_COLUMNS, self._values, strict=True):
            if column == "level":
                texts.append([_tr(LEVEL_TITLES.get(str(v), str(v))) for v in values])
            elif column in NUMBER_COLUMNS and column != "year":
                texts.append([_whole(float(v)) for v in values])  # type: ignore[arg-type]
            else:
                texts.append([str(v) for v in values])
        return texts

    def column_texts(self, column: int) -> set[str]:
        """Every text of a column (for its width)."""
        return set(self._texts[column]) if self._texts else set()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TABLE_COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self._frame is None or not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[column][row]
        if role == Qt.ItemDataRole.UserRole:
            return self._values[column][row]
        name = TABLE_COLUMNS[column][0]
        if role == Qt.ItemDataRole.TextAlignmentRole and name in NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and name == "surplus" and float(self._values[column][row]) < -0.5:  # type: ignore[arg-type]
            return QBrush(SHORT)
        if role == Qt.ItemDataRole.ToolTipRole and name == "name":
            return str(self._frame["school_id"].iat[row])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _tr(TABLE_COLUMNS[section][1])
        return str(section + 1)

    def retranslate(self) -> None:
        """Tell the views that the headers and the translated cells changed."""
        self._texts = self._make_texts()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(TABLE_COLUMNS) - 1)
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, len(TABLE_COLUMNS) - 1), [Qt.ItemDataRole.DisplayRole]
            )


def _plain(value: object) -> object:
    """A table value as a plain Python value."""
    return value.item() if hasattr(value, "item") else value


def _decode(charts: Charts) -> Pictures:
    """The charts as images, decoded from PNG (safe in a worker, unlike pixmaps)."""
    images = []
    for data in (charts.county, charts.schools):
        image = QImage.fromData(data)
        if image.isNull():
            raise ValueError("a chart could not be read back from its PNG image")
        images.append(image.convertToFormat(QImage.Format.Format_RGB32))
    return Pictures(charts.language, images[0], images[1])


@dataclass(frozen=True)
class Pictures:
    """The dock's charts as images in one language (``zh`` or ``en``)."""

    language: str
    county: QImage
    schools: QImage


def _whole(value: float) -> str:
    """A count as a whole number (never ``-0``)."""
    if value != value:
        return "–"
    return f"{round(value) + 0:,}"


class ChartView(QScrollArea):
    """A chart drawn elsewhere, scaled to the room it has (``fit``: ``whole`` or ``width``), scrolled beyond."""

    def __init__(self, fit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fit = fit
        self._pixmap: QPixmap | None = None
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setWidget(self.label)
        self.setWidgetResizable(True)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)

    def set_image(self, image: QImage) -> None:
        """Show a chart (decoded in a worker: :func:`_decode`)."""
        self._pixmap = QPixmap.fromImage(image)
        self._scale()

    def set_text(self, text: str) -> None:
        """Show a line of text instead of a chart."""
        self._pixmap = None
        self.label.setPixmap(QPixmap())
        self.label.setText(text)
        self.setWidgetResizable(True)

    @property
    def has_chart(self) -> bool:
        """Whether a chart is shown."""
        return self._pixmap is not None

    def _scale(self) -> None:
        if self._pixmap is None:
            return
        room = self.maximumViewportSize()
        pixmap = self._pixmap
        width, height = pixmap.width() / CHART_OVERSAMPLE, pixmap.height() / CHART_OVERSAMPLE
        zoom = room.width() / width
        if self._fit == "whole":
            zoom = min(zoom, room.height() / height)
        zoom = max(min(zoom, MAX_ZOOM), MIN_ZOOM)
        bar = self.verticalScrollBar().sizeHint().width()
        tall = height * zoom > room.height()
        if self._fit != "whole" and tall:  # room for the vertical scroll bar
            zoom = max(min((room.width() - bar) / width, MAX_ZOOM), MIN_ZOOM)
        shown = pixmap.scaled(
            max(1, round(width * zoom)),
            max(1, round(height * zoom)),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.label.setText("")
        self.label.setPixmap(shown)
        # Centred by the scroll area; scroll bars only where the chart is larger than the room.
        self.setWidgetResizable(False)
        self.label.resize(shown.size())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale()


class ForecastPanel(QWidget):
    """The Forecast dock: its inputs, Run and Cancel, the charts, the per-school table and the year slider."""

    forecastShown = Signal()  # a new forecast is shown
    problemsShown = Signal()  # the files had errors: their report is shown, nothing changed
    yearShown = Signal(int)  # the session's analysis is now of this forecast year

    def __init__(self, session: Session, runner: TaskRunner, analyser: Analyser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._runner, self._analyser = session, runner, analyser
        self._births: Path | None = None
        self._history: tuple[Path, ...] = ()
        self._task: Task | None = None
        self._charts: tuple[ForecastRun, Pictures] | None = None
        self._chart_task: Task | None = None
        self._wanted: int | None = None  # the year the slider asks for, until its analysis starts
        self._pending: tuple[ForecastRun, int] | None = None  # the year being analysed
        self._shown: ForecastRun | None = None  # the forecast whose year the session's analysis is of
        self._build()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self._slider_settled)
        session.projectLoaded.connect(self._project_loaded)
        session.forecastChanged.connect(self._show_forecast)
        session.analysisChanged.connect(self._analysis_changed)
        runner.busyChanged.connect(self._busy_changed)
        self.retranslate()
        self._project_loaded()

    # ----------------------------------------------------------------- building
    def _build(self) -> None:
        self.births_edit = QLineEdit()
        self.births_edit.setReadOnly(True)
        self.births_button, self.births_clear = QToolButton(), QToolButton()
        self.births_button.clicked.connect(self.ask_births)
        self.births_clear.clicked.connect(lambda: self.set_births(None))
        self.history_edit = QLineEdit()
        self.history_edit.setReadOnly(True)
        self.history_button, self.history_clear = QToolButton(), QToolButton()
        self.history_button.clicked.connect(self.ask_history)
        self.history_clear.clicked.connect(lambda: self.set_history(()))
        self.first_year, self.last_year = QSpinBox(), QSpinBox()
        for box in (self.first_year, self.last_year):
            box.setRange(1950, 2150)
        self.first_year.valueChanged.connect(lambda value: self.last_year.setMinimum(value))
        self.years_dash = QLabel("–")
        self.variant_combo = QComboBox()
        for variant in VARIANTS:
            self.variant_combo.addItem("", variant)
        self.variant_combo.setCurrentIndex(VARIANTS.index("medium"))
        self.migration_check = QCheckBox()
        self.migration_check.setChecked(True)
        self.run_button, self.cancel_button = QPushButton(), QPushButton()
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.year_slider = QSlider(Qt.Orientation.Horizontal)
        self.year_slider.setPageStep(1)
        self.year_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.year_slider.setTickInterval(1)
        self.year_slider.valueChanged.connect(self._slider_moved)
        self.year_label = QLabel()
        self.year_label.setMinimumWidth(48)
        self.shown_label = QLabel()
        self.shown_label.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.births_title, self.history_title = QLabel(), QLabel()
        self.years_title, self.variant_title, self.slider_title = QLabel(), QLabel(), QLabel()
        form.addRow(self.births_title, _row(self.births_edit, self.births_button, self.births_clear))
        form.addRow(self.history_title, _row(self.history_edit, self.history_button, self.history_clear))
        form.addRow(self.years_title, _row(self.first_year, self.years_dash, self.last_year, stretch=True))
        form.addRow(self.variant_title, _row(self.variant_combo, self.migration_check, stretch=True))
        form.addRow(_row(self.run_button, self.cancel_button, stretch=True))
        form.addRow(self.message_label)
        form.addRow(self.slider_title, _row(self.year_slider, self.year_label))
        form.addRow(self.shown_label)
        form.addRow(self.summary_label)
        inputs = QWidget()
        inputs.setLayout(form)
        left = QScrollArea()
        left.setWidgetResizable(True)
        left.setWidget(inputs)
        left.setFrameShape(QScrollArea.Shape.NoFrame)
        left.setMinimumWidth(330)

        self.county_chart = ChartView("whole")
        self.schools_chart = ChartView("width")
        self.model = ForecastTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the forecast's order until a header is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.only_year_check = QCheckBox()
        self.only_year_check.toggled.connect(self._filter_year)
        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.only_year_check)
        table_layout.addWidget(self.table)
        self.report_table = ReportTable()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.county_chart, "")
        self.tabs.addTab(self.schools_chart, "")
        self.tabs.addTab(table_page, "")
        self.tabs.addTab(self.report_table, "")

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    # ----------------------------------------------------------------- inputs
    def inputs(self) -> ForecastInputs:
        """The inputs as chosen in the dock."""
        return ForecastInputs(
            births=self._births,
            history=self._history,
            first=self.first_year.value(),
            last=self.last_year.value(),
            variant=str(self.variant_combo.currentData()),
            migration=self.migration_check.isChecked(),
        )

    def set_births(self, path: Path | None) -> None:
        """Use this births file (None: none; births are then extrapolated from the children)."""
        self._births = None if path is None else Path(path)
        self._show_files()

    def set_history(self, paths: tuple[Path, ...] | list[Path]) -> None:
        """Use these enrolment history files (none: the rules' migration only)."""
        self._history = tuple(Path(p) for p in paths)
        self._show_files()

    def _start_folder(self) -> str:
        path = self._births or (self._history[0] if self._history else self._session.project_path)
        return str(path.parent) if path is not None else ""

    @Slot()
    def ask_births(self) -> None:
        """Ask for the births file."""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the births by village and year"), self._start_folder(), _tr(BIRTHS_FILES)
        )
        if path:
            self.set_births(Path(path))

    @Slot()
    def ask_history(self) -> None:
        """Ask for the enrolment history files (one with a year column, or one per year)."""
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Choose the enrolment history by school and grade"), self._start_folder(), _tr(HISTORY_FILES)
        )
        if paths:
            self.set_history([Path(p) for p in paths])

    def _show_files(self) -> None:
        self.births_edit.setText(self._births.name if self._births is not None else "")
        self.births_edit.setToolTip(str(self._births) if self._births is not None else "")
        self.history_edit.setText("; ".join(p.name for p in self._history))
        self.history_edit.setToolTip("\n".join(str(p) for p in self._history))
        self.births_clear.setEnabled(self._births is not None)
        self.history_clear.setEnabled(bool(self._history))

    @Slot()
    def _project_loaded(self) -> None:
        """Another project: its default inputs, no forecast shown."""
        project = self._session.project
        births, history = default_history(self._session.project_path)
        self.set_births(births)
        self.set_history(history)
        if project is not None:
            first, last = default_years(project)
            self.last_year.setMinimum(self.first_year.minimum())
            self.first_year.setValue(first)
            self.last_year.setValue(last)
        self._charts, self._wanted, self._pending, self._shown = None, None, None, None
        self.message_label.clear()
        self.report_table.set_findings([])
        self._show_forecast()

    # ----------------------------------------------------------------- running
    @property
    def is_running(self) -> bool:
        """Whether a forecast of this dock is running."""
        return self._task is not None

    @Slot()
    def run(self) -> bool:
        """Run the forecast in a worker; returns whether it started."""
        project, runner = self._session.project, self._runner
        if project is None or runner.is_running:
            return False
        standards = self._session.current_standards()
        if standards is None:
            return False
        inputs, language = self.inputs(), style_language()

        def work(progress: ProgressFn, cancel: CancelFn) -> tuple[ForecastOutcome, Pictures | None]:
            outcome = forecasting.make_forecast(
                project, standards, inputs, language=language, progress=progress, cancel=cancel
            )
            return outcome, (None if outcome.charts is None else _decode(outcome.charts))

        def done(result: object) -> None:
            if self._session.project is project:  # else another project was opened meanwhile
                self._done(*result)  # type: ignore[misc]

        self.message_label.clear()
        self._task = runner.run(
            work,
            done,
            status=FORECASTING,
            error=self.tr("The forecast failed: {message}"),
            on_finished=self._finished,
            owner=self,
            done_status=DONE,
            failed_status=FAILED,
            cancelled_status=CANCELLED,
        )
        self._update_buttons()
        return self._task is not None

    @Slot()
    def cancel(self) -> None:
        """Stop the running forecast; the previous results stay."""
        if self._task is not None:
            from app.tasks import CANCELLING

            self._task.cancel()
            self._session.set_status(CANCELLING)

    def _finished(self) -> None:
        self._task = None
        self._update_buttons()

    def _done(self, outcome: ForecastOutcome, pictures: Pictures | None) -> None:
        if outcome.run is None:
            self.report_table.set_findings(outcome.report.findings)
            errors = len(outcome.report.errors)
            self.message_label.setText(
                self.tr("Errors in the files: {errors}. Nothing was changed; see Problems.").format(errors=errors)
            )
            self.message_label.setStyleSheet(f"color: {SHORT.name()}")
            self.tabs.setCurrentWidget(self.report_table)
            self._session.set_status(INPUT_PROBLEMS)
            self.problemsShown.emit()
            return
        shown = [f for f in outcome.report.findings if f.severity != "note"]
        self.report_table.set_findings(shown)
        self.message_label.setStyleSheet("")
        self.message_label.setText(
            self.tr("Warnings about the files: {warnings}. See Problems.").format(warnings=len(shown)) if shown else ""
        )
        if pictures is not None:
            self._charts = (outcome.run, pictures)
        year = self._session.analysis_year if self._shown is not None else None
        self._session.set_forecast(outcome.run)
        if year is not None and outcome.run.years:  # the year on the map: analysed again with the new forecast
            year = min(max(year, outcome.run.years[0]), outcome.run.years[-1])
            self._select_year(year)
            self.show_year(year)
        if self.tabs.currentWidget() is self.report_table:
            self.tabs.setCurrentWidget(self.county_chart)
        self.forecastShown.emit()

    # ----------------------------------------------------------------- the results
    @Slot()
    def _show_forecast(self) -> None:
        run = self._session.forecast
        self.model.set_frame(run.rows if run is not None else None)
        self._fit_columns()
        self.year_slider.blockSignals(True)
        if run is None:
            self.year_slider.setRange(0, 0)
        else:
            self.year_slider.setRange(0, len(run.years) - 1)
            year = self._session.analysis_year
            self.year_slider.setValue(run.years.index(year) if year in run.years else 0)
        self.year_slider.blockSignals(False)
        self._show_charts()
        self._show_summary()
        self._show_year_texts()
        self._update_buttons()

    def _show_charts(self) -> None:
        run = self._session.forecast
        if run is None:
            text = self.tr("Run the forecast to see the children, pupils and seats of the years ahead.")
            self.county_chart.set_text(text)
            self.schools_chart.set_text(text)
            return
        language = style_language()
        if self._charts is not None and self._charts[0] is run and self._charts[1].language == language:
            self.county_chart.set_image(self._charts[1].county)
            self.schools_chart.set_image(self._charts[1].schools)
            return
        self.county_chart.set_text(self.tr("Drawing the charts…"))
        self.schools_chart.set_text(self.tr("Drawing the charts…"))

        def work(_progress: ProgressFn, cancel: CancelFn) -> Pictures:
            return _decode(forecasting.draw_charts(run, language, cancel=cancel))

        def done(charts: object) -> None:
            self._charts = (run, charts)  # type: ignore[assignment]
            if self._session.forecast is run:
                self._show_charts()

        if self._chart_task is not None:
            self._chart_task.cancel()
        self._chart_task = self._runner.run(
            work, done, error=self.tr("The charts cannot be drawn: {message}"), background=True, owner=self
        )

    def _fit_columns(self) -> None:
        """Each column as wide as its longest text (the school column takes the rest).

        Measured here from the distinct texts: the view's own measure asks the model for every
        row of every column, a Python call each.
        """
        header = self.table.horizontalHeader()
        cells, titles = self.table.fontMetrics(), header.fontMetrics()
        for column in range(1, len(TABLE_COLUMNS)):
            texts = self.model.column_texts(column)
            widest = max((cells.horizontalAdvance(t) for t in texts), default=0)
            title = titles.horizontalAdvance(str(self.model.headerData(column, Qt.Orientation.Horizontal)))
            header.resizeSection(column, max(widest + 16, title + 28))  # padding; the sort arrow

    def _show_summary(self) -> None:
        run = self._session.forecast
        if run is None:
            self.summary_label.clear()
            self.summary_label.setToolTip("")
            return
        inputs = run.inputs
        births = inputs.births.name if inputs.births is not None else self.tr("none (extrapolated)")
        history = "; ".join(p.name for p in inputs.history) or self.tr("none")
        self.summary_label.setText(
            self.tr(
                "Base year {base}, forecast {first}–{last}; births: {births}; enrolment history: {history}; "
                "{variant} births variant; migration {migration}."
            ).format(
                base=run.forecast.base_year,
                first=run.years[1] if len(run.years) > 1 else run.years[0],
                last=run.years[-1],
                births=births,
                history=history,
                variant=_tr(VARIANT_TITLES[inputs.variant]),
                migration=self.tr("on") if inputs.migration else self.tr("off"),
            )
        )
        from app.core_text import translate_core

        self.summary_label.setToolTip("\n".join(translate_core(note) for note in run.forecast.notes))

    def year(self) -> int | None:
        """The year the slider is at (None without a forecast)."""
        run = self._session.forecast
        return run.years[self.year_slider.value()] if run is not None and run.years else None

    def _select_year(self, year: int) -> None:
        run = self._session.forecast
        if run is not None and year in run.years:
            self.year_slider.blockSignals(True)
            self.year_slider.setValue(run.years.index(year))
            self.year_slider.blockSignals(False)
            self._show_year_texts()

    def _show_year_texts(self) -> None:
        year = self.year()
        self.year_label.setText("" if year is None else str(year))
        self.year_slider.setEnabled(self._session.forecast is not None)
        shown = self._session.analysis_year
        if self._session.forecast is None:
            self.shown_label.clear()
        elif shown is None:
            self.shown_label.setText(
                self.tr("The map shows the project's own children; move the slider to show a year of the forecast.")
            )
        else:
            self.shown_label.setText(self.tr("The map and the figures show {year}.").format(year=shown))
        self.only_year_check.setText(
            self.tr("Only the year on the map ({year})").format(year=shown)
            if shown is not None
            else self.tr("Only the year on the map")
        )
        self.only_year_check.setEnabled(shown is not None)
        self._filter_year()

    @Slot()
    def _filter_year(self, *_args: object) -> None:
        shown = self._session.analysis_year
        self.model.set_year(shown if self.only_year_check.isChecked() and shown is not None else None)

    # ----------------------------------------------------------------- the year on the map
    @Slot(int)
    def _slider_moved(self, _value: int) -> None:
        self._show_year_texts()
        self._debounce.start()

    @Slot()
    def _slider_settled(self) -> None:
        year = self.year()
        if year is not None:
            self.show_year(year)

    def show_year(self, year: int) -> bool:
        """Show a year of the forecast on the map and in the figures (analysed in the background).

        Returns whether the year is one of the forecast's; its analysis starts as soon as no
        other work runs.
        """
        run = self._session.forecast
        if run is None or year not in run.years:
            return False
        self._wanted = year
        self._start_year()
        return True

    def _start_year(self) -> None:
        run, year = self._session.forecast, self._wanted
        if run is None or year is None or self._runner.is_running:
            return
        if self._shown is run and self._session.analysis_year == year:
            self._wanted = None
            return
        if self._analyser.run_year(run.forecast, run.standards, year, on_finished=self._year_finished):
            self._wanted, self._pending = None, (run, year)

    def _year_finished(self) -> None:
        self._pending = None
        self._start_year()  # the slider may have moved meanwhile

    @Slot()
    def _analysis_changed(self) -> None:
        year = self._session.analysis_year
        if year is None:
            self._shown = None
        elif self._pending is not None and self._pending[1] == year:
            self._shown = self._pending[0]
        self._show_year_texts()
        if year is not None and self._shown is not None:
            self.yearShown.emit(year)

    @Slot(bool)
    def _busy_changed(self, busy: bool) -> None:
        self._update_buttons()
        if not busy:
            self._start_year()

    def _update_buttons(self) -> None:
        project, busy = self._session.project, self._runner.is_running
        self.run_button.setEnabled(project is not None and not busy)
        self.cancel_button.setEnabled(self._task is not None)
        for widget in (self.births_button, self.history_button):
            widget.setEnabled(project is not None)

    # ----------------------------------------------------------------- language
    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.births_title.setText(self.tr("Births file"))
        self.history_title.setText(self.tr("Enrolment history"))
        self.years_title.setText(self.tr("Years"))
        self.variant_title.setText(self.tr("Births variant"))
        self.slider_title.setText(self.tr("Year on the map"))
        self.births_edit.setPlaceholderText(self.tr("none: births extrapolated from the children"))
        self.history_edit.setPlaceholderText(self.tr("none: the migration of the rules"))
        for button in (self.births_button, self.history_button):
            button.setText(self.tr("Choose…"))
        for button in (self.births_clear, self.history_clear):
            button.setText(self.tr("Clear"))
        for index, variant in enumerate(VARIANTS):
            self.variant_combo.setItemText(index, _tr(VARIANT_TITLES[variant]))
        self.migration_check.setText(self.tr("Migration"))
        self.migration_check.setToolTip(
            self.tr("Pupils moving between schools and townships, from the enrolment history or the rules")
        )
        self.run_button.setText(self.tr("Run forecast"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.tabs.setTabText(0, self.tr("County"))
        self.tabs.setTabText(1, self.tr("Schools that change most"))
        self.tabs.setTabText(2, self.tr("Schools by year"))
        self.tabs.setTabText(3, self.tr("Problems"))
        self.model.retranslate()
        self.report_table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("ImportWizard", t) for t in _report_titles()]
        )
        self._show_forecast()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _report_titles() -> tuple[str, ...]:
    from app.importer import REPORT_TITLES

    return REPORT_TITLES


def _row(*widgets: QWidget, stretch: bool = False) -> QWidget:
    """Widgets side by side, without margins (``stretch``: kept to the left)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)
    return row
