"""Frames and files of an analysis: catchment polygons, analysed cells, indicator and school tables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.catchments import cell_squares, dissolve_cells, grid_transform
from gis.fileio import write_atomic
from gis.indicators import coverage_indicators, indicator_table, school_table
from gis.project import has_arrow

if TYPE_CHECKING:
    from collections.abc import Callable

    import geopandas as gpd
    import pandas as pd

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


# The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A cell value that no spreadsheet runs as a formula.

    Text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a single
    quote in front, as OWASP's guidance on CSV injection advises, so that a school named
    ``=HYPERLINK(...)`` is shown as the text ``'=HYPERLINK(...)`` instead of being run. Every
    CSV (:func:`write_csv`) and every cell of the Excel report (:mod:`gis.report_xlsx`) goes
    through this one function. Anything that is not text, negative numbers included, is
    returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralised(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table whose text cells and column names went through :func:`neutralise`."""
    import pandas as pd

    out = table.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            out[column] = values.cat.rename_categories(neutralise)
        elif pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype):
            out[column] = values.map(neutralise)
    out.columns = [neutralise(c) for c in out.columns]
    return out


def write_csv(table: pd.DataFrame, target: str | os.PathLike[str], *, encoding: str = "utf-8-sig") -> Path:
    """A table as CSV, atomically, its text neutralised against formulas (:func:`neutralise`).

    The default encoding is UTF-8 with a byte-order mark, so that Excel reads the Chinese.
    """
    safe = neutralised(table)
    return write_atomic(target, lambda path: safe.to_csv(path, index=False, encoding=encoding))


def write_analysis(analysis: Analysis, out_dir: str | os.PathLike[str], *, quick_map: bool = True) -> dict[str, Path]:
    """Write catchments.gpkg, indicators.csv and schools.csv (and optionally a quick map).

    Each file is written to a temporary name in ``out_dir`` and then moved into place, so a
    failure never leaves a half-written output.

    Returns
    -------
    The paths written, by kind.
    """
    import pyogrio

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}

    def _atomic(name: str, write: Callable[[Path], object]) -> Path:
        return write_atomic(out / name, write)

    catchments = catchments_frame(analysis)
    cells = cells_frame(analysis)

    arrow = has_arrow()

    def _gpkg(path: Path) -> None:
        pyogrio.write_dataframe(catchments, path, layer="catchments", driver="GPKG", use_arrow=arrow)
        pyogrio.write_dataframe(cells, path, layer="cells", driver="GPKG", use_arrow=arrow)

    written["catchments"] = _atomic("catchments.gpkg", _gpkg)
    indicators = indicator_table(coverage_indicators(analysis))
    written["indicators"] = write_csv(indicators, out / "indicators.csv", encoding="utf-8")
    written["schools"] = write_csv(school_table(analysis), out / "schools.csv")
    return written
