"""The spare land of schools (可用场地面积) read from a county's CSV or XLSX, and every bad input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gis.errors import InputError
from gis.importing.land import read_land

SCHOOLS = pd.DataFrame({"school_id": ["S1", "S2", "5226990003"], "name": ["一小", "二小", "三小"]})


def _csv(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "land.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_land(path, SCHOOLS)
    return [str(p) for p in caught.value.problems]


def test_chinese_headers_in_gbk_with_a_title_row(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        '各校可用场地统计表\n学校代码,学校名称,可用场地面积（平方米）\nS1,一小,1200\n5226990003,三小,"2,500.5"\n',
        encoding="gbk",
    )
    # S2 is not listed: no limit, so not in the result.
    assert read_land(path, SCHOOLS) == {"S1": 1200.0, "5226990003": 2500.5}


def test_english_headers_in_a_workbook_with_numeric_codes(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["school_id", "spare_land_m2"])
    ws.append([5226990003, 0])  # a code typed as a number, and no land at all
    ws.append(["S2", 80.25])
    path = tmp_path / "land.xlsx"
    book.save(path)
    assert read_land(path, SCHOOLS) == {"5226990003": 0.0, "S2": 80.25}


def test_other_land_headers(tmp_path: Path) -> None:
    assert read_land(_csv(tmp_path, "学校代码,可用用地\nS1,10\n"), SCHOOLS) == {"S1": 10.0}
    assert read_land(_csv(tmp_path, "school_id,land_m2\nS2,7\n", name="b.csv"), SCHOOLS) == {"S2": 7.0}


def test_negative_land_names_the_file_row_field_and_value(tmp_path: Path) -> None:
    path = _csv(tmp_path, "学校代码,可用场地面积\nS1,100\nS2,-30\n")
    (line,) = _problems(path)
    assert str(path) in line
    assert "row 3" in line  # the header is row 1, as in Excel
    assert "可用场地面积" in line and "land_m2" in line
    assert "negative land" in line and "(value: -30)" in line
    assert "zero or more" in line  # what to do


def test_every_problem_of_the_file_at_once(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "school_id,land_m2\nS1,abc\nS9,5\nS2,1\nS2,2\n,3\n5226990003,\n",
    )
    lines = _problems(path)
    assert len(lines) == 5
    by_row = {
        row: next(line for line in lines if f"row {row}:" in line or f"row {row}," in line) for row in (2, 3, 5, 6, 7)
    }
    assert "not a number" in by_row[2] and "(value: abc)" in by_row[2]
    assert "no school of the project has this code" in by_row[3] and "(value: S9)" in by_row[3]
    assert "given twice, also in row 4" in by_row[5] and "(value: S2)" in by_row[5]
    assert "school code missing" in by_row[6]
    assert "spare land missing" in by_row[7]


def test_land_in_the_wrong_unit(tmp_path: Path) -> None:
    (line,) = _problems(_csv(tmp_path, "school_id,land_m2\nS1,1e9\n"))
    assert "not in m²" in line and "(value: 1e9)" in line


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("学校代码,学校名称\nS1,一小\n", "required columns are missing: land_m2"),
        ("可用场地面积,学校名称\n100,一小\n", "required columns are missing: school_id"),
        ("学校代码,可用场地面积\n", "header but no schools"),
        ("", "the file is empty"),
    ],
)
def test_missing_columns_and_empty_files(tmp_path: Path, content: str, words: str) -> None:
    lines = _problems(_csv(tmp_path, content))
    assert len(lines) == 1 and words in lines[0]


def test_a_file_that_is_not_there(tmp_path: Path) -> None:
    (line,) = _problems(tmp_path / "missing.csv")
    assert "file not found" in line
