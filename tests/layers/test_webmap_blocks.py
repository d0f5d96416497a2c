"""The travel time layer at county scale: children-weighted blocks of a square kilometre.

Every child of the group is in one block (the totals are preserved); one block's figures are
worked out here cell by cell from the population layer and the analysis's trips.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from gis.analysis import Analysis, analyze
from gis.project import load_project
from gis.standards import load_standards
from layers.model import project_layers
from layers.style import TRAVEL_TIME_BOUNDS, TRAVEL_TIME_COLORS
from layers.webmap import travel_time_blocks, webmap_html


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyze(load_project(Path(__file__).resolve().parents[2] / "data" / "bancang.gpkg"), load_standards())


def test_blocks_keep_every_child(analysis: Analysis) -> None:
    for level in ("primary", "junior"):
        for g, group in enumerate(analysis.levels[level].groups):
            blocks = travel_time_blocks(analysis, level, g)
            assert blocks.children.sum() == pytest.approx(group.children.sum(), rel=1e-12)
            assert blocks.beyond.sum() == pytest.approx(group.children[~(group.minutes <= group.threshold_min)].sum())
            assert np.all(blocks.children > 0)
            assert len({(x, y) for x, y in zip(blocks.x0, blocks.y0, strict=True)}) == len(blocks.x0)


def test_one_block_by_hand(analysis: Analysis) -> None:
    blocks = travel_time_blocks(analysis)
    k = int(np.argmax(blocks.children))
    x0, y0 = float(blocks.x0[k]), float(blocks.y0[k])
    result = analysis.levels["primary"]
    group = result.groups[0]
    pop = analysis.project.population
    children = reached = trip = beyond = 0.0
    for i, cell in enumerate(result.cells.tolist()):
        point = pop.geometry.iloc[cell]
        if not (x0 <= point.x < x0 + 1000.0 and y0 <= point.y < y0 + 1000.0):
            continue
        c, m = float(group.children[i]), float(group.minutes[i])
        children += c
        if math.isfinite(m):
            reached += c
            trip += c * m
        if not m <= 30.0:
            beyond += c
    assert x0 % 1000 == 0 and y0 % 1000 == 0
    assert blocks.children[k] == pytest.approx(children)
    assert blocks.mean_min[k] == pytest.approx(trip / reached)
    assert blocks.beyond[k] == pytest.approx(beyond)
    assert blocks.share_beyond[k] == pytest.approx(beyond / children)
    mean = trip / reached
    expected = sum(mean > b for b in TRAVEL_TIME_BOUNDS)  # a bound belongs to the class below it
    assert int(blocks.classes[k]) == expected
    # a block most of whose children reach no school is drawn as unreachable
    lost = np.flatnonzero(blocks.unreachable > blocks.children / 2)
    assert np.all(blocks.classes[lost] == len(TRAVEL_TIME_COLORS))


def test_the_page_draws_the_blocks_with_their_figures(analysis: Analysis) -> None:
    layers = project_layers(analysis.project, analysis)
    layers = layers.replace("travel_time", visible=True)
    page = webmap_html(analysis.project, analysis, layers=layers, language="zh")
    blocks = travel_time_blocks(analysis)
    word = json.dumps("每平方公里")[1:-1]  # as the page's JSON writes it
    assert page.count(word) == len(blocks.children)
    assert "var travel = {blocks: geo_json_" in page


def test_blocks_with_few_children_are_drawn_faint(analysis: Analysis) -> None:
    from layers.webmap import BLOCK_MIN_WEIGHT, block_weights

    children = travel_time_blocks(analysis).children
    weights = block_weights(children)
    order = np.argsort(children, kind="stable")
    assert np.all(np.diff(weights[order]) >= 0)  # more children, never fainter
    top = np.percentile(children, 90)
    assert np.all(weights[children >= top] == 1.0)
    k = int(np.argmin(children))
    assert weights[k] == pytest.approx(BLOCK_MIN_WEIGHT + (1 - BLOCK_MIN_WEIGHT) * math.sqrt(children[k] / top))
    assert 0 < BLOCK_MIN_WEIGHT < 1
    assert block_weights(np.array([2.0, 2.0])).tolist() == [1.0, 1.0]
