"""The county's village boundaries and last year's zones, read for ``schoolplan zones``, and every bad input."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Polygon, box

from gis.errors import DataWarning, InputError
from gis.importing.villages import read_previous_zones, read_villages
from gis.project import Project
from tests.conftest import CRS, X0, Y0

# The fixture's villages V1 … V6 are strips 400 m wide of the 2.4 km × 1 km township T1 (城关镇).
STRIP_AREA = 400.0 * 1000.0


def _strip(i: int) -> Polygon:
    return box(X0 + 400.0 * i, Y0 - 1000.0, X0 + 400.0 * (i + 1), Y0)


def _write(tmp_path: Path, frame: gpd.GeoDataFrame, name: str = "villages.gpkg", **kw: object) -> Path:
    path = tmp_path / name
    frame.to_file(path, **kw)
    return path


def _problems(call) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as caught:
        call()
    return [str(p) for p in caught.value.problems]


def test_matched_by_township_and_name(tmp_path: Path, zones_county: Project) -> None:
    # Listed in another order than the places, the township by its name, one by its code.
    order = [3, 0, 5, 1, 4, 2]
    frame = gpd.GeoDataFrame(
        {"乡镇": ["城关镇" if i != 4 else "T1" for i in order], "村名": [f"V{i + 1}" for i in order]},
        geometry=[_strip(i) for i in order],
        crs=CRS,
    )
    out = read_villages(_write(tmp_path, frame), zones_county.places, zones_county.townships, crs=CRS)
    assert out["place"].tolist() == list(range(6))
    assert out["name"].tolist() == [f"V{i}" for i in range(1, 7)]
    # The places have no codes: the township's code and the place's number in it.
    assert out["code"].tolist() == [f"T1{i:03d}" for i in range(1, 7)]
    for i, geom in enumerate(out.geometry):
        assert geom.equals(_strip(i))


def test_matched_by_code_and_reprojected(tmp_path: Path, zones_county: Project) -> None:
    codes = [f"52269910{i:04d}" for i in range(1, 7)]
    places = zones_county.places.assign(code=codes)
    frame = gpd.GeoDataFrame(
        {"村代码": [codes[5], codes[0], codes[2], codes[1], codes[4], codes[3]]},
        geometry=[_strip(i) for i in (5, 0, 2, 1, 4, 3)],
        crs=CRS,
    ).to_crs("EPSG:4490")
    path = _write(tmp_path, frame, "villages.geojson", driver="GeoJSON")
    out = read_villages(path, places, zones_county.townships, crs=CRS)
    assert out["code"].tolist() == codes
    assert out.crs == CRS
    for i, geom in enumerate(out.geometry):
        assert geom.area == pytest.approx(STRIP_AREA, rel=1e-3)
        assert geom.intersection(_strip(i)).area == pytest.approx(STRIP_AREA, rel=1e-3)


def test_one_layer_of_a_geopackage_with_several(tmp_path: Path, zones_county: Project) -> None:
    path = tmp_path / "county.gpkg"
    villages = gpd.GeoDataFrame(
        {"name": [f"V{i}" for i in range(1, 7)]}, geometry=[_strip(i) for i in range(6)], crs=CRS
    )
    villages.to_file(path, layer="村界")
    zones_county.townships.to_file(path, layer="乡镇界")
    (line,) = _problems(lambda: read_villages(path, zones_county.places, crs=CRS))
    assert str(path) in line and "村界" in line and "乡镇界" in line
    out = read_villages(f"{path}:村界", zones_county.places, crs=CRS)
    assert out["place"].tolist() == list(range(6))


def test_every_problem_names_file_feature_field_and_value(tmp_path: Path, zones_county: Project) -> None:
    bowtie = Polygon([(X0 + 2000, Y0), (X0 + 2400, Y0 - 1000), (X0 + 2400, Y0), (X0 + 2000, Y0 - 1000)])
    frame = gpd.GeoDataFrame(
        {"township": ["T1"] * 6, "name": ["V1", "V2", "V2", "V9", "V4", "V5"]},
        geometry=[_strip(0), _strip(1), _strip(2), _strip(3), None, bowtie],
        crs=CRS,
    )
    path = _write(tmp_path, frame)
    with pytest.warns(DataWarning, match="repaired") as warned:
        lines = _problems(lambda: read_villages(path, zones_county.places, zones_county.townships, crs=CRS))
    (repaired,) = [str(w.message) for w in warned]
    assert repaired.startswith(f"{path}, feature 5") and "Self-intersection" in repaired
    assert all(str(path) in line for line in lines)
    # A second polygon for V2 (feature 2), a village the places do not have (feature 3), a feature
    # without geometry (feature 4: V4, said once), the places left without a polygon: V3, V6.
    twice = [line for line in lines if "second polygon" in line]
    assert len(twice) == 1 and "feature 2" in twice[0] and "field name" in twice[0] and "V2" in twice[0]
    unknown = [line for line in lines if "no place of the project has this name" in line]
    assert len(unknown) == 1 and "feature 3" in unknown[0] and "V9" in unknown[0]
    empty = [line for line in lines if "no geometry" in line]
    assert len(empty) == 1 and "feature 4" in empty[0]
    lacking = [line for line in lines if "has no polygon" in line]
    assert sorted(line.split("(value: ")[1][:2] for line in lacking) == ["V3", "V6"]
    assert len(lines) == 5


def test_a_layer_without_crs(tmp_path: Path, zones_county: Project) -> None:
    # A Shapefile without its .prj has no CRS.
    frame = gpd.GeoDataFrame({"name": [f"V{i}" for i in range(1, 7)]}, geometry=[_strip(i) for i in range(6)])
    shp = tmp_path / "villages.shp"
    with pytest.warns(UserWarning, match="crs"):
        frame.to_file(shp)
    assert not shp.with_suffix(".prj").exists()
    (line,) = _problems(lambda: read_villages(shp, zones_county.places, crs=CRS))
    assert str(shp) in line and "coordinate reference system" in line


def test_points_are_not_village_boundaries(tmp_path: Path, zones_county: Project) -> None:
    frame = gpd.GeoDataFrame(
        {"name": [f"V{i}" for i in range(1, 7)]},
        geometry=[*(_strip(i) for i in range(5)), shapely.Point(X0 + 2200, Y0 - 500)],
        crs=CRS,
    )
    path = _write(tmp_path, frame)
    lines = _problems(lambda: read_villages(path, zones_county.places, crs=CRS))
    assert any("must be a polygon" in line and "feature 5" in line and "Point" in line for line in lines)


# --------------------------------------------------------------------------- last year's zones


def _csv(tmp_path: Path, content: str, *, encoding: str = "utf-8", name: str = "previous.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode(encoding))
    return path


def test_previous_zones_from_zones_csv_and_chinese_headers(tmp_path: Path, zones_county: Project) -> None:
    written = _csv(
        tmp_path,
        "\ufeffschool_id,school_name,village_code,village_name,township,children,travel_min\n"
        "P1,第一小学,T1001,V1,T1,80,3.0\nP1,第一小学,T1002,V2,T1,80,8.0\nP2,第二小学,T1006,V6,T1,80,3.0\n",
    )
    assert read_previous_zones(written) == {"T1001": "P1", "T1002": "P1", "T1006": "P2"}
    gbk = _csv(tmp_path, "去年划片表\n学校代码,村代码,村名\nP1,T1001,V1\nT1,T1003,V3\n", encoding="gbk", name="gbk.csv")
    assert read_previous_zones(gbk, places=zones_county.places, schools=zones_county.schools) == {
        "T1001": "P1",
        "T1003": "T1",
    }


def test_previous_zones_from_a_workbook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["行政区划代码", "学校标识码"])
    ws.append([522699100001, 5226990001])  # typed as numbers
    ws.append(["522699100001-002", "5226990002"])  # a town block
    path = tmp_path / "previous.xlsx"
    book.save(path)
    assert read_previous_zones(path) == {"522699100001": "5226990001", "522699100001-002": "5226990002"}


def test_previous_zones_missing_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, "村代码,村名\nT1001,V1\n")
    (line,) = _problems(lambda: read_previous_zones(path))
    assert str(path) in line and "school_id" in line and "missing" in line


def test_previous_zones_bad_rows(tmp_path: Path, zones_county: Project) -> None:
    path = _csv(
        tmp_path,
        "village_code,school_id\nT1001,P1\n,P1\nT1002,\nT1001,P2\nT1009,P1\nT1003,XX\nT1001,P1\nT1004-002,P2\n",
    )
    lines = _problems(lambda: read_previous_zones(path, places=zones_county.places, schools=zones_county.schools))
    assert all(str(path) in line for line in lines)
    expect = {
        "row 3": "village code missing",
        "row 4": "school code missing",
        "row 5": "listed twice with different schools",
        "row 6": "no village of the project has this code",
        "row 7": "no school of the project has this code",
    }
    assert len(lines) == len(expect)
    for row, words in expect.items():
        (line,) = [line for line in lines if f"{row}," in line]
        assert words in line
    assert "(value: T1009)" in next(line for line in lines if "row 6," in line)
    assert "(value: XX)" in next(line for line in lines if "row 7," in line)
    # Without the project the same file has only the blanks and the village listed twice.
    assert len(_problems(lambda: read_previous_zones(path))) == 3
