"""Where the pupils of a school the plan closes go (gis.plan.moves): by hand on a tiny county, and
on the demo county's plan."""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest

from gis.analysis import analyze
from gis.edits import ChangeGrades, Close, Merge, Scenario
from gis.plan import CountyPlan
from gis.plan.moves import Move, receivers
from gis.plan.review import PlanReview, YearReview
from gis.project import Project
from gis.scenario import apply_scenario
from gis.standards import Standards, load_standards
from tests.conftest import X0, Y0, make_project, school_row


@pytest.fixture(scope="module")
def standards() -> Standards:
    return load_standards(None)


def _county(seats_b: int = 500) -> Project:
    """A road east from x = 0 to 6 km, and a branch 2 km south at x = 1 km.

    Primary schools A at 1 km and B at 2 km on the road, C at the end of the branch (2 km south of
    A, 3 km from B); a junior school J at 3 km. Cells: 60 primary children beside A (40 of them
    in grades 1-3), 50 beside B; 10 junior children in each.
    """
    schools = [
        school_row(school_id="A", name="甲小学", type="primary", grade_min=1, grade_max=6, x=1000.0, y=-50.0,
                   classes_primary=6, capacity_primary=270),
        school_row(school_id="B", name="乙小学", type="primary", grade_min=1, grade_max=6, x=2000.0, y=-50.0,
                   classes_primary=6, capacity_primary=seats_b),
        school_row(school_id="C", name="丙小学", type="primary", grade_min=1, grade_max=6, x=1000.0, y=-2050.0,
                   classes_primary=6, capacity_primary=500),
        school_row(school_id="J", name="丁中学", type="junior", grade_min=7, grade_max=9, x=3000.0, y=-50.0,
                   classes_junior=6, capacity_junior=300),
    ]  # fmt: skip
    cells = [(0, 10, 60.0, 10.0), (0, 20, 50.0, 10.0)]
    roads = [
        ([(0.0, -50.0), (1000.0, -50.0), (6000.0, -50.0)], "county"),
        ([(1000.0, -50.0), (1000.0, -2050.0)], "county"),
    ]
    project = make_project(roads=roads, schools=schools, cells=cells)
    population = project.population.copy()
    population["grades_1_3"] = [40.0, 25.0]
    return project.with_layers(population=population)


def _review(project: Project, standards: Standards, states: list[tuple[int, Scenario]]) -> PlanReview:
    """A review of the plan states given, each year beside the same project without the plan."""
    base = analyze(project, standards)
    years = tuple(
        YearReview(year, base, analyze(apply_scenario(project, scenario), standards)) for year, scenario in states
    )
    return PlanReview(plan=None, years=years)  # type: ignore[arg-type]


def test_a_closed_school_sends_its_children_to_the_nearest_school_with_seats(standards: Standards) -> None:
    project = _county()
    closed = Scenario("plan-2026", (Close("A"),))
    moves = receivers(_review(project, standards, [(2026, closed), (2027, closed)]))
    # Only in the year it closes; B is 950 m from A's cell, C 2,050 m.
    assert moves == [
        Move(2026, "A", "甲小学", "B", "乙小学", 60.0, X0 + 1000.0, Y0 - 50.0, X0 + 2000.0, Y0 - 50.0, "closed")
    ]


def test_the_receiver_is_where_the_seats_are_not_the_nearest_school(standards: Standards) -> None:
    # B has seats for its own 50 children only: A's 60 go to C (B's would have a 3 km trip to C).
    project = _county(seats_b=50)
    moves = receivers(_review(project, standards, [(2026, Scenario("plan-2026", (Close("A"),)))]))
    assert [(m.school_id, m.to_id, m.children) for m in moves] == [("A", "C", 60.0)]
    assert (moves[0].x1, moves[0].y1) == (X0 + 1000.0, Y0 - 2050.0)


def test_a_school_merged_away_goes_where_the_assignment_sends_its_children(standards: Standards) -> None:
    project = _county()
    # Merged into C, whose site is kept: A's seats go with it, but its children's nearest seats are B's.
    merged = Scenario("plan-2026", (Merge(("C", "A"), into="C"),))
    moves = receivers(_review(project, standards, [(2026, merged)]))
    assert [(m.year, m.school_id, m.to_id, m.kind) for m in moves] == [(2026, "A", "B", "closed")]
    assert moves[0].children == pytest.approx(60.0)
    # Merged into B: B.
    merged = Scenario("plan-2026", (Merge(("B", "A"), into="B"),))
    moves = receivers(_review(project, standards, [(2026, merged)]))
    assert [(m.school_id, m.to_id, m.to_name) for m in moves] == [("A", "B", "乙小学")]


def test_a_teaching_point_sends_its_older_grades_on(standards: Standards) -> None:
    project = _county()
    nothing = Scenario("plan-2026", ())
    cut = Scenario("plan-2027", (ChangeGrades("A", 1, 3),))
    moves = receivers(_review(project, standards, [(2026, nothing), (2027, cut), (2028, cut)]))
    # A's cell keeps 40 children of grades 1-3 at the teaching point; its 20 of grades 4-6 go to B.
    assert [(m.year, m.school_id, m.to_id, m.kind) for m in moves] == [(2027, "A", "B", "teaching_point")]
    assert moves[0].children == pytest.approx(20.0)


def test_no_change_no_move(standards: Standards) -> None:
    project = _county()
    grown = Scenario("plan-2026", ())
    assert receivers(_review(project, standards, [(2026, grown)])) == []


def test_a_move_is_frozen() -> None:
    move = Move(2026, "A", "a", "B", "b", 1.0, 0.0, 0.0, 1.0, 1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        move.year = 2027  # type: ignore[misc]
    assert move.kind == "closed"


# --------------------------------------------------------------------------- the demo county


@cache
def demo_plan() -> tuple[Project, Standards, CountyPlan, PlanReview]:
    """The demo county's plan for 2026-2030 within 8,000 万元 (20 s of solving, no worth) and its review;
    shared with the tests of the plan's files."""
    from app.cli import DEMO_PROJECT
    from gis.plan import Budget, county_plan
    from gis.plan.review import review_plan
    from gis.project import load_project

    project = load_project(DEMO_PROJECT)
    standards = load_standards(None)
    plan = county_plan(
        project,
        standards,
        years=list(range(2026, 2031)),
        budget=Budget(total=8000),
        time_limit=20,
        worth=False,
    )
    return project, standards, plan, review_plan(project, standards, plan)


@pytest.fixture(scope="module")
def demo_review() -> PlanReview:
    return demo_plan()[3]


@pytest.mark.slow
def test_every_receiver_of_the_demo_plan_is_open_that_year(demo_review: PlanReview) -> None:
    moves = receivers(demo_review)
    by_year = {r.year: r for r in demo_review.years}
    for move in moves:
        after = by_year[move.year].plan.project.schools
        ids = after["school_id"].astype(str).tolist()
        assert move.to_id in ids, move
        assert move.to_id != move.school_id
        row = ids.index(move.to_id)
        if move.kind == "teaching_point":  # the receiver teaches the grades the school gave up
            assert int(after["grade_max"].iloc[row]) > 3, move
        assert move.children > 0
    # One move for each school the plan closes, merges away or cuts back, in the year of its action
    # (the demo's plan may have none: every village school there is the only school within reach of
    # some of its children, whom the rules keep; the tiny counties above have moves by hand).
    done = {(a.year, a.school_id) for a in demo_review.plan.actions if a.action in ("close", "merge", "teaching_point")}
    assert {(m.year, m.school_id) for m in moves} == done
    kinds = {a.school_id: a.action for a in demo_review.plan.actions}
    assert all((m.kind == "teaching_point") == (kinds[m.school_id] == "teaching_point") for m in moves)
