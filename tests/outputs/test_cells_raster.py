"""The cells of ``schoolplan analyze`` as GeoTIFFs and points, and the other files unchanged.

The expected values are rebuilt cell by cell from the analysis's level results and the
project's grid settings (plain loops, not :mod:`gis.frames`' grid code), and the tables and
layers from :mod:`gis.indicators` and :mod:`gis.frames` as the command wrote them before the
cells became a raster.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyogrio
import pytest
import rasterio

from app.cli import DEMO_PROJECT, main
from gis.analysis import Analysis, analyze
from gis.catchments import cell_squares
from gis.frames import catchments_frame, cells_frame
from gis.indicators import coverage_indicators, indicator_table, school_table
from gis.project import Project, load_project, save_project
from gis.standards import load_standards
from outputs.tables import write_analysis

BANDS = ["children", "school", "travel_min", "within_threshold", "assigned_school", "assigned_travel_min", "overflow"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo county analysed by the command (files) and again in this process."""
    out = tmp_path_factory.mktemp("demo")
    assert main(["analyze", str(DEMO_PROJECT), "--out", str(out), "--quiet"]) == 0
    analysis = analyze(load_project(DEMO_PROJECT), load_standards())
    return {"out": out, "analysis": analysis}


def expected_band(analysis: Analysis, level: str, band: str) -> np.ndarray:
    """One band of a level on the grid of the project's settings, cell by cell."""
    project = analysis.project
    rows, cols = int(project.settings["grid_rows"]), int(project.settings["grid_cols"])
    grid = np.full((rows, cols), np.nan)
    result = analysis.levels[level]
    pop = project.population
    values = {
        "children": result.children,
        "school": result.school,
        "travel_min": result.minutes,
        "within_threshold": result.groups[0].within,
        "assigned_school": result.assigned_school,
        "assigned_travel_min": result.assigned_minutes,
        "overflow": result.overflow,
    }[band]
    row, col = pop["row"].tolist(), pop["col"].tolist()
    for cell, value in zip(result.cells.tolist(), values.tolist(), strict=True):
        r, c = row[cell], col[cell]
        assert math.isnan(grid[r, c]), "the demo county lists every cell once"
        grid[r, c] = float(value)
    return grid


@pytest.mark.parametrize("level", ["primary", "junior"])
def test_rasters_read_back_equal_the_analysis(demo: dict[str, Any], level: str) -> None:
    analysis: Analysis = demo["analysis"]
    settings = analysis.project.settings
    with rasterio.open(demo["out"] / f"cells_{level}.tif") as src:
        assert list(src.descriptions) == BANDS
        assert src.crs.to_string() == analysis.project.crs
        size = float(settings["cell_size"])
        assert tuple(src.transform)[:6] == (size, 0.0, float(settings["x0"]), 0.0, -size, float(settings["y0"]))
        assert src.shape == (int(settings["grid_rows"]), int(settings["grid_cols"]))
        for number, band in enumerate(BANDS, start=1):
            got = src.read(number)
            assert np.array_equal(got, expected_band(analysis, level, band), equal_nan=True), band
        # No data outside the level's cells, and a school index is a row of schools.csv.
        mask = src.read_masks(1) > 0
    assert int(mask.sum()) == len(analysis.levels[level].cells)
    index = pd.read_csv(demo["out"] / "cells_schools.csv", dtype={"school_id": str})
    schools = pd.read_csv(demo["out"] / "schools.csv", dtype={"school_id": str})
    assert list(index["school_index"]) == list(range(len(schools)))
    assert list(index["school_id"]) == list(schools["school_id"])


def test_cells_layer_is_points_with_the_cells_values(demo: dict[str, Any]) -> None:
    analysis: Analysis = demo["analysis"]
    got = pyogrio.read_dataframe(demo["out"] / "catchments.gpkg", layer="cells")
    assert set(got.geom_type) == {"Point"}
    expected = cells_frame(analysis, squares=True)
    pd.testing.assert_frame_equal(
        pd.DataFrame(got.drop(columns="geometry")), pd.DataFrame(expected.drop(columns="geometry")), check_dtype=False
    )
    # Each point is its square's centre, the population point of the cell.
    assert np.allclose(got.geometry.x, expected.geometry.centroid.x)
    assert np.allclose(got.geometry.y, expected.geometry.centroid.y)


def test_tables_and_catchments_equal_a_plain_recomputation(demo: dict[str, Any], tmp_path: Path) -> None:
    analysis: Analysis = demo["analysis"]
    out: Path = demo["out"]
    indicators = indicator_table(coverage_indicators(analysis))
    indicators.to_csv(tmp_path / "indicators.csv", index=False)
    pd.testing.assert_frame_equal(pd.read_csv(out / "indicators.csv"), pd.read_csv(tmp_path / "indicators.csv"))
    school_table(analysis).to_csv(tmp_path / "schools.csv", index=False)
    pd.testing.assert_frame_equal(
        pd.read_csv(out / "schools.csv", dtype={"school_id": str, "township": str}, encoding="utf-8-sig"),
        pd.read_csv(tmp_path / "schools.csv", dtype={"school_id": str, "township": str}),
    )
    got = pyogrio.read_dataframe(out / "catchments.gpkg", layer="catchments")
    expected = catchments_frame(analysis)
    pd.testing.assert_frame_equal(
        pd.DataFrame(got.drop(columns="geometry")), pd.DataFrame(expected.drop(columns="geometry")), check_dtype=False
    )
    assert list(got.geometry.to_wkb()) == list(expected.geometry.to_wkb())


def test_cell_polygons_on_request(line_county: Project, tmp_path: Path) -> None:
    path = save_project(line_county, tmp_path / "line.gpkg")
    out = tmp_path / "out"
    assert main(["analyze", str(path), "--out", str(out), "--cell-polygons", "--no-map", "--quiet"]) == 0
    analysis = analyze(line_county, load_standards())
    got = pyogrio.read_dataframe(out / "catchments.gpkg", layer="cells")
    pop = line_county.population
    rows = np.concatenate([r.cells for r in analysis.levels.values()])
    squares = cell_squares(pop.geometry.x.to_numpy()[rows], pop.geometry.y.to_numpy()[rows], 100.0)
    assert list(got.geometry.normalize().to_wkb()) == [s.normalize().wkb for s in squares]
    assert np.allclose(got.geometry.area, 100.0 * 100.0)


def test_a_cell_listed_twice_sums_its_children(line_county: Project, tmp_path: Path) -> None:
    """A cell split between two townships is one pixel: children and overflow summed, the rest
    from its row with the most children."""
    pop = line_county.population
    split = pop.iloc[[1]].copy()
    split["primary"] = 5.0
    split["junior"] = 2.0
    split["township"] = "T2"
    population = pd.concat([pop, split], ignore_index=True)
    population["cell_id"] = np.arange(len(population))
    project = line_county.with_layers(population=population)
    analysis = analyze(project, load_standards())
    write_analysis(analysis, tmp_path)
    result = analysis.levels["primary"]
    rows = project.population["row"].to_numpy()[result.cells]
    cols = project.population["col"].to_numpy()[result.cells]
    with rasterio.open(tmp_path / "cells_primary.tif") as src:
        children = src.read(1)
        minutes = src.read(3)
        # The grid reaches the last cell: settings without grid_rows/grid_cols.
        assert src.shape == (int(rows.max()) + 1, int(cols.max()) + 1)
    at = (rows == 0) & (cols == 30)
    assert at.sum() == 2
    assert children[0, 30] == pytest.approx(result.children[at].sum())
    biggest = np.flatnonzero(at)[np.argmax(result.children[at])]
    assert minutes[0, 30] == result.minutes[biggest]
    assert int((~np.isnan(children)).sum()) == len(np.unique(rows * 1000 + cols))
