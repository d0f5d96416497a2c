"""A quick catchment map of an analysis, drawn with matplotlib (headless)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from layers.style import (
    BEYOND_THRESHOLD_COLOR,
    BOUNDARY_STYLE,
    CATCHMENT_PALETTE,
    RIVER_STYLE,
    ROAD_STYLES,
    SCHOOL_COLORS,
)

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.analysis import Analysis


def quick_catchment_map(
    analysis: Analysis,
    catchments: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    level: str = "primary",
    dpi: int = 120,
) -> Path:
    """Draw the catchments of one level with roads, rivers, schools and far-away cells.

    Cells whose trip exceeds the level's rule are drawn in red.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    project = analysis.project
    fig, ax = plt.subplots(figsize=(10, 10), dpi=dpi)
    ax.set_aspect("equal")
    ax.set_axis_off()
    part = catchments[catchments["level"] == level]
    colors = [CATCHMENT_PALETTE[i % len(CATCHMENT_PALETTE)] for i in range(len(part))]
    if len(part):
        part.plot(ax=ax, color=colors, edgecolor="#666666", linewidth=0.3, alpha=0.8)
    if len(project.townships):
        project.townships.boundary.plot(ax=ax, color=BOUNDARY_STYLE.color, linewidth=BOUNDARY_STYLE.width)
    if len(project.rivers):
        project.rivers.plot(ax=ax, color=RIVER_STYLE.color, linewidth=RIVER_STYLE.width)
    for road_class, style in ROAD_STYLES.items():
        roads = project.roads[project.roads["road_class"] == road_class]
        if len(roads):
            roads.plot(ax=ax, color=style.color, linewidth=style.width * 0.6)
    result = analysis.levels.get(level)
    if result is not None:
        far = ~result.groups[0].within
        pop = project.population
        ax.scatter(
            pop.geometry.x.to_numpy()[result.cells][far],
            pop.geometry.y.to_numpy()[result.cells][far],
            s=0.3,
            color=BEYOND_THRESHOLD_COLOR,
            marker="s",
            linewidths=0,
        )
    schools = project.schools
    kinds = schools["type"].astype(str).to_numpy()
    for kind, color in SCHOOL_COLORS.items():
        mask = kinds == kind
        if mask.any():
            ax.scatter(
                schools.geometry.x.to_numpy()[mask],
                schools.geometry.y.to_numpy()[mask],
                s=np.full(int(mask.sum()), 14.0),
                color=color,
                edgecolor="white",
                linewidths=0.5,
                zorder=5,
                label=kind.replace("_", " "),
            )
    ax.legend(loc="lower left", fontsize=8, frameon=True)
    threshold = result.groups[0].threshold_min if result is not None else float("nan")
    ax.set_title(f"{level} catchments (red: beyond {threshold:g} min)", fontsize=11)
    target = Path(path)
    fig.savefig(target, bbox_inches="tight")
    plt.close(fig)
    return target
