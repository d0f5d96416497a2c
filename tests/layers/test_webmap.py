"""The offline web map: no external URL, Leaflet inlined, one marker per school, escaped names."""

from __future__ import annotations

import json
import re

import pytest

from layers.model import Layer, LayerStack, project_layers
from layers.webmap import ALLOWED_URLS, html_text, leaflet_dir, webmap_html

URL = re.compile(r"(?:https?:)?//[\w-]+(?:\.[\w-]+)+[^\s\"'<>)]*|(?:https?|ftp|wss?):|//cdn", re.IGNORECASE)


@pytest.fixture
def county(line_county):
    """The line county with a school whose name is an attempt at script injection."""
    schools = line_county.schools.copy()
    schools.loc[0, "name"] = "<script>alert(1)</script>"
    return line_county.with_layers(schools=schools)


def _external(page: str) -> set[str]:
    found = set(URL.findall(page))
    return {u for u in found if not any(u in allowed or allowed.startswith(u) for allowed in ALLOWED_URLS)}


def test_page_has_no_external_url(county) -> None:
    page = webmap_html(county)
    assert _external(page) == set()
    assert "<link" not in page
    assert not re.search(r"<script[^>]+src=", page)


def test_url_check_catches_a_cdn_link() -> None:
    assert _external('<script src="https://cdn.jsdelivr.net/npm/leaflet.js"></script>')
    assert _external('<link href="//unpkg.com/leaflet.css">')


def test_page_inlines_leaflet(county) -> None:
    page = webmap_html(county)
    leaflet = (leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")
    assert "L.map(" in page
    # A long stretch of Leaflet's own code is in the page.
    assert leaflet[2000:4000] in page
    assert "window.schoolplan" in page


def test_one_marker_per_school(county) -> None:
    page = webmap_html(county)
    assert page.count("L.circleMarker(") == len(county.schools)


def test_names_are_escaped(county) -> None:
    page = webmap_html(county)
    assert "<script>alert(1)</script>" not in page
    assert html_text("<script>alert(1)</script>") in page


def test_population_is_one_image(county) -> None:
    page = webmap_html(county)
    assert page.count("L.imageOverlay(") == 2  # primary and junior, the junior hidden
    assert "data:image/png;base64," in page


def test_layers_follow_the_stack(county) -> None:
    stack = project_layers(county).replace("schools", visible=False)
    page = webmap_html(county, layers=stack)
    assert '"schools": false' in page
    assert stack["schools"].visible is False
    assert project_layers(county)["schools"].visible is True  # the original is unchanged


def test_layer_stack_orders_and_validates() -> None:
    stack = LayerStack([Layer("b", "B", "points", z=2), Layer("a", "A", "lines", z=1)])
    assert stack.names == ("a", "b")
    with pytest.raises(ValueError, match="unique"):
        LayerStack([Layer("a", "A", "points"), Layer("a", "A", "points")])
    with pytest.raises(ValueError, match="opacity"):
        Layer("a", "A", "points", opacity=1.5)


def test_catchments_with_an_analysis(county) -> None:
    from gis.analysis import analyze
    from gis.standards import load_standards

    analysis = analyze(county, load_standards())
    page = webmap_html(county, analysis)
    assert '"catchments_primary"' in page
    assert _external(page) == set()


def test_school_clicks_reach_a_bridge_only_if_there_is_one(county) -> None:
    page = webmap_html(county)
    assert "if (window.schoolplanBridge) { window.schoolplanBridge.schoolClicked(k); }" in page
    for code in county.schools["school_id"].astype(str):
        assert f'"{code}": circle_marker_' in page
    assert "zoomToSchool" in page and "highlightSchool" in page


def test_school_codes_cannot_close_the_script(county) -> None:
    schools = county.schools.copy()
    schools["school_id"] = schools["school_id"].astype(str)
    schools.loc[0, "school_id"] = "</script><b>"
    page = webmap_html(county.with_layers(schools=schools))
    assert "</script><b>" not in page
    assert '"\\u003c/script\\u003e\\u003cb\\u003e": circle_marker_' in page


def test_charset_is_declared_once_in_the_first_1024_bytes(county) -> None:
    page = webmap_html(county)
    assert b'<meta charset="utf-8">' in page.encode("utf-8")[:1024]
    assert page.count("<meta charset") == 1 and 'http-equiv="content-type"' not in page


def test_scale_bar_is_metric_only(county) -> None:
    page = webmap_html(county)
    assert page.count("L.control.scale(") == 1
    assert "L.control.scale({imperial: false, metric: true})" in page


def _json_after(page: str, start: int) -> dict:
    import json

    depth, i = 0, page.index("{", start)
    for j in range(i, len(page)):
        depth += {"{": 1, "}": -1}.get(page[j], 0)
        if depth == 0:
            return json.loads(re.sub(r",\s*}", "}", page[i : j + 1]))
    raise AssertionError("unclosed object")


def test_place_names_sit_beside_school_markers(line_county) -> None:
    import geopandas as gpd

    from layers.webmap import MAX_SCHOOL_RADIUS, SCHOOL_PANE

    # A township seat exactly where the primary school stands.
    school = line_county.schools.geometry.iloc[0]
    places = gpd.GeoDataFrame(
        {"name": ["城关镇"], "kind": ["township_seat"], "township": ["T1"], "population": [1000]},
        geometry=[school],
        crs=line_county.crs,
    )
    page = webmap_html(line_county.with_layers(places=places))
    icons = [_json_after(page, m.end()) for m in re.finditer(r"L\.divIcon\(", page)]
    assert len(icons) == 1 and "城关镇" in icons[0]["html"]
    left, _ = icons[0]["iconAnchor"]
    width, height = icons[0]["iconSize"]
    # The text starts right of the widest school marker (radius plus its thickest outline).
    assert -left >= MAX_SCHOOL_RADIUS + 3 and width == 0 and height > 0
    assert icons[0]["className"] == "sp-label-icon"  # not Leaflet's boxed div icon
    label = page.index("L.marker(")
    assert _json_after(page, page.index("[", label) + 1)["interactive"] is False
    # School markers are drawn in a pane above the labels' (markerPane, z-index 600).
    markers = [_json_after(page, page.index("]", m.end()) + 1) for m in re.finditer(r"L\.circleMarker\(", page)]
    assert len(markers) == len(line_county.schools)
    assert all(m["pane"] == SCHOOL_PANE for m in markers)
    pane = re.search(r'createPane\(\s*"' + SCHOOL_PANE + r'"\);\s*(\w+)\.style\.zIndex = (\d+)', page)
    assert pane is not None and int(pane.group(2)) > 600


def test_children_image_is_aligned_with_the_cells(project_factory) -> None:
    import base64
    import io

    from matplotlib.image import imread
    from pyproj import Transformer

    from tests.conftest import CRS, X0, Y0, school_row

    # A 9 x 12 grid 100 km east of the central meridian (so it is turned against the
    # meridians), with children in a pattern of cells.
    rows, cols, col0, size = 9, 12, 1000, 100.0
    cells = [(r, col0 + c, float(1 + r + c), 1.0) for r in range(rows) for c in range(cols) if (r * 5 + c * 3) % 4 == 0]
    project = project_factory(roads=[([(col0 * size, -50.0), ((col0 + cols) * size, -50.0)], "county")],
                              schools=[school_row(school_id="P1", x=col0 * size, y=-50.0)], cells=cells)  # fmt: skip
    page = webmap_html(project)
    found = re.search(r'L\.imageOverlay\(\s*"data:image/png;base64,([^"]+)",\s*(\[\[[^\]]+\],\s*\[[^\]]+\]\])', page)
    assert found is not None
    (lat0, lon0), (lat1, lon1) = json.loads(found.group(2))
    # The grid's outer edges (cell centres plus or minus half a cell) in longitude and latitude.
    west, east = X0 + col0 * size, X0 + (col0 + cols) * size
    north, south = Y0, Y0 - rows * size
    to_wgs = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    e_lon0, e_lat0, e_lon1, e_lat1 = to_wgs.transform_bounds(west, south, east, north, densify_pts=101)
    assert [lon0, lat0, lon1, lat1] == pytest.approx([e_lon0, e_lat0, e_lon1, e_lat1], abs=1e-9)
    image = imread(io.BytesIO(base64.b64decode(found.group(1))))
    height, width = image.shape[:2]
    k = height // rows
    assert k >= 1 and (height, width) == (k * rows, k * cols)
    # Each cell's centre, placed on the image as Leaflet places it (linear in Web Mercator
    # between the corners), falls on a coloured pixel if the cell has children, else on a
    # transparent one.
    to_merc = Transformer.from_crs(CRS, "EPSG:3857", always_xy=True)
    wgs_to_merc = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
    mx0, my0 = wgs_to_merc.transform(lon0, lat0)
    mx1, my1 = wgs_to_merc.transform(lon1, lat1)
    full = {(r, c - col0) for r, c, _p, _j in cells}
    for r in range(rows):
        for c in range(cols):
            mx, my = to_merc.transform(west + (c + 0.5) * size, north - (r + 0.5) * size)
            px, py = int((mx - mx0) / (mx1 - mx0) * width), int((my1 - my) / (my1 - my0) * height)
            assert (image[py, px, 3] > 0) == ((r, c) in full), (r, c)


def test_geojson_of_every_kind_of_shape_is_geopandas_rounded() -> None:
    """The page's GeoJSON (coordinates taken for all features at once) is geopandas' own mapping
    with every number rounded to 6 decimals: lines, multi-lines, polygons with holes,
    multi-polygons, points, a collection, an empty shape, a missing one and a missing value."""
    import geopandas as gpd
    import numpy as np
    import shapely

    from layers.webmap import _geojson, _round_coords

    rng = np.random.default_rng(3)
    x0, y0 = 500_000.0, 3_000_000.0
    origin = np.array([x0, y0])
    square = shapely.box(x0, y0, x0 + 1000, y0 + 1000)
    holed = square.difference(shapely.box(x0 + 100, y0 + 100, x0 + 300, y0 + 300)).difference(
        shapely.box(x0 + 500, y0 + 500, x0 + 700, y0 + 900)
    )
    shapes = [
        shapely.LineString(rng.uniform(0, 5000, (7, 2)) + origin),
        holed,
        shapely.MultiPolygon([holed, shapely.box(x0 + 2000, y0, x0 + 2500, y0 + 333.3333)]),
        shapely.Point(x0 + 12.3456789, y0 + 98.7654321),
        shapely.MultiLineString([rng.uniform(0, 5000, (3, 2)) + origin, rng.uniform(0, 5000, (4, 2)) + origin]),
        shapely.Polygon(),
        None,
        shapely.GeometryCollection([shapely.Point(x0, y0), shapely.LineString([(x0, y0), (x0 + 10, y0 + 10)])]),
        shapely.MultiPoint([(x0, y0), (x0 + 1.5, y0 + 2.5)]),
        shapely.box(x0 - 3000, y0 - 3000, x0 - 2000, y0 - 2500),
    ]
    frame = gpd.GeoDataFrame(
        {"name": [f"s{i}" for i in range(len(shapes))], "value": [0.1234567891 * i for i in range(len(shapes))]},
        geometry=shapes,
        crs="EPSG:4545",
    )
    frame.loc[2, "value"] = np.nan
    expected = _round_coords(frame.to_crs("EPSG:4326").to_geo_dict(drop_id=True))
    assert json.dumps(_geojson(frame)) == json.dumps(expected)
    simplified = frame.set_geometry(frame.geometry.simplify(50.0, preserve_topology=True))
    assert json.dumps(_geojson(frame, tolerance=50.0)) == json.dumps(
        _round_coords(simplified.to_crs("EPSG:4326").to_geo_dict(drop_id=True))
    )
