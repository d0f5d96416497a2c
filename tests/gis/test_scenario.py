"""Scenarios: edits applied to tiny counties, compared with the baseline by hand."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from app.cli import main as cli_main
from gis.analysis import analyze
from gis.compare import compare, county_figures
from gis.edits import (
    Close,
    ConvertToBoarding,
    Merge,
    Open,
    Scenario,
    SetCapacity,
    edit_from_dict,
    edit_to_dict,
    scenario_from_json,
)
from gis.errors import InputError
from gis.project import Project, load_project, save_project
from gis.scenario import apply_scenario
from gis.standards import load_standards
from gis.usecases import evaluate_scenario
from tests.conftest import X0, Y0, make_project, school_row

WALK_M_PER_MIN = 3600 / 60
OFFROAD_M_PER_MIN = 2000 / 60


@pytest.fixture(scope="module")
def standards():  # type: ignore[no-untyped-def]
    return load_standards()


def test_close_and_open_change_travel_by_hand(line_county: Project, standards) -> None:  # type: ignore[no-untyped-def]
    # Close P1 (x = 1000) and open a primary school at x = 3000 on the same road.
    scenario = Scenario(
        "move", (Close("P1"), Open("P2", "新小学", X0 + 3000, Y0 - 50, "primary", capacity_primary=100))
    )
    baseline = analyze(line_county, standards)
    after = evaluate_scenario(line_county, scenario, standards)
    cells_x = [1050.0, 3050.0]
    before_min = [abs(x - 1000) / WALK_M_PER_MIN for x in cells_x] + [100 / OFFROAD_M_PER_MIN + 4050 / WALK_M_PER_MIN]
    after_min = [abs(x - 3000) / WALK_M_PER_MIN for x in cells_x] + [100 / OFFROAD_M_PER_MIN + 2050 / WALK_M_PER_MIN]
    lower = [5.0, 10.0, 3.0]  # grades 1-3 children of the three cells
    comparison = compare(baseline, after, name="move")
    mean = comparison.value("grades_1_3.mean_travel_min")
    assert mean.baseline == pytest.approx(sum(m * c for m, c in zip(before_min, lower, strict=True)) / 18)
    assert mean.scenario == pytest.approx(sum(m * c for m, c in zip(after_min, lower, strict=True)) / 18)
    assert mean.change == pytest.approx(mean.scenario - mean.baseline)
    worst = comparison.value("grades_1_3.max_travel_min")
    assert worst.baseline == pytest.approx(before_min[2])
    assert worst.scenario == pytest.approx(after_min[2])
    # Within 30 minutes: before only the cell at 1050 (5 children, under a minute); after only
    # the cell at 3050 (10 children): the cell at 1050 is then 1950 m, 32.5 minutes away.
    assert comparison.value("grades_1_3.share_within_threshold").scenario == pytest.approx(10 / 18)
    assert comparison.value("primary.seats").baseline == 270
    assert comparison.value("primary.seats").scenario == 100
    table = comparison.table()
    assert list(table.columns) == ["metric", "baseline", "scenario", "change"]
    assert len(line_county.schools) == 2  # the input is untouched


def test_boarding_demand_by_hand(line_county: Project, standards) -> None:  # type: ignore[no-untyped-def]
    # Grades 4-6 (half of the primary cohort) walk; beyond 30 minutes they must board.
    # Cell x = 3050: 2050 m, 34.2 min -> 10 boarders; the cell 100 m south of x = 5050:
    # 3 + 67.5 min -> 3 boarders; the cell at x = 1050 is under a minute away. Junior trips
    # by road are all within 45 minutes. Grades 1-3 never board.
    figures = county_figures(analyze(line_county, standards))
    assert figures["primary.boarding_demand"] == pytest.approx(13.0)
    assert figures["junior.boarding_demand"] == pytest.approx(0.0)
    assert figures["boarding.beds_short"] == pytest.approx(13.0)
    converted = apply_scenario(line_county, Scenario("beds", (ConvertToBoarding("P1", 20),)))
    after = county_figures(analyze(converted, standards))
    assert after["boarding.beds"] == 20
    assert after["boarding.beds_short"] == pytest.approx(0.0)


def _two_small_schools() -> Project:
    schools = [
        school_row(school_id="T", name="教学点", type="teaching_point", grade_min=1, grade_max=3, x=0.0, y=-50.0,
                   enrol_g1=5, enrol_g2=6, enrol_g3=7, classes_primary=1, capacity_primary=30, teachers=2, books=100),
        school_row(school_id="J", name="初中", type="junior", grade_min=7, grade_max=9, x=500.0, y=-50.0,
                   enrol_g7=30, enrol_g8=31, enrol_g9=32, classes_junior=3, capacity_junior=150, teachers=12,
                   books=900, boarding=True, boarding_beds=40),
    ]  # fmt: skip
    return make_project(roads=[([(0.0, -50.0), (2000.0, -50.0)], "village")], schools=schools, cells=[(0, 3, 5, 5)])


def test_merge_adds_resources_and_grades() -> None:
    project = _two_small_schools()
    merged = apply_scenario(project, Scenario("m", (Merge(("T", "J"), "J", name="九年一贯制学校"),))).schools
    assert merged["school_id"].tolist() == ["J"]
    row = merged.iloc[0]
    assert (row["grade_min"], row["grade_max"], row["type"]) == (1, 9, "nine_year")
    assert [row[f"enrol_g{g}"] for g in range(1, 10)] == [5, 6, 7, 0, 0, 0, 30, 31, 32]
    assert (row["teachers"], row["books"], row["classes_primary"], row["classes_junior"]) == (14, 1000, 1, 3)
    assert (row["capacity_primary"], row["capacity_junior"], row["boarding_beds"]) == (30, 150, 40)
    assert bool(row["boarding"]) and row["name"] == "九年一贯制学校"
    assert merged.geometry.iloc[0].x == pytest.approx(X0 + 500)  # the receiving school's site


def test_capacity_and_open_fields() -> None:
    project = _two_small_schools()
    out = apply_scenario(
        project,
        Scenario(
            "c",
            (
                SetCapacity("T", capacity_primary=45),
                Open("N", "新教学点", X0 + 1500, Y0 - 50, "teaching_point", capacity_primary=25),
                ConvertToBoarding("N", 10),
            ),
        ),
    ).schools
    assert out.set_index("school_id").loc["T", "capacity_primary"] == 45
    new = out.set_index("school_id").loc["N"]
    assert (new["grade_min"], new["grade_max"], new["township"]) == (1, 3, "T1")
    assert (new["capacity_primary"], new["boarding_beds"], bool(new["boarding"])) == (25, 10, True)
    assert new["enrol_g1"] == 0
    assert out["school_id"].dtype == project.schools["school_id"].dtype


def test_every_bad_edit_is_reported_together() -> None:
    project = _two_small_schools()
    scenario = Scenario(
        "bad",
        (
            Close("X"),
            Open("T", "dup", X0, Y0 - 50),
            Open("N", "far", X0 + 90_000, Y0),
            Open("M", "odd", X0, Y0 - 50, "college"),
            SetCapacity("J", capacity_junior=-1),
            Merge(("T", "J"), "Q"),
            Close("T"),
            ConvertToBoarding("T", 5),
        ),
    )
    with pytest.raises(InputError) as info:
        apply_scenario(project, scenario)
    text = [str(p) for p in info.value.problems]
    assert len(text) == 7
    assert "edit 1, field school_id: no such school" in text[0] and "(value: X)" in text[0]
    assert "edit 2, field school_id: this school code is already in use (value: T)" in text[1]
    assert "edit 3, field x, y: the new school lies outside the county" in text[2]
    assert "edit 4, field type: unknown school type (value: college)" in text[3]
    assert "edit 5, field capacity_junior: must not be negative (value: -1)" in text[4]
    assert "edit 6, field into: the receiving school must be one of the merged schools" in text[5]
    assert "edit 8, field school_id: no such school (it may have been closed" in text[6]  # closed by edit 7
    assert len(project.schools) == 2


def test_edits_round_trip_through_json() -> None:
    scenario = Scenario(
        "全部",
        (
            Close("A"),
            Merge(("A", "B"), "B", "合并"),
            Open("N", "新校", 1.5, 2.5, "nine_year", 10, 20, 30),
            SetCapacity("C", capacity_junior=5),
            ConvertToBoarding("D", 7),
        ),
        "说明",
    )
    back = scenario_from_json(scenario.name, scenario.edits_json(), scenario.description)
    assert back == scenario
    assert edit_from_dict(edit_to_dict(Open("N", "x", 1, 2))) == Open("N", "x", 1.0, 2.0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[{", "the edits are not valid JSON"),
        ('{"kind": "close"}', "the edits must be a JSON list"),
        ('[{"kind": "demolish", "school_id": "A"}]', "field kind: unknown kind of edit (value: demolish)"),
        ('[{"kind": "close"}]', "field school_id: a 'close' edit needs this field"),
        ('[{"kind": "close", "school_id": "A", "when": 1}]', "field when: unknown field for a 'close' edit"),
        ('[{"kind": "boarding", "school_id": "A", "beds": "many"}]', "a 'boarding' edit has a value of the wrong type"),
        ('[{"kind": "boarding", "school_id": "A", "beds": 2.5}]', "a 'boarding' edit has a value of the wrong type"),
        ("[3]", "an edit must be an object with a kind"),
    ],
)
def test_bad_saved_edits_are_explained(text: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        scenario_from_json("s", text)
    assert expected in str(info.value.problems[0])


def test_scenarios_are_saved_in_the_project(tmp_path: Path) -> None:
    project = _two_small_schools()
    first = Scenario("关闭教学点", (Close("T"),), "并入初中")
    second = Scenario("扩容", (SetCapacity("J", capacity_junior=200),))
    path = save_project(project.with_scenario(first).with_scenario(second), tmp_path / "p.gpkg")
    loaded = load_project(path)
    assert loaded.scenarios == (first, second)
    replaced = loaded.with_scenario(Scenario("扩容", (SetCapacity("J", capacity_junior=250),)))
    assert [s.name for s in replaced.scenarios] == ["关闭教学点", "扩容"]
    assert replaced.scenario("扩容").edits == (SetCapacity("J", capacity_junior=250),)
    assert [s.name for s in replaced.without_scenario("关闭教学点").scenarios] == ["扩容"]
    with pytest.raises(InputError, match="no scenario of this name"):
        loaded.scenario("nothing")


def test_a_broken_scenarios_table_is_reported_by_row(tmp_path: Path) -> None:
    path = save_project(_two_small_schools(), tmp_path / "p.gpkg")
    table = pd.DataFrame({"name": ["good", "broken"], "description": ["", ""], "edits": ["[]", '[{"kind": "x"}]']})
    pyogrio.write_dataframe(table, path, layer="scenarios", driver="GPKG")
    with pytest.raises(InputError) as info:
        load_project(path)
    text = str(info.value.problems[0])
    assert "layer scenarios" in text and "row 2 (broken), edit 1" in text and "unknown kind of edit" in text


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_command_line_scenarios_and_comparison(line_county: Project, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = save_project(line_county, tmp_path / "line.gpkg")
    code = cli_main(
        [
            "scenario",
            str(path),
            "add",
            "搬迁",
            "--close",
            "P1",
            "--open",
            f"P2:name=新小学,x={X0 + 3000},y={Y0 - 50},type=primary,capacity_primary=100",
        ]
    )
    assert code == 0
    assert [s.name for s in load_project(path).scenarios] == ["搬迁"]
    before = _digest(path)
    assert cli_main(["scenario", str(path), "add", "bad", "--close", "NOPE"]) == 2
    assert cli_main(["scenario", str(path), "add", "bad", "--open", "Q:name=x,x=abc,y=1"]) == 2
    assert _digest(path) == before  # nothing saved on bad input
    assert "no such school" in capsys.readouterr().err
    assert cli_main(["compare", str(path), "--scenario", "搬迁", "--out", str(tmp_path / "cmp"), "--quiet"]) == 0
    table = pd.read_csv(tmp_path / "cmp" / "comparison.csv", encoding="utf-8-sig").set_index("metric")
    assert table.loc["grades_1_3.share_within_threshold", "baseline"] == pytest.approx(5 / 18)
    assert table.loc["grades_1_3.share_within_threshold", "scenario"] == pytest.approx(10 / 18)
    assert table.loc["primary.schools", "change"] == 0
    assert cli_main(["compare", str(path), "--scenario", "none", "--out", str(tmp_path / "x")]) == 2
    assert cli_main(["scenario", str(path), "remove", "搬迁"]) == 0
    assert load_project(path).scenarios == ()


def test_every_kind_of_edit_has_a_handler() -> None:
    from gis.edits import EDIT_TYPES
    from gis.scenario import _HANDLERS

    assert set(EDIT_TYPES.values()) == set(_HANDLERS)
