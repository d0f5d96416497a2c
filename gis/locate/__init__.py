"""Location-allocation models: which sites to open and which clients each one serves."""

from __future__ import annotations

from gis.locate.orlib import read_orlib_pmed
from gis.locate.pmedian import LocationResult, PMedian

__all__ = ["LocationResult", "PMedian", "read_orlib_pmed"]
