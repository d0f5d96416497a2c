"""Charts of the county plan (matplotlib, headless, no pyplot): what each budget buys, and the
cover of the plan's atlas.

- :func:`pareto_figure`: the plan re-solved for a range of budgets (``pareto.csv``), one panel per
  objective term a meeting asks about (children beyond the walking rule, pupils without a seat or
  bed, pupils of large classes, time on the way to school) against the budget, and underneath a
  table of each budget's capital, objective, proven bound and gap;
- :func:`plan_cover`: the atlas's cover, with the budget, the capital, each solve's value, bound
  and gap, and the contents.

Words come from :mod:`layers.glossary`; Chinese is set in the bundled font
(:func:`layers._print.print_context`), which stays text in a PDF. Save the figures with
:func:`layers.printmap.save_figure`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np

from layers import _print as P
from layers.atlas import _new_page, _rect
from layers.forecast_charts import _need, _new_figure, _thousands
from layers.glossary import check_language, words
from layers.printmap import MapSheet

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from gis.plan import CountyPlan

#: The terms drawn against the budget, in the order of the panels.
PARETO_TERMS = ("beyond", "unplaced", "large", "travel")
#: Colours of the panels' lines.
TERM_COLORS = {"beyond": "#b2182b", "unplaced": "#e08214", "large": "#7b3294", "travel": "#2166ac"}


def pareto_figure(
    pareto_table: pd.DataFrame,
    *,
    language: Literal["zh", "en"] = "zh",
    title: str = "",
    dpi: int = 150,
) -> Figure:
    """What each budget buys: the plan's terms against the total budget.

    Four panels (children beyond the walking rule, pupils without a seat or a bed, pupils beyond
    the large-class lines, time on the way to school), each term summed over the plan's years, with
    its value written at every budget; a point is filled where the solver proved its plan optimal
    (to its gap tolerance) and hollow where it stopped short (the time limit). A term that is 0 at every
    budget says so. Under the panels, a table of each budget's capital spent, cost term,
    objective, proven bound, gap and solver status.

    Parameters
    ----------
    pareto_table
        ``pareto.csv`` (:func:`gis.plan.review.pareto_table`).
    language
        ``zh`` or ``en``: the words.
    title
        The chart's title; default "what each budget buys".
    dpi
        Resolution of the figure.

    Returns
    -------
    The figure.

    Raises
    ------
    ValueError
        For another language, or a table without the columns of ``pareto.csv``.
    """
    from gis.plan.review import PARETO_COLUMNS

    check_language(language)
    _need(pareto_table, tuple(PARETO_COLUMNS), "pareto_table")
    lang = words(language)
    table = pareto_table.sort_values("budget", kind="stable").reset_index(drop=True)
    budgets = table["budget"].to_numpy(dtype=float)
    proven = np.array([is_proven(str(v)) for v in table["status"]], dtype=bool)
    n = len(table)
    with P.print_context():
        fig = _new_figure((11.0, 7.4), dpi)
        heading = title or lang["plan.pareto_title"]
        fig.suptitle(heading, fontsize=15, x=0.06, ha="left", y=0.975, parse_math=False)
        fig.text(0.06, 0.925, lang["plan.pareto_sum"], ha="left", va="bottom", fontsize=9, color="#444444")
        for k, name in enumerate(PARETO_TERMS):
            row, col = divmod(k, 2)
            ax = fig.add_axes((0.075 + col * 0.475, 0.6 - row * 0.33, 0.40, 0.24))
            _term_panel(ax, budgets, table[name].to_numpy(dtype=float), proven, name, lang)
            if row == 1:
                ax.set_xlabel(lang["plan.pareto_axis"], fontsize=9)
        table_ax = fig.add_axes((0.06, 0.015, 0.9, 0.16))
        table_ax.set_axis_off()
        _bounds_rows(table_ax, table, lang, language)
        if n and not proven.all():
            fig.text(0.955, 0.925, lang["plan.pareto_open"], ha="right", va="bottom", fontsize=8, color="#555555")
    fig._schoolplan_title = heading  # type: ignore[attr-defined]
    return fig


def _term_panel(
    ax: Axes, budgets: np.ndarray, values: np.ndarray, proven: np.ndarray, name: str, lang: dict[str, str]
) -> None:
    """One term against the budget: a line, filled (proven) or hollow points, each value written."""
    color = TERM_COLORS[name]
    ax.set_title(lang[f"plan_term.{name}"], fontsize=10, loc="left", parse_math=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=8)
    if not budgets.size:
        ax.text(0.5, 0.5, lang["atlas.no_data"], transform=ax.transAxes, ha="center", va="center", color="#555555")
        return
    ax.plot(budgets, values, color=color, linewidth=1.8, zorder=2)
    ax.scatter(budgets[proven], values[proven], s=30, color=color, zorder=3)
    ax.scatter(budgets[~proven], values[~proven], s=30, facecolors="white", edgecolors=color, linewidths=1.4, zorder=3)
    top = float(np.nanmax(values)) if np.isfinite(values).any() else 0.0
    bottom = float(np.nanmin(values)) if np.isfinite(values).any() else 0.0
    if top <= 0 and bottom >= 0:
        ax.set_ylim(-1.0, 10.0)
        ax.text(0.5, 0.55, lang["plan.pareto_zero"], transform=ax.transAxes, ha="center", fontsize=10, color="#555555")
    else:
        # From 0, so that a change reads at its true size.
        ax.set_ylim(min(0.0, bottom * 1.1), top * 1.2 if top > 0 else 1.0)
        digits = 0 if top >= 100 else 1
        for x, y in zip(budgets.tolist(), values.tolist(), strict=True):
            if math.isfinite(y):
                ax.annotate(
                    f"{y:,.{digits}f}",
                    (x, y),
                    xytext=(0, 5),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=7.5,
                    color=color,
                )
    span = float(budgets.max() - budgets.min()) if budgets.size > 1 else max(float(budgets.max()), 1.0)
    ax.set_xlim(float(budgets.min()) - 0.06 * span, float(budgets.max()) + 0.06 * span)
    ax.set_xticks(budgets)
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: f"{value:,.0f}"))
    _thousands(ax)


def _bounds_rows(ax: Axes, table: pd.DataFrame, lang: dict[str, str], language: str) -> None:
    """The budgets as columns: capital spent, cost, objective, proven bound, gap and status."""
    n = len(table)
    if not n:
        return
    width = 0.8 / max(n, 1)
    columns = [0.0, *(0.2 + width * k for k in range(n))]
    header = [lang["plan_field.budget"], *(P.fmt_number(float(b)) for b in table["budget"])]
    rows = [
        [lang["plan_field.capital"], *(P.fmt_number(float(v)) for v in table["capital"])],
        [lang["plan_term.cost"], *(P.fmt_number(float(v)) for v in table["cost"])],
        [lang["plan_field.objective"], *(P.fmt_number(float(v)) for v in table["objective"])],
        [lang["plan_field.bound"], *(P.fmt_number(float(v)) for v in table["bound"])],
        [lang["plan_field.gap"], *(_percent(float(v)) for v in table["gap"])],
        [lang["plan_field.status"], *(status_word(str(v), language) for v in table["status"])],
    ]
    P.draw_table(
        ax, header, rows, columns=columns, fontsize=8, top=1.0, align=("left", *("right",) * n), line_height=0.135
    )


def _percent(value: float) -> str:
    return "–" if not math.isfinite(value) else f"{100 * value:.2f}%"


def is_proven(status: str) -> bool:
    """Whether the solver's status says the plan is proven optimal (to the solve's gap tolerance)."""
    return status.strip().lower() == "optimal"


def status_word(status: str, language: str) -> str:
    """The solver's status in words (``Time limit reached`` → 达到时间上限); an unknown status as it is."""
    from layers.glossary import find

    key = "plan_status." + "_".join(status.strip().lower().split())
    return find(key, language) or status


# --------------------------------------------------------------------------- the atlas's cover


def plan_cover(
    plan: CountyPlan,
    county: str,
    *,
    language: Literal["zh", "en"] = "zh",
    contents: Sequence[tuple[str, int]] = (),
    date: dt.date | None = None,
) -> Figure:
    """The cover of the plan's atlas (A4 landscape): title, county, years, the budget and the capital,
    each solve's value, proven bound and gap, and the contents.

    Parameters
    ----------
    plan
        The plan (:func:`gis.plan.county_plan`).
    county
        The county's name.
    language
        ``zh`` or ``en``: the words.
    contents
        The pages after the cover: (title, page number).
    date
        The date printed; default today.

    Returns
    -------
    The figure.
    """
    check_language(language)
    sheet = MapSheet(language=language, date=date or dt.date.today(), dpi=150)
    lang = sheet.words
    years = plan.years
    span = lang["forecast.years"].format(first=years[0], last=years[-1]) if years else ""
    title = f"{county}{lang['plan.title']}" if language == "zh" else f"{county}: {lang['plan.title']}"
    with P.print_context():
        fig = _new_page(sheet)
        band = fig.add_axes((0.0, 0.70, 1.0, 0.30))
        band.set_axis_off()
        band.add_patch(_rect("#1f4e79"))
        band.text(
            0.06, 0.62, title, transform=band.transAxes, fontsize=28, color="white", va="center", parse_math=False
        )
        band.text(
            0.06,
            0.28,
            f"{span} · {sheet.date.isoformat()}",
            transform=band.transAxes,
            fontsize=14,
            color="#dde6f0",
            va="center",
            parse_math=False,
        )
        left = fig.add_axes((0.06, 0.08, 0.38, 0.58))
        left.set_axis_off()
        budget = plan.budget.total
        stages = plan.solution.stages
        last = stages[-1] if stages else None
        rows = [
            [lang["plan.cover_years"], span],
            [lang["plan.cover_budget"], _wan(budget, lang) if budget is not None else "–"],
            [lang["plan.cover_capital"], _wan(plan.capital, lang)],
            [lang["plan.cover_actions"], str(len(plan.actions))],
        ]
        if last is not None:
            rows += [
                [lang["plan.cover_objective"], P.fmt_number(last.value, 1)],
                [lang["plan.cover_bound"], P.fmt_number(last.bound, 1)],
                [lang["plan.cover_gap"], _percent(plan.solution.gap)],
            ]
        for year, capital in zip(years, plan.capital_by_year, strict=True):
            rows.append([lang["plan.capital_in"].format(year=year), _wan(capital, lang)])
        y = _heading(left, lang["map.key_figures"], 1.0)
        P.draw_table(left, (), rows, columns=(0.0, 0.6), fontsize=10.5, top=y, align=("left", "right"))
        fig.text(0.06, 0.07, lang["plan.cover_note"], fontsize=8.5, color="#555555", va="bottom")
        right = fig.add_axes((0.5, 0.08, 0.46, 0.58))
        right.set_axis_off()
        y = _heading(right, lang["plan.cover_solves"], 1.0)
        header = [lang["plan_field.stage"], lang["plan_field.value"], lang["plan_field.bound"], lang["plan_field.gap"]]
        solves = [
            [
                lang.get(f"plan_term.{s.term}", s.term).split("（")[0].split(" (")[0],
                P.fmt_number(s.value, 1),
                P.fmt_number(s.bound, 1),
                _percent(s.gap),
            ]
            for s in stages
        ]
        y = P.draw_table(
            right,
            header,
            solves,
            columns=(0.0, 0.4, 0.62, 0.84),
            fontsize=9,
            top=y,
            align=("left", "right", "right", "right"),
        )
        y = _heading(right, lang["plan.cover_terms"], y - 0.05)
        terms = plan.terms_table()
        header = [""] + [lang[f"plan_field.{k}"] for k in ("nothing", "greedy", "plan")]
        values = [
            [
                lang[f"plan_term.{r.term}"],
                *(P.fmt_number(float(v), 1) for v in (r.nothing, r.greedy, r.plan)),
            ]
            for r in terms.itertuples(index=False)
        ]
        y = P.draw_table(
            right,
            header,
            values,
            columns=(0.0, 0.53, 0.69, 0.85),
            fontsize=7.5,
            top=y,
            align=("left", "right", "right", "right"),
        )
        if contents:
            y = _heading(right, lang["atlas.contents"], y - 0.05)
            entries = [[text, lang["atlas.page"].format(n=page)] for text, page in contents]
            P.draw_table(right, (), entries, columns=(0.0, 0.7), fontsize=10, top=y, align=("left", "right"))
        fig.text(0.06, 0.03, "SchoolPlan", fontsize=8, color="#777777")
    fig._schoolplan_title = title  # type: ignore[attr-defined]
    return fig


def _wan(value: float, lang: dict[str, str]) -> str:
    """万元, whole; a solver's -2e-13 is 0."""
    return lang["plan.wan"].format(n=P.fmt_number(round(value) + 0.0 if math.isfinite(value) else value))


def _heading(ax: Axes, text: str, top: float) -> float:
    ax.text(0.0, top, text, transform=ax.transAxes, ha="left", va="top", fontsize=12, color="#1f4e79")
    return top - 0.07
