"""Make the bundled Chinese font visible to Qt, to Qt WebEngine's Chromium and to matplotlib.

The font file comes from :func:`layers.fonts.cjk_font_path`. Qt widgets get it through
:func:`QFontDatabase.addApplicationFont`; Chromium (the map) reads fonts through fontconfig
only, so before the QApplication exists :func:`prepare_fontconfig` points fontconfig at a
small configuration that includes the system's and adds the font's folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from layers.fonts import cjk_font_path, use_cjk_font_in_matplotlib

_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">{system}</include>
  <dir>{folder}</dir>
</fontconfig>
"""


def prepare_fontconfig(*, directory: Path | None = None) -> Path | None:
    """Add the bundled font's folder to fontconfig (``FONTCONFIG_FILE``) for this process and its children.

    Must run before Qt starts. A ``FONTCONFIG_FILE`` the user set is left alone.

    Parameters
    ----------
    directory
        Where to write the configuration; default a per-user folder in the temporary directory.

    Returns
    -------
    The configuration written, or None when nothing was changed.
    """
    font = cjk_font_path()
    if font is None or os.environ.get("FONTCONFIG_FILE") or not sys.platform.startswith("linux"):
        return None
    system = Path("/etc/fonts/fonts.conf")
    folder = directory or Path(tempfile.gettempdir()) / f"schoolplan-fontconfig-{getattr(os, 'getuid', lambda: 0)()}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "fonts.conf"
    text = _FONTS_CONF.format(system=system, folder=font.parent)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    os.environ["FONTCONFIG_FILE"] = str(target)
    return target


def install_cjk_font() -> list[str]:
    """Register the bundled font with Qt (needs a QGuiApplication) and with matplotlib.

    Returns
    -------
    The font families Qt registered (empty if the font is missing or unreadable).
    """
    from PySide6.QtGui import QFontDatabase

    path = cjk_font_path()
    if path is None:
        return []
    font_id = QFontDatabase.addApplicationFont(str(path))
    use_cjk_font_in_matplotlib()
    return list(QFontDatabase.applicationFontFamilies(font_id)) if font_id >= 0 else []
