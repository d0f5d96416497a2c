"""The bundled Chinese font: found, covers the window's Chinese, and usable by matplotlib."""

from __future__ import annotations

from pathlib import Path

import pytest

from layers.fonts import CJK_FAMILY, cjk_font_path, use_cjk_font_in_matplotlib

PHRASE = "学校服务范围通行时间运行分析乡镇界线"


def test_font_file_is_found_and_covers_chinese() -> None:
    from fontTools.ttLib import TTFont

    path = cjk_font_path()
    assert path is not None and path.is_file()
    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap()
    assert all(ord(ch) in cmap for ch in PHRASE + "SchoolPlan 0123")


def test_matplotlib_uses_the_font_as_fallback() -> None:
    import matplotlib
    from matplotlib import font_manager

    with matplotlib.rc_context({"font.family": ["sans-serif"]}):
        assert use_cjk_font_in_matplotlib() == CJK_FAMILY
        assert use_cjk_font_in_matplotlib() == CJK_FAMILY  # twice changes nothing
        assert list(matplotlib.rcParams["font.family"]) == ["sans-serif", CJK_FAMILY]
        found = font_manager.findfont(font_manager.FontProperties(family=CJK_FAMILY), fallback_to_default=False)
        # The same font file (matplotlib's font cache may have met it in another environment).
        path = cjk_font_path()
        assert path is not None and Path(str(found)).name == path.name and Path(str(found)).is_file()


def test_chinese_text_draws_without_missing_glyph_warnings() -> None:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"font.family": ["sans-serif"]}):
        use_cjk_font_in_matplotlib()
        fig = Figure(figsize=(2, 1))
        canvas = FigureCanvasAgg(fig)
        fig.add_subplot().set_title(PHRASE)
        canvas.draw()  # warnings are errors: a missing glyph would fail here


@pytest.mark.parametrize("name", ["pylopdf_fonts_zh_cn"])
def test_font_package_ships_its_licence(name: str) -> None:
    from importlib.metadata import distribution

    dist = distribution(name.replace("_", "-"))
    assert "OFL" in (dist.metadata.get("License") or "") + " ".join(dist.metadata.get_all("Classifier") or [])


def test_truetype_copy_has_the_same_glyphs_with_quadratic_outlines() -> None:
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    from layers.fonts import CJK_PRINT_FAMILY, MAX_ERROR, cjk_truetype_path

    source, copy = cjk_font_path(), cjk_truetype_path()
    assert source is not None and copy is not None
    assert cjk_truetype_path() == copy  # converted once, then taken from the cache
    with TTFont(source) as cff, TTFont(copy) as ttf:
        assert "CFF " in cff and "glyf" not in cff  # what the shipped file is
        assert "glyf" in ttf and "CFF " not in ttf and ttf.sfntVersion == "\x00\x01\x00\x00"
        assert ttf["name"].getDebugName(1) == CJK_PRINT_FAMILY
        # The same glyphs at the same glyph ids (the copy keeps no glyph names: names differ).
        assert len(ttf.getGlyphOrder()) == len(cff.getGlyphOrder())
        cff_cmap, ttf_cmap = cff.getBestCmap(), ttf.getBestCmap()
        assert {c: cff.getGlyphID(n) for c, n in cff_cmap.items()} == {
            c: ttf.getGlyphID(n) for c, n in ttf_cmap.items()
        }
        cff_set, ttf_set = cff.getGlyphSet(), ttf.getGlyphSet()
        for ch in PHRASE + "SchoolPlan 0123":
            names = cff_cmap[ord(ch)], ttf_cmap[ord(ch)]
            assert ttf["hmtx"][names[1]][0] == cff["hmtx"][names[0]][0], ch  # same advance widths
            bounds = []
            for glyphs, name in zip((cff_set, ttf_set), names, strict=True):
                pen = BoundsPen(glyphs)
                glyphs[name].draw(pen)
                bounds.append(pen.bounds)
            if bounds[0] is None:
                assert bounds[1] is None, ch
                continue
            # Extremes of a quadratic approximation stay within the conversion's tolerance
            # (plus the rounding of points to whole font units).
            assert all(abs(a - b) <= MAX_ERROR + 1 for a, b in zip(*bounds, strict=True)), (ch, bounds)
            assert ttf["hmtx"][names[1]][1] == ttf["glyf"][names[1]].xMin


def test_printing_uses_the_truetype_copy_and_restores_the_settings() -> None:
    import matplotlib
    from matplotlib import font_manager

    from layers._print import print_context
    from layers.fonts import CJK_PRINT_FAMILY, cjk_truetype_path

    with matplotlib.rc_context({"font.family": ["sans-serif"]}):
        use_cjk_font_in_matplotlib()  # as the window does
        with print_context():
            families = list(matplotlib.rcParams["font.family"])
            assert families == ["sans-serif", CJK_PRINT_FAMILY]
            found = font_manager.findfont(
                font_manager.FontProperties(family=CJK_PRINT_FAMILY), fallback_to_default=False
            )
            copy = cjk_truetype_path()
            assert copy is not None and Path(found).name == copy.name
        assert list(matplotlib.rcParams["font.family"]) == ["sans-serif", CJK_FAMILY]


def test_cache_folder_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from layers.fonts import cache_dir

    monkeypatch.setenv("SCHOOLPLAN_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    monkeypatch.delenv("SCHOOLPLAN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x" / "schoolplan"
