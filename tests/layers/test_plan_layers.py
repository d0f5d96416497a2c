"""The county plan's words, its Pareto chart and its map, from hand-made tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from gis.plan import PLAN_COLUMNS, TERMS
from gis.plan.moves import Move
from gis.plan.review import PARETO_COLUMNS, SUMMARY_COLUMNS
from gis.project import Project
from layers.glossary import LANGUAGES, find
from layers.glossary import TERMS as WORDS
from layers.plan_charts import pareto_figure, status_word
from layers.printmap import MapSheet, plan_map, save_figure
from tests.conftest import X0, Y0
from tests.layers.test_printmap import assert_non_blank, image_stats

#: The kinds of action of plan.csv (issue 14).
PLAN_ACTIONS = (
    "new_teaching_point", "new_school", "new_boarding_school", "expand", "convert", "beds", "teaching_point",
    "merge", "close",
)  # fmt: skip
BOUNDS_COLUMNS = ("stage", "value", "bound", "gap", "status", "seconds", "greedy", "nothing")


# --------------------------------------------------------------------------- words


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plan_word_exists_in_both_languages(language: str) -> None:
    for kind in PLAN_ACTIONS:
        assert find(f"plan_action.{kind}", language), kind
    for name in (*TERMS, "weighted"):
        assert find(f"plan_term.{name}", language), name
    for column in {*PLAN_COLUMNS, *SUMMARY_COLUMNS, *PARETO_COLUMNS, *BOUNDS_COLUMNS}:
        assert find(f"plan_field.{column}", language) or find(f"plan_term.{column}", language), column
    for key in ("sheet.plan", "sheet.plan_summary", "sheet.pareto", "sheet.plan_bounds"):
        assert find(key, language), key
        assert len(find(key, language) or "") <= 31  # Excel's limit on a sheet's name
    assert find("plan.capital_wan", language) and find("plan.running_change_wan", language)


def test_every_new_key_of_the_plan_has_an_english_word() -> None:
    plan_keys = [k for k in WORDS if k.split(".")[0].startswith("plan") or k.startswith("sheet.plan")]
    assert len(plan_keys) > 60
    assert [k for k in plan_keys if WORDS[k].en is None] == []
    assert WORDS["sheet.pareto"].en is not None


def test_solver_status_in_words() -> None:
    assert status_word("Optimal", "zh") == "已证明最优"
    assert status_word("Time limit reached", "zh") == "达到时间上限"
    assert status_word("Time limit reached", "en") == "Time limit reached"
    assert status_word("Something new", "zh") == "Something new"


# --------------------------------------------------------------------------- the Pareto chart


def pareto_rows() -> pd.DataFrame:
    """Three budgets: nothing, half and all; large classes 0 at every budget; the last not proven."""
    return pd.DataFrame(
        {
            "budget": [0.0, 4000.0, 8000.0],
            "capital": [0.0, 3950.5, 7990.0],
            "beyond": [7700.0, 7100.0, 6600.0],
            "unplaced": [11600.0, 5000.0, 3700.0],
            "large": [0.0, 0.0, 0.0],
            "travel": [1470.0, 1700.0, 1750.0],
            "cost": [4870.0, 9000.0, 15100.0],
            "objective": [232000.0, 200000.0, 185000.0],
            "bound": [231500.0, 199000.0, 182000.0],
            "gap": [0.002, 0.005, 0.0162],
            "status": ["Optimal", "Optimal", "Time limit reached"],
        }
    )


def _texts(fig: Figure) -> list[str]:
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [t.get_text() for t in ax.texts]
        out.append(ax.get_title(loc="left"))
    return out


@pytest.mark.parametrize("language", LANGUAGES)
def test_pareto_chart_panels_values_and_bounds(language: str, tmp_path: Path) -> None:
    fig = pareto_figure(pareto_rows(), language=language)
    texts = _texts(fig)
    # A panel per term a meeting asks about, titled with the glossary's words.
    for name in ("beyond", "unplaced", "large", "travel"):
        assert find(f"plan_term.{name}", language) in texts
    # Every value of a term that is not 0 everywhere is written at its budget; large classes say 0.
    for value in ("7,700", "7,100", "6,600", "11,600", "3,700", "1,470", "1,750"):
        assert value in texts, value
    assert find("plan.pareto_zero", language) in texts
    # The bounds and gaps of each budget are in the table under the panels, one text per column.
    joined = "\n".join(texts)
    for value in ("231,500", "199,000", "182,000", "0.20%", "0.50%", "1.62%", "3,950", "7,990"):
        assert value in joined, value
    assert status_word("Time limit reached", language) in joined
    # One point is hollow (not proven), so the note says what hollow means.
    assert find("plan.pareto_open", language) in texts
    png = save_figure(fig, tmp_path / "pareto.png")
    distinct, not_white, size = image_stats(png)
    assert size == (1650, 1110)  # 11 x 7.4 inches at 150 dpi
    assert distinct >= 30 and not_white > 0.02  # a chart on white: lines, points, words


def test_pareto_chart_refuses_a_table_without_its_columns() -> None:
    with pytest.raises(ValueError, match="bound"):
        pareto_figure(pareto_rows().drop(columns=["bound"]))
    with pytest.raises(ValueError, match="language"):
        pareto_figure(pareto_rows(), language="fr")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the plan map


def plan_rows() -> pd.DataFrame:
    """Two years: a new teaching point, classrooms at P1 and P1's beds in 2026; J1 closed in 2027."""
    rows = [
        (2026, "new_teaching_point", "PLAN-N01", "新村新建教学点", X0 + 3000, Y0 - 50, 135, 0, 743.0, 70.0, 60.0),
        (2026, "expand", "P1", "第一小学", X0 + 1000, Y0 - 50, 90, 0, 162.0, 40.0, 90.0),
        (2026, "beds", "P1", "第一小学", X0 + 1000, Y0 - 50, 0, 20, 48.0, 0.0, 20.0),
        (2027, "close", "J1", "第一中学", X0 + 5000, Y0 - 50, 0, 0, 0.0, -80.0, 150.0),
    ]
    table = pd.DataFrame(
        rows,
        columns=[
            "year", "action", "school_id", "name", "x", "y", "seats", "beds", "capital_cost",
            "running_cost_change", "children_affected",
        ],
    )  # fmt: skip
    table["worth"] = float("nan")
    table["worth_term"] = ""
    table["rationale_zh"] = "理由"
    table["rationale_en"] = "why"
    return table[list(PLAN_COLUMNS)]


MOVES = [Move(2027, "J1", "第一中学", "P1", "第一小学", 150.0, X0 + 5000, Y0 - 50, X0 + 1000, Y0 - 50)]


def _arrows(fig: Figure) -> list[object]:
    from matplotlib.patches import FancyArrowPatch

    return [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]


def test_plan_map_of_a_year_lists_its_actions_and_money(line_county: Project, tmp_path: Path) -> None:
    fig = plan_map(line_county, plan_rows(), MOVES, year=2026, sheet=MapSheet(dpi=60), budget=1000)
    texts = "\n".join(_texts(fig))
    assert "测试县2026年学校布局规划实施图" in texts
    # The year's three lines, numbered; two of them at P1 share one label on the map.
    assert "新村新建教学点" in texts and "第一小学" in texts and "第一中学" not in texts
    assert "1" in _texts(fig) and "2,3" in _texts(fig)
    assert "+135学位" in texts and "+20床" in texts
    # Its money: 743 + 162 + 48 = 953 this year and so far, of a budget of 1,000; running +110.
    assert texts.count("953") >= 2 and "1,000" in texts and "+110" in texts
    # No arrow yet (J1 closes in 2027).
    assert not _arrows(fig)
    png = save_figure(fig, tmp_path / "plan_map_2026.png")
    _, _, (width, height) = image_stats(png)
    assert abs(width - 297 / 25.4 * 60) <= 1 and abs(height - 210 / 25.4 * 60) <= 1
    assert_non_blank(png)


def test_plan_map_of_a_later_year_draws_the_move_and_earlier_years_pale(line_county: Project) -> None:
    sheet = MapSheet(dpi=60, language="en")
    fig = plan_map(line_county, plan_rows(), MOVES, year=2027, sheet=sheet, budget=1000)
    texts = "\n".join(_texts(fig))
    assert "Closed" in texts and "第一中学" in texts and "新村新建教学点" not in texts
    # The arrow from the closed school to the school receiving its pupils.
    assert len(_arrows(fig)) == 1
    # Capital of the year 0, so far 953; the legend has the pale marks of earlier years.
    assert "953" in texts
    legend = fig.axes[1].get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert find("plan.earlier", "en") in labels and find("plan.moves", "en") in labels
    # Every year: every line numbered, nothing pale.
    every = plan_map(line_county, plan_rows(), MOVES, sheet=sheet)
    assert "4" in _texts(every)
    labels = [t.get_text() for t in every.axes[1].get_legend().get_texts()]
    assert find("plan.earlier", "en") not in labels


def test_plan_map_takes_the_plans_action_objects(line_county: Project) -> None:
    from gis.plan import PlanAction

    actions = [
        PlanAction(**{c: r[c] for c in PLAN_COLUMNS}, candidate="x")  # type: ignore[arg-type]
        for r in plan_rows().to_dict("records")
    ]
    fig = plan_map(line_county, actions, [], year=2026, sheet=MapSheet(dpi=60))
    assert "新村新建教学点" in "\n".join(_texts(fig))
    with pytest.raises(ValueError, match="seats"):
        plan_map(line_county, plan_rows().drop(columns=["seats"]), [], year=2026)
