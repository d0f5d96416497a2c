"""GeoPackage housekeeping below the layers: what a save must carry over from the old file.

A project file is a GeoPackage, an SQLite database with the tables the OGC standard
defines. A planner may keep more in it than SchoolPlan writes: layers of their own
(vector or raster), QGIS styles in ``layer_styles``, a QGIS project in ``qgis_projects``,
metadata. :func:`copy_foreign_tables` copies every table of the old file that the new one
does not have, with its rows, indexes and triggers, and the rows of the GeoPackage's own
tables (``gpkg_contents``, ``gpkg_geometry_columns``, ``gpkg_extensions``, tile matrices, …)
that describe them, so that a save never loses what SchoolPlan does not know.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

# Columns of the GeoPackage's own tables (and QGIS's) that name the table a row belongs to.
TABLE_COLUMNS = ("table_name", "tile_matrix_set_name", "tpudt_name", "f_table_name")
# SQLite's and the R-tree module's own tables, which are made with the table they belong to.
_INTERNAL_PREFIX = "sqlite_"
# QGIS keeps the styles of a GeoPackage's layers in this table.
STYLES_TABLE = "layer_styles"
_RTREE_SHADOWS = ("_node", "_parent", "_rowid")


@dataclass(frozen=True)
class FileStamp:
    """What identifies one version of a file on disk: a save replaces the inode."""

    inode: int
    size: int
    mtime_ns: int


def file_stamp(path: str | os.PathLike[str]) -> FileStamp | None:
    """The stamp of a file, or None when it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return FileStamp(st.st_ino, st.st_size, st.st_mtime_ns)


def copy_foreign_tables(src: Path, dst: Path, own: Collection[str]) -> list[str]:
    """Copy into ``dst`` every table of ``src`` that is neither in ``dst`` nor one of ``own``.

    Parameters
    ----------
    src
        The GeoPackage as it was (opened read-only).
    dst
        The new GeoPackage, already holding SchoolPlan's own layers.
    own
        The tables SchoolPlan writes itself: their old rows in the GeoPackage's metadata
        tables are not copied, since ``dst`` has new ones.

    Returns
    -------
    The names of the tables copied, in the order of ``src``.
    """
    con = sqlite3.connect(dst)
    try:
        con.execute("ATTACH DATABASE ? AS old", (f"file:{src}?mode=ro",))
        return _copy(con, set(own))
    finally:
        con.close()


def _copy(con: sqlite3.Connection, own: set[str]) -> list[str]:
    old = con.execute("SELECT type, name, tbl_name, sql FROM old.sqlite_master ORDER BY rowid").fetchall()
    have = {name for (name,) in con.execute("SELECT name FROM main.sqlite_master")}
    virtual = {
        name for kind, name, _, sql in old if kind == "table" and sql and sql.upper().startswith("CREATE VIRTUAL")
    }
    shadows = {f"{v}{suffix}" for v in virtual for suffix in _RTREE_SHADOWS}
    copied: list[str] = []
    shared: list[str] = []
    with con:
        for kind, name, _, sql in old:
            if kind != "table" or name.startswith(_INTERNAL_PREFIX) or name in shadows:
                continue
            if name in own or _rtree_base(name, own) or not sql:
                continue
            if name in have:
                shared.append(name)
                continue
            con.execute(sql)
            con.execute(f"INSERT INTO main.{_q(name)} SELECT * FROM old.{_q(name)}")
            copied.append(name)
        foreign = set(copied)
        for name in shared:
            _merge_rows(con, name, own)
        for kind, name, table, sql in old:
            if not sql or name in have:
                continue
            if (kind in ("index", "trigger") and table in foreign) or kind == "view":
                con.execute(sql)
    return copied


def _merge_rows(con: sqlite3.Connection, table: str, own: set[str]) -> None:
    """Rows of a table both files have (metadata, styles) that describe tables not SchoolPlan's."""
    new_cols = [row[1] for row in con.execute(f"PRAGMA main.table_info({_q(table)})")]
    old_info = con.execute(f"PRAGMA old.table_info({_q(table)})").fetchall()
    old_cols = [row[1] for row in old_info]
    cols = [c for c in old_cols if c in new_cols]
    if not cols:
        return
    key = next((c for c in TABLE_COLUMNS if c in cols), None)
    params: tuple[str, ...] = ()
    if table == STYLES_TABLE and "styleName" in cols:
        # A planner's own styles of SchoolPlan's layers are kept; only a style of the same
        # layer and name as one just written is replaced.
        where = (
            f"WHERE NOT EXISTS (SELECT 1 FROM main.{_q(table)} AS n WHERE n.f_table_name = "
            f"old.{_q(table)}.f_table_name AND n.styleName = old.{_q(table)}.styleName)"
        )
    elif key and own:
        where = f"WHERE {_q(key)} IS NULL OR {_q(key)} NOT IN ({','.join('?' * len(own))})"
        params = tuple(own)
    else:
        where = ""
    # An integer primary key ("id") is renumbered by SQLite, so that it cannot clash with a new row.
    pk = [row[1] for row in old_info if row[5] == 1]
    if len(pk) == 1 and pk[0] == "id" and key is not None:
        cols = [c for c in cols if c != "id"]
    listed = ", ".join(_q(c) for c in cols)
    sql = (
        f"INSERT OR IGNORE INTO main.{_q(table)} ({listed}) "
        f"SELECT {listed} FROM old.{_q(table)} {where} "
        f"EXCEPT SELECT {listed} FROM main.{_q(table)}"
    )
    con.execute(sql, params)


def _rtree_base(name: str, own: set[str]) -> bool:
    """Whether a table is the spatial index (``rtree_<table>_<geometry>``) of one of ``own``."""
    return name.startswith("rtree_") and any(name.startswith(f"rtree_{t}_") for t in own)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
