"""The "Rules in force" dialog: every rule of the active standards file, with its source.

:func:`rule_rows` lists the rules of a standards file (section, key, value and the source
text of :attr:`gis.standards.Standards.sources`); :class:`RulesDialog` shows them read-only
in words (:func:`rule_title`: the rule's name and unit, never its TOML key, which is the
name's tooltip; :func:`value_title`; :func:`source_title`: the default file's sources in
Chinese in the Chinese window) with the file's path, and loads another rules file through
:meth:`app.session.Session.set_standards` (which checks it and reports any problem through
the window's one error path, keeping the rules in force).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import notify
from app.balance_words import Cell, CellModel, table_view
from app.labels import QT_TRANSLATE_NOOP, yes_no

if TYPE_CHECKING:
    from app.session import Session
    from gis.standards import Standards

RULE_COLUMNS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("RulesDialog", "Rule"),
    QT_TRANSLATE_NOOP("RulesDialog", "Value"),
    QT_TRANSLATE_NOOP("RulesDialog", "Unit"),
    QT_TRANSLATE_NOOP("RulesDialog", "Source"),
)

# The widest the name, value and unit columns get (pixels): a longer text wraps, and the
# source keeps room.
RULE_COLUMN_MAX: tuple[int, ...] = (340, 150, 130)
# Units of the rules, in words.
MINUTES = QT_TRANSLATE_NOOP("RulesDialog", "minutes")
PUPILS = QT_TRANSLATE_NOOP("RulesDialog", "pupils")
CHILDREN = QT_TRANSLATE_NOOP("RulesDialog", "children")
SHARE = QT_TRANSLATE_NOOP("RulesDialog", "share (1 = 100%)")
SHARE_A_YEAR = QT_TRANSLATE_NOOP("RulesDialog", "share a year")
KMH = QT_TRANSLATE_NOOP("RulesDialog", "km/h")
SCHOOLS = QT_TRANSLATE_NOOP("RulesDialog", "schools")
WAN_YUAN = QT_TRANSLATE_NOOP("RulesDialog", "10,000 yuan")
WAN_YUAN_A_YEAR = QT_TRANSLATE_NOOP("RulesDialog", "10,000 yuan a year")
WAN_YUAN_PER_M2 = QT_TRANSLATE_NOOP("RulesDialog", "10,000 yuan per m²")
SQUARE_METRES = QT_TRANSLATE_NOOP("RulesDialog", "m²")
COEFFICIENT = QT_TRANSLATE_NOOP("RulesDialog", "coefficient")
WAN_YUAN_PER_TEACHER = QT_TRANSLATE_NOOP("RulesDialog", "10,000 yuan per teacher")

# The rules of the standards file in words: dotted key -> (name, unit). Keys of a mode, a
# balance standard or a population band are named by the patterns below.
RULE_TITLES: dict[str, tuple[str, str]] = {
    "travel.grade1_3_max_min": (
        QT_TRANSLATE_NOOP("RulesDialog", "Grades 1–3: longest one-way trip to school"),
        MINUTES,
    ),
    "travel.grade1_3_share_of_primary": (
        QT_TRANSLATE_NOOP("RulesDialog", "Grades 1–3 as a share of primary-age children"),
        SHARE,
    ),
    "levels.primary.mode": (QT_TRANSLATE_NOOP("RulesDialog", "Primary: how pupils travel"), ""),
    "levels.primary.threshold_min": (QT_TRANSLATE_NOOP("RulesDialog", "Primary: longest trip to school"), MINUTES),
    "levels.primary.class_size": (QT_TRANSLATE_NOOP("RulesDialog", "Primary: standard class size"), PUPILS),
    "levels.primary.size_cap": (QT_TRANSLATE_NOOP("RulesDialog", "Primary: largest school"), PUPILS),
    "levels.junior.mode": (QT_TRANSLATE_NOOP("RulesDialog", "Junior secondary: how pupils travel"), ""),
    "levels.junior.threshold_min": (
        QT_TRANSLATE_NOOP("RulesDialog", "Junior secondary: longest trip to school"),
        MINUTES,
    ),
    "levels.junior.class_size": (QT_TRANSLATE_NOOP("RulesDialog", "Junior secondary: standard class size"), PUPILS),
    "levels.junior.size_cap": (QT_TRANSLATE_NOOP("RulesDialog", "Junior secondary: largest school"), PUPILS),
    "classes.large": (QT_TRANSLATE_NOOP("RulesDialog", "Large class: pupils in a class, from"), PUPILS),
    "classes.very_large": (QT_TRANSLATE_NOOP("RulesDialog", "Very large class: pupils in a class, from"), PUPILS),
    "classes.small_school": (QT_TRANSLATE_NOOP("RulesDialog", "Small rural school: fewer pupils than"), PUPILS),
    "classes.nine_year_size_cap": (QT_TRANSLATE_NOOP("RulesDialog", "Nine-year school: largest school"), PUPILS),
    "walking.child_level_kmh": (QT_TRANSLATE_NOOP("RulesDialog", "Children's walking speed on level ground"), KMH),
    "walking.slope": (QT_TRANSLATE_NOOP("RulesDialog", "How slope slows walking"), ""),
    "assignment.max_travel_min": (QT_TRANSLATE_NOOP("RulesDialog", "Longest trip to an assigned school"), MINUTES),
    "assignment.nearest_schools": (
        QT_TRANSLATE_NOOP("RulesDialog", "Nearest schools a child may be assigned to"),
        SCHOOLS,
    ),
    "planning.min_teaching_point_children": (
        QT_TRANSLATE_NOOP("RulesDialog", "New teaching point: grades 1–3 children brought within the limit, at least"),
        CHILDREN,
    ),
    "planning.min_new_school_pupils": (
        QT_TRANSLATE_NOOP("RulesDialog", "New boarding school: pupils served, at least"),
        PUPILS,
    ),
    "planning.candidate_cells": (
        QT_TRANSLATE_NOOP("RulesDialog", "Populated grid cells tried as sites of new schools"),
        QT_TRANSLATE_NOOP("RulesDialog", "cells"),
    ),
    "planning.max_new_sites": (
        QT_TRANSLATE_NOOP("RulesDialog", "New schools suggested of one kind per level, at most"),
        SCHOOLS,
    ),
    "planning.boarding_mode": (QT_TRANSLATE_NOOP("RulesDialog", "How boarders travel home each week"), ""),
    "balance.basic_primary": (
        QT_TRANSLATE_NOOP("RulesDialog", "Basic balance: primary composite coefficient, at most"),
        COEFFICIENT,
    ),
    "balance.basic_junior": (
        QT_TRANSLATE_NOOP("RulesDialog", "Basic balance: junior secondary composite coefficient, at most"),
        COEFFICIENT,
    ),
    "balance.quality_primary": (
        QT_TRANSLATE_NOOP("RulesDialog", "Quality balance: each primary coefficient, at most"),
        COEFFICIENT,
    ),
    "balance.quality_junior": (
        QT_TRANSLATE_NOOP("RulesDialog", "Quality balance: each junior secondary coefficient, at most"),
        COEFFICIENT,
    ),
    "balance.standards_met": (
        QT_TRANSLATE_NOOP("RulesDialog", "Quality balance: standards each school meets, at least"),
        QT_TRANSLATE_NOOP("RulesDialog", "of the 7 standards"),
    ),
    "balance.rest_share": (
        QT_TRANSLATE_NOOP("RulesDialog", "Quality balance: the other standards reached to at least"),
        SHARE,
    ),
    "balance.exclude_teaching_points_under": (
        QT_TRANSLATE_NOOP("RulesDialog", "Teaching points left out of the coefficients: fewer pupils than (0: none)"),
        PUPILS,
    ),
    "import.outside_tolerance_m": (
        QT_TRANSLATE_NOOP("RulesDialog", "Import: a school this far outside the township boundaries is kept"),
        QT_TRANSLATE_NOOP("RulesDialog", "metres"),
    ),
    "forecast.entry_age": (
        QT_TRANSLATE_NOOP("RulesDialog", "Age at school entry"),
        QT_TRANSLATE_NOOP("RulesDialog", "years"),
    ),
    "forecast.built_up_density_per_km2": (
        QT_TRANSLATE_NOOP("RulesDialog", "People per km² of a place's built-up area"),
        QT_TRANSLATE_NOOP("RulesDialog", "people per km²"),
    ),
    "forecast.migration_county_seat": (
        QT_TRANSLATE_NOOP("RulesDialog", "Yearly net migration of school-age children: county seat"),
        SHARE_A_YEAR,
    ),
    "forecast.migration_town": (
        QT_TRANSLATE_NOOP("RulesDialog", "Yearly net migration of school-age children: township seats"),
        SHARE_A_YEAR,
    ),
    "forecast.migration_village": (
        QT_TRANSLATE_NOOP("RulesDialog", "Yearly net migration of school-age children: villages"),
        SHARE_A_YEAR,
    ),
    "forecast.births_change_low": (
        QT_TRANSLATE_NOOP("RulesDialog", "Yearly change of births after the last known year: low variant"),
        SHARE_A_YEAR,
    ),
    "forecast.births_change_medium": (
        QT_TRANSLATE_NOOP("RulesDialog", "Yearly change of births after the last known year: medium variant"),
        SHARE_A_YEAR,
    ),
    "forecast.births_change_high": (
        QT_TRANSLATE_NOOP("RulesDialog", "Yearly change of births after the last known year: high variant"),
        SHARE_A_YEAR,
    ),
    "costs.building_m2": (QT_TRANSLATE_NOOP("RulesDialog", "School building, built and fitted out"), WAN_YUAN_PER_M2),
    "costs.classroom_m2": (QT_TRANSLATE_NOOP("RulesDialog", "Building per classroom added"), SQUARE_METRES),
    "costs.bed_m2": (QT_TRANSLATE_NOOP("RulesDialog", "Dormitory and canteen per boarding bed"), SQUARE_METRES),
    "costs.new_site": (
        QT_TRANSLATE_NOOP("RulesDialog", "A new school site (land, grounds, gate, utilities)"),
        WAN_YUAN,
    ),
    "costs.boarding_conversion": (
        QT_TRANSLATE_NOOP("RulesDialog", "Making a day school a boarding school (besides the beds)"),
        WAN_YUAN,
    ),
    "costs.school_per_year": (QT_TRANSLATE_NOOP("RulesDialog", "Running cost of a school open"), WAN_YUAN_A_YEAR),
    "costs.teacher_per_year": (QT_TRANSLATE_NOOP("RulesDialog", "Cost of a teacher"), WAN_YUAN_A_YEAR),
    "costs.teachers_per_class": (
        QT_TRANSLATE_NOOP("RulesDialog", "Teachers per class"),
        QT_TRANSLATE_NOOP("RulesDialog", "teachers"),
    ),
    "costs.bus_pupil_per_year": (
        QT_TRANSLATE_NOOP("RulesDialog", "School transport per pupil carried"),
        WAN_YUAN_A_YEAR,
    ),
    "costs.boarding_subsidy_primary": (
        QT_TRANSLATE_NOOP("RulesDialog", "Living subsidy per primary boarder"),
        WAN_YUAN_A_YEAR,
    ),
    "costs.boarding_subsidy_junior": (
        QT_TRANSLATE_NOOP("RulesDialog", "Living subsidy per junior secondary boarder"),
        WAN_YUAN_A_YEAR,
    ),
    "costs.boarding_subsidy_share": (QT_TRANSLATE_NOOP("RulesDialog", "Share of boarders given the subsidy"), SHARE),
    "costs.freed_building_m2": (
        QT_TRANSLATE_NOOP("RulesDialog", "Worth of a closed school's floor area reused"),
        WAN_YUAN_PER_M2,
    ),
    "costs.sports_ground_m2": (QT_TRANSLATE_NOOP("RulesDialog", "Sports ground laid"), WAN_YUAN_PER_M2),
    "costs.multimedia_room": (
        QT_TRANSLATE_NOOP("RulesDialog", "Networked multimedia classroom fitted out"),
        QT_TRANSLATE_NOOP("RulesDialog", "10,000 yuan per room"),
    ),
    "costs.hired_teacher_years": (
        QT_TRANSLATE_NOOP("RulesDialog", "Teacher hired by the standards plan: years of a teacher's cost counted"),
        QT_TRANSLATE_NOOP("RulesDialog", "years of cost"),
    ),
    "costs.transfer": (
        QT_TRANSLATE_NOOP("RulesDialog", "Teacher moved to another school (exchange)"),
        WAN_YUAN_PER_TEACHER,
    ),
    "costs.training": (
        QT_TRANSLATE_NOOP("RulesDialog", "Teacher trained into a kind the school lacks"),
        WAN_YUAN_PER_TEACHER,
    ),
    "teachers.pupils_per_post_primary": (
        QT_TRANSLATE_NOOP("RulesDialog", "Primary: pupils per staff post"),
        PUPILS,
    ),
    "teachers.pupils_per_post_junior": (
        QT_TRANSLATE_NOOP("RulesDialog", "Junior secondary: pupils per staff post"),
        PUPILS,
    ),
    "teachers.small_school_posts_per_class": (
        QT_TRANSLATE_NOOP("RulesDialog", "Small school or teaching point: staff posts per class"),
        QT_TRANSLATE_NOOP("RulesDialog", "posts per class"),
    ),
    "teachers.exchange_share": (
        QT_TRANSLATE_NOOP("RulesDialog", "Teacher exchange: a school's teachers moved in a year, at most"),
        SHARE_A_YEAR,
    ),
    "teachers.key_share": (
        QT_TRANSLATE_NOOP("RulesDialog", "Teacher exchange: key teachers among the teachers moved, at least"),
        SHARE,
    ),
    "teachers.commute_max_min": (
        QT_TRANSLATE_NOOP("RulesDialog", "Teacher exchange: longest trip from the old school to the new one"),
        MINUTES,
    ),
    "teachers.commute_mode": (QT_TRANSLATE_NOOP("RulesDialog", "Teacher exchange: how teachers travel"), ""),
    "teachers.train_share": (
        QT_TRANSLATE_NOOP("RulesDialog", "Retraining: a school's teachers trained in a year, at most (at least one)"),
        SHARE_A_YEAR,
    ),
}
# The words of the patterns' parts.
MODE_TITLES: dict[str, str] = {
    "walk": QT_TRANSLATE_NOOP("RulesDialog", "Walking"),
    "motor": QT_TRANSLATE_NOOP("RulesDialog", "By vehicle"),
}
ROAD_TITLES: dict[str, str] = {
    "county": QT_TRANSLATE_NOOP("RulesDialog", "county roads"),
    "township": QT_TRANSLATE_NOOP("RulesDialog", "township roads"),
    "village": QT_TRANSLATE_NOOP("RulesDialog", "village roads"),
    "path": QT_TRANSLATE_NOOP("RulesDialog", "paths"),
}
LEVEL_TITLES: dict[str, str] = {
    "primary": QT_TRANSLATE_NOOP("RulesDialog", "Primary"),
    "junior": QT_TRANSLATE_NOOP("RulesDialog", "Junior secondary"),
}
PER_100 = QT_TRANSLATE_NOOP("RulesDialog", "per 100 pupils")
# The seven quality-balance standards: (name, unit).
STANDARD_TITLES: dict[str, tuple[str, str]] = {
    "teachers_qualified_per_100": (
        QT_TRANSLATE_NOOP("RulesDialog", "teachers above the required qualification"),
        PER_100,
    ),
    "key_teachers_per_100": (QT_TRANSLATE_NOOP("RulesDialog", "county-level or higher key teachers"), PER_100),
    "pe_arts_teachers_per_100": (QT_TRANSLATE_NOOP("RulesDialog", "PE and arts teachers"), PER_100),
    "floor_area_per_pupil": (
        QT_TRANSLATE_NOOP("RulesDialog", "teaching and auxiliary floor area per pupil"),
        QT_TRANSLATE_NOOP("RulesDialog", "m² per pupil"),
    ),
    "sports_area_per_pupil": (
        QT_TRANSLATE_NOOP("RulesDialog", "sports ground area per pupil"),
        QT_TRANSLATE_NOOP("RulesDialog", "m² per pupil"),
    ),
    "equipment_per_pupil": (
        QT_TRANSLATE_NOOP("RulesDialog", "teaching equipment per pupil"),
        QT_TRANSLATE_NOOP("RulesDialog", "yuan per pupil"),
    ),
    "multimedia_rooms_per_100": (QT_TRANSLATE_NOOP("RulesDialog", "networked multimedia classrooms"), PER_100),
}
PATTERN_TITLES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("RulesDialog", "{mode}: speed on {road}"),
    QT_TRANSLATE_NOOP("RulesDialog", "{mode}: slope slows travel on {road}"),
    QT_TRANSLATE_NOOP("RulesDialog", "{mode}: speed off the road (to the nearest road)"),
    QT_TRANSLATE_NOOP("RulesDialog", "{mode}: name of the way of travel"),
    QT_TRANSLATE_NOOP("RulesDialog", "{level} standard: {standard}"),
    QT_TRANSLATE_NOOP("RulesDialog", "{level} age: share of the ages {first}–{last} counted"),
)
# Words written as values in the default file.
VALUE_TITLES: dict[str, str] = {
    "walk": QT_TRANSLATE_NOOP("RulesDialog", "walking"),
    "motor": QT_TRANSLATE_NOOP("RulesDialog", "by vehicle"),
    "tobler": QT_TRANSLATE_NOOP("RulesDialog", "Tobler's hiking function"),
    "walking": QT_TRANSLATE_NOOP("RulesDialog", "walking"),
    "motorised (school bus, motorbike, ride)": QT_TRANSLATE_NOOP(
        "RulesDialog", "motorised (school bus, motorbike, ride)"
    ),
}
# The sources of the default rules file, marked so that the Chinese window shows them in Chinese.
RULE_SOURCES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("RuleSources", "DOMAIN notes: ages 12-14 = 3/5 of the 10-14 band"),
    QT_TRANSLATE_NOOP("RuleSources", "DOMAIN notes: ages 6-11 = 4/5 of the 5-9 band + 2/5 of the 10-14 band"),
    QT_TRANSLATE_NOOP("RuleSources", "DOMAIN notes: school entry at 6, uniform within the cohort"),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "GB 50137-2011 城市用地分类与规划建设用地标准: 65-115 m² of urban construction land per person, about 10,000 people per km²",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "NBS statistical communiqués: births 2020 12.02 M, 2024 9.54 M; (9.54 / 12.02)^(1/4) - 1 = -5.6 % a year",
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "NBS statistical communiqués: births 2021 10.62 M, 2024 9.54 M; (9.54 / 10.62)^(1/3) - 1 = -3.5 % a year",
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "NBS statistical communiqués: births 2022 9.56 M, 2024 9.54 M, about level; births held at the last known year",
    ),
    QT_TRANSLATE_NOOP("RuleSources", "Tobler (1993) hiking function, direction-aware"),
    QT_TRANSLATE_NOOP("RuleSources", "assumed county default: a teaching point for fewer children is not viable"),
    QT_TRANSLATE_NOOP("RuleSources", "assumed county default: boarders travel home weekly by bus or motorbike"),
    QT_TRANSLATE_NOOP("RuleSources", "assumed county default: no child is sent further than this"),
    QT_TRANSLATE_NOOP(
        "RuleSources", "assumed default, county to set: 1,500 yuan a year per pupil carried by school transport"
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: 10,000 yuan per teacher trained into a kind the school lacks (转岗培训 for PE and arts, 学历提升, 骨干教师培养)",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: 100 万元 for the kitchen, canteen and dormitory services of a new boarding school",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources", "assumed default, county to set: 100,000 yuan a year of salary and social insurance per teacher"
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: 20,000 yuan per teacher moved (posting allowance and housing, 周转宿舍), the disruption of an exchange",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources", "assumed default, county to set: 3,000 yuan per m² of school building, construction and fit-out"
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: 30,000 yuan per networked multimedia classroom (interactive display, computer, network point)",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: 300 yuan per m² of sports ground laid (levelled, drained, synthetic surface)",
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: 45 pupils × 6 m² of teaching and auxiliary space per pupil = 270 m² (at 0.30 万元 per m², 81 万元 a classroom)",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: 500 yuan per m² of a closed school's floor area reused, for example as a kindergarten (闲置校舍改建幼儿园)",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: 500 万元 for the land, grounds, gate and utilities of a new school site",
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: 8 m² of dormitory and canteen per boarding bed (at 0.30 万元 per m², 2.4 万元 a bed)",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: a hired teacher counted for five years of teacher_per_year, one planning period",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: a small school is funded as if it had 100 pupils, 100 × 650 yuan of public funds (公用经费) = 6.5 万元, plus about 3.5 万元 of upkeep",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: a teacher's new school within an hour of the old one",
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: every boarder counted, an upper estimate (the subsidy is for boarders from poor families; set the county's share)",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: one teacher in ten a year on a retraining course (转岗培训), at least one per school",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP("RuleSources", "assumed default, county to set: teachers travel by car or motorbike"),
    QT_TRANSLATE_NOOP("RuleSources", "assumed default, county to set: two teachers per class"),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "assumed default, county to set: village small schools and teaching points staffed by a class-teacher ratio (班师比) of 1:1.7; provinces set their own",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP("RuleSources", "assumed: a plan proposes a handful of new schools at a time"),
    QT_TRANSLATE_NOOP("RuleSources", "assumed: enough candidates for a county; raise it for a finer search"),
    QT_TRANSLATE_NOOP("RuleSources", "assumed: the precision of township boundary files and school coordinates"),
    QT_TRANSLATE_NOOP("RuleSources", "children walk at roughly 3.5-4 km/h on level ground (DOMAIN notes)"),
    QT_TRANSLATE_NOOP(
        "RuleSources", "county default (no national figure): junior pupils may ride or board; set by the county"
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "county to set: assumed, children drift to the county seat (随迁子女); measure it from two or more years of enrolment by grade",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "county to set: assumed, township seats keep their children (those leaving for the county seat replaced from the villages)",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "county to set: assumed, village cohorts shrink by families moving to the towns and the county seat",
    ),
    QT_TRANSLATE_NOOP("RuleSources", "quality-balance rules: about 2,000 pupils (check the provincial rule)"),
    QT_TRANSLATE_NOOP("RuleSources", "quality-balance rules: about 2,500 pupils for a nine-year school"),
    QT_TRANSLATE_NOOP("RuleSources", "some provinces leave out teaching points under 50 pupils; set 50 to do so"),
    QT_TRANSLATE_NOOP("RuleSources", "standard class size, junior secondary <= 50 pupils"),
    QT_TRANSLATE_NOOP("RuleSources", "standard class size, primary <= 45 pupils"),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "中央编办 教育部 财政部《关于统一城乡中小学教职工编制标准的通知》(中央编办发〔2014〕72号): primary 1:19",
    ),
    QT_TRANSLATE_NOOP("RuleSources", "中央编办发〔2014〕72号: junior secondary 1:13.5"),
    QT_TRANSLATE_NOOP("RuleSources", "义务教育法 (Compulsory Education Law) art. 11: school entry at six"),
    QT_TRANSLATE_NOOP(
        "RuleSources", "乡村小规模学校 threshold (100 pupils), used as the least viable size of a new school"
    ),
    QT_TRANSLATE_NOOP("RuleSources", "乡村小规模学校: fewer than 100 pupils"),
    QT_TRANSLATE_NOOP(
        "RuleSources", "县域义务教育优质均衡发展督导评估办法 (教督〔2017〕6号): each coefficient, primary <= 0.50"
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources", "县域义务教育均衡发展督导评估暂行办法 (教督〔2012〕3号): composite coefficient, primary <= 0.65"
    ),
    QT_TRANSLATE_NOOP("RuleSources", "国办发〔2018〕27号: day-school trip generally within 30 minutes"),
    QT_TRANSLATE_NOOP(
        "RuleSources", "国务院办公厅关于全面加强乡村小规模学校和乡镇寄宿制学校建设的指导意见 (国办发〔2018〕27号)"
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "国家义务教育家庭经济困难寄宿生生活补助: 1,000 yuan a year per primary boarder since 2019 (county to set the share)",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "国家义务教育家庭经济困难寄宿生生活补助: 1,250 yuan a year per junior boarder since 2019 (county to set the share)",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP("RuleSources", "大班额: 56 or more pupils in a class"),
    QT_TRANSLATE_NOOP(
        "RuleSources", "教师〔2014〕4号: at least 20% of the teachers exchanged are key teachers (骨干教师)"
    ),
    QT_TRANSLATE_NOOP("RuleSources", "教督〔2012〕3号: composite coefficient, junior secondary <= 0.55"),
    QT_TRANSLATE_NOOP("RuleSources", "教督〔2017〕6号: PE and arts teachers per 100 pupils"),
    QT_TRANSLATE_NOOP("RuleSources", "教督〔2017〕6号: at least six of the seven indicators"),
    QT_TRANSLATE_NOOP("RuleSources", "教督〔2017〕6号: county-level or higher key teachers per 100 pupils"),
    QT_TRANSLATE_NOOP("RuleSources", "教督〔2017〕6号: each coefficient, junior secondary <= 0.45"),
    QT_TRANSLATE_NOOP("RuleSources", "教督〔2017〕6号: networked multimedia classrooms per 100 pupils"),
    QT_TRANSLATE_NOOP("RuleSources", "教督〔2017〕6号: sports ground area per pupil (m²)"),
    QT_TRANSLATE_NOOP("RuleSources", "教督〔2017〕6号: teachers above the required qualification per 100 pupils"),
    QT_TRANSLATE_NOOP("RuleSources", "教督〔2017〕6号: teaching and auxiliary floor area per pupil (m²)"),
    QT_TRANSLATE_NOOP("RuleSources", "教督〔2017〕6号: teaching equipment value per pupil (yuan)"),
    QT_TRANSLATE_NOOP("RuleSources", "教督〔2017〕6号: the others at least 85% of the standard"),
    QT_TRANSLATE_NOOP(
        "RuleSources",
        "教育部 财政部 人力资源社会保障部《关于推进县（区）域内义务教育学校校长教师交流轮岗的意见》(教师〔2014〕4号): about 10% of eligible teachers a year",  # noqa: E501
    ),
    QT_TRANSLATE_NOOP("RuleSources", "超大班额: 66 or more pupils in a class"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("RulesDialog", text)


def rule_title(name: str) -> tuple[str, str]:
    """A rule's name and unit in words, in the current language, from its dotted key.

    A key the window does not know (a county's own file may add one) is shown as written,
    without a unit.
    """
    if name in RULE_TITLES:
        title, unit = RULE_TITLES[name]
        return _tr(title), _tr(unit) if unit else ""
    parts = name.split(".")
    if len(parts) >= 3 and parts[0] == "modes" and parts[1] in MODE_TITLES:
        mode = _tr(MODE_TITLES[parts[1]])
        if len(parts) == 4 and parts[2] == "speed_kmh" and parts[3] in ROAD_TITLES:
            return _tr("{mode}: speed on {road}").format(mode=mode, road=_tr(ROAD_TITLES[parts[3]])), _tr(KMH)
        if len(parts) == 4 and parts[2] == "slope" and parts[3] in ROAD_TITLES:
            return _tr("{mode}: slope slows travel on {road}").format(mode=mode, road=_tr(ROAD_TITLES[parts[3]])), ""
        if len(parts) == 3 and parts[2] == "off_road_kmh":
            return _tr("{mode}: speed off the road (to the nearest road)").format(mode=mode), _tr(KMH)
        if len(parts) == 3 and parts[2] == "label":
            return _tr("{mode}: name of the way of travel").format(mode=mode), ""
    standard_key = len(parts) == 4 and parts[:2] == ["balance", "standards"]
    if standard_key and parts[2] in STANDARD_TITLES and parts[3] in LEVEL_TITLES:
        standard, unit = STANDARD_TITLES[parts[2]]
        level = _tr(LEVEL_TITLES[parts[3]])
        return _tr("{level} standard: {standard}").format(level=level, standard=_tr(standard)), _tr(unit)
    if len(parts) == 3 and parts[0] == "population" and parts[1] in LEVEL_TITLES and parts[2].isdigit():
        first = int(parts[2])
        title = _tr("{level} age: share of the ages {first}–{last} counted")
        return title.format(level=_tr(LEVEL_TITLES[parts[1]]), first=first, last=first + 4), _tr(SHARE)
    return name, ""


def value_title(value: str) -> str:
    """A rule's value as shown: numbers as written, yes/no, known words translated."""
    if value in ("true", "false"):
        return yes_no(value == "true")
    return _tr(VALUE_TITLES[value]) if value in VALUE_TITLES else value


def source_title(source: str) -> str:
    """A rule's source in the current language (a source of the default file in Chinese in the Chinese window)."""
    return QCoreApplication.translate("RuleSources", source) if source else ""


@dataclass(frozen=True)
class RuleRow:
    """One rule of a standards file: its table (dotted), key, value as written, and source text."""

    section: str
    key: str
    value: str
    source: str

    @property
    def name(self) -> str:
        """The rule's dotted key, as in :attr:`gis.standards.Standards.sources` (``balance.quality_primary``)."""
        return f"{self.section}.{self.key}" if self.section else self.key


def rule_rows(standards: Standards) -> list[RuleRow]:
    """Every rule of the standards' file, in the file's order, with its source.

    The ``*_source`` and ``source`` entries are not rules: they give the source of the rule
    (or of every rule of their table) and fill the ``source`` column. A rule without a source
    of its own takes its table's (``[balance.standards.…] source``), else an empty text.

    Raises
    ------
    InputError
        When the file cannot be read any more.
    """
    import tomllib

    from gis.errors import InputError, Problem

    try:
        raw = tomllib.loads(Path(standards.path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(Problem(f"the rules file cannot be read ({exc})", file=standards.path)) from exc
    rows: list[RuleRow] = []

    def walk(table: dict[str, object], section: str) -> None:
        for key, value in table.items():
            if isinstance(value, dict):
                walk(value, f"{section}.{key}" if section else key)
            elif not (key.endswith("_source") or (key == "source" and section)):
                name = f"{section}.{key}" if section else key
                source = standards.sources.get(name, "")
                parent = section
                while not source and parent:
                    source = standards.sources.get(parent, "")
                    parent = parent.rpartition(".")[0]
                rows.append(RuleRow(section, key, _value_text(value), source))

    walk(raw, "")
    return rows


def _value_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_value_text(v) for v in value)
    return str(value)


def ask_rules_file(parent: QWidget) -> Path | None:
    """Ask for a rules file to load; None when cancelled (patched in tests)."""
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("RulesDialog", "Load a rules file"),
        "",
        QCoreApplication.translate("RulesDialog", "Rules files (*.toml)"),
    )
    return Path(path) if path else None


class RulesDialog(QDialog):
    """Read-only list of the rules in force, the file they come from, and a way to load another."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.rows: list[RuleRow] = []
        self.resize(980, 620)
        self.path_label = QLabel(self)
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = CellModel(RULE_COLUMNS, "RulesDialog", self)
        self.table = table_view(self.model, self)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)  # a long source wraps in its row, never cut off
        # Rows are fitted after the header has taken its new widths (while it tells of a resize,
        # the column still has its old width): queued, else a wrapped source is cut off.
        self.table.horizontalHeader().sectionResized.connect(self._fit_rows, Qt.ConnectionType.QueuedConnection)
        self.load_button = QPushButton(self)
        self.load_button.clicked.connect(self.ask_load)
        self.defaults_button = QPushButton(self)
        self.defaults_button.clicked.connect(self.load_defaults)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.defaults_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.path_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        session.standardsChanged.connect(self.fill)
        self.retranslate()

    @Slot()
    def fill(self) -> None:
        """List the rules in force (again)."""
        from gis.errors import InputError

        standards = self._session.current_standards()
        self.rows = []
        if standards is not None:
            try:
                self.rows = rule_rows(standards)
            except InputError as exc:
                notify.notify_error(self, self.tr("The rules file cannot be read."), str(exc))
        self._show_path(standards)
        cells = []
        for row in self.rows:
            title, unit = rule_title(row.name)
            source = source_title(row.source)
            cells.append(
                [
                    Cell(title, row.name, tooltip=row.name),
                    Cell(value_title(row.value), row.value, number=True),
                    Cell(unit),
                    Cell(source, row.source, tooltip=source),
                ]
            )
        self.model.set_rows(cells)
        for column, widest in enumerate(RULE_COLUMN_MAX):
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        self.table.resizeRowsToContents()

    @Slot()
    def _fit_rows(self) -> None:
        self.table.resizeRowsToContents()

    def _show_path(self, standards: Standards | None) -> None:
        if standards is None:
            self.path_label.setText(self.tr("No rules are in force: the rules file cannot be read."))
        else:
            self.path_label.setText(self.tr("Rules file: {path}").format(path=standards.path))

    def row(self, name: str) -> RuleRow | None:
        """The listed rule of a dotted key (``balance.quality_primary``), or None."""
        return next((row for row in self.rows if row.name == name), None)

    @Slot()
    def ask_load(self) -> bool:
        """Ask for a rules file and make it the one in force; returns success."""
        path = ask_rules_file(self)
        return path is not None and self._session.set_standards(path)

    @Slot()
    def load_defaults(self) -> bool:
        """Go back to the bundled default rules; returns success."""
        return self._session.set_standards(None)

    def retranslate(self) -> None:
        """Set every visible text in the current language."""
        self.setWindowTitle(self.tr("Rules in force"))
        self.load_button.setText(self.tr("Load another rules file…"))
        self.defaults_button.setText(self.tr("Use the default rules"))
        self.close_button.setText(self.tr("Close"))
        self.model.retranslate()
        self.fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
