"""Invisible control characters pasted into cells (``kg.submissions.cell_text``): read without them, said back on
their row and column, never in the graph (where the RDF/XML and SPARQL XML answers could not hold them); a few
NULs in a text file are such characters, many make a binary file. An RDF submission's literals are read the same
way, each said back on its subject and property."""

from __future__ import annotations

import json
import re
import xml.dom.minidom
from pathlib import Path

import pytest
from rdflib import Graph

from kg.core.errors import InputError
from kg.submissions.cell_text import ntriples_without_controls, without_controls
from kg.submissions.tables import RdfDocument, Table, read_submission
from serve_helpers import kotacerdas, kotacerdas_in_process

#: What XML 1.0 cannot hold (and C1): never in what is read, nor in what is said back.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
HEADER = "id_program,kode_wilayah,tahun,nama_program,perangkat_daerah,inisiatif,anggaran,status\n"


@pytest.mark.parametrize(
    ("text", "read", "found"),
    [
        ("Program\x07Rusak", "Program Rusak", "U+0007"),
        ("Smart \x0b Kampung\x00", "Smart Kampung", "U+0000, U+000B"),
        ("Dinas\x85Kominfo\x7f", "Dinas Kominfo", "U+007F, U+0085"),
        ("baris satu\nbaris dua\tkolom\r", "baris satu\nbaris dua\tkolom\r", ""),  # the steward's own breaks
        ("Mal Pelayanan Publik", "Mal Pelayanan Publik", ""),
    ],
)
def test_control_characters_are_removed_and_named(text, read, found):
    assert without_controls(text) == (read, found)


def _csv(tmp_path: Path, rows: list[str], name: str = "kendali.csv") -> Path:
    path = tmp_path / name
    path.write_bytes((HEADER + "".join(rows)).encode("utf-8"))
    return path


def test_a_table_is_read_without_them_and_each_cell_keeps_which(tmp_path):
    path = _csv(
        tmp_path,
        [
            "P-1,32.73,2025,Mal Pelayanan\x00Publik,Dinas\x0bKominfo,GOV-03,100000000,berjalan\n",
            "P-2,32.73,2025,Sekolah Digital,Dinas Pendidikan,SOC-01,200000000,rencana\n",
        ],
    )
    table = read_submission(path)
    assert isinstance(table, Table)
    first, second = table.rows
    assert first.cells["nama_program"] == "Mal Pelayanan Publik" and first.cells["perangkat_daerah"] == "Dinas Kominfo"
    assert first.controls == {"nama_program": "U+0000", "perangkat_daerah": "U+000B"}
    assert second.controls == {}


def test_many_zero_bytes_are_a_binary_file_and_invalid_text_with_one_too(tmp_path):
    binary = tmp_path / "gambar.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64) + b"IHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary file"):
        read_submission(binary)
    broken = tmp_path / "rusak.csv"
    broken.write_bytes(HEADER.encode() + b"P-1,32.73,2025,\xff\xfe\x00\xc3,Dinas,GOV-01,1,berjalan\n")
    with pytest.raises(InputError, match="binary file"):
        read_submission(broken)


def test_validate_says_it_on_the_row_and_cell_and_the_graph_is_xml_safe(tmp_path):
    path = _csv(
        tmp_path,
        [
            "P-1,32.73,2025,Sekolah Digital,Dinas Pendidikan,SOC-01,200000000,rencana\n",
            "P-2,32.73,2025,Program\x07Rusak,Dinas Kominfo,GOV-03,100000000,berjalan\n",
        ],
    )
    done = kotacerdas("validate", str(path), "--format", "json", "--lang", "en")
    assert done.returncode == 0, done.stderr  # a warning: the row is read
    (said,) = [
        result for result in json.loads(done.stdout)["results"] if result["shape"].endswith("ControlCharacterReading")
    ]
    assert (said["severity"], said["row"], said["column"]) == ("Warning", 3, "nama_program")
    assert "U+0007" in said["message"] and "'Program Rusak'" in said["message"] and "\x07" not in done.stdout
    out = tmp_path / "kendali.nt"
    converted = kotacerdas("convert", str(path), "--to", "nt", "--out", str(out))
    assert converted.returncode == 0, converted.stderr
    graph = Graph().parse(out, format="nt")
    assert "Program Rusak" in {str(value) for value in graph.objects()}
    xml.dom.minidom.parseString(graph.serialize(format="xml"))  # well-formed: nothing XML cannot hold


# ---- RDF submissions: each literal read as a cell is, said back on its subject and property ----------------

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def test_ntriples_literals_are_read_without_them_and_the_rest_is_untouched():
    clean = (
        f'<http://e.org/a> {LABEL} "C:\\\\berkas\\\\folder"@id .\n'  # an escaped backslash before 'b' and 'f'
        f'<http://e.org/a> <http://e.org/n> "12"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    ).encode()
    assert ntriples_without_controls(clean) == (clean, [])
    dirty = (
        clean
        + (
            f'<http://e.org/b> {LABEL} "Program\\u0007Rusak"@id .\n'
            '_:n1 <http://e.org/note> "tab\\tkept\\f\\uFFFE" .\n'
            '<http://e.org/c> <http://e.org/n> "1\\u000B"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
            f'<http://e.org/d> {LABEL} "Dinas\u0085Kominfo" .\n'
        ).encode()
    )
    read, found = ntriples_without_controls(dirty)
    assert read.startswith(clean) and read.count(b"\n") == 6
    assert read[len(clean) :].decode() == (
        f'<http://e.org/b> {LABEL} "Program Rusak"@id .\n'
        '_:n1 <http://e.org/note> "tab\\tkept" .\n'
        '<http://e.org/c> <http://e.org/n> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        f'<http://e.org/d> {LABEL} "Dinas Kominfo" .\n'
    )
    assert [(item.subject, item.blank, item.predicate, item.read, item.found) for item in found] == [
        ("http://e.org/b", False, LABEL.strip("<>"), "Program Rusak", "U+0007"),
        ("n1", True, "http://e.org/note", "tab\tkept", "U+000C, U+FFFE"),
        ("http://e.org/c", False, "http://e.org/n", "1", "U+000B"),
        ("http://e.org/d", False, LABEL.strip("<>"), "Dinas Kominfo", "U+0085"),
    ]


def _dirty_turtle(tmp_path: Path) -> Path:
    """The Bandung example converted to Turtle, a program's name with a bell written as Turtle's escape, an
    agency's with a raw vertical tab and NUL, an indicator's with a raw C1 control."""
    turtle = tmp_path / "bandung.ttl"
    example = Path(__file__).parents[1] / "examples" / "contoh-kota-bandung.csv"
    done = kotacerdas_in_process("convert", example, "--to", "turtle", "--out", turtle)
    assert done.returncode == 0, done.stderr
    text = turtle.read_bytes()
    for clean, dirty in (
        (b'"Satu Data Kota Bandung"', b'"Satu Data\\u0007Kota Bandung"'),
        (b'"Dinas Sosial"@id', b'"Dinas\x0bSosial\x00"@id'),
        (b'"Jumlah layanan daring"', b'"Jumlah layanan\xc2\x85daring"'),
    ):
        assert clean in text
        text = text.replace(clean, dirty, 1)
    dirty_path = tmp_path / "kendali.ttl"
    dirty_path.write_bytes(text)
    return dirty_path


def test_an_rdf_submission_is_read_without_them_each_said_on_its_subject_and_property(tmp_path):
    path = _dirty_turtle(tmp_path)
    document = read_submission(path)
    assert isinstance(document, RdfDocument)
    assert not CONTROL.search(document.ntriples.decode()) and b"\\u00" not in document.ntriples
    assert {item.read for item in document.controls} == {
        "Satu Data Kota Bandung",
        "Dinas Sosial",
        "Jumlah layanan daring",
    }
    done = kotacerdas_in_process("validate", path, "--format", "json", "--lang", "en")
    assert done.returncode == 0, done.stderr  # warnings: the file is read
    said = {
        result["value"]: result
        for result in json.loads(done.stdout)["results"]
        if result["shape"].endswith("ControlCharacterReading")
    }
    assert set(said) == {"Satu Data Kota Bandung", "Dinas Sosial", "Jumlah layanan daring"}
    assert {result["severity"] for result in said.values()} == {"Warning"}
    program = said["Satu Data Kota Bandung"]
    program_iri = "https://w3id.org/kotacerdas/id/program/32.73/2024/CONTOH-002"
    assert (program["focus"], program["path"], program["row"], program["column"]) == (
        program_iri,  # the first of the two years' programs of that name: the Turtle of a converted file keeps rows
        LABEL.strip("<>"),
        3,
        "nama_program",
    )
    assert program["message"] == (
        f"Program name (rdfs:label) of <{program_iri}> held invisible control characters (U+0007), removed; "
        "read as 'Satu Data Kota Bandung'"
    )
    agency = said["Dinas Sosial"]  # an agency is no row's own: its subject and property say where
    assert agency["focus"].endswith("/agency/32.73/dinas-sosial") and agency["row"] is None
    assert "rdfs:label of <" in agency["message"] and "(U+0000, U+000B)" in agency["message"]
    assert "U+0085" in said["Jumlah layanan daring"]["message"]
    assert not CONTROL.search(done.stdout)
    indonesian = kotacerdas_in_process("validate", path, "--format", "json", "--lang", "id")
    messages = [result["message"] for result in json.loads(indonesian.stdout)["results"]]
    assert (
        f"Nama Program (rdfs:label) pada <{program_iri}> memuat karakter kendali tak terlihat (U+0007) yang dihapus; "
        "dibaca sebagai 'Satu Data Kota Bandung'"
    ) in messages


def test_a_loaded_rdf_submission_serves_well_formed_rdf_xml(tmp_path):
    import pyoxigraph

    from kg.web.formats import GRAPH_FORMATS, serialize_triples

    path = _dirty_turtle(tmp_path)
    store = tmp_path / "store"
    loaded = kotacerdas_in_process("load", path, "--store", store)
    assert loaded.returncode == 0, loaded.stderr
    program = "https://w3id.org/kotacerdas/id/program/32.73/2024/CONTOH-002"
    described = kotacerdas_in_process("sparql", f"DESCRIBE <{program}>", "--store", store, "--format", "turtle")
    assert described.returncode == 0, described.stderr
    triples = [
        pyoxigraph.Triple(quad.subject, quad.predicate, quad.object)
        for quad in pyoxigraph.parse(described.stdout.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    ]
    (rdfxml,) = [item for item in GRAPH_FORMATS if item.name == "rdfxml"]
    page = serialize_triples(triples, rdfxml)  # what the program's page answers for application/rdf+xml
    xml.dom.minidom.parseString(page)
    graph = Graph().parse(data=page, format="xml")
    assert "Satu Data Kota Bandung" in {str(value) for value in graph.objects()}


def test_an_iri_with_a_control_character_is_one_line_and_exit_2(tmp_path):
    for name, text in (
        ("iri.ttl", b'<http://e.org/a\\u0007> <http://e.org/p> "a" .\n'),
        ("iri.nt", b'<http://e.org/a\x07> <http://e.org/p> "a" .\n'),
    ):
        path = tmp_path / name
        path.write_bytes(text)
        done = kotacerdas("validate", str(path))
        assert done.returncode == 2
        assert done.stdout == "" and "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
        assert f"{name}: RDF rusak / broken RDF" in done.stderr and "U+0007" in done.stderr
