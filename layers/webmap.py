"""Render a project's layers to a Leaflet web map (folium) that works with no network at all.

Leaflet's JavaScript and CSS come from the installed ``xstatic-leaflet`` package and are
inlined into the page (its images as data URIs); folium's default CDN resources are dropped
and no tile layer is added, so the base map is the project's own townships, rivers, roads
and place names. Everything is reprojected to WGS84 for Leaflet. The population is drawn
as one PNG image overlay (not thousands of vector squares), warped to Web Mercator so that
it lines up with the vectors.

The page defines ``window.schoolplan`` with ``setVisible(name, on)``,
``setOpacity(name, value)``, ``zoomTo(lat, lon, zoom)``, ``zoomToSchool(id)``,
``highlightSchool(id)``, ``clickSchool(id)``, ``showZone(id, fit)`` (an enrolment zone outlined),
``opacityOf(name)``, ``setOrder(names)`` and ``order()`` so that a host (the desktop window) can drive
it by layer name and school code.
Mouse moves are reported, at most once per animation frame, to
``window.schoolplanBridge.mouseMoved(lat, lon)`` when the host provides it. A click on a school calls
``window.schoolplanBridge.schoolClicked(id)`` when a host has put such a bridge on the page
(the desktop window does, over a QWebChannel); without one (in a browser) the click only
highlights the school's catchment.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

import numpy as np

from gis.schema import enrolment_columns
from layers.glossary import check_language, find, term
from layers.model import Layer, LayerStack, project_layers
from layers.style import (
    BOARDING_COLOR,
    CATCHMENT_PALETTE,
    OVERCROWDED_COLOR,
    SCHOOL_COLORS,
    SCHOOL_FLAG_LABELS,
    SCHOOL_FLAG_TERMS,
    SMALL_SCHOOL_DASH,
    SMALL_SCHOOL_FILL_OPACITY,
    TRAVEL_TIME_COLORS,
    UNREACHABLE_COLOR,
    school_flags,
    travel_time_class,
)
from layers.zones_layer import ZONES_LAYER

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

    from gis.analysis import Analysis
    from gis.project import Project

WGS84 = "EPSG:4326"
WEB_MERCATOR = "EPSG:3857"
# The Leaflet pane of the school markers, above the place names.
SCHOOL_PANE = "sp-schools"
# The largest radius of a school marker, in screen pixels.
MAX_SCHOOL_RADIUS = 14.0
# A place name starts this many pixels right of its point: beside a school marker there, never on it.
LABEL_OFFSET_PX = 18
LABEL_HEIGHT_PX = 14
# An image overlay has each cell drawn as k x k pixels, k as large as keeps it under this many pixels.
MAX_OVERLAY_PIXELS = 4_000_000
MAX_OVERLAY_SUPERSAMPLE = 8
# The travel time surface at county scale: blocks of this side (metres), children-weighted; the
# cells themselves from this zoom on.
TRAVEL_BLOCK_M = 1000.0
TRAVEL_DETAIL_ZOOM = 13
# The least a block's fill is drawn with (a share of the layer's opacity), for a block of hardly any children.
BLOCK_MIN_WEIGHT = 0.3
# Catchments drawn as areas (the swipe, a highlight): cells closer than twice this many cells join.
CLOSING_CELLS = 2.5
# The land a catchment drawn as an area takes around its inhabited cells (metres).
FILL_REACH_M = 1500.0
# The only URL left in the page: the SVG namespace inside Leaflet's code, an identifier
# that is never fetched.
ALLOWED_URLS = ("http://www.w3.org/2000/svg",)


def leaflet_dir() -> Path:
    """Folder of the Leaflet files shipped by the ``xstatic-leaflet`` package."""
    import xstatic.pkg.leaflet as xs_leaflet

    return Path(xs_leaflet.__file__).resolve().parent / "data"


@cache
def leaflet_assets() -> tuple[str, str]:
    """Leaflet's JavaScript and CSS, ready to inline (no source map, images as data URIs)."""
    folder = leaflet_dir()
    js = (folder / "leaflet.js").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    # The attribution control's link to Leaflet's home page; the control is off anyway.
    js = js.replace("https://leafletjs.com", "#")
    css = (folder / "leaflet.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)  # comments (one cites a bug tracker URL)

    def _inline(match: re.Match[str]) -> str:
        image = folder / "images" / match.group(1)
        data = base64.b64encode(image.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\(images/([\w.-]+\.png)\)", _inline, css)
    return js, css


def html_text(value: object) -> str:
    """Text from data made safe for HTML and for the JavaScript template strings folium writes."""
    return html.escape(str(value), quote=True).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def webmap_html(
    project: Project,
    analysis: Analysis | None = None,
    *,
    layers: LayerStack | None = None,
    title: str | None = None,
    base_tiles: str | None = None,
    base_max_zoom: int = 18,
    flag_labels: Mapping[str, str] | None = None,
    language: str = "en",
) -> str:
    """The complete, offline HTML page of a project's map.

    Parameters
    ----------
    project
        The county project (its roads, rivers, townships and places make the base map).
    analysis
        If given, its catchments are drawn, one layer per level.
    layers
        The layers to draw (visibility, opacity, order); default :func:`project_layers`.
    title
        Page title; default the project's name.
    base_tiles
        An optional local tile URL template (``file:///…/{z}/{x}/{y}.png`` or a scheme the
        host serves, such as ``mbtiles:{z}/{x}/{y}``) drawn under every layer. Only local
        URLs belong here: the page must never reach the network.
    base_max_zoom
        The deepest zoom level of the base tiles (Leaflet enlarges them beyond it).
    flag_labels
        The words of the school flags in the schools' tooltips, by flag (keys of
        :data:`layers.style.SCHOOL_FLAG_LABELS`); default the glossary's words in ``language``.
    language
        ``zh`` or ``en``: the words of the page (school types, township names' context, the
        travel-time blocks' tooltips, the planning legend).

    Returns
    -------
    One self-contained HTML document with no external URL.
    """
    if layers is None:
        layers = project_layers(project, analysis)
    check_language(language)
    fmap = _offline_map(project, title=title or project.name, language=language)
    if base_tiles:
        import folium

        folium.TileLayer(
            tiles=base_tiles,
            attr="local",
            name="base",
            overlay=False,
            control=False,
            max_zoom=22,
            max_native_zoom=base_max_zoom,
        ).add_to(fmap)
    if flag_labels is None:
        flag_labels = {flag: term(key, language) for flag, key in SCHOOL_FLAG_TERMS.items()}
    registry: dict[str, str] = {}
    markers: dict[str, str] = {}
    travel: dict[str, str] = {}
    for layer in layers:
        obj = _render_layer(
            layer, project, analysis, markers=markers, flag_labels=flag_labels, language=language, travel=travel
        )
        if obj is None:
            continue
        obj.add_to(fmap)
        registry[layer.name] = obj.get_name()
    _add_host_api(fmap, registry, layers, markers=markers if "schools" in registry else {}, travel=travel)
    page = fmap.get_root().render()
    return page


def write_webmap(path: str | Path, project: Project, analysis: Analysis | None = None, **kwargs: object) -> Path:
    """Write :func:`webmap_html` to a file (UTF-8) and return its path."""
    target = Path(path)
    target.write_text(webmap_html(project, analysis, **kwargs), encoding="utf-8")  # type: ignore[arg-type]
    return target


def page_language(page: str) -> str | None:
    """The language (``zh`` or ``en``) a page of :func:`webmap_html` was made in, from its head."""
    found = re.search(r'<meta name="schoolplan-language" content="(\w+)">', page[:2000])
    return found.group(1) if found else None


def _offline_map(project: Project, *, title: str, language: str = "en") -> folium.Map:
    import folium
    from branca.element import Element, Figure, MacroElement
    from jinja2 import Template

    class _OfflineMap(folium.Map):
        default_js: ClassVar[list[tuple[str, str]]] = []  # type: ignore[misc]
        default_css: ClassVar[list[tuple[str, str]]] = []  # type: ignore[misc]

    class _MetricScale(MacroElement):
        _template = Template(
            "{% macro script(this, kwargs) %}"
            "L.control.scale({imperial: false, metric: true}).addTo({{ this._parent.get_name() }});"
            "{% endmacro %}"
        )

    bounds = bounds_wgs84(project)
    fmap = _OfflineMap(tiles=None, control_scale=False, attribution_control=False, prefer_canvas=False)
    fmap.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    fmap.add_child(_MetricScale())
    # Schools are drawn in a pane above the place names (markerPane, 600) and below tooltips (650).
    folium.map.CustomPane(SCHOOL_PANE, z_index=640).add_to(fmap)
    js, css = leaflet_assets()
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(Element(f"<title>{html_text(title)}</title>"), name="title")
    root.header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css", index=0)
    root.header.add_child(Element(f"<script>{js}</script>"), name="leaflet_js", index=1)
    # The one charset declaration, first in <head> (a browser looks for it in the first 1,024 bytes).
    root.header._children.pop("meta_http", None)
    root.header.add_child(Element('<meta charset="utf-8">'), name="meta_charset", index=0)
    root.header.add_child(
        Element(f'<meta name="schoolplan-language" content="{language}">'), name="meta_language", index=1
    )
    root.header.add_child(
        Element(
            "<style>.leaflet-container{background:#f4f1ea}.sp-label{font-size:11px;color:#333;"
            "white-space:nowrap;text-shadow:0 0 3px #fff,0 0 3px #fff;line-height:14px}"
            # Place names never take the mouse: a click beside or under one reaches the school.
            ".sp-label-icon,.sp-label,.sp-hl-label,.sp-hl-cross{pointer-events:none}"
            ".sp-hl-name{display:inline-block;transform:translateX(-50%);white-space:nowrap;font-size:12px;"
            "font-weight:bold;color:#222;background:rgba(255,255,255,.9);border:2px dashed;border-radius:3px;"
            "padding:0 4px}"
            ".sp-hl-count{display:inline-block;transform:translate(-50%,-50%);white-space:nowrap;font-size:11px;"
            "color:#222;background:rgba(255,255,255,.85);border-radius:3px;padding:0 3px}"
            ".sp-hl-legend{background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;font-size:12px;"
            "line-height:18px;box-shadow:0 1px 4px rgba(0,0,0,.3)}.sp-hl-title{font-weight:bold;margin-bottom:2px}"
            ".sp-swipe{position:absolute;top:0;bottom:0;width:4px;margin-left:-2px;background:#222;z-index:800;"
            "cursor:ew-resize}.sp-swipe-handle{position:absolute;top:50%;left:-15px;width:30px;height:24px;"
            "margin-top:-12px;background:#fff;border:2px solid #222;border-radius:4px;font-size:10px;"
            "line-height:20px;text-align:center}.sp-swipe-tag{position:absolute;top:8px;white-space:nowrap;"
            "background:rgba(255,255,255,.92);padding:2px 6px;border-radius:3px;font-size:13px;font-weight:bold}"
            ".sp-swipe-left{right:10px}.sp-swipe-right{left:10px}</style>"
        ),
        name="schoolplan_css",
    )
    return fmap


def bounds_wgs84(project: Project) -> tuple[float, float, float, float]:
    """The county's extent in WGS84 (west, south, east, north): its townships, grid and schools."""
    frames = [f for f in (project.townships, project.population, project.schools) if len(f)]
    x0, y0, x1, y1 = np.inf, np.inf, -np.inf, -np.inf
    for frame in frames:
        b = frame.to_crs(WGS84).total_bounds
        x0, y0, x1, y1 = min(x0, b[0]), min(y0, b[1]), max(x1, b[2]), max(y1, b[3])
    return float(x0), float(y0), float(x1), float(y1)


def _render_layer(
    layer: Layer,
    project: Project,
    analysis: Analysis | None = None,
    *,
    markers: dict[str, str] | None = None,
    flag_labels: Mapping[str, str] | None = None,
    language: str = "en",
    travel: dict[str, str] | None = None,
) -> folium.FeatureGroup | None:
    import folium

    group = folium.FeatureGroup(name=layer.title, show=layer.visible, control=False)
    if layer.name == "schools":
        found = _add_schools(
            group,
            project.schools,
            layer,
            analysis=analysis,
            flag_labels=flag_labels,
            language=language,
            townships=township_names(project),
        )
        if markers is not None:
            markers.update(found)
    elif layer.name == "places":
        _add_places(group, project.places)
    elif layer.name == "roads":
        _add_roads(group, project.roads, layer)
    elif layer.kind in ("lines", "polygons") and layer.name in ("townships", "rivers", "road_pieces"):
        frames: dict[str, object] = {"townships": project.townships, "rivers": project.rivers}
        frame = cast("gpd.GeoDataFrame", frames.get(layer.name, layer.data))
        if not len(frame):
            return None
        style = {
            "color": str(layer.style.get("color", "#555")),
            "weight": float(layer.style.get("weight", 1.0)),  # type: ignore[arg-type]
            "fill": False,
            "opacity": layer.opacity,
        }
        for part in _geojson_parts(_geojson(frame[["geometry"]])):
            folium.GeoJson(part, style_function=lambda _f, s=style: s).add_to(group)
    elif layer.name == "travel_time":
        from gis.analysis import Analysis

        if not isinstance(layer.data, Analysis):
            return None
        level = str(layer.style.get("level", "primary"))
        made = travel_time_image(layer.data, level)
        if made is None:
            return None
        # The county view: children-weighted blocks of a square kilometre; the cells once zoomed in.
        blocks = _travel_blocks_layer(project, travel_time_blocks(layer.data, level), layer, language)
        blocks.add_to(group)
        detail = _image_overlay(project, made[0], made[1], layer)
        detail.add_to(group)  # the page keeps one of the two, by zoom
        if travel is not None:
            travel.update(blocks=blocks.get_name(), detail=detail.get_name())
    elif layer.kind == "raster":
        overlay = _population_overlay(project, str(layer.style.get("column", "primary")), layer)
        if overlay is None:
            return None
        overlay.add_to(group)
    elif layer.name.startswith("catchments_"):
        from gis.analysis import Analysis

        if not isinstance(layer.data, Analysis):
            return None
        _add_catchments(group, layer.data, str(layer.style.get("level", "primary")), layer)
    elif layer.name == ZONES_LAYER:
        if layer.data is None:
            return None
        _add_zones(group, layer, project.cell_size, language)
    else:
        return None
    return group


def _geojson(frame: gpd.GeoDataFrame, *, tolerance: float = 0.0) -> dict[str, object]:
    """A GeoJSON mapping of a projected frame, simplified (in its own units) and in WGS84, its
    coordinates rounded to 6 decimals (about 0.1 m).

    Built as Python objects rather than through a JSON string: a desktop host builds the page in
    a worker thread, and one long ``json.loads`` would hold the interpreter lock (freezing the
    host's event loop) for the whole parse. The lines' and polygons' coordinates are taken and
    rounded for all features at once (:func:`_geometry_mappings`).
    """
    import geopandas as gpd

    if tolerance > 0:
        frame = frame.set_geometry(frame.geometry.simplify(tolerance, preserve_topology=True))
    wgs = frame.to_crs(WGS84)
    geometries = _geometry_mappings(np.asarray(wgs.geometry.values, dtype=object))
    # geopandas writes the properties (missing values as null, numpy numbers as Python's).
    attributes = gpd.GeoDataFrame(wgs.drop(columns=wgs.geometry.name), geometry=[None] * len(wgs))
    out = attributes.to_geo_dict(drop_id=True)
    for feature, geometry in zip(out["features"], geometries, strict=True):
        feature["properties"] = _round_coords(feature["properties"])  # their numbers too
        feature["geometry"] = geometry
    return out


# Coordinate pairs made Python lists at a time: ~10 ms, each holding the interpreter lock (a
# window building the page in a worker stays responsive).
_PAIRS_AT_ONCE = 50_000
# shapely's type ids of the geometries :func:`_geometry_mappings` takes apart itself.
_LINE_TYPES = {1: "LineString", 5: "MultiLineString"}
_POLYGON_TYPES = {3: "Polygon", 6: "MultiPolygon"}


def _geometry_mappings(geometries: np.ndarray) -> list[object]:
    """The GeoJSON geometry of each shape, coordinates rounded to 6 decimals.

    Lines and polygons (the map's catchments, townships, roads: millions of vertices) from one
    coordinate array and their parts' offsets; points and collections through their
    ``__geo_interface__``; empty and missing shapes are None, as geopandas writes them.
    """
    import shapely

    out: list[object] = [None] * len(geometries)
    kinds = shapely.get_type_id(geometries)
    empty = shapely.is_empty(geometries) | shapely.is_missing(geometries)
    for kind_names in (_LINE_TYPES, _POLYGON_TYPES):
        chosen = np.flatnonzero(np.isin(kinds, list(kind_names)) & ~empty)
        if not chosen.size:
            continue
        parts, part_of = shapely.get_parts(geometries[chosen], return_index=True)
        if kind_names is _POLYGON_TYPES:  # a polygon's rings: its shell, then its holes
            rings, ring_of = shapely.get_rings(parts, return_index=True)
        else:
            rings, ring_of = parts, np.arange(parts.size)
        xy, point_of = shapely.get_coordinates(rings, return_index=True)
        rounded = np.round(xy, 6)
        pairs: list[object] = []
        for start in range(0, len(rounded), _PAIRS_AT_ONCE):  # the host's event loop runs in between
            pairs.extend(rounded[start : start + _PAIRS_AT_ONCE].tolist())
        ring_lists = _split(pairs, point_of, rings.size)
        part_lists = ring_lists if kind_names is _LINE_TYPES else _split(ring_lists, ring_of, parts.size)
        for k, parts_of_one in enumerate(_split(part_lists, part_of, chosen.size)):
            name = kind_names[int(kinds[chosen[k]])]
            out[chosen[k]] = {
                "type": name,
                "coordinates": parts_of_one if name.startswith("Multi") else parts_of_one[0],
            }
    for i in np.flatnonzero(~np.isin(kinds, [*_LINE_TYPES, *_POLYGON_TYPES]) & ~empty).tolist():
        out[i] = _round_coords(geometries[i].__geo_interface__)
    return out  # empty and missing shapes stay None (null), as geopandas writes them


def _split(items: Sequence[object], owner: np.ndarray, count: int) -> list[Sequence[object]]:
    """``items`` grouped by their owner (ascending, 0 to ``count`` - 1; an owner may have none)."""
    bounds = np.searchsorted(owner, np.arange(count + 1)).tolist()
    return [items[a:b] for a, b in itertools.pairwise(bounds)]


def _geojson_parts(data: dict[str, object], *, max_vertices: int = 20_000) -> list[dict[str, object]]:
    """A FeatureCollection split into collections of at most about ``max_vertices`` points each.

    Each part is written to the page by one ``json.dumps``; smaller parts keep a host's event
    loop responsive while the page is built in a worker thread (see :func:`_geojson`).
    """
    features = data.get("features", [])
    assert isinstance(features, list)
    parts: list[dict[str, object]] = []
    current: list[object] = []
    size = 0
    for feature in features:
        n = _count_points(feature["geometry"]) if isinstance(feature, dict) else 1
        if current and size + n > max_vertices:
            parts.append({"type": "FeatureCollection", "features": current})
            current, size = [], 0
        current.append(feature)
        size += n
    if current or not parts:
        parts.append({"type": "FeatureCollection", "features": current})
    return parts


def _count_points(obj: object) -> int:
    if isinstance(obj, dict):
        return _count_points(obj.get("coordinates", ()))
    if isinstance(obj, list | tuple):
        if not obj:
            return 0
        first = obj[0]
        if isinstance(first, float | int):
            return 1  # a position
        if isinstance(first, list | tuple) and first and isinstance(first[0], float | int):
            return len(obj)  # a line or ring of positions
        return sum(_count_points(v) for v in obj)
    return 0


def _round_coords(obj: object) -> object:
    if isinstance(obj, float):
        return round(obj, 6)
    if isinstance(obj, list | tuple):
        return [_round_coords(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _round_coords(v) for k, v in obj.items()}
    return obj


def _add_roads(group: folium.FeatureGroup, roads: gpd.GeoDataFrame, layer: Layer) -> None:
    import folium

    classes = roads["road_class"].astype(str)
    for road_class, style in layer.style.items():
        part = roads[classes == road_class]
        if not len(part):
            continue
        assert isinstance(style, dict)
        s = {"color": style["color"], "weight": float(style["weight"]) + 0.5, "opacity": layer.opacity}
        for piece in _geojson_parts(_geojson(part[["geometry"]])):
            folium.GeoJson(piece, style_function=lambda _f, s=s: s).add_to(group)


def _add_places(group: folium.FeatureGroup, places: gpd.GeoDataFrame) -> None:
    import folium

    if not len(places):
        return
    seats = places[places["kind"].astype(str).isin(["county_seat", "township_seat"])].to_crs(WGS84)
    for name, kind, geom in zip(seats["name"], seats["kind"], seats.geometry, strict=True):
        weight = "bold" if kind == "county_seat" else "normal"
        icon = folium.DivIcon(
            html=f'<div class="sp-label" style="font-weight:{weight}">{html_text(name)}</div>',
            icon_size=(0, LABEL_HEIGHT_PX),  # the text overflows to the right, unclipped
            icon_anchor=(-LABEL_OFFSET_PX, LABEL_HEIGHT_PX // 2),  # beside the point, vertically centred
            class_name="sp-label-icon",
        )
        folium.Marker([geom.y, geom.x], icon=icon, interactive=False).add_to(group)


def township_names(project: Project) -> dict[str, str]:
    """Township code → name, from the project's townships layer (empty when it names none)."""
    townships = project.townships
    if not len(townships) or "code" not in townships.columns or "name" not in townships.columns:
        return {}
    return {
        str(code): str(name).strip()
        for code, name in zip(townships["code"].astype(str), townships["name"], strict=True)
        if isinstance(name, str) and name.strip()
    }


def school_tooltip(
    row: dict[str, object],
    flags: tuple[str, ...] | list[str] = (),
    *,
    type_word: str | None = None,
    township: str | None = None,
) -> str:
    """HTML of a school's tooltip: name, code, type (``type_word``, default the type's code in words),
    township (its name, when given) and the words of its flags (all escaped)."""
    kind = type_word if type_word is not None else str(row["type"]).replace("_", " ")
    text = f"<b>{html_text(row['name'])}</b><br>{html_text(row['school_id'])}<br>{html_text(kind)}"
    if township:
        text += f"<br>{html_text(township)}"
    if flags:
        text += "<br><i>" + html_text(", ".join(flags)) + "</i>"
    return text


def school_marker_style(flags: Mapping[str, bool]) -> dict[str, object]:
    """Outline and fill of a school's marker from its flags (see :func:`layers.style.school_flags`).

    Overcrowded: a red outline; boarding: a thick ring (dark unless overcrowded); under 100
    pupils: a dashed outline and a hollow (faint) fill; teaching points have their own fill
    colour (the type's). Otherwise a thin white outline.

    Returns
    -------
    ``color``, ``weight``, ``dash_array`` (or None) and ``fill_opacity`` (before the layer's opacity).
    """
    overcrowded, boarding = bool(flags.get("overcrowded")), bool(flags.get("boarding"))
    small = bool(flags.get("under_100"))
    color = OVERCROWDED_COLOR if overcrowded else BOARDING_COLOR if boarding else "#ffffff"
    weight = 3.0 if boarding else 2.0 if overcrowded or small else 1.0
    return {
        "color": color if overcrowded or boarding or not small else "#333333",
        "weight": weight,
        "dash_array": SMALL_SCHOOL_DASH if small else None,
        "fill_opacity": SMALL_SCHOOL_FILL_OPACITY if small else 0.9,
    }


def _add_schools(
    group: folium.FeatureGroup,
    schools: gpd.GeoDataFrame,
    layer: Layer,
    *,
    analysis: Analysis | None = None,
    flag_labels: Mapping[str, str] | None = None,
    language: str = "en",
    townships: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Add one circle per school; returns the JavaScript variable of each school's marker by code.

    The tooltips name the school's type in ``language`` and its township by name (``townships``:
    code → name; a code without a name is shown as it is).
    """
    import folium

    colors = layer.style.get("colors", SCHOOL_COLORS)
    assert isinstance(colors, dict)
    words = {**SCHOOL_FLAG_LABELS, **(flag_labels or {})}
    wgs = schools.to_crs(WGS84)
    enrol = schools[enrolment_columns()].to_numpy(dtype=float).sum(axis=1)
    flag_rows = school_flags(schools, analysis).to_dict("records")
    markers: dict[str, str] = {}
    for i, row in enumerate(wgs.drop(columns="geometry").to_dict("records")):
        geom = wgs.geometry.iloc[i]
        kind = str(row["type"])
        radius = 4.0 + 2.0 * float(np.sqrt(max(float(enrol[i]), 0.0)) / 10.0)
        flags = flag_rows[i]
        style = school_marker_style(flags)
        extra: dict[str, str] = {"dash_array": str(style["dash_array"])} if style["dash_array"] else {}
        marker = folium.CircleMarker(
            [geom.y, geom.x],
            radius=min(radius, MAX_SCHOOL_RADIUS),
            color=str(style["color"]),
            weight=float(style["weight"]),  # type: ignore[arg-type]
            fill=True,
            fill_color=str(colors.get(kind, "#777777")),
            fill_opacity=float(style["fill_opacity"]) * layer.opacity,  # type: ignore[arg-type]
            opacity=layer.opacity,
            tooltip=folium.Tooltip(
                school_tooltip(
                    row,
                    [words[k] for k in SCHOOL_FLAG_LABELS if flags.get(k)],
                    type_word=find(f"school.{kind}", language) or kind,
                    township=(townships or {}).get(str(row.get("township", "")), str(row.get("township", ""))),
                )
            ),
            **extra,
        )
        marker.options["pane"] = SCHOOL_PANE  # folium's path options have no pane
        marker.add_to(group)
        markers[str(row["school_id"])] = marker.get_name()
    return markers


def _add_catchments(group: folium.FeatureGroup, analysis: Analysis, level: str, layer: Layer) -> None:
    import folium

    from gis.frames import catchments_frame

    frame = catchments_frame(analysis)
    part = frame[frame["level"] == level].reset_index(drop=True)
    if not len(part):
        return
    part = part.assign(
        color=[CATCHMENT_PALETTE[i % len(CATCHMENT_PALETTE)] for i in range(len(part))],
        label=[html_text(n) for n in part["name"]],
    )[["school_id", "label", "children", "color", "geometry"]]
    data = _geojson(part, tolerance=analysis.project.cell_size / 4)
    opacity = layer.opacity

    def style(feature: dict[str, dict[str, object]]) -> dict[str, object]:
        return {
            "color": "#555555",
            "weight": 0.6,
            "fillColor": feature["properties"]["color"],
            "fillOpacity": opacity,
        }

    for piece in _geojson_parts(data):
        tooltip = folium.GeoJsonTooltip(["label"], labels=False)
        folium.GeoJson(piece, style_function=style, tooltip=tooltip).add_to(group)


def _add_zones(group: folium.FeatureGroup, layer: Layer, cell_size: float, language: str) -> None:
    """The enrolment zones (:mod:`layers.zones_layer`): the villages' thin outlines, then each zone filled
    in its colour with its outline and tooltip (``properties.school_id`` for the page's ``showZone``)."""
    import folium

    from layers.zones_layer import village_outlines, zone_features

    zones = layer.data
    opacity = layer.opacity
    outline, village = str(layer.style.get("outline", "#333333")), str(layer.style.get("villages", "#777777"))
    lines = {"color": village, "weight": 0.5, "fill": False, "opacity": opacity, "interactive": False}
    for piece in _geojson_parts(_geojson(village_outlines(zones), tolerance=cell_size / 8)):  # type: ignore[arg-type]
        folium.GeoJson(piece, style_function=lambda _f, s=lines: s).add_to(group)
    features = zone_features(zones, language=language)  # type: ignore[arg-type]

    def style(feature: dict[str, dict[str, object]]) -> dict[str, object]:
        return {"color": outline, "weight": 1.8, "fillColor": feature["properties"]["color"], "fillOpacity": opacity}

    for piece in _geojson_parts(_geojson(features, tolerance=cell_size / 8)):
        tooltip = folium.GeoJsonTooltip(["label"], labels=False)
        folium.GeoJson(piece, style_function=style, tooltip=tooltip).add_to(group)


def swipe_data(
    baseline: Analysis, scenario: Analysis, *, name: str = "", level: str = "primary", language: str = "en"
) -> dict[str, object]:
    """The two sides of the page's swipe (``showSwipe``): the baseline's catchments and schools on the
    left, the scenario's on the right, each school's catchment in the same colour on both sides.

    Parameters
    ----------
    baseline, scenario
        The analyses of the baseline and of the scenario's project.
    name
        The scenario's name, in the right side's tag.
    level
        The level whose catchments are drawn.
    language
        ``zh`` or ``en``: the tags and the schools' tooltips.
    """
    check_language(language)
    ids = baseline.project.schools["school_id"].astype(str).tolist()
    for code in scenario.project.schools["school_id"].astype(str):
        if code not in ids:
            ids.append(code)
    colour = {code: CATCHMENT_PALETTE[k % len(CATCHMENT_PALETTE)] for k, code in enumerate(ids)}
    right = term("compare.scenario", language) + (("：" if language == "zh" else ": ") + name if name else "")
    return {
        "left": _swipe_side(baseline, level, colour, term("compare.baseline", language), language),
        "right": _swipe_side(scenario, level, colour, right, language),
    }


def generalised(geometries: object, cell_size: float) -> object:
    """Catchment polygons as areas that read at county scale: a morphological closing (a buffer of
    :data:`CLOSING_CELLS` cells out, then in) joins the scattered cells of a village into one area,
    then the outline is simplified to half a cell. Drawing only: figures come from the cells.
    """
    import shapely

    radius = CLOSING_CELLS * cell_size
    grown = shapely.buffer(np.asarray(geometries, dtype=object), radius, quad_segs=2)
    return shapely.simplify(shapely.buffer(grown, -radius, quad_segs=2), cell_size / 2)


def filled_catchments(analysis: Analysis, level: str = "primary", *, reach: float = FILL_REACH_M) -> dict[int, object]:
    """Each school's catchment at a level as an area of the county, for maps read at county scale.

    The inhabited cells keep the school of the analysis (their nearest-school catchment); the land
    around them, on a grid of twice the cell size, takes the school of the nearest inhabited cell
    within ``reach`` metres (farther land stays blank), inside the townships. Drawing only: the
    children live in the inhabited cells.

    Returns
    -------
    School row → (multi)polygon in the project's CRS.
    """
    import shapely
    from affine import Affine
    from scipy.spatial import cKDTree

    from layers.cells import cell_union

    project = analysis.project
    result = analysis.levels.get(level)
    if result is None or not len(result.cells):
        return {}
    ok = result.school >= 0
    pop = project.population.iloc[result.cells[ok]]
    xs, ys, labels = pop.geometry.x.to_numpy(), pop.geometry.y.to_numpy(), result.school[ok]
    if not xs.size:
        return {}
    size = 2.0 * project.cell_size
    frames = [f for f in (project.townships, pop) if len(f)]
    x0 = min(float(f.total_bounds[0]) for f in frames) - reach
    y0 = min(float(f.total_bounds[1]) for f in frames) - reach
    x1 = max(float(f.total_bounds[2]) for f in frames) + reach
    y1 = max(float(f.total_bounds[3]) for f in frames) + reach
    n_cols, n_rows = int(np.ceil((x1 - x0) / size)), int(np.ceil((y1 - y0) / size))
    rows, cols = np.divmod(np.arange(n_rows * n_cols), n_cols)
    gx, gy = x0 + (cols + 0.5) * size, y1 - (rows + 0.5) * size
    distance, nearest = cKDTree(np.column_stack([xs, ys])).query(np.column_stack([gx, gy]), distance_upper_bound=reach)
    label = np.where(np.isfinite(distance), labels[np.minimum(nearest, xs.size - 1)], -1)
    shapes = cell_union(rows, cols, label, Affine(size, 0.0, x0, 0.0, -size, y1))
    if len(project.townships):
        county = project.townships.geometry.union_all()
        shapes = {k: _polygonal(shapely.intersection(g, county)) for k, g in shapes.items()}
    # Only the points in the middle of straight edges go: neighbours keep their shared edges.
    return {k: shapely.simplify(g, 1e-6 * size) for k, g in shapes.items() if not shapely.is_empty(g)}


def _polygonal(geometry: object) -> object:
    """The polygons of a geometry (an intersection can leave points and lines on a shared edge,
    which Leaflet would draw as markers and lines)."""
    import shapely

    parts = shapely.get_parts(shapely.get_parts(geometry))
    polygons = [p for p in parts if shapely.get_type_id(p) == 3]
    if not polygons:
        return shapely.Polygon()
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def _swipe_side(
    analysis: Analysis, level: str, colour: Mapping[str, str], label: str, language: str
) -> dict[str, object]:
    import geopandas as gpd

    areas = filled_catchments(analysis, level)
    rows = sorted(areas)
    ids = analysis.project.schools["school_id"].astype(str).to_numpy()
    names = analysis.project.schools["name"].astype(str).to_numpy()
    part = gpd.GeoDataFrame(
        {
            "school_id": [ids[r] for r in rows],
            "label": [names[r] for r in rows],
            "color": [colour.get(ids[r], "#cccccc") for r in rows],
        },
        geometry=[areas[r] for r in rows],
        crs=analysis.project.crs,
    )
    schools = analysis.project.schools
    wgs = schools.to_crs(WGS84)
    enrol = schools[enrolment_columns()].to_numpy(dtype=float).sum(axis=1)
    flags = school_flags(schools, analysis).to_dict("records")
    points = []
    for i, (code, school_name, kind) in enumerate(
        zip(schools["school_id"].astype(str), schools["name"].astype(str), schools["type"].astype(str), strict=True)
    ):
        style = school_marker_style(flags[i])
        radius = 4.0 + 2.0 * float(np.sqrt(max(float(enrol[i]), 0.0)) / 10.0)
        point = wgs.geometry.iloc[i]
        points.append(
            {
                "id": code,
                "name": f"{school_name}（{find(f'school.{kind}', language) or kind}）"
                if language == "zh"
                else f"{school_name} ({find(f'school.{kind}', language) or kind})",
                "at": [round(float(point.y), 7), round(float(point.x), 7)],
                "radius": min(radius, MAX_SCHOOL_RADIUS),
                "color": SCHOOL_COLORS.get(kind, "#777777"),
                "outline": str(style["color"]),
                "weight": float(style["weight"]),  # type: ignore[arg-type]
                "dash": style["dash_array"],
            }
        )
    catchments = _geojson(part) if len(part) else {"features": []}
    return {"label": label, "catchments": catchments, "schools": points}


def ramp_position(fraction: np.ndarray | float) -> np.ndarray:
    """Where a value (as a fraction of the ramp's top) falls on the colour map, 0.2 to 1.

    A square-root stretch from a visible first colour: sparse villages stay readable.
    """
    return np.asarray(0.2 + 0.8 * np.sqrt(np.clip(fraction, 0, 1)))


def _ramp_top(grid: np.ndarray) -> float:
    """The value at the top of the colour ramp: the 98th percentile of the non-empty cells."""
    return float(np.nanpercentile(grid[grid > 0], 98)) if (grid > 0).any() else 0.0


def population_range(project: Project, column: str) -> tuple[float, float] | None:
    """The children per cell at the bottom and the top of the population colour ramp.

    The bottom is the smallest non-empty cell; cells above the top get the top colour.
    None when there are no children.
    """
    pop = project.population
    if not len(pop):
        return None
    values = pop[column].to_numpy(dtype=float)
    rows = pop["row"].to_numpy(dtype=np.int64)
    cols = pop["col"].to_numpy(dtype=np.int64)
    cols = cols - cols.min()
    cells = rows * (int(cols.max()) + 1) + cols
    _codes, where = np.unique(cells, return_inverse=True)
    totals = np.bincount(where, weights=values)
    top = _ramp_top(totals)
    if top <= 0:
        return None
    return float(totals[totals > 0].min()), top


def population_image(project: Project, column: str, *, colormap: str = "YlOrRd") -> tuple[np.ndarray, object] | None:
    """The grid of a population column as an RGBA image in the project's CRS.

    Returns the ``(rows, cols, 4)`` uint8 image (empty cells transparent) and its affine
    transform, or None when there are no children.
    """
    import matplotlib

    from gis.catchments import grid_transform

    pop = project.population
    if not len(pop):
        return None
    values = pop[column].to_numpy(dtype=float)
    rows = pop["row"].to_numpy(dtype=int)
    cols = pop["col"].to_numpy(dtype=int)
    transform = grid_transform(pop.geometry.x.to_numpy(), pop.geometry.y.to_numpy(), rows, cols, project.cell_size)
    r0, c0 = rows.min(), cols.min()
    grid = np.zeros((rows.max() - r0 + 1, cols.max() - c0 + 1))
    np.add.at(grid, (rows - r0, cols - c0), values)
    top = _ramp_top(grid)
    if top <= 0:
        return None
    cmap = matplotlib.colormaps[colormap]
    rgba = (cmap(ramp_position(grid / top)) * 255).astype(np.uint8)
    rgba[..., 3] = np.where(grid > 0, 255, 0)
    from affine import Affine

    return rgba, transform @ Affine.translation(c0, r0)


def travel_time_image(analysis: Analysis, level: str = "primary", group: int = 0) -> tuple[np.ndarray, object] | None:
    """The travel time surface of a level's group as an RGBA image in the project's CRS.

    Each analysed cell is coloured by the class (:func:`layers.style.travel_time_class`) of its
    trip to the nearest school (``analysis.levels[level].groups[group].minutes``, grades 1–3
    for the primary level's first group); unreachable cells are black, cells without
    children transparent. Returns the ``(rows, cols, 4)`` uint8 image and its affine
    transform, or None when the level has no cells.
    """
    import matplotlib.colors

    from gis.catchments import grid_transform

    result = analysis.levels.get(level)
    if result is None or not len(result.cells):
        return None
    pop = analysis.project.population.iloc[result.cells]
    rows = pop["row"].to_numpy(dtype=int)
    cols = pop["col"].to_numpy(dtype=int)
    transform = grid_transform(
        pop.geometry.x.to_numpy(), pop.geometry.y.to_numpy(), rows, cols, analysis.project.cell_size
    )
    r0, c0 = rows.min(), cols.min()
    grid = np.full((rows.max() - r0 + 1, cols.max() - c0 + 1), np.nan)
    # A cell listed twice (split between townships) keeps its shortest trip.
    np.fmin.at(grid, (rows - r0, cols - c0), result.groups[group].minutes.astype(float))
    palette = np.array(
        [[round(255 * v) for v in matplotlib.colors.to_rgb(c)] for c in (*TRAVEL_TIME_COLORS, UNREACHABLE_COLOR)],
        dtype=np.uint8,
    )
    filled = ~np.isnan(grid)
    rgba = np.zeros((*grid.shape, 4), dtype=np.uint8)
    rgba[filled, :3] = palette[travel_time_class(grid[filled])]
    rgba[filled, 3] = 255
    from affine import Affine

    return rgba, transform @ Affine.translation(c0, r0)


@dataclass(frozen=True)
class TravelBlocks:
    """The travel time surface of a group of grades summed over square blocks (project CRS).

    One entry per block with children: ``x0, y0`` its lower-left corner (multiples of ``size``),
    the group's ``children`` of the cells whose centre lies in it, their children-weighted ``mean_min``
    trip over the children who can reach a school (NaN when none can), the children ``beyond`` the
    group's rule (unreachable ones included) and those ``unreachable``.
    """

    size: float
    threshold_min: float
    x0: np.ndarray
    y0: np.ndarray
    children: np.ndarray
    mean_min: np.ndarray
    beyond: np.ndarray
    unreachable: np.ndarray

    @property
    def classes(self) -> np.ndarray:
        """The class of each block (:func:`layers.style.travel_time_class` of its mean trip); a block
        most of whose children can reach no school is unreachable."""
        minutes = np.where(self.unreachable > self.children / 2, np.inf, self.mean_min)
        return travel_time_class(np.nan_to_num(minutes, nan=np.inf))

    @property
    def share_beyond(self) -> np.ndarray:
        """The share of each block's children beyond the rule."""
        return np.where(self.children > 0, self.beyond / np.maximum(self.children, 1e-300), 0.0)


def travel_time_blocks(
    analysis: Analysis, level: str = "primary", group: int = 0, *, size: float = TRAVEL_BLOCK_M
) -> TravelBlocks:
    """The travel time surface of a level's group summed over blocks of ``size`` metres (1 km²).

    Each analysed cell goes, whole, to the block its centre lies in; its children
    (``groups[group].children``) and trip (``minutes``) make the block's figures. Every child of the
    group is in exactly one block, so the blocks' children add up to the group's.
    """
    result = analysis.levels.get(level)
    if result is None or not len(result.cells):
        empty = np.zeros(0)
        return TravelBlocks(size, math.nan, empty, empty, empty, empty, empty, empty)
    chosen = result.groups[group]
    pop = analysis.project.population.iloc[result.cells]
    bx = np.floor(pop.geometry.x.to_numpy() / size).astype(np.int64)
    by = np.floor(pop.geometry.y.to_numpy() / size).astype(np.int64)
    keys, where = np.unique(np.stack([bx, by], axis=1), axis=0, return_inverse=True)
    where = where.ravel()
    children = chosen.children.astype(float)
    minutes = chosen.minutes.astype(float)
    reach = np.isfinite(minutes)
    n = len(keys)
    total = np.bincount(where, weights=children, minlength=n)
    reached = np.bincount(where, weights=np.where(reach, children, 0.0), minlength=n)
    trip = np.bincount(where, weights=np.where(reach, children * minutes, 0.0), minlength=n)
    beyond = np.bincount(where, weights=np.where(minutes > chosen.threshold_min, children, 0.0), minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(reached > 0, trip / reached, np.nan)
    return TravelBlocks(
        size,
        float(chosen.threshold_min),
        keys[:, 0] * size,
        keys[:, 1] * size,
        total,
        mean,
        beyond,
        total - reached,
    )


def block_weights(children: np.ndarray) -> np.ndarray:
    """How strongly each travel time block is drawn (its fill's share of the layer's opacity): from
    :data:`BLOCK_MIN_WEIGHT` for a block with hardly any children to 1 from the 90th percentile of the blocks' children
    on (a square-root ramp), so that the county view shows where many children are far."""
    values = np.asarray(children, dtype=float)
    if not values.size:
        return values
    top = float(np.percentile(values, 90))
    ramp = np.sqrt(np.clip(values / top if top > 0 else 1.0, 0.0, 1.0))
    return BLOCK_MIN_WEIGHT + (1.0 - BLOCK_MIN_WEIGHT) * ramp


# The words of the travel-time blocks' tooltips: (Chinese, English).
_BLOCK_WORDS: dict[str, tuple[str, str]] = {
    "block": ("每平方公里", "per km²"),
    "children": ("儿童 {n} 名", "{n} children"),
    "mean": ("平均 {m} 分钟", "mean trip {m} min"),
    "beyond": ("{share} 超过 {limit} 分钟", "{share} beyond {limit} min"),
    "none": ("无法到达学校", "no school reachable"),
}


def _travel_blocks_layer(project: Project, blocks: TravelBlocks, layer: Layer, language: str) -> folium.GeoJson:
    """The blocks as one GeoJSON layer of squares coloured by class, each with its figures as a tooltip."""
    import folium
    import matplotlib.colors

    words = {k: (zh if language == "zh" else en) for k, (zh, en) in _BLOCK_WORDS.items()}
    colors = [matplotlib.colors.to_hex(c) for c in (*TRAVEL_TIME_COLORS, UNREACHABLE_COLOR)]
    classes = blocks.classes
    share_beyond = blocks.share_beyond  # a property: made once, not once a block
    labels = []
    for k in range(len(blocks.children)):
        parts = [words["block"], words["children"].format(n=f"{blocks.children[k]:,.0f}")]
        mean = blocks.mean_min[k]
        parts.append(words["none"] if not np.isfinite(mean) else words["mean"].format(m=f"{mean:.0f}"))
        parts.append(words["beyond"].format(share=f"{share_beyond[k]:.0%}", limit=f"{blocks.threshold_min:g}"))
        labels.append(html_text(parts[0]) + "<br>" + "<br>".join(html_text(p) for p in parts[1:]))
    weights = block_weights(blocks.children).tolist()
    # The squares' corners straight to WGS84 (a few thousand features: no GeoDataFrame round trip).
    from pyproj import Transformer

    size = blocks.size
    xs = np.stack([blocks.x0, blocks.x0 + size, blocks.x0 + size, blocks.x0, blocks.x0], axis=1)
    ys = np.stack([blocks.y0, blocks.y0, blocks.y0 + size, blocks.y0 + size, blocks.y0], axis=1)
    lon, lat = Transformer.from_crs(project.crs, WGS84, always_xy=True).transform(xs, ys)
    rings = np.round(np.stack([lon, lat], axis=2), 6).tolist()
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"color": colors[c], "label": label, "weight": w},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
            for c, label, ring, w in zip(classes.tolist(), labels, rings, weights, strict=True)
        ],
    }
    opacity = layer.opacity

    def style(feature: dict[str, dict[str, object]]) -> dict[str, object]:
        fill = opacity * float(feature["properties"]["weight"])  # type: ignore[arg-type]
        return {"stroke": False, "weight": 0, "fillColor": feature["properties"]["color"], "fillOpacity": fill}

    return folium.GeoJson(data, style_function=style, tooltip=folium.GeoJsonTooltip(["label"], labels=False))


def _population_overlay(project: Project, column: str, layer: Layer) -> folium.raster_layers.ImageOverlay | None:
    made = population_image(project, column, colormap=str(layer.style.get("colormap", "YlOrRd")))
    if made is None:
        return None
    return _image_overlay(project, made[0], made[1], layer)


def _image_overlay(
    project: Project, rgba: np.ndarray, transform: object, layer: Layer
) -> folium.raster_layers.ImageOverlay:
    """An RGBA image in the project's CRS, warped to Web Mercator, as one PNG image overlay."""
    import folium
    import rasterio.warp
    from affine import Affine
    from matplotlib.image import imsave
    from pyproj import Transformer

    height, width = rgba.shape[:2]
    edges = _array_bounds(transform, height, width)
    # The overlay is the bounding box of the grid's outer edges, exactly: in Web Mercator for
    # the warp, in longitude and latitude for Leaflet (Mercator maps each coordinate on its
    # own, so both boxes have the same corners). Each cell becomes k x k pixels, so that the
    # slight turn of the grid against the meridians moves a cell edge by at most half a pixel.
    mx0, my0, mx1, my1 = Transformer.from_crs(project.crs, WEB_MERCATOR, always_xy=True).transform_bounds(*edges)
    k = overlay_supersample(height, width)
    dst_w, dst_h = width * k, height * k
    dst_transform = Affine((mx1 - mx0) / dst_w, 0.0, mx0, 0.0, -(my1 - my0) / dst_h, my1)
    out = np.zeros((4, dst_h, dst_w), dtype=np.uint8)
    for band in range(4):
        rasterio.warp.reproject(
            rgba[..., band],
            out[band],
            src_transform=transform,
            src_crs=project.crs,
            dst_transform=dst_transform,
            dst_crs=WEB_MERCATOR,
            resampling=rasterio.warp.Resampling.nearest,
        )
    buffer = io.BytesIO()
    imsave(buffer, np.moveaxis(out, 0, -1), format="png")
    url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    lon0, lat0, lon1, lat1 = Transformer.from_crs(project.crs, WGS84, always_xy=True).transform_bounds(*edges)
    return folium.raster_layers.ImageOverlay(
        url, bounds=[[lat0, lon0], [lat1, lon1]], opacity=layer.opacity, interactive=False, zindex=1
    )


def overlay_supersample(height: int, width: int) -> int:
    """How many pixels wide and high each cell of a ``height`` x ``width`` grid is drawn in an overlay."""
    fits = int(np.sqrt(MAX_OVERLAY_PIXELS / max(height * width, 1)))
    return max(1, min(MAX_OVERLAY_SUPERSAMPLE, fits))


def _array_bounds(transform: object, height: int, width: int) -> tuple[float, float, float, float]:
    xs, ys = [], []
    for c, r in ((0, 0), (width, 0), (0, height), (width, height)):
        x, y = transform @ (c, r)  # type: ignore[operator]
        xs.append(x)
        ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


# The page's planning layers: a highlight of one change and the baseline/scenario swipe (plain JavaScript
# inside the host API's closure: it uses ``map``, ``layers``, ``visible`` and ``restack``).
_PLANNING_JS = r"""
  // ---- planning on the map: a highlight (roles, arrows, catchments before and after) and a swipe
  function pane(name, z, events) {
    var p = map.getPane(name) || map.createPane(name);
    p.style.zIndex = String(z);
    if (!events) { p.style.pointerEvents = "none"; }
    return p;
  }
  pane("sp-hl-areas", 450, false);
  pane("sp-hl-marks", 645, false);
  var emptyState = function() {
    return {closed: [], receiving: [], changed: [], "new": [], "arrows": 0, before: 0, after: 0};
  };
  var hl = {group: null, arrowGroup: null, "arrows": [], legend: null, state: emptyState()};
  function drawArrows() {
    if (!hl.arrowGroup) { return; }
    hl.arrowGroup.clearLayers();
    var ll = function(p) { return map.layerPointToLatLng(p); };
    hl.arrows.forEach(function(a) {
      var p0 = map.latLngToLayerPoint(a.from), p1 = map.latLngToLayerPoint(a.to);
      var dx = p1.x - p0.x, dy = p1.y - p0.y, len = Math.sqrt(dx * dx + dy * dy);
      if (len < 40) { return; }  // too short to read at this zoom
      var ux = dx / len, uy = dy / len, head = 14, half = 7;
      var s = L.point(p0.x + ux * 12, p0.y + uy * 12), e = L.point(p1.x - ux * 18, p1.y - uy * 18);
      var base = L.point(e.x - ux * head, e.y - uy * head);
      var left = L.point(base.x - uy * half, base.y + ux * half);
      var right = L.point(base.x + uy * half, base.y - ux * half);
      var style = {pane: "sp-hl-marks", color: a.color, interactive: false};
      L.polyline([ll(s), ll(base)], L.extend({weight: 3.5, opacity: 0.9}, style)).addTo(hl.arrowGroup);
      L.polygon([ll(e), ll(left), ll(right)], L.extend({weight: 1, fillColor: a.color, fillOpacity: 1}, style))
        .addTo(hl.arrowGroup);
      if (a.label) {
        var mid = L.point((s.x + base.x) / 2, (s.y + base.y) / 2);
        new L.Marker(ll(mid), {pane: "sp-hl-marks", interactive: false, keyboard: false, icon: new L.DivIcon({
          className: "sp-hl-label", iconSize: [0, 0], iconAnchor: [0, 0],
          html: "<span class='sp-hl-count'>" + escapeText(a.label) + "</span>"})}).addTo(hl.arrowGroup);
      }
    });
  }
  map.on("zoomend viewreset", drawArrows);
  function escapeText(text) {
    return String(text).replace(/[&<>"']/g, function(c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function swatch(kind, color) {
    var ring = "<circle cx='11' cy='7' r='5.5' fill='none' stroke='" + color + "' stroke-width='2.5'";
    var box = "<rect x='2' y='2' width='18' height='10' stroke='#333' stroke-width='2'";
    var parts = {
      ring: ring + "/>",
      dashed: ring + " stroke-dasharray='3 2'/>",
      crossed: ring + " stroke-dasharray='3 2'/><path d='M7 3 L15 11 M15 3 L7 11' stroke='" + color +
        "' stroke-width='2'/>",
      area: box + " fill='#888' fill-opacity='0.15'/>",
      areaDashed: box + " fill='none' stroke-dasharray='4 2'/>",
      arrow: "<path d='M2 7 L14 7' stroke='" + color + "' stroke-width='3'/><path d='M20 7 L13 3 L13 11 Z' fill='" +
        color + "'/>"
    };
    return "<svg width='22' height='14' style='vertical-align:middle'>" + (parts[kind] || "") + "</svg>";
  }
  function clearHighlight() {
    if (hl.group) { map.removeLayer(hl.group); }
    if (hl.legend) { map.removeControl(hl.legend); }
    hl = {group: null, arrowGroup: null, "arrows": [], legend: null, state: emptyState()};
  }
  function showHighlight(data, fit) {
    clearHighlight();
    if (!data) { return hl.state; }
    var group = L.layerGroup().addTo(map), bounds = L.latLngBounds([]);
    var state = emptyState();
    var areaStyle = function(dashed) {
      return function(f) {
        var c = f.properties.color;
        var common = {pane: "sp-hl-areas", color: c, interactive: false};
        return L.extend(dashed ? {weight: 3, dashArray: "8 6", fill: false}
                               : {weight: 2.5, fillColor: c, fillOpacity: 0.12}, common);
      };
    };
    [["before", false], ["after", true]].forEach(function(part) {
      var fc = data[part[0]];
      if (!fc || !fc.features || !fc.features.length) { return; }
      var g = L.geoJSON(fc, {pane: "sp-hl-areas", style: areaStyle(part[1]), interactive: false}).addTo(group);
      state[part[0]] = fc.features.length;
      bounds.extend(g.getBounds());
    });
    data.marks.forEach(function(m) {
      var ring = {pane: "sp-hl-marks", radius: 17, color: m.color, weight: 3.5, fill: false, interactive: false};
      if (m.role === "closed" || m.role === "new") { ring.dashArray = "6 4"; }
      new L.CircleMarker(m.at, ring).addTo(group);
      if (m.role === "closed") {
        new L.Marker(m.at, {pane: "sp-hl-marks", interactive: false, keyboard: false, icon: new L.DivIcon({
          className: "sp-hl-cross", iconSize: [24, 24], iconAnchor: [12, 12],
          html: "<svg width='24' height='24'><path d='M5 5 L19 19 M19 5 L5 19' stroke='" + m.color +
                "' stroke-width='3' stroke-linecap='round'/></svg>"})}).addTo(group);
      }
      if (m.role === "new") {
        new L.CircleMarker(m.at, {pane: "sp-hl-marks", radius: 6, color: "#ffffff", weight: 1.5, fillColor: m.color,
                              fillOpacity: 1, interactive: false}).addTo(group);
      }
      if (m.role === "new" && m.name) {
        new L.Marker(m.at, {pane: "sp-hl-marks", interactive: false, keyboard: false, icon: new L.DivIcon({
          className: "sp-hl-label", iconSize: [0, 0], iconAnchor: [0, 30],
          html: "<span class='sp-hl-name' style='border-color:" + m.color + "'>" + escapeText(m.name) + "</span>"})})
          .addTo(group);
      }
      if (m.role === "new") { state["new"].push(m.name); } else if (state[m.role]) { state[m.role].push(m.id); }
      bounds.extend(m.at);
    });
    hl.arrowGroup = L.layerGroup().addTo(group);
    hl.arrows = data.arrows || [];
    hl.arrows.forEach(function(a) { bounds.extend(a.from); bounds.extend(a.to); });
    state.arrows = hl.arrows.length;
    hl.group = group;
    hl.state = state;
    var w = data.words || {}, c = data.colors || {};
    var rows = [];
    var present = function(role) { return data.marks.some(function(m) { return m.role === role; }); };
    if (present("closed")) { rows.push([swatch("crossed", c.closed), w.closed]); }
    if (present("changed")) { rows.push([swatch("ring", c.changed), w.changed]); }
    if (present("receiving")) { rows.push([swatch("ring", c.receiving), w.receiving]); }
    if (present("new")) { rows.push([swatch("dashed", c["new"]), w["new"]]); }
    if (state.arrows) { rows.push([swatch("arrow", c.arrow), w.arrow]); }
    if (state.before) { rows.push([swatch("area"), w.before]); }
    if (state.after) { rows.push([swatch("areaDashed"), w.after]); }
    if (rows.length) {
      var legend = L.control({position: "topright"});
      legend.onAdd = function() {
        var div = L.DomUtil.create("div", "sp-hl-legend");
        div.innerHTML = (data.title ? "<div class='sp-hl-title'>" + escapeText(data.title) + "</div>" : "") +
          rows.map(function(r) { return "<div>" + r[0] + " " + escapeText(r[1]) + "</div>"; }).join("");
        return div;
      };
      legend.addTo(map);
      hl.legend = legend;
    }
    if (fit !== false && bounds.isValid()) {
      map.fitBounds(bounds.pad(0.15), {maxZoom: 14, animate: false});
    }
    drawArrows();
    return state;
  }
  // The swipe: the baseline on the left of a divider, a scenario on the right, each side in its own
  // pane clipped to its side (CSS clip, kept in place as the map moves).
  var sw = null;
  function swipeSide(side, name, z) {
    var p = pane(name, z, true);
    var g = L.layerGroup().addTo(map);
    L.geoJSON(side.catchments, {pane: name, style: function(f) {
      return {color: "#555555", weight: 0.6, fillColor: f.properties.color, fillOpacity: 0.55};
    }, onEachFeature: function(f, l) { l.bindTooltip(escapeText(f.properties.label)); } }).addTo(g);
    side.schools.forEach(function(s) {
      new L.CircleMarker(s.at, {pane: name, radius: s.radius, color: s.outline, weight: s.weight, fillColor: s.color,
                            fillOpacity: 0.9, dashArray: s.dash || null}).bindTooltip(escapeText(s.name)).addTo(g);
    });
    return {pane: p, group: g, count: side.catchments.features.length, schools: side.schools.length};
  }
  function clipSwipe() {
    if (!sw) { return; }
    var size = map.getSize();
    var nw = map.containerPointToLayerPoint([0, 0]), se = map.containerPointToLayerPoint(size);
    var x = map.containerPointToLayerPoint([Math.round(sw.fraction * size.x), 0]).x;
    sw.left.pane.style.clip = "rect(" + [nw.y, x, se.y, nw.x].join("px,") + "px)";
    sw.right.pane.style.clip = "rect(" + [nw.y, se.x, se.y, x].join("px,") + "px)";
    sw.divider.style.left = Math.round(sw.fraction * size.x) + "px";
  }
  function endSwipe() {
    if (!sw) { return; }
    map.removeLayer(sw.left.group); map.removeLayer(sw.right.group);
    sw.left.pane.style.clip = ""; sw.right.pane.style.clip = "";
    sw.divider.parentNode.removeChild(sw.divider);
    map.off("move zoom zoomend resize", clipSwipe);
    sw.hidden.forEach(function(n) { if (visible[n]) { layers[n].addTo(map); } });
    sw = null;
    restack();
  }
  function showSwipe(data) {
    endSwipe();
    if (!data) { return null; }
    var hidden = Object.keys(layers).filter(function(n) { return n === "schools" || n.indexOf("catchments_") === 0; });
    hidden.forEach(function(n) { map.removeLayer(layers[n]); });
    var divider = L.DomUtil.create("div", "sp-swipe", map.getContainer());
    divider.innerHTML = "<div class='sp-swipe-handle'>&#x25C0;&#x25B6;</div>" +
      "<div class='sp-swipe-tag sp-swipe-left'>" + escapeText(data.left.label) + "</div>" +
      "<div class='sp-swipe-tag sp-swipe-right'>" + escapeText(data.right.label) + "</div>";
    L.DomEvent.disableClickPropagation(divider);
    L.DomEvent.disableScrollPropagation(divider);
    sw = {left: swipeSide(data.left, "sp-swipe-l", 430), right: swipeSide(data.right, "sp-swipe-r", 431),
          divider: divider, hidden: hidden, fraction: 0.5};
    var drag = function(e) {
      var box = map.getContainer().getBoundingClientRect();
      sw.fraction = Math.min(0.98, Math.max(0.02, (e.clientX - box.left) / box.width));
      clipSwipe();
    };
    divider.addEventListener("mousedown", function(e) {
      e.preventDefault();
      map.dragging.disable();
      var up = function() {
        document.removeEventListener("mousemove", drag); document.removeEventListener("mouseup", up);
        map.dragging.enable();
      };
      document.addEventListener("mousemove", drag); document.addEventListener("mouseup", up);
    });
    map.on("move zoom zoomend resize", clipSwipe);
    clipSwipe();
    return swipeState();
  }
  function swipeState() {
    if (!sw) { return {on: false}; }
    return {on: true, fraction: sw.fraction, left: sw.left.count, right: sw.right.count,
            leftSchools: sw.left.schools, rightSchools: sw.right.schools,
            hidden: sw.hidden.filter(function(n) { return map.hasLayer(layers[n]); }).length === 0};
  }
"""


def _add_host_api(
    fmap: folium.Map,
    registry: dict[str, str],
    layers: LayerStack,
    *,
    markers: dict[str, str] | None = None,
    travel: dict[str, str] | None = None,
) -> None:
    from branca.element import MacroElement
    from jinja2 import Template

    entries = ", ".join(f"{json.dumps(name)}: {var}" for name, var in registry.items())
    travel_parts = (
        f"{{blocks: {travel['blocks']}, detail: {travel['detail']}}}"
        if travel and "travel_time" in registry
        else "null"
    )
    school_entries = ", ".join(f"{_js_literal(code)}: {var}" for code, var in (markers or {}).items())
    visible = json.dumps({layer.name: layer.visible for layer in layers})
    script = f"""
window.schoolplan = (function() {{
  var map = {fmap.get_name()};
  var layers = {{{entries}}};
  var visible = {visible};
  var order = {json.dumps([name for name in layers.names if name in registry])};
  var opacity = {json.dumps({layer.name: layer.opacity for layer in layers if layer.name in registry})};
  var schools = {{{school_entries}}};
  var selected = null;
  var travel = {travel_parts};
  function weighted(feature, value) {{
    // A feature with a weight (a travel time block: its children) is drawn fainter when light.
    var w = feature && feature.properties && feature.properties.weight;
    return {{opacity: value, fillOpacity: w === undefined ? value : value * w}};
  }}
  function restack() {{
    order.forEach(function(n) {{ if (visible[n] && layers[n].bringToFront) {{ layers[n].bringToFront(); }} }});
  }}
  var pending = null;
  map.on("mousemove", function(e) {{
    // At most one report per animation frame: the host is not flooded.
    if (!window.schoolplanBridge || !window.schoolplanBridge.mouseMoved) {{ return; }}
    var first = pending === null;
    pending = e.latlng;
    if (!first) {{ return; }}
    window.requestAnimationFrame(function() {{
      var at = pending; pending = null;
      if (at && window.schoolplanBridge) {{ window.schoolplanBridge.mouseMoved(at.lat, at.lng); }}
    }});
  }});
  function highlightSchool(id) {{
    selected = id;
    var found = 0;
    Object.keys(layers).forEach(function(n) {{
      if (n.indexOf("catchments_") !== 0) {{ return; }}
      layers[n].eachLayer(function(g) {{
        if (!g.eachLayer) {{ return; }}
        g.eachLayer(function(f) {{
          var p = f.feature && f.feature.properties;
          if (!p || !f.setStyle) {{ return; }}
          var on = p.school_id === id;
          if (on) {{ found += 1; }}
          f.setStyle(on ? {{color: "#111111", weight: 3}} : {{color: "#555555", weight: 0.6}});
          if (on && f.bringToFront) {{ f.bringToFront(); }}
        }});
      }});
    }});
    Object.keys(schools).forEach(function(k) {{
      schools[k].setStyle({{weight: k === id ? 4 : (schools[k].options.baseWeight || schools[k].options.weight)}});
    }});
    if (schools[id] && schools[id].bringToFront) {{ schools[id].bringToFront(); }}
    return found;
  }}
  Object.keys(schools).forEach(function(k) {{
    var m = schools[k];
    m.options.baseWeight = m.options.weight;
    m.on("click", function() {{
      highlightSchool(k);
      if (window.schoolplanBridge) {{ window.schoolplanBridge.schoolClicked(k); }}
    }});
  }});
{_PLANNING_JS}
  // The travel time layer: the blocks of a square kilometre at county scale, the cells once zoomed in.
  function travelDetail() {{
    var g = layers.travel_time;
    if (!travel || !g) {{ return; }}
    var fine = map.getZoom() >= {TRAVEL_DETAIL_ZOOM};
    var show = fine ? travel.detail : travel.blocks, hide = fine ? travel.blocks : travel.detail;
    if (g.hasLayer(hide)) {{ g.removeLayer(hide); }}
    if (!g.hasLayer(show)) {{
      g.addLayer(show);
      var o = opacity.travel_time;
      if (o !== undefined && show.setOpacity) {{ show.setOpacity(o); }}
      else if (o !== undefined) {{ show.setStyle(function(f) {{ return weighted(f, o); }}); }}
    }}
  }}
  map.on("zoomend", travelDetail);
  travelDetail();
  return {{
    map: map,
    layers: layers,
    setVisible: function(name, on) {{
      var l = layers[name]; if (!l) {{ return false; }}
      visible[name] = on;
      if (on && sw && sw.hidden.indexOf(name) >= 0) {{ return true; }}  // shown again when the swipe ends
      if (on) {{ l.addTo(map); restack(); }} else {{ map.removeLayer(l); }}
      return true;
    }},
    setOpacity: function(name, value) {{
      var l = layers[name]; if (!l) {{ return false; }}
      opacity[name] = value;
      l.eachLayer(function(x) {{
        if (x.setOpacity) {{ x.setOpacity(value); }}
        else if (x instanceof L.GeoJSON) {{ x.setStyle(function(f) {{ return weighted(f, value); }}); }}
        else if (x.setStyle) {{ x.setStyle({{opacity: value, fillOpacity: value}}); }}
      }});
      return true;
    }},
    opacityOf: function(name) {{
      // The opacity Leaflet draws the layer with (of its first part), or null.
      var l = layers[name]; if (!l) {{ return null; }}
      var found = null;
      l.eachLayer(function(x) {{
        if (found !== null) {{ return; }}
        if (x.options && x.options.opacity !== undefined && !x.eachLayer) {{ found = x.options.opacity; }}
        else if (x.eachLayer) {{
          x.eachLayer(function(y) {{ if (found === null && y.options) {{ found = y.options.opacity; }} }});
        }}
      }});
      return found === null ? opacity[name] : found;
    }},
    setOrder: function(names) {{
      // Bottom first; names the page does not have are ignored.
      order = names.filter(function(n) {{ return layers[n]; }});
      restack();
      return order.slice();
    }},
    order: function() {{ return order.slice(); }},
    zoomTo: function(lat, lon, zoom) {{ map.setView([lat, lon], zoom || 14); }},
    zoomToSchool: function(id, zoom) {{
      var m = schools[id]; if (!m) {{ return false; }}
      map.setView(m.getLatLng(), Math.max(map.getZoom(), zoom || 13));
      return true;
    }},
    highlightSchool: highlightSchool,
    showZone: function(id, fit) {{
      // The enrolment zone of a school outlined (null: none), the map fitted to it; returns whether found.
      var g = layers.zones, found = null; if (!g) {{ return false; }}
      g.eachLayer(function(part) {{
        if (!part.eachLayer) {{ return; }}
        part.eachLayer(function(f) {{
          var p = f.feature && f.feature.properties;
          if (!p || p.school_id === undefined || !f.setStyle) {{ return; }}
          var on = id !== null && p.school_id === id;
          f.setStyle(on ? {{color: "#111111", weight: 4}} : {{color: "#333333", weight: 1.8}});
          if (on) {{ found = f; if (f.bringToFront) {{ f.bringToFront(); }} }}
        }});
      }});
      if (found && fit !== false) {{ map.fitBounds(found.getBounds().pad(0.2), {{maxZoom: 14, animate: false}}); }}
      return found !== null;
    }},
    clickSchool: function(id) {{ var m = schools[id]; if (!m) {{ return false; }} m.fire("click"); return true; }},
    selectedSchool: function() {{ return selected; }},
    showHighlight: showHighlight,
    clearHighlight: function() {{ clearHighlight(); return true; }},
    highlightState: function() {{ return hl.state; }},
    showSwipe: showSwipe,
    endSwipe: function() {{ endSwipe(); return true; }},
    swipeState: swipeState,
    travelState: function() {{
      var g = layers.travel_time;
      return travel && g ? {{blocks: g.hasLayer(travel.blocks), detail: g.hasLayer(travel.detail)}} : null;
    }},
    setSwipe: function(fraction) {{ if (!sw) {{ return false; }} sw.fraction = fraction; clipSwipe(); return true; }},
    schoolIds: function() {{ return Object.keys(schools); }},
    schoolTooltip: function(id) {{
      var m = schools[id], t = m && m.getTooltip(); if (!t) {{ return null; }}
      var c = t.getContent(); return typeof c === "string" ? c : (c && c.innerHTML) || null;
    }},
    visibleNames: function() {{ return Object.keys(visible).filter(function(n) {{ return visible[n]; }}); }}
  }};
}})();
"""
    api = MacroElement()
    api._name = "SchoolPlanApi"
    # Rendered after every layer (it is the map's last child), so all layer variables exist.
    api._template = Template("{% macro script(this, kwargs) %}" + script + "{% endmacro %}")
    fmap.add_child(api, name="schoolplan_api")


def _js_literal(text: str) -> str:
    """A JavaScript string literal safe inside an HTML ``<script>`` (codes come from data)."""
    return json.dumps(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
