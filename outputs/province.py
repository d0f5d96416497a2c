"""The files of ``schoolplan province``: each county's own outputs, and the province's tables, workbook and map.

:func:`write_county` writes one county's outputs into its folder with the writers of the single
county commands (called on the worker: it is a module-level function, so it pickles).
:func:`write_province` writes the province's files; it checks the map's figure and draws the map
and the workbook before the first file is written. Every file is written atomically
(:func:`gis.fileio.write_atomic`); every CSV goes through :func:`gis.fileio.write_csv` (UTF-8 with a
byte-order mark, so that Excel reads the Chinese; no text a spreadsheet would run) and every cell
of the workbook through the report's guard (:func:`outputs.xlsx._put`: county names are user data).

======================  =========================================================================
file                    what
======================  =========================================================================
province_counties.csv   every county's figures: county, year, level, metric, value
province_balance.csv    every county's difference coefficients: county, year, level, method,
                        indicator, coefficient, threshold, passes
province_failures.csv   the counties that failed: county, year, path, step, message (the header
                        only when none failed)
province_years.csv      the year-over-year table (纵向对比), with two years or more
province.xlsx           sheets ``counties`` (a row per county and year, a column per figure),
                        ``balance`` (a row per county, year, level and method), ``failures`` and,
                        with two years or more, ``years``
province_map.pdf/png    the province map (:func:`layers.province_map.province_map`)
======================  =========================================================================
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from gis.balance import BASIC, QUALITY
from gis.fileio import write_atomic, write_csv
from layers.glossary import check_language, find, term

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from gis.province.county import CountyOutcome
    from gis.province.result import ProvinceResult

#: The province's files, by kind.
PROVINCE_FILES: dict[str, str] = {
    "counties": "province_counties.csv",
    "balance": "province_balance.csv",
    "failures": "province_failures.csv",
    "years": "province_years.csv",
    "xlsx": "province.xlsx",
    "pdf": "province_map.pdf",
    "png": "province_map.png",
}
#: The workbook's sheets, by kind, and the glossary term of each name.
SHEET_TERMS: dict[str, str] = {
    "counties": "province.sheet_counties",
    "balance": "province.sheet_balance",
    "failures": "province.sheet_failures",
    "years": "province.sheet_years",
}
#: The default figure of the province map.
DEFAULT_FIGURE = "primary:share_within_threshold"
#: Excel's number format of each kind of figure (:data:`layers.province_map.METRIC_KINDS`).
_KIND_FORMATS = {
    "share": "0.0%",
    "change": "+0.0%;-0.0%;0.0%",
    "minutes": "0.0",
    "coefficient": "0.000",
    "money": "#,##0.0",
    "count": "#,##0",
    "flag": "0",
    "number": "0.00",
}


def write_county(outcome: CountyOutcome, folder: Path, *, language: Literal["zh", "en"] = "zh") -> list[Path]:
    """Write one county's own outputs into ``folder``, as the single county commands write them.

    ``catchments.gpkg``, ``indicators.csv``, ``schools.csv`` and ``catchments.png`` with the
    analysis (:func:`outputs.tables.write_analysis`, :func:`layers.quickmap.quick_catchment_map`);
    ``balance.csv``, ``school_standards.csv`` and ``classes.csv`` with the balance
    (:func:`outputs.tables.write_balance`); the forecast's files (:func:`outputs.forecast.write_forecast`)
    and the plan's (:func:`outputs.plan.write_plan`) with those steps.

    Parameters
    ----------
    outcome
        What the county's worker computed (:class:`gis.province.county.CountyOutcome`).
    folder
        The county's (new, empty) folder; made if missing.
    language
        ``zh`` or ``en``: the words of the forecast's and the plan's charts, maps and workbook.

    Returns
    -------
    The paths written.
    """
    from layers.quickmap import quick_catchment_map
    from outputs.forecast import write_forecast
    from outputs.plan import write_plan
    from outputs.tables import write_analysis, write_balance

    check_language(language)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if outcome.analysis is not None:
        written += write_analysis(outcome.analysis, folder).values()
        written.append(quick_catchment_map(outcome.analysis, None, folder / "catchments.png", language=language))
    if outcome.balance is not None:
        written += write_balance(outcome.balance, folder).values()
    if outcome.forecast is not None:
        written += write_forecast(outcome.forecast, outcome.project, folder, language=language).values()
    if outcome.plan is not None:
        written += write_plan(outcome.plan, outcome.review, None, outcome.project, folder, language=language).values()
    return written


def write_province(
    result: ProvinceResult,
    out: Path,
    *,
    language: Literal["zh", "en"] = "zh",
    figure: str = DEFAULT_FIGURE,
    dpi: int = 200,
) -> dict[str, Path]:
    """Write the province's tables, workbook and map into ``out`` (see the module's table).

    Parameters
    ----------
    result
        The province run.
    out
        The folder; made if missing.
    language
        ``zh`` or ``en``: the words of the workbook and the map (the CSV files are the same in both).
    figure
        What the map's counties are coloured by: ``LEVEL:METRIC`` of ``province_counties.csv`` or
        ``balance:basic`` / ``balance:quality`` (pass/fail).
    dpi
        Resolution of the PNG map.

    Returns
    -------
    The paths written, by kind (the keys of :data:`PROVINCE_FILES`; ``years`` only with two years or more).

    Raises
    ------
    InputError
        For a figure the map cannot be coloured by (nothing is written).
    ValueError
        For another language.
    """
    from layers.printmap import MapSheet, save_figure
    from layers.province_map import check_figure, province_map

    check_language(language)
    check_figure(result, figure)
    fig = province_map(result, figure=figure, language=language, sheet=MapSheet(language=language, dpi=dpi))
    book = province_workbook(result, language=language)
    tables = {
        "counties": result.counties_table(),
        "balance": result.balance_table(),
        "failures": result.failures_table(),
    }
    if len(result.years) >= 2:
        tables["years"] = result.years_table()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = {kind: write_csv(table, out / PROVINCE_FILES[kind]) for kind, table in tables.items()}
    written["xlsx"] = write_atomic(out / PROVINCE_FILES["xlsx"], lambda tmp: book.save(tmp))
    written["pdf"] = save_figure(fig, out / PROVINCE_FILES["pdf"])
    written["png"] = save_figure(fig, out / PROVINCE_FILES["png"])
    return written


# --------------------------------------------------------------------------- the workbook


def province_workbook(result: ProvinceResult, *, language: Literal["zh", "en"] = "zh") -> Workbook:
    """The province's workbook in memory: the counties' figures, their balance, the failures and,
    with two years or more, the year-over-year table."""
    from openpyxl import Workbook

    check_language(language)
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = term(SHEET_TERMS["counties"], language)
    book.properties.creator = "SchoolPlan"
    _counties_sheet(ws, result, language)
    _balance_sheet(book.create_sheet(term(SHEET_TERMS["balance"], language)), result, language)
    _failures_sheet(book.create_sheet(term(SHEET_TERMS["failures"], language)), result, language)
    if len(result.years) >= 2:
        _years_sheet(book.create_sheet(term(SHEET_TERMS["years"], language)), result, language)
    return book


def metric_format(metric: str) -> str:
    """Excel's number format of a figure of ``province_counties.csv`` (a share in %)."""
    from layers.province_map import METRIC_KINDS, METRIC_LEVELS

    return _KIND_FORMATS[METRIC_KINDS.get(metric, "count" if metric in METRIC_LEVELS else "number")]


def _cell(metric: str, value: Any, language: str) -> tuple[Any, str | None]:
    """A figure's cell: pass/fail in words, a number with its format, NaN empty."""
    from layers.province_map import METRIC_KINDS

    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None, None
    if METRIC_KINDS.get(metric) == "flag":
        return term("value.pass" if float(value) >= 0.5 else "value.fail", language), None
    return float(value), metric_format(metric)


def _counties_sheet(ws: Worksheet, result: ProvinceResult, language: str) -> None:
    """A row per county and year (in the run's order), a column per level and figure."""
    from layers.province_map import figure_label
    from outputs.xlsx import WHOLE, _table

    table = result.counties_table()
    columns = list(dict.fromkeys(zip(table["level"].astype(str), table["metric"].astype(str), strict=True)))
    header = [term("province.county", language), term("province.year", language)]
    header += [figure_label(level, metric, language) for level, metric in columns]
    values: dict[tuple[str, int], dict[tuple[str, str], float]] = {}
    for county, year, level, metric, value in table.itertuples(index=False):
        values.setdefault((str(county), int(year)), {})[(str(level), str(metric))] = value
    rows: list[list[Any]] = []
    formats: list[list[str | None]] = []
    for (county, year), figures in values.items():
        cells = [_cell(metric, figures.get((level, metric)), language) for level, metric in columns]
        rows.append([county, year, *(c[0] for c in cells)])
        formats.append([None, WHOLE, *(c[1] for c in cells)])
    _table(ws, header, rows, formats=formats, freeze="C2")


def _balance_sheet(ws: Worksheet, result: ProvinceResult, language: str) -> None:
    """A row per county, year, level and method: the composite coefficient, its threshold, pass or
    fail, and each indicator's coefficient."""
    from outputs.xlsx import COEFFICIENT, WHOLE, _table

    table = result.balance_table()
    indicators = list(dict.fromkeys([*BASIC, *QUALITY]))
    header = [term(k, language) for k in ("province.county", "province.year", "province.level", "province.method")]
    header += [term(k, language) for k in ("balance.composite", "balance.threshold", "balance.passes")]
    header += [find(f"balance.{name}", language) or name for name in indicators]
    rows: list[list[Any]] = []
    formats: list[list[str | None]] = []
    groups = table.groupby(["county", "year", "level", "method"], sort=False) if len(table) else []
    for (county, year, level, method), part in groups:
        by_indicator = dict(zip(part["indicator"].astype(str), part.itertuples(index=False), strict=True))
        composite = by_indicator.get("composite")
        passes = None if composite is None else composite.passes
        verdict = "" if passes is None or _missing(passes) else term(f"value.{'pass' if passes else 'fail'}", language)
        row: list[Any] = [
            str(county),
            int(year),
            _level_words(str(level), language),
            term(f"balance.{method}", language) if find(f"balance.{method}", language) else str(method),
            _number(composite.coefficient) if composite is not None else None,
            _number(composite.threshold) if composite is not None else None,
            verdict,
        ]
        row += [_number(by_indicator[name].coefficient) if name in by_indicator else None for name in indicators]
        rows.append(row)
        formats.append([None, WHOLE, None, None, COEFFICIENT, "0.00", None, *([COEFFICIENT] * len(indicators))])
    _table(ws, header, rows, formats=formats, freeze="E2")


def _failures_sheet(ws: Worksheet, result: ProvinceResult, language: str) -> None:
    """The counties that failed: county, year, step, message and file; a line saying none failed."""
    from outputs.xlsx import WHOLE, _put, _table

    keys = ("province.county", "province.year", "province.step", "province.message", "province.path")
    rows = [
        [f.county, f.year, find(f"province.step.{f.step}", language) or f.step, str(f.message), f.path]
        for f in result.failures
    ]
    _table(
        ws, [term(k, language) for k in keys], rows, column_formats=[None, WHOLE, None, None, None], wrap_columns={3}
    )
    if not rows:
        _put(ws, 2, 1, term("province.none_failed", language))
    else:
        ws.column_dimensions["D"].width = 60


def _years_sheet(ws: Worksheet, result: ProvinceResult, language: str) -> None:
    """The year-over-year table: a row per county, level and figure, a column per year and the change."""
    from layers.province_map import metric_label
    from outputs.xlsx import _table

    table = result.years_table()
    years = [c for c in table.columns if c not in ("county", "level", "metric", "change")]
    header = [term(k, language) for k in ("province.county", "province.level", "province.metric")]
    header += [*years, term("province.change", language)]
    rows: list[list[Any]] = []
    formats: list[list[str | None]] = []
    for record in table.to_dict("records"):
        metric = str(record["metric"])
        fmt = metric_format(metric)
        if fmt == _KIND_FORMATS["share"]:
            change_fmt = "+0.0%;-0.0%;0.0%"
        elif fmt == _KIND_FORMATS["count"]:
            change_fmt = "+#,##0;-#,##0;0"
        else:
            change_fmt = fmt
        row: list[Any] = [
            str(record["county"]),
            _level_words(str(record["level"]), language),
            metric_label(metric, language),
        ]
        row += [_number(record[y]) for y in years] + [_number(record["change"])]
        rows.append(row)
        formats.append([None, None, None, *([fmt] * len(years)), change_fmt])
    _table(ws, header, rows, formats=formats, freeze="D2")


def _level_words(level: str, language: str) -> str:
    from layers.province_map import level_label

    return level_label(level, language)


def _number(value: Any) -> float | None:
    if value is None or _missing(value):
        return None
    return float(value)


def _missing(value: Any) -> bool:
    try:
        return bool(value != value)  # NaN, pandas' NA
    except (TypeError, ValueError):
        return True
