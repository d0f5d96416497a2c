"""The county figures of seats and classes: children without a seat, large and very large classes."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point

from app.cli import DEMO_PROJECT
from gis.analysis import Analysis, analyze
from gis.compare import compare, county_figures, large_class_counts, school_classes, school_pupils
from gis.edits import Close, Scenario
from gis.project import Project, load_project
from gis.standards import Standards, load_standards
from gis.usecases import evaluate_scenario
from tests.conftest import make_project, school_row


@pytest.fixture(scope="module")
def standards() -> Standards:
    return load_standards(None)


def _even_split_count(pupils: int, classes: int, line: int) -> int:
    """Classes of ``line`` or more when ``pupils`` are dealt one by one to the smallest class."""
    sizes = [0] * classes
    for _ in range(pupils if classes else 0):
        sizes[sizes.index(min(sizes))] += 1
    return sum(size >= line for size in sizes)


@pytest.mark.parametrize("line", [56, 66, 1, 45])
def test_even_split_formula_matches_brute_force(line: int) -> None:
    pupils, classes = np.meshgrid(np.arange(401), np.arange(9), indexing="ij")
    got = large_class_counts(pupils.ravel().astype(float), classes.ravel(), line)
    pairs = zip(pupils.ravel().tolist(), classes.ravel().tolist(), strict=True)
    expected = [_even_split_count(p, c, line) for p, c in pairs]
    assert got.dtype == np.int64
    assert got.tolist() == expected


def test_pupils_are_rounded_down_to_whole_pupils() -> None:
    # 56 - 1e-9 is 56 pupils (a sum of fractions), 56.9 is 56, 55.99 is 55.
    got = large_class_counts(np.array([56 - 1e-9, 56.9, 55.99, 112 - 1e-9]), np.array([1, 1, 1, 2]), 56)
    assert got.tolist() == [1, 1, 0, 2]


def test_classes_of_a_school_by_hand() -> None:
    schools = gpd.GeoDataFrame(
        {
            # recorded beats seats; seats (270 // 45 = 6) beat recorded; no classes and no seats
            # with 100 pupils: ceil(100 / 45) = 3; nothing at all; 44 seats make no class of 45.
            "classes_primary": [3, 4, 0, 0, 0],
            "capacity_primary": [90, 270, 0, 0, 44],
        },
        geometry=[Point(0, 0)] * 5,
    )
    pupils = np.array([196.0, 333.0, 100.0, 0.0, 10.0])
    assert school_classes(schools, "primary", pupils, class_size=45).tolist() == [3, 6, 3, 0, 1]
    # With classes of 60 a school with no classes and 119 pupils has two: 60 and 59, both large.
    lone = schools.iloc[[2]]
    classes = school_classes(lone, "primary", np.array([119.0]), class_size=60)
    assert classes.tolist() == [2]
    assert large_class_counts(np.array([119.0]), classes, 56).tolist() == [2]


def _crowded_county() -> Project:
    """Two full primaries and a full junior school on one road, every cell beside its school."""
    schools = [
        school_row(school_id="A", name="甲小学", type="primary", grade_min=1, grade_max=6, x=1000.0, y=-50.0,
                   classes_primary=3, capacity_primary=90),
        school_row(school_id="B", name="乙小学", type="primary", grade_min=1, grade_max=6, x=5000.0, y=-50.0,
                   classes_primary=4, capacity_primary=270),
        school_row(school_id="J", name="丙中学", type="junior", grade_min=7, grade_max=9, x=3000.0, y=-50.0,
                   classes_junior=3, capacity_junior=100),
    ]  # fmt: skip
    cells = [(0, 10, 196.0, 0.0), (0, 50, 333.0, 0.0), (0, 30, 0.0, 197.0)]
    return make_project(roads=[([(0.0, -50.0), (6000.0, -50.0)], "county")], schools=schools, cells=cells)


def test_large_classes_of_a_tiny_county_by_hand(standards: Standards) -> None:
    # Every school is full and every cell lies beside its own school, so each school takes its
    # seats and the children without a seat live nearest to it:
    # A: 90 placed + 106 without a seat = 196 pupils in max(3, 90 // 45) = 3 classes: 66, 65, 65.
    # B: 270 + 63 = 333 pupils in max(4, 270 // 45) = 6 classes: 56, 56, 56, 55, 55, 55.
    # J: 100 + 97 = 197 pupils in max(3, 100 // 50) = 3 classes: 66, 66, 65.
    analysis = analyze(_crowded_county(), standards)
    figures = county_figures(analysis)
    assert figures["primary.children_without_seat"] == pytest.approx(106 + 63)
    assert figures["junior.children_without_seat"] == pytest.approx(97)
    assert figures["primary.large_classes"] == 3 + 3
    assert figures["primary.very_large_classes"] == 1 + 0
    assert figures["junior.large_classes"] == 3
    assert figures["junior.very_large_classes"] == 2
    for level in ("primary", "junior"):
        assert figures[f"{level}.children_without_seat"] == figures[f"{level}.children_overflow"]
    assert school_pupils(analysis.levels["primary"], 3) == pytest.approx([196, 333, 0])
    assert school_pupils(analysis.levels["junior"], 3) == pytest.approx([0, 0, 197])
    names = compare(analysis, analysis).table()["metric"].tolist()
    for level in ("primary", "junior"):
        for what in ("children_without_seat", "large_classes", "very_large_classes"):
            assert f"{level}.{what}" in names


def _brute_force_large_classes(analysis: Analysis, level: str, line: int) -> int:
    """The large classes of a level counted school by school and cell by cell with plain loops."""
    schools = analysis.project.schools
    result = analysis.levels[level]
    size = analysis.standards.level(level).class_size
    nearest = result.groups[-1].school
    total = 0
    for s in range(len(schools)):
        pupils = float(result.school_load[s])
        for cell in range(result.cells.size):
            if nearest[cell] == s:
                pupils += float(result.overflow[cell])
        whole = int(np.floor(pupils + 1e-6))
        classes = max(int(schools[f"classes_{level}"].iloc[s]), int(schools[f"capacity_{level}"].iloc[s]) // size)
        if classes == 0 and whole > 0:
            classes = -(-whole // size)
        total += _even_split_count(whole, classes, line)
    return total


@pytest.mark.slow
def test_demo_county_large_classes(standards: Standards) -> None:
    project = load_project(DEMO_PROJECT)
    baseline = analyze(project, standards)
    figures = county_figures(baseline)
    for level in ("primary", "junior"):
        print(
            f"demo {level}: children without a seat {figures[f'{level}.children_without_seat']:.1f}, "
            f"large classes {figures[f'{level}.large_classes']:.0f}, "
            f"very large classes {figures[f'{level}.very_large_classes']:.0f}"
        )
        assert figures[f"{level}.children_without_seat"] == figures[f"{level}.children_overflow"]
        lines = {"large_classes": standards.large_class, "very_large_classes": standards.very_large_class}
        for what, line in lines.items():
            assert figures[f"{level}.{what}"] == _brute_force_large_classes(baseline, level, line)
    # The recorded enrolment crowds the county seat's primaries (classes of 59-63), but the
    # model's children of the county seat fit its seats: the figures count the model's pupils.
    seat = project.schools["name"].str.startswith("半仓县城关").to_numpy()
    assert seat.sum() == 4
    pupils = school_pupils(baseline.levels["primary"], len(project.schools))
    assert (pupils[seat] <= project.schools["capacity_primary"].to_numpy()[seat] * 1.05).all()
    # Closing the second and fourth county-seat primaries leaves their children nearest to the
    # first and third, which are full: their classes grow beyond 56 and 66.
    closed = tuple(project.schools["school_id"].iloc[[1, 3]])
    assert project.schools["name"].iloc[[1, 3]].tolist() == ["半仓县城关第二小学", "半仓县城关第四小学"]
    scenario = evaluate_scenario(project, Scenario("close", tuple(Close(s) for s in closed)), standards)
    comparison = compare(baseline, scenario, name="close")
    table = comparison.table().set_index("metric")
    for what in ("children_without_seat", "large_classes", "very_large_classes"):
        assert f"primary.{what}" in table.index and f"junior.{what}" in table.index
    print(table.loc[[f"primary.{w}" for w in ("children_without_seat", "large_classes", "very_large_classes")]])
    large = comparison.value("primary.large_classes")
    assert large.scenario > large.baseline
    assert comparison.value("primary.very_large_classes").scenario > 0
    assert large.scenario == _brute_force_large_classes(scenario, "primary", standards.large_class)
