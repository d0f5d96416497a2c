"""Render a project's layers to a Leaflet web map (folium) that works with no network at all.

Leaflet's JavaScript and CSS come from the installed ``xstatic-leaflet`` package and are
inlined into the page (its images as data URIs); folium's default CDN resources are dropped
and no tile layer is added, so the base map is the project's own townships, rivers, roads
and place names. Everything is reprojected to WGS84 for Leaflet. The population is drawn
as one PNG image overlay (not thousands of vector squares), warped to Web Mercator so that
it lines up with the vectors.

The page defines ``window.schoolplan`` with ``setVisible(name, on)``,
``setOpacity(name, value)``, ``zoomTo(lat, lon, zoom)``, ``zoomToSchool(id)``,
``highlightSchool(id)``, ``clickSchool(id)``, ``opacityOf(name)``, ``setOrder(names)`` and
``order()`` so that a host (the desktop window) can drive it by layer name and school code.
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
import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

import numpy as np

from gis.schema import enrolment_columns
from layers.model import Layer, LayerStack, project_layers
from layers.style import (
    BOARDING_COLOR,
    CATCHMENT_PALETTE,
    OVERCROWDED_COLOR,
    SCHOOL_COLORS,
    SCHOOL_FLAG_LABELS,
    SMALL_SCHOOL_DASH,
    SMALL_SCHOOL_FILL_OPACITY,
    TRAVEL_TIME_COLORS,
    UNREACHABLE_COLOR,
    school_flags,
    travel_time_class,
)

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
        :data:`layers.style.SCHOOL_FLAG_LABELS`); default English. A host passes them translated.

    Returns
    -------
    One self-contained HTML document with no external URL.
    """
    if layers is None:
        layers = project_layers(project, analysis)
    fmap = _offline_map(project, title=title or project.name)
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
    registry: dict[str, str] = {}
    markers: dict[str, str] = {}
    for layer in layers:
        obj = _render_layer(layer, project, analysis, markers=markers, flag_labels=flag_labels)
        if obj is None:
            continue
        obj.add_to(fmap)
        registry[layer.name] = obj.get_name()
    _add_host_api(fmap, registry, layers, markers=markers if "schools" in registry else {})
    page = fmap.get_root().render()
    return page


def write_webmap(path: str | Path, project: Project, analysis: Analysis | None = None, **kwargs: object) -> Path:
    """Write :func:`webmap_html` to a file (UTF-8) and return its path."""
    target = Path(path)
    target.write_text(webmap_html(project, analysis, **kwargs), encoding="utf-8")  # type: ignore[arg-type]
    return target


def _offline_map(project: Project, *, title: str) -> folium.Map:
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

    bounds = _bounds_wgs84(project)
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
        Element(
            "<style>.leaflet-container{background:#f4f1ea}.sp-label{font-size:11px;color:#333;"
            "white-space:nowrap;text-shadow:0 0 3px #fff,0 0 3px #fff;line-height:14px}</style>"
        ),
        name="schoolplan_css",
    )
    return fmap


def _bounds_wgs84(project: Project) -> tuple[float, float, float, float]:
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
) -> folium.FeatureGroup | None:
    import folium

    group = folium.FeatureGroup(name=layer.title, show=layer.visible, control=False)
    if layer.name == "schools":
        found = _add_schools(group, project.schools, layer, analysis=analysis, flag_labels=flag_labels)
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
        made = travel_time_image(layer.data, str(layer.style.get("level", "primary")))
        if made is None:
            return None
        _image_overlay(project, made[0], made[1], layer).add_to(group)
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
    else:
        return None
    return group


def _geojson(frame: gpd.GeoDataFrame, *, tolerance: float = 0.0) -> dict[str, object]:
    """A GeoJSON mapping of a projected frame, simplified (in its own units) and in WGS84.

    Built in Python rather than through a JSON string: a desktop host builds the page in a
    worker thread, and one long ``json.loads`` would hold the interpreter lock (freezing the
    host's event loop) for the whole parse.
    """
    if tolerance > 0:
        frame = frame.set_geometry(frame.geometry.simplify(tolerance, preserve_topology=True))
    out = _round_coords(frame.to_crs(WGS84).to_geo_dict(drop_id=True))
    assert isinstance(out, dict)
    return out


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
        if obj and isinstance(obj[0], float | int):
            return 1
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


def school_tooltip(row: dict[str, object], flags: tuple[str, ...] | list[str] = ()) -> str:
    """HTML of a school's tooltip: name, code, type and the words of its flags (all escaped)."""
    text = (
        f"<b>{html_text(row['name'])}</b><br>{html_text(row['school_id'])}<br>"
        f"{html_text(str(row['type']).replace('_', ' '))}"
    )
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
) -> dict[str, str]:
    """Add one circle per school; returns the JavaScript variable of each school's marker by code."""
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
            tooltip=folium.Tooltip(school_tooltip(row, [words[k] for k in SCHOOL_FLAG_LABELS if flags.get(k)])),
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


def _add_host_api(
    fmap: folium.Map, registry: dict[str, str], layers: LayerStack, *, markers: dict[str, str] | None = None
) -> None:
    from branca.element import MacroElement
    from jinja2 import Template

    entries = ", ".join(f"{json.dumps(name)}: {var}" for name, var in registry.items())
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
  return {{
    map: map,
    layers: layers,
    setVisible: function(name, on) {{
      var l = layers[name]; if (!l) {{ return false; }}
      visible[name] = on;
      if (on) {{ l.addTo(map); restack(); }} else {{ map.removeLayer(l); }}
      return true;
    }},
    setOpacity: function(name, value) {{
      var l = layers[name]; if (!l) {{ return false; }}
      opacity[name] = value;
      l.eachLayer(function(x) {{
        if (x.setOpacity) {{ x.setOpacity(value); }}
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
    clickSchool: function(id) {{ var m = schools[id]; if (!m) {{ return false; }} m.fire("click"); return true; }},
    selectedSchool: function() {{ return selected; }},
    schoolIds: function() {{ return Object.keys(schools); }},
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
