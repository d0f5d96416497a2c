"""The files of ``schoolplan forecast``: the three tables, the two charts and the map.

:func:`forecast_tables` gives the tables as they are written (and as the Excel report's forecast
sheets show them): ``forecast_county`` and ``forecast_schools`` are the forecast's own
(:meth:`gis.forecast.Forecast.county_table`, :meth:`~gis.forecast.Forecast.schools_table`), and
``forecast_townships`` adds each township's name beside its code. :func:`write_forecast` writes
them with the charts of :mod:`layers.forecast_charts` and the map of
:func:`layers.printmap.forecast_map`. Every file is written atomically; every CSV goes through
:func:`gis.fileio.write_csv`, whose text no spreadsheet runs as a formula.

======================  ===========================================================================
file                    what
======================  ===========================================================================
forecast_county.csv     year, level, grade (empty: the level's total), children, placed, not_placed,
                        seats
forecast_schools.csv    school_id, name, year, level, pupils, seats, surplus, classes_needed,
                        large_classes_56
forecast_townships.csv  year, township, township_name, level, children, placed, not_placed, seats
forecast_county.png     the county's children per level, the births variants as a band, the seats
forecast_schools.png    the schools whose pupils change most, pupils against seats
forecast_map.png        seats to spare and seats short at every school in one year
======================  ===========================================================================
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from gis.fileio import write_csv

if TYPE_CHECKING:
    import pandas as pd

    from gis.forecast import Forecast, ForecastVariants
    from gis.progress import ProgressFn
    from gis.project import Project

#: Decimals of the figures in the CSV files.
DECIMALS = 3
#: The files :func:`write_forecast` writes, by kind.
FORECAST_FILES: dict[str, str] = {
    "county": "forecast_county.csv",
    "schools": "forecast_schools.csv",
    "townships": "forecast_townships.csv",
    "county_chart": "forecast_county.png",
    "schools_chart": "forecast_schools.png",
    "map": "forecast_map.png",
}


def forecast_tables(forecast: Forecast, project: Project) -> dict[str, pd.DataFrame]:
    """The forecast's tables as written: ``county``, ``schools`` and ``townships``.

    The townships' table gains ``township_name`` (from the project's townships layer; empty for
    a code the layer does not have) after ``township``.
    """
    townships = forecast.townships_table()
    names = dict(zip(project.townships["code"].astype(str), project.townships["name"].astype(str), strict=True))
    townships.insert(2, "township_name", [names.get(str(code), "") for code in townships["township"]])
    return {"county": forecast.county_table(), "schools": forecast.schools_table(), "townships": townships}


def write_forecast_tables(forecast: Forecast, project: Project, out_dir: str | os.PathLike[str]) -> dict[str, Path]:
    """Write ``forecast_county.csv``, ``forecast_schools.csv`` and ``forecast_townships.csv``.

    Children, pupils and seats are expected values (a share of a cell's children is a fraction of
    a child); they are written to :data:`DECIMALS` decimals, so that the assignment's rounding
    noise (a full school's 1e-12 seats to spare) does not reach the file.

    Returns
    -------
    The paths written, by kind (``county``, ``schools``, ``townships``).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = forecast_tables(forecast, project)
    return {kind: write_csv(_rounded(table), out / FORECAST_FILES[kind]) for kind, table in tables.items()}


def _rounded(table: pd.DataFrame) -> pd.DataFrame:
    """The table's float columns to :data:`DECIMALS` decimals (and no ``-0.0``)."""
    out = table.copy()
    for column in out.columns:
        if out[column].dtype.kind == "f":
            out[column] = out[column].round(DECIMALS) + 0.0
    return out


def write_forecast(
    variants: ForecastVariants,
    project: Project,
    out_dir: str | os.PathLike[str],
    *,
    language: Literal["zh", "en"] = "zh",
    map_year: int | None = None,
    dpi: int = 300,
    progress: ProgressFn | None = None,
) -> dict[str, Path]:
    """Write every file of ``schoolplan forecast`` (:data:`FORECAST_FILES`) into a folder.

    The charts and the map are drawn before anything is written.

    Parameters
    ----------
    variants
        The forecast and the county's children under every births variant
        (:func:`gis.forecast.forecast_variants`).
    project
        The project the forecast was made for.
    out_dir
        The folder; made if missing.
    language
        ``zh`` or ``en``: the words of the charts and the map.
    map_year
        The year of the map; default the forecast's last.
    dpi
        Resolution of the map (the charts are 150 dpi).
    progress
        Called with the fraction done and a message.

    Returns
    -------
    The paths written, by kind (the keys of :data:`FORECAST_FILES`).

    Raises
    ------
    InputError
        If the forecast has no such map year.
    """
    from layers.forecast_charts import county_figure, schools_figure
    from layers.printmap import MapSheet, forecast_map, save_figure

    def report(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    forecast = variants.forecast
    report(0.0, "drawing the forecast map")
    sheet = MapSheet(language=language, dpi=dpi)
    figures = {"map": forecast_map(project, forecast, year=map_year, sheet=sheet)}
    report(0.4, "drawing the forecast charts")
    figures["county_chart"] = county_figure(variants.band_table(), forecast.county_table(), language=language)
    figures["schools_chart"] = schools_figure(forecast.schools_table(), language=language)
    report(0.6, "writing the forecast tables")
    out = Path(out_dir)
    written = write_forecast_tables(forecast, project, out)
    for kind in ("county_chart", "schools_chart", "map"):
        report(0.7, f"writing {FORECAST_FILES[kind]}")
        written[kind] = save_figure(figures[kind], out / FORECAST_FILES[kind])
    report(1.0, "forecast written")
    return written
