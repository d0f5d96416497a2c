"""Location-allocation models: which sites to open and which clients each one serves."""

from __future__ import annotations

from gis.locate.capacitated import CapacitatedPMedian, CapacitatedResult
from gis.locate.covering import CoverResult, MaxCover, SetCover
from gis.locate.orlib import read_orlib_pmed
from gis.locate.pmedian import LocationResult, PMedian

__all__ = [
    "CapacitatedPMedian",
    "CapacitatedResult",
    "CoverResult",
    "LocationResult",
    "MaxCover",
    "PMedian",
    "SetCover",
    "read_orlib_pmed",
]
