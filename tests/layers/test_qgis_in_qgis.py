"""The styled GeoPackage and the project file opened in a real QGIS (PyQGIS, Debian's python3-qgis).

Our virtualenv cannot import QGIS, so a script runs in the system Python that can
(``/usr/bin/python3`` with ``qgis.core``) and reports, as JSON, what QGIS made of every layer:
whether its default style loads from ``layer_styles``, the renderer, its classification
attribute, categories and ranges, and every message GDAL and QGIS gave on the way. The test
skips when no such Python is installed (``.ci/run`` installs python3-qgis when it can).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio
import pytest

from gis.analysis import analyze
from gis.edits import Close
from gis.project import load_project
from gis.standards import load_standards
from gis.suggest import Suggestion, Suggestions
from layers.fonts import cjk_font_path
from layers.qgis_styles import write_styled_gpkg
from layers.style import TRAVEL_TIME_COLORS, UNREACHABLE_COLOR
from tests.layers.test_qgis_styles import write_styled_project

QGIS_PYTHON = os.environ.get("SCHOOLPLAN_QGIS_PYTHON", "/usr/bin/python3")
DEMO = Path(__file__).resolve().parents[2] / "data" / "bancang.gpkg"

# What QGIS must show for each layer: renderer type and the attribute classified (None: single symbol).
EXPORT = {
    "townships": ("singleSymbol", None),
    "cells_primary": ("graduatedSymbol", "travel_min"),
    "cells_junior": ("graduatedSymbol", "travel_min"),
    "catchments_primary": ("categorizedSymbol", "school_id"),
    "catchments_junior": ("categorizedSymbol", "school_id"),
    "roads": ("categorizedSymbol", "road_class"),
    "schools": ("categorizedSymbol", "type"),
    "suggestions": ("categorizedSymbol", "role"),
}
PROJECT = {
    "schools": ("categorizedSymbol", "type"),
    "population": ("graduatedSymbol", "primary"),
    "roads": ("categorizedSymbol", "road_class"),
    "townships": ("singleSymbol", None),
    "places": ("categorizedSymbol", "kind"),
    "rivers": ("singleSymbol", None),
}

PROBE = r"""
import json, os, sys

gdal_messages = []
try:  # python3-gdal; without it GDAL's messages still reach stderr
    from osgeo import gdal

    gdal.PushErrorHandler(lambda cls, code, msg: gdal_messages.append([cls, code, msg]))
except ImportError:
    pass
from qgis.core import (
    Qgis, QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsRectangle, QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

app = QgsApplication([], False)
app.initQgis()
log = []
QgsApplication.messageLog().messageReceived.connect(lambda m, tag, level: log.append([tag, int(level), m]))
request = json.loads(sys.argv[1])
from qgis.PyQt.QtGui import QFontDatabase

for font in request.pop("fonts", []):  # the Chinese font SchoolPlan ships, for the labels
    QFontDatabase.addApplicationFont(font)
out = {"qgis": Qgis.QGIS_VERSION, "files": {}}
for path, spec in request.items():
    layers = {}
    loaded = {}
    for name in spec["layers"]:
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        message, ok = layer.loadDefaultStyle()
        renderer = layer.renderer()
        info = {"valid": layer.isValid(), "geometry_type": int(layer.geometryType()), "style_loaded": bool(ok),
                "style_message": message, "renderer": renderer.type() if renderer else None,
                "features": layer.featureCount()}
        if renderer is not None and renderer.type() in ("categorizedSymbol", "graduatedSymbol"):
            info["attribute"] = renderer.classAttribute()
        if renderer is not None and renderer.type() == "categorizedSymbol":
            info["categories"] = [str(c.value()) for c in renderer.categories()]
        if renderer is not None and renderer.type() == "graduatedSymbol":
            info["ranges"] = [[r.lowerValue(), r.upperValue(), r.symbol().color().name()] for r in renderer.ranges()]
        layers[name] = info
        loaded[name] = layer
    out["files"][path] = {"layers": layers}
    for png, view in spec.get("render", {}).items():
        chosen = [loaded[n] for n in view["layers"]]  # top first
        settings = QgsMapSettings()
        settings.setLayers(chosen)
        settings.setDestinationCrs(chosen[-1].crs())
        extent = chosen[-1].extent()
        extent.scale(1.05)
        if view.get("extent"):
            extent = QgsRectangle(*view["extent"])
        settings.setExtent(extent)
        settings.setOutputSize(QSize(spec.get("width", 1200), spec.get("height", 1200)))
        settings.setBackgroundColor(QColor(255, 255, 255))
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()
        job.renderedImage().save(png, "PNG")
app.processEvents()
out["gdal_messages"] = gdal_messages
out["log"] = log
print("SCHOOLPLAN-JSON " + json.dumps(out), flush=True)
# exitQgis() with layers still alive crashes QGIS 3.22 on the way out; nothing is left to save.
os._exit(0)
"""


def _qgis_python() -> str | None:
    if not Path(QGIS_PYTHON).exists():
        return None
    try:
        done = subprocess.run([QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return QGIS_PYTHON if done.returncode == 0 else None


@pytest.fixture(scope="module")
def qgis_python() -> str:
    found = _qgis_python()
    if found is None:
        pytest.skip(
            f"PyQGIS not available: {QGIS_PYTHON} cannot import qgis.core "
            "(install Debian's python3-qgis to run the QGIS checks)"
        )
    return found


def _run_qgis(python: str, request: dict[str, Any], tmp: Path) -> dict[str, Any]:
    runtime = tmp / "xdg"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(runtime), "HOME": str(tmp)}
    env.pop("PYTHONPATH", None)  # our virtualenv's packages are not for the system Python
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        [python, "-c", PROBE, json.dumps(request)], capture_output=True, text=True, timeout=300, env=env, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("SCHOOLPLAN-JSON ")]
    assert done.returncode == 0 and lines, f"PyQGIS failed:\n{done.stdout}\n{done.stderr}"
    result: dict[str, Any] = json.loads(lines[-1].removeprefix("SCHOOLPLAN-JSON "))
    # GDAL's default handler prints on stderr what escapes ours.
    result["stderr"] = [line for line in done.stderr.splitlines() if line.startswith(("Warning", "ERROR"))]
    return result


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo county's styled export and its project file saved by save_project with the styles."""
    tmp = tmp_path_factory.mktemp("qgis")
    project = load_project(DEMO)
    analysis = analyze(project, load_standards())
    a, b = (str(v) for v in project.schools["school_id"].iloc[:2])
    close = Suggestion(
        "S01", "primary", "close", (a,), ("x",), (b,), (), 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0, 0, "撤并", "close",
        (Close(a),),
    )  # fmt: skip
    export = write_styled_gpkg(tmp / "export.gpkg", analysis, suggestions=Suggestions((close,)))
    saved = write_styled_project(project, tmp / "county.gpkg")
    return {"export": export, "project": saved, "tmp": tmp}


@pytest.fixture(scope="module")
def qgis(qgis_python: str, files: dict[str, Path]) -> dict[str, Any]:
    tmp = files["tmp"]
    font = cjk_font_path()
    schools = pyogrio.read_dataframe(files["export"], layer="schools")
    x, y = float(np.median(schools.geometry.x)), float(np.median(schools.geometry.y))
    request: dict[str, Any] = {
        "fonts": [str(font)] if font is not None else [],
        str(files["export"]): {
            "layers": list(EXPORT),
            "render": {
                str(tmp / "export.png"): {
                    "layers": ["schools", "roads", "catchments_primary", "cells_primary", "townships"]
                },
                # 8 km around the schools' middle: cells some pixels wide, mostly not edges
                str(tmp / "cells.png"): {"layers": ["cells_primary"], "extent": [x - 4e3, y - 4e3, x + 4e3, y + 4e3]},
            },
        },
        str(files["project"]): {
            "layers": list(PROJECT),
            "render": {
                str(tmp / "project.png"): {
                    "layers": ["schools", "places", "roads", "rivers", "townships", "population"]
                }
            },
        },
    }
    return _run_qgis(qgis_python, request, tmp)


def _distinct(path: Path, layer: str, column: str) -> set[str]:
    return {str(v) for v in pyogrio.read_dataframe(path, layer=layer, read_geometry=False)[column]}


def _check_layers(result: dict[str, Any], path: Path, expected: dict[str, tuple[str, str | None]]) -> None:
    layers = result["files"][str(path)]["layers"]
    assert set(layers) == set(expected)
    for name, (renderer, attribute) in expected.items():
        info = layers[name]
        assert info["valid"], name
        assert info["style_loaded"], f"{name}: QGIS did not apply the default style ({info['style_message']})"
        assert info["renderer"] == renderer, name
        assert info["features"] == pyogrio.read_info(path, layer=name)["features"], name
        if attribute is None:
            continue
        assert attribute in info["attribute"], name
        if renderer == "categorizedSymbol":
            # One category per value in the layer, no more, no fewer.
            assert sorted(info["categories"]) == sorted(_distinct(path, name, attribute)), name
        else:
            values = pyogrio.read_dataframe(path, layer=name, read_geometry=False)[attribute].to_numpy(dtype=float)
            values = values[np.isfinite(values) & (values > 0)]
            ranges = info["ranges"]
            covered = np.zeros(len(values), dtype=bool)
            for lower, upper, _colour in ranges:
                covered |= (values >= lower - 1e-6) & (values <= upper + 1e-6)
            assert covered.all(), f"{name}: {int((~covered).sum())} features in no class"
    for name in expected:
        assert layers[name]["features"] > 0, name


def test_every_export_layer_styled_in_qgis(qgis: dict[str, Any], files: dict[str, Path]) -> None:
    _check_layers(qgis, files["export"], EXPORT)
    ranges = qgis["files"][str(files["export"])]["layers"]["cells_primary"]["ranges"]
    assert [c for *_b, c in ranges] == [*TRAVEL_TIME_COLORS, UNREACHABLE_COLOR]


def test_every_project_layer_styled_in_qgis(qgis: dict[str, Any], files: dict[str, Path]) -> None:
    _check_layers(qgis, files["project"], PROJECT)
    assert len(qgis["files"][str(files["project"])]["layers"]["population"]["ranges"]) == 5


def _warnings(qgis: dict[str, Any], path: Path) -> list[str]:
    messages = [m for _cls, _code, m in qgis["gdal_messages"]] + qgis["stderr"]
    messages += [m for _tag, level, m in qgis["log"] if level >= 1]  # Qgis.Warning and above
    return [m for m in messages if path.name in m or "GeoPackage" in m]


def test_export_opens_without_gdal_warnings(qgis: dict[str, Any], files: dict[str, Path]) -> None:
    assert _warnings(qgis, files["export"]) == []
    ogrinfo = shutil.which("ogrinfo", path="/usr/bin")
    if ogrinfo is not None:  # Debian's gdal-bin, the GDAL of its QGIS
        done = subprocess.run([ogrinfo, "-so", "-al", str(files["export"])], capture_output=True, text=True,
                              timeout=120, check=False)  # fmt: skip
        assert done.returncode == 0 and done.stderr == ""


def test_project_file_opens_without_gdal_warnings(qgis: dict[str, Any], files: dict[str, Path]) -> None:
    assert _warnings(qgis, files["project"]) == []


def test_qgis_draws_the_travel_time_colours(qgis: dict[str, Any], files: dict[str, Path]) -> None:
    from matplotlib.image import imread

    image = imread(files["tmp"] / "cells.png")[..., :3]
    pixels = np.round(image.reshape(-1, 3) * 255).astype(int)
    drawn = pixels[(pixels != 255).any(axis=1)]
    assert len(drawn) > 0.05 * len(pixels)
    palette = {tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in (*TRAVEL_TIME_COLORS, UNREACHABLE_COLOR)}
    exact = np.array([tuple(p) in palette for p in map(tuple, drawn)])
    # QGIS fills the cells with the window's colours, not random ones (the rest: antialiased edges)
    assert exact.mean() > 0.75
    assert len({tuple(p) for p in drawn[exact]}) >= 3
