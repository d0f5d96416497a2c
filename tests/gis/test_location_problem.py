"""Location problems built from a project: the cost matrix and the site lists, by hand."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point

from gis.errors import InputError
from gis.locate.problem import location_problem
from gis.project import Project
from gis.standards import load_standards
from tests.conftest import CRS, X0, Y0

WALK = 3600 / 60  # metres per minute on level ground
OFFROAD = 2000 / 60
MOTOR = 40000 / 60  # county road


@pytest.fixture(scope="module")
def standards():  # type: ignore[no-untyped-def]
    return load_standards()


def with_village(project: Project) -> Project:
    places = gpd.GeoDataFrame(
        {"name": ["中村"], "kind": ["village"], "township": ["T1"], "population": [300]},
        geometry=[Point(X0 + 3000, Y0 - 50)],
        crs=CRS,
    )
    return project.with_layers(places=places)


def test_grades_1_3_walking_costs_by_hand(line_county: Project, standards) -> None:  # type: ignore[no-untyped-def]
    problem = location_problem(with_village(line_county), standards, group="grades_1_3", existing="fixed")
    # Sites: the primary school P1 at 1000 m (the junior school does not teach grades 1-3),
    # then the village at 3000 m. Cells at 1050 and 3050 m on the road, and 5050 m 100 m south.
    assert problem.site_kind.tolist() == ["school", "place"]
    assert problem.site_ref.tolist() == ["P1", "中村"]
    expected = np.array(
        [
            [50 / WALK, 1950 / WALK],
            [2050 / WALK, 50 / WALK],
            [100 / OFFROAD + 4050 / WALK, 100 / OFFROAD + 2050 / WALK],
        ]
    )
    np.testing.assert_allclose(problem.costs, expected, rtol=1e-9)
    np.testing.assert_allclose(problem.weights, [5.0, 10.0, 3.0])  # half of the primary cohort
    assert problem.fixed_open.tolist() == [0] and problem.excluded.size == 0
    assert problem.capacities.tolist() == [270.0, 0.0]
    assert problem.threshold_min == 30


def test_junior_costs_and_excluded_schools(line_county: Project, standards) -> None:  # type: ignore[no-untyped-def]
    problem = location_problem(
        with_village(line_county), standards, group="grades_7_9", existing="excluded", candidates=("places", "cells")
    )
    assert problem.site_kind.tolist() == ["school", "place", "cell", "cell", "cell"]
    assert problem.site_ref[2:].tolist() == ["1", "0", "2"]  # cells by junior children, most first
    assert problem.excluded.tolist() == [0]
    np.testing.assert_allclose(problem.costs[0, 0], 3950 / MOTOR, rtol=1e-9)
    np.testing.assert_allclose(problem.weights, [5.0, 10.0, 3.0])


def test_far_pairs_are_infinite(line_county: Project, standards) -> None:  # type: ignore[no-untyped-def]
    problem = location_problem(line_county, standards, group="grades_1_3", max_minutes=30)
    assert np.isfinite(problem.costs[0, 0]) and np.isinf(problem.costs[1:, 0]).all()


def test_bad_choices_are_reported_together(line_county: Project, standards) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as info:
        location_problem(line_county, standards, group="grade_10", existing="maybe", candidates=("towers",))
    fields = [p.field for p in info.value.problems]
    assert fields == ["group", "existing", "candidates"]


def test_models_from_the_project(line_county: Project, standards) -> None:  # type: ignore[no-untyped-def]
    from gis.locate import CapacitatedPMedian, MaxCover, PMedian, SetCover

    county = with_village(line_county)
    # Only the village (the school excluded): it is 50 m from the cell at 3050 m (10 children of
    # grades 1-3); the others are 1950 m (32.5 min) and 100 m + 2050 m (3 + 34.2 min) away.
    cover = MaxCover.from_project(county, standards, 1, existing="excluded").solve()
    assert cover.sites == (1,) and cover.covered_weight == pytest.approx(10.0)
    assert cover.is_optimal
    # Keeping the school open covers the cell at 1050 m too; the third cell stays uncovered.
    fewest = SetCover.from_project(county, standards, existing="fixed").solve()
    assert fewest.sites == (0, 1) and fewest.uncoverable == (2,)
    # Grades 4-6 with one site of the two: the village (total 5·32.5 + 10·0.83 + 3·37.2 min)
    # beats the school (5·0.83 + 10·34.2 + 3·70.5 min).
    model = CapacitatedPMedian.from_project(county, standards, 1, group="grades_4_6", candidate_capacity=100)
    assert model.problem is not None and model.problem.site_ref.tolist() == ["P1", "中村"]
    best = model.solve()
    to_school = 5 * 50 / WALK + 10 * 2050 / WALK + 3 * (100 / OFFROAD + 4050 / WALK)
    to_village = 5 * 1950 / WALK + 10 * 50 / WALK + 3 * (100 / OFFROAD + 2050 / WALK)
    assert best.sites == (1,)
    assert best.objective == pytest.approx(min(to_school, to_village))

    # The uncapacitated p-median of grades 1-3 with the school fixed and one more site: the
    # village (brute force over the one free site is the village itself).
    median = PMedian.from_project(county, standards, 2, existing="fixed").solve()
    assert median.sites == (0, 1) and median.is_optimal
    to_nearest = 5 * 50 / WALK + 10 * 50 / WALK + 3 * (100 / OFFROAD + 2050 / WALK)
    assert median.objective == pytest.approx(to_nearest)
