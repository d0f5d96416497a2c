"""The printed map of a standards plan: an arrow per transfer, the title and every word in the language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from matplotlib.patches import FancyArrowPatch

from gis.project import load_project
from gis.standards import load_standards
from gis.standards_plan import StandardsPlan
from layers.printmap import MapSheet, save_figure
from layers.standards_map import standards_map
from tests.outputs.test_standards_outputs import DEMO, hand_plan

# Latin words a Chinese map may show: codes (the coordinate system's) and the program's name.
ALLOWED = {"EPSG", "SchoolPlan", "CGCS", "GK", "CM", "N"}


@pytest.fixture(scope="module")
def project_and_plan():  # type: ignore[no-untyped-def]
    project = load_project(DEMO)
    return project, hand_plan(project, load_standards(), name="半仓县城关第一小学")


def _texts(fig) -> list[str]:  # type: ignore[no-untyped-def]
    found = [t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text") and callable(a.get_text))]
    return [t for t in found if isinstance(t, str) and t.strip()]


def _arrows(fig) -> list[FancyArrowPatch]:  # type: ignore[no-untyped-def]
    return [p for ax in fig.axes for p in ax.patches if isinstance(p, FancyArrowPatch)]


def test_an_arrow_per_transfer(project_and_plan) -> None:  # type: ignore[no-untyped-def]
    project, plan = project_and_plan
    fig = standards_map(project, plan, MapSheet(dpi=60))
    assert len(_arrows(fig)) == len(plan.transfers) == 2
    # The wider arrow is the one of two teachers, and the two kinds have their own colours.
    widths = sorted(a.get_linewidth() for a in _arrows(fig))
    assert widths[0] < widths[1]
    assert len({a.get_edgecolor() for a in _arrows(fig)}) == 2


def test_no_transfers_no_arrows(project_and_plan) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    project, plan = project_and_plan
    fig = standards_map(project, replace(plan, transfers=plan.transfers.iloc[0:0]), MapSheet(dpi=60))
    assert _arrows(fig) == []


def test_chinese_map_has_no_english_words(project_and_plan) -> None:  # type: ignore[no-untyped-def]
    project, plan = project_and_plan
    fig = standards_map(project, plan, MapSheet(dpi=60, language="zh"))
    texts = _texts(fig)
    assert any("优质均衡达标方案图" in t for t in texts)
    assert any("半仓县城关第一小学" in t or "半仓县城关第一…" in t or "半仓县城关第一小" in t for t in texts)
    latin = {w for t in texts for w in re.findall(r"[A-Za-z]{2,}", t)} - ALLOWED
    assert latin == set(), latin


def test_english_map(project_and_plan, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project, plan = project_and_plan
    fig = standards_map(project, plan, MapSheet(dpi=60, language="en"))
    texts = _texts(fig)
    assert any("The standards plan" in t for t in texts)
    assert any("Moved: Key teachers" in t for t in texts)
    path = save_figure(fig, tmp_path / "map.png")
    assert path.stat().st_size > 10_000


def test_the_plan_built_by_hand_is_a_real_plan(project_and_plan) -> None:  # type: ignore[no-untyped-def]
    _, plan = project_and_plan
    assert isinstance(plan, StandardsPlan)
