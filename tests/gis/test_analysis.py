"""The baseline diagnosis on tiny counties whose figures are computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from gis.analysis import analyze
from gis.frames import catchments_frame, cells_frame
from gis.indicators import coverage_indicators, school_table, weighted_quantile, weighted_quantiles
from gis.project import Project
from gis.standards import load_standards
from tests.conftest import make_project, school_row

WALK_M_PER_MIN = 3600 / 60  # 3.6 km/h on level ground
OFFROAD_M_PER_MIN = 2000 / 60  # 2 km/h
MOTOR_COUNTY_M_PER_MIN = 40000 / 60


@pytest.fixture(scope="module")
def standards():  # type: ignore[no-untyped-def]
    return load_standards()


def _county(analysis, level: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    return {i.metric: i.value for i in coverage_indicators(analysis) if i.scope == "county" and i.level == level}


def test_line_county_travel_times_by_hand(line_county: Project, standards) -> None:  # type: ignore[no-untyped-def]
    result = analyze(line_county, standards)
    primary = result.levels["primary"]
    # Cells at x = 1050 and 3050 on the road, and x = 5050 100 m south of it; school at 1000.
    expected = [50 / WALK_M_PER_MIN, 2050 / WALK_M_PER_MIN, 100 / OFFROAD_M_PER_MIN + 4050 / WALK_M_PER_MIN]
    np.testing.assert_allclose(primary.minutes, expected, rtol=1e-9)
    np.testing.assert_allclose(primary.groups[1].minutes, expected, rtol=1e-9)
    junior = result.levels["junior"]
    expected_junior = [
        3950 / MOTOR_COUNTY_M_PER_MIN,
        1950 / MOTOR_COUNTY_M_PER_MIN,
        100 / OFFROAD_M_PER_MIN + 50 / MOTOR_COUNTY_M_PER_MIN,
    ]
    np.testing.assert_allclose(junior.minutes, expected_junior, rtol=1e-9)


def test_line_county_indicators_by_hand(line_county: Project, standards) -> None:  # type: ignore[no-untyped-def]
    result = analyze(line_county, standards)
    minutes = np.array([50 / WALK_M_PER_MIN, 2050 / WALK_M_PER_MIN, 100 / OFFROAD_M_PER_MIN + 4050 / WALK_M_PER_MIN])
    lower = np.array([5.0, 10.0, 3.0])  # half of the primary children are in grades 1-3
    g13 = _county(result, "grades_1_3")
    assert g13["children"] == pytest.approx(18.0)
    assert g13["share_within_threshold"] == pytest.approx(5 / 18)
    assert g13["mean_travel_min"] == pytest.approx(float(np.dot(minutes, lower) / 18))
    assert g13["median_travel_min"] == pytest.approx(minutes[1])
    assert g13["p95_travel_min"] == pytest.approx(minutes[2])
    assert g13["children_unreachable"] == 0
    primary = _county(result, "primary")
    assert primary["children"] == pytest.approx(36.0)
    assert primary["share_within_threshold"] == pytest.approx(10 / 36)
    assert primary["children_overflow"] == pytest.approx(0.0)
    junior = _county(result, "junior")
    assert junior["share_within_threshold"] == pytest.approx(1.0)


def test_capacity_sends_overflow_to_the_next_school(standards) -> None:  # type: ignore[no-untyped-def]
    # Two primary schools on a 4 km road: A at 0 m with 10 seats, B at 4000 m with 100.
    # Cells at x = 50 m and 1550 m, 20 children each; both are nearest to A. A's seats save
    # 3950 - 50 = 3900 m per child of the first cell but only 2450 - 1550 = 900 m per child
    # of the second, so A takes 10 children of the first cell and the other 30 go to B.
    schools = [
        school_row(school_id="A", type="primary", grade_min=1, grade_max=6, x=0.0, y=-50.0, capacity_primary=10),
        school_row(school_id="B", type="primary", grade_min=1, grade_max=6, x=4000.0, y=-50.0, capacity_primary=100),
    ]
    project = make_project(
        roads=[([(0.0, -50.0), (4000.0, -50.0)], "county")],
        schools=schools,
        cells=[(0, 0, 20.0, 0.0), (0, 15, 20.0, 0.0)],
    )
    result = analyze(project, standards)
    primary = result.levels["primary"]
    assert list(primary.school) == [0, 0]
    np.testing.assert_allclose(primary.school_load, [10.0, 30.0])
    assert primary.overflow.sum() == pytest.approx(0.0)
    a, b = 50 / WALK_M_PER_MIN, 3950 / WALK_M_PER_MIN
    np.testing.assert_allclose(primary.assigned_minutes, [(10 * a + 10 * b) / 20, 2450 / WALK_M_PER_MIN])


def test_unreachable_cells_are_counted_not_dropped(standards) -> None:  # type: ignore[no-untyped-def]
    schools = [school_row(school_id="A", type="primary", grade_min=1, grade_max=6, x=0.0, y=-50.0, capacity_primary=50)]
    project = make_project(
        roads=[([(0.0, -50.0), (1000.0, -50.0)], "village"), ([(3000.0, -50.0), (4000.0, -50.0)], "village")],
        schools=schools,
        cells=[(0, 5, 8.0, 0.0), (0, 35, 6.0, 0.0)],
    )
    result = analyze(project, standards)
    g13 = _county(result, "grades_1_3")
    assert g13["children"] == pytest.approx(7.0)
    assert g13["children_unreachable"] == pytest.approx(3.0)
    primary = _county(result, "primary")
    assert primary["children_unreachable"] == pytest.approx(6.0)
    assert primary["children_overflow"] == pytest.approx(6.0)
    assert result.warnings and "disconnected" in result.warnings[0]
    cells = cells_frame(result)
    assert len(cells) == 2  # both primary cells, the unreachable one included
    assert list(cells["school_id"]) == ["A", ""]


def test_children_totals_are_preserved(line_county: Project, standards) -> None:  # type: ignore[no-untyped-def]
    result = analyze(line_county, standards)
    catchments = catchments_frame(result)
    for level in ("primary", "junior"):
        total = line_county.population[level].sum()
        assert catchments.loc[catchments["level"] == level, "children"].sum() == pytest.approx(total)
        level_result = result.levels[level]
        assert level_result.school_load.sum() + level_result.overflow.sum() == pytest.approx(total)


def test_school_table_flags(standards) -> None:  # type: ignore[no-untyped-def]
    schools = [
        school_row(school_id="BIG", type="primary", grade_min=1, grade_max=6, x=0.0, y=-50.0,
                   enrol_g1=120, enrol_g2=120, enrol_g3=120, enrol_g4=120, enrol_g5=120, enrol_g6=120,
                   classes_primary=12, capacity_primary=540),
        school_row(school_id="TP", type="teaching_point", grade_min=1, grade_max=3, x=900.0, y=-50.0,
                   enrol_g1=10, enrol_g2=8, enrol_g3=7, classes_primary=3, capacity_primary=60),
    ]  # fmt: skip
    project = make_project(
        roads=[([(0.0, -50.0), (1000.0, -50.0)], "county")], schools=schools, cells=[(0, 3, 4.0, 0.0)]
    )
    table = school_table(analyze(project, standards)).set_index("school_id")
    assert table.loc["BIG", "mean_class_size_primary"] == pytest.approx(60.0)
    assert table.loc["BIG", "utilisation_primary"] == pytest.approx(720 / 540)
    assert bool(table.loc["BIG", "large_classes_56"]) and not bool(table.loc["BIG", "very_large_classes_66"])
    assert bool(table.loc["TP", "under_100"]) and bool(table.loc["TP", "teaching_point"])
    assert not bool(table.loc["BIG", "under_100"])


def test_weighted_quantile_by_hand() -> None:
    assert weighted_quantile(np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.0, 2.0]), 0.5) == 2.0
    assert weighted_quantile(np.array([1.0, 2.0, 3.0]), np.array([3.0, 1.0, 0.0]), 0.95) == 2.0
    assert weighted_quantile(np.array([5.0, np.inf]), np.array([1.0, 1.0]), 0.5) == 5.0
    # Several quantiles from one sort: weights 1, 1, 2 in the order 1, 2, 3 (given shuffled).
    assert weighted_quantiles(np.array([3.0, 1.0, 2.0]), np.array([2.0, 1.0, 1.0]), (0.25, 0.5, 0.95)) == [
        1.0,
        2.0,
        3.0,
    ]
    assert all(np.isnan(q) for q in weighted_quantiles(np.array([1.0]), np.array([0.0]), (0.5, 0.95)))


def test_school_far_from_any_road_is_reported(standards) -> None:  # type: ignore[no-untyped-def]
    schools = [
        school_row(school_id="NEAR", type="primary", grade_min=1, grade_max=6, x=0.0, y=-50.0, capacity_primary=50),
        school_row(school_id="FAR", type="primary", grade_min=1, grade_max=6, x=500.0, y=-1550.0, capacity_primary=50),
    ]
    project = make_project(
        roads=[([(0.0, -50.0), (1000.0, -50.0)], "village")], schools=schools, cells=[(0, 5, 8.0, 0.0)]
    )
    result = analyze(project, standards)
    far = [w for w in result.warnings if "FAR" in w]
    assert len(far) == 1 and "1,500 m" in far[0]
    assert not any("NEAR" in w for w in result.warnings)
