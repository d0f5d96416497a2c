"""Chinese web-map coordinates (GCJ-02, BD-09) and conversion to the project CRS.

GCJ-02 ("Mars coordinates", used by Amap/Gaode and Tencent) shifts WGS84 positions inside
China by a few hundred metres with a published algorithm; BD-09 (Baidu) shifts GCJ-02 once
more. The forward transforms are closed formulas; their inverses are computed here by
fixed-point iteration until the forward transform of the result matches the input to about
1e-9 degrees (well under a millimetre), rather than by the usual one-step approximation
(which is off by up to a few metres).

All functions are vectorised over NumPy arrays and never mutate their inputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from gis.errors import InputError, Problem
from gis.messages import text

if TYPE_CHECKING:
    from collections.abc import Callable

    import pyproj
    from numpy.typing import ArrayLike, NDArray

    Floats = NDArray[np.float64]

#: The coordinate systems a planner can name, with what they are.
COORD_SYSTEMS: dict[str, str] = {
    "wgs84": "WGS84 longitude/latitude (GPS, OpenStreetMap; EPSG:4326)",
    "gcj02": "GCJ-02 longitude/latitude (Amap/Gaode, Tencent web maps)",
    "bd09": "BD-09 longitude/latitude (Baidu maps)",
    "cgcs2000": "CGCS2000 longitude/latitude (official Chinese maps; EPSG:4490)",
}

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = np.pi * 3000.0 / 180.0
_TOLERANCE = 1e-9  # degrees; about 0.1 mm
_MAX_ITERATIONS = 50


def _arrays(lon: ArrayLike, lat: ArrayLike) -> tuple[Floats, Floats]:
    x = np.array(lon, dtype=np.float64, copy=True)
    y = np.array(lat, dtype=np.float64, copy=True)
    x, y = np.broadcast_arrays(x, y)
    return np.array(x), np.array(y)


def out_of_china(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """Where the GCJ-02 shift is not applied (the usual rectangle around China)."""
    x, y = _arrays(lon, lat)
    return np.asarray((x < 72.004) | (x > 137.8347) | (y < 0.8293) | (y > 55.8271) | ~np.isfinite(x + y))


def _delta_lat(x: Floats, y: Floats) -> Floats:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return ret


def _delta_lon(x: Floats, y: Floats) -> Floats:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[Floats, Floats]:
    """GCJ-02 coordinates of WGS84 points (unchanged outside China).

    Parameters
    ----------
    lon, lat
        WGS84 longitude and latitude in degrees (arrays or scalars).

    Returns
    -------
    The GCJ-02 longitude and latitude as float arrays.
    """
    x, y = _arrays(lon, lat)
    outside = out_of_china(x, y)
    dlat = _delta_lat(x - 105.0, y - 35.0)
    dlon = _delta_lon(x - 105.0, y - 35.0)
    radlat = y / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrtmagic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * np.pi)
    return np.where(outside, x, x + dlon), np.where(outside, y, y + dlat)


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[Floats, Floats]:
    """BD-09 coordinates of GCJ-02 points."""
    x, y = _arrays(lon, lat)
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[Floats, Floats]:
    """BD-09 coordinates of WGS84 points (through GCJ-02)."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def _invert(
    forward: Callable[[Floats, Floats], tuple[Floats, Floats]],
    lon: ArrayLike,
    lat: ArrayLike,
    first: tuple[Floats, Floats] | None = None,
) -> tuple[Floats, Floats]:
    """Solve forward(x, y) == (lon, lat) by fixed-point iteration (the shifts are tiny and smooth)."""
    target_x, target_y = _arrays(lon, lat)
    x, y = first if first is not None else (target_x.copy(), target_y.copy())
    for _ in range(_MAX_ITERATIONS):
        fx, fy = forward(x, y)
        ex, ey = fx - target_x, fy - target_y
        todo = (np.abs(ex) > _TOLERANCE) | (np.abs(ey) > _TOLERANCE)
        if not np.any(todo & np.isfinite(ex + ey)):
            break
        x = np.where(todo, x - ex, x)
        y = np.where(todo, y - ey, y)
    return x, y


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[Floats, Floats]:
    """WGS84 coordinates of GCJ-02 points (unchanged outside China), by iteration.

    The result, shifted forward again, matches the input to about 1e-9 degrees.
    """
    x, y = _arrays(lon, lat)
    outside = out_of_china(x, y)
    wx, wy = _invert(wgs84_to_gcj02, x, y)
    return np.where(outside, x, wx), np.where(outside, y, wy)


def bd09_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[Floats, Floats]:
    """GCJ-02 coordinates of BD-09 points, by iteration from the published approximation."""
    x, y = _arrays(lon, lat)
    dx, dy = x - 0.0065, y - 0.006
    z = np.sqrt(dx * dx + dy * dy) - 0.00002 * np.sin(dy * _X_PI)
    theta = np.arctan2(dy, dx) - 0.000003 * np.cos(dx * _X_PI)
    return _invert(gcj02_to_bd09, x, y, first=(z * np.cos(theta), z * np.sin(theta)))


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[Floats, Floats]:
    """WGS84 coordinates of BD-09 points (through GCJ-02)."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


def coords_crs(coords: str | pyproj.CRS) -> pyproj.CRS:
    """The pyproj CRS in which coordinates stated as ``coords`` are expressed after un-shifting.

    ``wgs84``, ``gcj02`` and ``bd09`` are WGS84 (EPSG:4326) once un-shifted; ``cgcs2000`` is
    EPSG:4490; anything else is handed to pyproj.

    Raises
    ------
    InputError
        If pyproj does not know the coordinate system.
    """
    import pyproj

    if isinstance(coords, pyproj.CRS):
        return coords
    key = coords.strip().lower().replace("-", "").replace("_", "")
    if key in ("wgs84", "gcj02", "bd09"):
        return pyproj.CRS.from_epsg(4326)
    if key == "cgcs2000":
        return pyproj.CRS.from_epsg(4490)
    try:
        return pyproj.CRS.from_user_input(coords)
    except pyproj.exceptions.CRSError as exc:
        raise InputError(
            Problem(
                text("unknown coordinate system"),
                field="coords",
                value=coords,
                fix=text(
                    "use one of {coord_systems} or an EPSG code such as EPSG:4545",
                    coord_systems=", ".join(COORD_SYSTEMS),
                ),
            )
        ) from exc


def shift_of(coords: str | pyproj.CRS) -> str:
    """``gcj02``, ``bd09`` or ``""``: the web-map shift coordinates stated as ``coords`` carry."""
    if not isinstance(coords, str):
        return ""
    key = coords.strip().lower().replace("-", "").replace("_", "")
    return key if key in ("gcj02", "bd09") else ""


def to_project(
    x: ArrayLike, y: ArrayLike, coords: str | pyproj.CRS, project_crs: str | pyproj.CRS
) -> tuple[Floats, Floats]:
    """Convert coordinates to the project CRS.

    Parameters
    ----------
    x, y
        Longitude/latitude in degrees, or easting/northing for a projected ``coords``.
    coords
        ``wgs84``, ``gcj02``, ``bd09``, ``cgcs2000`` or any CRS pyproj understands
        (``EPSG:4545``, a WKT string, a :class:`pyproj.CRS`).
    project_crs
        The target CRS.

    Returns
    -------
    The converted x and y as float arrays (non-finite where pyproj cannot convert).

    Raises
    ------
    InputError
        If either coordinate system is unknown.
    """
    import pyproj

    lon, lat = _arrays(x, y)
    shift = shift_of(coords)
    if shift == "gcj02":
        lon, lat = gcj02_to_wgs84(lon, lat)
    elif shift == "bd09":
        lon, lat = bd09_to_wgs84(lon, lat)
    source = coords_crs(coords)
    target = coords_crs(project_crs)
    transformer = pyproj.Transformer.from_crs(source, target, always_xy=True)
    out_x, out_y = transformer.transform(lon, lat, errcheck=False)
    out_x = np.asarray(out_x, dtype=np.float64)
    out_y = np.asarray(out_y, dtype=np.float64)
    bad = ~(np.isfinite(out_x) & np.isfinite(out_y))
    return np.where(bad, np.nan, out_x), np.where(bad, np.nan, out_y)
