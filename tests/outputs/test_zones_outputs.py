"""The files of ``schoolplan zones`` read back independently: the table, the workbook, the GeoPackage, the map."""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from contextlib import closing
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest

from gis.project import Project
from gis.standards import load_standards
from gis.zones import TABLE_COLUMNS, ZoneOptions, Zones, draw_zones
from outputs.zones import write_zones

# The fixture's places V1 … V6 have no codes: their township's code T1 and their number.
CODES = [f"T1{i:03d}" for i in range(1, 7)]


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Zones, Path]:
    from tests.conftest import zones_county

    project = zones_county.__wrapped__()  # type: ignore[attr-defined]
    zones = draw_zones(project, load_standards(None), options=ZoneOptions(level="primary", time_limit=30))
    out = tmp_path_factory.mktemp("zones")
    write_zones(zones, out, language="zh", project=project, dpi=60)
    return project, zones, out


def test_zones_csv_one_row_per_village_and_every_child(drawn: tuple[Project, Zones, Path]) -> None:
    project, _, out = drawn
    raw = (out / "zones.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
    table = pd.read_csv(out / "zones.csv", dtype=str, encoding="utf-8-sig")
    assert tuple(table.columns) == TABLE_COLUMNS
    assert sorted(table["village_code"]) == CODES
    assert set(table["village_name"]) == set(project.places["name"])
    # Every child of the grid is in one village's row (2 primary children in each of 240 cells).
    assert table["children"].astype(float).sum() == pytest.approx(float(project.population["primary"].sum()), abs=0.5)
    assert set(table["school_id"]) <= set(project.schools["school_id"])


def test_workbook_one_heading_per_school_and_every_village_once(drawn: tuple[Project, Zones, Path]) -> None:
    from openpyxl import load_workbook

    project, _, out = drawn
    table = pd.read_csv(out / "zones.csv", dtype=str, encoding="utf-8-sig")
    book = load_workbook(out / "zones_table.xlsx")
    ws = book.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert "测试县" in str(rows[0][0]) and "小学" in str(rows[0][0])
    assert rows[1][:3] == ("乡镇", "村（社区）/片区", "村代码")
    headings = [str(r[0]) for r in rows[2:] if r[2] is None]
    codes = [str(r[2]) for r in rows[2:] if r[2] is not None]
    names = dict(zip(project.schools["school_id"], project.schools["name"], strict=True))
    for school in table["school_id"].unique():
        assert sum(f"{names[school]}（学校代码：{school}）" in h for h in headings) == 1
    assert len(headings) == table["school_id"].nunique()
    assert sorted(codes) == CODES
    # The teaching point's heading names the school its older grades go on to.
    if "T1" in set(table["school_id"]):
        (point,) = [h for h in headings if "（学校代码：T1）" in h]
        assert "高年级升入" in point
    figures = {r[0]: r[1] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert figures["学区数"] == str(table["school_id"].nunique())
    assert figures["村（片区）数"] == "6"


def test_geopackage_one_polygon_per_zone_and_styles(drawn: tuple[Project, Zones, Path]) -> None:
    import geopandas as gpd
    import shapely

    _, _, out = drawn
    path = out / "zones.gpkg"
    table = pd.read_csv(out / "zones.csv", dtype=str, encoding="utf-8-sig")
    assert {name for name, _ in pyogrio.list_layers(path)} >= {"zones", "villages"}
    zones = gpd.read_file(path, layer="zones")
    assert sorted(zones["school_id"]) == sorted(table["school_id"].unique())
    assert (zones.geom_type == "Polygon").all()
    villages = gpd.read_file(path, layer="villages")
    assert sorted(villages["village_code"]) == CODES
    for row in zones.itertuples():
        mine = villages[villages["school_id"] == row.school_id]
        union = shapely.union_all(np.asarray(mine.geometry.array))
        assert union.geom_type == "Polygon"  # one connected piece
        assert union.symmetric_difference(row.geometry).area < 1.0
        assert int(row.villages) == len(mine)
    with closing(sqlite3.connect(path)) as db:
        styled = db.execute("SELECT f_table_name, styleQML, useAsDefault FROM layer_styles").fetchall()
    assert sorted(name for name, _, _ in styled) == ["villages", "zones"]
    assert all(default for _, _, default in styled)
    qml = {name: ET.fromstring(text) for name, text, _ in styled}
    values = {c.get("value") for c in qml["zones"].iter("category")}
    assert values == set(zones["school_id"])
    labels = {c.get("label") for c in qml["zones"].iter("category")}
    assert labels == set(zones["school_name"])
    assert qml["zones"].find("layerGeometryType").text == "2"  # type: ignore[union-attr]


def test_map_drawn(drawn: tuple[Project, Zones, Path]) -> None:
    from matplotlib.image import imread

    _, _, out = drawn
    assert (out / "zones_map.pdf").read_bytes().startswith(b"%PDF")
    image = imread(out / "zones_map.png")
    assert image.shape[0] > 200 and image.shape[1] > 200
    colours = np.unique((image[..., :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 20  # not blank: zones, roads, words


def test_english_and_last_years_zones(tmp_path: Path, drawn: tuple[Project, Zones, Path]) -> None:
    from openpyxl import load_workbook

    project, _, out = drawn
    table = pd.read_csv(out / "zones.csv", dtype=str, encoding="utf-8-sig")
    previous = dict(zip(table["village_code"], table["school_id"], strict=True))
    again = draw_zones(
        project, load_standards(None), options=ZoneOptions(level="primary", time_limit=30), previous=previous
    )
    written = write_zones(again, tmp_path, language="en")  # no project: no map
    assert [p.name for p in written] == ["zones.csv", "zones_table.xlsx", "zones.gpkg"]
    second = pd.read_csv(tmp_path / "zones.csv", dtype=str, encoding="utf-8-sig")
    assert tuple(second.columns) == (*TABLE_COLUMNS, "changed")
    assert (second["changed"] == "False").all()
    rows = list(load_workbook(tmp_path / "zones_table.xlsx").worksheets[0].iter_rows(values_only=True))
    assert rows[1] == ("Township", "Village or area", "Village code", "Children", "Mean trip (min)", "From last year")
