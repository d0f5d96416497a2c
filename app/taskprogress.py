"""The status bar's progress bar and Cancel button of the foreground work of the task runner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QProgressBar, QPushButton, QWidget

if TYPE_CHECKING:
    from app.tasks import TaskRunner


class TaskProgress(QObject):
    """The runner's foreground work: a progress bar and a Cancel button, both hidden in between.

    The two are separate widgets for the status bar (which keeps room for them while they are
    hidden, so it does not jump when work starts); the window calls :meth:`retranslate`.
    """

    def __init__(self, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self.progress_bar = QProgressBar(parent)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setMaximumWidth(240)
        self.progress_bar.hide()
        self.cancel_button = QPushButton(parent)
        self.cancel_button.clicked.connect(runner.cancel)
        self.cancel_button.hide()
        runner.started.connect(self._started)
        runner.progressed.connect(self._progressed)
        runner.ended.connect(self._ended)
        self.retranslate()

    @Slot()
    def _started(self) -> None:
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.cancel_button.show()

    @Slot(float, str)
    def _progressed(self, fraction: float, _message: str) -> None:
        self.progress_bar.setValue(round(fraction * 1000))

    @Slot()
    def _ended(self) -> None:
        self.progress_bar.setValue(0)  # the next work starts from an empty bar
        self.progress_bar.hide()
        self.cancel_button.hide()

    def retranslate(self) -> None:
        """Set the button's text in the current language."""
        self.cancel_button.setText(self.tr("Cancel"))
