"""Reading births by village and year: matched to the project's places, every problem a line.

The project is the toy county of the forecast tests (villages A村 and B村 in 甲乡 = T1, C村 in
乙乡 = T2). Each bad file is the good one with one thing broken; a file with an error gives
no births (nothing is written from it) and exactly the report lines listed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gis.importing.births import read_births
from gis.importing.report import ImportReport
from tests.gis.test_forecast import toy

VILLAGES = (("A村", "甲乡"), ("B村", "甲乡"), ("C村", "乙乡"))
YEARS = range(2017, 2022)
GOOD = "年份,乡镇,村名,出生人数\n" + "".join(
    f"{year},{town},{village},{k + year - 2016}\n" for k, (village, town) in enumerate(VILLAGES) for year in YEARS
)
# Rows as Excel numbers them: header row 1, A村 2017-2021 rows 2-6, B村 rows 7-11, C村 rows 12-16.


def _read(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> tuple[object, list[str]]:
    path = tmp_path / "births.csv"
    path.write_bytes(text.encode(encoding))
    report = ImportReport()
    births = read_births(path, toy(), report=report)
    lines = [str(f).replace(f"{tmp_path}/", "") for f in report.findings if f.severity != "note"]
    return births, lines


def test_a_gbk_table_with_chinese_headers_is_matched_village_by_village(tmp_path: Path) -> None:
    births, lines = _read(tmp_path, GOOD, encoding="gb18030")
    assert lines == []
    assert births is not None
    assert births.places == ("A村", "B村", "C村")
    assert births.years == tuple(YEARS)
    assert births.counts == pytest.approx(np.array([[1, 2, 3, 4, 5], [2, 3, 4, 5, 6], [3, 4, 5, 6, 7]]))


def test_english_headers_without_a_township_and_names_without_their_ending(tmp_path: Path) -> None:
    text = "year,village,births\n" + "".join(
        f"{year},{village.removesuffix('村')},1\n" for village, _ in VILLAGES for year in YEARS
    )
    path = tmp_path / "births.csv"
    path.write_text(text, encoding="utf-8")
    report = ImportReport()
    births = read_births(path, toy(), report=report)
    assert births is not None
    assert births.counts.sum() == 15
    assert [(f.where, f.problem) for f in report.findings if f.field.startswith("village")] == [
        ("rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 and 3 more",
         "villages matched to places named with or without 村/社区/村委会"),
    ]  # fmt: skip


BAD = [
    (
        "a village and year twice",
        GOOD + "2019,甲乡,A村,7\n",
        [
            "error: births.csv, row 17, field year (年份): births of A村 in 2019 given twice, also in row 4 "
            "(value: 2019); keep one row per village and year (add the numbers up if they are parts)"
        ],
    ),
    (
        "negative, missing and written-out births",
        GOOD.replace("2018,甲乡,B村,3", "2018,甲乡,B村,-2")
        .replace("2019,乙乡,C村,5", "2019,乙乡,C村,")
        .replace("2020,乙乡,C村,6", "2020,乙乡,C村,六"),
        [
            "error: births.csv, row 8, field births (出生人数): negative births (value: -2); write zero or more",
            "error: births.csv, row 15, field births (出生人数): not a number (value: 六); "
            "write the births as digits, e.g. 12",
            "error: births.csv, row 14, field births (出生人数): births missing; "
            "fill in the births (0 if there were none)",
        ],
    ),
    (
        "a village and a township not in the project",
        GOOD + "2017,甲乡,D村,3\n2017,丙乡,A村,3\n",
        [
            "error: births.csv, row 17, field village (村名): village not in the project's places in township "
            "甲乡 (T1) (value: D村); write the name as the places layer has it, or add the place to the project",
            "error: births.csv, row 18, field township (乡镇): township not in the project (value: 丙乡); "
            "use a township code or name of the project's townships layer",
        ],
    ),
    (
        "years missing for a village",
        "".join(line + "\n" for line in GOOD.splitlines() if not line.startswith(("2019,甲乡,A村", "2020,甲乡,A村"))),
        [
            "error: births.csv, rows 2, 3, 4, field year (年份): no births for 2019–2020 (the file has 2017–2021) "
            "(value: A村); add a row for each missing year (0 if there were no births)"
        ],
    ),
    (
        "a place of the project with no rows",
        "".join(line + "\n" for line in GOOD.splitlines() if "C村" not in line),
        [
            "error: births.csv, field village (村名): 1 place(s) of the project have no births in the file: "
            "C村 (T2); add their rows (0 where there were no births), or remove the places from the project"
        ],
    ),
    (
        "a year that is not one",
        GOOD.replace("2021,甲乡,B村", "二〇二一,甲乡,B村"),
        [
            "error: births.csv, row 11, field year (年份): not a year (value: 二〇二一); "
            "write the calendar year of the births, e.g. 2019",
            "error: births.csv, rows 7, 8, 9, 10, field year (年份): no births for 2021 (the file has 2017–2021) "
            "(value: B村); add a row for each missing year (0 if there were no births)",
        ],
    ),
    (
        "no births column",
        GOOD.replace("出生人数", "人数"),
        [
            "error: births.csv, field births: required columns are missing: births (出生人数); add them or map "
            "them (the column mapping); columns found: 年份, 乡镇, 村名, 人数; the text was read as UTF-8: if "
            "these look garbled, save the file as CSV UTF-8"
        ],
    ),
    (
        "villages by code only",
        GOOD.replace("村名", "村代码"),
        [
            "error: births.csv, field village_code (村代码): villages are given by code only, but the project's "
            "places have no codes; add a column with the village names (村名) as the places layer writes them"
        ],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), BAD, ids=[case for case, _, _ in BAD])
def test_a_bad_births_table_gives_no_births_and_says_why(
    tmp_path: Path, case: str, text: str, expected: list[str]
) -> None:
    births, lines = _read(tmp_path, text)
    assert births is None, case
    assert lines == expected


def test_two_villages_of_one_name_need_the_township(tmp_path: Path) -> None:
    project = toy()
    places = project.places.copy()
    places.loc[2, "name"] = "A村"  # C村 renamed: an A村 in each township
    project = project.with_layers(places=places)
    text = "年份,村名,出生人数\n" + "".join(f"{year},A村,1\n" for year in YEARS)
    path = tmp_path / "births.csv"
    path.write_text(text, encoding="utf-8")
    report = ImportReport()
    assert read_births(path, project, report=report) is None
    assert str(report.errors[0]).replace(f"{tmp_path}/", "") == (
        "error: births.csv, row 2, field village (村名): several places of this name (in townships T1, T2) "
        "(value: A村); add a 乡镇 (township) column to tell them apart"
    )


def test_a_workbook_with_a_title_row(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["半仓县各村出生人口统计表"])
    for line in GOOD.splitlines():
        cells = line.split(",")
        sheet.append([int(c) if c.isdigit() else c for c in cells])
    path = tmp_path / "births.xlsx"
    book.save(path)
    report = ImportReport()
    births = read_births(path, toy(), report=report)
    assert births is not None
    assert births.counts.sum() == (1 + 2 + 3 + 4 + 5) + (2 + 3 + 4 + 5 + 6) + (3 + 4 + 5 + 6 + 7)
    assert ("row 1", "rows above the header skipped (title)") in [(f.where, f.problem) for f in report.findings]
