"""The standards plan: hand examples, brute force on small counties, the plan re-applied and
re-assessed, the exchange rules, bad inputs and an unreachable target."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
import scipy.sparse as sp
from shapely.geometry import Point

from gis.balance import assess
from gis.edits import scenario_from_json
from gis.errors import InputError
from gis.schema import SCHOOL_COLUMNS
from gis.standards import load_standards
from gis.standards_plan import StandardsOptions, plan_standards
from tests.conftest import CRS, X0, Y0, school_row

# Per 100 pupils, comfortably above every primary standard (4.2, 1, 0.9 teachers; 4.5 m², 7.5 m²,
# 2,000 yuan per pupil; 2.3 rooms): the same per pupil at every school, so every coefficient is 0.
COMFORT = {
    "teachers_qualified": 6,
    "key_teachers": 2,
    "pe_arts_teachers": 1,
    "floor_area_m2": 500.0,
    "sports_area_m2": 800.0,
    "equipment_value_yuan": 220_000.0,
    "multimedia_rooms": 3,
}


def school(sid: str, pupils: int = 100, teachers: int = 10, **resources: float) -> dict[str, Any]:
    """A primary school of ``pupils`` (grades 1–6) with the comfortable resources, scaled to its pupils."""
    per = {f"enrol_g{g}": 0 for g in range(1, 10)}
    for k in range(pupils):
        per[f"enrol_g{k % 6 + 1}"] += 1
    scaled = {k: (v * pupils / 100 if isinstance(v, float) else round(v * pupils / 100)) for k, v in COMFORT.items()}
    scaled.update(resources)
    return school_row(school_id=sid, name=f"school {sid}", type="primary", grade_min=1, grade_max=6,
                      classes_primary=6, teachers=teachers, **per, **scaled)  # fmt: skip


def frame(rows: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    points = [Point(X0 + 1000 * k, Y0) for k in range(len(rows))]
    return gpd.GeoDataFrame(rows, geometry=points, crs=CRS)[[*SCHOOL_COLUMNS, "geometry"]]


@pytest.fixture(scope="module")
def standards():  # type: ignore[no-untyped-def]
    return load_standards()


def no_training(standards):  # type: ignore[no-untyped-def]
    return dataclasses.replace(standards, teachers=dataclasses.replace(standards.teachers, train_share=0.0))


def test_one_indicator_failing_costs_what_the_hand_says(standards) -> None:  # type: ignore[no-untyped-def]
    # B has 300 m² of floor area for 100 pupils: 3.0 of the standard 4.5 m² (67 %), every other
    # standard met. Passing needs six met and the seventh at 85 %: 382.5 m², so 82.5 m² at
    # 0.30 万元 = 24.75 万元. Raising it is the cheapest of all: the others are met already.
    schools = frame([school("A"), school("B", floor_area_m2=300.0), school("C")])
    before = assess(schools, standards)
    assert before.school_standards.set_index("school_id").loc["B", "passes"] == False  # noqa: E712
    plan = plan_standards(schools, standards, options=StandardsOptions(posts=100))
    assert plan.cost == pytest.approx(82.5 * 0.30)
    assert plan.investments[["school_id", "item"]].values.tolist() == [["B", "floor_area"]]
    assert plan.investments["amount"].iloc[0] == pytest.approx(82.5)
    assert plan.bound <= plan.cost + 1e-9
    assert plan.bound >= plan.cost * (1 - 1e-3)
    assert plan.transfers.empty
    # Re-assessed independently, every school passes and the after figures are the plan's.
    again = assess(plan.schools_after, standards)
    assert again.school_standards["passes"].all()
    assert again.school_standards.set_index("school_id").loc["B", "floor_area_per_pupil_share"] == pytest.approx(0.85)


def test_moving_two_pe_teachers_beats_hiring_them(standards) -> None:  # type: ignore[no-untyped-def]
    # A, in town, has 400 pupils and 8 PE teachers (2 per 100; standard 0.9): it may send 4 (above
    # its own standard, and 10 % of its 40 teachers); B and C, villages of 100, have none and need
    # one each (0 is below 85 % of 0.9). Hiring two costs 2 × 5 years × 10 万 = 100 万; moving two
    # costs 2 × 2 万, and one key teacher must move with them (at least 20 % of the movers; A has 2
    # per 100, B and C 1): 6 万.
    # Every coefficient stays within 0.50 (PE after: 1.5, 1, 1 per 100 → 0.18).
    rules = no_training(standards)
    schools = frame(
        [
            school("A", pupils=400, teachers=40, pe_arts_teachers=8),
            school("B", pe_arts_teachers=0, key_teachers=1),
            school("C", pe_arts_teachers=0, key_teachers=1),
        ]
    )
    commute = sp.csr_matrix(np.array([[0, 20.0, 30.0], [20.0, 0, 15.0], [30.0, 15.0, 0]]))
    settlement = np.array(["town", "village", "village"], dtype=object)
    options = StandardsOptions(posts=200)
    plan = plan_standards(schools, rules, commute=commute, settlement=settlement, options=options)
    assert plan.cost == pytest.approx(3 * 2.0)
    assert plan.hired == 0
    moved = plan.transfers.groupby("kind")["teachers"].sum().to_dict()
    assert moved == {"pe_arts": 2, "key": 1}
    assert set(plan.transfers.loc[plan.transfers["kind"] == "pe_arts", "to_school"]) == {"B", "C"}
    assert set(plan.transfers["from_school"]) == {"A"}
    assert (plan.transfers["commute_min"] <= 60).all()
    # Without transfers the two are hired.
    hired = plan_standards(schools, rules, options=dataclasses.replace(options, transfers=False))
    assert hired.cost == pytest.approx(2 * 5 * 10.0)
    assert hired.hired == 2
    assert set(hired.investments["school_id"]) == {"B", "C"}
    # And with training allowed (one teacher a school, 1 万), B and C train one of their own.
    trained = plan_standards(schools, standards, commute=commute, settlement=settlement, options=options)
    assert trained.cost == pytest.approx(2 * 1.0)
    assert set(trained.investments["item"]) == {"train_pe_arts"}


def test_the_plan_re_applied_as_a_scenario_gives_the_plans_figures(standards) -> None:  # type: ignore[no-untyped-def]
    from gis.scenario import apply_scenario
    from tests.conftest import make_project

    rows = [
        school("A", teachers=30, pe_arts_teachers=4, key_teachers=4) | {"x": 0.0, "y": 0.0},
        school("B", pe_arts_teachers=0, floor_area_m2=350.0, multimedia_rooms=1) | {"x": 1000.0, "y": 0.0},
        school("C", pupils=60, sports_area_m2=200.0) | {"x": 2000.0, "y": 0.0},
    ]
    project = make_project(roads=[([(0, 0), (2000, 0)], "county")], schools=rows, cells=[(0, 0, 10.0, 0.0)])
    commute = sp.csr_matrix(np.array([[0, 5.0, 9.0], [5.0, 0, 4.0], [9.0, 4.0, 0]]))
    plan = plan_standards(
        project.schools, standards, commute=commute, options=StandardsOptions(posts=200, land_m2={"C": 1000.0})
    )
    scenario = plan.scenario("达标")
    # Through the project file's JSON, as --save keeps it.
    saved = scenario_from_json("达标", scenario.edits_json())
    after = assess(apply_scenario(project, saved).schools, standards)
    for c in after.coefficients:
        mine = plan.after.get(c.level, c.method, c.indicator).coefficient
        assert (math.isnan(c.coefficient) and math.isnan(mine)) or c.coefficient == pytest.approx(mine, abs=1e-6)
    assert after.school_standards["passes"].tolist() == plan.after.school_standards["passes"].tolist()
    assert after.school_standards["passes"].all()
    summary = plan.summary.set_index(["level", "indicator"])
    assert summary.loc[("primary", "per_school_rule"), "schools_meeting_after"] == 3
    assert json.loads(scenario.edits_json())[0]["kind"] == "resources"
    # The land limit holds.
    sports = plan.investments[plan.investments["item"] == "sports_ground"]
    assert sports["amount"].sum() <= 1000.0 + 1e-9


def test_bad_inputs_are_refused_in_words(standards) -> None:  # type: ignore[no-untyped-def]
    schools = frame([school("A"), school("B", floor_area_m2=300.0)])
    with pytest.raises(InputError, match="spare land must be 0"):
        plan_standards(schools, standards, options=StandardsOptions(land_m2={"A": -5.0}))
    with pytest.raises(InputError, match="no such school"):
        plan_standards(schools, standards, options=StandardsOptions(land_m2={"Z": 5.0}))
    with pytest.raises(InputError, match=r"fewer than the teachers the schools have \(20\)") as caught:
        plan_standards(schools, standards, options=StandardsOptions(posts=19))
    assert caught.value.problems[0].field == "posts"
    with pytest.raises(InputError, match="budget must be 0 or more"):
        plan_standards(schools, standards, options=StandardsOptions(budget=-1.0))


def test_a_target_no_money_reaches_names_the_school_and_indicator(standards) -> None:  # type: ignore[no-untyped-def]
    # B's sports ground is 40 % of its standard and it has no spare land: no plan passes it.
    schools = frame([school("A"), school("B", sports_area_m2=300.0)])
    with pytest.raises(InputError) as caught:
        plan_standards(schools, standards, options=StandardsOptions(posts=100, land_m2={"B": 0.0}))
    problem = caught.value.problems[0]
    assert problem.feature == "B"
    assert "sports_area_per_pupil" in problem.field
    assert "school B" in str(problem)


def test_a_budget_reaches_the_most_targets_it_can(standards) -> None:  # type: ignore[no-untyped-def]
    # Fixing B costs 24.75 万: with 10 万 nothing is worth buying, one school row stays short; the
    # bound proves that no plan within 10 万 does better.
    schools = frame([school("A"), school("B", floor_area_m2=300.0), school("C")])
    plan = plan_standards(schools, standards, options=StandardsOptions(posts=100, budget=10.0, pareto_steps=2))
    assert plan.mode == "budget"
    assert plan.targets_total == 3 + 7
    assert plan.targets_reached == 9
    assert plan.bound == 9
    assert plan.cost <= 10.0
    assert plan.pareto is not None and len(plan.pareto) == 3
    assert plan.pareto["budget"].tolist() == pytest.approx([0.0, 5.0, 10.0])
    enough = plan_standards(schools, standards, options=StandardsOptions(posts=100, budget=30.0))
    assert enough.targets_reached == enough.targets_total == 10
    assert enough.cost == pytest.approx(24.75)


def _brute_force(schools: gpd.GeoDataFrame, standards, rooms: np.ndarray, hires: np.ndarray):  # type: ignore[no-untyped-def]
    """The least cost of rooms (3 万 each) and PE teachers hired (50 万 each) reaching every target,
    by trying every combination at once (numpy); the per-school rule and the coefficients computed
    here from their definitions (pupil-weighted), not by the module."""
    pupils = schools[[f"enrol_g{g}" for g in range(1, 7)]].to_numpy(dtype=float).sum(axis=1)
    rules = standards.balance
    per = {"teachers_qualified": 100, "key_teachers": 100, "pe_arts_teachers": 100, "floor_area_m2": 1,
           "sports_area_m2": 1, "equipment_value_yuan": 1, "multimedia_rooms": 100}  # fmt: skip
    names = {"teachers_qualified": "teachers_qualified_per_100", "key_teachers": "key_teachers_per_100",
             "pe_arts_teachers": "pe_arts_teachers_per_100", "floor_area_m2": "floor_area_per_pupil",
             "sports_area_m2": "sports_area_per_pupil", "equipment_value_yuan": "equipment_per_pupil",
             "multimedia_rooms": "multimedia_rooms_per_100"}  # fmt: skip
    n = len(schools)
    axes = [np.arange(rooms[i] + 1) for i in range(n)] + [np.arange(hires[i] + 1) for i in range(n)]
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, 2 * n).astype(float)
    added = {"multimedia_rooms": grid[:, :n], "pe_arts_teachers": grid[:, n:]}
    ok = np.ones(len(grid), dtype=bool)
    met = np.zeros((len(grid), n))
    for c in per:
        values = schools[c].to_numpy(dtype=float)[None, :] + added.get(c, 0.0)
        share = values * per[c] / pupils / rules.school_standards[names[c]]["primary"]
        met += share >= 1 - 1e-9
        ok &= (share >= rules.rest_share - 1e-9).all(axis=1)
        mean = values.sum(axis=1, keepdims=True) / pupils.sum()
        cv = np.sqrt(np.sum(pupils / pupils.sum() * (values / pupils - mean) ** 2, axis=1)) / mean[:, 0]
        ok &= cv <= rules.quality["primary"]
    ok &= (met >= rules.standards_met).all(axis=1)
    cost = 3.0 * added["multimedia_rooms"].sum(axis=1) + 50.0 * added["pe_arts_teachers"].sum(axis=1)
    return float(cost[ok].min()) if ok.any() else math.inf


@pytest.mark.parametrize("seed", range(6))
def test_small_counties_match_brute_force(standards, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 5))
    rows = []
    for k in range(n):
        pupils = int(rng.choice([50, 100]))
        rows.append(
            school(
                chr(65 + k),
                pupils=pupils,
                multimedia_rooms=int(rng.integers(0, 3)),
                pe_arts_teachers=int(rng.integers(0, 2)),
            )
        )
    schools = frame(rows)
    # A threshold of 0.25 makes the two coefficients bind; no transfers, no training.
    rules = no_training(standards)
    balance = dataclasses.replace(rules.balance, quality={"primary": 0.25, "junior": 0.45})
    rules = dataclasses.replace(rules, balance=balance)
    pupils = schools[[f"enrol_g{g}" for g in range(1, 7)]].to_numpy(dtype=float).sum(axis=1)

    # Every amount the model may take: no school raised above three times a standard, whole rooms
    # and teachers at least up to the whole number meeting it (its documented bound).
    def most(need: np.ndarray, have: np.ndarray) -> np.ndarray:
        top = np.maximum(np.floor(3 * need + 1e-9), np.ceil(need - 1e-9))
        return np.maximum(top - have, 0).astype(int)

    rooms = most(2.3 * pupils / 100, schools["multimedia_rooms"].to_numpy(dtype=float))
    hires = most(0.9 * pupils / 100, schools["pe_arts_teachers"].to_numpy(dtype=float))
    best = _brute_force(schools, rules, rooms, hires)
    options = StandardsOptions(posts=1000, transfers=False, gap=0.0)
    if math.isinf(best):
        with pytest.raises(InputError):
            plan_standards(schools, rules, options=options)
        return
    plan = plan_standards(schools, rules, options=options)
    assert plan.cost == pytest.approx(best)
    assert plan.bound == pytest.approx(best, rel=1e-6)
