"""County balance assessment: coefficients by hand and by numpy's weighted averages, school standards."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from app.cli import main as cli_main
from gis.balance import BASIC, QUALITY, assess, contributions, difference_coefficient
from gis.edits import Merge, Scenario
from gis.project import load_project
from gis.scenario import apply_scenario
from gis.schema import SCHOOL_COLUMNS
from gis.standards import load_standards
from tests.conftest import CRS, X0, Y0, make_project, school_row

DEMO = Path(__file__).resolve().parents[2] / "data" / "bancang.gpkg"


@pytest.fixture(scope="module")
def standards():  # type: ignore[no-untyped-def]
    return load_standards()


def test_coefficient_by_hand_is_pupil_weighted() -> None:
    # Pupils 100 and 300, resource 200 and 300: per pupil 2 and 1; county mean 500/400 = 1.25.
    # S = sqrt(0.25·0.75² + 0.75·0.25²) = sqrt(0.1875); CV = S / 1.25 = 0.34641.
    cv = difference_coefficient(np.array([200.0, 300.0]), np.array([100.0, 300.0]))
    assert cv == pytest.approx(math.sqrt(0.1875) / 1.25)
    # The unweighted std/mean of the per-pupil values is 0.5 / 1.5 = 0.3333: a different number.
    assert cv != pytest.approx(np.std([2.0, 1.0]) / np.mean([2.0, 1.0]), abs=1e-3)
    shares = contributions(np.array([200.0, 300.0]), np.array([100.0, 300.0]))
    np.testing.assert_allclose(shares, [0.140625 / 0.1875, 0.046875 / 0.1875])


def test_schools_without_pupils_are_left_out() -> None:
    with_empty = difference_coefficient(np.array([200.0, 300.0, 50.0]), np.array([100.0, 300.0, 0.0]))
    assert with_empty == pytest.approx(difference_coefficient(np.array([200.0, 300.0]), np.array([100.0, 300.0])))
    assert math.isnan(difference_coefficient(np.array([1.0]), np.array([0.0])))


def school(school_id: str, pupils: int, *, kind: str = "primary", **resources: float) -> dict[str, Any]:
    lo, hi = {"primary": (1, 6), "teaching_point": (1, 3), "junior": (7, 9)}[kind]
    per = {f"enrol_g{g}": 0 for g in range(1, 10)}
    grades = list(range(lo, hi + 1))
    for k, g in enumerate(grades):
        per[f"enrol_g{g}"] = pupils // len(grades) + (1 if k < pupils % len(grades) else 0)
    return school_row(school_id=school_id, name=school_id, type=kind, grade_min=lo, grade_max=hi, x=0.0, y=0.0,
                      **per, **resources)  # fmt: skip


def frame(rows: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    for r in rows:
        r.pop("x", None)
        r.pop("y", None)
    return gpd.GeoDataFrame(rows, geometry=[Point(X0, Y0)] * len(rows), crs=CRS)[[*SCHOOL_COLUMNS, "geometry"]]


RESOURCES = {
    "A": dict(floor_area_m2=900, sports_area_m2=1500, equipment_value_yuan=400_000, computers=30, books=6000,
              teachers=20, teachers_qualified=12, teachers_senior=6, key_teachers=2, pe_arts_teachers=2,
              multimedia_rooms=5),
    "B": dict(floor_area_m2=400, sports_area_m2=2000, equipment_value_yuan=150_000, computers=5, books=1500,
              teachers=6, teachers_qualified=2, teachers_senior=1, key_teachers=0, pe_arts_teachers=1,
              multimedia_rooms=1),
    "C": dict(floor_area_m2=3000, sports_area_m2=4000, equipment_value_yuan=1_200_000, computers=80, books=20000,
              teachers=45, teachers_qualified=30, teachers_senior=20, key_teachers=8, pe_arts_teachers=6,
              multimedia_rooms=14),
}  # fmt: skip
PUPILS = {"A": 200, "B": 60, "C": 700}


def numpy_cv(resource: np.ndarray, pupils: np.ndarray) -> float:
    """The same formula through numpy's weighted averages: mean of x weighted by pupils is ΣR/ΣP."""
    x = resource / pupils
    mean = np.average(x, weights=pupils)
    return float(np.sqrt(np.average((x - mean) ** 2, weights=pupils)) / mean)


def test_composites_are_means_of_the_indicators(standards) -> None:  # type: ignore[no-untyped-def]
    schools = frame([school(k, PUPILS[k], **RESOURCES[k]) for k in "ABC"])
    result = assess(schools, standards)
    pupils = np.array([PUPILS[k] for k in "ABC"], dtype=float)
    for method, indicators in (("basic", BASIC), ("quality", QUALITY)):
        cvs = []
        for name, (column, _per, _label) in indicators.items():
            expected = numpy_cv(np.array([RESOURCES[k][column] for k in "ABC"], dtype=float), pupils)
            assert result.get("primary", method, name).coefficient == pytest.approx(expected)
            cvs.append(expected)
        composite = result.get("primary", method)
        assert composite.coefficient == pytest.approx(np.mean(cvs))
        assert composite.threshold == (0.65 if method == "basic" else 0.50)
    basic = result.get("primary", "basic")
    assert basic.passes == (basic.coefficient <= 0.65)
    quality = [result.get("primary", "quality", n) for n in QUALITY]
    assert result.get("primary", "quality").passes == all(q.coefficient <= 0.50 for q in quality)
    # The school furthest from the county's ratio contributes most (B: 60 pupils, 0 key teachers).
    assert result.get("primary", "quality", "key_teachers_per_100").top_schools[0][0] in {"B", "C"}


def test_small_teaching_points_can_be_left_out(standards) -> None:  # type: ignore[no-untyped-def]
    rows = [school(k, PUPILS[k], **RESOURCES[k]) for k in "AC"]
    rows.append(school("T", 30, kind="teaching_point", **RESOURCES["B"]))
    schools = frame(rows)
    rules = dataclasses.replace(standards.balance, exclude_teaching_points_under=50)
    left_out = assess(schools, dataclasses.replace(standards, balance=rules))
    kept = assess(schools, standards)
    column = "floor_area_m2"
    only_ac = numpy_cv(np.array([900.0, 3000.0]), np.array([200.0, 700.0]))
    assert left_out.get("primary", "basic", "floor_area_per_pupil").coefficient == pytest.approx(only_ac)
    all_three = numpy_cv(np.array([900.0, 3000.0, RESOURCES["B"][column]]), np.array([200.0, 700.0, 30.0]))
    assert kept.get("primary", "basic", "floor_area_per_pupil").coefficient == pytest.approx(all_three)
    assert left_out.get("primary", "basic", "composite").schools == 2


def test_merging_two_schools_adds_their_resources_and_pupils(standards) -> None:  # type: ignore[no-untyped-def]
    rows = [school(k, PUPILS[k], **RESOURCES[k]) for k in "ABC"]
    project = make_project(roads=[([(0.0, 0.0), (100.0, 0.0)], "village")], schools=rows, cells=[])
    merged = apply_scenario(project, Scenario("m", (Merge(("A", "B"), "A"),)))
    result = assess(merged.schools, standards)
    pupils = np.array([PUPILS["A"] + PUPILS["B"], PUPILS["C"]], dtype=float)
    for name, (column, _per, _label) in QUALITY.items():
        resource = np.array([RESOURCES["A"][column] + RESOURCES["B"][column], RESOURCES["C"][column]], dtype=float)
        assert result.get("primary", "quality", name).coefficient == pytest.approx(numpy_cv(resource, pupils))


def test_per_school_rule_six_of_seven_and_85_percent(standards) -> None:  # type: ignore[no-untyped-def]
    # 100 pupils; every standard met exactly except key teachers (standard 1 per 100 pupils).
    base = dict(teachers_qualified=4.2, key_teachers=1, pe_arts_teachers=0.9, floor_area_m2=450, sports_area_m2=750,
                equipment_value_yuan=200_000, multimedia_rooms=2.3)  # fmt: skip
    cases = {
        "ALL": {},
        "SIX_90": {"floor_area_m2": 405},  # 90% of 4.5 m² per pupil: passes
        "SIX_80": {"floor_area_m2": 360},  # 80%: fails
        "FIVE": {"floor_area_m2": 440, "sports_area_m2": 740},  # two just under: fails
    }
    rows = [school(name, 100, **{**base, **change}) for name, change in cases.items()]
    table = assess(frame(rows), standards).school_standards.set_index("school_id")
    assert table.loc["ALL", "standards_met"] == 7 and bool(table.loc["ALL", "passes"])
    assert table.loc["SIX_90", "standards_met"] == 6 and bool(table.loc["SIX_90", "passes"])
    assert table.loc["SIX_90", "floor_area_per_pupil_share"] == pytest.approx(0.9)
    assert table.loc["SIX_80", "standards_met"] == 6 and not bool(table.loc["SIX_80", "passes"])
    assert table.loc["FIVE", "standards_met"] == 5 and not bool(table.loc["FIVE", "passes"])


def test_class_sizes_and_boarding(standards) -> None:  # type: ignore[no-untyped-def]
    rows = [
        school("BIG", 600, classes_primary=10, boarding_beds=20, boarders=50),  # 60 a class: large
        school("HUGE", 700, classes_primary=10),  # 70: very large
        school("OK", 400, classes_primary=10),  # 40: within 45
    ]
    classes = assess(frame(rows), standards).classes.set_index("school_id")
    assert classes.loc["BIG", "mean_class_size_primary"] == 60
    assert classes.loc["BIG", "large_classes_primary"] == 10 and classes.loc["BIG", "very_large_classes_primary"] == 0
    assert classes.loc["HUGE", "very_large_classes_primary"] == 10
    assert classes.loc["OK", "classes_over_standard_primary"] == 0
    assert classes.loc["BIG", "beds_short"] == 30


def test_demo_county_figures_are_believable(standards) -> None:  # type: ignore[no-untyped-def]
    result = assess(load_project(DEMO).schools, standards)
    table = result.table()
    assert ((table["coefficient"] > 0.05) & (table["coefficient"] < 1.5)).all()
    quality = table[(table["method"] == "quality") & (table["indicator"] != "composite")]
    assert (quality["passes"] == False).any()  # noqa: E712 - some indicators fail, as before an assessment
    assert (quality["passes"] == True).any()  # noqa: E712
    assert 0 < result.school_standards["passes"].sum() < len(result.school_standards)


def test_balance_command(tmp_path: Path) -> None:
    out = tmp_path / "bal"
    assert cli_main(["balance", str(DEMO), "--out", str(out)]) == 0
    table = pd.read_csv(out / "balance.csv", encoding="utf-8-sig")
    assert list(table.columns[:6]) == ["level", "method", "indicator", "coefficient", "threshold", "passes"]
    assert len(table) == 2 * (len(BASIC) + 1 + len(QUALITY) + 1)
    assert (out / "school_standards.csv").exists() and (out / "classes.csv").exists()


def test_scenario_pupils_follow_the_children(line_county, standards) -> None:  # type: ignore[no-untyped-def]
    from gis.analysis import analyze
    from gis.balance import scenario_pupils
    from gis.edits import Close, Open, SetCapacity

    # P1 (240 recorded pupils) closes; a new school at 3000 m takes all 36 children of the
    # grid. J1 keeps its children, so its 150 recorded pupils stay.
    scenario = Scenario("move", (Close("P1"), Open("P2", "新小学", X0 + 3000, Y0 - 50, capacity_primary=100)))
    baseline = analyze(line_county, standards)
    after = analyze(apply_scenario(line_county, scenario), standards)
    pupils = scenario_pupils(baseline, after)
    assert after.project.schools["school_id"].tolist() == ["J1", "P2"]
    np.testing.assert_allclose(pupils["primary"], [0.0, 36.0])
    np.testing.assert_allclose(pupils["junior"], [150.0, 0.0])
    # Halving P1's seats sends half of its children elsewhere... there is nowhere else: they
    # overflow, and P1's recorded pupils scale with its assigned children (18 of 36).
    half = analyze(apply_scenario(line_county, Scenario("half", (SetCapacity("P1", capacity_primary=18),))), standards)
    np.testing.assert_allclose(scenario_pupils(baseline, half)["primary"], [240.0 * 18 / 36, 0.0])


def test_the_quality_indicators_are_the_rules_files_standards() -> None:
    from gis.balance import QUALITY
    from gis.standards import QUALITY_STANDARDS

    assert tuple(QUALITY) == QUALITY_STANDARDS
