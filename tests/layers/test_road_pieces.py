"""Roads not joined to the main network are found and shown on the map."""

from __future__ import annotations

import numpy as np

from gis.analysis import analyze
from gis.network import road_pieces
from gis.standards import load_standards
from layers.model import project_layers
from layers.style import DISCONNECTED_STYLE
from layers.webmap import webmap_html
from tests.conftest import make_project, school_row


def test_roads_outside_the_main_network_are_a_layer() -> None:
    # A 3-segment road from 0 to 3000 m, and a 500 m road from 4000 m that touches nothing.
    schools = [school_row(school_id="A", type="primary", grade_min=1, grade_max=6, x=0.0, y=-50.0, capacity_primary=50)]
    project = make_project(
        roads=[
            ([(0.0, -50.0), (1000.0, -50.0)], "village"),
            ([(1000.0, -50.0), (2000.0, -50.0)], "village"),
            ([(4000.0, -50.0), (4500.0, -50.0)], "path"),
            ([(2000.0, -50.0), (3000.0, -50.0)], "village"),
        ],
        schools=schools,
        cells=[(0, 5, 8.0, 0.0)],
    )
    assert road_pieces(project.roads).tolist() == [0, 0, 1, 0]
    analysis = analyze(project, load_standards())
    assert analysis.road_piece is not None and analysis.road_piece.tolist() == [0, 0, 1, 0]
    layer = project_layers(project, analysis)["road_pieces"]
    assert layer.data["name"].tolist() == ["road 2"]
    page = webmap_html(project, analysis)
    assert DISCONNECTED_STYLE.color in page


def test_a_connected_network_has_no_such_layer(line_county) -> None:  # type: ignore[no-untyped-def]
    analysis = analyze(line_county, load_standards())
    assert analysis.road_piece is None
    assert "road_pieces" not in [layer.name for layer in project_layers(line_county, analysis)]
    assert np.array_equal(road_pieces(line_county.roads), [0])
