"""The web map in the window's language: school types, township names and flags in the tooltips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gis.project import load_project
from layers.webmap import page_language, webmap_html


@pytest.fixture(scope="module")
def demo():
    return load_project(Path(__file__).resolve().parents[2] / "data" / "bancang.gpkg")


def _tooltips(page: str) -> list[str]:
    """The schools' tooltips as folium writes them (``bindTooltip(`<div>…</div>`)``)."""
    import re

    return [m.group(1) for m in re.finditer(r"circle_marker_\w+\.bindTooltip\(\s*`<div>\s*(.*?)\s*</div>`", page, re.S)]


def test_chinese_page_names_types_and_townships_in_chinese(demo) -> None:
    page = webmap_html(demo, language="zh")
    assert page_language(page) == "zh"
    tips = _tooltips(page)
    assert len(tips) == len(demo.schools)
    names = dict(zip(demo.townships["code"].astype(str), demo.townships["name"], strict=True))
    words = {"primary": "小学", "junior": "初级中学", "nine_year": "九年一贯制学校", "teaching_point": "教学点"}
    for tip, kind, town in zip(tips, demo.schools["type"], demo.schools["township"].astype(str), strict=True):
        assert words[kind] in tip
        assert names[town] in tip and f"<br>{town}" not in tip
        assert "_" not in tip.split("<br>")[2]  # never a type's code such as teaching_point
    english = [t.split("<br>")[2] for t in _tooltips(webmap_html(demo, language="en"))]
    assert "Teaching point" in english and "Primary school" in english
    assert not any("学" in t or "点" in t for t in english)
    with pytest.raises(ValueError):
        webmap_html(demo, language="de")


def test_scale_bar_is_metric_only(demo) -> None:
    page = webmap_html(demo)
    assert "L.control.scale({imperial: false, metric: true})" in page
    assert json.dumps("imperial: true") not in page
