"""Document every canned query with its header and a real answer on the example data.

Writes docs/queries.md (README points to it; tests/test_reference_docs.py fails while it is stale):

    python scripts/build_query_docs.py
"""

from __future__ import annotations

from pathlib import Path

from kg.cli.demo import example_groups
from kg.loading.load import load_files
from kg.queries.canned import canned_queries, run_query, to_markdown
from kg.store.embedded import EmbeddedStore

REPO = Path(__file__).resolve().parent.parent
#: The parameters each example is run with (a query not named runs without any).
EXAMPLE_PARAMETERS = {
    "gaps": {"region": "32.73", "year": "2025"},
    "coverage": {"year": "2025"},
    "coverage-trend": {"region": "32.73"},
    "sdg-targets": {"region": "35.78", "year": "2025"},
    "beneficiary-programs": {"group": "lansia"},
    "budget": {"region": "35.78"},
    "budget-total": {"region": "63.71"},
    "initiatives": {"dimension": "MOB"},
}
SHOWN_ROWS = 12
INTRODUCTION = (
    "Every canned query in `queries/`, with its parameters and a real answer on the illustrative example data of "
    "`examples/` (what `kotacerdas demo` loads; the file with errors is refused). Run one with "
    "`kotacerdas query NAME --param name=value … [--format table|csv|json] [--store DIR | --endpoint URL]`; list "
    "them with `kotacerdas query --list`.\n\n"
    "Header format of a `.rq` file (parsed by `kg.queries.canned`): `# title@id:`, `# title@en:`, `# description@id:`, "
    "`# description@en:` (may repeat), and one `# param: NAME (TYPE, required|optional[, default VALUE]): text` per "
    "parameter. Types: `region` (registry code → region IRI), `year`/`integer` (→ xsd:integer), `dimension`/"
    "`initiative` (notation, checked against the framework), `beneficiary`/`status` (template code → concept IRI), "
    "`string`. A `# form: FILE.rq (when NAME is not given)` or `(when NAME is given)` line names another text of the "
    "same question, run in that case (`coverage` for every region reads the coverage cube by scans joined by "
    "hashing; `regions-all-dimensions` with a year groups that year's observations first; tests hold the answers "
    "equal). A `# cube: NAME` line says the query reads the coverage cube through `?cube`, written as the year's "
    "graph when that year parameter is given. Values are bound as RDF terms (a `VALUES` block serialised from the term), never pasted as text. "
    "Queries read the union of all graphs as their default graph (embedded store, Virtuoso, oxigraph server with "
    "`--union-default-graph`)."
)


def query_sections(heading: str) -> str:
    """One section per canned query (``heading`` is its Markdown level), with an example answer."""
    store = EmbeddedStore.in_memory()
    for group in example_groups():  # each programs file with its indicators table
        load_files(group, store, agent="docs")
    out: list[str] = []
    for name, query in canned_queries().items():
        parameters = EXAMPLE_PARAMETERS.get(name, {})
        result = run_query(name, store, parameters)
        out += [
            f"{heading} `{name}` — {query.title_en}",
            "",
            f"*{query.title_id}*",
            "",
            query.description_en,
            "",
            query.description_id,
            "",
        ]
        if query.parameters:
            out += ["| parameter | type | required | default | description |", "|---|---|---|---|---|"]
            for p in query.parameters:
                required = "yes" if p.required else "no"
                out.append(f"| `{p.name}` | {p.type} | {required} | {p.default or ''} | {p.description} |")
            out.append("")
        command = " ".join(f"--param {k}={v}" for k, v in parameters.items())
        shown = result.__class__(result.variables, result.rows[:SHOWN_ROWS])
        out += [f"Example: `kotacerdas query {name}{(' ' + command) if command else ''}`", "", to_markdown(shown), ""]
        if len(result.rows) > SHOWN_ROWS:
            out += [f"… {len(result.rows) - SHOWN_ROWS} more rows ({len(result.rows)} in all).", ""]
    return "\n".join(out)


def render() -> str:
    """The text of docs/queries.md."""
    return "\n".join(["# Canned queries / Kueri siap pakai", "", INTRODUCTION, "", query_sections("##")])


def main() -> None:
    (REPO / "docs" / "queries.md").write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
