"""The province's files read back (tables, workbook, map) and a county's own outputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from gis.errors import InputError
from gis.province.county import CountyOutcome
from gis.province.result import ProvinceResult
from outputs.province import PROVINCE_FILES, write_county, write_province
from tests.layers.test_printmap import assert_non_blank, needs_poppler, pdf_pages
from tests.layers.test_province_map import FAILED, FIGURES, hand_result

INJECTED = "=1+1"


def _read(path: Path) -> pd.DataFrame:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
    return pd.read_csv(path, encoding="utf-8-sig")


def _guarded(table: pd.DataFrame) -> pd.DataFrame:
    """The county names as a CSV holds them: a name a spreadsheet would run starts with a quote."""
    return table.assign(county=table["county"].astype(str).replace(INJECTED, "'" + INJECTED))


@pytest.fixture(scope="module")
def result() -> ProvinceResult:
    return hand_result()


@pytest.fixture(scope="module")
def written(result: ProvinceResult, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    out = tmp_path_factory.mktemp("province")
    return out, write_province(result, out, dpi=60)


def test_every_file_written(written: tuple[Path, dict[str, Path]]) -> None:
    out, paths = written
    assert {p.name for p in out.iterdir()} == set(PROVINCE_FILES.values())
    assert {k: p.name for k, p in paths.items()} == PROVINCE_FILES


def test_counties_table_read_back(result: ProvinceResult, written: tuple[Path, dict[str, Path]]) -> None:
    out, _ = written
    table = _read(out / "province_counties.csv")
    assert list(table.columns) == ["county", "year", "level", "metric", "value"]
    # Six figures of each county and year built by hand.
    assert len(table) == 6 * len(FIGURES)
    pd.testing.assert_frame_equal(table, _guarded(result.counties_table()), check_dtype=False)
    share = table.query(
        "county == '龙溪县' and year == 2026 and level == 'primary' and metric == 'share_within_threshold'"
    )
    assert share["value"].tolist() == [FIGURES["龙溪县", 2026][0]]


def test_balance_table_read_back(result: ProvinceResult, written: tuple[Path, dict[str, Path]]) -> None:
    out, _ = written
    table = _read(out / "province_balance.csv")
    assert len(table) == 4 * len(FIGURES)
    composite = table.query("county == '龙溪县' and year == 2026 and method == 'basic' and indicator == 'composite'")
    assert composite[["coefficient", "threshold"]].to_numpy().tolist() == [[0.66, 0.65]]
    assert composite["passes"].tolist() == [False]
    expected = _guarded(result.balance_table())
    pd.testing.assert_frame_equal(
        table.drop(columns="passes"), expected.drop(columns="passes"), check_dtype=False
    )  # fmt: skip
    # A basic indicator has no verdict of its own: an empty cell.
    assert table["passes"].isna().tolist() == expected["passes"].isna().tolist()


def test_failures_and_years_read_back(written: tuple[Path, dict[str, Path]]) -> None:
    out, _ = written
    failures = _read(out / "province_failures.csv")
    assert failures.to_dict("records") == [
        {
            "county": FAILED,
            "year": 2025,
            "path": "/data/shimen.gpkg",
            "step": "read",
            "message": "not a GeoPackage (file truncated)",
        }
    ]
    years = _read(out / "province_years.csv")
    assert list(years.columns) == ["county", "level", "metric", "2025", "2026", "change"]
    row = years.query("county == '青岩县' and level == 'primary' and metric == 'mean_travel_min'")
    assert row[["2025", "2026"]].to_numpy().tolist() == [[21.5, 20.0]]
    assert row["change"].tolist() == [pytest.approx(20.0 - 21.5)]


def test_workbook_read_back(written: tuple[Path, dict[str, Path]]) -> None:
    out, _ = written
    book = load_workbook(out / "province.xlsx")
    assert book.sheetnames == ["各县指标", "各县均衡评估", "未纳入的县", "纵向对比"]
    ws = book["各县指标"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["县", "年份"]
    assert ws.freeze_panes == "C2" and ws["A1"].font.b
    column = header.index("小学 上学时间达标比例") + 1
    rows = {(ws.cell(r, 1).value, ws.cell(r, 2).value): r for r in range(2, ws.max_row + 1)}
    assert len(rows) == len(FIGURES)
    cell = ws.cell(rows["青岩县", 2026], column)
    assert cell.value == pytest.approx(0.93) and cell.number_format == "0.0%"
    passes = ws.cell(rows["龙溪县", 2026], header.index("小学 基本均衡是否达标") + 1)
    assert passes.value == "未达标"
    # A county named like a formula stays text.
    injected = ws.cell(rows[INJECTED, 2025], 1)
    assert injected.value == INJECTED and injected.data_type == "s" and injected.quotePrefix

    ws = book["各县均衡评估"]
    header = [c.value for c in ws[1]]
    assert header[:7] == ["县", "年份", "学段", "评估类型", "综合差异系数", "标准（不高于）", "是否达标"]
    found = {tuple(c.value for c in row[:4]): [c.value for c in row] for row in ws.iter_rows(min_row=2)}
    assert len(found) == 2 * len(FIGURES)  # a row per county, year, level and method
    row = found["龙溪县", 2026, "小学", "基本均衡"]
    assert row[4:7] == [pytest.approx(0.66), pytest.approx(0.65), "未达标"]
    assert row[header.index("生均图书册数")] == pytest.approx(0.71)
    assert found["青岩县", 2026, "小学", "基本均衡"][6] == "达标"
    assert found["青岩县", 2026, "小学", "优质均衡"][6] == "达标"

    ws = book["未纳入的县"]
    assert [c.value for c in ws[2]][:4] == [FAILED, 2025, "读取", "not a GeoPackage (file truncated)"]
    ws = book["纵向对比"]
    assert [c.value for c in ws[1]] == ["县", "学段", "指标", "2025", "2026", "变化（末年减首年）"]


def test_the_map_files(written: tuple[Path, dict[str, Path]]) -> None:
    out, _ = written
    assert_non_blank(out / "province_map.png")
    needs_poppler()
    assert pdf_pages(out / "province_map.pdf") == 1


def test_one_year_no_failure_in_english(tmp_path: Path) -> None:
    counties = hand_result(years=(2025,)).counties
    paths = write_province(ProvinceResult(counties, (), ("analyze",)), tmp_path, language="en", figure="balance:basic")
    assert "years" not in paths and not (tmp_path / "province_years.csv").exists()
    failures = _read(tmp_path / "province_failures.csv")
    assert list(failures.columns) == ["county", "year", "path", "step", "message"] and failures.empty
    book = load_workbook(tmp_path / "province.xlsx")
    assert book.sheetnames == ["Counties", "Balance", "Failures"]
    assert book["Failures"]["A2"].value == "No county failed"
    header = [c.value for c in book["Counties"][1]]
    assert "Primary: Share within the travel rule" in header


def test_a_bad_figure_writes_nothing(result: ProvinceResult, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        write_province(result, out, figure="primary")
    assert caught.value.problems[0].field == "--map-figure"
    assert not out.exists()


@pytest.fixture(scope="module")
def county() -> CountyOutcome:
    from demo import generate_county
    from gis.analysis import analyze
    from gis.balance import assess
    from gis.standards import load_standards

    project = generate_county(seed=5, scale=0.15)
    standards = load_standards()
    analysis = analyze(project, standards)
    return CountyOutcome(project, standards, 2025, analysis=analysis, balance=assess(project.schools, standards))


def test_a_county_own_outputs(county: CountyOutcome, tmp_path: Path) -> None:
    from outputs.tables import write_analysis, write_balance

    mine = tmp_path / "county"
    written = write_county(county, mine)
    expected = {
        "catchments.gpkg", "indicators.csv", "schools.csv", "catchments.png", "balance.csv", "school_standards.csv",
        "classes.csv", "cells_primary.tif", "cells_junior.tif", "cells_schools.csv",
    }  # fmt: skip
    assert sorted(p.name for p in written) == sorted(expected)
    assert {p.name for p in mine.iterdir()} == expected
    # The same files as the single county's writers make of the same results.
    assert county.analysis is not None and county.balance is not None
    alone = tmp_path / "alone"
    write_analysis(county.analysis, alone)
    write_balance(county.balance, alone)
    for name in ("indicators.csv", "schools.csv", "balance.csv", "classes.csv"):
        pd.testing.assert_frame_equal(pd.read_csv(mine / name), pd.read_csv(alone / name))
    assert_non_blank(mine / "catchments.png")
    indicators = pd.read_csv(mine / "indicators.csv")
    assert np.isfinite(indicators["value"].astype(float)).any()


def test_a_county_with_no_step_writes_nothing(county: CountyOutcome, tmp_path: Path) -> None:
    bare = CountyOutcome(county.project, county.standards, 2025)
    assert write_county(bare, tmp_path / "bare") == []


def test_every_county_failed(result: ProvinceResult, tmp_path: Path) -> None:
    failed = ProvinceResult((), result.failures, ("analyze",))
    paths = write_province(failed, tmp_path)
    assert set(paths) == {"counties", "balance", "failures", "xlsx", "pdf", "png"}
    assert _read(tmp_path / "province_counties.csv").empty
    assert _read(tmp_path / "province_failures.csv")["county"].tolist() == [FAILED]
    assert_non_blank(tmp_path / "province_map.png")
