"""Township boundaries (乡镇界) from any vector format GDAL reads."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np

from gis.importing.grid import read_vector_layer
from gis.project import TOWNSHIP_COLUMNS

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.importing.report import ImportReport

CODE_FIELDS = ("code", "乡镇代码", "代码", "区划代码", "行政区划代码", "编码", "xzqdm", "adcode", "township_code")
NAME_FIELDS = ("name", "名称", "乡镇名称", "乡镇", "xzqmc", "township", "township_name")
_MAX_LISTED = 20


def read_boundaries(
    path: str | os.PathLike[str],
    *,
    project_crs: str,
    report: ImportReport,
    code_field: str | None = None,
    name_field: str | None = None,
    crs: str | None = None,
    layer: str | None = None,
) -> gpd.GeoDataFrame | None:
    """Township polygons with their code and name, in the project CRS.

    Parameters
    ----------
    path
        Any vector format (Shapefile, GeoPackage, GeoJSON, KML …).
    project_crs
        The CRS of the result.
    report
        Receives every finding: invalid polygons are repaired (a note per feature),
        non-polygon features and a missing code field are errors, duplicate codes a warning.
    code_field, name_field
        The fields holding the township code and name; by default the first field named
        like :data:`CODE_FIELDS` / :data:`NAME_FIELDS` (case-insensitive).
    crs
        The CRS of a layer that carries none, as stated by the user.
    layer
        The layer of a multi-layer file.

    Returns
    -------
    A GeoDataFrame with :data:`gis.project.TOWNSHIP_COLUMNS`, or None after an error.
    """
    import geopandas as gpd
    import shapely

    file = str(path)
    frame = read_vector_layer(file, target_crs=project_crs, report=report, crs=crs, layer=layer)
    if frame is None:
        return None
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    chosen: dict[str, str | None] = {}
    for what, given, candidates in (("code", code_field, CODE_FIELDS), ("name", name_field, NAME_FIELDS)):
        if given is not None and given not in columns:
            report.error(f"the {what} field is missing", file=file, field=given, fix=f"fields: {', '.join(columns)}")
        chosen[what] = given if given in columns else _find(columns, candidates) if given is None else None
    if chosen["code"] is None and code_field is None:
        report.error(
            "no township code field",
            file=file,
            fix=f"say which field holds the code (乡镇代码); fields: {', '.join(columns) or 'none'}",
        )
    if not report.ok:
        return None
    codes = frame[chosen["code"]].astype(object).where(frame[chosen["code"]].notna(), "").astype(str).str.strip()
    if chosen["name"] is None:
        report.warning("no township name field; names are the codes", file=file, fix="say which field holds the name")
        names = codes
    else:
        names = frame[chosen["name"]].fillna("").astype(str).str.strip()

    geoms = np.asarray(frame.geometry.array, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    type_id = np.where(missing, -1, shapely.get_type_id(geoms))
    is_poly = np.isin(type_id, (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON))
    wrong = np.flatnonzero(~missing & ~is_poly)
    for i in wrong[:_MAX_LISTED].tolist():
        report.error(
            "township boundary must be a polygon",
            file=file,
            where=f"feature {i}",
            field="geometry",
            value=geoms[i].geom_type,
            fix="use the township polygons (乡镇界), not points or lines",
        )
    if wrong.size > _MAX_LISTED:
        report.error(f"{wrong.size - _MAX_LISTED} more features are not polygons", file=file, field="geometry")
    for i in np.flatnonzero(missing).tolist():
        report.error("township has no geometry", file=file, where=f"feature {i}", field="geometry", value=codes.iloc[i])
    for i in np.flatnonzero((codes == "").to_numpy()).tolist():
        report.error("township has no code", file=file, where=f"feature {i}", field=chosen["code"] or "")
    if not report.ok:
        return None
    geoms = geoms.copy()
    invalid = np.flatnonzero(~shapely.is_valid(geoms))
    for i in invalid.tolist():
        reason = shapely.is_valid_reason(geoms[i])
        geoms[i] = _polygonal(shapely.make_valid(geoms[i]))
        report.note("invalid polygon repaired", file=file, where=f"feature {i}", field="geometry", value=reason)
    duplicated = codes[codes.duplicated()].unique()
    for code in duplicated:
        report.warning(
            "township code appears more than once",
            file=file,
            field=chosen["code"] or "",
            value=code,
            fix="merge the polygons of one township or correct the code",
        )
    return gpd.GeoDataFrame(
        {"code": codes.to_numpy(), "name": names.to_numpy()}, geometry=list(geoms), crs=project_crs
    )[[*TOWNSHIP_COLUMNS, "geometry"]]


def _find(columns: list[str], candidates: tuple[str, ...]) -> str | None:
    lowered = {c.lower(): c for c in columns}
    return next((lowered[c.lower()] for c in candidates if c.lower() in lowered), None)


def _polygonal(geom: object) -> object:
    """The polygonal part of a repaired geometry, as a Polygon or MultiPolygon."""
    import shapely

    polys = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in (3, 6)]
    return shapely.union_all(polys) if polys else shapely.Polygon()
