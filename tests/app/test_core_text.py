"""The core's messages in Chinese: the catalogue is complete and current, every template has a
finished translation, and progress, import problems and errors reach the Chinese window in Chinese."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from app import notify
from app.core_text import (
    CATALOGUE,
    catalogue_source,
    catalogue_templates,
    dynamic_words,
    error_text,
    finding_texts,
    problem_text,
    translate_core,
)
from app.i18n import install_language, qm_path, translations_dir
from app.tasks import TaskRunner
from gis.errors import InputError, Problem
from gis.messages import text, word

ROOT = Path(__file__).resolve().parents[2]
TS = translations_dir() / "core_zh_CN.ts"
BAD = ROOT / "tests" / "data" / "bad" / "schools"
TIMEOUT_MS = 60_000
FIELD = re.compile(r"\{[^{}]*\}")
# Latin words a Chinese message may keep: codes of files, options, formats and fields, units,
# and the names of products and data sources.
CODES = {
    "CSV", "UTF-8", "GIS", "CRS", "DEM", "EPSG", "OSM", "PBF", "TOML", "JSON", "MB", "km", "WGS84", "GCJ-02",
    "BD-09", "CGCS2000", "HiGHS", "SchoolPlan", "WorldPop", "GeoTIFF", "GeoPackage", "GeoJSON", "Excel",
    "Geofabrik", "BBBike", "LineString", "MultiLineString", "HEADER", "FIELD", "YYYY", "NAME", "ID", "INTO",
    "LEVEL", "SITE", "primary", "junior", "county", "township", "village", "path", "highway", "tobler", "none",
    "true", "false", "slope", "gdalwarp", "wgs84", "gcj02", "bd09", "cgcs2000", "kind", "beyond", "unplaced",
    "large", "travel", "cost", "XLSX", "Shapefile", "Dask", "GB",
    # Commands typed as they are: `dask scheduler`, `dask worker ADDRESS`, `schoolplan import`.
    "dask", "scheduler", "worker", "schoolplan", "import",
}  # fmt: skip


def _latin_words(message: str) -> list[str]:
    """Latin words of a message outside its placeholders, its codes and its units."""
    bare = re.sub(r"\[[^\]]*\]", " ", FIELD.sub(" ", message))  # a placeholder, a [section.key] of the rules
    words = re.findall(r"[.\-]{0,2}[A-Za-z][A-Za-z0-9_.:/>=\-]*", bare)
    return [w for w in words if w.strip("-") not in CODES and not re.search(r"[_.:/0-9>=]|^-", w)]


def _translations() -> dict[str, str]:
    out = {}
    for message in ET.parse(TS).getroot().iter("message"):
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, message.findtext("source")
        out[message.findtext("source") or ""] = translation.text or ""
    return out


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


@pytest.fixture
def chinese(qapp):
    assert install_language("zh_CN")
    yield
    assert install_language("en")


# ----------------------------------------------------------------------------- the catalogue


def test_catalogue_is_current() -> None:
    assert CATALOGUE.read_text(encoding="utf-8") == catalogue_source(
        catalogue_templates()
    )  # python -m app.core_text --write


def test_catalogue_holds_every_template_of_the_core_and_nothing_else() -> None:
    # Read independently: the literals given to text() and word() in gis/, the words of the facts, the frame.
    used: set[str] = set()
    for path in (ROOT / "gis").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("text", "word")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                used.add(node.args[0].value)
    catalogue = ast.parse(CATALOGUE.read_text(encoding="utf-8"))
    listed = [
        node.args[1].value
        for node in ast.walk(catalogue)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "QT_TRANSLATE_NOOP"
    ]
    assert len(listed) == len(set(listed))
    frame = {"layer {layer}", "feature {feature}", "field {field}", "{where}: {message}", ", ", " (value: {value})"}
    frame |= {"; {fix}"}
    assert used <= set(listed)
    assert set(listed) - used == (set(dynamic_words()) | frame) - used
    assert {"primary", "junior", "grades_1_3", "teaching_point", "medium"} <= set(dynamic_words())


def test_every_template_has_a_finished_chinese_translation() -> None:
    translations = _translations()
    assert set(translations) == set(catalogue_templates())
    for source, chinese in translations.items():
        assert chinese.strip(" ,;"), source
        assert sorted(FIELD.findall(chinese)) == sorted(FIELD.findall(source)), source
        assert not _latin_words(chinese), (source, chinese, _latin_words(chinese))
        assert re.search(r"[\u4e00-\u9fff，；：]", chinese), (source, chinese)


def test_latin_word_check_finds_english() -> None:
    assert _latin_words("学校 {name} 距最近道路 12 米") == []
    assert _latin_words("请用 --coords 指定 EPSG:4490 的 CSV UTF-8 文件") == []
    assert _latin_words("学校 school 距道路") == ["school"]


def test_translation_source_lists_every_template(tmp_path: Path) -> None:
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    run = subprocess.run(
        [_tool("pyside6-lupdate"), str(CATALOGUE), "-no-obsolete", "-locations", "none", "-ts", str(copy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "(0 new and" in run.stdout, run.stdout  # run `make translations` and translate the new templates
    assert "unfinished" not in copy.read_text(encoding="utf-8")


def test_committed_qm_is_compiled_from_the_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(fresh)], capture_output=True, check=True)
    assert qm_path("zh_CN", name="core").read_bytes() == fresh.read_bytes()  # run `make translations`


# ----------------------------------------------------------------------------- translating


def test_translate_core_in_chinese_and_back(qapp) -> None:
    message = text(
        "new schools, {level} {group}: {sites} sites", level=word("primary"), group=word("grades_4_6"), sites=2
    )
    try:
        assert install_language("zh_CN")
        assert translate_core(message) == "新建学校：小学四至六年级，2 处校址"
        assert translate_core(text("budget {amount:,.0f} 万元", amount=12345.6)) == "预算 12,346 万元"
        assert translate_core("done") == "完成"  # a plain str with a translation of the whole
        assert translate_core("第一小学") == "第一小学"  # a plain str without one
        assert translate_core(text("{year}: {message}", year=2030, message=text("children projected"))) == (
            "2030 年：儿童数预测完成"
        )
    finally:
        assert install_language("en")
    assert translate_core(message) == "new schools, primary grades_4_6: 2 sites"


def test_progress_of_a_real_analysis_is_chinese(chinese, line_county) -> None:
    from gis.analysis import analyze
    from gis.standards import load_standards

    seen: list[str] = []
    analyze(line_county, load_standards(), progress=lambda _fraction, message: seen.append(message))
    shown = [translate_core(message) for message in seen if message]
    assert "上学时间：小学一至三年级" in shown
    assert "按学位容量分配学生：初中" in shown
    assert "构建路网" in shown and "完成" in shown
    for line in shown:
        assert not _latin_words(line), line


def test_problems_of_a_real_bad_import_are_chinese(chinese) -> None:
    from gis.importing.report import ImportReport
    from gis.importing.schools import read_schools

    report = ImportReport()
    read_schools(BAD / "header_only.csv", project_crs="EPSG:4545", report=report)
    assert ("", "文件有表头但没有学校", "请每所学校填写一行") in [finding_texts(f) for f in report.findings]
    report = ImportReport()
    read_schools(BAD / "negative_count.csv", project_crs="EPSG:4545", report=report)
    shown = [finding_texts(f) for f in report.errors]
    assert ("第 3 行", "人数为负数", "人数须为 0 或以上") in shown
    for finding in report.findings:  # every line in Chinese (its values, such as field names, as they are)
        _where, problem, fix = finding_texts(finding)
        assert problem != finding.problem and re.search(r"[\u4e00-\u9fff]", problem), problem
        assert fix == finding.fix == "" or (fix != finding.fix and re.search(r"[\u4e00-\u9fff]", fix)), fix
    with pytest.raises(InputError) as raised:
        report.raise_if_errors()
    assert error_text(raised.value) == (
        f"{BAD / 'negative_count.csv'}，第 3 行，字段 enrolment (在校生数)：人数为负数（值：-900）；人数须为 0 或以上"
    )


def test_problem_and_error_lines_in_chinese(chinese) -> None:
    problem = Problem(
        text("township code appears more than once"),
        file="county.gpkg",
        layer="townships",
        feature="3",
        field="code",
        value="5201",
        fix=text("merge the polygons of one township or correct the code"),
    )
    assert problem_text(problem) == (
        "county.gpkg，图层 townships，要素 3，字段 code：乡镇代码重复（值：5201）；请合并同一乡镇的面，或更正代码"
    )
    message, details = notify.failure_text(InputError(problem))
    assert (message, details) == (problem_text(problem), "")


def test_runner_sends_progress_and_errors_in_chinese(chinese, qtbot) -> None:
    runner = TaskRunner()
    owner = QObject()
    failures: list[str] = []

    def work(progress, _cancel) -> None:
        progress(0.5, text("travel times, {level} {group}", level=word("junior"), group=word("grades_7_9")))

    with qtbot.waitSignal(runner.progressed, timeout=TIMEOUT_MS) as progressed:
        runner.run(work, owner=owner)
    assert progressed.args == [0.5, "上学时间：初中七至九年级"]
    qtbot.waitUntil(lambda: not runner.is_running, timeout=TIMEOUT_MS)

    def fails(_progress, _cancel) -> None:
        raise InputError(Problem(text("file not found"), file="a.csv", fix=text("check the path")))

    with qtbot.waitSignal(runner.ended, timeout=TIMEOUT_MS):
        runner.run(fails, error=None, on_failed=lambda message, _details: failures.append(message), owner=owner)
    qtbot.waitUntil(lambda: bool(failures), timeout=TIMEOUT_MS)
    assert failures == ["a.csv：找不到文件；请检查路径"]
    qtbot.waitUntil(lambda: not runner.is_running, timeout=TIMEOUT_MS)
