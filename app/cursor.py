"""The status bar's read-out of the map position under the mouse.

:class:`CursorReadout` shows the longitude and latitude the map page reports, the position in
the project's coordinate system and, after an analysis, the walking trip of grades 1–3 from
the populated cell there to its nearest school.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    import numpy as np

    from app.session import Session


class CursorReadout(QLabel):
    """Coordinates and trip under the mouse.

    Attributes
    ----------
    cursor_minutes
        The trip shown (minutes; infinite when no school is reachable), or None.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._to_project: object | None = None  # a pyproj Transformer from WGS84
        self._grid: tuple[object, np.ndarray, int, int] | None = None  # inverse transform, cell index, r0, c0
        self._cell_minutes: np.ndarray | None = None
        self._cursor: tuple[float, float] | None = None
        self.cursor_minutes: float | None = None
        session.projectLoaded.connect(self._prepare_lookup)
        session.analysisChanged.connect(self._prepare_minutes)

    @Slot()
    def _prepare_lookup(self) -> None:
        """The transformation from WGS84 and the grid index of the new project's populated cells."""
        import numpy as np
        from pyproj import Transformer

        from gis.catchments import grid_transform

        self._cell_minutes = None
        self._grid = None
        self._cursor = None
        self.clear()
        project = self._session.project
        if project is None:
            return
        self._to_project = Transformer.from_crs("EPSG:4326", project.crs, always_xy=True)
        pop = project.population
        if not len(pop):
            return
        rows = pop["row"].to_numpy(dtype=int)
        cols = pop["col"].to_numpy(dtype=int)
        transform = grid_transform(pop.geometry.x.to_numpy(), pop.geometry.y.to_numpy(), rows, cols,
                                   project.cell_size)  # fmt: skip
        r0, c0 = int(rows.min()), int(cols.min())
        index = np.full((rows.max() - r0 + 1, cols.max() - c0 + 1), -1, dtype=np.int64)
        index[rows - r0, cols - c0] = np.arange(len(pop))
        self._grid = (~transform, index, r0, c0)

    @Slot()
    def _prepare_minutes(self) -> None:
        """Each populated cell's trip (grades 1–3, walking) to its nearest school, from the analysis."""
        import numpy as np

        self._cell_minutes = None
        analysis, project = self._session.analysis, self._session.project
        if analysis is None or project is None or "primary" not in analysis.levels:
            return
        result = analysis.levels["primary"]
        minutes = np.full(len(project.population), np.nan)
        minutes[result.cells] = result.groups[0].minutes
        self._cell_minutes = minutes

    def cell_at(self, x: float, y: float) -> int | None:
        """The row of the project's population layer whose cell holds a point (project CRS), or None."""
        if self._grid is None:
            return None
        inverse, index, r0, c0 = self._grid
        col, row = inverse @ (x, y)  # type: ignore[operator]
        r, c = int(row // 1) - r0, int(col // 1) - c0
        if not (0 <= r < index.shape[0] and 0 <= c < index.shape[1]):
            return None
        found = int(index[r, c])
        return found if found >= 0 else None

    @Slot(float, float)
    def show_position(self, lat: float, lon: float) -> None:
        """Show the coordinates under the mouse and, after an analysis, the trip of the cell there."""
        self._cursor = (lat, lon)
        if self._session.project is None or self._to_project is None:
            return
        x, y = self._to_project.transform(lon, lat)  # type: ignore[attr-defined]
        text = self.tr("Lon {lon}, lat {lat} · x {x}, y {y}").format(
            lon=f"{lon:.5f}", lat=f"{lat:.5f}", x=f"{x:.0f}", y=f"{y:.0f}"
        )
        self.cursor_minutes = None
        cell = self.cell_at(x, y)
        if cell is not None and self._cell_minutes is not None:
            minutes = float(self._cell_minutes[cell])
            if minutes == minutes:
                self.cursor_minutes = minutes
                if minutes == float("inf"):
                    text += " · " + self.tr("grades 1–3: no school reachable")
                else:
                    text += " · " + self.tr("grades 1–3: {minutes} min to the nearest school").format(
                        minutes=f"{minutes:.1f}"
                    )
        self.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._cursor is not None:
            self.show_position(*self._cursor)
        super().changeEvent(event)
