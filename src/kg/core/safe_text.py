"""Text from data made safe for where people read it: the terminal, and spreadsheets opening a CSV.

Values stored in a graph or read from a submission are the submitter's text. On a terminal their control
characters (ANSI/OSC escape sequences, carriage returns, bidi overrides) could rewrite the screen, set the
window title or hide text, and rich would read ``[bold]`` or ``[/tahap]`` in them as markup (a crash, or text
that disappears). In a spreadsheet a cell starting with ``=``, ``+``, ``-`` or ``@`` is a formula
(``=HYPERLINK(…)``, DDE ``+cmd|…``). Every face that shows such a value goes through one of these functions:

- :func:`terminal_text` — control characters replaced by U+FFFD (newline and tab kept where meaningful);
- :func:`markup_text` — the same, then escaped for inclusion in a rich markup string;
- :func:`rich_text` — a :class:`rich.text.Text` of it (never parsed as markup or emoji codes);
- :func:`spreadsheet_cell` — a CSV cell neutralised the way OWASP recommends (a leading ``'``), numbers kept.
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
