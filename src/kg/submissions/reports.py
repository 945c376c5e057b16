"""Validation reports for people and for tools: text, JSON, Turtle (``sh:ValidationReport``) and HTML.

One model, four writings: every format writes the same results (:class:`~kg.submissions.validation.RowResult`:
severity, message, focus, path, value, shape, constraint, file, row, column, and a spreadsheet's cell), grouped
the same way (:func:`sections`: per file, sorted by row and column), with the words of
:mod:`kg.submissions.texts`.

* ``text``: a table per file, grouped by row (row, column, cell, severity, value found, message);
* ``json``: exactly docs/design.md's shape, ``{"conforms": bool, "results": [{severity, message, focus, path, value,
  shape, constraint, file, row, column[, cell]}]}``; ``conforms`` is false when a result reaches the
  ``--fail-on`` threshold (violations by default), so it agrees with the exit code;
* ``turtle``: a standard ``sh:ValidationReport`` (``sh:conforms`` in SHACL's own sense: no result at all), written
  by the SHACL engine's own writer (:func:`kg.shacl.report.add_result`), each result with ``kc:sourceFile``,
  ``kc:sourceRow`` and ``kc:sourceColumn`` added;
* ``html``: one self-contained page (no external assets), every value escaped.
"""

from __future__ import annotations

import html
import io
import json
from dataclasses import dataclass
from itertools import groupby

from kg.core.errors import InputError
from kg.core.options import REPORT_FORMATS, SEVERITIES
from kg.submissions.texts import bilingual, text
from kg.submissions.validation import RowResult, ValidationOutcome

#: ``validate --format`` (kept here under its old name for callers).
FORMATS = REPORT_FORMATS


def render(
    outcome: ValidationOutcome,
    format: str = "text",
    *,
    lang: str | None = None,
    fail_on: str = "violation",
    width: int = 120,
    verbose: bool = False,
    mark: bool = False,
) -> str:
    """The report in ``format`` (text, json, turtle, html). ``verbose`` adds the technical detail (each result's
    rule, a whole-file result's resource, the engine); ``mark`` gives a Turtle report the mark of kotacerdas's
    own outputs (its first line; the HTML report always carries it)."""
    lang = lang or outcome.lang
    if format == "json":
        return render_json(outcome, fail_on=fail_on)
    if format == "turtle":
        return render_turtle(outcome, mark=mark)
    if format == "html":
        return render_html(outcome, lang=lang, fail_on=fail_on, verbose=verbose)
    if format == "text":
        return render_text(outcome, lang=lang, fail_on=fail_on, width=width, verbose=verbose)
    raise InputError(bilingual("report_format", value=format, allowed=", ".join(FORMATS)), source="--format")


# --- the model: results per file, and how a result reads --------------------------------------------------


@dataclass
class FileSection:
    """One file's results, and what it held."""

    file: str
    results: list[RowResult]
    programs: int
    submissions: int

    @property
    def has_cells(self) -> bool:
        """Whether the file was a spreadsheet whose results name cells."""
        return any(result.cell for result in self.results)

    @property
    def has_programs(self) -> bool:
        """Whether results name the program of their row (a table's results do)."""
        return any(result.program_id for result in self.results)

    def rows(self) -> list[tuple[int | None, list[RowResult]]]:
        """The results grouped by row (they are sorted by row)."""
        return [(row, list(items)) for row, items in groupby(self.results, key=lambda r: r.row)]


def sections(outcome: ValidationOutcome) -> list[FileSection]:
    """The outcome per file, in the order the files were given."""
    grouped: dict[str, list[RowResult]] = {str(conversion.source_file): [] for conversion in outcome.conversions}
    for result in outcome.results:
        grouped.setdefault(result.file, []).append(result)
    found = []
    for file, results in grouped.items():
        submissions = [s for s in outcome.submissions.values() if str(s.source_file) == file]
        found.append(FileSection(file, results, sum(s.program_count for s in submissions), len(submissions)))
    return found


def summary(results: list[RowResult], lang: str) -> str:
    """``3 pelanggaran, 1 peringatan, 0 info``."""
    counts = {name: sum(1 for r in results if r.severity == name) for name in SEVERITIES}
    return text("summary", lang, violations=counts["Violation"], warnings=counts["Warning"], infos=counts["Info"])


def verdict(outcome: ValidationOutcome, lang: str, fail_on: str) -> str:
    """``LULUS: …`` or ``GAGAL: …`` at the ``--fail-on`` threshold."""
    return text("failed" if outcome.fails(fail_on) else "passed", lang, threshold=text(fail_on.capitalize(), lang))


def where(result: RowResult, verbose: bool = True) -> str:
    """The column of a result, or (``verbose``) its path when it has none."""
    return result.column or (short_iri(result.path) if verbose else "")


def short_iri(iri: str | None) -> str:
    """An IRI as a prefixed name when one of the project's prefixes fits (``kc:budget``)."""
    if not iri:
        return ""
    from kg.core.namespaces import PREFIXES

    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and "/" not in iri[len(namespace) :]:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _columns(section: FileSection, verbose: bool = False) -> list[str]:
    """The table's columns: a spreadsheet's results also name their cell; ``verbose`` adds each result's rule."""
    return [
        "row",
        *(["program"] if section.has_programs else []),
        "column",
        *(["cell"] if section.has_cells else []),
        "severity",
        "value",
        "message",
        *(["rule"] if verbose else []),
    ]


def program_text(result: RowResult) -> str:
    """The row's program as the reports show it beside the row: ``BDG-002 · Bank Sampah Digital``."""
    if result.program_id is None:
        return ""
    return f"{result.program_id} · {result.program_name}" if result.program_name else result.program_id


def rule_name(result: RowResult) -> str:
    """A result's rule (its shape, or the reading rule), as its local name: ``BudgetPublishedShape``."""
    return result.shape.rpartition("#")[2] or short_iri(result.shape)


# --- text ---------------------------------------------------------------------------------------------------


def for_terminal(value: str) -> str:
    """A data value (file name, cell value, message) as the terminal may print it: rich markup escaped,
    control characters replaced (:func:`kg.core.safe_text.markup_text`).

    The one call site for terminal safety: every data value of the text report goes through here.
    """
    from kg.core.safe_text import markup_text

    return markup_text(value)


def render_text(
    outcome: ValidationOutcome,
    *,
    lang: str = "id",
    fail_on: str = "violation",
    width: int = 120,
    color: bool = False,
    verbose: bool = False,
) -> str:
    """A readable table per file, grouped by row."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=color, color_system="standard" if color else None, highlight=False
    )
    print_text(outcome, console, lang=lang, fail_on=fail_on, verbose=verbose)
    return buffer.getvalue()


_STYLES = {"Violation": "bold red", "Warning": "yellow", "Info": "cyan"}


def print_text(
    outcome: ValidationOutcome, console, *, lang: str = "id", fail_on: str = "violation", verbose: bool = False
) -> None:
    """Print the text report on a rich console (colours when it is a terminal); ``verbose`` adds each result's
    rule and a whole-file result's resource."""
    from rich import box
    from rich.table import Table

    safe = for_terminal
    for section in sections(outcome):
        console.print(f"[bold]{safe(section.file)}[/bold]: {safe(summary(section.results, lang))}")
        if section.programs:
            console.print(text("programs", lang, programs=section.programs, submissions=section.submissions))
        if not section.results:
            console.print(f"[green]{text('ok', lang)}[/green]")
            console.print()
            continue
        if console.width < NARROW:
            _print_list(section, console, lang, verbose)
            continue
        table = Table(box=box.SIMPLE_HEAD, show_lines=False, pad_edge=False, expand=False)
        layout = {
            "row": {"justify": "right", "no_wrap": True},
            "program": {"overflow": "fold", "max_width": 26},
            "rule": {"overflow": "fold", "max_width": 28},
            "column": {"no_wrap": True},
            "cell": {"no_wrap": True},
            "severity": {"no_wrap": True},
            "value": {"overflow": "fold", "max_width": 24},
            "message": {"overflow": "fold", "ratio": 1},
        }
        keys = _columns(section, verbose)
        for key in keys:
            table.add_column(text(key, lang), **layout[key])  # type: ignore[arg-type]
        groups = section.rows()
        for index, (row, items) in enumerate(groups):
            for position, result in enumerate(items):
                whole = row is None and verbose
                message = f"{result.message} [{short_iri(result.focus)}]" if whole else result.message
                cells = {
                    "row": (str(row) if row is not None else text("whole", lang)) if position == 0 else "",
                    "program": safe(program_text(result)) if position == 0 else "",
                    "rule": safe(rule_name(result)),
                    "column": safe(where(result)),
                    "cell": safe(result.cell or ""),
                    "severity": f"[{_STYLES.get(result.severity, '')}]{text(result.severity, lang)}[/]",
                    "value": safe(result.value) if result.value is not None else "",
                    "message": safe(message),
                }
                table.add_row(
                    *(cells[key] for key in keys),
                    end_section=position == len(items) - 1 and index < len(groups) - 1,
                )
        console.print(table)
    if outcome.fallback_shapes and verbose:
        console.print(text("fallback", lang, shapes=", ".join(outcome.fallback_shapes)))
    console.print(f"[bold]{safe(verdict(outcome, lang, fail_on))}[/bold]")


#: Below this many columns a table of results would break its messages inside words: each result is printed
#: as a short block instead (where it is, then its message wrapped at spaces).
NARROW = 120
#: Below this many columns (a phone's terminal, a split pane) the value found gets a line of its own in a block.
VERY_NARROW = 60


def _print_list(section, console, lang: str, verbose: bool) -> None:
    """The results of one file, one block per result: "Baris 2 · CONTOH-001 · Lorong Wisata", then severity,
    column, cell and value on one line (the value on a line of its own below :data:`VERY_NARROW` columns), then
    the message indented and wrapped between words."""
    from rich.padding import Padding
    from rich.text import Text

    safe = for_terminal
    for row, items in section.rows():
        head = text("row", lang) + " " + str(row) if row is not None else text("whole", lang)
        program = program_text(items[0])
        console.print(Text(f"{head} · {safe(program)}" if program else head, style="bold"))
        for result in items:
            parts = [f"[{_STYLES.get(result.severity, '')}]{text(result.severity, lang)}[/]"]
            parts += [safe(part) for part in (where(result), result.cell or "") if part]
            value = f"{text('value', lang)}: {safe(result.value)}" if result.value is not None else None
            if value is not None and console.width >= VERY_NARROW:
                parts.append(value)
            if verbose:
                parts.append(safe(rule_name(result)))
            console.print(Padding("  ".join(parts), (0, 0, 0, 2)))
            if value is not None and console.width < VERY_NARROW:
                console.print(Padding(Text(value), (0, 0, 0, 2)))
            message = f"{result.message} [{short_iri(result.focus)}]" if row is None and verbose else result.message
            console.print(Padding(Text(safe(message)), (0, 0, 0, 4)))
        console.print()


# --- json ---------------------------------------------------------------------------------------------------


def render_json(outcome: ValidationOutcome, *, fail_on: str = "violation") -> str:
    """docs/design.md's JSON: ``{"conforms": bool, "results": [...]}``."""
    document = {"conforms": not outcome.fails(fail_on), "results": [r.as_dict() for r in outcome.results]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- turtle -------------------------------------------------------------------------------------------------


def report_graph(outcome: ValidationOutcome):  # -> rdflib.Graph
    """A standard ``sh:ValidationReport`` with ``kc:sourceFile``/``kc:sourceRow``/``kc:sourceColumn`` on results."""
    from rdflib import Literal
    from rdflib.namespace import SH, XSD

    from kg.core.namespaces import KC
    from kg.shacl.report import add_report, add_result, new_report_graph

    graph = new_report_graph()
    graph.bind("kc", KC)
    report = add_report(graph, outcome.conforms)
    for result in outcome.results:
        node = add_result(graph, result.result, messages=result.messages)
        graph.add((report, SH.result, node))
        graph.add((node, KC.sourceFile, Literal(result.file)))
        if result.row is not None:
            graph.add((node, KC.sourceRow, Literal(result.row, datatype=XSD.integer)))
        if result.column is not None:
            graph.add((node, KC.sourceColumn, Literal(result.column)))
    return graph


def render_turtle(outcome: ValidationOutcome, *, mark: bool = False) -> str:
    """The ``sh:ValidationReport`` in Turtle; ``mark``: its first line the mark of kotacerdas's own outputs."""
    from kg.core.output import RDF_MARK

    text = report_graph(outcome).serialize(format="turtle")
    return f"{RDF_MARK}validation report\n{text}" if mark else text


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
td.program{color:#3d4a5a;font-size:.86rem;max-width:14rem} a.fix{font-size:.82rem;white-space:nowrap}
dl.fixes dt{font-weight:600;margin-top:.6rem} dl.fixes dd{margin:.2rem 0 0 1.2rem;color:#3d4a5a}
@media print{a.fix{display:none}}
"""


def fix_notes(results: list[RowResult], lang: str = "id") -> list[tuple[str, str, str]]:
    """The short "how to fix" note of each rule the results come from, in order of first appearance:
    ``(anchor, title, note)``, read from the rule's ``rdfs:label`` and ``sh:description`` in shapes/programs.ttl
    (the same notes as docs/fixes.md)."""
    from rdflib import URIRef
    from rdflib.namespace import RDFS, SH

    from kg.submissions.validation import shapes_graph

    graph = shapes_graph()
    notes = []
    for shape in dict.fromkeys(result.shape for result in results):
        node = URIRef(shape)

        def said(predicate, node=node) -> str:
            values = {getattr(value, "language", None): str(value) for value in graph.objects(node, predicate)}
            return values.get(lang) or values.get("id") or next(iter(values.values()), "")

        note = said(SH.description)
        if note:
            notes.append((fix_anchor(shape), said(RDFS.label) or rule_name_of(shape), note))
    return notes


def fix_anchor(shape: str) -> str:
    """The anchor of a rule's note: ``fix-BudgetPublishedShape`` (the same in docs/fixes.md)."""
    return "fix-" + rule_name_of(shape)


def rule_name_of(shape: str) -> str:
    return shape.rpartition("#")[2] or shape


def render_html(
    outcome: ValidationOutcome, *, lang: str = "id", fail_on: str = "violation", verbose: bool = False
) -> str:
    """A self-contained HTML page (inline style, no scripts, no external assets; links only within the page);
    every value escaped. Each result links to the short "how to fix" note of its rule, at the end."""
    from kg import __version__
    from kg.core.output import GENERATOR

    e = html.escape
    verdict_class = "failed" if outcome.fails(fail_on) else "passed"
    meta = e(summary(outcome.results, lang))
    if verbose:
        meta += f" · {e(text('engine', lang))}: {e(outcome.engine)}"
    notes = dict((anchor, (title, note)) for anchor, title, note in fix_notes(outcome.results, lang))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{GENERATOR} {e(__version__)} validation report">',
        f"<title>{e(text('title', lang))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(text('title', lang))}</h1>",
        f'<p class="meta">{meta}</p>',
        f'<p class="verdict {verdict_class}">{e(verdict(outcome, lang, fail_on))}</p>',
    ]
    for section in sections(outcome):
        parts.append(f"<h2>{e(text('file', lang))}: {e(section.file)}</h2>")
        parts.append(f'<p class="meta">{e(summary(section.results, lang))}</p>')
        if not section.results:
            parts.append(f"<p>{e(text('ok', lang))}</p>")
            continue
        keys = _columns(section, verbose)
        parts.append(
            "<table><thead><tr>" + "".join(f"<th>{e(text(key, lang))}</th>" for key in keys) + "</tr></thead><tbody>"
        )
        for row, items in section.rows():
            for position, result in enumerate(items):
                row_text = (str(row) if row is not None else text("whole", lang)) if position == 0 else ""
                anchor = fix_anchor(result.shape)
                link = f' <a class="fix" href="#{e(anchor)}">{e(text("fix", lang))}</a>' if anchor in notes else ""
                message = e(result.message)
                if row is None and verbose:
                    message += f" <code>{e(short_iri(result.focus))}</code>"
                cells = {
                    "row": f'<td class="row">{e(row_text)}</td>',
                    "program": f'<td class="program">{e(program_text(result)) if position == 0 else ""}</td>',
                    "rule": f"<td><code>{e(rule_name(result))}</code></td>",
                    "column": f"<td>{e(where(result, verbose))}</td>",
                    "cell": f"<td>{e(result.cell or '')}</td>",
                    "severity": f'<td><span class="sev {e(result.severity)}">{e(text(result.severity, lang))}'
                    "</span></td>",
                    "value": f'<td class="value">{e(result.value or "")}</td>',
                    "message": f"<td>{message}{link}</td>",
                }
                parts.append(
                    f'<tr class="{"first" if position == 0 else ""}">' + "".join(cells[k] for k in keys) + "</tr>"
                )
        parts.append("</tbody></table>")
    if notes:
        parts.append(f'<h2 id="fixes">{e(text("fixes", lang))}</h2>')
        parts.append(f'<p class="meta">{e(text("fixes_intro", lang))}</p><dl class="fixes">')
        for anchor, (title, note) in notes.items():
            parts.append(f'<dt id="{e(anchor)}">{e(title)}</dt><dd>{e(note)}</dd>')
        parts.append("</dl>")
    if outcome.fallback_shapes and verbose:
        parts.append(f'<p class="meta">{e(text("fallback", lang, shapes=", ".join(outcome.fallback_shapes)))}</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
