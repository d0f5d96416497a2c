"""The enrolment forecast on a toy county computed by hand, and its invariants.

The toy county: a road from west to east; villages A and B in township T1 with a nine-year
school S1 between them, village C in township T2 with a primary school S2. Births are known
for 2017-2021, enrolment for 2023 and 2024 (so the base year is 2024). Every expected number
below is worked out from these tables by hand, written as the fractions they are.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, box

from gis.analysis import analyze
from gis.cohorts import Births, EnrolmentHistory, link_cells_to_places, project_cohorts
from gis.errors import Cancelled, InputError
from gis.forecast import COUNTY_COLUMNS, SCHOOL_COLUMNS, TOWNSHIP_COLUMNS, forecast, forecast_variants, project_in_year
from gis.project import Project
from gis.standards import ForecastRules, load_standards
from tests.conftest import CRS, X0, Y0, make_project, school_row

PLACES = ("A村", "B村", "C村")
# Births per village, 2017-2021.
BIRTHS = {"A村": [8, 6, 7, 5, 4], "B村": [4, 4, 3, 3, 2], "C村": [6, 5, 5, 4, 4]}
BIRTH_YEARS = (2017, 2018, 2019, 2020, 2021)
# Pupils of grades 1-9 in 2023 and 2024.
S1 = {2023: [10, 12, 12, 14, 14, 16, 20, 20, 22], 2024: [9, 10, 11, 12, 13, 14, 18, 19, 20]}
S2 = {2023: [6, 6, 8, 8, 8, 10, 0, 0, 0], 2024: [5, 6, 6, 7, 8, 8, 0, 0, 0]}
# Cells (row, col, primary, junior, township): two at A, one at B, one at C.
CELLS = [(0, 10, 30.0, 15.0, "T1"), (0, 11, 30.0, 15.0, "T1"), (0, 30, 24.0, 12.0, "T1"), (0, 70, 36.0, 6.0, "T2")]


def toy(*, s2_seats: int = 500) -> Project:
    schools = [
        school_row(school_id="S1", name="一贯制学校", type="nine_year", grade_min=1, grade_max=9, township="T1",
                   x=1500.0, y=-50.0, classes_primary=1, classes_junior=2, capacity_primary=500,
                   capacity_junior=500, **{f"enrol_g{g}": S1[2024][g - 1] for g in range(1, 10)}),
        school_row(school_id="S2", name="C村小学", type="primary", grade_min=1, grade_max=6, township="T2",
                   x=7000.0, y=-50.0, classes_primary=6, capacity_primary=s2_seats,
                   **{f"enrol_g{g}": S2[2024][g - 1] for g in range(1, 7)}),
    ]  # fmt: skip
    base = make_project(
        roads=[([(0.0, -50.0), (8000.0, -50.0)], "county")],
        schools=schools,
        cells=[(r, c, p, j) for r, c, p, j, _ in CELLS],
    )
    population = base.population.copy()
    population["township"] = [t for *_, t in CELLS]
    places = gpd.GeoDataFrame(
        {"name": list(PLACES), "kind": ["village"] * 3, "township": ["T1", "T1", "T2"], "population": [0, 0, 0]},
        geometry=[Point(X0 + 1100, Y0 - 50), Point(X0 + 3000, Y0 - 50), Point(X0 + 7000, Y0 - 50)],
        crs=CRS,
    )
    townships = gpd.GeoDataFrame(
        {"code": ["T1", "T2"], "name": ["甲乡", "乙乡"]},
        geometry=[box(X0 - 1000, Y0 - 5000, X0 + 5000, Y0 + 5000), box(X0 + 5000, Y0 - 5000, X0 + 9000, Y0 + 5000)],
        crs=CRS,
    )
    settings = {**base.settings, "year": "2024"}  # the history says so too, where there is one
    return base.with_layers(population=population, places=places, townships=townships, settings=settings)


def births(counts: dict[str, list[float]] | None = None, years: tuple[int, ...] = BIRTH_YEARS) -> Births:
    counts = counts or BIRTHS
    return Births(PLACES, years, np.array([counts[p] for p in PLACES], dtype=float), source="births.csv")


def history() -> EnrolmentHistory:
    pupils = np.array([[S1[y], S2[y]] for y in (2023, 2024)], dtype=float)
    return EnrolmentHistory(("S1", "S2"), (2023, 2024), pupils, source="enrolment.csv")


RULES = load_standards().forecast


def test_cells_belong_to_the_nearest_place_of_their_township() -> None:
    project = toy()
    assert link_cells_to_places(project.population, project.places).tolist() == [0, 0, 1, 2]
    # A cell of T2 right beside A still belongs to C, the only place of T2.
    moved = project.population.copy()
    moved.loc[0, "township"] = "T2"
    assert link_cells_to_places(moved, project.places).tolist() == [2, 0, 1, 2]


def test_a_town_claims_the_cells_within_its_built_up_area() -> None:
    project = toy()
    places = project.places.copy()
    places.loc[1, ["kind", "population"]] = ["township_seat", 12_000]  # B: a town of radius ~618 m
    cells = project.population.copy()
    cells["geometry"] = [
        Point(X0 + 1400, Y0 - 50),
        Point(X0 + 2450, Y0 - 50),
        Point(X0 + 3000, Y0 - 50),
        cells.geometry[3],
    ]
    # The second cell is 1,350 m from A and 550 m from B's centre: B's either way; the first is
    # 300 m from A, 1,600 m from B's centre, 982 m from B's edge: A's.
    assert link_cells_to_places(cells, places, density_per_km2=10_000).tolist() == [0, 1, 1, 2]
    # 900 m from A and 1,000 m from B's centre, but only 382 m from B's edge.
    cells.loc[0, "geometry"] = Point(X0 + 2000, Y0 - 50)
    assert link_cells_to_places(cells, places).tolist() == [0, 1, 1, 2]
    assert link_cells_to_places(cells, places, density_per_km2=10_000).tolist() == [1, 1, 1, 2]


def test_without_migration_entrants_are_the_births_six_years_before_village_by_village() -> None:
    project = toy()
    projection = project_cohorts(project, RULES, until=2027, births=births(), history=history(), migration=False)
    assert projection.base_year == 2024
    assert projection.years == (2024, 2025, 2026, 2027)
    place = projection.place
    for year in (2025, 2026, 2027):
        entrants = projection.children(year)[:, 0]
        by_village = np.bincount(place, weights=entrants, minlength=3)
        expected = [BIRTHS[p][BIRTH_YEARS.index(year - 6)] for p in PLACES]
        assert by_village == pytest.approx(expected)
    # A's two cells have the same children, so each takes half of A's births.
    assert projection.children(2025)[:2, 0] == pytest.approx([3.5, 3.5])
    # Without migration every later grade is last year's grade below it.
    before, after = projection.children(2025), projection.children(2026)
    assert after[:, 1:] == pytest.approx(before[:, :-1])


def test_base_year_grades_follow_the_township_profile_of_the_history() -> None:
    projection = project_cohorts(toy(), RULES, until=2025, births=births(), history=history())
    base = projection.children(2024)
    # T1's cells: S1's 2024 pupils per grade; T2's primary: S2's; T2's junior: the county's (S1's).
    assert base[0, :6] == pytest.approx([30 * e / 69 for e in (9, 10, 11, 12, 13, 14)])
    assert base[0, 6:] == pytest.approx([15 * e / 57 for e in (18, 19, 20)])
    assert base[3, :6] == pytest.approx([36 * e / 40 for e in (5, 6, 6, 7, 8, 8)])
    assert base[3, 6:] == pytest.approx([6 * e / 57 for e in (18, 19, 20)])


def test_later_grades_follow_the_ratios_of_the_history() -> None:
    projection = project_cohorts(toy(), RULES, until=2026, births=births(), history=history())
    # Progression ratios 2023 -> 2024: T1 from S1, T2 from S2, the move into grade 7 from the
    # county (18 grade-7 pupils of 2024 per 16 + 10 grade-6 pupils of 2023); T2 has no grade
    # 8 or 9, so it takes the county's.
    t1 = {2: 10 / 10, 3: 11 / 12, 4: 12 / 12, 5: 13 / 14, 6: 14 / 14, 7: 18 / 26, 8: 19 / 20, 9: 20 / 20}
    t2 = {2: 6 / 6, 3: 6 / 6, 4: 7 / 8, 5: 8 / 8, 6: 8 / 8, 7: 18 / 26, 8: 19 / 20, 9: 20 / 20}
    # Entry: pupils of grade 1 in 2023 and 2024 per births of 2017 and 2018 in the township.
    entry = {"T1": (10 + 9) / (8 + 4 + 6 + 4), "T2": (6 + 5) / (6 + 5)}
    base = projection.children(2024)
    y2025 = projection.children(2025)
    for cell, (_, _, _, _, town) in enumerate(CELLS):
        ratio = t1 if town == "T1" else t2
        for g in range(2, 10):
            assert y2025[cell, g - 1] == pytest.approx(base[cell, g - 2] * ratio[g]), (cell, g)
    # Grade 1 of 2025: births of 2019 spread by the cells' children, times the entry ratio.
    assert y2025[0, 0] == pytest.approx(7 * 45 / 90 * entry["T1"])
    assert y2025[2, 0] == pytest.approx(3 * entry["T1"])
    assert y2025[3, 0] == pytest.approx(5 * entry["T2"])
    # Two years on, a cohort has taken two ratios: grade 3 of 2026 from grade 1 of 2024.
    assert projection.children(2026)[0, 2] == pytest.approx(base[0, 0] * t1[2] * t1[3])
    table = projection.ratio_table()
    row = table[(table["township"] == "T2") & (table["grade"] == 8)].iloc[0]
    assert (row["ratio"], row["source"]) == (pytest.approx(19 / 20), "enrolment history of the county")


def test_the_forecast_assigns_each_year_and_keeps_every_child() -> None:
    project = toy()
    standards = load_standards()
    result = forecast(project, standards, years=range(2025, 2028), births=births(), history=history())
    assert result.years == (2024, 2025, 2026, 2027)
    projection = result.projection
    for t, year in enumerate(result.years):
        grades = projection.children(year)
        assert result.children[t] == pytest.approx(grades.sum(axis=0))
        total = result.placed[t] + result.not_placed[t]
        assert total == pytest.approx([grades[:, :6].sum(), grades[:, 6:].sum()])
        # Seats are plenty and every school is within reach: A's and B's pupils at S1, C's at S2,
        # every junior at S1.
        assert result.school_pupils[t, 0, 0] == pytest.approx(grades[:3, :6].sum())
        assert result.school_pupils[t, 1, 0] == pytest.approx(grades[3, :6].sum())
        assert result.school_pupils[t, 0, 1] == pytest.approx(grades[:, 6:].sum())
    county = result.county_table()
    assert tuple(county.columns) == COUNTY_COLUMNS
    totals = county[county["grade"].isna()]
    assert len(totals) == 4 * 2
    first = totals.iloc[0]
    assert (first["year"], first["level"], first["seats"]) == (2024, "primary", 1000)
    assert first["children"] == pytest.approx(first["placed"] + first["not_placed"])
    grade_rows = county[county["grade"].notna()]
    assert grade_rows["placed"].isna().all()
    assert sorted(set(grade_rows["grade"].tolist())) == list(range(1, 10))

    schools = result.schools_table()
    assert tuple(schools.columns) == SCHOOL_COLUMNS
    s1 = schools[(schools["school_id"] == "S1") & (schools["level"] == "primary")].set_index("year")
    pupils = s1.loc[2025, "pupils"]
    assert s1.loc[2025, "surplus"] == pytest.approx(500 - pupils)
    assert s1.loc[2025, "classes_needed"] == int(np.ceil(pupils / 45))
    # S1 keeps its one primary class: a mean of over 56 pupils is a large class.
    assert pupils > 56
    assert s1.loc[2025, "large_classes_56"] == 1
    # S2 teaches no junior grade: no junior rows.
    assert not ((schools["school_id"] == "S2") & (schools["level"] == "junior")).any()

    towns = result.townships_table()
    assert tuple(towns.columns) == TOWNSHIP_COLUMNS
    t2 = towns[(towns["township"] == "T2") & (towns["level"] == "primary")].set_index("year")
    assert t2.loc[2026, "children"] == pytest.approx(projection.children(2026)[3, :6].sum())
    assert t2.loc[2026, "seats"] == 500


def test_children_who_find_no_seat_are_counted_not_dropped() -> None:
    result = forecast(toy(s2_seats=5), load_standards(), years=[2025, 2026], births=births(), history=history())
    for t in range(len(result.years)):
        children = result.children[t]
        assert result.placed[t] + result.not_placed[t] == pytest.approx([children[:6].sum(), children[6:].sum()])
        assert result.school_pupils[t, 1, 0] <= 5 + 1e-9
    towns = result.townships_table()
    assert (towns["placed"] + towns["not_placed"]).to_numpy() == pytest.approx(towns["children"].to_numpy())


def test_the_years_analysis_splits_grades_1_3_as_the_projection_does() -> None:
    project = toy()
    projection = project_cohorts(project, RULES, until=2026, births=births(), history=history())
    year = project.with_layers(population=projection.population(project.population, 2026))
    primary = analyze(year, load_standards()).levels["primary"]
    lower = projection.children(2026)[primary.cells, :3].sum(axis=1)
    assert primary.groups[0].name == "grades_1_3"
    assert primary.groups[0].children == pytest.approx(lower)
    assert primary.groups[1].children == pytest.approx(primary.children - lower)


def test_a_forecast_without_history_and_births_still_runs_and_says_so() -> None:
    result = forecast(toy(), load_standards(), years=[2025, 2026], migration=True)
    projection = result.projection
    assert result.base_year == 2024
    assert result.base_year_source == "the project's year setting"
    assert result.births_source.startswith("no births file: the grade-1 children of 2024 per place stand in")
    assert projection.split_summary() == "uniform 100%"
    # Uniform split: each grade a sixth of the primary children, a third of the junior ones.
    assert projection.children(2024)[0] == pytest.approx([5.0] * 6 + [5.0] * 3)
    # Entrants of 2025: the base year's grade 1 of the place, with a year of the medium change.
    change = RULES.births_change["medium"]
    by_place = np.bincount(projection.place, weights=projection.children(2025)[:, 0], minlength=3)
    assert by_place == pytest.approx([10 * (1 + change), 4 * (1 + change), 6 * (1 + change)])
    # Grade 2 of 2025: grade 1 of 2024 with a year of village migration.
    village = RULES.migration["village"]
    assert projection.children(2025)[0, 1] == pytest.approx(5.0 * (1 + village))


def test_a_horizon_before_the_data_is_refused() -> None:
    with pytest.raises(InputError) as info:
        forecast(toy(), load_standards(), years=range(2022, 2026), births=births(), history=history())
    assert [str(p) for p in info.value.problems] == [
        "field years: the forecast years must come after the base year 2024 (the latest year of the enrolment "
        "history (enrolment.csv)) (value: 2022–2024); ask for years from 2025 on"
    ]
    with pytest.raises(InputError) as info:
        project_cohorts(toy(), RULES, until=2024, history=history())
    assert [p.field for p in info.value.problems] == ["years"]


def test_births_that_begin_after_the_first_entrants_were_born_are_refused() -> None:
    # The first entrants (2025) were born in 2019: births from 2019 on are just enough.
    late = births({p: v[2:] for p, v in BIRTHS.items()}, years=(2019, 2020, 2021))
    assert project_cohorts(toy(), RULES, until=2026, births=late, history=history()).years[-1] == 2026
    later = births({p: v[3:] for p, v in BIRTHS.items()}, years=(2020, 2021))
    with pytest.raises(InputError) as info:
        project_cohorts(toy(), RULES, until=2026, births=later, history=history())
    assert [str(p) for p in info.value.problems] == [
        "births.csv, field year: the births begin in 2020, but the entrants of 2025 were born in 2019 (value: 2020); "
        "add the births from 2019 on, or leave the births file out"
    ]


def test_the_three_variants_cost_one_assignment_and_differ_only_beyond_the_known_births() -> None:
    result = forecast_variants(toy(), load_standards(), years=range(2025, 2031), births=births(), history=history())
    band = result.band_table()
    assert set(band["variant"]) == {"low", "medium", "high"}
    known = result.forecast.years.index(2027)  # entrants born up to 2021: all known
    for level in range(2):
        low, medium, high = (result.children[v][:, level] for v in ("low", "medium", "high"))
        assert low[: known + 1] == pytest.approx(high[: known + 1])
        assert (low <= medium + 1e-9).all() and (medium <= high + 1e-9).all()
    assert result.children["low"][-1, 0] < result.children["high"][-1, 0]
    assert result.children["medium"] == pytest.approx(
        np.column_stack([result.forecast.children[:, :6].sum(axis=1), result.forecast.children[:, 6:].sum(axis=1)])
    )


# --------------------------------------------------------------------------------------------
# Invariants

_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_COUNTS = st.lists(st.floats(0, 50, allow_nan=False), min_size=15, max_size=15)


def _births_of(values: list[float]) -> Births:
    return births({p: values[5 * k : 5 * k + 5] for k, p in enumerate(PLACES)})


@_SETTINGS
@given(base=_COUNTS, extra=_COUNTS)
def test_more_births_never_mean_fewer_children(base: list[float], extra: list[float]) -> None:
    project = toy()
    less = project_cohorts(project, RULES, until=2030, births=_births_of(base))
    more = project_cohorts(
        project, RULES, until=2030, births=_births_of([a + b for a, b in zip(base, extra, strict=True)])
    )
    assert (more.grades >= less.grades - 1e-9).all()


@_SETTINGS
@given(
    values=_COUNTS,
    changes=st.lists(st.floats(-0.5, 0.5, allow_nan=False), min_size=3, max_size=3).map(sorted),
    migration=st.booleans(),
)
def test_variants_are_ordered_every_year(values: list[float], changes: list[float], migration: bool) -> None:
    rules = ForecastRules(births_change=dict(zip(("low", "medium", "high"), changes, strict=True)))
    projection = project_cohorts(
        toy(), rules, until=2034, births=_births_of(values), history=history(), migration=migration
    )
    low, medium, high = (projection.county_under(v) for v in ("low", "medium", "high"))
    assert (low <= medium + 1e-9).all()
    assert (medium <= high + 1e-9).all()


@_SETTINGS
@given(
    values=_COUNTS,
    children=st.lists(st.floats(0, 40, allow_nan=False), min_size=4, max_size=4),
)
def test_spreading_births_onto_the_grid_keeps_every_child(values: list[float], children: list[float]) -> None:
    """Every birth lands on a cell, also a village's whose cells have no children (it goes to the
    populated cell nearest to it) -- unless no cell has children at all."""
    project = toy()
    population = project.population.copy()
    population["primary"] = children
    population["junior"] = 0.0
    project = project.with_layers(population=population)
    projection = project_cohorts(project, RULES, until=2027, births=_births_of(values), migration=False)
    for year in (2025, 2026, 2027):
        entrants = projection.children(year)[:, 0].sum()
        born = sum(values[5 * k + BIRTH_YEARS.index(year - 6)] for k in range(3))
        assert entrants == pytest.approx(born if sum(children) > 0 else 0.0, abs=1e-9)


def test_a_target_year_gives_the_project_with_that_years_children() -> None:
    project = toy()
    standards = load_standards()
    projection = project_cohorts(project, RULES, until=2026, births=births(), history=history())
    later = project_in_year(project, standards, year=2026, births=births(), history=history())
    assert later.population["primary"].to_numpy() == pytest.approx(projection.children(2026)[:, :6].sum(axis=1))
    assert later.population["grades_1_3"].to_numpy() == pytest.approx(projection.children(2026)[:, :3].sum(axis=1))
    assert later.schools is project.schools
    base = project_in_year(project, standards, year=2024, births=births(), history=history())
    assert base.population["junior"].to_numpy() == pytest.approx(project.population["junior"].to_numpy())
    with pytest.raises(InputError, match="the target year is before the base year 2024"):
        project_in_year(project, standards, year=2023, births=births(), history=history())


def test_a_project_without_places_forecasts_cell_by_cell_without_births() -> None:
    project = toy()
    project = project.with_layers(places=project.places.iloc[0:0])
    projection = project_cohorts(project, RULES, until=2026, history=history())
    assert "the project has no places" in projection.notes[0]
    # Each cell's entrants of 2025: its own grade 1 of 2024 with a year of the medium change.
    change = RULES.births_change["medium"]
    assert projection.children(2025)[:, 0] == pytest.approx(projection.children(2024)[:, 0] * (1 + change))
    with pytest.raises(InputError, match="the project has no places"):
        project_cohorts(project, RULES, until=2026, births=Births((), BIRTH_YEARS, np.zeros((0, 5))))


def test_the_forecast_reports_progress_and_can_be_cancelled() -> None:
    shown: list[tuple[float, str]] = []
    forecast(
        toy(),
        load_standards(),
        years=[2025],
        births=births(),
        history=history(),
        progress=lambda f, m: shown.append((f, m)),
    )
    fractions = [f for f, _ in shown]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert any(m.startswith("2025: ") for _, m in shown)
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(Cancelled):
        forecast(toy(), load_standards(), years=[2025, 2026], births=births(), history=history(), cancel=stop)


# Children aged 0-4 per cell (WorldPop's bands 0 and 1), for the projections without a births table.
UNDER5 = [10.0, 20.0, 5.0, 15.0]


def test_without_births_the_children_aged_0_to_4_give_the_next_entrants() -> None:
    plain = toy()
    project = plain.with_layers(population=plain.population.assign(under5=UNDER5))
    change = RULES.births_change["medium"]
    projection = project_cohorts(project, RULES, until=2032, migration=False)
    assert projection.births_source.startswith(
        "WorldPop ages 0–4 of the population grid: a fifth of each cell's children aged 0–4 for the births of "
        "each year 2020–2024; the births of 2019 extrapolated from the grade-1 children of 2024 per place"
    )
    assert projection.births_source.endswith("after 2024 the medium variant (-3.5% a year)")
    # Entrants of 2026-2030 were born 2020-2024 (ages 4 ... 0 in 2024): a fifth of each cell's
    # children aged 0-4 a year, times the entry ratio, 1 without migration.
    for year in range(2026, 2031):
        assert projection.children(year)[:, 0] == pytest.approx([2.0, 4.0, 1.0, 3.0])
    # 2031: born 2025, a year of the medium change after the base year.
    assert projection.children(2031)[:, 0] == pytest.approx(np.array([2.0, 4.0, 1.0, 3.0]) * (1 + change))
    # 2025 was born in 2019, before the band: the grade-1 stand-ins, as without under5.
    without = project_cohorts(plain, RULES, until=2032, migration=False)
    assert without.births_source.startswith("no births file: the grade-1 children of 2024 per place stand in")
    assert projection.children(2025) == pytest.approx(without.children(2025))
    assert projection.children(2024) == pytest.approx(without.children(2024))
    # Later grades go on as they did: grade 2 of 2027 is grade 1 of 2026.
    assert projection.children(2027)[:, 1] == pytest.approx(projection.children(2026)[:, 0])
    # With migration the entry ratio is the village's yearly migration over six years.
    moved = project_cohorts(project, RULES, until=2026, migration=True)
    village = RULES.migration["village"]
    assert moved.children(2026)[:, 0] == pytest.approx(np.array([2.0, 4.0, 1.0, 3.0]) * (1 + village) ** 6)
    assert moved.children(2025) == pytest.approx(project_cohorts(plain, RULES, until=2026).children(2025))


def test_a_project_without_under5_forecasts_as_before() -> None:
    plain = toy()
    assert "under5" not in plain.population.columns
    before = project_cohorts(plain, RULES, until=2030, migration=False)
    change = RULES.births_change["medium"]
    # Every entrant stands on the place's grade 1 of 2024 (10, 4, 6) with the medium change.
    for year in range(2025, 2031):
        by_place = np.bincount(before.place, weights=before.children(year)[:, 0], minlength=3)
        assert by_place == pytest.approx(np.array([10.0, 4.0, 6.0]) * (1 + change) ** (year - 2024))
    year_layer = project_in_year(
        plain.with_layers(population=plain.population.assign(under5=UNDER5)), load_standards(), year=2026
    ).population
    assert "under5" not in year_layer.columns
