"""The forecast's files: the three tables as written, the Excel report's forecast sheets read back
against them, and the atlas's forecast page."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from gis.analysis import Analysis
from gis.forecast import ForecastVariants, forecast_variants, year_project
from gis.importing.births import read_births
from gis.importing.enrolment import read_enrolment
from gis.importing.report import ImportReport
from gis.project import Project, load_project
from gis.standards import load_standards
from layers.atlas import write_atlas
from layers.glossary import term
from outputs.forecast import FORECAST_FILES, write_forecast_tables
from outputs.xlsx import label, write_report_xlsx
from tests.layers.test_printmap import pdf_pages, pdf_text

DATA = Path(__file__).resolve().parents[2] / "data"
DEMO = DATA / "bancang.gpkg"
BIRTHS = DATA / "bancang-births.csv"
HISTORY = DATA / "bancang-enrolment.csv"
YEARS = range(2026, 2036)


@cache
def demo_project() -> Project:
    return load_project(DEMO)


@cache
def demo_forecast() -> ForecastVariants:
    """The demo county's ten-year forecast from its history (computed once per test run)."""
    project = demo_project()
    report = ImportReport()
    births = read_births(BIRTHS, project, report=report)
    history = read_enrolment(HISTORY, project, report=report)
    assert births is not None and history is not None and not report.errors
    return forecast_variants(project, load_standards(), years=YEARS, births=births, history=history)


@cache
def demo_year_analysis(year: int) -> Analysis:
    """The analysis of one forecast year (the forecast's own children, routing reused)."""
    from gis.analysis import analyze

    result = demo_forecast().forecast
    moved = year_project(demo_project(), result.projection, year)
    return analyze(moved, load_standards(), routing=result.routing)


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("forecast")
    return write_forecast_tables(demo_forecast().forecast, demo_project(), out)


def test_the_tables_have_the_issues_columns(tables: dict[str, Path]) -> None:
    assert {kind: path.name for kind, path in tables.items()} == {
        kind: FORECAST_FILES[kind] for kind in ("county", "schools", "townships")
    }
    columns = {kind: list(pd.read_csv(path, nrows=0).columns) for kind, path in tables.items()}
    assert columns["county"] == ["year", "level", "grade", "children", "placed", "not_placed", "seats"]
    assert columns["schools"] == [
        "school_id", "name", "year", "level", "pupils", "seats", "surplus", "classes_needed", "large_classes_56",
    ]  # fmt: skip
    assert columns["townships"] == [
        "year", "township", "township_name", "level", "children", "placed", "not_placed", "seats",
    ]  # fmt: skip


def test_every_township_is_named(tables: dict[str, Path]) -> None:
    towns = pd.read_csv(tables["townships"], dtype={"township": str})
    layer = demo_project().townships
    names = dict(zip(layer["code"].astype(str), layer["name"].astype(str), strict=True))
    assert (towns["township_name"] == towns["township"].map(names)).all()


def test_figures_are_written_to_a_thousandth_of_a_child(tables: dict[str, Path]) -> None:
    schools = pd.read_csv(tables["schools"], dtype={"school_id": str})
    result = demo_forecast().forecast
    table = result.schools_table()
    assert np.abs(schools["pupils"].to_numpy() - table["pupils"].to_numpy()).max() <= 0.0005
    # A full school's rounding noise (1e-12 seats to spare) does not reach the file.
    assert (schools["surplus"].abs().between(1e-9, 1e-4)).sum() == 0
    assert not (np.signbit(schools["surplus"].to_numpy()) & (schools["surplus"].to_numpy() == 0)).any()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_workbooks_forecast_sheets_are_the_csv_files(
    tables: dict[str, Path], tmp_path: Path, language: str
) -> None:
    year = 2031
    path = write_report_xlsx(
        tmp_path / "report.xlsx", demo_year_analysis(year), language=language, forecast=demo_forecast().forecast
    )
    book = load_workbook(path, read_only=True)
    sheets = [term(f"sheet.forecast_{kind}", language) for kind in ("county", "schools", "townships")]
    assert [name for name in book.sheetnames if name in sheets] == sheets
    assert book.sheetnames[-1] == term("sheet.standards", language)
    for kind, name in zip(("county", "schools", "townships"), sheets, strict=True):
        rows = list(book[name].iter_rows(values_only=True))
        csv = pd.read_csv(tables[kind], dtype={"school_id": str, "township": str})
        assert list(rows[0]) == [label(column, language) for column in csv.columns]
        assert len(rows) - 1 == len(csv)
        levels = {label(level, language): level for level in ("primary", "junior")}
        for row, (_, record) in zip(rows[1:], csv.iterrows(), strict=True):
            for column, cell in zip(csv.columns, row, strict=True):
                value = record[column]
                if pd.isna(value):  # a level's total has no grade, a grade's row no seats
                    assert cell is None, (kind, column)
                elif column == "level":
                    assert levels[cell] == value
                elif isinstance(value, str):
                    assert cell == value, (kind, column)
                else:
                    assert cell == pytest.approx(float(value), abs=0.0005), (kind, column)


def test_the_workbook_without_a_forecast_has_no_forecast_sheet(tmp_path: Path) -> None:
    path = write_report_xlsx(tmp_path / "report.xlsx", demo_year_analysis(2031), language="zh")
    assert not [name for name in load_workbook(path, read_only=True).sheetnames if "预测" in name]


def test_the_atlas_gains_a_forecast_page_after_the_overview(tmp_path: Path) -> None:
    result = demo_forecast().forecast
    path = write_atlas(demo_year_analysis(2031), tmp_path / "atlas.pdf", forecast=result, forecast_year=2031)
    towns = demo_project().townships
    assert pdf_pages(path) == 3 + len(towns)
    page = pdf_text(path, first=3, last=3)
    assert "2031年学位余缺" in page and "学位不足的学校数" in page
    cover = pdf_text(path, first=1, last=1)
    assert "学位预测" in cover and "第3页" in cover and "第4页" in cover
    # The first township moved to page 4.
    assert str(towns["name"].iloc[0]) in pdf_text(path, first=4, last=4)
