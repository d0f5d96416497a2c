"""The import wizard, offscreen: preview, column mapping, points, import in a worker and the report."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
import rasterio
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QGraphicsEllipseItem, QWizard
from rasterio.transform import Affine

import app.notify as notify_module
import gis.importing.schools as schools_module
from app.importer import ERROR_COLOUR, ImportWizard
from app.window import MainWindow
from gis.importing.assemble import ImportSources, import_to_file
from gis.importing.coords import wgs84_to_gcj02
from gis.importing.report import ImportReport
from gis.importing.schools import read_schools

TIMEOUT_MS = 30_000
# Three schools on an east–west road near Guiyang (WGS84), written in GCJ-02 as Amap gives them.
WGS84 = [(106.700, 26.500), (106.710, 26.500), (106.720, 26.500)]
HEADER = ["学校代码", "学校名称", "学段", "经度", "纬度", "在校生数", "学位数", "备注"]


def write_county(folder: Path, *, codes: tuple[str, ...] = ("5201001", "5201002", "5201003")) -> dict[str, Path]:
    """A GBK school sheet with Chinese headers, a roads GeoJSON and two cohort GeoTIFFs."""
    lon, lat = wgs84_to_gcj02(np.array([p[0] for p in WGS84]), np.array([p[1] for p in WGS84]))
    rows = [
        [codes[0], "第一小学", "小学", f"{lon[0]:.8f}", f"{lat[0]:.8f}", 300, 400, "城区"],
        [codes[1], "第二小学", "小学", f"{lon[1]:.8f}", f"{lat[1]:.8f}", 200, 300, "二班"],
        [codes[2], "红星初中", "初中", f"{lon[2]:.8f}", f"{lat[2]:.8f}", 500, 600, ""],
    ]
    schools = folder / "学校.csv"
    with open(schools, "w", encoding="gbk", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    roads = folder / "roads.geojson"
    features = [
        ([[106.69, 26.5], [106.71, 26.5], [106.73, 26.5]], "county", "县道"),
        ([[106.71, 26.49], [106.71, 26.5], [106.71, 26.51]], "township", "乡道"),
    ]
    roads.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"road_class": cls, "name": name},
                        "geometry": {"type": "LineString", "coordinates": coords},
                    }
                    for coords, cls, name in features
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    paths = {"schools": schools, "roads": roads}
    for cohort, children in (("primary", 2.0), ("junior", 1.0)):
        path = folder / f"{cohort}.tif"
        with rasterio.open(path, "w", driver="GTiff", width=50, height=30, count=1, dtype="float32",
                           crs="EPSG:4326", transform=Affine(0.001, 0, 106.69, 0, -0.001, 26.515)) as dst:  # fmt: skip
            dst.write(np.full((30, 50), children, np.float32), 1)
        paths[cohort] = path
    return paths


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every message that reached the notification path (no dialog is shown)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        notify_module, "notify_error", lambda _parent, message, details="": shown.append((message, details))
    )
    return shown


def fill_files(qtbot, wizard: ImportWizard, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Page 1 as a planner fills it: Browse for the schools, Add the population files, GCJ-02."""
    page = wizard.files_page
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(files["schools"]), ""))
    qtbot.mouseClick(page.schools.browse, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(files["primary"]), str(files["junior"])], "")
    )
    qtbot.mouseClick(page.add_population, Qt.MouseButton.LeftButton)
    page.roads.edit.setText(str(files["roads"]))
    assert page.isComplete()  # WGS84 from the file would do; the sheet is in GCJ-02 though
    page.coords.setCurrentIndex(page.coords.findData("gcj02"))
    assert page.stated_coords() == "gcj02"


def open_wizard(qtbot, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, window=None) -> ImportWizard:  # type: ignore[no-untyped-def]
    if window is None:
        wizard = ImportWizard()
    else:  # as File → Import county data… makes it
        wizard = ImportWizard(window.runner, open_project=window.open_project, parent=window)
    qtbot.addWidget(wizard)
    wizard.show()
    fill_files(qtbot, wizard, files, monkeypatch)
    wizard.next()
    assert wizard.currentPage() is wizard.schools_page
    return wizard


def test_files_page_needs_the_files_and_a_known_coordinate_system(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    files = write_county(tmp_path)
    wizard = ImportWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.files_page
    assert not page.isComplete()
    fill_files(qtbot, wizard, files, monkeypatch)
    page.coords.setCurrentIndex(page.coords.findData("epsg"))
    page.epsg.setText("no such system")
    assert not page.isComplete()
    page.epsg.setText("4490")
    assert page.isComplete() and page.stated_coords() == "EPSG:4490"
    page.boundaries.edit.setText(str(tmp_path / "missing.gpkg"))
    assert not page.isComplete()


def test_preview_shows_encoding_mapping_and_the_schools_where_they_are(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    files = write_county(tmp_path)
    wizard = open_wizard(qtbot, files, monkeypatch)
    page = wizard.schools_page
    assert "GB18030" in page.encoding_label.text()
    assert not page.sheet.isVisible()  # a CSV has no sheets
    assert [page.rows.horizontalHeaderItem(c).text() for c in range(page.rows.columnCount())] == HEADER
    assert page.rows.rowCount() == 3 and page.rows.item(0, 1).text() == "第一小学"
    shown = {field: combo.currentText() for field, combo in page.combos.items() if combo.currentData()}
    assert shown == {
        "school_id": "学校代码",
        "name": "学校名称",
        "type": "学段",
        "enrolment": "在校生数",
        "capacity": "学位数",
        "lon": "经度",
        "lat": "纬度",
    }
    # The dots: as many as read_schools reads, un-shifted back to the WGS84 positions.
    expected = read_schools(files["schools"], project_crs="EPSG:4326", report=ImportReport(), coords="gcj02")
    assert len(expected) == 3
    assert page.points.point_count() == len(expected) == len(page.schools)
    assert page.count_label.text().startswith("3 schools read; 0 errors")
    dots = sorted(i.pos().x() for i in page.points.scene().items() if isinstance(i, QGraphicsEllipseItem))
    squash = math.cos(math.radians(26.5))
    np.testing.assert_allclose([x / squash for x in dots], [p[0] for p in WGS84], atol=1e-6)
    assert page.findings.rowCount() == len(page.report.findings) > 0
    assert not (tmp_path / "学校.gpkg").exists()  # nothing written by the preview
    # The roads of the roads file are drawn under the dots (read in a worker thread).
    qtbot.waitUntil(lambda: page.points.base_items() == 1, timeout=20_000)
    road_box = page.points._base[0].boundingRect()
    assert road_box.left() <= min(dots) and road_box.right() >= max(dots)


def test_changing_a_mapping_combo_changes_what_read_schools_receives(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    files = write_county(tmp_path)
    wizard = open_wizard(qtbot, files, monkeypatch)
    page = wizard.schools_page
    received: list[dict[str, str | None]] = []
    real = schools_module.read_schools

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        received.append(dict(kwargs["mapping"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(schools_module, "read_schools", spy)
    page.combos["name"].setCurrentIndex(page.combos["name"].findData("备注"))
    assert received[-1]["name"] == "备注" and received[-1]["school_id"] == "学校代码"
    assert page.schools is not None and list(page.schools["name"]) == ["城区", "二班"]  # the third has no name
    assert page.report is not None and page.report.errors
    page.combos["name"].setCurrentIndex(page.combos["name"].findData("学校名称"))
    page.combos["capacity"].setCurrentIndex(0)  # not in the file
    assert received[-1]["name"] == "学校名称" and received[-1]["capacity"] is None
    assert page.points.point_count() == 3
    assert wizard.sources().school_mapping == received[-1]


def test_import_writes_the_project_with_the_headless_report(qtbot, tmp_path: Path, monkeypatch, errors) -> None:  # type: ignore[no-untyped-def]
    files = write_county(tmp_path)
    window = MainWindow(web_map=False, settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    opened: list[Path] = []
    monkeypatch.setattr(window, "open_project", lambda path: opened.append(Path(path)) or True)
    wizard = open_wizard(qtbot, files, monkeypatch, window=window)
    wizard.next()
    page = wizard.import_page
    assert wizard.currentPage() is page
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not page.isComplete() and not finish.isEnabled()  # no Finish before Import
    out = tmp_path / "out" / "县.gpkg"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(page.target.browse, Qt.MouseButton.LeftButton)
    assert not out.exists() and not list(out.parent.iterdir())  # nothing written before Import
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert not page.isComplete()  # running: Finish waits
    qtbot.waitUntil(lambda: not page.is_running, timeout=TIMEOUT_MS)
    assert errors == []
    assert page.project is not None and out.exists()
    assert page.isComplete() and finish.isEnabled()  # Finish once the project is written
    assert (out.parent / "县.import-report.csv").exists()
    # The same files through the headless import (as the command line runs it) give the same lines.
    sources = ImportSources(
        schools=files["schools"],
        population=(files["primary"], files["junior"]),
        roads=files["roads"],
        coords="gcj02",
    )
    project, report, _ = import_to_file(sources, tmp_path / "headless.gpkg")
    assert project is not None and len(project.schools) == len(page.project.schools) == 3
    assert page.findings.lines() == [
        (f.severity, str(f.problem), str(f.fix), f.where, f.field, f.value, f.file) for f in report.findings
    ]
    assert page.open_button.isVisible()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert opened == [out]
    assert wizard.result() == QWizard.DialogCode.Accepted


def test_duplicate_codes_show_red_errors_and_write_nothing(qtbot, tmp_path: Path, monkeypatch, errors) -> None:  # type: ignore[no-untyped-def]
    files = write_county(tmp_path, codes=("5201001", "5201001", "5201003"))
    wizard = open_wizard(qtbot, files, monkeypatch)
    assert wizard.schools_page.report is not None and wizard.schools_page.report.errors  # seen in the preview
    wizard.next()
    page = wizard.import_page
    out = tmp_path / "broken.gpkg"
    page.target.edit.setText(str(out))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_running, timeout=TIMEOUT_MS)
    assert errors == []
    assert page.project is None and not out.exists()
    assert page.report is not None
    assert any("duplicate" in f.problem and f.where == "row 3" and f.value == "5201001" for f in page.report.errors)
    red = [r for r in range(page.findings.rowCount()) if page.findings.item(r, 0).foreground().color() == ERROR_COLOUR]
    assert [page.findings.item(r, 0).text() for r in red] == ["error"] * len(page.report.errors)
    assert {page.findings.item(r, 1).text() for r in red} == {str(f.problem) for f in page.report.errors}
    assert "nothing was written" in page.status.text()
    assert not page.open_button.isVisible()
    assert not page.isComplete() and not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_the_file_menu_opens_the_wizard(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(web_map=False, settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert window.import_action in window.file_menu.actions()
    wizard = window.show_import_wizard()
    assert isinstance(wizard, ImportWizard) and wizard.isVisible()
    assert wizard.currentPage() is wizard.files_page
    wizard.reject()


def test_the_wizard_speaks_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.i18n import install_language

    try:
        assert install_language("zh_CN")
        wizard = ImportWizard()
        qtbot.addWidget(wizard)
        assert wizard.windowTitle() == "导入县域数据"
        assert wizard.files_page.title() == "县里的数据文件"
        assert wizard.schools_page.title() == "学校"
        assert wizard.import_page.import_button.text() == "导入"
        assert wizard.files_page.coords.itemText(2).startswith("GCJ-02 经纬度")
        assert wizard.import_page.findings.horizontalHeaderItem(1).text() == "问题"
    finally:
        assert install_language("en")


def test_the_report_speaks_chinese(qtbot, tmp_path: Path, monkeypatch, errors) -> None:  # type: ignore[no-untyped-def]
    from app.i18n import install_language

    files = write_county(tmp_path, codes=("5201001", "5201001", "5201003"))
    try:
        assert install_language("zh_CN")
        wizard = open_wizard(qtbot, files, monkeypatch)
        wizard.next()
        page = wizard.import_page
        page.target.edit.setText(str(tmp_path / "broken.gpkg"))
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not page.is_running, timeout=TIMEOUT_MS)
        assert page.report is not None and errors == []
        red = [r for r, f in enumerate(page.report.findings) if f.severity == "error"]
        assert red and [page.findings.item(r, 0).text() for r in red] == ["错误"] * len(red)
        for r in red:
            finding = page.report.findings[r]
            problem, fix = page.findings.item(r, 1).text(), page.findings.item(r, 2).text()
            assert problem != str(finding.problem) and re.search(r"[\u4e00-\u9fff]", problem), problem
            assert fix != str(finding.fix) and re.search(r"[\u4e00-\u9fff]", fix), fix
            assert page.findings.item(r, 6).text() == str(files["schools"])  # the file last
    finally:
        assert install_language("en")


def test_an_unreadable_schools_file_is_reported_and_stops_the_wizard(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    files = write_county(tmp_path)
    files["schools"] = tmp_path / "学校.xlsx"
    files["schools"].write_text("not a workbook", encoding="utf-8")
    wizard = open_wizard(qtbot, files, monkeypatch)
    page = wizard.schools_page
    assert not page.isComplete() and page.combos == {} and page.points.point_count() == 0
    assert page.findings.rowCount() == 1
    assert page.findings.item(0, 6).text() == str(files["schools"])
    assert "not a readable Excel workbook" in page.findings.item(0, 1).text()
    assert page.findings.item(0, 0).foreground().color() == ERROR_COLOUR


def test_cancel_writes_nothing(qtbot, tmp_path: Path, monkeypatch, errors) -> None:  # type: ignore[no-untyped-def]
    files = write_county(tmp_path)
    wizard = open_wizard(qtbot, files, monkeypatch)
    wizard.next()
    page = wizard.import_page
    out = tmp_path / "out" / "cancelled.gpkg"
    out.parent.mkdir()
    page.target.edit.setText(str(out))
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    assert page.cancel_button.isVisible()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.is_running, timeout=TIMEOUT_MS)
    assert errors == [] and page.report is None
    assert page.status.text() == "Cancelled; nothing was written."
    assert list(out.parent.iterdir()) == []
    assert not page.isComplete() and page.import_button.isEnabled()  # no Finish without a project
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_no_gap_under_the_population_list(qtbot) -> None:  # type: ignore[no-untyped-def]
    wizard = ImportWizard()
    qtbot.addWidget(wizard)
    wizard.resize(980, 900)  # taller than the rows need
    wizard.show()
    page = wizard.files_page
    qtbot.waitExposed(wizard)
    spacing = page.layout().itemAt(0).layout().verticalSpacing()
    # The roads row starts right under the list: the spare room is at the foot of the page.
    gap = page.roads.geometry().top() - page.population.geometry().bottom() - 1
    assert 0 <= gap <= spacing + 2
    assert page.add_population.geometry().top() == page.population.geometry().top()


def test_the_township_code_and_name_fields_can_be_chosen(qtbot, tmp_path: Path, monkeypatch, errors) -> None:  # type: ignore[no-untyped-def]
    import geopandas as gpd
    from shapely.geometry import box

    files = write_county(tmp_path)
    towns = tmp_path / "towns.geojson"
    gpd.GeoDataFrame(
        {"编号": ["520100101", "520100102"], "地名": ["甲镇", "乙乡"]},
        geometry=[box(106.69, 26.485, 106.705, 26.515), box(106.705, 26.485, 106.74, 26.515)],
        crs="EPSG:4326",
    ).to_file(towns)
    wizard = open_wizard(qtbot, files, monkeypatch)
    page = wizard.files_page
    assert not page.boundary_code.isEnabled()  # no boundaries file yet
    page.boundaries.edit.setText(str(towns))
    assert page.boundary_code.isEnabled()
    assert [page.boundary_code.itemData(i) for i in range(page.boundary_code.count())] == [None, "编号", "地名"]
    assert (wizard.sources().boundary_code_field, wizard.sources().boundary_name_field) == (None, None)
    page.boundary_code.setCurrentIndex(page.boundary_code.findData("编号"))
    page.boundary_name.setCurrentIndex(page.boundary_name.findData("地名"))
    sources = wizard.sources()
    assert (sources.boundary_code_field, sources.boundary_name_field) == ("编号", "地名")
    project, report, _ = import_to_file(sources, tmp_path / "county.gpkg")
    assert report.ok, [str(f) for f in report.errors]
    assert project is not None
    # 106.700 lies in 甲镇 (west of 106.705), 106.710 and 106.720 in 乙乡.
    assert project.schools.sort_values("school_id")["township"].tolist() == ["520100101", "520100102", "520100102"]
    assert report.reconciliation is not None and report.findings[-1].problem.startswith("children outside the county")
