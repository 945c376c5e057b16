"""Command-line usage errors in the steward's language: click's English messages ("No such option: --fro")
said in Indonesian, English or both, as ``--lang`` asks (both when it is not given), on one line with the way
to the command's help."""

from __future__ import annotations

import re
from collections.abc import Sequence

#: click's message → (Indonesian, English), ``{0}``, ``{1}`` the message's groups.
_MESSAGES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), indonesian, english)
    for pattern, indonesian, english in (
        (
            r"No such option: (\S+?)\.?(?:\s+\(?(?:Did you mean|Possible options:)\s*(.+?)\??\)?)?$",
            "opsi tidak dikenal: {0}",
            "no such option: {0}",
        ),
        (r"Missing argument '([^']+)'\.?", "argumen wajib tidak ada: {0}", "missing argument: {0}"),
        (r"Missing option '([^']+)'.*", "opsi wajib tidak ada: {0}", "missing option: {0}"),
        (r"Option '([^']+)' requires an argument\.?", "opsi {0} perlu nilai", "option {0} needs a value"),
        (r"Invalid value for '([^']+)': (.*)", "nilai tidak sah untuk {0}: {1}", "invalid value for {0}: {1}"),
        (r"Got unexpected extra arguments? \((.*)\)", "argumen berlebih: {0}", "unexpected extra argument: {0}"),
        (r"No such command '([^']+)'\.?", "perintah tidak dikenal: {0}", "no such command: {0}"),
    )
)
_HINT = (" (maksud Anda {0}?)", " (did you mean {0}?)")
_HELP = ("lihat {0} --help", "see {0} --help")


def requested_language(argv: Sequence[str]) -> str | None:
    """The language ``--lang`` asks for on the command line (``id`` or ``en``), or ``None``."""
    for index, argument in enumerate(argv):
        if argument == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif argument.startswith("--lang="):
            value = argument.split("=", 1)[1]
        else:
            continue
        return value if value in ("id", "en") else None
    return None


def usage_message(message: str, command: str, argv: Sequence[str]) -> str:
    """click's usage error ``message`` of ``command`` (``kotacerdas validate``) as one line in the language
    ``--lang`` asks for (both, ``pesan / message``, when it asks for none)."""
    said = [message, message]
    for pattern, indonesian, english in _MESSAGES:
        match = pattern.match(message.strip())
        if match:
            groups = [group or "" for group in match.groups()]
            said = [indonesian.format(*groups), english.format(*groups)]
            if len(groups) > 1 and groups[1] and "option" in pattern.pattern:
                said = [said[0] + _HINT[0].format(groups[1]), said[1] + _HINT[1].format(groups[1])]
            break
    said = [f"{text}; {hint.format(command)}" for text, hint in zip(said, _HELP, strict=True)]
    lang = requested_language(argv)
    if lang == "id":
        return said[0]
    if lang == "en":
        return said[1]
    return f"{said[0]} / {said[1]}"
