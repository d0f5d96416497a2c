"""Ratios per township and settlement class (gis.cohorts.progression_ratios), computed by hand:
progression per township and settlement class, the entry per township.

Township T1 has a township seat 镇 (a built-up area of 3,000 people, radius 309 m at the
rules' 10,000 per km²) with a nine-year school S1 inside it, and a village V村 with a primary
school S2. Township T2 has a village W村 with a primary school S3 and a township seat T2乡 with
no school. One populated cell at each place. The enrolment history is 2023 and 2024 (base year
2024), births 2017-2021. Every expected ratio below is written as the fraction it is, from the
tables here.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point, box

from gis.cohorts import (
    CLASSES,
    RATIO_SOURCES,
    Births,
    EnrolmentHistory,
    progression_ratios,
    project_cohorts,
)
from gis.project import Project
from gis.standards import load_standards
from tests.conftest import CRS, X0, Y0, make_project, school_row

RULES = load_standards().forecast
PLACES = ("镇", "V村", "W村", "T2乡")
BIRTHS = {"镇": [20, 25, 24, 22, 20], "V村": [12, 10, 9, 8, 7], "W村": [7, 6, 6, 5, 5], "T2乡": [3, 2, 2, 2, 1]}
BIRTH_YEARS = (2017, 2018, 2019, 2020, 2021)
# Pupils of grades 1-9 in 2023 and 2024. The seat's school keeps its pupils and gains a few; the
# village's loses a tenth a year; V村 had no grade 5 in 2023 but two pupils came into its grade 6.
S1 = {2023: [20, 20, 20, 20, 20, 20, 30, 30, 30], 2024: [22, 21, 22, 21, 22, 21, 30, 31, 30]}
S2 = {2023: [10, 10, 10, 10, 0, 10, 0, 0, 0], 2024: [9, 9, 9, 9, 9, 2, 0, 0, 0]}
S3 = {2023: [6, 6, 6, 6, 6, 6, 0, 0, 0], 2024: [6, 5, 6, 5, 6, 5, 0, 0, 0]}
# Cells (col on the 100 m grid along y = -50, primary, junior, township): at 镇, V村, W村, T2乡.
CELLS = [(10, 30.0, 15.0, "T1"), (30, 24.0, 0.0, "T1"), (70, 18.0, 0.0, "T2"), (90, 12.0, 0.0, "T2")]
SEAT, VILLAGE, W, T2_SEAT = range(4)


def county(*, teaching_point: bool = False) -> Project:
    s2_grades = (1, 3) if teaching_point else (1, 6)
    schools = [
        school_row(school_id="S1", name="镇九年制学校", type="nine_year", grade_min=1, grade_max=9, township="T1",
                   x=1200.0, y=-50.0),
        school_row(school_id="S2", name="V村小学", type="teaching_point" if teaching_point else "primary",
                   grade_min=s2_grades[0], grade_max=s2_grades[1], township="T1", x=2900.0, y=-50.0),
        school_row(school_id="S3", name="W村小学", type="primary", grade_min=1, grade_max=6, township="T2",
                   x=7000.0, y=-50.0),
    ]  # fmt: skip
    base = make_project(
        roads=[([(0.0, -50.0), (9500.0, -50.0)], "county")],
        schools=schools,
        cells=[(0, col, p, j) for col, p, j, _ in CELLS],
    )
    population = base.population.copy()
    population["township"] = [t for *_, t in CELLS]
    places = gpd.GeoDataFrame(
        {
            "name": list(PLACES),
            "kind": ["township_seat", "village", "village", "township_seat"],
            "township": ["T1", "T1", "T2", "T2"],
            "population": [3000, 0, 0, 1000],
        },
        geometry=[Point(X0 + x, Y0 - 50) for x in (1000, 3000, 7000, 9000)],
        crs=CRS,
    )
    townships = gpd.GeoDataFrame(
        {"code": ["T1", "T2"], "name": ["甲镇", "乙乡"]},
        geometry=[box(X0 - 1000, Y0 - 5000, X0 + 5000, Y0 + 5000), box(X0 + 5000, Y0 - 5000, X0 + 10000, Y0 + 5000)],
        crs=CRS,
    )
    return base.with_layers(population=population, places=places, townships=townships)


def births() -> Births:
    return Births(PLACES, BIRTH_YEARS, np.array([BIRTHS[p] for p in PLACES], dtype=float), source="births.csv")


def history(s2: dict[int, list[int]] = S2) -> EnrolmentHistory:
    pupils = np.array([[S1[y], s2[y], S3[y]] for y in (2023, 2024)], dtype=float)
    return EnrolmentHistory(("S1", "S2", "S3"), (2023, 2024), pupils, source="enrolment.csv")


# The move into grade 7, county-wide: grade 7 of 2024 per grade 6 of 2023 at every school.
INTO_7 = 30 / (20 + 10 + 6)
# T1's seat (S1 alone) and village (S2 alone), per grade 2-9 (None: the group has no such pupils).
SEAT_T1 = {2: 21 / 20, 3: 22 / 20, 4: 21 / 20, 5: 22 / 20, 6: 21 / 20, 7: INTO_7, 8: 31 / 30, 9: 30 / 30}
# V村: grade 6 of 2024 has 2 pupils but grade 5 of 2023 none, so its grade 6 is T1's pooled
# ratio (21 + 2) / (20 + 0); grades 8-9 it has none of: T1's, which are S1's.
VILLAGE_T1 = {2: 9 / 10, 3: 9 / 10, 4: 9 / 10, 5: 9 / 10, 6: 23 / 20, 7: INTO_7, 8: 31 / 30, 9: 30 / 30}
# T2: S3 alone, for both its classes; no grade 8-9 in T2: the county's (S1's).
T2 = {2: 5 / 6, 3: 6 / 6, 4: 5 / 6, 5: 6 / 6, 6: 5 / 6, 7: INTO_7, 8: 31 / 30, 9: 30 / 30}
# Entry, per township and never per class (V村's children may enrol at 镇's school): grade 1 of
# 2023 and 2024 of all the township's schools per the births of 2017 and 2018 of all its places.
# T1: S1's 20 + 22 and S2's 10 + 9 per 镇's 20 + 25 and V村's 12 + 10 births; per class it would
# have been 42 / 45 at the seat and 19 / 22 in the village. T2: S3's 6 + 6 per W村's 7 + 6 and
# T2乡's 3 + 2 births.
ENTRY_T1 = (20 + 22 + 10 + 9) / (20 + 25 + 12 + 10)
ENTRY_T2 = (6 + 6) / (7 + 6 + 3 + 2)
ENTRY = {SEAT: ENTRY_T1, VILLAGE: ENTRY_T1, W: ENTRY_T2, T2_SEAT: ENTRY_T2}


def test_each_cell_takes_the_ratios_of_its_townships_settlement_class() -> None:
    project = county()
    projection = project_cohorts(project, RULES, until=2026, births=births(), history=history())
    assert [CLASSES[k] for k in projection.settlement] == ["town", "village", "village", "town"]
    expected = {SEAT: SEAT_T1, VILLAGE: VILLAGE_T1, W: T2, T2_SEAT: T2}
    base, after = projection.children(2024), projection.children(2025)
    for cell, ratios in expected.items():
        assert projection.ratios[cell, 0] == pytest.approx(ENTRY[cell]), cell
        for g in range(2, 10):
            assert projection.ratios[cell, g - 1] == pytest.approx(ratios[g]), (cell, g)
            assert after[cell, g - 1] == pytest.approx(base[cell, g - 2] * ratios[g]), (cell, g)
    # Grade 1 of 2025: the births of 2019 of the cell's place (one cell each) times its entry ratio.
    assert after[:, 0] == pytest.approx([24 * ENTRY[SEAT], 9 * ENTRY[VILLAGE], 6 * ENTRY[W], 2 * ENTRY[T2_SEAT]])

    def source(cell: int, g: int) -> str:
        return RATIO_SOURCES[projection.ratio_source[cell, g - 1]]

    own, township, county_ = (
        "enrolment history of the township's settlement class",
        "enrolment history of the township",
        "enrolment history of the county",
    )
    assert [source(SEAT, g) for g in range(1, 10)] == [township] + [own] * 5 + [county_] + [own] * 2
    assert [source(VILLAGE, g) for g in range(1, 10)] == [township] + [own] * 4 + [township, county_] + [township] * 2
    assert [source(W, g) for g in range(1, 10)] == [township] + [own] * 5 + [county_] * 3
    assert [source(T2_SEAT, g) for g in range(1, 10)] == [township] * 6 + [county_] * 3


def test_a_class_with_no_pupils_or_births_takes_its_townships_ratio() -> None:
    ratios = progression_ratios(county(), RULES, births=births(), history=history())
    assert ratios.townships == ("T1", "T2")
    assert [CLASSES[k] for k in ratios.school_settlement] == ["town", "village", "village"]
    t1, t2 = 0, 1
    town, village, seat = CLASSES.index("town"), CLASSES.index("village"), CLASSES.index("county_seat")
    # T2's seat has no school: T2's ratios, its pooled entry over both places' births.
    assert ratios.ratios[t2, town, 0] == pytest.approx(12 / 18)
    # Every class of a township enters at the township's ratio.
    assert ratios.ratios[t1, :, 0] == pytest.approx([ENTRY_T1] * len(CLASSES))
    assert ratios.ratios[t2, :, 0] == pytest.approx([ENTRY_T2] * len(CLASSES))
    assert ratios.ratios[t2, town, 1:] == pytest.approx([T2[g] for g in range(2, 10)])
    # No county seat in T1, no places and no pupils of its class: T1's pooled ratios.
    pooled_t1 = [(21 + 9) / 30, (22 + 9) / 30, (21 + 9) / 30, (22 + 9) / (20 + 10), 23 / 20, INTO_7, 31 / 30, 1.0]
    assert ratios.ratios[t1, seat, 0] == pytest.approx((20 + 22 + 10 + 9) / (20 + 25 + 12 + 10))
    assert ratios.ratios[t1, seat, 1:] == pytest.approx(pooled_t1)
    assert ratios.ratios[t1, village, 1:] == pytest.approx([VILLAGE_T1[g] for g in range(2, 10)])
    # One ratio per township (the method before the classes): every class has its township's.
    plain = progression_ratios(county(), RULES, births=births(), history=history(), by_settlement=False)
    assert plain.ratios[:, :, 0] == pytest.approx(ratios.ratios[:, :, 0])  # the same entry
    for k in range(len(CLASSES)):
        assert plain.ratios[t1, k, 1:] == pytest.approx(pooled_t1)
        assert plain.ratios[t2, k, 1:] == pytest.approx([T2[g] for g in range(2, 10)])
    assert {RATIO_SOURCES[c] for c in plain.source.ravel()} == {
        "enrolment history of the township",
        "enrolment history of the county",
    }


def test_pupils_handed_on_to_another_school_take_the_townships_ratio() -> None:
    # V村's school teaches grades 1-3: its grade 3 goes on to grade 4 at the seat's school, so
    # a ratio of the classes there would move children between the cells of V村 and 镇.
    tp = {2023: [10, 10, 10, 0, 0, 0, 0, 0, 0], 2024: [9, 9, 9, 0, 0, 0, 0, 0, 0]}
    ratios = progression_ratios(county(teaching_point=True), RULES, births=births(), history=history(tp))
    town, village = CLASSES.index("town"), CLASSES.index("village")
    into = {k: ratios.ratios[0, k] for k in (town, village)}
    # Grades 2 and 3 stay at their schools: each class its own.
    assert (into[town][1], into[village][1]) == (pytest.approx(21 / 20), pytest.approx(9 / 10))
    assert (into[town][2], into[village][2]) == (pytest.approx(22 / 20), pytest.approx(9 / 10))
    # Grade 4: T1's, S1's grade 4 of 2024 per the grade 3 of both schools in 2023.
    assert into[town][3] == into[village][3] == pytest.approx(21 / (20 + 10))
    assert RATIO_SOURCES[ratios.source[0, town, 3]] == "enrolment history of the township"
    # Grade 5 on: only S1 teaches them, its ratios are T1's and its class's alike.
    assert into[town][4] == into[village][4] == pytest.approx(22 / 20)


def test_the_ratio_table_shows_each_township_and_class() -> None:
    projection = project_cohorts(county(), RULES, until=2025, births=births(), history=history())
    table = projection.ratio_table()
    assert sorted(set(zip(table["township"], table["settlement"], strict=True))) == [
        ("T1", "town"),
        ("T1", "village"),
        ("T2", "town"),
        ("T2", "village"),
    ]
    grade_2 = table[table["grade"] == 2].set_index(["township", "settlement"])
    assert grade_2.loc[("T1", "town"), "ratio"] == pytest.approx(21 / 20)
    assert grade_2.loc[("T1", "village"), "ratio"] == pytest.approx(9 / 10)
    assert grade_2.loc[("T2", "town"), "source"] == "enrolment history of the township"
    assert (grade_2["cells"] == 1).all()


def test_without_migration_every_group_is_one() -> None:
    ratios = progression_ratios(county(), RULES, births=births(), history=history(), migration=False)
    assert (ratios.ratios == 1.0).all()
    assert {RATIO_SOURCES[c] for c in ratios.source.ravel()} == {"none (migration left out)"}
