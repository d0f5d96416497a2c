"""The ``schoolplan`` command line: every analysis the window offers, headless.

Commands
--------
import    a project from a county's own files, with a validation report
analyze   baseline diagnosis of a project: catchments, travel times, indicators
suggest   closures, mergers and new schools, with their effects: DIR/suggestions.csv
scenario  list, add or remove the scenarios saved in a project
styles    store SchoolPlan's QGIS styles with a project's layers
compare   a scenario beside the baseline: DIR/comparison.csv
balance   county balance assessment: DIR/balance.csv, DIR/school_standards.csv
forecast  enrolment forecast year by year: children, pupils and seats, charts and a map
plan      the county plan: actions by year within a budget, with a proven gap (布局规划方案)
standards-plan  investments and teacher transfers that meet the quality-balance standards (优质均衡达标方案)
zones     enrolment zones (划片): each school's villages, contiguous and within its seats
province  every county of a province at once, on a Dask cluster: province tables, workbook and map
demo-province  a demo province of generated counties (one broken on purpose) to try ``province`` on
export    meeting outputs: printed maps, township atlas, offline HTML map, Excel report, styled GeoPackage
demo      run SchoolPlan on the bundled demo county (Bancang County)
gui       open the desktop window
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from gis.analysis import Analysis
    from gis.cohorts import Births, EnrolmentHistory
    from gis.edits import Edit, Scenario
    from gis.errors import Problem
    from gis.importing.enrolment import EnrolmentFile
    from gis.importing.left_behind import LeftBehind
    from gis.importing.report import ImportReport
    from gis.indicators import Indicator
    from gis.plan import Site
    from gis.progress import ProgressFn
    from gis.project import Project
    from gis.standards import Standards
    from gis.usecases import YearRun
    from gis.zones import Zones
    from outputs.pipeline import Kind

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEMO_PROJECT = DATA_DIR / "bancang.gpkg"

EXIT_INPUT = 2
#: The report of the births and the enrolment history, in the output folder.
FORECAST_REPORT = "forecast.import-report.csv"


def _parser() -> argparse.ArgumentParser:
    from outputs.pipeline import KINDS

    parser = argparse.ArgumentParser(
        prog="schoolplan",
        description="SchoolPlan: plan the layout of a county's schools (travel times, catchments, indicators).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    imp = sub.add_parser(
        "import",
        help="make a project from a county's own files",
        description=(
            "Read schools (CSV/XLSX in UTF-8 or GBK with Chinese or English headers, GeoPackage, Shapefile, "
            "GeoJSON), population (WorldPop age-sex GeoTIFFs, GeoTIFFs of primary and junior children, or "
            "village counts), roads (an OpenStreetMap .pbf extract or lines with a class or speed field), "
            "and optionally a DEM and township boundaries, into one project. Every problem found goes to "
            "PROJECT.import-report.csv; with any error the project is not written."
        ),
    )
    imp.add_argument("--schools", type=Path, required=True, metavar="FILE", help="schools file")
    imp.add_argument(
        "--population", type=Path, nargs="+", required=True, metavar="FILE", help="population rasters or villages"
    )
    imp.add_argument("--roads", type=Path, required=True, metavar="FILE", help="roads: .osm.pbf or lines")
    imp.add_argument("--dem", type=Path, metavar="FILE", help="elevation GeoTIFF")
    imp.add_argument("--boundaries", type=Path, metavar="FILE", help="township boundaries")
    imp.add_argument(
        "--coords",
        metavar="SYSTEM",
        help="coordinates of the schools (wgs84, gcj02 for Amap/Tencent, bd09 for Baidu, cgcs2000, EPSG:…); "
        "also the CRS of layers that have none",
    )
    imp.add_argument("--crs", metavar="EPSG", help="project CRS (default: the Gauss-Kruger or UTM zone of the county)")
    imp.add_argument("--name", help="county name (default: the schools file's name)")
    imp.add_argument(
        "--population-kind",
        choices=("auto", "worldpop", "cohorts"),
        default="auto",
        help="rasters are WorldPop age-sex bands or already primary/junior children (default: by file name)",
    )
    imp.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help="use a column of the schools table for a field, e.g. --column 学校名称=name (repeatable; the "
        "fields are those of the import report; an empty HEADER leaves the field out: --column =township)",
    )
    imp.add_argument("--sheet", metavar="NAME", help="sheet of the schools workbook, or layer of a GeoPackage")
    imp.add_argument("--boundary-code-field", metavar="FIELD", help="field of the township code (default: found)")
    imp.add_argument("--boundary-name-field", metavar="FIELD", help="field of the township name (default: found)")
    imp.add_argument("--standards", type=Path, help="rules file (default: data/standards.toml)")
    imp.add_argument("-o", "--out", type=Path, required=True, metavar="PROJECT.gpkg", help="project file to write")
    imp.add_argument("--quiet", action="store_true", help="print no progress")

    analyze = sub.add_parser(
        "analyze",
        help="baseline diagnosis of a project",
        description=(
            "Compute travel times over the road network, nearest-school catchments, the "
            "capacity-aware assignment and the coverage indicators of a project. Writes "
            "DIR/catchments.gpkg (layers catchments and cells: a point per cell and level), "
            "DIR/cells_primary.tif and DIR/cells_junior.tif (the cells on the project's grid: "
            "children, school, travel_min, within_threshold, assigned_school, "
            "assigned_travel_min, overflow; schools by their row in DIR/cells_schools.csv), "
            "DIR/indicators.csv (scope, level, metric, value), DIR/schools.csv and DIR/catchments.png."
        ),
    )
    analyze.add_argument("project", type=Path, help="project GeoPackage (.gpkg)")
    analyze.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the outputs")
    analyze.add_argument("--standards", type=Path, help="rules file (default: data/standards.toml)")
    analyze.add_argument("--no-map", action="store_true", help="skip the quick map (catchments.png)")
    analyze.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the quick map (default zh)")
    analyze.add_argument(
        "--cell-polygons",
        action="store_true",
        help="write the cells layer as squares of the grid's size, not points (a larger, slower file)",
    )
    _add_year_options(analyze)
    analyze.add_argument("--quiet", action="store_true", help="print no progress")

    demo = sub.add_parser(
        "demo",
        help="run SchoolPlan on the bundled demo county",
        description="Analyse the bundled demo county (Bancang County) and print a summary.",
    )
    demo.add_argument("--out", type=Path, default=Path("out/demo"), metavar="DIR", help="folder for the outputs")
    demo.add_argument("--quiet", action="store_true", help="print no progress")
    demo.add_argument(
        "--gui", action="store_true", help="open the window on the demo county when a display is available"
    )

    suggest = sub.add_parser(
        "suggest",
        help="suggest closures, mergers and new schools",
        description=(
            "Analyse the project, then suggest which small schools to close, merge or keep as teaching "
            "points, and where to build new day schools (grades 1-3) and boarding schools, within the "
            "travel rules and the schools' seats. Writes DIR/suggestions.csv and DIR/suggestions.gpkg. "
            "With --save, each suggestion is also saved in the project as a scenario."
        ),
    )
    suggest.add_argument("project", type=Path, help="project GeoPackage (.gpkg)")
    suggest.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the outputs")
    suggest.add_argument("--standards", type=Path, help="rules file (default: data/standards.toml)")
    suggest.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the printed rationale")
    suggest.add_argument("--save", action="store_true", help="save every suggestion in the project as a scenario")
    _add_year_options(suggest)
    suggest.add_argument("--quiet", action="store_true", help="print no progress")

    styles = sub.add_parser(
        "styles",
        help="store SchoolPlan's QGIS styles with a project's layers",
        description=(
            "Writes the QGIS style of each layer of the project (schools by type, children per cell, roads by "
            "class, townships, places, rivers) into its layer_styles table as the layer's default; a style a "
            "planner saved from QGIS as a layer's default stays the default. Every save by SchoolPlan does this "
            "too."
        ),
    )
    styles.add_argument("project", type=Path, help="project GeoPackage (.gpkg)")

    scenario = sub.add_parser(
        "scenario",
        help="list, add or remove the scenarios saved in a project",
        description=(
            "A scenario is the baseline plus edits: close, merge, open a school, change seats, "
            "convert to boarding. Edits are checked against the project before anything is saved."
        ),
    )
    scenario.add_argument("project", type=Path, help="project GeoPackage (.gpkg)")
    actions = scenario.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("list", help="the saved scenarios and their edits")
    add = actions.add_parser("add", help="add a scenario (or replace the one of the same name)")
    add.add_argument("name", help="scenario name")
    add.add_argument("--description", default="", help="why: one sentence for the meeting")
    add.add_argument("--close", action="append", default=[], metavar="ID", help="close a school")
    add.add_argument(
        "--merge",
        action="append",
        default=[],
        metavar="INTO+ID[+ID…]",
        help="merge schools into the first one, which keeps its site",
    )
    add.add_argument(
        "--open",
        action="append",
        default=[],
        metavar="ID:name=…,x=…,y=…,type=…,capacity_primary=…,capacity_junior=…,boarding_beds=…",
        help="open a new school at x, y (project CRS); type teaching_point, primary, junior or nine_year",
    )
    add.add_argument(
        "--capacity",
        action="append",
        default=[],
        metavar="ID:primary=N,junior=N",
        help="change a school's seats",
    )
    add.add_argument("--boarding", action="append", default=[], metavar="ID:BEDS", help="make a school board pupils")
    add.add_argument("--edits", type=Path, metavar="FILE", help="a JSON list of edits (as saved in the project)")
    remove = actions.add_parser("remove", help="remove a scenario")
    remove.add_argument("name", help="scenario name")

    compare = sub.add_parser(
        "compare",
        help="a scenario beside the baseline",
        description=(
            "Analyse the baseline and a saved scenario with the same rules and write "
            "DIR/comparison.csv (metric, baseline, scenario, change) and DIR/scenario_schools.csv."
        ),
    )
    compare.add_argument("project", type=Path, help="project GeoPackage (.gpkg)")
    compare.add_argument("--scenario", required=True, metavar="NAME", help="a scenario saved in the project")
    compare.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the outputs")
    compare.add_argument("--standards", type=Path, help="rules file (default: data/standards.toml)")
    _add_year_options(compare)
    compare.add_argument("--quiet", action="store_true", help="print no progress")

    balance = sub.add_parser(
        "balance",
        help="county balance assessment (difference coefficients, per-school standards)",
        description=(
            "Difference coefficients of the basic-balance and quality-balance methods per level, each "
            "school against the seven quality standards, classes and boarding. Writes DIR/balance.csv "
            "(level, method, indicator, coefficient, threshold, passes, …), DIR/school_standards.csv and "
            "DIR/classes.csv. With --scenario, for the scenario's schools (pupils moved as the analysis moves "
            "the children)."
        ),
    )
    balance.add_argument("project", type=Path, help="project GeoPackage (.gpkg)")
    balance.add_argument("--scenario", metavar="NAME", help="a scenario saved in the project")
    balance.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the outputs")
    balance.add_argument("--standards", type=Path, help="rules file (default: data/standards.toml)")
    _add_year_options(balance)
    balance.add_argument("--quiet", action="store_true", help="print no progress")

    export = sub.add_parser(
        "export",
        help="maps, atlas, interactive map, Excel report or styled GeoPackage for a meeting",
        description=(
            "catchments, travel, comparison (needs --scenario) and suggestions are printed maps: .png (at "
            "--dpi), .pdf or .svg by the file's suffix; atlas is a multi-page PDF with a page per township; "
            "html is one self-contained interactive map that opens offline; xlsx the Excel report; gpkg a "
            "GeoPackage with QGIS styles. With --scenario, the scenario's results (and, for xlsx, its "
            "comparison with the baseline)."
        ),
    )
    export.add_argument("project", type=Path, help="project GeoPackage (.gpkg)")
    export.add_argument("--what", required=True, choices=KINDS, help="what to export")
    export.add_argument("--out", type=Path, required=True, metavar="FILE", help="file to write")
    export.add_argument("--scenario", metavar="NAME", help="a scenario saved in the project")
    export.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the output (default zh)")
    export.add_argument("--level", choices=("primary", "junior"), default="primary", help="school level of maps")
    export.add_argument("--paper", choices=("A4", "A3"), default="A4", help="paper size of printed maps")
    export.add_argument("--orientation", choices=("landscape", "portrait"), default="landscape")
    export.add_argument("--dpi", type=int, default=300, help="resolution of PNG maps")
    export.add_argument("--title", default="", help="map title (default: made from the county and the map)")
    export.add_argument("--standards", type=Path, help="rules file (default: data/standards.toml)")
    _add_year_options(export, where="FILE.import-report.csv beside FILE")
    export.add_argument("--quiet", action="store_true", help="print no progress")

    forecast = sub.add_parser(
        "forecast",
        help="enrolment forecast: children, pupils and seats year by year (学位预测)",
        description=(
            "Project the children of every cell by grade and year from births by village and the enrolment "
            "history (both optional), send each year's children through the capacity-aware assignment, and "
            "write DIR/forecast_county.csv (year, level, grade, children, placed, not_placed, seats), "
            "DIR/forecast_schools.csv (school_id, name, year, level, pupils, seats, surplus, classes_needed, "
            "large_classes_56), DIR/forecast_townships.csv, the charts DIR/forecast_county.png and "
            "DIR/forecast_schools.png, and DIR/forecast_map.png (seats to spare and short at every school in "
            "--map-year). The first year of the tables is the base year (today). Every problem found in the "
            f"births and the history goes to DIR/{FORECAST_REPORT}; with any error nothing else is written."
        ),
    )
    forecast.add_argument("project", type=Path, help="project GeoPackage (.gpkg)")
    forecast.add_argument(
        "--years", required=True, metavar="FIRST-LAST", help="the years to forecast, e.g. 2026-2035 (or 2030)"
    )
    _add_forecast_inputs(forecast)
    forecast.add_argument("--map-year", type=int, metavar="YEAR", help="year of the map (default: the last year)")
    forecast.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the charts and the map")
    forecast.add_argument("--standards", type=Path, help="rules file (default: data/standards.toml)")
    forecast.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the outputs")
    forecast.add_argument("--quiet", action="store_true", help="print no progress")

    plan = sub.add_parser(
        "plan",
        help="the county plan: actions by year within a budget, with a proven gap (布局规划方案)",
        description=(
            "Forecast the children of --years, find the candidate actions (expand, build a teaching point, day "
            "school or boarding school, add beds, convert to boarding, keep as a teaching point, merge, close), "
            "and choose the actions and their years by a mixed-integer programme solved with HiGHS, from a "
            "greedy plan, within the budget and the national rules of every year (grades 1-3 within 30 minutes "
            "of a day school, seats and beds, build before close, size caps). Writes DIR/plan.csv, "
            "DIR/plan_summary.csv (each year's figures without and with the plan, from the full analysis), "
            "DIR/plan_bounds.csv (the proven bound and gap), DIR/pareto.csv and the charts and maps. Money in 万元; "
            "unit costs from the [costs] table of the rules. With --save, the state after each year's actions "
            "is saved in the project as the scenario plan-YEAR."
        ),
    )
    plan.add_argument("project", type=Path, help="project GeoPackage (.gpkg)")
    plan.add_argument("--years", required=True, metavar="FIRST-LAST", help="the plan's years, e.g. 2026-2030")
    plan.add_argument("--budget", type=float, metavar="WAN", help="capital of all years together, 万元 (default: none)")
    plan.add_argument("--budget-per-year", type=float, metavar="WAN", help="capital of each year, 万元 (default: none)")
    plan.add_argument(
        "--objective",
        metavar="TERMS",
        help="an order of beyond,unplaced,large,travel,cost (each at its best before the next) or weights "
        "beyond=20,unplaced=5,large=2,travel=10,cost=1 in 万元 per unit (the default)",
    )
    plan.add_argument(
        "--force",
        action="extend",
        nargs="+",
        default=[],
        metavar="ID",
        help="candidate actions the plan must take (ids from DIR/plan_candidates.csv)",
    )
    plan.add_argument(
        "--forbid",
        action="extend",
        nargs="+",
        default=[],
        metavar="ID",
        help="candidate actions the plan must not take",
    )
    plan.add_argument(
        "--site",
        action="append",
        default=[],
        metavar="NAME,X,Y,TYPE",
        help="a site of your own for a new school (TYPE teaching_point, primary, junior or nine_year; add ,boarding)",
    )
    plan.add_argument("--max-closures", type=int, metavar="N", help="closures a year at most (default: no limit)")
    plan.add_argument(
        "--time-limit", type=float, default=120.0, metavar="S", help="seconds the solver may take (default 120)"
    )
    plan.add_argument(
        "--gap", type=float, default=0.5, metavar="PCT", help="stop within this gap, percent (default 0.5)"
    )
    plan.add_argument(
        "--pareto-steps", type=int, default=5, metavar="N", help="budgets of the Pareto view (0 for none)"
    )
    _add_forecast_inputs(plan)
    plan.add_argument(
        "--left-behind",
        type=Path,
        metavar="FILE",
        help="left-behind children by village (CSV/XLSX: 乡镇, 村名, 留守儿童数): beds go to them first; "
        "writes DIR/left_behind.csv",
    )
    plan.add_argument("--save", action="store_true", help="save the state after each year as the scenario plan-YEAR")
    plan.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the printed plan and the charts")
    plan.add_argument("--standards", type=Path, help="rules file (default: data/standards.toml)")
    plan.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the outputs")
    plan.add_argument("--quiet", action="store_true", help="print no progress")

    standards = sub.add_parser(
        "standards-plan",
        help="the cheapest investments and teacher transfers that meet the quality standards (优质均衡达标方案)",
        description=(
            "Find the least-cost plan that brings every school to at least six of the seven quality-balance "
            "standards (the rest at 85 %) and every quality coefficient to its threshold, per level: teaching "
            "floor area, sports ground (within --land), equipment and multimedia rooms to add, teachers to hire "
            "within the staff posts, and teachers to move between schools under the exchange rules (交流轮岗: "
            "at most 10 % of a school's teachers leave, at least 20 % of the movers key teachers, within 60 "
            "minutes by car; the [teachers] table of the rules). With --budget, the most targets that budget "
            "reaches instead. A mixed-integer programme solved with HiGHS, the coefficient thresholds by "
            "outer-approximation cuts, with a proven bound and gap. Writes DIR/standards_plan.csv, "
            "DIR/teacher_transfers.csv, DIR/standards_summary.csv, DIR/standards_bounds.csv, "
            "DIR/standards_pareto.csv (with --pareto-steps), DIR/standards_plan.xlsx and DIR/standards_map.png. "
            "Money in 万元, unit costs from the [costs] table of the rules. With any error nothing is written "
            "and nothing saved."
        ),
    )
    standards.add_argument("project", type=Path, help="project GeoPackage (.gpkg)")
    standards.add_argument("--scenario", metavar="NAME", help="plan on a scenario saved in the project")
    _add_year_options(standards)
    standards.add_argument(
        "--budget", type=float, metavar="WAN", help="万元: reach the most targets within it (default: every target)"
    )
    standards.add_argument(
        "--posts", type=float, metavar="N", help="the county's staff posts, 编制 (default: by the norm of [teachers])"
    )
    standards.add_argument(
        "--land",
        type=Path,
        metavar="FILE",
        help="spare land per school for sports ground (CSV/XLSX: 学校代码, 可用场地面积 in m²); a school not "
        "listed, and every school without --land, has no limit",
    )
    standards.add_argument("--no-transfers", action="store_true", help="hire teachers only, move none")
    standards.add_argument(
        "--pareto-steps",
        type=int,
        default=0,
        metavar="N",
        help="also solve for N budgets up to the plan's cost: DIR/standards_pareto.csv (default 0: none)",
    )
    standards.add_argument(
        "--time-limit", type=float, default=300.0, metavar="S", help="seconds the solver may take (default 300)"
    )
    standards.add_argument(
        "--gap", type=float, default=0.1, metavar="PCT", help="stop within this gap, percent (default 0.1)"
    )
    standards.add_argument(
        "--save",
        metavar="NAME",
        help="save the plan in the project as the scenario NAME (its edits after --scenario's)",
    )
    standards.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the workbook and the map")
    standards.add_argument("--standards", type=Path, help="rules file (default: data/standards.toml)")
    standards.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the outputs")
    standards.add_argument("--quiet", action="store_true", help="print no progress")

    zones = sub.add_parser(
        "zones",
        help="enrolment zones (划片): each school's villages, contiguous and within its seats",
        description=(
            "Draw each school's enrolment zone of a level as whole villages (the county's village boundaries "
            "with --villages, else the part of each township nearest to each place; the towns cut into blocks "
            "of --blocks metres where their schools share them): every village in one zone, each zone in one "
            "piece, its children within the school's seats (in --year, or in every year of --years), grade 1-3 "
            "children within 30 minutes' walk wherever the schools allow it, and the least total travel; with "
            "--previous, as few villages as possible change zone from last year's. A mixed-integer programme "
            "with contiguity cuts, solved with HiGHS, with its proven bound and gap. Writes DIR/zones.csv "
            "(school_id, school_name, village_code, village_name, township, children, travel_min, and changed "
            "with --previous), DIR/zones_table.xlsx (the table as a county publishes it), DIR/zones.gpkg (the "
            "zones and the villages, with QGIS styles) and the zone map DIR/zones_map.pdf and DIR/zones_map.png. "
            "With an error in --previous or --villages nothing is written."
        ),
    )
    zones.add_argument("project", type=Path, help="project GeoPackage (.gpkg)")
    zones.add_argument("--level", required=True, metavar="primary|junior", help="the level whose zones to draw")
    zones.add_argument(
        "--year",
        type=int,
        metavar="YEAR",
        help="fit the children forecast for this year (from --births and --history when given)",
    )
    zones.add_argument(
        "--years",
        metavar="FIRST-LAST",
        help="fit the seats in every year of this range of the forecast, e.g. 2026-2030",
    )
    _add_forecast_inputs(zones)
    zones.add_argument(
        "--previous",
        type=Path,
        metavar="FILE",
        help="last year's zones (zones.csv, or CSV/XLSX with 村代码 and 学校代码): change as few villages as possible",
    )
    zones.add_argument(
        "--villages",
        metavar="FILE[:LAYER]",
        help="the county's village boundaries (GeoPackage, Shapefile, GeoJSON with 村代码 or 乡镇 and 村名); "
        "default: the part of each township nearest to each place",
    )
    zones.add_argument(
        "--blocks",
        type=float,
        default=1000.0,
        metavar="M",
        help="cut towns whose schools share them into blocks of up to M metres (default 1000; 0: never)",
    )
    zones.add_argument(
        "--time-limit", type=float, default=60.0, metavar="S", help="seconds the solver may take (default 60)"
    )
    zones.add_argument(
        "--gap", type=float, default=0.1, metavar="PCT", help="stop within this gap, percent (default 0.1)"
    )
    zones.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the workbook and the map")
    zones.add_argument("--standards", type=Path, help="rules file (default: data/standards.toml)")
    zones.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the outputs")
    zones.add_argument("--quiet", action="store_true", help="print no progress")
    zones.set_defaults(pareto_steps=0)  # no Pareto view: the solver's options are checked as plan's are

    _add_province_parsers(sub)

    gui = sub.add_parser("gui", help="open the desktop window", description="Open the SchoolPlan window.")
    gui.add_argument("project", type=Path, nargs="?", help="project GeoPackage (.gpkg) to open")
    return parser


def _add_province_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``schoolplan province`` and ``schoolplan demo-province`` (the steps named here are checked against
    :data:`gis.province.STEPS`, not imported: building the parser must not load the province's modules)."""
    province = sub.add_parser(
        "province",
        help="every county of a province at once, on Dask: province tables, workbook and map",
        description=(
            "Run the analysis, balance assessment, forecast and plan (--do) of every county on a Dask cluster: "
            "by default a local cluster of worker processes on this computer, or an existing one (--scheduler, "
            "started with `dask scheduler` and `dask worker`; its workers read the projects from their paths, a "
            "shared folder). A county whose file or figures fail is reported (county, step, message) and the "
            "others finish; a county whose worker dies is run again once. Writes each county's own outputs to "
            "DIR/<county>/ and DIR/province_counties.csv (county, year, level, metric, value), "
            "DIR/province_balance.csv, DIR/province_failures.csv, DIR/province.xlsx, DIR/province_map.pdf and "
            ".png, and with several years DIR/province_years.csv (纵向对比). A county's births and enrolment "
            "history are read from NAME-births.csv and NAME-enrolment.csv beside its NAME.gpkg when there."
        ),
    )
    province.add_argument("counties", type=Path, nargs="*", metavar="COUNTIES", help="project files or folders of them")
    province.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the outputs")
    province.add_argument(
        "--scheduler", metavar="ADDRESS", help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: local)"
    )
    province.add_argument("--workers", type=int, metavar="N", help="local worker processes (default: one per core)")
    province.add_argument(
        "--memory-per-worker", default="4GB", metavar="SIZE", help="memory of each local worker (default 4GB)"
    )
    province.add_argument(
        "--year",
        type=int,
        action="append",
        default=[],
        metavar="YEAR",
        help="analyse the children of this year (repeat for a year-over-year table; default: each project's own)",
    )
    province.add_argument(
        "--do",
        default="analyze,balance",
        metavar="STEPS",
        help="steps for every county, from analyze,balance,forecast,plan (default analyze,balance)",
    )
    province.add_argument(
        "--years", metavar="FIRST-LAST", help="years of the forecast and the plan (default: the 5 after the year)"
    )
    province.add_argument("--budget", type=float, metavar="WAN", help="each county plan's capital, 万元 (default none)")
    province.add_argument(
        "--time-limit", type=float, default=60.0, metavar="S", help="seconds each county's plan may take (default 60)"
    )
    province.add_argument(
        "--gap", type=float, default=1.0, metavar="PCT", help="plans stop within this gap, percent (default 1)"
    )
    province.add_argument(
        "--map-figure",
        default="primary:share_within_threshold",
        metavar="LEVEL:METRIC",
        help="the figure that colours the map (a level and metric of province_counties.csv), or balance:basic "
        "or balance:quality for pass/fail (default primary:share_within_threshold)",
    )
    province.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the workbook and the map")
    province.add_argument("--standards", type=Path, help="rules file (default: data/standards.toml)")
    province.add_argument("--quiet", action="store_true", help="print no progress")

    demo = sub.add_parser(
        "demo-province",
        help="a demo province of generated counties to try `schoolplan province` on",
        description=(
            "Generate believable counties (different seeds, sizes and terrain, side by side) as project files in "
            "DIR, one of them broken on purpose, then run: schoolplan province DIR --out OUT."
        ),
    )
    demo.add_argument("--counties", type=int, default=12, metavar="N", help="counties to make (default 12)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    demo.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the project files")
    demo.add_argument("--quiet", action="store_true", help="print no progress")


def _add_forecast_inputs(parser: argparse.ArgumentParser) -> None:
    """The options of a forecast's inputs: births, enrolment history, births variant, migration."""
    parser.add_argument(
        "--births", type=Path, metavar="FILE", help="births by village and year (CSV/XLSX: 年份, 村名, 乡镇, 出生人数)"
    )
    parser.add_argument(
        "--history",
        action="extend",
        nargs="+",
        default=[],
        metavar="FILE[:YEAR]",
        help="enrolment by school and grade of past years (CSV/XLSX), one file with a year column or one per "
        "year (FILE:YEAR); its latest year is the base year",
    )
    parser.add_argument(
        "--variant", choices=("low", "medium", "high"), help="births beyond the last known year (default medium)"
    )
    parser.add_argument(
        "--no-migration", action="store_true", help="no migration: every progression ratio is 1 (no history ratios)"
    )


def _add_year_options(parser: argparse.ArgumentParser, *, where: str = f"DIR/{FORECAST_REPORT}") -> None:
    """``--year`` and the forecast's inputs, for a command that can work on a target year's children."""
    parser.add_argument(
        "--year",
        type=int,
        metavar="YEAR",
        help="work on the children forecast for this year (from --births and --history when given; their "
        f"report goes to {where})",
    )
    _add_forecast_inputs(parser)


def _progress_printer(quiet: bool):  # type: ignore[no-untyped-def]
    last = {"message": ""}

    def show(fraction: float, message: str) -> None:
        if quiet or message == last["message"]:
            return
        last["message"] = message
        print(f"  [{fraction * 100:5.1f}%] {message}", file=sys.stderr, flush=True)

    return show


def _part(show: ProgressFn, start: float, end: float) -> ProgressFn:
    """A progress callback for one part (``start`` to ``end``) of a command's bar."""

    def report(fraction: float, message: str) -> None:
        show(start + (end - start) * fraction, message)

    return report


def run_analysis(
    project_path: Path,
    out: Path,
    *,
    standards_path: Path | None,
    quick_map: bool,
    quiet: bool,
    examples: bool = False,
    year_options: argparse.Namespace | None = None,
    cell_polygons: bool = False,
    language: str = "zh",
) -> int:
    """Analyse a project and write its outputs; returns the exit code.

    With ``examples`` (the demo), also the meeting outputs a person can look at: the
    suggestions, a printed catchment map (PNG), the township atlas (PDF) and pictures of its
    first pages. ``year_options`` are the ``--year``, ``--births``, ``--history``, ``--variant``
    and ``--no-migration`` of ``schoolplan analyze``: with a year, the year's children are analysed.
    ``cell_polygons`` writes the cells layer as squares (``--cell-polygons``); ``language`` is
    that of the quick map's words (``--lang``).
    """
    from gis.analysis import analyze
    from gis.indicators import coverage_indicators
    from gis.project import load_project
    from gis.standards import load_standards
    from outputs.tables import write_analysis

    started = time.perf_counter()
    standards = load_standards(standards_path)
    project = load_project(project_path)
    _print_notes(project)
    inputs = _ForecastInputs(report_path=out / FORECAST_REPORT)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run = None
        if year_options is not None:
            at_year = _at_year(year_options, project, standards, out / FORECAST_REPORT, _progress_printer(quiet))
            if at_year is None:
                return EXIT_INPUT
            run, inputs = at_year
        analysis = (
            run.analysis
            if run is not None
            else analyze(project, standards, progress=_progress_printer(quiet), outlines=True)
        )
    coverage = coverage_indicators(analysis)
    written = write_analysis(analysis, out, cell_polygons=cell_polygons, coverage=coverage)
    written.update(inputs.write_report())
    if quick_map:
        from layers.quickmap import quick_catchment_map

        written["map"] = quick_catchment_map(analysis, None, out / "catchments.png", language=language)
    if examples:
        written.update(_example_outputs(analysis, out, quiet=quiet))
    for message in [*analysis.warnings, *(str(w.message) for w in caught)]:
        print(f"warning: {message}", file=sys.stderr)
    year = getattr(year_options, "year", None)
    _print_summary(project.name, coverage, label="baseline" if year is None else f"children of {year}")
    print()
    for kind, path in written.items():
        print(f"{kind:>12}: {path}")
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def _example_outputs(analysis: Analysis, out: Path, *, quiet: bool) -> dict[str, Path]:
    """Suggestions, a printed catchment map, the atlas and pictures of its first pages."""
    from gis.suggest import suggest
    from layers.atlas import write_atlas
    from outputs.pipeline import ExportInputs, ExportRequest, write_export
    from outputs.tables import write_suggestions

    show = _progress_printer(quiet)
    found = suggest(analysis, progress=lambda f, m: show(f * 0.4, m))
    written = dict(write_suggestions(found, analysis, out))
    show(0.4, "printed maps")
    inputs = ExportInputs(analysis, analysis, found)
    maps: tuple[tuple[Kind, str], ...] = (("catchments", "printed_map"), ("suggestions", "suggestion_map"))
    for what, name in maps:
        written[name] = write_export(ExportRequest(what, dpi=150), inputs, out / "maps" / f"{what}.png")
    written["atlas"] = write_atlas(
        analysis,
        out / "atlas.pdf",
        suggestions=found,
        progress=lambda f, m: show(0.5 + f * 0.5, m),
        page_images=out / "atlas-pages",
    )
    written["atlas_pages"] = out / "atlas-pages"
    return written


def _pairs(text: str, option: str) -> tuple[str, dict[str, str]]:
    """``ID:key=value,key=value`` as (ID, {key: value})."""
    from gis.errors import InputError, Problem

    school_id, sep, rest = text.partition(":")
    pairs: dict[str, str] = {}
    for item in filter(None, rest.split(",")):
        key, eq, value = item.partition("=")
        if not eq:
            raise InputError(Problem("expected key=value", field=option, value=item, fix=f"e.g. {option} ID:key=value"))
        pairs[key.strip()] = value.strip()
    if not sep or not school_id:
        raise InputError(Problem("expected a school code, a colon and values", field=option, value=text))
    return school_id.strip(), pairs


def scenario_from_options(args: argparse.Namespace) -> Scenario:
    """The scenario the ``scenario add`` options describe, edits in the order of the option groups."""
    from gis.edits import Close, Merge, Scenario, edit_from_dict, scenario_from_json
    from gis.errors import InputError, Problem

    edits: list[Edit] = []
    if args.edits is not None:
        try:
            text = args.edits.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(Problem(f"cannot read the edits ({exc})", file=str(args.edits))) from exc
        edits.extend(scenario_from_json(args.name, text, where=str(args.edits)).edits)
    edits.extend(Close(s) for s in args.close)
    for text in args.merge:
        ids = tuple(filter(None, (s.strip() for s in text.split("+"))))
        edits.append(Merge(ids, ids[0] if ids else ""))
    for text in args.open:
        school_id, pairs = _pairs(text, "--open")
        edits.append(edit_from_dict({"kind": "open", "school_id": school_id, **pairs}, where=f"--open {text}"))
    for text in args.capacity:
        school_id, pairs = _pairs(text, "--capacity")
        unknown = set(pairs) - {"primary", "junior"}
        if unknown:
            raise InputError(Problem("levels are primary and junior", field="--capacity", value=", ".join(unknown)))
        edits.append(
            edit_from_dict(
                {
                    "kind": "capacity",
                    "school_id": school_id,
                    "capacity_primary": pairs.get("primary"),
                    "capacity_junior": pairs.get("junior"),
                },
                where=f"--capacity {text}",
            )
        )
    for text in args.boarding:
        school_id, _, beds = text.partition(":")
        edits.append(edit_from_dict({"kind": "boarding", "school_id": school_id, "beds": beds}, where=text))
    if not edits:
        raise InputError(Problem("a scenario needs at least one edit", fix="add --close, --merge, --open, …"))
    return Scenario(args.name, tuple(edits), args.description)


def _column_mapping(items: list[str]) -> dict[str, str | None]:
    """``--column HEADER=FIELD`` options as {field: header} (``=FIELD``: leave the field out)."""
    from gis.errors import InputError, Problem
    from gis.importing.schools import HEADER_SYNONYMS

    mapping: dict[str, str | None] = {}
    problems = []
    for item in items:
        header, eq, name = item.rpartition("=")
        name = name.strip()
        if not eq or not name:
            problems.append(
                Problem("expected HEADER=FIELD", field="--column", value=item, fix="e.g. --column 学校名称=name")
            )
        elif name not in HEADER_SYNONYMS:
            problems.append(
                Problem("unknown field", field="--column", value=item, fix=f"fields: {', '.join(HEADER_SYNONYMS)}")
            )
        elif name in mapping:
            problems.append(Problem("field mapped twice", field="--column", value=item, fix="give each field once"))
        else:
            mapping[name] = header.strip() or None
    if problems:
        raise InputError(problems)
    return mapping


def run_import(args: argparse.Namespace) -> int:
    """``schoolplan import``: a project from a county's files; returns the exit code."""
    from gis.importing.assemble import ImportSources, import_to_file
    from gis.standards import load_standards

    started = time.perf_counter()
    mapping = _column_mapping(args.column)
    standards = load_standards(args.standards)
    sources = ImportSources(
        schools=args.schools,
        population=tuple(args.population),
        roads=args.roads,
        dem=args.dem,
        boundaries=args.boundaries,
        coords=args.coords,
        crs=args.crs,
        name=args.name,
        population_kind=args.population_kind,
        school_mapping=mapping,
        sheet=args.sheet,
        boundary_code_field=args.boundary_code_field,
        boundary_name_field=args.boundary_name_field,
    )
    project, report, report_path = import_to_file(
        sources, args.out, standards=standards, progress=_progress_printer(args.quiet), styles=project_styles
    )
    for finding in report.findings:
        print(finding, file=sys.stderr if finding.severity == "error" else sys.stdout)
    print(f"\nreport: {report_path} ({len(report.errors)} errors, {len(report.warnings)} warnings)")
    if project is None:
        print(f"nothing written: fix the errors above and import again ({args.out} was not changed)")
        return EXIT_INPUT
    print(
        f"project: {args.out} ({project.crs}; {len(project.schools)} schools, {len(project.population)} populated "
        f"cells, {len(project.roads)} roads)"
    )
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def run_scenario(args: argparse.Namespace) -> int:
    """``schoolplan scenario``: list, add or remove scenarios; returns the exit code."""
    from gis.project import edit_project, load_project
    from gis.scenario import apply_scenario

    if args.action == "list":
        project = load_project(args.project)
        _print_notes(project)
        if not project.scenarios:
            print("no scenarios yet")
        for scenario in project.scenarios:
            print(f"{scenario.name}: {scenario.description}")
            for edit in scenario.edits:
                print(f"  {edit}")
        return 0
    if args.action == "add":
        scenario = scenario_from_options(args)

        def add(project: Project) -> Project:
            apply_scenario(project, scenario)  # every problem is reported before anything is saved
            return project.with_scenario(scenario)

        # Read, changed and saved under the file's lock: another program's save is never lost.
        edit_project(args.project, add, styles=project_styles)
        print(f"saved scenario {scenario.name} ({len(scenario.edits)} edits) in {args.project}")
        return 0
    edit_project(args.project, lambda project: project.without_scenario(args.name), styles=project_styles)
    print(f"removed scenario {args.name} from {args.project}")
    return 0


def save_scenarios(path: Path, scenarios: Sequence[Scenario]) -> None:
    """Add scenarios to the project file (replacing those of the same names), with its styles."""
    from gis.project import edit_project

    def add(current: Project) -> Project:
        for scenario in scenarios:
            current = current.with_scenario(scenario)
        return current

    edit_project(path, add, styles=project_styles)


def project_styles(project: Project) -> dict[str, str]:
    """The QGIS styles SchoolPlan stores with a project's layers (Chinese legends)."""
    from layers.qgis_styles import project_styles as styles

    return styles(project, language="zh")


def _load(args: argparse.Namespace) -> tuple[Project, Standards]:
    """The project of a command's PROJECT and the rules of its ``--standards``; the project's notes printed."""
    from gis.project import load_project
    from gis.standards import load_standards

    standards = load_standards(args.standards)
    project = load_project(args.project)
    _print_notes(project)
    return project, standards


def _print_notes(project: Project) -> None:
    for note in project.notes:
        print(f"note: {note}", file=sys.stderr)


def run_suggest(args: argparse.Namespace) -> int:
    """``schoolplan suggest``: suggestions with their effects; returns the exit code."""
    from gis.analysis import analyze
    from gis.suggest import suggest
    from outputs.tables import write_suggestions

    started = time.perf_counter()
    project, standards = _load(args)
    show = _progress_printer(args.quiet)
    at_year = _at_year(args, project, standards, args.out / FORECAST_REPORT, _part(show, 0.0, 0.6))
    if at_year is None:
        return EXIT_INPUT
    run, inputs = at_year
    baseline = run.analysis if run is not None else analyze(project, standards, progress=lambda f, m: show(f * 0.6, m))
    found = suggest(baseline, progress=lambda f, m: show(0.6 + f * 0.4, m))
    written = write_suggestions(found, baseline, args.out)
    written.update(inputs.write_report())
    when = "" if args.year is None else f" for the children of {args.year}"
    print(f"\n{project.name}: {len(found.items)} suggestions{when}")
    for item in found.items:
        print(f"{item.id}  {item.action:<20}{item.level:<9}{item.rationale(args.lang)}")
    if args.save:
        save_scenarios(args.project, [item.scenario() for item in found.items])
        print(f"\nsaved {len(found.items)} scenarios in {args.project}")
    print()
    for kind, path in written.items():
        print(f"{kind:>17}: {path}")
    for note in found.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def run_compare(args: argparse.Namespace) -> int:
    """``schoolplan compare``: baseline and scenario side by side; returns the exit code."""
    from gis.usecases import run_scenario
    from outputs.tables import write_comparison

    started = time.perf_counter()
    project, standards = _load(args)
    scenario = project.scenario(args.scenario)
    show = _progress_printer(args.quiet)
    at_year = _at_year(args, project, standards, args.out / FORECAST_REPORT, _part(show, 0.0, 0.5))
    if at_year is None:
        return EXIT_INPUT
    year_run, inputs = at_year
    if year_run is not None:
        run = run_scenario(
            year_run.project, scenario, standards, baseline=year_run.analysis, progress=_part(show, 0.5, 1.0)
        )
    else:
        run = run_scenario(project, scenario, standards, progress=show)
    comparison = run.comparison()
    written = write_comparison(comparison, run.scenario, args.out)
    written.update(inputs.write_report())
    table = comparison.table()
    when = "" if args.year is None else f", the children of {args.year}"
    print(f"\n{project.name}: baseline and scenario {scenario.name}{when}")
    print(f"{'metric':<56}{'baseline':>12}{'scenario':>12}{'change':>12}")
    for row in table.itertuples(index=False):
        print(f"{row.metric:<56}{row.baseline:>12.2f}{row.scenario:>12.2f}{row.change:>+12.2f}")
    print(f"\ncomparison: {written['comparison']}")
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def run_balance(args: argparse.Namespace) -> int:
    """``schoolplan balance``: the balance assessment of the baseline or a scenario; returns the exit code."""
    from gis.balance import assess
    from gis.usecases import run_scenario
    from outputs.tables import write_balance

    project, standards = _load(args)
    show = _progress_printer(args.quiet)
    at_year = _at_year(args, project, standards, args.out / FORECAST_REPORT, _part(show, 0.0, 0.5))
    if at_year is None:
        return EXIT_INPUT
    year_run, inputs = at_year
    if year_run is not None:
        if args.scenario:
            result = run_scenario(
                year_run.project, args.scenario, standards, baseline=year_run.analysis, progress=_part(show, 0.5, 1.0)
            ).balance()
        else:
            result = assess(year_run.project.schools, standards)
        what = f"scenario {args.scenario}" if args.scenario else "baseline"
        title = f"{what} in {args.year} (recorded enrolment moved as the model moves the children)"
    elif args.scenario:
        result = run_scenario(project, args.scenario, standards, progress=_progress_printer(args.quiet)).balance()
        title = f"scenario {args.scenario}"
    else:
        result = assess(project.schools, standards)
        title = "baseline (recorded enrolment)"
    write_balance(result, args.out)
    inputs.write_report()
    table = result.table()
    print(f"\n{project.name}: balance, {title}")
    print(f"{'level':<9}{'method':<9}{'indicator':<30}{'coefficient':>12}{'threshold':>11}  passes")
    for row in table.itertuples(index=False):
        passes = "" if row.passes is None else ("yes" if row.passes else "NO")
        threshold = "" if row.threshold != row.threshold else f"{row.threshold:.2f}"
        print(f"{row.level:<9}{row.method:<9}{row.indicator:<30}{row.coefficient:>12.3f}{threshold:>11}  {passes}")
    met = result.school_standards.groupby("level")["passes"].agg(["sum", "count"])
    for level, (passed, count) in met.iterrows():
        print(f"{level}: {passed} of {count} schools meet the per-school quality standards")
    print(f"\nwritten to {args.out}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    """``schoolplan export``: one meeting output, by the export pipeline of File → Export…; returns the exit code."""
    from gis.errors import InputError, Problem
    from outputs.pipeline import ExportRequest, gather_inputs, suffix_problem, write_export

    started = time.perf_counter()
    project, standards = _load(args)
    problem = suffix_problem(args.what, args.out)
    if problem:
        raise InputError(Problem(problem, field="--out", value=str(args.out)))
    if args.what == "comparison" and not args.scenario:
        raise InputError(Problem("a comparison map needs --scenario NAME", field="--scenario"))
    report_path = args.out.with_name(f"{args.out.stem}.import-report.csv")
    _check_year_options(args)
    inputs = _read_forecast_inputs(args, project, report_path) if args.year is not None else _ForecastInputs()
    if inputs is None:
        return EXIT_INPUT
    request = ExportRequest(
        what=args.what,
        scenario=args.scenario or "",
        language=args.lang,
        level=args.level,
        paper=args.paper,
        orientation=args.orientation,
        dpi=args.dpi,
        title=args.title,
        year=args.year,
        variant=args.variant or "medium",
        migration=not args.no_migration,
    )
    show = _progress_printer(args.quiet)
    gathered = gather_inputs(request, project, standards, births=inputs.births, history=inputs.history, progress=show)
    written = write_export(request, gathered, args.out, progress=show)
    for kind, path in inputs.write_report().items():
        print(f"{kind}: {path}")
    print(f"{args.what}: {written}")
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def run_forecast(args: argparse.Namespace) -> int:
    """``schoolplan forecast``: children, pupils and seats year by year; returns the exit code."""
    from gis.cohorts import base_year
    from gis.errors import InputError, Problem
    from gis.forecast import forecast_variants
    from gis.schema import LEVEL_GRADES, LEVELS
    from outputs.forecast import write_forecast

    started = time.perf_counter()
    years = parse_years(args.years)
    project, standards = _load(args)
    inputs = _read_forecast_inputs(args, project, args.out / FORECAST_REPORT)
    if inputs is None:
        return EXIT_INPUT
    base = base_year(project, inputs.history).year
    if args.map_year is not None and args.map_year not in (base, *years):
        raise InputError(
            Problem(
                "the map year is not a year of the forecast",
                field="--map-year",
                value=str(args.map_year),
                fix=f"choose the base year {base} or one of --years ({_year_span(years)})",
            )
        )
    show = _progress_printer(args.quiet)
    variants = forecast_variants(
        project,
        standards,
        years=years,
        births=inputs.births,
        history=inputs.history,
        variant=args.variant or "medium",
        migration=not args.no_migration,
        progress=lambda f, m: show(0.85 * f, m),
    )
    result = variants.forecast
    written = write_forecast(
        variants,
        project,
        args.out,
        language=args.lang,
        map_year=args.map_year,
        progress=lambda f, m: show(0.85 + 0.15 * f, m),
    )
    written.update(inputs.write_report())
    balance = result.seat_balance()
    print(f"\n{project.name}: enrolment forecast, base year {result.base_year}, {result.variant} births variant")
    header = f"{'year':<6}" + "".join(f"{level + ' children':>18}{'not placed':>12}{'short':>7}" for level in LEVELS)
    print(header)
    print("-" * len(header))
    for t, year in enumerate(result.years):
        row = f"{year:<6}"
        for k, level in enumerate(LEVELS):
            grades = [g - 1 for g in LEVEL_GRADES[level]]
            short = int((balance[t, :, k] < -0.5).sum())
            row += f"{result.children[t, grades].sum():>18,.0f}{result.not_placed[t, k]:>12,.0f}{short:>7}"
        print(row)
    print("(short: schools whose seats are fewer than their pupils and the children nearest to them without a seat)")
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    print()
    for kind, path in written.items():
        print(f"{kind:>14}: {path}")
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def parse_sites(items: list[str]) -> tuple[Site, ...]:
    """``--site NAME,X,Y,TYPE[,boarding]`` items as sites ``P01``, ``P02`` …"""
    from gis.errors import InputError, Problem
    from gis.plan import Site
    from gis.schema import TYPE_GRADES

    sites = []
    problems = []
    for k, text in enumerate(items):
        parts = [p.strip() for p in text.split(",")]
        fix = "write NAME,X,Y,TYPE (TYPE one of " + ", ".join(TYPE_GRADES) + "), then ,boarding for a boarding school"
        if len(parts) not in (4, 5) or (len(parts) == 5 and parts[4] != "boarding"):
            problems.append(Problem("a site needs a name, x, y and a type", field="--site", value=text, fix=fix))
            continue
        try:
            x, y = float(parts[1]), float(parts[2])
        except ValueError:
            problems.append(Problem("x and y must be numbers (the project's CRS)", field="--site", value=text, fix=fix))
            continue
        if parts[3] not in TYPE_GRADES:
            problems.append(Problem("unknown school type", field="--site", value=parts[3], fix=fix))
            continue
        sites.append(Site(f"P{k + 1:02d}", parts[0], x, y, parts[3], len(parts) == 5))
    if problems:
        raise InputError(problems)
    return tuple(sites)


def run_plan(args: argparse.Namespace) -> int:
    """``schoolplan plan``: the county plan, its review and Pareto view; returns the exit code."""
    from gis.errors import InputError, Problem
    from gis.fileio import write_csv
    from gis.plan import SCENARIO_PREFIX, Budget, PlannerChoices, county_plan, parse_objective
    from gis.plan.left_behind import left_behind_boarding
    from gis.plan.review import pareto, pareto_budgets, review_plan
    from outputs.plan import write_plan

    started = time.perf_counter()
    years = parse_years(args.years)
    objective = parse_objective(args.objective)
    sites = parse_sites(args.site)
    problems = _solver_option_problems(args, example_gap="0.5")
    if args.max_closures is not None and args.max_closures < 0:
        problems.append(
            Problem("closures a year must be 0 or more", field="--max-closures", value=str(args.max_closures))
        )
    if problems:
        raise InputError(problems)
    project, standards = _load(args)
    inputs = _read_forecast_inputs(args, project, args.out / FORECAST_REPORT)
    if inputs is None:
        return EXIT_INPUT
    show = _progress_printer(args.quiet)
    plan = county_plan(
        project,
        standards,
        years=years,
        budget=Budget(total=args.budget, per_year=args.budget_per_year),
        objective=objective,
        choices=PlannerChoices(sites=sites, force=tuple(args.force), forbid=tuple(args.forbid)),
        max_closures=args.max_closures,
        births=inputs.births,
        history=inputs.history,
        variant=args.variant or "medium",
        migration=not args.no_migration,
        time_limit=args.time_limit,
        gap=args.gap / 100.0,
        progress=_part(show, 0.0, 0.6),
    )
    review = review_plan(project, standards, plan, progress=_part(show, 0.6, 0.8))
    left = left_behind_boarding(review, inputs.left_behind) if inputs.left_behind is not None else None
    points = None
    if args.pareto_steps:
        budgets = pareto_budgets(plan, args.pareto_steps)
        points = pareto(
            plan,
            budgets,
            time_limit=max(5.0, args.time_limit / len(budgets)),
            gap=args.gap / 100.0,
            progress=_part(show, 0.8, 1.0),
        )
    written = write_plan(plan, review, points, project, args.out, language=args.lang)
    written.update(inputs.write_report())
    if left is not None:
        written["left_behind"] = write_csv(left.table().round(3), args.out / "left_behind.csv")
    solution = plan.solution
    span = _year_span(list(plan.years))
    print(f"\n{project.name}: county plan {span}, {len(plan.actions)} actions, capital {plan.capital:,.0f} 万元")
    for stage in solution.stages:
        print(
            f"  {stage.term}: {stage.value:,.1f}, bound {stage.bound:,.1f}, gap {100 * stage.gap:.2f} % "
            f"({stage.status}, {stage.seconds:.0f} s)"
        )
    if plan.greedy is not None:
        print(f"  greedy plan: {', '.join(f'{t} {v:,.1f}' for t, v in plan.greedy.items())}")
    for action in plan.actions:
        text = action.rationale_zh if args.lang == "zh" else action.rationale_en
        print(f"{action.year}  {action.action:<20}{action.capital_cost:>9,.0f}  {text}")
    if left is not None:
        planned, nothing = left.get(plan.years[-1], "plan"), left.get(plan.years[-1], "baseline")
        print(
            f"left-behind children boarding in {plan.years[-1]}: {planned.with_bed:,.0f} with a bed of "
            f"{planned.left_behind_boarders:,.0f} (doing nothing: {nothing.with_bed:,.0f} of "
            f"{nothing.left_behind_boarders:,.0f})"
        )
        for note in left.notes:
            print(f"note: {note}", file=sys.stderr)
    if args.save:
        save_scenarios(args.project, plan.scenarios)
        first, last = f"{SCENARIO_PREFIX}{plan.years[0]}", f"{SCENARIO_PREFIX}{plan.years[-1]}"
        print(f"\nsaved {len(plan.scenarios)} scenarios {first} … {last} in {args.project}")
    print()
    for kind, path in written.items():
        print(f"{kind:>9}: {path}")
    for note in plan.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def run_standards_plan(args: argparse.Namespace) -> int:
    """``schoolplan standards-plan``: the standards plan (优质均衡达标方案); returns the exit code."""
    from gis.errors import InputError
    from gis.importing.land import read_land
    from gis.scenario import apply_scenario
    from gis.standards_plan import StandardsOptions

    started = time.perf_counter()
    problems = _solver_option_problems(args, example_gap="0.1")
    if problems:
        raise InputError(problems)
    project, standards = _load(args)
    scenario = project.scenario(args.scenario) if args.scenario else None
    land = None
    if args.land is not None:
        schools = apply_scenario(project, scenario).schools if scenario is not None else project.schools
        land = read_land(args.land, schools)
    show = _progress_printer(args.quiet)
    at_year = _at_year(args, project, standards, args.out / FORECAST_REPORT, _part(show, 0.0, 0.3))
    if at_year is None:
        return EXIT_INPUT
    year_run, inputs = at_year
    options = StandardsOptions(
        budget=args.budget,
        posts=args.posts,
        land_m2=land,
        pareto_steps=args.pareto_steps,
        time_limit=args.time_limit,
        gap=args.gap / 100.0,
        transfers=not args.no_transfers,
    )
    from gis.usecases import run_standards_plan as plan_standards
    from outputs.standards import write_standards_plan

    run = plan_standards(
        project,
        standards,
        scenario=scenario,
        year_run=year_run,
        options=options,
        progress=_part(show, 0.3 if year_run is not None else 0.0, 0.95),
    )
    plan = run.plan
    written = write_standards_plan(run, args.out, language=args.lang)
    written.update(inputs.write_report())
    on = f"scenario {scenario.name}" if scenario is not None else "baseline"
    when = "" if args.year is None else f", the children of {args.year}"
    goal = (
        "every target at the least cost"
        if plan.mode == "targets"
        else f"the most targets within {args.budget:,.1f} 万元"
    )
    print(f"\n{project.name}: standards plan on the {on}{when}: {goal}")
    print(f"{'level':<9}{'indicator':<30}{'before':>9}{'after':>9}{'threshold':>11}{'schools before':>16}{'after':>7}")
    for row in plan.summary.itertuples(index=False):
        if row.indicator == "per_school_rule":
            continue
        print(
            f"{row.level:<9}{row.indicator:<30}{row.coefficient_before:>9.3f}{row.coefficient_after:>9.3f}"
            f"{row.threshold:>11.2f}{row.schools_meeting_before:>16.0f}{row.schools_meeting_after:>7.0f}"
        )
    counts = plan.before.school_standards.groupby("level")["passes"].size()
    for row in plan.summary[plan.summary["indicator"] == "per_school_rule"].itertuples(index=False):
        print(
            f"{row.level}: {row.schools_meeting_before:.0f} → {row.schools_meeting_after:.0f} of "
            f"{counts.get(row.level, 0)} schools meet six standards and the rest at 85 %"
        )
    moved = int(plan.transfers["teachers"].sum()) if len(plan.transfers) else 0
    if plan.mode == "targets":
        print(f"cost {plan.cost:,.1f} 万元, proven bound {plan.bound:,.1f}, gap {100 * plan.gap:.2f} %", end="")
    else:
        print(
            f"targets reached {plan.targets_reached} of {plan.targets_total}, proven bound {plan.bound:,.0f}, "
            f"gap {100 * plan.gap:.2f} %; cost {plan.cost:,.1f} 万元",
            end="",
        )
    print(f" ({plan.status}, {plan.seconds:.0f} s, {plan.rounds} rounds, {plan.cuts} cuts)")
    print(
        f"teachers: {plan.hired} hired (posts {plan.posts:,.0f}, staff {plan.staff:,.0f}), {moved} moved in "
        f"{len(plan.transfers)} transfers; {plan.investments['school_id'].nunique()} schools with investments"
    )
    if args.save:
        save_scenarios(args.project, [run.scenario(args.save)])
        print(f"\nsaved scenario {args.save} in {args.project}")
    print()
    for kind, path in written.items():
        print(f"{kind:>9}: {path}")
    for note in plan.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def run_zones(args: argparse.Namespace) -> int:
    """``schoolplan zones``: a level's enrolment zones (划片); returns the exit code.

    The options are checked first, then the previous zones and the village boundaries are read
    (with any error there nothing is written), then the forecast's inputs; the zones are drawn and
    every file written (:func:`outputs.zones.write_zones`).
    """
    from gis.errors import InputError, Problem
    from gis.importing.villages import read_previous_zones, read_villages
    from gis.schema import LEVELS
    from gis.usecases import run_zones as draw
    from gis.zones import ZoneOptions
    from outputs.zones import write_zones

    started = time.perf_counter()
    problems = _solver_option_problems(args, example_gap="0.1")
    if args.level not in LEVELS:
        problems.append(Problem("unknown level", field="--level", value=args.level, fix="use primary or junior"))
    if args.year is not None and args.years is not None:
        problems.append(
            Problem("give --year or --years, not both", field="--year, --years", fix="one year, or a range of years")
        )
    if args.blocks < 0:
        problems.append(Problem("the block size must be 0 or more metres", field="--blocks", value=str(args.blocks)))
    span: tuple[int, int] | None = None
    if args.years is not None:
        years = parse_years(args.years)
        if years != list(range(years[0], years[-1] + 1)):
            problems.append(
                Problem("expected one range of years", field="--years", value=args.years, fix="write e.g. 2026-2030")
            )
        span = (years[0], years[-1])
    elif args.year is not None:
        span = (args.year, args.year)
    if problems:
        raise InputError(problems)
    if span is None:
        _check_year_options(args)
    project, standards = _load(args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        found: list[Problem] = []
        previous = None
        if args.previous is not None:
            try:
                previous = read_previous_zones(args.previous, places=project.places, schools=project.schools)
            except InputError as exc:
                found.extend(exc.problems)
        villages = None
        if args.villages is not None:
            try:
                villages = read_villages(args.villages, project.places, project.townships, crs=project.crs)
            except InputError as exc:
                found.extend(exc.problems)
        if found:
            raise InputError(found)
        inputs = _ForecastInputs(report_path=args.out / FORECAST_REPORT)
        if span is not None:
            read_inputs = _read_forecast_inputs(args, project, args.out / FORECAST_REPORT)
            if read_inputs is None:
                return EXIT_INPUT
            inputs = read_inputs
        options = ZoneOptions(level=args.level, block_m=args.blocks, time_limit=args.time_limit, gap=args.gap / 100.0)
        run = draw(
            project,
            standards,
            options=options,
            years=span,
            births=inputs.births,
            history=inputs.history,
            variant=args.variant or "medium",
            migration=not args.no_migration,
            villages=villages,
            previous=previous,
            progress=_progress_printer(args.quiet),
        )
        zones = run.zones
        written = write_zones(zones, args.out, language=args.lang, project=project, translate=_core_words(args.lang))
    report = inputs.write_report()
    _print_zones(project.name, zones)
    for warning in caught:
        print(f"warning: {warning.message}", file=sys.stderr)
    for note in zones.notes:
        print(f"note: {note}", file=sys.stderr)
    print()
    for path in [*written, *report.values()]:
        print(f"  {path}")
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def run_province(args: argparse.Namespace) -> int:
    """``schoolplan province``: every county on a Dask cluster, then the province's files; returns the exit code."""
    import functools
    import logging

    from gis.errors import InputError, Problem
    from gis.province import Cluster, ProvinceResult, county_tasks, find_projects, read_county
    from gis.province import run_province as run_counties
    from layers.province_map import check_figure
    from outputs.province import write_county, write_province

    started = time.perf_counter()
    steps = [s.strip() for s in args.do.split(",") if s.strip()]
    problems = _solver_option_problems(args, example_gap="1")
    if args.workers is not None and args.workers < 1:
        problems.append(Problem("workers must be 1 or more", field="--workers", value=str(args.workers)))
    if args.scheduler is not None and args.workers is not None:
        problems.append(
            Problem(
                "--workers is for the local cluster",
                field="--workers",
                value=str(args.workers),
                fix="start the workers of your scheduler with `dask worker`, or leave --scheduler out",
            )
        )
    if problems:
        raise InputError(problems)
    check_figure(ProvinceResult((), (), ()), args.map_figure)  # before any county runs
    ahead = parse_years(args.years) if args.years else None
    counties = [read_county(path) for path in find_projects(args.counties)]
    tasks = county_tasks(
        counties,
        args.out,
        steps=steps,
        years=sorted(set(args.year)),
        ahead=ahead,
        standards=args.standards,
        budget=args.budget,
        time_limit=args.time_limit,
        gap=args.gap / 100.0,
    )
    cluster = Cluster(scheduler=args.scheduler, workers=args.workers, memory_per_worker=args.memory_per_worker)
    show = _province_printer(args.quiet)
    where = args.scheduler or "this computer"
    print(f"{len(tasks)} counties ({', '.join(steps)}) on {where}", file=sys.stderr)
    logging.getLogger("distributed").setLevel(logging.CRITICAL)  # a worker's death is the county's report
    result = run_counties(
        tasks, write=functools.partial(write_county, language=args.lang), cluster=cluster, on_status=show
    )
    print(file=sys.stderr)
    written = write_province(result, args.out, language=args.lang, figure=args.map_figure)
    table = result.counties_table()
    print(f"\n{len(result.counties)} of {len(tasks)} counties done on {result.workers} workers")
    print(f"{'county':<12}{'year':>6}{'within rules (1-3)':>20}{'p95 trip':>10}{'not placed':>12}{'under 100':>10}")
    for (county, year), rows in table.groupby(["county", "year"], sort=False):
        value = {(r.level, r.metric): r.value for r in rows.itertuples(index=False)}

        def shown(key: tuple[str, str], fmt: str, value: dict = value) -> str:  # type: ignore[type-arg]
            return format(value[key], fmt) if key in value else "-"

        placed = sum(value.get((level, "children_not_placed"), 0.0) for level in ("primary", "junior"))
        small = sum(value.get((level, "schools_under_100"), 0.0) for level in ("primary", "junior"))
        print(
            f"{county:<12}{year:>6}{shown(('grades_1_3', 'share_within_threshold'), '.1%'):>20}"
            f"{shown(('primary', 'p95_travel_min'), '.0f'):>10}{placed:>12,.0f}{small:>10,.0f}"
        )
    for failure in result.failures:
        year = "" if failure.year is None else f" {failure.year}"
        print(f"failed: {failure.county}{year} ({failure.step}): {failure.message}", file=sys.stderr)
    if result.failures:
        print(f"missing from the province's tables: {', '.join(result.missing)}", file=sys.stderr)
    print()
    for kind, path in written.items():
        print(f"{kind:>10}: {path}")
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def _province_printer(quiet: bool):  # type: ignore[no-untyped-def]
    """Prints the counties done, failed and running on one line, as a bar, and the dashboard's address once."""
    seen = {"dashboard": "", "line": ""}

    def show(status) -> None:  # type: ignore[no-untyped-def]
        if quiet:
            return
        if status.dashboard and not seen["dashboard"]:
            seen["dashboard"] = status.dashboard
            print(f"Dask dashboard: {status.dashboard}", file=sys.stderr, flush=True)
        finished = status.done + status.failed
        filled = round(30 * finished / max(status.total, 1))
        line = (
            f"[{'#' * filled}{'.' * (30 - filled)}] {finished}/{status.total} counties: {status.done} done, "
            f"{status.failed} failed, {status.running} running on {status.workers} workers"
        )
        if line == seen["line"]:
            return
        seen["line"] = line
        end = "\r" if sys.stderr.isatty() else "\n"
        print(line, file=sys.stderr, end=end, flush=True)

    return show


def run_demo_province(args: argparse.Namespace) -> int:
    """``schoolplan demo-province``: generated counties to try ``province`` on; returns the exit code."""
    from demo.province import make_province
    from gis.errors import InputError, Problem

    started = time.perf_counter()
    try:
        made = make_province(args.out, counties=args.counties, seed=args.seed, progress=_progress_printer(args.quiet))
    except ValueError as exc:
        raise InputError(Problem(str(exc), field="--counties", value=str(args.counties))) from None
    for path, name in zip(made.files, made.names, strict=False):
        print(f"{name}: {path}")
    print(f"broken on purpose: {made.broken}")
    print(f"\nnext: schoolplan province {args.out} --out {args.out.with_name(args.out.name + '-out')}")
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def _core_words(language: str) -> Callable[[object], str]:
    """How the core's messages (notes) read in an output of ``language``: the English, or the core's
    Chinese translations (``app/i18n/core_zh_CN.qm``, without a running Qt application); a message
    the translations lack stays English."""
    if language != "zh":
        return str
    from PySide6.QtCore import QTranslator

    from app.core_text import CONTEXT
    from app.i18n import qm_path
    from gis.messages import Text

    translator = QTranslator()
    if not translator.load(str(qm_path("zh_CN", name="core"))):
        return str

    def words(message: object) -> str:
        if not isinstance(message, Text):
            return translator.translate(CONTEXT, str(message)) or str(message)
        template = translator.translate(CONTEXT, message.template) or message.template
        values = {k: words(v) if isinstance(v, Text) else v for k, v in message.values.items()}
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return str(message)

    return words


def _print_zones(name: str, zones: Zones) -> None:
    """The summary of ``schoolplan zones``: zones, villages, travel, bound and gap, the grade 1–3
    rule, changes."""
    import math

    from gis.zones.model import BEYOND_WEIGHT

    villages = zones.villages
    children = float(villages["children"].sum())
    mean = float((villages["children"] * villages["travel_min"]).sum() / children) if children > 0 else math.nan
    years = _year_span(list(zones.years))
    area = "village boundaries" if zones.source == "polygons" else "village areas built from the places"
    print(
        f"\n{name}: {zones.level} enrolment zones, children of {years}: {len(zones.zones)} zones, "
        f"{len(villages)} villages and blocks ({area})"
    )
    print(
        f"travel {zones.travel:,.0f} child-minutes (mean {mean:.1f} min); "
        + (
            f"objective {zones.objective:,.0f} (a grade 1-3 child left beyond 30 minutes whom a school could bring "
            f"within counts {BEYOND_WEIGHT:,.0f}), "
            if abs(zones.objective - zones.travel) > 1e-6 * max(1.0, zones.travel)
            else ""
        )
        + f"proven bound {zones.bound:,.0f}, gap {100 * zones.gap:.2f} % ({zones.status}, {zones.seconds:.0f} s, "
        f"{zones.rounds} rounds, {zones.cuts} cuts)"
    )
    if zones.level == "primary":
        print(
            f"grade 1-3 children beyond 30 minutes' walk: {zones.beyond_30:,.0f} ({zones.beyond_30_unavoidable:,.0f} "
            f"beyond every school; of the others any zones leave at least {zones.beyond_30_least:,.0f})"
        )
    if zones.changes is not None:
        least = "" if zones.changes_bound is None else f" (at least {zones.changes_bound})"
        print(f"villages changed from last year's zones: {zones.changes}{least}")


def _solver_option_problems(args: argparse.Namespace, *, example_gap: str) -> list[Problem]:
    """The problems of the solver's options a plan command shares: --gap, --time-limit, --pareto-steps."""
    from gis.errors import Problem

    problems = []
    if not 0 <= args.gap <= 100:
        problems.append(
            Problem(
                "the gap is a percentage from 0 to 100", field="--gap", value=str(args.gap), fix=f"e.g. {example_gap}"
            )
        )
    if args.time_limit <= 0:
        problems.append(
            Problem("the time limit must be above 0 seconds", field="--time-limit", value=str(args.time_limit))
        )
    if getattr(args, "pareto_steps", 0) < 0:
        problems.append(
            Problem("the Pareto steps must be 0 or more", field="--pareto-steps", value=str(args.pareto_steps))
        )
    return problems


def parse_years(text: str) -> list[int]:
    """The years of ``--years``: ``2026-2035``, one year (``2030``), or such parts separated by commas.

    Raises
    ------
    InputError
        If a part is not a year or a range of years, or a range runs backwards.
    """
    import re

    from gis.errors import InputError, Problem

    years: set[int] = set()
    for part in text.split(","):
        found = re.fullmatch(r"\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?", part)
        if found is None:
            raise InputError(
                Problem(
                    "expected the years as FIRST-LAST or one year",
                    field="--years",
                    value=text,
                    fix="write e.g. --years 2026-2035",
                )
            )
        first = int(found[1])
        last = int(found[2] or found[1])
        if last < first:
            raise InputError(
                Problem(
                    "the last year comes before the first", field="--years", value=text, fix=f"write {last}-{first}"
                )
            )
        years.update(range(first, last + 1))
    return sorted(years)


def _year_span(years: list[int]) -> str:
    return f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"


class _ForecastInputs:
    """The births and enrolment history a command read, and their report (None: no file given)."""

    def __init__(
        self,
        births: Births | None = None,
        history: EnrolmentHistory | None = None,
        report: ImportReport | None = None,
        report_path: Path | None = None,
        left_behind: LeftBehind | None = None,
    ) -> None:
        self.births = births
        self.history = history
        self.report = report
        self.report_path = report_path
        self.left_behind = left_behind

    def write_report(self) -> dict[str, Path]:
        """Write the report when files were read; the path written by kind (``report``)."""
        if self.report is None or self.report_path is None:
            return {}
        return {"report": self.report.write(self.report_path)}


def _history_files(items: list[str]) -> list[EnrolmentFile]:
    """``--history`` items: ``FILE`` or ``FILE:YEAR`` (a file of one year without a year column)."""
    from gis.importing.enrolment import EnrolmentFile

    files = []
    for text in items:
        head, sep, tail = text.rpartition(":")
        if sep and head and len(tail) == 4 and tail.isdigit():
            files.append(EnrolmentFile(head, year=int(tail)))
        else:
            files.append(EnrolmentFile(text))
    return files


def _read_forecast_inputs(args: argparse.Namespace, project: Project, report_path: Path) -> _ForecastInputs | None:
    """Read ``--births``, ``--history`` and (``plan``) ``--left-behind`` into one report and print its lines.

    With an error, the report is written to ``report_path`` and None returned (the command then
    exits with code 2 and writes nothing else); otherwise the report is written with the outputs.
    """
    from gis.importing.births import read_births
    from gis.importing.enrolment import read_enrolment
    from gis.importing.left_behind import read_left_behind
    from gis.importing.report import ImportReport

    left_path = getattr(args, "left_behind", None)
    if args.births is None and not args.history and left_path is None:
        return _ForecastInputs(report_path=report_path)
    report = ImportReport()
    births = read_births(args.births, project, report=report) if args.births is not None else None
    history = read_enrolment(_history_files(args.history), project, report=report) if args.history else None
    left = read_left_behind(left_path, project, report=report) if left_path is not None else None
    for finding in report.findings:
        if finding.severity != "note":
            print(finding, file=sys.stderr)
        elif not args.quiet:
            print(finding)
    if report.errors:
        written = report.write(report_path)
        print(f"report: {written} ({len(report.errors)} errors, {len(report.warnings)} warnings)", file=sys.stderr)
        print("nothing else written: fix the errors above and run again", file=sys.stderr)
        return None
    return _ForecastInputs(births, history, report, report_path, left)


def _check_year_options(args: argparse.Namespace) -> None:
    """Refuse the forecast's options without ``--year`` (they would change nothing)."""
    from gis.errors import InputError, Problem

    if args.year is not None:
        return
    given = [
        name
        for name, value in (
            ("--births", args.births is not None),
            ("--history", bool(args.history)),
            ("--variant", args.variant is not None),
            ("--no-migration", args.no_migration),
        )
        if value
    ]
    if given:
        raise InputError(
            Problem(
                "used only with --year",
                field=", ".join(given),
                fix="add --year YEAR to work on that year's children, or leave them out",
            )
        )


def _at_year(
    args: argparse.Namespace, project: Project, standards: Standards, report_path: Path, progress: ProgressFn
) -> tuple[YearRun | None, _ForecastInputs] | None:
    """The project in ``--year`` (:func:`gis.usecases.run_year`; None without ``--year``) and the
    inputs read.

    None when the births or the history have errors (their report is written).

    Raises
    ------
    InputError
        If the year is before the base year or beyond the forecast's reach, or the forecast's
        options are given without ``--year``.
    """
    from gis.forecast import check_target_year
    from gis.usecases import run_year

    _check_year_options(args)
    if args.year is None:
        return None, _ForecastInputs(report_path=report_path)
    inputs = _read_forecast_inputs(args, project, report_path)
    if inputs is None:
        return None
    check_target_year(project, args.year, history=inputs.history)
    run = run_year(
        project,
        standards,
        year=args.year,
        births=inputs.births,
        history=inputs.history,
        variant=args.variant or "medium",
        migration=not args.no_migration,
        progress=progress,
    )
    return run, inputs


def _print_summary(name: str, indicators: list[Indicator], *, label: str = "baseline") -> None:
    county = {(i.level, i.metric): i.value for i in indicators if i.scope == "county"}
    print(f"\n{name}: {label}")
    header = (
        f"{'level':<12}{'children':>10}{'within':>9}{'mean min':>10}{'median':>8}{'p95':>8}"
        f"{'unreach.':>10}{'overflow':>10}"
    )
    print(header)
    print("-" * len(header))
    for level in ("grades_1_3", "primary", "junior"):
        if (level, "children") not in county:
            continue
        overflow = county.get((level, "children_overflow"), float("nan"))
        print(
            f"{level:<12}{county[(level, 'children')]:>10.0f}{county[(level, 'share_within_threshold')]:>9.1%}"
            f"{county[(level, 'mean_travel_min')]:>10.1f}{county[(level, 'median_travel_min')]:>8.1f}"
            f"{county[(level, 'p95_travel_min')]:>8.1f}{county[(level, 'children_unreachable')]:>10.0f}"
            f"{'' if overflow != overflow else f'{overflow:.0f}':>10}"
        )


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``schoolplan`` command."""
    from app.crash import failure_message
    from gis.errors import Cancelled, InputError, SchoolPlanError

    args = _parser().parse_args(argv)
    try:
        if args.command == "analyze":
            return run_analysis(
                args.project,
                args.out,
                standards_path=args.standards,
                quick_map=not args.no_map,
                quiet=args.quiet,
                year_options=args,
                cell_polygons=args.cell_polygons,
                language=args.lang,
            )
        if args.command == "import":
            return run_import(args)
        if args.command == "suggest":
            return run_suggest(args)
        if args.command == "styles":
            from gis.project import edit_project

            edit_project(args.project, lambda project: project, styles=project_styles)
            print(f"styles stored in {args.project}")
            return 0
        if args.command == "scenario":
            return run_scenario(args)
        if args.command == "compare":
            return run_compare(args)
        if args.command == "balance":
            return run_balance(args)
        if args.command == "export":
            return run_export(args)
        if args.command == "forecast":
            return run_forecast(args)
        if args.command == "plan":
            return run_plan(args)
        if args.command == "standards-plan":
            return run_standards_plan(args)
        if args.command == "zones":
            return run_zones(args)
        if args.command == "province":
            return run_province(args)
        if args.command == "demo-province":
            return run_demo_province(args)
        if args.command == "gui":
            from app.gui import main as gui_main

            return gui_main([str(args.project)] if args.project else [])
        if args.command == "demo":
            if args.gui:
                from app.gui import has_display, missing_libraries_message, missing_system_libraries

                missing = missing_system_libraries() if has_display() else []
                if has_display() and not missing:
                    from app.gui import main as gui_main

                    return gui_main([str(DEMO_PROJECT)])
                if missing:
                    print(f"{missing_libraries_message(missing)}. Running the headless demo instead.")
                else:
                    print("No display found (DISPLAY / WAYLAND_DISPLAY unset): running the headless demo instead.")
            print(f"SchoolPlan demo: {DEMO_PROJECT.name} (Bancang County, 半仓县)")
            return run_analysis(
                DEMO_PROJECT, args.out, standards_path=None, quick_map=True, quiet=args.quiet, examples=True
            )
    except InputError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INPUT
    except Cancelled:
        print("cancelled", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except SchoolPlanError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        # A folder that cannot be written, a full disk, a file that vanished, or a bug of ours:
        # one line, never a traceback (a bug's goes to a log file for a report).
        message, log = failure_message(exc)
        if log is not None:
            message += f"; details in {log}: please send that file with a report"
        print(f"error: {message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
