"""The files of a standards plan: CSV tables, the workbook (labels in the language, text kept text)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gis.balance import assess, level_pupils
from gis.project import Project, load_project
from gis.standards import Standards, load_standards
from gis.standards_plan import StandardsPlan
from outputs.standards import write_standards_plan

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "bancang.gpkg"


def hand_plan(project: Project, standards: Standards, *, name: str = "=1+1") -> StandardsPlan:
    """A small standards plan made by hand on the demo county: 120 m² of floor area and 2
    multimedia rooms at the first school (renamed ``name``), a key teacher hired at the second,
    one PE teacher moved from the third school to the fourth and two key teachers from the
    fifth to the sixth; its balance before and after assessed by :func:`gis.balance.assess`."""
    before = project.schools.copy()
    before.loc[before.index[0], "name"] = name
    after = before.copy()
    for column in ("floor_area_m2", "multimedia_rooms", "key_teachers", "teachers", "pe_arts_teachers"):
        after[column] = after[column].astype(float)
    ids = before["school_id"].astype(str).tolist()
    names = before["name"].astype(str).tolist()
    costs = standards.costs
    after.loc[after.index[0], "floor_area_m2"] += 120.0
    after.loc[after.index[0], "multimedia_rooms"] += 2
    for k in (1,):
        after.loc[after.index[k], ["key_teachers", "teachers"]] += 1
    moves = [(2, 3, "pe_arts", "pe_arts_teachers", 1), (4, 5, "key", "key_teachers", 2)]
    for a, b, _kind, column, n in moves:
        after.loc[after.index[a], [column, "teachers"]] -= n
        after.loc[after.index[b], [column, "teachers"]] += n
    hire = costs.teacher_per_year * costs.hired_teacher_years
    investments = pd.DataFrame(
        {
            "school_id": [ids[0], ids[0], ids[1]],
            "name": [names[0], names[0], names[1]],
            "item": ["floor_area", "multimedia_rooms", "hire_key"],
            "amount": [120.0, 2.0, 1.0],
            "unit": ["m²", "rooms", "teachers"],
            "cost": [120.0 * costs.building_m2, 2.0 * costs.multimedia_room, hire],
        }
    )
    transfers = pd.DataFrame(
        {
            "from_school": [ids[a] for a, *_ in moves],
            "to_school": [ids[b] for _, b, *_ in moves],
            "kind": [kind for _, _, kind, *_ in moves],
            "teachers": [n for *_, n in moves],
            "commute_min": [12.5, 31.0],
            "from_name": [names[a] for a, *_ in moves],
            "to_name": [names[b] for _, b, *_ in moves],
        }
    )
    pupils = level_pupils(before)
    old, new = assess(before, standards, pupils=pupils), assess(after, standards, pupils=pupils)
    rows = []
    for level in ("primary", "junior"):
        t0, t1 = old.table(), new.table()
        for r0, r1 in zip(t0.itertuples(), t1.itertuples(), strict=True):
            if r0.level == level and r0.method == "quality" and r0.indicator != "composite":
                met0 = old.school_standards.query("level == @level")
                met1 = new.school_standards.query("level == @level")
                column = f"{r0.indicator}_share"
                rows.append(
                    [level, r0.indicator, r0.coefficient, r1.coefficient, r0.threshold,
                     int((met0[column] >= 1).sum()), int((met1[column] >= 1).sum())]
                )  # fmt: skip
        rows.append(
            [level, "per_school_rule", np.nan, np.nan, np.nan,
             int(old.school_standards.query("level == @level")["passes"].sum()),
             int(new.school_standards.query("level == @level")["passes"].sum())]
        )  # fmt: skip
    summary = pd.DataFrame(
        rows,
        columns=[
            "level", "indicator", "coefficient_before", "coefficient_after", "threshold",
            "schools_meeting_before", "schools_meeting_after",
        ],
    )  # fmt: skip
    cost = float(investments["cost"].sum() + costs.transfer * transfers["teachers"].sum())
    return StandardsPlan(
        investments=investments,
        transfers=transfers,
        summary=summary,
        schools_before=before,
        schools_after=after,
        pupils=pupils,
        before=old,
        after=new,
        mode="targets",
        budget=None,
        cost=cost,
        bound=cost * 0.999,
        gap=0.001,
        status="optimal",
        targets_reached=10,
        targets_total=12,
        posts=5000.0,
        staff=float(before["teachers"].sum()),
        hired=1,
        rounds=3,
        cuts=7,
        seconds=1.5,
        pareto=pd.DataFrame(
            {
                "budget": [50.0, 100.0],
                "cost": [48.0, 99.5],
                "schools_meeting": [6, 9],
                "coefficients_meeting": [3, 5],
                "targets_bound": [10, 14],
            }
        ),
    )


@pytest.fixture(scope="module")
def plan() -> StandardsPlan:
    return hand_plan(load_project(DEMO), load_standards())


def test_the_csv_files(tmp_path: Path, plan: StandardsPlan) -> None:
    written = write_standards_plan(plan, tmp_path, language="zh")
    assert {p.name for p in written.values()} == {
        "standards_plan.csv", "teacher_transfers.csv", "standards_summary.csv", "standards_bounds.csv",
        "standards_pareto.csv", "standards_plan.xlsx",
    }  # fmt: skip
    invest = pd.read_csv(tmp_path / "standards_plan.csv", dtype={"school_id": str})
    assert list(invest.columns) == ["school_id", "name", "item", "amount", "unit", "cost"]
    # The building's cost: 120 m² at 0.30 万元 (3,000 yuan) a m², by hand.
    assert invest.loc[invest["item"] == "floor_area", "cost"].item() == pytest.approx(36.0)
    # The name that a spreadsheet would run is quoted in the CSV.
    assert invest["name"].iloc[0] == "'=1+1"
    moves = pd.read_csv(tmp_path / "teacher_transfers.csv", dtype={"from_school": str, "to_school": str})
    assert list(moves.columns)[:5] == ["from_school", "to_school", "kind", "teachers", "commute_min"]
    assert moves["teachers"].tolist() == [1, 2]
    summary = pd.read_csv(tmp_path / "standards_summary.csv")
    assert list(summary.columns) == [
        "level", "indicator", "coefficient_before", "coefficient_after", "threshold",
        "schools_meeting_before", "schools_meeting_after",
    ]  # fmt: skip
    # 7 indicators and the per-school rule for each level of the demo.
    assert len(summary) == 16
    bounds = pd.read_csv(tmp_path / "standards_bounds.csv")
    assert list(bounds.columns)[:4] == ["measure", "value", "bound", "gap"]
    assert bounds["value"].item() == pytest.approx(36.0 + 6.0 + 50.0 + 3 * 2.0)


def test_no_pareto_file_without_a_pareto_view(tmp_path: Path, plan: StandardsPlan) -> None:
    from dataclasses import replace

    written = write_standards_plan(replace(plan, pareto=None), tmp_path, language="en")
    assert "pareto" not in written and not (tmp_path / "standards_pareto.csv").exists()


def test_the_workbook_in_chinese(tmp_path: Path, plan: StandardsPlan) -> None:
    from openpyxl import load_workbook

    write_standards_plan(plan, tmp_path, language="zh")
    book = load_workbook(tmp_path / "standards_plan.xlsx")
    assert book.sheetnames == ["达标方案", "教师交流轮岗", "达标前后对比", "达标方案求解界限", "达标方案预算与效果"]
    ws = book["达标方案"]
    header = [c.value for c in ws[1]]
    assert header == ["学校代码", "学校名称", "项目", "数量", "单位", "投资（万元）"]
    assert ws.freeze_panes == "C2" and ws["A1"].font.bold
    # The school named "=1+1" is a text cell holding exactly its name, never a formula.
    cell = ws["B2"]
    assert cell.value == "=1+1" and cell.data_type == "s"
    assert [ws.cell(row=r, column=3).value for r in (2, 3, 4)] == [
        "教学及辅助用房面积",
        "网络多媒体教室",
        "招聘骨干教师",
    ]
    assert ws["D2"].value == 120.0 and ws["E2"].value == "平方米"
    moves = book["教师交流轮岗"]
    assert [c.value for c in moves[1]][:5] == ["调出学校代码", "调出学校", "调入学校代码", "调入学校", "教师类别"]
    assert moves["E2"].value == "体育、艺术教师" and moves["E3"].value == "骨干教师"
    summary = book["达标前后对比"]
    assert summary["A2"].value == "小学"
    levels_and_rules = [
        (summary.cell(row=r, column=1).value, summary.cell(row=r, column=2).value) for r in range(2, 18)
    ]
    assert ("初中", "学校达标（至少六项达标、其余不低于85%）") in levels_and_rules
    # No English word in the Chinese sheets' headers and words.
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=1, max_row=3):
            for c in row:
                if isinstance(c.value, str):
                    assert not any("a" <= ch.lower() <= "z" for ch in c.value), (sheet.title, c.coordinate, c.value)


def test_the_workbook_in_english(tmp_path: Path, plan: StandardsPlan) -> None:
    from openpyxl import load_workbook

    write_standards_plan(plan, tmp_path, language="en")
    book = load_workbook(tmp_path / "standards_plan.xlsx")
    assert book.sheetnames[:2] == ["Standards plan", "Teacher transfers"]
    ws = book["Standards plan"]
    assert [c.value for c in ws[1]] == ["School code", "School", "Item", "Amount", "Unit", "Cost (万元)"]
    assert ws["C4"].value == "Hire key teachers"


def test_the_excel_report_gets_the_plan_sheets_only_when_given_one(tmp_path: Path, plan: StandardsPlan) -> None:
    from openpyxl import load_workbook

    from gis.analysis import analyze
    from outputs.xlsx import write_report_xlsx

    analysis = analyze(load_project(DEMO), load_standards())
    write_report_xlsx(tmp_path / "plain.xlsx", analysis, language="zh")
    write_report_xlsx(tmp_path / "with.xlsx", analysis, language="zh", standards_plan=plan)
    plain = load_workbook(tmp_path / "plain.xlsx").sheetnames
    both = load_workbook(tmp_path / "with.xlsx").sheetnames
    added = ["达标方案", "教师交流轮岗", "达标前后对比", "达标方案求解界限", "达标方案预算与效果"]
    assert not set(added) & set(plain)
    # The plan's sheets come before the rules, the rest of the report as it was.
    assert both == [*plain[:-1], *added, plain[-1]]


def test_every_item_kind_and_unit_of_the_plan_has_its_words() -> None:
    from gis.standards_plan import ITEMS, TEACHER_KINDS
    from layers.glossary import find

    for language in ("zh", "en"):
        for item, (_column, unit) in ITEMS.items():
            assert find(f"std_item.{item}", language), item
            assert find(f"std_item.short_{item}", language), item
            assert find(f"std_unit.{unit.replace('²', '2')}", language), unit
        for kind in TEACHER_KINDS:
            assert find(f"std_kind.{kind}", language), kind


def test_a_budget_plan_stopped_by_the_time_limit_in_chinese(tmp_path: Path, plan: StandardsPlan) -> None:
    from dataclasses import replace

    from openpyxl import load_workbook

    stopped = replace(plan, mode="budget", budget=100.0, status="time limit", targets_reached=10, bound=11.0)
    write_standards_plan(stopped, tmp_path, language="zh")
    ws = load_workbook(tmp_path / "standards_plan.xlsx")["达标方案求解界限"]
    assert [c.value for c in ws[2]] == ["达标目标数", 10, 11, pytest.approx(0.001), "达到时间上限"]
    bounds = pd.read_csv(tmp_path / "standards_bounds.csv")
    assert bounds["measure"].item() == "targets_reached" and bounds["value"].item() == 10
