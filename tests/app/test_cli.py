"""The schoolplan command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from app.cli import main
from gis.project import Project, save_project


def test_help_documents_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in ("analyze", "demo"):
        assert command in out
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    out = capsys.readouterr().out
    assert "catchments.gpkg" in out and "--out" in out


def test_analyze_writes_outputs(line_county: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = save_project(line_county, tmp_path / "line.gpkg")
    out = tmp_path / "out"
    assert main(["analyze", str(project), "--out", str(out), "--quiet"]) == 0
    assert {p.name for p in out.iterdir()} == {
        "catchments.gpkg", "indicators.csv", "schools.csv", "catchments.png", "cells_primary.tif", "cells_junior.tif",
        "cells_schools.csv",
    }  # fmt: skip
    layers = dict(pyogrio.list_layers(out / "catchments.gpkg"))
    assert set(layers) == {"catchments", "cells"}
    cells = pyogrio.read_dataframe(out / "catchments.gpkg", layer="cells")
    assert {"level", "school_id", "travel_min", "within_threshold"} <= set(cells.columns)
    indicators = pd.read_csv(out / "indicators.csv")
    share = indicators.query("scope == 'county' and level == 'grades_1_3' and metric == 'share_within_threshold'")
    assert share["value"].iloc[0] == pytest.approx(5 / 18)
    assert "grades_1_3" in capsys.readouterr().out


def test_bad_project_exits_2_with_one_line_per_problem(line_county: Project, tmp_path: Path) -> None:
    schools = line_county.schools.copy()
    schools.loc[0, "enrol_g1"] = -3
    schools.loc[1, "type"] = "college"
    path = save_project(line_county.with_layers(schools=schools), tmp_path / "bad.gpkg")
    run = subprocess.run(
        [sys.executable, "-m", "app.cli", "analyze", str(path), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 2
    assert all(line.startswith("error: ") and "bad.gpkg" in line for line in lines)
    assert any("feature P1" in line and "field enrol_g1" in line for line in lines)
    assert any("feature J1" in line and "field type" in line and "college" in line for line in lines)
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(("user", "expected"), [(None, "False"), ("1", "True")])
def test_the_application_turns_off_numpys_huge_pages_unless_the_user_set_it(user: str | None, expected: str) -> None:
    """Huge pages asked for on each large array made large counties slower here (BENCHMARKS.md)."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    if user is not None:
        env["NUMPY_MADVISE_HUGEPAGE"] = user
    code = "import app.cli; from numpy._core import multiarray; print(multiarray._get_madvise_hugepage())"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert run.stdout.strip() == expected


def test_missing_project_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tmp_path / "nope.gpkg"), "--out", str(tmp_path / "o")]) == 2
    assert "project file not found" in capsys.readouterr().err


def test_an_output_folder_that_is_a_file_is_one_line(
    line_county: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = save_project(line_county, tmp_path / "line.gpkg")
    blocker = tmp_path / "out"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["analyze", str(project), "--out", str(blocker / "sub"), "--quiet"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and str(blocker) in err[0], err
    assert "Traceback" not in err[0]
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_bug_is_one_line_and_its_traceback_goes_to_a_crash_log(
    line_county: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = save_project(line_county, tmp_path / "line.gpkg")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def broken(*args: object, **kwargs: object) -> int:
        return {}["no such key"]  # type: ignore[no-any-return]

    monkeypatch.setattr("app.cli.run_analysis", broken)
    assert main(["analyze", str(project), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    logs = list((tmp_path / "cache" / "schoolplan").glob("crash-*.log"))
    assert len(logs) == 1
    assert err[0] == (
        f"error: unexpected failure (KeyError: 'no such key'); details in {logs[0]}: "
        "please send that file with a report"
    )
    text = logs[0].read_text(encoding="utf-8")
    assert text.startswith("Traceback (most recent call last):") and "in broken" in text and "KeyError" in text


def test_ctrl_c_is_one_line(
    line_county: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = save_project(line_county, tmp_path / "line.gpkg")

    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("app.cli.run_analysis", interrupted)
    assert main(["analyze", str(project), "--out", str(tmp_path / "out")]) == 130
    assert capsys.readouterr().err.strip().splitlines() == ["interrupted"]


def test_every_commands_help_prints(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse formats each help with %: a bare % in any option's help fails the whole --help."""
    import argparse

    from app.cli import _parser

    commands = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert {"analyze", "province", "demo-province", "zones"} <= set(commands)
    for name in commands:
        with pytest.raises(SystemExit) as done:
            main([name, "--help"])
        assert done.value.code == 0, name
        assert "usage: schoolplan" in capsys.readouterr().out, name
