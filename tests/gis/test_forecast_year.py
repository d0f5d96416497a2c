"""A forecast year as a project: its children and, as the schools' pupils, the year's assignment."""

from __future__ import annotations

import numpy as np
import pytest

from gis.analysis import analyze
from gis.errors import InputError
from gis.forecast import forecast, forecast_year_project
from gis.indicators import school_table
from gis.standards import load_standards
from tests.gis.test_forecast import births, history, toy


def test_a_forecast_year_gives_its_children_and_its_pupils_to_the_schools() -> None:
    project, standards = toy(), load_standards()
    result = forecast(project, standards, years=[2025, 2026], births=births(), history=history())
    year = forecast_year_project(project, result, 2026)
    assert year.schools is not project.schools
    t = result.years.index(2026)
    # The year's children, grade by grade.
    grades = result.projection.children(2026)
    assert year.population["primary"].to_numpy() == pytest.approx(grades[:, :6].sum(axis=1))
    assert year.population["junior"].to_numpy() == pytest.approx(grades[:, 6:].sum(axis=1))
    # S1's primary pupils of 2026, spread over grades 1–6 as its recorded 2024 pupils are
    # (9, 10, 11, 12, 13, 14 of 69); S2 teaches no junior grade and keeps none.
    s1 = result.school_pupils[t, 0, 0]
    recorded = np.array([9, 10, 11, 12, 13, 14], dtype=float)
    shown = year.schools.loc[0, [f"enrol_g{g}" for g in range(1, 7)]].to_numpy(dtype=float)
    assert shown == pytest.approx(s1 * recorded / recorded.sum())
    assert year.schools.loc[1, ["enrol_g7", "enrol_g8", "enrol_g9"]].to_numpy(dtype=float) == pytest.approx(0.0)
    # Analysed with the forecast's routing, the school table is the year's: pupils are the load.
    analysis = analyze(year, standards, routing=result.routing)
    table = school_table(analysis)
    for k, level in enumerate(("primary", "junior")):
        assert analysis.levels[level].school_load == pytest.approx(result.school_pupils[t, :, k])
        assert table[f"enrol_{level}"].to_numpy() == pytest.approx(result.school_pupils[t, :, k])
    # The project itself is unchanged.
    assert project.schools.loc[0, "enrol_g1"] == 9


def test_a_school_without_recorded_pupils_gets_the_years_pupils_evenly() -> None:
    project, standards = toy(), load_standards()
    schools = project.schools.copy()
    for g in range(1, 7):
        schools[f"enrol_g{g}"] = 0
    empty = project.with_layers(schools=schools)
    result = forecast(empty, standards, years=[2025], births=births(), history=None)
    year = forecast_year_project(empty, result, 2025)
    t = result.years.index(2025)
    shown = year.schools.loc[1, [f"enrol_g{g}" for g in range(1, 7)]].to_numpy(dtype=float)
    assert shown == pytest.approx(np.full(6, result.school_pupils[t, 1, 0] / 6))


def test_a_year_outside_the_forecast_or_other_schools_are_refused() -> None:
    project, standards = toy(), load_standards()
    result = forecast(project, standards, years=[2025], births=births(), history=history())
    with pytest.raises(InputError, match="no such year"):
        forecast_year_project(project, result, 2030)
    other = project.with_layers(schools=project.schools.iloc[::-1].reset_index(drop=True))
    with pytest.raises(InputError, match="other schools"):
        forecast_year_project(other, result, 2025)
