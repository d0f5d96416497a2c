"""The township atlas of the demo county: page count, page images, Chinese text, key figures, safety."""

from __future__ import annotations

from pathlib import Path

import pytest

from gis.errors import Cancelled
from gis.indicators import coverage_indicators
from layers.atlas import write_atlas
from tests.layers.test_printmap import (
    SCRIPT_NAME,
    assert_non_blank,
    demo_analysis,
    hand_suggestions,
    needs_poppler,
    pdf_page_images,
    pdf_pages,
    pdf_text,
    with_school_name,
)


@pytest.fixture(scope="module")
def atlas(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[float]]:
    """The demo county's atlas in Chinese, and the progress it reported."""
    shown: list[float] = []
    path = tmp_path_factory.mktemp("atlas") / "atlas.pdf"
    written = write_atlas(demo_analysis(), path, progress=lambda fraction, _message: shown.append(fraction))
    assert written == path
    return path, shown


def test_atlas_has_a_cover_an_overview_and_a_page_per_township(atlas: tuple[Path, list[float]]) -> None:
    townships = demo_analysis().project.townships
    assert len(townships) == 13
    assert pdf_pages(atlas[0]) == 2 + len(townships)


def test_first_pages_are_not_blank(atlas: tuple[Path, list[float]], tmp_path: Path) -> None:
    pages = pdf_page_images(atlas[0], tmp_path, first=1, last=3)
    assert len(pages) == 3
    for page in pages:
        assert_non_blank(page)


def test_cover_and_pages_carry_chinese_text(atlas: tuple[Path, list[float]]) -> None:
    project = demo_analysis().project
    cover = pdf_text(atlas[0], first=1, last=1)
    assert "半仓县学校布局规划图集" in cover
    assert "目录" in cover
    assert "全县概览" in pdf_text(atlas[0], first=2, last=2)
    # Township k is on page 3 + k, in the order of the townships layer.
    for k in (0, len(project.townships) - 1):
        name = str(project.townships["name"].iloc[k])
        assert name in pdf_text(atlas[0], first=3 + k, last=3 + k)


def test_township_page_shows_its_key_figures(atlas: tuple[Path, list[float]]) -> None:
    analysis = demo_analysis()
    code = str(analysis.project.townships["code"].iloc[0])
    figures = {
        i.metric: i.value
        for i in coverage_indicators(analysis)
        if i.scope == f"township:{code}" and i.level == "primary"
    }
    text = pdf_text(atlas[0], first=3, last=3)
    assert f"{figures['children']:,.0f}" in text
    assert f"{100 * figures['share_within_threshold']:.1f}%" in text
    assert f"{figures['mean_travel_min']:,.1f}" in text
    schools = analysis.project.schools
    mine = schools[(schools["township"].astype(str) == code) & (schools["grade_min"] <= 1)]
    assert f"{mine['capacity_primary'].sum():,.0f}" in text  # seats of the township's primary schools
    biggest = str(mine.loc[sum(mine[f"enrol_g{g}"] for g in range(1, 7)).idxmax(), "name"])
    assert biggest[:8] in text


def test_progress_rises_to_the_end(atlas: tuple[Path, list[float]]) -> None:
    shown = atlas[1]
    assert shown == sorted(shown)
    assert shown[-1] == 1.0
    assert len(shown) >= 2 + len(demo_analysis().project.townships)


def test_english_atlas_with_suggestions_and_a_script_name(tmp_path: Path) -> None:
    analysis = with_school_name(demo_analysis(), 0, SCRIPT_NAME)
    suggestions, _ = hand_suggestions(analysis)
    path = write_atlas(analysis, tmp_path / "atlas_en.pdf", language="en", level="junior", suggestions=suggestions)
    needs_poppler()
    assert pdf_pages(path) == 2 + len(analysis.project.townships)
    cover = pdf_text(path, first=1, last=1)
    assert "School layout atlas" in cover
    (page,) = pdf_page_images(path, tmp_path, first=2, last=2)
    assert_non_blank(page)


def test_cancelling_leaves_no_file(tmp_path: Path) -> None:
    calls: list[int] = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 2  # after the cover

    with pytest.raises(Cancelled):
        write_atlas(demo_analysis(), tmp_path / "atlas.pdf", cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_unknown_level_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="senior"):
        write_atlas(demo_analysis(), tmp_path / "atlas.pdf", level="senior")


def _embedded_font_programs(pdf: Path) -> dict[str, tuple[str, bytes]]:
    """The font programs embedded in a PDF: by font name, the descriptor key and the bytes.

    Read from the file itself (matplotlib writes each stream uncompressed or with
    FlateDecode), so that the test does not rely on poppler's view of the font.
    """
    import re
    import zlib

    data = pdf.read_bytes()
    found: dict[str, tuple[str, bytes]] = {}
    for match in re.finditer(rb"/FontName /([^\s/]+)(.{0,400}?)/(FontFile[23]?) (\d+) 0 R", data, re.S):
        name, key, number = match.group(1).decode(), match.group(3).decode(), match.group(4)
        obj = re.search(rb"\n" + number + rb" 0 obj\n<<(.*?)>>\nstream\n", data, re.S)
        assert obj is not None, name
        start = obj.end()
        body = data[start : data.index(b"endstream", start)]
        program = zlib.decompressobj().decompress(body) if b"FlateDecode" in obj.group(1) else body
        found[name] = (key, program)
    return found


def test_chinese_font_is_embedded_as_what_it_is(atlas: tuple[Path, list[float]], tmp_path: Path) -> None:
    import io
    import shutil
    import subprocess

    from fontTools.ttLib import TTFont

    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts not found: install poppler-utils (Debian/Ubuntu: apt-get install poppler-utils)")
    needs_poppler()
    pdf = atlas[0]
    programs = _embedded_font_programs(pdf)
    cjk = [name for name in programs if "NotoSansSC" in name]
    assert len(cjk) == 1, programs.keys()
    key, program = programs[cjk[0]]
    with TTFont(io.BytesIO(program)) as font:
        outlines = "glyf" if "glyf" in font else "CFF " if "CFF " in font else "?"
        cmap = font.getBestCmap()
        assert all(ord(ch) in cmap for ch in "学校布局规划图集"), "the subset holds the title's characters"
    # What the font really is decides the PDF type: TrueType outlines in a FontFile2 are a
    # CID TrueType font; CFF outlines would have to be a FontFile3 of a CID Type 0C font.
    expected = {"glyf": ("FontFile2", "CID TrueType"), "CFF ": ("FontFile3", "CID Type 0C")}[outlines]
    assert key == expected[0]
    listing = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    (row,) = [line for line in listing.splitlines() if cjk[0] in line]
    columns = row[len(cjk[0]) :].split()
    assert " ".join(columns[: len(expected[1].split())]) == expected[1], row
    assert row.split()[-5] == "yes"  # emb
    # Every page rasterises without a word from poppler.
    done = subprocess.run(
        ["pdftoppm", "-r", "10", "-png", str(pdf), str(tmp_path / "page")], check=True, capture_output=True
    )
    assert done.stderr == b""
    assert len(list(tmp_path.glob("page-*.png"))) == pdf_pages(pdf)
    assert "学校布局规划图集" in pdf_text(pdf, first=1, last=1)
