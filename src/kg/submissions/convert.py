"""Rows of a submission → RDF, as the template metadata says (docs/architecture.md, "The data model").

The CSVW metadata (``template/programs.csv-metadata.json``, read by :mod:`kg.submissions.template`) drives the
conversion: its two tables (the programs, and the indicators of programs), each column's property, datatype,
separator, language and code list, and every IRI (its URI templates, expanded by :mod:`kg.core.namespaces`).
Per row of the programs table:

* the program (the table's ``aboutUrl``): the triples of the virtual columns about it (its type, its
  submission), ``kc:sourceRow`` (the row as the steward sees it: row provenance lives in the graph only), and
  its cells' triples;
* the other resources a row describes (the amounts of money, the single indicator and its assessment: the
  columns whose ``aboutUrl`` names them) exist when one of their cells (or of a resource below them) has a
  value; each is typed, linked from the resource above it by the virtual column naming it, and given the
  constants the metadata states (``schema:currency "IDR"``, the assessment's period);
* a cell of a column with a ``valueUrl`` and a ``kc:valueClass`` but no code list names a resource of its own
  (the agency): resolved to one agency per region (:mod:`kg.submissions.agencies`), typed, labelled,
  described once in each submission, so that every submission's graph is whole on its own.

Each row of the indicators table (the Indicators sheet, or a second CSV) names its program by ``id_program``
(and ``tahun``, ``kode_wilayah`` when they are needed to tell programs apart): it makes an indicator of that
program (named, with unit and direction) and its assessment for a period, with their own ``kc:sourceRow``.

Values are read as Indonesian stewards write them (:mod:`kg.submissions.readings`: ``Rp 13,5 Miliar``,
``1 Juli 2025``, ``Maret 2018``); every reading that took a rule a person might not expect is kept as a
:class:`CellReading`, which validation reports back (Info, or Warning for an ambiguous number or an
approximation). A cell that cannot be read as its column's datatype or code list ("dua miliar", 2025-02-30,
"tunda") is **not dropped**: it is written as a plain literal holding the text found, so the shapes'
``sh:datatype`` / ``sh:class`` constraints report it on its row and column. The constraints thus stay in
``shapes/``, the single source of truth; this module only reads what it can.

N-Triples lines are built as text directly (a 5,000-row file converts in a few tens of milliseconds), each
row's encoded at once: a million triples take about their N-Triples size in memory, ~150 MB.

The conversion's parts are in :mod:`kg.submissions.conversion` (a module per concern); this module is its entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from kg.core.errors import InputError
from kg.core.template_metadata import INDICATORS_TABLE, PROGRAMS_TABLE
from kg.submissions.agencies import AgencyNames, KnownAgencies
from kg.submissions.conversion.indicators import ProgramIndex
from kg.submissions.conversion.output import OUTPUT_FORMATS, serialize
from kg.submissions.conversion.programs import ProgramsConverter
from kg.submissions.conversion.rdf_input import BATCH_BYTES, convert_rdf, ntriples_batches
from kg.submissions.conversion.records import (
    CellNote,
    CellReading,
    Conversion,
    SubmissionData,
    TableLayout,
    TableSource,
)
from kg.submissions.conversion.rows import table_regions
from kg.submissions.conversion.terms import read_date, read_decimal, read_integer
from kg.submissions.tables import RdfDocument, Table, read_submission

__all__ = [
    "BATCH_BYTES",
    "OUTPUT_FORMATS",
    "CellNote",
    "CellReading",
    "Conversion",
    "SubmissionData",
    "TableLayout",
    "TableSource",
    "convert_file",
    "convert_files",
    "convert_rdf",
    "convert_table",
    "convert_tables",
    "ntriples_batches",
    "read_date",
    "read_decimal",
    "read_integer",
    "serialize",
    "table_regions",
]


def convert_table(table: Table, *, known_agencies: KnownAgencies | None = None) -> Conversion:
    """Convert a read programs table (and the indicators sheet of its workbook) to RDF, split per (region,
    year) submission."""
    return convert_tables([table], known_agencies=known_agencies)[0]


def convert_tables(
    tables: list[Table],
    *,
    known_agencies: KnownAgencies | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Conversion]:
    """Convert tables read together: each programs table becomes a conversion; an indicators table (a sheet of
    a workbook, or a file of its own) joins the programs its rows name. :class:`InputError` when indicators
    are given without any programs."""
    agencies = AgencyNames(known_agencies)
    converters = []
    indicator_tables = []
    for number, table in enumerate(tables, start=1):
        if table.kind == INDICATORS_TABLE:
            indicator_tables.append(table)
            continue
        converter = ProgramsConverter(table, agencies)
        converter.convert_programs()
        converters.append(converter)
        if table.indicators is not None:
            indicator_tables.append(table.indicators)
        if progress is not None:
            progress("convert", number, len(tables))
    if indicator_tables and not converters:
        raise InputError(
            "tabel indikator tanpa tabel program: berikan juga berkas programnya / an indicators table without "
            "its programs: give the programs file too",
            source=str(indicator_tables[0].source),
        )
    if indicator_tables:
        index = ProgramIndex(converters, [converter.programs for converter in converters])
        for table in indicator_tables:
            for converter in converters:
                converter.add_indicators(table, index)
    return [converter.finish() for converter in converters]


def convert_file(path: Path | str, *, known_agencies: KnownAgencies | None = None) -> Conversion:
    """Read a submission file (table or RDF) and convert it; :class:`InputError` if it cannot be read."""
    return convert_files([path], known_agencies=known_agencies)[0]


def convert_files(
    paths: Iterable[Path | str],
    *,
    known_agencies: KnownAgencies | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Conversion]:
    """Read and convert files given together: RDF documents each on its own, tables together (an indicators
    CSV joins the programs of the other files). One conversion per programs table or RDF document, in order;
    :class:`InputError` on the first file that cannot be read. ``progress("convert", done, total)`` after each
    table."""
    read = [read_submission(path) for path in paths]
    tables = [item for item in read if isinstance(item, Table)]
    converted = iter(convert_tables(tables, known_agencies=known_agencies, progress=progress) if tables else [])
    conversions = []
    for item in read:
        if isinstance(item, RdfDocument):
            conversions.append(convert_rdf(item))
        elif item.kind == PROGRAMS_TABLE:
            conversions.append(next(converted))
    return conversions
