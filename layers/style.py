"""Layer styles shared by every renderer (the window's map, printed maps, exports)."""

from __future__ import annotations

from dataclasses import dataclass


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
