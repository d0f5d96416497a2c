"""Words the window shows for data: school types and flags, yes/no, township names, figures.

The texts are marked for translation here (context ``SchoolDetails``) so that
pyside6-lupdate finds them; they are translated when shown, in the GUI thread.
:func:`QT_TRANSLATE_NOOP` is the marker every module of the window uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from gis.project import Project


def QT_TRANSLATE_NOOP(_context: str, text: str) -> str:
    """Mark ``text`` for translation in a context; returns it unchanged (translated when shown).

    PySide6's own marker is typed as returning ``object``; this one keeps the type, and
    pyside6-lupdate finds its calls by the name alike.
    """
    return text


SCHOOL_TYPES: dict[str, str] = {
    "primary": QT_TRANSLATE_NOOP("SchoolDetails", "primary school"),
    "junior": QT_TRANSLATE_NOOP("SchoolDetails", "junior secondary school"),
    "nine_year": QT_TRANSLATE_NOOP("SchoolDetails", "nine-year school"),
    "teaching_point": QT_TRANSLATE_NOOP("SchoolDetails", "teaching point"),
}
# (column of gis.indicators.school_table, label): the flags shown when true.
SCHOOL_FLAGS: tuple[tuple[str, str], ...] = (
    ("overcrowded", QT_TRANSLATE_NOOP("SchoolDetails", "Overcrowded")),
    ("under_100", QT_TRANSLATE_NOOP("SchoolDetails", "Under 100 pupils")),
    ("teaching_point", QT_TRANSLATE_NOOP("SchoolDetails", "Teaching point")),
    ("boarding", QT_TRANSLATE_NOOP("SchoolDetails", "Boarding")),
    ("classes_over_standard", QT_TRANSLATE_NOOP("SchoolDetails", "Classes over the standard size")),
    ("large_classes_56", QT_TRANSLATE_NOOP("SchoolDetails", "Large classes (56 or more)")),
    ("very_large_classes_66", QT_TRANSLATE_NOOP("SchoolDetails", "Very large classes (66 or more)")),
    ("over_size_cap", QT_TRANSLATE_NOOP("SchoolDetails", "Over the size cap")),
)


YES_NO: tuple[str, str] = (QT_TRANSLATE_NOOP("SchoolDetails", "no"), QT_TRANSLATE_NOOP("SchoolDetails", "yes"))


def yes_no(value: object) -> str:
    """A true/false value in words (是/否 in Chinese), in the current language."""
    return QCoreApplication.translate("SchoolDetails", YES_NO[bool(value)])


def township_names(project: Project | None) -> dict[str, str]:
    """Township code → name, from the project's townships layer (empty when it has none)."""
    townships = project.townships if project is not None else None
    if townships is None or "code" not in townships.columns or "name" not in townships.columns:
        return {}
    names: dict[str, str] = {}
    for code, name in zip(townships["code"].astype(str), townships["name"], strict=True):
        if isinstance(name, str) and name.strip():
            names[code] = name.strip()
    return names


def township_title(names: dict[str, str], code: object) -> str:
    """A township's name, or its code when the project names it nowhere."""
    return names.get(str(code), str(code))


def whole_text(value: float) -> str:
    """A count as a whole number with thousands separators (``1,080``); ``–`` for NaN."""
    if value != value:
        return "–"
    text = f"{value:,.0f}"
    return "0" if text == "-0" else text


def share_text(value: float, *, digits: int = 0) -> str:
    """A share as a percentage (1.39 → ``139%``); ``–`` for NaN."""
    return "–" if value != value else f"{value:.{digits}%}"


def decimal_text(value: float, *, digits: int = 1) -> str:
    """A measure with ``digits`` decimals and thousands separators (``16.1``); ``–`` for NaN."""
    return "–" if value != value else f"{value:,.{digits}f}"


def school_type_title(kind: str) -> str:
    """A school type (``primary``, ``teaching_point``…) in words, in the current language."""
    return QCoreApplication.translate("SchoolDetails", SCHOOL_TYPES[kind]) if kind in SCHOOL_TYPES else kind


def map_flag_labels() -> dict[str, str]:
    """The words of the school flags in the map's tooltips, in the current language (main thread)."""
    from layers.style import SCHOOL_FLAG_LABELS

    labels = dict(SCHOOL_FLAGS)
    return {
        key: QCoreApplication.translate("SchoolDetails", labels.get(key, text))
        for key, text in SCHOOL_FLAG_LABELS.items()
    }


def style_language() -> str:
    """The language of the legends of the QGIS styles saved with a project: the window's."""
    from app.i18n import current_language

    return "zh" if current_language().startswith("zh") else "en"
