"""The quick catchment map in the language asked for: its title and legend, no pyplot state left."""

from __future__ import annotations

import re

import pytest

from gis.analysis import analyze
from gis.project import Project
from gis.standards import load_standards
from layers.quickmap import catchment_figure, quick_catchment_map


def _words(language: str, analysis_of_line) -> tuple[str, list[str]]:
    fig = catchment_figure(analysis_of_line, level="primary", language=language)
    ax = fig.axes[0]
    return ax.get_title(), [t.get_text() for t in ax.get_legend().get_texts()]


def test_chinese_map_has_no_english(line_county: Project, tmp_path) -> None:
    standards = load_standards()
    result = analyze(line_county, standards)
    threshold = standards.level("primary").threshold_min
    title, legend = _words("zh", result)
    assert title == f"小学服务范围（红色：上学时间超过 {threshold:g} 分钟）"
    assert sorted(legend) == ["初级中学", "小学"]
    assert not re.search("[A-Za-z]", title + "".join(legend))
    title, legend = _words("en", result)
    assert title == f"Primary catchments (red: beyond {threshold:g} min)"
    assert sorted(legend) == ["Junior secondary school", "Primary school"]
    path = quick_catchment_map(result, None, tmp_path / "map.png", language="zh")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValueError):
        catchment_figure(result, language="fr")


def test_no_pyplot_figure_is_left_open(line_county: Project, tmp_path) -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    quick_catchment_map(analyze(line_county, load_standards()), None, tmp_path / "map.png", language="en")
    assert plt.get_fignums() == before
