"""Enrolment zones (划片): each school's zone as whole villages, contiguous, within its seats.

- :mod:`gis.zones.units`: the villages and town blocks zones are made of, and which touch;
- :mod:`gis.zones.model`: the mixed-integer model with contiguity cuts, solved with HiGHS;
- :mod:`gis.zones.draw`: the model built from a project, solved, explained and turned into tables
  and polygons (:func:`draw_zones`).
"""

from gis.zones.draw import TABLE_COLUMNS, ZoneOptions, Zones, draw_zones
from gis.zones.model import ZoningModel, ZoningResult
from gis.zones.units import Units, build_units

__all__ = [
    "TABLE_COLUMNS",
    "Units",
    "ZoneOptions",
    "Zones",
    "ZoningModel",
    "ZoningResult",
    "build_units",
    "draw_zones",
]
