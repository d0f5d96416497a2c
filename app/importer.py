"""The import wizard (File → Import county data…): a project from a county's own files.

:class:`ImportWizard` has three pages. :class:`FilesPage` takes the files (schools, one or more
population files, roads, optional DEM and township boundaries) and the coordinate system of
the schools. :class:`SchoolsPage` shows the schools file as found
(:func:`gis.importing.schools.preview_schools`: encoding, sheet, the first rows), the column
mapping as one combo per SchoolPlan field, and where the schools fall: the file is read with
:func:`gis.importing.schools.read_schools` into a scratch report in WGS84 and the points are
drawn as dots over the roads and township boundaries of the files being imported, read in a
worker thread (:class:`PointsView`, no web map: it works offline and headless), with the
report lines so far. :class:`ImportPage` takes the project file and runs
:func:`gis.importing.assemble.import_to_file` in a worker thread (progress bar, Cancel), then
shows the validation report (:class:`ReportTable`: errors red, warnings amber) and, on
success, offers to open the project in the window.

Nothing is written before the Import button of the last page. The wizard is thin: every
reading and check is done by ``gis.importing``; errors of the worker go to
:func:`app.notify.notify_error`. The report's problems and fixes are shown in the window's
language (:func:`app.core_text.translate_core`); the report file beside the project stays
as ``gis`` words it, like the command line's.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.labels import QT_TRANSLATE_NOOP, style_language

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import geopandas as gpd
    import numpy as np

    from app.tasks import Task, TaskRunner
    from gis.errors import InputError
    from gis.importing.assemble import ImportSources
    from gis.importing.report import Finding, ImportReport
    from gis.importing.schools import SchoolPreview
    from gis.progress import CancelFn, ProgressFn
    from gis.project import Project

CONTEXT = "ImportWizard"
ERROR_COLOUR, WARNING_COLOUR = QColor("#c62828"), QColor("#b26a00")
# The coordinate system meaning "as the file states it" (WGS84 for spreadsheets).
FROM_FILE = ""
# The coordinate system meaning "the EPSG code typed beside the combo".
OTHER_EPSG = "epsg"

# Texts made from data, marked here so that pyside6-lupdate finds them.
COORD_TITLES: dict[str, str] = {
    FROM_FILE: QT_TRANSLATE_NOOP("ImportWizard", "As the file states (WGS84 for spreadsheets)"),
    "wgs84": QT_TRANSLATE_NOOP("ImportWizard", "WGS84 longitude/latitude (GPS, OpenStreetMap; EPSG:4326)"),
    "gcj02": QT_TRANSLATE_NOOP("ImportWizard", "GCJ-02 longitude/latitude (Amap/Gaode, Tencent web maps)"),
    "bd09": QT_TRANSLATE_NOOP("ImportWizard", "BD-09 longitude/latitude (Baidu maps)"),
    "cgcs2000": QT_TRANSLATE_NOOP("ImportWizard", "CGCS2000 longitude/latitude (official Chinese maps; EPSG:4490)"),
    OTHER_EPSG: QT_TRANSLATE_NOOP("ImportWizard", "Another coordinate system (EPSG code)"),
}
SEVERITY_TITLES: dict[str, str] = {
    "error": QT_TRANSLATE_NOOP("ImportWizard", "error"),
    "warning": QT_TRANSLATE_NOOP("ImportWizard", "warning"),
    "note": QT_TRANSLATE_NOOP("ImportWizard", "note"),
}
# The report's columns: what is wrong first, the file (the same on many lines) last.
REPORT_TITLES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("ImportWizard", "severity"),
    QT_TRANSLATE_NOOP("ImportWizard", "problem"),
    QT_TRANSLATE_NOOP("ImportWizard", "fix"),
    QT_TRANSLATE_NOOP("ImportWizard", "where"),
    QT_TRANSLATE_NOOP("ImportWizard", "field"),
    QT_TRANSLATE_NOOP("ImportWizard", "value"),
    QT_TRANSLATE_NOOP("ImportWizard", "file"),
)
# No column of the report wider than this (pixels) when fitted; the tooltip has the whole line.
REPORT_COLUMN_MAX = 420
SCHOOL_FILES = QT_TRANSLATE_NOOP(
    "ImportWizard", "Schools (*.csv *.txt *.xlsx *.xlsm *.gpkg *.shp *.geojson *.json *.zip);;All files (*)"
)
POPULATION_FILES = QT_TRANSLATE_NOOP(
    "ImportWizard",
    "Population rasters or village counts (*.tif *.tiff *.gpkg *.shp *.geojson *.json *.zip *.csv);;All files (*)",
)
ROAD_FILES = QT_TRANSLATE_NOOP("ImportWizard", "Roads (*.gpkg *.shp *.geojson *.json *.zip *.pbf);;All files (*)")
DEM_FILES = QT_TRANSLATE_NOOP("ImportWizard", "Elevation (*.tif *.tiff);;All files (*)")
BOUNDARY_FILES = QT_TRANSLATE_NOOP(
    "ImportWizard", "Township boundaries (*.gpkg *.shp *.geojson *.json *.zip);;All files (*)"
)
PROJECT_FILES = QT_TRANSLATE_NOOP("ImportWizard", "Projects (*.gpkg)")


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _stated_coords(key: str, epsg: str) -> str | None:
    """The ``coords`` of :class:`~gis.importing.assemble.ImportSources` for a combo choice."""
    if key == FROM_FILE:
        return None
    if key != OTHER_EPSG:
        return key
    text = epsg.strip()
    return f"EPSG:{text}" if text.isdigit() else text


def _valid_coords(coords: str | None) -> bool:
    from gis.errors import InputError
    from gis.importing.coords import coords_crs

    if coords is None:
        return True
    if not coords:
        return False
    try:
        coords_crs(coords)
    except InputError:
        return False
    return True


def _report_of(error: InputError, file: Path) -> ImportReport:
    """An input error as report lines, so that it is shown like every other finding."""
    from gis.importing.report import ImportReport

    report = ImportReport()
    for problem in error.problems:
        report.error(
            problem.message,
            file=problem.file or str(file),
            where=problem.feature,
            field=problem.field,
            value=problem.value,
            fix=problem.fix,
        )
    return report


class ReportTable(QTableWidget):
    """The findings of an import report, one per row: errors red, warnings amber."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(REPORT_TITLES), parent)
        self.setHorizontalHeaderLabels([_tr(t) for t in REPORT_TITLES])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)

    def set_findings(self, findings: Sequence[Finding]) -> None:
        """Show these findings, in their order."""
        self.setRowCount(0)
        self.setRowCount(len(findings))
        from app.core_text import translate_core

        for row, finding in enumerate(findings):
            problem, fix = translate_core(finding.problem), translate_core(finding.fix)
            values = (
                _tr(SEVERITY_TITLES.get(finding.severity, finding.severity)),
                problem,
                fix,
                translate_core(finding.where),
                finding.field,
                finding.value,
                finding.file,
            )
            colour = {"error": ERROR_COLOUR, "warning": WARNING_COLOUR}.get(finding.severity)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(f"{problem}; {fix}" if fix else problem)
                if colour is not None:
                    item.setForeground(QBrush(colour))
                self.setItem(row, column, item)
        self.resizeColumnsToContents()
        for column in range(self.columnCount() - 1):
            self.setColumnWidth(column, min(self.columnWidth(column), REPORT_COLUMN_MAX))

    def lines(self) -> list[tuple[str, ...]]:
        """The rows as shown (severity, problem and fix translated)."""
        return [
            tuple(self.item(r, c).text() for c in range(self.columnCount()))  # type: ignore[union-attr]
            for r in range(self.rowCount())
        ]


def base_lines(
    roads: Path | None, boundaries: Path | None, coords: str | None, *, max_vertices: int = 200_000
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Road lines and township outlines of the files, in longitude/latitude, for the preview.

    Read into a scratch report (the import reports the files' problems); what cannot be read
    is simply not drawn. Lines are simplified to about 20 m so that big files stay light.
    """
    import shapely

    from gis.importing.boundaries import read_boundaries
    from gis.importing.report import ImportReport
    from gis.importing.roads import read_osm_roads, read_road_lines

    scratch = ImportReport()
    stated = None if coords in (None, "gcj02", "bd09") else coords
    frames = []
    try:
        if roads is not None and roads.is_file():
            if roads.suffix.lower() == ".pbf":
                frames.append(read_osm_roads(roads, project_crs="EPSG:4326", report=scratch))
            else:
                frames.append(read_road_lines(roads, project_crs="EPSG:4326", report=scratch, coords=stated))
        else:
            frames.append(None)
        if boundaries is not None and boundaries.is_file():
            frames.append(read_boundaries(boundaries, project_crs="EPSG:4326", report=scratch, crs=stated))
        else:
            frames.append(None)
    except Exception:  # a preview only: the import itself reports every problem of the files
        return [], []
    out: list[list[np.ndarray]] = [[], []]
    budget = max_vertices
    for k, frame in enumerate(frames):
        if frame is None or not len(frame):
            continue
        geoms = shapely.simplify(frame.geometry.to_numpy(), 0.0002)
        if k == 1:
            geoms = shapely.boundary(geoms)
        parts = shapely.get_parts(shapely.get_parts(geoms))
        for part in parts:
            coords_xy = shapely.get_coordinates(part)
            if len(coords_xy) >= 2 and budget > 0:
                out[k].append(coords_xy)
                budget -= len(coords_xy)
    return out[0], out[1]


class PointsView(QGraphicsView):
    """The schools as dots in longitude/latitude over the roads and township boundaries of the
    files being imported (drawn from the files themselves; no web map, works offline)."""

    RADIUS = 4.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(200, 160)
        self._bounds = QRectF()
        self._dots: list[QGraphicsEllipseItem] = []
        self._base: list[QGraphicsPathItem] = []
        self._squash = 1.0

    def set_base(self, roads: Sequence[np.ndarray], outlines: Sequence[np.ndarray]) -> None:
        """Draw road lines and boundary outlines (arrays of lon, lat rows) under the dots."""
        scene = self.scene()
        for item in self._base:
            scene.removeItem(item)
        self._base = []
        for lines, colour, width, z in ((outlines, "#555555", 1.2, -2), (roads, "#b0a090", 0.8, -1)):
            if not lines:
                continue
            path = QPainterPath()
            for line in lines:
                if len(line) < 2:
                    continue
                path.moveTo(line[0, 0] * self._squash, -line[0, 1])
                for x, y in line[1:]:
                    path.lineTo(x * self._squash, -y)
            pen = QPen(QColor(colour), width)
            pen.setCosmetic(True)
            item = scene.addPath(path, pen)
            item.setZValue(z)
            self._base.append(item)
        if self._bounds.isNull() and self._base:
            self._bounds = scene.itemsBoundingRect()
            scene.setSceneRect(self._bounds)
            self._fit()

    def base_items(self) -> int:
        """How many base layers (roads, boundaries) are drawn."""
        return len(self._base)

    def set_points(self, lon: Sequence[float], lat: Sequence[float], labels: Sequence[str]) -> None:
        """Draw one dot per finite point (latitude scaled so that the map is not stretched)."""
        scene = self.scene()
        for dot in self._dots:
            scene.removeItem(dot)
        self._dots = []
        points = [(x, y, t) for x, y, t in zip(lon, lat, labels, strict=True) if math.isfinite(x) and math.isfinite(y)]
        if not points:
            self._bounds = QRectF()
            return
        squash = math.cos(math.radians(sum(p[1] for p in points) / len(points)))
        self._squash = squash
        pen = QPen(QColor("#ffffff"), 1)
        pen.setCosmetic(True)
        brush = QBrush(QColor("#1565c0"))
        r = self.RADIUS
        for x, y, label in points:
            dot = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
            dot.setPos(x * squash, -y)
            dot.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            dot.setPen(pen)
            dot.setBrush(brush)
            dot.setToolTip(label)
            scene.addItem(dot)
            self._dots.append(dot)
        xs = [p[0] * squash for p in points]
        ys = [-p[1] for p in points]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        margin = max(width, height, 0.002) * 0.1
        self._bounds = QRectF(min(xs) - margin, min(ys) - margin, width + 2 * margin, height + 2 * margin)
        scene.setSceneRect(self._bounds)
        self._fit()

    def point_count(self) -> int:
        """How many dots are drawn."""
        return len(self._dots)

    def _fit(self) -> None:
        if not self._bounds.isNull():
            self.fitInView(self._bounds, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()


class _FileRow(QWidget):
    """A path entry with a Browse button."""

    changed = Signal()

    def __init__(self, title: str, filters: str, *, save: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.filters, self.save = title, filters, save
        self.edit = QLineEdit()
        self.edit.textChanged.connect(self.changed)
        self.browse = QPushButton(QCoreApplication.translate("ImportWizard", "Browse…"))
        self.browse.clicked.connect(self._browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse)

    def _browse(self) -> None:
        ask = QFileDialog.getSaveFileName if self.save else QFileDialog.getOpenFileName
        path, _ = ask(self, _tr(self.title), self.edit.text(), _tr(self.filters))
        if path:
            self.edit.setText(path)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text) if text else None


class FilesPage(QWizardPage):
    """Page 1: the files and the coordinate system of the schools."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("The county's files"))
        self.setSubTitle(self.tr("Choose the files to import. Nothing is written until Import on the last page."))
        self.schools = _FileRow(QT_TRANSLATE_NOOP("ImportWizard", "Schools file"), SCHOOL_FILES)
        self.roads = _FileRow(QT_TRANSLATE_NOOP("ImportWizard", "Roads file"), ROAD_FILES)
        self.dem = _FileRow(QT_TRANSLATE_NOOP("ImportWizard", "Elevation (DEM) file"), DEM_FILES)
        self.boundaries = _FileRow(QT_TRANSLATE_NOOP("ImportWizard", "Township boundaries file"), BOUNDARY_FILES)
        self.population = QListWidget()
        self.population.setFixedHeight(90)  # a fixed row of the form: no gap grows under the list
        self.add_population = QPushButton(self.tr("Add…"))
        self.add_population.clicked.connect(self._add_population)
        self.remove_population = QPushButton(self.tr("Remove"))
        self.remove_population.clicked.connect(self._remove_population)
        self.coords = QComboBox()
        for key, title in COORD_TITLES.items():
            self.coords.addItem(_tr(title), key)
        self.epsg = QLineEdit()
        self.epsg.setPlaceholderText(self.tr("e.g. EPSG:4545"))
        self.epsg.setEnabled(False)
        self.coords.currentIndexChanged.connect(self._coords_changed)
        self.epsg.textChanged.connect(self.completeChanged)
        for row in (self.schools, self.roads, self.dem, self.boundaries):
            row.changed.connect(self.completeChanged)
        # The township code and name fields: found by their usual names unless chosen here.
        self.boundary_code = QComboBox()
        self.boundary_name = QComboBox()
        self.boundaries.changed.connect(self._boundary_fields)
        self._boundary_fields()

        buttons = QVBoxLayout()
        buttons.addWidget(self.add_population)
        buttons.addWidget(self.remove_population)
        population = QHBoxLayout()
        population.addWidget(self.population, 1)
        population.addLayout(buttons)
        population.setAlignment(buttons, Qt.AlignmentFlag.AlignTop)
        coords = QHBoxLayout()
        coords.addWidget(self.coords, 1)
        coords.addWidget(self.epsg)
        form = QFormLayout()
        page = QVBoxLayout(self)
        page.addLayout(form)
        page.addStretch(1)  # the rows at their own height, the page's spare room below them
        form.addRow(self.tr("Schools (table or points):"), self.schools)
        form.addRow(self.tr("Population (one or more files):"), population)
        form.addRow(self.tr("Roads:"), self.roads)
        form.addRow(self.tr("Elevation (optional):"), self.dem)
        form.addRow(self.tr("Township boundaries (optional):"), self.boundaries)
        form.addRow(self.tr("Township code field:"), self.boundary_code)
        form.addRow(self.tr("Township name field:"), self.boundary_name)
        form.addRow(self.tr("Coordinates of the schools:"), coords)

    def _boundary_fields(self) -> None:
        """Offer the fields of the boundaries file (read from its header only) for the code and name."""
        fields: list[str] = []
        path = self.boundaries.path()
        if path is not None and path.is_file():
            import pyogrio

            try:
                fields = [str(f) for f in pyogrio.read_info(path)["fields"]]
            except Exception:  # an unreadable file is reported by the import itself
                fields = []
        for combo in (self.boundary_code, self.boundary_name):
            combo.clear()
            combo.addItem(self.tr("(found by its name)"), None)
            for name in fields:
                combo.addItem(name, name)
            combo.setEnabled(bool(fields))

    def boundary_field(self, what: str) -> str | None:
        """The chosen ``code`` or ``name`` field of the boundaries, or None to find it by its name."""
        combo = self.boundary_code if what == "code" else self.boundary_name
        data = combo.currentData()
        return None if data is None else str(data)

    def _add_population(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Population files"), "", _tr(POPULATION_FILES))
        for path in paths:
            if not self.population.findItems(path, Qt.MatchFlag.MatchExactly):
                self.population.addItem(path)
        self.completeChanged.emit()

    def _remove_population(self) -> None:
        for item in self.population.selectedItems():
            self.population.takeItem(self.population.row(item))
        self.completeChanged.emit()

    def _coords_changed(self) -> None:
        self.epsg.setEnabled(self.coords.currentData() == OTHER_EPSG)
        self.completeChanged.emit()

    def population_paths(self) -> tuple[Path, ...]:
        return tuple(Path(self.population.item(i).text()) for i in range(self.population.count()))

    def stated_coords(self) -> str | None:
        """The schools' coordinate system: None (as the file states), a key of COORD_SYSTEMS or a CRS."""
        return _stated_coords(str(self.coords.currentData()), self.epsg.text())

    def isComplete(self) -> bool:
        files = [self.schools.path(), self.roads.path()]
        optional = [self.dem.path(), self.boundaries.path()]
        return (
            all(p is not None and p.is_file() for p in files)
            and all(p is None or p.is_file() for p in optional)
            and bool(self.population_paths())
            and all(p.is_file() for p in self.population_paths())
            and _valid_coords(self.stated_coords())
        )


class SchoolsPage(QWizardPage):
    """Page 2: the schools file as found, the column mapping and where the schools fall."""

    NOT_IN_FILE = ""
    baseLoaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("The schools"))
        self.setSubTitle(
            self.tr("Check the columns SchoolPlan found and where the schools fall; change the mapping if needed.")
        )
        self.preview: SchoolPreview | None = None
        self.schools: gpd.GeoDataFrame | None = None
        self.report: ImportReport | None = None
        self._loaded: tuple[Path, str | None] | None = None
        self._filling = False
        self._base_key: tuple[object, ...] | None = None
        self._base_task: Task | None = None
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.encoding_label = QLabel()
        self.sheet_label = QLabel(self.tr("Sheet:"))
        self.sheet = QComboBox()
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        self.rows = QTableWidget()
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.combos: dict[str, QComboBox] = {}
        self.mapping_form = QFormLayout()
        mapping_box = QWidget()
        mapping_box.setLayout(self.mapping_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(mapping_box)
        self.points = PointsView()
        self.count_label = QLabel()
        self.findings = ReportTable()

        top = QHBoxLayout()
        top.addWidget(self.encoding_label)
        top.addStretch(1)
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("First rows of the file:")))
        left_layout.addWidget(self.rows, 1)
        left_layout.addWidget(QLabel(self.tr("Columns for SchoolPlan's fields:")))
        left_layout.addWidget(scroll, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.count_label)
        right_layout.addWidget(self.points, 2)
        right_layout.addWidget(QLabel(self.tr("Findings so far:")))
        right_layout.addWidget(self.findings, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def _files(self) -> FilesPage:
        return self.wizard().files_page  # type: ignore[attr-defined, no-any-return]

    def initializePage(self) -> None:
        self._load_base()
        path = self._files().schools.path()
        assert path is not None
        if self._loaded is None or self._loaded[0] != path:
            self.load(path, None)
        else:
            self.refresh()

    def _load_base(self) -> None:
        """Read the roads and boundaries for the map under the dots, in a worker thread."""
        files = self._files()
        key = (files.roads.path(), files.boundaries.path(), files.stated_coords())
        if key == self._base_key or (self._base_task is not None and self._base_task.is_running):
            return
        self._base_key = key
        roads, boundaries, coords = key

        def work(_progress: ProgressFn, _cancel: CancelFn) -> object:
            return base_lines(roads, boundaries, coords)  # type: ignore[arg-type]

        self._base_task = self.wizard().runner.run(  # type: ignore[attr-defined]
            work, self._on_base, error=None, on_finished=self.baseLoaded.emit, background=True, owner=self
        )

    def _on_base(self, result: object) -> None:
        roads, outlines = cast("tuple[list[np.ndarray], list[np.ndarray]]", result)
        self.points.set_base(roads, outlines)

    def wait(self, msecs: int = 60_000) -> None:
        """Wait for the map's worker thread to end (closing the wizard)."""
        if self._base_task is not None:
            self._base_task.wait(msecs)

    def load(self, path: Path, sheet: str | None) -> None:
        """Preview the file (or one sheet of it) and guess the mapping again."""
        from gis.errors import InputError
        from gis.importing.schools import preview_schools

        self._loaded = (path, sheet)
        self.file_label.setText(self.tr("File: {path}").format(path=path))
        try:
            preview = preview_schools(path, sheet=sheet)
        except InputError as exc:
            self.preview, self.schools = None, None
            self.report = _report_of(exc, path)
            self._show_table(None)
            self.findings.set_findings(self.report.findings)
            self.points.set_points([], [], [])
            self.count_label.setText(self.tr("The file cannot be read."))
            self.completeChanged.emit()
            return
        self.preview = preview
        self._show_table(preview)
        self.refresh()
        self.completeChanged.emit()

    def _show_table(self, preview: SchoolPreview | None) -> None:
        from gis.importing.schools import HEADER_SYNONYMS

        self._filling = True
        try:
            encoding = preview.encoding if preview is not None and preview.encoding else self.tr("none (not text)")
            self.encoding_label.setText(self.tr("Encoding: {encoding}").format(encoding=encoding))
            sheets = preview.sheets if preview is not None else ()
            self.sheet.clear()
            self.sheet.addItems(list(sheets))
            if preview is not None and preview.sheet in sheets:
                self.sheet.setCurrentText(preview.sheet)
            for widget in (self.sheet, self.sheet_label):
                widget.setVisible(len(sheets) > 1)
            header = list(preview.header) if preview is not None else []
            rows = preview.rows if preview is not None else ()
            self.rows.clear()
            self.rows.setColumnCount(len(header))
            self.rows.setRowCount(len(rows))
            self.rows.setHorizontalHeaderLabels(header)
            for r, values in enumerate(rows):
                for c, value in enumerate(values):
                    self.rows.setItem(r, c, QTableWidgetItem(value))
            self.rows.resizeColumnsToContents()
            while self.mapping_form.rowCount():
                self.mapping_form.removeRow(0)
            self.combos = {}
            if preview is None:
                return
            mapping = preview.mapping
            choices = [h for h in header if h.strip()]
            for field, synonyms in HEADER_SYNONYMS.items():
                combo = QComboBox()
                combo.addItem(self.tr("(not in the file)"), self.NOT_IN_FILE)
                for name in choices:
                    combo.addItem(name, name)
                if field in mapping:
                    combo.setCurrentIndex(max(combo.findData(mapping[field]), 0))
                combo.currentIndexChanged.connect(self.refresh)
                self.combos[field] = combo
                self.mapping_form.addRow(f"{field} ({synonyms[0]})", combo)
        finally:
            self._filling = False

    def _sheet_changed(self) -> None:
        if self._filling or self._loaded is None or not self.sheet.currentText():
            return
        self.load(self._loaded[0], self.sheet.currentText())

    def current_sheet(self) -> str | None:
        return self.preview.sheet if self.preview is not None else None

    def mapping(self) -> dict[str, str | None]:
        """{field: header or None} as the combos show it (every field, so the reader guesses nothing)."""
        return {field: (combo.currentData() or None) for field, combo in self.combos.items()}

    @Slot()
    def refresh(self) -> None:
        """Read the schools with the current mapping into a scratch report and show where they fall."""
        from gis.errors import InputError
        from gis.importing.report import ImportReport
        from gis.importing.schools import read_schools

        if self._filling or self.preview is None or self._loaded is None:
            return
        report = ImportReport()
        try:
            schools = read_schools(
                self._loaded[0],
                project_crs="EPSG:4326",
                report=report,
                coords=self._files().stated_coords(),
                mapping=self.mapping(),
                sheet=self.current_sheet(),
            )
        except InputError as exc:
            schools = None
            report = _report_of(exc, self._loaded[0])
        self.schools, self.report = schools, report
        self.findings.set_findings(report.findings)
        if schools is None or not len(schools):
            self.points.set_points([], [], [])
        else:
            self.points.set_points(
                schools.geometry.x.tolist(), schools.geometry.y.tolist(), [str(n) for n in schools["name"]]
            )
        self.count_label.setText(
            self.tr("{schools} schools read; {errors} errors, {warnings} warnings so far").format(
                schools=0 if schools is None else len(schools),
                errors=len(report.errors),
                warnings=len(report.warnings),
            )
        )

    def isComplete(self) -> bool:
        return self.preview is not None


class ImportPage(QWizardPage):
    """Page 3: the project file, the import in a worker thread and the validation report."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Import"))
        self.setSubTitle(
            self.tr("The project is written only if the files have no errors; the report is written beside it.")
        )
        self._task: Task | None = None
        self.project: Project | None = None
        self.report: ImportReport | None = None
        self.report_path: Path | None = None
        self.target = _FileRow(QT_TRANSLATE_NOOP("ImportWizard", "Project file"), PROJECT_FILES, save=True)
        self.target.changed.connect(self.completeChanged)
        self.name = QLineEdit()
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel the import"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.findings = ReportTable()
        self.open_button = QPushButton(self.tr("Open the project"))
        self.open_button.clicked.connect(self._open)
        self.open_button.hide()

        form = QFormLayout()
        form.addRow(self.tr("Project file:"), self.target)
        form.addRow(self.tr("Project name:"), self.name)
        run = QHBoxLayout()
        run.addWidget(self.import_button)
        run.addWidget(self.progress, 1)
        run.addWidget(self.cancel_button)
        done = QHBoxLayout()
        done.addWidget(self.status, 1)
        done.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(run)
        layout.addLayout(done)
        layout.addWidget(self.findings, 1)

    def initializePage(self) -> None:
        schools = self.wizard().files_page.schools.path()  # type: ignore[attr-defined]
        if schools is not None and not self.target.edit.text():
            self.target.edit.setText(str(schools.with_suffix(".gpkg")))
        if schools is not None and not self.name.text():
            self.name.setText(schools.stem)

    @property
    def is_running(self) -> bool:
        return self._task is not None

    def isComplete(self) -> bool:
        """Finish only once the import has written the project."""
        return not self.is_running and self.project is not None

    def start(self) -> bool:
        """Run the import in a worker thread; returns whether it started."""
        from app import notify
        from gis.importing.assemble import import_to_file

        target = self.target.path()
        if self.is_running:
            return False
        if target is None:
            notify.notify_error(self, self.tr("Choose the project file to write."))
            return False
        if target.suffix.lower() != ".gpkg":
            target = target.with_suffix(".gpkg")
            self.target.edit.setText(str(target))
        sources = self.wizard().sources(name=self.name.text().strip() or None)  # type: ignore[attr-defined]

        def work(progress: ProgressFn, cancel: CancelFn) -> object:
            from layers.qgis_styles import project_styles

            return import_to_file(
                sources,
                target,
                progress=progress,
                cancel=cancel,
                styles=lambda project: project_styles(project, language=style_language()),
            )

        self.project, self.report, self.report_path = None, None, None
        self.findings.set_findings([])
        self.open_button.hide()
        self._task = self.wizard().runner.run(  # type: ignore[attr-defined]
            work,
            self._on_succeeded,
            error=self.tr("The import failed: {message}"),
            on_failed=self._on_failed,
            on_cancelled=self._on_cancelled,
            on_progress=self._on_progress,
            on_finished=self._on_finished,
            background=True,
            owner=self,
        )
        self.import_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.status.setText(self.tr("Importing…"))
        self.completeChanged.emit()
        return True

    def cancel(self) -> None:
        """Ask the running import to stop at its next step; nothing is written then."""
        if self._task is not None:
            self._task.cancel()

    def wait(self, msecs: int = 60_000) -> None:
        """Wait for the worker thread to end (closing the wizard)."""
        if self._task is not None:
            self._task.wait(msecs)

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(100 * fraction))
        self.status.setText(self.tr("Importing: {message}").format(message=message))

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self.project, self.report, self.report_path = result  # type: ignore[misc]
        assert self.report is not None
        self.findings.set_findings(self.report.findings)
        counts = {"errors": len(self.report.errors), "warnings": len(self.report.warnings)}
        if self.project is None:
            self.status.setText(
                self.tr(
                    "{errors} errors: nothing was written. Fix the files and import again (report: {report})."
                ).format(report=self.report_path, **counts)
            )
        else:
            self.status.setText(
                self.tr("Written: {path} ({schools} schools, {cells} populated cells; {warnings} warnings).").format(
                    path=self.target.path(),
                    schools=len(self.project.schools),
                    cells=len(self.project.population),
                    warnings=counts["warnings"],
                )
            )
            self.open_button.setVisible(self.wizard().open_project is not None)  # type: ignore[attr-defined]

    def _on_failed(self, _message: str, _details: str) -> None:
        self.status.setText(self.tr("The import failed; nothing was written."))  # the notification says why

    @Slot()
    def _on_cancelled(self) -> None:
        self.status.setText(self.tr("Cancelled; nothing was written."))

    @Slot()
    def _on_finished(self) -> None:
        self._task = None
        self.progress.hide()
        self.cancel_button.hide()
        self.import_button.setEnabled(True)
        self.completeChanged.emit()

    def _open(self) -> None:
        open_project = self.wizard().open_project  # type: ignore[attr-defined]
        path = self.target.path()
        if open_project is not None and path is not None and open_project(path):
            self.wizard().accept()


class ImportWizard(QWizard):
    """File → Import county data…: files, schools preview and mapping, import and report."""

    def __init__(
        self,
        runner: TaskRunner | None = None,
        *,
        open_project: Callable[[Path], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """A wizard running its work through ``runner`` (its own if none), offering ``open_project`` at the end."""
        from app.tasks import TaskRunner

        super().__init__(parent)
        self.runner = runner if runner is not None else TaskRunner(self)
        self.open_project = open_project
        self.setWindowTitle(self.tr("Import county data"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.files_page = FilesPage()
        self.schools_page = SchoolsPage()
        self.import_page = ImportPage()
        for page in (self.files_page, self.schools_page, self.import_page):
            self.addPage(page)
        self.resize(980, 700)

    def sources(self, *, name: str | None = None) -> ImportSources:
        """The import as chosen on the pages (the mapping as the combos show it)."""
        from gis.importing.assemble import ImportSources

        files = self.files_page
        schools, roads = files.schools.path(), files.roads.path()
        assert schools is not None and roads is not None
        return ImportSources(
            schools=schools,
            population=files.population_paths(),
            roads=roads,
            dem=files.dem.path(),
            boundaries=files.boundaries.path(),
            coords=files.stated_coords(),
            name=name,
            school_mapping=self.schools_page.mapping(),
            sheet=self.schools_page.current_sheet(),
            boundary_code_field=files.boundary_field("code"),
            boundary_name_field=files.boundary_field("name"),
        )

    def done(self, result: int) -> None:
        """Closing stops a running import first (nothing is written then)."""
        if self.import_page.is_running:
            self.import_page.cancel()
            self.import_page.wait()
        self.schools_page.wait()
        super().done(result)
