"""Progress reporting and cancellation for long analysis work.

Long functions take ``progress`` (a callable receiving a fraction in [0, 1] and a message)
and ``cancel`` (a callable returning True once the user asked to stop). :class:`Progress`
maps stages onto parts of the bar and raises :class:`~gis.errors.Cancelled` between steps.
"""

from __future__ import annotations

from collections.abc import Callable

from gis.errors import Cancelled

ProgressFn = Callable[[float, str], None]
CancelFn = Callable[[], bool]


class Progress:
    """Reports a stage's progress as part of an overall bar and checks for cancellation."""

    def __init__(
        self,
        callback: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        *,
        start: float = 0.0,
        end: float = 1.0,
        _shown: list[float] | None = None,
    ) -> None:
        self._callback = callback
        self._cancel = cancel
        self._start = start
        self._end = end
        # The furthest point shown so far, shared by every stage of one bar: stages that run
        # side by side never move the bar backwards.
        self._shown = _shown if _shown is not None else [0.0]

    def __call__(self, fraction: float, message: str = "") -> None:
        """Report that ``fraction`` of this stage is done; raise Cancelled if asked to stop."""
        if self._cancel is not None and self._cancel():
            raise Cancelled("cancelled by the user")
        if self._callback is not None:
            value = self._start + (self._end - self._start) * min(max(fraction, 0.0), 1.0)
            value = max(value, self._shown[0])
            self._shown[0] = value
            self._callback(value, message)

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop (without reporting progress)."""
        if self._cancel is not None and self._cancel():
            raise Cancelled("cancelled by the user")

    def stage(self, start: float, end: float) -> Progress:
        """A sub-progress covering ``start``..``end`` of this one."""
        span = self._end - self._start
        return Progress(
            self._callback,
            self._cancel,
            start=self._start + span * start,
            end=self._start + span * end,
            _shown=self._shown,
        )
