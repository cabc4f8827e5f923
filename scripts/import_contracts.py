"""import-linter contracts for civicgrid's production code.

Tests and migrations are not floors of the house: a test may set up any app it needs (a case's
test builds a dispute, a browser test drives every page), and a migration is frozen history.
These contracts are import-linter's own, checked on the graph with test and migration modules
removed; every other import is checked, function-level ones included, with no exception list.
"""

from __future__ import annotations

from importlinter.contracts.acyclic_siblings import AcyclicSiblingsContract
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract

NOT_PRODUCTION = {"tests", "migrations"}


def production_only(graph):
    for module in list(graph.modules):
        if NOT_PRODUCTION & set(module.split(".")):
            graph.remove_module(module)
    return graph


class ProductionLayers(LayersContract):
    def check(self, graph, verbose):
        return super().check(production_only(graph), verbose)


class ProductionForbidden(ForbiddenContract):
    def check(self, graph, verbose):
        return super().check(production_only(graph), verbose)


class ProductionAcyclicSiblings(AcyclicSiblingsContract):
    def check(self, graph, verbose):
        return super().check(production_only(graph), verbose)
