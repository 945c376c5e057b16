"""The project's own source tables (CSV files it builds Turtle from): opened and their header checked once."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from kg.core.errors import InputError


def table_reader(path: Path, columns: Sequence[str]) -> csv.DictReader:
    """The rows of the UTF-8 CSV ``path``, whose header must be exactly ``columns``; an :class:`InputError`
    naming the file (and line 1 for the header) otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"tidak dapat dibaca / cannot be read: {error.strerror}", str(path)) from None
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != tuple(columns):
        raise InputError(f"kolom harus / columns must be: {', '.join(columns)}", str(path), 1)
    return reader
