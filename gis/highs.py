"""The one HiGHS factory of the core: a fresh, silent solver for the location models
(:mod:`gis.locate`) and the capacity-aware assignment (:mod:`gis.assign`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import scipy.sparse as sp

# A factory of fresh ``highspy.Highs``-like objects, injected into a model.
SolverFactory = Callable[[], Any]

_HIGHS_GREETED = False


def new_highs(solver: SolverFactory | None = None, *, time_limit: float | None = None, **options: Any) -> Any:
    """A fresh, silent HiGHS with ``options`` set.

    HiGHS prints its banner from C++ when the first instance of the process is made, before
    any option can silence it; it would land in the middle of the command line's table, so
    that one is made with standard output muted.

    Parameters
    ----------
    solver
        A factory of ``highspy.Highs``-like objects to use instead (a model's injected solver).
    time_limit
        Seconds the solver may take; default no limit.
    **options
        HiGHS options (for example ``mip_rel_gap=0.0``), set after ``output_flag=False``.

    Returns
    -------
    highspy.Highs
    """
    highs = solver() if solver is not None else _greeted_highs()
    highs.setOptionValue("output_flag", False)
    for name, value in options.items():
        highs.setOptionValue(name, value)
    if time_limit is not None:
        highs.setOptionValue("time_limit", float(time_limit))
    return highs


def _greeted_highs() -> Any:
    import highspy

    global _HIGHS_GREETED
    if _HIGHS_GREETED:
        return highspy.Highs()
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            highs = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _HIGHS_GREETED = True
    return highs


def pass_model(
    highs: Any,
    *,
    cost: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    matrix: sp.spmatrix,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    integer: np.ndarray,
) -> None:
    """Give ``highs`` the mixed-integer programme: columns with costs, bounds and integrality
    (``integer``, booleans), and the rows ``row_lower ≤ matrix · x ≤ row_upper``."""
    import highspy
    import numpy as np

    lp = highspy.HighsLp()
    csc = matrix.tocsc()
    lp.num_col_ = int(csc.shape[1])
    lp.num_row_ = int(csc.shape[0])
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.asarray(lower, dtype=float)
    lp.col_upper_ = np.asarray(upper, dtype=float)
    lp.row_lower_ = np.asarray(row_lower, dtype=float)
    lp.row_upper_ = np.asarray(row_upper, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
    lp.a_matrix_.index_ = csc.indices.astype(np.int32)
    lp.a_matrix_.value_ = csc.data.astype(float)
    kinds = highspy.HighsVarType
    lp.integrality_ = [kinds.kInteger if i else kinds.kContinuous for i in np.asarray(integer, dtype=bool)]
    highs.passModel(lp)
