"""Text from data made safe for where people read it: the terminal, and spreadsheets opening a CSV.

Values stored in a graph or read from a submission are the submitter's text. On a terminal their control
characters (ANSI/OSC escape sequences, carriage returns, bidi overrides) could rewrite the screen, set the
window title or hide text, and rich would read ``[bold]`` or ``[/tahap]`` in them as markup (a crash, or text
that disappears). In a spreadsheet a cell starting with ``=``, ``+``, ``-`` or ``@`` is a formula
(``=HYPERLINK(…)``, DDE ``+cmd|…``). Every face that shows such a value goes through one of these functions:

- :func:`terminal_text` — control characters replaced by U+FFFD (newline and tab kept where meaningful);
- :func:`markup_text` — the same, then escaped for inclusion in a rich markup string;
- :func:`rich_text` — a :class:`rich.text.Text` of it (never parsed as markup or emoji codes);
- :func:`spreadsheet_cell` — a CSV cell neutralised the way OWASP recommends (a leading ``'``), numbers kept;
- :func:`link_target` — an IRI as a page's link only when its scheme is ``http``, ``https`` or ``mailto``
  (``javascript:``, ``data:``, ``vbscript:``, ``file:`` … stay text: a stored IRI never runs script on a click).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

#: What replaces a control character on the terminal: visible, and harmless.
REPLACEMENT = "\ufffd"
#: C0 controls but tab and newline, DEL, C1 controls, and the Unicode bidirectional overrides/isolates
#: (U+202A–U+202E, U+2066–U+2069: "Trojan Source" reordering of what is shown).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile("\r\n?|[\n\x85\u2028\u2029]")
#: OWASP "CSV Injection": cells starting with these are formulas (or become one) in spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The schemes a page may link to; any other IRI is shown as text.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
#: What a browser removes before it reads a URL's scheme (WHATWG URL: leading/trailing C0 controls and spaces,
#: tabs and newlines anywhere), so that ``" java\tscript:"`` is judged as the browser would follow it.
_URL_EDGES = "".join(chr(code) for code in range(0x21))
_URL_DROPPED = re.compile("[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def terminal_text(value: object, *, keep_newlines: bool = True) -> str:
    """``value`` as text that cannot drive the terminal: control characters become U+FFFD.

    Line breaks (CR LF, CR, NEL, U+2028/9) become ``\\n``, or a space with ``keep_newlines=False`` (one-line
    messages); tabs are kept.
    """
    text = "" if value is None else str(value)
    text = _LINE_BREAK.sub("\n" if keep_newlines else " ", text)
    if not keep_newlines:
        text = text.replace("\t", " ")
    return _CONTROL.sub(REPLACEMENT, text)


def markup_text(value: object, *, keep_newlines: bool = True) -> str:
    """:func:`terminal_text`, escaped so that a rich markup string shows it literally (``[/tahap]`` stays)."""
    from rich.markup import escape

    return escape(terminal_text(value, keep_newlines=keep_newlines))


def rich_text(value: object, *, keep_newlines: bool = True, style: str = "") -> Any:
    """A :class:`rich.text.Text` of :func:`terminal_text` (rich reads no markup or emoji codes in it)."""
    from rich.text import Text

    return Text(terminal_text(value, keep_newlines=keep_newlines), style=style)


def one_line(value: object) -> str:
    """A message on one terminal line: :func:`terminal_text` with line breaks and tabs as spaces."""
    return terminal_text(value, keep_newlines=False)


def spreadsheet_cell(value: object) -> object:
    """A value safe to put in a CSV cell that people open in a spreadsheet.

    Numbers (``int``, ``float``, ``Decimal``, ``bool``) and ``None`` are returned as they are. Text starting
    with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading ``'`` (OWASP's advice: the
    spreadsheet shows it as text and never evaluates it), unless it is a plain number such as ``-1.5`` that a
    spreadsheet reads as that number anyway.
    """
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def link_target(iri: object) -> str | None:
    """``iri`` as the target of a link on a page, or ``None`` when it must be shown as text.

    Absolute IRIs become links only with an ``http``, ``https`` or ``mailto`` scheme; paths of this server
    (``/id/…``, ``#anchor``, ``?query``) stay links. Every template and page builder turns an IRI into
    ``href`` through this function (the pages' ``link`` filter and :class:`kg.web.pages.Linker`).
    """
    if iri is None:
        return None
    text = str(iri)
    cleaned = _URL_DROPPED.sub("", text.strip(_URL_EDGES))
    if not cleaned:
        return None
    scheme = _SCHEME.match(cleaned)
    if scheme is None:
        # no scheme: a reference relative to this page, unless ":" before any "/", "?" or "#" would read as one
        return text if cleaned.startswith(("/", "#", "?", ".")) or ":" not in cleaned.split("/")[0] else None
    return text if scheme.group(1).lower() in LINK_SCHEMES else None
