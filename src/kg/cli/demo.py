"""``kotacerdas demo``: the main job end to end on the illustrative example submissions shipped in ``examples/``.

It builds an embedded store in its own folder (default ``<user data dir>/kotacerdas/demo``, never derived from
``$KOTACERDAS_STORE``), validates every example (one of them has errors on purpose and is refused, with its
report), loads the others, prints the coverage table and the gaps of one region, writes a Markdown or HTML
coverage report and says what to try next.

The demo never deletes anything it did not make. Its folder carries a marker file (``.kotacerdas-demo``); the
store inside it (``store/``) is made afresh on each run only in a folder with that marker. A folder that is not
empty and has no marker is refused with one line saying what to do (exit 2), and so is a file.
"""

from __future__ import annotations

import html
import shlex
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from kg.core.errors import InputError
from kg.core.resources import resource_path
from kg.store.embedded import EmbeddedStore, user_data_dir

if TYPE_CHECKING:
    from kg.store.interface import SelectResult

#: The region whose gaps the demo shows.
GAPS_REGION = "32.73"
GAPS_YEAR = "2025"
#: The coverage table counts a region's submissions of every year together (the gaps table is of one year).
ALL_YEARS = ("semua tahun, tanpa parameter year", "all years, no year parameter")


#: The file that marks a folder as the demo's own (only such a folder's ``store/`` is ever cleared).
MARKER = ".kotacerdas-demo"
_MARKER_TEXT = (
    "Folder ini dibuat oleh `kotacerdas demo`; isinya dapat dibuat ulang kapan saja.\n"
    "This folder was made by `kotacerdas demo`; its store/ is made afresh on each run.\n"
)


def default_demo_path() -> Path:
    """``<user data dir>/kotacerdas/demo``: beside the default store's usual place, whatever
    ``$KOTACERDAS_STORE`` says (the demo never follows it into a user's folder)."""
    return user_data_dir() / "kotacerdas" / "demo"


def prepare_demo_folder(folder: Path) -> Path:
    """Make ``folder`` ready for the demo and return its store folder (``folder/store``, empty).

    A new or empty folder gets the demo's marker. A folder with the marker has its ``store/`` removed (the
    demo made it). Anything else is refused with one line (:class:`InputError`, exit 2), touching nothing.
    """
    if folder.exists() and not folder.is_dir():
        raise InputError(
            "bukan folder, melainkan berkas; demo perlu folder sendiri / not a folder but a file; the demo needs "
            "a folder of its own: give a new folder (--store DIR)",
            source=str(folder),
        )
    marker = folder / MARKER
    if folder.is_dir() and any(folder.iterdir()) and not marker.is_file():
        raise InputError(
            "folder tidak kosong dan bukan buatan kotacerdas demo, tidak ada yang dihapus; beri folder baru atau "
            f"kosong (--store DIR) / the folder is not empty and was not made by kotacerdas demo (no {MARKER}), "
            "nothing was deleted: give a new or empty folder (--store DIR)",
            source=str(folder),
        )
    store = folder / "store"
    if store.is_symlink() or (store.exists() and not store.is_dir()):
        raise InputError(
            "store di folder demo bukan folder buatan demo / store in the demo folder is not the demo's own "
            "folder: remove it yourself or give another folder (--store DIR)",
            source=str(store),
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not marker.is_file():
            marker.write_text(_MARKER_TEXT, encoding="utf-8")
        if store.exists():
            shutil.rmtree(store)
    except OSError as error:
        raise InputError(
            f"folder demo tidak dapat disiapkan / cannot prepare the demo folder: {error}", str(folder)
        ) from None
    return store


def example_files() -> list[Path]:
    """The example submissions (CSV) shipped with the package, in name order."""
    return sorted(resource_path("examples").glob("*.csv"))


def example_groups() -> list[list[Path]]:
    """The example submissions as they are loaded: each programs file with its indicators file
    (``NAME-indikator.csv`` beside ``NAME.csv``), if it has one."""
    files = example_files()
    indicators = {path.name.removesuffix("-indikator.csv"): path for path in files if path.stem.endswith("-indikator")}
    return [
        [path, *([indicators[path.stem]] if path.stem in indicators else [])]
        for path in files
        if not path.stem.endswith("-indikator")
    ]


def _report_markdown(sections: list[tuple[str, str, SelectResult]]) -> str:
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


def _report_html(sections: list[tuple[str, str, SelectResult]]) -> str:
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


def program_name(argv0: str | None = None) -> str:
    """How to run ``kotacerdas`` again from here, as the user started it: ``kotacerdas`` when that is the one on
    PATH, else the path they typed (``.venv/bin/kotacerdas`` after ``pip install .`` into a venv), else
    ``python -m kg`` with this interpreter."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    script = Path(argv0)
    if script.name != "kotacerdas" or not script.is_file():
        return f"{shlex.quote(sys.executable)} -m kg"
    found = shutil.which("kotacerdas")
    if found is not None and Path(found).resolve() == script.resolve():
        return "kotacerdas"
    return shlex.quote(argv0)


def run_demo(
    store_dir: Path | None = None, report_path: Path | None = None, lang: str = "id", console: Console | None = None
) -> Path:
    """Run the demo; returns the report's path."""
    from kg.core.output import write_output
    from kg.loading.load import load_files
    from kg.publish.region_report import write_region_report
    from kg.queries.canned import canned_query, rich_table, run_query
    from kg.submissions.reports import print_text

    console = console or Console(highlight=False)
    demo_dir = Path(store_dir) if store_dir is not None else default_demo_path()
    store_dir = prepare_demo_folder(demo_dir)
    report_path = Path(report_path) if report_path is not None else demo_dir / "laporan-cakupan.md"
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
        for group in example_groups():
            path = group[0]
            outcome = load_files(group, store, agent="kotacerdas-demo", lang=lang)
            if outcome.refused:
                console.print(f"[bold red]✗ ditolak / refused[/] {escape(path.name)}")
                print_text(outcome.validation, console, lang=lang)
            else:
                programs = {item.iri: item.program_count for item in outcome.validation.submissions.values()}
                for record in outcome.loaded:
                    console.print(
                        f"[green]✓ dimuat / loaded[/] {escape(' + '.join(item.name for item in group))} → "
                        f"{record.iri.rsplit('/', 2)[-2]}/{record.year} ({programs.get(record.iri, 0)} program)"
                    )

        sections: list[tuple[str, str, SelectResult]] = []
        console.rule("2. Cakupan, semua tahun / coverage, all years")
        coverage = run_query("coverage", store, {})
        coverage_title = f"{canned_query('coverage').title(lang)} — {ALL_YEARS[lang == 'en']}"
        console.print(rich_table(coverage, title=coverage_title))
        sections.append((coverage_title, canned_query("coverage").description(lang), coverage))

        console.rule(f"3. Celah / gaps: {GAPS_REGION}, tahun / year {GAPS_YEAR}")
        gaps = run_query("gaps", store, {"region": GAPS_REGION, "year": GAPS_YEAR})
        console.print(rich_table(gaps, title=f"{canned_query('gaps').title(lang)} — {GAPS_REGION}, {GAPS_YEAR}"))
        sections.append(
            (
                f"{canned_query('gaps').title(lang)} — {GAPS_REGION}, {GAPS_YEAR}",
                canned_query("gaps").description(lang),
                gaps,
            )
        )
        for name in ("regions-all-dimensions", "budget", "budget-total"):
            result = run_query(name, store, {})
            sections.append((canned_query(name).title(lang), canned_query(name).description(lang), result))
        region_report = write_region_report(store, GAPS_REGION, demo_dir / f"laporan-{GAPS_REGION}.html", lang=lang)
    finally:
        store.close()

    text = _report_html(sections) if report_path.suffix.lower() in (".html", ".htm") else _report_markdown(sections)
    write_output(report_path, text)
    console.rule("4. Laporan / report")
    console.print(
        f"Laporan cakupan ditulis ke / coverage report written to [cyan]{escape(str(report_path))}[/]", soft_wrap=True
    )
    console.print(
        f"Laporan wilayah / region report {GAPS_REGION}: [cyan]{escape(str(region_report))}[/]", soft_wrap=True
    )
    console.rule("Selanjutnya / next")
    store_option = f"--store {shlex.quote(str(store_dir))}"
    program = program_name()
    example = shlex.quote(str(resource_path("examples") / "contoh-kota-bandung.csv"))
    for command, note in (
        (f"{program} query --list", "kueri siap pakai / canned queries"),
        (f"{program} query coverage-trend --param region={GAPS_REGION} {store_option}", ""),
        (f"{program} query beneficiary-programs --param group=lansia --format json {store_option}", ""),
        (f"{program} sparql 'SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}' {store_option}", ""),
        (
            f"{program} report --region {GAPS_REGION} --out laporan.html {store_option}",
            "laporan satu berkas / one file",
        ),
        (f"{program} serve {store_option}", "http://127.0.0.1:8000/ — SPARQL, halaman / pages, dasbor / dashboard"),
        (f"{program} template --out programs.xlsx", "isi data Anda / fill in your own data"),
        (f"{program} validate {example}", "lalu berkas Anda / then your own file"),
    ):
        # one command per line, never wrapped, so that it can be copied whole
        console.print(
            f"  [bold]{escape(command)}[/]" + (f"   [dim]# {escape(note)}[/]" if note else ""), soft_wrap=True
        )
    return report_path
