"""The forecast backtest (benchmarks.backtest): honest by construction, and its figures sourced."""

from __future__ import annotations

import csv
from dataclasses import replace

import numpy as np
import pytest

from benchmarks.backtest import (
    NATIONAL,
    National,
    demo_backtest,
    entry_ratio,
    forecast_shift,
    group_births,
    load_demo,
    national_backtest,
    project_schools,
    read_national,
)
from gis.cohorts import CLASSES, EnrolmentHistory


def test_every_national_figure_has_its_source() -> None:
    with open(NATIONAL, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if row["births_m"]:
            assert "NBS" in row["births_source"] and row["found_at"]
        if row["primary_entrants_m"]:
            assert "MoE" in row["entrants_source"] and row["found_at"]


def test_national_figures_agree_with_the_communiques_own_changes() -> None:
    """The recorded figures against the changes the communiqués state (万人, rounded)."""
    n = read_national()
    e = {y: 100 * v for y, v in n.entrants.items()}
    b = {y: 100 * v for y, v in n.births.items()}
    assert e[2016] - e[2015] == pytest.approx(23.42, abs=0.02)  # MoE 2016: 比上年增加23.42万人
    assert e[2017] - e[2016] == pytest.approx(14.09, abs=0.02)  # MoE 2017: 比上年增加14.09万人
    assert e[2018] - e[2017] == pytest.approx(100.74, abs=0.02)  # MoE 2018: 比上年增加100.74万人
    assert e[2022] - e[2021] == pytest.approx(-81.19, abs=0.02)  # MoE 2022: 比上年减少81.19万人
    assert e[2023] - e[2022] == pytest.approx(176.5, abs=0.1)  # MoE 2023: 比上年增加176.5万人
    assert b[2015] - b[2014] == pytest.approx(-32)  # NBS 2015: 比上年减少32万
    assert b[2024] - b[2023] == pytest.approx(52)  # NBS 2024: 比2023年增加52万人
    assert np.mean([b[y] for y in range(2011, 2016)]) == pytest.approx(1644, abs=0.5)  # 十二五 average 1644万
    assert n.missing_births == (2010,)


def test_the_entry_ratio_uses_only_the_years_up_to_the_origin() -> None:
    births = {y: 10.0 + y - 2000 for y in range(2000, 2016)}
    entrants = {y: 1.1 * births[y - 6] for y in range(2008, 2022)}
    national = National(births, entrants, (), ())
    ratio, years = entry_ratio(national, 2012, split=False)
    assert ratio == pytest.approx(1.1) and years == list(range(2008, 2013))
    later = National(births, {**entrants, 2013: 99.0, 2020: 0.5}, (), ())
    assert entry_ratio(later, 2012, split=False)[0] == pytest.approx(1.1)
    result = national_backtest(national, origins=(2012,))
    run = result["runs"][0]["entry_ratio"]
    assert [p["year"] for p in run["predictions"]] == list(range(2013, 2022))
    assert all(p["error_pct"] == pytest.approx(0.0, abs=1e-9) for p in run["predictions"])
    assert result["plain_mape_pct"] == pytest.approx(100 * (1 - 1 / 1.1))


@pytest.fixture(scope="module")
def demo():
    return load_demo()


def test_demo_group_totals_are_the_cohort_method(demo) -> None:
    """Each township: its grade-1 pupils are its births times its entry ratio (the township's,
    for every class: children born in the villages enrol at the seat's school), shared among its
    schools as with one ratio per township. Each township and settlement class: its pupils of a
    grade they go on to at the same school (2, 3, 5, 6, 8, 9) are last year's grade below times
    its ratio; a township's grade 4 (teaching points hand their grade 3 on) is the sum of its
    groups' grade 3 times their ratios."""
    origin = 2023
    predicted, cr, lost = project_schools(demo, origin, 2025)
    assert lost == 0.0
    assert np.allclose(cr.ratios[:, :, 0], cr.ratios[:, :1, 0])
    plain, _, _ = project_schools(demo, origin, 2025, by_settlement=False)
    schools = demo.project.schools
    town = cr.township_index(schools["township"])
    kind = cr.school_settlement
    born = group_births(demo, cr)
    prev = demo.history.pupils[demo.history.years.index(origin)]
    for year in (2024, 2025):
        new = predicted[year]
        for t in range(len(cr.townships)):
            in_town = town == t
            entrants = born[:, :, year - 6 - demo.births.first].sum(axis=1) * cr.ratios[:, 0, 0]
            assert new[in_town, 0].sum() == pytest.approx(entrants[t])
            assert new[in_town, 3].sum() == pytest.approx((prev[in_town, 2] * cr.ratios[t, kind[in_town], 3]).sum())
            for k in np.unique(kind[in_town]).tolist():
                mine = in_town & (kind == k)
                for g in (2, 3, 5, 6, 8, 9):
                    assert new[mine, g - 1].sum() == pytest.approx(prev[mine, g - 2].sum() * cr.ratios[t, k, g - 1])
        np.testing.assert_allclose(new[:, 0], plain[year][:, 0])  # grade 1 school by school
        # Grade 7: the county's grade 6 times the county's ratio, wherever the junior schools are.
        assert new[:, 6].sum() == pytest.approx(prev[:, 5].sum() * cr.ratios[0, 0, 6])
        prev = new


def test_demo_village_schools_keep_fewer_of_their_pupils_than_the_seats(demo) -> None:
    """The demo's history drifts village pupils away; the groups' ratios see it."""
    _, cr, _ = project_schools(demo, 2023, 2024)
    town = cr.township_index(demo.project.schools["township"])
    within = [1, 2, 4, 5]  # into grades 2, 3, 5, 6
    ratios = {
        kind: cr.ratios[np.unique(town[cr.school_settlement == CLASSES.index(kind)]), CLASSES.index(kind)][:, within]
        for kind in ("county_seat", "town", "village")
    }
    assert np.median(ratios["village"]) < 0.97 < np.median(ratios["town"]) < np.median(ratios["county_seat"])


def test_with_one_ratio_per_township_every_school_of_a_township_has_it(demo) -> None:
    predicted, cr, lost = project_schools(demo, 2023, 2025, by_settlement=False)
    assert lost == 0.0
    assert np.allclose(cr.ratios, cr.ratios[:, :1, :])
    schools = demo.project.schools
    town = cr.township_index(schools["township"])
    births = group_births(demo, cr).sum(axis=1)
    prev = demo.history.pupils[demo.history.years.index(2023)]
    new = predicted[2024]
    for t in range(len(cr.townships)):
        mine = town == t
        assert new[mine, 0].sum() == pytest.approx(births[t, 2024 - 6 - demo.births.first] * cr.ratios[t, 0, 0])
        for g in (2, 3, 4, 5, 6, 8, 9):
            assert new[mine, g - 1].sum() == pytest.approx(prev[mine, g - 2].sum() * cr.ratios[t, 0, g - 1])


def test_the_whole_forecasts_shift_adds_up_to_the_county(demo) -> None:
    shift = forecast_shift(demo, year=2026)
    county = shift["townships"][-1]
    assert county["township"] == "county"
    assert sum(r["primary"]["class_ratios"] for r in shift["townships"][:-1]) == pytest.approx(
        county["primary"]["class_ratios"]
    )
    assert 0 < county["village_share"]["pupils"] < county["village_share"]["children"] < 1


def test_demo_backtest_never_sees_the_years_it_is_checked_on(demo) -> None:
    h = demo.history
    changed = h.pupils.copy()
    changed[h.years.index(2024) :] *= 2.0
    other = replace(demo, history=EnrolmentHistory(h.school_ids, h.years, changed, source=h.source))
    a, _, _ = project_schools(demo, 2023, 2025)
    b, _, _ = project_schools(other, 2023, 2025)
    for year in a:
        np.testing.assert_array_equal(a[year], b[year])
    result = demo_backtest(demo, origins=(2023,))
    county = result["runs"][0]["years"][-1]["county"]
    assert [c["grade"] for c in county][-3:] == ["primary", "junior", "total"]
