"""Roads: from an OpenStreetMap PBF extract or from a county's own road lines.

Both readers end with the project's roads layer (:data:`gis.project.ROAD_COLUMNS`, one
LineString per row, in the project CRS) and check the result as a network: roads in several
disconnected pieces are reported with the pieces' sizes.
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.importing.grid import read_vector_layer, to_crs
from gis.messages import text
from gis.schema import ROAD_CLASSES, ROAD_COLUMNS

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

    from gis.importing.report import ImportReport

PathLike = str | os.PathLike[str]

OSM_HIGHWAY_CLASSES: Mapping[str, str] = {
    **dict.fromkeys(("motorway", "trunk", "primary"), "county"),
    **dict.fromkeys(("motorway_link", "trunk_link", "primary_link"), "county"),
    **dict.fromkeys(("secondary", "tertiary", "secondary_link", "tertiary_link"), "township"),
    **dict.fromkeys(("unclassified", "residential", "living_street", "service", "road"), "village"),
    **dict.fromkeys(("track", "path", "footway", "pedestrian", "steps", "cycleway", "bridleway"), "path"),
}
"""OSM ``highway`` values and the project road class of each; any other value becomes ``path``."""

ROAD_CLASS_NAMES: Mapping[str, str] = {
    **{c: c for c in ROAD_CLASSES},
    **OSM_HIGHWAY_CLASSES,
    **dict.fromkeys(("高速公路", "高速", "国道", "省道", "县道", "g", "s", "x"), "county"),
    **dict.fromkeys(("乡道", "乡镇道路", "y"), "township"),
    **dict.fromkeys(("村道", "村级道路", "专用公路", "c", "z"), "village"),
    **dict.fromkeys(("机耕道", "机耕路", "小路", "步道", "人行道", "山路", "便道"), "path"),
}
"""Class values understood in county road layers (case-insensitive): the project classes,
OSM highway values, Chinese road administrative grades and their code letters
(G/S/X national/provincial/county, Y township, C/Z village and special roads)."""

MOTOR_SPEEDS_KMH: Mapping[str, float] = {"county": 40.0, "township": 30.0, "village": 20.0, "path": 3.0}
"""The motorised speeds of ``data/standards.toml`` (``[modes.motor.speed_kmh]``), by which a
speed field is turned into road classes."""

_CLASS_FIELDS = ("road_class", "class", "道路等级", "等级", "公路等级", "技术等级", "highway", "fclass", "type")
_SPEED_FIELDS = ("speed_kmh", "speed", "maxspeed", "设计速度", "速度", "时速")
_NAME_FIELDS = ("name", "名称", "道路名称", "路名", "路线名称")
_MAX_LISTED = 20
_MAX_SIZES = 12


def read_osm_roads(
    pbf_path: PathLike,
    *,
    project_crs: str,
    report: ImportReport,
    boundary: BaseGeometry | None = None,
) -> gpd.GeoDataFrame | None:
    """Roads of an OpenStreetMap PBF extract (read with pyrosm, every ``highway`` way).

    OSM ``highway`` values become road classes by :data:`OSM_HIGHWAY_CLASSES`; other values
    become ``path`` with one warning listing them. The name is OSM's ``name`` tag.

    Parameters
    ----------
    pbf_path
        The ``.osm.pbf`` extract (e.g. from Geofabrik).
    project_crs
        The CRS of the result.
    report
        Receives every finding; a truncated or unreadable file is an error.
    boundary
        A polygon in WGS84 longitude/latitude; roads are clipped to it.

    Returns
    -------
    The roads layer, or None after an error.
    """
    import geopandas as gpd
    import pyrosm
    import shapely

    file = str(pbf_path)
    if not Path(file).is_file():
        report.error(text("file not found"), file=file, fix=text("check the path"))
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pyrosm warns "no edges" and pandas deprecations
            osm = pyrosm.OSM(file, bounding_box=boundary)
            ways = osm.get_network(network_type="all")
    except Exception as exc:  # protobuf and pyrosm raise many kinds on a damaged file
        report.error(
            text("the OSM PBF file is truncated or unreadable"),
            file=file,
            value=f"{type(exc).__name__}: {exc}",
            fix=text("download the extract again (Geofabrik, BBBike) and check its size"),
        )
        return None
    if ways is None or len(ways) == 0:
        report.error(
            text("no roads in the OSM extract within the boundary")
            if boundary is not None
            else text("no roads in the OSM extract"),
            file=file,
        )
        return None
    highway = ways["highway"].astype(object).where(ways["highway"].notna(), "(none)").astype(str).to_numpy()
    classes = np.array([OSM_HIGHWAY_CLASSES.get(h, "") for h in highway], dtype=object)
    unknown = classes == ""
    if unknown.any():
        listed = Counter(highway[unknown].tolist()).most_common()
        report.warning(
            text("{count} ways have highway values not in the speed table; mapped to 'path'", count=int(unknown.sum())),
            file=file,
            field="highway",
            value=", ".join(f"{v} ({n})" for v, n in listed),
            fix=text("map them to a class if children can ride on them"),
        )
        classes[unknown] = "path"
    names = ways["name"].fillna("").astype(str).to_numpy() if "name" in ways.columns else np.full(len(ways), "")
    ids = ways["id"].astype(str).to_numpy() if "id" in ways.columns else np.arange(len(ways)).astype(str)
    geoms = np.asarray(ways.geometry.array, dtype=object)
    if boundary is not None:
        inside = shapely.intersection(geoms, boundary)
        outside = shapely.is_empty(inside) | shapely.is_missing(inside)
        if outside.any():
            report.note(text("ways outside the boundary left out"), file=file, value=f"{int(outside.sum())} ways")
        geoms = inside
    frame = gpd.GeoDataFrame(
        {"road_class": classes, "name": names, "_where": [f"way {i}" for i in ids]},
        geometry=list(geoms),
        crs=ways.crs or "EPSG:4326",
    )
    if boundary is not None:
        frame = frame[~outside]
    return _finish(frame, file=file, project_crs=project_crs, report=report)


def read_road_lines(
    path: PathLike,
    *,
    project_crs: str,
    report: ImportReport,
    class_field: str | None = None,
    speed_field: str | None = None,
    class_map: Mapping[str, str] | None = None,
    name_field: str | None = None,
    coords: str | None = None,
    speeds: Mapping[str, float] = MOTOR_SPEEDS_KMH,
    layer: str | None = None,
) -> gpd.GeoDataFrame | None:
    """Roads from a county's own line layer, with a class field or a speed field.

    Parameters
    ----------
    path
        Any vector format GDAL reads (Shapefile, GeoPackage, GeoJSON …).
    project_crs
        The CRS of the result.
    report
        Receives every finding.
    class_field
        The field holding the road class; values are looked up in ``class_map`` and then
        :data:`ROAD_CLASS_NAMES` (case-insensitive); others become ``path`` with a warning
        listing them. Without it (and without ``speed_field``) a field named like
        ``road_class``, ``class``, ``道路等级`` … is used if there is one.
    speed_field
        A field of speeds in km/h instead: each road gets the class whose speed in
        ``speeds`` (the motorised speeds of the standards) is nearest, with a note saying so.
    class_map
        The county's own class values, e.g. ``{"四级公路": "village"}``.
    name_field
        The field holding the road name; by default ``name``, ``名称`` … if present.
    coords
        The CRS of a layer that carries none, as stated by the user (e.g. ``EPSG:4490``);
        without it such a layer is refused.
    speeds
        Speed of each road class in km/h, used with ``speed_field``.
    layer
        The layer of a multi-layer file.

    Returns
    -------
    The roads layer, or None after an error.
    """
    import geopandas as gpd
    import pandas as pd

    file = str(path)
    frame = read_vector_layer(file, target_crs=project_crs, report=report, crs=coords, layer=layer)
    if frame is None:
        return None
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    for given, what in ((class_field, "class"), (speed_field, "speed"), (name_field, "name")):
        if given is not None and given not in columns:
            report.error(
                text(
                    "the {what} field is missing",
                    what={"class": text("class"), "speed": text("speed")}.get(what, text("name")),
                ),
                file=file,
                field=given,
                fix=text("fields in the file: {columns}", columns=", ".join(columns)),
            )
    if not report.ok:
        return None
    if class_field is None and speed_field is None:
        class_field = _find_field(columns, _CLASS_FIELDS)
        if class_field is None:
            speed_field = _find_field(columns, _SPEED_FIELDS)
        if class_field is None and speed_field is None:
            report.error(
                text("no road class or speed field"),
                file=file,
                fix=text(
                    "name the class field road_class (or the speed field speed_kmh) in a GIS; fields "
                    "in the file: {columns}",
                    columns=", ".join(columns),
                ),
            )
            return None
    name_field = name_field or _find_field(columns, _NAME_FIELDS)
    names = frame[name_field].fillna("").astype(str).to_numpy() if name_field else np.full(len(frame), "")
    if class_field is not None:
        lookup = {str(k).strip().lower(): v for k, v in {**ROAD_CLASS_NAMES, **(class_map or {})}.items()}
        bad_targets = sorted({v for v in lookup.values() if v not in ROAD_CLASSES})
        if bad_targets:
            raise ValueError(f"class_map maps to unknown road classes {bad_targets}; use {ROAD_CLASSES}")
        raw = frame[class_field].astype(object).where(frame[class_field].notna(), "").astype(str).str.strip()
        classes = np.array([lookup.get(v.lower(), "") for v in raw], dtype=object)
        unknown = classes == ""
        if unknown.any():
            listed = Counter(raw[unknown].replace("", "(empty)").tolist()).most_common()
            report.warning(
                text("{count} roads have unknown class values; mapped to 'path'", count=int(unknown.sum())),
                file=file,
                field=class_field,
                value=", ".join(f"{v} ({n})" for v, n in listed),
                fix=text("write county, township, village or path (县道, 乡道, 村道, 小路) in the class field"),
            )
            classes[unknown] = "path"
    else:
        assert speed_field is not None
        speed = pd.to_numeric(frame[speed_field], errors="coerce").to_numpy(dtype=float)
        table = np.array([speeds[c] for c in ROAD_CLASSES], dtype=float)
        nearest = np.abs(np.nan_to_num(speed, nan=-1e9)[:, None] - table[None, :]).argmin(axis=1)
        classes = np.asarray(ROAD_CLASSES, dtype=object)[nearest]
        report.note(
            text("road classes taken from the speed field by the nearest speed of the motorised table"),
            file=file,
            field=speed_field,
            value=", ".join(f"{c} {speeds[c]:g} km/h" for c in ROAD_CLASSES),
        )
        unknown = ~np.isfinite(speed) | (speed <= 0)
        if unknown.any():
            listed = Counter(frame[speed_field][unknown].astype(str).tolist()).most_common()
            report.warning(
                text("{count} roads have no usable speed; mapped to 'path'", count=int(unknown.sum())),
                file=file,
                field=speed_field,
                value=", ".join(f"{v} ({n})" for v, n in listed),
                fix=text("enter a speed in km/h"),
            )
            classes[unknown] = "path"
    out = gpd.GeoDataFrame(
        {"road_class": classes, "name": names, "_where": [f"feature {i}" for i in range(len(frame))]},
        geometry=frame.geometry.to_numpy(),
        crs=frame.crs,
    )
    return _finish(out, file=file, project_crs=project_crs, report=report)


def _find_field(columns: list[str], candidates: tuple[str, ...]) -> str | None:
    lowered = {c.lower(): c for c in columns}
    for name in candidates:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def _finish(frame: gpd.GeoDataFrame, *, file: str, project_crs: str, report: ImportReport) -> gpd.GeoDataFrame | None:
    """Reproject, repair, explode to LineStrings, report the network's pieces."""
    import geopandas as gpd
    import shapely

    frame = to_crs(frame, project_crs, file=file, report=report)
    geoms = np.asarray(frame.geometry.array, dtype=object)
    where = frame["_where"].to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if missing.any():
        listed = ", ".join(where[missing][:_MAX_LISTED].tolist())
        report.warning(
            text("{count} roads have no geometry; left out", count=int(missing.sum())),
            file=file,
            field="geometry",
            value=listed,
        )
    type_id = np.where(missing, -1, shapely.get_type_id(geoms))
    line_types = (shapely.GeometryType.LINESTRING, shapely.GeometryType.MULTILINESTRING)
    other = ~missing & ~np.isin(type_id, (*line_types, shapely.GeometryType.GEOMETRYCOLLECTION))
    for i in np.flatnonzero(other)[:_MAX_LISTED].tolist():
        report.error(
            text("road geometry is not a line"),
            file=file,
            where=str(where[i]),
            field="geometry",
            value=geoms[i].geom_type,
            fix=text("keep only LineString or MultiLineString roads"),
        )
    if other.sum() > _MAX_LISTED:
        report.error(
            text("{count} more roads are not lines", count=int(other.sum()) - _MAX_LISTED), file=file, field="geometry"
        )
    if other.any():
        return None
    usable = np.flatnonzero(~missing)
    invalid = usable[~shapely.is_valid(geoms[usable])]
    for i in invalid[:_MAX_LISTED].tolist():
        report.note(
            text("invalid road geometry repaired"),
            file=file,
            where=str(where[i]),
            field="geometry",
            value=shapely.is_valid_reason(geoms[i]),
        )
    geoms = geoms.copy()
    geoms[invalid] = shapely.make_valid(geoms[invalid])
    parts, owner = shapely.get_parts(geoms[usable], return_index=True)
    owner = usable[owner]
    is_line = shapely.get_type_id(parts) == shapely.GeometryType.LINESTRING
    multi = np.bincount(owner[is_line], minlength=len(frame)) > 1
    if multi.any():
        report.note(text("multi-part roads split into single lines"), file=file, value=f"{int(multi.sum())} roads")
    parts, owner = parts[is_line], owner[is_line]
    no_length = shapely.length(parts) <= 0
    if no_length.any():
        report.warning(
            text("{count} road lines have no length; left out", count=int(no_length.sum())),
            file=file,
            field="geometry",
            value=", ".join(np.unique(where[owner[no_length]])[:_MAX_LISTED].tolist()),
        )
        parts, owner = parts[~no_length], owner[~no_length]
    lost = np.setdiff1d(usable, owner)
    lost = lost[~np.isin(lost, owner)]
    if lost.size:
        report.warning(
            text("{size} roads have no line part left after repair; left out", size=lost.size),
            file=file,
            field="geometry",
            value=", ".join(where[lost][:_MAX_LISTED].tolist()),
        )
    if parts.size == 0:
        report.error(text("no usable road lines"), file=file)
        return None
    roads = gpd.GeoDataFrame(
        {
            "road_class": frame["road_class"].to_numpy()[owner].astype(str),
            "name": frame["name"].to_numpy()[owner].astype(str),
        },
        geometry=parts,
        crs=project_crs,
    )[[*ROAD_COLUMNS, "geometry"]]
    _report_pieces(roads, file=file, report=report)
    return roads


def _report_pieces(roads: gpd.GeoDataFrame, *, file: str, report: ImportReport) -> None:
    """A warning when the roads form more than one connected network, with the pieces' sizes."""
    from gis.network import build_road_graph, network_pieces

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        graph = build_road_graph(roads)
    for message in caught:
        warned = message.message
        # The warning's own message (a gis.messages.Text, translatable), not its str.
        report.warning(warned.args[0] if isinstance(warned, Warning) and warned.args else str(warned), file=file)
    pieces = network_pieces(graph)
    if len(pieces) <= 1:
        return
    sizes = [len(p) for p in pieces]
    shown = ", ".join(str(s) for s in sizes[:_MAX_SIZES])
    if len(sizes) > _MAX_SIZES:
        shown += f", … ({len(sizes) - _MAX_SIZES} more)"
    report.warning(
        text(
            "the road network is in {n_pieces} disconnected pieces (sizes in road nodes, largest first)",
            n_pieces=len(pieces),
        ),
        file=file,
        field="network_pieces",
        value=shown,
        fix=text("roads that should meet must share a vertex; check the pieces on the map"),
    )
