"""The option lists the command line and the library share, each declared once.

The CLI's ``--lang``, ``--format``, ``--engine``, ``--fail-on`` … accept exactly these values, and the library
functions behind them check the same lists, so a new format or language is added here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.core.errors import InputError

#: Languages of every user-facing text (Indonesian first).
LANGUAGES = ("id", "en")
#: SHACL severities from the most to the least severe, by their ``sh:`` local name.
SEVERITIES = ("Violation", "Warning", "Info")
#: ``--fail-on``: exit 1 from this severity on.
FAIL_ON = tuple(name.lower() for name in SEVERITIES)
#: SHACL engines: the project's SPARQL compiler, or pySHACL (the reference implementation).
ENGINES = ("sparql", "pyshacl")
#: ``validate --format``.
REPORT_FORMATS = ("text", "json", "turtle", "html")
#: ``convert --to``.
RDF_FORMATS = ("turtle", "nt", "jsonld")
#: ``query --format``.
TABLE_FORMATS = ("table", "csv", "json")


def check_choice(value: str, allowed: Sequence[str], option: str) -> str:
    """``value`` when it is one of ``allowed``; else an :class:`InputError` naming the option (exit 2)."""
    if value not in allowed:
        raise InputError(
            f"harus salah satu dari / must be one of: {', '.join(allowed)} (diberikan/given {value!r})", source=option
        )
    return value
