"""One runner for every background thread of the window (Vorta's jobs manager).

:meth:`TaskRunner.run` runs ``work(progress, cancel)`` (the callbacks of :mod:`gis.progress`)
in a worker thread and calls back in the GUI thread: ``on_done(result)`` on success; a
failure goes to the one notification path (:func:`app.notify.notify_error`) and to
``on_failed``; a cancellation to ``on_cancelled``. The work never touches widgets.

Foreground work (the analysis, suggestions, comparisons, balance of a scenario) runs one at a
time: the runner reports it through its signals (the status bar shows the progress and a
Cancel button) and :attr:`TaskRunner.is_running` is true until its thread has ended.
Background work (the map page, a preview, an export, an import) runs beside it and reports
only to its own callbacks.

A thread is never destroyed while it runs: threads have no Qt parent and are kept here until
they end, so closing a dialog or the window while work runs is safe (the callbacks of a task
whose owner was deleted are simply not called), and the interpreter waits for them at exit.
"""

from __future__ import annotations

import atexit
import threading
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from app import notify
from app.core_text import error_text, translate_core
from app.labels import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from collections.abc import Callable

    from gis.progress import CancelFn, ProgressFn

    Work = Callable[[ProgressFn, CancelFn], object]

# Status messages of foreground work, in English (the window shows them translated).
DONE = QT_TRANSLATE_NOOP("MainWindow", "Done.")
FAILED = QT_TRANSLATE_NOOP("MainWindow", "Failed; the previous results are kept.")
CANCELLED = QT_TRANSLATE_NOOP("MainWindow", "Cancelled; the previous results are kept.")
CANCELLING = QT_TRANSLATE_NOOP("MainWindow", "Cancelling…")

# Every thread started and not yet cleaned up, with its worker.
_LIVE: dict[QThread, _Worker] = {}


@atexit.register
def _wait_for_threads() -> None:
    for thread in list(_LIVE):
        thread.wait(30_000)


def _sweep() -> None:
    """Forget the threads that have ended (their tasks may be gone with their owners)."""
    for thread in [t for t in _LIVE if t.isFinished()]:
        del _LIVE[thread]


class _Worker(QObject):
    """Runs the work in its thread; reports through signals only."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()
    done = Signal()

    def __init__(self, work: Work) -> None:
        super().__init__()
        self._work = work
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next step (thread-safe)."""
        self._stop.set()

    def _progress(self, fraction: float, message: str) -> None:
        # Translated here: a signal carries a plain str, and the core's message (a gis.messages.Text)
        # would lose its template on the way (QCoreApplication.translate is thread-safe).
        self.progressed.emit(fraction, translate_core(message))

    @Slot()
    def run(self) -> None:
        """Do the work and emit exactly one of succeeded, failed or cancelled, then done."""
        from gis.errors import Cancelled, SchoolPlanError

        try:
            result = self._work(self._progress, self._stop.is_set)
        except Cancelled:
            self.cancelled.emit()
        except SchoolPlanError as exc:
            self.failed.emit(error_text(exc), "")
        except Exception as exc:  # a bug, or the disk: still reported in words, never silently
            self.failed.emit(*notify.failure_text(exc))
        else:
            self.succeeded.emit(result)
        self.done.emit()


class Task(QObject):
    """One piece of work of a :class:`TaskRunner`, seen from the GUI thread.

    Its callbacks are called in the GUI thread while the task lives; a task is a child of its
    owner, so the callbacks of a dialog closed meanwhile are not called.
    """

    finished = Signal()  # the thread has ended, after the outcome's callback

    def __init__(
        self,
        runner: TaskRunner,
        work: Work,
        owner: QObject,
        *,
        foreground: bool,
        on_done: Callable[[object], None] | None,
        on_failed: Callable[[str, str], None] | None,
        on_cancelled: Callable[[], None] | None,
        on_progress: Callable[[float, str], None] | None,
        on_finished: Callable[[], None] | None,
        error: str | None,
        statuses: tuple[str, str, str],
    ) -> None:
        super().__init__(owner)
        self._runner = runner
        self.foreground = foreground
        self._on_done, self._on_failed, self._on_cancelled = on_done, on_failed, on_cancelled
        self._on_progress, self._on_finished = on_progress, on_finished
        self._error = error
        self._statuses = statuses
        self._thread = QThread()
        self._worker = _Worker(work)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        # Slots of this object, which lives in the GUI thread: the signals are queued to it.
        self._worker.progressed.connect(self._progressed)
        self._worker.succeeded.connect(self._succeeded)
        self._worker.failed.connect(self._failed)
        self._worker.cancelled.connect(self._cancelled)
        # QThread.quit is thread-safe; a direct call ends the thread even while the GUI thread waits for it.
        self._worker.done.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._thread.finished.connect(self._thread_finished)

    def start(self) -> None:
        _sweep()
        _LIVE[self._thread] = self._worker
        self._thread.start()

    @property
    def is_running(self) -> bool:
        """Whether the work's thread still runs."""
        return self._thread.isRunning()

    def cancel(self) -> None:
        """Ask the work to stop at its next step; the previous results stay."""
        self._worker.cancel()

    def wait(self, msecs: int = 60_000) -> bool:
        """Wait for the thread to end; returns whether it has."""
        return self._thread.wait(msecs)

    @Slot(float, str)
    def _progressed(self, fraction: float, message: str) -> None:
        if self.foreground:
            self._runner.progressed.emit(fraction, message)
        if self._on_progress is not None:
            self._on_progress(fraction, message)

    def _ended(self, status: str) -> None:
        if self.foreground:
            self._runner.status.emit(status)
            self._runner.ended.emit()

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._ended(self._statuses[0])
        if self._on_done is not None:
            try:
                self._on_done(result)
            except Exception as exc:
                notify.notify_error(
                    self.parent(),
                    QCoreApplication.translate("MainWindow", "The results cannot be shown."),
                    "\n\n".join(notify.failure_text(exc)),
                )

    @Slot(str, str)
    def _failed(self, message: str, details: str) -> None:
        self._ended(self._statuses[1])
        if self._error is not None:
            notify.notify_error(self.parent(), self._error.format(message=message), details)
        if self._on_failed is not None:
            self._on_failed(message, details)

    @Slot()
    def _cancelled(self) -> None:
        self._ended(self._statuses[2])
        if self._on_cancelled is not None:
            self._on_cancelled()

    @Slot()
    def _thread_finished(self) -> None:
        self._thread.wait()  # finished is emitted just before the thread ends
        _LIVE.pop(self._thread, None)
        self._runner._forget(self)
        if self._on_finished is not None:
            self._on_finished()
        self.finished.emit()


class TaskRunner(QObject):
    """Owns every worker thread of the window: one foreground task at a time, any number in the background."""

    started = Signal()  # foreground work started: show the progress and Cancel
    progressed = Signal(float, str)  # the foreground work's fraction done and message (in the window's language)
    ended = Signal()  # the foreground work reported its outcome: hide the progress
    busyChanged = Signal(bool)  # is_running changed
    status = Signal(str)  # a status message in English (context MainWindow)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: list[Task] = []
        self._current: Task | None = None

    @property
    def is_running(self) -> bool:
        """Whether foreground work runs (until its thread has ended)."""
        return self._current is not None

    def run(
        self,
        work: Work,
        on_done: Callable[[object], None] | None = None,
        *,
        status: str | None = None,
        error: str | None = "{message}",
        on_failed: Callable[[str, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        on_progress: Callable[[float, str], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        background: bool = False,
        owner: QObject | None = None,
        done_status: str = DONE,
        failed_status: str = FAILED,
        cancelled_status: str = CANCELLED,
    ) -> Task | None:
        """Run ``work(progress, cancel)`` in a worker thread.

        Parameters
        ----------
        work
            Called in the worker with ``progress`` and ``cancel`` (see :mod:`gis.progress`);
            it must not touch widgets. Raising :class:`gis.errors.Cancelled` cancels it.
        on_done
            Called in the GUI thread with the result. On failure or cancellation it is not
            called, so whatever it would replace stays.
        status
            The status message meanwhile (foreground work), in English.
        error
            The message shown through :func:`app.notify.notify_error` if the work fails,
            translated, with ``{message}`` for the error; None: not shown (``on_failed`` says it).
        on_failed, on_cancelled, on_progress, on_finished
            Called in the GUI thread on failure (message, details), cancellation, progress
            (fraction, message) and once the thread has ended. The messages of the work
            (its progress, its errors) arrive in the window's language (:mod:`app.core_text`).
        background
            Run beside the foreground work, without the status bar's progress and Cancel.
        owner
            The object whose callbacks these are (default the runner): a task of an owner that
            is deleted calls nothing more. Notifications are shown over it.
        done_status, failed_status, cancelled_status
            The status message of each outcome of foreground work, in English.

        Returns
        -------
        The task, or None if foreground work was asked for while other foreground work runs.
        """
        self._prune()
        if not background and self._current is not None:
            return None
        task = Task(
            self,
            work,
            owner if owner is not None else self,
            foreground=not background,
            on_done=on_done,
            on_failed=on_failed,
            on_cancelled=on_cancelled,
            on_progress=on_progress,
            on_finished=on_finished,
            error=error,
            statuses=(done_status, failed_status, cancelled_status),
        )
        self._tasks.append(task)
        if not background:
            self._current = task
            if status is not None:
                self.status.emit(status)
            self.started.emit()
            self.busyChanged.emit(True)
        task.start()
        return task

    def cancel(self) -> None:
        """Ask the foreground work to stop; the previous results stay."""
        if self._current is not None:
            self._current.cancel()
            self.status.emit(CANCELLING)

    def wait(self, msecs: int = 60_000) -> None:
        """Ask all work to stop and wait for every thread to end (closing, quitting, tests)."""
        self._prune()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            task.wait(msecs)

    def _prune(self) -> None:
        """Forget the tasks deleted with their owners before their thread ended."""
        self._tasks = [t for t in self._tasks if shiboken6.isValid(t) or t is self._current]

    def _forget(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
        if task is self._current:
            self._current = None
            self.busyChanged.emit(False)
