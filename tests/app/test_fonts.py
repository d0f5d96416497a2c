"""Qt and Chromium see the bundled Chinese font."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

from app.fonts import install_cjk_font, prepare_fontconfig
from layers.fonts import cjk_font_path


def test_qt_registers_a_simplified_chinese_family(qapp) -> None:
    import matplotlib

    with matplotlib.rc_context():
        families = install_cjk_font()
    assert families, "the bundled font was not registered"
    family = families[0]
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
    assert family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    metrics = QFontMetrics(QFont(family, 12))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "学校服务范围")


def test_fontconfig_file_adds_the_font_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    written = prepare_fontconfig(directory=tmp_path)
    assert written == tmp_path / "fonts.conf"
    text = written.read_text(encoding="utf-8")
    assert f"<dir>{cjk_font_path().parent}</dir>" in text
    assert "/etc/fonts/fonts.conf" in text
    import os

    assert os.environ["FONTCONFIG_FILE"] == str(written)


def test_fontconfig_file_of_the_user_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FONTCONFIG_FILE", "/somewhere/fonts.conf")
    assert prepare_fontconfig(directory=tmp_path) is None
    assert not (tmp_path / "fonts.conf").exists()
