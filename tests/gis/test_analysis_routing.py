"""The analysis of other children on the same grid: reused routing, a grades 1-3 column, and a
baseline that stays as it was."""

from __future__ import annotations

import numpy as np
import pytest

from app.cli import DEMO_PROJECT
from gis.analysis import Analysis, analyze
from gis.project import Project, load_project
from gis.standards import load_standards


@pytest.fixture(scope="module")
def demo() -> Project:
    return load_project(DEMO_PROJECT)


@pytest.fixture(scope="module")
def baseline(demo: Project) -> Analysis:
    return analyze(demo, load_standards())


def _arrays(analysis: Analysis) -> dict[str, np.ndarray]:
    out = {}
    for level, result in analysis.levels.items():
        for name in ("cells", "children", "assigned_school", "assigned_minutes", "overflow", "school_load"):
            out[f"{level}.{name}"] = getattr(result, name)
        for group in result.groups:
            for name in ("children", "school", "minutes"):
                out[f"{level}.{group.name}.{name}"] = getattr(group, name)
    return out


def test_the_demo_baseline_is_what_it_was_before_routing_could_be_reused(baseline: Analysis) -> None:
    """Figures of the demo county's analysis as the analysis computed them before it took a
    routing and a grades 1-3 column (commit 0d478dc)."""
    primary, junior = baseline.levels["primary"], baseline.levels["junior"]
    assert primary.overflow.sum() == pytest.approx(974.6785, rel=1e-9)
    assert junior.overflow.sum() == pytest.approx(1.786, rel=1e-9)
    assert primary.school_load.sum() == pytest.approx(12170.1585, rel=1e-9)
    assert junior.school_load.sum() == pytest.approx(6598.099, rel=1e-9)
    assert primary.boarding_demand.sum() == pytest.approx(1511.6815535164837, rel=1e-9)
    assert junior.boarding_demand.sum() == pytest.approx(194.07010794746452, rel=1e-9)
    assert primary.school_load[:8] == pytest.approx([1080.0, 444.6345, 1080.0, 271.123, 0, 0, 540.0, 330.73])
    for result, minutes in ((primary, 299511.5622092153), (junior, 108418.85997870535)):
        placed = result.children - result.overflow
        finite = np.isfinite(result.assigned_minutes)
        assert float(placed[finite] @ result.assigned_minutes[finite]) == pytest.approx(minutes, rel=1e-9)


def test_a_grades_1_3_column_at_the_rules_share_changes_nothing(demo: Project, baseline: Analysis) -> None:
    standards = load_standards()
    population = demo.population.copy()
    population["grades_1_3"] = population["primary"] * standards.grade1_3_share_of_primary
    again = analyze(demo.with_layers(population=population), standards, routing=baseline.routing)
    before, after = _arrays(baseline), _arrays(again)
    assert before.keys() == after.keys()
    for key, value in before.items():
        np.testing.assert_array_equal(after[key], value, err_msg=key)


def test_other_children_on_the_same_grid_route_as_a_fresh_analysis(demo: Project, baseline: Analysis) -> None:
    standards = load_standards()
    population = demo.population.copy()
    rng = np.random.default_rng(13)
    population["primary"] = population["primary"] * rng.uniform(0.0, 1.2, len(population))
    population.loc[population.index[::7], "junior"] = 0.0
    fewer = demo.with_layers(population=population)
    reused = analyze(fewer, standards, routing=baseline.routing)
    fresh = analyze(fewer, standards)
    assert set(reused.stage_seconds) == {"levels"}  # no graph, no compiling
    for level in ("primary", "junior"):
        a, b = reused.levels[level], fresh.levels[level]
        np.testing.assert_array_equal(a.cells, b.cells)
        assert a.overflow.sum() == pytest.approx(b.overflow.sum(), rel=1e-9, abs=1e-9)
        assert a.school_load == pytest.approx(b.school_load, rel=1e-9, abs=1e-6)
        for ga, gb in zip(a.groups, b.groups, strict=True):
            np.testing.assert_array_equal(ga.minutes, gb.minutes)
            np.testing.assert_array_equal(ga.school, gb.school)
