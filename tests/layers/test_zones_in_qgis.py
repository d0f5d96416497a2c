"""zones.gpkg opened in a real QGIS (PyQGIS, Debian's python3-qgis): both layers valid, their
styles loaded from ``layer_styles``, the zones classified by school with one category per zone,
drawn, and no GDAL warning on the way. Skips when no such Python is installed."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image

from gis.standards import load_standards
from gis.zones import ZoneOptions, draw_zones
from layers.fonts import cjk_font_path
from outputs.zones import write_zones
from tests.conftest import zones_county
from tests.layers.test_qgis_in_qgis import _qgis_python, _run_qgis


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    python = _qgis_python()
    if python is None:
        pytest.skip("PyQGIS not available (install Debian's python3-qgis to run the QGIS checks)")
    county = zones_county.__wrapped__()  # the tiny county of tests/conftest.py, once for the module
    tmp = tmp_path_factory.mktemp("zones_qgis")
    zones = draw_zones(county, load_standards(), options=ZoneOptions(level="primary"))
    written = write_zones(zones, tmp / "out", project=county, dpi=60)
    gpkg = next(p for p in written if p.name == "zones.gpkg")
    png = tmp / "zones.png"
    font = cjk_font_path()
    result = _run_qgis(
        python,
        {
            "fonts": [str(font)] if font is not None else [],  # the school names' labels
            str(gpkg): {"layers": ["zones", "villages"], "render": {str(png): {"layers": ["villages", "zones"]}}},
        },
        tmp,
    )
    return {"result": result["files"][str(gpkg)]["layers"], "all": result, "png": png, "zones": zones}


def test_both_layers_styled_in_qgis(opened: dict[str, Any]) -> None:
    layers = opened["result"]
    for name in ("zones", "villages"):
        assert layers[name]["valid"], name
        assert layers[name]["style_loaded"], layers[name]["style_message"]
    zones = layers["zones"]
    assert zones["renderer"] == "categorizedSymbol"
    assert zones["attribute"] == "school_id"
    assert sorted(zones["categories"]) == sorted(opened["zones"].zones["school_id"])
    assert zones["features"] == len(opened["zones"].zones)
    assert layers["villages"]["features"] == len(opened["zones"].villages)


def test_qgis_draws_the_zones_without_warnings(opened: dict[str, Any]) -> None:
    assert opened["all"]["gdal_messages"] == []
    assert opened["all"]["stderr"] == []
    pixels = np.asarray(Image.open(opened["png"]).convert("RGB"))
    # Three zones in three fills: more than white and the outlines.
    colours = {tuple(c) for c in pixels.reshape(-1, 3)[::97].tolist()}
    assert len(colours) >= 4
    # The county is 2.4 km by 1 km in a square picture: about two fifths of it drawn.
    assert (pixels != 255).any(axis=2).mean() > 0.3
