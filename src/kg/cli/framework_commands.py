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


@app.command()
def suggest(
    text: str = typer.Argument(..., help="Nama program / the program's name."),
    description: str | None = typer.Option(None, "--description", help="Uraian program / its description."),
    agency: str | None = typer.Option(None, "--agency", help="Perangkat daerah / the agency running it."),
    k: int = typer.Option(3, "-k", help="Berapa saran / how many suggestions (1-50)."),
    lang: str = typer.Option("id", "--lang", help="Bahasa / language: id or en."),
    output_format: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Sarankan inisiatif / suggest initiatives: the k most likely for a program, with score and words."""
    import json

    from kg.core.options import check_choice
    from kg.suggest import suggestion_answer

    check_choice(output_format, ("text", "json"), "--format")
    answer = suggestion_answer(text, description, agency, k, lang)
    if output_format == "json":
        typer.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        return
    english = lang == "en"
    suggestions = answer["suggestions"]
    assert isinstance(suggestions, list)
    if not suggestions:
        typer.echo(
            f"No initiative matches {text!r}: no word of it is in the framework's labels, definitions or keywords."
            if english
            else f"Tidak ada inisiatif yang cocok untuk {text!r}: tak satu kata pun ada di label, definisi atau "
            "kata kunci kerangka."
        )
        return
    typer.echo(f"Initiatives suggested for {text!r}:" if english else f"Saran inisiatif untuk {text!r}:")
    for rank, item in enumerate(suggestions, start=1):
        words = ", ".join(item["words"])
        typer.echo(
            f"{rank}. {item['initiative']}  {item['label']}  ({'score' if english else 'skor'} {item['score']:.2f}; "
            f"{'words' if english else 'kata'}: {words})"
        )
