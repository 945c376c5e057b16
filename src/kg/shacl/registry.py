"""The constraint registry: each constraint parameter that triggers a translation (spec §4 Core, §5 SPARQL)."""

from __future__ import annotations

from rdflib import URIRef

from kg.shacl.checks import Translator
from kg.shacl.core import TRANSLATORS as CORE_TRANSLATORS
from kg.shacl.sparql import TRANSLATORS as SPARQL_TRANSLATORS

#: Parameter → translation, Core components first, in the order of the specification.
TRANSLATORS: dict[URIRef, Translator] = {**CORE_TRANSLATORS, **SPARQL_TRANSLATORS}
