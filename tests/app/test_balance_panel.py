"""The Balance dock and the Rules in force dialog, offscreen, on the demo county."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

import app.balance as balance_module
import app.rules as rules_module
from app.cli import DEMO_PROJECT
from app.window import MainWindow
from gis.analysis import analyze
from gis.balance import Balance, assess, scenario_pupils
from gis.edits import Merge, Scenario
from gis.project import load_project
from gis.scenario import apply_scenario
from gis.standards import DEFAULT_STANDARDS, load_standards
from tests.app import test_window as base
from tests.app.test_window import TIMEOUT_MS

errors = base.errors
USER = Qt.ItemDataRole.UserRole
# Two small village primary schools of the demo county (the first has ten grade-1 pupils, the second sixteen).
SMALL = ("5226990028", "5226990029")


@pytest.fixture
def plain(qtbot, tmp_path: Path, errors) -> MainWindow:
    """A window without a map on a copy of the demo county."""
    project = tmp_path / "county.gpkg"
    shutil.copy(DEMO_PROJECT, project)
    win = MainWindow(web_map=False, settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    assert win.open_project(project)
    yield win
    win.wait_for_worker()


def _shown(win: MainWindow) -> list[tuple[str, str, float, float, object]]:
    """The coefficient rows as shown: method, indicator, coefficient, threshold, result (raw values)."""
    model = win.balance_panel.coefficient_model
    return [tuple(model.index(r, c).data(USER) for c in range(5)) for r in range(model.rowCount())]  # type: ignore[misc]


def _expected(balance: Balance, level: str) -> list[tuple[str, str, float, float, object]]:
    keys = balance_module.RESULT_KEYS
    return [
        (c.method, c.indicator, c.coefficient, c.threshold, keys[c.passes])
        for c in balance.coefficients
        if c.level == level
    ]


def _same(shown: list[tuple], expected: list[tuple]) -> bool:
    if len(shown) != len(expected):
        return False
    for a, b in zip(shown, expected, strict=True):
        for x, y in zip(a, b, strict=True):
            if isinstance(y, float):
                if not (math.isnan(x) and math.isnan(y)) and not math.isclose(x, y, rel_tol=1e-12):
                    return False
            elif x != y:
                return False
    return True


def _colour(model: balance_module.CellModel, row: int, column: int) -> object:
    brush = model.index(row, column).data(Qt.ItemDataRole.ForegroundRole)
    return None if brush is None else brush.color()


def test_baseline_equals_the_headless_assessment(plain: MainWindow, errors) -> None:
    panel = plain.balance_panel
    expected = assess(load_project(DEMO_PROJECT).schools, load_standards())
    assert panel.scenario_name() is None and panel.shown_scenario is None
    for level in ("primary", "junior"):
        panel.set_level(level)
        shown = _shown(plain)
        assert _same(shown, _expected(expected, level))
        model = panel.coefficient_model
        for row, (_method, indicator, _cv, _threshold, passes) in enumerate(shown):
            colour = _colour(model, row, balance_module.RESULT_COLUMN)
            if passes == "fail":
                assert colour == balance_module.FAIL and _colour(model, row, 2) == balance_module.FAIL
            elif passes == "pass":
                assert colour == balance_module.PASS
            font = model.index(row, 1).data(Qt.ItemDataRole.FontRole)
            assert (font is not None and font.bold()) == (indicator == "composite")
        if level == "primary":  # the demo county passes some primary coefficients and fails others
            assert {p for *_, p in shown} == {"pass", "fail", ""}
        # The top contributing schools by name, largest share first.
        first = next(c for c in expected.coefficients if c.level == level and c.top_schools)
        row = [r[1] for r in shown].index(first.indicator)
        name = dict(zip(expected.classes["school_id"], expected.classes["name"], strict=True))[first.top_schools[0][0]]
        assert model.index(row, 5).data().startswith(name)
        over = int(expected.classes[f"classes_over_standard_{level}"].sum())
        assert f"Classes over the standard size: {over:,};" in panel.classes_label.text()
    assert errors == []


def test_filter_shows_only_failing_schools(plain: MainWindow) -> None:
    panel = plain.balance_panel
    standards = assess(load_project(DEMO_PROJECT).schools, load_standards()).school_standards
    primary = standards[standards["level"] == "primary"]
    assert panel.shown_schools() == list(primary["school_id"])
    failing = primary[~primary["passes"]]
    assert 0 < len(failing) < len(primary)
    panel.only_failing.setChecked(True)
    assert panel.shown_schools() == list(failing["school_id"])
    model, column = panel.school_model, balance_module.SCHOOL_RESULT_COLUMN
    assert model.rowCount() == len(failing)
    assert all(model.index(r, column).data(USER) == "fail" for r in range(len(failing)))
    assert all(_colour(model, r, column) == balance_module.FAIL for r in range(len(failing)))
    panel.set_level("junior")
    junior = standards[(standards["level"] == "junior") & ~standards["passes"]]
    assert panel.shown_schools() == list(junior["school_id"])
    panel.only_failing.setChecked(False)
    assert len(panel.shown_schools()) == int((standards["level"] == "junior").sum())


def test_scenario_is_assessed_in_a_worker(qtbot, plain: MainWindow, errors) -> None:
    panel = plain.balance_panel
    project = plain.project
    assert project is not None
    scenario = Scenario("merge", (Merge(SMALL, into=SMALL[0]),))
    plain.session.update_project(project.with_scenario(scenario))
    assert panel.scenario_box.findData("merge") > 0 and panel.scenario_name() is None  # listed, not chosen
    # Cancelled: nothing is shown, nothing is reported, and the panel says so.
    assert panel.choose_scenario("merge")
    plain.task_progress.cancel_button.click()
    qtbot.waitUntil(lambda: not plain.is_running, timeout=TIMEOUT_MS)
    assert panel.balance is None and "not assessed" in panel.info_label.text() and errors == []
    with qtbot.waitSignal(panel.balanceShown, timeout=TIMEOUT_MS):
        assert panel.assess_button.isEnabled()
        panel.assess_button.click()
        assert plain.is_running and panel.balance is None  # nothing stale is shown meanwhile
    qtbot.waitUntil(lambda: not plain.is_running, timeout=TIMEOUT_MS)
    standards = load_standards()
    headless = load_project(DEMO_PROJECT)
    changed = apply_scenario(headless, scenario)
    moved = scenario_pupils(analyze(headless, standards), analyze(changed, standards))
    expected = assess(changed.schools, standards, pupils=moved)
    assert panel.shown_scenario == "merge" and "Scenario merge" in panel.info_label.text()
    assert _same(_shown(plain), _expected(expected, "primary"))
    assert SMALL[1] not in panel.shown_schools()
    # Back to the baseline at once, and to the scenario again without a new run.
    assert panel.choose_scenario(None) and panel.shown_scenario is None and not plain.is_running
    assert _same(_shown(plain), _expected(assess(headless.schools, standards), "primary"))
    assert panel.choose_scenario("merge") and not plain.is_running
    assert _same(_shown(plain), _expected(expected, "primary"))
    assert errors == []


def test_rules_dialog_lists_the_rules_and_loads_another_file(
    plain: MainWindow, errors, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = plain.show_rules()
    assert isinstance(dialog, rules_module.RulesDialog)
    assert str(DEFAULT_STANDARDS) in dialog.path_label.text()
    rule = dialog.row("balance.quality_primary")
    assert rule is not None and rule.value == "0.5" and "教督〔2017〕6号" in rule.source
    row = dialog.rows.index(rule)
    assert [dialog.model.index(row, c).data() for c in range(3)] == [
        "Quality balance: each primary coefficient, at most",
        "0.5",
        "coefficient",
    ]
    assert dialog.model.index(row, 3).data() == rule.source  # in English, the file's own words
    table_source = dialog.row("balance.standards.floor_area_per_pupil.junior")
    assert table_source is not None and table_source.value == "5.8" and "floor area" in table_source.source
    assert not any(r.key.endswith("_source") or r.key == "source" for r in dialog.rows)
    assert dialog.table.editTriggers() == dialog.table.EditTrigger.NoEditTriggers
    # A broken file: reported, the rules in force stay.
    broken = tmp_path / "broken.toml"
    broken.write_text(
        DEFAULT_STANDARDS.read_text(encoding="utf-8").replace("quality_primary = 0.50", "quality_primary = -1")
    )
    before = plain.session.current_standards()
    monkeypatch.setattr(rules_module, "ask_rules_file", lambda _parent: broken)
    assert not dialog.load_button.click() and not dialog.ask_load()
    assert len(errors) == 2 and "balance.quality_primary" in errors[0][1]
    assert plain.session.current_standards() is before and dialog.row("balance.quality_primary").value == "0.5"
    # A good file: the window, the dialog and the Balance dock use it.
    stricter = tmp_path / "stricter.toml"
    stricter.write_text(
        DEFAULT_STANDARDS.read_text(encoding="utf-8").replace("quality_primary = 0.50", "quality_primary = 0.30")
    )
    monkeypatch.setattr(rules_module, "ask_rules_file", lambda _parent: stricter)
    assert dialog.ask_load()
    assert plain.session.current_standards().balance.quality["primary"] == 0.3
    assert str(stricter) in dialog.path_label.text() and dialog.row("balance.quality_primary").value == "0.3"
    thresholds = {r[3] for r in _shown(plain) if r[0] == "quality"}
    assert thresholds == {0.3}
    assert dialog.load_defaults() and plain.session.current_standards().balance.quality["primary"] == 0.5
    assert len(errors) == 2


def test_language_switch_retranslates_the_balance_panel_and_rules(qtbot, plain: MainWindow) -> None:
    panel, dialog = plain.balance_panel, plain.show_rules()
    try:
        assert plain.set_language("zh_CN")
        qtbot.waitUntil(lambda: plain.balance_dock.windowTitle() == "均衡评估", timeout=TIMEOUT_MS)
        assert panel.only_failing.text() == "只显示未达标学校"
        assert panel.scenario_box.itemText(0) == "现状"
        assert panel.coefficient_model.headerData(2, Qt.Orientation.Horizontal) == "差异系数"
        assert panel.coefficient_model.index(0, 0).data() == "基本均衡"
        model = panel.school_model
        assert {model.index(r, 5).data() for r in range(model.rowCount())} == {"达标", "未达标"}
        assert dialog.windowTitle() == "现行规则"
        assert dialog.model.headerData(3, Qt.Orientation.Horizontal) == "依据"
        assert plain.rules_action.text() == "现行规则(&R)…"
    finally:
        plain.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: plain.balance_dock.windowTitle() == "Balance", timeout=TIMEOUT_MS)
    assert panel.only_failing.text() == "Only failing schools"
    assert panel.coefficient_model.index(0, 0).data() == "Basic balance"
    assert dialog.windowTitle() == "Rules in force"
