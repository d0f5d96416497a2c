"""An analysis as GeoDataFrames: the analysed cells and the catchment polygons.

The frames are results, not files: :mod:`outputs.tables` writes them (``catchments.gpkg``),
and the printed maps, the atlas, the web map and the styled GeoPackage of :mod:`layers` draw them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from gis.catchments import cell_squares, dissolve_cells, grid_transform

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.analysis import Analysis


def cells_frame(analysis: Analysis) -> gpd.GeoDataFrame:
    """Analysed cells, one row per cell and level, as squares.

    Columns: cell_id, level, children, school_id (nearest school's catchment, empty if
    unreachable), travel_min (inf if unreachable), within_threshold, assigned_school_id,
    assigned_travel_min and overflow (children not placed within capacity).
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
                    "_x": pop.geometry.x.to_numpy()[cells],
                    "_y": pop.geometry.y.to_numpy()[cells],
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    geometry = cell_squares(frame.pop("_x").to_numpy(), frame.pop("_y").to_numpy(), project.cell_size)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=project.crs)


def catchments_frame(analysis: Analysis) -> gpd.GeoDataFrame:
    """One polygon per school and level: school_id, level, children, mean_travel_min."""
    import geopandas as gpd

    project = analysis.project
    pop = project.population
    ids = project.schools["school_id"].astype(str).to_numpy()
    names = project.schools["name"].astype(str).to_numpy()
    transform = grid_transform(
        pop.geometry.x.to_numpy(),
        pop.geometry.y.to_numpy(),
        pop["row"].to_numpy(),
        pop["col"].to_numpy(),
        project.cell_size,
    )
    rows: dict[str, list[object]] = {
        k: [] for k in ("school_id", "name", "level", "children", "mean_travel_min", "geometry")
    }
    for level, result in analysis.levels.items():
        cells = result.cells
        polygons = dissolve_cells(pop["row"].to_numpy()[cells], pop["col"].to_numpy()[cells], result.school, transform)
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
