"""``schoolplan export``: each kind of output from the command line, and refusals in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.image import imread
from openpyxl import load_workbook

from app.cli import main
from gis.project import Project, save_project


@pytest.fixture
def project_file(line_county: Project, tmp_path: Path) -> Path:
    return save_project(line_county, tmp_path / "line.gpkg")


def test_excel_report(project_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    assert main(["export", str(project_file), "--what", "xlsx", "--out", str(out), "--quiet"]) == 0
    book = load_workbook(out, read_only=True)
    assert "县域指标" in book.sheetnames and "学校" in book.sheetnames


def test_printed_map_size_follows_paper_and_dpi(project_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "map.png"
    args = ["export", str(project_file), "--what", "catchments", "--out", str(out), "--dpi", "50", "--quiet"]
    assert main(args) == 0
    height, width = imread(out).shape[:2]
    assert abs(width - round(297 / 25.4 * 50)) <= 1 and abs(height - round(210 / 25.4 * 50)) <= 1


def test_refusals(project_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(project_file), "--what", "atlas", "--out", str(tmp_path / "a.png")]) == 2
    assert "the atlas export is written as .pdf" in capsys.readouterr().err
    assert main(["export", str(project_file), "--what", "comparison", "--out", str(tmp_path / "c.pdf")]) == 2
    assert "needs --scenario" in capsys.readouterr().err
    assert not (tmp_path / "c.pdf").exists()
