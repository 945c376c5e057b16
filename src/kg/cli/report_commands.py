"""``kotacerdas report``: one region's self-contained HTML report (charts as SVG), the same file the region page
offers for download (:mod:`kg.publish.region_report`)."""

from __future__ import annotations

from pathlib import Path

import typer

from kg.cli.app import app
from kg.core.errors import InputError
from kg.core.options import LANGUAGES, check_choice


@app.command()
def report(
    region: str = typer.Option(..., "--region", help="Kode wilayah Kemendagri / Kemendagri region code, e.g. 32.73"),
    out: Path = typer.Option(..., "--out", "-o", help="Berkas HTML / the report file (FILE.html)"),
    year: int | None = typer.Option(
        None, "--year", help="Tahun anggaran (default: semua) / fiscal year (default: all)"
    ),
    lang: str = typer.Option("id", "--lang", help="Bahasa / language: id or en"),
    store: Path | None = typer.Option(None, "--store", help="Folder penyimpanan tertanam / embedded store folder"),
    endpoint: str | None = typer.Option(None, "--endpoint", help="URL titik akhir SPARQL / SPARQL endpoint URL"),
    force: bool = typer.Option(
        False, "--force", help="Timpa berkas yang bukan laporan / overwrite a file that is not a previous report"
    ),
) -> None:
    """Laporan wilayah / a region's report: coverage radar and bars, gaps, budget, achievement, trend, programs."""
    from kg.cli.graph_commands import open_store
    from kg.publish.region_report import check_report_target, write_region_report
    from kg.store.embedded import default_store_path

    check_choice(lang, LANGUAGES, "--lang")
    folder = None
    if not endpoint:
        folder = store if store is not None else default_store_path()
        if not Path(folder).is_dir():
            raise InputError("folder penyimpanan tidak ada / the store folder does not exist", source=str(folder))
    inputs = (Path(folder),) if folder is not None else ()
    check_report_target(out, force=force, inputs=inputs)  # before the store is opened: refuse early
    graph_store = open_store(store, endpoint)
    try:
        written = write_region_report(graph_store, region, out, year=year, lang=lang, force=force, inputs=inputs)
    finally:
        graph_store.close()
    typer.echo(str(written))
