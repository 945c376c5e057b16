"""Commands about the framework itself: ``demo`` (first version) ."""

from __future__ import annotations

from kg.cli.app import app


@app.command()
def demo() -> None:
    """Jalankan demo / run the main job on the embedded default."""
    from kg.framework import print_framework

    print_framework()
