"""The window's one error path: a readable message, with details on demand (Vorta, napari).

Every error a user should see reaches :func:`notify_error`: the errors of the work run by
:class:`app.tasks.TaskRunner`, the problems of opening, saving and loading rules, and the
uncaught exceptions (:func:`app.gui.main` installs the hook). Callers look the function up
on this module when they call it (``notify.notify_error(...)``), so that tests can patch it
in one place. Never a traceback: a bug's traceback goes to a crash log (:mod:`app.crash`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.core_text import translate_core


def failure_text(exc: BaseException) -> tuple[str, str]:
    """What to show of a failure: one readable line, and where a bug's details were logged.

    SchoolPlan's own errors and the disk's are shown as they are, and the traceback of a
    bug goes to a crash log (:mod:`app.crash`). Safe to call in a worker thread.
    """
    from app.core_text import error_text
    from app.crash import failure_message
    from gis.errors import SchoolPlanError

    if isinstance(exc, SchoolPlanError):  # in the window's language (app.core_text)
        return error_text(exc), ""
    message, log = failure_message(exc)
    if log is None:
        return message, ""
    details = QCoreApplication.translate(
        "MainWindow",
        "This is a fault of SchoolPlan. Its details were written to {log}: please send that file with a report.",
    )
    return message, details.format(log=log)


def notify_error(parent: QObject | None, message: str, details: str = "") -> None:
    """Show an error: a readable message, and details on demand.

    Parameters
    ----------
    parent
        The widget the error is about (the active window when it is not a widget).
    message
        What went wrong, in the current language (a message of the core, such as a
        :class:`gis.messages.Text`, is translated with :func:`app.core_text.translate_core`).
    details
        More about it (the file and field of a bad input, where a crash log went), or empty;
        translated alike.

    Must be called from the GUI thread (worker errors arrive here through the task runner).
    """
    widget = parent if isinstance(parent, QWidget) else QApplication.activeWindow()
    box = QMessageBox(widget)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("MainWindow", "SchoolPlan"))
    box.setText(translate_core(message))
    if details:
        box.setDetailedText(translate_core(details))
    box.exec()
