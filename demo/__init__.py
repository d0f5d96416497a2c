"""The demo county, Bancang County (半仓县): a deterministic, believable test bed.

Bancang is an invented mountain county in the south-west (Guizhou-like uplands): about
2,000 km² of ridges and valleys drained by one main river, the Bancang He (半仓河), with a
county seat on the main river, a dozen townships, some two hundred villages, a road network
that follows the valleys, 100 m gridded school-age children and some ninety schools with their
pupils, classes, teachers and resources.

It is made step by step, a module each, in this order (:mod:`demo.county` runs the steps and
assembles the project):

:mod:`demo.terrain`
    The county's outline and its DEM: valleys and ridges raised along a drainage tree.
:mod:`demo.rivers`
    The rivers layer, and the river pixels that roads cross only on bridges.
:mod:`demo.settlements`
    The county seat, township seats and villages, the stretch of the main river with no
    bridge, and the township boundaries.
:mod:`demo.roads`
    The road network: least-cost routes on the DEM, class by class.
:mod:`demo.population`
    School-age children on the 100 m grid.
:mod:`demo.schools`
    The schools with their pupils, classes, seats, boarding, teachers and resources.

:mod:`demo.grid` holds the 100 m grid and the pixel tools the steps share, :mod:`demo.names`
what things are called.

:mod:`demo.province` makes a province of demo counties side by side, each with its own name,
codes, seed and size, one file broken on purpose (``schoolplan demo-province``).

:mod:`demo.history` makes the county's past for the forecast from the finished project: births
by place 2012–2025 and enrolment by school and grade 2021–2025 (``python -m demo.history``).

The same seed and scale give the same county (on the same platform). ``scale`` multiplies the
area and the numbers of townships, villages, roads and schools; :data:`LARGE_SCALE` gives the
benchmark county. The analysis core (``gis``) and the layers (``layers``) never import this
package (an import-linter contract in ``pyproject.toml``); it uses ``gis`` for the project it
makes.

Command line::

    python -m demo data/bancang.gpkg [--scale S] [--seed N] [--quiet]
"""

from demo.county import LARGE_SCALE, generate_county, main
from demo.grid import CRS

__all__ = ["CRS", "LARGE_SCALE", "generate_county", "main"]
