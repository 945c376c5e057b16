"""Invisible control characters pasted into cells (``kg.submissions.cell_text``): read without them, said back on
their row and column, never in the graph (where the RDF/XML and SPARQL XML answers could not hold them); a few
NULs in a text file are such characters, many make a binary file."""

from __future__ import annotations

import json
import xml.dom.minidom
from pathlib import Path

import pytest
from rdflib import Graph

from kg.core.errors import InputError
from kg.submissions.cell_text import without_controls
from kg.submissions.tables import Table, read_submission
from serve_helpers import kotacerdas

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
