"""Commands on the knowledge graph: ``load``, ``query``, ``sparql`` and ``demo``.

Each works on the embedded store (``--store DIR``, default :func:`kg.store.default_store_path`) or on any
SPARQL 1.1 server (``--endpoint URL``, with ``--update-endpoint`` / ``--gsp-endpoint``; credentials only from
``KOTACERDAS_USER`` / ``KOTACERDAS_PASSWORD``). ``query`` and ``sparql`` run with bounds
(:mod:`kg.store.bounded`): ``--timeout`` (default 60 s), ``--max-rows`` (default 100,000), ``--max-memory``
(default 2048 MB); Ctrl-C stops any query at once; ``sparql`` refuses ``SERVICE`` unless ``--allow-service``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kg.cli.app import app
from kg.core.errors import InputError

if TYPE_CHECKING:
    from kg.store.interface import GraphStore

_STORE_HELP = "Folder penyimpanan tertanam / embedded store folder (default: $KOTACERDAS_STORE or the user data dir)"
_ENDPOINT_HELP = "URL titik akhir SPARQL / SPARQL query endpoint URL (instead of the embedded store)"
_TIMEOUT_HELP = "Batas waktu kueri (detik) / query time limit in seconds (default 60)"
_MAX_ROWS_HELP = "Batas baris jawaban / most rows (or triples) an answer may have (default 100000)"
_MAX_MEMORY_HELP = "Batas memori kueri (MB) / most memory a query may take, in MB (default 2048)"


def open_store(
    store: Path | None,
    endpoint: str | None,
    update_endpoint: str | None = None,
    gsp_endpoint: str | None = None,
    *,
    timeout: float | None = None,
    reference: bool = True,
):
    """The store a command works on (:func:`kg.store.opening.open_store`, the library's way of opening one)."""
    from kg.store.opening import open_store as opened

    return opened(store, endpoint, update_endpoint, gsp_endpoint, timeout=timeout, reference=reference)


#: Seconds a remote server gets beyond the time limit to answer its own timeout (a clearer message) first.
_REMOTE_GRACE = 5.0


def _stopping(run):  # noqa: ANN001, ANN202 - a bounded run (kg.store.bounded) and its answer
    """``run()``; Ctrl-C says that the query was stopped (exit 130). Where the query runs in a thread (not
    Linux), a query stopped by its time limit or Ctrl-C still evaluates in the background: the command then
    exits at once instead of waiting for it."""
    from kg.store.bounded import QueryTimeoutError, default_isolation

    try:
        return run()
    except (QueryTimeoutError, KeyboardInterrupt) as error:
        stopped = isinstance(error, QueryTimeoutError)
        if not stopped:
            typer.echo("kotacerdas: kueri dihentikan (Ctrl-C) / the query was stopped (Ctrl-C)", err=True)
        if default_isolation() != "thread":
            raise
        if stopped:
            typer.echo(f"kotacerdas: {error}", err=True)
        os._exit(2 if stopped else 130)


def _close(store: GraphStore) -> None:
    store.close()


@app.command()
def load(
    files: list[Path] = typer.Argument(
        ..., help="Berkas pengajuan / submission files (CSV, XLSX, Turtle, JSON-LD, N-Triples)"
    ),
    store: Path | None = typer.Option(None, "--store", help=_STORE_HELP),
    endpoint: str | None = typer.Option(None, "--endpoint", help=_ENDPOINT_HELP),
    update_endpoint: str | None = typer.Option(None, "--update-endpoint", help="URL SPARQL Update"),
    gsp_endpoint: str | None = typer.Option(None, "--gsp-endpoint", help="URL Graph Store Protocol"),
    force: bool = typer.Option(
        False, "--force", help="Muat meski ada pelanggaran (dicatat) / load despite violations (recorded)"
    ),
    agent: str | None = typer.Option(None, "--agent", help="Nama pemuat / who loads (default: $USER)"),
    origin: str = typer.Option(
        "daerah",
        "--origin",
        help="Asal data / data origin (kc:DataOriginScheme): daerah (pengajuan daerah / a region's own, bawaan / "
        "default), rekaman-publik (public record), ilustratif (illustrative)",
    ),
    lang: str = typer.Option("id", "--lang", help="Bahasa laporan / report language: id or en"),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Rincian teknis (IRI, tripel) / technical detail (IRIs, triples)"
    ),
    rebuild: bool = typer.Option(
        False,
        "--rebuild",
        help="Bangun ulang seluruh penyimpanan dari berkas/folder ini (folder baru, lalu ditukar) / rebuild the "
        "whole store from these files or folders (bulk-loaded into a new folder, swapped in when complete)",
    ),
) -> None:
    """Validasi lalu muat pengajuan / validate, then load submissions (one named graph per region and year)."""
    from rich.console import Console

    from kg.framework.concepts import data_origins
    from kg.loading.load import load_files
    from kg.submissions.reports import print_text

    origins = data_origins()
    if origin not in origins:
        raise InputError(
            f"asal data tidak dikenal / unknown data origin {origin!r}: pilih / choose {', '.join(origins)}",
            source="--origin",
        )
    console = Console(stderr=True)
    from kg.cli.progress import progress_bar

    if rebuild:
        if endpoint or update_endpoint or gsp_endpoint:
            raise InputError(
                "--rebuild hanya untuk penyimpanan tertanam / --rebuild is for the embedded store only",
                source="--rebuild",
            )
        from kg.loading.rebuild import rebuild_store
        from kg.store.embedded import default_store_path

        with progress_bar(console) as progress:
            outcome = rebuild_store(
                files,
                store if store is not None else default_store_path(),
                force=force,
                agent=agent,
                lang=lang,
                progress=progress,
                origin=origins[origin].iri,
            )
        graph_store = None
    else:
        # load_files brings the reference graphs up to date while it validates
        graph_store = open_store(store, endpoint, update_endpoint, gsp_endpoint, reference=False)
    try:
        if graph_store is not None:
            with progress_bar(console) as progress:
                outcome = load_files(
                    files,
                    graph_store,
                    force=force,
                    agent=agent,
                    lang=lang,
                    progress=progress,
                    workers=None,
                    origin=origins[origin].iri,
                )
    finally:
        if graph_store is not None:
            _close(graph_store)
    out = Console(highlight=False)
    if outcome.refused:
        print_text(outcome.validation, out, lang=lang, verbose=verbose)
        console.print(
            "[bold red]Ditolak[/]: ada pelanggaran, tidak ada yang dimuat (pakai --force untuk tetap memuat). / "
            "[bold red]Refused[/]: violations found, nothing loaded (use --force to load anyway)."
        )
        raise typer.Exit(1)
    if outcome.forced:
        print_text(outcome.validation, out, lang=lang, verbose=verbose)
        console.print(
            "[yellow]--force: dimuat meski ada pelanggaran, dicatat di provenans / loaded despite violations, recorded in the provenance[/]"
        )
    from kg.core.safe_text import markup_text

    for record in outcome.loaded:
        if record.iri in outcome.confirmed:
            console.print(
                "server tidak menjawab penulisan, lalu menyatakan tersimpan dengan digest yang sama / the server did "
                f"not answer the write, then showed it committed with the same digest: {markup_text(record.iri)}"
            )
        if verbose:
            out.print(
                f"dimuat / loaded  {markup_text(record.iri)}  ({record.triples} triples, "
                f"{markup_text(record.source_name)})"
            )
        else:
            out.print(
                f"dimuat / loaded  {markup_text(_submission_words(outcome, record.iri))}  "
                f"({markup_text(record.source_name)})"
            )
    for iri in outcome.unchanged:
        out.print(f"tidak berubah / unchanged  {markup_text(iri if verbose else _submission_words(outcome, iri))}")
    from kg.submissions.initiative_checks import YEARS_RULE

    for result in outcome.validation.results:  # the same program coded otherwise in another year
        if result.shape.endswith("#" + YEARS_RULE):
            where = f"{result.file}:{result.row}" if result.row else result.file
            out.print(f"[yellow]peringatan / warning[/]  {markup_text(where)}  {markup_text(result.message)}")


def _submission_words(outcome, iri: str) -> str:  # outcome: kg.loading.load.LoadOutcome
    """A loaded submission as a steward says it: ``Kota Bandung (32.73) 2025: 3 program``."""
    from kg.framework.regions import region

    for (code, year), submission in outcome.validation.submissions.items():
        if submission.iri == iri:
            known = region(str(code))
            name = f"{known.name} ({code})" if known else str(code)
            return f"{name} {year}: {submission.program_count} program"
    return iri


@app.command()
def query(
    name: str | None = typer.Argument(None, help="Nama kueri / canned query name (see --list)"),
    param: list[str] = typer.Option([], "--param", "-p", help="Parameter nama=nilai / name=value (repeatable)"),
    store: Path | None = typer.Option(None, "--store", help=_STORE_HELP),
    endpoint: str | None = typer.Option(None, "--endpoint", help=_ENDPOINT_HELP),
    output_format: str = typer.Option("table", "--format", "-f", help="table, csv or json"),
    list_queries: bool = typer.Option(False, "--list", help="Daftar kueri / list the canned queries"),
    lang: str = typer.Option("id", "--lang", help="Bahasa / language of titles: id or en"),
    timeout: float = typer.Option(60.0, "--timeout", help=_TIMEOUT_HELP),
    max_rows: int = typer.Option(100_000, "--max-rows", help=_MAX_ROWS_HELP),
    max_memory: int = typer.Option(2048, "--max-memory", help=_MAX_MEMORY_HELP),
) -> None:
    """Jalankan kueri siap pakai / run a canned query."""
    from rich.console import Console

    from kg.queries.canned import canned_queries, parse_param_options, rich_table, run_query, to_csv, to_json

    console = Console(highlight=False)
    if list_queries:
        from rich.table import Table

        table = Table(title="Kueri siap pakai / canned queries")
        table.add_column("nama / name")
        table.add_column("judul / title")
        table.add_column("parameter")
        for item in canned_queries().values():
            params = ", ".join(
                f"{p.name} ({p.type}{', wajib/required' if p.required else ''})" for p in item.parameters
            )
            table.add_row(item.name, item.title(lang), params or "-")
        console.print(table)
        return
    if not name:
        raise InputError("beri nama kueri atau --list / give a query name or --list", source="query")
    if output_format not in ("table", "csv", "json"):
        raise InputError(f"format tidak dikenal / unknown format {output_format!r}: table, csv, json", "--format")
    values = parse_param_options(param)
    from kg.queries.canned import bind_parameters, canned_query

    bind_parameters(canned_query(name), values)  # check the parameters before opening any store
    from kg.store.bounded import QueryBounds

    bounds = QueryBounds(timeout=timeout, max_rows=max_rows, max_memory_mb=max_memory)

    def task():  # noqa: ANN202 - runs where the bounds hold (a child process)
        graph_store = open_store(store, endpoint, timeout=timeout)
        try:
            return run_query(name, graph_store, values, max_rows=max_rows)
        finally:
            _close(graph_store)

    from kg.store.bounded import run_bounded

    result = _stopping(lambda: run_bounded(task, bounds, grace=_REMOTE_GRACE if endpoint else 0.0))
    if output_format == "json":
        typer.echo(to_json(result))
    elif output_format == "csv":
        typer.echo(to_csv(result), nl=False)
    else:
        console.print(rich_table(result, title=canned_query(name).title(lang)))


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of them outside comments, IRIs and strings."""
    from kg.store.sparql_text import not_a_query_message
    from kg.store.sparql_text import query_form as first_query_keyword

    form = first_query_keyword(text)
    if form is None:
        raise InputError(not_a_query_message(text), "SPARQL")
    return form


@app.command()
def sparql(
    text: str | None = typer.Argument(None, help="Kueri SPARQL / SPARQL query text"),
    file: Path | None = typer.Option(None, "--file", "-f", help="Berkas kueri / query file (.rq)"),
    store: Path | None = typer.Option(None, "--store", help=_STORE_HELP),
    endpoint: str | None = typer.Option(None, "--endpoint", help=_ENDPOINT_HELP),
    output_format: str | None = typer.Option(
        None, "--format", help="SELECT: table|csv|json; CONSTRUCT/DESCRIBE: turtle|jsonld; ASK: text|json"
    ),
    allow_service: bool = typer.Option(
        False, "--allow-service", help="Izinkan SERVICE (kueri ke server lain) / allow SERVICE (federated queries)"
    ),
    timeout: float = typer.Option(60.0, "--timeout", help=_TIMEOUT_HELP),
    max_rows: int = typer.Option(100_000, "--max-rows", help=_MAX_ROWS_HELP),
    max_memory: int = typer.Option(2048, "--max-memory", help=_MAX_MEMORY_HELP),
) -> None:
    """Jalankan kueri SPARQL apa pun / run any SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE)."""
    from rich.console import Console

    from kg.queries.canned import rich_table, to_csv, to_json, with_standard_prefixes

    if (text is None) == (file is None):
        raise InputError("beri QUERY atau -f FILE (salah satu) / give QUERY or -f FILE (one of them)", "sparql")
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as error:
            raise InputError(f"tidak dapat dibaca / cannot be read: {error.strerror}", source=str(file)) from None
    assert text is not None
    text = with_standard_prefixes(text)
    form = query_form(text)
    allowed = {
        "SELECT": ("table", "csv", "json"),
        "ASK": ("text", "json"),
        "CONSTRUCT": ("turtle", "jsonld"),
        "DESCRIBE": ("turtle", "jsonld"),
    }[form]
    chosen = output_format or allowed[0]
    if chosen not in allowed:
        raise InputError(f"--format untuk {form} / for {form}: {', '.join(allowed)}", source="--format")
    from kg.store.bounded import QueryBounds, bounded_answer
    from kg.store.guard import check_query

    check_query(text, allow_service=allow_service)
    bounds = QueryBounds(timeout=timeout, max_rows=max_rows, max_memory_mb=max_memory)
    query_text = text
    answer = _stopping(
        lambda: bounded_answer(
            lambda: open_store(store, endpoint, timeout=timeout),
            query_text,
            bounds=bounds,
            grace=_REMOTE_GRACE if endpoint else 0.0,
        )
    )
    if form == "SELECT":
        if chosen == "json":
            typer.echo(to_json(answer))
        elif chosen == "csv":
            typer.echo(to_csv(answer), nl=False)
        else:
            Console(highlight=False).print(rich_table(answer))
    elif form == "ASK":
        typer.echo("true" if answer else "false")
    else:
        from kg.core.namespaces import PREFIXES

        graph = answer
        if chosen == "jsonld":
            typer.echo(graph.serialize(format="json-ld", context=dict(PREFIXES), indent=2))
        else:
            from kg.core.turtle import to_turtle

            for prefix, namespace in PREFIXES.items():
                graph.bind(prefix, namespace)
            typer.echo(to_turtle(graph), nl=False)


@app.command()
def demo(
    store: Path | None = typer.Option(
        None,
        "--store",
        help="Folder demo (baru, kosong, atau buatan demo) / the demo's folder: new, empty or made by the demo "
        "(default: <user data dir>/kotacerdas/demo)",
    ),
    report: Path | None = typer.Option(None, "--report", help="Laporan cakupan / coverage report (.md or .html)"),
    lang: str = typer.Option("id", "--lang", help="Bahasa / language: id or en"),
) -> None:
    """Jalankan demo / run the main job on example data: validate, load, coverage, gaps, report."""
    from kg.cli.demo import run_demo

    run_demo(store_dir=store, report_path=report, lang=lang)
