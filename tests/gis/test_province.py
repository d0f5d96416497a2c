"""The province on a real Dask cluster: a scheduler and two workers started as their own
processes on loopback with Dask's ``dask scheduler`` / ``dask worker`` commands (no mock), small
generated counties and a broken file. Each county's figures are compared with a serial
``schoolplan analyze`` and ``schoolplan balance`` of it; a worker killed mid-run must cost nothing."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app.cli import main
from demo import generate_county
from gis.project import save_project
from gis.province import Cluster, county_tasks, find_projects, read_county, run_province

pytestmark = pytest.mark.slow
DASK = Path(sys.executable).with_name("dask")
COUNTIES = {"青岩县": (11, 0.3), "龙溪县": (12, 0.25), "石阡县": (13, 0.3), "白河县": (14, 0.25)}


@pytest.fixture(scope="module")
def counties(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four small counties of their own names and one truncated project file."""
    folder = tmp_path_factory.mktemp("counties")
    for i, (name, (seed, scale)) in enumerate(COUNTIES.items()):
        project = generate_county(seed=seed, scale=scale)
        project = dataclasses.replace(project, name=name, settings={**project.settings, "name": name, "county": name})
        save_project(project, folder / f"county{i}.gpkg")
    whole = (folder / "county0.gpkg").read_bytes()
    (folder / "broken.gpkg").write_bytes(whole[: len(whole) // 3])
    return folder


@pytest.fixture(scope="module")
def serial(counties: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Each county's indicators.csv and balance.csv from ``schoolplan analyze`` and ``balance``, one by one."""
    out = tmp_path_factory.mktemp("serial")
    found = {}
    for i, name in enumerate(COUNTIES):
        path = counties / f"county{i}.gpkg"
        assert main(["analyze", str(path), "--out", str(out / name), "--no-map", "--quiet"]) == 0
        assert main(["balance", str(path), "--out", str(out / name), "--quiet"]) == 0
        indicators = pd.read_csv(out / name / "indicators.csv")
        found[name] = (indicators[indicators["scope"] == "county"], pd.read_csv(out / name / "balance.csv"))
    return found


class _Cluster:
    """A Dask scheduler and workers as processes of their own on loopback, as a user starts them."""

    def __init__(self, folder: Path, workers: int) -> None:
        self.file = folder / "scheduler.json"
        self._file = ("--scheduler-file", str(self.file))
        env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}
        self.processes = [
            subprocess.Popen(
                [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", *self._file],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        ]
        deadline = time.monotonic() + 60
        while not self.file.exists() or not self.file.read_text():
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.1)
        time.sleep(0.2)
        self.address = json.loads(self.file.read_text())["address"]
        self._loopback = ("--host", "127.0.0.1", "--memory-limit", "2GB")
        self.workers = [
            subprocess.Popen(
                [DASK, "worker", self.address, "--nthreads", "1", "--no-nanny", "--no-dashboard", *self._loopback],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(workers)
        ]
        self.processes += self.workers
        from distributed import Client

        with Client(self.address, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=120)

    def close(self) -> None:
        # The workers first (they would wait for a scheduler gone), then the scheduler.
        for process in [*self.workers, self.processes[0]]:
            if process.poll() is None:
                process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def cluster(tmp_path: Path):  # type: ignore[no-untyped-def]
    running = _Cluster(tmp_path, workers=2)
    yield running
    running.close()


def _check_against_serial(out: Path, serial: dict[str, tuple[pd.DataFrame, pd.DataFrame]]) -> None:
    figures = pd.read_csv(out / "province_counties.csv")
    balance = pd.read_csv(out / "province_balance.csv")
    assert set(figures["county"]) == set(COUNTIES)
    for name, (indicators, coefficients) in serial.items():
        mine = figures[figures["county"] == name].set_index(["level", "metric"])["value"]
        for row in indicators.itertuples(index=False):
            metric = "children_not_placed" if row.metric == "children_overflow" else row.metric
            if (row.level, metric) in mine.index:
                assert mine[row.level, metric] == pytest.approx(row.value, rel=1e-9, abs=1e-9, nan_ok=True)
        assert mine["grades_1_3", "share_within_threshold"] == pytest.approx(
            indicators.set_index(["level", "metric"]).loc[("grades_1_3", "share_within_threshold"), "value"]
        )
        theirs = balance[balance["county"] == name].set_index(["level", "method", "indicator"])
        expected = coefficients.set_index(["level", "method", "indicator"])
        assert len(theirs) == len(expected)
        np.testing.assert_allclose(
            theirs.loc[expected.index, "coefficient"].to_numpy(float), expected["coefficient"].to_numpy(float)
        )
        assert (out / name / "indicators.csv").is_file()
        assert (out / name / "balance.csv").is_file()


def test_province_on_a_scheduler_and_two_worker_processes(
    counties: Path, serial: dict, cluster: _Cluster, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "province"
    code = main(["province", str(counties), "--out", str(out), "--scheduler", cluster.address, "--quiet"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    _check_against_serial(out, serial)
    failures = pd.read_csv(out / "province_failures.csv")
    assert failures["county"].tolist() == ["broken"]
    assert failures["step"].tolist() == ["read"]
    assert "broken.gpkg" in failures["message"].iloc[0]
    assert "failed: broken (read):" in printed.err
    assert not (out / "broken").exists()
    assert not list(out.glob(".*"))  # no partial folder left


def test_a_worker_killed_mid_run_costs_nothing(counties: Path, serial: dict, cluster: _Cluster, tmp_path: Path) -> None:
    from distributed import Client

    paths = [p for p in find_projects([counties]) if p.name != "broken.gpkg"]
    tasks = county_tasks([read_county(p) for p in paths], tmp_path / "province")
    killed: dict[str, str] = {}
    watcher = Client(cluster.address, set_as_default=False)
    pids = watcher.run(os.getpid)

    def kill_one_running() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            for worker, keys in watcher.processing().items():
                held = [str(k) for k in keys if str(k).startswith("county-")]
                if held:
                    time.sleep(0.3)  # well inside the county's work, if it still runs there
                    if held[0] not in {str(k) for k in watcher.processing().get(worker, ())}:
                        continue
                    os.kill(pids[worker], signal.SIGKILL)
                    killed["worker"], killed["county"] = worker, tasks[int(held[0].rsplit("-", 1)[1])].county
                    return
            time.sleep(0.02)

    thread = threading.Thread(target=kill_one_running)
    thread.start()
    try:
        from outputs.province import write_county

        result = run_province(tasks, write=write_county, cluster=Cluster(scheduler=cluster.address))
    finally:
        thread.join()
        watcher.close()
    assert killed, "no county was seen running"
    assert not result.failures
    assert {c.county for c in result.counties} == set(COUNTIES)
    again = next(c for c in result.counties if c.county == killed["county"])
    assert again.worker and again.worker != killed["worker"]  # run again on the other worker
    from outputs.province import write_province

    write_province(result, tmp_path / "province")
    _check_against_serial(tmp_path / "province", serial)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_scheduler_is_said_within_seconds(
    counties: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    address = f"tcp://127.0.0.1:{_closed_port()}"
    started = time.monotonic()
    code = main(["province", str(counties), "--out", str(tmp_path / "out"), "--scheduler", address, "--quiet"])
    assert code == 2
    assert time.monotonic() - started < 15
    err = capsys.readouterr().err
    assert "field --scheduler: cannot reach the Dask scheduler" in err
    assert "dask scheduler" in err
    assert not (tmp_path / "out" / "province_counties.csv").exists()


def test_two_projects_of_one_county_and_year_are_refused(
    counties: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    twin = tmp_path / "twin.gpkg"
    twin.write_bytes((counties / "county1.gpkg").read_bytes())
    code = main(["province", str(counties), str(twin), "--out", str(tmp_path / "out"), "--quiet"])
    assert code == 2
    err = capsys.readouterr().err
    assert "two projects of the same county and year" in err
    assert "county1.gpkg" in err and "twin.gpkg" in err and "龙溪县" in err
    assert not (tmp_path / "out").exists()


def test_no_counties_or_a_folder_without_projects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["province", "--out", str(tmp_path / "out")]) == 2
    assert "no counties given" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["province", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 2
    assert "the folder holds no project (.gpkg)" in capsys.readouterr().err
    assert main(["province", str(tmp_path / "nowhere.gpkg"), "--out", str(tmp_path / "out")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_two_years_on_the_local_cluster_give_the_year_over_year_table(
    counties: Path, serial: dict, tmp_path: Path
) -> None:
    out = tmp_path / "province"
    files = [str(counties / "county0.gpkg"), str(counties / "county1.gpkg")]
    years = ["--year", "2025", "--year", "2027"]
    code = main(["province", *files, "--out", str(out), *years, "--workers", "2", "--quiet"])
    assert code == 0
    years = pd.read_csv(out / "province_years.csv")
    figures = pd.read_csv(out / "province_counties.csv")
    assert set(figures["year"]) == {2025, 2027}
    for name in ("青岩县", "龙溪县"):
        row = years[(years["county"] == name) & (years["level"] == "primary") & (years["metric"] == "children")]
        now = figures[(figures["county"] == name) & (figures["year"] == 2025)].set_index(["level", "metric"])
        later = figures[(figures["county"] == name) & (figures["year"] == 2027)].set_index(["level", "metric"])
        assert row["2025"].item() == pytest.approx(now.loc[("primary", "children"), "value"])
        assert row["change"].item() == pytest.approx(
            later.loc[("primary", "children"), "value"] - now.loc[("primary", "children"), "value"]
        )
        # The base year is the project's own: the same as the serial analysis.
        indicators = serial[name][0].set_index(["level", "metric"])["value"]
        assert row["2025"].item() == pytest.approx(indicators["primary", "children"])
        assert (out / name / "2025" / "indicators.csv").is_file()
        assert (out / name / "2027" / "indicators.csv").is_file()


@pytest.mark.parametrize(
    ("option", "said"),
    [
        (["--memory-per-worker", "lots"], "field --memory-per-worker: not an amount of memory (value: lots)"),
        (["--do", "analyse,balance"], "field --do: unknown step (value: analyse); choose among analyze,balance"),
        (["--map-figure", "primary:nonsense"], "the province map cannot be coloured by this figure"),
        (["--workers", "0"], "field --workers: workers must be 1 or more"),
        (["--gap", "120"], "field --gap: the gap is a percentage from 0 to 100"),
    ],
)
def test_bad_options_are_said_before_any_county_runs(
    counties: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str], said: str
) -> None:
    assert main(["province", str(counties), "--out", str(tmp_path / "out"), "--quiet", *option]) == 2
    assert said in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
