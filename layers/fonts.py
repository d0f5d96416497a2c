"""The font that sets Chinese text, shipped with the dependencies (no system font needed).

A fresh Linux machine often has no CJK font, and then Chinese place and school names are
drawn as empty boxes. The ``pylopdf-fonts-zh-cn`` package ships Noto Sans SC (SIL Open
Font License 1.1), which covers Simplified Chinese and Latin; this module finds its file
and makes matplotlib use it as a fallback. No Qt here: the window registers the same file
with Qt itself.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

CJK_FAMILY = "Noto Sans SC"


@cache
def cjk_font_path() -> Path | None:
    """Path of the bundled Simplified Chinese sans-serif font file, or None if it is not installed.

    Returns
    -------
    The ``NotoSansSC-Regular.otf`` file of the ``pylopdf-fonts-zh-cn`` package.
    """
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    return path if path.is_file() else None


def use_cjk_font_in_matplotlib() -> str | None:
    """Register the bundled font with matplotlib and put it after the default font families.

    Latin text keeps matplotlib's default font; characters it lacks (Chinese) fall back to
    the bundled one. Calling it again changes nothing.

    Returns
    -------
    The family name registered, or None when the font is not installed.
    """
    path = cjk_font_path()
    if path is None:
        return None
    import matplotlib
    from matplotlib import font_manager

    family = font_manager.FontProperties(fname=str(path)).get_name()
    if family not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    # matplotlib falls back font by font along ``font.family`` (a generic name such as
    # "sans-serif" stands for one font only), so the font goes last in that list.
    families = list(matplotlib.rcParams["font.family"])
    if family not in families:
        matplotlib.rcParams["font.family"] = [*families, family]
    return family
