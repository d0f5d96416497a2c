"""Charts of the enrolment forecast (matplotlib, headless, no pyplot): the county and the schools.

- :func:`county_figure`: the county's children of each level over the years, the low to high
  births variants as a band, the medium variant as a line and the seats as a reference line;
- :func:`schools_figure`: the schools whose pupils change most, each a small chart of its
  pupils against its seats, the years it is short of seats shaded red.

Both take the tables of :class:`gis.forecast.Forecast` and :class:`gis.forecast.ForecastVariants`
as they are (:meth:`~gis.forecast.ForecastVariants.band_table`,
:meth:`~gis.forecast.Forecast.county_table`, :meth:`~gis.forecast.Forecast.schools_table`), so
the command line, the report and the window's Forecast dock draw the same charts. Words come from
:mod:`layers.glossary`; Chinese is set in the bundled font (:func:`layers._print.print_context`),
which stays text in a PDF. The figures have their own Agg canvas; save them with
:func:`layers.printmap.save_figure`, or put them on a Qt canvas.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

import numpy as np

from gis.schema import LEVELS
from layers import _print as P
from layers.glossary import check_language, words

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Colours of the charts: each level's children and band, the seats, pupils beyond the seats.
LEVEL_COLORS = {"primary": "#2166ac", "junior": "#1b7837"}
SEATS_COLOR = "#555555"
SHORT_COLOR = "#d6604d"
PUPILS_COLOR = "#253494"
#: Longest school name in a small chart's title, in characters.
MAX_NAME_CHARS = 14


def county_figure(
    band_table: pd.DataFrame,
    county_table: pd.DataFrame,
    *,
    language: Literal["zh", "en"] = "zh",
    title: str = "",
    dpi: int = 150,
) -> Figure:
    """The county's children per level over the years, with the births variants and the seats.

    One panel per level (primary, junior): the band from the low to the high births variant,
    the medium variant's children as a line (and the forecast's own variant too when it is not
    the medium one), and the level's seats as a dashed reference line.

    Parameters
    ----------
    band_table
        County children per year, level and variant (:meth:`gis.forecast.ForecastVariants.band_table`:
        ``year``, ``level``, ``variant``, ``children``).
    county_table
        The forecast's ``forecast_county`` table (:meth:`gis.forecast.Forecast.county_table`);
        its level rows (``grade`` empty) give the seats, and the children of the forecast's variant.
    language
        ``zh`` or ``en``: the words.
    title
        The chart's title; default one made from the years.
    dpi
        Resolution of the figure (and of a PNG saved from it).

    Returns
    -------
    The figure.

    Raises
    ------
    ValueError
        For another language, or tables without the columns named above.
    """
    check_language(language)
    _need(band_table, ("year", "level", "variant", "children"), "band_table")
    _need(county_table, ("year", "level", "grade", "children", "seats"), "county_table")
    lang = words(language)
    totals = county_table[county_table["grade"].isna()]
    years = sorted(int(y) for y in set(band_table["year"]) | set(totals["year"]))
    with P.print_context():
        fig = _new_figure((11.0, 5.6), dpi)
        heading = title or _titled(lang["forecast.county_title"], years, lang, language)
        fig.suptitle(heading, fontsize=15, x=0.075, ha="left", y=0.965, parse_math=False)
        axes = [fig.add_axes((0.075 + k * 0.485, 0.2, 0.41, 0.64)) for k in range(len(LEVELS))]
        handles: dict[str, object] = {}
        for ax, level in zip(axes, LEVELS, strict=True):
            color = LEVEL_COLORS[level]
            band = band_table[band_table["level"] == level]
            by_variant = {
                str(v): part.set_index("year")["children"].astype(float) for v, part in band.groupby("variant")
            }
            own = totals[totals["level"] == level].set_index("year")
            top = 0.0
            if "low" in by_variant and "high" in by_variant:
                low, high = by_variant["low"], by_variant["high"]
                x = [y for y in years if y in low.index and y in high.index]
                handles["band"] = ax.fill_between(
                    x,
                    low.loc[x].to_numpy(),
                    high.loc[x].to_numpy(),
                    color=color,
                    alpha=0.18,
                    linewidth=0,
                    label=lang["forecast.band"],
                )
                top = max(top, float(high.max()))
            medium = by_variant.get("medium")
            if medium is not None:
                (line,) = ax.plot(
                    medium.index,
                    medium.to_numpy(),
                    color=color,
                    linewidth=2.2,
                    marker="o",
                    markersize=3.5,
                    label=lang["forecast.children"],
                )
                handles["medium"] = line
                top = max(top, float(medium.max()))
            children = own["children"].astype(float)
            other = _variant_of(children, by_variant)
            if len(children) and (medium is None or other != "medium"):
                word = lang[f"variant.{other}"] if other else lang["metric.children"]
                (line,) = ax.plot(
                    children.index,
                    children.to_numpy(),
                    color=color,
                    linewidth=1.6,
                    linestyle="-.",
                    label=f"{lang['metric.children']}（{word}）" if language == "zh" else f"Children ({word})",
                )
                handles["own"] = line
                top = max(top, float(children.max()))
            seats = own["seats"].astype(float).dropna()
            if len(seats):
                (line,) = ax.plot(
                    seats.index,
                    seats.to_numpy(),
                    color=SEATS_COLOR,
                    linewidth=1.4,
                    linestyle="--",
                    label=lang["forecast.seats"],
                )
                handles["seats"] = line
                top = max(top, float(seats.max()))
                ax.annotate(
                    f"{lang['forecast.seats']} {seats.iloc[-1]:,.0f}",
                    (seats.index[-1], seats.iloc[-1]),
                    xytext=(0, 4),
                    textcoords="offset points",
                    ha="right",
                    va="bottom",
                    fontsize=8,
                    color=SEATS_COLOR,
                )
            if medium is not None and len(medium):
                first, last = medium.index[0], medium.index[-1]
                change = _change(float(medium.iloc[0]), float(medium.iloc[-1]))
                ax.annotate(
                    f"{medium.iloc[-1]:,.0f}（{change}）" if language == "zh" else f"{medium.iloc[-1]:,.0f} ({change})",
                    (last, medium.iloc[-1]),
                    xytext=(0, -12),
                    textcoords="offset points",
                    ha="right",
                    va="top",
                    fontsize=8,
                    color=color,
                )
                ax.annotate(
                    f"{medium.iloc[0]:,.0f}",
                    (first, medium.iloc[0]),
                    xytext=(2, 5),
                    textcoords="offset points",
                    ha="left",
                    va="bottom",
                    fontsize=8,
                    color=color,
                )
            _year_axis(ax, years)
            ax.set_ylim(0, max(top, 1.0) * 1.12)
            ax.set_title(lang[f"level.{level}"], fontsize=12, loc="left")
            ax.set_ylabel(lang["forecast.axis_people"], fontsize=9)
            _thousands(ax)
        fig.legend(
            handles=_neutral(handles),
            loc="lower left",
            bbox_to_anchor=(0.075, 0.015),
            ncol=len(handles),
            frameon=False,
            fontsize=9,
        )
        if years:
            fig.text(
                0.94,
                0.025,
                lang["forecast.base_year"].format(year=years[0]),
                ha="right",
                va="bottom",
                fontsize=8,
                color="#555555",
            )
    fig._schoolplan_title = heading  # type: ignore[attr-defined]
    return fig


def changing_schools(schools_table: pd.DataFrame, count: int = 12) -> pd.DataFrame:
    """The schools and levels whose pupils change most from the first year to the last.

    Returns
    -------
    One row per school and level, most change first: ``school_id``, ``name``, ``level``,
    ``first``, ``last`` (pupils in the first and the last year), ``change`` (last − first).
    Ties keep the table's order.
    """
    import pandas as pd

    _need(schools_table, ("school_id", "name", "year", "level", "pupils", "seats"), "schools_table")
    columns = ["school_id", "name", "level", "first", "last", "change"]
    if not len(schools_table) or count < 1:
        return pd.DataFrame(columns=columns)
    ordered = schools_table.sort_values("year", kind="stable")
    grouped = ordered.groupby(["school_id", "level"], sort=False)
    summary = grouped.agg(name=("name", "first"), first=("pupils", "first"), last=("pupils", "last")).reset_index()
    summary["change"] = summary["last"].astype(float) - summary["first"].astype(float)
    summary["_size"] = summary["change"].abs().round(6)
    summary = summary.sort_values("_size", ascending=False, kind="stable").head(count)
    return summary[columns].reset_index(drop=True)


def schools_figure(
    schools_table: pd.DataFrame,
    *,
    language: Literal["zh", "en"] = "zh",
    count: int = 12,
    title: str = "",
    dpi: int = 150,
) -> Figure:
    """The schools whose pupils change most: each school's pupils against its seats over the years.

    Small multiples, four to a row, most change first (:func:`changing_schools`): the pupils
    the forecast's assignment gives the school each year, its seats as a dashed line, and the
    pupils beyond the seats shaded red. Each chart is titled with the school's name and level
    and the change from the first year to the last.

    Parameters
    ----------
    schools_table
        The forecast's ``forecast_schools`` table (:meth:`gis.forecast.Forecast.schools_table`).
    language
        ``zh`` or ``en``: the words.
    count
        How many schools (school and level) to show.
    title
        The chart's title; default one made from the years.
    dpi
        Resolution of the figure.

    Returns
    -------
    The figure.

    Raises
    ------
    ValueError
        For another language, or a table without the forecast's columns.
    """
    check_language(language)
    lang = words(language)
    chosen = changing_schools(schools_table, count)
    years = sorted(int(y) for y in set(schools_table["year"]))
    n = len(chosen)
    ncols = min(4, max(n, 1))
    nrows = max(1, math.ceil(n / ncols))
    height = 1.3 + 2.25 * nrows
    with P.print_context():
        fig = _new_figure((12.0, height), dpi)
        heading = title or _titled(lang["forecast.schools_title"], years, lang, language)
        fig.suptitle(heading, fontsize=15, x=0.05, ha="left", y=1 - 0.3 / height, parse_math=False)
        if not n:
            fig.text(0.5, 0.5, lang["atlas.no_data"], ha="center", va="center", fontsize=12, color="#555555")
        top, bottom = 1 - 0.85 / height, 0.55 / height
        cell_h = (top - bottom) / nrows
        handles: dict[str, object] = {}
        for k, row in enumerate(chosen.itertuples(index=False)):
            r, c = divmod(k, ncols)
            ax = fig.add_axes((0.05 + c * 0.2375, top - (r + 1) * cell_h + 0.42 / height, 0.2, cell_h - 0.62 / height))
            part = schools_table[
                (schools_table["school_id"] == row.school_id) & (schools_table["level"] == row.level)
            ].sort_values("year")
            x = part["year"].to_numpy(dtype=float)
            pupils = part["pupils"].to_numpy(dtype=float)
            seats = part["seats"].to_numpy(dtype=float)
            short = ax.fill_between(
                x,
                seats,
                pupils,
                where=pupils > seats + 0.5,
                interpolate=True,
                color=SHORT_COLOR,
                alpha=0.35,
                linewidth=0,
                label=lang["forecast.short"],
            )
            (line,) = ax.plot(
                x, pupils, color=PUPILS_COLOR, linewidth=1.8, marker="o", markersize=2.5, label=lang["forecast.pupils"]
            )
            (seat_line,) = ax.plot(
                x, seats, color=SEATS_COLOR, linewidth=1.2, linestyle="--", label=lang["forecast.seats"]
            )
            handles.setdefault("pupils", line)
            handles.setdefault("seats", seat_line)
            if (pupils > seats + 0.5).any():
                handles.setdefault("short", short)
            name = str(row.name)
            if len(name) > MAX_NAME_CHARS:
                name = name[: MAX_NAME_CHARS - 1] + "…"
            ax.set_title(f"{name} · {lang[f'level.{row.level}']}", fontsize=8.5, loc="left", parse_math=False)
            ax.text(
                0.98,
                0.96,
                _change(float(row.first), float(row.last)),
                transform=ax.transAxes,
                ha="right",
                va="top",
                fontsize=8,
                color=SHORT_COLOR if row.change > 0 else PUPILS_COLOR,
            )
            _year_axis(ax, years, small=True)
            ax.set_ylim(
                0,
                max(float(np.nanmax(pupils)) if len(pupils) else 0.0, float(seats.max()) if len(seats) else 0.0, 1.0)
                * 1.18,
            )
            _thousands(ax)
            ax.tick_params(labelsize=7)
        if handles:
            order = [handles[k] for k in ("pupils", "seats", "short") if k in handles]
            fig.legend(
                handles=order,
                loc="lower left",
                bbox_to_anchor=(0.05, 0.05 / height),
                ncol=len(order),
                frameon=False,
                fontsize=9,
            )
    fig._schoolplan_title = heading  # type: ignore[attr-defined]
    return fig


# --------------------------------------------------------------------------- helpers


def _new_figure(size: tuple[float, float], dpi: int) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    fig.patch.set_facecolor("white")
    return fig


def _neutral(handles: dict[str, object]) -> list[Artist]:
    """Legend entries of the county chart in grey: one legend for the panels of both levels."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    grey = "#444444"
    out: list[Artist] = []
    for key in ("medium", "own", "band", "seats"):
        found = handles.get(key)
        if found is None:
            continue
        label = found.get_label()  # type: ignore[attr-defined]
        if key == "band":
            out.append(Patch(facecolor=grey, alpha=0.18, edgecolor="none", label=label))
        elif key == "seats":
            out.append(Line2D([], [], color=SEATS_COLOR, linewidth=1.4, linestyle="--", label=label))
        else:
            medium = key == "medium"
            out.append(
                Line2D(
                    [],
                    [],
                    color=grey,
                    linewidth=2.0,
                    linestyle="-" if medium else "-.",
                    marker="o" if medium else None,
                    markersize=3.5,
                    label=label,
                )
            )
    return out


def _need(table: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{name} has no column {', '.join(missing)}")


def _titled(text: str, years: list[int], lang: dict[str, str], language: str) -> str:
    if not years:
        return text
    span = lang["forecast.years"].format(first=years[0], last=years[-1])
    return f"{text}（{span}）" if language == "zh" else f"{text}, {span}"


def _variant_of(children: pd.Series, by_variant: dict[str, pd.Series]) -> str:
    """The variant whose children are the forecast's (``""`` when none is)."""
    for variant in sorted(by_variant, key=lambda v: v != "medium"):  # the medium variant first
        values = by_variant[variant]
        common = children.index.intersection(values.index)
        if len(common) == len(children) and np.allclose(children.loc[common], values.loc[common], rtol=1e-9):
            return variant
    return ""


def _change(first: float, last: float) -> str:
    """The change from the first year to the last, as a signed percentage (or count from 0)."""
    if first > 0:
        return f"{100 * (last - first) / first:+.0f}%"
    return f"{last - first:+,.0f}"


def _year_axis(ax: Axes, years: list[int], *, small: bool = False) -> None:
    from matplotlib.ticker import MaxNLocator

    if years:
        ax.set_xlim(years[0] - 0.3, years[-1] + 0.3)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5 if small else 11, integer=True))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _thousands(ax: Axes) -> None:
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.0f}"))
