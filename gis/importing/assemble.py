"""A project from a county's own files: every reader in turn, one report, nothing written on error.

:func:`import_project` reads the boundaries, schools, roads, population and DEM, puts them in
one projected CRS and one 100 m grid, and returns the project with the validation report.
:func:`import_to_file` also writes the project (atomically, only when the report has no
error) and always writes the report beside it as ``PROJECT.import-report.csv``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.importing.report import RECONCILE_TOLERANCE, ImportReport
from gis.messages import text
from gis.progress import Progress

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    import geopandas as gpd

    from gis.importing.population import CohortGrids
    from gis.progress import CancelFn, ProgressFn
    from gis.project import Project
    from gis.standards import Standards

RASTER_SUFFIXES = (".tif", ".tiff")
# A school further than this from any road is reported (as the analysis does).
FAR_FROM_ROAD_M = 1000.0


@dataclass(frozen=True)
class ImportSources:
    """The files of an import and how to read them.

    ``population`` holds GeoTIFF rasters (WorldPop age–sex bands, or rasters of primary
    and junior children: ``population_kind`` ``worldpop``, ``cohorts`` or ``auto``) or one
    vector file of village counts. ``coords`` is the coordinate system of the schools'
    coordinates (``wgs84``, ``gcj02``, ``bd09``, ``cgcs2000`` or an EPSG code); ``crs`` the
    project's CRS (default: the CGCS2000 Gauss–Krüger zone, or the UTM zone outside China,
    of the county's centre). ``school_mapping`` is {field: header} of the schools table;
    ``boundary_code_field`` and ``boundary_name_field`` name the township code and name fields
    (by default found by their usual headers; without a code field codes are derived).
    """

    schools: Path
    population: tuple[Path, ...]
    roads: Path
    dem: Path | None = None
    boundaries: Path | None = None
    coords: str | None = None
    crs: str | None = None
    name: str | None = None
    cell_size: float = 100.0
    population_kind: str = "auto"
    school_mapping: dict[str, str | None] = field(default_factory=dict)
    sheet: str | None = None
    boundary_code_field: str | None = None
    boundary_name_field: str | None = None


def import_project(
    sources: ImportSources,
    *,
    standards: Standards | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> tuple[Project | None, ImportReport]:
    """Read every file of an import into a project.

    ``standards`` gives the WorldPop band fractions (``[population]``) and how far outside the
    township boundaries a school or a populated cell is still taken in (``[import]``); default
    the bundled rules. The report ends with the reconciliation of the children (also kept as
    ``report.reconciliation``) whenever the population could be read.

    Returns
    -------
    (project, report)
        ``project`` is None when the report has errors.
    """
    import geopandas as gpd
    from shapely.geometry import box

    from gis.importing.boundaries import read_boundaries
    from gis.importing.grid import choose_project_crs, grid_for
    from gis.importing.population import population_frame, read_population_rasters, read_villages
    from gis.importing.rasters import read_dem
    from gis.importing.roads import read_osm_roads, read_road_lines
    from gis.importing.schools import read_schools
    from gis.project import Project
    from gis.schema import PLACE_COLUMNS, RIVER_COLUMNS

    if standards is None:
        from gis.standards import load_standards

        standards = load_standards()
    tolerance = standards.outside_tolerance_m
    report = ImportReport()
    step = Progress(progress, cancel)
    step(0.0, text("choosing the project's coordinate system"))
    crs = sources.crs or _choose_crs(sources, choose_project_crs)
    if crs is None:
        report.error(
            text("no point of the data could be read to place the county"),
            file=sources.schools,
            fix=text("fix the schools' coordinates or give the project CRS (--crs)"),
        )
        return None, report

    townships = None
    county = None
    if sources.boundaries is not None:
        step(0.05, text("township boundaries"))
        townships = read_boundaries(
            sources.boundaries,
            project_crs=crs,
            report=report,
            crs=_stated(sources),
            code_field=sources.boundary_code_field,
            name_field=sources.boundary_name_field,
        )
        if townships is not None and len(townships):
            county = townships.geometry.union_all()

    step(0.15, text("schools"))
    schools = read_schools(
        sources.schools,
        project_crs=crs,
        report=report,
        coords=sources.coords,
        mapping=sources.school_mapping or None,
        sheet=sources.sheet,
        county=county,
        outside_tolerance_m=tolerance,
    )

    step(0.3, text("roads"))
    if sources.roads.suffix.lower() == ".pbf":
        outline = None
        if county is not None:
            outline = gpd.GeoSeries([county], crs=crs).to_crs("EPSG:4326").iloc[0].buffer(0.01)
        roads = read_osm_roads(sources.roads, project_crs=crs, report=report, boundary=outline)
    else:
        roads = read_road_lines(sources.roads, project_crs=crs, report=report, coords=_stated(sources))

    step(0.5, text("the population grid"))
    bounds = _extent(county, schools, roads, sources, crs, report=report)
    if bounds is None:
        report.error(
            text("the county's extent is unknown: no boundary, school or road could be read"), file=sources.roads
        )
        return None, report
    grid = grid_for(bounds, crs, sources.cell_size)
    has_boundaries = townships is not None and len(townships) > 0
    if townships is None or not len(townships):
        townships = gpd.GeoDataFrame(
            {"code": ["000000"], "name": [sources.name or "county"]}, geometry=[box(*grid.bounds)], crs=crs
        )
        report.note(
            text("no township boundaries: the whole grid is one township"),
            file=sources.boundaries or "",
            fix=text("give --boundaries to get figures per township"),
        )
    rasters = [p for p in sources.population if p.suffix.lower() in RASTER_SUFFIXES]
    vectors = [p for p in sources.population if p.suffix.lower() not in RASTER_SUFFIXES]
    counts = None
    if rasters and vectors:
        report.error(
            text("population from rasters and from village counts at once"),
            file=", ".join(map(str, sources.population)),
            fix=text("give either GeoTIFF rasters or one file of village counts"),
        )
    elif rasters:
        kind = sources.population_kind
        if kind == "auto":
            kind = "worldpop" if all(_looks_worldpop(p) for p in rasters) else "cohorts"
        counts = read_population_rasters(
            rasters, grid, report=report, kind=kind, crs=_stated(sources), fractions=standards.population_fractions
        )
    elif len(vectors) == 1:
        counts = read_villages(vectors[0], grid, report=report, crs=_stated(sources))
    elif vectors:
        report.error(
            text("several files of village counts"),
            file=", ".join(map(str, vectors)),
            fix=text("merge the village counts into one file"),
        )
    else:
        report.error(
            text("no population file"), fix=text("give GeoTIFF rasters or a file of village counts (--population)")
        )
    population = None
    if counts is not None:
        population = population_frame(
            grid,
            counts.primary,
            counts.junior,
            townships,
            report=report,
            near_m=tolerance,
            drop_outside=has_boundaries,
            under5=counts.under5,
        )

    dem = None
    if sources.dem is not None:
        step(0.8, text("elevation"))
        dem = read_dem(sources.dem, grid, report=report, crs=_stated(sources))

    step(0.9, text("checking schools against the roads"))
    if schools is not None and roads is not None and len(schools) and len(roads):
        _check_schools_near_roads(schools, roads, sources.schools, report)
    if schools is not None and len(schools):
        schools = _fill_townships(schools, townships, sources.schools, report, has_boundaries=has_boundaries)
    if counts is not None and population is not None:
        _reconcile(counts, population, report, file=", ".join(map(str, sources.population)))
    if not report.ok or schools is None or roads is None or population is None:
        return None, report
    name = sources.name or sources.schools.stem
    settings = {**grid.settings(), "name": name, "crs": crs, "imported_from": str(sources.schools.parent)}
    project = Project(
        name=name,
        crs=crs,
        schools=schools,
        population=population,
        roads=roads,
        townships=townships[["code", "name", "geometry"]],
        places=gpd.GeoDataFrame({c: [] for c in PLACE_COLUMNS}, geometry=[], crs=crs),
        rivers=gpd.GeoDataFrame({c: [] for c in RIVER_COLUMNS}, geometry=[], crs=crs),
        dem=dem,
        settings=settings,
    )
    step(1.0, text("imported"))
    return project, report


def import_to_file(
    sources: ImportSources,
    out: str | os.PathLike[str],
    *,
    standards: Standards | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    styles: Callable[[Project], Mapping[str, str]] | None = None,
) -> tuple[Project | None, ImportReport, Path]:
    """Import and write the project (only if there is no error) and the report beside it.

    ``styles`` gives the QGIS styles to store with the project's layers (see
    :func:`gis.project.write_project`).

    Returns
    -------
    (project, report, report_path)
    """
    from gis.project import write_project

    target = Path(out)
    project, report = import_project(sources, standards=standards, progress=progress, cancel=cancel)
    report_path = target.with_name(f"{target.stem}.import-report.csv")
    if project is not None:
        project = write_project(project, target, styles=styles(project) if styles else None)
    report.write(report_path)
    return project, report, report_path


def _stated(sources: ImportSources) -> str | None:
    """The CRS the user stated for layers without one (an EPSG code, not a web-map shift)."""
    coords = sources.coords
    if coords is None or coords.lower() in ("gcj02", "bd09"):
        return None
    if coords.lower() in ("wgs84",):
        return "EPSG:4326"
    if coords.lower() == "cgcs2000":
        return "EPSG:4490"
    return coords


def _choose_crs(sources: ImportSources, choose: object) -> str | None:
    """The project CRS from the centre of the boundaries, else of the schools."""
    from gis.importing.boundaries import read_boundaries
    from gis.importing.schools import read_schools

    scratch = ImportReport()
    frame = None
    if sources.boundaries is not None:
        frame = read_boundaries(
            sources.boundaries,
            project_crs="EPSG:4326",
            report=scratch,
            crs=_stated(sources),
            code_field=sources.boundary_code_field,
            name_field=sources.boundary_name_field,
        )
    if frame is None or not len(frame):
        frame = read_schools(
            sources.schools,
            project_crs="EPSG:4326",
            report=scratch,
            coords=sources.coords,
            mapping=sources.school_mapping or None,
            sheet=sources.sheet,
        )
    if frame is None or not len(frame):
        return None
    minx, miny, maxx, maxy = frame.total_bounds
    if not np.isfinite([minx, miny, maxx, maxy]).all():
        return None
    return choose((minx + maxx) / 2, (miny + maxy) / 2)  # type: ignore[operator, no-any-return]


#: Without township boundaries the grid grows to cover the population files, up to this many
#: cells (100,000 km² at 100 m); a larger file (a province, a country) is cut to the schools
#: and roads, and the children beyond show in the reconciliation.
MAX_GRID_CELLS = 10_000_000


def _extent(
    county: object,
    schools: gpd.GeoDataFrame | None,
    roads: gpd.GeoDataFrame | None,
    sources: ImportSources,
    crs: str,
    *,
    report: ImportReport,
) -> tuple[float, float, float, float] | None:
    """The grid's extent: the county; else the schools and roads (with a margin of 1 km) and the
    population files, so that no child of the files is left off the grid."""
    if county is not None:
        return tuple(county.bounds)  # type: ignore[attr-defined, return-value]
    boxes = [f.total_bounds for f in (schools, roads) if f is not None and len(f)]
    if not boxes:
        return None
    b = np.vstack(boxes)
    near = (b[:, 0].min() - 1000, b[:, 1].min() - 1000, b[:, 2].max() + 1000, b[:, 3].max() + 1000)
    files = [f for f in (_file_bounds(p, crs, _stated(sources)) for p in sources.population) if f is not None]
    if not files:
        return near
    a = np.vstack([near, *files])
    wide = (a[:, 0].min(), a[:, 1].min(), a[:, 2].max(), a[:, 3].max())
    cells = (wide[2] - wide[0]) * (wide[3] - wide[1]) / sources.cell_size**2
    if cells > MAX_GRID_CELLS:
        report.warning(
            text(
                "the population files reach far beyond the schools and roads ({cells:,.0f} million "
                "cells); the grid is cut to the schools and roads with 1 km around them",
                cells=cells / 1e6,
            ),
            file=", ".join(map(str, sources.population)),
            fix=text("give the township boundaries (--boundaries) to cut the population to the county"),
        )
        return near
    if wide != near:
        report.note(
            text("no township boundaries: the grid covers the schools, the roads and the population files"),
            file=", ".join(map(str, sources.population)),
        )
    return wide


def _file_bounds(path: Path, crs: str, stated: str | None) -> tuple[float, float, float, float] | None:
    """A population file's extent in the project CRS, or None when it cannot be read (its reader reports why)."""
    import pyogrio
    import rasterio
    from rasterio.warp import transform_bounds

    try:
        if path.suffix.lower() in RASTER_SUFFIXES:
            with rasterio.open(path) as src:
                source = src.crs or stated
                if source is None:
                    return None
                return tuple(transform_bounds(source, crs, *src.bounds, densify_pts=21))  # type: ignore[return-value]
        info = pyogrio.read_info(path)
        source = info.get("crs") or stated
        bounds = info.get("total_bounds")
        if source is None or bounds is None or not np.isfinite(bounds).all():
            return None
        return tuple(transform_bounds(source, crs, *bounds, densify_pts=21))  # type: ignore[return-value]
    except Exception:  # unreadable files are reported by their reader, with GDAL's own message
        return None


def _reconcile(counts: CohortGrids, population: gpd.GeoDataFrame, report: ImportReport, *, file: str) -> None:
    """The children of the files, of the grid and of the project, as the report's closing lines."""
    from gis.importing.report import Children, ChildrenReconciliation

    on_grid = Children(float(counts.primary.sum()), float(counts.junior.sum()))
    in_files = Children(*counts.in_files) if counts.in_files is not None else on_grid
    inside = Children(float(population["primary"].sum()), float(population["junior"].sum()))
    reconciliation = ChildrenReconciliation(in_files=in_files, on_grid=on_grid, inside=inside)
    outside = reconciliation.outside
    if outside.total >= 0.5 and outside.total > RECONCILE_TOLERANCE * in_files.total:
        report.warning(
            text(
                "{total:,.0f} children of the population files lie outside the county and are not in the project",
                total=outside.total,
            ),
            file=file,
            value=f"{outside.primary:,.0f} primary, {outside.junior:,.0f} junior",
            fix=text("check the township boundaries cover the county, and the files' area and CRS"),
        )
    report.reconcile(reconciliation, file=file)


def _check_schools_near_roads(
    schools: gpd.GeoDataFrame, roads: gpd.GeoDataFrame, file: Path, report: ImportReport
) -> None:
    """Schools far from any road: a warning each (their position or the roads may be wrong)."""
    distance = schools.geometry.distance(roads.geometry.union_all()).to_numpy()
    for k in np.flatnonzero(distance > FAR_FROM_ROAD_M).tolist():
        report.warning(
            text("school is {distance:,.0f} m from the nearest road", distance=distance[k]),
            file=file,
            where=text("school {school_id}", school_id=schools["school_id"].iloc[k]),
            field="geometry",
            value=schools["name"].iloc[k],
            fix=text("check its coordinates, or add the road or path that leads to it"),
        )


def _fill_townships(
    schools: gpd.GeoDataFrame,
    townships: gpd.GeoDataFrame,
    file: Path,
    report: ImportReport,
    *,
    has_boundaries: bool,
) -> gpd.GeoDataFrame:
    """Every school's township code: a township name in the file becomes its code, and schools
    without one get the township they lie in (the nearest one when just outside, see
    :func:`~gis.importing.schools.read_schools`)."""
    import geopandas as gpd

    if not len(townships):
        return schools
    out = schools.copy()
    given = out["township"].astype(str).str.strip()
    codes = set(townships["code"].astype(str))
    by_name = dict(zip(townships["name"].astype(str), townships["code"].astype(str), strict=True))
    named = given.isin(list(by_name)) & ~given.isin(list(codes)) & (given != "")
    if named.any():
        out.loc[named, "township"] = given[named].map(by_name).to_numpy()
        report.note(
            text(
                "township names of {count} schools replaced by the codes of the township boundaries",
                count=int(named.sum()),
            ),
            file=file,
            field="township",
        )
    if has_boundaries:
        unknown = ~given.isin(list(codes)) & ~named & (given != "")
        for k in np.flatnonzero(unknown.to_numpy()).tolist():
            report.warning(
                text(
                    "the school's township is neither a code nor a name of the township boundaries; "
                    "taken from the boundary it lies in"
                ),
                file=file,
                where=text("school {school_id}", school_id=out["school_id"].iloc[k]),
                field="township",
                value=given.iloc[k],
                fix=text("write the township's code or name as in the boundaries file"),
            )
        missing = (given == "") | unknown
    else:
        missing = given == ""
    if not missing.any():
        return out
    points = out.loc[missing, ["geometry"]]
    joined = gpd.sjoin(points, townships[["code", "geometry"]], how="left", predicate="intersects")
    joined = joined[~joined.index.duplicated(keep="first")]
    found = joined["code"].reindex(points.index)
    lost = found.isna()
    if lost.any():
        nearest = gpd.sjoin_nearest(points[lost], townships[["code", "geometry"]], how="left")
        nearest = nearest[~nearest.index.duplicated(keep="first")]
        found[lost] = nearest["code"].reindex(points.index[lost]).to_numpy()
    out.loc[missing, "township"] = found.fillna("").astype(str).to_numpy()
    if has_boundaries:
        report.note(
            text(
                "{count} schools without a township in the file: each given the township it lies in",
                count=int(missing.sum()),
            ),
            file=file,
            field="township",
        )
    return out


def _looks_worldpop(path: Path) -> bool:
    """A WorldPop age–sex file name, like ``chn_f_5_2020.tif``."""
    import re

    return re.search(r"_[fm]_\d+_", path.name.lower()) is not None


def population_paths(values: Sequence[str | os.PathLike[str]]) -> tuple[Path, ...]:
    """The population files given on the command line, as paths."""
    return tuple(Path(v) for v in values)
