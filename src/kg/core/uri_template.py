"""URI templates (RFC 6570) of the template metadata, expanded quickly.

Every ``aboutUrl``/``valueUrl`` of the metadata uses only simple string expansion (``{name}``, level 1):
values percent-encoded except the unreserved characters. Those are expanded here by joining the template's
literal parts and the encoded values (a converted row expands several: ``uritemplate``'s general machinery
was a fifth of the conversion's time). Any other template (operators, modifiers, lists) is handed to
``uritemplate`` itself, and ``tests/test_uri_template.py`` holds both to the same answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

#: ``{…}`` expressions of a template; the simple ones are one variable name alone.
_EXPRESSION = re.compile(r"\{([^}]*)\}")
_SIMPLE_NAME = re.compile(r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*")


class UriTemplate:
    """One URI template: ``uri`` its text, :meth:`expand` and :meth:`partial` as ``uritemplate.URITemplate``."""

    __slots__ = ("_parts", "_simple", "uri")

    def __init__(self, uri: str) -> None:
        self.uri = uri
        parts = _EXPRESSION.split(uri)
        self._simple = all(_SIMPLE_NAME.fullmatch(name) for name in parts[1::2])
        self._parts = parts

    def __repr__(self) -> str:
        return f"UriTemplate({self.uri!r})"

    def expand(self, values: Mapping[str, Any] | None = None) -> str:
        """The IRI, each variable's value percent-encoded; a variable without a value expands to nothing."""
        values = values or {}
        if not self._simple:
            from uritemplate import URITemplate

            return str(URITemplate(self.uri).expand(dict(values)))
        parts = self._parts
        out = [parts[0]]
        for index in range(1, len(parts), 2):
            value = values.get(parts[index])
            if value is not None:
                out.append(quote(str(value), safe=""))
            out.append(parts[index + 1])
        return "".join(out)

    def partial(self, values: Mapping[str, Any]) -> UriTemplate:
        """The template with these variables filled in and the others kept."""
        if not self._simple:
            from uritemplate import URITemplate

            return UriTemplate(URITemplate(self.uri).partial(dict(values)).uri)
        parts = self._parts
        out = [parts[0]]
        for index in range(1, len(parts), 2):
            value = values.get(parts[index])
            kept = value is None or value == ""  # as uritemplate: an empty text leaves the variable unfilled
            out.append("{" + parts[index] + "}" if kept else quote(str(value), safe=""))
            out.append(parts[index + 1])
        return UriTemplate("".join(out))
