"""QGIS layer styles stored in a GeoPackage, and the GeoPackage version SchoolPlan writes.

QGIS keeps the styles of a GeoPackage's layers in a table ``layer_styles`` inside the file,
one row per style, and applies a layer's row with ``useAsDefault`` set when the layer is
added. :func:`write_layer_styles` writes such rows with nothing but :mod:`sqlite3`, exactly as
QGIS 3.22 itself does: the same table (created when missing) registered in ``gpkg_contents``
as an attribute table, ``f_table_schema`` an empty string (QGIS looks styles up with
``f_table_schema = ''``, so a NULL is never found), ``f_geometry_column`` the layer's own
geometry column. QGIS registers no ``gpkg_extensions`` row for the table, so neither do we.
Rows of other styles (a planner's own, saved from QGIS) are kept.

:data:`GPKG_VERSION` is the GeoPackage version every SchoolPlan GeoPackage is written at
(pass :data:`GPKG_DATASET_OPTIONS` to the first ``pyogrio.write_dataframe`` of a new file;
later layers appended to it keep the version). GDAL 3.11 and later write GeoPackage 1.4 by
default, and GDAL up to 3.10 warns on every opening of such a file ("This version of
GeoPackage user_version=… (10400, v1.4.0) … may only be partially supported"): the GDAL 3.6
of Debian bookworm's QGIS 3.22 LTR does, and so does the GDAL 3.8–3.10 of QGIS 3.34/3.40
LTR builds. Version 1.2 is what GDAL 2.3 to 3.10 write themselves (their ``VERSION=AUTO``)
and open silently, and SchoolPlan needs nothing of 1.3 or 1.4 (1.3 is unknown to GDAL
before 3.3).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping
from contextlib import closing

GPKG_VERSION = "1.2"
GPKG_DATASET_OPTIONS: Mapping[str, str] = {"VERSION": GPKG_VERSION}
STYLE_NAME = "SchoolPlan"

LAYER_STYLES_COLUMNS = (
    "id", "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName", "styleQML",
    "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time",
)  # fmt: skip
# The table as QGIS 3.22 creates it (through GDAL).
LAYER_STYLES_DDL = (
    'CREATE TABLE "layer_styles" ( "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
    '"f_table_catalog" TEXT(256), "f_table_schema" TEXT(256), "f_table_name" TEXT(256), '
    '"f_geometry_column" TEXT(256), "styleName" TEXT(30), "styleQML" TEXT, "styleSLD" TEXT, '
    '"useAsDefault" BOOLEAN, "description" TEXT, "owner" TEXT(30), "ui" TEXT(30), '
    "\"update_time\" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
)
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def write_layer_styles(
    path: str | os.PathLike[str],
    styles: Mapping[str, str],
    *,
    style_name: str = STYLE_NAME,
    keep_other_defaults: bool = True,
) -> None:
    """Store QML styles in a GeoPackage's ``layer_styles`` table, one row per layer.

    Parameters
    ----------
    path
        An existing GeoPackage holding every layer named in ``styles``.
    styles
        The QML document of each layer, by layer (table) name.
    style_name
        The ``styleName`` of the rows; an earlier row of the same name and layer is replaced.
    keep_other_defaults
        When a layer already has a default style of another name (one a planner saved from
        QGIS), keep it as the default and store this one beside it, not as the default. With
        False this style becomes the default of its layer in every case.

    Raises
    ------
    ValueError
        When a layer of ``styles`` is not a feature table of the GeoPackage (QGIS could never
        match the style to a layer).
    """
    with closing(sqlite3.connect(os.fspath(path))) as db, db:
        columns = dict(db.execute("SELECT table_name, column_name FROM gpkg_geometry_columns").fetchall())
        missing = [layer for layer in styles if layer not in columns]
        if missing:
            raise ValueError(f"{os.fspath(path)}: no feature table {', '.join(map(repr, missing))} to style")
        exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'layer_styles'").fetchone()
        if not exists:
            db.execute(LAYER_STYLES_DDL)
        registered = db.execute("SELECT 1 FROM gpkg_contents WHERE table_name = 'layer_styles'").fetchone()
        if registered:
            db.execute(f"UPDATE gpkg_contents SET last_change = {_NOW} WHERE table_name = 'layer_styles'")
        else:
            db.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
                f"VALUES ('layer_styles', 'attributes', 'layer_styles', '', {_NOW})"
            )
        for layer, qml in styles.items():
            db.execute("DELETE FROM layer_styles WHERE f_table_name = ? AND styleName = ?", (layer, style_name))
            other_default = db.execute(
                "SELECT 1 FROM layer_styles WHERE f_table_name = ? AND useAsDefault", (layer,)
            ).fetchone()
            default = not (keep_other_defaults and other_default)
            if default:
                db.execute("UPDATE layer_styles SET useAsDefault = 0 WHERE f_table_name = ?", (layer,))
            db.execute(
                "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) "
                f"VALUES ('', '', ?, ?, ?, ?, '', ?, ?, '', NULL, {_NOW})",
                (layer, columns[layer], style_name, qml, int(default), f"{style_name} style of {layer}"),
            )


def read_layer_styles(path: str | os.PathLike[str]) -> dict[str, str]:
    """The default QML style of each layer of a GeoPackage, as QGIS would pick it.

    The most recent row with ``useAsDefault`` set, per layer; no table, no styles.
    """
    with closing(sqlite3.connect(os.fspath(path))) as db:
        exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'layer_styles'").fetchone()
        if not exists:
            return {}
        rows = db.execute(
            "SELECT f_table_name, styleQML FROM layer_styles WHERE useAsDefault AND f_table_schema = '' "
            "ORDER BY update_time, id"
        ).fetchall()
    return {str(layer): str(qml) for layer, qml in rows}
