"""The window in the meeting room (issue 15): figures visible, the comparison given room, the layout kept.

Each check is against something worked out apart from the widget under test: text widths from
the font's metrics, the comparison's figures from :func:`gis.compare.compare` run without the
window, the seven quality standards of DOMAIN.md, the layout of a second window made from the
same settings file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget

from app.cli import DEMO_PROJECT
from app.settings import LANGUAGE_KEY
from app.window import MainWindow
from gis.edits import Close, Scenario
from tests.app import test_window as base
from tests.app.test_window import TIMEOUT_MS

errors = base.errors
SIZE = (1600, 1000)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def plain(qtbot, tmp_path: Path, settings: QSettings, errors) -> MainWindow:
    """A window without a map, at the meeting room's 1600×1000, on a copy of the demo county."""
    project = tmp_path / "county.gpkg"
    shutil.copy(DEMO_PROJECT, project)
    win = MainWindow(web_map=False, settings=settings)
    qtbot.addWidget(win)
    win.resize(*SIZE)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_project(project)
    yield win
    win.wait_for_worker()


def _analyse(qtbot, win: MainWindow) -> None:
    with qtbot.waitSignal(win.analysisFinished, timeout=TIMEOUT_MS):
        win.run_action.trigger()
    qtbot.waitUntil(lambda: not win.is_running, timeout=TIMEOUT_MS)


def test_dashboard_shows_every_value_whole_with_its_unit(qtbot, plain: MainWindow, errors) -> None:
    board = plain.dashboard
    # Before the first analysis: a hint with a button that runs it.
    assert board.hint.isVisible() and board.run_button.isVisible() and board.run_button.isEnabled()
    with qtbot.waitSignal(plain.analysisFinished, timeout=TIMEOUT_MS):
        board.run_button.click()
    qtbot.waitUntil(lambda: not plain.is_running, timeout=TIMEOUT_MS)
    assert not board.hint.isVisible() and not board.run_button.isVisible()
    qtbot.wait(50)  # the table lays out its resized columns
    table = board.table
    metrics = table.fontMetrics()
    viewport = table.viewport().width()
    texts = [table.item(row, 1).text() for row in range(table.rowCount())]
    assert all(t != "–" for t in texts)
    longest = max(metrics.horizontalAdvance(t) for t in texts)
    assert table.columnWidth(1) > longest  # the value column is wider than its longest value…
    assert table.columnViewportPosition(1) + table.columnWidth(1) <= viewport  # …and on screen
    assert table.columnWidth(0) >= 100  # the names keep room (wrapped)
    # Units: shares in per cent, trips in minutes, children as whole numbers.
    share, trip, children = texts[0], texts[1], texts[3]
    assert share.endswith("%") and trip.endswith(" min") and children.endswith(" children")
    value = board.values[("primary", "children_overflow")]
    assert children == f"{round(value):,} children"
    assert errors == []


def test_comparison_shows_every_figure_without_scrolling(qtbot, plain: MainWindow, errors) -> None:
    from gis.compare import compare
    from gis.usecases import evaluate_scenario

    _analyse(qtbot, plain)
    school = str(plain.project.schools["school_id"].iloc[-1])
    scenario = Scenario("close one", (Close(school),))
    plain.session.update_project(plain.project.with_scenario(scenario))
    assert plain.scenario_panel.select_scenario("close one")
    with qtbot.waitSignal(plain.scenario_panel.comparisonShown, timeout=TIMEOUT_MS):
        plain.compare_action.trigger()
    qtbot.waitUntil(lambda: not plain.is_running, timeout=TIMEOUT_MS)
    qtbot.wait(50)
    expected = compare(plain.analysis, evaluate_scenario(plain.project, scenario, plain.analysis.standards))
    panel = plain.comparison_panel
    assert plain.comparison_dock.isVisible() and not plain.comparison_dock.visibleRegion().isEmpty()
    shown = [row[0] for row in panel.rows()]
    assert sorted(shown) == sorted(m.name for m in expected.metrics) and len(shown) > 60
    for table in panel.tables:
        assert table.isVisible() and table.rowCount() > 15
        assert table.verticalScrollBar().maximum() == 0  # every figure shown, none behind a scroll bar
        assert table.horizontalScrollBar().maximum() == 0
        last = table.visualItemRect(table.item(table.rowCount() - 1, 0))
        assert last.bottom() <= table.viewport().height()
        # Figures named in words, none cut: the name column holds the longest name.
        names = [table.item(r, 0).text() for r in range(table.rowCount())]
        assert all("_" not in n and "." not in n for n in names), names
        assert table.columnWidth(0) >= max(table.fontMetrics().horizontalAdvance(n) for n in names)
    # The map keeps a strip of the window.
    assert plain.centralWidget().height() >= 200
    assert errors == []


def test_layout_is_kept_between_runs_and_reset(qtbot, tmp_path: Path, settings: QSettings, errors) -> None:
    first = MainWindow(web_map=False, settings=settings)
    qtbot.addWidget(first)
    first.resize(*SIZE)
    first.show()
    qtbot.waitExposed(first)
    defaults = {d.objectName(): d.isHidden() for d in first.findChildren(QDockWidget)}
    first.townships_dock.hide()
    first.balance_dock.setFloating(True)
    first.resize(760, 700)  # within the offscreen screen (800×800), which restoreGeometry keeps a window inside
    first.close()  # the layout is saved on closing

    second = MainWindow(web_map=False, settings=QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    second.show()  # as app.gui does: shown, then the last run's layout restored
    assert second.restore_layout()
    qtbot.waitExposed(second)
    assert second.townships_dock.isHidden() and second.balance_dock.isFloating()
    assert (second.width(), second.height()) == (760, 700)
    second.reset_layout_action.trigger()
    assert {d.objectName(): d.isHidden() for d in second.findChildren(QDockWidget)} == defaults
    assert not second.balance_dock.isFloating()
    assert second.dockWidgetArea(second.balance_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    # A file without a saved layout restores nothing.
    fresh = MainWindow(web_map=False, settings=QSettings(str(tmp_path / "none.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(fresh)
    assert not fresh.restore_layout()
    assert errors == []


def test_the_language_is_kept_for_the_next_run(qtbot, plain: MainWindow) -> None:
    from app.gui import setup_application
    from app.i18n import current_language, install_language

    try:
        assert plain.set_language("zh_CN")
        assert plain.settings.value(LANGUAGE_KEY) == "zh_CN"
        # The next run reads the user's settings: the same choice there starts in Chinese.
        user = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "SchoolPlan", "SchoolPlan")
        user.setValue(LANGUAGE_KEY, "zh_CN")
        user.sync()
        install_language("en")
        assert setup_application() == "zh_CN" and current_language() == "zh_CN"
        user.setValue(LANGUAGE_KEY, "en")
        user.sync()
        assert setup_application() == "en"
    finally:
        QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "SchoolPlan", "SchoolPlan").remove(
            LANGUAGE_KEY
        )
        plain.set_language("en")


def test_planning_hint_goes_once_there_is_an_analysis(qtbot, plain: MainWindow) -> None:
    panel = plain.suggestion_panel
    assert panel.info_label.text() == "Run the analysis, then ask for suggestions."
    _analyse(qtbot, plain)
    assert panel.info_label.text() == ""


def test_balance_counts_the_seven_quality_standards(plain: MainWindow) -> None:
    # DOMAIN.md: a school is held against seven quality standards (优质均衡, 7 school-level indicators).
    model = plain.balance_panel.school_model
    column = next(c for c in range(model.columnCount()) if model.index(0, c).data().count(" / ") == 1)
    texts = [model.index(r, column).data() for r in range(model.rowCount())]
    assert texts and all(t.endswith(" / 7") for t in texts)
    met = [int(model.index(r, column).data(Qt.ItemDataRole.UserRole)) for r in range(model.rowCount())]
    assert all(0 <= m <= 7 for m in met) and texts == [f"{m} / 7" for m in met]


def test_progress_bar_and_cancel_go_when_the_work_ends(qtbot, plain: MainWindow) -> None:
    progress = plain.task_progress
    with qtbot.waitSignal(plain.analysisFinished, timeout=TIMEOUT_MS):
        plain.run_action.trigger()
        assert progress.progress_bar.isVisible() and progress.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not plain.is_running, timeout=TIMEOUT_MS)
    assert not progress.progress_bar.isVisible() and not progress.cancel_button.isVisible()
    assert progress.progress_bar.value() == 0


# ----------------------------------------------------------------- screenshots at 1600×1000, both languages
SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"


def _snap(qtbot, win: MainWindow, name: str) -> None:
    """Save the whole window as out/screenshots/NAME_LANG.png in English and Chinese (the map drawn, not blank)."""
    from tests.app.test_window import _colours

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for language, menu in (("en", "&File"), ("zh_CN", "文件(&F)")):
        swipes: list[str] = []
        win.map.swipeShown.connect(swipes.append)
        changed = win.file_menu.title() != menu
        assert win.set_language(language)
        qtbot.waitUntil(lambda menu=menu: win.file_menu.title() == menu, timeout=TIMEOUT_MS)
        if changed and win.map.swipe is not None:  # the page is built again in the language, then the swipe
            qtbot.waitUntil(lambda swipes=swipes: bool(swipes), timeout=TIMEOUT_MS)
        win.map.swipeShown.disconnect(swipes.append)
        if win.map.bridge is not None:
            qtbot.waitUntil(lambda: _colours(win.map_view.grab().toImage()) > 50, timeout=TIMEOUT_MS)
        qtbot.wait(300)  # the page redrawn in the new language
        picture = win.grab()
        target = SCREENSHOTS / f"{name}_{language}.png"
        assert picture.save(str(target))
        assert (picture.width(), picture.height()) == SIZE
        assert _colours(picture.toImage()) > 100  # a window with a map and tables, not a blank one
    win.set_language("en")
    qtbot.waitUntil(lambda: win.file_menu.title() == "&File", timeout=TIMEOUT_MS)


@pytest.fixture
def mapped(qtbot, errors) -> MainWindow:
    """A window with its map, at 1600×1000, on the demo county analysed."""
    from tests.app.test_window import _run

    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(*SIZE)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignal(win.mapUpdated, timeout=TIMEOUT_MS):
        assert win.open_project(DEMO_PROJECT)
    _run(qtbot, win)
    yield win
    win.wait_for_worker()


def test_screenshots_of_the_meeting_window(qtbot, mapped: MainWindow, errors) -> None:
    win = mapped
    _snap(qtbot, win, "meeting_analysis")
    school = str(win.project.schools["school_id"].iloc[-1])
    win.session.update_project(win.project.with_scenario(Scenario("close one", (Close(school),))))
    assert win.scenario_panel.select_scenario("close one")
    with qtbot.waitSignal(win.scenario_panel.comparisonShown, timeout=TIMEOUT_MS):
        win.compare_action.trigger()
    qtbot.waitUntil(lambda: not win.is_running, timeout=TIMEOUT_MS)
    _snap(qtbot, win, "meeting_comparison")
    assert errors == []


# ----------------------------------------------------------------- planning on the map, through the window
def _page(qtbot, win: MainWindow, script: str) -> object:
    import json

    from tests.app.test_window import _js

    return json.loads(str(_js(qtbot, win, f"JSON.stringify({script})")))


def _expected_roles(suggestion) -> tuple[set[str], set[str], set[str]]:
    """Closed, changed and receiving codes of a suggestion, read from its edits by hand."""
    from gis.edits import ChangeGrades, ConvertToBoarding, Merge, SetCapacity

    closed, changed = set(), set()
    for edit in suggestion.edits:
        if isinstance(edit, Close):
            closed.add(edit.school_id)
        elif isinstance(edit, Merge):
            closed |= {c for c in edit.school_ids if c != edit.into}
        elif isinstance(edit, SetCapacity | ConvertToBoarding | ChangeGrades):
            changed.add(edit.school_id)
    receiving = set(suggestion.receiving_ids) | {e.into for e in suggestion.edits if isinstance(e, Merge)}
    return closed, changed - receiving - closed, receiving - closed


def test_selected_suggestion_edit_and_scenario_are_shown_on_the_map(qtbot, mapped: MainWindow, errors) -> None:
    from pyproj import Transformer

    win = mapped
    panel = win.suggestion_panel
    with qtbot.waitSignal(panel.suggestionsShown, timeout=TIMEOUT_MS):
        panel.suggest_button.click()
    qtbot.waitUntil(lambda: not win.is_running, timeout=TIMEOUT_MS)
    chosen = next(s for s in panel.suggestions.items if s.receiving_ids)
    closed, changed, receiving = _expected_roles(chosen)
    with qtbot.waitSignal(win.map.highlightShown, timeout=TIMEOUT_MS):
        assert panel.select(chosen.id)

    def state() -> dict:
        return _page(qtbot, win, "window.schoolplan.highlightState()")

    qtbot.waitUntil(lambda: set(state()["receiving"]) == receiving, timeout=TIMEOUT_MS)
    shown = state()
    assert set(shown["closed"]) == closed and set(shown["changed"]) == changed and shown["before"] >= 1
    # The map is fitted to every school involved.
    schools = win.project.schools.set_index(win.project.schools["school_id"].astype(str))
    to_map = Transformer.from_crs(win.project.crs, "EPSG:4326", always_xy=True)
    view = _page(qtbot, win, "window.schoolplan.map.getBounds()")
    for code in closed | changed | receiving:
        lon, lat = to_map.transform(schools.geometry[code].x, schools.geometry[code].y)
        assert view["_southWest"]["lat"] < lat < view["_northEast"]["lat"], code
        assert view["_southWest"]["lng"] < lon < view["_northEast"]["lng"], code
    # The after catchments arrive from the background analysis of the suggestion's scenario.
    qtbot.waitUntil(lambda: state()["after"] >= 1, timeout=TIMEOUT_MS)
    _snap(qtbot, win, "meeting_suggestion_on_map")

    # Home: the whole county again — centred on the extent of its schools, townships and grid
    # (reprojected here with pyproj), at the zoom Leaflet itself finds for that extent.
    frames = [win.project.townships, win.project.population, win.project.schools]
    corners = [f.to_crs("EPSG:4326").total_bounds for f in frames if len(f)]
    west, south = min(c[0] for c in corners), min(c[1] for c in corners)
    east, north = max(c[2] for c in corners), max(c[3] for c in corners)
    extent = f"L.latLngBounds([[{south}, {west}], [{north}, {east}]])"
    fitted = (
        f"window.schoolplan.map.getZoom() === window.schoolplan.map.getBoundsZoom({extent}, false, L.point(48, 48))"
        f" && window.schoolplan.map.getCenter().distanceTo({extent}.getCenter()) < 500"
    )
    assert not _page(qtbot, win, fitted)  # the highlight's view is not the county's
    win.county_action.trigger()
    qtbot.waitUntil(lambda: _page(qtbot, win, fitted) is True, timeout=TIMEOUT_MS)

    # The suggestion applied as a scenario: its edit selected in the Scenarios dock is shown.
    panel.apply_button.click()
    scenarios = win.scenario_panel
    edit = chosen.edits[0]
    code = getattr(edit, "school_id", None) or edit.into
    with qtbot.waitSignal(win.map.highlightShown, timeout=TIMEOUT_MS):
        scenarios.edit_list.setCurrentRow(0)
    qtbot.waitUntil(lambda: code in {*state()["closed"], *state()["changed"], *state()["receiving"]})

    # Compared, then beside the baseline on the map: a swipe with the scenario's schools on one side.
    with qtbot.waitSignal(scenarios.comparisonShown, timeout=TIMEOUT_MS):
        win.compare_action.trigger()
    qtbot.waitUntil(lambda: not win.is_running, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(win.map.swipeShown, timeout=TIMEOUT_MS):
        win.comparison_panel.swipe_button.click()
    swipe = _page(qtbot, win, "window.schoolplan.swipeState()")
    assert swipe["on"] and swipe["left"] >= 1 and swipe["right"] >= 1
    _snap(qtbot, win, "meeting_swipe")
    win.comparison_panel.swipe_button.click()
    qtbot.waitUntil(lambda: not _page(qtbot, win, "window.schoolplan.swipeState()")["on"])
    assert errors == []
