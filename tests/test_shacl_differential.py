"""The compiled engine and pySHACL agree on generated program data with planted defects.

Seeded random data (a few thousand triples) against tests/data/shacl-program-shapes.ttl, which exercises
most SHACL Core components and a SPARQL constraint; the two engines must give the same multiset of
(focus, path, value, constraint component, severity).

Below, property-based (hypothesis, issue 7 must-have 4 c): random program graphs against the project's
shapes/programs.ttl, and the data of W3C tests mutated, with the known differences named in _assert_agree.
"""

from __future__ import annotations

import logging
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import SH
from rdflib.namespace import XSD as XSD_NS

from hypothesis_profiles import examples
from kg.shacl import ShaclEngine, validate_with_pyshacl
from shacl_w3c_suite import comparable, load_tests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from shacl_program_data import SHAPES_FILE, program_dataset  # noqa: E402


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE)


def _keys(report) -> Counter:
    return Counter(result.key() for result in report.results)


# ~3-5 s each: seed 1 from the data stays in the fast run (test_engine_and_pyshacl_agree_on_random_program_graphs
# below compares both orders there too), the rest is slow
@pytest.mark.parametrize(
    ("seed", "data_first_from"),
    [
        pytest.param(seed, first, marks=() if (seed, first) == (1, 0) else pytest.mark.slow)
        for seed in (1, 2, 3)
        for first in (1000, 0)
    ],
    ids=[f"{seed}-{name}" for seed in (1, 2, 3) for name in ("from-focus-nodes", "from-data")],
)
def test_engine_and_pyshacl_give_the_same_results(shapes, seed, data_first_from):
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)  # planted ill-typed literals
    data = Graph().parse(data=program_dataset(3000, seed=seed, defect_rate=0.25), format="nt")
    ours = ShaclEngine(shapes, data_first_from=data_first_from).validate(data)
    reference = validate_with_pyshacl(data, shapes)
    assert ours.fallback_shapes == []
    assert len(ours.results) > 10  # the planted defects are found
    assert _keys(ours) == _keys(reference)
    assert ours.conforms == reference.conforms


def test_engine_finds_nothing_in_clean_data(shapes):
    data = Graph().parse(data=program_dataset(3000, seed=4, defect_rate=0.0), format="nt")
    assert ShaclEngine(shapes).validate(data).conforms


@pytest.mark.slow
def test_submission_shapes_agree_with_pyshacl_when_present():
    programs = Path(__file__).resolve().parent.parent / "shapes" / "programs.ttl"
    assert programs.is_file(), "shapes/programs.ttl is missing"
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    shapes = Graph().parse(programs)
    data = Graph().parse(data=program_dataset(3000, seed=5, defect_rate=0.25), format="nt")
    ours, reference = ShaclEngine(shapes).validate(data), validate_with_pyshacl(data, shapes)
    assert ours.fallback_shapes == []
    # Known difference: in SPARQL, comparing an ill-typed literal ("abc"^^xsd:integer) is a type error,
    # so the store finds no solution; rdflib's SPARQL compares it as a term and pySHACL reports it.
    only_reference = _keys(reference) - _keys(ours)
    assert all(key[3].endswith("SPARQLConstraintComponent") and _ill_typed(key[2]) for key in only_reference)
    assert not _keys(ours) - _keys(reference)


def _ill_typed(value_text: str) -> bool:
    return '"abc"^^' in value_text


# --- random data graphs (hypothesis): issue 7, must-have 4 c --------------------------------------------------
# Examples in CI (profile "ci", tests/hypothesis_profiles.py): see examples(…) above each test.
KC = "https://w3id.org/kotacerdas/ontology#"
KCID = "https://w3id.org/kotacerdas/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SCHEMA = "https://schema.org/"

#: Values each property of a program may take: right ones, wrong ones, ill-typed ones ("abc" is what the
#: known difference below recognises), literals where IRIs belong and the other way round.
_VALUES = {
    f"<{KC}programId>": ['"P-1"', '"P-2"', '"P-1"@id', f'"7"^^<{XSD}integer>', f"<{KCID}x>"],
    f"<{KC}region>": [
        f"<{KCID}region/32.73>",
        f"<{KCID}region/99.99>",
        '"32.73"',
        f"<{KCID}region/32>",
        f"<{KCID}region/x.y>",
    ],
    f"<{KC}fiscalYear>": [
        f'"2025"^^<{XSD}integer>',
        f'"2010"^^<{XSD}integer>',
        f'"9999"^^<{XSD}integer>',
        f'"abc"^^<{XSD}integer>',
        '"2025"',
        f'"2025.5"^^<{XSD}decimal>',
    ],
    "<http://www.w3.org/2000/01/rdf-schema#label>": ['"Program"@id', '""@id', '"Program"', '"Program"@en'],
    f"<{KC}agency>": [f"<{KCID}agency/32.73/dinas>", '"Dinas"'],
    f"<{KC}initiative>": [f"<{KC}GOV-01>", f"<{KC}MOB-06>", f"<{KC}XXX-99>", '"GOV-01"'],
    f"<{KC}budget>": [
        f'"1000"^^<{XSD}decimal>',
        f'"-5"^^<{XSD}decimal>',
        f'"abc"^^<{XSD}decimal>',
        f'"1000"^^<{XSD}integer>',
        '"1000"',
        f'"0"^^<{XSD}decimal>',
    ],
    f"<{KC}status>": [f"<{KC}Planned>", f"<{KC}Ongoing>", f"<{KC}Unknown>", '"rencana"'],
    f"<{SCHEMA}startDate>": [
        f'"2025-01-15"^^<{XSD}date>',
        f'"2025-12-31"^^<{XSD}date>',
        f'"2024-06-01"^^<{XSD}date>',
        f'"abc"^^<{XSD}date>',
        '"2025-01-15"',
    ],
    f"<{SCHEMA}endDate>": [
        f'"2025-06-30"^^<{XSD}date>',
        f'"2025-01-01"^^<{XSD}date>',
        f'"2026-02-01"^^<{XSD}date>',
        f'"abc"^^<{XSD}date>',
        f'"2025-06-30T00:00:00"^^<{XSD}dateTime>',
    ],
    f"<{KC}beneficiary>": [f"<{KC}Children>", f"<{KC}Nobody>", '"anak"'],
}
_INDICATOR_VALUES = {
    "<http://www.w3.org/2000/01/rdf-schema#label>": ['"Jumlah"@id', '""@id', '"Jumlah"'],
    f"<{KC}unit>": ['"unit"', f'"3"^^<{XSD}integer>'],
    f"<{KC}target>": [f'"10"^^<{XSD}decimal>', f'"abc"^^<{XSD}decimal>', '"10"'],
    f"<{KC}achieved>": [f'"5"^^<{XSD}decimal>', f'"-1"^^<{XSD}decimal>', f'"abc"^^<{XSD}decimal>'],
}
#: What the reference data says of the IRIs above (included or not, at random).
_TYPES = [
    f"<{KC}GOV-01> {RDF_TYPE} <{KC}Initiative> .",
    f"<{KC}MOB-06> {RDF_TYPE} <{KC}Initiative> .",
    f"<{KCID}region/32.73> {RDF_TYPE} <{KC}City> .",
    f"<{KCID}region/32> {RDF_TYPE} <{KC}Province> .",
    f"<{KC}City> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{KC}Region> .",
    f"<{KC}Planned> {RDF_TYPE} <{KC}ProgramStatus> .",
    f"<{KC}Ongoing> {RDF_TYPE} <{KC}ProgramStatus> .",
    f"<{KC}Children> {RDF_TYPE} <{KC}BeneficiaryGroup> .",
]


def _properties(draw, subject: str, values: dict[str, list[str]]) -> list[str]:
    triples = []
    for predicate, pool in values.items():
        for value in draw(st.lists(st.sampled_from(pool), max_size=2, unique=True)):
            triples.append(f"{subject} {predicate} {value} .")
    return triples


@st.composite
def program_graphs(draw) -> str:
    """N-Triples of 1-5 programs with random properties, sharing submissions, some with an indicator."""
    triples = [triple for triple in _TYPES if draw(st.booleans())]
    for number in range(draw(st.integers(1, 5))):
        program = f"<{KCID}program/32.73/2025/P-{number}>"
        if draw(st.integers(0, 9)):  # mostly typed (a target), sometimes not
            triples.append(f"{program} {RDF_TYPE} <{KC}Program> .")
        triples.extend(_properties(draw, program, _VALUES))
        submission = draw(st.sampled_from([f"<{KCID}submission/32.73/2025>", f"<{KCID}submission/32.73/2024>"]))
        triples.append(f"{program} <http://purl.org/dc/terms/isPartOf> {submission} .")
        if draw(st.booleans()):
            indicator = f"<{KCID}program/32.73/2025/P-{number}/indicator>"
            triples.append(f"{program} <{KC}indicator> {indicator} .")
            if draw(st.integers(0, 4)):
                triples.append(f"{indicator} {RDF_TYPE} <{KC}Indicator> .")
            triples.extend(_properties(draw, indicator, _INDICATOR_VALUES))
    return "\n".join(triples) + "\n"


@pytest.fixture(scope="module")
def program_shapes() -> Graph:
    return Graph().parse(Path(__file__).resolve().parent.parent / "shapes" / "programs.ttl")


@pytest.fixture(scope="module")
def program_engines(program_shapes) -> tuple[ShaclEngine, ShaclEngine]:
    return ShaclEngine(program_shapes), ShaclEngine(program_shapes, data_first_from=0)


_NUMERIC = {
    XSD_NS[name]
    for name in (
        "integer",
        "decimal",
        "double",
        "float",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
    )
}
_ORDER_COMPONENTS = (SH.LessThanConstraintComponent, SH.LessThanOrEqualsConstraintComponent)


def _kind(term) -> object:
    """What SPARQL's < can compare a literal with: numbers with numbers, strings with strings of the same
    language, a date/time type with itself; None for what it compares with nothing (an IRI, an ill-typed
    literal)."""
    if not isinstance(term, Literal) or term.ill_typed:
        return None
    if term.language is not None:
        return ("lang", term.language.lower())
    if term.datatype in _NUMERIC:
        return "number"
    return term.datatype or XSD_NS.string


def _incomparable_pair(result, data: Graph, shapes: Graph) -> bool:
    """An sh:lessThan(OrEquals) result for a value that SPARQL cannot compare with some value of the other
    property. SHACL §4.5.3-4 reports such pairs ("or where the two values cannot be compared"); pySHACL
    skips them: a known difference, in which the engine follows the specification."""
    if result.constraint_component not in _ORDER_COMPONENTS:
        return False
    others = {other for predicate in (SH.lessThan, SH.lessThanOrEquals) for other in shapes.objects(None, predicate)}
    kind = _kind(result.value)
    return any(kind is None or _kind(value) != kind for other in others for value in data.objects(result.focus, other))


def _assert_agree(ours, reference, data: Graph, shapes: Graph, key=lambda result: result.key()) -> None:
    """The engine's results equal pySHACL's, but for the known differences: ill-typed literals in SPARQL
    constraints (pySHACL reports them, see test_submission_shapes_agree_with_pyshacl_when_present) and
    incomparable pairs of sh:lessThan(OrEquals) (the engine reports them, see _incomparable_pair)."""
    ours_keys = Counter(key(result) for result in ours.results)
    reference_keys = Counter(key(result) for result in reference.results)
    spec_only = Counter(key(result) for result in ours.results if _incomparable_pair(result, data, shapes))
    assert not (ours_keys - reference_keys) - spec_only
    only_reference = reference_keys - ours_keys
    assert all(item[3].endswith("SPARQLConstraintComponent") and _ill_typed(item[2]) for item in only_reference)


def _pyshacl(data: Graph, shapes: Graph):
    from pyshacl.errors import ReportableRuntimeError

    try:
        return validate_with_pyshacl(data, shapes)
    except (TypeError, AttributeError, ReportableRuntimeError):
        # pySHACL fails on some of these graphs: it compares literals of different types with Python's <=
        # (TypeError), rdflib's SPARQL result of a constraint over ill-typed literals has no rows
        # (AttributeError: 'SPARQLResult' object has no attribute 'bindings'), and it refuses a blank node
        # in sh:lessThan ("Cannot use sh:lessThan to compare a BlankNode"). No reference: no comparison.
        reject()


@pytest.mark.slow
@examples(25)
@given(ntriples=program_graphs())
def test_engine_and_pyshacl_agree_on_random_program_graphs(program_shapes, program_engines, ntriples):
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    data = Graph().parse(data=ntriples, format="nt")
    reference = _pyshacl(data, program_shapes)
    for engine in program_engines:
        _assert_agree(engine.validate(data), reference, data, program_shapes)


#: W3C tests whose data graphs are mutated: one per kind of constraint (value type, cardinality, range,
#: string, property pair, logical, shape-based, paths, SPARQL).
W3C_MUTATED = [
    "core/node/class-001",
    "core/property/datatype-001",
    "core/property/minCount-001",
    "core/property/maxCount-001",
    "core/node/minInclusive-001",
    "core/property/pattern-001",
    "core/property/lessThan-001",
    "core/property/uniqueLang-001",
    "core/node/and-001",
    "core/node/or-001",
    "core/node/xone-001",
    "core/node/not-001",
    "core/node/qualified-001",
    "core/path/path-sequence-001",
    "core/path/path-inverse-001",
    "core/path/path-alternative-001",
    "core/node/in-001",
    "sparql/node/sparql-001",
]


@pytest.fixture(scope="module")
def w3c_cases() -> dict[str, tuple[tuple, Graph, ShaclEngine]]:
    """Each test's data triples (taken before anything runs: pySHACL adds triples to the graphs it is
    given), its shapes and the engine compiled for them."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
        tests = {test.id: test for test in load_tests() if test.id in W3C_MUTATED}
    return {
        name: (
            tuple(sorted(test.data, key=lambda triple: tuple(map(str, triple)))),
            _copy(test.shapes),
            ShaclEngine(_copy(test.shapes)),
        )
        for name, test in tests.items()
    }


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


@pytest.mark.slow
@examples(40)
@given(name=st.sampled_from(W3C_MUTATED), data=st.data())
def test_engine_and_pyshacl_agree_on_mutated_w3c_data(w3c_cases, name, data):
    """The data of a W3C test, mutated: triples dropped, objects swapped, subjects exchanged."""
    triples, shapes, engine = w3c_cases[name]
    subjects = sorted({triple[0] for triple in triples}, key=str)
    objects = sorted({triple[2] for triple in triples}, key=str)
    mutated = Graph()
    for subject, predicate, value in triples:
        change = data.draw(st.integers(0, 6), label="change")
        if change == 0:
            continue  # dropped
        if change == 1:
            value = data.draw(st.sampled_from(objects), label="object")
        elif change == 2:
            subject = data.draw(st.sampled_from(subjects), label="subject")
        mutated.add((subject, predicate, value))
    _assert_agree(engine.validate(mutated), _pyshacl(mutated, _copy(shapes)), mutated, shapes, key=_masked_key)


def _masked_key(result) -> tuple:
    """The result's key with blank nodes masked, as the W3C suite compares (focus, path, value, component,
    severity)."""
    focus, path, value, severity, component = next(iter(comparable([result])))
    return focus, path, value, component, severity
