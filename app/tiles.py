"""Local base maps: a folder of XYZ tiles or an MBTiles file, never the network.

A tile folder is read by the page directly through ``file://`` URLs. An MBTiles file (a
SQLite database of tiles) is served to the page through the custom ``mbtiles:`` URL scheme
by :class:`MBTilesHandler`; the scheme is registered by :func:`register_schemes`, which must
run before the QApplication is made (:func:`app.gui.prepare_qt_environment` does).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

MBTILES_SCHEME = b"mbtiles"
_TILE_PATH = re.compile(r"^/?(\d+)/(\d+)/(\d+)(?:\.\w+)?$")


def register_schemes() -> None:
    """Register the ``mbtiles:`` scheme with Qt WebEngine (before the QApplication; idempotent)."""
    if QWebEngineUrlScheme.schemeByName(QByteArray(MBTILES_SCHEME)).name() == QByteArray(MBTILES_SCHEME):
        return
    scheme = QWebEngineUrlScheme(QByteArray(MBTILES_SCHEME))
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
    # Local: only local pages (our file:// map) may load it; it never leaves the machine.
    scheme.setFlags(QWebEngineUrlScheme.Flag.LocalScheme | QWebEngineUrlScheme.Flag.LocalAccessAllowed)
    QWebEngineUrlScheme.registerScheme(scheme)


def tile_folder_template(folder: Path) -> str:
    """The Leaflet URL template of a local ``{z}/{x}/{y}.png`` tile folder."""
    return QUrl.fromLocalFile(str(Path(folder).resolve())).toString() + "/{z}/{x}/{y}.png"


def mbtiles_template(path: Path) -> str:
    """The Leaflet URL template of an MBTiles file served by :class:`MBTilesHandler`.

    The file's modification time is part of the URL so that a changed file is not taken
    from the browser's cache.
    """
    stamp = int(Path(path).stat().st_mtime_ns)
    return f"{MBTILES_SCHEME.decode()}:{{z}}/{{x}}/{{y}}?v={stamp}"


def mbtiles_max_zoom(path: Path) -> int:
    """The deepest zoom level stored in an MBTiles file (18 if it cannot be told)."""
    try:
        with sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True) as db:
            row = db.execute("SELECT MAX(zoom_level) FROM tiles").fetchone()
    except sqlite3.Error:
        return 18
    return int(row[0]) if row and row[0] is not None else 18


class MBTilesHandler(QWebEngineUrlSchemeHandler):
    """Answers ``mbtiles:{z}/{x}/{y}`` requests with tiles read from one MBTiles file.

    MBTiles rows count from the south (TMS); the XYZ row Leaflet asks for is flipped. A tile
    that is missing gets a 404, a malformed URL a "request failed".
    """

    served = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._lock = threading.Lock()
        self.answered = 0

    @property
    def path(self) -> Path | None:
        """The MBTiles file served, or None."""
        return self._path

    def set_file(self, path: Path | None) -> None:
        """Serve tiles from another file (or none)."""
        with self._lock:
            self._path = None if path is None else Path(path)

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The stored image of an XYZ tile, or None."""
        with self._lock:
            path = self._path
        if path is None:
            return None
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                (z, x, (1 << z) - 1 - y),
            ).fetchone()
        return None if row is None else bytes(row[0])

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        match = _TILE_PATH.match(url.path())
        if match is None:
            job.fail(QWebEngineUrlRequestJob.Error.RequestFailed)
            return
        z, x, y = (int(v) for v in match.groups())
        try:
            data = self.tile(z, x, y)
        except sqlite3.Error:
            job.fail(QWebEngineUrlRequestJob.Error.RequestFailed)
            return
        if data is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        buffer = QBuffer(job)  # lives as long as the request
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        kind = b"image/jpeg" if data[:3] == b"\xff\xd8\xff" else b"image/png"
        job.reply(QByteArray(kind), buffer)
        self.answered += 1
        self.served.emit(f"{z}/{x}/{y}")


def mbtiles_handler(profile: QWebEngineProfile) -> MBTilesHandler:
    """The MBTiles handler of a web profile, installed on first use (one per profile)."""
    existing = profile.urlSchemeHandler(QByteArray(MBTILES_SCHEME))
    if isinstance(existing, MBTilesHandler):
        return existing
    handler = MBTilesHandler(profile)
    profile.installUrlSchemeHandler(QByteArray(MBTILES_SCHEME), handler)
    return handler
