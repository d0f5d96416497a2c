"""Write the small bad input layers of ``tests/data/bad/layers/`` (run once; the files are kept).

Each file has one thing wrong (see ``BAD_LAYERS`` in ``tests/gis/test_import_population.py``
and ``tests/gis/test_import_roads.py`` for the report line each must give). Everything lies
near 108°E, 26°N (CGCS2000 Gauss-Krüger zone EPSG:4545).

    python tests/data/bad/make_layers.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "layers"
LON, LAT = 108.0, 26.0
RES = 3 / 3600  # WorldPop's 3 arc-seconds


def _geojson(name: str, features: list[tuple[dict[str, object], dict[str, object] | None]]) -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features],
    }
    (OUT / name).write_text(json.dumps(collection, ensure_ascii=False, indent=1), encoding="utf-8")


def _line(*pts: tuple[float, float]) -> dict[str, object]:
    return {"type": "LineString", "coordinates": [list(p) for p in pts]}


def _point(x: float, y: float) -> dict[str, object]:
    return {"type": "Point", "coordinates": [x, y]}


def _poly(*pts: tuple[float, float]) -> dict[str, object]:
    ring = [list(p) for p in (*pts, pts[0])]
    return {"type": "Polygon", "coordinates": [ring]}


def _raster(name: str, values: np.ndarray, *, crs: str | None = "EPSG:4326", nodata: float | None = -99999.0) -> None:
    import rasterio
    from affine import Affine

    transform = Affine(RES, 0.0, LON - 0.01, 0.0, -RES, LAT + 0.01)
    with rasterio.open(
        OUT / name,
        "w",
        driver="GTiff",
        width=values.shape[1],
        height=values.shape[0],
        count=1,
        dtype="float32",
        crs=crs,
        transform=transform,
        nodata=nodata,
    ) as dst:
        dst.write(values.astype("float32"), 1)


def main() -> None:
    import pyrosm

    OUT.mkdir(parents=True, exist_ok=True)
    n = 24  # 24 x 24 pixels of 3": about 0.02 degrees around (108, 26)
    _raster("raster_no_crs.tif", np.ones((n, n)), crs=None)
    _raster("raster_all_nodata.tif", np.full((n, n), -99999.0))
    negative = np.ones((n, n))
    negative[3, 4] = -5.0
    negative[10, 10] = -2.0
    _raster("raster_negative.tif", negative)
    (OUT / "raster_not_a_raster.tif").write_text("this is not a GeoTIFF\n", encoding="utf-8")
    _raster("dem_no_crs.tif", np.full((n, n), 800.0), crs=None, nodata=None)

    data = Path(pyrosm.get_data("test_pbf")).read_bytes()
    (OUT / "truncated.osm.pbf").write_bytes(data[:4000])

    (OUT / "roads_no_crs.csv").write_text(
        'WKT,road_class\n"LINESTRING (108.0 26.0, 108.01 26.0)",village\n', encoding="utf-8"
    )
    _geojson("empty.geojson", [])
    a, b, c = (LON, LAT), (LON + 0.005, LAT), (LON + 0.01, LAT)
    _geojson(
        "roads_unknown_classes.geojson",
        [
            ({"road_class": "village", "name": "村道一"}, _line(a, b)),
            ({"road_class": "高速铁路", "name": "铁路"}, _line(b, c)),
            ({"road_class": "xyz", "name": ""}, _line(c, (LON + 0.01, LAT + 0.005))),
            ({"road_class": "xyz", "name": ""}, _line((LON + 0.01, LAT + 0.005), (LON, LAT + 0.005))),
        ],
    )
    _geojson(
        "roads_disconnected.geojson",
        [
            ({"road_class": "township", "name": "甲"}, _line(a, b, c)),
            ({"road_class": "village", "name": "乙"}, _line((LON, LAT + 0.005), (LON + 0.005, LAT + 0.005))),
        ],
    )
    _geojson("roads_points.geojson", [({"road_class": "village"}, _point(LON, LAT))])
    _geojson("roads_no_class.geojson", [({"width": 5}, _line(a, b))])
    bowtie = _poly((LON, LAT), (LON + 0.01, LAT + 0.01), (LON + 0.01, LAT), (LON, LAT + 0.01))
    square = _poly((LON + 0.01, LAT), (LON + 0.02, LAT), (LON + 0.02, LAT + 0.01), (LON + 0.01, LAT + 0.01))
    _geojson(
        "boundary_bowtie.geojson",
        [({"乡镇代码": "522699101", "名称": "河口镇"}, bowtie), ({"乡镇代码": "522699102", "名称": "龙潭乡"}, square)],
    )
    _geojson(
        "boundary_points.geojson",
        [
            ({"code": "522699101", "name": "河口镇"}, _point(LON, LAT)),
            ({"code": "522699102", "name": "龙潭乡"}, square),
        ],
    )
    _geojson("boundary_no_code.geojson", [({"名称": "河口镇", "area": 12.5}, square)])
    _geojson("boundary_no_fields.geojson", [({"area": 12.5, "perimeter": 14.1}, square)])
    west = _poly((LON, LAT), (LON + 0.01, LAT), (LON + 0.01, LAT + 0.01), (LON, LAT + 0.01))
    _geojson("boundary_blank_name.geojson", [({"乡镇名称": "龙潭乡"}, square), ({"乡镇名称": " "}, west)])
    _geojson("boundary_same_name.geojson", [({"NAME": "龙潭乡"}, square), ({"NAME": "龙潭乡"}, west)])
    _geojson("boundary_blank_code.geojson", [({"XZQDM": "522699102", "XZQMC": "龙潭乡"}, square),
                                             ({"XZQDM": None, "XZQMC": "河口镇"}, west)])  # fmt: skip
    _geojson(
        "villages_non_numeric.geojson",
        [
            ({"primary": 12, "junior": 5}, _point(LON, LAT)),
            ({"primary": "十二", "junior": 3}, _point(LON + 0.002, LAT)),
        ],
    )
    _geojson("villages_missing_field.geojson", [({"primary": 12, "初中": 5}, _point(LON, LAT))])
    _geojson(
        "villages_negative.geojson",
        [({"primary": 12, "junior": -4}, _point(LON, LAT)), ({"primary": 3, "junior": 1}, _point(LON, LAT))],
    )
    _geojson(
        "villages_outside.geojson",
        [({"primary": 12, "junior": 5}, _point(LON, LAT)), ({"primary": 7, "junior": 2}, _point(LON + 1.0, LAT))],
    )
    _geojson(
        "villages_lines.geojson",
        [({"primary": 12, "junior": 5}, _line(a, b))],
    )


if __name__ == "__main__":
    main()
