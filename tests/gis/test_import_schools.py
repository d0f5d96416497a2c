"""Reading schools from spreadsheets and vector files, and the report of what is wrong with them."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import openpyxl
import pyogrio
import pyproj
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, box

from gis.errors import InputError
from gis.importing.coords import wgs84_to_bd09, wgs84_to_gcj02
from gis.importing.report import ImportReport
from gis.importing.schools import HEADER_SYNONYMS, TYPE_VALUES, preview_schools, read_schools
from gis.schema import SCHOOL_COLUMNS

CRS = "EPSG:4545"
BAD = Path(__file__).parents[1] / "data" / "bad" / "schools"
TO_PROJECT = pyproj.Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
# Two schools near Guiyang, WGS84.
WGS = [(106.71, 26.58), (106.72, 26.59)]


def _xy(lon: float, lat: float) -> tuple[float, float]:
    x, y = TO_PROJECT.transform(lon, lat)
    return float(x), float(y)


def _lines(report: ImportReport, severity: str) -> list[str]:
    return [str(f) for f in report.findings if f.severity == severity]


def test_good_utf8_csv(tmp_path: Path) -> None:
    path = tmp_path / "schools.csv"
    path.write_text(
        "code,name,level,enrolment,classes,teachers,longitude,latitude,township\n"
        "5201230001,Chengguan Primary,primary,600,12,40,106.71,26.58,T1\n"
        "5201230002,Chengguan Junior,junior,900,18,70,106.72,26.59,T1\n"
        "5201230003,Hexi Nine-year,nine_year,450,9,30,106.70,26.60,T2\n",
        encoding="utf-8",
    )
    report = ImportReport()
    schools = read_schools(path, project_crs=CRS, report=report)
    assert report.ok, report.findings
    assert list(schools.columns) == [*SCHOOL_COLUMNS, "geometry"]
    assert schools.crs == pyproj.CRS(CRS)
    assert list(schools["school_id"]) == ["5201230001", "5201230002", "5201230003"]
    assert list(schools["type"]) == ["primary", "junior", "nine_year"]
    assert list(schools["grade_min"]) == [1, 7, 1] and list(schools["grade_max"]) == [6, 9, 9]
    # 600 over grades 1-6 = 100 each; 900 over 7-9 = 300; 450 over 1-9 = 50.
    assert [schools[f"enrol_g{g}"].iloc[0] for g in range(1, 10)] == [100] * 6 + [0] * 3
    assert [schools[f"enrol_g{g}"].iloc[1] for g in range(1, 10)] == [0] * 6 + [300] * 3
    assert [schools[f"enrol_g{g}"].iloc[2] for g in range(1, 10)] == [50] * 9
    # Classes of the nine-year school split by pupils (300 primary : 150 junior) = 6 : 3.
    assert list(schools["classes_primary"]) == [12, 0, 6]
    assert list(schools["classes_junior"]) == [0, 18, 3]
    # No capacity column: classes x 45 (primary) or x 50 (junior).
    assert list(schools["capacity_primary"]) == [540, 0, 270]
    assert list(schools["capacity_junior"]) == [0, 900, 150]
    assert list(schools["teachers"]) == [40, 70, 30]
    assert schools["enrol_g1"].dtype == np.int64 and schools["boarding"].dtype == bool
    assert schools.geometry.iloc[0].distance(Point(_xy(106.71, 26.58))) < 1e-6
    notes = _lines(report, "note")
    assert any("text read as UTF-8" in n for n in notes)
    assert any("totals spread evenly over the grades" in n for n in notes)
    assert any("seats = classes × 45 (primary) or × 50 (junior)" in n for n in notes)


def test_gbk_csv_with_chinese_headers_and_gcj02_coordinates(tmp_path: Path) -> None:
    gcj = [wgs84_to_gcj02(lon, lat) for lon, lat in WGS]
    path = tmp_path / "学校.csv"
    path.write_text(
        "学校代码,学校名称,学段,一年级,二年级,三年级,四年级,五年级,六年级,学位数,是否寄宿,床位数,经度,纬度\n"
        + "".join(
            f"52012300{i + 1:02d},第{i + 1}小学,完小,10,20,30,40,50,60,{300 - 100 * i},{'是' if i else '否'},"
            f"{40 * i},{float(x):.10f},{float(y):.10f}\n"
            for i, (x, y) in enumerate(gcj)
        ),
        encoding="gbk",
    )
    report = ImportReport()
    schools = read_schools(path, project_crs=CRS, coords="gcj02", report=report)
    assert report.ok, report.findings
    assert any(f.problem == "text read as GB18030 (GBK)" for f in report.findings)
    assert list(schools["name"]) == ["第1小学", "第2小学"]
    assert list(schools["type"]) == ["primary", "primary"]
    assert [schools[f"enrol_g{g}"].iloc[1] for g in range(1, 7)] == [10, 20, 30, 40, 50, 60]
    assert list(schools["capacity_primary"]) == [300, 200]
    assert list(schools["boarding"]) == [False, True] and list(schools["boarding_beds"]) == [0, 40]
    for geom, (lon, lat) in zip(schools.geometry, WGS, strict=True):
        assert geom.distance(Point(_xy(lon, lat))) < 1.0  # converted back to WGS84 within a metre
    # 210 pupils in 200 seats is within 1.5 x capacity; no warning.
    assert not report.warnings


def test_bd09_coordinates_and_explicit_mapping(tmp_path: Path) -> None:
    bd = [wgs84_to_bd09(lon, lat) for lon, lat in WGS]
    path = tmp_path / "baidu.csv"
    path.write_text(
        "编号,校名,类别,学生,X坐标,Y坐标\n"
        + "".join(f"S{i},学校{i},初中,300,{float(x):.10f},{float(y):.10f}\n" for i, (x, y) in enumerate(bd)),
        encoding="utf-8-sig",
    )
    mapping = {"school_id": "编号", "type": "类别", "enrolment": "学生", "lon": "X坐标", "lat": "Y坐标"}
    report = ImportReport()
    schools = read_schools(path, project_crs=CRS, coords="bd09", mapping=mapping, report=report)
    assert report.ok, report.findings
    assert any(f.problem == "text read as UTF-8 with BOM" for f in report.findings)
    assert list(schools["school_id"]) == ["S0", "S1"] and list(schools["enrol_g7"]) == [100, 100]
    for geom, (lon, lat) in zip(schools.geometry, WGS, strict=True):
        assert geom.distance(Point(_xy(lon, lat))) < 1.0


def test_mapping_naming_a_missing_column_or_unknown_field_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("学校名称,经度,纬度\n城关小学,106.71,26.58\n", encoding="utf-8")
    report = ImportReport()
    read_schools(path, project_crs=CRS, mapping={"enrolment": "在校生数", "colour": "颜色"}, report=report)
    errors = report.errors
    assert [(e.field, e.value) for e in errors] == [("enrolment", "在校生数"), ("colour", "")]
    assert errors[0].problem == "the column mapping names a column that is not in the file"
    assert errors[1].problem == "unknown field in the column mapping"


def test_xlsx_with_title_row_per_grade_enrolment_and_numeric_codes(tmp_path: Path) -> None:
    path = tmp_path / "schools.xlsx"
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "说明"
    first.append(["本表为示例"])
    sheet = book.create_sheet("学校")
    sheet.append(["某县2024年学校基本情况表"])
    sheet.append(["学校标识码", "学校名称", "学段", "初一", "初二", "初三", "核定学位", "教职工数", "经度", "纬度"])
    sheet.append([5201230001, "城关中学", "初中", 100, 110, 120, 400, 30, 106.71, 26.58])
    sheet.append([None] * 10)
    sheet.append([5201230002, "河西九年制学校", "九年制", 10, 10, 10, 90, 8, "106°43′12″", "26°35′24″"])
    book.save(path)

    preview = preview_schools(path, sheet="学校", rows=1)
    assert preview.sheets == ("说明", "学校") and preview.encoding is None
    assert preview.header[:3] == ("学校标识码", "学校名称", "学段")
    assert preview.rows == (("5201230001", "城关中学", "初中", "100", "110", "120", "400", "30", "106.71", "26.58"),)
    assert preview.mapping["enrol_g7"] == "初一" and preview.mapping["capacity"] == "核定学位"

    report = ImportReport()
    schools = read_schools(path, project_crs=CRS, sheet="学校", report=report)
    assert report.ok, report.findings
    assert list(schools["school_id"]) == ["5201230001", "5201230002"]
    assert list(schools["enrol_g8"]) == [110, 10]
    # The nine-year school teaches grades 7-9 only here, so all its seats count as junior.
    assert list(schools["capacity_junior"]) == [400, 90] and list(schools["capacity_primary"]) == [0, 0]
    x, y = _xy(106 + 43 / 60 + 12 / 3600, 26 + 35 / 60 + 24 / 3600)
    assert schools.geometry.iloc[1].distance(Point(x, y)) < 1e-6
    notes = {(f.where, f.problem) for f in report.findings if f.severity == "note"}
    assert ("row 1", "rows above the header skipped (title)") in notes
    assert ("row 4", "1 empty row(s) skipped") in notes


def test_geojson_and_geopackage(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {
            "学校代码": ["A1", "A2"],
            "学校名称": ["城关小学", "城关中学"],
            "学段": ["小学", "初中"],
            "在校生数": [60, 90],
        },
        geometry=[Point(lon, lat) for lon, lat in WGS],
        crs="EPSG:4326",
    )
    path = tmp_path / "schools.geojson"
    frame.to_file(path, driver="GeoJSON")
    report = ImportReport()
    schools = read_schools(path, project_crs=CRS, report=report)
    assert report.ok, report.findings
    assert list(schools["name"]) == ["城关小学", "城关中学"] and list(schools["enrol_g9"]) == [0, 30]
    for geom, (lon, lat) in zip(schools.geometry, WGS, strict=True):
        assert geom.distance(Point(_xy(lon, lat))) < 1e-6

    gpkg = tmp_path / "schools.gpkg"
    pyogrio.write_dataframe(frame.to_crs(CRS), gpkg, layer="学校")
    pyogrio.write_dataframe(frame, gpkg, layer="other")
    report = ImportReport()
    read_schools(gpkg, project_crs=CRS, report=report)
    assert [(e.field, e.problem) for e in report.errors] == [
        ("sheet", "the file has several layers; say which holds the schools")
    ]
    report = ImportReport()
    schools = read_schools(gpkg, project_crs=CRS, sheet="学校", report=report)
    assert report.ok, report.findings
    assert schools.geometry.iloc[1].distance(Point(_xy(*WGS[1]))) < 1e-3


def test_shapefile_without_crs_is_read_when_the_user_states_one() -> None:
    report = ImportReport()
    schools = read_schools(BAD / "no_crs.shp", project_crs=CRS, coords=CRS, mapping={"type": None}, report=report)
    # The English names do not say the type: an error per school, but the CRS is accepted.
    assert [e.where for e in report.errors] == ["feature 0", "feature 1"]
    assert all("layer has no coordinate reference system" not in e.problem for e in report.errors)
    assert schools.empty


def test_projected_coordinates_and_a_row_in_degrees(tmp_path: Path) -> None:
    (x0, y0), (x1, y1) = _xy(*WGS[0]), _xy(*WGS[1])
    path = tmp_path / "projected.csv"
    path.write_text(
        f"name,type,x,y\nA,primary,{x0:.3f},{y0:.3f}\nB,junior,{x1:.3f},{y1:.3f}\nC,junior,106.7,26.6\n",
        encoding="utf-8",
    )
    report = ImportReport()
    schools = read_schools(path, project_crs=CRS, coords=CRS, report=report)
    assert [(e.where, e.field) for e in report.errors] == [("row 4", "lon (x)")]
    assert "look like degrees" in report.errors[0].problem
    assert list(schools["name"]) == ["A", "B"]
    assert schools.geometry.iloc[1].distance(Point(x1, y1)) < 0.01


def test_teaching_point_grades_follow_its_pupils(tmp_path: Path) -> None:
    path = tmp_path / "tp.csv"
    path.write_text(
        "学校名称,学段,一年级,二年级,三年级,四年级,经度,纬度\n"
        "甲教学点,教学点,5,6,7,8,106.71,26.58\n"
        "乙教学点,教学点,5,6,0,0,106.72,26.59\n",
        encoding="utf-8",
    )
    report = ImportReport()
    schools = read_schools(path, project_crs=CRS, report=report)
    assert report.ok and not report.warnings, report.findings
    assert list(schools["grade_max"]) == [4, 3]
    assert list(schools["school_id"]) == ["AUTO-row2", "AUTO-row3"]
    notes = {(f.where, f.field, f.problem) for f in report.findings}
    assert ("row 2", "grade_max", "grades of teaching points taken from their pupils") in notes
    assert ("", "school_id", "no school code column; codes generated from the row numbers") in notes


def test_synonyms_are_unambiguous() -> None:
    from gis.importing.tables import norm as _norm

    seen: dict[str, str] = {}
    for key, names in HEADER_SYNONYMS.items():
        for name in names:
            assert seen.setdefault(_norm(name), key) == key, name
    assert set(TYPE_VALUES.values()) == {"primary", "teaching_point", "junior", "nine_year"}


# ---------------------------------------------------------------------------------------------
# The broken inputs: each gives exactly this line (severity, where, field, problem).

COUNTY = box(365_000, 2_935_000, 372_000, 2_945_000)  # around the first school, not the second
BAD_CASES: list[tuple[str, dict[str, Any], str, str, str, str]] = [
    ("empty.csv", {}, "error", "", "", "the file is empty"),
    ("blank_lines.csv", {}, "error", "", "", "the file is empty"),
    ("utf16.csv", {}, "note", "", "", "text read as UTF-16"),
    ("utf16le_no_bom.csv", {}, "note", "", "", "text read as UTF-16 LE"),
    ("big5.csv", {}, "note", "", "", "text read as Big5"),
    ("cp1252.csv", {}, "note", "", "", "text read as Windows-1252 (cp1252)"),
    (
        "shift_jis.csv",
        {},
        "error",
        "",
        "name, lon",  # 緯度 is latitude in Japanese and traditional Chinese alike
        "required columns are missing: name (学校名称), longitude (经度)",
    ),
    ("not_text.csv", {}, "error", "", "", "the file is not text in any encoding SchoolPlan recognises"),
    ("gbk_headers.csv", {}, "note", "", "", "text read as GB18030 (GBK)"),
    ("no_header.csv", {}, "error", "row 1", "", "no header row"),
    ("header_only.csv", {}, "error", "", "", "the file has a header but no schools"),
    (
        "missing_coordinates_columns.csv",
        {},
        "error",
        "",
        "lon, lat",
        "required columns are missing: longitude (经度), latitude (纬度)",
    ),
    (
        "missing_all_required.csv",
        {},
        "error",
        "",
        "name, lon, lat",
        "required columns are missing: name (学校名称), longitude (经度), latitude (纬度)",
    ),
    ("coordinates_blank.csv", {}, "error", "row 2", "lon/lat", "coordinates missing"),
    ("excel_codes.csv", {}, "warning", "row 2", "school_id (学校代码)", "turned into a rounded number by Excel"),
    ("swapped.csv", {}, "warning", "row 3", "lon/lat", "latitude and longitude swapped; corrected"),
    ("coordinate_blank.csv", {}, "error", "row 3", "lon (经度)", "longitude missing"),
    ("coordinate_text.csv", {}, "error", "row 2", "lat (纬度)", "latitude is not a number"),
    ("mixed_crs.csv", {}, "error", "row 3", "lon (经度)", "coordinates are not longitude/latitude in degrees"),
    ("zero_zero.csv", {}, "error", "row 3", "lon (经度)", "coordinates are 0, 0"),
    ("outside_county.csv", {"county": COUNTY}, "error", "row 3", "lon (经度)", "school is outside the county ("),
    ("duplicate_codes.csv", {}, "error", "row 4", "school_id (学校代码)", "duplicate school code, also in row 2"),
    ("negative_count.csv", {}, "error", "row 3", "enrolment (在校生数)", "negative count"),
    ("negative_count.xlsx", {}, "error", "row 4", "enrolment (在校生数)", "negative count"),
    ("text_count.csv", {}, "error", "row 2", "teachers (教职工数)", "not a number"),
    ("over_capacity.csv", {}, "warning", "row 2", "capacity_primary", "primary enrolment 1000 is more than 1.5"),
    ("missing_code.csv", {}, "warning", "row 3", "school_id (学校代码)", "school code missing; generated AUTO-row3"),
    ("empty_row.csv", {}, "note", "row 3", "", "1 empty row(s) skipped"),
    ("unknown_type.csv", {}, "error", "row 3", "type (学段)", "school type not recognised"),
    ("bad_boarding.csv", {}, "error", "row 3", "boarding (是否寄宿)", "not yes or no"),
    ("unknown_columns.csv", {}, "note", "", "", "2 column(s) not used: 备注, 校长"),
    ("title_row.csv", {}, "note", "row 1", "", "rows above the header skipped (title)"),
    ("no_name.csv", {}, "error", "row 2", "name (学校名称)", "school has no name"),
    ("old_format.xls", {}, "error", "", "", "old or foreign spreadsheet format"),
    ("not_a_workbook.xlsx", {}, "error", "", "", "not a readable Excel workbook"),
    ("truncated.geojson", {}, "error", "", "", "not a readable GIS file"),
    ("null_geometry.geojson", {}, "error", "feature 1", "geometry", "feature has no geometry"),
    (
        "mixed_crs.geojson",
        {},
        "error",
        "feature 1",
        "geometry",
        "coordinates are not longitude/latitude in degrees",
    ),
    ("invalid_geometry.geojson", {}, "note", "feature 1", "geometry", "invalid geometry repaired (Self-intersection"),
    ("swapped.geojson", {}, "warning", "feature 1", "geometry", "latitude and longitude swapped; corrected"),
    ("no_crs.shp", {}, "error", "", "geometry", "layer has no coordinate reference system"),
]


# Schools (data rows, features) in each file, where not 2; 0 for files that cannot be read at all.
DATA_ROWS = {
    **dict.fromkeys(
        (
            "empty.csv",
            "blank_lines.csv",
            "not_text.csv",
            "shift_jis.csv",
            "header_only.csv",
            "missing_coordinates_columns.csv",
            "missing_all_required.csv",
            "old_format.xls",
            "not_a_workbook.xlsx",
            "truncated.geojson",
        ),
        0,
    ),
    "duplicate_codes.csv": 3,
    "no_header.csv": 1,  # refused as a whole, with its error at row 1
}


def _kept_wheres(report: ImportReport, schools: gpd.GeoDataFrame) -> list[str]:
    """Rows whose generated code names them (the only kept rows a frame can point back to)."""
    return [
        code.removeprefix("AUTO-").replace("row", "row ") for code in schools["school_id"] if code.startswith("AUTO-")
    ]


@pytest.mark.parametrize(
    ("name", "kwargs", "severity", "where", "field", "problem"), BAD_CASES, ids=[c[0] for c in BAD_CASES]
)
def test_broken_input_gives_its_report_line(
    name: str, kwargs: dict[str, Any], severity: str, where: str, field: str, problem: str
) -> None:
    report = ImportReport()
    schools = read_schools(BAD / name, project_crs=CRS, report=report, **kwargs)
    matches = [
        f
        for f in report.findings
        if (f.severity, f.where, f.field) == (severity, where, field) and problem in f.problem
    ]
    assert len(matches) == 1, "\n".join(str(f) for f in report.findings)
    assert matches[0].file == str(BAD / name)
    assert list(schools.columns) == [*SCHOOL_COLUMNS, "geometry"]
    if severity == "error":
        assert not report.ok
        with pytest.raises(InputError):
            report.raise_if_errors()
    else:
        assert report.ok, "\n".join(str(f) for f in report.errors)
    # Nothing is dropped without a line: every data row is a school or has an error.
    rows_with_errors = {f.where for f in report.errors if f.where.startswith(("row ", "feature "))}
    assert len(schools) + len(rows_with_errors) == DATA_ROWS.get(name, 2)
    assert not rows_with_errors & set(_kept_wheres(report, schools))


def test_the_corpus_is_complete() -> None:
    files = {p.name for p in BAD.iterdir() if p.suffix not in (".shx", ".dbf", ".cpg")}
    assert files == {c[0] for c in BAD_CASES}
    assert len(files) >= 18


def test_outside_county_distance_is_to_the_boundary() -> None:
    report = ImportReport()
    read_schools(BAD / "outside_county.csv", project_crs=CRS, county=COUNTY, report=report)
    (error,) = report.errors
    x, y = _xy(106.90, 26.59)
    assert 2_935_000 < y < 2_945_000  # east of the box: the distance is the x difference
    assert f"({(x - 372_000) / 1000:.1f} km from its boundary)" in error.problem


def test_rows_with_errors_are_left_out_and_others_kept() -> None:
    report = ImportReport()
    schools = read_schools(BAD / "duplicate_codes.csv", project_crs=CRS, report=report)
    assert list(schools["name"]) == ["城关小学", "城关中学"]
    report = ImportReport()
    schools = read_schools(BAD / "swapped.csv", project_crs=CRS, report=report)
    assert schools.geometry.iloc[1].distance(Point(_xy(106.72, 26.59))) < 1e-6


def test_preview_of_an_unreadable_file_raises_input_error() -> None:
    with pytest.raises(InputError, match="not text in any encoding"):
        preview_schools(BAD / "not_text.csv")
    preview = preview_schools(BAD / "gbk_headers.csv")
    assert preview.encoding == "GB18030 (GBK)" and preview.mapping["lon"] == "经度"


# What each file holds, written here independently of the generator: the text must come back exactly.
ENCODED = {
    "utf16.csv": ("UTF-16", "城关小学"),
    "utf16le_no_bom.csv": ("UTF-16 LE", "城关中学"),
    "big5.csv": ("Big5", "城關小學"),
    "cp1252.csv": ("Windows-1252 (cp1252)", "École Saint-Jérôme"),
    "gbk_headers.csv": ("GB18030 (GBK)", "城关中学"),
}


@pytest.mark.parametrize("name", sorted(ENCODED))
def test_encodings_are_detected_not_read_as_gb18030(name: str) -> None:
    label, school = ENCODED[name]
    report = ImportReport()
    schools = read_schools(BAD / name, project_crs=CRS, report=report)
    assert report.ok, [str(f) for f in report.errors]
    assert f"note: {BAD / name}: text read as {label}" in [str(f) for f in report.findings]
    assert school in schools["name"].tolist() and len(schools) == 2
    assert schools.geometry.iloc[0].distance(Point(_xy(106.71, 26.58))) < 1e-6
    assert preview_schools(BAD / name).encoding == label


def test_big5_headers_and_values_in_traditional_characters_are_recognised() -> None:
    report = ImportReport()
    schools = read_schools(BAD / "big5.csv", project_crs=CRS, report=report)
    assert report.ok
    assert schools["type"].tolist() == ["primary", "junior"]  # 小學, 初中
    assert schools["teachers"].tolist() == [40, 70]  # 教職工數
    assert schools["township"].tolist() == ["T1", "T1"]  # 鄉鎮


def test_headers_not_recognised_name_the_encoding_they_were_read_in() -> None:
    report = ImportReport()
    read_schools(BAD / "shift_jis.csv", project_crs=CRS, report=report)
    assert [str(f) for f in report.errors] == [
        f"error: {BAD / 'shift_jis.csv'}, field name, lon: required columns are missing: name (学校名称), "
        "longitude (经度); add them or map them (--column HEADER=FIELD, or the wizard's mapping); "
        "columns found: 学校名, 学校種別, 経度, 緯度; the text was read as Shift-JIS (cp932): if these look garbled, "
        "save the file as CSV UTF-8"
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=6),
        min_size=1,
        max_size=4,
    )
)
def test_short_gbk_files_are_read_as_gbk(names: list[str]) -> None:
    """charset-normalizer alone takes short GBK text for Korean or Japanese; GB18030 wins when it fits."""
    names = [n for n in names if _gbk(n)]
    if not names:
        return
    text = "学校名称,经度,纬度\n" + "".join(f"{n}小学,106.71,26.58\n" for n in names)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.csv"
        path.write_bytes(text.encode("gbk"))
        report = ImportReport()
        schools = read_schools(path, project_crs=CRS, report=report)
    assert schools["name"].tolist() == [f"{n}小学" for n in names]


def _gbk(text: str) -> bool:
    """Text of GB2312's common characters (what a county's table holds), encodable in GBK."""
    try:
        code = text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return all(0xB0 <= code[k] <= 0xD7 for k in range(0, len(code), 2))


# ---------------------------------------------------------------------------------------------
# Property: arbitrary input never raises anything but InputError.

CELLS = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-200, max_value=200),
    st.sampled_from(["学校名称", "经度", "纬度", "学段", "小学", "初中", "106.7", "26.6", "-3", "", "九年制", "代码"]),
)
KNOWN = [names[0] for names in HEADER_SYNONYMS.values()]
HEADERS = st.one_of(
    # the required columns first, then anything: the rows get to the value checks
    st.lists(st.sampled_from(KNOWN), max_size=6).map(lambda more: ["学校名称", "经度", "纬度", *more]),
    st.lists(st.one_of(st.sampled_from(KNOWN), st.text(max_size=8)), min_size=1, max_size=6),
)


def _read(path: Path) -> None:
    report = ImportReport()
    try:
        schools = read_schools(path, project_crs=CRS, report=report)
    except InputError:
        return
    assert list(schools.columns) == [*SCHOOL_COLUMNS, "geometry"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_arbitrary_bytes_as_csv(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.csv"
        path.write_bytes(data)
        _read(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HEADERS, st.lists(st.lists(CELLS, max_size=7), max_size=5), st.booleans())
def test_arbitrary_tables_as_csv_or_xlsx(header: list[str], rows: list[list[Any]], xlsx: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if xlsx:
            path = Path(tmp) / "x.xlsx"
            book = openpyxl.Workbook()
            sheet = book.active
            assert sheet is not None
            for row in [header, *rows]:
                sheet.append([_excel_safe(v) for v in row])
            book.save(path)
        else:
            import csv

            path = Path(tmp) / "x.csv"
            with path.open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows([header, *rows])
        _read(path)


def _excel_safe(value: object) -> object:
    """Cells openpyxl can store (it refuses control characters and non-finite numbers)."""
    if isinstance(value, float) and not np.isfinite(value):
        return str(value)
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value
