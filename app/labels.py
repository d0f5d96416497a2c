"""Words the window shows for data: school types and flags, and the language of saved styles.

The texts are marked for translation here (context ``SchoolDetails``) so that
pyside6-lupdate finds them; they are translated when shown, in the GUI thread.
:func:`QT_TRANSLATE_NOOP` is the marker every module of the window uses.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


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
