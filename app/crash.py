"""Failures a user sees: a readable line, never a traceback; a bug's details go to a log file."""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path


def log_folder() -> Path:
    """Where crash logs are kept: SchoolPlan's folder in the user's cache."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "schoolplan"


def write_crash_log(exc: BaseException) -> Path | None:
    """Write the traceback of an unexpected failure to a new log file; None if it cannot be written."""
    folder = log_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    except OSError:
        return None
    return log


def failure_message(exc: BaseException) -> tuple[str, Path | None]:
    """The one line to show for a failure, and the crash log when it was a bug of SchoolPlan's.

    SchoolPlan's own errors (bad input, a full disk, a file changed on disk) are shown as
    they are; any other ``OSError`` as one line naming the file; anything else is a bug, and
    its traceback goes to :func:`write_crash_log`. The line is in the installed language
    (English on the command line, where no translation is installed).
    """
    from PySide6.QtCore import QCoreApplication

    from app.core_text import error_text
    from gis.errors import SchoolPlanError, storage_error

    if isinstance(exc, SchoolPlanError):
        return error_text(exc), None
    if isinstance(exc, OSError):
        return error_text(storage_error(exc, exc.filename or ".")), None
    line = QCoreApplication.translate("Crash", "unexpected failure ({kind}: {error})")
    return line.format(kind=type(exc).__name__, error=exc), write_crash_log(exc)
