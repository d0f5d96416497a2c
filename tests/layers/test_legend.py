"""Layer order moves, legends and the optional local base map of the web page (no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from layers.legend import layer_legend
from layers.model import Layer, LayerStack, project_layers
from layers.style import ROAD_STYLES, SCHOOL_COLORS
from layers.webmap import population_range, webmap_html


def test_move_swaps_places_and_keeps_the_z_values() -> None:
    stack = LayerStack([Layer("a", "A", "points", z=1), Layer("b", "B", "points", z=5), Layer("c", "C", "points", z=9)])
    up = stack.move("a", 1)
    assert up.names == ("b", "a", "c")
    assert sorted(layer.z for layer in up) == [1, 5, 9]
    assert stack.names == ("a", "b", "c")  # the original is unchanged
    assert stack.move("a", 5).names == ("b", "c", "a")  # stops at the top
    assert stack.move("a", -1) is stack  # already at the bottom
    assert stack.move("c", -2).names == ("c", "a", "b")
    with pytest.raises(KeyError):
        stack.move("x", 1)


def test_move_with_tied_z_values_still_moves() -> None:
    stack = LayerStack([Layer("a", "A", "points"), Layer("b", "B", "points")])
    assert stack.move("a", 1).names == ("b", "a")


def test_road_and_school_legends_use_the_map_colours(line_county) -> None:
    stack = project_layers(line_county)
    roads = layer_legend(stack["roads"])
    assert [(e.label, e.color) for e in roads.entries] == [
        ("County road", ROAD_STYLES["county"].color),
        ("Township road", ROAD_STYLES["township"].color),
        ("Village road", ROAD_STYLES["village"].color),
        ("Path", ROAD_STYLES["path"].color),
    ]
    schools = layer_legend(stack["schools"])
    colours = {e.color for e in schools.entries if e.symbol == "circle"}
    assert colours == set(SCHOOL_COLORS.values())


def test_population_legend_has_a_ramp_and_the_range_of_the_cells(line_county) -> None:
    legend = layer_legend(project_layers(line_county)["population_primary"], line_county)
    assert len(legend.ramp) >= 5 and all(c.startswith("#") for c in legend.ramp)
    pop = line_county.population
    totals = pop.groupby(["row", "col"])["primary"].sum().to_numpy()
    totals = totals[totals > 0]
    low, high = legend.value_range
    assert low == pytest.approx(totals.min())
    assert high == pytest.approx(np.percentile(totals, 98))
    assert population_range(line_county, "primary") == legend.value_range
    assert layer_legend(project_layers(line_county)["population_primary"]).value_range is None


def test_base_tiles_are_drawn_under_the_layers(line_county) -> None:
    page = webmap_html(line_county, base_tiles="file:///tiles/{z}/{x}/{y}.png", base_max_zoom=3)
    assert page.count("L.tileLayer(") == 1
    assert '"file:///tiles/{z}/{x}/{y}.png"' in page
    assert '"maxNativeZoom": 3' in page
    assert "L.tileLayer(" not in webmap_html(line_county)


def test_page_offers_opacity_order_and_mouse_reports(line_county) -> None:
    page = webmap_html(line_county)
    for name in ("opacityOf:", "setOrder:", "order:", "window.schoolplanBridge.mouseMoved(at.lat, at.lng)"):
        assert name in page
    assert "requestAnimationFrame" in page
