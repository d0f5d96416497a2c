"""The words of every output, in Chinese and English, each term defined once.

Printed maps and the atlas (:mod:`layers.printmap`, :mod:`layers.atlas`), the HTML map
(:mod:`layers.html_export`), the QGIS styles (:mod:`layers.qgis_styles`), the legends
(:mod:`layers.legend`, :mod:`layers.style`), the layer titles (:mod:`layers.model`) and the
Excel report (:mod:`outputs.xlsx`) take their words from here by key and language. The
window's own strings are not here: they live in Qt's translation files (``app/i18n``), and
the English of a legend or a layer title is what the window translates.

A key is ``namespace.name``, the name being SchoolPlan's own identifier where there is one
(a level, a school type, a road class, a column of a table):

================  ===========================================================================
``level``         school levels (``primary``, ``junior``)
``group``         groups of grades (``grades_1_3`` …, also a level of the indicators)
``school``        school types
``road``          road classes
``place``         kinds of place
``mode``          travel modes
``flag``          school flags (a teaching point's flag is its type, ``school.teaching_point``)
``suggestion``    what a suggestion does to a school or site (map marks and layer roles)
``action``        kinds of suggestion (the workbook's words)
``legend``        legend entries and notes
``travel``        travel time classes (templates of ``{lo}`` and ``{hi}`` minutes)
``unit``          units
``metric``        figures of the analysis: children, shares and trips, schools
``field``         columns of tables and rows of popups
``compare``       baseline and scenario
``figure``        county figures compared between baseline and scenario
``balance``       the balance assessment and its indicators
``value``         values shown in words: yes, no, pass, fail, the county
``rule``          rules of the standards file (a description in Chinese only)
``layer``         map layer titles
``sheet``         sheets of the workbook
``map``           printed map furniture and titles
``atlas``         the township atlas
``html``          the HTML map
``report``        the Excel report
``forecast``      the enrolment forecast: its charts, map, atlas page and workbook sheets
``variant``       births variants of the forecast (``low``, ``medium``, ``high``)
``plan``          the county plan: its maps, charts, atlas and workbook; the money rows of
                  ``plan_summary.csv`` (``plan.capital_wan``, ``plan.running_change_wan``)
``plan_action``   kinds of action of the county plan (``plan.csv``'s ``action``)
``plan_term``     the plan's objective terms (``beyond``, ``unplaced``, ``large``, ``travel``,
                  ``cost``; ``weighted`` for a weighted sum), with their units
``plan_field``    columns of ``plan.csv``, ``plan_summary.csv``, ``pareto.csv`` and
                  ``plan_bounds.csv`` (the terms' columns take the ``plan_term`` words)
``plan_status``   the solver's status of a solve (HiGHS's words, lower case, spaces as ``_``)
``standards``     the standards plan (优质均衡达标方案): its map, workbook sheets, summary rows
                  and bounds' measures
``std_item``      investments of the standards plan (``standards_plan.csv``'s ``item``)
``std_kind``      kinds of teacher moved (``teacher_transfers.csv``'s ``kind``)
``std_unit``      units of the investments (``unit``)
``std_field``     columns of ``standards_plan.csv``, ``teacher_transfers.csv``,
                  ``standards_summary.csv``, ``standards_bounds.csv`` and ``standards_pareto.csv``
``zones``         enrolment zones (划片): the published table, its figures sheet and the zone map
``province``      the province run: its workbook's sheets and columns, the province map, the
                  counties' figures (``province.metric.NAME`` where ``metric.NAME`` has none), the
                  steps a county can fail at (``province.step.STEP``)
================  ===========================================================================

A term with no English word (:attr:`Term.en` None) is shown in an English output as its
key (the Excel report capitalises it), as before the glossary existed. Some words are
templates with ``{name}``-style fields, filled by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

from gis.balance import BASIC, QUALITY

LANGUAGES: tuple[str, ...] = ("zh", "en")


@dataclass(frozen=True)
class Term:
    """A term's words: Chinese, and English (None when an English output shows the key)."""

    zh: str
    en: str | None = None


# The English of the balance indicators is the assessment's own (gis.balance); their Chinese is here.
_BALANCE_EN = {key: text for key, (_column, _per, text) in {**BASIC, **QUALITY}.items()}


def _indicator(key: str, zh: str) -> Term:
    return Term(zh, _BALANCE_EN[key])


TERMS: dict[str, Term] = {
    # levels and groups of grades
    "level.primary": Term("小学", "Primary"),
    "level.junior": Term("初中", "Junior secondary"),
    "group.grades_1_3": Term("一至三年级", "Grades 1–3"),
    "group.grades_4_6": Term("四至六年级", "Grades 4–6"),
    "group.grades_7_9": Term("七至九年级", "Grades 7–9"),
    # school types
    "school.primary": Term("小学", "Primary school"),
    "school.junior": Term("初级中学", "Junior secondary school"),
    "school.nine_year": Term("九年一贯制学校", "Nine-year school"),
    "school.teaching_point": Term("教学点", "Teaching point"),
    # road classes, places, travel modes
    "road.county": Term("县道", "County road"),
    "road.township": Term("乡道", "Township road"),
    "road.village": Term("村道", "Village road"),
    "road.path": Term("小路", "Path"),
    "place.county_seat": Term("县城", "County seat"),
    "place.township_seat": Term("乡镇驻地", "Township seat"),
    "place.village": Term("村", "Village"),
    "mode.walk": Term("步行", "walking"),
    "mode.motor": Term("乘车", "by vehicle"),
    "mode.bicycle": Term("骑车", "by bicycle"),
    # school flags
    "flag.overcrowded": Term("超员或大班额", "Overcrowded"),
    "flag.under_100": Term("不足100人", "Under 100 pupils"),
    "flag.boarding": Term("寄宿制", "Boarding"),
    # suggestions: marks on the maps, roles in the suggestions layer, kinds in the workbook
    "suggestion.closed": Term("撤销的学校", "Closed school"),
    "suggestion.merged_into": Term("合并后保留的校址", "Merged school (site kept)"),
    "suggestion.receiving": Term("接收学校", "Receiving school"),
    "suggestion.new": Term("新建", "New school"),
    "suggestion.to_teaching_point": Term("改为教学点（保留一至三年级）", "Becomes a teaching point (grades 1–3)"),
    "suggestion.new_day_school": Term("新建走读学校（教学点）", "New day school (teaching point)"),
    "suggestion.new_boarding_school": Term("新建寄宿制学校", "New boarding school"),
    "suggestion.moves": Term("学生转入方向", "Pupils move to"),
    "action.close": Term("撤并"),
    "action.merge": Term("合并"),
    "action.open": Term("新建"),
    "action.to_teaching_point": Term("改为教学点"),
    "action.new_day_school": Term("新建走读学校"),
    "action.new_boarding_school": Term("新建寄宿制学校"),
    # legends
    "legend.title": Term("图例", "Legend"),
    "legend.catchment": Term("一所学校的服务范围", "Catchment of one school"),
    "legend.selected_catchment": Term("选中学校的服务范围", "Selected school's catchment"),
    "legend.neighbours": Term("相邻服务范围颜色不同", "Neighbouring catchments have different colours"),
    "legend.beyond": Term("超出上学时间标准的居住格网", "Cells beyond the travel-time rule"),
    "legend.unreachable": Term("无法到达学校", "No school reachable"),
    "legend.overcrowded": Term("超员或大班额（红色边框）", "Overcrowded (red outline)"),
    "legend.under_100": Term("不足100人（空心、虚线边框）", "Under 100 pupils (hollow, dashed outline)"),
    "legend.boarding": Term("寄宿制（深色边框）", "Boarding (dark outline)"),
    "legend.school_size": Term(
        "圆点大小随在校生数增大；教学点另有颜色", "Size grows with enrolment; teaching points have their own colour"
    ),
    "legend.travel_time": Term(
        "一至三年级步行到最近学校的时间；绿色为30分钟以内",
        "Grades 1–3 walking time to the nearest school; greens are within 30 minutes",
    ),
    "legend.children_per_cell": Term("每个格网的适龄儿童（人）", "children per cell"),
    "legend.boundary": Term("乡镇界", "Township boundary"),
    "legend.river": Term("河流", "River"),
    # travel time classes and units
    "travel.class": Term("{lo}–{hi}分钟", "{lo}–{hi} min"),
    "travel.over": Term("{lo}分钟以上", "over {lo} min"),
    "unit.minutes": Term("分钟", "min"),
    "unit.km": Term("公里", "km"),
    "unit.children": Term("名儿童", "children"),
    # figures of the analysis
    "metric.children": Term("适龄儿童数", "Children"),
    "metric.children_unreachable": Term("无法到达学校的儿童数", "Children with no school reachable"),
    "metric.share_within_threshold": Term("上学时间达标比例", "Share within the travel rule"),
    "metric.children_beyond_threshold": Term("上学时间超标儿童数", "Children beyond the travel rule"),
    "metric.mean_travel_min": Term("平均上学时间（分钟）", "Mean trip (min)"),
    "metric.median_travel_min": Term("上学时间中位数（分钟）", "Median trip (min)"),
    "metric.p95_travel_min": Term("95%儿童上学时间以内（分钟）", "95th percentile trip (min)"),
    "metric.max_travel_min": Term("最长上学时间（分钟）", "Longest trip (min)"),
    "metric.children_overflow": Term("学位不足未能安置的儿童数", "Children without a seat (overflow)"),
    "metric.assigned_mean_travel_min": Term("按容量分配后平均上学时间（分钟）", "Mean assigned trip (min)"),
    "metric.school_count": Term("学校数", "Schools"),
    # columns of tables and rows of popups
    "field.metric": Term("指标"),
    "field.level": Term("学段"),
    "field.scope": Term("范围"),
    "field.value": Term("数值"),
    "field.township": Term("乡镇"),
    "field.township_code": Term("乡镇代码", "Township code"),
    "field.township_name": Term("乡镇名称", "Township"),
    "field.school_id": Term("学校代码", "School code"),
    "field.name": Term("学校名称", "Name"),
    "field.type": Term("类型", "Type"),
    "field.pupils": Term("在校生", "Pupils"),
    "field.seats": Term("学位数", "Seats"),
    "field.beds": Term("床位", "Beds"),
    "field.flags": Term("标记", "Flags"),
    "field.suggestion": Term("建议", "Suggestion"),
    "field.role": Term("角色", "Role"),
    "field.enrol_primary": Term("小学在校生数"),
    "field.enrol_junior": Term("初中在校生数"),
    "field.enrol_total": Term("在校生总数"),
    "field.capacity_primary": Term("小学学位", "Primary places"),
    "field.capacity_junior": Term("初中学位", "Junior places"),
    "field.utilisation_primary": Term("小学学位使用率"),
    "field.utilisation_junior": Term("初中学位使用率"),
    "field.catchment_children_primary": Term("小学服务范围内儿童数"),
    "field.catchment_children_junior": Term("初中服务范围内儿童数"),
    "field.catchment_mean_travel_min_primary": Term("小学服务范围平均上学时间（分钟）"),
    "field.catchment_mean_travel_min_junior": Term("初中服务范围平均上学时间（分钟）"),
    "field.assigned_children_primary": Term("小学分配儿童数"),
    "field.assigned_children_junior": Term("初中分配儿童数"),
    "field.classes_primary": Term("小学班级数"),
    "field.classes_junior": Term("初中班级数"),
    "field.mean_class_size_primary": Term("小学平均班额"),
    "field.mean_class_size_junior": Term("初中平均班额"),
    "field.boarding_beds": Term("床位数"),
    "field.boarders": Term("寄宿生数"),
    "field.teachers": Term("教职工数"),
    "field.classes_over_standard": Term("班额超标"),
    "field.large_classes_56": Term("大班额（56人及以上）"),
    "field.very_large_classes_66": Term("超大班额（66人及以上）"),
    "field.over_size_cap": Term("超过办学规模上限"),
    "field.id": Term("编号"),
    "field.action": Term("建议类型"),
    "field.schools": Term("涉及学校"),
    "field.school_names": Term("涉及学校名称"),
    "field.receiving_schools": Term("接收学校"),
    "field.new_sites": Term("新建校址"),
    "field.children_affected": Term("受影响儿童数"),
    "field.mean_before_min": Term("调整前平均上学时间（分钟）"),
    "field.mean_after_min": Term("调整后平均上学时间（分钟）"),
    "field.worst_before_min": Term("调整前最长上学时间（分钟）"),
    "field.worst_after_min": Term("调整后最长上学时间（分钟）"),
    "field.new_boarders": Term("新增寄宿生数"),
    "field.seats_needed": Term("需增学位数"),
    "field.beds_needed": Term("需增床位数"),
    "field.rationale_zh": Term("理由（中文）", "Rationale (Chinese)"),
    "field.rationale_en": Term("理由（英文）", "Rationale (English)"),
    "field.edits": Term("调整内容（JSON）"),
    "field.label": Term("说明"),
    "field.rule": Term("规则", "Rule"),
    "field.description": Term("说明", "Description"),
    "field.source": Term("依据", "Source"),
    "field.standards_file": Term("规则文件", "Rules file"),
    "field.year": Term("年份", "Year"),
    "field.grade": Term("年级", "Grade"),
    "field.placed": Term("已安置儿童数", "Placed"),
    "field.not_placed": Term("未能安置儿童数", "Not placed"),
    "field.surplus": Term("学位余缺（负数为缺口）", "Seats to spare (negative: short)"),
    "field.classes_needed": Term("所需班级数", "Classes needed"),
    # baseline and scenario, and the figures compared
    "compare.baseline": Term("现状", "Baseline"),
    "compare.scenario": Term("方案", "Scenario"),
    "compare.change": Term("变化"),
    "figure.schools.total": Term("学校总数", "Schools in all"),
    "figure.schools.small": Term("小规模学校数（不足100人）", "Small schools (under 100 pupils)"),
    "figure.boarding_demand": Term("需寄宿学生数"),
    "figure.schools_over_capacity": Term("超容量学校数"),
    "figure.children_without_seat": Term("无学位儿童数", "Children without a seat"),
    "figure.boarding.beds": Term("床位总数", "Boarding beds"),
    "figure.boarding.demand": Term("需寄宿学生总数", "Pupils who must board"),
    "figure.boarding.beds_short": Term("床位缺口", "Beds short"),
    "figure.boarding.recorded_beds_short": Term("现有寄宿生床位缺口", "Beds short of the recorded boarders"),
    "figure.schools_failing_standards": Term("未达到学校标准的学校数"),
    "figure.classes_over_standard_count": Term("班额超标班级数", "Classes over the standard size"),
    "figure.large_classes": Term("大班额班级数", "Large classes"),
    "figure.very_large_classes": Term("超大班额班级数", "Very large classes"),
    "figure.balance": Term("均衡"),
    "figure.classes": Term("班额"),
    # the balance assessment
    "balance.basic": Term("基本均衡", "Basic balance"),
    "balance.quality": Term("优质均衡", "Quality balance"),
    "balance.method": Term("评估类型"),
    "balance.indicator": Term("指标"),
    "balance.coefficient": Term("差异系数"),
    "balance.threshold": Term("标准（不高于）", "Threshold (at most)"),
    "balance.passes": Term("是否达标", "Passes"),
    "balance.top_schools": Term("影响最大的学校"),
    "balance.composite": Term("综合差异系数", "Composite coefficient"),
    "balance.standards_met": Term("达标项数"),
    "balance.lowest_share": Term("最低达标比例"),
    "balance.share_of_standard": Term("{label}（达到标准的比例）", "{label} (share of standard)"),
    "balance.floor_area_per_pupil": _indicator("floor_area_per_pupil", "生均教学及辅助用房面积"),
    "balance.sports_area_per_pupil": _indicator("sports_area_per_pupil", "生均体育运动场馆面积"),
    "balance.equipment_per_pupil": _indicator("equipment_per_pupil", "生均教学仪器设备值"),
    "balance.computers_per_100": _indicator("computers_per_100", "每百名学生拥有计算机台数"),
    "balance.books_per_pupil": _indicator("books_per_pupil", "生均图书册数"),
    "balance.teachers_per_100": _indicator("teachers_per_100", "每百名学生拥有教师数"),
    "balance.teachers_qualified_per_100": _indicator("teachers_qualified_per_100", "每百名学生拥有高于规定学历教师数"),
    "balance.teachers_senior_per_100": _indicator("teachers_senior_per_100", "每百名学生拥有中级及以上职称教师数"),
    "balance.key_teachers_per_100": _indicator("key_teachers_per_100", "每百名学生拥有县级及以上骨干教师数"),
    "balance.pe_arts_teachers_per_100": _indicator("pe_arts_teachers_per_100", "每百名学生拥有体育、艺术专任教师数"),
    "balance.multimedia_rooms_per_100": _indicator("multimedia_rooms_per_100", "每百名学生拥有网络多媒体教室数"),
    "value.county": Term("全县", "County"),
    "value.yes": Term("是", "Yes"),
    "value.no": Term("否", "No"),
    "value.pass": Term("达标", "Pass"),
    "value.fail": Term("未达标", "Fail"),
    # rules of the standards file
    "rule.travel.grade1_3_max_min": Term("一至三年级步行上学时间上限（分钟）"),
    "rule.travel.grade1_3_share_of_primary": Term("一至三年级占小学适龄儿童比例"),
    "rule.levels.primary.mode": Term("小学出行方式"),
    "rule.levels.primary.threshold_min": Term("小学上学时间上限（分钟）"),
    "rule.levels.primary.class_size": Term("小学标准班额"),
    "rule.levels.primary.size_cap": Term("小学办学规模上限"),
    "rule.levels.junior.mode": Term("初中出行方式"),
    "rule.levels.junior.threshold_min": Term("初中上学时间上限（分钟）"),
    "rule.levels.junior.class_size": Term("初中标准班额"),
    "rule.levels.junior.size_cap": Term("初中办学规模上限"),
    "rule.classes.large": Term("大班额（人）"),
    "rule.classes.very_large": Term("超大班额（人）"),
    "rule.classes.small_school": Term("小规模学校（不足人数）"),
    "rule.classes.nine_year_size_cap": Term("九年一贯制学校规模上限"),
    "rule.walking.child_level_kmh": Term("儿童平地步行速度（公里/小时）"),
    "rule.walking.slope": Term("坡度模型"),
    "rule.assignment.max_travel_min": Term("分配最长上学时间（分钟）"),
    "rule.assignment.nearest_schools": Term("分配时考虑的最近学校数"),
    "rule.balance.basic_primary": Term("小学基本均衡综合差异系数上限"),
    "rule.balance.basic_junior": Term("初中基本均衡综合差异系数上限"),
    "rule.balance.quality_primary": Term("小学优质均衡差异系数上限"),
    "rule.balance.quality_junior": Term("初中优质均衡差异系数上限"),
    "rule.balance.standards_met": Term("学校至少达标项数"),
    "rule.balance.rest_share": Term("其余指标至少达到标准的比例"),
    # map layers (the English is the window's layer title, which it translates)
    "layer.townships": Term("乡镇界线", "Township boundaries"),
    "layer.rivers": Term("河流", "Rivers"),
    "layer.roads": Term("道路", "Roads"),
    "layer.road_pieces": Term("未接入主路网的道路", "Roads not joined to the main network"),
    "layer.population_primary": Term("小学适龄儿童分布", "Primary-age children"),
    "layer.population_junior": Term("初中适龄儿童分布", "Junior-age children"),
    "layer.travel_time": Term("一至三年级步行上学时间", "Walking time, grades 1–3"),
    "layer.places": Term("地名", "Place names"),
    "layer.schools": Term("学校", "Schools"),
    "layer.catchments_primary": Term("小学服务范围", "Catchments (primary)"),
    "layer.catchments_junior": Term("初中服务范围", "Catchments (junior)"),
    "layer.suggestions": Term("规划建议", "Suggestions"),
    # sheets of the workbook (its schools and suggestions sheets are named as the layers)
    "sheet.summary": Term("县域指标", "Summary"),
    "sheet.townships": Term("乡镇指标", "Townships"),
    "sheet.comparison": Term("方案比较", "Scenario comparison"),
    "sheet.balance": Term("均衡差异系数", "Balance coefficients"),
    "sheet.school_standards": Term("学校达标情况", "School standards"),
    "sheet.standards": Term("规划标准", "Standards used"),
    "sheet.forecast_county": Term("学位预测（全县）", "Forecast (county)"),
    "sheet.forecast_schools": Term("学位预测（学校）", "Forecast (schools)"),
    "sheet.forecast_townships": Term("学位预测（乡镇）", "Forecast (townships)"),
    "sheet.plan": Term("规划方案", "Plan"),
    "sheet.plan_summary": Term("逐年效果对比", "Year by year"),
    "sheet.pareto": Term("预算与效果", "Budgets"),
    "sheet.plan_bounds": Term("求解界限", "Solver bounds"),
    # printed maps
    "map.north": Term("北", "N"),
    "map.source": Term("资料来源", "Source"),
    "map.date": Term("制图日期", "Date"),
    "map.crs": Term("坐标系", "CRS"),
    "map.key_figures": Term("主要指标", "Key figures"),
    "map.suggestion_count": Term("建议（条）", "Suggestions"),
    "map.share_grades_1_3": Term("一至三年级步行30分钟内比例", "Grades 1–3 within 30 min walk"),
    "map.catchments": Term("学校服务范围", "school catchments"),
    "map.quick_title": Term(
        "{level}服务范围（红色：上学时间超过 {threshold:g} 分钟）", "{level} catchments (red: beyond {threshold:g} min)"
    ),
    "map.travel_time": Term("上学时间", "travel time to school"),
    "map.comparison": Term("现状与方案对比", "baseline and scenario"),
    "map.suggestions": Term("学校布局调整建议", "Suggested changes to the school layout"),
    "map.source_default": Term(
        "{county}项目数据（学校、人口格网、道路、河流、乡镇界），SchoolPlan 分析",
        "{county} project data (schools, population grid, roads, rivers, township boundaries); SchoolPlan analysis",
    ),
    # the township atlas
    "atlas.title": Term("学校布局规划图集", "School layout atlas"),
    "atlas.overview": Term("全县概览", "County overview"),
    "atlas.contents": Term("目录", "Contents"),
    "atlas.page": Term("第{n}页", "page {n}"),
    "atlas.schools": Term("现有学校", "Existing schools"),
    "atlas.more": Term("另有{n}所学校未列出", "{n} more schools not listed"),
    "atlas.no_data": Term("无数据", "no data"),
    "atlas.utilisation": Term("使用率", "Use"),
    "atlas.trip": Term("平均上学", "Trip"),
    "atlas.forecast": Term("学位预测", "Seat forecast"),
    # the enrolment forecast: charts, map, atlas page
    "forecast.county_title": Term("全县适龄儿童与学位预测", "Children and seats ahead, county"),
    "forecast.schools_title": Term("在校生变化最大的学校：在校生与学位", "Schools changing most: pupils and seats"),
    "forecast.map_title": Term("学位余缺", "Seats to spare and seats short"),
    "forecast.years": Term("{first}–{last}年", "{first}–{last}"),
    "forecast.in_year": Term("{year}年", "in {year}"),
    "forecast.children_of": Term("{year}年预测儿童", "children forecast for {year}"),
    "forecast.base_year": Term("{year}年为基准年（现状）", "{year}: base year (today)"),
    "forecast.children": Term("适龄儿童（中方案）", "Children (medium variant)"),
    "forecast.band": Term("低方案至高方案", "Low to high variant"),
    "forecast.seats": Term("学位数", "Seats"),
    "forecast.pupils": Term("在校生（预测）", "Pupils (forecast)"),
    "forecast.short": Term("学位缺口", "Seats short"),
    "forecast.deficit": Term("学位不足", "Seats short"),
    "forecast.surplus": Term("学位富余", "Seats to spare"),
    "forecast.full": Term("满员（富余不足{share}）", "Full (under {share} to spare)"),
    "forecast.balance_note": Term(
        "余缺 = 学位数 − 在校生 − 就近未能安置的儿童；\n圆点面积表示余缺学位数",
        "Balance = seats − pupils − children nearest\nwithout a seat; circle area shows it",
    ),
    "forecast.seats_count": Term("{n}个学位", "{n} seats"),
    "forecast.deficit_schools": Term("学位不足的学校数", "Schools short of seats"),
    "forecast.seats_short": Term("学位缺口合计", "Seats short in all"),
    "forecast.change": Term("较{year}年", "since {year}"),
    "forecast.axis_people": Term("人数", "Number"),
    "forecast.note": Term(
        "出生：{births}；迁移：{migration}",
        "Births: {births}; migration: {migration}",
    ),
    "variant.low": Term("低方案", "Low variant"),
    "variant.medium": Term("中方案", "Medium variant"),
    "variant.high": Term("高方案", "High variant"),
    # the county plan: kinds of action, objective terms, columns, solver status, furniture
    "plan_action.new_teaching_point": Term("新建教学点", "New teaching point"),
    "plan_action.new_school": Term("新建学校", "New school"),
    "plan_action.new_boarding_school": Term("新建寄宿制学校", "New boarding school"),
    "plan_action.expand": Term("扩建教室", "More classrooms"),
    "plan_action.convert": Term("改为寄宿制学校", "Becomes a boarding school"),
    "plan_action.beds": Term("增加床位", "More boarding beds"),
    "plan_action.teaching_point": Term("改为教学点（保留一至三年级）", "Becomes a teaching point (grades 1–3)"),
    "plan_action.merge": Term("并入他校", "Merged into another school"),
    "plan_action.close": Term("撤销", "Closed"),
    "plan_term.beyond": Term(
        "超出步行时限的一至三年级儿童（人·年）", "Grades 1–3 beyond the walking rule (child-years)"
    ),
    "plan_term.unplaced": Term("无学位或无床位的学生（人·年）", "Pupils without a seat or a bed (pupil-years)"),
    "plan_term.large": Term("大班额超出的学生（人·年）", "Pupils beyond the large-class lines (pupil-years)"),
    "plan_term.travel": Term("上学路途总时间（千人·分钟）", "Time on the way to school (thousand pupil-minutes)"),
    "plan_term.cost": Term("投资与运行经费变化（万元）", "Capital and change of running cost (万元)"),
    "plan_term.weighted": Term("加权目标", "Weighted objective"),
    "plan_field.year": Term("年份", "Year"),
    "plan_field.action": Term("调整类型", "Action"),
    "plan_field.school_id": Term("学校代码", "School code"),
    "plan_field.name": Term("学校或校址名称", "School or site"),
    "plan_field.x": Term("X坐标", "X"),
    "plan_field.y": Term("Y坐标", "Y"),
    "plan_field.seats": Term("新增学位", "Seats added"),
    "plan_field.beds": Term("新增床位", "Beds added"),
    "plan_field.capital_cost": Term("投资（万元）", "Capital (万元)"),
    "plan_field.running_cost_change": Term("年运行经费变化（万元）", "Change of yearly running cost (万元)"),
    "plan_field.children_affected": Term("涉及学生数", "Pupils concerned"),
    "plan_field.worth": Term("取消此项的损失", "Loss without it"),
    "plan_field.worth_term": Term("损失所在目标项", "Term of the loss"),
    "plan_field.rationale_zh": Term("理由（中文）", "Rationale (Chinese)"),
    "plan_field.rationale_en": Term("理由（英文）", "Rationale (English)"),
    "plan_field.metric": Term("指标", "Figure"),
    "plan_field.baseline": Term("不实施规划", "Without the plan"),
    "plan_field.plan": Term("实施规划", "With the plan"),
    "plan_field.change": Term("变化", "Change"),
    "plan_field.budget": Term("预算（万元）", "Budget (万元)"),
    "plan_field.capital": Term("实际投资（万元）", "Capital spent (万元)"),
    "plan_field.objective": Term("目标值", "Objective"),
    "plan_field.bound": Term("已证明的下界", "Proven bound"),
    "plan_field.gap": Term("相对差距", "Gap"),
    "plan_field.status": Term("求解状态", "Solver status"),
    "plan_field.stage": Term("求解阶段或目标项", "Solve or term"),
    "plan_field.value": Term("数值", "Value"),
    "plan_field.seconds": Term("用时（秒）", "Seconds"),
    "plan_field.greedy": Term("贪心方案", "Greedy plan"),
    "plan_field.nothing": Term("不采取行动", "Doing nothing"),
    "plan_status.optimal": Term("已证明最优", "Optimal"),
    "plan_status.within_gap": Term("已达到要求的差距", "Within the gap asked"),
    "plan_status.time_limit_reached": Term("达到时间上限", "Time limit reached"),
    "plan_status.time_limit": Term("达到时间上限", "Time limit reached"),
    "plan_status.interrupted": Term("已中断", "Interrupted"),
    "plan_status.infeasible": Term("无可行方案", "Infeasible"),
    "plan.capital_wan": Term("当年投资（万元）", "Capital of the year (万元)"),
    "plan.running_change_wan": Term("年运行经费变化（万元）", "Change of yearly running cost (万元)"),
    "plan.title": Term("学校布局专项规划", "School layout plan"),
    "plan.map_title": Term("学校布局规划实施图", "the plan's actions"),
    "plan.all_years": Term("规划期全部调整", "every action of the plan"),
    "plan.phase": Term("{year}年调整", "Actions of {year}"),
    "plan.earlier": Term("此前各年已实施的调整（浅色）", "Done in earlier years (pale)"),
    "plan.existing": Term("保留的学校（按类型）", "Schools kept (by type)"),
    "plan.closed": Term("撤销或并入他校的学校", "Closed or merged away"),
    "plan.seats_added": Term("新增{n}个学位", "{n} seats added"),
    "plan.beds_added": Term("新增{n}张床位", "{n} beds added"),
    "plan.moves": Term("学生转入的学校（虚线：四年级以上）", "Where pupils go (dashed: grades 4 and up)"),
    "plan.actions": Term("调整项目", "Actions"),
    "plan.no": Term("序号", "No."),
    "plan.size": Term("学位/床位", "Seats/beds"),
    "plan.seats_short": Term("+{n}学位", "+{n} seats"),
    "plan.beds_short": Term("+{n}床", "+{n} beds"),
    "plan.count": Term("{n}项", "{n} actions"),
    "plan.money": Term("投资", "Capital"),
    "plan.capital_year": Term("本期投资（万元）", "Capital of the phase (万元)"),
    "plan.capital_total": Term("累计投资（万元）", "Capital so far (万元)"),
    "plan.budget_total": Term("总预算（万元）", "Budget (万元)"),
    "plan.running_year": Term("本期调整的年运行经费变化（万元）", "Running cost change of the phase (万元 a year)"),
    "plan.more": Term("另有{n}项未列出", "{n} more not listed"),
    "plan.none": Term("本期无调整", "No action this year"),
    "plan.pareto_title": Term("不同预算下规划的效果", "What each budget buys"),
    "plan.pareto_axis": Term("预算（万元）", "Budget (万元)"),
    "plan.pareto_sum": Term(
        "各项为规划各年之和；越低越好", "Each term is summed over the plan's years; lower is better"
    ),
    "plan.pareto_zero": Term("各预算下均为0", "0 at every budget"),
    "plan.pareto_open": Term("空心点：未证明最优（差距见下表）", "Hollow point: not proven optimal (gap below)"),
    "plan.cover_budget": Term("总预算", "Budget"),
    "plan.cover_capital": Term("规划投资", "Capital of the plan"),
    "plan.cover_years": Term("规划年份", "Years"),
    "plan.cover_actions": Term("调整项目数", "Actions"),
    "plan.cover_objective": Term("目标值", "Objective"),
    "plan.cover_bound": Term("已证明的下界", "Proven bound"),
    "plan.cover_gap": Term("与下界的相对差距", "Gap to the bound"),
    "plan.cover_solves": Term("求解情况", "The solves"),
    "plan.cover_terms": Term("目标各项（规划各年之和）", "The terms (summed over the years)"),
    "plan.capital_in": Term("{year}年投资", "Capital in {year}"),
    "plan.cover_note": Term(
        "下界：任何方案都不可能优于此值；差距越小，方案越接近最优。",
        "Bound: no plan can do better than it; the smaller the gap, the nearer the plan is to the best.",
    ),
    "plan.wan": Term("{n}万元", "{n} 万元"),
    "plan.contents_phase": Term("{year}年调整图", "Map of {year}"),
    # the standards plan (优质均衡达标方案)
    "std_item.floor_area": Term("教学及辅助用房面积", "Teaching and auxiliary floor area"),
    "std_item.sports_ground": Term("体育运动场地面积", "Sports ground"),
    "std_item.equipment": Term("教学仪器设备值", "Teaching equipment"),
    "std_item.multimedia_rooms": Term("网络多媒体教室", "Networked multimedia classrooms"),
    "std_item.hire_qualified": Term("招聘高于规定学历教师", "Hire teachers above the required qualification"),
    "std_item.hire_key": Term("招聘骨干教师", "Hire key teachers"),
    "std_item.hire_pe_arts": Term("招聘体育、艺术专任教师", "Hire PE and arts teachers"),
    "std_item.train_qualified": Term("培训提升学历教师", "Train teachers to the required qualification"),
    "std_item.train_key": Term("培养骨干教师", "Train key teachers"),
    "std_item.train_pe_arts": Term("转岗培训体育、艺术教师", "Retrain teachers for PE and arts"),
    "std_item.short_floor_area": Term("校舍", "floor"),
    "std_item.short_sports_ground": Term("运动场", "ground"),
    "std_item.short_equipment": Term("设备", "equip."),
    "std_item.short_multimedia_rooms": Term("多媒体", "media"),
    "std_item.short_hire_qualified": Term("招学历", "hire qual."),
    "std_item.short_hire_key": Term("招骨干", "hire key"),
    "std_item.short_hire_pe_arts": Term("招体艺", "hire PE/arts"),
    "std_item.short_train_qualified": Term("培学历", "train qual."),
    "std_item.short_train_key": Term("培骨干", "train key"),
    "std_item.short_train_pe_arts": Term("培体艺", "train PE/arts"),
    "std_kind.qualified": Term("高于规定学历教师", "Qualified teachers"),
    "std_kind.key": Term("骨干教师", "Key teachers"),
    "std_kind.pe_arts": Term("体育、艺术教师", "PE and arts teachers"),
    "std_unit.m2": Term("平方米", "m²"),
    "std_unit.yuan": Term("元", "yuan"),
    "std_unit.rooms": Term("间", "rooms"),
    "std_unit.teachers": Term("人", "teachers"),
    "std_field.school_id": Term("学校代码", "School code"),
    "std_field.name": Term("学校名称", "School"),
    "std_field.item": Term("项目", "Item"),
    "std_field.amount": Term("数量", "Amount"),
    "std_field.unit": Term("单位", "Unit"),
    "std_field.cost": Term("投资（万元）", "Cost (万元)"),
    "std_field.from_school": Term("调出学校代码", "From (code)"),
    "std_field.to_school": Term("调入学校代码", "To (code)"),
    "std_field.kind": Term("教师类别", "Kind of teacher"),
    "std_field.teachers": Term("交流人数", "Teachers"),
    "std_field.commute_min": Term("两校车程（分钟）", "Trip between the schools (min)"),
    "std_field.from_name": Term("调出学校", "From"),
    "std_field.to_name": Term("调入学校", "To"),
    "std_field.level": Term("学段", "Level"),
    "std_field.indicator": Term("指标", "Indicator"),
    "std_field.coefficient_before": Term("方案前差异系数", "Coefficient before"),
    "std_field.coefficient_after": Term("方案后差异系数", "Coefficient after"),
    "std_field.threshold": Term("标准（不高于）", "Threshold (at most)"),
    "std_field.schools_meeting_before": Term("方案前达标学校数", "Schools meeting it before"),
    "std_field.schools_meeting_after": Term("方案后达标学校数", "Schools meeting it after"),
    "std_field.measure": Term("项目", "Measure"),
    "std_field.value": Term("方案值", "Plan"),
    "std_field.bound": Term("已证明的界", "Proven bound"),
    "std_field.gap": Term("相对差距", "Gap"),
    "std_field.status": Term("求解状态", "Solver status"),
    "std_field.budget": Term("预算（万元）", "Budget (万元)"),
    "std_field.schools_meeting": Term("达标学校数", "Schools meeting the rule"),
    "std_field.coefficients_meeting": Term("达标的差异系数项数", "Coefficients within the threshold"),
    "std_field.targets_bound": Term("可达目标数上界", "Bound of the targets"),
    "standards.per_school_rule": Term("学校达标（至少六项达标、其余不低于85%）", "Schools meeting the per-school rule"),
    "standards.cost": Term("投资（万元）", "Cost (万元)"),
    "standards.targets": Term("达标目标数", "Targets reached"),
    "standards.targets_reached": Term("达标目标数", "Targets reached"),
    "standards.sheet_plan": Term("达标方案", "Standards plan"),
    "standards.sheet_transfers": Term("教师交流轮岗", "Teacher transfers"),
    "standards.sheet_summary": Term("达标前后对比", "Before and after"),
    "standards.sheet_bounds": Term("达标方案求解界限", "Standards plan bounds"),
    "standards.sheet_pareto": Term("达标方案预算与效果", "Standards plan budgets"),
    "standards.title": Term("义务教育优质均衡达标方案", "Quality-balance standards plan"),
    "standards.map_title": Term("优质均衡达标方案图", "the standards plan"),
    "standards.subtitle": Term(
        "投资{cost}万元 · 交流教师{moved}人 · 招聘教师{hired}人",
        "Cost {cost} 万元 · {moved} teachers moved · {hired} hired",
    ),
    "standards.invested": Term("有投资的学校（面积随投资增大）", "Schools with investments (area grows with the cost)"),
    "standards.cost_mark": Term("{n}万元", "{n} 万元"),
    "standards.other_schools": Term("其他学校", "Other schools"),
    "standards.transfer": Term("教师交流：{kind}", "Moved: {kind}"),
    "standards.width": Term("线宽：交流人数", "Width: teachers moved"),
    "standards.investments": Term("投资项目", "Investments"),
    "standards.no": Term("序号", "No."),
    "standards.school": Term("学校", "School"),
    "standards.items": Term("项目", "Items"),
    "standards.money": Term("万元", "万元"),
    "standards.more": Term("另有{n}所学校未列出", "{n} more schools not listed"),
    "standards.none": Term("无需投资", "No investment needed"),
    "standards.figures": Term("方案要点", "The plan"),
    "standards.figure_cost": Term("投资（万元）", "Cost (万元)"),
    "standards.figure_bound": Term("已证明的界", "Proven bound"),
    "standards.figure_gap": Term("相对差距", "Gap"),
    "standards.figure_budget": Term("预算（万元）", "Budget (万元)"),
    "standards.figure_targets": Term("达标目标数", "Targets reached"),
    "standards.figure_targets_bound": Term("可达目标数上界（已证明）", "Proven bound of the targets"),
    "standards.figure_hired": Term("招聘教师（人）", "Teachers hired"),
    "standards.figure_moved": Term("交流教师（人）", "Teachers moved"),
    "standards.figure_meeting": Term("{level}达标学校", "{level} schools meeting the rule"),
    "standards.before_after": Term("{before}→{after}", "{before}→{after}"),
    # enrolment zones (划片): the table a county publishes, the solve figures, the zone map
    "zones.title": Term("{county}{year}年{level}招生划片表", "{county}: {level} enrolment zones, {year}"),
    "zones.map_title": Term("{level}招生划片图", "{level} enrolment zones"),
    "zones.subtitle": Term(
        "{zones}个学区，{villages}个村（片区），{year}年学龄儿童",
        "{zones} zones, {villages} villages and areas, children of {year}",
    ),
    "zones.sheet_table": Term("划片表", "Zones"),
    "zones.sheet_figures": Term("划片说明", "Figures"),
    "zones.township": Term("乡镇", "Township"),
    "zones.village": Term("村（社区）/片区", "Village or area"),
    "zones.village_code": Term("村代码", "Village code"),
    "zones.children": Term("学龄儿童数", "Children"),
    "zones.travel": Term("平均路程（分钟）", "Mean trip (min)"),
    "zones.changed_column": Term("与上年相比", "From last year"),
    "zones.changed_yes": Term("调整", "changed"),
    "zones.school_heading": Term("{name}（学校代码：{code}）", "{name} (school code {code})"),
    "zones.seats_heading": Term("学位{seats}个，划入学龄儿童{children}人", "{seats} seats, {children} children"),
    "zones.continues": Term("教学点：高年级升入{school}就读", "Teaching point: the older grades continue at {school}"),
    "zones.block": Term("{place}第{n}片", "{place} block {n}"),
    "zones.total": Term("合计", "Total"),
    "zones.item": Term("项目", "Item"),
    "zones.value": Term("数值", "Value"),
    "zones.level": Term("学段", "Level"),
    "zones.years": Term("学龄儿童年份", "Children of"),
    "zones.source": Term("村域", "Village areas"),
    "zones.source_polygons": Term("县提供的村界", "The county's village boundaries"),
    "zones.source_voronoi": Term(
        "无村界：按村点划分的泰森多边形", "No village boundaries: Voronoi areas of the places"
    ),
    "zones.n_zones": Term("学区数", "Zones"),
    "zones.n_villages": Term("村（片区）数", "Villages and areas"),
    "zones.total_travel": Term("总路程（人·分钟）", "Total travel (child-minutes)"),
    "zones.objective": Term("目标值（路程＋一至三年级超时计分）", "Objective (travel + grade 1–3 penalty)"),
    "zones.bound": Term("目标值已证明的下界（人·分钟）", "Proven bound of the objective (child-minutes)"),
    "zones.gap": Term("相对差距", "Gap"),
    "zones.mean_travel": Term("平均上学路程（分钟）", "Mean trip (min)"),
    "zones.beyond_30": Term("一至三年级步行超过30分钟的儿童", "Grade 1–3 children beyond 30 min"),
    "zones.beyond_unavoidable": Term("其中离任何学校都超过30分钟", "of them beyond 30 min of every school"),
    "zones.beyond_least": Term(
        "其余儿童中任何划片都超出的（已证明）", "of the others, the proven least any zones leave"
    ),
    "zones.changed": Term("与上年相比调整的村（片区）", "Villages changed from last year"),
    "zones.changed_least": Term("至少需调整（已证明）", "Proven least to change"),
    "zones.status": Term("求解状态", "Solver status"),
    "zones.seconds": Term("求解时间（秒）", "Seconds"),
    "zones.notes": Term("说明", "Notes"),
    "zones.zone": Term("学区（相邻学区颜色不同）", "Zone (neighbours in different colours)"),
    "zones.zone_outline": Term("学区界", "Zone boundary"),
    "zones.village_outline": Term("村（片区）界", "Village boundary"),
    "zones.list": Term("各学区", "Zones"),
    "zones.no": Term("序号", "No."),
    "zones.school": Term("学校", "School"),
    "zones.villages": Term("村数", "Villages"),
    "zones.children_seats": Term("儿童/学位", "Children/seats"),
    "zones.more": Term("另有{n}个学区未列出", "{n} more zones not listed"),
    "zones.none": Term("无", "None"),
    "zones.figures": Term("划片要点", "The zones"),
    # the province run: every county's figures, the workbook, the province map
    "province.metric.children_not_placed": Term("学位不足未能安置的儿童数", "Children not placed"),
    "province.metric.schools": Term("学校数", "Schools"),
    "province.metric.pupils": Term("在校生数", "Pupils"),
    "province.metric.schools_under_100": Term("不足100人的学校数", "Schools under 100 pupils"),
    "province.metric.large_classes_56": Term("大班额（56人及以上）班级数", "Large classes (56 and more)"),
    "province.metric.very_large_classes_66": Term("超大班额（66人及以上）班级数", "Very large classes (66 and more)"),
    "province.metric.teaching_points": Term("教学点数", "Teaching points"),
    "province.metric.basic_coefficient": Term("基本均衡综合差异系数", "Basic balance: composite coefficient"),
    "province.metric.quality_coefficient": Term("优质均衡综合差异系数", "Quality balance: composite coefficient"),
    "province.metric.basic_passes": Term("基本均衡是否达标", "Basic balance passes"),
    "province.metric.quality_passes": Term("优质均衡是否达标", "Quality balance passes"),
    "province.metric.schools_meeting_standards": Term(
        "达到优质均衡学校标准的学校比例", "Share of schools meeting the quality standards"
    ),
    "province.metric.forecast_children_last": Term("预测末年适龄儿童数", "Children in the last forecast year"),
    "province.metric.forecast_change": Term("预测期适龄儿童变化比例", "Change of children over the forecast"),
    "province.metric.forecast_schools_short": Term(
        "预测末年学位不足的学校数", "Schools short of seats in the last forecast year"
    ),
    "province.metric.forecast_not_placed_last": Term(
        "预测末年未能安置的儿童数", "Children not placed in the last forecast year"
    ),
    "province.metric.plan_actions": Term("规划调整项目数", "Actions of the plan"),
    "province.metric.plan_capital": Term("规划投资（万元）", "Capital of the plan (万元)"),
    "province.metric.plan_gap": Term("规划与下界的相对差距", "The plan's gap to its bound"),
    "province.level.all": Term("全县", "County"),
    "province.step.read": Term("读取", "reading"),
    "province.step.analyze": Term("分析", "the analysis"),
    "province.step.balance": Term("均衡评估", "the balance assessment"),
    "province.step.forecast": Term("预测", "the forecast"),
    "province.step.plan": Term("规划", "the plan"),
    "province.step.figures": Term("汇总指标", "the figures"),
    "province.step.write": Term("写出文件", "writing"),
    "province.step.worker": Term("计算进程", "the worker"),
    "province.sheet_counties": Term("各县指标", "Counties"),
    "province.sheet_balance": Term("各县均衡评估", "Balance"),
    "province.sheet_failures": Term("未纳入的县", "Failures"),
    "province.sheet_years": Term("纵向对比", "Year over year"),
    "province.county": Term("县", "County"),
    "province.year": Term("年份", "Year"),
    "province.level": Term("学段", "Level"),
    "province.metric": Term("指标", "Figure"),
    "province.method": Term("评估类型", "Method"),
    "province.step": Term("失败环节", "Step"),
    "province.message": Term("原因", "Message"),
    "province.path": Term("文件", "File"),
    "province.change": Term("变化（末年减首年）", "Change (last year less first)"),
    "province.none_failed": Term("所有县均已纳入", "No county failed"),
    "province.title": Term("全省各县 {figure}（{year}年）", "Counties of the province: {figure}, {year}"),
    "province.pass_title": Term("全省各县 {method}评估结果（{year}年）", "Counties of the province: {method}, {year}"),
    "province.pass_rule": Term("各学段均达标为达标", "Passes: every level assessed passes"),
    "province.figure": Term("{level} {metric}", "{level}: {metric}"),
    "province.subtitle": Term("纳入{counties}个县", "{counties} counties"),
    "province.subtitle_missing": Term(
        "纳入{counties}个县，未纳入{missing}个县", "{counties} counties, {missing} missing"
    ),
    "province.no_data": Term("无数据", "No data"),
    "province.list": Term("各县", "Counties"),
    "province.no": Term("序号", "No."),
    "province.value": Term("数值", "Value"),
    "province.more": Term("另有{n}个县未列出", "{n} more counties not listed"),
    "province.none": Term("无", "None"),
    "province.missing": Term("未纳入：{names}", "Not included: {names}"),
    "province.missing_item": Term("{county}（{step}失败）", "{county} ({step} failed)"),
    "province.missing_item_year": Term("{county}（{year}年，{step}失败）", "{county} ({step} failed, {year})"),
    "province.no_outline": Term("无乡镇界、未绘出：{names}", "No township boundaries, not drawn: {names}"),
    "province.separator": Term("、", ", "),
    "province.source": Term("各县项目数据，SchoolPlan 分析", "The counties' project data; SchoolPlan analysis"),
    "province.crs": Term(
        "CGCS2000 双标准纬线等积圆锥投影（25°N、47°N，中央经线105°E）",
        "CGCS2000 Albers equal-area conic (25°N, 47°N; central meridian 105°E)",
    ),
    # the HTML map and the Excel report
    "html.title": Term("{name} 学校布局图", "{name}: schools"),
    "report.title": Term("{name} 学校布局分析报告", "{name}: school layout"),
}


def check_language(language: str) -> None:
    """Raise ValueError unless ``language`` is one of :data:`LANGUAGES`."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be 'zh' or 'en', not {language!r}")


def find(key: str, language: str) -> str | None:
    """The word of a term in a language; None when there is no such term or no word in that language.

    Raises
    ------
    ValueError
        For a language other than ``zh`` or ``en``.
    """
    check_language(language)
    found = TERMS.get(key)
    if found is None:
        return None
    return found.zh if language == "zh" else found.en


def term(key: str, language: str) -> str:
    """The word of a term in a language.

    Raises
    ------
    KeyError
        If there is no such term, or it has no word in that language.
    ValueError
        For a language other than ``zh`` or ``en``.
    """
    text = find(key, language)
    if text is None:
        raise KeyError(f"no {language} word for {key!r} in the glossary")
    return text


def words(language: str, namespace: str | None = None) -> dict[str, str]:
    """Every word of a language by key, or of one namespace by the name after its dot.

    Terms without a word in the language are left out.
    """
    check_language(language)
    out: dict[str, str] = {}
    prefix = f"{namespace}." if namespace else ""
    for key, found in TERMS.items():
        text = found.zh if language == "zh" else found.en
        if text is not None and key.startswith(prefix):
            out[key[len(prefix) :]] = text
    return out
