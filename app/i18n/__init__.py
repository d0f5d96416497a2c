"""The window's languages: English (the source strings) and Simplified Chinese.

Translations live beside this module as Qt Linguist files: ``schoolplan_zh_CN.ts`` is the
source, edited by hand or in Qt Linguist, and ``schoolplan_zh_CN.qm`` is its compiled form,
committed so that a fresh install needs no Qt tools (``make translations`` rebuilds it and a
test checks it is up to date). The core's messages (context ``core``, see
:mod:`app.core_text`) have their own pair, ``core_zh_CN.ts`` and ``core_zh_CN.qm``, made from
``core_catalogue.py``. Qt's own strings (standard buttons, …) come from the
``qtbase`` translations that PySide6 ships.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

SOURCE_LANGUAGE = "en"
# Language code -> its name in that language (shown in the Language menu, never translated).
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}

_installed: list[QTranslator] = []
_current = SOURCE_LANGUAGE


def translations_dir() -> Path:
    """Folder of the ``.ts`` and ``.qm`` files."""
    return Path(__file__).resolve().parent


def qm_path(language: str, *, name: str = "schoolplan") -> Path:
    """The compiled translation of a language code such as ``zh_CN``.

    ``name`` is ``schoolplan`` for the window's own strings, ``core`` for the core's messages
    (:mod:`app.core_text`).
    """
    return translations_dir() / f"{name}_{language}.qm"


def language_for_locale(locale: QLocale) -> str:
    """The window language for a locale: Simplified Chinese for any Chinese locale, else English."""
    return "zh_CN" if locale.language() == QLocale.Language.Chinese else SOURCE_LANGUAGE


def system_language() -> str:
    """The window language for the system locale."""
    return language_for_locale(QLocale.system())


def current_language() -> str:
    """The language code installed last (``en`` until another is installed)."""
    return _current


def install_language(language: str) -> bool:
    """Install a language in the running application, replacing the previous one.

    Qt then sends a ``LanguageChange`` event to every widget, which retranslates itself.

    Parameters
    ----------
    language
        A key of :data:`LANGUAGES`.

    Returns
    -------
    Whether the language is now in use (False, and English kept, if its file is missing).

    Raises
    ------
    ValueError
        For a language that is not offered.
    """
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {sorted(LANGUAGES)}")
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a running QApplication")
    fresh: list[QTranslator] = []
    if language != SOURCE_LANGUAGE:
        own = QTranslator(app)
        if not own.load(str(qm_path(language))):
            return False
        fresh.append(own)
        core = QTranslator(app)
        if core.load(str(qm_path(language, name="core"))):
            fresh.append(core)
        qt = QTranslator(app)
        if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            fresh.append(qt)
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    for translator in fresh:
        QCoreApplication.installTranslator(translator)
        _installed.append(translator)
    _current = language
    return True
