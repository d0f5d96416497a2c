"""Writing a file so that a failure never leaves half of it: the one atomic-write rule.

Every file SchoolPlan writes (the project, CSVs, maps, reports) is written to a temporary
file beside its target and moved into place in one step, so a crash, a full disk or a cancel
leaves the old file as it was. This module sits at the bottom of the core and imports nothing
of SchoolPlan's.
"""

from __future__ import annotations

import glob
import os
import stat
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

# Temporary files are named ``.<target name>.<random>.tmp<target suffix>``: beside the target,
# hidden, with the target's own suffix (so writers that go by it, GDAL or matplotlib, write the
# right format), and found again by :func:`remove_stale_temps`.
TEMP_TAG = ".tmp"


def temp_beside(target: Path) -> Path:
    """A new temporary path beside ``target`` (the file itself is not left there)."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f"{TEMP_TAG}{target.suffix}", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()
    return tmp


def remove_stale_temps(target: Path) -> None:
    """Remove the temporary files (and their SQLite journals) of earlier writes of ``target``
    that crashed. Call it only while no one else can be writing ``target`` (under its lock)."""
    for stale in target.parent.glob(f".{glob.escape(target.name)}.*{TEMP_TAG}{glob.escape(target.suffix)}*"):
        stale.unlink(missing_ok=True)


def write_atomic(
    target: str | os.PathLike[str],
    write: Callable[[Path], object],
    *,
    durable: bool = True,
    remove_stale: bool = False,
) -> Path:
    """Call ``write`` on a temporary file beside ``target``, then move it into place in one step.

    A failure (or a cancel) never leaves a half-written ``target``: the temporary file is
    removed and the previous ``target``, if any, stays as it was. A file that replaces another
    keeps the other's permissions.

    Parameters
    ----------
    target
        The file to write; its folder is made when missing.
    write
        Writes the whole file at the path it is given.
    durable
        Flush the new file before the replace and its folder after it, so the new file
        survives a power cut.
    remove_stale
        First remove temporary files of earlier writes of ``target`` that crashed (only
        while holding ``target``'s lock).

    Returns
    -------
    The target path.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if remove_stale:
        remove_stale_temps(target)
    tmp = temp_beside(target)
    try:
        write(tmp)
        if target.exists():
            copy_permissions(target, tmp)
        if durable:
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        fsync_folder(target.parent)
    return target


def copy_permissions(old: Path, new: Path) -> None:
    """Give ``new`` the mode (and, where allowed, the owner and group) of ``old``."""
    st = os.stat(old)
    os.chmod(new, stat.S_IMODE(st.st_mode))
    if hasattr(os, "chown"):
        with suppress(PermissionError):
            os.chown(new, st.st_uid, st.st_gid)


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries, so that a replaced file survives a power cut."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
