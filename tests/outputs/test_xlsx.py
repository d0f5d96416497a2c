"""The Excel report read back with openpyxl: sheets, figures, formats, frozen headers, labels."""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from gis.analysis import analyze
from gis.balance import assess
from gis.compare import compare
from gis.edits import Close, Open
from gis.indicators import coverage_indicators, school_table
from gis.project import load_project
from gis.standards import load_standards
from gis.suggest import NewSite, Suggestion, Suggestions
from gis.usecases import evaluate_scenario
from layers.glossary import term
from outputs.xlsx import SHEETS, label, write_report_xlsx

DEMO = Path(__file__).resolve().parents[2] / "data" / "bancang.gpkg"
CJK = re.compile(r"[\u4e00-\u9fff]")


def hand_suggestions(project: Any) -> Suggestions:
    """Two suggestions made by hand (the planning engine itself is tested in test_suggest.py)."""
    a, b = (str(v) for v in project.schools["school_id"].iloc[:2])
    names = tuple(str(v) for v in project.schools["name"].iloc[:2])
    close = Suggestion(
        "S01", "primary", "close", (a,), (names[0],), (b,), (), 25.5, 12.0, 18.25, 20.0, 31.0, 0.0, 0, 0,
        "撤并后并入邻校。", "Merged into its neighbour.", (Close(a),),
    )  # fmt: skip
    site = NewSite("新建教学点", 500000.0, 2880000.0, "teaching_point", 30, 0)
    new = Suggestion(
        "S02", "primary", "new_day_school", (), (), (), (site,), 12.0, 45.0, 15.0, 60.0, 20.0, 0.0, 30, 0,
        "新建教学点。", "A new teaching point.",
        (Open("N1", site.name, site.x, site.y, "teaching_point", capacity_primary=30),),
    )  # fmt: skip
    return Suggestions((close, new))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo county analysed once, suggestions, one scenario compared, and the two reports."""
    project = load_project(DEMO)
    standards = load_standards()
    analysis = analyze(project, standards)
    suggestions = hand_suggestions(project)
    first = suggestions.items[0]
    comparison = compare(analysis, evaluate_scenario(project, first.scenario(), standards), name=first.id)
    balance = assess(project.schools, standards)
    out = tmp_path_factory.mktemp("report")
    zh = write_report_xlsx(out / "report.xlsx", analysis, suggestions=suggestions, comparison=comparison)
    en = write_report_xlsx(out / "report_en.xlsx", analysis, language="en", balance=balance)
    return {
        "analysis": analysis,
        "suggestions": suggestions,
        "comparison": comparison,
        "balance": balance,
        "zh": load_workbook(zh),
        "en": load_workbook(en),
    }


def _rows(ws: Any) -> list[tuple[Any, ...]]:
    return list(ws.iter_rows(min_row=2, values_only=True))


def _header(ws: Any) -> list[Any]:
    return [c.value for c in ws[1]]


def _same(cell: Any, expected: float) -> bool:
    """A written figure against the expected one; NaN and infinity are empty cells."""
    if expected is None or (isinstance(expected, float) and not math.isfinite(expected)):
        return cell is None
    return cell == pytest.approx(float(expected), rel=1e-12, abs=1e-12)


def test_sheets(demo: dict[str, Any]) -> None:
    assert demo["zh"].sheetnames == [
        "县域指标",
        "乡镇指标",
        "学校",
        "规划建议",
        "方案比较",
        "均衡差异系数",
        "学校达标情况",
        "规划标准",
    ]
    # Without suggestions or a comparison those sheets are left out; balance is still assessed.
    assert demo["en"].sheetnames == [
        "Summary", "Townships", "Schools", "Balance coefficients", "School standards", "Standards used",
    ]  # fmt: skip


def test_summary_equals_county_indicators(demo: dict[str, Any]) -> None:
    ws = demo["zh"][SHEETS["summary"]["zh"]]
    header = _header(ws)
    rows = {r[0]: r for r in _rows(ws)}
    county = [i for i in coverage_indicators(demo["analysis"]) if i.scope == "county"]
    assert len(rows) == len({i.metric for i in county})
    for ind in county:
        row = rows[label(ind.metric)]
        assert _same(row[header.index(label(ind.level))], ind.value), (ind.level, ind.metric)


def test_townships_equal_township_indicators(demo: dict[str, Any]) -> None:
    ws = demo["zh"][SHEETS["townships"]["zh"]]
    header = _header(ws)
    rows = {(r[0], r[2]): r for r in _rows(ws)}
    names = dict(zip(demo["analysis"].project.townships["code"].astype(str),
                     demo["analysis"].project.townships["name"], strict=True))  # fmt: skip
    found = [i for i in coverage_indicators(demo["analysis"]) if i.scope.startswith("township:")]
    assert found
    for ind in found:
        code = ind.scope.split(":", 1)[1]
        row = rows[(code, label(ind.level))]
        assert row[1] == names.get(code, "")
        assert _same(row[header.index(label(ind.metric))], ind.value)


def test_schools_equal_school_table(demo: dict[str, Any]) -> None:
    ws = demo["zh"][SHEETS["schools"]["zh"]]
    table = school_table(demo["analysis"])
    rows = _rows(ws)
    assert len(rows) == len(table)
    assert _header(ws) == [label(c) for c in table.columns]
    for j, column in enumerate(table.columns):
        for i, expected in enumerate(table[column].tolist()):
            got = rows[i][j]
            if isinstance(expected, bool):
                assert got == ("是" if expected else "否"), (column, i)
            elif isinstance(expected, str):
                assert got == (label(expected) if column == "type" else expected), (column, i)
            else:
                assert _same(got, expected), (column, i, got, expected)


def test_comparison_equals_compare(demo: dict[str, Any]) -> None:
    ws = demo["zh"][SHEETS["comparison"]["zh"]]
    table = demo["comparison"].table()
    assert _header(ws)[2] == f"方案（{demo['comparison'].scenario}）"
    rows = _rows(ws)
    assert len(rows) == len(table)
    for row, expected in zip(rows, table.itertuples(), strict=True):
        assert CJK.search(row[0]), row[0]
        for got, want in zip(row[1:], (expected.baseline, expected.scenario, expected.change), strict=True):
            assert _same(got, want)


def test_balance_equals_assess(demo: dict[str, Any]) -> None:
    # The zh report was written with balance=None: assessed from the analysed schools.
    ws = demo["zh"][SHEETS["balance"]["zh"]]
    coefficients = demo["balance"].coefficients
    rows = _rows(ws)
    assert len(rows) == len(coefficients)
    for row, c in zip(rows, coefficients, strict=True):
        assert row[0] == label(c.level) and row[2] == label(c.indicator)
        assert _same(row[3], c.coefficient)
        assert _same(row[4], c.threshold)
        assert row[5] == {True: "达标", False: "未达标", None: "—"}[c.passes]
        assert row[6] == c.schools
    standards = demo["zh"][SHEETS["school_standards"]["zh"]]
    per_school = demo["balance"].school_standards
    got = _rows(standards)
    assert len(got) == len(per_school)
    passes = _header(standards).index("是否达标")
    assert [r[passes] for r in got] == ["达标" if v else "未达标" for v in per_school["passes"]]


def test_suggestions_sheet(demo: dict[str, Any]) -> None:
    ws = demo["zh"][SHEETS["suggestions"]["zh"]]
    table = demo["suggestions"].table()
    rows = _rows(ws)
    header = _header(ws)
    assert [r[0] for r in rows] == table["id"].tolist()
    affected = header.index(label("children_affected"))
    assert [r[affected] for r in rows] == pytest.approx(table["children_affected"].tolist())
    assert {r[header.index("建议类型")] for r in rows} <= {
        "撤并",
        "合并",
        "改为教学点",
        "新建走读学校",
        "新建寄宿制学校",
    }


def test_headers_frozen_styled_and_fitted(demo: dict[str, Any]) -> None:
    for book in (demo["zh"], demo["en"]):
        for ws in book:
            assert ws.freeze_panes is not None and re.fullmatch(r"[A-Z]+2", ws.freeze_panes), ws.title
            for cell in ws[1]:
                assert cell.font.b, (ws.title, cell.value)
                assert cell.fill.fill_type == "solid"
            assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
            widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
            assert all(w and w >= 4 for w in widths), ws.title
    # A long Chinese header gets a wide column (CJK characters count double).
    schools = demo["zh"][SHEETS["schools"]["zh"]]
    mean = _header(schools).index("小学服务范围平均上学时间（分钟）") + 1
    assert schools.column_dimensions[schools.cell(1, mean).column_letter].width >= 30


def test_number_formats(demo: dict[str, Any]) -> None:
    ws = demo["zh"][SHEETS["summary"]["zh"]]
    by_label = {row[0].value: row for row in ws.iter_rows(min_row=2)}
    assert by_label["上学时间达标比例"][1].number_format == "0.0%"
    assert by_label["平均上学时间（分钟）"][2].number_format == "0.0"
    assert by_label["适龄儿童数"][3].number_format == "#,##0"
    schools = demo["zh"][SHEETS["schools"]["zh"]]
    header = _header(schools)
    second = next(iter(schools.iter_rows(min_row=2, max_row=2)))
    assert second[header.index("小学学位使用率")].number_format == "0.0%"
    assert second[header.index("小学在校生数")].number_format == "#,##0"
    assert second[header.index("小学平均班额")].number_format == "0.0"
    assert second[header.index("学校代码")].number_format == "@"
    coefficients = demo["zh"][SHEETS["balance"]["zh"]]
    assert coefficients.cell(2, 4).number_format == "0.000"
    comparison = demo["zh"][SHEETS["comparison"]["zh"]]
    rows = {r[0].value: r for r in comparison.iter_rows(min_row=2)}
    assert rows["小学 · 上学时间达标比例"][1].number_format == "0.0%"
    assert rows["小学 · 平均上学时间（分钟）"][3].number_format == "0.0"


def test_chinese_labels_in_zh_and_english_in_en(demo: dict[str, Any]) -> None:
    for ws in demo["zh"]:
        for value in _header(ws):
            assert CJK.search(str(value)), (ws.title, value)
    summary = demo["zh"][SHEETS["summary"]["zh"]]
    assert all(CJK.search(r[0]) for r in _rows(summary))
    for ws in demo["en"]:
        for value in _header(ws):
            assert not CJK.search(str(value)), (ws.title, value)
    assert _header(demo["en"]["Summary"]) == ["Metric", "Grades 1–3", "Primary", "Junior secondary"]


def test_standards_sheet_lists_every_rule_with_value_and_source(demo: dict[str, Any]) -> None:
    standards = demo["analysis"].standards
    raw = tomllib.loads(Path(standards.path).read_text(encoding="utf-8"))

    def leaves(node: dict[str, Any], prefix: str = "") -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in node.items():
            if isinstance(v, dict):
                out.update(leaves(v, f"{prefix}{k}."))
            elif k != "source" and not k.endswith("_source"):
                out[f"{prefix}{k}"] = v
        return out

    expected = leaves(raw)
    ws = demo["zh"][SHEETS["standards"]["zh"]]
    rows = {r[0]: r for r in _rows(ws) if r[0]}
    for key, value in expected.items():
        assert rows[key][2] == value, key
    # Sources: the key's own, its table's, or the key it extends.
    assert "国办发〔2018〕27号" in rows["travel.grade1_3_max_min"][3]
    assert rows["balance.standards.floor_area_per_pupil.primary"][3] == raw["balance"]["standards"][
        "floor_area_per_pupil"]["source"]  # fmt: skip
    assert rows["modes.walk.off_road_kmh"][3] == raw["modes"]["walk"]["off_road_source"]
    assert rows["levels.junior.size_cap"][3] == raw["levels"]["junior"]["size_cap_source"]
    shown = {r[3] for r in rows.values()}
    assert set(standards.sources.values()) <= shown
    assert rows["travel.grade1_3_max_min"][1] == term("rule.travel.grade1_3_max_min", "zh")
    assert rows["规则文件"][2] == standards.path


def test_written_atomically(demo: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl.workbook.workbook import Workbook

    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(ValueError, match="language"):
        write_report_xlsx(target, demo["analysis"], language="fr")

    def broken_save(self: Workbook, filename: str) -> None:
        Path(filename).write_bytes(b"half a workbook")
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(Workbook, "save", broken_save)
        with pytest.raises(OSError, match="disk full"):
            write_report_xlsx(target, demo["analysis"], balance=demo["balance"])
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]
    write_report_xlsx(target, demo["analysis"], language="en", balance=demo["balance"])
    assert load_workbook(target).sheetnames[0] == "Summary"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_every_figure_has_a_number_format(demo: dict[str, Any]) -> None:
    for book in (demo["zh"], demo["en"]):
        for ws in book:
            figures = 0
            for row in ws.iter_rows(min_row=2):
                for cell in row:
                    if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                        figures += 1
                        assert cell.number_format != "General", (ws.title, cell.coordinate, cell.value)
            assert figures, ws.title
    # Rules are shown with the decimals the rules file gives them.
    rules = {r[0].value: r[2] for r in demo["zh"][SHEETS["standards"]["zh"]].iter_rows(min_row=2) if r[0].value}
    assert rules["levels.primary.size_cap"].number_format == "#,##0"
    assert rules["walking.child_level_kmh"].number_format == "0.0"
    assert rules["balance.basic_primary"].number_format == "0.00"
    standards = demo["en"]["School standards"]
    header = _header(standards)
    first = next(iter(standards.iter_rows(min_row=2, max_row=2)))
    assert first[header.index(label("floor_area_per_pupil", "en"))].number_format == "0.00"


def test_every_sheet_prints_as_a_report(demo: dict[str, Any], tmp_path: Path) -> None:
    for book in (demo["zh"], demo["en"]):
        for ws in book:
            setup = ws.page_setup
            assert setup.orientation == "landscape", ws.title
            assert setup.paperSize == 9  # A4 in the OOXML paper-size list
            assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
            assert ws.sheet_properties.pageSetUpPr.fitToPage is True
            assert ws.print_title_rows == "$1:$1"
    # As Excel reads it: the file's XML carries the settings and the print titles' defined name.
    import zipfile

    path = tmp_path / "r.xlsx"
    write_report_xlsx(path, demo["analysis"])
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        workbook = z.read("xl/workbook.xml").decode()
    assert re.search(r'<pageSetup[^>]*orientation="landscape"', sheet)
    assert re.search(r'<pageSetup[^>]*fitToHeight="0"', sheet) and re.search(r'<pageSetup[^>]*fitToWidth="1"', sheet)
    assert re.search(r'<pageSetUpPr[^>]*fitToPage="1"', sheet)
    assert "_xlnm.Print_Titles" in workbook and "$1:$1" in workbook
