"""The printed map of a standards plan (优质均衡达标方案): what is added where, and which teachers move.

:func:`standards_map` draws, in the style of the county plan's map (:func:`layers.printmap.plan_map`):
the county (townships, rivers, roads faint), every school as a small dot of its type's colour,
each school with investments as a circle whose area grows with its cost and a number that the
side column lists (the school, its items in short words, its cost), and the teacher transfers
as arrows from the school a teacher leaves to the one it joins (colour by kind of teacher,
width by teachers). The side column then gives the plan's figures: cost, proven bound and gap,
teachers hired and moved, schools meeting the per-school rule before and after. Title, legend,
scale bar, north arrow and source note as the other printed maps have, every word in the
sheet's language (:mod:`layers.glossary`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from layers import _print as P
from layers.printmap import (
    MapSheet,
    _default_title,
    _furniture,
    _halo,
    _layout,
    _plan_schools,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from gis.project import Project
    from gis.standards_plan import StandardsPlan

#: Colour of the transfer arrows by kind of teacher (``teacher_transfers.csv``'s ``kind``).
TRANSFER_COLORS: dict[str, str] = {"qualified": "#1b9e77", "key": "#d95f02", "pe_arts": "#7570b3"}
#: The investment circles: colour, the area (pt² on A4) of the largest cost, and the least area.
INVEST_COLOR = "#e7298a"
INVEST_AREA = 360.0
INVEST_LEAST = 30.0
#: Arrow width (pt on A4) per teacher moved, and the widest.
ARROW_WIDTH = 0.8
ARROW_WIDEST = 4.0
#: Roads are drawn this opaque under the plan.
ROAD_ALPHA = 0.35
#: Longest school name in the side column, in characters.
NAME_CHARS = 10


def standards_map(project: Project, plan: StandardsPlan, sheet: MapSheet | None = None) -> Figure:
    """The standards plan on the county's map, with its investments listed and its figures beside it.

    Parameters
    ----------
    project
        The county project (its base map and today's schools).
    plan
        The plan (:func:`gis.standards_plan.plan_standards`): its investments, transfers and
        summary; schools are placed where ``plan.schools_before`` has them.
    sheet
        Paper, titles and language.

    Returns
    -------
    The figure: one arrow (:class:`matplotlib.patches.FancyArrowPatch`) per row of
    ``plan.transfers`` whose two schools are at different places.
    """
    sheet = sheet or MapSheet()
    s = sheet.scale
    places = _school_places(plan)
    costs = _costs_by_school(plan.investments)
    with P.print_context():
        lang = sheet.words
        layout = _layout(sheet, panels=1, column_mm=92.0, legend_share=0.30)
        ax = layout.maps[0]
        extent = P.fit_extent(ax, P.project_bounds(project))
        P.draw_base(ax, project, extent=extent, scale=s)
        _fade_roads(ax)
        _plan_schools(ax, project.schools, s)
        largest = float(costs["cost"].max()) if len(costs) else 0.0
        _invest_marks(ax, costs, places, largest, s)
        kinds = _transfer_arrows(ax, plan.transfers, places, s)
        numbers = _numbers(ax, costs, places, s)
        P.draw_township_labels(ax, project, extent=extent, fontsize=6.5 * s)
        moved = int(plan.transfers["teachers"].sum()) if len(plan.transfers) else 0
        subtitle = lang["standards.subtitle"].format(cost=P.fmt_number(plan.cost, 1), moved=moved, hired=plan.hired)
        _furniture(
            layout,
            project,
            sheet,
            _default_title(project, sheet, lang["standards.map_title"]),
            default_subtitle=subtitle,
        )
        handles = _handles(project, kinds, largest, lang, sheet)
        handles += P.base_legend_handles(project, lang, scale=s)
        P.two_column_legend(layout.legend, handles, lang, fontsize=6.0 * s, handlelength=2.4, labelspacing=1.1)
        _side_column(layout.figures, plan, costs, numbers, lang, sheet)
    return layout.figure


def _school_places(plan: StandardsPlan) -> dict[str, tuple[float, float]]:
    schools = plan.schools_before
    return {str(sid): (float(g.x), float(g.y)) for sid, g in zip(schools["school_id"], schools.geometry, strict=True)}


def _costs_by_school(investments: pd.DataFrame) -> pd.DataFrame:
    """One row per school with investments: school_id, name, cost (万元), items (in the order of
    :data:`gis.standards_plan.ITEMS`), the costliest first."""
    import pandas as pd

    from gis.standards_plan import ITEMS

    if not len(investments):
        return pd.DataFrame({"school_id": [], "name": [], "cost": [], "items": []})
    order = {item: k for k, item in enumerate(ITEMS)}
    rows = []
    for sid, part in investments.groupby(investments["school_id"].astype(str), sort=False):
        items = sorted(set(part["item"].astype(str)), key=lambda item: order.get(item, len(order)))
        rows.append(
            {"school_id": sid, "name": str(part["name"].iloc[0]), "cost": float(part["cost"].sum()), "items": items}
        )
    table = pd.DataFrame(rows)
    return table.sort_values(["cost", "school_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _fade_roads(ax: Axes) -> None:
    """Roads (drawn by :func:`layers._print.draw_base` at zorder 3 to 4) made faint under the plan."""
    for collection in ax.collections:
        if 3.0 <= collection.get_zorder() < 4.0:
            collection.set_alpha(ROAD_ALPHA)


def _invest_area(cost: np.ndarray | float, largest: float, scale: float) -> np.ndarray:
    return np.maximum(INVEST_AREA * np.asarray(cost, dtype=float) / max(largest, 1e-9), INVEST_LEAST) * scale**2


def _invest_marks(
    ax: Axes, costs: pd.DataFrame, places: dict[str, tuple[float, float]], largest: float, scale: float
) -> None:
    shown = [sid in places for sid in costs["school_id"]]
    part = costs[shown]
    if not len(part):
        return
    xy = np.array([places[sid] for sid in part["school_id"]])
    ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=_invest_area(part["cost"].to_numpy(), largest, scale),
        facecolors=INVEST_COLOR,
        edgecolors="#7a0177",
        linewidths=0.8 * scale,
        alpha=0.55,
        zorder=6.5,
    )


def _arrow_width(teachers: float, scale: float) -> float:
    return min(ARROW_WIDTH * (0.6 + math.sqrt(max(teachers, 0.0))), ARROW_WIDEST) * scale


def _transfer_arrows(
    ax: Axes, transfers: pd.DataFrame, places: dict[str, tuple[float, float]], scale: float
) -> list[str]:
    """An arrow per transfer; the kinds drawn, in the order of :data:`TRANSFER_COLORS`."""
    from matplotlib.patches import FancyArrowPatch

    drawn: set[str] = set()
    for r in transfers.itertuples(index=False):
        start, end = places.get(str(r.from_school)), places.get(str(r.to_school))
        if start is None or end is None or start == end:
            continue
        kind = str(r.kind)
        ax.add_patch(
            FancyArrowPatch(
                start,
                end,
                arrowstyle="-|>",
                mutation_scale=(7 + 1.5 * min(float(r.teachers), 4.0)) * scale,
                color=TRANSFER_COLORS.get(kind, P.ARROW_COLOR),
                linewidth=_arrow_width(float(r.teachers), scale),
                shrinkA=3,
                shrinkB=4,
                connectionstyle="arc3,rad=0.18",
                alpha=0.9,
                zorder=7,
            )
        )
        drawn.add(kind)
    return [k for k in (*TRANSFER_COLORS, *sorted(drawn - set(TRANSFER_COLORS))) if k in drawn]


def _numbers(ax: Axes, costs: pd.DataFrame, places: dict[str, tuple[float, float]], scale: float) -> list[int]:
    """Number the schools with investments on the map, as the side column lists them."""
    numbers = list(range(1, len(costs) + 1))
    for n, sid in zip(numbers, costs["school_id"], strict=True):
        if sid not in places:
            continue
        ax.annotate(
            str(n),
            places[sid],
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=5.5 * scale,
            color="#111111",
            zorder=9.5,
            annotation_clip=True,
            path_effects=[_halo()],
        )
    return numbers


def _handles(project: Project, kinds: list[str], largest: float, lang: dict[str, str], sheet: MapSheet) -> list[Artist]:
    """Legend: school types, the investment circles at two costs, an arrow per kind of teacher moved."""
    from matplotlib.lines import Line2D

    schools = project.schools
    handles: list[Artist] = P.school_legend_handles(schools, np.ones(len(schools), dtype=bool), lang, overcrowded=False)
    if largest > 0:
        top = P.nice_length(largest)
        for n in sorted({top, P.nice_length(top / 4)}):
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="none",
                    marker="o",
                    markersize=float(np.sqrt(_invest_area(n, largest, sheet.scale))),
                    markerfacecolor=INVEST_COLOR,
                    markeredgecolor="#7a0177",
                    alpha=0.55,
                    label=lang["standards.cost_mark"].format(n=P.fmt_number(n, 0 if n >= 1 else 1)),
                )
            )
    for kind in kinds:
        handles.append(
            Line2D(
                [],
                [],
                color=TRANSFER_COLORS.get(kind, P.ARROW_COLOR),
                marker=">",
                markevery=[-1],
                markersize=4,
                linewidth=1.6,
                label=lang["standards.transfer"].format(kind=lang.get(f"std_kind.{kind}", kind)),
            )
        )
    if kinds:
        handles.append(Line2D([], [], color="#777777", linewidth=0.6, label=lang["standards.width"]))
    return handles


def _side_column(
    ax: Axes, plan: StandardsPlan, costs: pd.DataFrame, numbers: list[int], lang: dict[str, str], sheet: MapSheet
) -> None:
    """The list of the schools with investments (number, school, items, 万元), then the plan's figures."""
    ax.set_axis_off()
    fs = 6.0 * sheet.scale
    height_in = ax.get_position().height * P.figure_size(ax)[1]
    step = fs * 1.55 / 72.0 / max(height_in, 1e-6)
    ax.text(0.0, 1.0, lang["standards.investments"], transform=ax.transAxes, ha="left", va="top", fontsize=fs * 1.25)
    figures = _figures(plan, lang)
    room = int((1.0 - 2.4 * step) / step) - len(figures) - 3
    rows = []
    for n, rec in zip(numbers, costs.itertuples(index=False), strict=True):
        name = str(rec.name)
        if len(name) > NAME_CHARS:
            name = name[: NAME_CHARS - 1] + "…"
        sep = "、" if sheet.language == "zh" else ", "
        items = sep.join(lang.get(f"std_item.short_{item}", item) for item in rec.items)
        rows.append([str(n), name, items, P.fmt_number(float(rec.cost), 1)])
    keys = ("standards.no", "standards.school", "standards.items", "standards.money")
    columns = (0.0, 0.06, 0.36, 0.88) if sheet.language == "zh" else (0.0, 0.06, 0.29, 0.90)
    align = ("left", "left", "left", "right")
    y = P.draw_list(
        ax, [lang[k] for k in keys], rows, room=room, columns=columns, align=align, fontsize=fs, step=step,
        more=lang["standards.more"], none=lang["standards.none"],
    )  # fmt: skip
    y -= step * 0.6
    ax.text(0.0, y, lang["standards.figures"], transform=ax.transAxes, ha="left", va="top", fontsize=fs * 1.25)
    P.draw_table(ax, (), figures, columns=(0.0, 0.70), fontsize=fs, top=y - step * 1.4, align=("left", "right"))


def _figures(plan: StandardsPlan, lang: dict[str, str]) -> list[list[str]]:
    """The plan's figures for the side column, as (words, value) rows: in the targets mode the cost
    with its proven lower bound, in the budget mode the budget, the targets reached and their
    proven upper bound; then the gap, the teachers hired and moved and the schools meeting the
    per-school rule before and after."""
    gap = f"{100 * plan.gap:.2f}%" if math.isfinite(plan.gap) else "–"
    moved = int(plan.transfers["teachers"].sum()) if len(plan.transfers) else 0
    if plan.mode == "targets":
        rows = [
            [lang["standards.figure_cost"], P.fmt_number(plan.cost, 1)],
            [lang["standards.figure_bound"], P.fmt_number(plan.bound, 1)],
        ]
    else:
        rows = [
            [lang["standards.figure_budget"], P.fmt_number(plan.budget if plan.budget is not None else math.nan, 1)],
            [lang["standards.figure_cost"], P.fmt_number(plan.cost, 1)],
            [lang["standards.figure_targets"], f"{plan.targets_reached:,} / {plan.targets_total:,}"],
            [lang["standards.figure_targets_bound"], P.fmt_number(plan.bound)],
        ]
    rows += [
        [lang["standards.figure_gap"], gap],
        [lang["standards.figure_hired"], f"{plan.hired:,}"],
        [lang["standards.figure_moved"], f"{moved:,}"],
    ]
    summary = plan.summary
    rule = summary[summary["indicator"] == "per_school_rule"]
    for r in rule.itertuples(index=False):
        level = lang.get(f"level.{r.level}", str(r.level))
        rows.append(
            [
                lang["standards.figure_meeting"].format(level=level),
                lang["standards.before_after"].format(
                    before=f"{int(r.schools_meeting_before):,}", after=f"{int(r.schools_meeting_after):,}"
                ),
            ]
        )
    return rows
