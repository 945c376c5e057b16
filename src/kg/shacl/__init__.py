"""A SHACL engine that compiles SHACL Core and SHACL-SPARQL shapes into SPARQL queries run on pyoxigraph.

The layout follows the specification: ``core/`` holds one module per section of §4 (value type,
cardinality, value range, string-based, property pair, logical, shape-based, other), ``sparql/`` the
SPARQL-based constraints of §5; ``shapes``, ``paths`` and ``targets`` read §2, ``report`` writes §3.6.

>>> engine = ShaclEngine(shapes_graph)          # compiles once
>>> report = engine.validate(store_or_graph)    # one SPARQL query per constraint, over all focus nodes
"""

from __future__ import annotations

from kg.shacl.engine import ShaclEngine
from kg.shacl.errors import ShapesGraphError, ValidationFailure
from kg.shacl.reference import validate_with_pyshacl
from kg.shacl.report import ValidationReport, ValidationResult

__all__ = [
    "ShaclEngine",
    "ShapesGraphError",
    "ValidationFailure",
    "ValidationReport",
    "ValidationResult",
    "validate_with_pyshacl",
]
