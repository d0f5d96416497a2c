"""The printed map of a province run: every county coloured by one figure, or by pass/fail of a balance method.

:func:`province_map` draws the counties' outlines (:meth:`gis.province.result.ProvinceResult.outlines`,
projected to one equal-area conic projection for China, :data:`PROVINCE_CRS`) filled by a figure of
``province_counties.csv`` in classes of a sequential palette (a share in %), or by pass/fail of a
balance method in two colours; each county labelled with its name and value. The side column has
the legend (the classes and the figure's unit), the counties listed by value and a note box of the
counties missing (failed) by name. Title, subtitle, scale bar, north arrow and source note as the
other printed maps have (:mod:`layers.printmap`), every fixed word in the sheet's language
(:mod:`layers.glossary`).

A figure is named ``LEVEL:METRIC`` (``primary:share_within_threshold``, ``all:plan_capital``) or
``balance:basic`` / ``balance:quality`` (pass/fail: a county passes a method when every level assessed
passes); :func:`check_figure` checks it.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from gis.errors import InputError, Problem
from gis.messages import text
from layers import _print as P
from layers.glossary import check_language, find, term
from layers.printmap import MapSheet, _halo, _layout

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from gis.province.result import ProvinceResult

#: The projection of the province map: Albers equal-area conic with China's usual standard
#: parallels, on the CGCS2000 ellipsoid (GRS80), in metres.
PROVINCE_CRS = "+proj=aea +lat_0=0 +lat_1=25 +lat_2=47 +lon_0=105 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs"
#: The levels of each figure of ``province_counties.csv`` (``all``: the county as a whole).
METRIC_LEVELS: dict[str, tuple[str, ...]] = {
    **{m: ("grades_1_3", "primary", "junior") for m in (
        "children", "share_within_threshold", "children_beyond_threshold", "mean_travel_min", "p95_travel_min",
        "children_unreachable",
    )},
    **{m: ("primary", "junior") for m in (
        "children_not_placed", "schools", "pupils", "schools_under_100", "large_classes_56", "very_large_classes_66",
        "basic_coefficient", "quality_coefficient", "basic_passes", "quality_passes", "schools_meeting_standards",
        "forecast_children_last", "forecast_change", "forecast_schools_short", "forecast_not_placed_last",
    )},
    "teaching_points": ("primary",),
    **{m: ("all",) for m in ("plan_actions", "plan_capital", "plan_gap")},
}  # fmt: skip
#: How each figure is shown: ``share`` (0–1, in %), ``change`` (a share that may be negative),
#: ``minutes``, ``coefficient``, ``money`` (万元), ``flag`` (1 passes, 0 fails) or ``count``.
METRIC_KINDS: dict[str, str] = {
    "share_within_threshold": "share",
    "schools_meeting_standards": "share",
    "plan_gap": "share",
    "forecast_change": "change",
    "mean_travel_min": "minutes",
    "p95_travel_min": "minutes",
    "basic_coefficient": "coefficient",
    "quality_coefficient": "coefficient",
    "basic_passes": "flag",
    "quality_passes": "flag",
    "plan_capital": "money",
}
#: The balance methods a county can be coloured by (pass/fail).
BALANCE_METHODS = ("basic", "quality")
#: The sequential palette of the classes (matplotlib's name) and the most classes drawn.
PALETTE = "YlGnBu"
MAX_CLASSES = 6
PASS_COLOR = "#66bd63"
FAIL_COLOR = "#f46d43"
NO_DATA_COLOR = "#d9d9d9"
OUTLINE_COLOR = "#4d4d4d"
#: A fill darker than this (relative luminance) has its county's label in white.
DARK_FILL = 0.3
#: Longest county name in the side column, in characters.
NAME_CHARS = 10
#: Widest line of the note of missing counties (a Chinese character counts two).
NOTE_WIDTH = 64


@dataclass(frozen=True)
class MapFigure:
    """What the counties are coloured by: a figure (``level``, ``metric``) or a balance method's
    pass/fail (``level`` ``balance``, ``metric`` the method)."""

    level: str
    metric: str

    @property
    def passes(self) -> bool:
        """Whether the map is of pass/fail (a balance method, or a ``*_passes`` figure)."""
        return self.level == "balance" or METRIC_KINDS.get(self.metric) == "flag"

    @property
    def name(self) -> str:
        """``LEVEL:METRIC``."""
        return f"{self.level}:{self.metric}"


def figure_choices(result: ProvinceResult) -> tuple[str, ...]:
    """Every figure a map can be coloured by: those of :data:`METRIC_LEVELS`, any other of the
    result's table, and ``balance:basic`` / ``balance:quality``."""
    known = [f"{level}:{metric}" for metric, levels in METRIC_LEVELS.items() for level in levels]
    table = result.counties_table()
    found = [f"{level}:{metric}" for level, metric in zip(table["level"], table["metric"], strict=True)]
    balance = [f"balance:{method}" for method in BALANCE_METHODS]
    return tuple(dict.fromkeys([*known, *found, *balance]))


def check_figure(result: ProvinceResult, figure: str) -> MapFigure:
    """The figure named ``LEVEL:METRIC`` or ``balance:METHOD``.

    Raises
    ------
    InputError
        When it is not one of :func:`figure_choices` (naming them).
    """
    choices = figure_choices(result)
    if figure not in choices:
        raise InputError(
            Problem(
                text("the province map cannot be coloured by this figure"),
                field="--map-figure",
                value=figure,
                fix=text("choose one of {choices}", choices=", ".join(choices)),
            )
        )
    level, metric = figure.split(":", 1)
    return MapFigure(level, metric)


def metric_label(metric: str, language: str) -> str:
    """The words of a figure of ``province_counties.csv`` (its key when it has none)."""
    for key in (f"province.metric.{metric}", f"metric.{metric}"):
        found = find(key, language)
        if found is not None:
            return found
    return metric


def level_label(level: str, language: str) -> str:
    """The words of a level (``all``: the county)."""
    for key in (f"level.{level}", f"group.{level}", f"province.level.{level}"):
        found = find(key, language)
        if found is not None:
            return found
    return level


def figure_label(level: str, metric: str, language: str) -> str:
    """A figure with its level, as a column or title says it (``小学 上学时间达标比例``)."""
    if level == "all":
        return metric_label(metric, language)
    return term("province.figure", language).format(
        level=level_label(level, language), metric=metric_label(metric, language)
    )


def format_value(metric: str, value: float, language: str) -> str:
    """A figure's value as the map and its list show it (a share in %, pass/fail in words)."""
    if value is None or not math.isfinite(value):
        return "–"
    kind = METRIC_KINDS.get(metric, "count" if metric in METRIC_LEVELS else "number")
    if kind == "share":
        return f"{100 * value:.1f}%"
    if kind == "change":
        return f"{100 * value:+.1f}%"
    if kind == "minutes":
        return f"{value:.1f}"
    if kind == "coefficient":
        return f"{value:.3f}"
    if kind == "flag":
        return term("value.pass" if value >= 0.5 else "value.fail", language)
    if kind == "number":
        return f"{value:.4g}"
    return f"{value:,.0f}"


def figure_values(result: ProvinceResult, figure: MapFigure) -> pd.DataFrame:
    """The figure of each county drawn (its outline's year): county, year, value (NaN: no data;
    for pass/fail 1 passes, 0 fails)."""
    import pandas as pd

    outlines = result.outlines()
    keys = pd.DataFrame({"county": outlines["county"].astype(str), "year": outlines["year"].astype(int)})
    if figure.level == "balance":
        passes = result.passes_table()
        passes = passes[passes["method"] == figure.metric]
        if passes.empty:
            return keys.assign(value=np.nan)
        verdict = passes.groupby(["county", "year"], sort=False)["passes"].agg(lambda p: float(all(bool(v) for v in p)))
        found = verdict.rename("value").reset_index()
    else:
        table = result.counties_table()
        table = table[(table["level"] == figure.level) & (table["metric"] == figure.metric)]
        found = table[["county", "year", "value"]].astype({"value": float})
    found = found.astype({"county": str, "year": int}).drop_duplicates(["county", "year"])
    return keys.merge(found, on=["county", "year"], how="left")


@dataclass(frozen=True)
class _Classes:
    """The colour of each county and the legend's entries (colour, words)."""

    colors: list[str]
    entries: list[tuple[str, str]]


def classes(values: np.ndarray, metric: str, language: str, *, passes: bool = False) -> _Classes:
    """Colours of values in classes of round width (at most :data:`MAX_CLASSES`), or pass/fail.

    A value on a class's upper edge falls in the next class, the largest in the last.
    """
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    values = np.asarray(values, dtype=float)
    known = np.isfinite(values)
    colors = [NO_DATA_COLOR] * len(values)
    entries: list[tuple[str, str]] = []
    if passes:
        for k in np.flatnonzero(known):
            colors[k] = PASS_COLOR if values[k] >= 0.5 else FAIL_COLOR
        entries = [(PASS_COLOR, term("value.pass", language)), (FAIL_COLOR, term("value.fail", language))]
    elif known.any():
        edges = class_edges(values[known], metric)
        n = len(edges) - 1
        cmap = colormaps[PALETTE]
        palette = [to_hex(cmap(0.15 + 0.8 * (k / max(n - 1, 1)))) for k in range(n)]
        index = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, n - 1)
        for k in np.flatnonzero(known):
            colors[k] = palette[int(index[k])]
        if n == 1 and edges[0] == edges[1]:
            entries = [(palette[0], format_value(metric, float(edges[0]), language))]
        else:
            entries = [(palette[k], _class_words(edges[k], edges[k + 1], metric, edges)) for k in range(n)]
    if not known.all():
        entries.append((NO_DATA_COLOR, term("province.no_data", language)))
    return _Classes(colors, entries)


def class_edges(values: np.ndarray, metric: str) -> np.ndarray:
    """Edges of classes of one round width (1, 2, 2.5 or 5 times a power of ten) covering ``values``."""
    lo, hi = float(np.min(values)), float(np.max(values))
    if hi <= lo:
        return np.array([lo, lo])
    whole = METRIC_KINDS.get(metric, "count") in ("count", "money")
    target = (hi - lo) / (MAX_CLASSES - 1)
    power = 10.0 ** math.floor(math.log10(target))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= target * (1 - 1e-9))
    if whole:
        step = max(step, 1.0)
    first = math.floor(lo / step + 1e-9) * step
    n = max(1, math.ceil((hi - first) / step - 1e-9))
    if first + n * step <= hi:  # the largest on an edge: one more class, so it is inside one
        n += 1
    return first + step * np.arange(n + 1)


def _class_words(lo: float, hi: float, metric: str, edges: np.ndarray) -> str:
    kind = METRIC_KINDS.get(metric, "count")
    step = float(edges[1] - edges[0])
    if kind in ("share", "change"):
        digits = _decimals(step * 100)
        return f"{100 * lo:.{digits}f}%–{100 * hi:.{digits}f}%"
    digits = _decimals(step)
    return f"{lo:,.{digits}f}–{hi:,.{digits}f}"


def _decimals(step: float) -> int:
    for digits in range(7):
        if abs(step * 10**digits - round(step * 10**digits)) < 1e-6:
            return digits
    return 6


def province_map(result: ProvinceResult, *, figure: str, language: str, sheet: MapSheet | None = None) -> Figure:
    """The province's counties coloured by a figure, or by pass/fail of a balance method.

    Parameters
    ----------
    result
        The province run (:class:`gis.province.result.ProvinceResult`).
    figure
        ``LEVEL:METRIC`` of ``province_counties.csv`` or ``balance:basic`` / ``balance:quality``.
    language
        ``zh`` or ``en``: the fixed words (county names are shown as they are).
    sheet
        Paper and resolution (its language is replaced by ``language``).

    Returns
    -------
    The figure.

    Raises
    ------
    InputError
        For a figure that is not one of :func:`figure_choices`.
    ValueError
        For another language.
    """
    check_language(language)
    chosen = check_figure(result, figure)
    sheet = replace(sheet or MapSheet(), language=language)  # type: ignore[arg-type]
    s = sheet.scale
    outlines = result.outlines()
    drawn = outlines.to_crs(PROVINCE_CRS) if len(outlines) else outlines
    values = figure_values(result, chosen)["value"].to_numpy(dtype=float)
    coloured = classes(values, chosen.metric, language, passes=chosen.passes)
    with P.print_context():
        lang = sheet.words
        layout = _layout(sheet, panels=1, column_mm=70.0, legend_share=0.3)
        ax = layout.maps[0]
        extent = P.fit_extent(ax, _room(drawn), pad=0.03)
        ax.set_facecolor("#f4f8fb")
        geoms = list(drawn.geometry)
        P.fill_polygons(ax, geoms, coloured.colors, zorder=1.0)
        P.draw_lines(ax, [g.boundary for g in geoms], color=OUTLINE_COLOR, width=0.7 * s, zorder=2.0)
        _labels(ax, drawn, values, coloured.colors, chosen, language, s)
        title = _title(result, chosen, language, drawn)
        _sheet_words(layout.figure, sheet, title, _subtitle(result, sheet))
        P.scale_bar(ax, extent, PROVINCE_CRS, lang, fontsize=6.5 * s)
        P.north_arrow(ax, lang, fontsize=8 * s)
        _missing_note(ax, result, outlines, language, s)
        if chosen.level == "balance":
            legend_title = term(f"balance.{chosen.metric}", language)
        else:
            legend_title = figure_label(chosen.level, chosen.metric, language)
        _legend(layout.legend, coloured, legend_title, chosen, lang, language, s)
        _side_list(layout.figures, drawn, values, chosen, language, sheet)
    return layout.figure


def _room(drawn: gpd.GeoDataFrame) -> P.Bounds:
    """The counties' extent with room below for the scale bar and the note box, and above for
    the north arrow."""
    if not len(drawn):
        return (-50_000.0, -50_000.0, 50_000.0, 50_000.0)
    x0, y0, x1, y1 = (float(v) for v in drawn.total_bounds)
    h = max(y1 - y0, 1.0)
    return (x0, y0 - 0.12 * h, x1, y1 + 0.06 * h)


def _unbracketed(words: str) -> str:
    """Words without a unit in brackets at their end (平均上学时间（分钟） → 平均上学时间)."""
    for opening, closing in (("（", "）"), (" (", ")")):
        if words.endswith(closing) and opening in words:
            return words[: words.rindex(opening)]
    return words


def _title(result: ProvinceResult, chosen: MapFigure, language: str, drawn: gpd.GeoDataFrame) -> str:
    years = sorted({int(y) for y in drawn["year"]}) if len(drawn) else list(result.years)
    year = f"{years[0]}" if len(years) == 1 else (f"{years[0]}–{years[-1]}" if years else "–")
    if chosen.level == "balance":
        return term("province.pass_title", language).format(
            method=term(f"balance.{chosen.metric}", language), year=year
        )
    # The unit is the legend's: the title says what is shown.
    shown = _unbracketed(figure_label(chosen.level, chosen.metric, language))
    return term("province.title", language).format(figure=shown, year=year)


def _subtitle(result: ProvinceResult, sheet: MapSheet) -> str:
    counties = len({c.county for c in result.counties})
    key = "province.subtitle_missing" if result.missing else "province.subtitle"
    line = term(key, sheet.language).format(counties=counties, missing=len(result.missing))
    return sheet.subtitle or f"{line} · {sheet.date.isoformat()}"


def _sheet_words(fig: Figure, sheet: MapSheet, title: str, subtitle: str) -> None:
    """Title, subtitle and the source note, placed as :mod:`layers.printmap` places them."""
    lang = sheet.words
    w, h = sheet.size_mm
    s = sheet.scale
    margin = 10.0 * s
    title = sheet.title or title
    fig.text(margin / w, 1 - margin / h, title, ha="left", va="top", fontsize=17 * s, parse_math=False)
    fig.text(
        margin / w, 1 - (margin + 9.5 * s) / h, subtitle, ha="left", va="top", fontsize=10 * s, color="#444444",
        parse_math=False,
    )  # fmt: skip
    source = sheet.source or lang["province.source"]
    note = (
        f"{lang['map.source']}: {source}    {lang['map.date']}: {sheet.date.isoformat()}    "
        f"{lang['map.crs']}: {lang['province.crs']}"
    )
    fig.text(margin / w, 3.5 * s / h, note, ha="left", va="bottom", fontsize=6 * s, color="#555555", parse_math=False)
    fig._schoolplan_title = title  # type: ignore[attr-defined]


def _labels(
    ax: Axes, drawn: gpd.GeoDataFrame, values: np.ndarray, colors: list[str], chosen: MapFigure, language: str, s: float
) -> None:
    """Each county's name and value at a point inside it: dark text with a white halo, white
    text on the darkest fills."""
    from matplotlib import patheffects
    from matplotlib.colors import to_rgb

    if not len(drawn):
        return
    size = (7.0 if len(drawn) <= 20 else 5.5 if len(drawn) <= 60 else 4.5) * s
    metric = chosen.metric if chosen.level != "balance" else "basic_passes"
    for geom, name, value, color in zip(drawn.geometry, drawn["county"].astype(str), values, colors, strict=True):
        point = geom.representative_point()
        r, g, b = to_rgb(color)
        dark = 0.2126 * r + 0.7152 * g + 0.0722 * b < DARK_FILL
        halo = patheffects.withStroke(linewidth=1.4, foreground="#1a1a1a") if dark else _halo()
        ax.text(
            point.x, point.y, f"{name}\n{format_value(metric, float(value), language)}", ha="center", va="center",
            fontsize=size, color="white" if dark else "#111111", zorder=6, parse_math=False, linespacing=1.2,
            path_effects=[halo],
        )  # fmt: skip


def _missing_note(ax: Axes, result: ProvinceResult, outlines: gpd.GeoDataFrame, language: str, s: float) -> None:
    """A box in the map's lower right corner naming the counties missing (failed, or with no outline)."""
    separator = term("province.separator", language)
    years = {c.year for c in result.counties} | {f.year for f in result.failures if f.year is not None}
    items = []
    for failure in result.failures:
        step = find(f"province.step.{failure.step}", language) or failure.step
        if failure.year is not None and len(years) > 1:
            item = term("province.missing_item_year", language).format(
                county=failure.county, step=step, year=failure.year
            )
        else:
            item = term("province.missing_item", language).format(county=failure.county, step=step)
        items.append(item)
    lines = []
    if items:
        lines += _wrapped(term("province.missing", language), list(dict.fromkeys(items)), separator)
    drawn = set(outlines["county"].astype(str))
    undrawn = [c for c in dict.fromkeys(r.county for r in result.counties) if c not in drawn]
    if undrawn:
        lines += _wrapped(term("province.no_outline", language), undrawn, separator)
    if not lines:
        return
    ax.text(
        0.98, 0.03, "\n".join(lines), transform=ax.transAxes, ha="right", va="bottom", multialignment="left",
        fontsize=6.5 * s, color="#222222", zorder=12, parse_math=False,
        bbox={"boxstyle": "round,pad=0.5", "facecolor": "white", "edgecolor": "#999999", "linewidth": 0.6},
    )  # fmt: skip


def _wrapped(template: str, names: list[str], separator: str, *, width: int = NOTE_WIDTH) -> list[str]:
    """A template's ``{names}`` filled, in lines of at most ``width`` (a Chinese character counts
    two), broken only between names."""
    mark = "\x00"
    pieces = template.format(names=mark.join(names)).split(mark)
    pieces = [p + separator.rstrip() if k < len(pieces) - 1 else p for k, p in enumerate(pieces)]
    lines: list[str] = []
    for piece in pieces:
        joined = f"{lines[-1]}{' ' if separator.endswith(' ') else ''}{piece}" if lines else piece
        if lines and _display_width(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(piece)
    return lines


def _display_width(words: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in words)


def _legend(
    ax: Axes,
    coloured: _Classes,
    title: str,
    chosen: MapFigure,
    lang: dict[str, str],
    language: str,
    s: float,
) -> None:
    """The classes (or pass/fail) and no data, under the figure's words; the rule of pass/fail."""
    from matplotlib.patches import Patch

    handles: list[Artist] = [
        Patch(facecolor=color, edgecolor=OUTLINE_COLOR, linewidth=0.5, label=words) for color, words in coloured.entries
    ]
    P.draw_legend(
        ax, handles, {**lang, "legend.title": textwrap.fill(title, 16 if language == "zh" else 32)}, fontsize=7 * s
    )
    if chosen.level == "balance":
        ax.text(
            0.0, 0.0, term("province.pass_rule", language), transform=ax.transAxes, ha="left", va="bottom",
            fontsize=6 * s, color="#444444",
        )  # fmt: skip


def _side_list(
    ax: Axes, drawn: gpd.GeoDataFrame, values: np.ndarray, chosen: MapFigure, language: str, sheet: MapSheet
) -> None:
    """The counties drawn, by value (the largest first; pass/fail: those failing first)."""
    ax.set_axis_off()
    fs = 6.0 * sheet.scale
    height_in = ax.get_position().height * P.figure_size(ax)[1]
    step = fs * 1.55 / 72.0 / max(height_in, 1e-6)
    ax.text(0.0, 1.0, term("province.list", language), transform=ax.transAxes, ha="left", va="top", fontsize=fs * 1.25)
    names = drawn["county"].astype(str).tolist() if len(drawn) else []
    metric = chosen.metric if chosen.level != "balance" else "basic_passes"
    key = (lambda k: (values[k] if math.isfinite(values[k]) else math.inf, names[k])) if chosen.passes else (
        lambda k: (-values[k] if math.isfinite(values[k]) else math.inf, names[k]))  # fmt: skip
    order = sorted(range(len(names)), key=key)
    rows = []
    for n, k in enumerate(order, start=1):
        name = names[k] if len(names[k]) <= NAME_CHARS else names[k][: NAME_CHARS - 1] + "…"
        rows.append([str(n), name, format_value(metric, float(values[k]), language)])
    room = int((1.0 - 2.4 * step) / step)
    keys = ("province.no", "province.county", "province.value")
    P.draw_list(
        ax, [term(k, language) for k in keys], rows, room=room, columns=(0.0, 0.12, 0.62),
        align=("left", "left", "right"), fontsize=fs, step=step,
        more=term("province.more", language), none=term("province.none", language),
    )  # fmt: skip
