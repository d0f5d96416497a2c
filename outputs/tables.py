"""The files of ``schoolplan analyze``, ``suggest``, ``compare`` and ``balance``: CSV tables and
their GeoPackage layers.

Each writer takes results of the analysis core (an :class:`~gis.analysis.Analysis`, the
suggestions, a comparison, a balance assessment) and a folder, and returns the paths it wrote
by kind. Every file is written atomically (:func:`gis.fileio.write_atomic`), so a failure
never leaves half of one, and every CSV goes through :func:`gis.fileio.write_csv`, whose text
no spreadsheet runs as a formula.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from gis.fileio import write_atomic, write_csv

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.analysis import Analysis
    from gis.balance import Balance
    from gis.compare import Comparison
    from gis.frames import CellRaster
    from gis.indicators import Indicator
    from gis.suggest import Suggestions


def write_analysis(
    analysis: Analysis,
    out_dir: str | os.PathLike[str],
    *,
    cell_polygons: bool = False,
    coverage: list[Indicator] | None = None,
) -> dict[str, Path]:
    """Write ``catchments.gpkg`` (layers ``catchments`` and ``cells``), a GeoTIFF of the cells
    per level (``cells_primary.tif``, ``cells_junior.tif``), ``cells_schools.csv``,
    ``indicators.csv`` and ``schools.csv``.

    The ``cells`` layer holds one point per cell and level at the cell's centre (squares with
    ``cell_polygons``); the GeoTIFFs hold the same cells on the project's grid, one band per
    name of :data:`gis.frames.CELL_BANDS` (named in the file), NaN outside the level's cells.
    Their schools are indices: the row of the school in ``schools.csv`` and in
    ``cells_schools.csv`` (school_index, school_id, name), -1 where none can be reached.

    Parameters
    ----------
    analysis
        The analysis.
    out_dir
        The folder; made if missing.
    cell_polygons
        Write the ``cells`` layer as squares of the grid's cell size, not points.
    coverage
        The analysis's :func:`gis.indicators.coverage_indicators`, when already computed.

    Returns
    -------
    The paths written, by kind (``catchments``, ``cells_<level>``, ``cells_schools``,
    ``indicators``, ``schools``).
    """
    import pandas as pd

    from gis.frames import catchments_frame, cell_raster, cells_frame
    from gis.indicators import coverage_indicators, indicator_table, school_table

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    layers = {"catchments": catchments_frame(analysis), "cells": cells_frame(analysis, squares=cell_polygons)}
    written = {"catchments": write_atomic(out / "catchments.gpkg", lambda path: _write_layers(path, layers))}
    for level in analysis.levels:
        raster = cell_raster(analysis, level)
        written[f"cells_{level}"] = write_atomic(out / f"cells_{level}.tif", partial(_write_cell_raster, raster=raster))
    schools = analysis.project.schools
    index = pd.DataFrame(
        {
            "school_index": range(len(schools)),
            "school_id": schools["school_id"].astype(str).to_numpy(),
            "name": schools["name"].astype(str).to_numpy(),
        }
    )
    written["cells_schools"] = write_csv(index, out / "cells_schools.csv")
    coverage = coverage_indicators(analysis) if coverage is None else coverage
    written["indicators"] = write_csv(indicator_table(coverage), out / "indicators.csv", encoding="utf-8")
    written["schools"] = write_csv(school_table(analysis), out / "schools.csv")
    return written


def write_suggestions(suggestions: Suggestions, analysis: Analysis, out_dir: str | os.PathLike[str]) -> dict[str, Path]:
    """Write ``suggestions.csv`` and ``suggestions.gpkg`` (layer ``suggestions``: the schools and
    sites of each suggestion, :func:`gis.suggest.suggestions_frame`).

    Returns
    -------
    The paths written, by kind (``suggestions``, ``suggestions_gpkg``).
    """
    from gis.suggest import suggestions_frame

    out = Path(out_dir)
    frame = suggestions_frame(suggestions, analysis)
    written = {"suggestions": write_csv(suggestions.table(), out / "suggestions.csv")}
    written["suggestions_gpkg"] = write_atomic(
        out / "suggestions.gpkg", lambda path: _write_layers(path, {"suggestions": frame})
    )
    return written


def write_comparison(comparison: Comparison, scenario: Analysis, out_dir: str | os.PathLike[str]) -> dict[str, Path]:
    """Write ``comparison.csv`` (metric, baseline, scenario, change) and ``scenario_schools.csv``
    (the per-school table of the scenario's analysis).

    Returns
    -------
    The paths written, by kind (``comparison``, ``scenario_schools``).
    """
    from gis.indicators import school_table

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return {
        "comparison": write_csv(comparison.table(), out / "comparison.csv"),
        "scenario_schools": write_csv(school_table(scenario), out / "scenario_schools.csv"),
    }


def write_balance(balance: Balance, out_dir: str | os.PathLike[str]) -> dict[str, Path]:
    """Write ``balance.csv`` (the difference coefficients), ``school_standards.csv`` (each school
    against the quality standards) and ``classes.csv`` (class sizes and beds).

    Returns
    -------
    The paths written, by kind (``balance``, ``school_standards``, ``classes``).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return {
        "balance": write_csv(balance.table(), out / "balance.csv"),
        "school_standards": write_csv(balance.school_standards, out / "school_standards.csv"),
        "classes": write_csv(balance.classes, out / "classes.csv"),
    }


def _write_layers(path: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    """Write frames as the layers of one GeoPackage, in order."""
    import pyogrio

    from gis.project import has_arrow

    arrow = has_arrow()
    for name, frame in layers.items():
        pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG", use_arrow=arrow)


def _write_cell_raster(path: Path, *, raster: CellRaster) -> None:
    """One level's cells as a tiled GeoTIFF: a float64 band per name of :data:`gis.frames.CELL_BANDS`.

    NaN is the no-data value; tiles without a cell are not written (sparse), so the file
    holds little more than the populated cells. Bands are stored one after another and
    compressed with DEFLATE at its fastest level, without a predictor (which a float predictor
    makes slower and larger here); every GeoTIFF reader opens that.
    """
    import rasterio

    from gis.frames import CELL_BANDS

    grid = raster.grid
    profile = {
        "driver": "GTiff",
        "width": grid.cols,
        "height": grid.rows,
        "count": len(CELL_BANDS),
        "dtype": "float64",
        "nodata": float("nan"),
        "crs": raster.grid.crs,
        "transform": grid.transform,
        "tiled": True,
        "blockxsize": 256,
        "blockysize": 256,
        "interleave": "band",
        "compress": "deflate",
        "zlevel": 1,
        "sparse_ok": True,
        "num_threads": "ALL_CPUS",  # tiles compressed side by side (the file is the same)
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.update_tags(level=raster.level, schools="school and assigned_school: row of schools.csv (-1: none)")
        for number, name in enumerate(CELL_BANDS, start=1):
            dst.set_band_description(number, name)
            dst.write(raster.band(name), number)
