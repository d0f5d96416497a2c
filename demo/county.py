"""The demo county put together: the steps in order, the scale, the project, the command line.

:func:`generate_county` runs the steps (terrain, rivers, settlements and townships, roads,
children, schools) with one random generator in a fixed order and assembles their results into
a project in the layers and columns of :mod:`gis.project`; :func:`main` writes it to a
GeoPackage (``python -m demo``).
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import shapely

from demo.grid import CELL_SIZE, CRS
from demo.names import COUNTY_CODE, COUNTY_NAME
from demo.population import spread_children
from demo.rivers import trace_rivers
from demo.roads import RANKS, build_roads
from demo.schools import open_schools
from demo.settlements import draw_townships, place_settlements
from demo.terrain import county_outline, flatten_basins, raise_terrain
from gis.progress import CancelFn, Progress, ProgressFn
from gis.project import Dem, Project, save_project

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from demo.grid import Grid
    from demo.population import Children
    from demo.rivers import Rivers
    from demo.roads import Roads
    from demo.settlements import Places, Townships
    from demo.terrain import Terrain

LARGE_SCALE = 10.0
"""The scale of the benchmark county: about 19,500 km², >= 200,000 populated cells,
>= 100,000 road vertices and >= 300 schools, generated in well under two minutes."""
# The year the demo county stands in: its children and its recorded enrolment.
DEMO_YEAR = 2025
# The demo county's name without 县, as the steps put it into the names of the county seat, its
# schools and the main river.
_STEM = COUNTY_NAME.removesuffix("县")


def generate_county(
    *,
    seed: int = 2026,
    scale: float = 1.0,
    name: str = COUNTY_NAME,
    code: str = COUNTY_CODE,
    offset: tuple[float, float] = (0.0, 0.0),
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> Project:
    """Generate the demo county.

    Parameters
    ----------
    seed
        Seed of the random generator; the same seed, scale and offset give the same county.
    scale
        Multiplies the area and the numbers of townships, villages, roads and schools: 1 is the
        demo county of about 2,000 km², :data:`LARGE_SCALE` the benchmark county.
    name
        The county's Chinese name, ending in 县; its stem (the name without 县) replaces 半仓 in
        the names of the county seat, its schools and the main river.
    code
        The county's 6-digit code: the first six digits of its township codes and school ids.
    offset
        Metres east and north (whole 100 m cells) the county is moved from the demo county's
        place, so that the counties of a province lie side by side.
    progress
        Called with the fraction done (0-1) and a message at each step.
    cancel
        Returns True once the user asked to stop; checked between steps.

    Returns
    -------
    The county project, in :data:`CRS`.

    Raises
    ------
    ValueError
        If scale is not a number between 0.05 and 40, the name does not end in 县, the code is
        not 6 digits or the offset is not whole cells.
    gis.errors.Cancelled
        If ``cancel`` returned True.
    """
    if not (isinstance(scale, int | float) and math.isfinite(scale) and 0.05 <= scale <= 40):
        raise ValueError(f"scale must be a number between 0.05 and 40, not {scale!r}")
    if len(name) < 2 or not name.endswith("县"):
        raise ValueError(f"the county's name must end in 县, like {COUNTY_NAME}, not {name!r}")
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        raise ValueError(f"the county's code must be 6 digits, like {COUNTY_CODE}, not {code!r}")
    if len(offset) != 2 or not all(math.isfinite(d) and d % CELL_SIZE == 0 for d in offset):
        raise ValueError(f"the offset must be two whole numbers of {CELL_SIZE:g} m cells, not {offset!r}")

    report = Progress(progress, cancel)
    rng = np.random.default_rng(seed)
    report(0.0, "drawing the county outline")
    grid, county = county_outline(rng, scale)
    if offset != (0.0, 0.0):
        grid = replace(grid, x0=grid.x0 + offset[0], y0=grid.y0 + offset[1])
    report(0.05, "raising mountains and carving valleys")
    terrain = raise_terrain(rng, grid, scale)
    report(0.25, "tracing rivers")
    rivers = trace_rivers(rng, grid, terrain)
    report(0.3, "placing the county seat, township seats and villages")
    places = place_settlements(rng, grid, county, terrain, rivers, scale)
    terrain = flatten_basins(grid, terrain, places.pixel[: places.n_seats], scale)
    report(0.4, "drawing township boundaries")
    townships = draw_townships(grid, county, terrain, rivers, places)
    report(0.5, "building the road network")
    roads = build_roads(rng, grid, county, terrain, rivers, places)
    report(0.75, "spreading children on the 100 m grid")
    children = spread_children(rng, grid, county, terrain, rivers, places, roads, scale)
    report(0.85, "opening schools")
    schools = open_schools(rng, grid, county, terrain, rivers, places, townships, roads, children, scale)
    report(0.95, "assembling the project")
    project = _assemble(
        grid, terrain, rivers, places, townships, roads, children, schools, seed=seed, scale=scale, name=name, code=code
    )
    report(1.0, "done")
    return project


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the demo county to a GeoPackage."""
    parser = argparse.ArgumentParser(prog="python -m demo", description="Generate the demo county 半仓县.")
    parser.add_argument("out", help="GeoPackage to write, e.g. data/bancang.gpkg")
    parser.add_argument(
        "--scale", type=float, default=1.0, help=f"size of the county (1: demo, {LARGE_SCALE:g}: large)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    parser.add_argument("--quiet", action="store_true", help="do not report progress")
    args = parser.parse_args(argv)

    def show(fraction: float, message: str) -> None:
        print(f"{fraction:4.0%} {message}", file=sys.stderr, flush=True)

    try:
        project = generate_county(seed=args.seed, scale=args.scale, progress=None if args.quiet else show)
    except ValueError as exc:
        parser.error(str(exc))
    save_project(project, args.out)
    return 0


def _assemble(
    grid: Grid,
    terrain: Terrain,
    rivers: Rivers,
    places: Places,
    townships: Townships,
    roads: Roads,
    children: Children,
    schools: dict[str, np.ndarray | list],
    *,
    seed: int,
    scale: float,
    name: str,
    code: str,
) -> Project:
    """The layers as GeoDataFrames, in the column order of gis.project, with the county's name
    and code in the names, codes and ids the steps gave with the demo county's."""
    import geopandas as gpd
    import pandas as pd

    from gis.importing.grid import GRID_ORIGIN
    from gis.schema import PLACE_COLUMNS, POPULATION_COLUMNS, SCHOOL_COLUMNS

    def named(names: Iterable[str]) -> list[str]:
        return [n.replace(_STEM, name.removesuffix("县")) for n in names]

    def coded(ids: Iterable[str]) -> list[str]:
        return [code + i.removeprefix(COUNTY_CODE) for i in ids]

    polygons = np.array(townships.polygons, dtype=object)
    codes = np.array(coded(townships.codes))
    tree = shapely.STRtree(polygons)
    label = townships.label.ravel()

    def township_of(x: np.ndarray, y: np.ndarray, pixel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The code of the township polygon holding each point (the raster's township for a
        point just outside the simplified county edge) and whether a polygon holds it."""
        which = label[pixel].copy()
        pts, polys = tree.query(shapely.points(x, y), predicate="intersects")
        which[pts[::-1]] = polys[::-1]  # the first polygon found wins
        inside = np.zeros(x.size, dtype=bool)
        inside[pts] = True
        return codes[np.maximum(which, 0)], inside

    township_frame = gpd.GeoDataFrame(
        {"code": codes.tolist(), "name": list(townships.names)}, geometry=list(polygons), crs=CRS
    )
    # Population cells whose centre falls outside the (simplified) county edge are left out.
    cx, cy = grid.xy(children.cell)
    township, inside = township_of(cx, cy, children.cell)
    cell = children.cell[inside]
    row, col = np.divmod(cell, grid.cols)
    population = gpd.GeoDataFrame(
        {
            "cell_id": cell.astype(np.int64),
            "row": row.astype(np.int64),
            "col": col.astype(np.int64),
            "primary": children.primary[inside],
            "junior": children.junior[inside],
            "township": township[inside],
        },
        geometry=shapely.points(cx[inside], cy[inside]),
        crs=CRS,
    )[[*POPULATION_COLUMNS, "geometry"]]
    px, py = grid.xy(places.pixel)
    place_frame = gpd.GeoDataFrame(
        {
            "name": named(places.name),
            "kind": list(places.kind),
            "township": township_of(px, py, places.pixel)[0],
            "population": np.rint(children.place_total / 0.135).astype(np.int64),  # children are ~13.5%
        },
        geometry=shapely.points(px, py),
        crs=CRS,
    )[[*PLACE_COLUMNS, "geometry"]]
    school_columns = {key: schools[key] for key in SCHOOL_COLUMNS if key != "township"}
    school_columns["school_id"] = np.array(coded(schools["school_id"]))
    school_columns["name"] = np.array(named(schools["name"]))
    school_columns["township"] = township_of(
        np.asarray(schools["x"]), np.asarray(schools["y"]), np.asarray(schools["pixel"])
    )[0]
    school_frame = gpd.GeoDataFrame(
        pd.DataFrame(school_columns)[list(SCHOOL_COLUMNS)],
        geometry=shapely.points(np.asarray(schools["x"]), np.asarray(schools["y"])),
        crs=CRS,
    )
    road_frame = gpd.GeoDataFrame(
        {"road_class": [RANKS[r] for r in roads.line_rank.tolist()], "name": list(roads.line_names)},
        geometry=list(roads.lines),
        crs=CRS,
    )
    river_frame = gpd.GeoDataFrame({"name": named(rivers.names)}, geometry=list(rivers.lines), crs=CRS)
    dem = Dem(terrain.elevation.astype(np.float32), grid.transform(), CRS)
    settings = {
        "name": name,
        "county": name,
        "county_code": code,
        "crs": CRS,
        "cell_size": f"{grid.cell:g}",
        "x0": f"{grid.x0:.0f}",
        "y0": f"{grid.y0:.0f}",
        "grid_rows": str(grid.rows),
        "grid_cols": str(grid.cols),
        "grid_origin": GRID_ORIGIN,
        # The generator's module before it left the core, as data/bancang.gpkg records it (its
        # test compares the settings of a regenerated county with it).
        "generator": "gis.demo",
        "seed": str(seed),
        "scale": f"{scale:g}",
        # The year of the children on the grid and of the recorded enrolment (the forecast's
        # base year when no enrolment history is given).
        "year": str(DEMO_YEAR),
    }
    return Project(
        name=name,
        crs=CRS,
        schools=school_frame,
        population=population,
        roads=road_frame,
        townships=township_frame,
        places=place_frame,
        rivers=river_frame,
        dem=dem,
        settings=settings,
    )
