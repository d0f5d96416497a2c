"""The demo county, Bancang County (半仓县): a deterministic generator outside the analysis core.

``python -m demo OUT.gpkg [--scale S] [--seed N] [--quiet]`` writes it to a GeoPackage;
:func:`generate_county` returns it as a project. The analysis core (``gis``) and the layers
(``layers``) never import this package; it uses ``gis`` for the project it makes.
"""

from demo.county import CRS, LARGE_SCALE, generate_county, main

__all__ = ["CRS", "LARGE_SCALE", "generate_county", "main"]
