"""The Plan dock, offscreen: the demo county's plan through the dock, a click on an action, the budgets
chart, the plan saved as scenarios, Cancel, a bad budget, and the dock in Chinese."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from pyproj import Transformer
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QSpinBox,
    QTabBar,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

import app.plan as plan_dock
from app.cli import DEMO_PROJECT
from app.mapview import Place
from app.window import MainWindow
from gis.plan import ACTION_KINDS, TERMS
from tests.app import test_window as base
from tests.app.test_window import SCREENSHOTS, TIMEOUT_MS, _colours, _js

errors, recorder, window = base.errors, base.recorder, base.window
YEARS = (2026, 2028)


@pytest.fixture
def plain(qtbot, tmp_path: Path, errors) -> MainWindow:
    """A window without a map on a copy of the demo county, shown (the tree is clicked)."""
    project = tmp_path / "county.gpkg"
    shutil.copy(DEMO_PROJECT, project)
    win = MainWindow(web_map=False, settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    assert win.open_project(project)
    win.resize(1400, 1000)
    win.show()
    win.plan_dock.raise_()
    win.resizeDocks([win.plan_dock], [500], Qt.Orientation.Vertical)  # room for the actions
    yield win
    win.wait_for_worker()


def _quick(panel: plan_dock.PlanPanel, *, total: str = "8000", steps: int = 2) -> None:
    """A short plan: three years, a short time limit, no worth of each action."""
    panel.first_year.setValue(YEARS[0])
    panel.last_year.setValue(YEARS[1])
    panel.total_edit.setText(total)
    panel.time_limit.setValue(15)
    panel.worth_check.setChecked(False)
    panel.budget_steps.setValue(steps)


def _plan(qtbot, win: MainWindow, errors: list[tuple[str, str]]) -> None:
    """Run the plan through the dock and wait for it and its budgets chart (or a failure, reported)."""
    panel = win.plan_panel
    panel.run_button.click()
    assert win.is_running and panel.cancel_button.isEnabled() and not panel.run_button.isEnabled()
    qtbot.waitUntil(
        lambda: bool(errors) or (panel.budgets is not None and not panel.is_running), timeout=5 * TIMEOUT_MS
    )
    assert errors == []
    qtbot.waitUntil(lambda: not win.is_running, timeout=TIMEOUT_MS)


def _rows(tree: QTreeWidget) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
    tops = [tree.topLevelItem(k) for k in range(tree.topLevelItemCount())]
    return [(top, [top.child(j) for j in range(top.childCount())]) for top in tops]


def _click(qtbot, tree: QTreeWidget, item: QTreeWidgetItem) -> None:
    tree.scrollToItem(item)
    QApplication.processEvents()
    rect = tree.visualItemRect(item)
    at = QPoint(rect.left() + 30, rect.center().y())
    assert tree.viewport().rect().contains(at) and tree.itemAt(at) is item
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=at)


def _latin(panel: plan_dock.PlanPanel) -> list[str]:
    """The visible texts of the dock with a Latin word, other than the scenario names plan-YEAR."""
    texts: list[str] = []
    for widget in panel.findChildren(QWidget):
        if not widget.isVisibleTo(panel):
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.text() or widget.placeholderText())
        elif isinstance(widget, QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QListWidget):
            texts.extend(widget.item(i).text() for i in range(widget.count()))
        elif isinstance(widget, QSpinBox):
            texts.append(widget.text())
    tree = panel.tree
    texts.extend(tree.headerItem().text(c) for c in range(tree.columnCount()))
    for top, children in _rows(tree):
        for item in (top, *children):
            texts.extend(item.text(c) for c in range(tree.columnCount()))
            texts.append(item.toolTip(0))
    return [t for t in texts if re.search(r"[A-Za-z]{2,}", re.sub(r"plan-\d{4}|<[^>]+>", "", t))]


def _pixels(image) -> bytes:
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return bytes(image.constBits())


def test_every_action_kind_and_term_has_words() -> None:
    words = set(plan_dock.ACTION_TITLES)
    assert {"close", "teaching_point", "merge", "expand", "beds"} <= words
    assert {"new_teaching_point", "new_school", "new_boarding_school", "convert"} <= words
    assert set(ACTION_KINDS) - {"new"} <= words
    assert plan_dock.TERMS == TERMS
    assert set(TERMS) | {"weighted"} == set(plan_dock.TERM_TITLES)


def test_the_dock_plans_the_demo_county_shows_it_and_saves_it_as_scenarios(qtbot, plain: MainWindow, errors) -> None:
    panel, session = plain.plan_panel, plain.session
    # The five years after the project's base year (its year setting) by default.
    base_year = int(plain.project.settings["year"])
    assert (panel.first_year.value(), panel.last_year.value()) == (base_year + 1, base_year + 5)
    assert panel.plan is None and not panel.save_button.isEnabled()
    _quick(panel)
    _plan(qtbot, plain, errors)
    plan = panel.plan
    assert plan is not None and errors == []
    assert plan.years == tuple(range(YEARS[0], YEARS[1] + 1))
    assert plan.budget.total == 8000 and plan.budget.per_year is None
    assert plan.actions, "the demo county's plan takes actions"

    # The tree: one row per year, then that year's actions, in the plan's order; every action once.
    rows = _rows(panel.tree)
    assert [top.text(0) for top, _ in rows] == [str(y) for y in plan.years]
    shown = [child for _top, children in rows for child in children]
    assert len(shown) == len(plan.actions)
    for child, action in zip(shown, plan.actions, strict=True):
        assert child.text(0) == plan_dock.action_title(action.action)
        assert child.text(1) == action.name
        assert child.text(2) == (f"{action.seats:,}" if action.seats else "")
        assert child.text(3) == (f"{action.beds:,}" if action.beds else "")
        assert child.text(4) == f"{action.capital_cost:,.1f}"
        assert child.text(5) == "–"  # the worth was not asked for
        assert child.toolTip(0) == action.rationale_en
    # Each year's total is its actions' capital; all years together are the plan's.
    for (top, children), year in zip(rows, plan.years, strict=True):
        wanted = sum(a.capital_cost for a in plan.actions if a.year == year)
        assert top.data(4, Qt.ItemDataRole.UserRole) == pytest.approx(wanted)
        assert top.text(4) == f"{wanted:,.1f}"
        assert top.text(1) == f"{len(children)} actions"
    total = sum(top.data(4, Qt.ItemDataRole.UserRole) for top, _ in rows)
    assert total == pytest.approx(sum(a.capital_cost for a in plan.actions))
    # The model's own capital of the years, within the budget.
    assert total == pytest.approx(plan.capital, abs=0.01) and total <= 8000 + 1e-6
    assert f"capital {total:,.1f} 万元 (total budget 8,000.0 万元)" in panel.summary_label.text()
    # The solver's bound and gap.
    stage = plan.solution.stages[0]
    assert stage.term == "weighted"
    assert f"proven lower bound {stage.bound:,.1f}, gap {100 * stage.gap:.2f} %" in panel.bound_label.text()

    # A click on a new site: the map is asked to ring it, in the project's CRS (the window has no
    # analysis of the project to highlight catchments with: the plan made its own).
    new = next(k for k, a in enumerate(plan.actions) if a.action in plan_dock.NEW_KINDS)
    site = plan.actions[new]
    selected = session.selected_school
    assert session.analysis is None
    _click(qtbot, panel.tree, shown[new])
    assert panel.selected_action() is site
    assert plain.map.places == (Place(site.x, site.y, site.name, site.school_id, True),)
    assert site.school_id not in set(plain.project.schools["school_id"].astype(str))
    assert session.selected_school == selected  # a new site is no school of the project
    assert site.rationale_en in panel.detail_label.text()
    # A click on an action at a school: the school is selected (the map outlines it) and ringed.
    old = next(k for k, a in enumerate(plan.actions) if a.action not in plan_dock.NEW_KINDS)
    action = plan.actions[old]
    with qtbot.waitSignal(session.schoolSelected, timeout=TIMEOUT_MS) as chosen:
        _click(qtbot, panel.tree, shown[old])
    assert chosen.args == [action.school_id] and session.selected_school == action.school_id
    schools = plain.project.schools
    point = schools.geometry[schools["school_id"].astype(str) == action.school_id].iloc[0]
    assert plain.map.places[0].school_id == action.school_id and not plain.map.places[0].new
    assert (plain.map.places[0].x, plain.map.places[0].y) == pytest.approx((point.x, point.y), abs=0.1)
    assert plain.details.details_label.text().count(action.school_id) >= 1
    # A click on a year: every action of that year.
    _click(qtbot, panel.tree, rows[0][0])
    assert [p.school_id for p in plain.map.places] == [a.school_id for a in plan.actions if a.year == plan.years[0]]

    # The budgets chart: the plan made again for 0, half and all of its budget.
    budgets = panel.budgets
    assert budgets is not None and budgets.plan is plan
    assert budgets.table["budget"].tolist() == [0.0, 4000.0, 8000.0]
    assert (budgets.table["capital"] <= budgets.table["budget"] + 1e-6).all()
    assert panel.chart.has_chart

    # Saved as scenarios: plan-2026 … plan-2028 in the project, listed by the Scenarios dock.
    before = {s.name for s in plain.project.scenarios}
    with qtbot.waitSignal(panel.scenariosSaved, timeout=TIMEOUT_MS) as saved:
        panel.save_button.click()
    names = [f"plan-{y}" for y in plan.years]
    assert saved.args == [names[0]]
    project = plain.project
    assert {s.name for s in project.scenarios} == before | set(names)
    for name, scenario in zip(names, plan.scenarios, strict=True):
        assert project.scenario(name).edits == scenario.edits
    assert session.modified
    listed = [
        plain.scenario_panel.scenario_list.item(i).text() for i in range(plain.scenario_panel.scenario_list.count())
    ]
    assert set(names) <= set(listed)
    assert plain.scenario_panel.current_name() == names[0]
    assert plain.statusBar().currentMessage() == (
        "The plan is in the project as the scenarios plan-2026 … plan-2028; save the project to keep them."
    )
    assert errors == []


def test_cancel_stops_a_running_plan_and_keeps_the_dock_usable(qtbot, plain: MainWindow, errors) -> None:
    panel = plain.plan_panel
    _quick(panel)
    assert panel.run()
    assert panel.is_running and panel.cancel_button.isEnabled() and not panel.run_button.isEnabled()
    assert panel.progress_bar.isVisible() and panel.progress_label.text() == "Planning…"
    qtbot.waitUntil(lambda: panel.progress_bar.value() > 0, timeout=TIMEOUT_MS)  # well under way
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: not plain.is_running and not panel.is_running, timeout=TIMEOUT_MS)
    assert panel.plan is None and panel.tree.topLevelItemCount() == 0 and errors == []
    assert plain.statusBar().currentMessage() == "Plan cancelled; the previous results are kept."
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()
    assert not panel.save_button.isEnabled() and not panel.progress_bar.isVisible()


def test_a_bad_budget_is_reported_and_changes_nothing(qtbot, plain: MainWindow, errors) -> None:
    panel = plain.plan_panel
    _quick(panel, total="-5")
    assert panel.run()  # the core checks the budget, first of all
    qtbot.waitUntil(lambda: not plain.is_running and not panel.is_running, timeout=TIMEOUT_MS)
    assert len(errors) == 1
    message = errors[0][0]
    assert message.startswith("The plan cannot be made:") and "budget must be a number of 0 or more" in message
    assert "-5" in message and "Traceback" not in message
    assert (
        panel.plan is None and plain.statusBar().currentMessage() == "The plan failed; the previous results are kept."
    )
    # Not a number at all: said at once, nothing started.
    panel.total_edit.setText("8000")
    panel.per_year_edit.setText("lots")
    assert not panel.run() and not plain.is_running
    assert len(errors) == 2 and errors[1][0].startswith("The plan cannot be made:") and "lots" in errors[1][0]
    assert "Budget per year" in errors[1][0]
    # Years that do not follow the base year: the core's problem, shown the same way.
    panel.per_year_edit.clear()
    panel.first_year.setValue(2020)
    panel.last_year.setValue(2022)
    assert panel.run()
    qtbot.waitUntil(lambda: not plain.is_running and not panel.is_running, timeout=TIMEOUT_MS)
    assert len(errors) == 3 and "after the base year" in errors[2][0]
    assert panel.run_button.isEnabled() and panel.plan is None


def test_an_order_of_priority_plans_lexicographically(plain: MainWindow) -> None:
    panel = plain.plan_panel
    assert panel.inputs().order is None and not panel.order_list.isEnabled()
    panel.set_order(["unplaced", "beyond"])
    assert panel.order_list.isEnabled()
    inputs = panel.inputs()
    assert inputs.order == ("unplaced", "beyond", "large", "travel", "cost")
    assert inputs.objective().weights is None and inputs.objective().order == inputs.order
    panel.order_list.setCurrentRow(4)
    panel.up_button.click()
    assert panel.inputs().order == ("unplaced", "beyond", "large", "cost", "travel")
    panel.objective_combo.setCurrentIndex(0)
    assert panel.inputs().order is None and panel.inputs().objective().weighted


def test_screenshot_of_the_plan_in_chinese(qtbot, window: MainWindow, errors) -> None:
    panel = window.plan_panel
    window.resize(1600, 1000)
    base._run(qtbot, window)  # with the analysis, a clicked action's catchments show on the map
    try:
        window.set_language("zh_CN")
        qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=TIMEOUT_MS)
        window.plan_dock.raise_()
        window.resizeDocks([window.plan_dock], [int(window.height() * 0.45)], Qt.Orientation.Vertical)
        _quick(panel, steps=3)
        panel.worth_check.setChecked(True)  # the worth of each action, in its column
        _plan(qtbot, window, errors)
        plan = panel.plan
        assert plan is not None
        rows = _rows(panel.tree)
        shown = [child for _top, children in rows for child in children]
        for child, action in zip(shown, plan.actions, strict=True):
            assert child.text(5) == f"{action.worth:,.1f}" and action.worth_term == "weighted"
            assert child.toolTip(5).startswith("没有这项措施，规划损失") and child.toolTip(0) == action.rationale_zh
        assert window.plan_dock.windowTitle() == "布局规划"
        assert "证明的下界" in panel.bound_label.text() and "差距" in panel.bound_label.text()
        assert _latin(panel) == []
        # A new site clicked: ringed on the map, which is fitted to it.
        new = next(k for k, a in enumerate(plan.actions) if a.action in plan_dock.NEW_KINDS)
        county = _pixels(window.map_view.grab().toImage())  # the whole county, before the click
        _click(qtbot, panel.tree, shown[new])
        assert plan.actions[new].rationale_zh in panel.detail_label.text()
        to_map = Transformer.from_crs(window.project.crs, "EPSG:4326", always_xy=True)
        lon, lat = to_map.transform(plan.actions[new].x, plan.actions[new].y)

        def fitted() -> bool:
            state = json.loads(str(_js(qtbot, window, "JSON.stringify(window.schoolplan.highlightState())")))
            view = json.loads(str(_js(qtbot, window, "JSON.stringify(window.schoolplan.map.getBounds())")))
            inside = view["_southWest"]["lat"] < lat < view["_northEast"]["lat"]
            inside = inside and view["_southWest"]["lng"] < lon < view["_northEast"]["lng"]
            zoom = _js(qtbot, window, "window.schoolplan.map.getZoom()")
            return state["new"] == [plan.actions[new].name] and inside and zoom >= 12

        qtbot.waitUntil(fitted, timeout=TIMEOUT_MS)
        # The view has drawn the site's surroundings (the grab shows the last frame drawn).
        qtbot.waitUntil(lambda: _pixels(window.map_view.grab().toImage()) != county, timeout=TIMEOUT_MS)
        qtbot.waitUntil(lambda: _colours(window.map_view.grab().toImage()) > 50, timeout=TIMEOUT_MS)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        picture = window.grab()
        assert picture.save(str(SCREENSHOTS / "plan_zh.png"))
        assert (picture.width(), picture.height()) == (1600, 1000)
        assert _colours(picture.toImage()) > 100
        assert window.plan_dock.grab().save(str(SCREENSHOTS / "plan_zh_dock.png"))
        panel.tabs.setCurrentIndex(1)
        QApplication.processEvents()
        assert window.plan_dock.grab().save(str(SCREENSHOTS / "plan_zh_budgets.png"))
    finally:
        window.set_language("en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File", timeout=TIMEOUT_MS)
    # The same view in English (the chart and the map page drawn again in the language, the
    # clicked site highlighted again on the new page).
    qtbot.waitUntil(lambda: panel.chart.has_chart, timeout=TIMEOUT_MS)
    panel.tabs.setCurrentIndex(0)
    qtbot.waitUntil(
        lambda: bool(
            json.loads(
                str(
                    _js(
                        qtbot,
                        window,
                        "JSON.stringify(window.schoolplan ? window.schoolplan.highlightState() : {new: []})",
                    )
                )
            )["new"]
        ),
        timeout=TIMEOUT_MS,
    )
    qtbot.wait(500)
    qtbot.waitUntil(lambda: _colours(window.map_view.grab().toImage()) > 50, timeout=TIMEOUT_MS)
    english = window.grab()
    assert english.save(str(SCREENSHOTS / "plan_en.png"))
    assert (english.width(), english.height()) == (1600, 1000) and _colours(english.toImage()) > 100
    assert panel.tabs.tabText(1) == "What money buys"
    assert errors == []
