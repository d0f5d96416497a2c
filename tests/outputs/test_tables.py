"""The files of ``schoolplan analyze``, on a tiny county."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gis.analysis import analyze
from gis.project import Project
from gis.standards import load_standards
from outputs.tables import write_analysis


@pytest.fixture(scope="module")
def standards():  # type: ignore[no-untyped-def]
    return load_standards()


def test_outputs_written(line_county: Project, standards, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pyogrio

    written = write_analysis(analyze(line_county, standards), tmp_path)
    assert {name for name, _ in pyogrio.list_layers(written["catchments"])} == {"catchments", "cells"}
    indicators = pd.read_csv(written["indicators"])
    assert list(indicators.columns) == ["scope", "level", "metric", "value"]
    schools = pd.read_csv(written["schools"])
    assert list(schools["school_id"]) == ["P1", "J1"]
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())
