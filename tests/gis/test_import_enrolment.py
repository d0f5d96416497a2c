"""Reading the enrolment history: schools matched to the project's, every problem a line.

The project is the toy county of the forecast tests (schools S1, a nine-year school, and S2,
a primary school; the pupils of 2023 and 2024 as there). A file with an error gives no
history (nothing is written from it) and exactly the report lines listed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gis.importing.enrolment import EnrolmentFile, read_enrolment
from gis.importing.report import ImportReport
from tests.gis.test_forecast import S1, S2, toy

GRADES_CN = ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级")
SCHOOLS = (("S1", "一贯制学校", S1), ("S2", "C村小学", S2))


def _rows(years: tuple[int, ...] = (2023, 2024)) -> list[str]:
    return [
        f"{year},{sid},{name}," + ",".join(map(str, pupils[year])) + f",{sum(pupils[year])}"
        for year in years
        for sid, name, pupils in SCHOOLS
    ]


HEADER = "年份,学校代码,学校名称," + ",".join(GRADES_CN) + ",合计"
GOOD = HEADER + "\n" + "\n".join(_rows()) + "\n"
# Rows: header 1; 2023 S1 row 2, S2 row 3; 2024 S1 row 4, S2 row 5.


def _read(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    path = tmp_path / "enrolment.csv"
    path.write_text(text, encoding="utf-8")
    report = ImportReport()
    history = read_enrolment(path, toy(), report=report)
    return history, [str(f).replace(f"{tmp_path}/", "") for f in report.findings if f.severity != "note"]


def test_one_table_with_a_year_column(tmp_path: Path) -> None:
    history, lines = _read(tmp_path, GOOD)
    assert lines == []
    assert history is not None
    assert history.years == (2023, 2024)
    assert history.school_ids == ("S1", "S2")
    assert history.pupils[1, 0].tolist() == S1[2024]
    assert history.pupils[0, 1].tolist() == S2[2023]


def test_one_file_per_year_matched_by_name(tmp_path: Path) -> None:
    files = []
    for year in (2023, 2024):
        path = tmp_path / f"{year}.csv"
        lines = ["学校名称," + ",".join(GRADES_CN)] + [
            f"{name}," + ",".join(map(str, pupils[year])) for _, name, pupils in SCHOOLS
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(EnrolmentFile(path, year=year))
    report = ImportReport()
    history = read_enrolment(files, toy(), report=report)
    assert report.errors == []
    assert history is not None
    assert history.years == (2023, 2024)
    assert history.pupils[0, 0].tolist() == S1[2023]


def test_school_years_are_the_years_they_began(tmp_path: Path) -> None:
    text = GOOD.replace("\n2023,", "\n2023-2024,").replace("\n2024,", "\n2024学年,")
    history, lines = _read(tmp_path, text)
    assert lines == []
    assert history is not None
    assert history.years == (2023, 2024)


BAD = [
    (
        "grades that do not add up to the total",
        GOOD.replace("2024,S2,C村小学,5,6,6,7,8,8,0,0,0,40", "2024,S2,C村小学,5,6,6,7,8,8,0,0,0,41"),
        [
            "error: enrolment.csv, row 5, field total (合计): the grades add up to 40, not to the total (value: 41); "
            "correct the grades or the total so that they agree"
        ],
    ),
    (
        "a school and year twice",
        GOOD + _rows((2024,))[0] + "\n",
        [
            "error: enrolment.csv, row 6, field school_id (学校代码): school S1 in 2024 given twice, also in row 4 "
            "(value: 2024); keep one row per school and year"
        ],
    ),
    (
        "a school not in the project",
        GOOD + "2024,S9,某小学,1,1,1,1,1,1,0,0,0,6\n",
        [
            "error: enrolment.csv, row 6, field school_id (学校代码): school code not in the project (value: S9); "
            "use the project's 10-digit school codes, or add the school to the project"
        ],
    ),
    (
        "a year missing between the first and the last",
        GOOD + "\n".join(row.replace("2023,", "2021,", 1) for row in _rows((2023,))) + "\n",
        [
            "error: enrolment.csv, field year: no enrolment for 2022 between 2021 and 2024; add the census of each "
            "missing year, or leave out the years before the gap"
        ],
    ),
    (
        "a school of the project missing in a year",
        "".join(line + "\n" for line in GOOD.splitlines() if not line.startswith("2023,S2")),
        [
            "error: enrolment.csv, field school_id: 1 school(s) of the project have no row for 2023: S2 C村小学 "
            "(value: 2023); add their rows (zeros if they had no pupils then)"
        ],
    ),
    (
        "negative pupils",
        GOOD.replace("2023,S1,一贯制学校,10,", "2023,S1,一贯制学校,-10,"),
        ["error: enrolment.csv, row 2, field g1 (一年级): negative number of pupils (value: -10); write zero or more"],
    ),
    (
        "no year",
        GOOD.replace("年份,", "届,"),
        [
            "error: enrolment.csv, field year: required columns are missing: year (年份); add them or map them (the "
            "column mapping); a file of one year's census needs no year column when its year is given with it; "
            "columns found: 届, 学校代码, 学校名称, 一年级, 二年级, 三年级, 四年级, 五年级, 六年级, 七年级, 八年级, "
            "九年级, 合计; the text was read as UTF-8: if these look garbled, save the file as CSV UTF-8"
        ],
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), BAD, ids=[case for case, _, _ in BAD])
def test_a_bad_history_gives_no_history_and_says_why(tmp_path: Path, case: str, text: str, expected: list[str]) -> None:
    history, lines = _read(tmp_path, text)
    assert history is None, case
    assert lines == expected


def test_pupils_in_a_grade_the_school_does_not_teach_are_counted_with_a_warning(tmp_path: Path) -> None:
    text = GOOD.replace("2024,S2,C村小学,5,6,6,7,8,8,0,0,0,40", "2024,S2,C村小学,5,6,6,7,8,8,1,0,0,41")
    history, lines = _read(tmp_path, text)
    assert history is not None
    assert history.pupils[1, 1, 6] == 1
    assert lines == [
        "warning: enrolment.csv, row 5, field g7 (七年级): pupils in grade 7, which the project's school does not "
        "teach (grades 1–6); counted (value: 1); check the row, or the school's grades in the project",
        "warning: enrolment.csv, field year: the pupils of 2024 differ from the project's recorded enrolment at "
        "1 school(s): S2 C村小学 (value: 2024); the forecast starts from the project's children and takes only "
        "grade shares and ratios from the history; check that both are the same census",
    ]


def test_the_same_school_and_year_in_two_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(GOOD, encoding="utf-8")
    second.write_text(HEADER + "\n" + _rows((2024,))[1] + "\n", encoding="utf-8")
    report = ImportReport()
    assert read_enrolment([first, second], toy(), report=report) is None
    assert [str(f).replace(f"{tmp_path}/", "") for f in report.errors] == [
        "error: b.csv, row 2, field school_id (学校代码): school S2 in 2024 given twice, also in a.csv, row 5 "
        "(value: 2024); keep one row per school and year"
    ]
