"""The offline map in the middle of the window: the session's layers as a Leaflet page.

:class:`MapView` owns the web view (or, without a map, a label saying so) and the
:class:`~app.bridge.MapBridge` the page calls. The page is built by :mod:`layers.webmap` in a
background task of the runner and loaded from a local file; after an analysis the analysis
worker has built it already (:meth:`MapView.keep_page`). The layer panel's choices reach the
page as small scripts (visibility, opacity, order) without building it again; the selected
school is outlined and zoomed to. Places a dock asks for (the Plan dock's schools and new sites,
:meth:`MapView.show_places`) are ringed and the map is fitted to them. A planning change
(:class:`layers.highlight.MapHighlight`, :meth:`MapView.show_highlight`) is drawn with its roles,
arrows and catchments before and, once a background analysis of the change has them, after; a
scenario can be shown beside the baseline with a swipe (:meth:`MapView.show_scenario_swipe`). The
page is in the window's language and is built again when the language changes. The local base map
(a tile folder or an MBTiles file) is kept in the settings.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from app import notify

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from app.bridge import MapBridge
    from app.session import Session
    from app.tasks import TaskRunner
    from gis.analysis import Analysis
    from gis.edits import Edit
    from gis.plan.moves import Move
    from gis.plan.plan import CountyPlan, PlanAction
    from gis.progress import CancelFn, ProgressFn
    from gis.standards_plan import StandardsPlan
    from gis.suggest import Suggestion
    from gis.zones import Zones
    from layers.highlight import MapHighlight
    from layers.model import Layer

BASE_MAP_KEY = "base_map"
# The enrolment zones' layer (layers.zones_layer.ZONES_LAYER, not imported here: the layers bring numpy).
ZONES_LAYER = "zones"


@dataclass(frozen=True)
class Place:
    """A point to show on the map, in the project's CRS: a school of the project (its code) or a new site."""

    x: float
    y: float
    name: str = ""
    school_id: str = ""
    new: bool = False


def _js(value: object) -> str:
    """A JSON value for a script."""
    return json.dumps(value)


def _page_language() -> str:
    """The language of the map page (``zh`` or ``en``): the window's."""
    from app.i18n import current_language

    return "zh" if current_language().startswith("zh") else "en"


class MapView(QObject):
    """The map of the session's project and analysis.

    Attributes
    ----------
    widget
        The web view, or a label when the map is off or closed (the window's central widget).
    bridge
        The Python side of the page (None without a map).
    """

    loaded = Signal(bool)  # a page finished loading (ok)
    highlightShown = Signal(object)  # the highlight sent to the page (again when its after catchments arrive)
    swipeShown = Signal(str)  # a scenario's swipe is on the page (its name)

    def __init__(
        self, session: Session, runner: TaskRunner, settings: QSettings, *, web_map: bool = True, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._session, self._runner, self._settings = session, runner, settings
        self._generation = 0
        self._prebuilt: tuple[Analysis, str] | None = None
        self._map_dir = Path(tempfile.mkdtemp(prefix="schoolplan-map-"))
        self._map_dir_cleanup = weakref.finalize(self, shutil.rmtree, self._map_dir, ignore_errors=True)
        self.bridge: MapBridge | None = None
        self.places: tuple[Place, ...] = ()  # the places shown last (:meth:`show_places`)
        self.highlight: MapHighlight | None = None  # the planning change shown (:meth:`show_highlight`)
        self.swipe: str | None = None  # the scenario shown beside the baseline (:meth:`show_scenario_swipe`)
        self._swipe_data: dict[str, object] | None = None
        self._highlight_generation = 0
        self._swipe_generation = 0
        # (baseline, edits) -> the baseline and the analysis with the edits (the baseline kept: ids are reused)
        self._after_cache: dict[tuple[int, object], tuple[Analysis, Analysis]] = {}
        self._page_language: str | None = None
        self.zones: Zones | None = None  # the enrolment zones on the map (:meth:`show_zones`)
        self.zone: str | None = None  # the school whose zone is outlined (:meth:`show_zone`)
        self._zones_layer: Layer | None = None  # their layer, as the layer panel left it
        self._off: QLabel | None = None
        self.widget: QWidget
        if web_map:
            from PySide6.QtWebEngineWidgets import QWebEngineView

            from app.bridge import MapBridge, attach_bridge

            self._web: QWebEngineView | None = QWebEngineView(parent)
            self.bridge = MapBridge(self)
            attach_bridge(self._web.page(), self.bridge)
            self._web.loadFinished.connect(self._on_loaded)
            self.widget = self._web
        else:
            self._web = None
            self._off = QLabel(parent)
            self._off.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.widget = self._off
        session.layersChanged.connect(self.render)
        session.layerChanged.connect(self._layer_changed)
        session.layerOrderChanged.connect(self._order_changed)
        session.schoolSelected.connect(self._school_selected)
        # Before the layer panel and the page hear of new layers: the zones stay among them.
        session.analysisChanged.connect(self._keep_zones)
        session.projectLoaded.connect(lambda: self.show_zones(None))
        self.retranslate()

    def retranslate(self) -> None:
        """Set the visible texts in the current language; a page in another language is built again
        (in the background)."""
        if self._off is not None:
            self._off.setText(self.tr("The map is off."))
        if self._page_language is not None and self._page_language != _page_language():
            self.render()
            if self.swipe is not None:  # its tags and tooltips in the new language, once the page is there
                self._swipe_data = None

    # ----------------------------------------------------------------- pages
    def page_builder(self) -> Callable[[Analysis], str] | None:
        """A function, safe to call in a worker, that builds the map page of an analysis of the project."""
        project = self._session.project
        if project is None or self._web is None:
            return None
        from app.views import merged_layers
        from layers.webmap import webmap_html

        previous = self._session.layers  # immutable snapshots
        options = self._page_options()
        zones = self._zones_layer

        def build(analysis: Analysis) -> str:
            shown = analysis.project  # the project's children, or a forecast year's
            layers = merged_layers(shown, analysis, previous)
            if zones is not None:
                layers = layers.with_layer(zones, keep=False)
            return webmap_html(shown, analysis, layers=layers, **options)

        return build

    def _page_options(self) -> dict[str, Any]:
        """The page's base map, flag words and language, read here: the page is built in a worker."""
        from app.labels import map_flag_labels

        tiles, max_zoom = self._base_tiles()
        return {
            "base_tiles": tiles,
            "base_max_zoom": max_zoom,
            "flag_labels": map_flag_labels(),
            "language": _page_language(),
        }

    def keep_page(self, analysis: Analysis, page: str) -> None:
        """A page the analysis worker built: shown instead of building it again, if its analysis is shown."""
        self._prebuilt = (analysis, page)

    @Slot()
    def render(self) -> None:
        """Build the map page in a background task (it takes a second or two); load it when done."""
        session = self._session
        if session.project is None or self._web is None:
            return
        from layers.webmap import page_language, webmap_html

        prebuilt, self._prebuilt = self._prebuilt, None
        self._generation += 1
        generation = self._generation
        options = self._page_options()
        language = options["language"]
        self._page_language = language
        if prebuilt is not None and prebuilt[0] is session.analysis and page_language(prebuilt[1]) == language:
            self._page_built(generation, prebuilt[1])  # made by the analysis worker
            return
        # A forecast year shown: its children on the map, its pupils behind the seat flags.
        project, analysis, layers = session.shown_project(), session.analysis, session.layers
        if project is None:
            return

        def build(_progress: object, _cancel: object) -> str:
            return webmap_html(project, analysis, layers=layers, **options)

        self._runner.run(
            build,
            lambda page: self._page_built(generation, str(page)),
            error=None,
            on_failed=lambda message, details: self._page_failed(generation, message, details),
            background=True,
            owner=self,
        )

    def _page_built(self, generation: int, page: str) -> None:
        if generation != self._generation or self._web is None:
            return  # a newer page is on its way, or the map is closed
        target = self._map_dir / "map.html"
        target.write_text(page, encoding="utf-8")
        # setHtml is limited to 2 MB; a local file has no such limit and no network.
        self._web.load(QUrl.fromLocalFile(str(target)))

    def _page_failed(self, generation: int, message: str, details: str) -> None:
        if generation == self._generation:
            notify.notify_error(self.widget, self.tr("The map cannot be drawn."), f"{message}\n\n{details}")

    @Slot(bool)
    def _on_loaded(self, ok: bool) -> None:
        if ok:
            self._sync()
            self._highlight(zoom=False)
            if self.highlight is not None:
                self._send_highlight(fit=False)
            if self.zone is not None:
                self._send_zone(fit=False)
            if self._swipe_data is not None:
                self._send_swipe()
            elif self.swipe is not None:
                self.show_scenario_swipe(self.swipe)
        self.loaded.emit(ok)

    # ----------------------------------------------------------------- the page's state
    def run_js(self, script: str, callback: Callable[[object], None] | None = None) -> None:
        """Run JavaScript in the map page and pass the result to ``callback`` (for tests and tools)."""
        if self._web is not None:
            if callback is None:
                self._web.page().runJavaScript(script)
            else:
                self._web.page().runJavaScript(script, 0, callback)

    def _sync(self) -> None:
        """Apply the layer panel's state to a freshly loaded page (it may have been built from an older one)."""
        layers = self._session.layers
        if self._web is None or layers is None:
            return
        parts = [f"window.schoolplan.setOrder({_js(list(layers.names))});"]
        for layer in layers:
            name = _js(layer.name)
            parts.append(f"window.schoolplan.setVisible({name}, {str(layer.visible).lower()});")
            parts.append(f"window.schoolplan.setOpacity({name}, {layer.opacity!r});")
        self.run_js("if (window.schoolplan) { " + " ".join(parts) + " }")

    @Slot(str)
    def _layer_changed(self, name: str) -> None:
        layers = self._session.layers
        if layers is None or name not in layers:
            return
        if name == ZONES_LAYER:
            self._zones_layer = layers[name]
        layer, key = layers[name], _js(name)
        self.run_js(
            f"if (window.schoolplan) {{ window.schoolplan.setVisible({key}, {str(layer.visible).lower()});"
            f" window.schoolplan.setOpacity({key}, {layer.opacity!r}); }}"
        )

    @Slot()
    def _order_changed(self) -> None:
        if self._session.layers is not None and ZONES_LAYER in self._session.layers:
            self._zones_layer = self._session.layers[ZONES_LAYER]
        if self._session.layers is not None:
            self.run_js(f"window.schoolplan && window.schoolplan.setOrder({_js(list(self._session.layers.names))});")

    @Slot(str)
    def _school_selected(self, code: str) -> None:
        self._highlight(zoom=not code or code != self.zone)  # a school whose zone is shown: the zone's fit stays

    def _highlight(self, *, zoom: bool) -> None:
        code = self._session.selected_school
        if self._web is None or code is None:
            return
        script = f"if (window.schoolplan) {{ window.schoolplan.highlightSchool({_js(code)});"
        if zoom:
            script += f" window.schoolplan.zoomToSchool({_js(code)});"
        self.run_js(script + " }")

    @Slot()
    def show_county(self) -> None:
        """Fit the map to the whole county (its townships, grid and schools), as when the page opens."""
        project = self._session.project
        if self._web is None or project is None:
            return
        from layers.webmap import bounds_wgs84

        west, south, east, north = bounds_wgs84(project)
        self.run_js(
            "if (window.schoolplan) { window.schoolplan.map.fitBounds("
            f"{_js([[south, west], [north, east]])}, {{padding: [24, 24], animate: false}}); }}"
        )

    @Slot(object)
    def show_places(self, places: tuple[Place, ...] | list[Place]) -> None:
        """Ring these places (new sites dashed, with their name) and fit the map to them; none: remove the rings.

        They are kept in :attr:`places` (also without a map); a page loaded later shows none.
        """
        self.places = tuple(places)
        project = self._session.project
        if self._web is None or project is None:
            return
        from pyproj import Transformer

        to_map = Transformer.from_crs(project.crs, "EPSG:4326", always_xy=True)
        rings = []
        for place in self.places:
            lon, lat = to_map.transform(place.x, place.y)
            rings.append({"at": [lat, lon], "name": place.name, "new": place.new})
        self.run_js(
            "if (window.schoolplan && window.L) { var sp = window.schoolplan;"
            " if (sp.planRings) { sp.map.removeLayer(sp.planRings); }"
            " sp.planRings = L.layerGroup().addTo(sp.map); var at = [];"
            f" {_js(rings)}.forEach(function(p) {{ at.push(p.at);"
            " var ring = L.circleMarker(p.at, {radius: 18, color: p.new ? '#d81b60' : '#111111', weight: 3,"
            " dashArray: p.new ? '5 4' : null, fill: false, interactive: false});"
            " if (p.new && p.name) { ring.bindTooltip(p.name, {permanent: true, direction: 'top', offset: [0, -18]}); }"
            " ring.addTo(sp.planRings); });"
            " if (at.length) { sp.map.fitBounds(L.latLngBounds(at).pad(0.4), {maxZoom: 13, animate: false}); } }",
        )

    # ----------------------------------------------------------------- planning on the map
    @Slot(object)
    def show_highlight(self, highlight: MapHighlight | None) -> None:
        """Draw what a planning change touches (:mod:`layers.highlight`) and fit the map to it; None clears it.

        When the highlight's after catchments are not known yet (:attr:`MapHighlight.needs_after`),
        its scenario is analysed in the background (kept for the next time) and the highlight is
        drawn again with them; :attr:`highlight` follows, and :attr:`highlightShown` is emitted each
        time the page is sent one. The after catchments need the session's analysis.
        """
        self.highlight = highlight
        self._highlight_generation += 1
        generation = self._highlight_generation
        self._send_highlight(fit=True)
        baseline = self._session.analysis
        if highlight is None or not highlight.needs_after or baseline is None or highlight.scenario is None:
            return
        from layers.highlight import scenario_analysis, with_after

        key = (id(baseline), highlight.scenario.edits)
        cached = self._after_cache.get(key)
        kept = cached[1] if cached is not None and cached[0] is baseline else None
        scenario = highlight.scenario

        def work(_progress: object, _cancel: object) -> tuple[Analysis, MapHighlight]:
            after = kept if kept is not None else scenario_analysis(baseline, scenario)
            return after, with_after(highlight, baseline, after)

        def done(result: object) -> None:
            after: Analysis
            found: MapHighlight
            after, found = result  # type: ignore[misc]
            if len(self._after_cache) > 8:
                self._after_cache.clear()
            self._after_cache[key] = (baseline, after)
            if generation == self._highlight_generation and self._session.analysis is baseline:
                self.highlight = found
                self._send_highlight(fit=True)

        # A change that cannot apply (a school gone meanwhile) keeps its before catchments only.
        self._runner.run(work, done, error=None, on_failed=lambda *_a: None, background=True, owner=self)

    @Slot(object)
    def show_suggestion(self, suggestion: Suggestion | None) -> bool:
        """Highlight a suggestion (:func:`layers.highlight.suggestion_highlight`) over the session's analysis;
        None clears. Returns whether something is shown (False without an analysis)."""
        from layers.highlight import suggestion_highlight

        analysis = self._session.analysis
        found = suggestion_highlight(suggestion, analysis) if suggestion is not None and analysis is not None else None
        self.show_highlight(found)
        return found is not None

    @Slot(object)
    def show_edit(self, edit: Edit | None) -> bool:
        """Highlight one edit of a scenario (:func:`layers.highlight.edit_highlight`); None clears."""
        from layers.highlight import edit_highlight

        analysis = self._session.analysis
        found = edit_highlight(edit, analysis) if edit is not None and analysis is not None else None
        self.show_highlight(found)
        return found is not None

    def show_plan_action(
        self, action: PlanAction | None, plan: CountyPlan | None = None, moves: Sequence[Move] = ()
    ) -> bool:
        """Highlight a line of the county plan (:func:`layers.highlight.plan_action_highlight`): the plan's
        scenario of the action's year says what it does, ``moves`` (:func:`gis.plan.moves.receivers`)
        where its pupils go; None clears."""
        from layers.highlight import plan_action_highlight

        analysis = self._session.analysis
        if action is None or analysis is None:
            self.show_highlight(None)
            return False
        scenario = None
        if plan is not None and action.year in plan.years:
            k = plan.years.index(action.year)
            scenario = plan.scenarios[k] if k < len(plan.scenarios) else None
        self.show_highlight(plan_action_highlight(action, analysis, scenario=scenario, moves=moves))
        return True

    def show_standards_plan(
        self, plan: StandardsPlan | None, *, school_id: str | None = None, transfer: int | None = None
    ) -> bool:
        """Highlight a standards plan (:func:`layers.highlight.standards_highlight`): its schools with
        investments and its teacher transfers as arrows; ``school_id`` only that school's part,
        ``transfer`` only that transfer (its row). None clears. Needs no analysis: nothing moves pupils."""
        if plan is None or self._session.project is None:
            self.show_highlight(None)
            return False
        from layers.highlight import standards_highlight

        found = standards_highlight(
            plan.schools_before, plan.investments, plan.transfers, school_id=school_id, transfer=transfer
        )
        self.show_highlight(found)
        return True

    # ----------------------------------------------------------------- enrolment zones
    @Slot(object)
    def show_zones(self, zones: Zones | None) -> None:
        """Put a level's enrolment zones on the map as the layer :data:`layers.zones_layer.ZONES_LAYER`
        (shown, in place of earlier zones; its opacity and place kept); None takes the layer away.

        The layer is one of the session's, so the layer panel lists it; it stays when the analysis
        is run again, and goes with the project.
        """
        from layers.zones_layer import zones_layer

        self.zones, self.zone = zones, None
        layers = self._session.layers
        if zones is None:
            self._zones_layer = None
            if layers is None or ZONES_LAYER not in layers:
                return
            self._session.layers = layers.without(ZONES_LAYER)
        else:
            layer = zones_layer(zones)
            if self._zones_layer is not None:
                layer = layer.with_(opacity=self._zones_layer.opacity, z=self._zones_layer.z)
            self._zones_layer = layer
            if layers is None:
                return
            self._session.layers = layers.with_layer(layer, keep=False)
        self._session.layersChanged.emit()  # the panel lists it, the page is built with it

    @Slot()
    def _keep_zones(self) -> None:
        """After another analysis the session's layers are made again: the zones stay among them."""
        layers, layer = self._session.layers, self._zones_layer
        if layers is not None and layer is not None and ZONES_LAYER not in layers:
            self._session.layers = layers.with_layer(layer, keep=False)

    @Slot(object)
    def show_zone(self, school_id: str | None) -> None:
        """Outline a school's enrolment zone and fit the map to it; None: none outlined."""
        self.zone = school_id
        self._send_zone(fit=school_id is not None)

    def _send_zone(self, *, fit: bool) -> None:
        self.run_js(
            "if (window.schoolplan && window.schoolplan.showZone) {"
            f" window.schoolplan.showZone({_js(self.zone)}, {str(fit).lower()}); }}"
        )

    def _send_highlight(self, *, fit: bool) -> None:
        highlight, project = self.highlight, self._session.project
        if self._web is None:
            return
        if highlight is None or project is None:
            self.run_js("window.schoolplan && window.schoolplan.clearHighlight && window.schoolplan.clearHighlight();")
            self.highlightShown.emit(None)
            return
        from layers.highlight import highlight_data

        data = highlight_data(highlight, project.crs, language=_page_language(), cell_size=project.cell_size)
        self.run_js(
            "if (window.schoolplan && window.schoolplan.showHighlight) {"
            f" window.schoolplan.showHighlight({_js(data)}, {str(fit).lower()}); }}"
        )
        self.highlightShown.emit(highlight)

    @Slot(object)
    def show_scenario_swipe(self, name: str | None) -> None:
        """Show a saved scenario of the project beside the baseline: a divider the user drags across
        the map, the baseline's catchments and schools on its left, the scenario's on its right; None
        ends the swipe.

        The scenario (and the baseline, when the session has no analysis of the project) is analysed
        in the background; :attr:`swipeShown` is emitted when the page has it.
        """
        self._swipe_generation += 1
        generation = self._swipe_generation
        if name is None:
            self.swipe, self._swipe_data = None, None
            self.run_js("window.schoolplan && window.schoolplan.endSwipe && window.schoolplan.endSwipe();")
            return
        project = self._session.project
        if project is None or self._web is None:
            return
        self.swipe = name
        analysis = self._session.analysis
        baseline = analysis if analysis is not None and analysis.project.schools is project.schools else None
        standards = self._session.current_standards()
        language = _page_language()

        def work(progress: ProgressFn, cancel: CancelFn) -> dict[str, object]:
            from gis.analysis import analyze
            from gis.standards import load_standards
            from layers.highlight import scenario_analysis
            from layers.webmap import swipe_data

            scenario = project.scenario(name)
            base = baseline
            if base is None:
                base = analyze(project, standards or load_standards(), progress=progress, cancel=cancel)
            return swipe_data(base, scenario_analysis(base, scenario), name=name, language=language)

        def done(result: object) -> None:
            if generation != self._swipe_generation:
                return
            self._swipe_data = result  # type: ignore[assignment]
            self._send_swipe()

        self._runner.run(
            work, done, error=self.tr("The scenario cannot be shown on the map: {message}"), background=True, owner=self
        )

    def _send_swipe(self) -> None:
        if self._swipe_data is None or self.swipe is None:
            return
        name = self.swipe
        self.run_js(
            f"window.schoolplan && window.schoolplan.showSwipe && window.schoolplan.showSwipe({_js(self._swipe_data)})"
            " && true",
            lambda _ok: self.swipeShown.emit(name),
        )

    @Slot(bool)
    def set_crosshair(self, on: bool) -> None:
        """Show the crosshair over the map (while a new school is being placed) or the usual cursor."""
        cursor = "crosshair" if on else ""
        self.run_js(
            f"window.schoolplan && (window.schoolplan.map.getContainer().style.cursor = '{cursor}'); true",
            lambda _result: None,
        )

    # ----------------------------------------------------------------- local base map
    def base_map(self) -> tuple[str, Path] | None:
        """The local base map chosen (``("folder" | "mbtiles", path)``), or None."""
        value = self._settings.value(BASE_MAP_KEY, "")
        if not value or ":" not in str(value):
            return None
        kind, _, path = str(value).partition(":")
        return (kind, Path(path)) if kind in ("folder", "mbtiles") else None

    def set_base_map(self, path: Path | None, *, kind: str | None = None) -> bool:
        """Draw a local tile folder (``{z}/{x}/{y}.png``) or MBTiles file under the layers, or none.

        The kind is told from the path (a folder or a file) unless given. The choice is kept in
        the settings. Returns success (a missing path goes to the notification).
        """
        if path is None:
            self._settings.remove(BASE_MAP_KEY)
        else:
            path = Path(path).resolve()
            kind = kind or ("folder" if path.is_dir() else "mbtiles")
            if not path.exists():
                notify.notify_error(self.widget, self.tr("The base map {path} does not exist.").format(path=path))
                return False
            self._settings.setValue(BASE_MAP_KEY, f"{kind}:{path}")
        self._settings.sync()
        self.render()
        return True

    def _base_tiles(self) -> tuple[str | None, int]:
        """The tile URL template and deepest zoom of the local base map, or (None, 18)."""
        from app.tiles import mbtiles_handler, mbtiles_max_zoom, mbtiles_template, tile_folder_template

        chosen = self.base_map()
        if chosen is None or self._web is None or not chosen[1].exists():
            return None, 18
        kind, path = chosen
        if kind == "folder":
            zooms = [int(p.name) for p in path.iterdir() if p.is_dir() and p.name.isdigit()]
            return tile_folder_template(path), max(zooms, default=18)
        mbtiles_handler(self._web.page().profile()).set_file(path)
        return mbtiles_template(path), mbtiles_max_zoom(path)

    @Slot()
    def ask_tile_folder(self) -> None:
        """Ask for a tile folder and draw it under the layers."""
        folder = QFileDialog.getExistingDirectory(self.widget, self.tr("Choose a tile folder ({z}/{x}/{y}.png)"))
        if folder:
            self.set_base_map(Path(folder), kind="folder")

    @Slot()
    def ask_mbtiles(self) -> None:
        """Ask for an MBTiles file and draw it under the layers."""
        path, _ = QFileDialog.getOpenFileName(
            self.widget, self.tr("Choose an MBTiles file"), "", self.tr("MBTiles (*.mbtiles)")
        )
        if path:
            self.set_base_map(Path(path), kind="mbtiles")

    # ----------------------------------------------------------------- closing
    def release(self, show: Callable[[QWidget], None]) -> None:
        """Delete the web view now, passing the placeholder that replaces it to ``show``.

        A page still alive when Qt drops its profile at exit crashes, so the view must go
        before the application does. The temporary folder of the pages goes too.
        """
        self._map_dir_cleanup()
        web, self._web = self._web, None
        if web is None:
            return
        import shiboken6

        placeholder = QLabel(self.tr("The map is closed."), web.parentWidget())
        self.widget = placeholder
        show(placeholder)  # the old central widget is scheduled for deletion…
        if shiboken6.isValid(web):
            shiboken6.delete(web)  # …but it must go before the application does
