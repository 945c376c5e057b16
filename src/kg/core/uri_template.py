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
from urllib.parse import quote, unquote

#: ``{…}`` expressions of a template; the simple ones are one variable name alone.
_EXPRESSION = re.compile(r"\{([^}]*)\}")
_SIMPLE_NAME = re.compile(r"(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*")


class UriTemplate:
    """One URI template: ``uri`` its text, :meth:`expand` and :meth:`partial` as ``uritemplate.URITemplate``."""

    __slots__ = ("_parts", "_pattern", "_simple", "uri")

    def __init__(self, uri: str) -> None:
        self.uri = uri
        parts = _EXPRESSION.split(uri)
        self._simple = all(_SIMPLE_NAME.fullmatch(name) for name in parts[1::2])
        self._parts = parts
        self._pattern: re.Pattern[str] | None = None

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

    def match(self, uri: str) -> dict[str, str] | None:
        """The inverse of :meth:`expand`: the values (percent-decoded) this template expands to ``uri`` with, each
        variable one path segment (a variable used twice holding one value), or ``None`` when ``uri`` does not
        have the template's form. Only for a simple template (every template of the metadata but a reserved
        expansion); another raises :class:`ValueError`."""
        if not self._simple:
            raise ValueError(f"only a simple URI template can be matched: {self.uri}")
        if self._pattern is None:
            parts = self._parts
            self._pattern = re.compile(
                "".join(re.escape(part) if index % 2 == 0 else "([^/?#]*)" for index, part in enumerate(parts))
            )
        found = self._pattern.fullmatch(uri)
        if found is None:
            return None
        values: dict[str, str] = {}
        for name, text in zip(self._parts[1::2], found.groups(), strict=True):
            value = unquote(text)
            if values.setdefault(name, value) != value:
                return None
        return values
