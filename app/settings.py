"""The user's settings of SchoolPlan: one INI file in the user's configuration folder."""

from __future__ import annotations

from PySide6.QtCore import QSettings

LANGUAGE_KEY = "language"  # the window's language, kept for the next run


def user_settings() -> QSettings:
    """The settings the window keeps between runs (layout, language, recent files, base map)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "SchoolPlan", "SchoolPlan")
