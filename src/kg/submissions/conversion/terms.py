"""Cell values as text and as N-Triples terms (the conversion writes N-Triples lines as text directly)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kg.core.namespaces import DCTERMS, KC, RDF, RDFS, SKOS, XSD
from kg.submissions import readings

XSD_INTEGER = f"<{XSD}integer>"
TYPE = f"<{RDF.type}>"
LABEL = f"<{RDFS.label}>"
ALT_LABEL = f"<{SKOS.altLabel}>"
SOURCE_ROW = f"<{KC.sourceRow}>"
REGION = f"<{KC.region}>"
FISCAL_YEAR = f"<{KC.fiscalYear}>"
TARGET = f"<{KC.target}>"
ACHIEVED = f"<{KC.achieved}>"
SPATIAL = f"<{DCTERMS.spatial}>"
CURRENCY = "<https://schema.org/currency>"


def cell_text(value: Any) -> str:
    """A cell as text: Excel numbers without a spurious ``.0``, dates in ISO form."""
    if value.__class__ is str:  # the common case: the readers strip text cells
        return value.strip()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_decimal(value: Any) -> str | None:
    """A rupiah amount or another number as an ``xsd:decimal`` lexical form, or ``None`` if the cell is not one
    (:func:`kg.submissions.readings.read_number`: ``Rp 1.250.000.000,-``, ``Rp 13,5 miliar``, ``95,5``)."""
    return readings.read_number(value, amount=True).lexical


def read_integer(value: Any) -> str | None:
    """An integer cell (``2025``, Excel ``2025.0``) as its lexical form, or ``None``."""
    return readings.read_integer(value).lexical


def read_date(value: Any) -> str | None:
    """A date cell (Excel date, ``2025-01-15``, ``15/01/2025``, ``1 Juli 2025``) as ISO text, or ``None``."""
    return readings.read_date(value).lexical


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def literal(text: str, suffix: str = "") -> str:
    """An N-Triples literal; ``suffix`` is ``^^<datatype>`` or ``@lang``."""
    return f'"{text.translate(_ESCAPES)}"{suffix}'


#: The XSD namespace as text: rdflib's namespace class builds its text anew at each use (0.27 s of a national
#: year's conversion, a typed literal per cell).
_XSD = str(XSD)


def typed(lexical: str, datatype: str) -> str:
    """An N-Triples literal of an XSD datatype (``integer``, ``gYear`` …) from its lexical form."""
    return f'"{lexical}"^^<{_XSD}{datatype}>'


def web_address(text: str) -> str | None:
    """``<text>`` when the text is an absolute IRI (RFC 3987, as the store's own parser reads it), else ``None``.
    The only test a web address (a column of datatype ``anyURI``: ``sumber``) gets here; which schemes are
    accepted (http and https) is said by the shapes (``kcp:SourcePageShape``), nowhere else."""
    from pyoxigraph import NamedNode

    if not text or any(character in _NOT_IN_IRIREF for character in text):
        return None
    try:
        NamedNode(text)
    except ValueError:
        return None
    return f"<{text}>"


#: Characters an N-Triples IRIREF never holds (the IRI parser allows a few of them).
_NOT_IN_IRIREF = frozenset('<>"{}|^`\\' + "".join(chr(code) for code in range(0x21)))
