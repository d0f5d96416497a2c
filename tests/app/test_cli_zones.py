"""``schoolplan zones``: the demo county's junior zones checked from the written files, last year's
zones kept, and bad inputs refused with nothing written."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from app.cli import DEMO_PROJECT, main
from gis.project import Project, load_project, save_project


@pytest.fixture(scope="module")
def demo() -> Project:
    return load_project(DEMO_PROJECT)


@pytest.fixture(scope="module")
def junior(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo county's junior zones (one solve for the module), and what the command printed."""
    out = tmp_path_factory.mktemp("zones") / "junior"
    capture = tmp_path_factory.mktemp("stdout") / "out.txt"
    import contextlib

    with capture.open("w") as fh, contextlib.redirect_stdout(fh):
        code = main(
            ["zones", str(DEMO_PROJECT), "--level", "junior", "--gap", "1", "--time-limit", "60", "--quiet",
             "--out", str(out)]
        )  # fmt: skip
    assert code == 0
    return out, capture.read_text()


def _table(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "zones.csv", dtype=str, encoding="utf-8-sig")


def test_every_village_in_exactly_one_zone(junior: tuple[Path, str], demo: Project) -> None:
    out, printed = junior
    table = _table(out)
    assert table["village_code"].is_unique
    # The places' villages and seats, by township and name: each exactly once, or cut into blocks
    # ("CODE-001" …) that each appear once.
    whole = table[~table["village_code"].str.contains("-")]
    places = set(zip(demo.places["township"].astype(str), demo.places["name"].astype(str), strict=True))
    listed = list(zip(whole["township"], whole["village_name"], strict=True))
    assert len(listed) == len(set(listed))
    blocks = table[table["village_code"].str.contains("-")]
    cut = {code.rsplit("-", 1)[0] for code in blocks["village_code"]}
    assert set(listed) <= places
    assert len(listed) + len(cut) == len(places)
    assert f"{table['school_id'].nunique()} zones" in printed
    assert "villages" in printed and "gap" in printed


def test_seats_respected(junior: tuple[Path, str], demo: Project) -> None:
    out, _ = junior
    table = _table(out)
    children = table.assign(children=table["children"].astype(float)).groupby("school_id")["children"].sum()
    seats = demo.schools.set_index(demo.schools["school_id"].astype(str))["capacity_junior"].astype(float)
    # zones.csv rounds each village's children to 0.1.
    slack = 0.05 * table.groupby("school_id").size()
    assert (children <= seats.loc[children.index] + slack).all()
    # Every junior child of the county is in some village's row.
    assert children.sum() == pytest.approx(float(demo.population["junior"].sum()), rel=1e-3)


def test_zone_polygons_single_pieces(junior: tuple[Path, str]) -> None:
    out, _ = junior
    zones = gpd.read_file(out / "zones.gpkg", layer="zones")
    villages = gpd.read_file(out / "zones.gpkg", layer="villages")
    assert sorted(zones["school_id"]) == sorted(_table(out)["school_id"].unique())
    assert (zones.geom_type == "Polygon").all()
    for sid, part in villages.groupby("school_id"):
        union = shapely.union_all(np.asarray(part.geometry.array))
        assert union.geom_type == "Polygon", sid
    for name in ("zones_table.xlsx", "zones_map.pdf", "zones_map.png"):
        assert (out / name).stat().st_size > 0


def test_last_years_zones_change_nothing(
    junior: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = junior
    again = tmp_path / "again"
    code = main(
        ["zones", str(DEMO_PROJECT), "--level", "junior", "--gap", "1", "--time-limit", "60", "--quiet",
         "--previous", str(out / "zones.csv"), "--out", str(again)]
    )  # fmt: skip
    assert code == 0
    printed = capsys.readouterr().out
    assert "villages changed from last year's zones: 0" in printed
    table = _table(again)
    assert (table["changed"] == "False").all()
    first = _table(out).set_index("village_code")["school_id"]
    assert (table.set_index("village_code")["school_id"] == first.loc[table["village_code"]].to_numpy()).all()


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--level", "senior"], ["--level", "unknown level", "senior"]),
        (["--level", "primary", "--year", "2026", "--years", "2026-2028"], ["--year, --years", "not both"]),
        (["--level", "primary", "--gap", "150"], ["--gap", "150"]),
        (["--level", "primary", "--births", "births.csv"], ["--births", "used only with --year"]),
    ],
)
def test_bad_options(
    extra: list[str], words: list[str], tmp_path: Path, zones_county: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project = save_project(zones_county, tmp_path / "county.gpkg")
    out = tmp_path / "out"
    assert main(["zones", str(project), *extra, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert all(w in err for w in words), err
    assert not out.exists()


def test_previous_with_an_unknown_village_writes_nothing(
    tmp_path: Path, zones_county: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project = save_project(zones_county, tmp_path / "county.gpkg")
    previous = tmp_path / "last_year.csv"
    previous.write_text("village_code,school_id\nT1001,P1\nT1099,P2\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["zones", str(project), "--level", "primary", "--previous", str(previous), "--out", str(out)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert str(previous) in line and "row 3" in line and "T1099" in line
    assert not out.exists()


def test_fixture_county_with_village_boundaries(
    tmp_path: Path, zones_county: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    from shapely.geometry import box

    from tests.conftest import CRS, X0, Y0

    project = save_project(zones_county, tmp_path / "county.gpkg")
    villages = tmp_path / "villages.gpkg"
    gpd.GeoDataFrame(
        {"乡镇": ["城关镇"] * 6, "村名": [f"V{i}" for i in range(1, 7)]},
        geometry=[box(X0 + 400 * i, Y0 - 1000, X0 + 400 * (i + 1), Y0) for i in range(6)],
        crs=CRS,
    ).to_file(villages)
    out = tmp_path / "out"
    code = main(
        ["zones", str(project), "--level", "primary", "--villages", str(villages), "--lang", "en", "--quiet",
         "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    printed = capsys.readouterr().out
    assert "(village boundaries)" in printed
    table = _table(out)
    assert sorted(table["village_name"]) == [f"V{i}" for i in range(1, 7)]
    for name in ("zones.csv", "zones_table.xlsx", "zones.gpkg", "zones_map.pdf", "zones_map.png"):
        assert str(out / name) in printed


def test_notes_in_chinese_where_the_core_has_them() -> None:
    from app.cli import _core_words
    from gis.messages import text

    words = _core_words("zh")
    # A message of the core's translations (app/i18n/core_zh_CN.ts), a value put into one, one it lacks.
    assert words(text("file not found")) == "找不到文件"
    assert words(text("text read as {encoding}", encoding="GBK")) == "文本按 GBK 读取"
    assert words(text("no such message {n}", n=1)) == "no such message 1"
    assert _core_words("en")(text("file not found")) == "file not found"


def test_bad_village_boundaries_write_nothing(
    tmp_path: Path, zones_county: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    from shapely.geometry import box

    from tests.conftest import CRS, X0, Y0

    project = save_project(zones_county, tmp_path / "county.gpkg")
    villages = tmp_path / "villages.gpkg"
    gpd.GeoDataFrame(
        {"村名": ["V1", "V2", "V3", "V4", "V5", "V7"]},
        geometry=[box(X0 + 400 * i, Y0 - 1000, X0 + 400 * (i + 1), Y0) for i in range(6)],
        crs=CRS,
    ).to_file(villages)
    previous = tmp_path / "last_year.csv"
    previous.write_text("village_code,school_id\nT1001,P9\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        ["zones", str(project), "--level", "primary", "--villages", str(villages), "--previous", str(previous),
         "--out", str(out)]
    )  # fmt: skip
    assert code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    # Both files' problems at once: the unknown school, the unknown village V7 and the place V6 without a polygon.
    assert len(lines) == 3
    assert any(str(previous) in line and "P9" in line for line in lines)
    assert any(str(villages) in line and "feature 5" in line and "V7" in line for line in lines)
    assert any(str(villages) in line and "V6" in line and "no polygon" in line for line in lines)
    assert not out.exists()
