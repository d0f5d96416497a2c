"""The main window, offscreen: open the demo county, run and cancel the analysis, search, layers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWebEngineCore import QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor
from PySide6.QtWebEngineWidgets import QWebEngineView

import app.notify as notify_module
import app.window as window_module
from app.cli import DEMO_PROJECT
from app.window import MainWindow
from gis.analysis import Analysis, analyze
from gis.indicators import coverage_indicators
from gis.project import load_project
from gis.standards import load_standards

TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def headless() -> Analysis:
    """The demo county analysed without the window."""
    return analyze(load_project(DEMO_PROJECT), load_standards())


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every message that reached the notification path (no dialog is shown)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        notify_module, "notify_error", lambda _parent, message, details="": shown.append((message, details))
    )
    return shown


class _Recorder(QWebEngineUrlRequestInterceptor):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        self.urls.append(url.toString()[:200])
        if url.scheme() not in ("file", "data", "qrc", "blob", "about", "mbtiles"):  # mbtiles: app/tiles.py
            info.block(True)


@pytest.fixture
def recorder() -> _Recorder:
    return _Recorder()


@pytest.fixture
def window(qtbot, errors, recorder) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    win.map_view.page().profile().setUrlRequestInterceptor(recorder)
    win.show()
    with qtbot.waitSignal(win.mapUpdated, timeout=TIMEOUT_MS) as loaded:
        assert win.open_project(DEMO_PROJECT)
    assert loaded.args == [True]
    yield win
    if isinstance(win.map_view, QWebEngineView):
        win.map_view.page().profile().setUrlRequestInterceptor(None)
    win.wait_for_worker()


def _run(qtbot, win: MainWindow) -> None:
    with qtbot.waitSignals([win.analysisFinished, win.mapUpdated], timeout=TIMEOUT_MS):
        win.run_action.trigger()
    qtbot.waitUntil(lambda: not win.is_running, timeout=TIMEOUT_MS)


def _js(qtbot, win: MainWindow, script: str) -> object:
    result: list[object] = []
    win.run_js(script, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=TIMEOUT_MS)
    return result[0]


def _visible(qtbot, win: MainWindow) -> list[str]:
    return json.loads(str(_js(qtbot, win, "JSON.stringify(window.schoolplan.visibleNames())")))


def test_opens_the_demo_county(window: MainWindow, errors) -> None:
    assert window.project is not None
    assert window.school_table.school_proxy.rowCount() == len(window.project.schools) == 91
    assert window.run_action.isEnabled()
    assert errors == []


def test_map_makes_only_local_requests(qtbot, window: MainWindow, recorder: _Recorder) -> None:
    assert _js(qtbot, window, "typeof L === 'object' && typeof window.schoolplan === 'object'") is True
    external = [u for u in recorder.urls if not u.startswith(("file:", "data:", "qrc:", "blob:", "about:"))]
    assert external == []
    assert any(u.startswith("file:") for u in recorder.urls)  # the interceptor did see the page


def test_dashboard_equals_the_headless_analysis(qtbot, window: MainWindow, headless: Analysis, errors) -> None:
    _run(qtbot, window)
    expected = {(i.level, i.metric): i.value for i in coverage_indicators(headless) if i.scope == "county"}
    share = window.dashboard.values[("grades_1_3", "share_within_threshold")]
    assert share == pytest.approx(expected[("grades_1_3", "share_within_threshold")], rel=1e-12)
    assert window.dashboard.table.item(0, 1).text() == f"{expected[('grades_1_3', 'share_within_threshold')]:.1%}"
    for key, value in window.dashboard.values.items():
        assert value == pytest.approx(expected[key], rel=1e-9, nan_ok=True)
    assert "Primary utilisation" in [
        window.school_table.school_model.headerData(c, window_module.Qt.Orientation.Horizontal)
        for c in range(window.school_table.school_model.columnCount())
    ]
    assert errors == []


def test_cancel_keeps_the_previous_results(qtbot, window: MainWindow, errors) -> None:
    _run(qtbot, window)
    previous = window.analysis
    values = dict(window.dashboard.values)
    finished: list[bool] = []
    window.analysisFinished.connect(lambda: finished.append(True))
    with qtbot.waitSignal(window.analysisCancelled, timeout=TIMEOUT_MS):
        window.run_action.trigger()
        assert window.is_running and window.task_progress.cancel_button.isVisibleTo(window)
        window.task_progress.cancel_button.click()
    qtbot.waitUntil(lambda: not window.is_running, timeout=TIMEOUT_MS)
    assert finished == []
    assert window.analysis is previous
    assert window.dashboard.values == values
    assert not window.task_progress.progress_bar.isVisibleTo(window)
    assert window.run_action.isEnabled()
    assert errors == []


def test_search_filters_schools_by_name_or_code(window: MainWindow) -> None:
    schools = window.project.schools
    name = str(schools["name"].iloc[5])
    window.school_table.search_box.setText(name)
    expected = sum(name.casefold() in str(n).casefold() for n in schools["name"])
    assert window.school_table.school_proxy.rowCount() == expected >= 1
    code = str(schools["school_id"].iloc[7])
    window.school_table.search_box.setText(code)
    assert window.school_table.school_proxy.rowCount() == 1
    assert window.school_table.school_proxy.index(0, 0).data() == code
    window.school_table.search_box.setText("no such school")
    assert window.school_table.school_proxy.rowCount() == 0
    window.school_table.search_box.clear()
    assert window.school_table.school_proxy.rowCount() == len(schools)


def test_table_sorts_by_value(window: MainWindow) -> None:
    column = list(window.school_table.school_model.frame.columns).index("enrol_total")
    window.school_table.school_view.sortByColumn(column, window_module.Qt.SortOrder.DescendingOrder)
    shown = [
        window.school_table.school_proxy.index(r, column).data(window_module.Qt.ItemDataRole.UserRole) for r in range(5)
    ]
    assert shown == sorted(window.school_table.school_model.frame["enrol_total"], reverse=True)[:5]


def test_layer_panel_toggles_map_layers(qtbot, window: MainWindow) -> None:
    items = [window.layer_panel.layer_list.item(i) for i in range(window.layer_panel.layer_list.count())]
    schools = next(i for i in items if i.data(window_module.Qt.ItemDataRole.UserRole) == "schools")
    assert "schools" in _visible(qtbot, window)
    schools.setCheckState(window_module.Qt.CheckState.Unchecked)
    assert window.session.layers["schools"].visible is False
    qtbot.waitUntil(lambda: "schools" not in _visible(qtbot, window), timeout=TIMEOUT_MS)


def test_bad_project_goes_to_the_notification(window: MainWindow, errors, tmp_path: Path) -> None:
    bad = tmp_path / "broken.gpkg"
    bad.write_text("not a geopackage")
    assert not window.open_project(bad)
    assert len(errors) == 1
    assert "broken.gpkg" in errors[0][1]
    assert window.project is not None  # the open project stays


# ----------------------------------------------------------------- map bridge and school details
def _bridge_ready(qtbot, win: MainWindow) -> None:
    qtbot.waitUntil(lambda: _js(qtbot, win, "typeof window.schoolplanBridge === 'object'") is True, timeout=TIMEOUT_MS)


def _school(win: MainWindow, i: int) -> tuple[str, str]:
    schools = win.project.schools
    return str(schools["school_id"].iloc[i]), str(schools["name"].iloc[i])


def _selected_codes(win: MainWindow) -> list[str]:
    rows = win.school_table.school_view.selectionModel().selectedRows(0)
    return [str(index.data(window_module.Qt.ItemDataRole.UserRole)) for index in rows]


def test_bridge_call_selects_the_school(qtbot, window: MainWindow, errors) -> None:
    _bridge_ready(qtbot, window)
    code, name = _school(window, 3)
    with qtbot.waitSignal(window.session.schoolSelected, timeout=TIMEOUT_MS) as chosen:
        window.run_js(f"window.schoolplanBridge.schoolClicked({json.dumps(code)}); true", lambda _r: None)
    assert chosen.args == [code]
    assert _selected_codes(window) == [code]
    assert window.session.selected_school == code
    text = window.details.details_label.text()
    assert name in text and code in text
    assert "Flags:" in text
    assert errors == []


def test_marker_click_selects_the_school_and_its_catchment(qtbot, window: MainWindow, errors) -> None:
    _run(qtbot, window)
    _bridge_ready(qtbot, window)
    from gis.indicators import school_table

    expected = school_table(window.analysis)
    small = expected[expected["under_100"]]
    assert len(small), "the demo county has small schools"
    code = str(small["school_id"].iloc[0])
    window.school_table.search_box.setText("no such school")  # a search that hides the school is cleared
    with qtbot.waitSignal(window.session.schoolSelected, timeout=TIMEOUT_MS):
        assert _js(qtbot, window, f"window.schoolplan.clickSchool({json.dumps(code)})") is True
    assert window.school_table.search_box.text() == ""
    assert _selected_codes(window) == [code]
    text = window.details.details_label.text()
    assert "Under 100 pupils" in text
    pupils = f"{float(small['enrol_total'].iloc[0]):,.0f}"
    assert f"Pupils</td><td align='right'>&nbsp;{pupils}<" in text
    # the primary catchment (visible) is outlined on the map
    assert _js(qtbot, window, "window.schoolplan.selectedSchool()") == code
    assert _js(qtbot, window, f"window.schoolplan.highlightSchool({json.dumps(code)})") >= 1
    assert errors == []


def test_selecting_a_row_zooms_the_map_to_the_school(qtbot, window: MainWindow) -> None:
    code, _ = _school(window, 10)
    where = window.project.schools.to_crs("EPSG:4326")
    point = where.geometry[where["school_id"].astype(str) == code].iloc[0]
    window.school_table.school_view.selectRow(window.school_table.proxy_row(code))
    assert window.session.selected_school == code

    def centred() -> bool:
        centre = json.loads(str(_js(qtbot, window, "JSON.stringify(window.schoolplan.map.getCenter())")))
        return abs(centre["lat"] - point.y) < 1e-4 and abs(centre["lng"] - point.x) < 1e-4

    qtbot.waitUntil(centred, timeout=TIMEOUT_MS)
    assert _js(qtbot, window, "window.schoolplan.map.getZoom()") >= 13
    assert _js(qtbot, window, "window.schoolplan.selectedSchool()") == code


def test_language_switches_at_runtime(qtbot, window: MainWindow) -> None:
    horizontal = window_module.Qt.Orientation.Horizontal
    try:
        assert window.set_language("zh_CN")
        qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=TIMEOUT_MS)
        assert window.schools_dock.windowTitle() == "学校"
        assert window.run_action.text() == "运行分析(&R)"
        assert window.task_progress.cancel_button.text() == "取消"
        assert window.school_table.school_model.headerData(0, horizontal) == "学校代码"
        chinese = {"primary": "小学", "junior": "初级中学", "nine_year": "九年一贯制学校", "teaching_point": "教学点"}
        kind = window.school_table.school_proxy.index(0, 2)
        assert kind.data() == chinese[kind.data(window_module.Qt.ItemDataRole.UserRole)]
        assert window.dashboard.table.item(0, 0).text() == "一至三年级：符合通行时间标准的比例"
        titles = [window.layer_panel.layer_list.item(i).text() for i in range(window.layer_panel.layer_list.count())]
        assert "学校" in titles and window.layers_dock.windowTitle() == "图层"
        assert window.statusBar().currentMessage().endswith("个有人口的网格")
        assert window.language_actions["zh_CN"].isChecked()
    finally:
        window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File", timeout=TIMEOUT_MS)
    assert window.schools_dock.windowTitle() == "Schools"
    assert window.school_table.school_model.headerData(0, horizontal) == "Code"
    assert window.language_actions["en"].isChecked()


# ----------------------------------------------------------------- screenshot
SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"


def _colours(image) -> int:
    """How many distinct colours an image has (sampled every few pixels)."""
    import numpy as np
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.width() * image.height())
    return len(np.unique(pixels[::7]))


def test_screenshot_of_the_analysed_demo_county(qtbot, window: MainWindow, errors) -> None:
    window.resize(1440, 900)
    code, _ = _school(window, 0)
    window.select_school(code)  # kept through the analysis; the map shows the whole county
    _run(qtbot, window)
    assert window.session.selected_school == code
    # The map is drawn some frames after the page has loaded: wait until it has colour.
    qtbot.waitUntil(lambda: _colours(window.map_view.grab().toImage()) > 50, timeout=TIMEOUT_MS)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / "window.png"
    picture = window.grab()
    assert picture.save(str(target))
    assert target.stat().st_size > 10_000
    assert _colours(picture.toImage()) > 100
    try:  # the same in Chinese, to check the translation and the bundled font by eye
        window.set_language("zh_CN")
        qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=TIMEOUT_MS)
        assert window.grab().save(str(SCREENSHOTS / "window_zh_CN.png"))
    finally:
        window.set_language("en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File", timeout=TIMEOUT_MS)
    assert errors == []
