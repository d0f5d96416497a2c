"""Qt WebEngine needs its settings before pytest-qt makes the QApplication."""

from __future__ import annotations

from app.gui import prepare_qt_environment

prepare_qt_environment()
