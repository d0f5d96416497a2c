"""Reading the left-behind children (留守儿童) by village: matched to the project's places, every
problem a line with its row, field and value, nothing read from a file with an error.

The project is the toy county of the forecast tests (villages A村 and B村 in 甲乡 = T1, C村 in
乙乡 = T2).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gis.errors import InputError
from gis.importing.left_behind import LeftBehind, read_left_behind
from gis.importing.report import ImportReport
from tests.gis.test_forecast import toy

GOOD = "乡镇,村名,留守儿童数\n甲乡,A村,3\n甲乡,B村,5\n乙乡,C村,2\n"
# Rows as Excel numbers them: header row 1, A村 row 2, B村 row 3, C村 row 4.


def _read(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> tuple[LeftBehind | None, ImportReport]:
    path = tmp_path / "left.csv"
    path.write_bytes(text.encode(encoding))
    report = ImportReport()
    return read_left_behind(path, toy(), report=report), report


def _lines(report: ImportReport, tmp_path: Path, *, notes: bool = False) -> list[str]:
    return [str(f).replace(f"{tmp_path}/", "") for f in report.findings if notes or f.severity != "note"]


def test_a_gbk_table_with_chinese_headers_is_matched_village_by_village(tmp_path: Path) -> None:
    # With its title row: three lines of GBK alone are too few to tell from Korean (cp949).
    left, report = _read(tmp_path, "半仓县农村留守儿童统计表（2025年）\n" + GOOD, encoding="gb18030")
    assert _lines(report, tmp_path) == []
    assert left is not None
    assert left.places == ("A村", "B村", "C村")
    assert left.children.tolist() == [3.0, 5.0, 2.0]
    assert left.total == 10.0
    assert left.source.endswith("left.csv")


def test_english_headers_names_without_their_ending_and_a_place_left_out(tmp_path: Path) -> None:
    left, report = _read(tmp_path, "village,left_behind\nA,4\nB,1\n")
    assert left is not None
    assert left.children.tolist() == [4.0, 1.0, 0.0]
    assert _lines(report, tmp_path, notes=True) == [
        "note: left.csv: text read as UTF-8",
        "note: left.csv, rows 2, 3, field village: villages matched to places named with or without 村/社区/村委会",
        "note: left.csv, field village: 1 place(s) of the project not in the table have no left-behind children: "
        "C村 (T2)",
        "note: left.csv: left-behind children of 2 places: 5 in all",
    ]


def test_other_headers_a_blank_count_and_a_fraction(tmp_path: Path) -> None:
    left, report = _read(tmp_path, "村,乡镇,留守儿童\nA村,甲乡,\nB村,甲乡,2.6\nC村,乙乡,1\n")
    assert left is not None
    assert left.children.tolist() == [0.0, 3.0, 1.0]
    assert _lines(report, tmp_path) == [
        "warning: left.csv, row 3, field left_behind (留守儿童): not a whole number; rounded (value: 2.6)"
    ]
    assert "note: left.csv, row 2, field left_behind (留守儿童): blank cells read as 0" in _lines(
        report, tmp_path, notes=True
    )


BAD = [
    (
        "an unknown village",
        GOOD + "甲乡,D村,4\n",
        [
            "error: left.csv, row 5, field village (村名): village not in the project's places in township 甲乡 (T1) "
            "(value: D村); write the name as the places layer has it, or add the place to the project"
        ],
    ),
    (
        "a village in the wrong township",
        GOOD.replace("乙乡,C村", "甲乡,C村"),
        [
            "error: left.csv, row 4, field village (村名): village not in the project's places in township 甲乡 (T1) "
            "(value: C村); write the name as the places layer has it, or add the place to the project"
        ],
    ),
    (
        "a negative count and a count in words",
        GOOD.replace("A村,3", "A村,-3").replace("C村,2", "C村,两"),
        [
            "error: left.csv, row 2, field left_behind (留守儿童数): negative left-behind children (value: -3); "
            "write zero or more",
            "error: left.csv, row 4, field left_behind (留守儿童数): not a number (value: 两); "
            "write the left-behind children as digits, e.g. 12",
        ],
    ),
    (
        "a village twice",
        GOOD + "甲乡,B村,1\n",
        [
            "error: left.csv, row 5, field village (村名): left-behind children of B村 given twice, also in row 3 "
            "(value: B村); keep one row per village (add the numbers up if they are parts)"
        ],
    ),
    (
        "no count column",
        GOOD.replace("留守儿童数", "人数"),
        [
            "error: left.csv, field left_behind: required columns are missing: left_behind (留守儿童数); add them or "
            "map them (the column mapping); columns found: 乡镇, 村名, 人数; the text was read as UTF-8: if these "
            "look garbled, save the file as CSV UTF-8"
        ],
    ),
    (
        "a header and nothing else",
        "乡镇,村名,留守儿童数\n",
        ["error: left.csv: the file has a header but no villages; fill in one row per village (村名, 留守儿童数)"],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), BAD, ids=[case for case, _, _ in BAD])
def test_a_bad_table_gives_nothing_and_says_why(tmp_path: Path, case: str, text: str, expected: list[str]) -> None:
    left, report = _read(tmp_path, text)
    assert left is None, case
    assert _lines(report, tmp_path) == expected


def test_without_a_report_an_error_raises_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "left.csv"
    path.write_text(GOOD.replace("A村,3", "A村,-3") + "甲乡,D村,4\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_left_behind(path, toy())
    assert [(p.feature, p.value) for p in caught.value.problems] == [("row 2", "-3"), ("row 5", "D村")]
    path.write_text(GOOD, encoding="utf-8")
    got = read_left_behind(path, toy())
    assert got is not None
    assert got.children.tolist() == [3.0, 5.0, 2.0]


def test_a_project_without_places_has_no_villages_to_match(tmp_path: Path) -> None:
    project = toy()
    path = tmp_path / "left.csv"
    path.write_text(GOOD, encoding="utf-8")
    report = ImportReport()
    assert read_left_behind(path, project.with_layers(places=project.places.iloc[:0]), report=report) is None
    assert [f.problem for f in report.errors] == ["the project has no places to match the villages to"]


def test_a_workbook_with_a_title_row(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["半仓县农村留守儿童统计表"])
    for line in GOOD.splitlines():
        sheet.append([int(c) if c.isdigit() else c for c in line.split(",")])
    path = tmp_path / "left.xlsx"
    book.save(path)
    report = ImportReport()
    left = read_left_behind(path, toy(), report=report)
    assert left is not None
    assert left.children == pytest.approx(np.array([3.0, 5.0, 2.0]))
    assert ("row 1", "rows above the header skipped (title)") in [(f.where, f.problem) for f in report.findings]
