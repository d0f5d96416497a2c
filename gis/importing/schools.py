"""Reading a county's schools from a spreadsheet or a vector file into the project's schools layer.

Spreadsheets (CSV in UTF-8 with or without BOM or GBK/GB18030, XLSX) carry coordinates in
longitude/latitude columns; vector files (GeoPackage, Shapefile, GeoJSON) carry points (or
site polygons). Columns are recognised by their usual Chinese and English headers
(:data:`HEADER_SYNONYMS`) or mapped explicitly. Every finding goes to an
:class:`~gis.importing.report.ImportReport`: errors (the import must not be written),
warnings (it may) and notes (what was changed on the way in). Every row either becomes a
school or has a line in the report.

Rows are named as a planner sees them in Excel (header = row 1, first data row = row 2);
features of vector files are counted from 0 (``feature 0``).
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from gis.importing.coords import coords_crs, to_project
from gis.importing.tables import (
    Table,
    TableKind,
    cell_number,
    cell_text,
    is_blank,
    norm,
    read_table,
    resolve_columns,
    where_rows,
)
from gis.messages import text, word
from gis.schema import GRADES, JUNIOR_GRADES, PRIMARY_GRADES, SCHOOL_COLUMNS

if TYPE_CHECKING:
    import geopandas as gpd
    import pyproj
    from shapely.geometry.base import BaseGeometry

    from gis.importing.report import ImportReport

#: Standard class sizes used to derive seats from classes when capacity is not given.
CLASS_SIZE = {"primary": 45, "junior": 50}
#: Enrolment above this multiple of capacity is worth a warning.
OVER_CAPACITY = 1.5

#: Grades taught by each school type.
TYPE_GRADES: dict[str, tuple[int, int]] = {
    "primary": (1, 6),
    "teaching_point": (1, 3),
    "junior": (7, 9),
    "nine_year": (1, 9),
}

#: School-type values as written in county tables, normalised (see :func:`norm`).
TYPE_VALUES: dict[str, str] = {
    **dict.fromkeys(
        (
            "小学",
            "完小",
            "完全小学",
            "中心小学",
            "中心校",
            "村小",
            "村级小学",
            "primary",
            "primaryschool",
            "elementary",
        ),
        "primary",
    ),
    **dict.fromkeys(("教学点", "村教学点", "teachingpoint", "teaching_point", "tp"), "teaching_point"),
    **dict.fromkeys(
        ("初中", "初级中学", "独立初中", "中学", "junior", "juniorsecondary", "juniorhigh", "middle", "middleschool"),
        "junior",
    ),
    **dict.fromkeys(
        ("九年一贯制", "九年制", "九年一贯制学校", "9年一贯制", "一贯制", "nineyear", "nine_year", "9year"),
        "nine_year",
    ),
}
_TYPE_HELP = "小学/完小/村小 (primary), 教学点 (teaching_point), 初中 (junior), 九年一贯制/九年制 (nine_year)"

_CN_GRADES = ("一", "二", "三", "四", "五", "六", "七", "八", "九")
_JUNIOR_CN = {7: "初一", 8: "初二", 9: "初三"}


def _grade_synonyms(g: int) -> list[str]:
    cn = _CN_GRADES[g - 1]
    names = [f"{cn}年级", f"{cn}年级人数", f"{cn}年级学生数", f"{cn}年级在校生数", f"{g}年级", f"{g}年级人数"]
    if g in _JUNIOR_CN:
        names += [_JUNIOR_CN[g], f"{_JUNIOR_CN[g]}人数"]
    names += [f"enrol_g{g}", f"g{g}", f"grade{g}", f"grade_{g}", f"enrolment_g{g}", f"enrollment_g{g}"]
    return names


#: Field → headers recognised for it (Chinese and English; matched after normalisation:
#: case, spaces, underscores, full-width forms and bracketed units are ignored).
#: Fields are the schools-layer columns plus ``lon``/``lat`` and the totals ``enrolment``,
#: ``enrol_primary``, ``enrol_junior``, ``classes`` and ``capacity``.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "school_id": ("学校代码", "学校标识码", "学校识别码", "标识码", "代码", "school_id", "code", "school_code", "id"),
    "name": ("学校名称", "校名", "学校", "名称", "学校全称", "name", "school", "school_name"),
    "type": ("学段", "学校类型", "办学类型", "学校类别", "类型", "level", "type", "school_type", "kind"),
    "grade_min": ("最低年级", "起始年级", "grade_min"),
    "grade_max": ("最高年级", "grade_max"),
    "township": ("乡镇代码", "乡镇", "所属乡镇", "乡镇名称", "乡镇街道", "township", "township_code", "town"),
    "boarding": ("是否寄宿", "寄宿制", "是否寄宿制学校", "boarding"),
    **{f"enrol_g{g}": tuple(_grade_synonyms(g)) for g in GRADES},
    "enrolment": (
        "在校生数",
        "在校生",
        "学生数",
        "学生人数",
        "在校学生数",
        "enrolment",
        "enrollment",
        "students",
        "pupils",
    ),
    "enrol_primary": ("小学在校生数", "小学生数", "小学学生数", "enrol_primary"),
    "enrol_junior": ("初中在校生数", "初中生数", "初中学生数", "enrol_junior"),
    "classes": ("班级数", "班数", "教学班数", "classes"),
    "classes_primary": ("小学班级数", "小学班数", "classes_primary"),
    "classes_junior": ("初中班级数", "初中班数", "classes_junior"),
    "capacity": ("学位数", "核定学位", "核定学位数", "办学规模", "capacity", "seats"),
    "capacity_primary": ("小学学位数", "小学核定学位", "capacity_primary"),
    "capacity_junior": ("初中学位数", "初中核定学位", "capacity_junior"),
    "boarding_beds": ("床位数", "寄宿床位", "寄宿床位数", "boarding_beds", "beds"),
    "boarders": ("寄宿生数", "住校生数", "寄宿学生数", "boarders"),
    "teachers": ("教职工数", "专任教师数", "教师数", "教职工", "teachers", "staff"),
    "teachers_qualified": ("高于规定学历教师数", "学历高于规定教师数", "高学历教师数", "teachers_qualified"),
    "teachers_senior": ("中级及以上职称教师数", "中高级职称教师数", "中级以上职称教师数", "teachers_senior"),
    "key_teachers": ("县级以上骨干教师数", "县级及以上骨干教师数", "骨干教师数", "key_teachers"),
    "pe_arts_teachers": ("体音美教师数", "音体美教师数", "体育艺术教师数", "pe_arts_teachers"),
    "floor_area_m2": ("校舍建筑面积", "建筑面积", "校舍面积", "floor_area_m2", "floor_area"),
    "sports_area_m2": ("运动场地面积", "体育运动场馆面积", "运动场面积", "sports_area_m2", "sports_area"),
    "equipment_value_yuan": (
        "教学仪器设备值",
        "仪器设备值",
        "教学仪器设备资产值",
        "equipment_value_yuan",
        "equipment_value",
    ),
    "books": ("图书册数", "图书", "藏书量", "图书藏量", "books"),
    "computers": ("计算机台数", "教学用计算机", "教学用计算机台数", "电脑数", "computers"),
    "multimedia_rooms": ("多媒体教室数", "多媒体教室", "multimedia_rooms"),
    "lon": ("经度", "longitude", "lon", "lng", "long", "x", "东经"),
    "lat": ("纬度", "latitude", "lat", "y", "北纬"),
}

_LABELS = {"lon": text("longitude"), "lat": text("latitude")}
_INT_FIELDS = tuple(
    c
    for c in SCHOOL_COLUMNS
    if c.startswith(("enrol_g", "classes_", "capacity_"))
    or c
    in (
        "boarding_beds",
        "boarders",
        "teachers",
        "teachers_qualified",
        "teachers_senior",
        "key_teachers",
        "pe_arts_teachers",
        "books",
        "computers",
        "multimedia_rooms",
    )
)
_FLOAT_FIELDS = ("floor_area_m2", "sports_area_m2", "equipment_value_yuan")
_TOTALS = ("enrolment", "enrol_primary", "enrol_junior", "classes", "capacity")
_COUNT_FIELDS = (*_INT_FIELDS, *_FLOAT_FIELDS, *_TOTALS)
_SCIENTIFIC = re.compile(r"\d(\.\d+)?[eE]\+?\d+")
_LARGEST = 1e12  # no count or area of a county's school comes near this
_CHINA = (73.0, 136.0, 3.0, 54.0)  # lon min, lon max, lat min, lat max


@dataclass(frozen=True)
class SchoolPreview:
    """What the import wizard shows before reading: the file as found and the mapping guessed."""

    file: str
    encoding: str | None
    sheets: tuple[str, ...]
    sheet: str | None
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    mapping: dict[str, str] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()


_SYNONYM_INDEX: dict[str, str] = {}
for _field, _names in HEADER_SYNONYMS.items():
    for _name in _names:
        _SYNONYM_INDEX.setdefault(norm(_name), _field)
_SCHOOLS = TableKind("schools", frozenset(_SYNONYM_INDEX), "学校名称, 经度, 纬度")


# --------------------------------------------------------------------------------------------
# Column mapping


def detect_mapping(header: list[str] | tuple[str, ...]) -> dict[str, str]:
    """The field each recognised header stands for, as {field: header}."""
    found: dict[str, str] = {}
    # Synonyms in order of preference, so the more specific wins when two headers compete
    # (乡镇代码 over 乡镇); of two identical headers the first is used.
    for key, names in HEADER_SYNONYMS.items():
        for synonym in names:
            match = next((h for h in header if h and norm(h) == norm(synonym)), None)
            if match is not None:
                found[key] = match
                break
    return found


def _mapping(table: Table, explicit: Mapping[str, str | None] | None, report: ImportReport) -> dict[str, int] | None:
    """{field: column index}, or None after reporting an unusable explicit mapping."""
    header = table.header
    found = resolve_columns(table, HEADER_SYNONYMS, report, explicit=explicit, detect=detect_mapping)
    if found is None:
        return None
    index = found
    if table.vector:
        for key in ("lon", "lat"):
            index.pop(key, None)
    used = set(index.values())
    ignored = [h or f"column {i + 1} (no header)" for i, h in enumerate(header) if i not in used]
    if ignored:
        report.note(
            text("{n_ignored} column(s) not used: {ignored}", n_ignored=len(ignored), ignored=", ".join(ignored)),
            file=table.file,
            fix=text("map them (--column HEADER=FIELD, or the wizard's mapping) if they hold a school field"),
        )
    for key, col in index.items():
        if key in ("equipment_value_yuan", "floor_area_m2", "sports_area_m2") and "万" in header[col]:
            table.unit_scale[key] = 10_000.0
            report.note(
                text("column {header} is in units of 10 000; multiplied", header=header[col]),
                file=table.file,
                field=key,
            )
    required = ["name"] if table.vector else ["name", "lon", "lat"]
    missing = [k for k in required if k not in index]
    if missing:
        names = ", ".join(f"{_LABELS.get(k, k)} ({HEADER_SYNONYMS[k][0]})" for k in missing)
        report.error(
            text("required columns are missing: {names}", names=names),
            file=table.file,
            field=", ".join(missing),
            fix=text(
                "add them or map them ({how}); columns found: {found}{encoding}",
                how=text("--column HEADER=FIELD, or the wizard's mapping"),
                found=", ".join(h for h in header if h) or text("none"),
                encoding=text(
                    "; the text was read as {encoding}: if these look garbled, save the file as CSV UTF-8",
                    encoding=table.encoding,
                )
                if table.encoding
                else "",
            ),
        )
        return None
    return index


# --------------------------------------------------------------------------------------------
# Values


_DMS = re.compile(
    r"^\s*([NSEW东西南北]|东经|西经|北纬|南纬)?\s*(\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′分]\s*)?"
    r"(?:(\d+(?:\.\d+)?)\s*(?:\"|″|''|′′|秒)\s*)?([NSEW])?\s*$",
    re.IGNORECASE,
)


def _coordinate(value: object) -> float | None:
    """A coordinate in decimal degrees (or metres), accepting 106°30′15″ and E/N prefixes."""
    number = cell_number(value)
    if number is not None:
        return number if math.isfinite(number) else None
    if not isinstance(value, str):
        return None
    m = _DMS.match(unicodedata.normalize("NFKC", value))
    if m is None:
        return None
    deg = float(m.group(2)) + float(m.group(3) or 0) / 60 + float(m.group(4) or 0) / 3600
    hemisphere = (m.group(1) or m.group(5) or "").upper()
    return -deg if hemisphere in ("S", "W", "西", "南", "西经", "南纬") else deg


_BOOL = {
    **dict.fromkeys(("是", "寄宿", "寄宿制", "有", "yes", "y", "true", "t", "1", "1.0", "√"), True),
    **dict.fromkeys(("否", "非寄宿", "走读", "无", "no", "n", "false", "f", "0", "0.0", "×", "不寄宿"), False),
}


def _school_type(value: object) -> str | None:
    return TYPE_VALUES.get(norm(value))


def _type_from_name(name: str) -> str | None:
    if "九年" in name or "一贯制" in name:
        return "nine_year"
    if "教学点" in name:
        return "teaching_point"
    if "小学" in name or "完小" in name or "村小" in name:
        return "primary"
    if "初中" in name or "初级中学" in name or name.endswith("中学"):
        return "junior"
    return None


def _spread(total: int, n: int) -> list[int]:
    """``total`` split over ``n`` parts as evenly as whole numbers allow (remainder to the first)."""
    base, rest = divmod(total, n)
    return [base + (1 if i < rest else 0) for i in range(n)]


# --------------------------------------------------------------------------------------------
# The reader


def preview_schools(path: str | os.PathLike[str], *, sheet: str | None = None, rows: int = 10) -> SchoolPreview:
    """The file as found, for an import wizard: encoding, sheets, header, first rows and mapping.

    Parameters
    ----------
    path
        A CSV, XLSX, GeoPackage, Shapefile or GeoJSON file.
    sheet
        The sheet (or layer) to show; the first if not given.
    rows
        How many data rows to show.

    Raises
    ------
    InputError
        If the file cannot be read, with every problem found.
    """
    from gis.importing.report import ImportReport

    report = ImportReport()
    table = read_table(Path(path), sheet, report, _SCHOOLS)
    report.raise_if_errors()
    assert table is not None
    mapping = detect_mapping(table.header)
    if table.vector:
        mapping = {k: v for k, v in mapping.items() if k not in ("lon", "lat")}
    used = set(mapping.values())
    return SchoolPreview(
        file=table.file,
        encoding=table.encoding,
        sheets=table.sheets,
        sheet=table.sheet,
        header=tuple(table.header),
        rows=tuple(tuple(cell_text(v) for v in r) for r in table.rows[: max(rows, 0)]),
        mapping=mapping,
        ignored=tuple(h for h in table.header if h and h not in used),
    )


def _empty_frame(project_crs: str | pyproj.CRS) -> gpd.GeoDataFrame:
    import geopandas as gpd

    return gpd.GeoDataFrame({c: [] for c in SCHOOL_COLUMNS}, geometry=[], crs=coords_crs(project_crs))


def read_schools(
    path: str | os.PathLike[str],
    *,
    project_crs: str | pyproj.CRS,
    report: ImportReport,
    coords: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    sheet: str | None = None,
    county: BaseGeometry | None = None,
    outside_tolerance_m: float = 200.0,
) -> gpd.GeoDataFrame:
    """Read schools from a spreadsheet or vector file into the project's schools layer.

    Parameters
    ----------
    path
        A CSV (UTF-8 with or without BOM, GBK/GB18030), XLSX, GeoPackage, Shapefile or GeoJSON file.
    project_crs
        The project's CRS; the result is in it.
    report
        Every finding is added here. If it holds errors afterwards, the import must not be
        written: the frame then holds only the rows that had none.
    coords
        The coordinate system of the file: ``wgs84``, ``gcj02``, ``bd09``, ``cgcs2000`` or
        any CRS pyproj understands. Default: WGS84 for spreadsheets and the layer's own CRS
        for vector files (a layer without one is refused unless this is given).
    mapping
        {field: header} overriding the detected columns (fields are the keys of
        :data:`HEADER_SYNONYMS`; a header of None means "do not use this field").
    sheet
        The sheet of a workbook or layer of a GeoPackage; the first (only) one if not given.
    county
        The county's outline in the project CRS; schools outside it are errors, those at
        most ``outside_tolerance_m`` metres outside it warnings (and kept).
    outside_tolerance_m
        See ``county`` (the rules file's ``[import] outside_tolerance_m``).

    Returns
    -------
    A GeoDataFrame with exactly :data:`~gis.project.SCHOOL_COLUMNS` and point geometries.

    Raises
    ------
    InputError
        Only if ``coords`` or ``project_crs`` is not a known coordinate system.
    """
    coords_crs(project_crs)
    if coords is not None:
        coords_crs(coords)
    table = read_table(Path(path), sheet, report, _SCHOOLS)
    if table is None:
        return _empty_frame(project_crs)
    if not table.rows:
        report.error(
            text("the file has a header but no schools"), file=table.file, fix=text("fill in one row per school")
        )
        return _empty_frame(project_crs)
    index = _mapping(table, mapping, report)
    if index is None:
        return _empty_frame(project_crs)
    return _Reader(table, index, report, project_crs, coords, county, outside_tolerance_m).run()


@dataclass
class _Reader:
    """One import of a table: values checked and converted column by column."""

    table: Table
    index: dict[str, int]
    report: ImportReport
    project_crs: str | pyproj.CRS
    coords: str | None
    county: BaseGeometry | None
    tolerance: float = 0.0
    bad: set[int] = field(default_factory=set)

    def cells(self, key: str) -> list[Any]:
        col = self.index[key]
        return [r[col] for r in self.table.rows]

    def problem(self, severity: str, i: int, problem: str, *, key: str = "", value: object = "", fix: str = "") -> None:
        header = self.table.header[self.index[key]] if key in self.index else ""
        label = f"{key} ({header})" if header and header != key else key
        self.report.add(
            severity,  # type: ignore[arg-type]
            problem,
            file=self.table.file,
            where=self.table.wheres[i],
            field=label,
            value=cell_text(value) if not isinstance(value, str) else value,
            fix=fix,
        )
        if severity == "error":
            self.bad.add(i)

    def note(self, problem: str, *, key: str = "", where: str = "", value: str = "") -> None:
        self.report.note(problem, file=self.table.file, field=key, where=where, value=value)

    # -- columns ------------------------------------------------------------------------

    def counts(self, key: str) -> np.ndarray:
        """A count column as floats (NaN where blank), errors for text and negative values."""
        n = len(self.table.rows)
        out = np.full(n, np.nan)
        if key not in self.index:
            return out
        blank: list[str] = []
        scale = self.table.unit_scale.get(key, 1.0)
        for i, v in enumerate(self.cells(key)):
            if is_blank(v):
                blank.append(self.table.wheres[i])
                continue
            x = cell_number(v)
            if x is None or not math.isfinite(x):
                self.problem(
                    "error", i, text("not a number"), key=key, value=v, fix=text("write the count as digits, e.g. 320")
                )
            elif x < 0:
                self.problem(
                    "error", i, text("negative count"), key=key, value=v, fix=text("counts must be zero or more")
                )
            elif x * scale > _LARGEST:
                self.problem(
                    "error", i, text("number too large to be right"), key=key, value=v, fix=text("check the value")
                )
            else:
                out[i] = x * scale
        if blank:
            self.note(text("blank cells read as 0"), key=key, where=where_rows(blank))
        return out

    def whole(self, key: str, values: np.ndarray) -> np.ndarray:
        rounded = np.rint(values)
        for i in np.flatnonzero(np.isfinite(values) & (np.abs(values - rounded) > 1e-9)).tolist():
            self.problem("warning", i, text("not a whole number; rounded"), key=key, value=values[i])
        return rounded

    def run(self) -> gpd.GeoDataFrame:
        import geopandas as gpd
        import pandas as pd

        n = len(self.table.rows)
        names = self.names()
        types = self.types(names)
        codes = self.codes()
        x, y = self.locations()
        data: dict[str, Any] = {"school_id": codes, "name": names, "type": [t or "" for t in types]}
        valid_type = [t is not None for t in types]
        gmin = np.array([TYPE_GRADES[t][0] if t else 1 for t in types], dtype=np.int64)
        gmax = np.array([TYPE_GRADES[t][1] if t else 9 for t in types], dtype=np.int64)
        for key, default in (("grade_min", gmin), ("grade_max", gmax)):
            if key in self.index:
                got = self.counts(key)
                ok = np.isfinite(got) & (got >= 1) & (got <= 9)
                for i in np.flatnonzero(np.isfinite(got) & ~ok).tolist():
                    self.problem("error", i, text("grade must be 1 to 9"), key=key, value=got[i])
                default = np.where(ok, np.rint(np.nan_to_num(got)), default).astype(np.int64)
            data[key] = default
        data["township"] = [cell_text(v) for v in self.cells("township")] if "township" in self.index else [""] * n
        counts = {k: self.counts(k) for k in _COUNT_FIELDS}
        self.enrolment(data, counts, types)
        self.teaching_point_grades(data, types)
        self.levels(data, counts, types, "classes", "classes_primary", "classes_junior")
        self.capacity(data, counts, types)
        for key in _INT_FIELDS:
            if key not in data:
                data[key] = self.whole(key, counts[key])
        for key in _FLOAT_FIELDS:
            data[key] = counts[key]
        data["boarding"] = self.boarding(data)
        missing = [k for k in (*_INT_FIELDS, *_FLOAT_FIELDS) if k not in self.index and not self.derived(k)]
        if missing:
            self.note(text("fields not in the file, set to 0: {missing}", missing=", ".join(missing)))
        if "township" not in self.index and self.county is None:
            self.note(text("no township column; township left blank"), key="township")
        self.check_capacity(data)
        for key in (*_INT_FIELDS, *_FLOAT_FIELDS):
            data[key] = np.nan_to_num(np.asarray(data[key], dtype=float))
            if key in _INT_FIELDS:
                data[key] = data[key].astype(np.int64)
        keep = np.array([i not in self.bad and valid_type[i] for i in range(n)], dtype=bool)
        content = ("school_id", "name", "type", "township")
        frame = pd.DataFrame({c: np.asarray(data[c], dtype=object if c in content else None) for c in SCHOOL_COLUMNS})
        frame["boarding"] = frame["boarding"].astype(bool)
        frame = frame[keep].reset_index(drop=True)
        points = gpd.points_from_xy(x[keep], y[keep])
        return gpd.GeoDataFrame(frame, geometry=points, crs=coords_crs(self.project_crs))

    def derived(self, key: str) -> bool:
        sources = {
            "enrol_g": ("enrolment", "enrol_primary", "enrol_junior"),
            "classes_": ("classes",),
            "capacity_": ("capacity", "classes", "classes_primary", "classes_junior"),
        }
        for prefix, keys in sources.items():
            if key.startswith(prefix):
                return any(k in self.index for k in keys)
        return key == "boarding"

    # -- identity -----------------------------------------------------------------------

    def names(self) -> list[str]:
        out = []
        for i, v in enumerate(self.cells("name")):
            name = cell_text(v)
            if not name:
                self.problem("error", i, text("school has no name"), key="name", fix=text("fill in the school's name"))
            out.append(name)
        return out

    def codes(self) -> list[str]:
        n = len(self.table.rows)
        raw = [cell_text(v) for v in self.cells("school_id")] if "school_id" in self.index else [""] * n
        if "school_id" not in self.index:
            self.note(text("no school code column; codes generated from the row numbers"), key="school_id")
        seen: dict[str, int] = {}
        out = []
        for i, code in enumerate(raw):
            if not code:
                code = "AUTO-" + self.table.wheres[i].replace(" ", "")
                if "school_id" in self.index:
                    self.problem(
                        "warning",
                        i,
                        text("school code missing; generated {code}", code=code),
                        key="school_id",
                        fix=text("fill in the 10-digit national school code"),
                    )
            elif _SCIENTIFIC.fullmatch(code):
                self.problem(
                    "warning",
                    i,
                    text("school code was turned into a rounded number by Excel (scientific notation)"),
                    key="school_id",
                    value=code,
                    fix=text("format the code column as text in Excel and type the codes again"),
                )
            if code in seen:
                self.problem(
                    "error",
                    i,
                    text("duplicate school code, also in {wheres}", wheres=self.table.wheres[seen[code]]),
                    key="school_id",
                    value=code,
                    fix=text("give each school its own code"),
                )
            seen.setdefault(code, i)
            out.append(code)
        return out

    def types(self, names: list[str]) -> list[str | None]:
        out: list[str | None] = []
        if "type" in self.index:
            for i, v in enumerate(self.cells("type")):
                kind = _school_type(v)
                if kind is None:
                    self.problem(
                        "error",
                        i,
                        text("school type not recognised") if not is_blank(v) else text("school type missing"),
                        key="type",
                        value=v,
                        fix=text("use one of {type_help}", type_help=_TYPE_HELP),
                    )
                out.append(kind)
            return out
        guessed: list[str] = []
        for i, name in enumerate(names):
            kind = _type_from_name(name)
            if kind is None:
                kind = self.type_from_grades(i)
            if kind is None:
                self.problem(
                    "error",
                    i,
                    text("no type column and the type cannot be told from the name or the grades"),
                    key="type",
                    value=name,
                    fix=text("add a 学段 column: {type_help}", type_help=_TYPE_HELP),
                )
            else:
                guessed.append(self.table.wheres[i])
            out.append(kind)
        if guessed:
            self.note(text("no type column; types taken from the school names (小学, 初中 …) or grades"), key="type")
        return out

    def type_from_grades(self, i: int) -> str | None:
        have = []
        for g in GRADES:
            key = f"enrol_g{g}"
            if key in self.index:
                x = cell_number(self.table.rows[i][self.index[key]])
                if x:
                    have.append(g)
        if not have:
            return None
        if max(have) <= 6:
            return "primary"
        return "junior" if min(have) >= 7 else "nine_year"

    # -- coordinates --------------------------------------------------------------------

    def locations(self) -> tuple[np.ndarray, np.ndarray]:
        return self.vector_locations() if self.table.vector else self.sheet_locations()

    def sheet_locations(self) -> tuple[np.ndarray, np.ndarray]:
        coords = self.coords or "wgs84"
        n = len(self.table.rows)
        lon = np.full(n, np.nan)
        lat = np.full(n, np.nan)
        both_blank = [is_blank(a) and is_blank(b) for a, b in zip(self.cells("lon"), self.cells("lat"), strict=True)]
        for i in np.flatnonzero(both_blank).tolist():
            self.problem(
                "error", i, text("coordinates missing"), key="lon/lat", fix=text("fill in the school's location")
            )
        for key, out in (("lon", lon), ("lat", lat)):
            for i, v in enumerate(self.cells(key)):
                if both_blank[i]:
                    continue
                if is_blank(v):
                    self.problem(
                        "error",
                        i,
                        text("{label} missing", label=_LABELS[key]),
                        key=key,
                        fix=text("fill in the school's location"),
                    )
                    continue
                c = _coordinate(v)
                if c is None:
                    self.problem(
                        "error",
                        i,
                        text("{label} is not a number", label=_LABELS[key]),
                        key=key,
                        value=v,
                        fix=text("write decimal degrees such as 106.71234"),
                    )
                else:
                    out[i] = c
        return self.convert(lon, lat, coords, str(coords))

    def vector_locations(self) -> tuple[np.ndarray, np.ndarray]:
        import shapely

        geoms = self.table.geometry or []
        n = len(geoms)
        x = np.full(n, np.nan)
        y = np.full(n, np.nan)
        for i, g in enumerate(geoms):
            if g is None or g.is_empty:
                self.problem(
                    "error", i, text("feature has no geometry"), key="geometry", fix=text("place the school on the map")
                )
                continue
            if not g.is_valid:
                reason = shapely.is_valid_reason(g)
                g = shapely.make_valid(g)
                if g.is_empty:
                    self.problem(
                        "error",
                        i,
                        text("invalid geometry ({reason}) cannot be repaired", reason=reason),
                        key="geometry",
                    )
                    continue
                self.problem("note", i, text("invalid geometry repaired ({reason})", reason=reason), key="geometry")
            if g.geom_type == "Point":
                point = g
            elif g.geom_type == "MultiPoint" and len(g.geoms) == 1:
                point = g.geoms[0]
            else:
                point = g.representative_point()
                self.problem(
                    "note", i, text("{geom_type} reduced to a point inside it", geom_type=g.geom_type), key="geometry"
                )
            if not (math.isfinite(point.x) and math.isfinite(point.y)):
                self.problem("error", i, text("coordinates are not numbers"), key="geometry", value=point.wkt)
                continue
            x[i], y[i] = point.x, point.y
        if self.coords is not None:
            source: str | pyproj.CRS = self.coords
            if self.table.crs is not None and coords_crs(self.coords) != self.table.crs:
                self.note(
                    text(
                        "layer CRS {crs} overridden: coordinates taken as {coords} as stated",
                        crs=self.table.crs.to_string(),
                        coords=self.coords,
                    ),
                    key="geometry",
                )
        elif self.table.crs is None:
            self.report.error(
                text("layer has no coordinate reference system"),
                file=self.table.file,
                field="geometry",
                fix=text(
                    "state the coordinate system with --coords (wgs84, gcj02, bd09, cgcs2000 or an "
                    "EPSG code; the wizard: coordinate system) or assign one in a GIS"
                ),
            )
            self.bad.update(range(n))
            return x, y
        else:
            source = self.table.crs
        label = self.coords or (self.table.crs.to_string() if self.table.crs is not None else "")
        return self.convert(x, y, source, label)

    def convert(
        self, x: np.ndarray, y: np.ndarray, source: str | pyproj.CRS, label: str
    ) -> tuple[np.ndarray, np.ndarray]:
        geographic = coords_crs(source).is_geographic
        key_x, key_y = ("lon", "lat") if not self.table.vector else ("geometry", "geometry")
        x, y = x.copy(), y.copy()
        for i in np.flatnonzero(np.isfinite(x) & np.isfinite(y)).tolist():
            a, b = x[i], y[i]
            if geographic:
                if a == 0 and b == 0:
                    self.problem(
                        "error",
                        i,
                        text("coordinates are 0, 0 (a placeholder)"),
                        key=key_x,
                        fix=text("fill in the location"),
                    )
                    continue
                in_range = abs(a) <= 180 and abs(b) <= 90
                swapped_ok = abs(b) <= 180 and abs(a) <= 90
                if (not in_range and swapped_ok) or (
                    in_range and swapped_ok and not _in_china(a, b) and _in_china(b, a)
                ):
                    x[i], y[i] = b, a
                    self.problem(
                        "warning",
                        i,
                        text("latitude and longitude swapped; corrected"),
                        key=f"{key_x}/{key_y}" if key_x != key_y else key_x,
                        value=f"{cell_text(a)}, {cell_text(b)}",
                        fix=text("check the columns: longitude is about 73–136 in China, latitude 3–54"),
                    )
                elif not in_range:
                    self.problem(
                        "error",
                        i,
                        text("coordinates are not longitude/latitude in degrees (projected metres? mixed systems?)"),
                        key=key_x,
                        value=f"{cell_text(a)}, {cell_text(b)}",
                        fix=text(
                            "give every row in {label}, or state the coordinate system of the file (--coords)",
                            label=label,
                        ),
                    )
            elif abs(a) <= 180 and abs(b) <= 90:
                self.problem(
                    "error",
                    i,
                    text(
                        "coordinates look like degrees, but the file is in {label} (mixed coordinate systems?)",
                        label=label,
                    ),
                    key=key_x,
                    value=f"{cell_text(a)}, {cell_text(b)}",
                    fix=text("give every row in one coordinate system"),
                )
        ok = np.array([i not in self.bad for i in range(len(x))], dtype=bool) & np.isfinite(x) & np.isfinite(y)
        px = np.full(len(x), np.nan)
        py = np.full(len(x), np.nan)
        if ok.any():
            px[ok], py[ok] = to_project(x[ok], y[ok], source, self.project_crs)
        for i in np.flatnonzero(ok & ~(np.isfinite(px) & np.isfinite(py))).tolist():
            self.problem(
                "error", i, text("cannot be converted from {label} to the project CRS", label=label), key=key_x
            )
        if ok.any() and label.lower() not in ("", str(self.project_crs).lower()):
            self.note(
                text("coordinates converted from {label} to {project_crs}", label=label, project_crs=self.project_crs),
                key=key_x,
            )
        if geographic and self.county is None:
            for i in np.flatnonzero(ok).tolist():
                if i not in self.bad and not _in_china(x[i], y[i]):
                    self.problem(
                        "warning",
                        i,
                        text("school is outside China"),
                        key=key_x,
                        value=f"{cell_text(x[i])}, {cell_text(y[i])}",
                        fix=text("check the coordinates"),
                    )
        self.check_county(px, py)
        return px, py

    def check_county(self, px: np.ndarray, py: np.ndarray) -> None:
        import shapely

        if self.county is None:
            return
        ok = np.isfinite(px) & np.isfinite(py)
        points = shapely.points(np.where(ok, px, 0.0), np.where(ok, py, 0.0))
        inside = shapely.covers(self.county, points)
        distance = shapely.distance(self.county, points)
        key = "lon" if not self.table.vector else "geometry"
        for i in np.flatnonzero(ok & ~inside & (distance <= self.tolerance)).tolist():
            self.problem(
                "warning",
                i,
                text(
                    "school is {distance:.0f} m outside the township boundaries (at most "
                    "{tolerance:g} m allowed); taken into the nearest township",
                    distance=distance[i],
                    tolerance=self.tolerance,
                ),
                key=key,
                value=f"{px[i]:.0f}, {py[i]:.0f}",
                fix=text("check its coordinates, or the boundary if the school is in the county"),
            )
        for i in np.flatnonzero(ok & ~inside & (distance > self.tolerance)).tolist():
            self.problem(
                "error",
                i,
                text(
                    "school is outside the county ({distance_text} from its boundary)",
                    distance_text=_distance_text(distance[i]),
                ),
                key=key,
                value=f"{px[i]:.0f}, {py[i]:.0f}",
                fix=text("check the coordinates and their system (WGS84, GCJ-02 from Amap, BD-09 from Baidu)"),
            )

    # -- counts -------------------------------------------------------------------------

    def enrolment(self, data: dict[str, Any], counts: dict[str, np.ndarray], types: list[str | None]) -> None:
        n = len(types)
        per_grade = [f"enrol_g{g}" for g in GRADES if f"enrol_g{g}" in self.index]
        grades = np.zeros((n, 9))
        if per_grade:
            for g in GRADES:
                grades[:, g - 1] = np.nan_to_num(self.whole(f"enrol_g{g}", counts[f"enrol_g{g}"]))
            if "enrolment" in self.index:
                total = counts["enrolment"]
                for i in np.flatnonzero(np.isfinite(total) & (np.abs(grades.sum(axis=1) - total) > 0.5)).tolist():
                    self.problem(
                        "warning",
                        i,
                        text(
                            "total enrolment differs from the sum of the grades ({sum:.0f}); grades used",
                            sum=grades[i].sum(),
                        ),
                        key="enrolment",
                        value=total[i],
                    )
        else:
            spread: list[str] = []
            for i, kind in enumerate(types):
                if kind is None:
                    continue
                lo, hi = TYPE_GRADES[kind]
                parts: list[tuple[str, tuple[int, ...]]] = []
                if "enrol_primary" in self.index or "enrol_junior" in self.index:
                    parts = [("enrol_primary", PRIMARY_GRADES), ("enrol_junior", JUNIOR_GRADES)]
                elif "enrolment" in self.index:
                    parts = [("enrolment", tuple(range(1, 10)))]
                for key, level_grades in parts:
                    total = counts[key][i]
                    if not np.isfinite(total) or total == 0:
                        continue
                    taught = [g for g in level_grades if lo <= g <= hi]
                    if not taught:
                        self.problem(
                            "warning",
                            i,
                            text("pupils given for grades a {kind} school does not teach", kind=word(kind)),
                            key=key,
                            value=total,
                        )
                        taught = list(level_grades)
                    for g, share in zip(taught, _spread(round(total), len(taught)), strict=True):
                        grades[i, g - 1] = share
                    spread.append(self.table.wheres[i])
            if spread:
                self.note(
                    text("enrolment per grade not given; totals spread evenly over the grades of each school's type"),
                    key="enrolment",
                    where=where_rows(spread),
                )
        for g in GRADES:
            data[f"enrol_g{g}"] = grades[:, g - 1]
            if per_grade:
                for i in np.flatnonzero(grades[:, g - 1] > 0).tolist():
                    kind = types[i]
                    lo, hi = (1, 6) if kind == "teaching_point" else TYPE_GRADES[kind] if kind else (1, 9)
                    if not lo <= g <= hi:
                        self.problem(
                            "warning",
                            i,
                            text(
                                "pupils in grade {g}, which a {kind} school does not teach",
                                g=g,
                                kind=word(kind) if kind else kind,
                            ),
                            key=f"enrol_g{g}",
                            value=grades[i, g - 1],
                        )

    def teaching_point_grades(self, data: dict[str, Any], types: list[str | None]) -> None:
        """Teaching points teach grades 1-3 or 1-4 (sometimes more): the highest grade with pupils."""
        if "grade_max" in self.index or not any(f"enrol_g{g}" in self.index for g in GRADES):
            return
        changed = []
        for i, kind in enumerate(types):
            if kind != "teaching_point":
                continue
            taught = [g for g in PRIMARY_GRADES if data[f"enrol_g{g}"][i] > 0]
            top = max([3, *taught])
            if top != data["grade_max"][i]:
                data["grade_max"][i] = top
                changed.append(self.table.wheres[i])
        if changed:
            self.note(
                text("grades of teaching points taken from their pupils"), key="grade_max", where=where_rows(changed)
            )

    def levels(
        self,
        data: dict[str, Any],
        counts: dict[str, np.ndarray],
        types: list[str | None],
        total_key: str,
        primary_key: str,
        junior_key: str,
    ) -> None:
        """Split a total column (classes, seats) into primary and junior by the school's type."""
        primary = np.nan_to_num(self.whole(primary_key, counts[primary_key]))
        junior = np.nan_to_num(self.whole(junior_key, counts[junior_key]))
        if total_key in self.index and primary_key not in self.index and junior_key not in self.index:
            total = np.nan_to_num(self.whole(total_key, counts[total_key]))
            split: list[str] = []
            for i, kind in enumerate(types):
                if kind == "nine_year":
                    pupils_p = sum(data[f"enrol_g{g}"][i] for g in PRIMARY_GRADES)
                    pupils_j = sum(data[f"enrol_g{g}"][i] for g in JUNIOR_GRADES)
                    share = pupils_p / (pupils_p + pupils_j) if pupils_p + pupils_j > 0 else 6 / 9
                    primary[i] = round(total[i] * share)
                    junior[i] = total[i] - primary[i]
                    if total[i] > 0:
                        split.append(self.table.wheres[i])
                elif kind == "junior":
                    junior[i] = total[i]
                else:
                    primary[i] = total[i]
            if split:
                self.note(
                    text(
                        "{total_key} of nine-year schools split between primary and junior by their pupils",
                        total_key=total_key,
                    ),
                    key=total_key,
                    where=where_rows(split),
                )
        data[primary_key] = primary
        data[junior_key] = junior

    def capacity(self, data: dict[str, Any], counts: dict[str, np.ndarray], types: list[str | None]) -> None:
        if any(k in self.index for k in ("capacity", "capacity_primary", "capacity_junior")):
            self.levels(data, counts, types, "capacity", "capacity_primary", "capacity_junior")
            return
        size_p, size_j = CLASS_SIZE["primary"], CLASS_SIZE["junior"]
        data["capacity_primary"] = data["classes_primary"] * size_p
        data["capacity_junior"] = data["classes_junior"] * size_j
        if any(k in self.index for k in ("classes", "classes_primary", "classes_junior")):
            self.note(
                text(
                    "no capacity column; seats = classes × {size_p} (primary) or × {size_j} (junior)",
                    size_p=size_p,
                    size_j=size_j,
                ),
                key="capacity",
            )
        else:
            self.note(text("no capacity or class columns; capacity left 0"), key="capacity")

    def check_capacity(self, data: dict[str, Any]) -> None:
        for level, level_grades in (("primary", PRIMARY_GRADES), ("junior", JUNIOR_GRADES)):
            pupils = np.sum([np.asarray(data[f"enrol_g{g}"], dtype=float) for g in level_grades], axis=0)
            seats = np.asarray(data[f"capacity_{level}"], dtype=float)
            for i in np.flatnonzero((seats > 0) & (pupils > OVER_CAPACITY * seats)).tolist():
                self.problem(
                    "warning",
                    i,
                    text(
                        "{level} enrolment {pupils:.0f} is more than {over_capacity} × capacity",
                        level=word(level),
                        pupils=pupils[i],
                        over_capacity=OVER_CAPACITY,
                    ),
                    key=f"capacity_{level}",
                    value=seats[i],
                    fix=text("check the enrolment and capacity"),
                )

    def boarding(self, data: dict[str, Any]) -> list[bool]:
        n = len(self.table.rows)
        beds = np.nan_to_num(np.asarray(data["boarding_beds"], dtype=float))
        boarders = np.nan_to_num(np.asarray(data["boarders"], dtype=float))
        derived = [bool(beds[i] > 0 or boarders[i] > 0) for i in range(n)]
        if "boarding" not in self.index:
            return derived
        out = []
        for i, v in enumerate(self.cells("boarding")):
            if is_blank(v):
                out.append(derived[i])
                continue
            flag = _BOOL.get(norm(v))
            if flag is None:
                self.problem(
                    "error", i, text("not yes or no"), key="boarding", value=v, fix=text("write 是 or 否 (yes or no)")
                )
                flag = False
            out.append(flag)
        return out


def _distance_text(metres: float) -> str:
    """``150 m`` below a kilometre, else ``2.3 km``."""
    return f"{metres:.0f} m" if metres < 1000 else f"{metres / 1000:.1f} km"


def _in_china(lon: float, lat: float) -> bool:
    return _CHINA[0] <= lon <= _CHINA[1] and _CHINA[2] <= lat <= _CHINA[3]
