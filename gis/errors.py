"""Domain exceptions and warnings, in one place.

Every problem a planner can fix names where it is (file, layer, feature or row, field),
the offending value and what to do about it. Validation collects all problems of an
input and raises them together.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as possible."""

    message: str
    file: str = ""
    layer: str = ""
    feature: str = ""
    field: str = ""
    value: str = ""
    fix: str = ""

    def __str__(self) -> str:
        where = [
            part
            for part in (
                self.file,
                f"layer {self.layer}" if self.layer else "",
                f"feature {self.feature}" if self.feature else "",
                f"field {self.field}" if self.field else "",
            )
            if part
        ]
        text = ": ".join([", ".join(where), self.message]) if where else self.message
        if self.value:
            text += f" (value: {self.value})"
        if self.fix:
            text += f"; {self.fix}"
        return text


class SchoolPlanError(Exception):
    """Base class of the errors SchoolPlan reports to a user."""


class InputError(SchoolPlanError, ValueError):
    """An input file or value is unusable; carries every problem found."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Cancelled(SchoolPlanError):
    """Raised inside long work when the user cancelled it."""


class DataWarning(UserWarning):
    """A recoverable oddity in the data that the user should see (never a silent drop)."""
