"""Domain exceptions and warnings, in one place.

Every problem a planner can fix names where it is (file, layer, feature or row, field),
the offending value and what to do about it. Validation collects all problems of an
input and raises them together.
"""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from gis.messages import text


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
        line = ": ".join([", ".join(where), self.message]) if where else self.message
        if self.value:
            line += f" (value: {self.value})"
        if self.fix:
            line += f"; {self.fix}"
        return line


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


class SolverError(SchoolPlanError):
    """The optimisation solver (HiGHS) stopped with an error of its own: not the planner's input."""


class DataWarning(UserWarning):
    """A recoverable oddity in the data that the user should see (never a silent drop)."""


class ProjectChangedError(SchoolPlanError):
    """A save was refused: the file changed on disk since the project was read from it."""

    def __init__(self, path: os.PathLike[str] | str) -> None:
        self.path = Path(path)
        super().__init__(
            text(
                "{path} changed on disk since it was opened (another program saved it); "
                "nothing was written: reload it to see those changes, or save yours under another name",
                path=self.path,
            )
        )


class ProjectLockedError(SchoolPlanError):
    """Another program is saving the project and did not finish in time."""

    def __init__(self, path: os.PathLike[str] | str) -> None:
        self.path = Path(path)
        super().__init__(
            text(
                "{path} is being saved by another program; nothing was written: wait for it to finish and try again",
                path=self.path,
            )
        )


class StorageError(SchoolPlanError):
    """A file could not be written: the disk is full, or the folder is read-only or not ours."""


_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


def storage_error(exc: BaseException, path: os.PathLike[str] | str, *, needed: int | None = None) -> StorageError:
    """One readable line for a failed write, naming the file and what to do.

    ``exc`` is an ``OSError`` or a GDAL error that wraps one (GDAL words a full disk as
    "database or disk is full"); ``needed`` is about how many bytes the file needs.
    """
    path = Path(path)
    code = exc.errno if isinstance(exc, OSError) else None
    said = str(exc).lower()
    full = code in _FULL or "disk is full" in said or "no space left" in said
    denied = code in _DENIED or "permission denied" in said or "read-only" in said
    if full:
        try:
            free = shutil.disk_usage(_existing_parent(path)).free
        except OSError:
            free = None
        size = text("; it needs about {mb} MB", mb=_mb(needed)) if needed else ""
        have = text(", {mb} MB free", mb=_mb(free)) if free is not None else ""
        return StorageError(
            text(
                "disk full: cannot write {path}{size}{have}; free some space or write to another disk. "
                "Nothing was changed",
                path=path,
                size=size,
                have=have,
            )
        )
    if denied:
        return StorageError(
            text(
                "cannot write {path}: the folder is read-only or you may not write there; "
                "choose another folder or ask for write access. Nothing was changed",
                path=path,
            )
        )
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return StorageError(text("cannot write {path}: {reason}. Nothing was changed", path=path, reason=reason))


def _existing_parent(path: Path) -> Path:
    for parent in (path, *path.parents):
        if parent.exists():
            return parent
    return Path.cwd()


def _mb(size: int | None) -> str:
    return f"{(size or 0) / 1e6:,.1f}"
