"""Write the deliberately broken school files of ``tests/data/bad/schools/``.

Run ``python tests/data/bad/make_schools.py`` after changing a case; the files are committed
(each a few hundred bytes, the workbook a few KB). What each file must produce in the import
report is asserted in ``tests/gis/test_import_schools.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent / "schools"
HEAD = "学校代码,学校名称,学段,在校生数,班级数,教职工数,经度,纬度,乡镇"
ROW2 = "5201230001,城关小学,小学,600,12,40,106.71,26.58,T1"
ROW3 = "5201230002,城关中学,初中,900,18,70,106.72,26.59,T1"


def _csv(name: str, *lines: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(("\n".join(lines) + "\n").encode(encoding))


def _geojson(name: str, features: list[tuple[dict[str, object], dict[str, object] | None]]) -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features],
    }
    (HERE / name).write_text(json.dumps(collection, ensure_ascii=False, indent=1), encoding="utf-8")


def _point(x: float, y: float) -> dict[str, object]:
    return {"type": "Point", "coordinates": [x, y]}


def main() -> None:
    import openpyxl

    HERE.mkdir(parents=True, exist_ok=True)
    (HERE / "empty.csv").write_bytes(b"")
    (HERE / "blank_lines.csv").write_bytes(b"\xef\xbb\xbf\r\n\r\n  \r\n")
    _csv("utf16.csv", HEAD, ROW2, ROW3, encoding="utf-16")  # Excel's "Unicode text"
    _csv("no_header.csv", ROW2, ROW3)
    _csv("header_only.csv", HEAD)
    _csv("missing_coordinates_columns.csv", "学校代码,学校名称,学段,在校生数", "5201230001,城关小学,小学,600")
    _csv("missing_all_required.csv", "代码,人数", "5201230001,600")
    _csv("swapped.csv", HEAD, ROW2, "5201230002,城关中学,初中,900,18,70,26.59,106.72,T1")
    _csv("coordinate_blank.csv", HEAD, ROW2, "5201230002,城关中学,初中,900,18,70,,26.59,T1")
    _csv("coordinates_blank.csv", HEAD, "5201230001,城关小学,小学,600,12,40,,,T1", ROW3)
    _csv("excel_codes.csv", HEAD, ROW2.replace("5201230001", "5.20123E+09"), ROW3)
    _csv("coordinate_text.csv", HEAD, "5201230001,城关小学,小学,600,12,40,106.71,待定,T1", ROW3)
    _csv("mixed_crs.csv", HEAD, ROW2, "5201230002,城关中学,初中,900,18,70,372489.8,2942839.8,T1")
    _csv("zero_zero.csv", HEAD, ROW2, "5201230002,城关中学,初中,900,18,70,0,0,T1")
    _csv("outside_county.csv", HEAD, ROW2, "5201230002,城关中学,初中,900,18,70,106.90,26.59,T1")
    _csv("duplicate_codes.csv", HEAD, ROW2, ROW3, "5201230001,河西小学,小学,300,6,20,106.70,26.60,T2")
    _csv("negative_count.csv", HEAD, ROW2, "5201230002,城关中学,初中,-900,18,70,106.72,26.59,T1")
    _csv("text_count.csv", HEAD, "5201230001,城关小学,小学,600,12,约40,106.71,26.58,T1", ROW3)
    _csv(
        "over_capacity.csv",
        "学校代码,学校名称,学段,在校生数,学位数,经度,纬度",
        "5201230001,城关小学,小学,1000,600,106.71,26.58",
        "5201230002,城关中学,初中,900,900,106.72,26.59",
    )
    _csv("missing_code.csv", HEAD, ROW2, ",新村教学点,教学点,30,2,3,106.69,26.57,T2")
    _csv("empty_row.csv", HEAD, ROW2, ",,,,,,,,", ROW3)
    _csv("unknown_type.csv", HEAD, ROW2, "5201230002,城关高中,高中,900,18,70,106.72,26.59,T1")
    _csv("bad_boarding.csv", HEAD + ",是否寄宿", ROW2 + ",是", ROW3 + ",有时")
    _csv("unknown_columns.csv", HEAD + ",备注,校长", ROW2 + ",,张三", ROW3 + ",新建,李四")
    _csv("title_row.csv", "某县2024年学校基本情况统计表,,,,,,,,", HEAD, ROW2, ROW3)
    _csv("gbk_headers.csv", HEAD, ROW2, ROW3, encoding="gbk")
    # Other encodings, each detected (charset-normalizer), never read as GB18030 mojibake.
    _csv("utf16le_no_bom.csv", HEAD, ROW2, ROW3, encoding="utf-16-le")
    big5_head = "學校代碼,學校名稱,學段,在校生數,班級數,教職工數,經度,緯度,鄉鎮"
    _csv("big5.csv", big5_head, "5201230001,城關小學,小學,600,12,40,106.71,26.58,T1",
         "5201230002,城關中學,初中,900,18,70,106.72,26.59,T1", encoding="big5")  # fmt: skip
    _csv(
        "cp1252.csv",
        "code,name,level,enrolment,longitude,latitude",
        "5201230001,École Saint-Jérôme,primary,300,106.71,26.58",
        "5201230002,Collège Notre-Dame,junior,200,106.72,26.59",
        encoding="cp1252",
    )
    _csv("shift_jis.csv", "学校名,学校種別,経度,緯度", "東小学校,小学校,139.70,35.60", "西中学校,中学校,139.71,35.61",
         encoding="shift_jis")  # fmt: skip
    (HERE / "not_text.csv").write_bytes(bytes(range(256)) * 3)
    _csv("no_name.csv", HEAD, ",城关小学,小学,600,12,40,106.71,26.58,T1".replace(",城关小学", "5201230001,"), ROW3)
    (HERE / "old_format.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 56)
    (HERE / "not_a_workbook.xlsx").write_text(HEAD + "\n" + ROW2 + "\n", encoding="utf-8")

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "学校"
    sheet.append(["某县学校统计表"])
    sheet.append(HEAD.split(","))
    sheet.append([5201230001, "城关小学", "小学", 600, 12, 40, 106.71, 26.58, "T1"])
    sheet.append([5201230002, "城关中学", "初中", -5, 18, 70, 106.72, 26.59, "T1"])
    book.save(HERE / "negative_count.xlsx")

    props = {"学校代码": "5201230001", "学校名称": "城关小学", "学段": "小学", "在校生数": 600}
    props2 = {"学校代码": "5201230002", "学校名称": "城关中学", "学段": "初中", "在校生数": 900}
    _geojson("null_geometry.geojson", [(props, _point(106.71, 26.58)), (props2, None)])
    _geojson("mixed_crs.geojson", [(props, _point(106.71, 26.58)), (props2, _point(372489.8, 2942839.8))])
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[106.71, 26.58], [106.72, 26.59], [106.72, 26.58], [106.71, 26.59], [106.71, 26.58]]],
    }
    _geojson("invalid_geometry.geojson", [(props, _point(106.71, 26.58)), (props2, bowtie)])
    _geojson("swapped.geojson", [(props, _point(106.71, 26.58)), (props2, _point(26.59, 106.72))])
    (HERE / "truncated.geojson").write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Fea', encoding="utf-8"
    )
    _no_crs_shapefile()


def _no_crs_shapefile() -> None:
    import geopandas as gpd
    import pyogrio
    from shapely.geometry import Point

    frame = gpd.GeoDataFrame(
        {"code": ["5201230001", "5201230002"], "name": ["Chengguan Primary", "Chengguan Junior"]},
        geometry=[Point(371482.4, 2941741.6), Point(372489.8, 2942839.8)],
        crs=None,
    )
    for old in HERE.glob("no_crs.*"):
        old.unlink()
    pyogrio.write_dataframe(frame, HERE / "no_crs.shp")


if __name__ == "__main__":
    main()
