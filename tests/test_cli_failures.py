"""One line on stderr, never a traceback, a meaningful exit code (issue 7, item 11): output that cannot be
written (disk full, stdout closed, a pipe whose reader left), an output encoding that is not UTF-8, RDF terms
larger than the parser's buffer."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

import pytest

from serve_helpers import kotacerdas_in_process
from submission_helpers import _ENTRY, DATA, run_cli

EXIT_BROKEN_PIPE = 141


def _run(*args: object, env: dict[str, str] | None = None, **streams) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _ENTRY, *map(str, args)], env={**os.environ, **(env or {})}, timeout=300, **streams
    )


def _one_line(stderr: bytes | str) -> str:
    text = stderr.decode() if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text, text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


COMMANDS = {
    "query table": ["query", "initiatives"],
    "query csv": ["query", "initiatives", "--format", "csv"],
    "sparql json": ["sparql", "SELECT ?n WHERE { VALUES ?n { 1 2 3 } }", "--format", "json"],
    "validate": ["validate", DATA / "bandung-2025-errors.csv"],
    "convert": ["convert", DATA / "bandung-2025.csv"],
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return tmp_path_factory.mktemp("store") / "kg"


def _args(name, store):
    args = COMMANDS[name]
    return [*args, "--store", store] if args[0] in ("query", "sparql") else args


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_full_disk_on_stdout_is_one_line_exit_2(store, name):
    with open("/dev/full", "wb") as full:
        done = _run(*_args(name, store), stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2, done.stderr
    assert "No space left on device" in _one_line(done.stderr)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_closed_stdout_is_one_line_exit_2(store, name):
    done = _run(*_args(name, store), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1))
    assert done.returncode == 2, done.stderr
    assert "standard output is closed" in _one_line(done.stderr)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_pipe_whose_reader_left_ends_silently_with_141(store, name):
    """`kotacerdas query initiatives | head -1`: quiet, as Unix tools are, exit 128 + SIGPIPE."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = _run(*_args(name, store), stdout=writer, stderr=subprocess.PIPE)
    finally:
        os.close(writer)
    assert done.returncode == EXIT_BROKEN_PIPE, done.stderr
    assert done.stderr == b""


def test_head_of_a_real_pipeline_gets_its_line(store):
    command = f"{sys.executable} -c {shlex.quote(_ENTRY)} query initiatives --format csv --store {store} | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, timeout=300)
    assert done.stdout == "initiative,dimension,label_id,label_en\n"
    assert "Traceback" not in done.stderr and done.returncode in (0, EXIT_BROKEN_PIPE)


@pytest.mark.parametrize("output_format", ["table", "csv", "json"])
def test_an_ascii_output_encoding_replaces_what_it_cannot_show(store, output_format):
    query = 'SELECT ?name WHERE { VALUES ?name { "Caf\u00e9 \u2013 Kota" } }'
    done = _run(
        "sparql",
        query,
        "--store",
        store,
        "--format",
        output_format,
        env={"PYTHONIOENCODING": "ascii"},
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr and b"Caf" in done.stdout


def test_an_ascii_output_encoding_for_a_report(tmp_path):
    path = tmp_path / "program.csv"
    path.write_text(
        "id_program,kode_wilayah,tahun,nama_program,inisiatif,anggaran,status\n"
        "P-1,32.73,2025,Caf\u00e9 \u2013 Pasar,GOV-01,1000,rencana\n",
        encoding="utf-8",
    )
    done = _run("validate", path, env={"PYTHONIOENCODING": "ascii"}, capture_output=True)
    assert done.returncode in (0, 1) and b"Traceback" not in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["literal", "IRI"])
@pytest.mark.parametrize("suffix", [".ttl", ".nt"])
def test_an_rdf_term_over_16_mib_is_one_line_exit_2(tmp_path, kind, suffix):
    """A literal (or IRI) over pyoxigraph's 16 MiB token buffer ended in a MemoryError traceback."""
    big = "x" * (17 * 2**20)
    term = f'"{big}"' if kind == "literal" else f"<https://e.org/{big}>"
    path = tmp_path / f"big{suffix}"
    path.write_text(f"<https://w3id.org/kotacerdas/id/program/32.73/2025/P1> <https://e.org/p> {term} .\n")
    for command in ("validate", "convert"):
        done = run_cli(command, path)
        assert done.returncode == 2, done.stderr
        assert "16 MiB" in _one_line(done.stderr) and path.name in done.stderr


@pytest.mark.slow
def test_a_literal_under_the_buffer_loads(tmp_path):
    big = "x" * (8 * 2**20)
    path = tmp_path / "long.ttl"
    path.write_text(f'<https://w3id.org/kotacerdas/id/program/32.73/2025/P1> <https://e.org/p> "{big}" .\n')
    done = run_cli("convert", path, "--to", "nt")
    assert done.returncode == 0, done.stderr[-500:]
    assert len(done.stdout) > 8 * 2**20


def test_an_unexpected_error_is_one_line_exit_70_and_the_traceback_is_on_demand(tmp_path, monkeypatch):
    # a bug planted in the library the command calls (any exception that is not an input error): the one line
    # and the exit code through the command's entry point in this process, the traceback in a new interpreter
    import kg.submissions.validation as validation

    with monkeypatch.context() as planted:
        planted.setattr(validation, "validate_files", lambda *a, **k: 1 / 0)
        done = kotacerdas_in_process("validate", DATA / "bandung-2025.csv")
    assert done.returncode == 70
    assert "ZeroDivisionError" in _one_line(done.stderr) and "KOTACERDAS_DEBUG" in done.stderr
    entry = (
        "import sys, kg.submissions.validation as validation; from kg.cli import main; "
        "validation.validate_files = lambda *a, **k: 1/0; sys.argv[0] = 'kotacerdas'; main()"
    )
    args = [sys.executable, "-c", entry, "validate", DATA / "bandung-2025.csv"]
    debug = subprocess.run(
        args, capture_output=True, text=True, timeout=300, env={**os.environ, "KOTACERDAS_DEBUG": "1"}
    )
    assert "Traceback" in debug.stderr
