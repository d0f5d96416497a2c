"""Location-allocation models: which sites to open and which clients each one serves.

Every model is a :class:`~gis.locate.base.LocationModel` (its data, solver and results in
:mod:`gis.locate.base`) adding its own formulation: :mod:`~gis.locate.pmedian`,
:mod:`~gis.locate.capacitated` and :mod:`~gis.locate.covering`. Their inputs are checked in
:mod:`~gis.locate.checks`, a project becomes a problem in :mod:`~gis.locate.problem`, and
:mod:`~gis.locate.orlib` reads the OR-Library test instances.
:mod:`~gis.locate.neighbourhoods` improves single-source capacitated p-median solutions too
large for the exact model (hundreds of medians) a few neighbouring medians at a time.
"""

from __future__ import annotations

from gis.locate.base import CapacitatedResult, CoverResult, LocationModel, LocationResult
from gis.locate.capacitated import CapacitatedPMedian
from gis.locate.covering import MaxCover, SetCover
from gis.locate.orlib import read_orlib_pmed
from gis.locate.pmedian import PMedian

__all__ = [
    "CapacitatedPMedian",
    "CapacitatedResult",
    "CoverResult",
    "LocationModel",
    "LocationResult",
    "MaxCover",
    "PMedian",
    "SetCover",
    "read_orlib_pmed",
]
