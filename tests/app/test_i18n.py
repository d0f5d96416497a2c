"""Chinese and English: the translation file is complete and current, and the locale picks the language."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from app.i18n import LANGUAGES, install_language, language_for_locale, qm_path, translations_dir

ROOT = Path(__file__).resolve().parents[2]
TS = translations_dir() / "schoolplan_zh_CN.ts"
# Every module of app/, as `make translations` reads them.
SOURCES = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "app").glob("*.py"))


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def test_locale_picks_the_language() -> None:
    assert language_for_locale(QLocale("zh_CN")) == "zh_CN"
    assert language_for_locale(QLocale("zh_TW")) == "zh_CN"
    assert language_for_locale(QLocale("en_GB")) == "en"
    assert language_for_locale(QLocale("fr_FR")) == "en"


def test_every_message_has_a_translation() -> None:
    messages = list(ET.parse(TS).getroot().iter("message"))
    assert len(messages) > 50
    for message in messages:
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, message.findtext("source")
        assert (translation.text or "").strip(), message.findtext("source")
        source = message.findtext("source") or ""
        for field in ("{name}", "{path}", "{message}", "{schools}", "{cells}", "{language}"):
            assert (field in source) == (field in (translation.text or "")), source


def test_translation_source_lists_every_string_in_the_code(tmp_path: Path) -> None:
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    run = subprocess.run(
        [_tool("pyside6-lupdate"), *SOURCES, "-no-obsolete", "-locations", "none", "-ts", str(copy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "(0 new and" in run.stdout, run.stdout  # run `make translations` and translate the new strings
    assert "unfinished" not in copy.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["schoolplan", "core"])
def test_committed_qm_is_compiled_from_the_ts(tmp_path: Path, name: str) -> None:
    # The window's own strings, and the core's messages (app.core_text).
    fresh = tmp_path / "fresh.qm"
    source = translations_dir() / f"{name}_zh_CN.ts"
    subprocess.run([_tool("pyside6-lrelease"), str(source), "-qm", str(fresh)], capture_output=True, check=True)
    assert qm_path("zh_CN", name=name).read_bytes() == fresh.read_bytes()  # run `make translations`


def test_install_language(qapp) -> None:
    try:
        assert install_language("zh_CN")
        assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
        assert QCoreApplication.translate("SchoolTable", "Code") == "学校代码"
        assert QCoreApplication.translate("core", "building the road graph") == "构建路网"  # the core's messages too
    finally:
        assert install_language("en")
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    assert QCoreApplication.translate("core", "building the road graph") == "building the road graph"
    with pytest.raises(ValueError, match="unknown language"):
        install_language("xx")
    assert set(LANGUAGES) == {"en", "zh_CN"}
