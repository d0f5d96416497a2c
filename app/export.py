"""File → Export…: the meeting outputs of ``schoolplan export`` from the window, with a preview.

:class:`ExportDialog` chooses what to write (the four printed maps, the township atlas, the
interactive HTML map, the Excel report, the styled GeoPackage), for the baseline or a saved
scenario, in Chinese or English, and the output file. The printed maps and the atlas are
previewed: the figure is drawn at a low resolution in a worker thread and shown as an image;
for the HTML map, the workbook and the GeoPackage the preview says what the file will hold.
Export writes the file in a worker with progress and Cancel; the core writers are atomic, so a
failure or a cancel leaves no half-written file, and errors go to the window's notification.

The dialog is thin: it builds an :class:`~outputs.pipeline.ExportRequest` from its fields and
calls the export pipeline (:mod:`outputs.pipeline`) that ``schoolplan export`` calls too; only
the conversion of a drawn preview into a Qt image is its own. The window's analysis and the
Planning dock's suggestions are reused when the baseline is exported; a scenario's analysis
and suggestions are computed once per dialog and kept.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import notify
from app.labels import QT_TRANSLATE_NOOP
from outputs.pipeline import (
    KINDS,
    MAP_KINDS,
    SUFFIXES,
    ExportInputs,
    ExportRequest,
    export_figure,
    gather_inputs,
    write_export,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from matplotlib.figure import Figure

    from app.session import Session
    from app.tasks import Task, TaskRunner
    from gis.analysis import Analysis
    from gis.progress import CancelFn, ProgressFn
    from gis.suggest import Suggestions

KIND_NAMES: dict[str, str] = {
    "catchments": QT_TRANSLATE_NOOP("ExportDialog", "Catchment map"),
    "travel": QT_TRANSLATE_NOOP("ExportDialog", "Travel time map"),
    "comparison": QT_TRANSLATE_NOOP("ExportDialog", "Scenario comparison map"),
    "suggestions": QT_TRANSLATE_NOOP("ExportDialog", "Suggestions map"),
    "atlas": QT_TRANSLATE_NOOP("ExportDialog", "Township atlas (PDF)"),
    "html": QT_TRANSLATE_NOOP("ExportDialog", "Interactive map (HTML)"),
    "xlsx": QT_TRANSLATE_NOOP("ExportDialog", "Excel report"),
    "gpkg": QT_TRANSLATE_NOOP("ExportDialog", "GeoPackage for QGIS"),
}
LEVEL_NAMES: dict[str, str] = {
    "primary": QT_TRANSLATE_NOOP("ExportDialog", "Primary school"),
    "junior": QT_TRANSLATE_NOOP("ExportDialog", "Junior secondary school"),
}
ORIENTATION_NAMES: dict[str, str] = {
    "landscape": QT_TRANSLATE_NOOP("ExportDialog", "Landscape"),
    "portrait": QT_TRANSLATE_NOOP("ExportDialog", "Portrait"),
}
FILE_FILTERS: dict[str, str] = {
    ".png": QT_TRANSLATE_NOOP("ExportDialog", "PNG image (*.png)"),
    ".pdf": QT_TRANSLATE_NOOP("ExportDialog", "PDF document (*.pdf)"),
    ".svg": QT_TRANSLATE_NOOP("ExportDialog", "SVG drawing (*.svg)"),
    ".html": QT_TRANSLATE_NOOP("ExportDialog", "Web page (*.html *.htm)"),
    ".xlsx": QT_TRANSLATE_NOOP("ExportDialog", "Excel workbook (*.xlsx)"),
    ".gpkg": QT_TRANSLATE_NOOP("ExportDialog", "GeoPackage (*.gpkg)"),
}
# The languages of the outputs, each named in itself (never translated).
OUTPUT_LANGUAGES: dict[str, str] = {"zh": "中文", "en": "English"}
PREVIEW_WIDTH_PX = 1400  # the preview is drawn about this wide: sharp when zoomed in on a large screen
PREVIEW_DELAY_MS = 250  # settings changed in quick succession make one preview


def figure_image(figure: Figure) -> QImage:
    """Draw a figure with Agg into a QImage (safe in a worker thread: no QPixmap)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from layers import _print

    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
    with _print.print_context():  # the fonts of the printed map, as save_figure uses
        canvas.draw()
    width, height = canvas.get_width_height()
    data = bytes(canvas.buffer_rgba())
    return QImage(data, width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()


def preview_dpi(request: ExportRequest) -> int:
    """A resolution at which the request's sheet is about :data:`PREVIEW_WIDTH_PX` wide."""
    from layers.printmap import MapSheet

    paper = request.paper if request.what in MAP_KINDS else "A4"
    orientation = request.orientation if request.what in MAP_KINDS else "landscape"
    width_in = MapSheet(paper=paper, orientation=orientation).size_inches[0]
    return max(10, round(PREVIEW_WIDTH_PX / width_in))


class PreviewView(QGraphicsView):
    """The drawn preview: fitted to the pane, zoomed with the wheel or + and −, dragged when zoomed in.

    A double click (or 0) fits the whole sheet again.
    """

    ZOOM_STEP = 1.25
    MAX_ZOOM = 8.0  # times the fitted size

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self._item)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.zoom = 1.0  # relative to the fitted size

    def pixmap(self) -> QPixmap:
        """The preview shown (null before one is drawn)."""
        return self._item.pixmap()

    def setPixmap(self, pixmap: QPixmap) -> None:
        """Show a new preview, fitted."""
        self._item.setPixmap(pixmap)
        self.scene().setSceneRect(self._item.boundingRect())
        self.fit()

    def fit(self) -> None:
        """Show the whole sheet."""
        self.zoom = 1.0
        if not self._item.pixmap().isNull():
            self.fitInView(self._item, Qt.AspectRatioMode.KeepAspectRatio)

    def zoom_by(self, factor: float) -> None:
        """Zoom in (factor above 1) or out, between the fitted size and :attr:`MAX_ZOOM` times it."""
        wanted = min(max(self.zoom * factor, 1.0), self.MAX_ZOOM)
        if wanted == 1.0:
            self.fit()
            return
        self.scale(wanted / self.zoom, wanted / self.zoom)
        self.zoom = wanted

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(self.ZOOM_STEP**steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(self.ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / self.ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.fit()
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.zoom == 1.0:
            self.fit()


# ----------------------------------------------------------------- the dialog
class ExportDialog(QDialog):
    """File → Export…: choose an output, preview it, write it in a worker."""

    previewShown = Signal()  # a preview image or description is shown
    exported = Signal(str)  # the path written
    exportFailed = Signal(str)
    exportCancelled = Signal()

    def __init__(self, session: Session, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.i18n import current_language

        self._session, self._runner = session, runner
        self._task: Task | None = None
        self._job: str = ""  # "preview" or "export" while one runs
        self._job_request: ExportRequest | None = None
        self._job_path: Path | None = None
        self._pending_export: Path | None = None
        self._preview_stale = False
        self._analyses: dict[str, Analysis] = {}  # scenario name ("" the baseline) → its analysis
        self._suggestions: dict[str, Suggestions] = {}
        self._cache_of: tuple[object, object] = (None, None)  # the project and analysis the caches belong to
        self.preview_image: QImage | None = None
        self.written: Path | None = None
        self.setModal(True)
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry().size() if screen is not None else None
        # Large, for a preview that reads: 1280×860, or nine tenths of a smaller screen.
        self.resize(
            min(1280, int(room.width() * 0.9)) if room else 1280, min(860, int(room.height() * 0.9)) if room else 860
        )

        self.kind_combo = QComboBox(self)
        for kind in KINDS:
            self.kind_combo.addItem("", kind)
        self.scenario_combo = QComboBox(self)
        self.language_combo = QComboBox(self)
        for code, name in OUTPUT_LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(0 if current_language() == "zh_CN" else 1)
        self.level_combo = QComboBox(self)
        for level in LEVEL_NAMES:
            self.level_combo.addItem("", level)
        self.paper_combo = QComboBox(self)
        for paper in ("A4", "A3"):
            self.paper_combo.addItem(paper, paper)
        self.orientation_combo = QComboBox(self)
        for orientation in ORIENTATION_NAMES:
            self.orientation_combo.addItem("", orientation)
        self.dpi_spin = QSpinBox(self)
        self.dpi_spin.setRange(50, 1200)
        self.dpi_spin.setSingleStep(50)
        self.dpi_spin.setValue(300)
        self.title_edit = QLineEdit(self)
        self.path_edit = QLineEdit(self)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self.ask_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        self.form = QFormLayout()
        self._labels: dict[str, QLabel] = {}
        for key, field in (
            ("what", self.kind_combo),
            ("scenario", self.scenario_combo),
            ("language", self.language_combo),
            ("level", self.level_combo),
            ("paper", self.paper_combo),
            ("orientation", self.orientation_combo),
            ("dpi", self.dpi_spin),
            ("title", self.title_edit),
        ):
            label = QLabel(self)
            label.setBuddy(field)
            self._labels[key] = label
            self.form.addRow(label, field)
        self._labels["file"] = QLabel(self)
        self.form.addRow(self._labels["file"], path_row)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #b00020;")

        self.preview_stack = QStackedWidget(self)
        self.preview_label = PreviewView(self)
        self.preview_label.setMinimumSize(560, 400)
        self.preview_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.description_label = QLabel(self)
        self.description_label.setWordWrap(True)
        self.description_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.description_label.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_stack.addWidget(self.preview_label)
        self.preview_stack.addWidget(self.description_label)

        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.hide()
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton(self)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.open_folder_button.hide()
        self.export_button = QPushButton(self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.reject)

        left = QVBoxLayout()
        left.addLayout(self.form)
        left.addWidget(self.message_label)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 0)
        columns.addWidget(self.preview_stack, 1)
        status = QHBoxLayout()
        status.addWidget(self.result_label, 1)
        status.addWidget(self.open_folder_button)
        status.addWidget(self.progress_bar)
        status.addWidget(self.cancel_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(status)
        layout.addLayout(buttons)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        for combo in (
            self.kind_combo,
            self.scenario_combo,
            self.language_combo,
            self.level_combo,
            self.paper_combo,
            self.orientation_combo,
        ):
            combo.currentIndexChanged.connect(self._settings_changed)
        self.title_edit.textChanged.connect(self._settings_changed)
        self.dpi_spin.valueChanged.connect(self._update_state)  # the preview is drawn at its own dpi
        self.path_edit.textChanged.connect(self._update_state)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        session.projectLoaded.connect(self._project_changed)
        session.projectChanged.connect(self._fill_scenarios)
        session.analysisChanged.connect(self._project_changed)
        app = QCoreApplication.instance()
        if app is not None:  # never leave a running thread behind when the application quits
            app.aboutToQuit.connect(self.wait_for_worker)
        self._fill_scenarios()
        self.retranslate()
        self._update_state()
        self._preview_timer.start()

    # ----------------------------------------------------------------- language
    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(self.tr("Export"))
        for row, kind in enumerate(KINDS):
            self.kind_combo.setItemText(row, self.tr(KIND_NAMES[kind]))
        for row, level in enumerate(LEVEL_NAMES):
            self.level_combo.setItemText(row, self.tr(LEVEL_NAMES[level]))
        for row, orientation in enumerate(ORIENTATION_NAMES):
            self.orientation_combo.setItemText(row, self.tr(ORIENTATION_NAMES[orientation]))
        if self.scenario_combo.count():
            self.scenario_combo.setItemText(0, self.tr("Baseline (current project)"))
        labels = {
            "what": self.tr("&What:"),
            "scenario": self.tr("&Scenario:"),
            "language": self.tr("&Language of the file:"),
            "level": self.tr("School &level:"),
            "paper": self.tr("&Paper:"),
            "orientation": self.tr("&Orientation:"),
            "dpi": self.tr("&Resolution (PNG, dpi):"),
            "title": self.tr("&Title:"),
            "file": self.tr("&File:"),
        }
        for key, text in labels.items():
            self._labels[key].setText(text)
        self._labels["file"].setBuddy(self.path_edit)
        self.title_edit.setPlaceholderText(self.tr("made from the county and the map"))
        self.browse_button.setText(self.tr("&Browse…"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.open_folder_button.setText(self.tr("Open &folder"))
        self.export_button.setText(self.tr("&Export"))
        self.close_button.setText(self.tr("Close"))
        if self.written is not None:
            self.result_label.setText(self.tr("Written: {path}").format(path=self.written))
        if self.preview_stack.currentWidget() is self.description_label or self.preview_image is None:
            self._show_description()
        self._update_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ----------------------------------------------------------------- state
    def request(self) -> ExportRequest:
        """The export the dialog's fields describe."""
        return ExportRequest(
            what=self.kind_combo.currentData(),
            scenario=self.scenario_combo.currentData() or "",
            language=self.language_combo.currentData(),
            level=self.level_combo.currentData(),
            paper=self.paper_combo.currentData(),
            orientation=self.orientation_combo.currentData(),
            dpi=self.dpi_spin.value(),
            title=self.title_edit.text().strip(),
        )

    def set_kind(self, what: str) -> None:
        """Choose what to export (one of :data:`KINDS`)."""
        self.kind_combo.setCurrentIndex(KINDS.index(what))  # type: ignore[arg-type]

    def path(self) -> Path | None:
        """The output file, or None if none is given."""
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None

    def problem(self) -> str:
        """Why the export cannot be made now, in the current language; empty if it can."""
        request = self.request()
        if self._session.project is None:
            return self.tr("Open a project first.")
        if request.what == "comparison" and not request.scenario:
            if self.scenario_combo.count() <= 1:
                return self.tr("A comparison map needs a scenario: make one in the Scenarios dock first.")
            return self.tr("A comparison map needs a scenario: choose one above.")
        path = self.path()
        if path is not None and path.suffix.lower() not in SUFFIXES[request.what]:
            return self.tr("This file is written as {suffixes}.").format(suffixes=" / ".join(SUFFIXES[request.what]))
        return ""

    @property
    def is_busy(self) -> bool:
        """Whether a preview or an export is being made."""
        return self._task is not None

    @property
    def is_exporting(self) -> bool:
        """Whether an export is being written (or waits for the preview to stop)."""
        return self._job == "export" or self._pending_export is not None

    @Slot()
    def _update_state(self, *_args: object) -> None:
        what = self.kind_combo.currentData()
        maps = what in MAP_KINDS
        exporting = self.is_exporting
        for sheet_widget in (self.paper_combo, self.orientation_combo, self.dpi_spin):
            sheet_widget.setEnabled(maps and not exporting)
        self.level_combo.setEnabled(what in ("catchments", "travel", "comparison", "atlas") and not exporting)
        self.title_edit.setEnabled((maps or what == "html") and not exporting)
        for widget in (self.kind_combo, self.scenario_combo, self.language_combo, self.path_edit, self.browse_button):
            widget.setEnabled(not exporting)
        problem = self.problem()
        self.message_label.setText(problem)
        self.message_label.setVisible(bool(problem))
        self.export_button.setEnabled(not problem and not exporting)

    @Slot()
    def _settings_changed(self, *_args: object) -> None:
        self._update_state()
        if self._job == "preview" and self._task is not None:
            self._preview_stale = True
            self._task.cancel()
        self._preview_timer.start()

    @Slot()
    def _kind_changed(self, *_args: object) -> None:
        path = self.path()
        allowed = SUFFIXES[self.kind_combo.currentData()]
        if path is not None and path.suffix.lower() not in allowed:
            self.path_edit.setText(str(path.with_suffix(allowed[0])))

    @Slot()
    def _fill_scenarios(self, *_args: object) -> None:
        current = self.scenario_combo.currentData() or ""
        project = self._session.project
        names = [s.name for s in project.scenarios] if project is not None else []
        self.scenario_combo.blockSignals(True)
        self.scenario_combo.clear()
        self.scenario_combo.addItem(self.tr("Baseline (current project)"), "")
        for name in names:
            self.scenario_combo.addItem(name, name)
        self.scenario_combo.setCurrentIndex(max(0, self.scenario_combo.findData(current)))
        self.scenario_combo.blockSignals(False)
        self._analyses = {k: v for k, v in self._analyses.items() if not k or k in names}
        self._settings_changed()

    @Slot()
    def _project_changed(self, *_args: object) -> None:
        self._analyses.clear()
        self._suggestions.clear()
        self._fill_scenarios()

    def _known_results(self, request: ExportRequest) -> tuple[Analysis | None, Analysis | None, Suggestions | None]:
        """The baseline, the scenario's analysis and the suggestions already at hand for a request."""
        session = self._session
        if self._cache_of[0] is not session.project or self._cache_of[1] is not session.analysis:
            self._analyses.clear()
            self._suggestions.clear()
            self._cache_of = (session.project, session.analysis)
        baseline = session.analysis or self._analyses.get("")
        scenario = self._analyses.get(request.scenario) if request.scenario else None
        suggestions = self._suggestions.get(request.scenario)
        if suggestions is None and not request.scenario and session.analysis is not None:
            suggestions = session.suggestions  # the Planning dock's, if run
        return baseline, scenario, suggestions

    def _gather(self, request: ExportRequest) -> Callable[[ProgressFn, CancelFn], ExportInputs] | None:
        """What a worker calls to gather a request's inputs, from the results at hand now; None without a project."""
        project, standards = self._session.project, self._session.current_standards()
        if project is None or standards is None:
            return None
        baseline, scenario, suggestions = self._known_results(request)

        def gather(progress: ProgressFn, cancel: CancelFn) -> ExportInputs:
            return gather_inputs(
                request,
                project,
                standards,
                baseline=baseline,
                scenario_analysis=scenario,
                suggestions=suggestions,
                progress=progress,
                cancel=cancel,
            )

        return gather

    def _keep(self, inputs: ExportInputs) -> None:
        """Keep the results a worker computed, for the next preview or export."""
        if self._session.analysis is None or inputs.baseline is not self._session.analysis:
            self._analyses.setdefault("", inputs.baseline)
        if inputs.scenario_name:
            self._analyses[inputs.scenario_name] = inputs.analysis
        if inputs.suggestions is not None:
            self._suggestions[inputs.scenario_name] = inputs.suggestions

    # ----------------------------------------------------------------- preview
    def _show_description(self) -> None:
        """Say what an HTML map, workbook or GeoPackage will hold (or why there is no preview)."""
        request = self.request()
        problem = self.problem()
        if request.what == "html":
            text = self.tr(
                "One self-contained web page that opens offline in any browser: the base map, the children, "
                "the travel times, the catchments and the schools (a popup on each), the suggestions as a layer "
                "of their own, and a layer switcher."
            )
        elif request.what == "xlsx":
            sheets = [
                self.tr("County indicators"),
                self.tr("Township indicators"),
                self.tr("Schools"),
                self.tr("Suggestions"),
            ]
            if request.scenario:
                sheets.append(self.tr("Scenario comparison"))
            standards = self._session.current_standards() if self._session.project is not None else None
            if standards is not None and standards.balance is not None:
                sheets += [self.tr("Balance coefficients"), self.tr("School standards")]
            sheets.append(self.tr("Standards used"))
            text = self.tr("An Excel workbook with the sheets:") + "\n" + "\n".join(f"• {s}" for s in sheets)
        elif request.what == "gpkg":
            layers = (
                "townships", "cells_primary", "cells_junior", "catchments_primary", "catchments_junior", "roads",
                "schools", "suggestions",
            )  # fmt: skip
            text = (
                self.tr("A GeoPackage that opens in QGIS already styled, with the layers:")
                + "\n"
                + "\n".join(f"• {name}" for name in layers)
            )
        else:
            text = problem or self.tr("Drawing the preview…")
        if request.what in ("html", "xlsx", "gpkg") and request.scenario:
            text += "\n\n" + self.tr("The results are those of the scenario {name}.").format(name=request.scenario)
        self.description_label.setText(text)
        self.preview_stack.setCurrentWidget(self.description_label)

    @Slot()
    def refresh_preview(self) -> None:
        """Show the preview of the current settings (a map drawn in a worker, or a description)."""
        request = self.request()
        self.preview_image = None
        if request.what not in (*MAP_KINDS, "atlas"):
            self._show_description()
            self.previewShown.emit()
            return
        if (request.what == "comparison" and not request.scenario) or self._session.project is None:
            self._show_description()
            return
        if self.is_busy:  # drawn again once the running job ends
            self._preview_stale = True
            if self._job == "preview" and self._task is not None:
                self._task.cancel()
            return
        self._show_description()
        gather = self._gather(request)
        if gather is None:
            return
        dpi = preview_dpi(request)

        def work(progress: ProgressFn, cancel: CancelFn) -> tuple[ExportInputs, QImage]:
            from gis.errors import Cancelled

            inputs = gather(progress, cancel)
            if cancel():
                raise Cancelled("preview")
            progress(0.9, "drawing the preview")
            return inputs, figure_image(export_figure(request, inputs, dpi=dpi))

        self._start("preview", work, request)

    # ----------------------------------------------------------------- export
    @Slot()
    def ask_path(self) -> Path | None:
        """Ask for the output file with the kind's suffixes; returns it (None if the user cancelled)."""
        what = self.kind_combo.currentData()
        suffixes = SUFFIXES[what]
        filters = [self.tr(FILE_FILTERS[s]) for s in suffixes if s in FILE_FILTERS]
        start = self.path()
        if start is None:
            project_path = self._session.project_path
            folder = project_path.parent if project_path is not None else Path.home()
            name = self._session.project.name if self._session.project is not None else "schoolplan"
            start = folder / f"{name}-{what}{suffixes[0]}"
        chosen, selected = QFileDialog.getSaveFileName(self, self.tr("Export to"), str(start), ";;".join(filters))
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() not in suffixes:
            picked = next((s for s in suffixes if selected and f"*{s}" in selected), suffixes[0])
            path = path.with_name(path.name + picked)
        self.path_edit.setText(str(path))
        return path

    @Slot()
    def export(self) -> bool:
        """Write the file in a worker (asking for it first if none is given); returns whether it started."""
        if self.is_exporting:
            return False
        if self.problem():
            self._update_state()
            return False
        path = self.path() or self.ask_path()
        if path is None or self.problem():
            self._update_state()
            return False
        self.written = None
        self.result_label.clear()
        self.open_folder_button.hide()
        if self.is_busy:  # a preview is being drawn: stop it, then export
            self._pending_export = path
            self._preview_stale = True
            if self._task is not None:
                self._task.cancel()
            self._update_state()
            return True
        self._start_export(path)
        return True

    def _start_export(self, path: Path) -> None:
        request = self.request()
        gather = self._gather(request)
        if gather is None:
            return

        def work(progress: ProgressFn, cancel: CancelFn) -> tuple[ExportInputs, Path]:
            inputs = gather(progress, cancel)
            return inputs, write_export(request, inputs, path, progress=progress, cancel=cancel)

        self._job_path = path
        self._start("export", work, request)

    @Slot()
    def open_folder(self) -> None:
        """Show the folder of the written file in the system's file manager (not on the offscreen platform)."""
        if self.written is None or QGuiApplication.platformName() == "offscreen":
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written.parent)))

    @Slot()
    def cancel(self) -> None:
        """Ask the running preview or export to stop (nothing half-written is left)."""
        if self._task is not None:
            self._task.cancel()
        if self._pending_export is not None:  # the export had not started yet
            self._pending_export = None
            self.result_label.setText(self.tr("Cancelled; nothing was written."))
            self._update_state()
            self.exportCancelled.emit()

    # ----------------------------------------------------------------- the worker
    def _start(self, job: str, work: Callable[[ProgressFn, CancelFn], object], request: ExportRequest) -> None:
        self._job, self._job_request = job, request
        self._preview_stale = False
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.cancel_button.show()
        self._task = self._runner.run(
            work,
            self._on_succeeded,
            error=None,  # a preview says why in the pane; a failed export goes to the notification
            on_failed=self._on_failed,
            on_cancelled=self._on_cancelled,
            on_progress=self._on_progress,
            on_finished=self._on_thread_finished,
            background=True,
            owner=self,
        )
        self._update_state()

    @Slot(float, str)
    def _on_progress(self, fraction: float, _message: str) -> None:
        self.progress_bar.setValue(round(1000 * max(0.0, min(1.0, fraction))))

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        if not self._job:
            return  # the job was abandoned (the dialog is closing)
        inputs, output = cast("tuple[ExportInputs, object]", result)
        self._keep(inputs)
        if self._job == "preview":
            if not self._preview_stale and self._job_request == self.request():
                self.show_preview(cast("QImage", output))
        else:
            self.written = Path(cast("str | Path", output))
            self.result_label.setText(self.tr("Written: {path}").format(path=self.written))
            self.open_folder_button.show()
            self.exported.emit(str(self.written))

    @Slot(str, str)
    def _on_failed(self, message: str, details: str) -> None:
        if not self._job:
            return
        if self._job == "preview":
            self.preview_image = None
            self.description_label.setText(self.tr("The preview cannot be drawn: {message}").format(message=message))
            self.preview_stack.setCurrentWidget(self.description_label)
            self.previewShown.emit()
            return
        target = self._job_path
        self.result_label.setText(self.tr("Nothing was written."))
        notify.notify_error(
            self,
            self.tr("The export to {path} failed: {message}").format(path=target, message=message),
            details,
        )
        self.exportFailed.emit(message)

    @Slot()
    def _on_cancelled(self) -> None:
        if self._job == "export":
            self.result_label.setText(self.tr("Cancelled; nothing was written."))
            self.exportCancelled.emit()

    @Slot()
    def _on_thread_finished(self) -> None:
        self._task, self._job, self._job_request, self._job_path = None, "", None, None
        self.progress_bar.hide()
        self.cancel_button.hide()
        pending, self._pending_export = self._pending_export, None
        self._update_state()
        if pending is not None:
            self._start_export(pending)
        elif self._preview_stale:
            self._preview_timer.start()

    def show_preview(self, image: QImage) -> None:
        """Show a drawn preview, fitted to the pane (the wheel or + and − zoom, a double click fits again)."""
        self.preview_image = image
        self.preview_label.setPixmap(QPixmap.fromImage(image))
        self.preview_stack.setCurrentWidget(self.preview_label)
        self.previewShown.emit()

    # ----------------------------------------------------------------- closing
    def wait_for_worker(self, msecs: int = 60_000) -> None:
        """Stop the running job and wait for its thread (closing, quitting, tests); nothing is started after."""
        self._preview_timer.stop()
        self._pending_export = None
        task = self._task
        if task is not None:
            task.cancel()
            task.wait(msecs)
            self._preview_stale = False
            self._on_thread_finished()
            task.deleteLater()  # its queued outcome and end are not delivered any more

    def done(self, result: int) -> None:
        self.wait_for_worker()
        connections: list[tuple[object, object]] = [
            (self._session.projectLoaded, self._project_changed),
            (self._session.projectChanged, self._fill_scenarios),
            (self._session.analysisChanged, self._project_changed),
        ]
        app = QCoreApplication.instance()
        if app is not None:
            connections.append((app.aboutToQuit, self.wait_for_worker))
        for signal, slot in connections:
            with contextlib.suppress(RuntimeError, TypeError):  # already gone with the window
                signal.disconnect(slot)  # type: ignore[attr-defined]
        super().done(result)
