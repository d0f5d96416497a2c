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
