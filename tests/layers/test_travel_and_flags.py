"""The travel time surface (an image of classes of the grades 1–3 walk) and the school flags on the map."""

from __future__ import annotations

import base64
import io
import json
import re

import numpy as np
import pytest
from PIL import Image
from pyproj import Transformer

from app.cli import DEMO_PROJECT
from gis.analysis import Analysis, analyze
from gis.project import Project, load_project
from gis.standards import load_standards
from layers.legend import layer_legend
from layers.model import LayerStack, project_layers
from layers.webmap import webmap_html

# The classes, written out here rather than taken from layers.style: (upper bound, colour).
CLASSES = ((15, "#1a9850"), (30, "#91cf60"), (45, "#fdae61"), (60, "#f46d43"), (90, "#d73027"), (np.inf, "#a50026"))
MARKER = re.compile(r"var (circle_marker_\w+) = L\.circleMarker\(\s*\[[^\]]*\],\s*(\{[^}]*\})", re.S)


def _expected_colour(minutes: float) -> str:
    if not np.isfinite(minutes):
        return "#000000"
    for bound, colour in CLASSES:
        if minutes <= bound:
            return colour
    raise AssertionError(minutes)


def _hex(rgb: np.ndarray) -> str:
    return "#" + "".join(f"{int(v):02x}" for v in rgb[:3])


@pytest.fixture
def analysis(line_county: Project) -> Analysis:
    return analyze(line_county, load_standards())


def test_travel_time_layer_exists_only_with_an_analysis(line_county: Project, analysis: Analysis) -> None:
    assert "travel_time" not in project_layers(line_county)
    assert '"travel_time"' not in webmap_html(line_county)
    stack = project_layers(line_county, analysis)
    assert stack["travel_time"].kind == "raster"
    page = webmap_html(line_county, analysis)
    assert '"travel_time": feature_group_' in page
    assert page.count("L.imageOverlay(") == 3  # the two population levels and the walking time


def test_travel_time_legend_has_the_classes(line_county: Project, analysis: Analysis) -> None:
    legend = layer_legend(project_layers(line_county, analysis)["travel_time"])
    assert [(e.label, e.color) for e in legend.entries] == [
        ("0–15 min", "#1a9850"),
        ("15–30 min", "#91cf60"),
        ("30–45 min", "#fdae61"),
        ("45–60 min", "#f46d43"),
        ("60–90 min", "#d73027"),
        ("over 90 min", "#a50026"),
        ("No school reachable", "#000000"),
    ]
    assert "30 minutes" in legend.note


def test_travel_time_png_colours_each_cell_by_its_class(line_county: Project, analysis: Analysis) -> None:
    layer = project_layers(line_county, analysis)["travel_time"].with_(visible=True)
    page = webmap_html(line_county, analysis, layers=LayerStack([layer]))
    found = re.search(r'L\.imageOverlay\(\s*"data:image/png;base64,([^"]+)",\s*(\[\[[^\]]*\],\s*\[[^\]]*\]\])', page)
    assert found is not None
    image = np.asarray(Image.open(io.BytesIO(base64.b64decode(found.group(1)))).convert("RGBA"))
    (lat0, lon0), (lat1, lon1) = json.loads(found.group(2))
    to_merc = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    mx0, my0 = to_merc.transform(lon0, lat0)
    mx1, my1 = to_merc.transform(lon1, lat1)
    height, width = image.shape[:2]
    result = analysis.levels["primary"]
    minutes = result.groups[0].minutes
    pop = line_county.population.iloc[result.cells]
    to_cell = Transformer.from_crs(line_county.crs, "EPSG:3857", always_xy=True)
    colours = set()
    for x, y, trip in zip(pop.geometry.x, pop.geometry.y, minutes, strict=True):
        mx, my = to_cell.transform(x, y)
        col = int((mx - mx0) / (mx1 - mx0) * width)
        row = int((my1 - my) / (my1 - my0) * height)
        pixel = image[row, col]
        assert pixel[3] == 255
        assert _hex(pixel) == _expected_colour(float(trip))
        colours.add(_expected_colour(float(trip)))
    assert len(colours) >= 2  # the cells fall in different classes: the test tells them apart
    assert (image[..., 3] == 0).any()  # cells without children stay transparent


@pytest.fixture(scope="module")
def demo() -> Project:
    return load_project(DEMO_PROJECT)


def _marker_options(page: str) -> dict[str, dict[str, object]]:
    """The Leaflet options of each school's marker, by school code."""
    by_var = {m.group(1): json.loads(m.group(2)) for m in MARKER.finditer(page)}
    codes = re.findall(r'"([^"]+)": (circle_marker_\w+)', page)
    return {code: by_var[var] for code, var in codes if var in by_var}


def test_county_seat_schools_are_overcrowded_and_a_tiny_teaching_point_is_small(demo: Project) -> None:
    page = webmap_html(demo)
    options = _marker_options(page)
    schools = demo.schools
    assert len(options) == len(schools)
    seat = demo.places[demo.places["kind"] == "county_seat"].geometry.iloc[0]
    town = schools[(schools["type"] == "primary") & (schools.distance(seat) < 2000)]
    assert len(town) >= 3
    for _, school in town.iterrows():
        enrol = sum(float(school[f"enrol_g{g}"]) for g in range(1, 7))
        over = enrol > float(school["capacity_primary"]) or enrol / float(school["classes_primary"]) >= 56
        assert over, school["name"]
        style = options[str(school["school_id"])]
        assert style["color"] == "#e41a1c"
        assert style["dashArray"] is None
    points = schools[schools["type"] == "teaching_point"]
    totals = sum(points[f"enrol_g{g}"].astype(float) for g in range(1, 10))
    tiny = points.loc[totals.idxmin()]
    assert totals.min() < 100
    style = options[str(tiny["school_id"])]
    assert style["dashArray"] == "3 3"
    assert float(style["fillOpacity"]) < 0.5
    assert style["color"] != "#e41a1c"
    # The tooltip says it in words.
    at = page.index(f"<b>{tiny['name']}</b>")
    assert "Under 100 pupils, Teaching point" in page[at : at + 300]


def test_flags_follow_the_analysis_and_take_translated_words(line_county: Project) -> None:
    schools = line_county.schools.copy()
    schools.loc[0, "capacity_primary"] = 100  # 240 pupils: overcrowded
    schools.loc[0, "boarding"] = True
    county = line_county.with_layers(schools=schools)
    page = webmap_html(county, analyze(county, load_standards()), flag_labels={"overcrowded": "超员"})
    style = _marker_options(page)["P1"]
    assert style["color"] == "#e41a1c"
    assert style["weight"] == 3.0  # boarding: a thick ring
    assert "超员, Boarding" in page
