"""The files of ``schoolplan zones``: a level's enrolment zones (划片) as a table, a workbook, a
styled GeoPackage and a printed map.

Everything is made in memory before the first file is written; every file is written atomically
(:func:`gis.fileio.write_atomic`); the CSV goes through :func:`gis.fileio.write_csv` (UTF-8 with a
byte-order mark, so that Excel reads the Chinese; no text a spreadsheet would run).

=================  ================================================================================
file               what
=================  ================================================================================
zones.csv          one row per village (or town block): school_id, school_name, village_code,
                   village_name, township, children, travel_min (:data:`gis.zones.TABLE_COLUMNS`),
                   and ``changed`` with last year's zones
zones_table.xlsx   the table as a county publishes it: a title row, then one block per school (its
                   name and code, its seats and children, a teaching point's school for the older
                   grades), its villages (乡镇, 村（社区）/片区, 村代码, 学龄儿童数, 平均路程); a second
                   sheet with the solve's figures and notes
zones.gpkg         layers ``zones`` (one polygon per zone: school_id, school_name, seats, children,
                   villages, travel_min) and ``villages`` (the units with their school), with their
                   QGIS styles in ``layer_styles`` (zones by school, labelled with its name)
zones_map.pdf/png  the printed zone map (:func:`layers.zones_map.zones_map`; with the project)
=================  ================================================================================
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from gis.fileio import write_atomic, write_csv
from layers.glossary import check_language, term

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.figure import Figure
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from gis.project import Project
    from gis.zones import Zones

#: The files of the zones, by kind.
ZONES_FILES: dict[str, str] = {
    "table": "zones.csv",
    "xlsx": "zones_table.xlsx",
    "gpkg": "zones.gpkg",
    "pdf": "zones_map.pdf",
    "png": "zones_map.png",
}
#: The columns of the ``zones`` layer of ``zones.gpkg``.
ZONE_LAYER_COLUMNS = (
    "school_id", "school_name", "type", "seats", "children", "peak_children", "over_seats", "villages", "travel_min",
    "continues_to",
)  # fmt: skip
#: The columns of the ``villages`` layer.
VILLAGE_LAYER_COLUMNS = (
    "village_code", "village_name", "township", "township_name", "kind", "school_id", "school_name", "children",
    "grades_1_3", "travel_min", "beyond_30", "changed",
)  # fmt: skip
#: How opaque the zones are drawn in QGIS.
ZONE_OPACITY = 0.6
_BLOCK_NAME = re.compile(r"^(?P<place>.*) block (?P<n>\d+)$")
_HEADING_FILL = "FFF2CC"
_TITLE_ROWS = 2


def write_zones(
    zones: Zones,
    out_dir: str | os.PathLike[str],
    *,
    language: Literal["zh", "en"] = "zh",
    project: Project | None = None,
    translate: Callable[[object], str] = str,
    dpi: int = 200,
) -> list[Path]:
    """Write every file of a level's zones into a folder (see the module's table).

    Parameters
    ----------
    zones
        The zones (:func:`gis.usecases.run_zones`).
    out_dir
        The folder; made if missing.
    language
        ``zh`` or ``en``: the words of the workbook, the styles and the map (``zones.csv`` is the
        same in both).
    project
        The project the zones were drawn on: its county name for the titles, its base map for the
        printed map (no map without it).
    translate
        How a note of the zones (a :class:`gis.messages.Text`) is worded in the workbook and on the
        map (the window passes its translation of the core's messages; default the English).
    dpi
        Resolution of the PNG map.

    Returns
    -------
    The paths written, in the order of :data:`ZONES_FILES`.

    Raises
    ------
    ValueError
        For another language.
    """
    check_language(language)
    table = zones.table()
    book = zones_workbook(zones, language=language, project=project, translate=translate)
    frames = zones_layers(zones)
    styles = zones_styles(zones, language=language)
    figure: Figure | None = None
    if project is not None:
        from layers.printmap import MapSheet
        from layers.zones_map import zones_map

        figure = zones_map(project, zones, MapSheet(language=language, dpi=dpi))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = [write_csv(table, out / ZONES_FILES["table"])]
    written.append(write_atomic(out / ZONES_FILES["xlsx"], lambda tmp: book.save(tmp)))
    written.append(write_atomic(out / ZONES_FILES["gpkg"], lambda tmp: _write_gpkg(tmp, frames, styles)))
    if figure is not None:
        from layers.printmap import save_figure

        written.append(save_figure(figure, out / ZONES_FILES["pdf"]))
        written.append(save_figure(figure, out / ZONES_FILES["png"]))
    return written


# --------------------------------------------------------------------------- the GeoPackage


def zones_layers(zones: Zones) -> dict[str, gpd.GeoDataFrame]:
    """The layers of ``zones.gpkg``: ``zones`` (one polygon per zone) and ``villages``."""
    zone_frame = zones.zones[[*ZONE_LAYER_COLUMNS, "geometry"]].reset_index(drop=True).copy()
    zone_frame["school_id"] = zone_frame["school_id"].astype(str)
    zone_frame["villages"] = zone_frame["villages"].astype(np.int64)
    villages = zones.villages[[*VILLAGE_LAYER_COLUMNS, "geometry"]].reset_index(drop=True).copy()
    if zones.changes is None:
        villages = villages.drop(columns="changed")
    else:
        villages["changed"] = villages["changed"].astype(bool)
    return {"zones": zone_frame, "villages": villages}


def zones_styles(zones: Zones, *, language: str = "zh") -> dict[str, str]:
    """The QGIS styles of the layers: the zones categorized by school (the printed map's colours,
    labelled with the school's name), the villages as thin grey outlines."""
    from layers.qgis_styles import Category, categorized_qml, single_qml
    from layers.zones_layer import zone_colours

    check_language(language)
    frame = zones.zones.reset_index(drop=True)
    colours = zone_colours(frame)
    cats = [
        Category(str(sid), str(name), colours[str(sid)])
        for sid, name in zip(frame["school_id"], frame["school_name"], strict=True)
    ]
    return {
        "zones": categorized_qml(
            "school_id", cats, "fill", outline="#333333", opacity=ZONE_OPACITY, label_field="school_name"
        ),
        "villages": single_qml("fill", "#ffffff", outline="#777777", outline_width=0.3, hollow=True),
    }


def _write_gpkg(path: Path, frames: dict[str, gpd.GeoDataFrame], styles: dict[str, str]) -> None:
    import pyogrio

    from gis.gpkg_styles import GPKG_DATASET_OPTIONS, write_layer_styles
    from gis.project import has_arrow

    for name, frame in frames.items():
        pyogrio.write_dataframe(
            frame,
            path,
            layer=name,
            driver="GPKG",
            use_arrow=has_arrow(),
            dataset_options=dict(GPKG_DATASET_OPTIONS),
            promote_to_multi=False,
        )
    write_layer_styles(path, styles)


# --------------------------------------------------------------------------- the workbook


def village_label(name: str, kind: str, language: str) -> str:
    """A unit's name in the output's language: a town block as ``半仓县城第3片``."""
    found = _BLOCK_NAME.match(name) if kind == "block" else None
    if found is None:
        return name
    return term("zones.block", language).format(place=found["place"], n=int(found["n"]))


def zones_title(zones: Zones, *, language: str, project: Project | None) -> str:
    """The title of the published table: the county, the year and the level."""
    county = ""
    if project is not None:
        county = str(project.settings.get("county") or project.name)
    level = term(f"level.{zones.level}", language)
    return term("zones.title", language).format(county=county, year=zones.years[0], level=level).lstrip(": ")


def zones_workbook(
    zones: Zones,
    *,
    language: Literal["zh", "en"] = "zh",
    project: Project | None = None,
    translate: Callable[[object], str] = str,
) -> Workbook:
    """The workbook in memory: the published table and the figures sheet."""
    from openpyxl import Workbook

    check_language(language)
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = term("zones.sheet_table", language)
    book.properties.title = zones_title(zones, language=language, project=project)
    book.properties.creator = "SchoolPlan"
    _table_sheet(ws, zones, language, project)
    _figures_sheet(book.create_sheet(term("zones.sheet_figures", language)), zones, language, translate)
    return book


def _table_sheet(ws: Worksheet, zones: Zones, language: str, project: Project | None) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from outputs.xlsx import COUNT, HEADER_FILL, MAX_WIDTH, MINUTES, TEXT, _display_width, _print_setup, _put

    changed = zones.changes is not None
    keys = ["zones.township", "zones.village", "zones.village_code", "zones.children", "zones.travel"]
    if changed:
        keys.append("zones.changed_column")
    header = [term(k, language) for k in keys]
    width = len(header)
    last = get_column_letter(width)
    title = _put(ws, 1, 1, zones_title(zones, language=language, project=project))
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 24
    bold = Font(bold=True)
    head_fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    school_fill = PatternFill("solid", start_color=_HEADING_FILL, end_color=_HEADING_FILL)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [_display_width(h) for h in header]
    for j, text in enumerate(header, start=1):
        cell = _put(ws, _TITLE_ROWS, j, text)
        cell.font = bold
        cell.fill = head_fill
        cell.alignment = centre
    names = dict(zip(zones.zones["school_id"].astype(str), zones.zones["school_name"].astype(str), strict=True))
    table = zones.villages.drop(columns="geometry")
    table = table.assign(school_id=table["school_id"].astype(str))
    row = _TITLE_ROWS + 1
    for zone in zones.zones.sort_values("school_id", kind="stable").itertuples(index=False):
        sid = str(zone.school_id)
        heading = term("zones.school_heading", language).format(name=zone.school_name, code=sid)
        heading += "    " + term("zones.seats_heading", language).format(
            seats=f"{zone.seats:,.0f}", children=f"{zone.children:,.0f}"
        )
        continues = str(zone.continues_to or "")
        if continues:
            heading += "    " + term("zones.continues", language).format(school=names.get(continues, continues))
        cell = _put(ws, row, 1, heading)
        cell.font = bold
        cell.fill = school_fill
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
        part = table[table["school_id"] == sid].sort_values(["township", "village_code"], kind="stable")
        for v in part.itertuples(index=False):
            values: list[object] = [
                str(v.township_name or v.township),
                village_label(str(v.village_name), str(v.kind), language),
                str(v.village_code),
                float(v.children),
                float(v.travel_min),
            ]
            formats: list[str | None] = [None, None, TEXT, COUNT, MINUTES]
            if changed:
                values.append(term("zones.changed_yes", language) if bool(v.changed) else "")
                formats.append(None)
            for j, (value, fmt) in enumerate(zip(values, formats, strict=True), start=1):
                cell = _put(ws, row, j, value)
                if fmt is not None:
                    cell.number_format = fmt
                shown = f"{value:,.1f}" if isinstance(value, float) else str(value)
                widths[j - 1] = max(widths[j - 1], _display_width(shown))
            row += 1
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(w + 2, MAX_WIDTH)
    ws.freeze_panes = f"A{_TITLE_ROWS + 1}"
    _print_setup(ws)
    ws.print_title_rows = f"1:{_TITLE_ROWS}"


def _figures_sheet(ws: Worksheet, zones: Zones, language: str, translate: Callable[[object], str]) -> None:
    from openpyxl.styles import Alignment

    from layers.zones_map import zones_figures
    from outputs.xlsx import _table

    rows: list[list[object]] = [list(r) for r in zones_figures(zones, language)]
    rows += [[term("zones.notes", language) if k == 0 else "", translate(n)] for k, n in enumerate(zones.notes)]
    _table(ws, [term("zones.item", language), term("zones.value", language)], rows, freeze="A2")
    ws.auto_filter.ref = None
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        for cell in row:
            cell.alignment = Alignment(horizontal="right" if len(str(cell.value)) < 24 else "left", wrap_text=True)
    ws.column_dimensions["B"].width = 60
