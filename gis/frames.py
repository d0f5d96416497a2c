"""An analysis as GeoDataFrames and grids: the analysed cells and the catchment polygons.

The frames and grids are results, not files: :mod:`outputs.tables` writes them
(``catchments.gpkg``, ``cells_<level>.tif``), and the printed maps, the atlas, the web map and
the styled GeoPackage of :mod:`layers` draw them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from gis.catchments import cell_squares, grid_transform

if TYPE_CHECKING:
    import geopandas as gpd
    from affine import Affine

    from gis.analysis import Analysis, LevelAnalysis
    from gis.project import Project

#: The bands of a level's cell grid (:func:`cell_raster`), in order: the cell's children, its
#: nearest school (catchment) and trip there, whether that trip is within the rule (1 or 0),
#: the school the capacity-aware assignment gives it, that trip, and the children left over.
#: Schools are given by their index: their row in the project's schools (and in ``schools.csv``).
CELL_BANDS: tuple[str, ...] = (
    "children",
    "school",
    "travel_min",
    "within_threshold",
    "assigned_school",
    "assigned_travel_min",
    "overflow",
)
# Bands summed over the rows of a cell listed twice (split between townships).
_SUMMED_BANDS = ("children", "overflow")


def cells_frame(analysis: Analysis, *, squares: bool = False) -> gpd.GeoDataFrame:
    """Analysed cells, one row per cell and level, as points at the cell centres (or squares).

    Columns: cell_id, level, children, school_id (nearest school's catchment, empty if
    unreachable), travel_min (inf if unreachable), within_threshold, assigned_school_id,
    assigned_travel_min and overflow (children not placed within capacity).

    Parameters
    ----------
    analysis
        The analysis.
    squares
        Square polygons of the grid's cell size instead of points (ten times the bytes and the
        writing time on a large county).
    """
    import geopandas as gpd
    import pandas as pd

    project = analysis.project
    pop = project.population
    ids = project.schools["school_id"].astype(str).to_numpy()
    parts = []
    for level, result in analysis.levels.items():
        cells = result.cells
        school = result.school
        assigned = result.assigned_school
        parts.append(
            pd.DataFrame(
                {
                    "cell_id": pop["cell_id"].to_numpy()[cells],
                    "level": level,
                    "children": result.children,
                    "school_id": np.where(school >= 0, ids[np.maximum(school, 0)], ""),
                    "travel_min": result.minutes,
                    "within_threshold": result.groups[0].within,
                    "assigned_school_id": np.where(assigned >= 0, ids[np.maximum(assigned, 0)], ""),
                    "assigned_travel_min": result.assigned_minutes,
                    "overflow": result.overflow,
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    rows = np.concatenate([result.cells for result in analysis.levels.values()]).astype(np.int64)
    if squares:
        geometry = cell_squares(pop.geometry.x.to_numpy()[rows], pop.geometry.y.to_numpy()[rows], project.cell_size)
        return gpd.GeoDataFrame(frame, geometry=geometry, crs=project.crs)
    return gpd.GeoDataFrame(frame, geometry=pop.geometry.values[rows], crs=project.crs)


@dataclass(frozen=True)
class CellGrid:
    """The project's population grid: ``rows`` × ``cols`` cells placed by ``transform``
    (from (col, row) to (x, y), as rasterio uses it; row 0 is the northern edge) in ``crs``."""

    transform: Affine
    rows: int
    cols: int
    crs: str


def cell_grid(project: Project) -> CellGrid:
    """The population grid of a project, from its settings (``x0``, ``y0``, ``cell_size``,
    ``grid_rows``, ``grid_cols``).

    Where the settings lack the origin, it is recovered from the cells' centres and indices;
    where they lack the size (or a cell lies beyond it), the grid reaches the last cell.
    """
    from affine import Affine

    pop = project.population
    rows = pop["row"].to_numpy(dtype=np.int64)
    cols = pop["col"].to_numpy(dtype=np.int64)
    settings = project.settings
    size = project.cell_size
    if "x0" in settings and "y0" in settings:
        transform = Affine(size, 0.0, float(settings["x0"]), 0.0, -size, float(settings["y0"]))
    else:
        transform = grid_transform(pop.geometry.x.to_numpy(), pop.geometry.y.to_numpy(), rows, cols, size)
    n_rows = max(int(float(settings.get("grid_rows", "0") or 0)), int(rows.max()) + 1 if rows.size else 1)
    n_cols = max(int(float(settings.get("grid_cols", "0") or 0)), int(cols.max()) + 1 if cols.size else 1)
    return CellGrid(transform, n_rows, n_cols, project.crs)


@dataclass(frozen=True)
class CellRaster:
    """One level's analysed cells on the project's grid (:data:`CELL_BANDS`).

    ``row``/``col`` are the populated cells of the level (each once), ``values`` each band's
    value at them. A cell listed twice (split between townships) sums its children and
    overflow; its other bands are those of its row with the most children (the first on a tie).
    :meth:`band` spreads a band over the whole grid, NaN where the level has no cell.
    """

    level: str
    grid: CellGrid
    row: np.ndarray
    col: np.ndarray
    values: dict[str, np.ndarray] = field(repr=False)

    def band(self, name: str, dtype: type = np.float64) -> np.ndarray:
        """A band as a ``(rows, cols)`` array, NaN outside the level's cells."""
        out: np.ndarray = np.full((self.grid.rows, self.grid.cols), np.nan, dtype=dtype)
        out[self.row, self.col] = self.values[name]
        return out


def cell_raster(analysis: Analysis, level: str) -> CellRaster:
    """The analysed cells of one level as bands on the project's grid (:class:`CellRaster`)."""
    project = analysis.project
    result = analysis.levels[level]
    pop = project.population
    grid = cell_grid(project)
    rows = pop["row"].to_numpy(dtype=np.int64)[result.cells]
    cols = pop["col"].to_numpy(dtype=np.int64)[result.cells]
    flat = rows * grid.cols + cols
    children = np.asarray(result.children, dtype=float)
    # Rows of one cell together, the one with most children first (stable: the first on a tie).
    order = np.lexsort((-children, flat))
    ordered = flat[order]
    new = np.ones(ordered.size, dtype=bool)
    new[1:] = ordered[1:] != ordered[:-1]
    first = order[new]
    group = np.cumsum(new) - 1
    per_row = _band_values(result)
    values: dict[str, np.ndarray] = {}
    for name, column in per_row.items():
        if name in _SUMMED_BANDS:
            values[name] = np.bincount(group, weights=column[order], minlength=first.size)
        else:
            values[name] = column[first]
    return CellRaster(level, grid, rows[first], cols[first], values)


def _band_values(result: LevelAnalysis) -> dict[str, np.ndarray]:
    """Each band's value at each analysed cell of a level (floats)."""
    return {
        "children": np.asarray(result.children, dtype=float),
        "school": np.asarray(result.school, dtype=float),
        "travel_min": np.asarray(result.minutes, dtype=float),
        "within_threshold": np.asarray(result.groups[0].within, dtype=float),
        "assigned_school": np.asarray(result.assigned_school, dtype=float),
        "assigned_travel_min": np.asarray(result.assigned_minutes, dtype=float),
        "overflow": np.asarray(result.overflow, dtype=float),
    }


def catchments_frame(analysis: Analysis) -> gpd.GeoDataFrame:
    """One polygon per school and level: school_id, level, children, mean_travel_min."""
    import geopandas as gpd

    from gis.analysis import catchment_outlines

    project = analysis.project
    ids = project.schools["school_id"].astype(str).to_numpy()
    names = project.schools["name"].astype(str).to_numpy()
    rows: dict[str, list[object]] = {
        k: [] for k in ("school_id", "name", "level", "children", "mean_travel_min", "geometry")
    }
    for level, result in analysis.levels.items():
        made = (analysis.outlines or {}).get(level)
        polygons = made if made is not None else catchment_outlines(project, result.cells, result.school)
        ok = result.school >= 0
        n = len(ids)
        children = np.bincount(result.school[ok], weights=result.children[ok], minlength=n)
        minutes = np.bincount(result.school[ok], weights=result.children[ok] * result.minutes[ok], minlength=n)
        for school in sorted(polygons):
            rows["school_id"].append(ids[school])
            rows["name"].append(names[school])
            rows["level"].append(level)
            rows["children"].append(float(children[school]))
            rows["mean_travel_min"].append(
                float(minutes[school] / children[school]) if children[school] > 0 else float("nan")
            )
            rows["geometry"].append(polygons[school])
    geometry = rows.pop("geometry")
    return gpd.GeoDataFrame(rows, geometry=geometry, crs=project.crs)
