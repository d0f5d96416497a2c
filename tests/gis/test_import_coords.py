"""GCJ-02 / BD-09 shifts and their inverses, and conversion to the project CRS."""

from __future__ import annotations

import numpy as np
import pyproj
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gis.errors import InputError
from gis.importing.coords import (
    COORD_SYSTEMS,
    bd09_to_gcj02,
    bd09_to_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    to_project,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

GEOD = pyproj.Geod(ellps="WGS84")
# Mainland China, where the shift applies (inside the rectangle of the out-of-China rule).
LON = st.floats(min_value=73.6, max_value=134.9)
LAT = st.floats(min_value=18.2, max_value=53.4)
POINTS = st.lists(st.tuples(LON, LAT), min_size=1, max_size=20)
CITIES = np.array(
    [(116.397, 39.909), (106.713, 26.578), (121.474, 31.230), (104.066, 30.572), (87.617, 43.826)]
)  # Beijing, Guiyang, Shanghai, Chengdu, Urumqi


def _metres(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray) -> np.ndarray:
    return np.asarray(GEOD.inv(lon1, lat1, lon2, lat2)[2])


def test_forward_transforms_match_published_values() -> None:
    # The example of the widely used coordTransform library (wandergis/coordTransform).
    x, y = wgs84_to_gcj02(116.404, 39.915)
    assert float(x) == pytest.approx(116.41024449916938, abs=1e-9)
    assert float(y) == pytest.approx(39.91640428150164, abs=1e-9)
    x, y = gcj02_to_bd09(116.404, 39.915)
    assert float(x) == pytest.approx(116.41036949371029, abs=1e-9)
    assert float(y) == pytest.approx(39.92133699351021, abs=1e-9)


def test_gcj_shift_is_hundreds_of_metres_in_china_and_zero_outside() -> None:
    lon, lat = CITIES[:, 0], CITIES[:, 1]
    gx, gy = wgs84_to_gcj02(lon, lat)
    shift = _metres(lon, lat, gx, gy)
    assert np.all((shift > 100) & (shift < 800))
    bx, by = wgs84_to_bd09(lon, lat)
    assert np.all(_metres(lon, lat, bx, by) > 500)
    # London, Tokyo (east of the rule's rectangle), Sydney: unchanged.
    outside = np.array([(-0.1276, 51.507), (139.69, 35.69), (151.21, -33.87)])
    ox, oy = wgs84_to_gcj02(outside[:, 0], outside[:, 1])
    np.testing.assert_array_equal(ox, outside[:, 0])
    np.testing.assert_array_equal(oy, outside[:, 1])
    wx, wy = gcj02_to_wgs84(outside[:, 0], outside[:, 1])
    np.testing.assert_array_equal(wx, outside[:, 0])
    np.testing.assert_array_equal(wy, outside[:, 1])


@settings(max_examples=60, deadline=None)
@given(POINTS)
def test_inverses_undo_the_forward_transforms_to_under_a_metre(points: list[tuple[float, float]]) -> None:
    lon = np.array([p[0] for p in points])
    lat = np.array([p[1] for p in points])
    for forward, inverse in (
        (wgs84_to_gcj02, gcj02_to_wgs84),
        (gcj02_to_bd09, bd09_to_gcj02),
        (wgs84_to_bd09, bd09_to_wgs84),
    ):
        back_x, back_y = inverse(*forward(lon, lat))
        assert np.all(_metres(lon, lat, back_x, back_y) < 1.0)
        # and the other way round: the forward transform of the inverse gives the input back
        again_x, again_y = forward(*inverse(lon, lat))
        assert np.all(_metres(lon, lat, again_x, again_y) < 1.0)
        assert np.max(np.abs(again_x - lon)) < 1e-8


def test_transforms_do_not_mutate_their_inputs() -> None:
    lon, lat = CITIES[:, 0].copy(), CITIES[:, 1].copy()
    gcj02_to_wgs84(lon, lat)
    bd09_to_wgs84(lon, lat)
    np.testing.assert_array_equal(lon, CITIES[:, 0])
    np.testing.assert_array_equal(lat, CITIES[:, 1])


def test_to_project_agrees_with_pyproj() -> None:
    lon, lat = CITIES[1:2, 0], CITIES[1:2, 1]
    direct = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:4545", always_xy=True).transform(lon, lat)
    np.testing.assert_allclose(to_project(lon, lat, "wgs84", "EPSG:4545"), direct, atol=1e-6)
    via_4490 = pyproj.Transformer.from_crs("EPSG:4490", "EPSG:4545", always_xy=True).transform(lon, lat)
    np.testing.assert_allclose(to_project(lon, lat, "cgcs2000", "EPSG:4545"), via_4490, atol=1e-6)
    utm = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:32648", always_xy=True).transform(lon, lat)
    np.testing.assert_allclose(to_project(*utm, "EPSG:32648", "EPSG:4545"), direct, atol=1e-3)
    # Shifted coordinates land on the true point, to under a metre.
    for shift in (wgs84_to_gcj02, wgs84_to_bd09):
        sx, sy = shift(lon, lat)
        name = "gcj02" if shift is wgs84_to_gcj02 else "bd09"
        x, y = to_project(sx, sy, name, "EPSG:4545")
        assert np.hypot(x - direct[0], y - direct[1]).max() < 1.0
        raw = to_project(sx, sy, "wgs84", "EPSG:4545")
        assert np.hypot(raw[0] - direct[0], raw[1] - direct[1]).max() > 100


def test_coordinate_systems_and_unknown_names() -> None:
    assert set(COORD_SYSTEMS) == {"wgs84", "gcj02", "bd09", "cgcs2000"}
    with pytest.raises(InputError, match="unknown coordinate system"):
        to_project([106.7], [26.5], "mars", "EPSG:4545")
