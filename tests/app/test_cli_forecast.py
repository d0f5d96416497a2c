"""``schoolplan forecast`` on the demo county with its history, ``--year`` of the other commands,
and every refusal in words with nothing written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from app.cli import main, parse_years
from gis.errors import InputError
from gis.schema import LEVEL_GRADES, LEVELS
from tests.layers.test_printmap import image_stats
from tests.outputs.test_forecast import BIRTHS, DEMO, HISTORY, demo_forecast

HISTORY_ARGS = ["--births", str(BIRTHS), "--history", str(HISTORY)]
BASE = f"the latest year of the enrolment history ({HISTORY})"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of ``schoolplan forecast`` on the demo county, 2026-2035, with its history."""
    out = tmp_path_factory.mktemp("cli") / "forecast"
    args = ["forecast", str(DEMO), "--years", "2026-2035", *HISTORY_ARGS, "--out", str(out), "--quiet"]
    assert main(args) == 0
    return out


def read(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / name, dtype={"school_id": str, "township": str})


def test_the_command_writes_every_file(written: Path) -> None:
    assert sorted(p.name for p in written.iterdir()) == [
        "forecast.import-report.csv",
        "forecast_county.csv",
        "forecast_county.png",
        "forecast_map.png",
        "forecast_schools.csv",
        "forecast_schools.png",
        "forecast_townships.csv",
    ]
    report = pd.read_csv(written / "forecast.import-report.csv")
    assert set(report["severity"]) == {"note"}
    assert set(report["file"]) == {str(BIRTHS), str(HISTORY)}


def test_the_tables_totals_are_the_forecasts(written: Path) -> None:
    result = demo_forecast().forecast
    county = read(written, "forecast_county.csv")
    assert sorted(set(county["year"])) == [2025, *range(2026, 2036)]  # the base year first
    totals = county[county["grade"].isna()].set_index(["year", "level"])
    for t, year in enumerate(result.years):
        for k, level in enumerate(LEVELS):
            row = totals.loc[(year, level)]
            assert row["children"] == pytest.approx(result.children[t, [g - 1 for g in LEVEL_GRADES[level]]].sum())
            assert row["placed"] == pytest.approx(result.placed[t, k], abs=0.001)
            assert row["not_placed"] == pytest.approx(result.not_placed[t, k], abs=0.001)
            assert row["seats"] == result.seats[k]
    schools = read(written, "forecast_schools.csv")
    pupils = schools.groupby(["year", "level"])["pupils"].sum()
    for t, year in enumerate(result.years):
        for k, level in enumerate(LEVELS):
            assert pupils[(year, level)] == pytest.approx(result.school_pupils[t, :, k].sum(), abs=0.05)
            # The schools' pupils are the children placed.
            assert pupils[(year, level)] == pytest.approx(totals.loc[(year, level), "placed"], abs=0.05)
    towns = read(written, "forecast_townships.csv").groupby(["year", "level"])[["children", "placed", "not_placed"]]
    assert towns.sum().loc[totals.index].to_numpy() == pytest.approx(
        totals[["children", "placed", "not_placed"]].to_numpy(), abs=0.05
    )


def test_the_children_do_not_depend_on_the_assignment(written: Path) -> None:
    county = read(written, "forecast_county.csv")
    totals = county[county["grade"].isna()].set_index(["year", "level"])
    # Every child is placed or counted as not placed.
    assert (totals["placed"] + totals["not_placed"]).to_numpy() == pytest.approx(totals["children"].to_numpy())
    # A level's children are its grades' children, which come from the projection alone.
    grades = county[county["grade"].notna()].groupby(["year", "level"])["children"].sum()
    assert grades.loc[totals.index].to_numpy() == pytest.approx(totals["children"].to_numpy(), abs=0.01)
    projection = demo_forecast().forecast.projection
    by_year = projection.county()
    for (year, level), row in totals.iterrows():
        expected = by_year[projection.years.index(year), [g - 1 for g in LEVEL_GRADES[level]]].sum()
        assert row["children"] == pytest.approx(expected, abs=0.001)


def test_the_pictures_are_not_blank(written: Path) -> None:
    for name in ("forecast_county.png", "forecast_schools.png", "forecast_map.png"):
        distinct, not_white, _ = image_stats(written / name)
        assert distinct >= 30 and not_white > 0.01, name


def test_analysing_a_year_gives_the_forecasts_children(written: Path, tmp_path: Path) -> None:
    out = tmp_path / "2031"
    assert main(["analyze", str(DEMO), "--year", "2031", *HISTORY_ARGS, "--out", str(out), "--quiet", "--no-map"]) == 0
    indicators = pd.read_csv(out / "indicators.csv")
    children = indicators[(indicators["scope"] == "county") & (indicators["metric"] == "children")]
    analysed = children[children["level"].isin(LEVELS)]["value"].sum()
    county = read(written, "forecast_county.csv")
    expected = county[(county["year"] == 2031) & county["grade"].isna()]["children"].sum()
    assert analysed == pytest.approx(expected, abs=0.01)
    assert (out / "forecast.import-report.csv").exists()
    # The year's schools: their pupils moved as the model moves the children (fewer by 2031).
    schools = pd.read_csv(out / "schools.csv", dtype={"school_id": str})
    today = pd.read_csv(HISTORY, dtype={"学校代码": str})
    assert schools["enrol_total"].sum() < today[today["年份"] == 2025]["合计"].sum() * 0.8


def test_exporting_the_report_of_a_year_adds_the_forecast(tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    assert main(["export", str(DEMO), "--what", "xlsx", "--year", "2027", *HISTORY_ARGS, "--out", str(out)]) == 0
    book = load_workbook(out, read_only=True)
    assert {"学位预测（全县）", "学位预测（学校）", "学位预测（乡镇）"} <= set(book.sheetnames)
    years = {row[0] for row in book["学位预测（全县）"].iter_rows(min_row=2, values_only=True)}
    assert years == {2025, 2026, 2027}
    assert (tmp_path / "report.import-report.csv").exists()


def test_the_year_option_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    base = ["analyze", str(DEMO), *HISTORY_ARGS, "--out", str(out), "--quiet"]
    assert main([*base, "--year", "2020"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"error: field year: the target year is before the base year 2025 ({BASE}) (value: 2020); choose 2025 or later"
    )
    assert main([*base, "--year", "2046"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"error: field year: the forecast reaches at most 20 years beyond its base year 2025 ({BASE}) (value: 2046); "
        "choose a year up to 2045"
    )
    assert main(["balance", str(DEMO), "--history", str(HISTORY), "--out", str(out)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: field --history: used only with --year; add --year YEAR to work on that year's children, or leave "
        "them out"
    ]
    assert not out.exists()


def refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(args) == 2
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]


def test_a_horizon_before_the_data_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    lines = refused(["forecast", str(DEMO), "--years", "2010-2012", *HISTORY_ARGS, "--out", str(out)], capsys)
    assert lines == [
        f"error: field years: the forecast years must come after the base year 2025 ({BASE}) (value: 2010–2012); "
        "ask for years from 2026 on"
    ]
    assert not out.exists()


@pytest.mark.parametrize(
    ("years", "problem"),
    [
        ("2026-20x5", "expected the years as FIRST-LAST or one year (value: 2026-20x5); write e.g. --years 2026-2035"),
        ("2035-2026", "the last year comes before the first (value: 2035-2026); write 2026-2035"),
        ("", "expected the years as FIRST-LAST or one year; write e.g. --years 2026-2035"),
    ],
)
def test_malformed_years_write_nothing(
    years: str, problem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert refused(["forecast", str(DEMO), "--years", years, "--out", str(out)], capsys) == [
        f"error: field --years: {problem}"
    ]
    assert not out.exists()


def test_a_village_not_in_the_project_writes_only_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = BIRTHS.read_text(encoding="utf-8-sig").splitlines()
    assert text[1] == "2012,城关镇,半仓县城,362"
    bad = tmp_path / "births.csv"
    bad.write_text("\n".join([text[0], "2012,城关镇,无此村,362", *text[2:]]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    lines = refused(
        ["forecast", str(DEMO), "--years", "2026-2035", "--births", str(bad), "--out", str(out), "--quiet"], capsys
    )
    assert lines[0] == (
        f"error: {bad}, row 2, field village (村名): village not in the project's places in township 城关镇 "
        "(522699100) (value: 无此村); write the name as the places layer has it, or add the place to the project"
    )
    assert [p.name for p in out.iterdir()] == ["forecast.import-report.csv"]
    report = pd.read_csv(out / "forecast.import-report.csv")
    assert report.loc[report["severity"] == "error", "value"].iloc[0] == "无此村"


def test_a_history_file_that_does_not_exist_writes_only_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    missing = tmp_path / "no-such-history.csv"
    lines = refused(
        ["forecast", str(DEMO), "--years", "2026-2035", "--history", str(missing), "--out", str(out)], capsys
    )
    assert lines == [f"error: {missing}: file not found; check the path"]
    assert [p.name for p in out.iterdir()] == ["forecast.import-report.csv"]


def test_a_map_year_outside_the_forecast_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    args = ["forecast", str(DEMO), "--years", "2026-2030", "--history", str(HISTORY), "--map-year", "2031"]
    assert refused([*args, "--out", str(out), "--quiet"], capsys) == [
        "error: field --map-year: the map year is not a year of the forecast (value: 2031); choose the base year "
        "2025 or one of --years (2026–2030)"
    ]
    assert not out.exists()


def test_a_year_of_history_given_with_its_file(tmp_path: Path) -> None:
    """``--history FILE:YEAR``: a census of one year without a year column."""
    table = pd.read_csv(HISTORY, dtype={"学校代码": str})
    files = []
    for year in (2024, 2025):
        path = tmp_path / f"census-{year}.csv"
        table[table["年份"] == year].drop(columns=["年份"]).to_csv(path, index=False)
        files.append(f"{path}:{year}")
    out = tmp_path / "out"
    args = ["forecast", str(DEMO), "--years", "2026-2027", "--history", *files, "--no-migration", "--variant", "low"]
    assert main([*args, "--out", str(out), "--quiet"]) == 0
    county = read(out, "forecast_county.csv")
    assert sorted(set(county["year"])) == [2025, 2026, 2027]


def test_parse_years() -> None:
    assert parse_years("2026-2035") == list(range(2026, 2036))
    assert parse_years("2030") == [2030]
    assert parse_years("2026–2028, 2030") == [2026, 2027, 2028, 2030]
    with pytest.raises(InputError):
        parse_years("26-35")


def test_nothing_is_left_in_a_folder_that_existed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("a planner's own file")
    refused(["forecast", str(DEMO), "--years", "2010-2012", "--history", str(HISTORY), "--out", str(out)], capsys)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
