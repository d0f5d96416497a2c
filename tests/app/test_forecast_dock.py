"""The Forecast dock, offscreen: the demo county's forecast, a year on the map, bad files, Cancel."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit, QTabBar, QWidget

import app.forecast as forecast_dock
import app.forecasting as forecasting
from app.cli import DEMO_PROJECT
from app.window import MainWindow
from gis.forecast import SCHOOL_COLUMNS, ForecastVariants, forecast_variants
from gis.importing.births import read_births
from gis.importing.enrolment import read_enrolment
from gis.importing.report import ImportReport
from gis.project import load_project
from gis.standards import load_standards
from tests.app import test_window as base
from tests.app.test_window import SCREENSHOTS, TIMEOUT_MS, _colours

errors, recorder, window = base.errors, base.recorder, base.window
BIRTHS = DEMO_PROJECT.with_name("bancang-births.csv")
ENROLMENT = DEMO_PROJECT.with_name("bancang-enrolment.csv")
YEARS = (2026, 2035)


@pytest.fixture(scope="module")
def headless() -> ForecastVariants:
    """The demo county's forecast made without the window, from its bundled history."""
    project, report = load_project(DEMO_PROJECT), ImportReport()
    births = read_births(BIRTHS, project, report=report)
    history = read_enrolment([ENROLMENT], project, report=report)
    assert report.ok
    return forecast_variants(
        project, load_standards(), years=range(YEARS[0], YEARS[1] + 1), births=births, history=history
    )


@pytest.fixture
def plain(qtbot, tmp_path: Path, errors) -> MainWindow:
    """A window without a map on the demo county (read, never saved)."""
    win = MainWindow(web_map=False, settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    assert win.open_project(DEMO_PROJECT)
    yield win
    win.wait_for_worker()


def _years(win: MainWindow) -> None:
    panel = win.forecast_panel
    panel.first_year.setValue(YEARS[0])
    panel.last_year.setValue(YEARS[1])


def _forecast(qtbot, win: MainWindow) -> None:
    panel = win.forecast_panel
    with qtbot.waitSignal(panel.forecastShown, timeout=TIMEOUT_MS):
        panel.run_button.click()
        assert win.is_running and panel.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not win.is_running, timeout=TIMEOUT_MS)


def _shown(win: MainWindow) -> list[list[str]]:
    proxy = win.forecast_panel.model
    return [[str(proxy.index(r, c).data()) for c in range(proxy.columnCount())] for r in range(proxy.rowCount())]


def _latin(panel: forecast_dock.ForecastPanel) -> list[str]:
    """The visible texts of the dock with a Latin word, other than file names."""
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
    model = panel.model
    texts.extend(str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount()))
    texts.extend(str(model.index(r, c).data()) for r in range(min(model.rowCount(), 50)) for c in range(3))
    files = re.compile(r"[\w.-]+\.(csv|xlsx)")
    return [t for t in texts if re.search(r"[A-Za-z]{2,}", files.sub("", t))]


def test_the_dock_forecasts_the_demo_county_and_shows_a_year_on_the_map(
    qtbot, plain: MainWindow, headless: ForecastVariants, errors
) -> None:
    panel, session = plain.forecast_panel, plain.session
    # The demo project's bundled history is the default input.
    assert panel.inputs().births == BIRTHS and panel.inputs().history == (ENROLMENT,)
    assert panel.births_edit.text() == "bancang-births.csv"
    assert not panel.year_slider.isEnabled() and session.forecast is None
    _years(plain)
    _forecast(qtbot, plain)
    run = session.forecast
    assert run is not None and errors == []
    assert run.years == headless.forecast.years == tuple(range(2025, 2036))

    # The table holds gis.forecast's schools table for the same inputs, with the township's name.
    wanted = headless.forecast.schools_table()
    pd.testing.assert_frame_equal(panel.model.frame[list(SCHOOL_COLUMNS)], wanted)
    project = plain.project
    names = dict(zip(project.townships["code"], project.townships["name"], strict=True))
    town_of = dict(zip(project.schools["school_id"], project.schools["township"], strict=True))
    rows = _shown(plain)
    assert len(rows) == len(wanted)
    first = wanted.iloc[0]
    assert rows[0] == [
        first["name"],
        names[town_of[first["school_id"]]],
        "primary",
        str(first["year"]),
        f"{round(first['pupils']):,}",
        f"{round(first['seats']):,}",
        f"{round(first['surplus']) + 0:,}",
        str(first["classes_needed"]),
        str(first["large_classes_56"]),
    ]
    # Whole numbers only (never "-0"), and township names, never codes.
    for row in rows:
        assert all("." not in cell and cell != "-0" for cell in row[3:]), row
        assert row[1] in names.values()
    # Sorted by pupils (the raw values), most first.
    panel.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    top = panel.model.index(0, 4).data(Qt.ItemDataRole.UserRole)
    assert top == pytest.approx(wanted["pupils"].max())
    # The charts are drawn.
    assert panel.county_chart.has_chart and panel.schools_chart.has_chart

    # The slider at 2031: the session's analysis is that year's, and the dashboard says so.
    before = session.analysis
    with qtbot.waitSignal(panel.yearShown, timeout=TIMEOUT_MS) as shown:
        panel.year_slider.setValue(run.years.index(2031))
    assert shown.args == [2031]
    qtbot.waitUntil(lambda: not plain.is_running, timeout=TIMEOUT_MS)
    assert session.analysis_year == 2031 and session.analysis is not before
    county = headless.forecast.county_table()
    expected = county[(county["year"] == 2031) & county["grade"].isna()]["children"].sum()
    children = sum(float(result.children.sum()) for result in session.analysis.levels.values())
    assert children == pytest.approx(expected, rel=1e-9)
    assert "2031" in plain.dashboard.table.horizontalHeaderItem(1).text()
    assert "2031" in panel.shown_label.text()
    # The year's pupils are the schools' pupils of the analysis (the seat flags follow them).
    t = run.years.index(2031)
    table = session.views().school_table
    assert table["enrol_primary"].to_numpy() == pytest.approx(headless.forecast.school_pupils[t, :, 0])
    # Only that year's rows, on request.
    panel.only_year_check.setChecked(True)
    assert panel.model.rowCount() == int((wanted["year"] == 2031).sum())
    assert {row[3] for row in _shown(plain)} == {"2031"}
    # The analysis of the project itself again: the map shows today's children.
    with qtbot.waitSignal(plain.analysisFinished, timeout=TIMEOUT_MS):
        plain.run_action.trigger()
    qtbot.waitUntil(lambda: not plain.is_running, timeout=TIMEOUT_MS)
    assert session.analysis_year is None and plain.dashboard.table.horizontalHeaderItem(1).text() == "County"
    assert panel.model.rowCount() == len(wanted)
    assert errors == []


def test_a_bad_births_file_shows_its_problem_and_changes_nothing(
    qtbot, plain: MainWindow, tmp_path: Path, errors
) -> None:
    panel, session = plain.forecast_panel, plain.session
    _years(plain)
    _forecast(qtbot, plain)
    before, analysis, rows = session.forecast, session.analysis, _shown(plain)
    births = pd.read_csv(BIRTHS, encoding="utf-8-sig")
    births.loc[3, "出生人数"] = -5
    bad = tmp_path / "births.csv"
    births.to_csv(bad, index=False, encoding="utf-8-sig")
    panel.set_births(bad)
    with qtbot.waitSignal(panel.problemsShown, timeout=TIMEOUT_MS):
        panel.run_button.click()
    qtbot.waitUntil(lambda: not plain.is_running, timeout=TIMEOUT_MS)
    # Nothing changed: the forecast, the analysis and the table are those of before.
    assert session.forecast is before is not None and session.analysis is analysis and _shown(plain) == rows
    assert errors == []  # shown in the dock, not as a message box
    lines = panel.report_table.lines()
    wrong = [line for line in lines if line[0] == "error"]
    assert len(wrong) == 1
    assert wrong[0][6] == str(bad) and wrong[0][3] == "row 5" and wrong[0][5] == "-5"
    assert "negative" in wrong[0][1]
    assert panel.tabs.currentWidget() is panel.report_table
    assert panel.message_label.text().startswith("Errors in the files: 1.")
    assert plain.statusBar().currentMessage() == "The forecast's files have errors; nothing was changed."


def test_cancel_stops_a_running_forecast(qtbot, plain: MainWindow, errors) -> None:
    panel, session = plain.forecast_panel, plain.session
    _years(plain)
    assert panel.run()
    assert panel.is_running and panel.cancel_button.isEnabled() and not panel.run_button.isEnabled()
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: not plain.is_running and not panel.is_running, timeout=TIMEOUT_MS)
    assert session.forecast is None and errors == []
    assert plain.statusBar().currentMessage() == "Forecast cancelled; the previous results are kept."
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()


def test_the_charts_are_drawn_again_in_the_new_language(qtbot, plain: MainWindow, errors, monkeypatch) -> None:
    panel = plain.forecast_panel
    drawn: list[str] = []
    real = forecasting.draw_charts

    def draw(run: object, language: str, **kw: object) -> object:
        drawn.append(language)
        return real(run, language, **kw)

    monkeypatch.setattr(forecasting, "draw_charts", draw)
    _years(plain)
    _forecast(qtbot, plain)
    assert drawn == ["en"]
    assert "Run forecast" in _latin(panel)  # the scan sees the English words
    try:
        plain.set_language("zh_CN")
        qtbot.waitUntil(lambda: drawn == ["en", "zh"] and panel.county_chart.has_chart, timeout=TIMEOUT_MS)
        assert panel.tabs.tabText(0) == "全县"
        assert plain.forecast_dock.windowTitle() == "学位预测"
        assert _latin(panel) == []
    finally:
        plain.set_language("en")
    qtbot.waitUntil(lambda: panel.run_button.text() == "Run forecast", timeout=TIMEOUT_MS)
    assert errors == []


def test_screenshot_of_the_forecast_in_chinese(qtbot, window: MainWindow, errors) -> None:
    panel = window.forecast_panel
    window.resize(1600, 1000)
    try:
        window.set_language("zh_CN")
        qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)", timeout=TIMEOUT_MS)
        window.show_forecast()
        _years(window)
        _forecast(qtbot, window)
        with qtbot.waitSignals([panel.yearShown, window.mapUpdated], timeout=TIMEOUT_MS):
            panel.year_slider.setValue(window.session.forecast.years.index(2031))
        qtbot.waitUntil(lambda: not window.is_running, timeout=TIMEOUT_MS)
        qtbot.waitUntil(lambda: _colours(window.map_view.grab().toImage()) > 50, timeout=TIMEOUT_MS)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / "forecast_zh.png"
        picture = window.grab()
        assert picture.save(str(target))
        assert (picture.width(), picture.height()) == (1600, 1000)
        assert _colours(picture.toImage()) > 100
        for index, name in ((1, "forecast_zh_schools.png"), (2, "forecast_zh_table.png")):  # the other tabs
            panel.tabs.setCurrentIndex(index)
            QApplication.processEvents()  # the tab laid out before it is grabbed
            assert window.forecast_dock.grab().save(str(SCREENSHOTS / name))
    finally:
        window.set_language("en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File", timeout=TIMEOUT_MS)
    panel.tabs.setCurrentIndex(0)
    # The same view in English (the charts and the map page drawn again in the language).
    qtbot.waitUntil(lambda: panel.county_chart.has_chart, timeout=TIMEOUT_MS)
    qtbot.wait(500)
    qtbot.waitUntil(lambda: _colours(window.map_view.grab().toImage()) > 50, timeout=TIMEOUT_MS)
    english = window.grab()
    assert english.save(str(SCREENSHOTS / "forecast_en.png"))
    assert (english.width(), english.height()) == (1600, 1000) and _colours(english.toImage()) > 100
    assert errors == []


def test_charts_that_cannot_be_drawn_leave_the_forecast_and_say_why(
    qtbot, plain: MainWindow, tmp_path: Path, errors, monkeypatch
) -> None:
    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("no fonts today")

    monkeypatch.setattr(forecasting, "draw_charts", broken)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # the crash log of the bug
    panel = plain.forecast_panel
    _years(plain)
    _forecast(qtbot, plain)
    assert plain.session.forecast is not None and panel.model.rowCount() > 0
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=TIMEOUT_MS)  # drawn again in the background, and reported
    assert errors[0][0].startswith("The charts cannot be drawn:") and "no fonts today" in errors[0][0]
    assert not panel.county_chart.has_chart
