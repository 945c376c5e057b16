"""The ``kotacerdas`` command line: a thin face over the ``kg`` library.

Each command module registers its commands on :data:`kg.cli.app.app`. :func:`main` turns an
:class:`kg.core.errors.InputError` into one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import sys

import typer

# Command modules: importing them registers their commands.
from kg.cli import (
    framework_commands,  # noqa: F401,E402
    graph_commands,  # noqa: F401,E402
    ontology_commands,  # noqa: F401,E402
    publish_commands,  # noqa: F401,E402
    report_commands,  # noqa: F401,E402
    submission_commands,  # noqa: F401,E402
)
from kg.cli.app import app
from kg.core.errors import InputError
from kg.store.interface import TruncatedResultError


def main() -> None:
    """Entry point of the console script ``kotacerdas``."""
    try:
        # Without standalone mode click returns a command's exit code (typer.Exit) instead of raising it.
        code = app(standalone_mode=False)
    except (InputError, TruncatedResultError) as error:
        typer.echo(f"kotacerdas: {error}", err=True)
        sys.exit(2)
    except typer.Abort:
        typer.echo("kotacerdas: dibatalkan / aborted", err=True)
        sys.exit(130)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.TyperException as error:  # usage errors (click's, vendored by typer): exit 2
        show = getattr(error, "show", None)
        if show is not None:
            show()
        else:
            typer.echo(f"kotacerdas: {error}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("kotacerdas: dibatalkan / aborted", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
