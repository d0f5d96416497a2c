"""Layer styles shared by every renderer (the window's map, printed maps, exports)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

from gis.schema import LEVEL_GRADES
from layers.glossary import term

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from gis.analysis import Analysis


@dataclass(frozen=True)
class LineStyle:
    """Colour (hex) and width (points) of a line."""

    color: str
    width: float


ROAD_STYLES: dict[str, LineStyle] = {
    "county": LineStyle("#c0392b", 1.6),
    "township": LineStyle("#e67e22", 1.1),
    "village": LineStyle("#7f8c8d", 0.7),
    "path": LineStyle("#a1887f", 0.5),
}
RIVER_STYLE = LineStyle("#3a8fd9", 1.0)
BOUNDARY_STYLE = LineStyle("#555555", 0.8)
# Roads not joined to the main network (the planner should join them).
DISCONNECTED_STYLE = LineStyle("#d500f9", 3.0)

SCHOOL_COLORS: dict[str, str] = {
    "primary": "#1f77b4",
    "teaching_point": "#17becf",
    "junior": "#d62728",
    "nine_year": "#9467bd",
}

# Qualitative palette for catchments; neighbouring catchments get different colours.
CATCHMENT_PALETTE: tuple[str, ...] = (
    "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462",
    "#b3de69", "#fccde5", "#d9d9d9", "#bc80bd", "#ccebc5", "#ffed6f",
)  # fmt: skip
UNREACHABLE_COLOR = "#000000"
BEYOND_THRESHOLD_COLOR = "#e41a1c"

# The travel time surface: upper bounds (minutes, inclusive) of its classes and their colours
# (labels: :func:`travel_time_labels`). Greens are within the 30-minute walking rule of
# grades 1–3, oranges and reds beyond it; cells from which no school can be reached are black.
TRAVEL_TIME_BOUNDS: tuple[float, ...] = (15.0, 30.0, 45.0, 60.0, 90.0)
TRAVEL_TIME_COLORS: tuple[str, ...] = ("#1a9850", "#91cf60", "#fdae61", "#f46d43", "#d73027", "#a50026")

# School flags: the glossary term of each flag (a teaching point is flagged by its type), the
# English words of each (the window translates them), and how a marker shows them.
SCHOOL_FLAG_TERMS: dict[str, str] = {
    "overcrowded": "flag.overcrowded",
    "under_100": "flag.under_100",
    "teaching_point": "school.teaching_point",
    "boarding": "flag.boarding",
}
SCHOOL_FLAG_LABELS: dict[str, str] = {flag: term(key, "en") for flag, key in SCHOOL_FLAG_TERMS.items()}
OVERCROWDED_COLOR = "#e41a1c"  # outline of an overcrowded school
BOARDING_COLOR = "#222222"  # outline of a boarding school (when not overcrowded)
SMALL_SCHOOL_DASH = "3 3"  # dashed outline of a school under 100 pupils, drawn hollow
SMALL_SCHOOL_FILL_OPACITY = 0.25
# Defaults of the standards, used before an analysis brings the county's own.
DEFAULT_SMALL_SCHOOL = 100
DEFAULT_LARGE_CLASS = 56


def travel_time_class(minutes: np.ndarray | float) -> np.ndarray:
    """The class of each trip on the travel time surface.

    Parameters
    ----------
    minutes
        Trips in minutes (``inf`` when no school can be reached).

    Returns
    -------
    Integer classes: ``i`` indexes :data:`TRAVEL_TIME_COLORS` (a bound belongs to the class
    below it, so a 30-minute trip is within the rule), ``len(TRAVEL_TIME_COLORS)`` means
    unreachable.
    """
    values = np.asarray(minutes, dtype=float)
    classes = np.searchsorted(np.asarray(TRAVEL_TIME_BOUNDS), values, side="left")
    return np.where(np.isfinite(values), classes, len(TRAVEL_TIME_COLORS))


def travel_time_labels(language: str = "en") -> list[str]:
    """The labels of the travel time classes (:data:`TRAVEL_TIME_COLORS`), ``0–15 min`` to ``over 90 min``.

    Raises
    ------
    ValueError
        For a language other than ``zh`` or ``en``.
    """
    bounds = (0.0, *TRAVEL_TIME_BOUNDS)
    labels = [term("travel.class", language).format(lo=f"{lo:g}", hi=f"{hi:g}") for lo, hi in pairwise(bounds)]
    labels.append(term("travel.over", language).format(lo=f"{TRAVEL_TIME_BOUNDS[-1]:g}"))
    return labels


def school_flags(schools: gpd.GeoDataFrame, analysis: Analysis | None = None) -> pd.DataFrame:
    """The map flags of each school: overcrowded, under 100 pupils, teaching point, boarding.

    A school is overcrowded when its pupils exceed its places at either level or its mean
    class size at either level reaches the large-class size (56). With an analysis the
    figures come from :func:`gis.indicators.school_table` (the county's standards);
    without one they are computed from the schools layer with the default standards.

    Parameters
    ----------
    schools
        The project's schools layer.
    analysis
        The analysis of the project, if any.

    Returns
    -------
    One boolean column per key of :data:`SCHOOL_FLAG_LABELS`, one row per school (in order).
    """
    import pandas as pd

    if analysis is not None and len(analysis.project.schools) == len(schools):
        from gis.indicators import school_table

        table = school_table(analysis)
        over = np.zeros(len(table), dtype=bool)
        for level in ("primary", "junior"):
            over |= np.nan_to_num(table[f"utilisation_{level}"].to_numpy(dtype=float)) > 1.0
        over |= table["large_classes_56"].to_numpy(dtype=bool)
        return pd.DataFrame(
            {
                "overcrowded": over,
                "under_100": table["under_100"].to_numpy(dtype=bool),
                "teaching_point": table["teaching_point"].to_numpy(dtype=bool),
                "boarding": table["boarding"].to_numpy(dtype=bool),
            }
        )
    total = np.zeros(len(schools))
    over = np.zeros(len(schools), dtype=bool)
    for level, grades in LEVEL_GRADES.items():
        enrol = sum((schools[f"enrol_g{g}"].to_numpy(dtype=float) for g in grades), np.zeros(len(schools)))
        total += enrol
        capacity = schools[f"capacity_{level}"].to_numpy(dtype=float)
        classes = schools[f"classes_{level}"].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            over |= np.nan_to_num(np.where(capacity > 0, enrol / capacity, np.nan)) > 1.0
            over |= np.nan_to_num(np.where(classes > 0, enrol / classes, np.nan)) >= DEFAULT_LARGE_CLASS
    return pd.DataFrame(
        {
            "overcrowded": over,
            "under_100": total < DEFAULT_SMALL_SCHOOL,
            "teaching_point": schools["type"].astype(str).to_numpy() == "teaching_point",
            "boarding": schools["boarding"].astype(bool).to_numpy(),
        }
    )
