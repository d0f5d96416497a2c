"""The window's house: no import cycle among the modules of app/, and only the starters import the window.

Docks and dialogs are built from the session and the task runner; none of them may reach the
window, directly or through another module. grimp sees every import, those inside functions
and under TYPE_CHECKING included (import-linter checks the same rule as a contract).
"""

from __future__ import annotations

import grimp
import networkx as nx
import pytest

STARTERS = {"app.gui"}  # app.cli starts the window through app.gui


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("app", "gis", "layers")


def _app_edges(graph: grimp.ImportGraph) -> nx.DiGraph:
    edges = nx.DiGraph()
    for module in graph.modules:
        if module.split(".")[0] != "app":
            continue
        edges.add_node(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.split(".")[0] == "app" and imported != "app":
                edges.add_edge(module, imported)
    return edges


def test_no_import_cycle_among_app_modules(graph: grimp.ImportGraph) -> None:
    edges = _app_edges(graph)
    assert {"app.window", "app.session", "app.tasks", "app.planning"} <= set(edges)
    cycles = [sorted(c) for c in nx.strongly_connected_components(edges) if len(c) > 1]
    assert cycles == []


def test_only_the_starters_import_the_window(graph: grimp.ImportGraph) -> None:
    assert graph.find_modules_that_directly_import("app.window") <= STARTERS
    edges = _app_edges(graph)
    reaching = nx.ancestors(edges, "app.window")  # every module from which the window can be reached
    assert reaching <= STARTERS | {"app.cli"}


def test_the_docks_are_built_without_the_window(graph: grimp.ImportGraph) -> None:
    """The window imports its docks, never the other way round: a dock reaches the session, not the window."""
    edges = _app_edges(graph)
    docks = ("app.planning", "app.plan", "app.forecast", "app.balance", "app.layerpanel", "app.schooltable")
    for dock in (*docks, "app.dashboard", "app.details"):
        assert "app.window" not in nx.descendants(edges, dock), dock
        assert dock in nx.descendants(edges, "app.window"), dock


def test_a_cycle_would_be_found() -> None:
    """The check itself: two modules importing each other are one strongly connected piece."""
    edges = nx.DiGraph([("app.a", "app.b"), ("app.b", "app.a"), ("app.b", "app.c")])
    assert [sorted(c) for c in nx.strongly_connected_components(edges) if len(c) > 1] == [["app.a", "app.b"]]
