"""The exported HTML map: one self-contained file, a layer switcher, school popups, escaped names."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from gis.analysis import analyze
from gis.edits import Close
from gis.project import load_project
from gis.standards import load_standards
from gis.suggest import Suggestion, Suggestions
from layers.glossary import term
from layers.html_export import write_html_map
from layers.webmap import ALLOWED_URLS

DEMO = Path(__file__).resolve().parents[2] / "data" / "bancang.gpkg"
EVIL = "<script>alert(1)</script>"
LEAVING = re.compile(r"^\s*['\"]?\s*(?:https?:|//|file:|ftp:)", re.IGNORECASE)
# CSS url(...), not a JavaScript name ending in "Url(" such as Leaflet's getTileUrl(coords).
URL_CALL = re.compile(r"(?<![\w$.])url\(\s*([^)]*)\)", re.IGNORECASE)


class _Scan(HTMLParser):
    """Every URL-bearing attribute, style and script text, and the tags, of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self.tags: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "data", "poster", "background", "xlink:href"):
                self.attributes.append((tag, name, value or ""))
            if name == "style" and value:
                self.styles.append(value)
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)


def _leaving_urls(page: str) -> list[str]:
    """URLs in a page that leave it: src/href attributes and url(...) in styles and scripts."""
    scan = _Scan()
    scan.feed(page)
    found = [value for _tag, _name, value in scan.attributes if LEAVING.match(value)]
    for text in scan.styles + scan.scripts:
        for arg in URL_CALL.findall(text):
            target = arg.strip().strip("'\"")
            if LEAVING.match(target) or not (target.startswith(("data:", "#")) or target == ""):
                found.append(target)
    return found


def _data(page: str) -> dict[str, Any]:
    match = re.search(r"var data = (\{.*\});\n", page)
    assert match, "the export's data is missing"
    return json.loads(match.group(1))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo county analysed once; a copy with one school renamed to a script tag, exported."""
    project = load_project(DEMO)
    analysis = analyze(project, load_standards())
    schools = project.schools.copy()
    schools.loc[3, "name"] = EVIL
    renamed = replace(analysis, project=project.with_layers(schools=schools))
    a, b = (str(v) for v in schools["school_id"].iloc[:2])
    close = Suggestion(
        "S01", "primary", "close", (a,), ("x",), (b,), (), 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0, 0, "撤并<b>理由</b>",
        "close", (Close(a),),
    )  # fmt: skip
    path = write_html_map(tmp_path_factory.mktemp("html") / "map.html", renamed, suggestions=Suggestions((close,)))
    return {"analysis": renamed, "path": path, "page": path.read_text(encoding="utf-8")}


def test_no_url_leaves_the_file(exported: dict[str, Any]) -> None:
    page = exported["page"]
    assert _leaving_urls(page) == []
    scan = _Scan()
    scan.feed(page)
    assert "link" not in scan.tags
    assert not [a for a in scan.attributes if a[1] == "src"]
    # Anywhere in the text, the only absolute URL is the SVG namespace (an identifier, never fetched).
    absolute = set(re.findall(r"(?:https?|file|ftp):/*[^\s\"'<>)]*", page))
    assert absolute <= set(ALLOWED_URLS)


def test_url_check_catches_what_leaves() -> None:
    assert _leaving_urls('<script src="https://cdn.example.org/leaflet.js"></script>')
    assert _leaving_urls('<link rel="stylesheet" href="//unpkg.com/leaflet.css">')
    assert _leaving_urls("<style>.a{background:url('file:///tmp/x.png')}</style>")
    assert _leaving_urls('<script>el.style.background = "url(images/layers.png)";</script>')
    assert _leaving_urls('<div style="background:url(http://x.org/a.png)"></div>')
    assert not _leaving_urls('<style>.a{background:url(data:image/png;base64,AAAA)}</style><a href="#close">x</a>')
    assert not _leaving_urls("<script>i.src = this.getTileUrl(t);</script>")


def test_leaflet_is_inlined(exported: dict[str, Any]) -> None:
    page = exported["page"]
    assert "L.map(" in page
    assert ".leaflet-control-layers" in page
    assert page.count("<html") == 1 and page.rstrip().endswith("</html>")
    name = exported["analysis"].project.name
    assert f"<title>{name} 学校布局图</title>" in page


def test_layer_switcher_with_every_layer(exported: dict[str, Any]) -> None:
    page = exported["page"]
    assert "L.control.layers(" in page
    titles = _data(page)["titles"]
    assert titles["catchments_primary"] == term("layer.catchments_primary", "zh")
    assert {"schools", "roads", "townships", "catchments_primary", "catchments_junior", "travel_time"} <= set(titles)
    assert _data(page)["suggestionsTitle"] == "规划建议"


def test_school_popups(exported: dict[str, Any]) -> None:
    popups = _data(exported["page"])["schools"]
    schools = exported["analysis"].project.schools
    assert len(popups) == len(schools)
    row = schools.iloc[0]
    pupils = sum(int(row[f"enrol_g{g}"]) for g in range(1, 10))
    first = popups[0]["html"]
    assert f"<td>{row['school_id']}</td>" in first
    assert f"<th>在校生</th><td>{pupils:,}</td>" in first
    if row["capacity_primary"] > 0:
        assert f"<th>小学学位</th><td>{int(row['capacity_primary']):,}</td>" in first
    assert "<th>类型</th>" in first
    assert any("<th>标记</th>" in p["html"] for p in popups)  # some school is flagged
    lat, lon = popups[0]["lat"], popups[0]["lon"]
    assert 20 < lat < 30 and 100 < lon < 115


def test_script_name_is_shown_as_text(exported: dict[str, Any]) -> None:
    page = exported["page"]
    assert EVIL not in page
    assert "<script>alert" not in page.lower()
    scan = _Scan()
    scan.feed(page)
    assert not any("alert(1)" in s and "<script>" in s for s in scan.scripts)
    popup = _data(page)["schools"][3]["html"]
    assert "<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>" in popup
    # Suggestion text from the data is escaped too.
    (suggestion,) = [s for s in _data(page)["suggestions"] if "撤并" in s["html"]][:1]
    assert "撤并&lt;b&gt;理由&lt;/b&gt;" in suggestion["html"]


def test_catchments_and_suggestions_are_layers(exported: dict[str, Any]) -> None:
    page = exported["page"]
    assert '"catchments_primary": ' in page  # registered with the page's layer API
    data = _data(page)
    assert len(data["suggestions"]) == 2
    assert {s["color"] for s in data["suggestions"]} == {"#e41a1c", "#1f77b4"}


def test_bad_language_leaves_an_existing_file(exported: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(ValueError, match="language"):
        write_html_map(target, exported["analysis"], language="fr")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_charset_first_and_metric_scale(exported: dict[str, Any]) -> None:
    raw = exported["path"].read_bytes()
    assert b'<meta charset="utf-8">' in raw[:1024]
    page = exported["page"]
    assert page.count("L.control.scale(") == 1 and "L.control.scale({imperial: false, metric: true})" in page


def test_legend_has_a_part_per_layer_with_symbols(exported: dict[str, Any]) -> None:
    from layers.style import SCHOOL_COLORS, TRAVEL_TIME_COLORS

    page = exported["page"]
    data = _data(page)
    assert data["legendTitle"] == "图例"
    parts = {p["name"]: p["html"] for p in data["legend"]}
    assert {"schools", "roads", "townships", "rivers", "travel_time", "population_primary",
            "catchments_primary"} <= set(parts)  # fmt: skip
    for name, html in parts.items():
        assert f"<h5>{data['titles'][name]}</h5>" in html, name
    schools = parts["schools"]
    for kind, color in SCHOOL_COLORS.items():
        assert color in schools, kind
    assert "小学" in schools and "教学点" in schools and "Primary school" not in schools
    assert all(color in parts["travel_time"] for color in TRAVEL_TIME_COLORS)
    assert "30分钟" in parts["travel_time"]
    assert "linear-gradient" in parts["population_primary"]
    # Its value range: the smallest and the largest (98th percentile) children per cell.
    from layers.webmap import population_range

    low, high = population_range(exported["analysis"].project, "primary")
    shown = [f"{v:.1f}" if v < 10 else f"{v:,.0f}" for v in (low, high)]
    assert f"{shown[0]} <span" in parts["population_primary"] and f"</span> {shown[1]}" in parts["population_primary"]
    # Shown as a Leaflet control that follows the layer switcher.
    assert 'L.control({position: "bottomright"})' in page and "sp-legend" in page
    assert "showPart(e.layer, false)" in page
