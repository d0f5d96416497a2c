"""The font that sets Chinese text, shipped with the dependencies (no system font needed).

A fresh Linux machine often has no CJK font, and then Chinese place and school names are
drawn as empty boxes. The ``pylopdf-fonts-zh-cn`` package ships Noto Sans SC (SIL Open
Font License 1.1), which covers Simplified Chinese and Latin; this module finds its file
and makes matplotlib use it as a fallback. No Qt here: the window registers the same file
with Qt itself.

The shipped file is an OpenType font with PostScript (CFF) outlines. matplotlib's PDF
backend embeds every font it keeps as text (``pdf.fonttype`` 42) as a TrueType font
(``CIDFontType2`` with a ``FontFile2`` stream), whatever its outlines are: a CFF font
embedded that way is declared as something it is not, and PDF readers complain ("Mismatch
between font type and embedded font file" from poppler, on every page). So printed maps use
:func:`cjk_truetype_path`, the same font with its outlines converted to TrueType quadratic
curves (fontTools' ``cu2qu``, within :data:`MAX_ERROR` font units), which matplotlib embeds
correctly and which keeps the Chinese as searchable, extractable text. The conversion takes
about half a minute and is done once: the file is kept in SchoolPlan's cache folder.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import threading
import warnings
from functools import cache
from pathlib import Path

CJK_FAMILY = "Noto Sans SC"
# The family of the TrueType-outline copy: a name of its own, so that matplotlib never picks
# the CFF file for a PDF when both are registered (the window registers the CFF file).
CJK_PRINT_FAMILY = "Noto Sans SC TT"
# Largest distance between a cubic curve and its quadratic approximation, in font units
# (1000 to the em): 1 unit is 0.01 mm on 10-point text.
MAX_ERROR = 1.0
# Raised whenever the conversion changes, so that an older cached file is not reused.
_CONVERSION_VERSION = 1
_CONVERT_LOCK = threading.Lock()


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
    the bundled one. Calling it again changes nothing. This is the font for the screen;
    printed maps use :func:`use_cjk_print_font_in_matplotlib`.

    Returns
    -------
    The family name registered, or None when the font is not installed.
    """
    path = cjk_font_path()
    if path is None:
        return None
    return _register_fallback(path)


def use_cjk_print_font_in_matplotlib() -> str | None:
    """Register the TrueType-outline copy of the bundled font and make it the CJK fallback.

    It takes the place of :data:`CJK_FAMILY` in ``font.family`` if that is there (set the
    settings inside ``matplotlib.rc_context`` to have them restored). The first call on a
    machine converts the font (:func:`cjk_truetype_path`).

    Returns
    -------
    The family name registered; the family of the CFF file, with a warning, when the copy
    cannot be made; None when the font is not installed.
    """
    try:
        path = cjk_truetype_path()
    except OSError as exc:
        warnings.warn(
            f"the Chinese font could not be converted for PDF ({exc}); PDF readers may warn about its type",
            RuntimeWarning,
            stacklevel=2,
        )
        return use_cjk_font_in_matplotlib()
    if path is None:
        return None
    import matplotlib

    matplotlib.rcParams["font.family"] = [f for f in matplotlib.rcParams["font.family"] if f != CJK_FAMILY]
    return _register_fallback(path)


def _register_fallback(path: Path) -> str:
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


def cache_dir() -> Path:
    """SchoolPlan's cache folder: ``$SCHOOLPLAN_CACHE_DIR``, else the platform's user cache folder."""
    given = os.environ.get("SCHOOLPLAN_CACHE_DIR")
    if given:
        return Path(given)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "SchoolPlan" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "SchoolPlan"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "schoolplan"


def cjk_truetype_path(*, folder: Path | None = None) -> Path | None:
    """The bundled font with TrueType (``glyf``) outlines, converted once and kept in the cache.

    Parameters
    ----------
    folder
        Where to keep the converted file (default :func:`cache_dir`; the system's temporary
        folder when that cannot be written).

    Returns
    -------
    The ``.ttf`` file, or None when the font is not installed.

    Raises
    ------
    OSError
        If neither folder can be written.
    """
    source = cjk_font_path()
    if source is None:
        return None
    return _converted(source, folder)


@cache
def _converted(source: Path, folder: Path | None) -> Path:
    import fontTools

    stat = source.stat()
    key = hashlib.sha256(
        f"{source.name}|{stat.st_size}|{stat.st_mtime_ns}|{fontTools.version}|{_CONVERSION_VERSION}|{MAX_ERROR}".encode()
    ).hexdigest()[:16]
    name = f"{source.stem}-glyf-{key}.ttf"
    folders = [folder] if folder is not None else [cache_dir(), Path(tempfile.gettempdir()) / "schoolplan-cache"]
    with _CONVERT_LOCK:
        for place in folders:
            if (place / name).is_file():
                return place / name
        error: OSError | None = None
        for place in folders:
            try:
                return _convert(source, place / name)
            except OSError as exc:
                error = exc
        assert error is not None
        raise error


def _convert(source: Path, target: Path) -> Path:
    """Write ``source`` (CFF outlines) to ``target`` with quadratic TrueType outlines, atomically."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    from gis.fileio import write_atomic

    font = TTFont(source)
    if "glyf" in font:  # already TrueType: nothing to convert
        return Path(write_atomic(target, lambda tmp: font.save(tmp)))
    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyphs = {}
    for glyph_name in order:
        pen = TTGlyphPen(None)
        # PostScript outlines run counter-clockwise, TrueType ones clockwise.
        glyph_set[glyph_name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[glyph_name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    hmtx = font["hmtx"]
    for glyph_name, glyph in glyphs.items():
        glyph.recalcBounds(glyf)
        advance, _lsb = hmtx[glyph_name]
        hmtx[glyph_name] = (advance, getattr(glyph, "xMin", 0))  # TrueType: left side bearing = xMin
    for tag in ("CFF ", "VORG", "DSIG"):  # PostScript-only tables, and a signature no longer valid
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names (CID-keyed fonts have none worth keeping)
    font.sfntVersion = "\x00\x01\x00\x00"
    _rename(font)
    return Path(write_atomic(target, lambda tmp: font.save(tmp)))


def _rename(font: object) -> None:
    """Give the converted font a family and PostScript name of its own (a modified version)."""
    table = font["name"]  # type: ignore[index]
    family = CJK_FAMILY.replace(" ", "")
    print_family = CJK_PRINT_FAMILY.replace(" ", "")
    for record in table.names:
        text = record.toUnicode()
        if record.nameID in (1, 4, 16, 18):
            text = text.replace(CJK_FAMILY, CJK_PRINT_FAMILY)
        elif record.nameID in (3, 6, 20):
            text = text.replace(family, print_family)
        else:
            continue
        record.string = text
