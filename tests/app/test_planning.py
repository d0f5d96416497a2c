"""The Planning and Scenarios docks, offscreen: suggestions, scenarios edited on the map, the comparison."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from pyproj import Transformer
from PySide6.QtCore import QSettings

import app.planning as planning
from app.cli import DEMO_PROJECT
from app.window import MainWindow
from gis.analysis import Analysis
from gis.compare import compare
from gis.edits import Close, Open
from gis.project import load_project
from gis.suggest import suggest
from gis.usecases import evaluate_scenario
from tests.app import test_window as base
from tests.app.test_window import TIMEOUT_MS, _bridge_ready, _js, _school

# The fixtures of the window's main tests: the demo county open in a window (with its map), and so on.
headless, errors, recorder, window = base.headless, base.errors, base.recorder, base.window


@pytest.fixture
def plain(qtbot, tmp_path: Path, errors) -> MainWindow:
    """A window without a map on a copy of the demo county (saving it touches the copy only)."""
    project = tmp_path / "county.gpkg"
    shutil.copy(DEMO_PROJECT, project)
    win = MainWindow(web_map=False, settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    assert win.open_project(project)
    yield win
    win.wait_for_worker()


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The answers the patched dialogs give, first in first out (no dialog is shown)."""
    queue: list[object] = []
    monkeypatch.setattr(planning, "ask_text", lambda *_args, **_kw: queue.pop(0))
    monkeypatch.setattr(planning, "ask_new_school", lambda *_args, **_kw: queue.pop(0))
    return queue


def _analyse(qtbot, win: MainWindow) -> None:
    with qtbot.waitSignal(win.analysisFinished, timeout=TIMEOUT_MS):
        win.run_action.trigger()
    qtbot.waitUntil(lambda: not win.is_running, timeout=TIMEOUT_MS)


def _shown_comparison(win: MainWindow) -> pd.DataFrame:
    """The comparison as shown (the raw values behind the cells), in the comparison's order of the figures."""
    frame = pd.DataFrame(win.comparison_panel.rows(), columns=["metric", "baseline", "scenario", "change"])
    assert frame["metric"].is_unique
    order = [m.name for m in win.scenario_panel.comparison.metrics]
    return frame.set_index("metric").loc[order].reset_index()


def test_suggestions_become_a_scenario_that_is_compared_and_saved(
    qtbot, plain: MainWindow, headless: Analysis, errors, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = plain.suggestion_panel
    assert not panel.suggest_button.isEnabled()  # no analysis yet
    _analyse(qtbot, plain)
    assert panel.suggest_button.isEnabled()
    # Cancel: nothing is shown, nothing is reported.
    panel.suggest_button.click()
    plain.task_progress.cancel_button.click()
    qtbot.waitUntil(lambda: not plain.is_running, timeout=TIMEOUT_MS)
    assert panel.suggestions is None and panel.table.rowCount() == 0 and errors == []
    assert plain.statusBar().currentMessage() == "Cancelled; the previous results are kept."
    with qtbot.waitSignal(panel.suggestionsShown, timeout=TIMEOUT_MS):
        panel.suggest_button.click()
        assert plain.is_running and not plain.task_progress.cancel_button.isHidden()
    qtbot.waitUntil(lambda: not plain.is_running, timeout=TIMEOUT_MS)
    expected = suggest(plain.analysis)
    assert panel.table.rowCount() == len(expected.items) > 0
    assert [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())] == [s.id for s in expected.items]

    # The rationale of the selected suggestion, in the window's language.
    chosen = next(s for s in expected.items if s.action == "new_day_school")
    assert panel.select(chosen.id)
    assert chosen.rationale_en in panel.rationale_label.text()
    assert not plain.isWindowModified()
    panel.apply_button.click()
    scenario = plain.project.scenarios[-1]
    assert scenario.name == f"{chosen.id} new day school"
    assert scenario.edits == chosen.edits
    assert plain.isWindowModified()
    assert plain.scenario_panel.current_name() == scenario.name
    assert plain.scenario_panel.edit_list.count() == len(chosen.edits)

    # Compare: the same table as the comparison made without the window.
    with qtbot.waitSignal(plain.scenario_panel.comparisonShown, timeout=TIMEOUT_MS):
        plain.scenario_panel.compare_button.click()
    qtbot.waitUntil(lambda: not plain.is_running, timeout=TIMEOUT_MS)
    scenario_analysis = evaluate_scenario(headless.project, scenario, headless.standards)
    wanted = compare(headless, scenario_analysis, name=scenario.name).table()
    pd.testing.assert_frame_equal(plain.scenario_panel.comparison.table(), wanted, rtol=1e-9)
    pd.testing.assert_frame_equal(_shown_comparison(plain), wanted, rtol=1e-9)
    row = list(wanted["metric"]).index("grades_1_3.share_within_threshold")
    assert wanted["change"].iloc[row] > 0  # a new teaching point brings children within the rule…
    travel = plain.comparison_panel.tables[0]
    shown = [travel.item(r, 0).data(planning.Qt.ItemDataRole.UserRole) for r in range(travel.rowCount())]
    change = travel.item(shown.index("grades_1_3.share_within_threshold"), 3)
    assert change.foreground().color() == planning.BETTER  # …shown as better
    assert errors == []

    # A failed evaluation goes to the notification and keeps the table.
    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("no roads today")

    monkeypatch.setattr("gis.usecases.evaluate_scenario", broken)
    assert plain.scenario_panel.compare()
    qtbot.waitUntil(lambda: not plain.is_running, timeout=TIMEOUT_MS)
    assert len(errors) == 1 and "no roads today" in errors[0][0]
    pd.testing.assert_frame_equal(_shown_comparison(plain), wanted, rtol=1e-9)

    # Saving keeps the scenario in the project file; the window opens it again.
    plain.save_action.trigger()
    assert not plain.isWindowModified()
    assert load_project(plain.project_path).scenarios == plain.project.scenarios
    assert plain.open_project(plain.project_path)
    listed = plain.scenario_panel.scenario_list
    assert [listed.item(i).text() for i in range(listed.count())] == [scenario.name]
    assert plain.project.scenario(scenario.name).edits == chosen.edits
    assert panel.table.rowCount() == 0  # suggestions belong to the project they were made for


def test_new_rename_delete_and_close_the_selected_school(qtbot, plain: MainWindow, answers, errors) -> None:
    panel = plain.scenario_panel
    assert not panel.close_button.isEnabled()
    answers.append("Close two")
    assert panel.ask_new_scenario() == "Close two"
    assert [s.name for s in plain.project.scenarios] == ["Close two"]
    for i in (3, 7):
        code, name = _school(plain, i)
        plain.select_school(code)  # as a click on the map or a row of the school table does
        assert panel.close_button.isEnabled()
        panel.close_button.click()
    codes = [_school(plain, i)[0] for i in (3, 7)]
    assert plain.project.scenario("Close two").edits == tuple(Close(c) for c in codes)
    assert panel.edit_texts()[1] == f"Close {name} ({codes[1]})"
    # Closing it again is a problem of the scenario, reported and not added.
    panel.close_button.click()
    assert len(errors) == 1 and errors[0][0] == "The edit cannot be made."
    assert "no such school" in errors[0][1] and len(plain.project.scenario("Close two").edits) == 2
    panel.edit_list.setCurrentRow(0)
    panel.remove_button.click()
    assert plain.project.scenario("Close two").edits == (Close(codes[1]),)
    answers.append("Close one")
    assert panel.ask_rename() == "Close one"
    assert [s.name for s in plain.project.scenarios] == ["Close one"]
    assert panel.current_name() == "Close one"
    panel.delete_button.click()
    assert plain.project.scenarios == ()
    assert plain.isWindowModified()


def test_place_a_new_school_with_a_map_click(qtbot, window: MainWindow, answers, errors) -> None:
    panel = window.scenario_panel
    panel.new_scenario("New school")
    # A point of the county in the project's CRS, and where it is on the map (WGS84).
    township = window.project.townships.geometry.iloc[0].representative_point()
    lon, lat = Transformer.from_crs(window.project.crs, "EPSG:4326", always_xy=True).transform(township.x, township.y)
    answers.append(planning.NewSchool("柳湾村教学点", "teaching_point", 40, 0, 0))
    panel.place_button.click()
    assert panel.placing
    assert window.map.bridge.mapClicked(lat, lon) is None  # the slot the page calls
    assert not panel.placing
    (edit,) = window.project.scenario("New school").edits
    assert isinstance(edit, Open)
    assert (edit.name, edit.type, edit.capacity_primary) == ("柳湾村教学点", "teaching_point", 40)
    assert edit.x == pytest.approx(township.x, abs=1e-3) and edit.y == pytest.approx(township.y, abs=1e-3)
    assert edit.school_id not in set(window.project.schools["school_id"].astype(str))
    # A click without "place new school" adds nothing.
    window.map.bridge.mapClicked(lat, lon)
    assert len(window.project.scenario("New school").edits) == 1
    # A click on the page itself reaches the panel through the injected script.
    _bridge_ready(qtbot, window)
    answers.append(planning.NewSchool("第二所", "primary", 120, 0, 30))
    panel.place_button.click()
    script = f"window.schoolplan.map.fire('click', {{latlng: L.latLng({json.dumps(lat)}, {json.dumps(lon)})}}); true"
    assert _js(qtbot, window, script) is True
    qtbot.waitUntil(lambda: len(window.project.scenario("New school").edits) == 2, timeout=TIMEOUT_MS)
    second = window.project.scenario("New school").edits[1]
    assert second.name == "第二所" and second.boarding_beds == 30 and second.school_id != edit.school_id
    assert second.x == pytest.approx(township.x, abs=1e-3)
    # Outside the county: the problem is reported, nothing is added.
    answers.append(planning.NewSchool("远方", "primary", 100, 0, 0))
    panel.place_button.click()
    window.map.bridge.mapClicked(lat + 5.0, lon)
    assert len(window.project.scenario("New school").edits) == 2
    assert len(errors) == 1 and "outside the county" in errors[0][1]


def test_new_school_dialog_checks_the_entry(qtbot) -> None:
    dialog = planning.NewSchoolDialog(name="")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(planning.QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and dialog.problem() == "Give the school a name."
    dialog.name_edit.setText("新学校")
    dialog.type_box.setCurrentIndex(dialog.type_box.findData("junior"))
    dialog.junior_box.setValue(0)
    assert not ok.isEnabled() and not dialog.primary_box.isEnabled()
    dialog.junior_box.setValue(300)
    assert ok.isEnabled()
    assert dialog.school() == planning.NewSchool("新学校", "junior", 0, 300, 0)


def test_language_switch_retranslates_the_panels(qtbot, plain: MainWindow) -> None:
    code, name = _school(plain, 3)
    plain.scenario_panel.new_scenario("A")
    plain.select_school(code)
    plain.scenario_panel.close_selected_school()
    try:
        assert plain.set_language("zh_CN")
        qtbot.waitUntil(lambda: plain.planning_dock.windowTitle() == "规划", timeout=TIMEOUT_MS)
        assert plain.scenarios_dock.windowTitle() == "方案"
        assert plain.planning_menu.title() == "规划(&P)"
        assert plain.suggestion_panel.suggest_button.text() == "生成建议"
        assert plain.suggestion_panel.table.horizontalHeaderItem(1).text() == "措施"
        assert plain.scenario_panel.place_button.text() == "放置新学校"
        assert plain.comparison_panel.tables[0].horizontalHeaderItem(1).text() == "现状"
        assert plain.scenario_panel.edit_texts() == [f"撤销{name} ({code})"]
        assert planning.metric_label("junior.mean_travel_min") == "初中：平均通行时间（分钟）"
    finally:
        plain.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: plain.planning_dock.windowTitle() == "Planning", timeout=TIMEOUT_MS)
    assert plain.scenario_panel.edit_texts() == [f"Close {name} ({code})"]
    assert plain.suggestion_panel.apply_button.text() == "Apply as scenario"
