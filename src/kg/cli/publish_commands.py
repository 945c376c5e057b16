"""Commands that publish the knowledge graph: ``serve``, ``dump`` and ``link-regions``."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli.app import app
from kg.core.errors import InputError

_STORE_HELP = "Folder penyimpanan tertanam / embedded store folder (default: $KOTACERDAS_STORE or the user data dir)"
_ENDPOINT_HELP = "URL titik akhir SPARQL / SPARQL query endpoint URL (instead of the embedded store)"


@app.command()
def serve(
    store: Path | None = typer.Option(None, "--store", help=_STORE_HELP),
    endpoint: str | None = typer.Option(None, "--endpoint", help=_ENDPOINT_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Alamat / address to listen on"),
    port: int = typer.Option(8000, "--port", help="Port (0: any free port)"),
    base_iri: str = typer.Option(
        "https://w3id.org/kotacerdas/", "--base-iri", help="Basis IRI publik / public IRI base mapped onto this server"
    ),
    public_url: str | None = typer.Option(
        None, "--public-url", help="Alamat publik server / the server's public address (links in VoID/DCAT)"
    ),
    workers: int = typer.Option(
        4, "--workers", help="Proses kueri serentak / query worker processes evaluating /sparql queries at once"
    ),
    processes: int = typer.Option(
        1,
        "--processes",
        help="Proses penjawab / processes answering (1 owns the store, the others answer repeats and forward)",
    ),
    timeout: float = typer.Option(30.0, "--timeout", help="Batas waktu kueri (detik) / query time limit in seconds"),
    result_cap: int = typer.Option(
        100_000, "--result-cap", help="Batas baris/tripel per jawaban / rows or triples per answer"
    ),
    max_answer_bytes: int = typer.Option(
        64_000_000, "--max-answer-bytes", help="Batas teks per jawaban (bita) / bytes of term text per answer"
    ),
    query_memory: int = typer.Option(
        1024, "--query-memory", help="Memori per kueri (MB) / memory one query may use, in MB (then 503)"
    ),
    client_queries: int = typer.Option(
        2, "--client-queries", help="Kueri serentak per klien / /sparql queries one client may run at once (then 429)"
    ),
    upload_workers: int = typer.Option(
        2, "--upload-workers", help="Validasi unggahan serentak / uploads validated at once (then 503)"
    ),
    upload_memory: int = typer.Option(
        1024, "--upload-memory", help="Memori per validasi unggahan (MB) / memory one upload's check may use, in MB"
    ),
    allow_update: bool = typer.Option(
        False,
        "--allow-update",
        help="Izinkan SPARQL Update dengan token $KOTACERDAS_UPDATE_TOKEN / allow updates with that bearer token",
    ),
    allow_load: bool = typer.Option(
        False,
        "--allow-load",
        help="Halaman validasi menawarkan pemuatan dengan token wilayah / the validation page offers loads to region token holders ($KOTACERDAS_UPDATE_TOKEN)",
    ),
    max_upload: int = typer.Option(
        20_000_000, "--max-upload", help="Batas unggahan (bita) / largest upload on /validate, in bytes"
    ),
    dumps: Path | None = typer.Option(
        None,
        "--dumps",
        help="Folder unduhan, diperbarui setiap pemuatan / folder of the dumps at /dumps/, rewritten after every load (default: a temporary folder)",
    ),
    quiet: bool = typer.Option(False, "--quiet", help="Tanpa log per permintaan / no line per request"),
) -> None:
    """Sajikan titik akhir SPARQL dan data tertaut / serve the SPARQL endpoint, linked data, VoID/DCAT, dumps."""
    from kg.web.server import serve as run_server
    from kg.web.settings import ServeSettings

    settings = ServeSettings(
        store=store,
        endpoint=endpoint,
        host=host,
        port=port,
        base_iri=base_iri,
        public_url=public_url,
        workers=workers,
        processes=processes,
        timeout_s=timeout,
        result_cap=result_cap,
        max_answer_bytes=max_answer_bytes,
        query_memory_mb=query_memory,
        client_queries=client_queries,
        upload_workers=upload_workers,
        upload_memory_mb=upload_memory,
        allow_update=allow_update,
        dumps=dumps,
        allow_load=allow_load,
        max_upload_bytes=max_upload,
        access_log=not quiet,
    )
    try:
        code = run_server(settings)
    except SystemExit as stop:  # uvicorn exits when it cannot listen (port in use, no permission)
        if not stop.code:
            raise typer.Exit(0) from None
        raise InputError(
            f"tidak dapat mendengarkan di / cannot listen on {host}:{port} (port dipakai? / port in use?)",
            source="serve",
        ) from None
    raise typer.Exit(code)


@app.command()
def dump(
    out: Path = typer.Option(..., "--out", help="Folder keluaran / output folder"),
    store: Path | None = typer.Option(None, "--store", help=_STORE_HELP),
    endpoint: str | None = typer.Option(None, "--endpoint", help=_ENDPOINT_HELP),
) -> None:
    """Unduhan data / dumps: N-Quads (graphs kept) and Turtle, gzipped, each with a .sha256 file."""
    from kg.cli.graph_commands import open_store
    from kg.publish.dumps import write_dumps

    graph_store = open_store(store, endpoint)
    try:
        written = write_dumps(graph_store, out)
    finally:
        graph_store.close()
    for path in written:
        typer.echo(str(path))


@app.command("link-regions")
def link_regions(
    endpoint: str = typer.Option(
        ..., "--endpoint", help="Titik akhir SPARQL gaya Wikidata / Wikidata-style SPARQL endpoint"
    ),
    store: Path | None = typer.Option(None, "--store", help=_STORE_HELP),
    target: str | None = typer.Option(
        None, "--target", help="Simpan ke server SPARQL ini / write the links to this SPARQL server instead"
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Tulis tautan ke berkas Turtle / also write the links to this Turtle file"
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Laporkan saja / report only, write nothing"),
) -> None:
    """Tautkan wilayah ke Wikidata lewat P2588 / link regions to Wikidata items through P2588 (owl:sameAs)."""
    from kg.cli.graph_commands import open_store
    from kg.publish.wikidata_links import fetch_candidates, link_report_lines, match_regions, store_links, write_links

    candidates = fetch_candidates(endpoint)
    outcome = match_regions(candidates)
    for line in link_report_lines(outcome):
        typer.echo(line)
    if out is not None:
        write_links(outcome, out)
    if not dry_run:
        graph_store = open_store(store, target)
        try:
            store_links(graph_store, outcome)
        finally:
            graph_store.close()
