"""The W3C RDF Data Cube integrity constraints IC-1 … IC-21 run over the coverage cube (:mod:`kg.store.coverage_cube`)
and its structure ``kc:CoverageStructure`` (in the ontology).

The constraints are the recommendation's own SPARQL ASK queries (W3C Recommendation "The RDF Data Cube
Vocabulary", 2014-01-16, section 11.1), one file each in ``shapes/data-cube/`` (``ic-01.rq`` … ``ic-21.rq``; IC-19
has two, for a concept scheme and a collection; IC-20 and IC-21 are templates instantiated for each
``qb:parentChildProperty``). As the recommendation requires, they run on the normalised data: the updates
``normalize-1.ru`` and ``normalize-2.ru`` (section 10.2) applied to a copy of the ontology and statistics graphs in
memory. An ASK answering true is a failed constraint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.core.namespaces import GRAPH_IRIS
from kg.core.resources import shapes_file

_TEMPLATE = re.compile(r"^# template: <\$p> is each value of: (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class ConstraintResult:
    """One integrity constraint and whether the cube breaks it."""

    name: str  # "IC-12"
    title: str  # "No duplicate observations: …"
    failed: bool


def constraint_files() -> list[Path]:
    return sorted(shapes_file("data-cube").glob("ic-*.rq"))


def _title(text: str) -> tuple[str, str]:
    first = text.splitlines()[0].removeprefix("# ")
    name, _, title = first.partition(" ")
    return name, title


def _prologue(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.startswith("PREFIX"))


def normalised(triples) -> ox.Store:
    """An in-memory store of ``triples`` with the recommendation's normalisation applied."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    for name in ("normalize-1.ru", "normalize-2.ru"):
        store.update(shapes_file("data-cube/" + name).read_text(encoding="utf-8"))
    return store


def check_normalised(store: ox.Store) -> list[ConstraintResult]:
    """Every constraint on a normalised store, in order."""
    results = []
    for path in constraint_files():
        text = path.read_text(encoding="utf-8")
        name, title = _title(text)
        template = _TEMPLATE.search(text)
        if template is None:
            failed = bool(store.query(text))
        else:
            answers = store.query(_prologue(text) + "\n" + template.group(1))
            assert isinstance(answers, ox.QuerySolutions)  # the template is a SELECT
            properties = [row[0] for row in answers if isinstance(row[0], ox.NamedNode)]
            failed = any(bool(store.query(text.replace("<$p>", str(item)))) for item in properties)
        results.append(ConstraintResult(name, title, failed))
    return results


def check_cube(graph_store) -> list[ConstraintResult]:
    """The integrity constraints on the coverage cube of ``graph_store`` (a
    :class:`kg.store.interface.GraphStore`): its statistics graphs (the data set's and each year's) with the ontology
    that defines the structure."""
    from kg.core.terms import to_oxigraph_triple
    from kg.store.coverage_cube import stats_graph, year_graphs

    graphs = " ".join(f"<{iri}>" for iri in (GRAPH_IRIS["ONTOLOGY_GRAPH"], stats_graph(), *year_graphs(graph_store)))
    answer = graph_store.construct(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    return check_normalised(normalised(to_oxigraph_triple(*triple) for triple in answer))
