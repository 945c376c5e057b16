"""``kotacerdas demo``: the main job end to end on the illustrative example submissions shipped in ``examples/``
and on the public record of real programs (``data/public-record/``), each marked with its origin.

It builds an embedded store in its own folder (default ``<user data dir>/kotacerdas/demo``, never derived from
``$KOTACERDAS_STORE``), validates every example (one of them has errors on purpose and is refused, with its
report), loads the others as illustrative data (``kc:IllustrativeData``), loads the public record's files as
``kc:PublicRecord`` (a file with violations is refused, as any region's, with one line per violation; the others
are loaded) with the titles of the pages it cites, prints the coverage of the example regions and the gaps of
one region, writes a Markdown or HTML coverage report (every region) and says what to try next.

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


def public_record_files() -> list[Path]:
    """The public record's submissions (``KODE-TAHUN-slug.csv``), in name order; its tables of sources and
    codings are not submissions."""
    folder = resource_path("public-record")
    return sorted(path for path in folder.glob("*.csv") if path.name not in ("sources.csv", "pengkodean.csv"))


def _load_public_record(
    store: EmbeddedStore, console: Console, lang: str, examples: set[tuple[str, int]]
) -> tuple[int, int]:
    """Load the public record beside the examples; the programs and regions it brought. A file of a region and
    year an example holds (``KODE-TAHUN-slug.csv``: one graph per region and year) is left out, said in one line."""
    from kg.core.namespaces import KC
    from kg.loading.load import load_files
    from kg.loading.source_pages import load_cited_pages

    files = []
    for path in public_record_files():
        code, _, rest = path.name.partition("-")
        year = rest.partition("-")[0]
        if (code, int(year) if year.isdigit() else 0) in examples:
            console.print(
                f"[yellow]- dilewati / skipped[/] {escape(path.name)}: {code}/{year} dipakai contoh / held by an example"
            )
            continue
        files.append(path)
    if not files:
        console.print("Rekaman publik tidak ada / no public record in this installation")
        return 0, 0
    outcome = load_files(files, store, agent="kotacerdas-demo", lang=lang, origin=str(KC.PublicRecord), each_file=True)
    if outcome.refused:  # violations outside any submission's own file: nothing loaded
        console.print("[bold red]✗ ditolak / refused[/] rekaman publik / public record")
        return 0, 0
    by_file: dict[str, list[str]] = {}
    for result in outcome.validation.results:
        if result.severity == "Violation":
            where = f"{'baris / row'} {result.row} {result.column}" if result.row else str(result.column or "")
            by_file.setdefault(Path(result.file).name, []).append(f"{where} {result.value or ''}".strip())
    for name, found in sorted(by_file.items()):  # the file on a line of its own, its results wrapped below it
        console.print(f"[bold red]✗ ditolak / refused[/] {escape(name)}:")
        console.print(f"  {len(found)} pelanggaran / violations: {escape('; '.join(found))}")
    programs = {item.iri: item.program_count for item in outcome.validation.submissions.values()}
    loaded_programs = sum(programs.get(record.iri, 0) for record in outcome.loaded)
    regions = len({record.region_iri for record in outcome.loaded})
    sources = resource_path("public-record", "sources.csv")
    pages = load_cited_pages(store, sources) if sources.is_file() else 0
    console.print("[green]✓ rekaman publik / public record:[/]")
    console.print(f"  {loaded_programs} program dari / programs of {regions} wilayah / regions dimuat / loaded")
    console.print(
        f"  ({len(outcome.loaded)} dari / of {len(files)} berkas / files; {len(outcome.refused_files)} ditolak / "
        f"refused: kotacerdas validate BERKAS / FILE; {pages} halaman sumber / source pages)"
    )
    return loaded_programs, regions


def _report_markdown(sections: list[tuple[str, str, SelectResult]]) -> str:
    from kg.queries.canned import to_markdown

    lines = [
        "# Laporan cakupan Kota Cerdas (DATA ILUSTRATIF dan REKAMAN PUBLIK) / Kota Cerdas coverage report "
        "(ILLUSTRATIVE DATA and PUBLIC RECORD)",
        "",
        "Dibuat oleh / made by `kotacerdas demo` dari contoh di / from the examples in `examples/` (id_program "
        "CONTOH-…: angka-angkanya dikarang / their figures are invented) dan dari rekaman publik program nyata / "
        "and from the public record of real programs in `data/public-record/` (setiap nilai dengan halaman "
        "sumbernya / each value with its source page).",
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
        "<p><strong>DATA ILUSTRATIF / ILLUSTRATIVE DATA</strong> (CONTOH-…) "
        "<strong>+ REKAMAN PUBLIK / PUBLIC RECORD</strong> (data/public-record/) — <code>kotacerdas demo</code></p>",
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
    from kg.core.namespaces import KC
    from kg.core.output import write_output
    from kg.loading.load import load_files
    from kg.publish.region_report import write_region_report
    from kg.queries.canned import canned_query, rich_table, run_query
    from kg.store.interface import SelectResult
    from kg.submissions.reports import print_text

    console = console or Console(highlight=False)
    demo_dir = Path(store_dir) if store_dir is not None else default_demo_path()
    store_dir = prepare_demo_folder(demo_dir)
    report_path = Path(report_path) if report_path is not None else demo_dir / "laporan-cakupan.md"
    files = example_files()

    console.print(
        Panel.fit(
            "[bold]kotacerdas demo[/] — data ilustratif dan rekaman publik / illustrative data and the public record\n"
            f"Penyimpanan demo / demo store: [cyan]{escape(str(store_dir))}[/]\n"
            f"Contoh / examples: {len(files)} berkas / files in [cyan]{escape(str(resource_path('examples')))}[/]",
            border_style="blue",
        )
    )
    store = EmbeddedStore(store_dir)
    try:
        console.rule("1. Validasi dan muat / validate and load")
        illustrative: set[str] = set()  # the example regions, whose coverage the console shows
        held: set[tuple[str, int]] = set()  # the examples' (region, year): one graph each
        for group in example_groups():
            path = group[0]
            outcome = load_files(group, store, agent="kotacerdas-demo", lang=lang, origin=str(KC.IllustrativeData))
            if outcome.refused:
                console.print(f"[bold red]✗ ditolak / refused[/] {escape(path.name)}")
                print_text(outcome.validation, console, lang=lang)
            else:
                programs = {item.iri: item.program_count for item in outcome.validation.submissions.values()}
                illustrative.update(record.iri.rsplit("/", 2)[-2] for record in outcome.loaded)
                held.update(
                    (str(code), int(year)) for code, year in outcome.validation.submissions if str(year).isdigit()
                )
                for record in outcome.loaded:
                    console.print(
                        f"[green]✓ dimuat / loaded[/] {escape(' + '.join(item.name for item in group))} → "
                        f"{record.iri.rsplit('/', 2)[-2]}/{record.year} ({programs.get(record.iri, 0)} program)"
                    )
        console.rule("1b. Rekaman publik program nyata / the public record of real programs")
        _load_public_record(store, console, lang, held)

        sections: list[tuple[str, str, SelectResult]] = []
        console.rule("2. Cakupan, semua tahun / coverage, all years")
        coverage = run_query("coverage", store, {})
        coverage_title = f"{canned_query('coverage').title(lang)} — {ALL_YEARS[lang == 'en']}"
        shown = SelectResult(coverage.variables, [row for row in coverage.terms if row[0].value in illustrative])
        console.print(rich_table(shown, title=f"{coverage_title} — contoh / examples"))
        console.print(
            "Cakupan semua wilayah, rekaman publik juga / coverage of every region, the public record too: "
            f"[cyan]{escape(str(report_path))}[/]",
            soft_wrap=True,
        )
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
