"""The rules every file SchoolPlan writes follows: written whole or not at all, and no text a
spreadsheet would run.

Every file (the project, CSVs, maps, reports) is written to a temporary file beside its
target and moved into place in one step (:func:`write_atomic`), so a crash, a full disk or a
cancel leaves the old file as it was. Every CSV (:func:`write_csv`: the outputs of
:mod:`outputs` and the import report of :mod:`gis.importing`) and every cell of the Excel
report (:mod:`outputs.xlsx`) has its text neutralised against formulas (:func:`neutralise`).
This module sits at the bottom of the core and imports nothing of SchoolPlan's.
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

    import pandas as pd

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


# The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A cell value that no spreadsheet runs as a formula.

    Text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a single
    quote in front, as OWASP's guidance on CSV injection advises, so that a school named
    ``=HYPERLINK(...)`` is shown as the text ``'=HYPERLINK(...)`` instead of being run. Every
    CSV (:func:`write_csv`) and every cell of the Excel report (:mod:`outputs.xlsx`) goes
    through this one function. Anything that is not text, negative numbers included, is
    returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralised(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table whose text cells and column names went through :func:`neutralise`."""
    import pandas as pd

    out = table.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            out[column] = values.cat.rename_categories(neutralise)
        elif pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype):
            out[column] = values.map(neutralise)
    out.columns = [neutralise(c) for c in out.columns]
    return out


def write_csv(table: pd.DataFrame, target: str | os.PathLike[str], *, encoding: str = "utf-8-sig") -> Path:
    """A table as CSV, atomically, its text neutralised against formulas (:func:`neutralise`).

    The default encoding is UTF-8 with a byte-order mark, so that Excel reads the Chinese.
    """
    safe = neutralised(table)
    return write_atomic(target, lambda path: safe.to_csv(path, index=False, encoding=encoding))
