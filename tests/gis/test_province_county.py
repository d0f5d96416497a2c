"""One county's task of a province run, without Dask: its forecast and plan figures against the
single-county commands' files, a failing step reported with its step, nothing left written."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from app.cli import main
from demo import generate_county
from gis.project import save_project
from gis.province import CountyFailure, CountyResult, CountyTask, run_county
from outputs.province import write_county


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = generate_county(seed=21, scale=0.15)
    project = dataclasses.replace(project, name="溪口县", settings={**project.settings, "name": "溪口县"})
    return save_project(project, tmp_path_factory.mktemp("county") / "xikou.gpkg")


def test_the_forecast_step_gives_the_forecast_commands_children(county: Path, tmp_path: Path) -> None:
    task = CountyTask(
        path=str(county), county="溪口县", folder=str(tmp_path / "out" / "溪口县"), steps=("analyze", "forecast")
    )
    result = run_county(task, write_county)
    assert isinstance(result, CountyResult), result
    assert main(["forecast", str(county), "--years", "2026-2030", "--out", str(tmp_path / "alone"), "--quiet"]) == 0
    alone = pd.read_csv(tmp_path / "alone" / "forecast_county.csv")
    alone = alone[alone["grade"].isna()]  # the level's rows (the others are its grades)
    figures = result.metrics.set_index(["level", "metric"])["value"]
    for level in ("primary", "junior"):
        last = alone[(alone["year"] == 2030) & (alone["level"] == level)]
        first = alone[(alone["year"] == 2025) & (alone["level"] == level)]
        assert figures[level, "forecast_children_last"] == pytest.approx(last["children"].sum(), rel=1e-4)
        change = last["children"].sum() / first["children"].sum() - 1
        assert figures[level, "forecast_change"] == pytest.approx(change, rel=1e-3)
        assert figures[level, "forecast_not_placed_last"] == pytest.approx(last["not_placed"].sum(), abs=0.01)
    assert (tmp_path / "out" / "溪口县" / "forecast_county.csv").is_file()
    assert "forecast_county.csv" in result.written


def test_the_plan_step_writes_the_plan_and_its_figures(county: Path, tmp_path: Path) -> None:
    folder = tmp_path / "溪口县"
    task = CountyTask(
        path=str(county),
        county="溪口县",
        folder=str(folder),
        steps=("plan",),
        years=(2026, 2027),
        time_limit=20,
        gap=0.05,
    )
    result = run_county(task, write_county)
    assert isinstance(result, CountyResult), result
    plan = pd.read_csv(folder / "plan.csv")
    bounds = pd.read_csv(folder / "plan_bounds.csv")
    figures = result.metrics.set_index(["level", "metric"])["value"]
    assert figures["all", "plan_actions"] == len(plan)
    assert figures["all", "plan_capital"] == pytest.approx(plan["capital_cost"].sum(), rel=1e-6, abs=1e-6)
    assert figures["all", "plan_gap"] == pytest.approx(bounds["gap"].max(), abs=1e-6)
    assert not (folder / "indicators.csv").exists()  # the analysis's files only with its step


def test_a_year_before_the_projects_is_the_analysis_steps_failure(county: Path, tmp_path: Path) -> None:
    folder = tmp_path / "溪口县"
    task = CountyTask(path=str(county), county="溪口县", folder=str(folder), year=2019)
    failure = run_county(task, write_county)
    assert isinstance(failure, CountyFailure)
    assert failure.step == "analyze"
    assert "2019" in failure.message
    assert not folder.exists()
    assert not list(tmp_path.iterdir())  # no partial folder either


def test_a_failing_writer_leaves_the_last_outputs_as_they_were(county: Path, tmp_path: Path) -> None:
    folder = tmp_path / "溪口县"
    task = CountyTask(path=str(county), county="溪口县", folder=str(folder), steps=("balance",))
    assert isinstance(run_county(task, write_county), CountyResult)
    before = (folder / "balance.csv").read_bytes()

    def full_disk(outcome: object, into: Path) -> list[Path]:
        (into / "balance.csv").write_text("half")
        raise OSError(28, "No space left on device")

    failure = run_county(task, full_disk)
    assert isinstance(failure, CountyFailure)
    assert (failure.step, failure.message) == ("write", "[Errno 28] No space left on device")
    assert (folder / "balance.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["溪口县"]


def test_projects_of_several_years_of_one_county_get_a_folder_each(tmp_path: Path) -> None:
    from gis.errors import InputError
    from gis.province import County, county_tasks

    a, b, c = (
        County(tmp_path / f"{n}.gpkg", name, year)
        for n, name, year in [("a", "溪口县", 2024), ("b", "溪口县", 2025), ("c", "龙溪县", 2025)]
    )
    tasks = county_tasks([a, b, c], tmp_path / "out")
    assert [(t.county, Path(t.folder).relative_to(tmp_path / "out").as_posix()) for t in tasks] == [
        ("溪口县", "溪口县/2024"),
        ("溪口县", "溪口县/2025"),
        ("龙溪县", "龙溪县"),
    ]
    assert all(t.year is None for t in tasks)  # each project's own year
    with pytest.raises(InputError, match="two projects of the same county and year"):
        county_tasks([a, County(tmp_path / "d.gpkg", "溪口县", 2024)], tmp_path / "out")
    # Given years, every county runs in each; the same two files then clash in every year.
    assert len(county_tasks([a, c], tmp_path / "out", years=[2025, 2030])) == 4
    with pytest.raises(InputError, match="溪口县 2030"):
        county_tasks([a, b], tmp_path / "out", years=[2030])


def test_the_commands_help_names_the_steps_there_are(capsys: pytest.CaptureFixture[str]) -> None:
    from gis.province import STEPS

    with pytest.raises(SystemExit):
        main(["province", "--help"])
    assert f"from {','.join(STEPS)}" in " ".join(capsys.readouterr().out.split())
