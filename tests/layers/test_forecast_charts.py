"""The forecast's charts and map: what they draw from hand-made tables, their words, their files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from layers.forecast_charts import changing_schools, county_figure, schools_figure
from layers.printmap import MapSheet, forecast_map, save_figure
from tests.layers.test_printmap import assert_non_blank, image_stats, pdf_text
from tests.outputs.test_forecast import demo_forecast, demo_project

YEARS = list(range(2025, 2031))
MEDIUM = {"primary": [1000.0, 950.0, 900.0, 850.0, 800.0, 750.0], "junior": [500.0, 520.0, 540.0, 530.0, 520.0, 510.0]}
SEATS = {"primary": 1200.0, "junior": 450.0}


def band(*, spread: float = 0.1) -> pd.DataFrame:
    """Children per year, level and variant: low and high spread from the medium after 2027."""
    rows = []
    for level, values in MEDIUM.items():
        for year, value in zip(YEARS, values, strict=True):
            factor = spread * max(0, year - 2027)
            for variant, scale in (("low", 1 - factor), ("medium", 1.0), ("high", 1 + factor)):
                rows.append((year, level, variant, value * scale))
    return pd.DataFrame(rows, columns=["year", "level", "variant", "children"])


def county(*, variant: str = "medium") -> pd.DataFrame:
    """The forecast_county table of one variant: the level's total rows (grade empty) and a grade row each."""
    children = band().query("variant == @variant").set_index(["year", "level"])["children"]
    rows = []
    for year in YEARS:
        for level in MEDIUM:
            total = float(children[(year, level)])
            rows.append((year, level, pd.NA, total, total - 10, 10.0, SEATS[level]))
            rows.append((year, level, 1, total / 6, np.nan, np.nan, np.nan))
    table = pd.DataFrame(rows, columns=["year", "level", "grade", "children", "placed", "not_placed", "seats"])
    table["grade"] = table["grade"].astype("Int64")
    return table


def schools() -> pd.DataFrame:
    """Five schools whose pupils change by -300, +120, -20, +60 and 0 from 2025 to 2030."""
    changes = {"S1": -300.0, "S2": 120.0, "S3": -20.0, "S4": 60.0, "S5": 0.0}
    rows = []
    for k, (sid, change) in enumerate(changes.items()):
        start = 400.0 + 10 * k
        for t, year in enumerate(YEARS):
            pupils = start + change * t / (len(YEARS) - 1)
            rows.append((sid, f"学校{sid}", year, "primary", pupils, 450.0, 450.0 - pupils, 9, 0))
    return pd.DataFrame(
        rows,
        columns=[
            "school_id", "name", "year", "level", "pupils", "seats", "surplus", "classes_needed", "large_classes_56",
        ],
    )  # fmt: skip


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]  # type: ignore[attr-defined]


def panel(fig: Figure, title: str):  # type: ignore[no-untyped-def]
    return next(ax for ax in fig.axes if ax.get_title(loc="left") == title)


def test_county_chart_draws_the_band_the_medium_line_and_the_seats() -> None:
    fig = county_figure(band(), county(), language="zh")
    assert "全县适龄儿童与学位预测（2025–2030年）" in texts(fig)
    for level, word in (("primary", "小学"), ("junior", "初中")):
        ax = panel(fig, word)
        lines = {line.get_label(): line for line in ax.get_lines()}
        assert list(lines["适龄儿童（中方案）"].get_ydata()) == MEDIUM[level]
        assert set(lines["学位数"].get_ydata()) == {SEATS[level]}
        (area,) = [c for c in ax.collections if isinstance(c, PolyCollection)]
        ys = np.concatenate([path.vertices[:, 1] for path in area.get_paths()])
        low = band().query("level == @level and variant == 'low'")["children"]
        high = band().query("level == @level and variant == 'high'")["children"]
        assert ys.min() == pytest.approx(low.min()) and ys.max() == pytest.approx(high.max())
        assert "适龄儿童数（低方案）" not in lines  # the forecast is the medium variant: no second line
    # One legend for both panels, in grey.
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["适龄儿童（中方案）", "低方案至高方案", "学位数"]


def test_county_chart_shows_the_forecasts_own_variant_when_it_is_not_the_medium() -> None:
    fig = county_figure(band(), county(variant="low"), language="zh")
    for word in ("小学", "初中"):
        labels = [line.get_label() for line in panel(fig, word).get_lines()]
        assert "适龄儿童数（低方案）" in labels


def test_county_chart_in_english() -> None:
    fig = county_figure(band(), county(), language="en")
    assert "Children and seats ahead, county, 2025–2030" in texts(fig)
    assert panel(fig, "Primary") is not None and panel(fig, "Junior secondary") is not None


def test_schools_chart_shows_the_schools_that_change_most_first() -> None:
    chosen = changing_schools(schools(), count=3)
    assert chosen["school_id"].tolist() == ["S1", "S2", "S4"]
    assert chosen["change"].tolist() == pytest.approx([-300.0, 120.0, 60.0])
    fig = schools_figure(schools(), language="zh", count=3)
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["学校S1 · 小学", "学校S2 · 小学", "学校S4 · 小学"]
    assert "在校生变化最大的学校：在校生与学位（2025–2030年）" in texts(fig)
    # S2 ends with 530 pupils for 450 seats: the pupils beyond the seats are shaded, S1's are not.
    shaded = [sum(len(p.vertices) for p in c.get_paths()) for c in (ax.collections[0] for ax in fig.axes)]
    assert shaded[0] == 0 and shaded[1] > 0
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["在校生（预测）", "学位数", "学位缺口"]


def test_schools_chart_with_no_school_says_so() -> None:
    fig = schools_figure(schools().iloc[0:0], language="zh")
    assert "无数据" in texts(fig)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        county_figure(band(), county(), language="fr")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="county_table has no column seats"):
        county_figure(band(), county().drop(columns=["seats"]))


def test_the_charts_files_are_pictures_with_chinese_text(tmp_path: Path) -> None:
    for name, fig in (("county", county_figure(band(), county())), ("schools", schools_figure(schools()))):
        png = save_figure(fig, tmp_path / f"{name}.png")
        distinct, not_white, _ = image_stats(png)
        assert distinct >= 30 and not_white > 0.01, name
        pdf = save_figure(fig, tmp_path / f"{name}.pdf")
        text = pdf_text(pdf)
        title = "全县适龄儿童与学位预测" if name == "county" else "在校生变化最大的学校"
        assert title in text, name


def test_the_forecast_map_of_the_demo_county(tmp_path: Path) -> None:
    variants = demo_forecast()
    result = variants.forecast
    fig = forecast_map(demo_project(), result, year=2025, sheet=MapSheet(dpi=60))
    words = texts(fig)
    assert "半仓县2025年学位余缺" in words
    # In 2025 the county seat's junior schools are full, and a few primary schools short of seats:
    # the short ones are named with their balance.
    balance = result.seat_balance()[result.year_index(2025)]
    short = np.flatnonzero(balance[:, 0] < -0.5)
    assert short.size > 0
    for s in short:
        assert f"{result.school_names[s]} {balance[s, 0]:,.0f}" in words
    png = save_figure(fig, tmp_path / "map.png")
    assert_non_blank(png)
    assert "半仓县2025年学位余缺" in pdf_text(save_figure(fig, tmp_path / "map.pdf"))
    with pytest.raises(ValueError, match="other schools"):
        forecast_map(demo_project().with_layers(schools=demo_project().schools.iloc[1:]), result)


def test_the_seat_balance_counts_every_child_who_can_reach_a_school() -> None:
    result = demo_forecast().forecast
    unplaced = result.school_unplaced
    assert unplaced is not None
    # The children nearest to a school without a seat are the not placed (all reach some school here).
    assert unplaced.sum(axis=1) == pytest.approx(result.not_placed)
    balance = result.seat_balance()
    assert balance == pytest.approx(result.school_seats[None] - result.school_pupils - unplaced)
