"""The Excel report of an analysis: indicators, schools, townships, plans and the rules used.

:func:`write_report_xlsx` writes one workbook a planner can open in Excel or WPS: every sheet
has a bold, shaded header row that stays in view (frozen) with a filter, columns sized to
their contents, and number formats by kind of figure (``0.0%`` for shares, ``0.0`` for
minutes and class sizes, ``#,##0`` for counts of children, pupils, seats and schools,
``0.000`` for difference coefficients, ``0.00`` for per-pupil resources; a rule shows the
decimals the rules file gives it; no figure is left in Excel's General format), and prints
as a report: A4 landscape, one page wide, the header row repeated on every page, pages
numbered. Text is written as text, never as a formula: a cell that would start with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is a string cell with Excel's quote prefix
(the rule of :func:`gis.fileio.neutralise`), shown exactly as it is and never run. Labels
are Chinese (``language="zh"``) or English, from :mod:`layers.glossary`; a key without a label
is shown as it is.
Figures are written unrounded (only their display is formatted); a figure that does not
exist (no trip, no school reachable) is an empty cell.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gis.balance import BASIC, QUALITY
from gis.fileio import neutralise, write_atomic
from gis.indicators import coverage_indicators, school_table
from layers.glossary import LANGUAGES, TERMS, check_language, find, term

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from gis.analysis import Analysis
    from gis.balance import Balance
    from gis.compare import Comparison
    from gis.forecast import Forecast
    from gis.standards_plan import StandardsPlan
    from gis.suggest import Suggestions

PERCENT = "0.0%"
MINUTES = "0.0"
DECIMAL = "0.0"
COUNT = "#,##0"
COEFFICIENT = "0.000"
PER_PUPIL = "0.00"
WHOLE = "0"
TEXT = "@"
HEADER_FILL = "DDEBF7"
MAX_WIDTH = 60

# The sheets in order, and the glossary term of each name (Excel allows at most 31 characters);
# the schools and the suggestions are named as their map layers.
SHEET_TERMS: dict[str, str] = {
    "summary": "sheet.summary",
    "townships": "sheet.townships",
    "schools": "layer.schools",
    "suggestions": "layer.suggestions",
    "comparison": "sheet.comparison",
    "balance": "sheet.balance",
    "school_standards": "sheet.school_standards",
    "forecast_county": "sheet.forecast_county",
    "forecast_schools": "sheet.forecast_schools",
    "forecast_townships": "sheet.forecast_townships",
    "standards": "sheet.standards",
}
SHEETS: dict[str, dict[str, str]] = {
    sheet: {language: term(key, language) for language in LANGUAGES} for sheet, key in SHEET_TERMS.items()
}
# Where a key of the report (a column, metric, level, figure or value) is looked up in the
# glossary: the first of these namespaces that has it (so ``primary`` is the level, and a
# school's type ``primary`` is shown by the same word).
NAMESPACES = (
    "level",
    "group",
    "school",
    "flag",
    "metric",
    "field",
    "compare",
    "figure",
    "balance",
    "action",
    "value",
    "rule",
)

SHARE_KEYS = {"share_within_threshold", "grade1_3_share_of_primary", "lowest_share", "rest_share"}
COUNT_KEYS = {
    "children", "children_unreachable", "children_beyond_threshold", "children_overflow", "children_affected",
    "children_without_seat", "seats_needed", "beds_needed", "new_boarders", "boarding_beds", "boarders", "teachers",
    "enrol_total", "pupils",
    "seats", "boarding_demand", "schools", "schools_over_capacity", "schools_failing_standards", "standards_met",
    "total", "small", "beds", "demand", "beds_short", "recorded_beds_short", "large_classes", "very_large_classes",
    "classes_over_standard", "over_size_cap", "placed", "not_placed", "surplus", "classes_needed",
}  # fmt: skip
# Whole numbers shown without a thousands separator (2025, not 2,025).
WHOLE_KEYS = {"year", "grade"}
# The balance indicators (per pupil or per 100 pupils) of each school.
PER_PUPIL_KEYS = set(BASIC) | set(QUALITY)


def term_key(key: str) -> str | None:
    """The glossary key of a key of the report (:data:`NAMESPACES`), or None when it has no term."""
    for namespace in NAMESPACES:
        if f"{namespace}.{key}" in TERMS:
            return f"{namespace}.{key}"
    return None


def label(key: str, language: str = "zh") -> str:
    """The label of a column, metric, level or value key; the key itself when it has none.

    In English a key without an English word is shown capitalised, its underscores as spaces.
    """
    found = term_key(key)
    text = find(found, language) if found is not None else None
    if text is not None:
        return text
    base = key[: -len("_share")] if key.endswith("_share") else ""
    base_key = term_key(base) if base else None
    base_text = find(base_key, language) if base_key is not None else None
    if base_text is not None:
        return term("balance.share_of_standard", language).format(label=base_text)
    if language != "zh":
        return key.replace("_", " ").capitalize()
    return key


def number_format(key: str) -> str | None:
    """The Excel number format of a figure by its key (``None``: the default format)."""
    last = key.rsplit(".", 1)[-1]
    if last in WHOLE_KEYS:
        return WHOLE
    if last in SHARE_KEYS or last.startswith("utilisation") or last.endswith("_share"):
        return PERCENT
    if last.endswith("_min") or "_travel_min" in last:
        return MINUTES
    if last.startswith("mean_class_size"):
        return DECIMAL
    if last in PER_PUPIL_KEYS:
        return PER_PUPIL
    if key.startswith("balance.") and last not in COUNT_KEYS:
        return COEFFICIENT
    if last in COUNT_KEYS or last.startswith(
        (
            "enrol_",
            "capacity_",
            "catchment_children_",
            "assigned_children_",
            "classes_",
            "large_classes",
            "very_large_classes",
        )
    ):
        return COUNT
    return None


def figure_label(name: str, language: str = "zh") -> str:
    """The label of a comparison figure (``level.metric`` or ``balance.level.method.indicator``)."""
    if term_key(name) is not None:
        return label(name, language)
    parts = ["school_count" if p == "schools" else p for p in name.split(".")]
    if parts[0] == "classes" and len(parts) == 3:
        parts = [parts[1], parts[2] if parts[2] != "classes_over_standard" else "classes_over_standard_count"]
        parts.insert(0, "classes")
    return " · ".join(label(p, language) for p in parts)


def write_report_xlsx(
    path: str | os.PathLike[str],
    analysis: Analysis,
    *,
    language: str = "zh",
    suggestions: Suggestions | None = None,
    comparison: Comparison | None = None,
    balance: Balance | None = None,
    forecast: Forecast | None = None,
    standards_plan: StandardsPlan | None = None,
) -> Path:
    """Write the Excel report of an analysis, atomically.

    Sheets: county indicators (one row per metric, one column per level), township
    indicators (one row per township and level), schools (:func:`gis.indicators.school_table`),
    suggestions and the scenario comparison when given, the balance coefficients with their
    pass or fail and each school against the quality standards, the enrolment forecast when
    given (county, schools and townships: the tables of ``schoolplan forecast``,
    :func:`outputs.forecast.forecast_tables`), and every rule of the standards file in force with
    its value and source.

    Parameters
    ----------
    path
        The ``.xlsx`` file to write; replaced only once the whole workbook is written.
    analysis
        The analysis (:func:`gis.analysis.analyze`).
    language
        ``"zh"`` (Chinese labels) or ``"en"``.
    suggestions
        Planning suggestions (:func:`gis.suggest.suggest`); no sheet when None.
    comparison
        A scenario comparison (:func:`gis.compare.compare`); no sheet when None.
    balance
        The balance assessment (:func:`gis.balance.assess`); None assesses the analysed
        project's schools when the rules have a ``[balance]`` section (no sheets otherwise).
    forecast
        The enrolment forecast of the analysed project's schools (:func:`gis.forecast.forecast`);
        no sheets when None.
    standards_plan
        A standards plan (:func:`gis.standards_plan.plan_standards`): its sheets
        (:func:`add_standards_sheets`) before the rules; none when None.

    Returns
    -------
    The path written.

    Raises
    ------
    ValueError
        If ``language`` is neither ``"zh"`` nor ``"en"``.
    """
    from openpyxl import Workbook

    check_language(language)
    if balance is None and analysis.standards.balance is not None:
        from gis.balance import assess

        balance = assess(analysis.project.schools, analysis.standards)
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    book.properties.title = term("report.title", language).format(name=analysis.project.name)
    book.properties.creator = "SchoolPlan"

    def sheet(key: str) -> Worksheet:
        return book.create_sheet(SHEETS[key][language])

    _summary_sheet(sheet("summary"), analysis, language)
    _township_sheet(sheet("townships"), analysis, language)
    _school_sheet(sheet("schools"), analysis, language)
    if suggestions is not None:
        _suggestion_sheet(sheet("suggestions"), suggestions, language)
    if comparison is not None:
        _comparison_sheet(sheet("comparison"), comparison, language)
    if balance is not None:
        _balance_sheets(sheet("balance"), sheet("school_standards"), balance, language)
    if forecast is not None:
        _forecast_sheets(sheet, forecast, analysis, language)
    if standards_plan is not None:
        add_standards_sheets(book, standards_plan, language)
    _standards_sheet(sheet("standards"), analysis, language)
    return write_atomic(path, lambda tmp: book.save(tmp))


# --------------------------------------------------------------------------- sheets


def _summary_sheet(ws: Worksheet, analysis: Analysis, language: str) -> None:
    county = [i for i in coverage_indicators(analysis) if i.scope == "county"]
    order = {"grades_1_3": 0, "primary": 1, "junior": 2}
    levels = sorted(dict.fromkeys(i.level for i in county), key=lambda lv: order.get(lv, len(order)))
    metrics = list(dict.fromkeys(i.metric for i in county))
    values = {(i.level, i.metric): i.value for i in county}
    header = [label("metric", language), *(label(level, language) for level in levels)]
    rows = [[label(m, language), *(values.get((lv, m)) for lv in levels)] for m in metrics]
    formats = [[None, *([number_format(m)] * len(levels))] for m in metrics]
    _table(ws, header, rows, formats=formats)


def _township_sheet(ws: Worksheet, analysis: Analysis, language: str) -> None:
    townships = analysis.project.townships
    names = dict(zip(townships["code"].astype(str), townships["name"].astype(str), strict=True))
    found = [i for i in coverage_indicators(analysis) if i.scope.startswith("township:")]
    metrics = list(dict.fromkeys(i.metric for i in found))
    keys = list(dict.fromkeys((i.scope.split(":", 1)[1], i.level) for i in found))
    values = {(i.scope.split(":", 1)[1], i.level, i.metric): i.value for i in found}
    header = [label(k, language) for k in ("township_code", "township_name", "level", *metrics)]
    rows = [
        [code, names.get(code, ""), label(level, language), *(values.get((code, level, m)) for m in metrics)]
        for code, level in keys
    ]
    _table(ws, header, rows, column_formats=[TEXT, None, None, *(number_format(m) for m in metrics)], freeze="D2")


def _school_sheet(ws: Worksheet, analysis: Analysis, language: str) -> None:
    table = school_table(analysis)
    _frame(ws, table, language, freeze="C2", text_columns={"school_id", "township"})


def _suggestion_sheet(ws: Worksheet, suggestions: Suggestions, language: str) -> None:
    table = suggestions.table()
    table["action"] = [label(a, language) for a in table["action"]]
    _frame(ws, table, language, freeze="B2", text_columns={"id", "schools", "receiving_schools"}, wrap={"edits"})


def _comparison_sheet(ws: Worksheet, comparison: Comparison, language: str) -> None:
    table = comparison.table()
    name = f"（{comparison.scenario}）" if language == "zh" else f" ({comparison.scenario})"
    scenario = label("scenario", language) + name
    header = [label("metric", language), label("baseline", language), scenario, label("change", language)]
    rows = [[figure_label(str(r.metric), language), r.baseline, r.scenario, r.change] for r in table.itertuples()]
    formats = [[None, *([number_format(str(m))] * 3)] for m in table["metric"]]
    _table(ws, header, rows, formats=formats)


def _balance_sheets(coef_ws: Worksheet, school_ws: Worksheet, balance: Balance, language: str) -> None:
    table = balance.table()
    verdict = {True: label("pass", language), False: label("fail", language)}
    header = [
        label(k, language)
        for k in ("level", "method", "indicator", "coefficient", "threshold", "passes", "schools", "top_schools")
    ]
    rows = []
    for r in table.itertuples():
        threshold = None if r.threshold is None or math.isnan(float(r.threshold)) else r.threshold
        passes = "—" if r.passes is None else verdict[bool(r.passes)]
        rows.append(
            [
                label(str(r.level), language),
                label(str(r.method), language),
                label(str(r.indicator), language),
                r.coefficient,
                threshold,
                passes,
                r.schools,
                r.top_schools,
            ]
        )
    _table(
        ws=coef_ws,
        header=header,
        rows=rows,
        column_formats=[None, None, None, COEFFICIENT, "0.00", None, COUNT, None],
        freeze="D2",
    )
    standards = balance.school_standards.copy()
    standards["level"] = [label(str(v), language) for v in standards["level"]]
    _frame(school_ws, standards, language, freeze="C2", text_columns={"school_id"}, verdict_columns={"passes"})


def _forecast_sheets(sheet: Callable[[str], Worksheet], forecast: Forecast, analysis: Analysis, language: str) -> None:
    """The forecast's county, schools and townships tables, one sheet each, as their CSV files."""
    from outputs.forecast import forecast_tables

    tables = forecast_tables(forecast, analysis.project)
    freeze = {"county": "C2", "schools": "D2", "townships": "E2"}
    for kind, table in tables.items():
        table = table.astype(object).where(table.notna(), None)
        _frame(sheet(f"forecast_{kind}"), table, language, freeze=freeze[kind], text_columns={"school_id", "township"})


def _standards_sheet(ws: Worksheet, analysis: Analysis, language: str) -> None:
    std = analysis.standards
    rules = standard_rules(std.path, std.sources)
    header = [label(k, language) for k in ("rule", "description", "value", "source")]
    # The keys are English identifiers; in Chinese the main rules also get a description.
    rows: list[list[Any]] = [
        [key, (find(f"rule.{key}", language) or "") if language == "zh" else "", value, source]
        for key, value, source in rules
    ]
    rows.append(["", "", "", ""])
    rows.append([label("standards_file", language), "", std.path, ""])
    # A rule is shown as the file writes it: 2000 as 2,000, 0.85 as 0.85, 4.5 as 4.5.
    formats = [[None, None, _as_written_format(row[2]), None] for row in rows]
    _table(ws, header, rows, formats=formats, wrap_columns={3})


# --------------------------------------------------------------------------- the standards plan

#: The sheets of a standards plan (:func:`add_standards_sheets`) in order, and the glossary term of each name.
STANDARDS_SHEETS: dict[str, str] = {
    "plan": "standards.sheet_plan",
    "transfers": "standards.sheet_transfers",
    "summary": "standards.sheet_summary",
    "bounds": "standards.sheet_bounds",
    "pareto": "standards.sheet_pareto",
}
#: Money of the standards plan (万元): two decimals, its small items (a few rooms) being a fraction of one.
STANDARDS_MONEY = "#,##0.00"
#: Amounts of the standards plan's items by unit.
_AMOUNT_FORMATS = {"m²": "#,##0.0", "yuan": "#,##0", "rooms": COUNT, "teachers": COUNT}


def standards_word(namespace: str, key: str, language: str) -> str:
    """The word of a key of the standards plan's tables (``std_item``, ``std_kind``, ``std_unit``,
    ``std_field``, ``standards``), else the Excel report's label of it."""
    safe = key.replace("²", "2")
    return find(f"{namespace}.{safe}", language) or label(key, language)


def add_standards_sheets(book: Any, plan: StandardsPlan, language: str = "zh") -> None:
    """Add the sheets of a standards plan to a workbook, as the report's own sheets look.

    Sheets: the investments (``standards_plan.csv``: school, item, amount, unit, cost), the
    teacher transfers (``teacher_transfers.csv``), the coefficients and schools meeting the
    per-school rule before and after (``standards_summary.csv``), the proven bound and gap
    (``standards_bounds.csv``) and, when the plan has one, the Pareto view of budgets. Headers,
    items, kinds, units and indicators in the language (:mod:`layers.glossary`); money in 万元.

    Raises
    ------
    ValueError
        For another language.
    """
    check_language(language)

    def sheet(key: str) -> Worksheet:
        return book.create_sheet(term(STANDARDS_SHEETS[key], language))  # type: ignore[no-any-return]

    def header(columns: Sequence[str]) -> list[str]:
        return [standards_word("std_field", c, language) for c in columns]

    inv = plan.investments
    columns = ["school_id", "name", "item", "amount", "unit", "cost"]
    rows = [
        [r.school_id, r.name, standards_word("std_item", str(r.item), language), r.amount,
         standards_word("std_unit", str(r.unit), language), r.cost]
        for r in inv.itertuples(index=False)
    ]  # fmt: skip
    formats = [
        [TEXT, None, None, _AMOUNT_FORMATS.get(str(r.unit), PER_PUPIL), None, STANDARDS_MONEY] for r in inv.itertuples()
    ]
    _table(sheet("plan"), header(columns), rows, formats=formats, freeze="C2")

    moves = plan.transfers
    columns = ["from_school", "from_name", "to_school", "to_name", "kind", "teachers", "commute_min"]
    rows = [
        [getattr(r, c) if c != "kind" else standards_word("std_kind", str(r.kind), language) for c in columns]
        for r in moves.itertuples(index=False)
    ]
    _table(
        sheet("transfers"),
        header(columns),
        rows,
        column_formats=[TEXT, None, TEXT, None, None, COUNT, MINUTES],
        freeze="C2",
    )

    summary = plan.summary
    columns = [
        "level", "indicator", "coefficient_before", "coefficient_after", "threshold",
        "schools_meeting_before", "schools_meeting_after",
    ]  # fmt: skip
    rows = []
    for r in summary.itertuples(index=False):
        indicator = str(r.indicator)
        rows.append(
            [
                label(str(r.level), language),
                find(f"standards.{indicator}", language) or label(indicator, language),
                *(getattr(r, c) for c in columns[2:]),
            ]
        )
    _table(
        sheet("summary"),
        header(columns),
        rows,
        column_formats=[None, None, COEFFICIENT, COEFFICIENT, "0.00", COUNT, COUNT],
        freeze="C2",
    )

    _standards_bounds_sheet(sheet("bounds"), plan.bounds_table(), language)
    if plan.pareto is not None:
        pareto = plan.pareto
        money = {"budget", "cost"}
        _table(
            sheet("pareto"),
            header([str(c) for c in pareto.columns]),
            [list(r) for r in pareto.itertuples(index=False)],
            column_formats=[STANDARDS_MONEY if c in money else COUNT for c in pareto.columns],
            freeze="B2",
        )


def _standards_bounds_sheet(ws: Worksheet, table: Any, language: str) -> None:
    from layers.plan_charts import status_word

    columns = [str(c) for c in table.columns]
    rows: list[list[Any]] = []
    formats: list[list[str | None]] = []
    for record in table.to_dict("records"):
        measure = str(record["measure"])
        money = measure == "cost"
        row = []
        fmt: list[str | None] = []
        for c in columns:
            value = record[c]
            if c == "measure":
                value, f = find(f"standards.{measure}", language) or label(measure, language), None
            elif c == "status":
                value, f = status_word(str(value), language), None
            elif c == "gap":
                f = "0.00%"
            else:
                f = STANDARDS_MONEY if money else COUNT
            row.append(value)
            fmt.append(f)
        rows.append(row)
        formats.append(fmt)
    _table(ws, [standards_word("std_field", c, language) for c in columns], rows, formats=formats, freeze="B2")


def standard_rules(path: str | os.PathLike[str], sources: Mapping[str, str]) -> list[tuple[str, object, str]]:
    """Every rule of a standards file: dotted key, value and the source that covers it.

    A rule's source is the one given for the same key (``key_source = …``), or for the table
    it sits in (``source = …``), or for the key it extends (``off_road_source`` covers
    ``off_road_kmh``); the most specific wins. Source entries are not rules themselves.
    A file that cannot be read gives the rules of ``sources`` only (with no values).
    """
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return [(key, None, text) for key, text in sources.items()]
    out: list[tuple[str, object, str]] = []
    for key, value in _flatten(raw):
        out.append((key, value, _source_of(key, sources)))
    return out


def _flatten(node: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, object]]:
    for key, value in node.items():
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{prefix}{key}.")
        elif key == "source" or str(key).endswith("_source"):
            continue
        else:
            yield f"{prefix}{key}", value


def _source_of(key: str, sources: Mapping[str, str]) -> str:
    best = ""
    for candidate in sources:
        covers = key == candidate or key.startswith((candidate + ".", candidate + "_"))
        if covers and len(candidate) > len(best):
            best = candidate
    return sources.get(best, "") if best else ""


# --------------------------------------------------------------------------- writing helpers


def _frame(
    ws: Worksheet,
    table: Any,
    language: str,
    *,
    freeze: str = "A2",
    text_columns: set[str] | frozenset[str] = frozenset(),
    verdict_columns: set[str] | frozenset[str] = frozenset(),
    wrap: set[str] | frozenset[str] = frozenset(),
) -> None:
    """A pandas table: labelled header, booleans as yes/no (or pass/fail), formats by column key."""
    columns = [str(c) for c in table.columns]
    header = [label(c, language) for c in columns]
    records = table.to_dict("records")
    rows: list[list[Any]] = []
    for record in records:
        row = []
        for c in columns:
            value = record[c]
            if isinstance(value, bool) or type(value).__name__ == "bool_":
                words = ("pass", "fail") if c in verdict_columns else ("yes", "no")
                value = label(words[0] if value else words[1], language)
            elif c in ("type", "level") and isinstance(value, str):
                value = label(value, language)
            row.append(value)
        rows.append(row)
    formats = [TEXT if c in text_columns else number_format(c) for c in columns]
    wrap_at = {i for i, c in enumerate(columns) if c in wrap}
    _table(ws, header, rows, column_formats=formats, freeze=freeze, wrap_columns=wrap_at)


def _table(
    ws: Worksheet,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    column_formats: Sequence[str | None] | None = None,
    formats: Sequence[Sequence[str | None]] | None = None,
    freeze: str = "A2",
    wrap_columns: set[int] | None = None,
) -> None:
    """Write a header and rows with formats (per column, or per cell), freeze and size the columns."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [_display_width(h) for h in header]
    for j, text in enumerate(header, start=1):
        cell = _put(ws, 1, j, text)
        cell.font = bold
        cell.fill = fill
        cell.alignment = centre
    top = Alignment(vertical="top", wrap_text=True)
    for i, row in enumerate(rows, start=2):
        for j, raw in enumerate(row, start=1):
            value = _cell_value(raw)
            cell = _put(ws, i, j, value)
            fmt = formats[i - 2][j - 1] if formats is not None else (column_formats[j - 1] if column_formats else None)
            if fmt is None and isinstance(value, int | float) and not isinstance(value, bool):
                fmt = COUNT if isinstance(value, int) else PER_PUPIL  # no figure is left in General
            if fmt is not None and (fmt == TEXT or isinstance(value, int | float)):
                cell.number_format = fmt
            if wrap_columns and (j - 1) in wrap_columns:
                cell.alignment = top
            widths[j - 1] = max(widths[j - 1], _display_width(_shown(value, fmt)))
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(width + 2, MAX_WIDTH)
    ws.freeze_panes = freeze
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    _print_setup(ws)


def _print_setup(ws: Worksheet) -> None:
    """Print as a report: A4 landscape, as wide as one page, the header row on every page, pages numbered."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.oddHeader.center.text = "&A"  # the sheet's name
    ws.oddFooter.center.text = "&P / &N"


def _as_written_format(value: Any) -> str | None:
    """The number format that shows a rule's value with the decimals it has in the rules file."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int):
        return COUNT
    text = repr(value)
    if "e" in text or "E" in text or not math.isfinite(value):
        return "0.00E+00"
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return "0." + "0" * min(max(decimals, 1), 10)


def _put(ws: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write one cell: text is always a string, never a formula.

    Unlike a CSV, a workbook says what each cell is: text stays exactly the name, stored as
    a string (openpyxl would take any text beginning with "=" for a formula), and text that a
    spreadsheet would run (:func:`gis.fileio.neutralise`) is also marked with Excel's quote
    prefix, so that it stays text when the cell is edited.
    """
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if neutralise(value) != value:
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def _cell_value(value: Any) -> Any:
    """A value Excel can hold: NumPy scalars to Python, NaN and infinity to an empty cell.

    Other objects (a path, a list from the rules file) are written as their text.
    """
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list | tuple | dict | os.PathLike):
        return str(value)
    return value


def _shown(value: Any, fmt: str | None) -> str:
    """About the text Excel shows for a value in a format (to size the column)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if fmt == PERCENT:
        return f"{value:.1%}"
    if fmt == COUNT:
        return f"{value:,.0f}"
    if fmt in (MINUTES, DECIMAL):
        return f"{value:.1f}"
    if fmt == COEFFICIENT:
        return f"{value:.3f}"
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def _display_width(text: str) -> int:
    """Width in Excel character units: CJK and other wide characters count twice."""
    import unicodedata

    longest = max((line for line in str(text).splitlines()), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in longest)
