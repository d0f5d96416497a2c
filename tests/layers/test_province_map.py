"""The province map: counties coloured by a figure in classes or by pass/fail, named, the missing listed."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from shapely.geometry import box

from gis.errors import InputError
from gis.province.result import BALANCE_COLUMNS, METRIC_COLUMNS, CountyFailure, CountyResult, ProvinceResult
from layers.printmap import MapSheet, save_figure
from layers.province_map import (
    FAIL_COLOR,
    NO_DATA_COLOR,
    PASS_COLOR,
    PROVINCE_CRS,
    class_edges,
    classes,
    province_map,
)
from tests.layers.test_printmap import assert_non_blank, needs_poppler, pdf_pages

# Latin words a Chinese map may show: the coordinate system's code and the program's name.
ALLOWED = {"CGCS", "SchoolPlan"}

#: Each county's square (lon0, lat0), 0.5° a side, and its figures of 2025 (and 2026).
SQUARES = {"青岩县": (106.0, 26.0), "龙溪县": (106.5, 26.0), "=1+1": (106.0, 26.5)}
#: primary share within the rules, primary mean trip, basic composite (primary), its threshold.
FIGURES = {
    ("青岩县", 2025): (0.912, 21.5, 0.41),
    ("龙溪县", 2025): (0.655, 33.25, 0.71),
    ("=1+1", 2025): (0.80, 27.0, 0.52),
    ("青岩县", 2026): (0.93, 20.0, 0.40),
    ("龙溪县", 2026): (0.70, 31.0, 0.66),
    ("=1+1", 2026): (0.85, 25.0, 0.50),
}
BASIC_PRIMARY = 0.65
FAILED = "石门县"


def _county(county: str, year: int) -> CountyResult:
    share, trip, basic = FIGURES[county, year]
    metrics = pd.DataFrame(
        [
            (county, year, "primary", "share_within_threshold", share),
            (county, year, "primary", "mean_travel_min", trip),
            (county, year, "junior", "share_within_threshold", share - 0.1),
            (county, year, "primary", "schools", 10.0 + len(county)),
            (county, year, "primary", "basic_coefficient", basic),
            (county, year, "primary", "basic_passes", float(basic <= BASIC_PRIMARY)),
        ],
        columns=list(METRIC_COLUMNS),
    )
    balance = pd.DataFrame(
        [
            (county, year, "primary", "basic", "books_per_pupil", basic + 0.05, np.nan, None),
            (county, year, "primary", "basic", "composite", basic, BASIC_PRIMARY, basic <= BASIC_PRIMARY),
            (county, year, "primary", "quality", "key_teachers_per_100", 0.3, 0.5, True),
            (county, year, "primary", "quality", "composite", 0.3, 0.5, True),
        ],
        columns=list(BALANCE_COLUMNS),
    )
    lon, lat = SQUARES[county]
    outline = shapely.to_wkb(box(lon, lat, lon + 0.5, lat + 0.5))
    return CountyResult(county, year, f"/data/{year}/{county}.gpkg", "522700", metrics, balance, outline=bytes(outline))


def hand_result(*, years: tuple[int, ...] = (2025, 2026)) -> ProvinceResult:
    """Three counties on squares (two of them with a second year), one county failed on reading."""
    counties = tuple(_county(c, y) for (c, y) in FIGURES if y in years)
    failures = (CountyFailure(FAILED, years[0], "/data/shimen.gpkg", "read", "not a GeoPackage (file truncated)"),)
    return ProvinceResult(counties, failures, steps=("analyze", "balance"))


@pytest.fixture(scope="module")
def result() -> ProvinceResult:
    return hand_result()


def _texts(fig: Figure) -> list[str]:
    from matplotlib.text import Text

    found = [t.get_text() for t in fig.findobj(match=Text)]
    return [t for t in found if isinstance(t, str) and t.strip()]


def _county_colours(fig: Figure) -> list[str]:
    from matplotlib.collections import PathCollection

    ax = fig.axes[0]
    fills = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(fills) == 1
    rgba = np.asarray(fills[0].get_facecolor(), dtype=float)
    return [to_hex((r, g, b, a)) for r, g, b, a in rgba]


def test_class_edges_are_round_and_cover_every_value() -> None:
    values = np.array([0.655, 0.80, 0.93])
    edges = class_edges(values, "share_within_threshold")
    steps = np.diff(edges)
    # A fifth of the range is 0.055: the next round width is 0.1.
    assert np.allclose(edges, [0.6, 0.7, 0.8, 0.9, 1.0])
    assert np.allclose(steps, steps[0]) and edges[0] <= values.min() and values.max() < edges[-1]
    # Counts are classed in whole numbers.
    assert np.allclose(class_edges(np.array([0.0, 3.0]), "schools"), [0, 1, 2, 3, 4])


def test_a_map_of_a_share_in_classes_with_every_county_named(result: ProvinceResult) -> None:
    fig = province_map(result, figure="primary:share_within_threshold", language="zh", sheet=MapSheet(dpi=60))
    texts = _texts(fig)
    assert any(t.startswith("全省各县 小学 上学时间达标比例（2026年）") for t in texts)
    # Each county drawn (its latest year) is labelled with its name and its share in %.
    for county, share in (("青岩县", 0.93), ("龙溪县", 0.70), ("=1+1", 0.85)):
        assert f"{county}\n{100 * share:.1f}%" in texts
    # 2026's shares 0.70–0.93: a fifth of the range is 0.046, so classes of 5 points from 70%.
    assert "70%–75%" in texts and "90%–95%" in texts and "65%–70%" not in texts
    colours = _county_colours(fig)
    assert len(set(colours)) == 3 and NO_DATA_COLOR not in colours
    # The missing county named in the note box, with the step it failed at.
    assert any(f"未纳入：{FAILED}（2025年，读取失败）" in t.replace("\n", "") for t in texts)


def test_counties_drawn_in_an_equal_area_projection(result: ProvinceResult) -> None:
    import pyproj

    fig = province_map(result, figure="primary:mean_travel_min", language="zh", sheet=MapSheet(dpi=60))
    x0, x1 = fig.axes[0].get_xlim()
    # The three squares span 1° of longitude at 26–27°N: about 100 km in the projection.
    west, _ = pyproj.Transformer.from_crs("EPSG:4490", PROVINCE_CRS, always_xy=True).transform(106.0, 26.0)
    east, _ = pyproj.Transformer.from_crs("EPSG:4490", PROVINCE_CRS, always_xy=True).transform(107.0, 26.0)
    assert 95_000 < east - west < 105_000
    assert x0 < west and east < x1


def test_pass_fail_of_a_balance_method(result: ProvinceResult) -> None:
    fig = province_map(result, figure="balance:basic", language="zh", sheet=MapSheet(dpi=60))
    texts = _texts(fig)
    assert any(t.startswith("全省各县 基本均衡评估结果（2026年）") for t in texts)
    assert "达标" in texts and "未达标" in texts
    # 2026: 青岩县 0.40 and =1+1 0.50 pass, 龙溪县 0.66 fails (0.65 the threshold).
    expected = {"青岩县": PASS_COLOR, "龙溪县": FAIL_COLOR, "=1+1": PASS_COLOR}
    outlines = result.outlines()
    assert _county_colours(fig) == [expected[c] for c in outlines["county"]]
    assert "青岩县\n达标" in texts and "龙溪县\n未达标" in texts


def test_a_figure_no_county_has_is_drawn_as_no_data(result: ProvinceResult) -> None:
    fig = province_map(result, figure="junior:forecast_change", language="en", sheet=MapSheet(dpi=60))
    assert set(_county_colours(fig)) == {NO_DATA_COLOR}
    assert "No data" in _texts(fig)


def test_a_bad_figure_names_the_choices(result: ProvinceResult) -> None:
    with pytest.raises(InputError, match="primary:share_within_threshold") as caught:
        province_map(result, figure="primary:coverage", language="zh")
    problem = caught.value.problems[0]
    assert problem.field == "--map-figure" and problem.value == "primary:coverage"
    assert "balance:quality" in problem.fix


def test_chinese_map_has_no_english_words(result: ProvinceResult) -> None:
    for figure in ("primary:share_within_threshold", "balance:quality", "all:plan_capital"):
        texts = _texts(province_map(result, figure=figure, language="zh", sheet=MapSheet(dpi=60)))
        latin = {w for t in texts for w in re.findall(r"[A-Za-z]{2,}", t)} - ALLOWED
        assert latin == set(), (figure, latin)


def test_english_map_and_its_files(result: ProvinceResult, tmp_path: Path) -> None:
    fig = province_map(result, figure="primary:share_within_threshold", language="en", sheet=MapSheet(dpi=80))
    texts = _texts(fig)
    assert any(t.startswith("Counties of the province: Primary: Share within the travel rule, 2026") for t in texts)
    assert any(f"Not included: {FAILED} (reading failed, 2025)" in t.replace("\n", " ") for t in texts)
    png = save_figure(fig, tmp_path / "map.png")
    assert_non_blank(png)
    needs_poppler()
    assert pdf_pages(save_figure(fig, tmp_path / "map.pdf")) == 1


def test_one_year_and_no_failure() -> None:
    counties = hand_result(years=(2025,)).counties
    fig = province_map(ProvinceResult(counties, (), ("analyze",)), figure="primary:schools", language="zh")
    texts = _texts(fig)
    assert any(t.startswith("全省各县 小学 学校数（2025年）") for t in texts)
    assert not any("未纳入" in t for t in texts)
    # 10 + the length of the name: 13, 13 and 14 schools.
    assert "青岩县\n13" in texts and "=1+1\n14" in texts


def test_pass_fail_colours_by_hand() -> None:
    coloured = classes(np.array([1.0, 0.0, np.nan]), "basic_passes", "en", passes=True)
    assert coloured.colors == [PASS_COLOR, FAIL_COLOR, NO_DATA_COLOR]
    assert [w for _, w in coloured.entries] == ["Pass", "Fail", "No data"]
