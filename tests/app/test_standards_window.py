"""The standards plan (优质均衡达标方案) in the window: the Balance dock's action, its dialog, its result and the map.

The window is driven as a planner does it: the button, the dialog accepted, the work waited for.
What the result view shows is checked against what is worked out apart from it: each
investment's and transfer's cost from the unit costs read here from ``data/standards.toml``;
the schools meeting the per-school rule from :func:`gis.balance.assess` run here on the plan's
schools before and after, and on the project with the saved scenario applied; the arrows of the
map from the transfer rows shown.
"""

from __future__ import annotations

import math
import shutil
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.balance_words import INDICATOR_TITLES
from app.cli import DEMO_PROJECT
from app.standards import AMOUNT_COLUMN, COST_COLUMN, TEACHERS_COLUMN
from app.window import MainWindow
from gis.balance import assess
from gis.edits import AddResources
from gis.scenario import apply_scenario
from gis.standards import load_standards
from tests.app import test_window as base
from tests.app.test_chinese_window import latin_words, offenders
from tests.app.test_window import TIMEOUT_MS

errors = base.errors
USER = Qt.ItemDataRole.UserRole
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "out" / "screenshots"
PLAN_MS = 300_000  # the demo county's plan: its routing and a solve within the time limit
BUDGET, TIME_LIMIT = "3,000", 20  # 万元, seconds


@pytest.fixture
def plain(qtbot, tmp_path: Path, errors) -> MainWindow:
    """A window without a map on a copy of the demo county."""
    project = tmp_path / "county.gpkg"
    shutil.copy(DEMO_PROJECT, project)
    win = MainWindow(web_map=False, settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    assert win.open_project(project)
    yield win
    win.wait_for_worker()
    win.set_language("en")


def _unit_costs() -> tuple[dict[str, float], float]:
    """万元 per unit of each investment item, and per teacher transferred, read from the rules file here."""
    costs = tomllib.loads((ROOT / "data" / "standards.toml").read_text(encoding="utf-8"))["costs"]
    teacher = costs["teacher_per_year"] * costs["hired_teacher_years"]
    per_unit = {
        "floor_area": costs["building_m2"],
        "sports_ground": costs["sports_ground_m2"],
        "equipment": 1 / 10_000,  # yuan in 万元
        "multimedia_rooms": costs["multimedia_room"],
        "hire_qualified": teacher,
        "hire_key": teacher,
        "hire_pe_arts": teacher,
        "train_qualified": costs["training"],
        "train_key": costs["training"],
        "train_pe_arts": costs["training"],
    }
    return per_unit, costs["transfer"]


def _cells(model, column: int) -> list[object]:
    return [model.index(r, column).data(USER) for r in range(model.rowCount())]


def _meeting(balance) -> dict[str, int]:
    frame = balance.school_standards
    return {lv: int(frame[frame["level"] == lv]["passes"].astype(bool).sum()) for lv in ("primary", "junior")}


def _fill(dialog) -> None:
    """A budget, so that the demo county's plan is made (every target at once is not reached: see the
    report), and a time limit that keeps the test short; the other options as the dialog opens."""
    dialog.budget_edit.setText(BUDGET)
    dialog.time_spin.setValue(TIME_LIMIT)


def _make_plan(qtbot, win: MainWindow, errors: list[tuple[str, str]]):
    """Press the Balance dock's action, give the budget, accept the dialog and wait for the plan."""
    panel = win.balance_panel
    assert panel.standards_button.isEnabled()
    panel.standards_button.click()
    dialog = panel.standards_dialog
    assert dialog is not None and dialog.isVisible()
    _fill(dialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert panel.standards_running
    qtbot.waitUntil(lambda: not win.is_running and not panel.standards_running, timeout=PLAN_MS)
    assert errors == []
    return dialog, panel.standards_view


def test_the_plan_shown_adds_up_and_is_assessed_again_the_same(qtbot, plain: MainWindow, errors) -> None:
    win = plain
    file_before = win.project_path.read_bytes()
    _dialog, view = _make_plan(qtbot, win, errors)
    assert errors == []
    assert view is not None and view.isVisible() and view.plan is not None
    plan = view.plan

    # The cost: each row's cost is its amount at the unit cost, and the headline their sum.
    per_unit, per_transfer = _unit_costs()
    items = _cells(view.investment_model, 1)
    amounts = _cells(view.investment_model, AMOUNT_COLUMN)
    costs = _cells(view.investment_model, COST_COLUMN)
    teachers = _cells(view.transfer_model, TEACHERS_COLUMN)
    assert items and len(items) == len(plan.investments)
    for item, amount, cost in zip(items, amounts, costs, strict=True):
        assert cost == pytest.approx(amount * per_unit[item], rel=1e-9, abs=1e-9), item
    total = sum(a * per_unit[i] for i, a in zip(items, amounts, strict=True)) + per_transfer * sum(teachers)
    assert plan.cost == pytest.approx(total, rel=1e-9)
    assert f"{total:,.1f} 万元" in view.headline.text()
    assert plan.mode == "budget" and total <= 3000 + 1e-6 and "3,000.0 万元" in view.headline.text()

    # Schools meeting the rule, before and after: assessed again here.
    standards = load_standards()
    before = _meeting(assess(plan.schools_before, standards, pupils=plan.pupils))
    after = _meeting(assess(plan.schools_after, standards, pupils=plan.pupils))
    shown = {level: (b, a) for level, b, a in view.schools_meeting()}
    assert shown == {lv: (before[lv], after[lv]) for lv in ("primary", "junior")}
    rule_rows = [
        r for r in range(view.summary_model.rowCount()) if _cells(view.summary_model, 1)[r] == "per_school_rule"
    ]
    assert sorted(_cells(view.summary_model, 5)[r] for r in rule_rows) == sorted(
        f"{before[lv]}:{after[lv]}" for lv in ("primary", "junior")
    )
    assert after["primary"] > before["primary"]
    for level, b, a in view.schools_meeting():
        assert f"{b} → {a}" in view.headline.text() or f"{b}&nbsp;→&nbsp;{a}" in view.headline.text(), level

    # The map: one arrow per transfer row, from and to the schools of the row.
    highlight = win.map.highlight
    assert highlight is not None and highlight.action == "standards"
    rows = list(zip(_cells(view.transfer_model, 0), _cells(view.transfer_model, 1), teachers, strict=True))
    assert [(a.from_id, a.to_id, a.children) for a in highlight.arrows] == rows
    assert set(highlight.changed) == set(_cells(view.investment_model, 0))

    # A row chosen: that school, or that transfer.
    code = str(_cells(view.investment_model, 0)[0])
    view.investment_table.selectRow(0)
    assert win.map.highlight.changed == (code,) and win.session.selected_school == code
    if rows:
        last = len(rows) - 1
        view.transfer_table.selectRow(last)
        assert [(a.from_id, a.to_id, a.children) for a in win.map.highlight.arrows] == [rows[last]]
    view.map_button.click()
    assert len(win.map.highlight.arrows) == len(rows)

    # Saved as a scenario: the project, not its file, gains it; assessed again it gives the plan's after.
    name = view.save_scenario("达标方案")
    assert name == "达标方案" and win.session.modified
    assert win.project_path.read_bytes() == file_before  # nothing written until File → Save
    scenario = win.project.scenario(name)
    assert scenario.edits and all(isinstance(e, AddResources) for e in scenario.edits)
    applied = apply_scenario(win.project, scenario)
    assert _meeting(assess(applied.schools, standards, pupils=plan.pupils)) == after
    assert win.balance_panel.scenario_box.findData(name) > 0  # the dock can assess it
    assert errors == []


def test_cancel_changes_nothing_and_says_nothing(qtbot, plain: MainWindow, errors) -> None:
    win, panel = plain, plain.balance_panel
    scenarios = win.project.scenarios
    panel.standards_button.click()
    dialog = panel.standards_dialog
    dialog.time_spin.setValue(600)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert panel.standards_running and panel.standards_cancel.isVisible() and panel.standards_progress.isVisible()
    panel.standards_cancel.click()
    qtbot.waitUntil(lambda: not win.is_running and not panel.standards_running, timeout=TIMEOUT_MS)
    assert errors == []
    assert panel.standards_view is None and panel.standards_run is None
    assert win.project.scenarios == scenarios and not win.session.modified
    assert not panel.standards_cancel.isVisible() and not panel.standards_progress.isVisible()
    assert panel.standards_button.isEnabled()


def test_a_negative_budget_is_refused_in_words(qtbot, plain: MainWindow, errors) -> None:
    win, panel = plain, plain.balance_panel
    assert win.set_language("zh_CN")
    panel.standards_button.click()
    dialog = panel.standards_dialog
    dialog.budget_edit.setText("-500")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.error_label.isVisible()
    said = dialog.error_label.text()
    assert "-500" in said and "预算" in said and not latin_words(said)
    assert not win.is_running and panel.standards_view is None
    dialog.budget_edit.setText("一千")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and "一千" in dialog.error_label.text()
    dialog.reject()
    assert errors == []


def test_a_target_no_plan_reaches_is_said_in_chinese(qtbot, plain: MainWindow, errors, tmp_path: Path) -> None:
    """No teacher hired (posts at the staff there is), none moved, no sports ground (no spare land
    anywhere): a school far short of its sports ground, or of two teacher standards, cannot pass."""
    win, panel = plain, plain.balance_panel
    schools = win.project.schools
    land = tmp_path / "land.csv"
    land.write_text(
        "学校代码,可用场地面积\n" + "".join(f"{code},0\n" for code in schools["school_id"].astype(str)),
        encoding="utf-8",
    )
    staff = float(schools["teachers"].sum())
    standards = load_standards()
    frame = assess(schools, standards).school_standards
    failing = set(frame.loc[~frame["passes"].astype(bool), "name"].astype(str))
    passing = set(schools["name"].astype(str)) - failing
    assert win.set_language("zh_CN")
    panel.standards_button.click()
    dialog = panel.standards_dialog
    dialog.posts_combo.setCurrentIndex(1)
    dialog.posts_spin.setValue(staff)
    dialog.transfers_check.setChecked(False)
    dialog.land_edit.setText(str(land))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: bool(errors) and not win.is_running, timeout=TIMEOUT_MS)
    assert panel.standards_view is None
    (message, details), *_rest = errors
    said = f"{message}\n{details}"
    assert "Traceback" not in said and "Error" not in said
    assert "达标方案" in message and not latin_words(message), message
    # Schools that block it are named, and only schools failing the rule today (assessed here).
    assert any(name in message for name in failing)
    assert not [name for name in passing if name in message]
    # and an indicator, in the Balance dock's Chinese words
    titles = [QCoreApplication.translate("Balance", t) for t in INDICATOR_TITLES.values()]
    assert any(title in message for title in titles if not latin_words(title)), message


def test_the_chinese_dialog_and_result_show_no_english(qtbot, plain: MainWindow, errors) -> None:
    win = plain
    assert win.set_language("zh_CN")
    _dialog, view = _make_plan(qtbot, win, errors)
    panel = win.balance_panel
    panel.standards_button.click()  # the dialog again, to read it open
    again = panel.standards_dialog
    assert again is not None and again.isVisible()
    for tab in range(view.tabs.count()):
        view.tabs.setCurrentIndex(tab)
    found = offenders([again, view])
    assert not found, "\n".join(found)
    assert view.windowTitle() == "优质均衡达标方案" and "万元" in view.headline.text()
    again.reject()
    assert errors == []


def _grab_map(qtbot, win: MainWindow) -> object:
    from tests.app.test_window import _colours

    qtbot.waitUntil(lambda: _colours(win.map_view.grab().toImage()) > 50, timeout=TIMEOUT_MS)
    qtbot.wait(500)
    return win.map_view.grab()


def test_screenshots_of_the_dialog_the_result_and_the_map(qtbot, errors) -> None:
    """Saved in out/screenshots/ for a person to look at; the map's page has one arrow per transfer row."""
    from tests.app.test_window import _js

    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    win.show()
    with qtbot.waitSignal(win.mapUpdated, timeout=TIMEOUT_MS):
        assert win.open_project(DEMO_PROJECT)
    try:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for language in ("zh_CN", "en"):
            assert win.set_language(language)
            with qtbot.waitSignal(win.mapUpdated, timeout=TIMEOUT_MS):
                pass  # the page built again in the language
            panel = win.balance_panel
            panel.standards_button.click()
            dialog = panel.standards_dialog
            qtbot.waitExposed(dialog)
            _fill(dialog)
            assert dialog.grab().save(str(SCREENSHOTS / f"standards_dialog_{language}.png"))
            with qtbot.waitSignal(panel.standardsShown, timeout=PLAN_MS):
                dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
            qtbot.waitUntil(lambda: not win.is_running, timeout=TIMEOUT_MS)
            view = panel.standards_view
            qtbot.waitExposed(view)
            assert view.grab().save(str(SCREENSHOTS / f"standards_result_{language}.png"))
            view.tabs.setCurrentIndex(1)
            assert view.grab().save(str(SCREENSHOTS / f"standards_transfers_{language}.png"))
            view.map_button.click()
            rows = view.transfer_model.rowCount()
            state = _js(qtbot, win, "JSON.stringify(window.schoolplan.highlightState())")
            import json

            assert json.loads(str(state))["arrows"] == rows
            assert _grab_map(qtbot, win).save(str(SCREENSHOTS / f"standards_map_{language}.png"))
            view.close()
        assert errors == []
        assert not math.isnan(panel.standards_run.plan.cost)
    finally:
        win.set_language("en")
        win.wait_for_worker()


def test_resources_added_are_described_in_words(plain: MainWindow) -> None:
    from app.planning import describe_edit

    code, name = "5226990028", "黄堡村小学"
    names = {code: name}
    edit = AddResources(code, floor_area_m2=120.0, key_teachers=2, teachers=2, pe_arts_teachers=-1)
    english = describe_edit(edit, names)
    assert english == (
        f"{name} ({code}): add teaching and auxiliary floor area 120.0 m², teachers: 2, key teachers: 2; "
        "take away PE and arts teachers: 1"
    )
    assert plain.set_language("zh_CN")
    chinese = describe_edit(edit, names)
    assert chinese == (
        f"{name} ({code})：增加教学及辅助用房 120.0 m²，教师 2 人，骨干教师 2 人；减少体育、艺术专任教师 1 人"
    )
    assert not latin_words(chinese)
