"""A conversion written out: Turtle, N-Triples or JSON-LD, each triple once, with the mark of kotacerdas's own
outputs when asked."""

from __future__ import annotations

from kg.core.errors import InputError
from kg.core.options import RDF_FORMATS
from kg.submissions.conversion.records import Conversion

#: ``--to`` names → pyoxigraph formats.
OUTPUT_FORMATS = dict(zip(RDF_FORMATS, ("TURTLE", "N_TRIPLES", "JSON_LD"), strict=True))


def serialize(conversion: Conversion, to: str = "turtle", *, mark: bool = False, source: str = "") -> bytes:
    """The conversion's RDF in ``turtle``, ``nt`` or ``jsonld``: its submissions' triples together, each once
    (an agency each submission describes is written once). ``mark``: with the mark of kotacerdas's own
    outputs (a first comment line; a context prefix in JSON-LD: :func:`kg.core.output.is_own_output`)."""
    from kg.core.output import JSON_LD_MARK, RDF_MARK

    if to not in OUTPUT_FORMATS:
        raise InputError(f"format tidak dikenal / unknown format {to!r}; expected one of {', '.join(OUTPUT_FORMATS)}")
    ntriples = b"".join(dict.fromkeys(conversion.ntriples.splitlines(keepends=True)))
    comment = f"{RDF_MARK}converted from {source or conversion.source_file.name}\n".encode() if mark else b""
    if to == "nt":
        return comment + ntriples
    import pyoxigraph

    from kg.core.namespaces import PREFIXES
    from kg.core.oxigraph_io import rdf_bytes

    quads = pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    # one block per subject (the serializer groups consecutive triples); the data IRIs stay whole, since a
    # kcid: prefixed name would need every "/" escaped
    triples = sorted((pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads), key=lambda t: str(t.subject))
    prefixes = {prefix: PREFIXES[prefix] for prefix in ("kc", "dcterms", "rdfs", "schema", "skos", "xsd")}
    written = rdf_bytes(triples, getattr(pyoxigraph.RdfFormat, OUTPUT_FORMATS[to]), prefixes)
    if to == "jsonld" and mark:  # the same nodes under @graph, with a context defining a prefix no value uses
        import json

        document = {"@context": {JSON_LD_MARK: PREFIXES["kcid"]}, "@graph": json.loads(written)}
        return json.dumps(document, ensure_ascii=False).encode("utf-8")
    return comment + written if to == "turtle" else written
