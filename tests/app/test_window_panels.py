"""The layer panel (opacity, order, legend), the township summary, the cursor read-out, saving,
recent projects and the local base map, offscreen."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings, Qt
from PySide6.QtGui import QColor, QImage

from app.cli import DEMO_PROJECT
from app.projectfiles import MAX_RECENT
from app.window import MainWindow
from gis.analysis import Analysis
from gis.indicators import coverage_indicators
from gis.project import load_project
from layers.style import ROAD_STYLES
from tests.app import test_window as base
from tests.app.test_window import TIMEOUT_MS, _js, _run

# The fixtures of the window's main tests: the demo county open in a window, and so on.
headless, errors, recorder, window = base.headless, base.errors, base.recorder, base.window

LOCAL = ("file:", "data:", "qrc:", "blob:", "about:", "mbtiles:")


def _layer_order_in_panel(win: MainWindow) -> list[str]:
    """The layer names of the panel, bottom first (the panel lists the top layer first)."""
    names = [
        str(win.layer_panel.layer_list.item(i).data(Qt.ItemDataRole.UserRole))
        for i in range(win.layer_panel.layer_list.count())
    ]
    return names[::-1]


def _page_order(qtbot, win: MainWindow) -> list[str]:
    return json.loads(str(_js(qtbot, win, "JSON.stringify(window.schoolplan.order())")))


# ----------------------------------------------------------------- layer panel
def test_opacity_slider_reaches_the_page(qtbot, window: MainWindow, errors) -> None:
    assert window.layer_panel.select_layer("population_primary")
    assert window.layer_panel.opacity_slider.value() == 70  # the layer's own opacity
    window.layer_panel.opacity_slider.setValue(35)
    assert window.session.layers["population_primary"].opacity == pytest.approx(0.35)
    qtbot.waitUntil(
        lambda: _js(qtbot, window, "window.schoolplan.opacityOf('population_primary')") == pytest.approx(0.35),
        timeout=TIMEOUT_MS,
    )
    assert window.layer_panel.select_layer("roads")
    assert window.layer_panel.opacity_slider.value() == 100
    window.layer_panel.opacity_slider.setValue(20)
    qtbot.waitUntil(
        lambda: _js(qtbot, window, "window.schoolplan.opacityOf('roads')") == pytest.approx(0.2), timeout=TIMEOUT_MS
    )
    assert window.layer_panel.select_layer("population_primary")
    assert window.layer_panel.opacity_slider.value() == 35  # each layer keeps its own
    assert errors == []


def test_up_and_down_buttons_reorder_the_page(qtbot, window: MainWindow) -> None:
    before = list(window.session.layers.names)
    assert _page_order(qtbot, window) == before
    assert window.layer_panel.select_layer("roads")
    window.layer_panel.layer_up_button.click()
    after = list(window.session.layers.names)
    i = before.index("roads")
    assert after[i + 1] == "roads" and after[i] == before[i + 1]
    assert _layer_order_in_panel(window) == after
    assert window.layer_panel.current_layer() == "roads"
    qtbot.waitUntil(lambda: _page_order(qtbot, window) == after, timeout=TIMEOUT_MS)
    window.layer_panel.layer_down_button.click()
    window.layer_panel.layer_down_button.click()
    assert window.session.layers.names.index("roads") == i - 1
    qtbot.waitUntil(lambda: _page_order(qtbot, window) == list(window.session.layers.names), timeout=TIMEOUT_MS)
    assert window.layer_panel.select_layer("schools")
    assert not window.layer_panel.layer_up_button.isEnabled()  # already on top


def test_panel_choices_survive_the_analysis(qtbot, window: MainWindow, errors) -> None:
    window.layer_panel.select_layer("population_primary")
    window.layer_panel.opacity_slider.setValue(40)
    window.layer_panel.layer_down_button.click()
    order = list(window.session.layers.names)
    _run(qtbot, window)  # a new page is built with the catchments
    assert "catchments_primary" in window.session.layers
    assert window.session.layers["population_primary"].opacity == pytest.approx(0.4)
    common = [n for n in window.session.layers.names if n in order]
    assert common == order
    qtbot.waitUntil(lambda: _page_order(qtbot, window) == list(window.session.layers.names), timeout=TIMEOUT_MS)
    assert _js(qtbot, window, "window.schoolplan.opacityOf('population_primary')") == pytest.approx(0.4)
    assert errors == []


def test_legend_of_the_selected_layer(window: MainWindow) -> None:
    window.layer_panel.select_layer("roads")
    text = window.layer_panel.legend_label.text()
    for style in ROAD_STYLES.values():
        assert style.color in text
    assert "County road" in text
    window.layer_panel.select_layer("population_primary")
    pop = window.project.population
    totals = pop.groupby(["row", "col"])["primary"].sum().to_numpy()
    top = np.percentile(totals[totals > 0], 98)
    assert f"{top:,.2f}".rstrip("0").rstrip(".") in window.layer_panel.legend_label.text()
    assert "children per cell" in window.layer_panel.legend_label.text()
    window.layer_panel.select_layer("schools")
    assert "Primary school" in window.layer_panel.legend_label.text()


# ----------------------------------------------------------------- township summary
def test_township_summary_equals_the_headless_indicators(qtbot, window: MainWindow, headless: Analysis) -> None:
    project = window.project
    assert window.townships.rowCount() == len(project.townships)
    _run(qtbot, window)
    figures = {(i.scope, i.level, i.metric): i.value for i in coverage_indicators(headless)}
    names = dict(zip(project.townships["code"].astype(str), project.townships["name"].astype(str), strict=True))
    # Over-full schools, counted here from the project's own enrolment and places.
    schools = project.schools
    primary = sum(schools[f"enrol_g{g}"].astype(float) for g in range(1, 7))
    junior = sum(schools[f"enrol_g{g}"].astype(float) for g in range(7, 10))
    full = ((schools["capacity_primary"] > 0) & (primary > schools["capacity_primary"])) | (
        (schools["capacity_junior"] > 0) & (junior > schools["capacity_junior"])
    )
    assert len(window.townships.rows) == len(names)
    for r, row in enumerate(window.townships.rows):
        scope = f"township:{row.code}"
        assert row.name == names[row.code]
        children = figures[(scope, "primary", "children")] + figures[(scope, "junior", "children")]
        assert row.children == pytest.approx(children)
        assert row.share_within == pytest.approx(figures[(scope, "grades_1_3", "share_within_threshold")], rel=1e-12)
        assert row.mean_travel_min == pytest.approx(figures[(scope, "grades_1_3", "mean_travel_min")], rel=1e-12)
        in_township = schools["township"].astype(str) == row.code
        assert row.schools == int(in_township.sum())
        assert row.over_full == int((full & in_township).sum())
        assert window.townships.item(r, 0).text() == names[row.code]
        assert window.townships.item(r, 2).text() == f"{row.share_within:.1%}"
    assert any(ord(ch) > 0x4E00 for ch in window.townships.item(0, 0).text())  # Chinese names
    assert sum(row.over_full for row in window.townships.rows) >= 1


# ----------------------------------------------------------------- cursor
def _known_cell(win: MainWindow, headless: Analysis) -> tuple[float, float, float]:
    """(lat, lon, minutes) of a populated cell with a finite grades 1–3 trip, computed headless."""
    result = headless.levels["primary"]
    minutes = result.groups[0].minutes
    k = int(np.flatnonzero(np.isfinite(minutes) & (minutes > 5))[0])
    point = headless.project.population.to_crs("EPSG:4326").geometry.iloc[int(result.cells[k])]
    return point.y, point.x, float(minutes[k])


def test_status_bar_shows_the_trip_of_the_cell_under_the_cursor(qtbot, window: MainWindow, headless) -> None:
    lat, lon, minutes = _known_cell(window, headless)
    window.map.bridge.mouseMoved(lat, lon)
    text = window.cursor_readout.text()
    assert f"{lon:.5f}" in text and f"{lat:.5f}" in text
    assert "min" not in text  # no analysis yet
    _run(qtbot, window)
    window.map.bridge.mouseMoved(lat, lon)
    assert window.cursor_readout.cursor_minutes == pytest.approx(minutes)
    assert f"{minutes:.1f} min" in window.cursor_readout.text()
    cell = window.cursor_readout.cell_at(*window.cursor_readout._to_project.transform(lon, lat))
    point = window.project.population.geometry.iloc[cell]
    assert f"x {point.x:.0f}, y {point.y:.0f}" in window.cursor_readout.text()  # the cell centre, projected
    window.map.bridge.mouseMoved(0.0, 0.0)  # far outside the county: coordinates only
    assert window.cursor_readout.cursor_minutes is None and "min" not in window.cursor_readout.text()


def test_map_mouse_moves_reach_the_status_bar(qtbot, window: MainWindow, headless) -> None:
    _run(qtbot, window)
    qtbot.waitUntil(lambda: _js(qtbot, window, "typeof window.schoolplanBridge === 'object'") is True)
    lat, lon, minutes = _known_cell(window, headless)
    window.run_js(
        f"window.schoolplan.map.fire('mousemove', {{latlng: L.latLng({lat!r}, {lon!r})}}); true", lambda _r: None
    )
    qtbot.waitUntil(lambda: f"{minutes:.1f} min" in window.cursor_readout.text(), timeout=TIMEOUT_MS)


# ----------------------------------------------------------------- save and recent projects
@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in a file of the test's own."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_save_and_recent_projects(qtbot, tmp_path: Path, settings: QSettings, errors) -> None:
    project = tmp_path / "county.gpkg"
    shutil.copy(DEMO_PROJECT, project)
    older = [tmp_path / f"old{i}.gpkg" for i in range(MAX_RECENT)]
    settings.setValue("recent_projects", [str(p) for p in older])
    win = MainWindow(web_map=False, settings=settings)
    qtbot.addWidget(win)
    assert not win.save_action.isEnabled()
    assert win.open_project(project)
    recent = win.files.recent_projects()
    assert recent[0] == project.resolve() and len(recent) == MAX_RECENT
    assert recent[1:] == older[: MAX_RECENT - 1]
    actions = [a for a in win.files.recent_menu.actions() if a.data()]
    assert [Path(a.data()) for a in actions] == recent
    # Save writes the project back in one step (a fresh file replaces the old one).
    before = project.stat().st_ino
    win.save_action.trigger()
    assert project.stat().st_ino != before
    assert len(load_project(project).schools) == len(win.project.schools)
    # A second window (another session) finds the list in the same settings.
    other = MainWindow(web_map=False, settings=QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(other)
    assert other.files.recent_projects() == recent
    first = next(a for a in other.files.recent_menu.actions() if a.data())
    first.trigger()
    assert other.project_path == project.resolve()
    other.files.clear_recent()
    assert other.files.recent_projects() == []
    assert errors == []


# ----------------------------------------------------------------- local base map
def _png(colour: str) -> bytes:
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _tiles_loaded(qtbot, win: MainWindow) -> int:
    return int(_js(qtbot, win, "document.querySelectorAll('img.leaflet-tile-loaded').length"))


def test_local_tile_folder_base_map(qtbot, window: MainWindow, recorder, tmp_path: Path, errors) -> None:
    folder = tmp_path / "tiles"
    for x in (0, 1):  # the four tiles of zoom 1: Leaflet enlarges them at the county's zoom
        (folder / "1" / str(x)).mkdir(parents=True)
        for y in (0, 1):
            (folder / "1" / str(x) / f"{y}.png").write_bytes(_png("#88cc88"))
    with qtbot.waitSignal(window.mapUpdated, timeout=TIMEOUT_MS):
        assert window.map.set_base_map(folder)
    qtbot.waitUntil(lambda: _tiles_loaded(qtbot, window) >= 1, timeout=TIMEOUT_MS)
    assert [u for u in recorder.urls if not u.startswith(LOCAL)] == []
    assert any(u.startswith("file:") and "/tiles/1/" in u for u in recorder.urls)
    assert window.map.base_map() == ("folder", folder.resolve())
    with qtbot.waitSignal(window.mapUpdated, timeout=TIMEOUT_MS):
        window.map.set_base_map(None)
    assert _js(qtbot, window, "document.querySelectorAll('img.leaflet-tile').length") == 0
    assert errors == []


def test_mbtiles_base_map_is_served_locally(qtbot, window: MainWindow, recorder, tmp_path: Path, errors) -> None:
    from app.tiles import mbtiles_handler

    path = tmp_path / "base.mbtiles"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
        for x in (0, 1):  # MBTiles count rows from the south
            for row in (0, 1):
                db.execute("INSERT INTO tiles VALUES (1, ?, ?, ?)", (x, row, _png("#8888cc")))
    db.close()
    handler = mbtiles_handler(window.map_view.page().profile())
    assert mbtiles_handler(window.map_view.page().profile()) is handler
    served: list[str] = []
    handler.served.connect(served.append)
    with qtbot.waitSignal(window.mapUpdated, timeout=TIMEOUT_MS):
        assert window.map.set_base_map(path)
    qtbot.waitUntil(lambda: _tiles_loaded(qtbot, window) >= 1, timeout=TIMEOUT_MS)
    assert served and served[0].startswith("1/")
    assert handler.tile(1, 1, 0) is not None and handler.tile(2, 0, 0) is None
    assert [u for u in recorder.urls if not u.startswith(LOCAL)] == []
    assert any(u.startswith("mbtiles:1/") for u in recorder.urls)
    window.map.set_base_map(None)
    assert errors == []
