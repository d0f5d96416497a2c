"""The demo province (demo.province): counties with their own names, codes and places, one file broken.

Each county is read back from the file written; what is expected comes from the issue (12 believable
counties side by side, one broken on purpose, the same seed giving the same counties), not from the
generator.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from demo.province import ProvinceDemo, make_province, province_plan
from demo.terrain import county_outline
from gis.errors import Cancelled, InputError
from gis.project import Project, load_project

SMALL = (0.1, 0.15)  # small counties, for speed
SEED = 7
HAN = re.compile(r"^[\u4e00-\u9fff]+$")


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> ProvinceDemo:
    out = tmp_path_factory.mktemp("province")
    (out / "notes.txt").write_text("a planner's own file")
    return make_province(out, counties=3, seed=SEED, scales=SMALL)


@pytest.fixture(scope="module")
def projects(province: ProvinceDemo) -> list[Project]:
    return [load_project(path) for path in province.files]


def test_files_names_and_the_folder(province: ProvinceDemo) -> None:
    folder = province.broken.parent
    assert len(province.files) == 2 and len(province.names) == 3
    assert {p.parent for p in province.files} == {folder}
    for path in (*province.files, province.broken):
        assert path.is_file() and path.suffix == ".gpkg" and path.name.isascii()
    assert len({p.name for p in (*province.files, province.broken)}) == 3
    assert len(set(province.names)) == 3
    assert all(HAN.match(name) and name.endswith("县") for name in province.names)
    assert "半仓县" not in province.names
    assert (folder / "notes.txt").read_text() == "a planner's own file"  # other files are left alone
    assert province.seconds > 0


def test_each_county_has_its_own_name_and_code(province: ProvinceDemo, projects: list[Project]) -> None:
    codes = []
    for project, name in zip(projects, province.names, strict=False):
        assert project.name == name
        assert project.settings["name"] == project.settings["county"] == name
        code = project.settings["county_code"]
        assert re.fullmatch(r"52\d{4}", code)  # one province's range (Guizhou's, 52)
        codes.append(code)
        # Township codes, the townships the children, places and schools are in, school ids:
        # all the county's own.
        assert all(c.startswith(code) and len(c) == 9 for c in project.townships["code"])
        for layer in (project.population, project.places, project.schools):
            assert set(layer["township"]) <= set(project.townships["code"])
        assert all(i.startswith(code) and len(i) == 10 for i in project.schools["school_id"])
        # The county seat, its schools and the main river carry the county's name, never the
        # demo county's.
        stem = name.removesuffix("县")
        seat = project.places.loc[project.places["kind"] == "county_seat", "name"].tolist()
        assert seat == [f"{stem}县城"]
        assert (project.schools["name"].str.startswith(name)).sum() >= 2
        assert f"{stem}河" in set(project.rivers["name"])
        for layer in (project.places, project.schools, project.rivers):
            assert not layer["name"].str.contains("半仓").any()
    assert len(set(codes)) == len(codes)


def test_school_ids_and_township_codes_differ_across_counties(projects: list[Project]) -> None:
    ids = pd.concat([p.schools["school_id"] for p in projects])
    assert ids.is_unique
    townships = pd.concat([p.townships["code"] for p in projects])
    assert townships.is_unique


def test_counties_lie_side_by_side_without_overlapping(projects: list[Project]) -> None:
    outlines = [shapely.union_all(p.townships.geometry.values) for p in projects]
    for p in projects:
        assert p.townships.crs.to_epsg() == 4545
    for a, b in itertools.combinations(outlines, 2):
        assert a.intersection(b).area < 1.0  # m²
        # Neighbours: their middles some 50 to 110 km apart on the province's grid.
        assert 50_000 <= a.centroid.distance(b.centroid) <= 110_000
    # Every layer and the elevation model moved with the county.
    for p, outline in zip(projects, outlines, strict=True):
        west, south, east, north = outline.bounds
        assert shapely.box(west, south, east, north).buffer(100).contains(shapely.union_all(p.schools.geometry.values))
        assert outline.buffer(100).contains(shapely.union_all(p.population.geometry.values))
        assert p.dem is not None
        dem_west, dem_north = p.dem.transform.c, p.dem.transform.f
        rows, cols = p.dem.elevation.shape
        assert dem_west <= west and dem_north >= north
        assert dem_west + cols * 100 >= east and dem_north - rows * 100 <= south
        assert float(p.settings["x0"]) == dem_west and float(p.settings["y0"]) == dem_north


def test_the_broken_county_is_reported_by_the_loader(province: ProvinceDemo, projects: list[Project]) -> None:
    sizes = [path.stat().st_size for path in province.files]
    assert province.broken.stat().st_size < min(sizes)
    with pytest.raises(InputError, match=re.escape(province.broken.name)) as caught:
        load_project(province.broken)
    assert "not a readable GeoPackage" in str(caught.value)
    assert len(projects) == 2  # the good ones load


def test_the_same_seed_gives_the_same_counties(province: ProvinceDemo, tmp_path: Path) -> None:
    # A second run into a folder with an earlier run's files in it: they are replaced.
    (tmp_path / province.files[0].name).write_bytes(b"an earlier run's file")
    (tmp_path / province.broken.name).write_bytes(province.broken.read_bytes())
    again = make_province(tmp_path, counties=3, seed=SEED, scales=SMALL)
    assert again.names == province.names
    assert [p.name for p in again.files] == [p.name for p in province.files]
    for first, second in zip(province.files, again.files, strict=True):
        a, b = load_project(first), load_project(second)
        pd.testing.assert_frame_equal(a.schools, b.schools)
        assert a.settings["seed"] == b.settings["seed"] and a.settings["scale"] == b.settings["scale"]
    with pytest.raises(InputError):
        load_project(again.broken)


def test_the_seed_chooses_the_counties() -> None:
    a, b = province_plan(3, seed=SEED, scales=SMALL), province_plan(3, seed=SEED + 1, scales=SMALL)
    assert [c.seed for c in a] != [c.seed for c in b]
    assert len({c.seed for c in a}) == 3
    assert all(SMALL[0] <= c.scale <= SMALL[1] for c in a)
    assert {c.scale for c in a} == {0.1, 0.125, 0.15}  # spread evenly from the smallest to the largest


def test_twelve_counties_of_the_demo_do_not_overlap() -> None:
    """The layout of ``schoolplan demo-province`` (12 counties of 0.15 to 0.45), from each
    county's outline drawn from its seed and moved by its offset."""
    plan = province_plan(12)
    boxes = []
    for county in plan:
        grid, mask = county_outline(np.random.default_rng(county.seed), county.scale)
        rows, cols = np.nonzero(mask)
        x0, y0 = grid.x0 + county.offset[0], grid.y0 + county.offset[1]
        boxes.append(
            shapely.box(
                x0 + cols.min() * 100, y0 - (rows.max() + 1) * 100, x0 + (cols.max() + 1) * 100, y0 - rows.min() * 100
            )
        )
    assert len({c.name for c in plan}) == len({c.code for c in plan}) == len({c.stem for c in plan}) == 12
    for a, b in itertools.combinations(boxes, 2):
        assert a.distance(b) >= 2_000
    # Side by side: the nearest neighbour of each county 50-100 km away, all within 350 km.
    middles = np.array([[b.centroid.x, b.centroid.y] for b in boxes])
    d = np.hypot(*(middles[:, None, :] - middles[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(d, np.inf)
    assert (d.min(axis=1) >= 50_000).all() and (d.min(axis=1) <= 100_000).all()
    assert d[np.isfinite(d)].max() <= 350_000


def test_progress_and_cancel(tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    demo = make_province(
        tmp_path / "p", counties=2, seed=3, scales=(0.08, 0.08), progress=lambda f, m: seen.append((f, m))
    )
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    for name in demo.names:
        assert any(m.startswith(name) for _, m in seen)
    with pytest.raises(Cancelled):
        make_province(tmp_path / "q", counties=2, seed=3, scales=(0.08, 0.08), cancel=lambda: True)
    assert not list((tmp_path / "q").glob("*.gpkg"))


@pytest.mark.parametrize("counties", [1, 0, -3, 61, 2.5, True, "12"])
def test_bad_numbers_of_counties(counties: object, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="counties"):
        make_province(tmp_path, counties=counties)  # type: ignore[arg-type]
    assert not list(tmp_path.glob("*.gpkg"))


@pytest.mark.parametrize("scales", [(0.3, 0.1), (0.1,), (0.0, 0.2), ("a", "b")])
def test_bad_scales(scales: object, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="scales"):
        make_province(tmp_path, counties=3, scales=scales)  # type: ignore[arg-type]
