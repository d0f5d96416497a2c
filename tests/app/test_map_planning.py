"""Planning on the map (issue 15, point 4) and a map that reads at county scale (point 5), in a real page.

A suggestion, a scenario edit and a scenario's swipe are drawn in the window's Leaflet page; the
page's own state (``window.schoolplan.highlightState()``, ``swipeState()``) is checked against
the school codes worked out here from the suggestion's edits. Screenshots in Chinese are written to
``out/screenshots/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import app.notify as notify_module
from app.cli import DEMO_PROJECT
from app.window import MainWindow
from gis.edits import ChangeGrades, Close, ConvertToBoarding, Merge, Open, SetCapacity

TIMEOUT_MS = 120_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every message that reached the notification path (no dialog is shown)."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        notify_module, "notify_error", lambda _parent, message, details="": shown.append((message, details))
    )
    return shown


@pytest.fixture
def window(qtbot, errors) -> MainWindow:
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    with qtbot.waitSignal(win.mapUpdated, timeout=TIMEOUT_MS) as loaded:
        assert win.open_project(DEMO_PROJECT)
    assert loaded.args == [True]
    yield win
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


def _json(qtbot, win: MainWindow, script: str) -> object:
    return json.loads(str(_js(qtbot, win, f"JSON.stringify({script})")))


def _state(qtbot, win: MainWindow) -> dict[str, object]:
    return _json(qtbot, win, "window.schoolplan.highlightState()")  # type: ignore[return-value]


def _expected_roles(edits) -> tuple[set[str], set[str], set[str]]:
    """Closed, changed and kept-into codes of some edits, worked out here edit by edit."""
    closed, changed, into = set(), set(), set()
    for e in edits:
        if isinstance(e, Close):
            closed.add(e.school_id)
        elif isinstance(e, Merge):
            closed |= {c for c in e.school_ids if c != e.into}
            into.add(e.into)
        elif isinstance(e, SetCapacity | ConvertToBoarding | ChangeGrades):
            changed.add(e.school_id)
    return closed, changed, into


def _inside(qtbot, win: MainWindow, points: list[tuple[float, float]]) -> list[bool]:
    """Whether each WGS84 point (lat, lon) lies within the map's current bounds."""
    return _json(  # type: ignore[return-value]
        qtbot,
        win,
        f"{json.dumps(points)}.map(function(p) {{ return window.schoolplan.map.getBounds().contains(p); }})",
    )


def _latlon(win: MainWindow, codes) -> list[tuple[float, float]]:
    schools = win.project.schools.to_crs("EPSG:4326")
    where = dict(zip(schools["school_id"].astype(str), schools.geometry, strict=True))
    return [(where[c].y, where[c].x) for c in codes]


def test_a_suggestion_is_highlighted_and_cleared(qtbot, window: MainWindow, errors) -> None:
    from gis.suggest import suggest
    from layers.highlight import suggestion_highlight

    _run(qtbot, window)
    found = suggest(window.analysis)
    # a suggestion that closes or cuts back a school and sends its pupils to more than one school
    chosen = next(s for s in found.items if s.school_ids and len(s.receiving_ids) >= 2)
    closed, changed, into = _expected_roles(chosen.edits)
    receiving = set(chosen.receiving_ids) | into
    changed -= receiving | closed
    with qtbot.waitSignal(window.map.highlightShown, timeout=TIMEOUT_MS):
        window.map.show_highlight(suggestion_highlight(chosen, window.analysis))
        # the analysis of the change runs in the background: the call returns before it
        assert window.map.highlight is not None and not window.map.highlight.after_known
    qtbot.waitUntil(lambda: _state(qtbot, window)["after"] > 0, timeout=TIMEOUT_MS)  # the background analysis
    assert window.map.highlight.after_known
    state = _state(qtbot, window)
    assert set(state["closed"]) == closed
    assert set(state["changed"]) == changed
    assert set(state["receiving"]) == receiving
    assert state["new"] == []
    assert state["before"] >= 1 and state["arrows"] == len(closed | changed) * len(set(chosen.receiving_ids))
    involved = sorted(closed | changed | receiving)
    assert all(_inside(qtbot, window, _latlon(window, involved)))
    # the legend names the roles shown
    legend = str(_js(qtbot, window, "document.querySelector('.sp-hl-legend').textContent"))
    assert "Receiving school" in legend
    window.map.show_highlight(None)
    qtbot.waitUntil(lambda: _state(qtbot, window)["receiving"] == [], timeout=TIMEOUT_MS)
    state = _state(qtbot, window)
    assert state == {"closed": [], "receiving": [], "changed": [], "new": [], "arrows": 0, "before": 0, "after": 0}
    assert _js(qtbot, window, "document.querySelectorAll('.sp-hl-legend').length") == 0
    assert errors == []


def test_a_closure_in_a_scenario_finds_its_receiving_schools(qtbot, window: MainWindow, errors) -> None:
    from layers.highlight import edit_highlight

    _run(qtbot, window)
    analysis = window.analysis
    level = analysis.levels["primary"]
    schools = window.project.schools
    # the primary school whose nearest-school catchment has most children
    children = {int(k): 0.0 for k in set(level.school.tolist()) if k >= 0}
    for k, c in zip(level.school.tolist(), level.groups[0].children.tolist(), strict=True):
        if k >= 0:
            children[k] += c
    row = max(children, key=children.get)
    code = str(schools["school_id"].iloc[row])
    window.map.show_highlight(edit_highlight(Close(code), analysis))
    qtbot.waitUntil(lambda: _state(qtbot, window)["after"] > 0, timeout=TIMEOUT_MS)
    state = _state(qtbot, window)
    assert state["closed"] == [code]
    assert state["receiving"] and code not in state["receiving"]
    assert state["arrows"] == len(state["receiving"])
    assert all(_inside(qtbot, window, _latlon(window, [code, *state["receiving"]])))
    assert errors == []


def test_a_new_site_is_ringed_with_its_name(qtbot, window: MainWindow, errors) -> None:
    from layers.highlight import edit_highlight

    _run(qtbot, window)
    seat = window.project.places[window.project.places["name"] == "半仓县城"].geometry.iloc[0]
    site = Open("NEW-T1", "试验新校", float(seat.x) + 3000.0, float(seat.y) + 3000.0, "teaching_point", 60)
    window.map.show_highlight(edit_highlight(site, window.analysis))
    qtbot.waitUntil(lambda: _state(qtbot, window)["new"] == ["试验新校"], timeout=TIMEOUT_MS)
    assert "试验新校" in str(_js(qtbot, window, "document.querySelector('.sp-hl-name').textContent"))
    qtbot.waitUntil(lambda: _state(qtbot, window)["after"] == 1, timeout=TIMEOUT_MS)
    assert _state(qtbot, window)["arrows"] == 1  # from the children it takes
    assert errors == []


_AT_POINT = """(function() {{
  var map = window.schoolplan.map, p = map.latLngToContainerPoint([{lat}, {lon}]);
  var box = map.getContainer().getBoundingClientRect(), x = box.left + p.x, y = box.top + p.y;
  var labels = Array.from(document.querySelectorAll('.sp-label')).filter(function(e) {{
    var r = document.createRange(); r.selectNodeContents(e); var b = r.getBoundingClientRect();
    return b.left - 8 <= x && x <= b.right + 8 && b.top - 8 <= y && y <= b.bottom + 8;
  }}).map(function(e) {{ return e.textContent; }});
  var el = document.elementFromPoint(x, y), pane = el && el.closest('.leaflet-pane');
  var interactive = !!(el && el.classList.contains('leaflet-interactive'));
  var where = pane ? pane.className : '';
  return {{x: x, y: y, labels: labels, tag: el && el.tagName, interactive: interactive, pane: where}};
}})()"""


def _at_point(qtbot, win: MainWindow, code: str, zoom: int) -> dict[str, object]:
    ((lat, lon),) = _latlon(win, [code])
    _js(qtbot, win, f"window.schoolplan.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); true")
    return _json(qtbot, win, _AT_POINT.format(lat=lat, lon=lon))  # type: ignore[return-value]


def _click(win: MainWindow, x: float, y: float) -> None:
    """A real mouse click on the web view (through Qt, as a user's)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    target = win.map.widget.focusProxy() or win.map.widget
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(round(x), round(y)))


def test_a_click_on_a_township_central_school_selects_it(qtbot, window: MainWindow, errors) -> None:
    places, schools = window.project.places, window.project.schools
    seat = places[places["name"] == "河口镇"].geometry.iloc[0]
    code = str(schools["school_id"].iloc[int(schools.distance(seat).to_numpy().argmin())])  # 河口镇中心小学
    qtbot.waitUntil(lambda: _js(qtbot, window, "typeof window.schoolplanBridge === 'object'") is True)
    for zoom in (10, 12, 14):
        found = _at_point(qtbot, window, code, zoom)
        assert found["tag"] == "path" and found["interactive"], found
        assert "leaflet-sp-schools-pane" in found["pane"], found
    with qtbot.waitSignal(window.map.bridge.schoolSelected, timeout=TIMEOUT_MS) as chosen:
        _click(window, found["x"], found["y"])
    assert chosen.args == [code]
    qtbot.waitUntil(lambda: _js(qtbot, window, "window.schoolplan.selectedSchool()") == code, timeout=TIMEOUT_MS)
    assert errors == []


def test_schools_under_a_place_name_take_the_click(qtbot, window: MainWindow, errors) -> None:
    """Every school whose marker sits under a place name at county zoom: the marker is what the mouse meets."""
    schools = window.project.schools
    under: list[tuple[str, dict[str, object]]] = []
    for code in schools["school_id"].astype(str):
        found = _at_point(qtbot, window, code, 10)
        if found["labels"]:
            under.append((code, found))
    assert under, "some school of the demo sits under a place name at zoom 10"
    for code, found in under:
        assert found["tag"] == "path" and found["interactive"] and "leaflet-sp-schools-pane" in found["pane"], code
    code, found = under[0]
    qtbot.waitUntil(lambda: _js(qtbot, window, "typeof window.schoolplanBridge === 'object'") is True)
    found = _at_point(qtbot, window, code, 10)
    with qtbot.waitSignal(window.map.bridge.schoolSelected, timeout=TIMEOUT_MS) as chosen:
        _click(window, found["x"], found["y"])
    assert chosen.args == [code]
    assert errors == []


def test_scale_bar_is_metric_only(qtbot, window: MainWindow) -> None:
    lines = _json(
        qtbot, window, "Array.from(document.querySelectorAll('.leaflet-control-scale-line')).map(e => e.textContent)"
    )
    assert len(lines) == 1 and lines[0].split()[-1] in ("m", "km")


def test_travel_time_shows_blocks_at_county_scale_and_cells_zoomed_in(qtbot, window: MainWindow, errors) -> None:
    _run(qtbot, window)
    assert _json(qtbot, window, "window.schoolplan.travelState()") == {"blocks": True, "detail": False}
    code = str(window.project.schools["school_id"].iloc[0])
    _at_point(qtbot, window, code, 14)
    assert _json(qtbot, window, "window.schoolplan.travelState()") == {"blocks": False, "detail": True}
    _at_point(qtbot, window, code, 10)
    assert _json(qtbot, window, "window.schoolplan.travelState()") == {"blocks": True, "detail": False}
    # the opacity slider keeps blocks with few children fainter
    from layers.webmap import block_weights, travel_time_blocks

    weights = block_weights(travel_time_blocks(window.analysis).children)
    fills = _json(
        qtbot,
        window,
        "(function() { window.schoolplan.setOpacity('travel_time', 0.8); var out = [];"
        " window.schoolplan.layers.travel_time.eachLayer(function(g) { if (g instanceof L.GeoJSON) {"
        " g.eachLayer(function(f) { out.push(f.options.fillOpacity); }); } }); return out; })()",
    )
    assert len(fills) == len(weights)
    assert max(fills) == pytest.approx(0.8) and min(fills) == pytest.approx(0.8 * weights.min())
    assert errors == []


def _colours(image) -> int:
    """How many distinct colours an image has (sampled every few pixels)."""
    import numpy as np
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32, count=image.width() * image.height())
    return len(np.unique(pixels[::7]))


def _chinese(qtbot, win: MainWindow) -> None:
    """Switch the window to Chinese and wait for the map page built again in Chinese."""
    with qtbot.waitSignal(win.mapUpdated, timeout=TIMEOUT_MS):
        assert win.set_language("zh_CN")
    qtbot.waitUntil(
        lambda: _js(qtbot, win, "document.querySelector('meta[name=schoolplan-language]').content") == "zh",
        timeout=TIMEOUT_MS,
    )


def test_the_chinese_page_and_a_highlighted_suggestion(qtbot, window: MainWindow, errors) -> None:
    from gis.suggest import suggest
    from layers.highlight import suggestion_highlight

    _run(qtbot, window)
    try:
        _chinese(qtbot, window)
        schools = window.project.schools
        words = {"primary": "小学", "junior": "初级中学", "nine_year": "九年一贯制学校", "teaching_point": "教学点"}
        towns = dict(zip(window.project.townships["code"].astype(str), window.project.townships["name"], strict=True))
        for k in (0, 9, len(schools) - 1):
            tip = str(
                _js(qtbot, window, f"window.schoolplan.schoolTooltip({json.dumps(str(schools['school_id'].iloc[k]))})")
            )
            assert tip.split("<br>")[2] == words[str(schools["type"].iloc[k])]
            assert towns[str(schools["township"].iloc[k])] in tip
        found = suggest(window.analysis)
        chosen = next(s for s in found.items if s.school_ids and len(s.receiving_ids) >= 2)
        window.map.show_highlight(suggestion_highlight(chosen, window.analysis))
        qtbot.waitUntil(lambda: _state(qtbot, window)["after"] > 0, timeout=TIMEOUT_MS)
        legend = str(_js(qtbot, window, "document.querySelector('.sp-hl-legend').textContent"))
        assert "接收学校" in legend and "调整前的服务范围" in legend and "Receiving" not in legend
        qtbot.waitUntil(lambda: _colours(window.map.widget.grab().toImage()) > 50, timeout=TIMEOUT_MS)
        qtbot.wait(500)  # the arrows and labels are drawn a frame after the fit
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / "map_highlight_zh.png"
        picture = window.grab()
        assert picture.save(str(target))
        assert picture.width() == 1600 and picture.height() == 1000
        assert _colours(picture.toImage()) > 100
    finally:
        window.set_language("en")
    assert errors == []


def test_a_scenario_beside_the_baseline(qtbot, window: MainWindow, errors) -> None:
    from gis.edits import Scenario
    from gis.frames import catchments_frame

    _run(qtbot, window)
    schools = window.project.schools
    code = str(schools["school_id"].iloc[40])
    where = schools.geometry.iloc[40]
    site = Open("NEW-S1", "新建试验小学", float(where.x) + 4000.0, float(where.y), "primary", 300)
    window.session.update_project(window.project.with_scenario(Scenario("方案一", (Close(code), site))))
    try:
        _chinese(qtbot, window)
        with qtbot.waitSignal(window.map.swipeShown, timeout=TIMEOUT_MS) as shown:
            window.map.show_scenario_swipe("方案一")
        assert shown.args == ["方案一"]
        state = _json(qtbot, window, "window.schoolplan.swipeState()")
        primary = int((catchments_frame(window.analysis)["level"] == "primary").sum())
        assert state["on"] and state["left"] == primary and state["hidden"]
        assert state["leftSchools"] == len(schools) and state["rightSchools"] == len(schools)  # one closed, one new
        tags = _json(qtbot, window, "Array.from(document.querySelectorAll('.sp-swipe-tag')).map(e => e.textContent)")
        assert tags == ["现状", "方案：方案一"]
        # the divider splits the two panes where it stands
        assert _js(qtbot, window, "window.schoolplan.setSwipe(0.6)") is True
        clips = _json(
            qtbot,
            window,
            "[document.querySelector('.leaflet-sp-swipe-l-pane').style.clip,"
            " document.querySelector('.leaflet-sp-swipe-r-pane').style.clip]",
        )
        assert clips[0].startswith("rect(") and clips[1].startswith("rect(")
        # the screenshot: zoomed to the closed school and the new site, the divider between them
        ((lat, lon),) = _latlon(window, [code])
        _js(qtbot, window, f"window.schoolplan.map.setView([{lat}, {lon + 0.02}], 12, {{animate: false}}); true")
        fraction = _js(
            qtbot,
            window,
            f"window.schoolplan.map.latLngToContainerPoint([{lat}, {lon + 0.02}]).x"
            " / window.schoolplan.map.getSize().x",
        )
        assert _js(qtbot, window, f"window.schoolplan.setSwipe({fraction})") is True
        qtbot.waitUntil(lambda: _colours(window.map.widget.grab().toImage()) > 50, timeout=TIMEOUT_MS)
        qtbot.wait(500)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        picture = window.grab()
        assert picture.save(str(SCREENSHOTS / "map_swipe_zh.png"))
        assert _colours(picture.toImage()) > 100
        # back in English: the page is built again and the swipe comes back with English tags
        window.set_language("en")
        english = ["Baseline", "Scenario: 方案一"]
        tags = "Array.from(document.querySelectorAll('.sp-swipe-tag')).map(e => e.textContent)"
        qtbot.waitUntil(lambda: _json(qtbot, window, tags) == english, timeout=TIMEOUT_MS)
        window.map.show_scenario_swipe(None)
        qtbot.waitUntil(lambda: _json(qtbot, window, "window.schoolplan.swipeState()") == {"on": False})
        assert _js(qtbot, window, "window.schoolplan.map.hasLayer(window.schoolplan.layers.schools)") is True
    finally:
        window.set_language("en")
    assert errors == []


def test_a_merger_and_a_plan_line_through_the_map_views_slots(qtbot, window: MainWindow, errors) -> None:
    from gis.plan.plan import PlanAction

    schools = window.project.schools
    keep, gone, cut = (str(schools["school_id"].iloc[k]) for k in (20, 21, 30))
    assert not window.map.show_edit(Merge((keep, gone), into=keep))  # nothing before an analysis
    _run(qtbot, window)
    assert window.map.show_edit(Merge((keep, gone), into=keep))
    qtbot.waitUntil(lambda: _state(qtbot, window)["closed"] == [gone], timeout=TIMEOUT_MS)
    assert _state(qtbot, window)["receiving"] == [keep]
    where = schools.geometry.iloc[30]
    line = PlanAction(2027, "teaching_point", f"tp:{cut}", cut, "x", where.x, where.y, 0, 0, 0.0, 0.0, 30.0, "", "")
    assert window.map.show_plan_action(line)
    qtbot.waitUntil(lambda: _state(qtbot, window)["changed"] == [cut], timeout=TIMEOUT_MS)
    assert _state(qtbot, window)["closed"] == []
    window.map.show_plan_action(None)
    qtbot.waitUntil(lambda: _state(qtbot, window)["changed"] == [], timeout=TIMEOUT_MS)
    assert errors == []
