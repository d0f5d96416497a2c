"""Reading a county's village boundaries (村界) and last year's enrolment zones (划片), for ``schoolplan zones``.

:func:`read_villages` reads the village polygons of any vector format GDAL reads (GeoPackage,
optionally ``FILE.gpkg:LAYER``; Shapefile; GeoJSON), brings them into the project's CRS and
matches each polygon to a place of the project (its villages and its seats): by a village code
field (:data:`VILLAGE_SYNONYMS`: 村代码 / code / village_code) when the places have codes, else by
township and name (乡镇 / township, 村名 / name / village_name). :func:`read_previous_zones` reads
last year's zones, a CSV (UTF-8, GBK …) or XLSX with the columns of ``zones.csv``
(``village_code``, ``school_id``; or 村代码, 学校代码 …).

Every problem of a file is collected and raised together as one
:class:`~gis.errors.InputError`, each naming the file, the feature or row, the field, the value
and what to do. A polygon that is invalid but can be mended is repaired and said so as a
:class:`~gis.errors.DataWarning`.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.errors import DataWarning
from gis.importing.report import ImportReport
from gis.importing.tables import TableKind, cell_text, map_columns, norm, read_table
from gis.messages import text

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from gis.importing.tables import Columns

#: Field → headers recognised for it in a village boundary layer (matched after
#: :func:`~gis.importing.tables.norm`; Shapefiles cut names to 10 characters).
VILLAGE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": (
        "村代码", "村级代码", "村编码", "行政村代码", "村级行政区划代码", "统计用区划代码", "行政区划代码",
        "区划代码", "village_code", "villagecod", "cun_code", "cundm", "code", "代码",
    ),
    "name": (
        "村名", "村名称", "行政村", "行政村名称", "村（社区）", "村社区", "村委会", "社区", "village_name",
        "villagenam", "village", "cunmc", "name", "名称",
    ),
    "township": (
        "乡镇", "乡镇名称", "乡镇（街道）", "乡镇街道", "所属乡镇", "乡镇代码", "township", "township_name",
        "township_n", "town", "xzmc",
    ),
}  # fmt: skip
#: Field → headers recognised for it in last year's zones (the columns of ``zones.csv`` first).
PREVIOUS_SYNONYMS: dict[str, tuple[str, ...]] = {
    "village_code": ("village_code", "村代码", "行政区划代码", "村级代码", "区划代码", "code"),
    "school_id": ("school_id", "学校代码", "学校标识码", "学校编码", "school_code"),
}
_VILLAGES = TableKind(
    "villages",
    frozenset(norm(n) for names in VILLAGE_SYNONYMS.values() for n in names),
    "村代码, 村名, 乡镇",
)
_PREVIOUS = TableKind(
    "zones",
    frozenset(norm(n) for names in PREVIOUS_SYNONYMS.values() for n in names),
    "village_code, school_id",
)
# Places without a polygon listed one by one, at most.
_MAX_LISTED = 20
# A block of a seat (gis.zones.units): the seat's code, a dash and three digits.
_BLOCK = re.compile(r"^(?P<place>.+)-\d{3}$")


def split_layer(path: str | os.PathLike[str]) -> tuple[Path, str | None]:
    """``FILE.gpkg:LAYER`` as the file and the layer; a path that exists as it is has no layer."""
    given = os.fspath(path)
    if Path(given).exists():
        return Path(given), None
    head, sep, tail = given.rpartition(":")
    if sep and head and tail and not tail.startswith(("\\", "/")) and Path(head).suffix:
        return Path(head), tail
    return Path(given), None


def read_villages(
    path: str | os.PathLike[str],
    places: gpd.GeoDataFrame,
    townships: pd.DataFrame | None = None,
    *,
    crs: str,
) -> gpd.GeoDataFrame:
    """The county's village polygons, each matched to a place of the project, in the project's CRS.

    Parameters
    ----------
    path
        A vector file (GeoPackage, Shapefile, GeoJSON …); ``FILE.gpkg:LAYER`` for one layer of
        a file with several.
    places
        The project's places (villages and seats): ``name``, ``township`` and, when the county
        has them, ``code``.
    townships
        The project's townships (``code``, ``name``), so that a township field may hold either.
    crs
        The project's CRS.

    Returns
    -------
    One row per polygon: ``place`` (row of ``places``), ``code`` (the place's code, as the zones
    table writes it: :func:`gis.zones.units.place_codes`), ``name``, ``township`` (the place's
    township code) and the polygon.

    Raises
    ------
    InputError
        With every problem of the file, each naming the file, the feature, the field and the
        value: the file unreadable, a layer without CRS, no code or name field, a feature without
        geometry, with an empty one, not a polygon or beyond repair, a code or name the places do
        not have (or a name in several townships without a township field), two polygons for one
        place, and each place with no polygon.

    Warns
    -----
    DataWarning
        For each invalid polygon repaired.
    """
    import geopandas as gpd
    import shapely

    from gis.importing.grid import to_crs
    from gis.zones.units import place_codes

    file_path, layer = split_layer(path)
    file = str(file_path)
    report = ImportReport()
    if layer is None and file_path.suffix.lower() == ".gpkg" and file_path.is_file():
        layer = _only_layer(file_path, report)
        report.raise_if_errors()
    table = read_table(file_path, layer, report, _VILLAGES)
    if table is not None and not table.vector:
        report.error(
            text("village boundaries must be a GIS layer of polygons, not a table"),
            file=file,
            fix=text("give a GeoPackage, Shapefile or GeoJSON of the village polygons (村界)"),
        )
        table = None
    if table is not None and table.crs is None:
        report.error(
            text("layer has no coordinate reference system"),
            file=file,
            field="crs",
            fix=text("assign its CRS in a GIS (e.g. EPSG:4490 for CGCS2000 longitude/latitude) and save it again"),
        )
    report.raise_if_errors()
    assert table is not None
    columns = map_columns(table, VILLAGE_SYNONYMS, report, required=(("code", "name"),))
    report.raise_if_errors()
    assert columns is not None
    codes, made = place_codes(places)
    by_code = not made and "code" in columns
    if not by_code and "name" not in columns:
        columns.problem(
            "error",
            list(range(len(columns))),
            text("the places of the project have no codes, and the layer has no village name field"),
            key="code",
            fix=text("add a village name field (村名) and a township field (乡镇)"),
        )
        report.raise_if_errors()
    geoms = _polygons(columns, table.geometry or [])
    owner = _match(columns, places, townships, codes, by_code)
    # Two polygons for one place, and places without a polygon.
    first: dict[int, int] = {}
    for i, p in enumerate(owner.tolist()):
        if p < 0:
            continue
        if p in first:
            columns.problem(
                "error",
                i,
                text("a second polygon for the same village, also {where}", where=table.wheres[first[p]]),
                key="code" if by_code else "name",
                value=codes[p] if by_code else str(places["name"].iloc[p]),
                fix=text("merge the village's polygons into one (dissolve) or correct the code or name"),
            )
        else:
            first[p] = i
    names = places["name"].astype(str).to_numpy()
    lacking = np.flatnonzero(~np.isin(np.arange(len(places)), owner))
    for p in lacking[:_MAX_LISTED].tolist():
        report.error(
            text("a place of the project has no polygon in the village boundaries"),
            file=file,
            where=text("place {name}", name=names[p]),
            field="code" if by_code else "name",
            value=codes[p] if by_code else names[p],
            fix=text("add its polygon to the village boundaries, or leave --villages out to build village areas"),
        )
    if lacking.size > _MAX_LISTED:
        report.error(
            text("{size} more places have no polygon", size=lacking.size - _MAX_LISTED),
            file=file,
            value="、".join(names[lacking[_MAX_LISTED:]][:12]),
        )
    for finding in report.warnings:
        warnings.warn(str(finding).removeprefix(f"{finding.severity}: "), DataWarning, stacklevel=2)
    report.raise_if_errors()
    frame = gpd.GeoDataFrame(
        {
            "place": owner,
            "code": codes[owner],
            "name": places["name"].astype(str).to_numpy()[owner],
            "township": places["township"].astype(str).to_numpy()[owner],
        },
        geometry=list(geoms),
        crs=table.crs,
    )
    quiet = ImportReport()
    frame = to_crs(frame, crs, file=file, report=quiet)
    frame["geometry"] = shapely.make_valid(np.asarray(frame.geometry.array, dtype=object))
    return frame.sort_values("place", kind="stable").reset_index(drop=True)


def _only_layer(path: Path, report: ImportReport) -> str | None:
    """The layer of a GeoPackage with one, or None after an error naming its layers."""
    import pyogrio

    try:
        listed = [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception:  # read_table reports an unreadable file in its own words
        return None
    if len(listed) > 1:
        report.error(
            text("the file has several layers; say which holds the village boundaries"),
            file=str(path),
            fix=text("write FILE.gpkg:LAYER; layers: {listed}", listed=", ".join(listed)),
        )
        return None
    return listed[0] if listed else None


def _polygons(columns: Columns, geometry: list[object]) -> np.ndarray:
    """Each feature's polygon (None where it has none), invalid ones repaired with a warning."""
    import shapely

    geoms = np.asarray(geometry, dtype=object)
    out = np.empty(len(geoms), dtype=object)
    for i, geom in enumerate(geoms.tolist()):
        if geom is None or shapely.is_missing(geom):
            columns.problem(
                "error",
                i,
                text("village has no geometry"),
                key="",
                fix=text("draw its polygon, or delete the feature"),
            )
            continue
        if shapely.is_empty(geom):
            columns.problem("error", i, text("village polygon is empty"), fix=text("draw its polygon, or delete it"))
            continue
        if shapely.get_type_id(geom) not in (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON):
            columns.problem(
                "error",
                i,
                text("village boundary must be a polygon"),
                value=geom.geom_type,
                fix=text("use the village polygons (村界), not points or lines"),
            )
            continue
        if not shapely.is_valid(geom):
            reason = shapely.is_valid_reason(geom)
            mended = _polygonal(shapely.make_valid(geom))
            if shapely.is_empty(mended) or shapely.area(mended) <= 0:
                columns.problem(
                    "error", i, text("invalid village polygon beyond repair"), value=reason, fix=text("redraw it")
                )
                continue
            columns.problem(
                "warning",
                i,
                text("invalid village polygon repaired"),
                value=reason,
                fix=text("check its outline in a GIS"),
            )
            geom = mended
        out[i] = geom
    return out


def _polygonal(geom: object) -> object:
    """The polygonal part of a repaired geometry."""
    import shapely

    parts = [p for p in shapely.get_parts(geom) if shapely.get_type_id(p) in (3, 6)]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _match(
    columns: Columns,
    places: gpd.GeoDataFrame,
    townships: pd.DataFrame | None,
    codes: np.ndarray,
    by_code: bool,
) -> np.ndarray:
    """The place of each feature (-1 where none), by code or by township and name, with an error for each
    feature that matches no place."""
    n = len(columns)
    owner = np.full(n, -1, dtype=np.int64)
    if by_code:
        index = {str(c): p for p, c in enumerate(codes.tolist())}
        for i, cell in enumerate(columns.cells("code")):
            code = cell_text(cell)
            if not code:
                columns.problem("error", i, text("village code missing"), key="code", fix=text("fill in its code"))
            elif code not in index:
                columns.problem(
                    "error",
                    i,
                    text("no place of the project has this village code"),
                    key="code",
                    value=code,
                    fix=text("use the codes of the project's places, or delete the feature"),
                )
            else:
                owner[i] = index[code]
        return owner
    township_of = places["township"].astype(str).to_numpy()
    aliases: dict[str, str] = {}
    if townships is not None and len(townships):
        for code, name in zip(townships["code"].astype(str), townships["name"].astype(str), strict=True):
            aliases[norm(code)] = code
            aliases[norm(name)] = code
    by_name: dict[str, list[int]] = {}
    for p, name in enumerate(places["name"].astype(str)):
        by_name.setdefault(norm(name), []).append(p)
    has_township = "township" in columns
    for i, (name_cell, town_cell) in enumerate(zip(columns.cells("name"), columns.cells("township"), strict=True)):
        name = cell_text(name_cell)
        if not name:
            columns.problem(
                "error", i, text("village name missing"), key="name", fix=text("fill in the village's name")
            )
            continue
        found = by_name.get(norm(name), [])
        town = cell_text(town_cell)
        if has_township and town:
            want = aliases.get(norm(town), town)
            found = [p for p in found if township_of[p] == want]
        if not found:
            columns.problem(
                "error",
                i,
                text("no place of the project has this name in this township")
                if has_township and town
                else text("no place of the project has this name"),
                key="name",
                value=f"{town} {name}".strip(),
                fix=text("use the names of the project's places (and their townships), or delete the feature"),
            )
        elif len(found) > 1:
            columns.problem(
                "error",
                i,
                text("places of this name lie in several townships"),
                key="name",
                value=name,
                fix=text("add a township field (乡镇) to the village boundaries"),
            )
        else:
            owner[i] = found[0]
    return owner


def read_previous_zones(
    path: str | os.PathLike[str],
    *,
    places: gpd.GeoDataFrame | None = None,
    schools: pd.DataFrame | None = None,
) -> dict[str, str]:
    """Last year's enrolment zones: village code → school id.

    Parameters
    ----------
    path
        A CSV (UTF-8, GBK/GB18030 …) or XLSX (its first sheet) with the columns of ``zones.csv``:
        ``village_code`` (村代码 / 行政区划代码) and ``school_id`` (学校代码 / 学校标识码); other
        columns (the school's and the village's names) are not used.
    places
        The project's places: when given, a code that is neither a place's
        (:func:`gis.zones.units.place_codes`) nor a block of a seat (``CODE-001``) is an error.
    schools
        The project's schools: when given, a school code not among them is an error.

    Returns
    -------
    {village code: school id}.

    Raises
    ------
    InputError
        With every problem of the file, each naming the file, the row, the field and the value:
        the file unreadable or empty, a column missing, a code blank, a village listed twice with
        different schools, and (with ``places`` or ``schools``) codes the project does not have.
    """
    report = ImportReport()
    file_path = Path(path)
    table = read_table(file_path, None, report, _PREVIOUS)
    if table is not None and table.vector:
        report.error(
            text("last year's zones must be a table (CSV or XLSX), not a GIS layer"),
            file=str(file_path),
            fix=text("give the zones.csv SchoolPlan wrote last year, or a table with 村代码 and 学校代码"),
        )
        table = None
    if table is not None and not table.rows:
        report.error(
            text("the file has a header but no villages"),
            file=table.file,
            fix=text("fill in one row per village (village_code, school_id)"),
        )
        table = None
    columns = (
        map_columns(table, PREVIOUS_SYNONYMS, report, required=(("village_code",), ("school_id",)))
        if table is not None
        else None
    )
    report.raise_if_errors()
    assert table is not None and columns is not None
    known_places: set[str] | None = None
    if places is not None:
        from gis.zones.units import place_codes

        known_places = {str(c) for c in place_codes(places)[0]}
    known_schools = set(schools["school_id"].astype(str)) if schools is not None else None
    zones: dict[str, str] = {}
    first: dict[str, int] = {}
    for i, (code_cell, school_cell) in enumerate(
        zip(columns.cells("village_code"), columns.cells("school_id"), strict=True)
    ):
        code, school = cell_text(code_cell), cell_text(school_cell)
        if not code:
            columns.problem(
                "error", i, text("village code missing"), key="village_code", fix=text("fill in the village's code")
            )
        elif known_places is not None and code not in known_places and not _is_block_of(code, known_places):
            columns.problem(
                "error",
                i,
                text("no village of the project has this code"),
                key="village_code",
                value=code,
                fix=text("use the codes of the zones table SchoolPlan writes (zones.csv), or leave the row out"),
            )
            code = ""
        if not school:
            columns.problem(
                "error", i, text("school code missing"), key="school_id", fix=text("fill in the zone's school code")
            )
        elif known_schools is not None and school not in known_schools:
            columns.problem(
                "error",
                i,
                text("no school of the project has this code"),
                key="school_id",
                value=school,
                fix=text("use the codes of the project's schools (学校代码)"),
            )
            school = ""
        if not code or not school:
            continue
        if code in zones and zones[code] != school:
            columns.problem(
                "error",
                i,
                text("village listed twice with different schools ({first} and {second}), also in {where}",
                     first=zones[code], second=school, where=table.wheres[first[code]]),
                key="village_code",
                value=code,
                fix=text("keep one row per village: the school whose zone it was"),
            )  # fmt: skip
            continue
        zones.setdefault(code, school)
        first.setdefault(code, i)
    report.raise_if_errors()
    return zones


def _is_block_of(code: str, places: set[str]) -> bool:
    found = _BLOCK.match(code)
    return found is not None and found["place"] in places
