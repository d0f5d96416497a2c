"""Township boundaries (乡镇界) from any vector format GDAL reads."""

from __future__ import annotations

import os
import re
import unicodedata
from typing import TYPE_CHECKING

import numpy as np

from gis.importing.grid import read_vector_layer
from gis.messages import text
from gis.schema import TOWNSHIP_COLUMNS

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from gis.importing.report import ImportReport

#: Headers of the township code and name fields, in order of preference (matched ignoring
#: case, spaces and underscores; Shapefiles cut names to 10 characters and often upper-case them).
CODE_FIELDS = (
    "code", "乡镇代码", "乡镇编码", "乡镇街道代码", "代码", "区划代码", "行政区划代码", "行政代码", "编码", "xzqdm",
    "xzqhdm", "qhdm", "adcode", "gb", "pac", "township_code", "town_code", "towncode", "tcode",
)  # fmt: skip
NAME_FIELDS = (
    "name", "名称", "乡镇名称", "乡镇街道名称", "乡镇", "乡镇名", "乡镇街道", "街道", "行政区划名称", "区划名称",
    "xzqmc", "xzqhmc", "qhmc", "township", "township_name", "town_name", "townname", "town", "name_zh", "name:zh",
)  # fmt: skip
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
        non-polygon features and a file with neither a code nor a name field are errors,
        duplicate codes a warning. Without a code field the codes are derived (a note):
        ``T01``, ``T02`` … numbered by township name (then by feature), so that the same
        file always gives the same codes.
    code_field, name_field
        The fields holding the township code and name; by default the first field named
        like :data:`CODE_FIELDS` / :data:`NAME_FIELDS` (case-insensitive). A field given that
        is not in the file is an error.
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
    listed = ", ".join(columns) or "none"
    chosen: dict[str, str | None] = {}
    for what, given, candidates in (("code", code_field, CODE_FIELDS), ("name", name_field, NAME_FIELDS)):
        if given is not None and given not in columns:
            report.error(
                text(
                    "the township {what} field given is not in the file",
                    what=text("code") if what == "code" else text("name"),
                ),
                file=file,
                field=given,
                fix=text("name one of its fields with --boundary-{what}-field: {listed}", what=what, listed=listed),
            )
        chosen[what] = (given if given in columns else None) if given is not None else _find(columns, candidates)
    if not report.ok:
        return None
    if chosen["code"] is None and chosen["name"] is None:
        report.error(
            text("no township code or name field"),
            file=file,
            fix=text(
                "name them with --boundary-code-field and --boundary-name-field (the wizard: code "
                "and name fields); fields: {listed}",
                listed=listed,
            ),
        )
        return None
    names = _texts(frame[chosen["name"]]) if chosen["name"] is not None else None
    if chosen["code"] is not None:
        codes = _texts(frame[chosen["code"]])
    else:
        assert names is not None
        codes = _derived_codes(names)
        report.note(
            text("no township code field; codes {code}… numbered by township name", code=codes.iloc[0]),
            file=file,
            field=chosen["name"] or "",
            fix=text(
                "to keep the official codes, name their field with --boundary-code-field; fields: {listed}",
                listed=listed,
            ),
        )
    if names is None:
        report.warning(
            text("no township name field; names are the codes"),
            file=file,
            field=chosen["code"] or "",
            fix=text("name it with --boundary-name-field (the wizard: name field); fields: {listed}", listed=listed),
        )
        names = codes
    else:
        for i in np.flatnonzero((names == "").to_numpy()).tolist():
            report.warning(
                text("township has no name; the code is used"),
                file=file,
                where=text("feature {n}", n=i),
                field=chosen["name"] or "",
                value=codes.iloc[i],
            )
        names = names.where(names != "", codes)

    geoms = np.asarray(frame.geometry.array, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    type_id = np.where(missing, -1, shapely.get_type_id(geoms))
    is_poly = np.isin(type_id, (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON))
    wrong = np.flatnonzero(~missing & ~is_poly)
    for i in wrong[:_MAX_LISTED].tolist():
        report.error(
            text("township boundary must be a polygon"),
            file=file,
            where=text("feature {n}", n=i),
            field="geometry",
            value=geoms[i].geom_type,
            fix=text("use the township polygons (乡镇界), not points or lines"),
        )
    if wrong.size > _MAX_LISTED:
        report.error(
            text("{size} more features are not polygons", size=wrong.size - _MAX_LISTED), file=file, field="geometry"
        )
    for i in np.flatnonzero(missing).tolist():
        report.error(
            text("township has no geometry"),
            file=file,
            where=text("feature {n}", n=i),
            field="geometry",
            value=codes.iloc[i],
        )
    for i in np.flatnonzero((codes == "").to_numpy()).tolist():
        report.error(
            text("township has no code") if chosen["code"] is not None else text("township has neither code nor name"),
            file=file,
            where=text("feature {n}", n=i),
            field=chosen["code"] or chosen["name"] or "",
            fix=text("fill it in"),
        )
    if not report.ok:
        return None
    geoms = geoms.copy()
    invalid = np.flatnonzero(~shapely.is_valid(geoms))
    for i in invalid.tolist():
        reason = shapely.is_valid_reason(geoms[i])
        geoms[i] = _polygonal(shapely.make_valid(geoms[i]))
        report.note(
            text("invalid polygon repaired"), file=file, where=text("feature {n}", n=i), field="geometry", value=reason
        )
    duplicated = codes[codes.duplicated()].unique()
    for code in duplicated:
        if chosen["code"] is None:
            report.note(
                text("township name appears more than once; its polygons share the code {code}", code=code),
                file=file,
                field=chosen["name"] or "",
                value=names[codes == code].iloc[0],
            )
            continue
        report.warning(
            text("township code appears more than once"),
            file=file,
            field=chosen["code"] or "",
            value=code,
            fix=text("merge the polygons of one township or correct the code"),
        )
    return gpd.GeoDataFrame(
        {"code": codes.to_numpy(), "name": names.to_numpy()}, geometry=list(geoms), crs=project_crs
    )[[*TOWNSHIP_COLUMNS, "geometry"]]


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", text).strip().lower())


def _find(columns: list[str], candidates: tuple[str, ...]) -> str | None:
    """The first column named like one of ``candidates`` (in their order), ignoring case, spaces and ``_``."""
    keyed: dict[str, str] = {}
    for c in columns:
        keyed.setdefault(_key(c), c)
    return next((keyed[_key(c)] for c in candidates if _key(c) in keyed), None)


def _texts(values: pd.Series) -> pd.Series:
    """Field values as trimmed text; whole numbers without a decimal point (522699101.0 → 522699101)."""

    def text(v: object) -> str:
        if v is None or (isinstance(v, float) and not np.isfinite(v)) or type(v).__name__ in ("NAType", "NaTType"):
            return ""
        if isinstance(v, float | np.floating) and float(v).is_integer():
            return str(int(v))
        return str(v).strip()

    return values.map(text).astype(object)


def _derived_codes(names: pd.Series) -> pd.Series:
    """``T01``, ``T02`` … one per distinct name, numbered in the order of the names; blank where the name is."""
    import pandas as pd

    distinct = sorted({n for n in names if n})
    width = max(2, len(str(len(distinct))))
    number = {n: f"T{k:0{width}d}" for k, n in enumerate(distinct, start=1)}
    return pd.Series([number.get(n, "") for n in names], index=names.index, dtype=object)


def _polygonal(geom: object) -> object:
    """The polygonal part of a repaired geometry, as a Polygon or MultiPolygon."""
    import shapely

    polys = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in (3, 6)]
    return shapely.union_all(polys) if polys else shapely.Polygon()
