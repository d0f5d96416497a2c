"""``schoolplan standards-plan`` on the demo county: the files, their costs by the rules file, the plan
re-applied and assessed by ``schoolplan balance``, the exchange rules, and bad inputs."""

from __future__ import annotations

import math
import shutil
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from app.cli import EXIT_INPUT, main
from gis.project import load_project

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "bancang.gpkg"
RULES = tomllib.loads((ROOT / "data" / "standards.toml").read_text(encoding="utf-8"))
SAVED = "达标方案"
IDS = {"school_id": str, "from_school": str, "to_school": str}
# A budget: the demo county cannot reach every target at once (the command says so and names the
# indicators and schools that block it); within 3,000 万元 it reaches most. The time limit keeps
# the test short (the plan is then not proven optimal, which changes nothing checked here).
BUDGET = 3000.0
PLAN_OPTIONS = ("--budget", f"{BUDGET:g}", "--time-limit", "20")


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The demo county's standards plan, saved in a copy of the project; (project, out, stdout)."""
    import contextlib
    import io

    folder = tmp_path_factory.mktemp("standards")
    project = folder / "bancang.gpkg"
    shutil.copyfile(DEMO, project)
    out = folder / "out"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(
            [
                "standards-plan",
                str(project),
                *PLAN_OPTIONS,
                "--out",
                str(out),
                "--save",
                SAVED,
                "--lang",
                "zh",
                "--quiet",
            ]
        )
    assert code == 0
    return project, out, printed.getvalue()


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=IDS)


def test_the_files_and_their_columns(solved: tuple[Path, Path, str]) -> None:
    _, out, printed = solved
    for name in ("standards_plan.xlsx", "standards_map.png"):
        assert (out / name).stat().st_size > 1000
    assert list(_read(out / "standards_plan.csv").columns) == ["school_id", "name", "item", "amount", "unit", "cost"]
    assert list(_read(out / "teacher_transfers.csv").columns)[:5] == [
        "from_school", "to_school", "kind", "teachers", "commute_min",
    ]  # fmt: skip
    assert list(_read(out / "standards_summary.csv").columns) == [
        "level", "indicator", "coefficient_before", "coefficient_after", "threshold",
        "schools_meeting_before", "schools_meeting_after",
    ]  # fmt: skip
    assert list(_read(out / "standards_bounds.csv").columns)[:4] == ["measure", "value", "bound", "gap"]
    assert not (out / "standards_pareto.csv").exists()  # no Pareto view by default
    assert "standards_plan.csv" in printed and "gap" in printed


def test_every_cost_is_the_amount_at_the_unit_cost_of_the_rules_file(solved: tuple[Path, Path, str]) -> None:
    _, out, printed = solved
    costs = RULES["costs"]
    hire = costs["teacher_per_year"] * costs["hired_teacher_years"]
    unit_cost = {
        "floor_area": costs["building_m2"],  # 万元 per m²
        "sports_ground": costs["sports_ground_m2"],
        "equipment": 1 / 10_000,  # a yuan of equipment costs a yuan: 1/10,000 万元
        "multimedia_rooms": costs["multimedia_room"],
        "hire_qualified": hire,
        "hire_key": hire,
        "hire_pe_arts": hire,
        "train_qualified": costs["training"],  # 万元 per teacher trained
        "train_key": costs["training"],
        "train_pe_arts": costs["training"],
    }
    invest = _read(out / "standards_plan.csv")
    assert len(invest) > 0
    for row in invest.itertuples(index=False):
        assert row.cost == pytest.approx(row.amount * unit_cost[row.item], rel=1e-6, abs=1e-6), row
    transfers = _read(out / "teacher_transfers.csv")
    bounds = _read(out / "standards_bounds.csv")
    total = invest["cost"].sum() + costs["transfer"] * transfers["teachers"].sum()
    # Within the budget: the cost (the printed one) is the items' and the transfers', and at most the
    # budget; the targets reached are at most their proven bound.
    assert bounds["measure"].item() == "targets_reached"
    assert total <= BUDGET + 1e-6
    assert f"cost {total:,.1f} 万元" in printed
    assert bounds["value"].item() <= bounds["bound"].item() + 1e-9


def test_the_saved_plan_assessed_by_balance_gives_what_the_plan_reports(
    solved: tuple[Path, Path, str], tmp_path: Path
) -> None:
    project, out, _ = solved
    assert main(["balance", str(project), "--scenario", SAVED, "--out", str(tmp_path), "--quiet"]) == 0
    summary = _read(out / "standards_summary.csv")
    balance = pd.read_csv(tmp_path / "balance.csv")
    quality = balance[balance["method"] == "quality"].set_index(["level", "indicator"])["coefficient"]
    schools = pd.read_csv(tmp_path / "school_standards.csv", dtype=IDS)
    for row in summary.itertuples(index=False):
        level_schools = schools[schools["level"] == row.level]
        if row.indicator == "per_school_rule":
            assert int(level_schools["passes"].sum()) == row.schools_meeting_after
            continue
        assert quality[(row.level, row.indicator)] == pytest.approx(row.coefficient_after, abs=1e-6)
        meeting = int((level_schools[f"{row.indicator}_share"] >= 1 - 1e-9).sum())
        assert meeting == row.schools_meeting_after, row
    if not (_read(out / "standards_bounds.csv")["measure"] == "cost").any():
        return  # within a budget: not every target
    # Every target met: the plan reached every coefficient threshold and every school the rule.
    rule = summary[summary["indicator"] == "per_school_rule"]
    for row in rule.itertuples(index=False):
        assert row.schools_meeting_after == len(schools[schools["level"] == row.level])
    coefficients = summary[summary["indicator"] != "per_school_rule"]
    assert (coefficients["coefficient_after"] <= coefficients["threshold"] + 1e-9).all()


def test_every_exchange_rule_holds(solved: tuple[Path, Path, str]) -> None:
    _, out, _ = solved
    rules = RULES["teachers"]
    transfers = _read(out / "teacher_transfers.csv")
    if transfers.empty:
        pytest.skip("the plan moves no teacher")
    schools = load_project(DEMO).schools
    teachers = schools.set_index(schools["school_id"].astype(str))["teachers"]
    assert (transfers["commute_min"] <= rules["commute_max_min"] + 1e-9).all()
    assert set(transfers["kind"]) <= {"qualified", "key", "pe_arts"}
    assert (transfers["from_school"] != transfers["to_school"]).all()
    assert (transfers["teachers"] > 0).all() and (transfers["teachers"] == transfers["teachers"].round()).all()
    leaving = transfers.groupby("from_school")["teachers"].sum()
    for school, n in leaving.items():
        assert n <= rules["exchange_share"] * teachers[school] + 1e-9, (school, n, teachers[school])
    key = transfers.loc[transfers["kind"] == "key", "teachers"].sum()
    assert key >= rules["key_share"] * transfers["teachers"].sum() - 1e-9


def _scenarios(project: Path) -> list[str]:
    return [s.name for s in load_project(project).scenarios]


def test_negative_land_is_refused_and_nothing_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "bancang.gpkg"
    shutil.copyfile(DEMO, project)
    school = str(load_project(project).schools["school_id"].iloc[3])
    land = tmp_path / "land.csv"
    land.write_text(f"学校代码,可用场地面积\n{school},-250\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["standards-plan", str(project), "--land", str(land), "--save", "x", "--out", str(out), "--quiet"])
    assert code == EXIT_INPUT
    err = capsys.readouterr().err
    assert str(land) in err and "row 2" in err and "可用场地面积" in err and "-250" in err
    assert "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())
    assert "x" not in _scenarios(project)


def test_posts_below_the_staff_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "bancang.gpkg"
    shutil.copyfile(DEMO, project)
    staff = int(load_project(project).schools["teachers"].sum())
    out = tmp_path / "out"
    posts = staff - 40
    code = main(["standards-plan", str(project), "--posts", str(posts), "--save", "x", "--out", str(out), "--quiet"])
    assert code == EXIT_INPUT
    err = capsys.readouterr().err
    assert str(posts) in err and f"{staff:,}" in err and "posts" in err
    assert not out.exists() or not any(out.iterdir())
    assert "x" not in _scenarios(project)


@pytest.mark.parametrize(("option", "value"), [("--gap", "-1"), ("--time-limit", "0"), ("--pareto-steps", "-2")])
def test_bad_solver_options(tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str) -> None:
    out = tmp_path / "out"
    assert main(["standards-plan", str(DEMO), option, value, "--out", str(out), "--quiet"]) == EXIT_INPUT
    err = capsys.readouterr().err
    assert option in err and value in err
    assert not out.exists()


def test_cost_is_finite(solved: tuple[Path, Path, str]) -> None:
    _, out, _ = solved
    bounds = _read(out / "standards_bounds.csv")
    assert all(math.isfinite(v) for v in bounds[["value", "bound", "gap"]].to_numpy().ravel())
