"""The Qt bindings in use keep Python's reference counts straight.

PySide6/shiboken6 6.12.0 lost one reference to ``None`` on every Qt call returning nothing;
on Python 3.11 the interpreter then aborts ("none_dealloc") after some thousands of calls,
in a long session or at the end of a test run. The pinned bindings must not.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_qt_calls_do_not_lose_references_to_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for k in range(2000):
        label.setText(str(k))
        label.setEnabled(k % 2 == 0)
    assert sys.getrefcount(None) >= before - 10
