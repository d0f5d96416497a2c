"""The files of ``schoolplan plan`` (outputs.plan.write_plan) on the demo county's plan, read back."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gis.plan import PLAN_COLUMNS, CountyPlan
from gis.plan.review import PARETO_COLUMNS, SUMMARY_COLUMNS, ParetoPoint, PlanReview, YearReview, pareto
from layers.glossary import find, term
from outputs.plan import write_plan
from tests.gis.test_plan_moves import demo_plan
from tests.layers.test_printmap import assert_non_blank, image_stats, pdf_pages, pdf_text

pytestmark = pytest.mark.slow

DPI = 60
BUDGETS = [0.0, 8000.0]


@cache
def demo_points() -> tuple[ParetoPoint, ...]:
    return pareto(demo_plan()[2], BUDGETS, time_limit=3)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    project, _, plan, review = demo_plan()
    out = tmp_path_factory.mktemp("plan")
    return write_plan(plan, review, demo_points(), project, out, language="zh", dpi=DPI)


def _phases(plan: CountyPlan) -> list[int]:
    return sorted({a.year for a in plan.actions})


def test_every_file_is_written(written: dict[str, Path]) -> None:
    plan = demo_plan()[2]
    maps = {f"map_{year}" for year in _phases(plan)}
    assert maps  # the demo plan acts in at least one year
    assert set(written) == {"plan", "summary", "bounds", "pareto", "pareto_chart", "xlsx", "pdf", *maps}
    names = {p.name for p in written.values()}
    assert {"plan.csv", "plan_summary.csv", "plan_bounds.csv", "pareto.csv", "pareto.png", "plan.xlsx"} <= names
    assert {f"plan_map_{y}.png" for y in _phases(plan)} <= names
    folder = written["plan"].parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)  # no temporary file left


def test_the_csv_files_read_back(written: dict[str, Path]) -> None:
    plan = demo_plan()[2]
    table = pd.read_csv(written["plan"], dtype={"school_id": str})
    assert list(table.columns) == list(PLAN_COLUMNS)
    assert len(table) == len(plan.actions)
    assert table["capital_cost"].sum() == pytest.approx(sum(round(a.capital_cost, 1) for a in plan.actions))
    summary = pd.read_csv(written["summary"])
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    assert sorted(set(summary["year"])) == list(plan.years)
    points = pd.read_csv(written["pareto"])
    assert list(points.columns) == list(PARETO_COLUMNS)
    assert points["budget"].tolist() == BUDGETS
    assert (points["capital"] <= points["budget"] + 1e-6).all()


def test_the_pictures_are_pages_of_the_expected_size(written: dict[str, Path]) -> None:
    plan = demo_plan()[2]
    for year in _phases(plan):
        _, _, (width, height) = image_stats(written[f"map_{year}"])
        # An A4 landscape sheet: 297 x 210 mm at the maps' dpi.
        assert abs(width - 297 / 25.4 * DPI) <= 1 and abs(height - 210 / 25.4 * DPI) <= 1
        assert_non_blank(written[f"map_{year}"])
    distinct, not_white, size = image_stats(written["pareto_chart"])
    assert size == (1650, 1110)  # the chart: 11 x 7.4 inches at 150 dpi
    assert distinct >= 30 and not_white > 0.02


def test_the_atlas_has_a_cover_and_a_page_per_year_with_actions(written: dict[str, Path]) -> None:
    project, _, plan, _ = demo_plan()
    pdf = written["pdf"]
    assert pdf_pages(pdf) == 1 + len(_phases(plan))
    cover = pdf_text(pdf, first=1, last=1)
    county = project.settings.get("county") or project.name
    assert f"{county}{term('plan.title', 'zh')}" in cover
    assert "8,000万元" in cover  # the budget
    gap = f"{100 * plan.solution.gap:.2f}%"
    assert gap in cover
    first = _phases(plan)[0]
    assert f"{first}年学校布局规划实施图" in pdf_text(pdf, first=2, last=2)


def _sheet(path: Path, key: str) -> list[tuple[object, ...]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    rows = list(book[term(key, "zh")].iter_rows(values_only=True))
    book.close()
    return rows


def test_the_workbook_has_its_sheets_words_and_sums(written: dict[str, Path]) -> None:
    from openpyxl import load_workbook

    book = load_workbook(written["xlsx"], read_only=True)
    keys = ("sheet.plan", "sheet.plan_summary", "sheet.pareto", "sheet.plan_bounds")
    assert book.sheetnames == [term(k, "zh") for k in keys]
    book.close()
    plan_rows = _sheet(written["xlsx"], "sheet.plan")
    assert list(plan_rows[0]) == [find(f"plan_field.{c}", "zh") for c in PLAN_COLUMNS]
    csv = pd.read_csv(written["plan"], dtype={"school_id": str})
    capital = plan_rows[0].index(find("plan_field.capital_cost", "zh"))
    assert sum(float(r[capital] or 0) for r in plan_rows[1:]) == pytest.approx(csv["capital_cost"].sum())
    actions = plan_rows[0].index(find("plan_field.action", "zh"))
    assert [r[actions] for r in plan_rows[1:]] == [find(f"plan_action.{a}", "zh") for a in csv["action"]]
    codes = plan_rows[0].index(find("plan_field.school_id", "zh"))
    assert [r[codes] for r in plan_rows[1:]] == csv["school_id"].tolist()  # codes stay text

    summary = _sheet(written["xlsx"], "sheet.plan_summary")
    assert list(summary[0]) == [find(f"plan_field.{c}", "zh") for c in SUMMARY_COLUMNS]
    frame = pd.read_csv(written["summary"])
    assert len(summary) - 1 == len(frame)
    money = [r for r in summary[1:] if r[1] == find("plan.capital_wan", "zh")]
    plan = demo_plan()[2]
    assert [r[0] for r in money] == list(plan.years)
    assert np.allclose([float(r[3]) for r in money], plan.capital_by_year, atol=1e-3)

    points = _sheet(written["xlsx"], "sheet.pareto")
    header = list(points[0])
    assert header[:2] == [find("plan_field.budget", "zh"), find("plan_field.capital", "zh")]
    assert header[2] == find("plan_term.beyond", "zh")
    assert [float(r[0]) for r in points[1:]] == BUDGETS
    gaps = [float(r[header.index(find("plan_field.gap", "zh"))]) for r in points[1:]]
    assert gaps == pytest.approx(pd.read_csv(written["pareto"])["gap"].tolist())

    bounds = _sheet(written["xlsx"], "sheet.plan_bounds")
    assert len(bounds) - 1 == len(pd.read_csv(written["bounds"]))
    assert bounds[0][0] == find("plan_field.stage", "zh")


def test_english_files(tmp_path: Path) -> None:
    project, _, plan, review = demo_plan()
    done = write_plan(plan, review, None, project, tmp_path, language="en", dpi=DPI)
    # Without Pareto points: no pareto.csv, chart or sheet.
    assert "pareto" not in done and "pareto_chart" not in done
    from openpyxl import load_workbook

    book = load_workbook(done["xlsx"], read_only=True)
    assert book.sheetnames == ["Plan", "Year by year", "Solver bounds"]
    book.close()
    assert "School layout plan" in pdf_text(done["pdf"], first=1, last=1)


def test_nothing_is_written_with_an_input_error(tmp_path: Path) -> None:
    project, _, plan, review = demo_plan()
    out = tmp_path / "out"
    with pytest.raises(ValueError, match="language"):
        write_plan(plan, review, None, project, out, language="fr")  # type: ignore[arg-type]
    other = PlanReview(plan, (YearReview(2040, review.years[0].baseline, review.years[0].plan),))
    with pytest.raises(ValueError, match="years"):
        write_plan(plan, other, None, project, out)
    assert not out.exists()


def test_the_command_writes_nothing_for_bad_years(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import DEMO_PROJECT, main

    out = tmp_path / "plan"
    assert main(["plan", str(DEMO_PROJECT), "--years", "2020-2021", "--out", str(out), "--quiet"]) == 2
    assert "--years" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())
