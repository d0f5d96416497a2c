"""Readable figures (issue 15, point 3): township names, percentages, whole numbers, yes/no, word headers.

Expected values are read from the demo GeoPackage with pyogrio (township names, enrolment and
places), and from the headless analysis (children in a catchment), never from the window.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pyogrio
import pytest
from PySide6.QtCore import QSettings, Qt

from app.cli import DEMO_PROJECT
from app.window import MainWindow
from gis.analysis import Analysis
from gis.indicators import school_table
from tests.app import test_window as base
from tests.app.test_window import TIMEOUT_MS

headless, errors = base.headless, base.errors
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def plain(qtbot, tmp_path: Path, errors) -> MainWindow:
    """A window without a map on a copy of the demo county, analysed."""
    project = tmp_path / "county.gpkg"
    shutil.copy(DEMO_PROJECT, project)
    win = MainWindow(web_map=False, settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    assert win.open_project(project)
    with qtbot.waitSignal(win.analysisFinished, timeout=TIMEOUT_MS):
        win.run_action.trigger()
    qtbot.waitUntil(lambda: not win.is_running, timeout=TIMEOUT_MS)
    yield win
    win.set_language("en")
    win.wait_for_worker()


def _file_figures() -> tuple[dict[str, str], dict[str, dict[str, float | str]]]:
    """Township code -> name and, per school code, its township, pupils and primary places, from the file."""
    towns = pyogrio.read_dataframe(DEMO_PROJECT, layer="townships", read_geometry=False)
    names = dict(zip(towns["code"].astype(str), towns["name"].astype(str), strict=True))
    schools = pyogrio.read_dataframe(DEMO_PROJECT, layer="schools", read_geometry=False)
    primary = sum(schools[f"enrol_g{g}"].astype(float) for g in range(1, 7))
    rows = {
        str(code): {"township": str(town), "primary": float(p), "seats": float(seats)}
        for code, town, p, seats in zip(
            schools["school_id"], schools["township"], primary, schools["capacity_primary"], strict=True
        )
    }
    return names, rows


def _column(win: MainWindow, name: str) -> int:
    frame = win.school_table.school_model.frame
    assert frame is not None
    return list(frame.columns).index(name)


def _cells(win: MainWindow, column: str) -> dict[str, tuple[str, object]]:
    """School code -> (text shown, sort value) of a column, for every row as shown."""
    proxy, c = win.school_table.school_proxy, _column(win, column)
    return {
        str(proxy.index(r, 0).data(Qt.ItemDataRole.UserRole)): (
            proxy.index(r, c).data(),
            proxy.index(r, c).data(Qt.ItemDataRole.UserRole),
        )
        for r in range(proxy.rowCount())
    }


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_school_table_reads_as_words_and_whole_numbers(plain: MainWindow, headless: Analysis, language, errors) -> None:
    assert plain.set_language(language)
    names, file_rows = _file_figures()
    # Township names (the code only where the townships layer has no name), never codes.
    townships = _cells(plain, "township")
    assert len(townships) == len(file_rows) == 91
    for code, (text, _value) in townships.items():
        assert text == names.get(file_rows[code]["township"], file_rows[code]["township"])
        assert HAN.search(text) and not text.isdigit()
    # Utilisation as a whole percentage of pupils over places (the demo's 139%).
    utilisation = _cells(plain, "utilisation_primary")
    for code, (text, value) in utilisation.items():
        row = file_rows[code]
        if row["seats"] > 0:
            assert text == f"{round(100 * row['primary'] / row['seats'])}%"
            assert value == pytest.approx(row["primary"] / row["seats"])
        else:
            assert text == ""
    assert "139%" in {text for text, _ in utilisation.values()}
    # Children as whole numbers, with thousands separators.
    expected = school_table(headless).set_index("school_id")["catchment_children_primary"]
    for code, (text, value) in _cells(plain, "catchment_children_primary").items():
        assert text == f"{round(float(expected[code])):,}"
        assert value == pytest.approx(float(expected[code]))
        assert "." not in text
    # Yes/no in words.
    words = {"en": {"yes", "no"}, "zh_CN": {"是", "否"}}[language]
    for column in ("under_100", "large_classes_56"):
        assert {text for text, _ in _cells(plain, column).values()} <= words
    small = {code for code, (text, _) in _cells(plain, "under_100").items() if text in ("yes", "是")}
    pupils = pyogrio.read_dataframe(DEMO_PROJECT, layer="schools", read_geometry=False)
    total = sum(pupils[f"enrol_g{g}"].astype(int) for g in range(1, 10))
    assert small == {str(c) for c, n in zip(pupils["school_id"], total, strict=True) if n < 100}
    # Headers are words: no snake_case, no column name; in Chinese, Chinese.
    model = plain.school_table.school_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    frame = model.frame
    assert frame is not None
    for header, column in zip(headers, frame.columns, strict=True):
        assert "_" not in header and header != column
        if language == "zh_CN":
            assert HAN.search(header) and not LATIN_WORD.search(header), header
    assert errors == []


def test_sorting_is_by_number_not_by_text(plain: MainWindow) -> None:
    view, proxy = plain.school_table.school_view, plain.school_table.school_proxy
    for column in ("utilisation_primary", "catchment_children_primary", "enrol_total"):
        c = _column(plain, column)
        view.sortByColumn(c, Qt.SortOrder.DescendingOrder)
        values = [proxy.index(r, c).data(Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())]
        numbers = [float(v) for v in values if v == v]
        assert numbers == sorted(numbers, reverse=True) and len(numbers) > 10
        assert values[: len(numbers)] == numbers  # empty (no primary level) at the bottom
    # The text order would differ: "99%" > "139%" as strings.
    c = _column(plain, "utilisation_primary")
    texts = [proxy.index(r, c).data() for r in range(proxy.rowCount())]
    shown = [t for t in texts if t]
    assert shown != sorted(shown, reverse=True)


def test_no_name_or_header_is_cut_off(plain: MainWindow) -> None:
    assert plain.set_language("zh_CN")
    view = plain.school_table.school_view
    model = plain.school_table.school_model
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    for c in range(model.columnCount()):
        title = model.headerData(c, Qt.Orientation.Horizontal)
        assert header.sectionSize(c) >= header.fontMetrics().horizontalAdvance(title), title
    c = _column(plain, "name")
    widest = max(metrics.horizontalAdvance(str(name)) for name in model.frame["name"])
    assert view.columnWidth(c) >= widest


def test_details_show_the_township_name_and_percentages(plain: MainWindow) -> None:
    assert plain.set_language("zh_CN")
    names, file_rows = _file_figures()
    code = max(file_rows, key=lambda k: file_rows[k]["primary"] / file_rows[k]["seats"] if file_rows[k]["seats"] else 0)
    plain.session.select_school(code)
    figures, _flags = plain.details.school_details(code)
    shown = dict(figures)
    row = file_rows[code]
    assert shown["乡镇"] == names[row["township"]]
    assert shown["小学学位使用率"] == f"{round(100 * row['primary'] / row['seats'])}%"
    boarding = pyogrio.read_dataframe(DEMO_PROJECT, layer="schools", read_geometry=False)
    flag = bool(boarding.loc[boarding["school_id"].astype(str) == code, "boarding"].iloc[0])
    assert shown["寄宿制学校"] == ("是" if flag else "否")
    text = plain.details.details_label.text()
    assert names[row["township"]] in text and row["township"] not in text.replace(code, "")
    assert "True" not in text and "False" not in text
    assert "学位不足、" in text  # the flags joined in Chinese style


def test_rules_dialog_in_words_and_chinese_sources(qtbot, plain: MainWindow) -> None:
    assert plain.set_language("zh_CN")
    dialog = plain.show_rules()
    try:
        model = dialog.model
        titles = [model.index(r, 0).data() for r in range(model.rowCount())]
        assert len(titles) == len(dialog.rows) > 80
        for title, row in zip(titles, dialog.rows, strict=True):
            assert "_" not in title and title != row.name and HAN.search(title), title
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        assert headers == ["规则", "数值", "单位", "依据"]
        rule = dialog.rows.index(dialog.row("travel.grade1_3_max_min"))
        assert [model.index(rule, c).data() for c in range(3)] == ["一至三年级：单程上学时间上限", "30", "分钟"]
        assert model.index(rule, 3).data() == (
            "国务院办公厅关于全面加强乡村小规模学校和乡镇寄宿制学校建设的指导意见（国办发〔2018〕27号）"
        )
        # A source longer than its column wraps onto more lines of a taller row, never cut off.
        dialog.show()
        qtbot.waitExposed(dialog)
        metrics = dialog.table.fontMetrics()
        width = metrics.horizontalAdvance(model.index(rule, 3).data())
        lines = -(-width // max(1, dialog.table.columnWidth(3) - 12))
        assert lines >= 2 and dialog.table.rowHeight(rule) >= lines * metrics.lineSpacing()
        slope = dialog.rows.index(dialog.row("modes.walk.slope.path"))
        assert model.index(slope, 1).data() == "是"
        # Every source of the default file reads in Chinese: no English word left.
        for r in range(model.rowCount()):
            source = model.index(r, 3).data()
            words = set(LATIN_WORD.findall(source)) - {"GB"}
            assert not words, source  # (the speeds of a mode have no source)
            assert not LATIN_WORD.search(model.index(r, 2).data() or ""), model.index(r, 2).data()
        # The English window names the same rule in English, its unit too.
        assert plain.set_language("en")
        english = ["Grades 1–3: longest one-way trip to school", "minutes"]
        qtbot.waitUntil(lambda: model.index(rule, 0).data() == english[0])  # on Qt's language change event
        assert [model.index(rule, c).data() for c in (0, 2)] == english
        assert "国办发〔2018〕27号" in model.index(rule, 3).data()
    finally:
        dialog.close()


def test_township_summary_children_are_whole(plain: MainWindow) -> None:
    table = plain.townships
    for r, row in enumerate(table.rows):
        assert table.item(r, 1).text() == f"{round(row.children):,}"
        assert table.item(r, 1).data(Qt.ItemDataRole.UserRole) == pytest.approx(row.children)
    assert np.all([not table.item(r, 0).text().isdigit() for r in range(table.rowCount())])
    # No name or header cut off: every column as wide as its header and its widest cell.
    metrics, header = table.fontMetrics(), table.horizontalHeader()
    for c in range(table.columnCount()):
        title = table.horizontalHeaderItem(c).text()
        assert header.sectionSize(c) >= header.fontMetrics().horizontalAdvance(title), title
        widest = max(metrics.horizontalAdvance(table.item(r, c).text()) for r in range(table.rowCount()))
        assert table.columnWidth(c) >= widest


def test_before_an_analysis_too(qtbot, tmp_path: Path, errors) -> None:
    win = MainWindow(web_map=False, settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    assert win.open_project(DEMO_PROJECT)
    names, file_rows = _file_figures()
    assert {code: text for code, (text, _) in _cells(win, "township").items()} == {
        code: names[row["township"]] for code, row in file_rows.items()
    }
    pupils = pyogrio.read_dataframe(DEMO_PROJECT, layer="schools", read_geometry=False)
    total = sum(pupils[f"enrol_g{g}"].astype(int) for g in range(1, 10))
    expected = {str(c): f"{int(n):,}" for c, n in zip(pupils["school_id"], total, strict=True)}
    assert {code: text for code, (text, _) in _cells(win, "enrol_total").items()} == expected
    assert errors == []
