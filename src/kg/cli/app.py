"""The ``kotacerdas`` Typer application object that the command modules register on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="kotacerdas",
    help=(
        "Graf pengetahuan Kota Cerdas / Kota Cerdas knowledge graph: ontology, validation of program "
        "submissions, coverage queries."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from kg import __version__

        typer.echo(f"kotacerdas {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Versi / show the version and exit."
    ),
) -> None:
    """Kota Cerdas knowledge graph."""
