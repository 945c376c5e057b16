"""The ``kotacerdas`` command line: a thin face over the ``kg`` library.

Each command module registers its commands on :data:`kg.cli.app.app`. :func:`main` turns every failure into
one line on stderr and an exit code, never a traceback:

| what happened | exit |
| --- | --- |
| :class:`kg.core.errors.InputError` (unreadable input, usage), a usage error of the command line | 2 |
| the output cannot be written (disk full, ``>/dev/full``, stdout closed with ``>&-``), another ``OSError`` | 2 |
| stdout is a pipe whose reader has gone (``… | head -1``): silent, as Unix tools are | 141 (128 + SIGPIPE) |
| Ctrl-C | 130 |
| not enough memory | 2 |
| a bug (anything else): one line; ``KOTACERDAS_DEBUG=1`` shows the traceback | 70 |

Output in an encoding other than UTF-8 (``PYTHONIOENCODING=ascii``, a legacy console) gets ``?`` for the
characters it cannot show, rather than a crash.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
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
from kg.core.safe_text import one_line
from kg.store.interface import TruncatedResultError

#: Exit codes beyond docs/design.md's 0 (done), 1 (violations) and 2 (input or usage; output not written).
EXIT_BROKEN_PIPE = 141
EXIT_INTERRUPTED = 130
EXIT_INTERNAL_ERROR = 70


class _ClosedOutput(io.RawIOBase):
    """What stdout writes to when the process was started with it closed (``>&-``): writes fail until the
    failure has been reported (:func:`_quiet_stdout`), then go nowhere."""

    reported = False

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        if self.reported:
            return len(data)  # type: ignore[arg-type]
        raise OSError(errno.EBADF, "keluaran standar tertutup / standard output is closed")


def _guard_standard_streams() -> None:
    """Keep closed standard descriptors from being reused, and output encodings from crashing.

    A descriptor 0-2 that was closed at start gets ``/dev/null``, so that no file the command opens (a store,
    a report) becomes "stdout" for a child process; a closed stdout then fails on the first write instead of
    losing the output in silence. A stream whose encoding is not UTF-8 replaces what it cannot encode.
    """
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != descriptor:
                os.dup2(null, descriptor)
                os.close(null)
            if descriptor == 1:
                sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedOutput()), encoding="utf-8")
            elif descriptor == 2:
                sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives with the process
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            is_utf = codecs.lookup(encoding).name.startswith("utf")
        except LookupError:
            is_utf = False
        if not is_utf and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _quiet_stdout() -> None:
    """Point descriptor 1 at /dev/null so that Python's last flush of stdout at exit cannot fail again."""
    raw = getattr(getattr(sys.stdout, "buffer", None), "raw", None)
    if isinstance(raw, _ClosedOutput):
        raw.reported = True
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass


def _say(message: object) -> None:
    try:
        print(f"kotacerdas: {one_line(message)}", file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass  # stderr itself is gone: the exit code is all that is left


def _run() -> int:
    """Run the command line; the exit code, or an exception for :func:`main` to report."""
    try:
        # Without standalone mode click returns a command's exit code (typer.Exit) instead of raising it.
        code = app(standalone_mode=False)
    except (InputError, TruncatedResultError) as error:
        _say(error)
        return 2
    except typer.Abort:
        _say("dibatalkan / aborted")
        return EXIT_INTERRUPTED
    except typer.Exit as done:
        return done.exit_code
    except typer.TyperException as error:  # usage errors (click's, vendored by typer): exit 2
        from kg.cli.usage import usage_message

        context = getattr(error, "ctx", None)
        command = context.command_path if context is not None else "kotacerdas"
        message = error.format_message() if hasattr(error, "format_message") else str(error)
        _say(usage_message(message, command, sys.argv[1:]))
        return 2
    except SystemExit as done:
        # typer and rich end a command whose stdout pipe broke with exit 1, raised while handling the error
        cause = done.__context__
        if isinstance(cause, OSError) and cause.errno == errno.EPIPE:
            return EXIT_BROKEN_PIPE
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return code if isinstance(code, int) else 0


def main() -> None:
    """Entry point of the console script ``kotacerdas``."""
    _guard_standard_streams()
    try:
        code = _run()
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        code = EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        _say("dibatalkan / aborted")
        code = EXIT_INTERRUPTED
    except MemoryError:
        _say("memori tidak cukup / not enough memory")
        code = 2
    except OSError as error:
        _quiet_stdout()
        reason = error.strerror or str(error)
        if error.filename:
            _say(f"{error.filename}: tidak dapat dibaca atau ditulis / cannot be read or written ({reason})")
        else:
            _say(f"keluaran tidak dapat ditulis / the output cannot be written ({reason})")
        code = 2
    except Exception as error:  # a bug: still one line, with a way to see more
        if os.environ.get("KOTACERDAS_DEBUG"):
            raise
        _say(
            f"kesalahan internal / internal error: {type(error).__name__}: {error} "
            "(KOTACERDAS_DEBUG=1 menampilkan jejaknya / shows the traceback)"
        )
        code = EXIT_INTERNAL_ERROR
    sys.exit(code)
