"""SHACL-SPARQL (spec §5): SPARQL-based constraints."""

from __future__ import annotations

from kg.shacl.sparql.select_constraints import TRANSLATORS

__all__ = ["TRANSLATORS"]
