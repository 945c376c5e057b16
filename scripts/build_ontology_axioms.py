"""Generate the ``owl:AllDifferent`` axioms of ``ontology/kotacerdas.ttl`` from its own named individuals.

One axiom per class of named individuals (dimensions, goals, initiatives, statuses, beneficiary groups, concept
schemes, organisations …), so that conflicting data is an inconsistency for a reasoner, never a merge of two
individuals (see ``kg.framework.individuals``). Run it after adding or removing an individual; the file is
rewritten in canonical form. ``--check`` only reports (exit 1 when the file is stale).

Usage: ``python scripts/build_ontology_axioms.py [--check] [FILE]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph

from kg.core.turtle import to_turtle, write_turtle
from kg.framework.individuals import with_all_different

REPO = Path(__file__).resolve().parent.parent


def generated_text(path: Path) -> str:
    """What ``path`` should contain: its triples with the generated axioms, in canonical form."""
    return to_turtle(with_all_different(Graph().parse(str(path), format="turtle")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=REPO / "ontology" / "kotacerdas.ttl")
    parser.add_argument("--check", action="store_true", help="report a stale file, do not rewrite it")
    args = parser.parse_args()
    expected = generated_text(args.file)
    if args.file.read_text(encoding="utf-8") == expected:
        return 0
    if args.check:
        print(f"stale: {args.file} (run python scripts/build_ontology_axioms.py)")
        return 1
    write_turtle(with_all_different(Graph().parse(str(args.file), format="turtle")), args.file)
    print(f"rewrote: {args.file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
