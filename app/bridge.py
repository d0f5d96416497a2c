"""The map page talks to Python over a QWebChannel: the page calls :class:`MapBridge` slots.

The page itself (made by :mod:`layers.webmap`, which knows nothing of Qt) only calls
``window.schoolplanBridge.schoolClicked(id)`` and ``mouseMoved(lat, lon)`` when that object
exists. The window injects
Qt's own ``qwebchannel.js`` (served from Qt's resources, no network) and a few lines that
connect the channel and set ``window.schoolplanBridge``; see :func:`bridge_script`. The page
knows nothing of planning either: :func:`map_click_script` sends the clicks on the Leaflet map
to :meth:`MapBridge.mapClicked` (WGS84 latitude and longitude), for the Scenarios dock.
"""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice, QObject, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript

BRIDGE_NAME = "schoolplanBridge"
QWEBCHANNEL_JS = ":/qtwebchannel/qwebchannel.js"

_MAP_CLICK_JS = """
(function() {
  function listen() {
    if (!window.schoolplan || !window.schoolplan.map) { return false; }
    window.schoolplan.map.on("click", function(e) {
      if (window.schoolplanBridge && window.schoolplanBridge.mapClicked) {
        window.schoolplanBridge.mapClicked(e.latlng.lat, e.latlng.lng);
      }
    });
    return true;
  }
  if (!listen()) { window.addEventListener("load", listen); }
})();
"""

_CONNECT_JS = """
(function() {
  if (typeof qt === "undefined" || !qt.webChannelTransport || typeof QWebChannel === "undefined") { return; }
  new QWebChannel(qt.webChannelTransport, function(channel) {
    window.%(name)s = channel.objects.%(name)s;
  });
})();
"""


class MapBridge(QObject):
    """The Python side of the map page: the page calls its slots, the window listens to its signals."""

    schoolSelected = Signal(str)
    cursorMoved = Signal(float, float)
    mapClick = Signal(float, float)

    @Slot(str)
    def schoolClicked(self, school_id: str) -> None:
        """Called by the page when a school marker is clicked; emits :attr:`schoolSelected`."""
        self.schoolSelected.emit(str(school_id))

    @Slot(float, float)
    def mouseMoved(self, lat: float, lon: float) -> None:
        """Called by the page (at most once per frame) when the mouse moves; emits :attr:`cursorMoved`."""
        self.cursorMoved.emit(float(lat), float(lon))

    @Slot(float, float)
    def mapClicked(self, lat: float, lon: float) -> None:
        """Called by the page when the map is clicked (WGS84; see :func:`map_click_script`); emits :attr:`mapClick`."""
        self.mapClick.emit(float(lat), float(lon))


def qwebchannel_js() -> str:
    """The source of Qt's ``qwebchannel.js`` from the Qt WebChannel module's resources."""
    source = QFile(QWEBCHANNEL_JS)
    if not source.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"{QWEBCHANNEL_JS} is missing from the Qt WebChannel module")
    try:
        return bytes(source.readAll().data()).decode("utf-8")
    finally:
        source.close()


def bridge_script() -> QWebEngineScript:
    """A user script, run on every page load, that connects the channel and sets ``window.schoolplanBridge``."""
    script = QWebEngineScript()
    script.setName("schoolplan-bridge")
    script.setSourceCode(qwebchannel_js() + _CONNECT_JS % {"name": BRIDGE_NAME})
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentReady)
    script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    script.setRunsOnSubFrames(False)
    return script


def map_click_script() -> QWebEngineScript:
    """A user script, run on every page load, that reports the Leaflet map's clicks to the bridge."""
    script = QWebEngineScript()
    script.setName("schoolplan-map-click")
    script.setSourceCode(_MAP_CLICK_JS)
    script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentReady)
    script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    script.setRunsOnSubFrames(False)
    return script


def attach_bridge(page: QWebEnginePage, bridge: MapBridge) -> QWebChannel:
    """Put ``bridge`` on ``page``'s web channel and inject the connecting and map-click scripts.

    Returns
    -------
    The channel (parented to the page, so it lives as long as the page).
    """
    channel = QWebChannel(page)
    channel.registerObject(BRIDGE_NAME, bridge)
    page.setWebChannel(channel)
    page.scripts().insert(bridge_script())
    page.scripts().insert(map_click_script())
    return channel
