"""The template's CSVW metadata is standard CSVW: the ``csvw`` package (a CSVW processor on PyPI) reads it, validates
a submission with it, and makes from it the same program, region and initiative IRIs as the project's converter;
a coded column's ``valueUrl`` code IRI (``…/id/code/status/berjalan``) leads to the concept the converter writes
(issue 23). ``tests/test_template_definition.py`` and the conversion tests keep the converter's own reading."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import csvw  # noqa: E402  (a test dependency: missing, these tests fail)
import pytest
from csvw import jsonld  # noqa: E402
from rdflib import Graph, URIRef

from kg.core.resources import resource_path
from kg.core.template_metadata import metadata_path
from kg.submissions.convert import convert_file
from kg.web.linked_data import code_target

KC = "https://w3id.org/kotacerdas/ontology#"
EXAMPLE = resource_path("examples", "contoh-kota-bandung.csv")


@pytest.fixture()
def table_group_folder(tmp_path) -> Path:
    """The metadata beside a programs file (the Bandung example) and an empty indicators file, as CSVW finds them."""
    shutil.copy(metadata_path(), tmp_path / metadata_path().name)
    shutil.copy(EXAMPLE, tmp_path / "programs.csv")
    (tmp_path / "indikator.csv").write_text(
        "id_program,kode_wilayah,tahun,indikator,satuan,arah,periode,baseline,target,realisasi\n", encoding="utf-8"
    )
    return tmp_path


def _standard_triples(folder: Path) -> set[tuple[str, str, str]]:
    """The statements the csvw processor makes of each cell (its own expansion of aboutUrl, propertyUrl and
    valueUrl), as text."""
    group = csvw.TableGroup.from_file(folder / metadata_path().name)
    found = set()
    for table in group.tables:
        columns = {column.header: column for column in table.tableSchema.columns}
        for column in columns.values():
            column.propertyUrl = column.inherit("propertyUrl")
            column.valueUrl = column.inherit("valueUrl")
        about = table.tableSchema.inherit("aboutUrl")
        for number, (_, _, row) in enumerate(table.iterdicts(with_metadata=True, strict=True), start=1):
            subject = table.expand(about, row, _row=number)
            for name, value in row.items():
                column = columns.get(name)
                if column is None or column.virtual or value in ("", None, []):
                    continue
                triple = jsonld.Triple.from_col(table, column, row, name, value, number)
                s, p, o = (
                    triple.as_rdflib_triple()
                    if triple.about
                    else jsonld.Triple(about=subject, property=triple.property, value=triple.value).as_rdflib_triple()
                )
                if column.separator and "{" in str(column.valueUrl or ""):
                    # the package expands a list cell in a URI template as RFC 6570 does (GOV-03,GOV-04 in one
                    # IRI): one IRI per value is what the template means
                    prefix = str(column.valueUrl).split("{")[0]
                    found |= {(str(s), str(p), prefix + part) for part in str(o)[len(prefix) :].split(",")}
                else:
                    found.add((str(s), str(p), str(o)))
    return found


def test_a_standard_csvw_processor_accepts_the_metadata_and_validates_a_submission(table_group_folder):
    group = csvw.TableGroup.from_file(table_group_folder / metadata_path().name)
    assert [str(table.url) for table in group.tables] == ["programs.csv", "indikator.csv"]
    assert group.check_referential_integrity()
    validate = Path(sys.executable).with_name("csvwvalidate")
    done = subprocess.run(
        [str(validate), metadata_path().name], cwd=table_group_folder, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip() == "OK", done.stdout + done.stderr
    context = group.at_props.get("context") if hasattr(group, "at_props") else None
    assert context in (None, ["http://www.w3.org/ns/csvw", {"@language": "id"}])


def test_the_standard_processor_makes_the_converters_iris(table_group_folder):
    standard = _standard_triples(table_group_folder)
    ours = Graph().parse(data=convert_file(EXAMPLE).ntriples.decode(), format="nt")
    programs = {s for s, p, o in standard if p == KC + "programId"}
    assert programs == {str(s) for s in ours.subjects(URIRef(KC + "programId"), None)} and len(programs) == 11
    for predicate in ("region", "initiative", "fiscalYear", "programId"):
        theirs = {(s, o) for s, p, o in standard if p == KC + predicate}
        assert theirs == {
            (str(s), str(o)) for s, o in ours.subject_objects(URIRef(KC + predicate)) if str(s) in programs
        }, predicate
    # coded columns: the code IRI of the standard processor stands for the concept the converter writes
    for predicate in ("status", "beneficiary"):
        theirs = {(s, code_target(o)) for s, p, o in standard if p == KC + predicate}
        assert theirs and theirs == {
            (str(s), str(o)) for s, o in ours.subject_objects(URIRef(KC + predicate)) if str(s) in programs
        }, predicate
    assert all(code_target(o) is not None for s, p, o in standard if "/id/code/" in o)
