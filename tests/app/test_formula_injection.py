"""Formula injection: school names a spreadsheet would run, through every CSV and Excel output.

A school named ``=HYPERLINK("http://x","y")`` must be shown, not run. Every text cell that
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a single
quote in front (OWASP's advice on CSV injection); numbers, negative ones included, stay
numbers; no cell of an Excel file is a formula.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from app.cli import main
from gis.fileio import neutralise, write_csv
from gis.importing.report import ImportReport
from gis.project import Project, save_project
from tests.conftest import make_project, school_row

NAMES = ["=1+2", '=HYPERLINK("http://x","y")', "@SUM(A1)", "+1", "-1", "\t=1"]
# The names as written: a single quote in front (spelt out here, not computed by the code under test).
SHOWN = ["'=1+2", '\'=HYPERLINK("http://x","y")', "'@SUM(A1)", "'+1", "'-1", "'\t=1"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def injection_county() -> Project:
    """Six schools on a 6 km road, each named like a formula; small ones so that some are merged.

    Four primary schools (1 km apart) and two junior schools; the township is named like a
    formula too.
    """
    schools = []
    for k, name in enumerate(NAMES):
        x = 500.0 + 1000.0 * k
        if k < 4:
            grades = {f"enrol_g{g}": 10 + 5 * k for g in range(1, 7)}
            schools.append(school_row(school_id=f"S{k}", name=name, type="primary", grade_min=1, grade_max=6,
                                      x=x, y=-50.0, classes_primary=6, capacity_primary=200, **grades))  # fmt: skip
        else:
            grades = {f"enrol_g{g}": 30 for g in range(7, 10)}
            schools.append(school_row(school_id=f"S{k}", name=name, type="junior", grade_min=7, grade_max=9,
                                      x=x, y=-50.0, classes_junior=3, capacity_junior=150, **grades))  # fmt: skip
    cells = [(0, c, 8.0, 4.0) for c in range(0, 60, 5)]
    project = make_project(roads=[([(0.0, -50.0), (6000.0, -50.0)], "county")], schools=schools, cells=cells)
    townships = project.townships.copy()
    townships["name"] = ["=1+2"]
    return project.with_layers(townships=townships)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every command that writes a CSV or an Excel file, run once on the county."""
    out = tmp_path_factory.mktemp("injection")
    project = str(save_project(injection_county(), out / "county.gpkg"))
    assert main(["scenario", project, "add", "X", "--close", "S1"]) == 0
    assert main(["analyze", project, "--out", str(out / "analyze"), "--no-map", "--quiet"]) == 0
    assert main(["suggest", project, "--out", str(out / "suggest"), "--quiet"]) == 0
    assert main(["compare", project, "--scenario", "X", "--out", str(out / "compare"), "--quiet"]) == 0
    assert main(["balance", project, "--scenario", "X", "--out", str(out / "balance"), "--quiet"]) == 0
    args = ["export", project, "--what", "xlsx", "--quiet"]
    assert main([*args, "--out", str(out / "report.xlsx")]) == 0
    assert main([*args, "--scenario", "X", "--out", str(out / "report_en.xlsx"), "--lang", "en"]) == 0
    report = ImportReport()
    for k, name in enumerate(NAMES):
        report.warning(name, file="schools.xlsx", where=f"row {k + 2}", field="name", value=name, fix=name)
    report.write(out / "county.import-report.csv")
    return out


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_neutralise_prefixes_text_only() -> None:
    assert [neutralise(n) for n in NAMES] == SHOWN
    assert neutralise("\r=1") == "'\r=1"
    assert neutralise("第一小学") == "第一小学"
    assert neutralise("a=1") == "a=1"
    assert neutralise(-1) == -1 and neutralise(-2.5) == -2.5 and neutralise(None) is None


def test_csv_numbers_stay_numbers(tmp_path: Path) -> None:
    table = pd.DataFrame({"name": ["-1", "=1+2", "x"], "change": [-1.5, 2.0, -3.0], "count": [-3, 0, 4]})
    write_csv(table, tmp_path / "t.csv")
    lines = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines == ["name,change,count", "'-1,-1.5,-3", "'=1+2,2.0,0", "x,-3.0,4"]
    assert table["name"].tolist() == ["-1", "=1+2", "x"]  # the caller's table is not changed


def test_every_csv_cell_is_neutralised(outputs: Path) -> None:
    written = sorted(outputs.rglob("*.csv"))
    names = {p.relative_to(outputs).as_posix() for p in written}
    assert names == {
        "analyze/indicators.csv", "analyze/schools.csv", "analyze/cells_schools.csv", "suggest/suggestions.csv",
        "compare/comparison.csv",
        "compare/scenario_schools.csv", "balance/balance.csv", "balance/school_standards.csv",
        "balance/classes.csv", "county.import-report.csv",
    }  # fmt: skip
    for path in written:
        for row in _csv_rows(path):
            for column, text in row.items():
                assert not text.startswith(TRIGGERS) or _is_number(text), (path.name, column, text)


def test_csv_names_are_the_names_with_a_quote(outputs: Path) -> None:
    named = ("analyze/schools.csv", "analyze/cells_schools.csv", "balance/school_standards.csv", "balance/classes.csv")
    for path in named:
        shown = [row["name"] for row in _csv_rows(outputs / path)]
        assert set(shown) <= set(SHOWN) and shown, path
    assert sorted(row["name"] for row in _csv_rows(outputs / "analyze/schools.csv")) == sorted(SHOWN)
    # S1 is closed in the scenario.
    scenario = {row["name"] for row in _csv_rows(outputs / "compare/scenario_schools.csv")}
    assert scenario == set(SHOWN) - {SHOWN[1]}
    suggestions = _csv_rows(outputs / "suggest/suggestions.csv")
    assert suggestions, "the small schools should be merged"
    for row in suggestions:
        first = row["school_names"].split(";")[0]
        assert first in SHOWN, row["school_names"]
    report = _csv_rows(outputs / "county.import-report.csv")
    assert [r["value"] for r in report] == SHOWN
    assert [r["problem"] for r in report] == SHOWN and [r["fix"] for r in report] == SHOWN


@pytest.mark.parametrize("name", ["report.xlsx", "report_en.xlsx"])
def test_no_excel_cell_is_a_formula(outputs: Path, name: str) -> None:
    book = load_workbook(outputs / name)
    seen_names: set[str] = set()
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    # Text a spreadsheet would run is kept as it is, marked as text (quote prefix).
                    assert cell.quotePrefix == cell.value.startswith(TRIGGERS), (ws.title, cell.coordinate)
                    seen_names.add(cell.value)
    # The English report is of scenario X, in which S1 is closed.
    expected = NAMES if name == "report.xlsx" else [n for n in NAMES if n != NAMES[1]]
    assert set(expected) <= seen_names
    schools = book[book.sheetnames[2]]
    header = [c.value for c in schools[1]]
    column = header.index("学校名称" if name == "report.xlsx" else "Name")
    assert sorted(r[column] for r in schools.iter_rows(min_row=2, values_only=True)) == sorted(expected)
    townships = book[book.sheetnames[1]]
    assert {r[1] for r in townships.iter_rows(min_row=2, values_only=True)} == {"=1+2"}
