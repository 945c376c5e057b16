"""Commands about the framework itself (``demo`` moved to :mod:`kg.cli.graph_commands`)."""

from __future__ import annotations

from kg.cli.app import app  # noqa: F401
