"""The demo county's baseline diagnosis shows what its description promises."""

from __future__ import annotations

import numpy as np
import pytest

from app.cli import DEMO_PROJECT
from gis.analysis import Analysis, analyze
from gis.indicators import coverage_indicators, school_table
from gis.project import load_project
from gis.standards import load_standards


@pytest.fixture(scope="module")
def demo() -> Analysis:
    return analyze(load_project(DEMO_PROJECT), load_standards())


def _county(analysis: Analysis) -> dict[tuple[str, str], float]:
    return {(i.level, i.metric): i.value for i in coverage_indicators(analysis) if i.scope == "county"}


def test_some_young_children_live_too_far(demo: Analysis) -> None:
    county = _county(demo)
    assert 15_000 <= county[("primary", "children")] + county[("junior", "children")] <= 25_000
    share = county[("grades_1_3", "share_within_threshold")]
    assert 0.55 < share < 0.95
    assert county[("grades_1_3", "children_beyond_threshold")] > 300
    assert county[("grades_1_3", "p95_travel_min")] > 30


def test_county_seat_overcrowded_and_village_schools_half_empty(demo: Analysis) -> None:
    table = school_table(demo)
    seat = table[table["name"].str.contains("城关")]
    assert (seat["large_classes_56"]).sum() >= 2
    assert (seat["utilisation_primary"] > 1.0).sum() >= 2
    village = table[(table["type"] == "primary") & ~table["name"].str.contains("城关")]
    assert (village["utilisation_primary"] < 0.5).sum() >= 5
    assert table["under_100"].sum() >= 5
    assert table["teaching_point"].sum() >= 5


def test_every_child_is_in_a_catchment_or_counted_unreachable(demo: Analysis) -> None:
    pop = demo.project.population
    for level, result in demo.levels.items():
        total = pop[level].sum()
        reached = result.children[result.school >= 0].sum()
        unreachable = result.children[~np.isfinite(result.minutes)].sum()
        assert reached + unreachable == pytest.approx(total)
        assert result.school_load.sum() + result.overflow.sum() == pytest.approx(total)


def test_township_figures_cover_every_township(demo: Analysis) -> None:
    scopes = {i.scope for i in coverage_indicators(demo)}
    codes = set(demo.project.population["township"].astype(str))
    assert {f"township:{c}" for c in codes} <= scopes
    assert len(codes) >= 10


def test_catchment_polygons_are_valid_and_cover_the_cells(demo: Analysis) -> None:
    from gis.frames import catchments_frame

    catchments = catchments_frame(demo)
    assert catchments.geometry.is_valid.all()
    for level, result in demo.levels.items():
        part = catchments[catchments["level"] == level]
        reached = np.unique(result.school[result.school >= 0])
        assert len(part) == reached.size
        # Every cell is a 100 m square: the polygons' area is the number of cells reached.
        cell_area = demo.project.cell_size**2
        assert part.geometry.area.sum() == pytest.approx((result.school >= 0).sum() * cell_area)


def test_the_catchments_dissolved_beside_the_analysis_are_those_made_after_it(demo: Analysis) -> None:
    """``outlines=True`` dissolves each level in a process of its own during the analysis; the
    polygons, their order and every byte of their WKB are those of the dissolve made afterwards."""
    from gis.analysis import catchment_outlines, population_grid
    from gis.catchments import OutlineMaker

    beside = analyze(demo.project, demo.standards, routing=demo.routing, outlines=True)
    assert demo.outlines is None and beside.outlines is not None
    assert list(beside.outlines) == list(demo.levels)
    maker = OutlineMaker(*population_grid(demo.project))
    for level, result in demo.levels.items():
        maker.submit(level, result.cells, result.school)
    by_process = maker.outlines()
    maker.close()
    # They came from the process, not from the fallback here.
    assert all(job is not None and job.exception() is None for _, _, job in maker._jobs.values())
    for level, result in demo.levels.items():
        after = catchment_outlines(demo.project, result.cells, result.school)
        assert len(after) > 10
        for made in (beside.outlines[level], by_process[level]):
            assert list(made) == list(after)
            assert all(made[school].wkb == polygon.wkb for school, polygon in after.items())


def test_the_catchments_are_made_here_when_their_process_ends(demo: Analysis) -> None:
    """A process that dies (or cannot start) costs time, not polygons."""
    from gis.analysis import catchment_outlines, population_grid
    from gis.catchments import OutlineMaker

    result = demo.levels["primary"]
    maker = OutlineMaker(*population_grid(demo.project))
    assert maker._process is not None
    maker._process.kill()
    maker.submit("primary", result.cells, result.school)
    made = maker.outlines()["primary"]
    maker.close()
    after = catchment_outlines(demo.project, result.cells, result.school)
    assert list(made) == list(after)
    assert all(made[school].wkb == polygon.wkb for school, polygon in after.items())
