"""Commands about the ontology itself: ``check-ontology`` (reasoner + quality shapes) and ``docs``."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from kg.cli.app import app
from kg.core.options import LANGUAGES

_IRI = re.compile(r"https?://[^\s\"'<>]+")


def _short(iri: str) -> str:
    """``kc:GOV-01`` for a term of a known namespace, else the IRI."""
    from kg.core.namespaces import PREFIXES

    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best) :]}"


@app.command("check-ontology")
def check_ontology_command(
    files: list[Path] = typer.Argument(
        None, help="Berkas Turtle / Turtle files (bawaan / default: ontologi + modul penyelarasan / alignments)."
    ),
    reasoner: bool = typer.Option(True, "--reasoner/--no-reasoner", help="Jalankan HermiT / run HermiT."),
) -> None:
    """Periksa ontologi / check the ontology: HermiT consistency and the quality shapes. Exit 1 on problems."""
    from rich.console import Console
    from rich.markup import escape

    from kg.framework.ontology_check import check_ontology

    result = check_ontology(files or None, reasoner=reasoner)
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"[bold]check-ontology[/bold]: {len(result.files)} berkas/files, {result.triples} tripel/triples")

    outcome = result.reasoner
    if outcome.ran:
        if outcome.consistent is False:
            verdict = "[red]TIDAK konsisten / INCONSISTENT[/red]"
        else:
            count = len(outcome.unsatisfiable)
            colour = "red" if count else "green"
            verdict = (
                f"[green]konsisten / consistent[/green]; [{colour}]{count} kelas tak tersatisfikasi / "
                f"unsatisfiable classes[/{colour}]"
            )
        console.print(f"Penalar / reasoner (HermiT, {outcome.seconds:.1f} s): {verdict}")
        for iri in outcome.unsatisfiable:
            console.print(f"  - {_short(iri)}")
    elif outcome.note:
        colour = "red" if outcome.failed else "yellow"
        console.print(f"[{colour}]Penalar / reasoner: {outcome.note}[/{colour}]")
    else:
        console.print("Penalar / reasoner: dilewati / skipped (--no-reasoner)")

    quality = result.quality
    count = len(quality.problems)
    colour = "red" if count else "green"
    console.print(
        f"Mutu / quality ({quality.engine}, {quality.seconds:.1f} s): [{colour}]{count} masalah / problems[/{colour}]"
    )
    for problem in quality.problems:
        value = f" ({_short(problem.value)})" if problem.value and problem.value != problem.term else ""
        console.print(f"  [bold]{escape(_short(problem.term))}[/bold]{escape(value)}")
        for lang in LANGUAGES:
            message = _IRI.sub(lambda match: _short(match.group(0)), problem.message(lang))
            console.print(f"    {lang}: {escape(message)}")
    console.print(f"Waktu / time: {result.seconds:.1f} s")
    if not result.ok:
        raise typer.Exit(1)


@app.command()
def docs(
    out: Path = typer.Option(..., "--out", help="Folder keluaran / output folder (dibuat / created)."),
    lang: str = typer.Option("both", "--lang", help="id, en atau/or both."),
) -> None:
    """Tulis dokumentasi HTML ontologi / write the ontology's HTML documentation (Indonesian and English)."""
    from kg.core.errors import InputError
    from kg.publish.ontology_docs import build_docs

    if lang not in (*LANGUAGES, "both"):
        raise InputError(f"--lang harus id, en atau both / must be id, en or both, not {lang!r}", source="--lang")
    languages = LANGUAGES if lang == "both" else (lang,)
    written = build_docs(out, languages=languages)
    for path in written:
        typer.echo(str(path))
