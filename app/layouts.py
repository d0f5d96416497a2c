"""Small layout helpers shared by the docks and dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget


def side_by_side(*widgets: QWidget, stretch: bool = False) -> QWidget:
    """Widgets side by side, without margins (``stretch``: kept to the left)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)
    return row
