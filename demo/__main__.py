"""``python -m demo OUT.gpkg``: write the demo county to a GeoPackage."""

import sys

from demo.county import main

sys.exit(main())
