"""Beds for left-behind children first: :func:`beds_first` on hand-made arrays, and
:func:`left_behind_boarding` on a hand-made review of one year (two villages, three schools),
every expected figure worked out by hand below."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from gis.analysis import Group, LevelAnalysis
from gis.errors import InputError
from gis.importing.left_behind import LeftBehind
from gis.plan.left_behind import LEFT_BEHIND_COLUMNS, beds_first, left_behind_boarding


def test_beds_go_to_the_left_behind_boarders_of_each_school() -> None:
    share = beds_first(
        children=np.array([10.0, 20.0, 8.0, 5.0, 3.0]),
        boarding=np.array([1.0, 0.5, 0.0, 1.0, 1.0]),
        school=np.array([0, 0, 1, -1, 2]),
        beds=np.array([6.0, 4.0, 4.0]),
        left_behind=np.array([4.0, 10.0, 8.0, 5.0, 5.0]),
    )
    # School 0: 4 of row 0 and half of row 1's 10; school 1: row 2 does not board; row 3 has no
    # school; school 2: row 4's 5 left-behind cut to its 3 children.
    assert share.boarders.tolist() == [9.0, 0.0, 3.0]
    assert share.got.tolist() == [6.0, 0.0, 3.0]
    assert share.without.tolist() == [3.0, 0.0, 0.0]


def test_rows_and_schools_must_fit() -> None:
    with pytest.raises(ValueError, match="one value per row"):
        beds_first(np.ones(2), np.ones(3), np.zeros(2, dtype=int), np.ones(1), np.ones(2))
    with pytest.raises(ValueError, match="beyond"):
        beds_first(np.ones(2), np.ones(2), np.array([0, 1]), np.ones(1), np.ones(2))
    empty = beds_first(np.zeros(0), np.zeros(0), np.zeros(0, dtype=int), np.array([5.0]), np.zeros(0))
    assert empty.boarders.tolist() == [0.0]
    assert empty.got.tolist() == [0.0]


# Four cells: 0 and 1 in village V1 (10 and 30 children of 6-14 in the base year: 40), 2 and 3
# in V2 (40); V3 has no cell. Schools: S0 a nine-year school, S1 a teaching point of grades 1-3,
# S2 a primary school.
PLACE = np.array([0, 0, 1, 1])
BASE = np.array([10.0, 30.0, 20.0, 20.0])
# V1: 10 of 40 left behind (a quarter); V2: 60 of 40, taken as all; V3: 7 with no children.
LEFT = LeftBehind(("V1", "V2", "V3"), np.array([10.0, 60.0, 7.0]))


def _analysis(beds: list[float]) -> SimpleNamespace:
    primary = LevelAnalysis(
        level="primary",
        threshold_min=30.0,
        cells=np.array([0, 1, 2, 3]),
        children=np.array([8.0, 12.0, 10.0, 12.0]),
        groups=(
            Group("grades_1_3", (1, 2, 3), "walk", 30.0, np.array([4.0, 4.0, 4.0, 6.0]), np.array([0, 1, 2]),
                  np.array([0, 0, 1, 2]), np.array([40.0, 20.0, 5.0, 35.0])),
            Group("grades_4_6", (4, 5, 6), "walk", 30.0, np.array([4.0, 8.0, 6.0, 6.0]), np.array([0, 2]),
                  np.array([0, 0, 2, 2]), np.array([40.0, 20.0, 45.0, 35.0])),
        ),
        assigned_school=np.array([0, 0, 1, 2]),
        assigned_minutes=np.array([40.0, 20.0, 5.0, 35.0]),
        overflow=np.array([0.0, 0.0, 0.0, 6.0]),
        school_load=np.zeros(3),
        boarding_demand=np.zeros(3),
    )  # fmt: skip
    junior = LevelAnalysis(
        level="junior",
        threshold_min=45.0,
        cells=np.array([0, 2]),
        children=np.array([6.0, 4.0]),
        groups=(
            Group("grades_7_9", (7, 8, 9), "motor", 45.0, np.array([6.0, 4.0]), np.array([0]), np.array([0, 0]),
                  np.array([50.0, 90.0])),
        ),
        assigned_school=np.array([0, 0]),
        assigned_minutes=np.array([50.0, 90.0]),
        overflow=np.zeros(2),
        school_load=np.zeros(3),
        boarding_demand=np.zeros(3),
    )  # fmt: skip
    schools = pd.DataFrame({"school_id": ["S0", "S1", "S2"], "boarding_beds": beds})
    places = pd.DataFrame({"name": ["V1", "V2", "V3"]})
    return SimpleNamespace(
        project=SimpleNamespace(schools=schools, places=places), levels={"primary": primary, "junior": junior}
    )


def _review(baseline: SimpleNamespace, plan: SimpleNamespace) -> SimpleNamespace:
    grades = np.zeros((2, 4, 9))
    grades[0, :, 0] = BASE  # the base year's children (all put in grade 1: only the sum counts)
    projection = SimpleNamespace(place=PLACE, grades=grades, base_year=2025)
    return SimpleNamespace(
        years=(SimpleNamespace(year=2026, baseline=baseline, plan=plan),),
        plan=SimpleNamespace(forecast=SimpleNamespace(projection=projection)),
    )


def test_left_behind_boarders_and_their_beds_by_hand() -> None:
    review = _review(_analysis([5.0, 0.0, 100.0]), _analysis([10.0, 0.0, 100.0]))
    result = left_behind_boarding(review, LEFT)  # type: ignore[arg-type]
    # Grades 1-3 never board. Grades 4-6: cell 0 rides 40 min > 30 to S0 (a quarter of its 4
    # children left behind: 1); cell 1 is within 30; cell 2's main school is the teaching point
    # S1, so its grades 4-6 go to their nearest primary S2 at 45 min (6, all left behind); cell 3
    # rides 35 min to S2, half of its children without a seat (3 of 6 placed, all left behind).
    # Grades 7-9: cell 0 at 50 min > 45 (a quarter of 6: 1.5), cell 2 at 90 (4) to S0.
    baseline = result.get(2026, "baseline")
    assert baseline.school_ids == ("S0", "S1", "S2")
    assert baseline.boarders == pytest.approx([1.0 + 1.5 + 4.0, 0.0, 6.0 + 3.0])
    assert baseline.got == pytest.approx([5.0, 0.0, 9.0])
    assert (baseline.left_behind_boarders, baseline.with_bed, baseline.without_bed) == pytest.approx((15.5, 14.0, 1.5))
    plan = result.get(2026, "plan")
    assert (plan.left_behind_boarders, plan.with_bed, plan.without_bed) == pytest.approx((15.5, 15.5, 0.0))
    table = result.table()
    assert list(table.columns) == list(LEFT_BEHIND_COLUMNS)
    assert table[["year", "situation"]].values.tolist() == [[2026, "baseline"], [2026, "plan"]]
    assert table["beds"].tolist() == [105.0, 110.0]
    assert len(result.notes) == 2
    assert result.notes[0].startswith("1 place(s) with more left-behind children than children of 6-14")
    assert "V2 (60 of 40)" in result.notes[0]
    assert result.notes[1] == "7 left-behind children of 1 place(s) without children on the grid not counted (V3)"


def test_no_left_behind_children_no_left_behind_boarders() -> None:
    review = _review(_analysis([5.0, 0.0, 100.0]), _analysis([5.0, 0.0, 100.0]))
    result = left_behind_boarding(review, LeftBehind(("V1", "V2", "V3"), np.zeros(3)))  # type: ignore[arg-type]
    assert result.table()[["left_behind_boarders", "with_bed", "without_bed"]].to_numpy().sum() == 0.0
    assert result.notes == ()


def test_a_table_of_other_places_is_refused() -> None:
    review = _review(_analysis([5.0, 0.0, 100.0]), _analysis([5.0, 0.0, 100.0]))
    with pytest.raises(InputError, match="other places"):
        left_behind_boarding(review, LeftBehind(("V1", "V2"), np.ones(2)))  # type: ignore[arg-type]
