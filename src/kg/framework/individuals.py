"""Named individuals kept apart: ``owl:AllDifferent`` axioms generated from a graph's own individuals.

OWL makes no unique-name assumption: two IRIs may denote one thing. With a functional property (``kc:status``)
or an exact cardinality (an initiative has one ``kc:dimension``), data giving a program two statuses makes a
reasoner conclude ``kc:Ongoing owl:sameAs kc:Completed`` instead of reporting the conflict. One
``owl:AllDifferent`` per class of named individuals turns every such conflict into an inconsistency.

The axioms are generated, never typed: :func:`with_all_different` groups the graph's ``owl:NamedIndividual``
subjects by their class and writes one axiom per class; ``scripts/build_ontology_axioms.py`` applies it to
``ontology/kotacerdas.ttl``, and a test fails when the file is not what it would write (a new individual left
out of its axiom).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

#: Types that say nothing about which set an individual belongs to.
_GENERIC_TYPES = {OWL.NamedIndividual, OWL.Thing, RDFS.Resource, SKOS.Concept}


def individual_sets(graph: Graph) -> dict[URIRef, list[URIRef]]:
    """The graph's named individuals (IRIs typed ``owl:NamedIndividual``) grouped by each class they are
    typed with (generic types left aside), members sorted by IRI; classes in IRI order."""
    sets: dict[URIRef, set[URIRef]] = defaultdict(set)
    for individual in graph.subjects(RDF.type, OWL.NamedIndividual):
        if not isinstance(individual, URIRef):
            continue
        for kind in graph.objects(individual, RDF.type):
            if isinstance(kind, URIRef) and kind not in _GENERIC_TYPES:
                sets[kind].add(individual)
    return {kind: sorted(sets[kind], key=str) for kind in sorted(sets, key=str)}


def all_different_sets(graph: Graph) -> list[set[URIRef]]:
    """The member sets of the graph's ``owl:AllDifferent`` axioms (``owl:members`` or ``owl:distinctMembers``)."""
    found = []
    for axiom in graph.subjects(RDF.type, OWL.AllDifferent):
        for predicate in (OWL.members, OWL.distinctMembers):
            for head in graph.objects(axiom, predicate):
                found.append({member for member in Collection(graph, head) if isinstance(member, URIRef)})
    return found


def remove_all_different(graph: Graph) -> None:
    """Drop every ``owl:AllDifferent`` axiom (with its member list) from ``graph``."""
    for axiom in list(graph.subjects(RDF.type, OWL.AllDifferent)):
        for predicate in (OWL.members, OWL.distinctMembers):
            for head in list(graph.objects(axiom, predicate)):
                Collection(graph, head).clear()
                graph.remove((axiom, predicate, head))
        graph.remove((axiom, RDF.type, OWL.AllDifferent))


def add_all_different(graph: Graph, members: Iterable[URIRef]) -> BNode | None:
    """Add ``[] a owl:AllDifferent ; owl:members ( … )`` for ``members`` (in the order given); ``None`` for
    fewer than two."""
    listed: list[Node] = list(members)
    if len(listed) < 2:
        return None
    axiom, head = BNode(), BNode()
    Collection(graph, head, listed)
    graph.add((axiom, RDF.type, OWL.AllDifferent))
    graph.add((axiom, OWL.members, head))
    return axiom


def with_all_different(graph: Graph) -> Graph:
    """``graph`` (changed in place and returned) with exactly one ``owl:AllDifferent`` per class of its named
    individuals, replacing any it had."""
    remove_all_different(graph)
    for members in individual_sets(graph).values():
        add_all_different(graph, members)
    return graph


def individuals_left_apart(graph: Graph) -> list[tuple[URIRef, URIRef]]:
    """``(class, individual)`` pairs where the individual is in no ``owl:AllDifferent`` with the rest of its
    class: what :func:`with_all_different` would fix. Empty when the axioms are complete."""
    axioms = all_different_sets(graph)
    missing = []
    for kind, members in individual_sets(graph).items():
        if len(members) < 2:
            continue
        if not any(set(members) <= axiom for axiom in axioms):
            covered = set().union(*(axiom for axiom in axioms if axiom & set(members))) if axioms else set()
            missing += [(kind, member) for member in members if member not in covered] or [(kind, members[0])]
    return missing
