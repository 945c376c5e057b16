"""The pages a public record cites (its ``sources.csv``: ``sumber_id,url,judul,penerbit,kutipan,tanggal_dibaca``),
described in a graph of their own (``…/graph/sources``), so that a program's page can show the title of each page
it is ``prov:wasDerivedFrom``.

Each page: ``<url> a foaf:Document ; dcterms:title "judul"@id ; dcterms:identifier "sumber_id" ; dcterms:publisher
kcid:publisher/{key}`` (``a foaf:Agent ; foaf:name "penerbit"``, its key as an agency's: ``kg.core.namespaces.name_key``;
never a blank node, so that the graph's content is stable). The graph is replaced as a whole, atomically. A row whose address cannot be an
IRI is input that cannot be read: one line naming file and row.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from kg.core.errors import InputError
from kg.core.namespaces import GRAPH, ID, name_key

#: The named graph of the cited pages.
SOURCES_GRAPH = f"{GRAPH}sources"
#: The columns ``sources.csv`` must have.
COLUMNS = ("sumber_id", "url", "judul", "penerbit")


@dataclass(frozen=True)
class CitedPage:
    """One row of ``sources.csv``."""

    identifier: str
    url: str
    title: str
    publisher: str


def read_cited_pages(path: Path | str) -> list[CitedPage]:
    """The rows of a ``sources.csv``; :class:`InputError` naming the file (and row) when it cannot be read."""
    from kg.submissions.conversion.terms import web_address

    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in COLUMNS if name not in (reader.fieldnames or ())]
            if missing:
                raise InputError(
                    f"kolom tidak ada / missing columns: {', '.join(missing)} (perlu / needs {', '.join(COLUMNS)})",
                    source=str(path),
                )
            pages = []
            for number, row in enumerate(reader, start=2):
                url = (row.get("url") or "").strip()
                if web_address(url) is None:
                    raise InputError(
                        f"baris / row {number}: alamat bukan IRI / the address is no IRI: {url!r}", source=str(path)
                    )
                pages.append(
                    CitedPage(
                        (row.get("sumber_id") or "").strip(),
                        url,
                        (row.get("judul") or "").strip(),
                        (row.get("penerbit") or "").strip(),
                    )
                )
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"tidak dapat dibaca / cannot be read: {error}", source=str(path)) from None
    return pages


def cited_pages_ntriples(pages: list[CitedPage]) -> bytes:
    """The graph of the pages, as N-Triples (terms serialised by rdflib, never pasted from text)."""
    triples: list[tuple[URIRef, URIRef, URIRef | Literal]] = []
    for page in pages:
        node = URIRef(page.url)
        triples.append((node, RDF.type, FOAF.Document))
        if page.identifier:
            triples.append((node, DCTERMS.identifier, Literal(page.identifier)))
        if page.title:
            triples.append((node, DCTERMS.title, Literal(page.title, lang="id")))
        if page.publisher:
            publisher = URIRef(f"{ID}publisher/{quote(name_key(page.publisher), safe='')}")
            triples += [
                (node, DCTERMS.publisher, publisher),
                (publisher, RDF.type, FOAF.Agent),
                (publisher, FOAF.name, Literal(page.publisher)),
            ]
    lines = sorted({" ".join(term.n3() for term in triple) + " ." for triple in triples})
    return "".join(line + "\n" for line in lines).encode("utf-8")


def load_cited_pages(store, path: Path | str) -> int:  # noqa: ANN001 - any kg.store.interface.GraphStore
    """Replace the graph of cited pages in ``store`` with those of ``path``; the number of pages."""
    pages = read_cited_pages(path)
    store.replace_graphs({SOURCES_GRAPH: cited_pages_ntriples(pages)})
    return len(pages)
