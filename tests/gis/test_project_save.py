"""Saving a project: nothing of the planner's lost, two writers never lose each other's work,
a crash or a full disk never leaves a half-written file or stray temporary files."""

from __future__ import annotations

import concurrent.futures as cf
import errno
import multiprocessing
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest
import rasterio
from affine import Affine
from shapely.geometry import Point

from app.cli import main as cli_main
from gis.edits import Close, Scenario
from gis.errors import ProjectChangedError, StorageError
from gis.project import Project, edit_project, load_project, save_project, write_project

ROOT = Path(__file__).resolve().parents[2]


def _planner_extras(path: Path) -> dict[str, object]:
    """Add what a planner keeps in a project file with QGIS; return it as read back independently."""
    import geopandas as gpd

    wells = gpd.GeoDataFrame(
        {"名称": ["水井一", "水井二"], "depth_m": [12.5, 30.0]},
        geometry=[Point(1500.0, -80.0), Point(4200.0, -20.0)],
        crs="EPSG:4545",
    )
    pyogrio.write_dataframe(wells, path, layer="我的水井", driver="GPKG")
    shade = (np.arange(20, dtype=np.uint8).reshape(4, 5) * 10).astype(np.uint8)
    with rasterio.open(
        path, "w", driver="GPKG", width=5, height=4, count=1, dtype="uint8", crs="EPSG:4545",
        transform=Affine(100, 0, 0, 0, -100, 0), RASTER_TABLE="hillshade", APPEND_SUBDATASET="YES",
    ) as dst:  # fmt: skip
        dst.write(shade, 1)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE planner_notes (id INTEGER PRIMARY KEY, note TEXT)")
        db.execute("INSERT INTO planner_notes (note) VALUES ('村小明年检修'), ('问一下乡长')")
        db.execute(
            "CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT, "
            "f_table_schema TEXT, f_table_name TEXT, f_geometry_column TEXT, styleName TEXT, styleQML TEXT, "
            "styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT, ui TEXT, update_time DATETIME)"
        )
        db.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, "
            "styleQML, useAsDefault) VALUES ('', '', '我的水井', 'geom', '水井样式', '<qgis>wells</qgis>', 1), "
            "('', '', 'schools', 'geometry', '我的学校样式', '<qgis>mine</qgis>', 0)"
        )
    return {"wells": wells, "shade": shade}


def _assert_extras_kept(path: Path, extras: dict[str, object]) -> None:
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert {"我的水井", "schools", "population", "roads"} <= layers
    wells = pyogrio.read_dataframe(path, layer="我的水井")
    expected = extras["wells"]
    assert list(wells["名称"]) == list(expected["名称"])  # type: ignore[index]
    assert list(wells["depth_m"]) == list(expected["depth_m"])  # type: ignore[index]
    assert [g.coords[0] for g in wells.geometry] == [(1500.0, -80.0), (4200.0, -20.0)]
    with rasterio.open(f"GPKG:{path}:hillshade") as src:
        np.testing.assert_array_equal(src.read(1), extras["shade"])
        assert src.transform == Affine(100, 0, 0, 0, -100, 0)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT note FROM planner_notes ORDER BY id").fetchall() == [
            ("村小明年检修",),
            ("问一下乡长",),
        ]
        styles = db.execute("SELECT f_table_name, styleName, styleQML FROM layer_styles ORDER BY id").fetchall()
    assert ("我的水井", "水井样式", "<qgis>wells</qgis>") in styles
    assert ("schools", "我的学校样式", "<qgis>mine</qgis>") in styles


def test_a_save_keeps_the_planners_layers_tables_and_styles(line_county: Project, tmp_path: Path) -> None:
    path = save_project(line_county, tmp_path / "county.gpkg")
    extras = _planner_extras(path)
    project = load_project(path)
    save_project(project.with_scenario(Scenario("关闭", (Close("P1"),))), path)
    _assert_extras_kept(path, extras)
    # and again, now that the file is one SchoolPlan wrote with the extras carried over
    again = load_project(path)
    assert [s.name for s in again.scenarios] == ["关闭"]
    save_project(again.with_layers(name="改名县"), path)
    _assert_extras_kept(path, extras)
    assert load_project(path).name == "改名县"
    # GDAL finds every table consistent (its integrity check of the GeoPackage)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_save_as_carries_the_extras_into_the_new_file(line_county: Project, tmp_path: Path) -> None:
    path = save_project(line_county, tmp_path / "county.gpkg")
    extras = _planner_extras(path)
    copy = save_project(load_project(path), tmp_path / "copy" / "county-2.gpkg")
    _assert_extras_kept(copy, extras)


def test_styles_given_become_defaults_and_the_planners_style_stays(line_county: Project, tmp_path: Path) -> None:
    path = save_project(line_county, tmp_path / "county.gpkg")
    _planner_extras(path)
    save_project(load_project(path), path, styles={"schools": "<qgis>schoolplan</qgis>"})
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT styleName, styleQML, useAsDefault FROM layer_styles WHERE f_table_name = 'schools'")
        found = sorted(rows.fetchall())
    assert found == [("SchoolPlan", "<qgis>schoolplan</qgis>", 1), ("我的学校样式", "<qgis>mine</qgis>", 0)]
    # a later save without styles keeps them; a new style of SchoolPlan's replaces its own only
    save_project(load_project(path), path)
    save_project(load_project(path), path, styles={"schools": "<qgis>v2</qgis>"})
    with sqlite3.connect(path) as db:
        found = sorted(db.execute("SELECT styleName, styleQML FROM layer_styles WHERE f_table_name = 'schools'"))
    assert found == [("SchoolPlan", "<qgis>v2</qgis>"), ("我的学校样式", "<qgis>mine</qgis>")]


def test_a_save_keeps_the_files_permissions(line_county: Project, tmp_path: Path) -> None:
    path = save_project(line_county, tmp_path / "county.gpkg")
    os.chmod(path, 0o640)
    save_project(load_project(path), path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_a_file_changed_on_disk_is_not_overwritten(line_county: Project, tmp_path: Path) -> None:
    path = save_project(line_county, tmp_path / "county.gpkg")
    mine = load_project(path)
    theirs = load_project(path)
    save_project(theirs.with_scenario(Scenario("他们的", (Close("P1"),))), path)
    before = path.read_bytes()
    with pytest.raises(ProjectChangedError, match=r"changed on disk since it was opened .* reload it"):
        save_project(mine.with_scenario(Scenario("我的", (Close("J1"),))), path)
    assert path.read_bytes() == before
    # saving under another name is always possible; so is overwriting on purpose
    save_project(mine, tmp_path / "mine.gpkg")
    write_project(mine, path, overwrite_changed=True)
    assert load_project(path).scenarios == ()


def test_saving_twice_from_one_load_is_fine(line_county: Project, tmp_path: Path) -> None:
    """The project a save returns is bound to the new file: its next save is not refused."""
    path = tmp_path / "county.gpkg"
    saved = write_project(line_county, path)
    saved = write_project(saved.with_scenario(Scenario("一", (Close("P1"),))), path)
    saved = write_project(saved.with_scenario(Scenario("二", (Close("J1"),))), path)
    assert [s.name for s in load_project(path).scenarios] == ["一", "二"]


def test_stale_temporary_files_are_removed_and_the_folder_is_flushed(
    line_county: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save_project(line_county, tmp_path / "county.gpkg")
    stale = [tmp_path / ".county.gpkg.k3j2_x.tmp.gpkg", tmp_path / ".county.gpkg.abcd.tmp.gpkg-journal"]
    for p in stale:
        p.write_bytes(b"half a save")
    other = tmp_path / ".other.gpkg.zz.tmp.gpkg"  # another project's: not ours to remove
    other.write_bytes(b"x")
    synced: list[tuple[bool, str]] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        st = os.fstat(fd)
        synced.append((stat.S_ISDIR(st.st_mode), str(st.st_ino)))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    save_project(load_project(path), path)
    assert not any(p.exists() for p in stale) and other.exists()
    # the new file, then its folder (after the replace)
    assert [d for d, _ in synced] == [False, True]
    assert synced[1][1] == str(os.stat(tmp_path).st_ino)


# ----------------------------------------------------------------------------- two writers
def _scenario_job(args: tuple[str, str, str, str]) -> str:
    """In a process of its own: add a scenario to the project, one way or the other."""
    path, name, school, how = args
    from gis.edits import Close, Scenario
    from gis.errors import ProjectChangedError
    from gis.project import edit_project, load_project, write_project

    scenario = Scenario(name, (Close(school),))
    _BARRIER.wait(timeout=60)
    if how == "edit":
        edit_project(path, lambda p: p.with_scenario(scenario))
        return "saved"
    project = load_project(path)
    _BARRIER.wait(timeout=60)  # both have read the same file before either saves
    try:
        write_project(project.with_scenario(scenario), path)
    except ProjectChangedError as exc:
        return f"refused: {exc}"
    return "saved"


_BARRIER: multiprocessing.synchronize.Barrier  # set in each worker process


def _set_barrier(barrier: multiprocessing.synchronize.Barrier) -> None:
    global _BARRIER
    _BARRIER = barrier


@pytest.fixture(scope="module")
def two_processes() -> cf.ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    with cf.ProcessPoolExecutor(2, mp_context=context, initializer=_set_barrier, initargs=(barrier,)) as pool:
        yield pool


def test_two_processes_editing_at_once_both_scenarios_survive(
    line_county: Project, tmp_path: Path, two_processes: cf.ProcessPoolExecutor
) -> None:
    for round_ in range(10):
        path = save_project(line_county, tmp_path / f"county-{round_}.gpkg")
        jobs = [(str(path), "甲", "P1", "edit"), (str(path), "乙", "J1", "edit")]
        assert list(two_processes.map(_scenario_job, jobs)) == ["saved", "saved"]
        assert sorted(s.name for s in load_project(path).scenarios) == ["乙", "甲"], round_


def test_two_processes_saving_what_they_read_never_lose_work_silently(
    line_county: Project, tmp_path: Path, two_processes: cf.ProcessPoolExecutor
) -> None:
    for round_ in range(10):
        path = save_project(line_county, tmp_path / f"county-{round_}.gpkg")
        jobs = [(str(path), "甲", "P1", "load"), (str(path), "乙", "J1", "load")]
        results = list(two_processes.map(_scenario_job, jobs))
        saved = [name for name, result in zip(("甲", "乙"), results, strict=True) if result == "saved"]
        refused = [r for r in results if r.startswith("refused: ")]
        assert len(saved) == 1 and len(refused) == 1, results
        assert "changed on disk since it was opened" in refused[0]
        assert [s.name for s in load_project(path).scenarios] == saved


def test_scenario_commands_at_once_both_survive(line_county: Project, tmp_path: Path) -> None:
    """Two `schoolplan scenario add` commands started together: both scenarios are in the file."""
    for round_ in range(3):
        path = save_project(line_county, tmp_path / f"county-{round_}.gpkg")
        command = [sys.executable, "-m", "app.cli", "scenario", str(path), "add"]
        runs = [
            subprocess.Popen(
                [*command, name, "--close", school], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for name, school in (("甲", "P1"), ("乙", "J1"))
        ]
        for run in runs:
            _out, err = run.communicate(timeout=300)
            assert run.returncode == 0, err.decode()
        assert sorted(s.name for s in load_project(path).scenarios) == ["乙", "甲"]


def test_edit_project_reports_bad_edits_before_saving(line_county: Project, tmp_path: Path) -> None:
    path = save_project(line_county, tmp_path / "county.gpkg")
    before = path.read_bytes()

    def fail(project: Project) -> Project:
        raise ValueError("bad edit")

    with pytest.raises(ValueError, match="bad edit"):
        edit_project(path, fail)
    assert path.read_bytes() == before


# ----------------------------------------------------------------------------- full disk, read-only folder
@pytest.fixture
def small_disk(tmp_path: Path) -> Path:
    """A 1.5 MB tmpfs (root only; skipped where the machine allows no mount)."""
    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1536k", "tmpfs", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def _bigger(project: Project, n: int) -> Project:
    import geopandas as gpd

    rng = np.random.default_rng(7)
    roads = gpd.GeoDataFrame(
        {"road_class": ["path"] * n, "name": [f"小路{i}" for i in range(n)]},
        geometry=gpd.GeoSeries.from_xy(rng.uniform(0, 6000, n), rng.uniform(-300, 0, n)).buffer(5).boundary,
        crs=project.crs,
    )
    return project.with_layers(roads=pd.concat([project.roads, roads], ignore_index=True))


def test_a_full_disk_ends_in_one_line_and_changes_nothing(
    line_county: Project, small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = save_project(line_county, small_disk / "county.gpkg")
    before = path.read_bytes()
    with pytest.raises(StorageError) as info:
        save_project(_bigger(load_project(path), 6000), path)
    text = str(info.value)
    assert text.startswith(f"disk full: cannot write {path}; it needs about ")
    assert " MB free; free some space or write to another disk" in text
    assert path.read_bytes() == before
    assert sorted(p.name for p in small_disk.iterdir()) == [".county.gpkg.lock", "county.gpkg"]
    # the command line: exit 1, one line, nothing changed
    scenario_args = ["scenario", str(path), "add", "满", "--close", "P1"]
    save_project(_bigger(load_project(path), 400), path)  # now nearly as big as the disk allows
    before = path.read_bytes()
    assert cli_main(scenario_args) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: disk full: cannot write {path}"), err
    assert "Traceback" not in err[0]
    assert path.read_bytes() == before
    assert sorted(p.name for p in small_disk.iterdir()) == [".county.gpkg.lock", "county.gpkg"]


def test_a_read_only_folder_ends_in_one_line(
    line_county: Project, small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = save_project(line_county, small_disk / "county.gpkg")
    before = path.read_bytes()
    remount = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True)
    if remount.returncode != 0:
        pytest.skip(f"cannot remount read-only: {remount.stderr.decode().strip()}")
    try:
        assert cli_main(["scenario", str(path), "add", "只读", "--close", "P1"]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1, err
        assert err[0].startswith(f"error: cannot write {small_disk}"), err
        assert "read-only" in err[0] and "choose another folder" in err[0]
        assert path.read_bytes() == before
        out = small_disk.parent / "out-ro"
        assert cli_main(["analyze", str(path), "--out", str(small_disk / "out"), "--quiet"]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("error: cannot write ") and "read-only" in err[0], err
        assert not out.exists()
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=False)


def test_a_write_failing_with_enospc_is_reported_like_a_full_disk(
    line_county: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no tmpfs can be mounted this is the check: the error GDAL raises for a full disk."""
    from pyogrio.errors import DataSourceError

    path = save_project(line_county, tmp_path / "county.gpkg")
    before = path.read_bytes()
    real = pyogrio.write_dataframe
    calls = {"n": 0}

    def full(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise DataSourceError("sqlite3_exec(COMMIT) failed: database or disk is full")
        real(*args, **kwargs)

    monkeypatch.setattr(pyogrio, "write_dataframe", full)
    with pytest.raises(StorageError, match=r"^disk full: cannot write .*county\.gpkg; it needs about \d+\.\d MB"):
        save_project(load_project(path), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".county.gpkg.lock", "county.gpkg"]


def test_permission_errors_are_one_line(line_county: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = save_project(line_county, tmp_path / "county.gpkg")
    before = path.read_bytes()

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr("gis.fileio.temp_beside", denied)
    with pytest.raises(StorageError, match=r"^cannot write .*: the folder is read-only or you may not write there"):
        save_project(load_project(path), path)
    assert path.read_bytes() == before
