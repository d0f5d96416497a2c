"""Enrolment zones (划片) in the window: the options, the solve in the background, the county's table.

:class:`ZonesDialog` asks for the level, whose children the zones fit (today's, a year's, or every
year of a range, forecast with the inputs of the Enrolment forecast dock when one was made), last
year's zones and the county's village boundaries (both optional files) and a time limit.
:class:`ZonesPlanner` runs :func:`gis.usecases.run_zones` with them through the task runner (the
status bar's progress bar and Cancel) and shows the result in :class:`ZonesView`, a window of its
own beside the map: the headline (zones, villages, mean trip, the proven bound and gap, grade 1–3
children beyond 30 minutes, villages changed from last year), the table as the county publishes it
(per school its villages: school, village, township, children, minutes), filterable by township or
school, the schools' zones and the notes. The zones go on the map as a layer
(:attr:`ZonesPlanner.zonesShown`); a row chosen shows its school's zone
(:attr:`ZonesPlanner.zoneChosen`). "Export…" writes the files of ``schoolplan zones``
(:func:`outputs.zones.write_zones`). Every number comes from ``gis``.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelection, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import notify
from app.balance_words import FAIL, Cell, CellModel, table_view
from app.labels import QT_TRANSLATE_NOOP
from app.layouts import side_by_side

if TYPE_CHECKING:
    import pandas as pd

    from app.forecasting import ForecastInputs
    from app.session import Session
    from app.tasks import Task, TaskRunner
    from gis.progress import CancelFn, ProgressFn
    from gis.project import Project
    from gis.standards import Standards
    from gis.usecases import ZonesRun
    from gis.zones import ZoneOptions, Zones

CONTEXT = "Zones"

# Texts made from data, marked here so that pyside6-lupdate finds them.
LEVEL_TITLES: dict[str, str] = {
    "primary": QT_TRANSLATE_NOOP("Zones", "Primary"),
    "junior": QT_TRANSLATE_NOOP("Zones", "Junior secondary"),
}
TYPE_TITLES: dict[str, str] = {
    "primary": QT_TRANSLATE_NOOP("Zones", "primary school"),
    "junior": QT_TRANSLATE_NOOP("Zones", "junior secondary school"),
    "nine_year": QT_TRANSLATE_NOOP("Zones", "nine-year school"),
    "teaching_point": QT_TRANSLATE_NOOP("Zones", "teaching point"),
}
VILLAGE_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Zones", "school"),
    QT_TRANSLATE_NOOP("Zones", "village"),
    QT_TRANSLATE_NOOP("Zones", "township"),
    QT_TRANSLATE_NOOP("Zones", "children"),
    QT_TRANSLATE_NOOP("Zones", "trip (min)"),
    QT_TRANSLATE_NOOP("Zones", "changed from last year"),
)
SCHOOL_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("Zones", "school"),
    QT_TRANSLATE_NOOP("Zones", "type"),
    QT_TRANSLATE_NOOP("Zones", "villages"),
    QT_TRANSLATE_NOOP("Zones", "children"),
    QT_TRANSLATE_NOOP("Zones", "most in any year"),
    QT_TRANSLATE_NOOP("Zones", "seats"),
    QT_TRANSLATE_NOOP("Zones", "mean trip (min)"),
    QT_TRANSLATE_NOOP("Zones", "grades 4–6 continue at"),
)
# Columns of the villages' table (its school's code, the village's code and figures in Qt.UserRole).
SCHOOL_COLUMN, VILLAGE_COLUMN, TOWNSHIP_COLUMN, CHILDREN_COLUMN, MINUTES_COLUMN, CHANGED_COLUMN = range(6)
STATUS_TITLES: dict[str, str] = {
    "proven": QT_TRANSLATE_NOOP("Zones", "proven optimal"),
    "optimal": QT_TRANSLATE_NOOP("Zones", "within the gap asked"),
    "time limit reached": QT_TRANSLATE_NOOP("Zones", "time limit reached"),
}
OTHER_STATUS = QT_TRANSLATE_NOOP("Zones", "stopped early")
# Status messages (the window shows them translated, context MainWindow).
ZONING = QT_TRANSLATE_NOOP("MainWindow", "Drawing the enrolment zones…")
ZONES_DONE = QT_TRANSLATE_NOOP("MainWindow", "The enrolment zones are drawn.")
ZONES_FAILED = QT_TRANSLATE_NOOP("MainWindow", "The enrolment zones could not be drawn.")
ZONES_CANCELLED = QT_TRANSLATE_NOOP("MainWindow", "The enrolment zones were cancelled; nothing changed.")
EXPORTED = QT_TRANSLATE_NOOP("MainWindow", "The enrolment zones were written to {folder}.")
CANNOT_DRAW = QT_TRANSLATE_NOOP("Zones", "The enrolment zones cannot be drawn: {message}")
ALL = "*"  # the filters' "all" item


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _figure(value: float, digits: int = 0) -> str:
    return "–" if value != value or math.isinf(value) else f"{value:,.{digits}f}"


def _chinese() -> bool:
    from app.i18n import current_language

    return current_language().startswith("zh")


def status_text(status: str, gap: float) -> str:
    """The solver's outcome in words, in the current language (optimal at no gap: proven optimal)."""
    key = status.strip().lower()
    if key == "optimal" and gap <= 1e-9:
        key = "proven"
    return _tr(STATUS_TITLES.get(key, OTHER_STATUS))


def mean_trip(table: pd.DataFrame) -> float:
    """The children-weighted mean trip of the zones' table rows (NaN without children)."""
    children = table["children"].to_numpy(dtype=float)
    minutes = table["travel_min"].to_numpy(dtype=float)
    total = float(children.sum())
    return float((children * minutes).sum() / total) if total > 0 else math.nan


@dataclass(frozen=True)
class ZonesRequest:
    """What the dialog asks for.

    Attributes
    ----------
    level
        ``primary`` or ``junior``.
    years
        ``(first, last)`` of the forecast years whose children the zones fit; None: today's.
    previous
        Last year's zones (a table of village code → school), or None.
    villages
        The county's village boundaries, or None (areas built from the places).
    time_limit
        Seconds the solver may take.
    """

    level: str = "primary"
    years: tuple[int, int] | None = None
    previous: Path | None = None
    villages: Path | None = None
    time_limit: float = 60.0

    def options(self) -> ZoneOptions:
        """The zones' options."""
        from gis.zones import ZoneOptions

        return ZoneOptions(level=self.level, time_limit=self.time_limit)


def make_zones(
    project: Project,
    standards: Standards,
    request: ZonesRequest,
    *,
    forecast: ForecastInputs | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ZonesRun:
    """Read the files asked for and draw the zones (in a worker; no widgets).

    ``forecast``: the births and enrolment history files, variant and migration of the forecast
    made in the window, for zones of years ahead (None: the project's children with the rules'
    migration).

    Raises
    ------
    InputError
        For errors in the files (each naming its file), years the forecast does not reach, and
        seats no zones fit (in words).
    SolverError
        If no contiguous zones were found within the time limit.
    Cancelled
        If ``cancel`` returned True.
    """
    from gis.errors import InputError, Problem
    from gis.usecases import run_zones

    births = history = None
    if request.years is not None and forecast is not None:
        from app.plan_run import read_forecast_inputs

        births, history = read_forecast_inputs(project, forecast.births, forecast.history)
    previous = villages = None
    if request.previous is not None or request.villages is not None:
        try:
            from gis.importing import villages as readers
        except ImportError as exc:  # pragma: no cover - the readers come with the command line's zones
            raise InputError(
                Problem(
                    "last year's zones and village boundaries cannot be read by this version",
                    file=str(request.previous or request.villages),
                    fix="draw the zones without them",
                )
            ) from exc
        if request.previous is not None:
            previous = readers.read_previous_zones(request.previous)
        if request.villages is not None:
            villages = readers.read_villages(request.villages, project.places, project.townships, crs=project.crs)
    try:
        return run_zones(
            project,
            standards,
            options=request.options(),
            years=request.years,
            births=births,
            history=history,
            variant=forecast.variant if forecast is not None else "medium",
            migration=forecast.migration if forecast is not None else True,
            villages=villages,
            previous=previous,
            progress=progress,
            cancel=cancel,
        )
    except InputError as exc:
        if request.previous is None:
            raise
        # Last year's villages and schools the project does not have: said with the file they come from.
        problems = [
            replace(p, file=str(request.previous)) if not p.file and p.field in ("village_code", "school_id") else p
            for p in exc.problems
        ]
        raise InputError(problems) from exc


# ----------------------------------------------------------------- the options
class ZonesDialog(QDialog):
    """The options of the enrolment zones; OK only when they make sense (a refused value is said in words)."""

    def __init__(self, session: Session, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.level_combo = QComboBox(self)
        for level in LEVEL_TITLES:
            self.level_combo.addItem("", level)
        self.children_combo = QComboBox(self)
        for kind in ("today", "year", "years"):
            self.children_combo.addItem("", kind)
        self.children_combo.currentIndexChanged.connect(self._children_chosen)
        self.first_year, self.last_year = QSpinBox(self), QSpinBox(self)
        for box in (self.first_year, self.last_year):
            box.setRange(1950, 2150)
        self.first_year.valueChanged.connect(lambda value: self.last_year.setMinimum(value))
        self.years_dash = QLabel("–", self)
        self.source_label = QLabel(self)
        self.source_label.setWordWrap(True)
        self.previous_edit = QLineEdit(self)
        self.previous_button = QPushButton(self)
        self.previous_button.clicked.connect(self.ask_previous)
        self.villages_edit = QLineEdit(self)
        self.villages_button = QPushButton(self)
        self.villages_button.clicked.connect(self.ask_villages)
        self.time_spin = QSpinBox(self)
        self.time_spin.setRange(5, 3600)
        self.time_spin.setSingleStep(30)
        self.time_spin.setValue(60)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {FAIL.name()};")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.level_title, self.children_title, self.previous_title = QLabel(self), QLabel(self), QLabel(self)
        self.villages_title, self.time_title = QLabel(self), QLabel(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.level_title, side_by_side(self.level_combo, stretch=True))
        form.addRow(
            self.children_title,
            side_by_side(self.children_combo, self.first_year, self.years_dash, self.last_year, stretch=True),
        )
        form.addRow("", self.source_label)
        form.addRow(self.previous_title, side_by_side(self.previous_edit, self.previous_button))
        form.addRow(self.villages_title, side_by_side(self.villages_edit, self.villages_button))
        form.addRow(self.time_title, side_by_side(self.time_spin, stretch=True))
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)
        self._default_years()
        self.retranslate()
        self._children_chosen()

    def _default_years(self) -> None:
        from app.plan_run import default_plan_years

        project = self._session.project
        if project is not None:
            first, last = default_plan_years(project)
            self.first_year.setValue(first)
            self.last_year.setValue(last)

    @Slot()
    def _children_chosen(self, *_args: object) -> None:
        kind = self.children_combo.currentData()
        self.first_year.setVisible(kind != "today")
        self.years_dash.setVisible(kind == "years")
        self.last_year.setVisible(kind == "years")
        self.source_label.setVisible(kind != "today")
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(self.width(), self.sizeHint().height())  # the note's wrapped lines all shown

    def _ask_file(self, edit: QLineEdit, title: str, filters: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, title, "", filters)
        if path:
            edit.setText(path)

    @Slot()
    def ask_previous(self) -> None:
        """Choose the file of last year's zones."""
        self._ask_file(
            self.previous_edit, self.tr("Last year's zones"), self.tr("Tables (*.csv *.xlsx);;All files (*)")
        )

    @Slot()
    def ask_villages(self) -> None:
        """Choose the file of the county's village boundaries."""
        self._ask_file(
            self.villages_edit,
            self.tr("Village boundaries"),
            self.tr("Map layers (*.gpkg *.shp *.geojson *.json);;All files (*)"),
        )

    def request(self) -> ZonesRequest:
        """The options as given.

        Raises
        ------
        ValueError
            With the words to show, if a value is refused.
        """
        kind = self.children_combo.currentData()
        first, last = self.first_year.value(), self.last_year.value()
        years = None if kind == "today" else (first, first) if kind == "year" else (first, last)
        if years is not None and years[1] < years[0]:
            raise ValueError(
                self.tr("Years: {last} comes before {first}. Give the first year, then a later one.").format(
                    first=first, last=last
                )
            )
        files: dict[str, Path | None] = {}
        for key, edit, what in (
            ("previous", self.previous_edit, self.tr("Last year's zones")),
            ("villages", self.villages_edit, self.tr("Village boundaries")),
        ):
            typed = edit.text().strip()
            path = Path(typed) if typed else None
            if path is not None and not path.exists() and ":" in typed:  # a GeoPackage's layer: FILE:LAYER
                path = Path(typed.rsplit(":", 1)[0])
            if path is not None and not path.exists():
                raise ValueError(
                    self.tr("{what}: the file {path} does not exist. Choose the file again, or leave it empty.").format(
                        what=what, path=typed
                    )
                )
            files[key] = Path(typed) if typed else None
        return ZonesRequest(
            level=str(self.level_combo.currentData()),
            years=years,
            previous=files["previous"],
            villages=files["villages"],
            time_limit=float(self.time_spin.value()),
        )

    def accept(self) -> None:
        """Close with OK, unless a value is refused (then said under the form)."""
        try:
            self.request()
        except ValueError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.error_label.hide()
        super().accept()

    def _show_source(self) -> None:
        run = self._session.forecast
        if run is None:
            self.source_label.setText(
                self.tr(
                    "The children of the years ahead are forecast from the project's children with the rules' "
                    "migration; make a forecast in the Enrolment forecast dock to use its births and enrolment history."
                )
            )
            return
        files = [p.name for p in (*([run.inputs.births] if run.inputs.births else []), *run.inputs.history)]
        self.source_label.setText(
            self.tr("The children of the years ahead are forecast as in the Enrolment forecast dock ({files}).").format(
                files="; ".join(files) if files else self.tr("no births or history files")
            )
        )

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(self.tr("Enrolment zones"))
        self.intro.setText(
            self.tr(
                "Each school's zone as whole villages in one piece, within the school's seats, with the least "
                "travel; grade 1–3 children kept within 30 minutes' walk wherever the roads allow."
            )
        )
        self.level_title.setText(self.tr("Level"))
        for i in range(self.level_combo.count()):
            self.level_combo.setItemText(i, _tr(LEVEL_TITLES[str(self.level_combo.itemData(i))]))
        self.children_title.setText(self.tr("Children of"))
        self.children_combo.setItemText(0, self.tr("today"))
        self.children_combo.setItemText(1, self.tr("a year ahead"))
        self.children_combo.setItemText(2, self.tr("every year of a range"))
        self.previous_title.setText(self.tr("Last year's zones"))
        self.previous_edit.setPlaceholderText(self.tr("none: the zones are drawn afresh"))
        self.previous_edit.setToolTip(
            self.tr("A table of village codes and schools (as zones.csv): the zones change as few villages as they can")
        )
        self.previous_button.setText(self.tr("Choose…"))
        self.villages_title.setText(self.tr("Village boundaries"))
        self.villages_edit.setPlaceholderText(self.tr("none: each village's area is built from the place names"))
        self.villages_button.setText(self.tr("Choose…"))
        self.time_title.setText(self.tr("Time limit"))
        self.time_spin.setSuffix(self.tr(" s"))
        self._show_source()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# ----------------------------------------------------------------- the result
class ZonesView(QWidget):
    """The zones drawn: headline, the county's table (per school its villages), the schools, the notes."""

    zoneChosen = Signal(object)  # a school's code (its zone to show), or None: every zone

    def __init__(self, session: Session, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._session, self._runner = session, runner
        self.run: ZonesRun | None = None
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.township_filter, self.school_filter = QComboBox(self), QComboBox(self)
        for box in (self.township_filter, self.school_filter):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(self._show_villages)
        self.township_title, self.school_title = QLabel(self), QLabel(self)
        self.village_model = CellModel(VILLAGE_COLUMNS, CONTEXT, self)
        self.village_table = table_view(self.village_model, self)
        self.village_table.selectionModel().selectionChanged.connect(self._village_chosen)
        self.school_model = CellModel(SCHOOL_COLUMNS, CONTEXT, self)
        self.school_table = table_view(self.school_model, self)
        self.school_table.selectionModel().selectionChanged.connect(self._school_chosen)
        for table in (self.village_table, self.school_table):  # a county's hundreds of villages: compact rows
            table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
            table.horizontalHeader().setStretchLastSection(False)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        villages_page = QWidget(self)
        page = QVBoxLayout(villages_page)
        page.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.township_title)
        filters.addWidget(self.township_filter)
        filters.addSpacing(16)
        filters.addWidget(self.school_title)
        filters.addWidget(self.school_filter)
        filters.addStretch(1)
        page.addLayout(filters)
        page.addWidget(self.village_table, 1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(villages_page, "")
        self.tabs.addTab(self.school_table, "")
        self.tabs.addTab(self.notes, "")
        self.map_button = QPushButton(self)
        self.map_button.clicked.connect(self.show_all)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(lambda: self.ask_export())
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.map_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.resize(1000, 720)
        self.export_task: Task | None = None
        self.retranslate()

    @property
    def zones(self) -> Zones | None:
        """The zones shown, or None."""
        return self.run.zones if self.run is not None else None

    def set_run(self, run: ZonesRun | None) -> None:
        """Show other zones (None: none)."""
        self.run = run
        self._fill()

    # ----------------------------------------------------------------- the map
    @Slot()
    def show_all(self) -> None:
        """Every zone on the map, none outlined."""
        self.village_table.clearSelection()
        self.school_table.clearSelection()
        self.zoneChosen.emit(None)

    def _choose(self, code: str) -> None:
        self.zoneChosen.emit(code)  # first: the map fits the zone, not the school alone
        self._session.select_school(code)

    @Slot(QItemSelection, QItemSelection)
    def _village_chosen(self, *_args: object) -> None:
        rows = self.village_table.selectionModel().selectedRows()
        if rows:
            self._choose(str(self.village_model.rows[rows[0].row()][SCHOOL_COLUMN].value))

    @Slot(QItemSelection, QItemSelection)
    def _school_chosen(self, *_args: object) -> None:
        rows = self.school_table.selectionModel().selectedRows()
        if rows:
            self._choose(str(self.school_model.rows[rows[0].row()][0].value))

    # ----------------------------------------------------------------- export
    def ask_export(self) -> bool:
        """Ask for a folder and write the zones' files there (in the background); returns whether it started."""
        if self.zones is None:
            return False
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the enrolment zones' files"))
        return bool(folder) and self.export(Path(folder))

    def export(self, folder: Path) -> bool:
        """Write ``zones.csv``, ``zones_table.xlsx``, ``zones.gpkg`` and the zone map into ``folder``
        in the window's language (in the background); returns whether it started."""
        zones, run = self.zones, self.run
        if zones is None or run is None:
            return False
        from app.labels import style_language

        language: Literal["zh", "en"] = "zh" if style_language() == "zh" else "en"
        project = run.project

        def work(_progress: ProgressFn, _cancel: CancelFn) -> list[Path]:
            try:
                from outputs.zones import write_zones
            except ImportError as exc:  # pragma: no cover - the writer comes with the command line's zones
                from gis.errors import InputError, Problem

                raise InputError(
                    Problem("the zones' files cannot be written by this version", file=str(folder))
                ) from exc
            return write_zones(zones, folder, language=language, project=project)

        def done(_paths: object) -> None:
            self._session.set_status(EXPORTED, folder=str(folder))

        def finished() -> None:
            self.export_task = None
            self.export_button.setEnabled(self.zones is not None)

        self.export_task = self._runner.run(
            work,
            done,
            error=self.tr("The enrolment zones cannot be written: {message}"),
            on_finished=finished,
            background=True,
            owner=self,
        )
        self.export_button.setEnabled(False)
        return self.export_task is not None

    # ----------------------------------------------------------------- filling
    def _fill(self) -> None:
        self._show_headline()
        self._fill_filters()
        self._show_villages()
        self._show_schools()
        self._show_notes()
        for button in (self.map_button, self.export_button):
            button.setEnabled(self.zones is not None)

    def headline_figures(self) -> dict[str, float]:
        """The headline's figures (zones, villages, children, mean trip …), as shown; empty without zones."""
        zones = self.zones
        if zones is None:
            return {}
        table = zones.table()
        return {
            "zones": float(table["school_id"].nunique()),
            "villages": float(len(table)),
            "children": float(table["children"].sum()),
            "mean_trip": mean_trip(table),
            "objective": zones.objective,
            "bound": zones.bound,
            "gap": zones.gap,
            "beyond_30": zones.beyond_30,
            "beyond_30_unavoidable": zones.beyond_30_unavoidable,
            "beyond_30_least": zones.beyond_30_least,
            "changes": math.nan if zones.changes is None else float(zones.changes),
        }

    def _show_headline(self) -> None:
        zones = self.zones
        if zones is None:
            self.headline.setText(html.escape(self.tr("No enrolment zones drawn yet.")))
            return
        figures = self.headline_figures()
        level = _tr(LEVEL_TITLES.get(zones.level, zones.level))
        years = zones.years
        if self.run is not None and len(years) > 1:
            when = self.tr("children of every year {first}–{last}").format(first=years[0], last=years[-1])
        else:
            when = self.tr("children of {year}").format(year=years[0] if years else "")
        title = html.escape(self.tr("{level} enrolment zones, {when}").format(level=level, when=when))
        source = (
            self.tr("villages from the county's village boundaries")
            if zones.source == "polygons"
            else self.tr("village areas built from the place names (no village boundaries given)")
        )
        lines = [f"<span style='font-size: large; font-weight: bold;'>{title}</span>"]
        lines.append(
            self.tr("{zones} zones, {villages} villages, {children} children; {source}.").format(
                zones=int(figures["zones"]),
                villages=int(figures["villages"]),
                children=_figure(figures["children"]),
                source=source,
            )
        )
        lines.append(
            self.tr(
                "Mean trip {mean} min. Total travel {travel} child-minutes; objective {total} (a grade 1–3 "
                "child left beyond 30 minutes whom some school would bring within counts 1,000 child-minutes), "
                "no zones score less than {bound} (proven), gap {gap} % ({status})."
            ).format(
                mean=_figure(figures["mean_trip"], 1),
                travel=_figure(zones.travel),
                total=_figure(zones.objective),
                bound=_figure(zones.bound),
                gap=_figure(100 * zones.gap, 2),
                status=status_text(zones.status, zones.gap),
            )
        )
        if zones.level == "primary":
            lines.append(
                self.tr(
                    "Grade 1–3 children beyond 30 minutes' walk of their zone's school: {beyond}; {unavoidable} of "
                    "them have no school within 30 minutes, and any zones leave at least {least} of the others beyond."
                ).format(
                    beyond=_figure(zones.beyond_30),
                    unavoidable=_figure(zones.beyond_30_unavoidable),
                    least=_figure(zones.beyond_30_least),
                )
            )
        if zones.changes is not None:
            lines.append(
                self.tr("Villages changed from last year's zones: {changes} (at least {least} had to).").format(
                    changes=zones.changes, least="–" if zones.changes_bound is None else zones.changes_bound
                )
            )
        self.headline.setText("<br>".join(html.escape(line) if i else line for i, line in enumerate(lines)))

    def _fill_filters(self) -> None:
        zones = self.zones
        for box in (self.township_filter, self.school_filter):
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("all"), ALL)
        if zones is not None:
            villages = zones.villages
            towns = (
                villages[["township", "township_name"]]
                .astype(str)
                .drop_duplicates()
                .sort_values("township", kind="stable")
            )
            for code, name in zip(towns["township"], towns["township_name"], strict=True):
                self.township_filter.addItem(name or code, code)
            schools = zones.zones[["school_id", "school_name"]].astype(str).sort_values("school_id", kind="stable")
            for code, name in zip(schools["school_id"], schools["school_name"], strict=True):
                self.school_filter.addItem(f"{name} ({code})", code)
        for box in (self.township_filter, self.school_filter):
            box.blockSignals(False)

    def set_filter(self, *, township: str | None = None, school: str | None = None) -> None:
        """Show only the villages of a township and/or of a school's zone (None: all)."""
        for box, value in ((self.township_filter, township), (self.school_filter, school)):
            index = box.findData(ALL if value is None else value)
            box.setCurrentIndex(max(index, 0))

    @Slot()
    def _show_villages(self, *_args: object) -> None:
        zones = self.zones
        out: list[list[Cell]] = []
        if zones is not None:
            township, school = self.township_filter.currentData(), self.school_filter.currentData()
            table = zones.villages.sort_values(["school_id", "village_code"], kind="stable")
            yes, no = self.tr("yes"), self.tr("no")
            for r in table.drop(columns="geometry").itertuples(index=False):
                if township not in (None, ALL) and str(r.township) != township:
                    continue
                if school not in (None, ALL) and str(r.school_id) != school:
                    continue
                changed = r.changed
                out.append(
                    [
                        Cell(str(r.school_name), str(r.school_id), tooltip=f"{r.school_name} ({r.school_id})"),
                        Cell(str(r.village_name), str(r.village_code), tooltip=f"{r.village_name} ({r.village_code})"),
                        Cell(str(r.township_name) or str(r.township), str(r.township)),
                        Cell(_figure(float(r.children)), float(r.children), number=True),
                        Cell(_figure(float(r.travel_min), 1), float(r.travel_min), number=True),
                        Cell(
                            "" if changed is None else yes if bool(changed) else no,
                            "" if changed is None else bool(changed),
                            colour=FAIL if changed is not None and bool(changed) else None,
                        ),
                    ]
                )
        self.village_model.set_rows(out)
        self.village_table.setColumnHidden(CHANGED_COLUMN, zones is None or zones.changes is None)
        self.village_table.resizeColumnsToContents()

    def _show_schools(self) -> None:
        zones = self.zones
        out: list[list[Cell]] = []
        if zones is not None:
            frame = zones.zones.sort_values("school_id", kind="stable")
            names = dict(zip(frame["school_id"].astype(str), frame["school_name"].astype(str), strict=True))
            for r in frame.drop(columns="geometry").itertuples(index=False):
                kind, continues = str(r.type), str(r.continues_to or "")
                peak, seats = float(r.peak_children), float(r.seats)
                out.append(
                    [
                        Cell(str(r.school_name), str(r.school_id), tooltip=f"{r.school_name} ({r.school_id})"),
                        Cell(_tr(TYPE_TITLES[kind]) if kind in TYPE_TITLES else kind, kind),
                        Cell(str(int(r.villages)), int(r.villages), number=True),
                        Cell(_figure(float(r.children)), float(r.children), number=True),
                        Cell(_figure(peak), peak, number=True, colour=FAIL if peak > seats + 1e-6 else None),
                        Cell(_figure(seats), seats, number=True),
                        Cell(_figure(float(r.travel_min), 1), float(r.travel_min), number=True),
                        Cell(names.get(continues, continues), continues),
                    ]
                )
        self.school_model.set_rows(out)
        self.school_table.resizeColumnsToContents()

    def _show_notes(self) -> None:
        from app.core_text import translate_core

        zones = self.zones
        if zones is None:
            self.notes.clear()
            return
        notes = [translate_core(n) for n in zones.notes]
        items = "".join(f"<li>{html.escape(n[:1].upper() + n[1:])}</li>" for n in notes)
        self.notes.setText(f"<ul>{items}</ul>" if items else html.escape(self.tr("No notes.")))

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(self.tr("Enrolment zones"))
        self.tabs.setTabText(0, self.tr("Villages by school"))
        self.tabs.setTabText(1, self.tr("Schools"))
        self.tabs.setTabText(2, self.tr("Notes"))
        self.township_title.setText(self.tr("Township"))
        self.school_title.setText(self.tr("School"))
        self.map_button.setText(self.tr("All zones on the map"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setToolTip(
            self.tr("Write the zones' table (CSV and Excel), the zones as a GeoPackage and the zone map to a folder")
        )
        self.close_button.setText(self.tr("Close"))
        for model in (self.village_model, self.school_model):
            model.retranslate()
        township, school = self.township_filter.currentData(), self.school_filter.currentData()
        self._fill()
        self.set_filter(
            township=None if township in (None, ALL) else str(township),
            school=None if school in (None, ALL) else str(school),
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


# ----------------------------------------------------------------- the work
class ZonesPlanner(QObject):
    """Planning → Enrolment zones…: the dialog, the solve in the background, the view, the map.

    Built from the session and the runner; the window connects :attr:`zonesShown` (the zones to
    put on the map as a layer, None: none) and :attr:`zoneChosen` (a school's zone to show).
    """

    zonesShown = Signal(object)  # gis.zones.Zones or None
    zoneChosen = Signal(object)  # a school's code, or None: every zone
    finished = Signal()  # the solve ended (done, failed or cancelled)

    def __init__(self, session: Session, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._session, self._runner, self._parent = session, runner, parent
        self.dialog: ZonesDialog | None = None
        self.view: ZonesView | None = None
        self.run_shown: ZonesRun | None = None
        self.task: Task | None = None
        session.projectLoaded.connect(self._project_loaded)

    @property
    def is_running(self) -> bool:
        """Whether zones are being drawn."""
        return self.task is not None

    @Slot()
    def ask(self) -> ZonesDialog | None:
        """Ask the zones' options (a window-modal dialog, returned at once); OK draws them."""
        if self._session.project is None or self._runner.is_running:
            return None
        if self.dialog is not None:
            self.dialog.deleteLater()
        dialog = ZonesDialog(self._session, parent=self._parent)
        dialog.accepted.connect(lambda: self.draw(dialog.request()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def draw(self, request: ZonesRequest) -> bool:
        """Draw the zones in a worker; returns whether it started. Problems are said in words."""
        project, standards = self._session.project, self._session.current_standards()
        if project is None or standards is None or self._runner.is_running:
            return False
        forecast = self._session.forecast.inputs if self._session.forecast is not None else None

        def work(progress: ProgressFn, cancel: CancelFn) -> ZonesRun:
            return make_zones(project, standards, request, forecast=forecast, progress=progress, cancel=cancel)

        def done(result: object) -> None:
            if self._session.project is project:  # else another project was opened meanwhile
                self.show_run(result)  # type: ignore[arg-type]

        def failed(message: str, details: str) -> None:
            notify.notify_error(self._parent, _tr(CANNOT_DRAW).format(message=message), details)

        def finished() -> None:
            self.task = None
            self.finished.emit()

        self.task = self._runner.run(
            work,
            done,
            status=ZONING,
            error=None,
            on_failed=failed,
            on_finished=finished,
            owner=self,
            done_status=ZONES_DONE,
            failed_status=ZONES_FAILED,
            cancelled_status=ZONES_CANCELLED,
        )
        return self.task is not None

    @Slot()
    def cancel(self) -> None:
        """Stop the zones being drawn; nothing changes."""
        if self.task is not None:
            self.task.cancel()

    def show_run(self, run: ZonesRun) -> ZonesView:
        """Show zones in their view (made once, kept beside the map) and on the map."""
        self.run_shown = run
        view = self.view
        if view is None:
            view = ZonesView(self._session, self._runner, self._parent)
            view.zoneChosen.connect(self.zoneChosen)
            self.view = view
        view.show()
        view.set_run(run)
        view.raise_()
        self.zonesShown.emit(run.zones)
        return view

    @Slot()
    def _project_loaded(self) -> None:
        self.run_shown = None
        if self.view is not None:  # zones of another project
            self.view.set_run(None)
            self.view.close()
        self.zonesShown.emit(None)
