"""Qt WebEngine needs its settings before pytest-qt makes the QApplication; settings stay out of the home."""

from __future__ import annotations

import tempfile

from PySide6.QtCore import QSettings

from app.gui import prepare_qt_environment

prepare_qt_environment()
# Every QSettings a test makes without a file of its own goes to a throw-away folder, never
# to the user's configuration.
_SETTINGS_DIR = tempfile.TemporaryDirectory(prefix="schoolplan-test-settings-")
for _format in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
    for _scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(_format, _scope, _SETTINGS_DIR.name)
