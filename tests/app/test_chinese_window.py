"""The Chinese window shows no English (issue 15, point 2): every widget walked after an analysis.

The demo county is analysed, the window switched to Chinese, the suggestions run, one applied as
a scenario and compared, the forecast run, and the rules, import and export dialogs opened.
Then every widget of the window, its docks, menus, actions and dialogs is read: window titles,
labels, buttons, actions' texts and tooltips, group boxes, tabs, table and tree headers and
cells (every row of small tables, a sample of big ones), combo items, placeholders, spin box
affixes, plain texts and the status bar. A visible Latin word of two letters or more fails the
test unless it is a code, a unit, a file name, the language menu's "English" or a proper name;
each offender is listed as widget path and text.
Qt's own dialogs (message box, file dialog, wizard buttons) are checked in Chinese too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QFileSystemModel,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QStatusBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
    QWizard,
)

from app.window import MainWindow
from tests.app import test_window as base
from tests.app.test_window import TIMEOUT_MS, _run

headless, errors, recorder, window = base.headless, base.errors, base.recorder, base.window

# Words allowed in the Chinese window: proper names, formats, units and codes.
ALLOWED = {
    word.casefold()
    for word in (
        "SchoolPlan", "GeoPackage", "QGIS", "PDF", "Excel", "HTML", "MBTiles", "English", "CSV", "XLSX",
        "GPS", "EPSG", "WGS", "CGCS", "GCJ", "BD", "GB", "OpenStreetMap", "WorldPop", "DEM", "TOML", "PNG",
        "km", "min", "dpi", "Home", "OK",
    )
}  # fmt: skip
SMALL_TABLE = 200  # rows: every row of a smaller table is read, a sample of a bigger one
SAMPLE = 60
_PATH = re.compile(r"(?:[A-Za-z]:)?[\w.~-]*[/\\][^\s，。；：、）)]*")  # a file path
_FILE = re.compile(
    r"\*?[\w-]*\.(?:gpkg|csv|xlsx|xlsm|xls|tif|tiff|shp|geojson|json|zip|pbf|toml|pdf|html|png|mbtiles|txt)\b", re.I
)
# The County plan's scenarios are named plan-2026 … in both languages (as on the command line): codes.
_PLAN_SCENARIO = re.compile(r"\bplan-(?:\d{4}|年份)")
_MNEMONIC = re.compile(r"&(?=\w)")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


def latin_words(text: str) -> list[str]:
    """The Latin words of a text a reader would take for English (paths, files and the allowed words left out)."""
    import html

    plain = html.unescape(_TAG.sub(" ", text))
    plain = _PLAN_SCENARIO.sub(" ", plain)
    plain = _PATH.sub(" ", plain)
    plain = _FILE.sub(" ", plain)
    plain = _MNEMONIC.sub("", plain)
    return [w for w in _WORD.findall(plain) if w.casefold() not in ALLOWED]


def test_latin_words_finds_english_and_spares_names() -> None:
    assert latin_words("Run analysis") == ["Run", "analysis"]
    assert latin_words("打开(&O)") == []
    assert latin_words("项目：/tmp/x/county.gpkg，30 min，5 km，导出 PDF 与 Excel") == []
    assert latin_words("<b>提示：</b> none") == ["none"]
    assert latin_words("学校 (*.csv *.xlsx)") == []
    assert latin_words("1.39") == [] and latin_words("True") == ["True"]
    assert latin_words("方案 plan-2026 与现状对比") == []
    assert latin_words("plan the county") == ["plan", "the", "county"]


def _path(widget: QWidget | None) -> str:
    parts = []
    while widget is not None:
        name = widget.objectName()
        title = widget.windowTitle() if isinstance(widget, QDockWidget) else ""
        parts.append(f"{type(widget).__name__}{'#' + name if name else ''}{'[' + title + ']' if title else ''}")
        widget = widget.parentWidget()
    return "/".join(reversed(parts))


def _count(model: QAbstractItemModel, parent: QModelIndex, *, columns: bool) -> int:
    try:
        return model.columnCount(parent) if columns else model.rowCount(parent)
    except TypeError:  # a list model's columnCount is private in PySide6: one column
        return 1


def _rows(model: QAbstractItemModel, parent: QModelIndex, depth: int = 0) -> Iterator[QModelIndex]:
    rows = _count(model, parent, columns=False)
    step = 1 if rows <= SMALL_TABLE else max(1, rows // SAMPLE)
    for row in range(0, rows, step):
        for column in range(_count(model, parent, columns=True)):
            index = model.index(row, column, parent)
            yield index
            if column == 0 and depth < 2 and _count(model, index, columns=False):
                yield from _rows(model, index, depth + 1)


def _model_texts(view: QAbstractItemView) -> Iterator[tuple[str, str]]:
    model = view.model()
    if model is None:
        return
    root = QModelIndex()
    counts = {
        Qt.Orientation.Horizontal: _count(model, root, columns=True),
        Qt.Orientation.Vertical: min(_count(model, root, columns=False), SAMPLE),
    }
    for orientation, count in counts.items():
        for section in range(count):
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if value is not None:
                yield f"header {section}", str(value)
    # File and folder names in Qt's file dialog (and its places) are the disk's, not the window's words.
    names = isinstance(model, QFileSystemModel) or view.objectName() == "sidebar"
    for index in _rows(model, root):
        if names and index.column() == 0:
            continue
        value = index.data(Qt.ItemDataRole.DisplayRole)
        if value is not None and not isinstance(value, bool | int | float):
            yield f"cell ({index.row()}, {index.column()})", str(value)


def widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(what, text) of everything a widget shows in words."""
    if widget.isWindow() or isinstance(widget, QDockWidget):
        yield "window title", widget.windowTitle()
    if widget.toolTip():
        yield "tooltip", widget.toolTip()
    if isinstance(widget, QLabel | QAbstractButton):
        yield "text", widget.text()
    if isinstance(widget, QGroupBox):
        yield "title", widget.title()
    if isinstance(widget, QMenu):
        yield "title", widget.title()
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield f"tab {i}", widget.tabText(i)
    if isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield f"tab {i}", widget.tabText(i)
            yield f"tab {i} tooltip", widget.tabToolTip(i)
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield f"item {i}", widget.itemText(i)
    elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
        yield from _model_texts(widget)
    if isinstance(widget, QLineEdit) and not isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox):
        yield "placeholder", widget.placeholderText()
        yield "text", widget.text()
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        yield "prefix", widget.prefix()
        yield "suffix", widget.suffix()
        yield "special value", widget.specialValueText()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        yield "text", widget.toPlainText()
        yield "placeholder", widget.placeholderText()
    if isinstance(widget, QProgressBar) and widget.isTextVisible():
        yield "text", widget.text()
    if isinstance(widget, QStatusBar):
        yield "message", widget.currentMessage()


def action_texts(action: QAction) -> Iterator[tuple[str, str]]:
    yield "action text", action.text()
    if action.toolTip() != action.text().replace("&", "").replace("…", "..."):
        yield "action tooltip", action.toolTip()
    yield "action status tip", action.statusTip()


def offenders(windows: list[QWidget]) -> list[str]:
    """Every visible text with a Latin word outside the allowed ones: 'widget path: what: text'."""
    found: list[str] = []
    seen_actions: set[int] = set()
    for top in windows:
        for widget in [top, *top.findChildren(QWidget)]:
            if type(widget).__name__ in ("QWebEngineView", "RenderWidgetHostViewQtDelegateWidget"):
                continue
            for what, text in widget_texts(widget):
                if text and latin_words(text):
                    found.append(f"{_path(widget)}: {what}: {text!r}")
            for action in widget.actions():
                if id(action) in seen_actions or action.isSeparator():
                    continue
                seen_actions.add(id(action))
                for what, text in action_texts(action):
                    words = latin_words(text)
                    if text and words and not (words == ["English"] or text == "English"):
                        found.append(f"{_path(widget)}/QAction: {what}: {text!r}")
    return found


def _chinese_window(qtbot, win: MainWindow) -> None:
    """The demo analysed, in Chinese, with suggestions, a compared scenario, a forecast and the dialogs open."""
    _run(qtbot, win)
    assert win.set_language("zh_CN")
    qtbot.waitUntil(lambda: win.file_menu.title() == "文件(&F)", timeout=TIMEOUT_MS)
    panel = win.suggestion_panel
    with qtbot.waitSignal(panel.suggestionsShown, timeout=TIMEOUT_MS):
        panel.suggest_button.click()
    qtbot.waitUntil(lambda: not win.is_running, timeout=TIMEOUT_MS)
    assert panel.table.rowCount() > 0
    panel.table.selectRow(0)
    panel.apply_button.click()
    with qtbot.waitSignal(win.scenario_panel.comparisonShown, timeout=TIMEOUT_MS):
        win.scenario_panel.compare_button.click()
    qtbot.waitUntil(lambda: not win.is_running, timeout=TIMEOUT_MS)
    forecast = win.forecast_panel
    with qtbot.waitSignal(forecast.forecastShown, timeout=TIMEOUT_MS):
        assert forecast.run()
    qtbot.waitUntil(lambda: not win.is_running, timeout=TIMEOUT_MS)
    win.session.select_school(str(win.project.schools["school_id"].iloc[0]))
    win.show_rules()
    win.show_import_wizard()
    win.show_export()
    qtbot.wait(200)  # the last language change and fill events


def test_the_chinese_window_shows_no_english(qtbot, window: MainWindow, errors) -> None:
    try:
        _chinese_window(qtbot, window)
        windows = [window, *[w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]]
        found = offenders(windows)
        assert not found, f"{len(found)} English texts in the Chinese window:\n" + "\n".join(found)
        assert errors == []
    finally:
        window.set_language("en")


def test_qt_dialogs_speak_chinese(qtbot) -> None:
    from app.i18n import install_language

    try:
        assert install_language("zh_CN")
        box = QMessageBox(QMessageBox.Icon.Question, "确认", "保存吗？")
        box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert [button.text() for button in box.buttons()] == ["确定", "取消"]
        dialog = QFileDialog(None, "打开项目", "", "项目 (*.gpkg)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own dialog, as offscreen shows it
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        found = offenders([dialog])
        assert not found, "\n".join(found)
        wizard = QWizard()
        wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)  # the import wizard's
        qtbot.addWidget(wizard)
        buttons = (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton)
        assert [wizard.buttonText(b) for b in buttons] == ["< 上一步(&B)", "下一步(&N) >", "完成(&F)"]
    finally:
        assert install_language("en")


@pytest.mark.parametrize("text", ["File", "Close", "the rules", "True"])
def test_english_is_caught(text: str) -> None:
    assert latin_words(text)
