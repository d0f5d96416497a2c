"""The demo county's history: the bundled tables are the generator's, they read cleanly, and
the forecast from them tells the story a planner expects (village schools emptying, the county
seat full for some years, then easing)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app.cli import DEMO_PROJECT
from demo.history import NATIONAL_BIRTHS_M, make_history, school_settings
from gis.cohorts import link_cells_to_places
from gis.forecast import Forecast, forecast
from gis.importing.births import read_births
from gis.importing.enrolment import read_enrolment
from gis.importing.report import ImportReport
from gis.project import Project, load_project
from gis.standards import load_standards

DATA = Path(DEMO_PROJECT).parent
BIRTHS = DATA / "bancang-births.csv"
ENROLMENT = DATA / "bancang-enrolment.csv"


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(DEMO_PROJECT)


@pytest.fixture(scope="module")
def result(project: Project) -> Forecast:
    report = ImportReport()
    births = read_births(BIRTHS, project, report=report)
    history = read_enrolment(ENROLMENT, project, report=report)
    assert [f for f in report.findings if f.severity != "note"] == []
    return forecast(project, load_standards(), years=range(2026, 2036), births=births, history=history)


def test_the_bundled_tables_are_the_generators(project: Project) -> None:
    history = make_history(project, seed=int(project.settings["seed"]))
    births = pd.read_csv(BIRTHS, encoding="utf-8-sig", dtype={"村名": str, "乡镇": str})
    enrolment = pd.read_csv(ENROLMENT, encoding="utf-8-sig", dtype={"学校代码": str})
    pd.testing.assert_frame_equal(births, history.births, check_dtype=False)
    pd.testing.assert_frame_equal(enrolment, history.enrolment, check_dtype=False)
    assert BIRTHS.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel


def test_the_latest_census_is_the_projects_enrolment(project: Project) -> None:
    enrolment = pd.read_csv(ENROLMENT, encoding="utf-8-sig", dtype={"学校代码": str})
    latest = enrolment[enrolment["年份"] == 2025].set_index("学校代码")
    recorded = project.schools.set_index("school_id")
    grades = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级"]
    np.testing.assert_array_equal(
        latest.loc[recorded.index, grades].to_numpy(), recorded[[f"enrol_g{g}" for g in range(1, 10)]].to_numpy()
    )
    assert sorted(enrolment["年份"].unique().tolist()) == list(range(2021, 2026))


def test_births_fall_like_the_nations_and_faster_in_the_mountains(project: Project) -> None:
    births = pd.read_csv(BIRTHS, encoding="utf-8-sig")
    county = births.groupby("年份")["出生人数"].sum()
    national = NATIONAL_BIRTHS_M[2025] / NATIONAL_BIRTHS_M[2016]
    assert county[2025] / county[2016] == pytest.approx(national, rel=0.2)
    assert county.idxmax() in (2016, 2017)
    places = project.places
    seat = places[places["kind"] == "county_seat"].geometry.iloc[0]
    villages = places[places["kind"] == "village"]
    far = villages.geometry.distance(seat).to_numpy()
    by_place = births.pivot_table(index="村名", columns="年份", values="出生人数", aggfunc="sum")
    early = by_place.loc[villages["name"], [2015, 2016, 2017]].sum(axis=1).to_numpy()
    late = by_place.loc[villages["name"], [2023, 2024, 2025]].sum(axis=1).to_numpy()
    near, remote = far <= np.quantile(far, 1 / 3), far >= np.quantile(far, 2 / 3)
    assert late[remote].sum() / early[remote].sum() < 0.9 * late[near].sum() / early[near].sum()


def test_children_drift_to_the_county_seat(project: Project, result: Forecast) -> None:
    # The drift is to the county seat itself: its schools keep and gain pupils from grade to
    # grade, the other places' schools (the seat township's villages among them) lose them.
    ratios = result.projection.ratio_table()
    seat_town = str(project.places.loc[project.places["kind"] == "county_seat", "township"].iloc[0])
    within_primary = ratios[ratios["grade"].isin([2, 3, 5, 6])]
    is_seat = within_primary["settlement"] == "county_seat"
    assert set(within_primary.loc[is_seat, "township"]) == {seat_town}
    assert (within_primary.loc[is_seat, "ratio"] > 1.0).all()
    assert within_primary.loc[~is_seat, "ratio"].mean() < 1.0
    # Every cell of the county seat's built-up area belongs to the county seat.
    link = link_cells_to_places(project.population, project.places, density_per_km2=10_000)
    kind = project.places["kind"].to_numpy()[link]
    assert kind.tolist().count("county_seat") > 500


def test_by_2031_village_schools_empty_and_the_county_seat_eases_after_some_full_years(
    project: Project, result: Forecast
) -> None:
    table = result.schools_table()
    table["setting"] = table["school_id"].map(
        dict(zip(project.schools["school_id"], school_settings(project), strict=True))
    )
    primary = table[table["level"] == "primary"]
    junior = table[table["level"] == "junior"]

    def pupils(rows: pd.DataFrame, year: int) -> float:
        return float(rows.loc[rows["year"] == year, "pupils"].sum())

    county = result.county_table()
    totals = county[county["grade"].isna()].set_index(["year", "level"])["children"]
    assert totals[(2031, "primary")] < 0.6 * totals[(2025, "primary")]
    assert totals[(2028, "junior")] > totals[(2025, "junior")]  # the large cohorts born 2014-2017
    villages = primary[primary["setting"] == "village"]
    assert pupils(villages, 2031) < 0.6 * pupils(villages, 2025)
    # The county seat's primary schools are full in 2025 and 2026, then have seats to spare.
    seat_primary = primary[(primary["setting"] == "county_seat") & primary["name"].str.contains("城关")]
    big = seat_primary[seat_primary["seats"] >= 1000]
    for year in (2025, 2026):
        assert (big.loc[big["year"] == year, "surplus"] <= 1.0).all()
    assert (big.loc[big["year"] == 2031, "surplus"] > 100).all()
    # Its junior schools are full until 2028; by 2033 the largest has room again.
    seat_junior = junior[junior["setting"] == "county_seat"]
    assert (seat_junior.loc[seat_junior["year"] == 2028, "surplus"] <= 1.0).all()
    largest = seat_junior[seat_junior["seats"] == seat_junior["seats"].max()]
    assert float(largest.loc[largest["year"] == 2033, "surplus"].iloc[0]) > 100
