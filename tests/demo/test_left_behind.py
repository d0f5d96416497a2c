"""The demo county's left-behind children: the bundled table is the generator's, reads cleanly and
lists every village with 15-30 % of its children of ages 6-14."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app.cli import DEMO_PROJECT
from demo.left_behind import SHARE, make_left_behind
from gis.cohorts import link_cells_to_places
from gis.importing.left_behind import read_left_behind
from gis.importing.report import ImportReport
from gis.project import Project, load_project
from gis.standards import load_standards

TABLE = Path(DEMO_PROJECT).parent / "bancang-left-behind.csv"


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(DEMO_PROJECT)


def test_the_bundled_table_is_the_generators(project: Project) -> None:
    made = make_left_behind(project, seed=int(project.settings["seed"]))
    bundled = pd.read_csv(TABLE, encoding="utf-8-sig", dtype={"村名": str, "乡镇": str})
    pd.testing.assert_frame_equal(bundled, made, check_dtype=False)
    assert TABLE.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel


def test_every_village_has_15_to_30_percent_left_behind(project: Project) -> None:
    report = ImportReport()
    left = read_left_behind(TABLE, project, report=report)
    assert report.errors == []
    assert report.warnings == []
    assert left is not None
    places, pop = project.places, project.population
    link = link_cells_to_places(pop, places, density_per_km2=load_standards().forecast.built_up_density_per_km2)
    children = np.bincount(link, weights=(pop["primary"] + pop["junior"]).to_numpy(), minlength=len(places))
    village = (places["kind"] == "village").to_numpy()
    assert (left.children[~village] == 0).all()
    # Rounded to whole children: within half a child of the range.
    low, high = SHARE
    assert (left.children[village] >= low * children[village] - 0.5).all()
    assert (left.children[village] <= high * children[village] + 0.5).all()
    assert 0.15 < left.total / children[village].sum() < 0.30
