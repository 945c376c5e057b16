"""``kotacerdas demo``: the main job end to end on the illustrative example submissions shipped in ``examples/``.

It builds an embedded store in its own folder (default ``<user data dir>/kotacerdas/demo``, emptied first, so
the demo never mixes with a real store), validates every example (one of them has errors on purpose and is
refused, with its report), loads the others, prints the coverage table and the gaps of one region, writes a
Markdown or HTML coverage report and says what to try next.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from kg.core.resources import resource_path
from kg.store.embedded import EmbeddedStore, default_store_path

#: The region whose gaps the demo shows.
GAPS_REGION = "32.73"
GAPS_YEAR = "2025"


def default_demo_path() -> Path:
    """``<user data dir>/kotacerdas/demo``: beside the default store, never the store itself."""
    return default_store_path().parent / "demo"


def example_files() -> list[Path]:
    """The example submissions (CSV) shipped with the package, in name order."""
    return sorted(resource_path("examples").glob("*.csv"))


def _report_markdown(sections: list[tuple[str, str, object]]) -> str:
    from kg.queries.canned import to_markdown

    lines = [
        "# Laporan cakupan Kota Cerdas (DATA ILUSTRATIF) / Kota Cerdas coverage report (ILLUSTRATIVE DATA)",
        "",
        "Dibuat oleh / made by `kotacerdas demo` dari contoh di / from the examples in `examples/`. "
        "Angka-angka ini dikarang / these figures are invented.",
        "",
    ]
    for title, description, result in sections:
        lines += [f"## {title}", "", description, "", to_markdown(result), ""]
    return "\n".join(lines)


def _report_html(sections: list[tuple[str, str, object]]) -> str:
    from kg.queries.canned import rows_as_objects

    parts = [
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>",
        "<title>Laporan cakupan Kota Cerdas (data ilustratif)</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}"
        "td.n{text-align:right}</style></head><body>",
        "<h1>Laporan cakupan Kota Cerdas / Kota Cerdas coverage report</h1>",
        "<p><strong>DATA ILUSTRATIF / ILLUSTRATIVE DATA</strong> — <code>kotacerdas demo</code></p>",
    ]
    for title, description, result in sections:
        parts.append(f"<h2>{html.escape(title)}</h2><p>{html.escape(description)}</p><table><tr>")
        parts += [f"<th>{html.escape(name)}</th>" for name in result.variables]
        parts.append("</tr>")
        for row in rows_as_objects(result):
            cells = []
            for value in row.values():
                numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
                text = f"{value:.3f}" if isinstance(value, float) else ("" if value is None else str(value))
                cells.append(f"<td{' class=n' if numeric else ''}>{html.escape(text)}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def run_demo(
    store_dir: Path | None = None, report_path: Path | None = None, lang: str = "id", console: Console | None = None
) -> Path:
    """Run the demo; returns the report's path."""
    from kg.core.output import write_output
    from kg.loading.load import load_files
    from kg.queries.canned import canned_query, rich_table, run_query
    from kg.submissions.reports import print_text

    console = console or Console(highlight=False)
    store_dir = Path(store_dir) if store_dir is not None else default_demo_path()
    if store_dir.exists():
        shutil.rmtree(store_dir)
    store_dir.mkdir(parents=True)
    report_path = Path(report_path) if report_path is not None else store_dir / "laporan-cakupan.md"
    files = example_files()

    console.print(
        Panel.fit(
            "[bold]kotacerdas demo[/] — data ilustratif / illustrative data\n"
            f"Penyimpanan demo / demo store: [cyan]{escape(str(store_dir))}[/]\n"
            f"Contoh / examples: {len(files)} berkas / files in [cyan]{escape(str(resource_path('examples')))}[/]",
            border_style="blue",
        )
    )
    store = EmbeddedStore(store_dir)
    try:
        console.rule("1. Validasi dan muat / validate and load")
        for path in files:
            outcome = load_files([path], store, agent="kotacerdas-demo", lang=lang)
            if outcome.refused:
                console.print(f"[bold red]✗ ditolak / refused[/] {escape(path.name)}")
                print_text(outcome.validation, console, lang=lang)
            else:
                for record in outcome.loaded:
                    console.print(
                        f"[green]✓ dimuat / loaded[/] {escape(path.name)} → {record.iri.rsplit('/', 2)[-2]}/"
                        f"{record.year} ({record.triples} triples)"
                    )

        sections = []
        console.rule("2. Cakupan per wilayah dan dimensi / coverage per region and dimension")
        coverage = run_query("coverage", store, {})
        console.print(rich_table(coverage, title=canned_query("coverage").title(lang)))
        sections.append((canned_query("coverage").title(lang), canned_query("coverage").description(lang), coverage))

        console.rule(f"3. Celah / gaps: {GAPS_REGION} {GAPS_YEAR}")
        gaps = run_query("gaps", store, {"region": GAPS_REGION, "year": GAPS_YEAR})
        console.print(rich_table(gaps, title=f"{canned_query('gaps').title(lang)} — {GAPS_REGION}, {GAPS_YEAR}"))
        sections.append(
            (
                f"{canned_query('gaps').title(lang)} — {GAPS_REGION}, {GAPS_YEAR}",
                canned_query("gaps").description(lang),
                gaps,
            )
        )
        for name, params in (("regions-all-dimensions", {}), ("budget", {})):
            result = run_query(name, store, params)
            sections.append((canned_query(name).title(lang), canned_query(name).description(lang), result))
    finally:
        store.close()

    text = _report_html(sections) if report_path.suffix.lower() in (".html", ".htm") else _report_markdown(sections)
    write_output(report_path, text)
    console.rule("4. Laporan / report")
    console.print(f"Laporan cakupan ditulis ke / coverage report written to [cyan]{escape(str(report_path))}[/]")
    store_option = f"--store {store_dir}"
    console.print(
        Panel(
            "Coba berikutnya / try next:\n"
            f"  kotacerdas query --list\n"
            f"  kotacerdas query coverage-trend --param region=35.78 {store_option}\n"
            f"  kotacerdas query beneficiary-programs --param group=lansia --format json {store_option}\n"
            f"  kotacerdas sparql 'SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}' {store_option}\n"
            "  kotacerdas template --out programs.xlsx   # isi data Anda / fill in your own data\n"
            "  kotacerdas validate programs.xlsx && kotacerdas load programs.xlsx   # penyimpanan bawaan / default store",
            title="Selanjutnya / next",
            border_style="green",
        )
    )
    return report_path
