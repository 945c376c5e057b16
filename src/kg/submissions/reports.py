"""Validation reports for people and for tools: text, JSON, Turtle (``sh:ValidationReport``) and HTML.

* ``text``: a table per file, grouped by row (row, column, severity, value found, message);
* ``json``: exactly DESIGN.md's shape, ``{"conforms": bool, "results": [{severity, message, focus, path, value,
  shape, constraint, file, row, column}]}``; ``conforms`` is false when a result reaches the ``--fail-on``
  threshold (violations by default), so it agrees with the exit code;
* ``turtle``: a standard ``sh:ValidationReport`` (``sh:conforms`` in SHACL's own sense: no result at all), each
  result with ``kc:sourceFile``, ``kc:sourceRow`` and ``kc:sourceColumn`` added;
* ``html``: one self-contained page (no external assets), every value escaped.
"""

from __future__ import annotations

import html
import io
import json
from itertools import groupby

from kg.submissions.validation import SEVERITIES, RowResult, ValidationOutcome

FORMATS = ("text", "json", "turtle", "html")

_LABELS = {
    "id": {
        "title": "Laporan validasi pengajuan program Kota Cerdas",
        "file": "Berkas",
        "row": "Baris",
        "column": "Kolom",
        "severity": "Tingkat",
        "value": "Nilai ditemukan",
        "message": "Pesan",
        "Violation": "Pelanggaran",
        "Warning": "Peringatan",
        "Info": "Info",
        "ok": "Tidak ada masalah: berkas sesuai dengan bentuk (shapes).",
        "summary": "{violations} pelanggaran, {warnings} peringatan, {infos} info",
        "passed": "LULUS: tidak ada hasil pada tingkat {threshold} atau lebih tinggi.",
        "failed": "GAGAL: ada hasil pada tingkat {threshold} atau lebih tinggi; perbaiki lalu periksa lagi.",
        "programs": "{programs} program dalam {submissions} pengajuan (wilayah × tahun)",
        "whole": "(seluruh berkas)",
        "fallback": "Bentuk yang dijalankan dengan pySHACL: {shapes}",
        "engine": "Mesin",
    },
    "en": {
        "title": "Kota Cerdas program submission validation report",
        "file": "File",
        "row": "Row",
        "column": "Column",
        "severity": "Severity",
        "value": "Value found",
        "message": "Message",
        "Violation": "Violation",
        "Warning": "Warning",
        "Info": "Info",
        "ok": "No problems: the file conforms to the shapes.",
        "summary": "{violations} violations, {warnings} warnings, {infos} info",
        "passed": "PASSED: no result at severity {threshold} or above.",
        "failed": "FAILED: results at severity {threshold} or above; fix them and check again.",
        "programs": "{programs} programs in {submissions} submissions (region × year)",
        "whole": "(whole file)",
        "fallback": "Shapes run on pySHACL: {shapes}",
        "engine": "Engine",
    },
}


def render(outcome: ValidationOutcome, format: str = "text", *, lang: str | None = None, fail_on: str = "violation",
           width: int = 120) -> str:
    """The report in ``format`` (text, json, turtle, html)."""
    lang = lang or outcome.lang
    if format == "json":
        return render_json(outcome, fail_on=fail_on)
    if format == "turtle":
        return render_turtle(outcome)
    if format == "html":
        return render_html(outcome, lang=lang, fail_on=fail_on)
    if format == "text":
        return render_text(outcome, lang=lang, fail_on=fail_on, width=width)
    from kg.core.errors import InputError

    raise InputError(f"format tidak dikenal / unknown format {format!r}: {', '.join(FORMATS)}", source="--format")


def _summary(outcome: ValidationOutcome, labels: dict[str, str], results: list[RowResult] | None = None) -> str:
    results = outcome.results if results is None else results
    counts = {name: sum(1 for r in results if r.severity == name) for name in SEVERITIES}
    return labels["summary"].format(violations=counts["Violation"], warnings=counts["Warning"], infos=counts["Info"])


def _verdict(outcome: ValidationOutcome, labels: dict[str, str], fail_on: str) -> str:
    key = "failed" if outcome.fails(fail_on) else "passed"
    return labels[key].format(threshold=labels[fail_on.capitalize()])


def _by_file(outcome: ValidationOutcome) -> list[tuple[str, list[RowResult]]]:
    files = [str(conversion.source_file) for conversion in outcome.conversions]
    grouped = {name: [] for name in files}
    for result in outcome.results:
        grouped.setdefault(result.file, []).append(result)
    return list(grouped.items())


# --- text ---------------------------------------------------------------------------------------------------


def render_text(outcome: ValidationOutcome, *, lang: str = "id", fail_on: str = "violation", width: int = 120,
                color: bool = False) -> str:
    """A readable table per file, grouped by row."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False)
    print_text(outcome, console, lang=lang, fail_on=fail_on)
    return buffer.getvalue()


def print_text(outcome: ValidationOutcome, console, *, lang: str = "id", fail_on: str = "violation") -> None:
    """Print the text report on a rich console (colours when it is a terminal)."""
    from rich import box
    from rich.table import Table

    from kg.core.safe_text import markup_text as escape  # markup escaped, control characters replaced

    labels = _LABELS[lang]
    styles = {"Violation": "bold red", "Warning": "yellow", "Info": "cyan"}
    for file, results in _by_file(outcome):
        programs = sum(s.program_count for s in outcome.submissions.values() if str(s.source_file) == file)
        submissions = sum(1 for s in outcome.submissions.values() if str(s.source_file) == file)
        console.print(f"[bold]{escape(file)}[/bold]: {escape(_summary(outcome, labels, results))}")
        if programs:
            console.print(labels["programs"].format(programs=programs, submissions=submissions))
        if not results:
            console.print(f"[green]{labels['ok']}[/green]")
            console.print()
            continue
        table = Table(box=box.SIMPLE_HEAD, show_lines=False, pad_edge=False, expand=False)
        table.add_column(labels["row"], justify="right", no_wrap=True)
        table.add_column(labels["column"], no_wrap=True)
        table.add_column(labels["severity"], no_wrap=True)
        table.add_column(labels["value"], overflow="fold", max_width=24)
        table.add_column(labels["message"], overflow="fold", ratio=1)
        groups = [(row, list(items)) for row, items in groupby(results, key=lambda r: r.row)]
        for index, (row, items) in enumerate(groups):
            for position, result in enumerate(items):
                table.add_row(
                    (str(row) if row is not None else labels["whole"]) if position == 0 else "",
                    escape(result.column or (_short(result.path) if result.path else "")),
                    f"[{styles.get(result.severity, '')}]{labels.get(result.severity, result.severity)}[/]",
                    escape(result.value) if result.value is not None else "",
                    escape(result.message if row is not None or result.row is not None else
                           f"{result.message} [{_short(result.focus)}]"),
                    end_section=position == len(items) - 1 and index < len(groups) - 1,
                )
        console.print(table)
    if outcome.fallback_shapes:
        console.print(labels["fallback"].format(shapes=", ".join(outcome.fallback_shapes)))
    console.print(f"[bold]{escape(_verdict(outcome, labels, fail_on))}[/bold]")


def _short(iri: str | None) -> str:
    if not iri:
        return ""
    from kg.core.namespaces import PREFIXES

    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and "/" not in iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


# --- json ---------------------------------------------------------------------------------------------------


def render_json(outcome: ValidationOutcome, *, fail_on: str = "violation") -> str:
    """DESIGN.md's JSON: ``{"conforms": bool, "results": [...]}``."""
    document = {"conforms": not outcome.fails(fail_on), "results": [r.as_dict() for r in outcome.results]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- turtle -------------------------------------------------------------------------------------------------


def report_graph(outcome: ValidationOutcome):  # -> rdflib.Graph
    """A standard ``sh:ValidationReport`` with ``kc:sourceFile``/``kc:sourceRow``/``kc:sourceColumn`` on results."""
    from rdflib import BNode, Graph, Literal
    from rdflib.namespace import RDF, SH, XSD

    from kg.core.namespaces import KC

    graph = Graph()
    graph.bind("sh", SH)
    graph.bind("kc", KC)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(outcome.conforms)))
    for row_result in outcome.results:
        result = row_result.result
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, result.focus))
        if result.path is not None:
            graph.add((node, SH.resultPath, result.path))
        if result.value is not None:
            graph.add((node, SH.value, result.value))
        graph.add((node, SH.sourceShape, result.source_shape))
        graph.add((node, SH.sourceConstraintComponent, result.constraint_component))
        if result.source_constraint is not None and not isinstance(result.source_constraint, BNode):
            graph.add((node, SH.sourceConstraint, result.source_constraint))
        graph.add((node, SH.resultSeverity, result.severity))
        for message in row_result.messages:
            graph.add((node, SH.resultMessage, message))
        graph.add((node, KC.sourceFile, Literal(row_result.file)))
        if row_result.row is not None:
            graph.add((node, KC.sourceRow, Literal(row_result.row, datatype=XSD.integer)))
        if row_result.column is not None:
            graph.add((node, KC.sourceColumn, Literal(row_result.column)))
    return graph


def render_turtle(outcome: ValidationOutcome) -> str:
    """The ``sh:ValidationReport`` in Turtle."""
    return report_graph(outcome).serialize(format="turtle")


# --- html ---------------------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1d2733;max-width:80rem}
h1{font-size:1.4rem;margin-bottom:.2rem} h2{font-size:1.1rem;margin:1.6rem 0 .3rem}
p.meta{color:#5a6675;margin:.2rem 0} p.verdict{font-weight:600;padding:.5rem .8rem;border-radius:4px}
p.failed{background:#fde8e8;color:#8a1c1c} p.passed{background:#e6f4ea;color:#1e5b31}
table{border-collapse:collapse;width:100%;font-size:.92rem;margin-top:.4rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #e1e5ea}
th{background:#f2f4f7} tr.first td{border-top:2px solid #c5ccd5} td.row{font-weight:600;text-align:right}
td.value{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.sev{font-weight:600;border-radius:3px;padding:0 .35rem;white-space:nowrap}
.Violation{color:#fff;background:#b42318} .Warning{color:#3d2c00;background:#f6c343} .Info{color:#fff;background:#2e6db4}
"""


def render_html(outcome: ValidationOutcome, *, lang: str = "id", fail_on: str = "violation") -> str:
    """A self-contained HTML page (inline style, no scripts, no external assets); every value escaped."""
    labels = _LABELS[lang]
    e = html.escape
    verdict_class = "failed" if outcome.fails(fail_on) else "passed"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(labels['title'])}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(labels['title'])}</h1>",
        f'<p class="meta">{e(_summary(outcome, labels))} · {e(labels["engine"])}: {e(outcome.engine)}</p>',
        f'<p class="verdict {verdict_class}">{e(_verdict(outcome, labels, fail_on))}</p>',
    ]
    for file, results in _by_file(outcome):
        parts.append(f"<h2>{e(labels['file'])}: {e(file)}</h2>")
        parts.append(f'<p class="meta">{e(_summary(outcome, labels, results))}</p>')
        if not results:
            parts.append(f"<p>{e(labels['ok'])}</p>")
            continue
        parts.append(
            "<table><thead><tr>"
            + "".join(f"<th>{e(labels[key])}</th>" for key in ("row", "column", "severity", "value", "message"))
            + "</tr></thead><tbody>"
        )
        for row, items in groupby(results, key=lambda r: r.row):
            for position, result in enumerate(items):
                row_text = (str(row) if row is not None else labels["whole"]) if position == 0 else ""
                column = result.column or _short(result.path)
                parts.append(
                    f'<tr class="{"first" if position == 0 else ""}">'
                    f'<td class="row">{e(row_text)}</td><td>{e(column or "")}</td>'
                    f'<td><span class="sev {e(result.severity)}">{e(labels.get(result.severity, result.severity))}'
                    f'</span></td><td class="value">{e(result.value or "")}</td><td>{e(result.message)}</td></tr>'
                )
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
