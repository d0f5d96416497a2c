"""The enrolment zones (划片) as a map layer: its model and what the web map draws of it, without Qt.

:func:`zones_layer` makes the :class:`layers.model.Layer` of a level's zones
(:class:`gis.zones.Zones`), named :data:`ZONES_LAYER`; :func:`zone_colours` gives each zone a fill
colour, neighbouring zones different ones (a greedy colouring of the zones' adjacency graph with
networkx); :func:`zone_features` and :func:`village_outlines` are the zone polygons with their
tooltips and the villages' thin outlines that :mod:`layers.webmap` draws.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from layers.glossary import check_language, term
from layers.model import Layer
from layers.style import CATCHMENT_PALETTE

if TYPE_CHECKING:
    import geopandas as gpd

    from gis.zones import Zones

#: The layer's name (its key in the layer stack and on the page).
ZONES_LAYER = "zones"
#: Its English title (the window translates it).
ZONES_TITLE = "Enrolment zones"
#: Drawn above the catchments (z 50, 51), below the roads' outline of a highlight and the schools.
ZONES_Z = 60
ZONE_OUTLINE = "#333333"
VILLAGE_OUTLINE = "#777777"


def zones_layer(zones: Zones, *, visible: bool = True, opacity: float = 0.55) -> Layer:
    """The map layer of a level's zones (its data: the zones)."""
    return Layer(
        ZONES_LAYER,
        ZONES_TITLE,
        "polygons",
        visible=visible,
        opacity=opacity,
        z=ZONES_Z,
        style={"level": zones.level, "outline": ZONE_OUTLINE, "villages": VILLAGE_OUTLINE},
        data=zones,
    )


def zone_adjacency(frame: gpd.GeoDataFrame) -> list[tuple[int, int]]:
    """The pairs of rows of a frame of polygons that touch or overlap (positions, ``i < j``)."""
    geometries = list(frame.geometry)
    if not geometries:
        return []
    import shapely

    tree = shapely.STRtree(geometries)
    left, right = tree.query(geometries, predicate="intersects")
    return sorted({(int(i), int(j)) for i, j in zip(left, right, strict=True) if i < j})


def zone_colours(frame: gpd.GeoDataFrame) -> dict[str, str]:
    """A fill colour of :data:`layers.style.CATCHMENT_PALETTE` per zone (``school_id``), neighbours apart.

    A greedy colouring (largest first) of the graph whose nodes are the zones and whose edges join
    zones that touch; on a map it needs far fewer colours than the palette has. If it ever needed
    more, colours repeat (neighbours could then share one).
    """
    import networkx as nx

    ids = [str(code) for code in frame["school_id"]]
    graph = nx.Graph()
    graph.add_nodes_from(range(len(ids)))
    graph.add_edges_from(zone_adjacency(frame))
    colouring = nx.greedy_color(graph, strategy="largest_first")
    return {ids[i]: CATCHMENT_PALETTE[colouring[i] % len(CATCHMENT_PALETTE)] for i in range(len(ids))}


def zone_tooltip(row: dict[str, object], *, language: str = "en") -> str:
    """HTML of a zone's tooltip: the school (name and code), its villages, children and seats (escaped)."""
    check_language(language)
    colon = "：" if language == "zh" else ": "

    def line(label: str, value: object) -> str:
        return f"{html.escape(label)}{colon}{html.escape(str(value))}"

    parts = [f"<b>{html.escape(str(row['school_name']))}</b> ({html.escape(str(row['school_id']))})"]
    parts.append(line(term("zones.n_villages", language), int(float(row["villages"]))))  # type: ignore[arg-type]
    parts.append(line(term("metric.children", language), f"{float(row['children']):,.0f}"))  # type: ignore[arg-type]
    parts.append(line(term("field.seats", language), f"{float(row['seats']):,.0f}"))  # type: ignore[arg-type]
    continues = str(row.get("continues_to") or "")
    if continues:
        parts.append(html.escape(term("zones.continues", language).format(school=continues)))
    return "<br>".join(parts)


def zone_features(zones: Zones, *, language: str = "en") -> gpd.GeoDataFrame:
    """The zone polygons to draw: ``school_id``, ``label`` (the tooltip's HTML), ``color``, geometry.

    A teaching point's ``continues_to`` is named by its school's name where the zones know it.
    """
    frame = zones.zones.reset_index(drop=True)
    colours = zone_colours(frame)
    names = dict(zip(frame["school_id"].astype(str), frame["school_name"].astype(str), strict=True))
    labels = []
    for row in frame.drop(columns="geometry").to_dict("records"):
        continues = str(row.get("continues_to") or "")
        row["continues_to"] = names.get(continues, continues)
        labels.append(zone_tooltip(row, language=language))
    ids = frame["school_id"].astype(str)
    return frame.assign(school_id=ids, label=labels, color=[colours[i] for i in ids])[
        ["school_id", "label", "color", "geometry"]
    ]


def village_outlines(zones: Zones) -> gpd.GeoDataFrame:
    """The villages' (and town blocks') polygons, to draw as thin outlines."""
    return zones.villages[["geometry"]].reset_index(drop=True)
