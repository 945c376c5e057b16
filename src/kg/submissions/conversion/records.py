"""What a conversion gives back: the submissions' N-Triples, the cells kept as text, the readings said back, and
where each table's columns are (for results naming a cell)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path

from kg.submissions.program_texts import ProgramText

#: zlib's level for the N-Triples a submission holds: generated submissions become 13.6 times smaller (a
#: 40,000-row file's 184 MB held in 14 MB), compressed at ~125 MB/s and read back at ~170 MB/s on this machine.
NTRIPLES_ZLIB_LEVEL = 1


@dataclass
class SubmissionData:
    """One region's submission for one fiscal year, as N-Triples (programs and the kc:Submission itself).

    The N-Triples are held compressed (:attr:`ntriples_zlib`), read and replaced through :attr:`ntriples`: a
    file's submissions wait, whole, while they are validated in batches and until a load has written them
    (issue 26, item 4: a 40,000-row file's N-Triples were 184 MB of its ~540 MB peak)."""

    iri: str
    region_code: str
    year: int | str
    #: The N-Triples, compressed (:func:`deflated`, one or more zlib streams).
    ntriples_zlib: bytes
    source_file: Path
    #: Number of programs (rows) in it.
    program_count: int = 0
    #: Number of triples (lines) of ``ntriples``.
    triple_count: int = 0

    @property
    def ntriples(self) -> bytes:
        """The N-Triples, decompressed at each reading (keep the value while it is used)."""
        return inflated(self.ntriples_zlib)

    @ntriples.setter
    def ntriples(self, data: bytes) -> None:
        self.ntriples_zlib = deflated(data)

    def nquads(self) -> bytes:
        """The triples as N-Quads in the submission's own named graph: what a store loads in one step
        (``pyoxigraph.Store.load(…, format=N_QUADS)``), with no triple turned into a Python object."""
        # every N-Triples line ends with " .\n" and no literal holds a raw newline, so this is exact
        return self.ntriples.replace(b" .\n", f" <{self.iri}> .\n".encode())


def deflated(ntriples: bytes) -> bytes:
    """``ntriples`` as :attr:`SubmissionData.ntriples_zlib` holds them: one zlib stream, or several one after
    another (a submission compressed piece by piece while it is built, :func:`inflated` reads them all)."""
    return zlib.compress(ntriples, NTRIPLES_ZLIB_LEVEL)


def inflated(deflated_pieces: bytes) -> bytes:
    """The bytes of one or more zlib streams one after another, decompressed and joined."""
    pieces = []
    while deflated_pieces:
        reader = zlib.decompressobj()
        pieces.append(reader.decompress(deflated_pieces))
        deflated_pieces = reader.unused_data
    return b"".join(pieces)


@dataclass
class CellNote:
    """A cell kept as text because it could not be read as its column's type; the shapes report it."""

    row: int
    column: str
    value: str
    expected: str


@dataclass
class CellReading:
    """What reading a cell took that the steward should hear about (:data:`kg.submissions.readings.RULES`,
    and the converter's own: codes separated by commas, another spelling of a code or an agency, an
    indicator row naming no program …): validation turns it into an Info, Warning or Violation result."""

    #: The rule's local name in ``kcp:`` (shapes/programs.ttl), which holds its message and severity.
    rule: str
    #: ``programs`` or ``indikator``: the table the cell is in.
    table: str
    #: ``None`` for a literal of an RDF file with no ``kc:sourceRow`` (its focus and path say where).
    row: int | None
    column: str
    #: The cell as written.
    value: str
    #: The resource the value became a property of, and that property (for the report's focus and path).
    focus: str
    path: str
    #: What was read, for the message (lexical form, datatype, the other reading, why …).
    details: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TableLayout:
    """Where a table's columns are, for results that name a cell (``F4``)."""

    header_row: int
    #: Column name → 0-based position (spreadsheet column A = 0).
    positions: dict[str, int]
    #: The sheet of a spreadsheet; ``None`` for a CSV (its results name no cell).
    sheet: str | None


@dataclass(frozen=True)
class TableSource:
    """One table of a conversion: the file it came from and where its columns are."""

    source: Path
    layout: TableLayout


@dataclass
class Conversion:
    """The RDF of one input file, split per submission.

    Rows are not kept here: each program (and each indicator row) carries its ``kc:sourceRow`` in the graph,
    where validation and every report read it (an RDF file converted earlier keeps its rows the same way).
    """

    source_file: Path
    submissions: dict[tuple[str, int | str], SubmissionData] = field(default_factory=dict)
    #: IRI of a code (region, initiative, status, group, parent) → the text the steward wrote for it.
    codes: dict[str, str] = field(default_factory=dict)
    cell_errors: list[CellNote] = field(default_factory=list)
    #: What reading took, to be said back (see :class:`CellReading`).
    readings: list[CellReading] = field(default_factory=list)
    #: (focus IRI, predicate IRI) → the cell as written, where the value stored is not what was written and no
    #: reading says it back (an approximate amount: ``Rp 107 miliar lebih``), for the report's "value found".
    written: dict[tuple[str, str], str] = field(default_factory=dict)
    #: The programs table's layout; ``None`` for RDF input.
    layout: TableLayout | None = None
    #: The tables read, by name (``programs``, ``indikator``): the indicators may come from another file.
    tables: dict[str, TableSource] = field(default_factory=dict)
    triple_count: int = 0
    #: Program IRI → what the steward wrote for it that suggestions read (name, agency, initiative codes), for
    #: :mod:`kg.submissions.initiative_checks`; empty for RDF input.
    programs: dict[str, ProgramText] = field(default_factory=dict)

    @property
    def tabular(self) -> bool:
        """True when the input was a table."""
        return self.layout is not None

    @property
    def ntriples(self) -> bytes:
        """All submissions' triples together."""
        return b"".join(item.ntriples for item in self.submissions.values())
