"""Commands about the framework itself: ``framework`` prints the six dimensions, goals and 50 initiatives."""

from __future__ import annotations

import typer

from kg.cli.app import app


@app.command()
def framework(
    lang: str = typer.Option("id", "--lang", help="Bahasa / language: id or en."),
) -> None:
    """Tampilkan kerangka Kota Cerdas / show the framework: 6 dimensions, their goals, 50 initiatives."""
    from kg.core.options import LANGUAGES, check_choice
    from kg.framework.concepts import print_framework

    check_choice(lang, LANGUAGES, "--lang")
    print_framework(lang=lang)
