"""File → Export…, offscreen: the preview, writing the outputs, the checks, errors and the language."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

import app.export as export_module
from app.cli import DEMO_PROJECT
from app.export import ExportDialog
from app.window import MainWindow
from gis.fileio import write_atomic
from tests.app import test_window as base
from tests.app.test_window import TIMEOUT_MS

errors = base.errors

MM_PER_INCH = 25.4  # A4 is 210 mm × 297 mm (ISO 216)


@pytest.fixture
def win(qtbot, tmp_path: Path, errors) -> MainWindow:
    """A window without a map on a copy of the demo county, analysed."""
    project = tmp_path / "county.gpkg"
    shutil.copy(DEMO_PROJECT, project)
    window = MainWindow(web_map=False, settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert window.open_project(project)
    with qtbot.waitSignal(window.analysisFinished, timeout=TIMEOUT_MS):
        window.run_action.trigger()
    qtbot.waitUntil(lambda: not window.is_running, timeout=TIMEOUT_MS)
    yield window
    window.wait_for_worker()


@pytest.fixture
def dialog(qtbot, win: MainWindow) -> ExportDialog:
    """The export dialog as File → Export… opens it."""
    assert win.export_action.isEnabled()
    shown = win.show_export()
    assert isinstance(shown, ExportDialog)
    yield shown
    shown.wait_for_worker()


def _save_as(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Answer the file dialog with ``path``; returns the filters it was offered."""
    offered: list[str] = []

    def answer(_parent, _caption, _start, filters, *_args, **_kw):
        offered.append(filters)
        return str(path), ""

    monkeypatch.setattr(export_module.QFileDialog, "getSaveFileName", answer)
    return offered


def _distinct_colours(image: QImage) -> int:
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    rows = np.frombuffer(rgba.constBits(), dtype=np.uint8).reshape(rgba.height(), rgba.bytesPerLine())
    pixels = rows[:, : 4 * rgba.width()].copy().view(np.uint32)
    return len(np.unique(pixels))


def test_catchment_map_preview_is_drawn(qtbot, dialog: ExportDialog, errors) -> None:
    assert dialog.request().what == "catchments"
    qtbot.waitUntil(lambda: dialog.preview_image is not None, timeout=TIMEOUT_MS)
    image = dialog.preview_image
    assert image is not None and not image.isNull()
    assert image.width() > image.height() > 200  # A4 landscape, drawn small
    assert _distinct_colours(image) > 50  # catchment fills, roads, text: a map, not a blank sheet
    assert dialog.preview_stack.currentWidget() is dialog.preview_label
    assert not dialog.preview_label.pixmap().isNull()
    assert errors == []
    # The report's preview is a description of its sheets, no drawing.
    with qtbot.waitSignal(dialog.previewShown, timeout=TIMEOUT_MS):
        dialog.set_kind("xlsx")
    assert dialog.preview_stack.currentWidget() is dialog.description_label
    assert "County indicators" in dialog.description_label.text()


def test_export_xlsx_writes_a_workbook_with_the_summary(
    qtbot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors
) -> None:
    target = tmp_path / "out" / "report"  # no suffix: the filter's is added
    offered = _save_as(monkeypatch, target)
    dialog.set_kind("xlsx")
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT_MS) as written:
        assert dialog.export()
    assert offered == ["Excel workbook (*.xlsx)"]
    path = Path(written.args[0])
    assert path == target.with_name("report.xlsx") and path.is_file()
    book = load_workbook(path, read_only=True)
    assert book.sheetnames[0] == "Summary"
    assert "Suggestions" in book.sheetnames
    book.close()
    assert str(path) in dialog.result_label.text() and not dialog.open_folder_button.isHidden()
    dialog.open_folder_button.click()  # offscreen: nothing is opened
    assert errors == []


def test_export_png_map_has_the_paper_size_at_the_dpi(
    qtbot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors
) -> None:
    target = tmp_path / "catchments.png"
    offered = _save_as(monkeypatch, target)
    dialog.set_kind("catchments")
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData("A4"))
    dialog.orientation_combo.setCurrentIndex(dialog.orientation_combo.findData("portrait"))
    dialog.dpi_spin.setValue(60)
    with qtbot.waitSignal(dialog.exported, timeout=TIMEOUT_MS):
        dialog.export_button.click()
    assert offered and "*.png" in offered[0] and "*.pdf" in offered[0] and "*.svg" in offered[0]
    image = QImage(str(target))
    assert not image.isNull()
    assert abs(image.width() - 210 / MM_PER_INCH * 60) <= 1  # 496 px
    assert abs(image.height() - 297 / MM_PER_INCH * 60) <= 1  # 702 px
    assert errors == []


def test_cancelled_export_leaves_no_file(
    qtbot, dialog: ExportDialog, win: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors
) -> None:
    assert win.suggestion_panel.suggestions is None  # the suggestions are computed for the report: time to cancel
    out = tmp_path / "out"
    out.mkdir()
    _save_as(monkeypatch, out / "report.xlsx")
    dialog.set_kind("gpkg")
    dialog.set_kind("xlsx")
    with qtbot.waitSignal(dialog.exportCancelled, timeout=TIMEOUT_MS):
        assert dialog.export()
        assert dialog.is_exporting and not dialog.export_button.isEnabled() and not dialog.kind_combo.isEnabled()
        dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=TIMEOUT_MS)
    assert list(out.iterdir()) == [] and errors == []
    assert dialog.written is None and dialog.export_button.isEnabled()


def test_comparison_without_a_scenario_cannot_be_exported(dialog: ExportDialog, win: MainWindow) -> None:
    assert win.project is not None and win.project.scenarios == ()
    assert dialog.export_button.isEnabled()
    dialog.set_kind("comparison")
    assert not dialog.export_button.isEnabled()
    assert dialog.message_label.isVisibleTo(dialog)
    assert "needs a scenario" in dialog.message_label.text()
    assert not dialog.export()
    # A scenario saved meanwhile is offered at once; choosing it allows the comparison.
    assert win.scenario_panel.new_scenario("Close nothing") == "Close nothing"
    assert [dialog.scenario_combo.itemText(i) for i in range(dialog.scenario_combo.count())] == [
        "Baseline (current project)",
        "Close nothing",
    ]
    assert "choose one above" in dialog.message_label.text()
    dialog.scenario_combo.setCurrentIndex(1)
    assert dialog.request().scenario == "Close nothing"
    assert dialog.export_button.isEnabled() and not dialog.message_label.isVisibleTo(dialog)
    dialog.set_kind("catchments")
    dialog.scenario_combo.setCurrentIndex(0)
    assert dialog.export_button.isEnabled() and not dialog.message_label.isVisibleTo(dialog)


def test_a_failing_writer_is_reported_and_leaves_no_file(
    qtbot, dialog: ExportDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, errors
) -> None:
    import layers.printmap

    def broken(_figure, path, **_kw):  # starts writing, then fails: the atomic write removes the part
        def write(tmp: Path) -> None:
            tmp.write_bytes(b"half a map")
            raise OSError("disk full")

        return write_atomic(path, write)

    monkeypatch.setattr(layers.printmap, "save_figure", broken)
    out = tmp_path / "out"
    out.mkdir()
    _save_as(monkeypatch, out / "map.png")
    with qtbot.waitSignal(dialog.exportFailed, timeout=TIMEOUT_MS):
        assert dialog.export()
    qtbot.waitUntil(lambda: not dialog.is_busy, timeout=TIMEOUT_MS)
    assert list(out.iterdir()) == []
    assert len(errors) == 1 and "disk full" in errors[0][0] and "map.png" in errors[0][0]
    assert dialog.written is None and dialog.open_folder_button.isHidden()
    assert dialog.export_button.isEnabled()  # ready to try again


def test_language_switch_retranslates_the_dialog(qtbot, dialog: ExportDialog, win: MainWindow) -> None:
    assert dialog.export_button.text() == "&Export"
    assert dialog.kind_combo.itemText(0) == "Catchment map"
    try:
        assert win.set_language("zh_CN")  # Qt posts the language change to every window
        qtbot.waitUntil(lambda: dialog.export_button.text() == "导出(&E)", timeout=TIMEOUT_MS)
        assert dialog.kind_combo.itemText(0) == "学区图"
        assert dialog.windowTitle() == "导出"
        assert dialog.scenario_combo.itemText(0) == "现状（当前项目）"
        qtbot.waitUntil(lambda: win.export_action.text() == "导出(&E)…", timeout=TIMEOUT_MS)
    finally:
        assert win.set_language("en")
    qtbot.waitUntil(lambda: dialog.export_button.text() == "&Export", timeout=TIMEOUT_MS)
    assert dialog.kind_combo.itemText(0) == "Catchment map"
