"""The project file: round trip, atomic save, and readable errors for a broken file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyogrio
import pytest
from affine import Affine

from gis.errors import InputError, StorageError
from gis.project import Dem, Project, load_project, save_project


def test_round_trip_keeps_every_layer(line_county: Project, tmp_path: Path) -> None:
    dem = Dem(
        np.arange(12, dtype=np.float32).reshape(3, 4) * 10, Affine(1000, 0, 499000, 0, -1000, 2881000), "EPSG:4545"
    )
    project = line_county.with_layers(dem=dem)
    path = save_project(project, tmp_path / "county.gpkg")
    back = load_project(path)
    assert back.name == "测试县"
    assert back.crs == "EPSG:4545"
    assert list(back.schools["school_id"]) == ["P1", "J1"]
    assert back.population["primary"].sum() == pytest.approx(36.0)
    assert back.roads.geometry.iloc[0].equals(project.roads.geometry.iloc[0])
    assert back.townships["name"].iloc[0] == "城关镇"
    assert back.dem is not None
    np.testing.assert_array_equal(back.dem.elevation, dem.elevation)
    assert back.dem.transform == dem.transform
    assert {name for name, _ in pyogrio.list_layers(path)} >= {"schools", "population", "roads", "settings"}


def test_failed_save_leaves_the_old_file_untouched(
    line_county: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save_project(line_county, tmp_path / "county.gpkg")
    before = path.read_bytes()
    calls = {"n": 0}
    real = pyogrio.write_dataframe

    def failing(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real(*args, **kwargs)

    monkeypatch.setattr(pyogrio, "write_dataframe", failing)
    changed = line_county.with_layers(name="改过的县")
    with pytest.raises(StorageError, match=r"^disk full: cannot write .*county\.gpkg; it needs about \d+\.\d MB"):
        save_project(changed, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".county.gpkg.lock", "county.gpkg"]


def test_missing_layers_are_named(tmp_path: Path, line_county: Project) -> None:
    path = tmp_path / "partial.gpkg"
    pyogrio.write_dataframe(line_county.roads, path, layer="roads", driver="GPKG")
    with pytest.raises(InputError) as info:
        load_project(path)
    assert {(p.layer, p.message) for p in info.value.problems} == {
        ("schools", "required layer is missing"),
        ("population", "required layer is missing"),
    }


def test_bad_values_are_all_reported(tmp_path: Path, line_county: Project) -> None:
    schools = line_county.schools.copy()
    schools.loc[0, "type"] = "university"
    schools.loc[1, "school_id"] = "P1"
    pop = line_county.population.copy()
    pop.loc[2, "primary"] = -4.0
    path = save_project(line_county.with_layers(schools=schools, population=pop), tmp_path / "bad.gpkg")
    with pytest.raises(InputError) as info:
        load_project(path)
    found = {(p.layer, p.feature, p.field, p.value) for p in info.value.problems}
    assert found == {
        ("schools", "P1", "type", "university"),
        ("schools", "", "school_id", "P1"),
        ("population", "2", "primary", "-4.0"),
    }
    text = str(info.value)
    assert "bad.gpkg" in text and "layer schools" in text


def test_not_a_geopackage(tmp_path: Path) -> None:
    path = tmp_path / "notes.gpkg"
    path.write_text("this is not a database", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable GeoPackage"):
        load_project(path)
    with pytest.raises(InputError, match="project file not found"):
        load_project(tmp_path / "missing.gpkg")
