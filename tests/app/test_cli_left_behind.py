"""``schoolplan plan --left-behind`` on the demo county: left_behind.csv written beside the plan, the
beds given never more than the left-behind boarders nor than the beds; a bad table refused with
nothing written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from app.cli import DATA_DIR, DEMO_PROJECT, main
from gis.plan.left_behind import LEFT_BEHIND_COLUMNS

TABLE = DATA_DIR / "bancang-left-behind.csv"


@pytest.mark.slow
def test_the_plan_reports_the_left_behind_boarders_and_their_beds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = [
        "plan", str(DEMO_PROJECT), "--years", "2026-2027", "--budget", "3000", "--time-limit", "20",
        "--pareto-steps", "0", "--left-behind", str(TABLE), "--out", str(out), "--quiet",
    ]  # fmt: skip
    assert main(args) == 0
    table = pd.read_csv(out / "left_behind.csv")
    assert list(table.columns) == list(LEFT_BEHIND_COLUMNS)
    assert table[["year", "situation"]].values.tolist() == [
        [2026, "baseline"], [2026, "plan"], [2027, "baseline"], [2027, "plan"],
    ]  # fmt: skip
    tol = 1e-3
    assert (table["left_behind_boarders"] > 0).all()
    assert (table["with_bed"] <= table["left_behind_boarders"] + tol).all()
    assert (table["with_bed"] <= table["beds"] + tol).all()
    assert (table["without_bed"] - (table["left_behind_boarders"] - table["with_bed"])).abs().max() < tol
    # The demo's villages count 15-30 % of their children left behind: never more boarders than that.
    left = pd.read_csv(TABLE, encoding="utf-8-sig")["留守儿童数"].sum()
    assert (table["left_behind_boarders"] <= left).all()
    last = table[table["year"] == 2027].set_index("situation")
    printed = capsys.readouterr().out
    assert (
        f"left-behind children boarding in 2027: {last.loc['plan', 'with_bed']:,.0f} with a bed of "
        f"{last.loc['plan', 'left_behind_boarders']:,.0f} (doing nothing: {last.loc['baseline', 'with_bed']:,.0f} "
        f"of {last.loc['baseline', 'left_behind_boarders']:,.0f})"
    ) in printed


def test_a_bad_left_behind_table_stops_the_plan_with_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "left.csv"
    bad.write_text("乡镇,村名,留守儿童数\n城关镇,黄堡村,-3\n城关镇,无名村,4\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["plan", str(DEMO_PROJECT), "--years", "2026", "--left-behind", str(bad), "--out", str(out), "--quiet"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "row 2, field left_behind (留守儿童数): negative left-behind children (value: -3)" in err
    assert "row 3, field village (村名): village not in the project's places" in err
    assert "(value: 无名村)" in err
    assert [p.name for p in out.iterdir()] == ["forecast.import-report.csv"]
