"""The project's coordinate frame: choosing its CRS, its 100 m grid, and bringing layers into it.

A project holds every layer in one metric CRS: in China the CGCS2000 3-degree Gauss-Krüger
zone whose central meridian is nearest the county (EPSG:4534 … 4554), elsewhere the WGS84 UTM
zone. The population grid is a raster of square cells aligned to whole multiples of the cell
size, described by the settings keys ``x0``, ``y0`` (north-west corner of cell row 0, col 0),
``grid_rows``, ``grid_cols`` and ``cell_size`` (see :mod:`demo` and ``grid_origin``).
"""

from __future__ import annotations

import math
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.messages import text

if TYPE_CHECKING:
    import geopandas as gpd
    from affine import Affine

    from gis.importing.report import ImportReport

GRID_ORIGIN = (
    "x0, y0: north-west corner of cell (row 0, col 0); centre of a cell: "
    "x = x0 + (col + 0.5) * cell_size, y = y0 - (row + 0.5) * cell_size; cell_id = row * grid_cols + col"
)
_CHINA_LON = (73.0, 135.0)
_CHINA_LAT = (18.0, 54.0)
_GK_FIRST_EPSG = 4534  # CGCS2000 / 3-degree Gauss-Kruger CM 75E; +1 per 3 degrees up to 4554 (CM 135E)
_GK_FIRST_CM = 75
_GK_LAST_CM = 135


def choose_project_crs(lon: float, lat: float) -> str:
    """The metric CRS of a project centred at a longitude and latitude (degrees, WGS84).

    In China (longitude 73–135°E, latitude 18–54°N) the CGCS2000 3-degree Gauss-Krüger zone
    whose central meridian (a multiple of 3°, 75°E to 135°E) is nearest; elsewhere the WGS84
    UTM zone (EPSG:326xx north of the equator, 327xx south).

    Returns
    -------
    An ``EPSG:nnnn`` string.
    """
    if _CHINA_LON[0] <= lon <= _CHINA_LON[1] and _CHINA_LAT[0] <= lat <= _CHINA_LAT[1]:
        cm = min(max(3 * round(lon / 3), _GK_FIRST_CM), _GK_LAST_CM)
        return f"EPSG:{_GK_FIRST_EPSG + (cm - _GK_FIRST_CM) // 3}"
    zone = min(max(math.floor((lon + 180.0) / 6.0) + 1, 1), 60)
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"


@dataclass(frozen=True)
class Grid:
    """The population grid: ``rows`` × ``cols`` square cells; row 0 is the northern edge.

    ``x0``/``y0`` is the north-west corner of cell (0, 0); cell ids run row by row,
    ``cell_id = row * cols + col``.
    """

    crs: str
    x0: float
    y0: float
    cell_size: float
    rows: int
    cols: int

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, cols), the shape of arrays on the grid."""
        return self.rows, self.cols

    @property
    def transform(self) -> Affine:
        """The affine transform from (col, row) to (x, y), as rasterio uses it."""
        from affine import Affine

        return Affine(self.cell_size, 0.0, self.x0, 0.0, -self.cell_size, self.y0)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) of the whole grid."""
        return (
            self.x0,
            self.y0 - self.rows * self.cell_size,
            self.x0 + self.cols * self.cell_size,
            self.y0,
        )

    def settings(self) -> dict[str, str]:
        """The project settings that describe this grid (``cell_size``, ``x0``, ``y0``, …)."""
        return {
            "cell_size": _number(self.cell_size),
            "x0": _number(self.x0),
            "y0": _number(self.y0),
            "grid_rows": str(self.rows),
            "grid_cols": str(self.cols),
            "grid_origin": GRID_ORIGIN,
        }

    def cell_centres(self) -> tuple[np.ndarray, np.ndarray]:
        """x and y of every cell centre, flat in cell-id order."""
        row, col = np.divmod(np.arange(self.rows * self.cols, dtype=np.int64), self.cols)
        return self.x0 + (col + 0.5) * self.cell_size, self.y0 - (row + 0.5) * self.cell_size

    def cell_of(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Row, column and whether inside the grid, for points (x, y) in the grid's CRS.

        A point on the shared edge of two cells belongs to the cell east or south of it.
        """
        col = np.floor((np.asarray(x, dtype=float) - self.x0) / self.cell_size)
        row = np.floor((self.y0 - np.asarray(y, dtype=float)) / self.cell_size)
        inside = (col >= 0) & (col < self.cols) & (row >= 0) & (row < self.rows)
        return np.where(inside, row, 0).astype(np.int64), np.where(inside, col, 0).astype(np.int64), inside


def grid_for(bounds: tuple[float, float, float, float], crs: str, cell_size: float = 100.0) -> Grid:
    """The smallest grid of whole cells (aligned to multiples of ``cell_size``) covering ``bounds``.

    Parameters
    ----------
    bounds
        (min x, min y, max x, max y) in ``crs`` (metres).
    crs
        The project CRS.
    cell_size
        Side of a cell in metres.
    """
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    if not cell_size > 0:
        raise ValueError(f"cell size must be positive, not {cell_size}")
    x0 = math.floor(minx / cell_size) * cell_size
    y0 = math.ceil(maxy / cell_size) * cell_size
    cols = max(1, math.ceil((maxx - x0) / cell_size))
    rows = max(1, math.ceil((y0 - miny) / cell_size))
    return Grid(crs=crs, x0=float(x0), y0=float(y0), cell_size=float(cell_size), rows=rows, cols=cols)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def read_vector_layer(
    path: str | os.PathLike[str],
    *,
    target_crs: str,
    report: ImportReport,
    crs: str | None = None,
    layer: str | None = None,
) -> gpd.GeoDataFrame | None:
    """Read a vector layer (any format GDAL reads) and bring it into ``target_crs``.

    Findings: an unreadable file or a layer with no features, or with no CRS when none is
    stated, is an error (None is returned); a stated CRS for a layer without one, and every
    reprojection, is a note.
    """
    import pyogrio

    from gis.project import has_arrow

    file = str(path)
    if not Path(file).exists():
        report.error(text("file not found"), file=file, fix=text("check the path"))
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # GDAL driver chatter; real problems raise
            frame = pyogrio.read_dataframe(file, layer=layer, use_arrow=has_arrow())
    except Exception as exc:  # GDAL's messages vary by version; report them as they are
        report.error(
            text("not a readable vector layer"),
            file=file,
            value=str(exc),
            fix=text("open it in a GIS and save it as GeoPackage"),
        )
        return None
    if len(frame) == 0:
        report.error(
            text("layer has no features"), file=file, fix=text("check that the right file or layer was chosen")
        )
        return None
    if frame.crs is None:
        if crs is None:
            report.error(
                text("layer has no coordinate reference system"),
                file=file,
                fix=text(
                    "state its CRS with --coords (the wizard: coordinate system), for example "
                    "EPSG:4490 for CGCS2000 longitude/latitude, or assign it in a GIS"
                ),
            )
            return None
        frame = frame.set_crs(crs)
        report.note(text("layer has no coordinate reference system; taken as stated"), file=file, value=crs)
    return to_crs(frame, target_crs, file=file, report=report)


def to_crs(frame: gpd.GeoDataFrame, target_crs: str, *, file: str, report: ImportReport) -> gpd.GeoDataFrame:
    """``frame`` in ``target_crs``, with a note when it had to be reprojected."""
    from pyproj import CRS

    if CRS.from_user_input(frame.crs) == CRS.from_user_input(target_crs):
        return frame
    source = frame.crs.to_string()
    report.note(text("reprojected to the project CRS"), file=file, value=f"{source} -> {target_crs}")
    return frame.to_crs(target_crs)
