"""Invisible control characters in a cell's text, removed as the table is read.

Text copied from a PDF, a word processor or another application into a spreadsheet can carry characters no one
sees: a NUL, a bell (U+0007), a vertical tab (U+000B, Word's line break), a form feed, C1 controls. Kept, they
would go into the graph, where XML cannot hold them: the RDF/XML of the program's page and a SPARQL answer in
XML would no longer be well-formed. A cell's text is read without them (a run of them between two words
becomes one space) and the steward is told which were removed (``kcp:ControlCharacterReading``). A tab, a line
feed and a carriage return are text (a line break within a cell is the steward's own) and stay.
"""

from __future__ import annotations

import re

#: What XML 1.0 cannot hold, and the C1 controls (U+0080-U+009F, a Windows-1252 text read as Latin-1): the C0
#: controls but tab, line feed and carriage return, DEL, and the non-characters U+FFFE and U+FFFF.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff"
_ANY = re.compile(f"[{_CONTROL}]")
_RUN = re.compile(f" ?[{_CONTROL}]+ ?")


def without_controls(text: str) -> tuple[str, str]:
    """``text`` without its control characters (see the module), and which were there (``"U+0007, U+000B"``,
    ``""`` when none)."""
    if _ANY.search(text) is None:
        return text, ""
    found = ", ".join(f"U+{ord(character):04X}" for character in sorted(set(_ANY.findall(text))))
    return _RUN.sub(" ", text).strip(), found
