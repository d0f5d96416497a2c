"""The Excel report of an analysis: indicators, schools, townships, plans and the rules used.

:func:`write_report_xlsx` writes one workbook a planner can open in Excel or WPS: every sheet
has a bold, shaded header row that stays in view (frozen) with a filter, columns sized to
their contents, and number formats by kind of figure (``0.0%`` for shares, ``0.0`` for
minutes and class sizes, ``#,##0`` for counts of children, pupils, seats and schools,
``0.000`` for difference coefficients, ``0.00`` for per-pupil resources; a rule shows the
decimals the rules file gives it; no figure is left in Excel's General format), and prints
as a report: A4 landscape, one page wide, the header row repeated on every page, pages
numbered. Text is written as text, never as a formula: a cell that would start with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is a string cell with Excel's quote prefix
(the rule of :func:`gis.fileio.neutralise`), shown exactly as it is and never run. Labels
are Chinese (``language="zh"``) or English; a key without a label is shown as it is.
Figures are written unrounded (only their display is formatted); a figure that does not
exist (no trip, no school reachable) is an empty cell.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gis.balance import BASIC, QUALITY
from gis.fileio import neutralise, write_atomic
from gis.indicators import coverage_indicators, school_table

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from gis.analysis import Analysis
    from gis.balance import Balance
    from gis.compare import Comparison
    from gis.suggest import Suggestions

PERCENT = "0.0%"
MINUTES = "0.0"
DECIMAL = "0.0"
COUNT = "#,##0"
COEFFICIENT = "0.000"
PER_PUPIL = "0.00"
TEXT = "@"
HEADER_FILL = "DDEBF7"
MAX_WIDTH = 60

# Sheet names (Excel allows at most 31 characters).
SHEETS: dict[str, dict[str, str]] = {
    "summary": {"zh": "县域指标", "en": "Summary"},
    "townships": {"zh": "乡镇指标", "en": "Townships"},
    "schools": {"zh": "学校", "en": "Schools"},
    "suggestions": {"zh": "规划建议", "en": "Suggestions"},
    "comparison": {"zh": "方案比较", "en": "Scenario comparison"},
    "balance": {"zh": "均衡差异系数", "en": "Balance coefficients"},
    "school_standards": {"zh": "学校达标情况", "en": "School standards"},
    "standards": {"zh": "规划标准", "en": "Standards used"},
}

# Chinese labels of column, metric, level and value keys. English labels are in LABELS_EN.
LABELS_ZH: dict[str, str] = {
    # levels and groups
    "grades_1_3": "1–3年级",
    "primary": "小学",
    "junior": "初中",
    "nine_year": "九年一贯制",
    "teaching_point": "教学点",
    "county": "全县",
    # indicator metrics
    "children": "适龄儿童数",
    "children_unreachable": "无法到达学校的儿童数",
    "share_within_threshold": "上学时间达标比例",
    "children_beyond_threshold": "上学时间超标儿童数",
    "mean_travel_min": "平均上学时间（分钟）",
    "median_travel_min": "上学时间中位数（分钟）",
    "p95_travel_min": "95%儿童上学时间以内（分钟）",
    "max_travel_min": "最长上学时间（分钟）",
    "children_overflow": "学位不足未能安置的儿童数",
    "assigned_mean_travel_min": "按容量分配后平均上学时间（分钟）",
    # general columns
    "metric": "指标",
    "level": "学段",
    "scope": "范围",
    "value": "数值",
    "township": "乡镇",
    "township_code": "乡镇代码",
    "township_name": "乡镇名称",
    "school_id": "学校代码",
    "name": "学校名称",
    "type": "学校类型",
    "boarding": "寄宿制",
    "baseline": "现状",
    "scenario": "方案",
    "change": "变化",
    # school table
    "enrol_primary": "小学在校生数",
    "enrol_junior": "初中在校生数",
    "enrol_total": "在校生总数",
    "capacity_primary": "小学学位数",
    "capacity_junior": "初中学位数",
    "utilisation_primary": "小学学位使用率",
    "utilisation_junior": "初中学位使用率",
    "catchment_children_primary": "小学服务范围内儿童数",
    "catchment_children_junior": "初中服务范围内儿童数",
    "catchment_mean_travel_min_primary": "小学服务范围平均上学时间（分钟）",
    "catchment_mean_travel_min_junior": "初中服务范围平均上学时间（分钟）",
    "assigned_children_primary": "小学分配儿童数",
    "assigned_children_junior": "初中分配儿童数",
    "classes_primary": "小学班级数",
    "classes_junior": "初中班级数",
    "mean_class_size_primary": "小学平均班额",
    "mean_class_size_junior": "初中平均班额",
    "boarding_beds": "床位数",
    "boarders": "寄宿生数",
    "teachers": "教职工数",
    "classes_over_standard": "班额超标",
    "large_classes_56": "大班额（56人及以上）",
    "very_large_classes_66": "超大班额（66人及以上）",
    "under_100": "不足100人",
    "over_size_cap": "超过办学规模上限",
    # suggestions
    "id": "编号",
    "action": "建议类型",
    "schools": "涉及学校",
    "school_names": "涉及学校名称",
    "receiving_schools": "接收学校",
    "new_sites": "新建校址",
    "children_affected": "受影响儿童数",
    "mean_before_min": "调整前平均上学时间（分钟）",
    "mean_after_min": "调整后平均上学时间（分钟）",
    "worst_before_min": "调整前最长上学时间（分钟）",
    "worst_after_min": "调整后最长上学时间（分钟）",
    "new_boarders": "新增寄宿生数",
    "seats_needed": "需增学位数",
    "beds_needed": "需增床位数",
    "rationale_zh": "理由（中文）",
    "rationale_en": "理由（英文）",
    "edits": "调整内容（JSON）",
    "close": "撤并",
    "merge": "合并",
    "open": "新建",
    "to_teaching_point": "改为教学点",
    "new_day_school": "新建走读学校",
    "new_boarding_school": "新建寄宿制学校",
    # comparison figures
    "school_count": "学校数",
    "schools.total": "学校总数",
    "schools.small": "小规模学校数（不足100人）",
    "seats": "学位数",
    "boarding_demand": "需寄宿学生数",
    "schools_over_capacity": "超容量学校数",
    "boarding.beds": "床位总数",
    "boarding.demand": "需寄宿学生总数",
    "boarding.beds_short": "床位缺口",
    "boarding.recorded_beds_short": "现有寄宿生床位缺口",
    "schools_failing_standards": "未达到学校标准的学校数",
    "classes_over_standard_count": "班额超标班级数",
    "large_classes": "大班额班级数",
    "very_large_classes": "超大班额班级数",
    "balance": "均衡",
    "classes": "班额",
    # balance
    "basic": "基本均衡",
    "quality": "优质均衡",
    "method": "评估类型",
    "indicator": "指标",
    "label": "说明",
    "coefficient": "差异系数",
    "threshold": "标准（不高于）",
    "passes": "是否达标",
    "top_schools": "影响最大的学校",
    "composite": "综合差异系数",
    "pupils": "学生数",
    "standards_met": "达标项数",
    "lowest_share": "最低达标比例",
    "floor_area_per_pupil": "生均教学及辅助用房面积",
    "sports_area_per_pupil": "生均体育运动场馆面积",
    "equipment_per_pupil": "生均教学仪器设备值",
    "computers_per_100": "每百名学生拥有计算机台数",
    "books_per_pupil": "生均图书册数",
    "teachers_per_100": "每百名学生拥有教师数",
    "teachers_qualified_per_100": "每百名学生拥有高于规定学历教师数",
    "teachers_senior_per_100": "每百名学生拥有中级及以上职称教师数",
    "key_teachers_per_100": "每百名学生拥有县级及以上骨干教师数",
    "pe_arts_teachers_per_100": "每百名学生拥有体育、艺术专任教师数",
    "multimedia_rooms_per_100": "每百名学生拥有网络多媒体教室数",
    # standards sheet
    "rule": "规则",
    "description": "说明",
    "source": "依据",
    "standards_file": "规则文件",
    "travel.grade1_3_max_min": "1–3年级步行上学时间上限（分钟）",
    "travel.grade1_3_share_of_primary": "1–3年级占小学适龄儿童比例",
    "levels.primary.mode": "小学出行方式",
    "levels.primary.threshold_min": "小学上学时间上限（分钟）",
    "levels.primary.class_size": "小学标准班额",
    "levels.primary.size_cap": "小学办学规模上限",
    "levels.junior.mode": "初中出行方式",
    "levels.junior.threshold_min": "初中上学时间上限（分钟）",
    "levels.junior.class_size": "初中标准班额",
    "levels.junior.size_cap": "初中办学规模上限",
    "classes.large": "大班额（人）",
    "classes.very_large": "超大班额（人）",
    "classes.small_school": "小规模学校（不足人数）",
    "classes.nine_year_size_cap": "九年一贯制学校规模上限",
    "walking.child_level_kmh": "儿童平地步行速度（公里/小时）",
    "walking.slope": "坡度模型",
    "assignment.max_travel_min": "分配最长上学时间（分钟）",
    "assignment.nearest_schools": "分配时考虑的最近学校数",
    "balance.basic_primary": "小学基本均衡综合差异系数上限",
    "balance.basic_junior": "初中基本均衡综合差异系数上限",
    "balance.quality_primary": "小学优质均衡差异系数上限",
    "balance.quality_junior": "初中优质均衡差异系数上限",
    "balance.standards_met": "学校至少达标项数",
    "balance.rest_share": "其余指标至少达到标准的比例",
    # values
    "yes": "是",
    "no": "否",
    "pass": "达标",
    "fail": "未达标",
}

LABELS_EN: dict[str, str] = {
    "grades_1_3": "Grades 1–3",
    "primary": "Primary",
    "junior": "Junior secondary",
    "nine_year": "Nine-year",
    "teaching_point": "Teaching point",
    "county": "County",
    "children": "Children",
    "children_unreachable": "Children with no school reachable",
    "share_within_threshold": "Share within the travel rule",
    "children_beyond_threshold": "Children beyond the travel rule",
    "mean_travel_min": "Mean trip (min)",
    "median_travel_min": "Median trip (min)",
    "p95_travel_min": "95th percentile trip (min)",
    "max_travel_min": "Longest trip (min)",
    "children_overflow": "Children without a seat (overflow)",
    "assigned_mean_travel_min": "Mean assigned trip (min)",
    "township_code": "Township code",
    "township_name": "Township",
    "school_id": "School code",
    "name": "Name",
    "rationale_zh": "Rationale (Chinese)",
    "rationale_en": "Rationale (English)",
    "basic": "Basic balance",
    "quality": "Quality balance",
    "composite": "Composite coefficient",
    "threshold": "Threshold (at most)",
    "passes": "Passes",
    "rule": "Rule",
    "description": "Description",
    "source": "Source",
    "standards_file": "Rules file",
    "school_count": "Schools",
    "schools.total": "Schools in all",
    "schools.small": "Small schools (under 100 pupils)",
    "boarding.beds": "Boarding beds",
    "boarding.demand": "Pupils who must board",
    "boarding.beds_short": "Beds short",
    "boarding.recorded_beds_short": "Beds short of the recorded boarders",
    "classes_over_standard_count": "Classes over the standard size",
    "yes": "Yes",
    "no": "No",
    "pass": "Pass",
    "fail": "Fail",
}

# The balance indicators in English: the labels of gis.balance.
LABELS_EN.update({key: text for key, (_column, _per, text) in {**BASIC, **QUALITY}.items()})

SHARE_KEYS = {"share_within_threshold", "grade1_3_share_of_primary", "lowest_share", "rest_share"}
COUNT_KEYS = {
    "children", "children_unreachable", "children_beyond_threshold", "children_overflow", "children_affected",
    "seats_needed", "beds_needed", "new_boarders", "boarding_beds", "boarders", "teachers", "enrol_total", "pupils",
    "seats", "boarding_demand", "schools", "schools_over_capacity", "schools_failing_standards", "standards_met",
    "total", "small", "beds", "demand", "beds_short", "recorded_beds_short", "large_classes", "very_large_classes",
    "classes_over_standard", "over_size_cap",
}  # fmt: skip
# The balance indicators (per pupil or per 100 pupils) of each school.
PER_PUPIL_KEYS = set(BASIC) | set(QUALITY)


def label(key: str, language: str = "zh") -> str:
    """The label of a column, metric, level or value key; the key itself when it has none."""
    labels = LABELS_ZH if language == "zh" else LABELS_EN
    if key in labels:
        return labels[key]
    if key.endswith("_share") and key[: -len("_share")] in labels:
        return labels[key[: -len("_share")]] + ("（达到标准的比例）" if language == "zh" else " (share of standard)")
    if language != "zh":
        return key.replace("_", " ").capitalize()
    return key


def number_format(key: str) -> str | None:
    """The Excel number format of a figure by its key (``None``: the default format)."""
    last = key.rsplit(".", 1)[-1]
    if last in SHARE_KEYS or last.startswith("utilisation") or last.endswith("_share"):
        return PERCENT
    if last.endswith("_min") or "_travel_min" in last:
        return MINUTES
    if last.startswith("mean_class_size"):
        return DECIMAL
    if last in PER_PUPIL_KEYS:
        return PER_PUPIL
    if key.startswith("balance.") and last not in COUNT_KEYS:
        return COEFFICIENT
    if last in COUNT_KEYS or last.startswith(("enrol_", "capacity_", "catchment_children_", "assigned_children_",
                                               "classes_", "large_classes", "very_large_classes")):  # fmt: skip
        return COUNT
    return None


def figure_label(name: str, language: str = "zh") -> str:
    """The label of a comparison figure (``level.metric`` or ``balance.level.method.indicator``)."""
    if name in LABELS_ZH or (language != "zh" and name in LABELS_EN):
        return label(name, language)
    parts = ["school_count" if p == "schools" else p for p in name.split(".")]
    if parts[0] == "classes" and len(parts) == 3:
        parts = [parts[1], parts[2] if parts[2] != "classes_over_standard" else "classes_over_standard_count"]
        parts.insert(0, "classes")
    return " · ".join(label(p, language) for p in parts)


def write_report_xlsx(
    path: str | os.PathLike[str],
    analysis: Analysis,
    *,
    language: str = "zh",
    suggestions: Suggestions | None = None,
    comparison: Comparison | None = None,
    balance: Balance | None = None,
) -> Path:
    """Write the Excel report of an analysis, atomically.

    Sheets: county indicators (one row per metric, one column per level), township
    indicators (one row per township and level), schools (:func:`gis.indicators.school_table`),
    suggestions and the scenario comparison when given, the balance coefficients with their
    pass or fail and each school against the quality standards, and every rule of the
    standards file in force with its value and source.

    Parameters
    ----------
    path
        The ``.xlsx`` file to write; replaced only once the whole workbook is written.
    analysis
        The analysis (:func:`gis.analysis.analyze`).
    language
        ``"zh"`` (Chinese labels) or ``"en"``.
    suggestions
        Planning suggestions (:func:`gis.suggest.suggest`); no sheet when None.
    comparison
        A scenario comparison (:func:`gis.compare.compare`); no sheet when None.
    balance
        The balance assessment (:func:`gis.balance.assess`); None assesses the analysed
        project's schools when the rules have a ``[balance]`` section (no sheets otherwise).

    Returns
    -------
    The path written.

    Raises
    ------
    ValueError
        If ``language`` is neither ``"zh"`` nor ``"en"``.
    """
    from openpyxl import Workbook

    if language not in ("zh", "en"):
        raise ValueError(f"language must be 'zh' or 'en', not {language!r}")
    if balance is None and analysis.standards.balance is not None:
        from gis.balance import assess

        balance = assess(analysis.project.schools, analysis.standards)
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    title = (
        f"{analysis.project.name} 学校布局分析报告" if language == "zh" else f"{analysis.project.name}: school layout"
    )
    book.properties.title = title
    book.properties.creator = "SchoolPlan"

    def sheet(key: str) -> Worksheet:
        return book.create_sheet(SHEETS[key][language])

    _summary_sheet(sheet("summary"), analysis, language)
    _township_sheet(sheet("townships"), analysis, language)
    _school_sheet(sheet("schools"), analysis, language)
    if suggestions is not None:
        _suggestion_sheet(sheet("suggestions"), suggestions, language)
    if comparison is not None:
        _comparison_sheet(sheet("comparison"), comparison, language)
    if balance is not None:
        _balance_sheets(sheet("balance"), sheet("school_standards"), balance, language)
    _standards_sheet(sheet("standards"), analysis, language)
    return write_atomic(path, lambda tmp: book.save(tmp))


# --------------------------------------------------------------------------- sheets


def _summary_sheet(ws: Worksheet, analysis: Analysis, language: str) -> None:
    county = [i for i in coverage_indicators(analysis) if i.scope == "county"]
    order = {"grades_1_3": 0, "primary": 1, "junior": 2}
    levels = sorted(dict.fromkeys(i.level for i in county), key=lambda lv: order.get(lv, len(order)))
    metrics = list(dict.fromkeys(i.metric for i in county))
    values = {(i.level, i.metric): i.value for i in county}
    header = [label("metric", language), *(label(level, language) for level in levels)]
    rows = [[label(m, language), *(values.get((lv, m)) for lv in levels)] for m in metrics]
    formats = [[None, *([number_format(m)] * len(levels))] for m in metrics]
    _table(ws, header, rows, formats=formats)


def _township_sheet(ws: Worksheet, analysis: Analysis, language: str) -> None:
    townships = analysis.project.townships
    names = dict(zip(townships["code"].astype(str), townships["name"].astype(str), strict=True))
    found = [i for i in coverage_indicators(analysis) if i.scope.startswith("township:")]
    metrics = list(dict.fromkeys(i.metric for i in found))
    keys = list(dict.fromkeys((i.scope.split(":", 1)[1], i.level) for i in found))
    values = {(i.scope.split(":", 1)[1], i.level, i.metric): i.value for i in found}
    header = [label(k, language) for k in ("township_code", "township_name", "level", *metrics)]
    rows = [
        [code, names.get(code, ""), label(level, language), *(values.get((code, level, m)) for m in metrics)]
        for code, level in keys
    ]
    _table(ws, header, rows, column_formats=[TEXT, None, None, *(number_format(m) for m in metrics)], freeze="D2")


def _school_sheet(ws: Worksheet, analysis: Analysis, language: str) -> None:
    table = school_table(analysis)
    _frame(ws, table, language, freeze="C2", text_columns={"school_id", "township"})


def _suggestion_sheet(ws: Worksheet, suggestions: Suggestions, language: str) -> None:
    table = suggestions.table()
    table["action"] = [label(a, language) for a in table["action"]]
    _frame(ws, table, language, freeze="B2", text_columns={"id", "schools", "receiving_schools"}, wrap={"edits"})


def _comparison_sheet(ws: Worksheet, comparison: Comparison, language: str) -> None:
    table = comparison.table()
    scenario = (
        f"{label('scenario', language)}（{comparison.scenario}）"
        if language == "zh"
        else (f"Scenario ({comparison.scenario})")
    )
    header = [label("metric", language), label("baseline", language), scenario, label("change", language)]
    rows = [[figure_label(str(r.metric), language), r.baseline, r.scenario, r.change] for r in table.itertuples()]
    formats = [[None, *([number_format(str(m))] * 3)] for m in table["metric"]]
    _table(ws, header, rows, formats=formats)


def _balance_sheets(coef_ws: Worksheet, school_ws: Worksheet, balance: Balance, language: str) -> None:
    table = balance.table()
    verdict = {True: label("pass", language), False: label("fail", language)}
    header = [label(k, language) for k in ("level", "method", "indicator", "coefficient", "threshold", "passes",
                                            "schools", "top_schools")]  # fmt: skip
    rows = []
    for r in table.itertuples():
        threshold = None if r.threshold is None or math.isnan(float(r.threshold)) else r.threshold
        passes = "—" if r.passes is None else verdict[bool(r.passes)]
        rows.append([label(str(r.level), language), label(str(r.method), language),
                     label(str(r.indicator), language), r.coefficient, threshold, passes, r.schools,
                     r.top_schools])  # fmt: skip
    _table(ws=coef_ws, header=header, rows=rows,
           column_formats=[None, None, None, COEFFICIENT, "0.00", None, COUNT, None], freeze="D2")  # fmt: skip
    standards = balance.school_standards.copy()
    standards["level"] = [label(str(v), language) for v in standards["level"]]
    _frame(school_ws, standards, language, freeze="C2", text_columns={"school_id"}, verdict_columns={"passes"})


def _standards_sheet(ws: Worksheet, analysis: Analysis, language: str) -> None:
    std = analysis.standards
    rules = standard_rules(std.path, std.sources)
    header = [label(k, language) for k in ("rule", "description", "value", "source")]
    # The keys are English identifiers; in Chinese the main rules also get a description.
    described = LABELS_ZH if language == "zh" else {}
    rows: list[list[Any]] = [[key, described.get(key, ""), value, source] for key, value, source in rules]
    rows.append(["", "", "", ""])
    rows.append([label("standards_file", language), "", std.path, ""])
    # A rule is shown as the file writes it: 2000 as 2,000, 0.85 as 0.85, 4.5 as 4.5.
    formats = [[None, None, _as_written_format(row[2]), None] for row in rows]
    _table(ws, header, rows, formats=formats, wrap_columns={3})


def standard_rules(path: str | os.PathLike[str], sources: Mapping[str, str]) -> list[tuple[str, object, str]]:
    """Every rule of a standards file: dotted key, value and the source that covers it.

    A rule's source is the one given for the same key (``key_source = …``), or for the table
    it sits in (``source = …``), or for the key it extends (``off_road_source`` covers
    ``off_road_kmh``); the most specific wins. Source entries are not rules themselves.
    A file that cannot be read gives the rules of ``sources`` only (with no values).
    """
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return [(key, None, text) for key, text in sources.items()]
    out: list[tuple[str, object, str]] = []
    for key, value in _flatten(raw):
        out.append((key, value, _source_of(key, sources)))
    return out


def _flatten(node: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, object]]:
    for key, value in node.items():
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{prefix}{key}.")
        elif key == "source" or str(key).endswith("_source"):
            continue
        else:
            yield f"{prefix}{key}", value


def _source_of(key: str, sources: Mapping[str, str]) -> str:
    best = ""
    for candidate in sources:
        covers = key == candidate or key.startswith((candidate + ".", candidate + "_"))
        if covers and len(candidate) > len(best):
            best = candidate
    return sources.get(best, "") if best else ""


# --------------------------------------------------------------------------- writing helpers


def _frame(
    ws: Worksheet,
    table: Any,
    language: str,
    *,
    freeze: str = "A2",
    text_columns: set[str] | frozenset[str] = frozenset(),
    verdict_columns: set[str] | frozenset[str] = frozenset(),
    wrap: set[str] | frozenset[str] = frozenset(),
) -> None:
    """A pandas table: labelled header, booleans as yes/no (or pass/fail), formats by column key."""
    columns = [str(c) for c in table.columns]
    header = [label(c, language) for c in columns]
    records = table.to_dict("records")
    rows: list[list[Any]] = []
    for record in records:
        row = []
        for c in columns:
            value = record[c]
            if isinstance(value, bool) or type(value).__name__ == "bool_":
                words = ("pass", "fail") if c in verdict_columns else ("yes", "no")
                value = label(words[0] if value else words[1], language)
            elif c in ("type", "level") and isinstance(value, str):
                value = label(value, language)
            row.append(value)
        rows.append(row)
    formats = [TEXT if c in text_columns else number_format(c) for c in columns]
    wrap_at = {i for i, c in enumerate(columns) if c in wrap}
    _table(ws, header, rows, column_formats=formats, freeze=freeze, wrap_columns=wrap_at)


def _table(
    ws: Worksheet,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    column_formats: Sequence[str | None] | None = None,
    formats: Sequence[Sequence[str | None]] | None = None,
    freeze: str = "A2",
    wrap_columns: set[int] | None = None,
) -> None:
    """Write a header and rows with formats (per column, or per cell), freeze and size the columns."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [_display_width(h) for h in header]
    for j, text in enumerate(header, start=1):
        cell = _put(ws, 1, j, text)
        cell.font = bold
        cell.fill = fill
        cell.alignment = centre
    top = Alignment(vertical="top", wrap_text=True)
    for i, row in enumerate(rows, start=2):
        for j, raw in enumerate(row, start=1):
            value = _cell_value(raw)
            cell = _put(ws, i, j, value)
            fmt = formats[i - 2][j - 1] if formats is not None else (column_formats[j - 1] if column_formats else None)
            if fmt is None and isinstance(value, int | float) and not isinstance(value, bool):
                fmt = COUNT if isinstance(value, int) else PER_PUPIL  # no figure is left in General
            if fmt is not None and (fmt == TEXT or isinstance(value, int | float)):
                cell.number_format = fmt
            if wrap_columns and (j - 1) in wrap_columns:
                cell.alignment = top
            widths[j - 1] = max(widths[j - 1], _display_width(_shown(value, fmt)))
    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(width + 2, MAX_WIDTH)
    ws.freeze_panes = freeze
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    _print_setup(ws)


def _print_setup(ws: Worksheet) -> None:
    """Print as a report: A4 landscape, as wide as one page, the header row on every page, pages numbered."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.oddHeader.center.text = "&A"  # the sheet's name
    ws.oddFooter.center.text = "&P / &N"


def _as_written_format(value: Any) -> str | None:
    """The number format that shows a rule's value with the decimals it has in the rules file."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int):
        return COUNT
    text = repr(value)
    if "e" in text or "E" in text or not math.isfinite(value):
        return "0.00E+00"
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return "0." + "0" * min(max(decimals, 1), 10)


def _put(ws: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write one cell: text is always a string, never a formula.

    Unlike a CSV, a workbook says what each cell is: text stays exactly the name, stored as
    a string (openpyxl would take any text beginning with "=" for a formula), and text that a
    spreadsheet would run (:func:`gis.fileio.neutralise`) is also marked with Excel's quote
    prefix, so that it stays text when the cell is edited.
    """
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if neutralise(value) != value:
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def _cell_value(value: Any) -> Any:
    """A value Excel can hold: NumPy scalars to Python, NaN and infinity to an empty cell.

    Other objects (a path, a list from the rules file) are written as their text.
    """
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list | tuple | dict | os.PathLike):
        return str(value)
    return value


def _shown(value: Any, fmt: str | None) -> str:
    """About the text Excel shows for a value in a format (to size the column)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if fmt == PERCENT:
        return f"{value:.1%}"
    if fmt == COUNT:
        return f"{value:,.0f}"
    if fmt in (MINUTES, DECIMAL):
        return f"{value:.1f}"
    if fmt == COEFFICIENT:
        return f"{value:.3f}"
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def _display_width(text: str) -> int:
    """Width in Excel character units: CJK and other wide characters count twice."""
    import unicodedata

    longest = max((line for line in str(text).splitlines()), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in longest)
