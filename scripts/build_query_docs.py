"""Write docs/queries.md: every canned query with its header and a real answer on the example data.

    python scripts/build_query_docs.py
"""
PARAMS = {"gaps": {"region": "32.73", "year": "2025"}, "coverage": {"year": "2025"}, "coverage-trend": {"region": "32.73"},
          "sdg-targets": {"region": "35.78", "year": "2025"}, "beneficiary-programs": {"group": "lansia"},
          "budget": {"region": "35.78"}, "initiatives": {"dimension": "MOB"}}
from pathlib import Path
from kg.store import EmbeddedStore
from kg.loading import load_files
from kg.demo import example_files
from kg.queries import canned_queries, run_query, to_markdown
store = EmbeddedStore.in_memory()
for f in example_files():
    load_files([f], store, agent="docs")
out = ["# Canned queries / Kueri siap pakai", "",
 "Every canned query in `queries/`, with its parameters and a real answer on the illustrative example data of "
 "`examples/` (what `kotacerdas demo` loads; the file with errors is refused). Run one with "
 "`kotacerdas query NAME --param name=value … [--format table|csv|json] [--store DIR | --endpoint URL]`; list "
 "them with `kotacerdas query --list`.", "",
 "Header format of a `.rq` file (parsed by `kg.queries`): `# title@id:`, `# title@en:`, `# description@id:`, "
 "`# description@en:` (may repeat), and one `# param: NAME (TYPE, required|optional[, default VALUE]): text` per "
 "parameter. Types: `region` (registry code → region IRI), `year`/`integer` (→ xsd:integer), `dimension`/"
 "`initiative` (notation, checked against the framework), `beneficiary`/`status` (template code → concept IRI), "
 "`string`. Values are bound as RDF terms (a `VALUES` block serialised from the term), never pasted as text. "
 "Queries read the union of all graphs as their default graph (embedded store, Virtuoso, oxigraph server with "
 "`--union-default-graph`).", ""]
for name, q in canned_queries().items():
    params = PARAMS.get(name, {})
    result = run_query(name, store, params)
    out += [f"## `{name}` — {q.title_en}", "", f"*{q.title_id}*", "", q.description_en, "", q.description_id, ""]
    if q.parameters:
        out += ["| parameter | type | required | default | description |", "|---|---|---|---|---|"]
        for p in q.parameters:
            out.append(f"| `{p.name}` | {p.type} | {'yes' if p.required else 'no'} | {p.default or ''} | {p.description} |")
        out.append("")
    cmd = " ".join(f"--param {k}={v}" for k, v in params.items())
    rows = result.rows
    shown = result.__class__(result.variables, rows[:12])
    out += [f"Example: `kotacerdas query {name}{(' ' + cmd) if cmd else ''}`",
            "", to_markdown(shown), ""]
    if len(rows) > 12:
        out += [f"… {len(rows) - 12} more rows ({len(rows)} in all).", ""]
Path("docs/queries.md").write_text("\n".join(out), encoding="utf-8")
