"""Commands about the framework itself: ``framework`` prints the six dimensions, goals and 50 initiatives."""

from __future__ import annotations

import typer

from kg.cli.app import app


@app.command()
def framework(
    lang: str = typer.Option("id", "--lang", help="Bahasa / language: id or en."),
) -> None:
    """Tampilkan kerangka Kota Cerdas / show the framework: 6 dimensions, their goals, 50 initiatives."""
    from kg.core.errors import InputError
    from kg.core.options import LANGUAGES
    from kg.framework.concepts import print_framework

    if lang not in LANGUAGES:
        raise InputError(f"--lang harus id atau en / must be id or en, not {lang!r}")
    print_framework(lang=lang)
