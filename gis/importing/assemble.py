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

from gis.importing.report import ImportReport
from gis.progress import Progress

if TYPE_CHECKING:
    import geopandas as gpd

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
    of the county's centre).
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


def import_project(
    sources: ImportSources,
    *,
    standards: Standards | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> tuple[Project | None, ImportReport]:
    """Read every file of an import into a project.

    ``standards`` gives the WorldPop band fractions (``[population]``); default the bundled rules.

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
    from gis.project import PLACE_COLUMNS, RIVER_COLUMNS, Project

    report = ImportReport()
    step = Progress(progress, cancel)
    step(0.0, "choosing the project's coordinate system")
    crs = sources.crs or _choose_crs(sources, choose_project_crs)
    if crs is None:
        report.error(
            "no point of the data could be read to place the county",
            file=sources.schools,
            fix="fix the schools' coordinates or give the project CRS (--crs)",
        )
        return None, report

    townships = None
    county = None
    if sources.boundaries is not None:
        step(0.05, "township boundaries")
        townships = read_boundaries(sources.boundaries, project_crs=crs, report=report, crs=_stated(sources))
        if townships is not None and len(townships):
            county = townships.geometry.union_all()

    step(0.15, "schools")
    schools = read_schools(
        sources.schools,
        project_crs=crs,
        report=report,
        coords=sources.coords,
        mapping=sources.school_mapping or None,
        sheet=sources.sheet,
        county=county,
    )

    step(0.3, "roads")
    if sources.roads.suffix.lower() == ".pbf":
        outline = None
        if county is not None:
            outline = gpd.GeoSeries([county], crs=crs).to_crs("EPSG:4326").iloc[0].buffer(0.01)
        roads = read_osm_roads(sources.roads, project_crs=crs, report=report, boundary=outline)
    else:
        roads = read_road_lines(sources.roads, project_crs=crs, report=report, coords=_stated(sources))

    step(0.5, "the population grid")
    bounds = _extent(county, schools, roads)
    if bounds is None:
        report.error("the county's extent is unknown: no boundary, school or road could be read", file=sources.roads)
        return None, report
    grid = grid_for(bounds, crs, sources.cell_size)
    if townships is None or not len(townships):
        townships = gpd.GeoDataFrame(
            {"code": ["000000"], "name": [sources.name or "county"]}, geometry=[box(*grid.bounds)], crs=crs
        )
        report.note(
            "no township boundaries: the whole grid is one township",
            file=sources.boundaries or "",
            fix="give --boundaries to get figures per township",
        )
    rasters = [p for p in sources.population if p.suffix.lower() in RASTER_SUFFIXES]
    vectors = [p for p in sources.population if p.suffix.lower() not in RASTER_SUFFIXES]
    counts = None
    if rasters and vectors:
        report.error(
            "population from rasters and from village counts at once",
            file=", ".join(map(str, sources.population)),
            fix="give either GeoTIFF rasters or one file of village counts",
        )
    elif rasters:
        kind = sources.population_kind
        if kind == "auto":
            kind = "worldpop" if all(_looks_worldpop(p) for p in rasters) else "cohorts"
        if standards is None:
            from gis.standards import load_standards

            standards = load_standards()
        counts = read_population_rasters(
            rasters, grid, report=report, kind=kind, crs=_stated(sources), fractions=standards.population_fractions
        )
    elif len(vectors) == 1:
        counts = read_villages(vectors[0], grid, report=report, crs=_stated(sources))
    elif vectors:
        report.error(
            "several files of village counts",
            file=", ".join(map(str, vectors)),
            fix="merge the village counts into one file",
        )
    else:
        report.error("no population file", fix="give GeoTIFF rasters or a file of village counts (--population)")
    population = None
    if counts is not None:
        population = population_frame(grid, counts.primary, counts.junior, townships, report=report)

    dem = None
    if sources.dem is not None:
        step(0.8, "elevation")
        dem = read_dem(sources.dem, grid, report=report, crs=_stated(sources))

    step(0.9, "checking schools against the roads")
    if schools is not None and roads is not None and len(schools) and len(roads):
        _check_schools_near_roads(schools, roads, sources.schools, report)
        schools = _fill_townships(schools, townships)
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
    step(1.0, "imported")
    return project, report


def import_to_file(
    sources: ImportSources,
    out: str | os.PathLike[str],
    *,
    standards: Standards | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> tuple[Project | None, ImportReport, Path]:
    """Import and write the project (only if there is no error) and the report beside it.

    Returns
    -------
    (project, report, report_path)
    """
    from gis.project import save_project

    target = Path(out)
    project, report = import_project(sources, standards=standards, progress=progress, cancel=cancel)
    report_path = target.with_name(f"{target.stem}.import-report.csv")
    if project is not None:
        save_project(project, target)
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
        frame = read_boundaries(sources.boundaries, project_crs="EPSG:4326", report=scratch, crs=_stated(sources))
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


def _extent(
    county: object, schools: gpd.GeoDataFrame | None, roads: gpd.GeoDataFrame | None
) -> tuple[float, float, float, float] | None:
    """The grid's extent: the county, else the schools and roads with a margin of 1 km."""
    if county is not None:
        return tuple(county.bounds)  # type: ignore[attr-defined, return-value]
    boxes = [f.total_bounds for f in (schools, roads) if f is not None and len(f)]
    if not boxes:
        return None
    b = np.vstack(boxes)
    return (b[:, 0].min() - 1000, b[:, 1].min() - 1000, b[:, 2].max() + 1000, b[:, 3].max() + 1000)


def _check_schools_near_roads(
    schools: gpd.GeoDataFrame, roads: gpd.GeoDataFrame, file: Path, report: ImportReport
) -> None:
    """Schools far from any road: a warning each (their position or the roads may be wrong)."""
    distance = schools.geometry.distance(roads.geometry.union_all()).to_numpy()
    for k in np.flatnonzero(distance > FAR_FROM_ROAD_M).tolist():
        report.warning(
            f"school is {distance[k]:,.0f} m from the nearest road",
            file=file,
            where=f"school {schools['school_id'].iloc[k]}",
            field="geometry",
            value=schools["name"].iloc[k],
            fix="check its coordinates, or add the road or path that leads to it",
        )


def _fill_townships(schools: gpd.GeoDataFrame, townships: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Schools without a township code get the code of the township they lie in."""
    import geopandas as gpd

    missing = schools["township"].astype(str).str.strip() == ""
    if not missing.any() or not len(townships):
        return schools
    joined = gpd.sjoin(schools.loc[missing, ["geometry"]], townships[["code", "geometry"]], how="left")
    joined = joined[~joined.index.duplicated(keep="first")]
    out = schools.copy()
    out.loc[missing, "township"] = joined["code"].fillna("").astype(str).to_numpy()
    return out


def _looks_worldpop(path: Path) -> bool:
    """A WorldPop age–sex file name, like ``chn_f_5_2020.tif``."""
    import re

    return re.search(r"_[fm]_\d+_", path.name.lower()) is not None


def population_paths(values: Sequence[str | os.PathLike[str]]) -> tuple[Path, ...]:
    """The population files given on the command line, as paths."""
    return tuple(Path(v) for v in values)
