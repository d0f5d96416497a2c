"""The house's shape: no import cycle inside any package, so the layers written down as
import-linter contracts in pyproject.toml mean what they say.

grimp sees every import, those inside functions and under TYPE_CHECKING included.
"""

from __future__ import annotations

import grimp
import networkx as nx
import pytest

PACKAGES = ("gis", "layers", "outputs", "demo")


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycle_inside_a_package(graph: grimp.ImportGraph, package: str) -> None:
    edges = nx.DiGraph()
    for module in graph.modules:
        if module.split(".")[0] != package:
            continue
        edges.add_node(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.split(".")[0] == package and imported != package:
                edges.add_edge(module, imported)
    cycles = [sorted(c) for c in nx.strongly_connected_components(edges) if len(c) > 1]
    assert cycles == []


def test_a_cycle_would_be_found() -> None:
    """The check itself: two modules importing each other are one strongly connected piece."""
    edges = nx.DiGraph([("gis.a", "gis.b"), ("gis.b", "gis.a"), ("gis.b", "gis.c")])
    assert [sorted(c) for c in nx.strongly_connected_components(edges) if len(c) > 1] == [["gis.a", "gis.b"]]
