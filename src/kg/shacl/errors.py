"""Why a shape is not compiled, and why a shapes graph is refused."""

from __future__ import annotations


class Uncompilable(Exception):
    """A shape (or a part of it) that the compiler does not translate: the shape runs on pySHACL instead."""


class ShapesGraphError(ValueError):
    """A shapes graph that SHACL says must make validation fail (e.g. a SPARQL constraint using MINUS)."""


class ValidationFailure(RuntimeError):
    """Validation could not be completed (spec §3.6.2, a failure), e.g. a SPARQL constraint returned ?failure."""
