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
from pathlib import Path
from typing import TYPE_CHECKING

from gis.fileio import write_atomic, write_csv

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.analysis import Analysis
    from gis.balance import Balance
    from gis.compare import Comparison
    from gis.suggest import Suggestions


def write_analysis(analysis: Analysis, out_dir: str | os.PathLike[str]) -> dict[str, Path]:
    """Write ``catchments.gpkg`` (layers ``catchments`` and ``cells``), ``indicators.csv`` and ``schools.csv``.

    Returns
    -------
    The paths written, by kind (``catchments``, ``indicators``, ``schools``).
    """
    from gis.frames import catchments_frame, cells_frame
    from gis.indicators import coverage_indicators, indicator_table, school_table

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    layers = {"catchments": catchments_frame(analysis), "cells": cells_frame(analysis)}
    written = {"catchments": write_atomic(out / "catchments.gpkg", lambda path: _write_layers(path, layers))}
    indicators = indicator_table(coverage_indicators(analysis))
    written["indicators"] = write_csv(indicators, out / "indicators.csv", encoding="utf-8")
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
