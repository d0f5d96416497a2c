"""The offline web map: no external URL, Leaflet inlined, one marker per school, escaped names."""

from __future__ import annotations

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
