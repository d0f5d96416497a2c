"""Start the desktop window: ``schoolplan gui [PROJECT]`` or ``schoolplan-gui [PROJECT]``."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSplashScreen


def prepare_qt_environment() -> None:
    """Settings Qt WebEngine needs before the QApplication exists.

    Chromium's sandbox refuses to run as root (containers, CI) and there may be no GPU, so
    the sandbox and the GPU are off; a value the user set is left alone. Fontconfig is told
    about the bundled Chinese font, so that the map (Chromium) can draw Chinese names too.
    """
    from app.fonts import prepare_fontconfig

    prepare_fontconfig()
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    for flag in ("--no-sandbox", "--disable-gpu"):
        if flag not in flags.split():
            flags = f"{flags} {flag}".strip()
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    # QtWebEngineWidgets must be imported (and contexts shared) before the application is made.
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: F401

    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    from app.tiles import register_schemes

    register_schemes()  # the local base map's mbtiles: scheme, known before any web profile exists


def has_display() -> bool:
    """Whether a window can be shown: an X or Wayland display, or a Qt platform chosen by the user."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and platform not in ("offscreen", "minimal"):
        return True
    if platform:
        return False
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or sys.platform in ("win32", "darwin")


def missing_system_libraries() -> list[str]:
    """System libraries that Qt's X11 (xcb) platform plugin needs and cannot find.

    Qt aborts the whole process when its platform plugin fails to load, so this is checked
    before a window is created. Only X11 on Linux is checked; elsewhere the list is empty.
    """
    import ctypes
    import shutil
    import subprocess

    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or platform not in ("", "xcb") or not os.environ.get("DISPLAY"):
        return []
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return []
    import PySide6

    qt = Path(PySide6.__file__).resolve().parent / "Qt"
    missing: set[str] = set()
    ldd = shutil.which("ldd")
    for binary in (qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6"):
        if ldd and binary.exists():
            out = subprocess.run([ldd, str(binary)], capture_output=True, text=True, check=False).stdout
            missing.update(line.split("=>")[0].strip() for line in out.splitlines() if "not found" in line)
    # Qt 6.5 and later also loads libxcb-cursor at run time.
    try:
        ctypes.CDLL("libxcb-cursor.so.0")
    except OSError:
        missing.add("libxcb-cursor.so.0")
    return sorted(missing)


def debian_packages(libraries: list[str]) -> list[str]:
    """Debian/Ubuntu package names for shared libraries (``libxcb-icccm.so.4`` → ``libxcb-icccm4``)."""
    packages = []
    for library in libraries:
        name, _, version = library.partition(".so.")
        version = version.split(".")[0]
        packages.append(f"{name}-{version}" if name[-1:].isdigit() else f"{name}{version}")
    return packages


def missing_libraries_message(libraries: list[str]) -> str:
    """What to tell a user whose machine lacks the window's system libraries."""
    return (
        f"The window needs system libraries that are missing: {', '.join(libraries)}. "
        f"On Debian or Ubuntu install them with: sudo apt install {' '.join(debian_packages(libraries))}"
    )


def setup_application(language: str | None = None) -> str:
    """Register the bundled Chinese font and install the window's language (needs the QApplication).

    Parameters
    ----------
    language
        A code of :data:`app.i18n.LANGUAGES`; default the one chosen in the last run (kept in
        the settings by :meth:`app.window.MainWindow.set_language`), else the system locale's.

    Returns
    -------
    The language in use.
    """
    from app.fonts import install_cjk_font
    from app.i18n import LANGUAGES, SOURCE_LANGUAGE, install_language, system_language
    from app.settings import LANGUAGE_KEY, user_settings

    install_cjk_font()
    kept = user_settings().value(LANGUAGE_KEY)
    chosen = language or (kept if isinstance(kept, str) and kept in LANGUAGES else system_language())
    if not install_language(chosen):
        install_language(SOURCE_LANGUAGE)
        return SOURCE_LANGUAGE
    return chosen


def splash_screen() -> QSplashScreen:
    """A splash with the name and "loading the map…", shown until the window's map is drawn."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
    from PySide6.QtWidgets import QSplashScreen

    pixmap = QPixmap(480, 200)
    pixmap.fill(QColor("#1f4e79"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#ffffff"))
    font = QFont(painter.font())
    font.setPointSize(26)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(pixmap.rect().adjusted(0, 0, 0, -60), Qt.AlignmentFlag.AlignCenter, "SchoolPlan")
    font.setPointSize(12)
    font.setBold(False)
    painter.setFont(font)
    painter.drawText(
        pixmap.rect().adjusted(0, 90, 0, 0),
        Qt.AlignmentFlag.AlignCenter,
        QCoreApplication.translate("MainWindow", "School layout planning · loading the map…"),
    )
    painter.end()
    return QSplashScreen(pixmap)


def main(argv: list[str] | None = None) -> int:
    """Open the main window, optionally on a project file."""
    args = sys.argv[1:] if argv is None else argv
    missing = missing_system_libraries()
    if missing:
        print(f"error: {missing_libraries_message(missing)}", file=sys.stderr)
        return 1
    prepare_qt_environment()
    from PySide6.QtWidgets import QApplication

    from app import notify
    from app.settings import user_settings
    from app.window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    app.setApplicationName("SchoolPlan")
    setup_application()
    splash = splash_screen()
    splash.show()
    app.processEvents()
    window = MainWindow(settings=user_settings())
    window.mapUpdated.connect(lambda _ok: splash.close())

    def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        notify.notify_error(window, f"{kind.__name__}: {exc}", "".join(traceback.format_exception(kind, exc, tb)))

    sys.excepthook = _excepthook
    window.show()
    window.restore_layout()  # the last run's size, place and docks (after show: every platform honours it then)
    paths = [a for a in args if not a.startswith("-")]
    opened = bool(paths) and window.open_project(Path(paths[0]))
    if window.map.bridge is None or not opened:  # no page to wait for
        splash.finish(window)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
