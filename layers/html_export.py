"""One self-contained HTML map of an analysis, to send by e-mail or open in any browser offline.

:func:`write_html_map` builds on :func:`layers.webmap.webmap_html`, which already inlines
Leaflet's JavaScript and CSS (its images as ``data:`` URIs) and draws the base map, the
children, the travel time surface, the catchments and the schools with no URL leaving the
page. This module adds what a reader without the desktop window needs: a layer switcher
(Leaflet's layers control), a popup on every school (name, code, type, pupils, places and
flags), a legend, and the suggestions as a layer of their own; every word in Chinese or English
from :mod:`layers.glossary`.
Text from the data is escaped for HTML, and the JSON put into the page's scripts escapes
``<``, ``>`` and ``&``, so a school called ``<script>…</script>`` is shown as text.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gis.schema import enrolment_columns
from layers.glossary import check_language, find, term
from layers.legend import Legend, layer_legend
from layers.model import project_layers
from layers.qgis_styles import ROLE_COLORS, role_label
from layers.style import SCHOOL_FLAG_TERMS, school_flags
from layers.webmap import WGS84, html_text, webmap_html

if TYPE_CHECKING:
    from gis.analysis import Analysis
    from gis.suggest import Suggestions

_CSS = (
    ".sp-popup td{padding:1px 6px 1px 0;vertical-align:top}.sp-popup th{text-align:left;font-weight:normal;"
    "color:#555;padding-right:8px}.sp-popup b{font-size:13px}.leaflet-control-layers{font-size:12px}"
    ".sp-legend{background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;font-size:12px;"
    "box-shadow:0 1px 4px rgba(0,0,0,.35);max-height:60vh;overflow-y:auto;line-height:18px}"
    ".sp-legend h4{margin:0 0 4px;font-size:13px}.sp-legend h5{margin:6px 0 2px;font-size:12px}"
    ".sp-legend .sp-note{color:#555;font-size:11px;max-width:230px;white-space:normal}"
    ".sp-sym{display:inline-block;width:16px;height:12px;margin-right:6px;vertical-align:middle;"
    "box-sizing:border-box}.sp-ramp{display:inline-block;width:120px;height:10px;vertical-align:middle}"
)


def write_html_map(
    path: str | os.PathLike[str],
    analysis: Analysis,
    *,
    suggestions: Suggestions | None = None,
    title: str | None = None,
    language: str = "zh",
) -> Path:
    """Write :func:`html_map` to one UTF-8 file, atomically, and return its path."""
    from gis.fileio import write_atomic

    page = html_map(analysis, suggestions=suggestions, title=title, language=language)
    return write_atomic(path, lambda tmp: tmp.write_text(page, encoding="utf-8"))


def html_map(
    analysis: Analysis,
    *,
    suggestions: Suggestions | None = None,
    title: str | None = None,
    language: str = "zh",
) -> str:
    """The self-contained HTML page of an analysis's map.

    Parameters
    ----------
    analysis
        The analysis (its project makes the base map, its catchments and travel times the layers).
    suggestions
        Planning suggestions, drawn as a layer of points by role (closed, merged into,
        receiving, new) with their rationale in a popup.
    title
        Page title; default the county's name with "schools map" in the page's language.
    language
        ``"zh"`` or ``"en"``: layer titles, popups and flag words.

    Returns
    -------
    One HTML document whose scripts, styles and images are all inline (no URL leaves it).

    Raises
    ------
    ValueError
        If ``language`` is neither ``"zh"`` nor ``"en"``.
    """
    check_language(language)
    project = analysis.project
    layers = project_layers(project, analysis)
    titles = {layer.name: find(f"layer.{layer.name}", language) or layer.title for layer in layers}
    for name, text in titles.items():
        layers = layers.replace(name, title=text)
    flag_labels = {flag: term(key, language) for flag, key in SCHOOL_FLAG_TERMS.items()}
    page_title = title or term("html.title", language).format(name=project.name)
    page = webmap_html(project, analysis, layers=layers, title=page_title, flag_labels=flag_labels)
    data = {
        "titles": {name: html_text(text) for name, text in titles.items()},
        "legendTitle": html_text(term("legend.title", language)),
        "legend": [
            {"name": layer.name, "html": legend_html(titles[layer.name], legend)}
            for layer in layers
            if (legend := layer_legend(layer, project, language=language)).entries or legend.ramp
        ],
        "schools": school_popups(analysis, language=language),
        "suggestions": suggestion_points(suggestions, analysis, language=language) if suggestions is not None else [],
        "suggestionsTitle": html_text(term("layer.suggestions", language)),
    }
    script = f"<script>\n{_EXTRA_JS.replace('__DATA__', script_json(data))}\n</script>\n"
    lang = "zh-CN" if language == "zh" else "en"
    page = page.replace("<html>", f'<html lang="{lang}">', 1)
    head_end = page.find("</head>")
    page = page[:head_end] + f"<style>{_CSS}</style>\n" + page[head_end:]
    end = page.rfind("</html>")
    if end < 0:
        return page + script
    return page[:end] + script + page[end:]


def script_json(value: object) -> str:
    """JSON safe inside an HTML ``<script>``: ``<``, ``>`` and ``&`` escaped, ASCII only."""
    text = json.dumps(value, ensure_ascii=True, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def school_popups(analysis: Analysis, *, language: str = "zh") -> list[dict[str, object]]:
    """Each school's position (WGS84) and popup HTML: name, code, type, pupils, places, flags."""

    def word(key: str) -> str:
        return term(key, language)

    schools = analysis.project.schools
    wgs = schools.to_crs(WGS84)
    flags = school_flags(schools, analysis).to_dict("records")
    pupils = schools[enrolment_columns()].to_numpy(dtype=float).sum(axis=1)
    out: list[dict[str, object]] = []
    for i, row in enumerate(schools.drop(columns="geometry").to_dict("records")):
        kind = str(row["type"])
        rows = [
            (word("field.school_id"), row["school_id"]),
            (word("field.type"), find(f"school.{kind}", language) or kind.replace("_", " ")),
            (word("field.pupils"), _count(pupils[i])),
        ]
        for level in ("primary", "junior"):
            capacity = float(row.get(f"capacity_{level}", 0) or 0)
            if capacity > 0:
                rows.append((word(f"field.capacity_{level}"), _count(capacity)))
        shown = [word(key) for flag, key in SCHOOL_FLAG_TERMS.items() if flags[i].get(flag)]
        if shown:
            rows.append((word("field.flags"), "、".join(shown) if language == "zh" else ", ".join(shown)))
        geom = wgs.geometry.iloc[i]
        out.append({"lat": float(geom.y), "lon": float(geom.x), "html": _popup(row["name"], rows)})
    return out


def suggestion_points(suggestions: Suggestions, analysis: Analysis, *, language: str = "zh") -> list[dict[str, object]]:
    """The points of the suggestions (WGS84) with their colour by role and popup HTML."""
    from gis.suggest import suggestions_frame

    def word(key: str) -> str:
        return term(key, language)

    frame = suggestions_frame(suggestions, analysis)
    if not len(frame):
        return []
    wgs = frame.to_crs(WGS84)
    rationale = "rationale_zh" if language == "zh" else "rationale_en"
    out: list[dict[str, object]] = []
    for i, row in enumerate(frame.drop(columns="geometry").to_dict("records")):
        role = str(row["role"])
        rows = [
            (word("field.suggestion"), f"{row['suggestion']} ({row['action']})"),
            (word("field.role"), role_label(role, language)),
            (word("field.school_id"), row["school_id"]),
        ]
        for key in ("seats", "beds"):
            if float(row[key] or 0) > 0:
                rows.append((word(f"field.{key}"), _count(float(row[key]))))
        rows.append(("", row[rationale]))
        geom = wgs.geometry.iloc[i]
        out.append(
            {
                "lat": float(geom.y),
                "lon": float(geom.x),
                "color": ROLE_COLORS.get(role, "#777777"),
                "html": _popup(row["name"], rows),
            }
        )
    return out


def legend_html(title: str, legend: Legend) -> str:
    """One layer's part of the page's legend: its title, a symbol per entry, a ramp, a note (escaped).

    The legend's words are already in the page's language (:func:`layers.legend.layer_legend`);
    entries that describe the window alone are left out.
    """
    lines = [f"<h5>{html_text(title)}</h5>"]
    for entry in legend.entries:
        if entry.window_only:
            continue
        color = html_text(entry.color)
        shape = {
            "line": f"height:0;border-top:3px solid {color};margin-bottom:3px",
            "circle": f"border-radius:50%;background:{color};width:12px",
            "fill": f"background:{color};opacity:.85",
            "outline": f"border-radius:50%;border:2px solid {color};width:12px",
            "dashed": f"border-radius:50%;border:2px dashed {color};width:12px",
        }[entry.symbol]
        lines.append(f'<div><span class="sp-sym" style="{shape}"></span>{html_text(entry.label)}</div>')
    if legend.ramp:
        gradient = ",".join(html_text(c) for c in legend.ramp)
        low, high = (
            ("", "") if legend.value_range is None else (_amount(legend.value_range[0]), _amount(legend.value_range[1]))
        )
        lines.append(
            f'<div>{html_text(low)} <span class="sp-ramp" style="background:linear-gradient(to right,{gradient})">'
            f"</span> {html_text(high)}</div>"
        )
        if legend.unit:
            lines.append(f'<div class="sp-note">{html_text(legend.unit)}</div>')
    if legend.note:
        lines.append(f'<div class="sp-note">{html_text(legend.note)}</div>')
    return "".join(lines)


def _popup(name: object, rows: list[tuple[str, object]]) -> str:
    cells = "".join(f"<tr><th>{html_text(k)}</th><td>{html_text(v)}</td></tr>" for k, v in rows)
    return f'<div class="sp-popup"><b>{html_text(name)}</b><table>{cells}</table></div>'


def _amount(value: float) -> str:
    """A count of children per cell: whole numbers from 10 on, one decimal below (cells hold fractions)."""
    return _count(value) if abs(value) >= 10 else f"{value:.1f}"


def _count(value: float) -> str:
    return f"{value:,.0f}" if np.isfinite(value) else ""


# The page's additions, run after the map and window.schoolplan exist. __DATA__ is JSON.
_EXTRA_JS = """
(function() {
  var sp = window.schoolplan;
  if (!sp) { return; }
  var data = __DATA__;
  var map = sp.map;
  var named = sp.layers;
  // Popups: each school marker gets the popup of the school(s) at its position.
  if (named.schools) {
    named.schools.eachLayer(function(m) {
      if (!m.getLatLng) { return; }
      var at = m.getLatLng();
      var here = data.schools.filter(function(s) {
        return Math.abs(s.lat - at.lat) < 1e-9 && Math.abs(s.lon - at.lng) < 1e-9;
      });
      if (here.length) {
        m.bindPopup(here.map(function(s) { return s.html; }).join("<hr>"), {maxWidth: 340});
      }
    });
  }
  var overlays = {};
  var nameOf = {};
  sp.order().slice().reverse().forEach(function(n) {
    var title = data.titles[n] || n;
    overlays[title] = named[n];
    nameOf[L.stamp(named[n])] = n;
  });
  if (data.suggestions.length) {
    var group = L.featureGroup();
    data.suggestions.forEach(function(s) {
      L.circleMarker([s.lat, s.lon], {radius: 8, color: s.color, weight: 3, fill: true, fillColor: s.color,
                                      fillOpacity: 0.35}).bindPopup(s.html, {maxWidth: 360}).addTo(group);
    });
    group.addTo(map);
    overlays[data.suggestionsTitle] = group;
  }
  L.control.layers(null, overlays, {collapsed: false, sortLayers: false}).addTo(map);
  // The legend: one part per layer that has one, shown while its layer is.
  var legend = L.control({position: "bottomright"});
  var parts = {};
  legend.onAdd = function() {
    var box = L.DomUtil.create("div", "sp-legend leaflet-control");
    box.innerHTML = "<h4>" + data.legendTitle + "</h4>";
    data.legend.forEach(function(item) {
      var part = L.DomUtil.create("div", "sp-legend-part", box);
      part.setAttribute("data-layer", item.name);
      part.innerHTML = item.html;
      part.style.display = named[item.name] && map.hasLayer(named[item.name]) ? "" : "none";
      parts[item.name] = part;
    });
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  legend.addTo(map);
  function showPart(layer, shown) {
    var n = nameOf[L.stamp(layer)];
    if (n && parts[n]) { parts[n].style.display = shown ? "" : "none"; }
  }
  // Keep the page's own record of visible layers (and their stacking) in step with the switcher.
  map.on("overlayadd", function(e) {
    var n = nameOf[L.stamp(e.layer)]; if (n) { sp.setVisible(n, true); } showPart(e.layer, true);
  });
  map.on("overlayremove", function(e) {
    var n = nameOf[L.stamp(e.layer)]; if (n) { sp.setVisible(n, false); } showPart(e.layer, false);
  });
})();
"""
