"""Synthetic program submissions with planted defects, for the SHACL engine's benchmark and differential test.

Program-like data (architecture.md): programs with ids, regions, years, names, agencies, initiatives,
budgets, statuses, dates, beneficiaries and an indicator each; regions typed with subclasses of kc:Region.
The allowed statuses and beneficiary groups are read from the shapes (their sh:in lists), not repeated here.
About ``defect_rate`` of the programs get one planted defect each.
"""

from __future__ import annotations

import random
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

KC = "https://w3id.org/kotacerdas/ontology#"
ID = "https://w3id.org/kotacerdas/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SCHEMA = "https://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
IS_PART_OF = "http://purl.org/dc/terms/isPartOf"
TRIPLES_PER_PROGRAM = 20  # on average, with its indicator

SHAPES_FILE = Path(__file__).resolve().parent.parent / "tests" / "data" / "shacl-program-shapes.ttl"


def _iri(value: str) -> str:
    return f"<{value}>"


def _lit(value: str, datatype: str | None = None, lang: str | None = None) -> str:
    text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if lang:
        return f"{text}@{lang}"
    return f"{text}^^<{XSD}{datatype}>" if datatype else text


def _in_list(shapes: Graph, property_shape: str) -> list[str]:
    head = shapes.value(URIRef("https://w3id.org/kotacerdas/test-shapes#" + property_shape), SH["in"])
    return [str(term) for term in Collection(shapes, head)]


def program_dataset(triples: int, seed: int = 7, defect_rate: float = 0.01, shapes_file: Path = SHAPES_FILE) -> str:
    """About ``triples`` N-Triples lines of program data; the same seed gives the same data."""
    shapes = Graph().parse(shapes_file)
    statuses = _in_list(shapes, "status")
    beneficiaries = _in_list(shapes, "beneficiary")
    rng = random.Random(seed)
    lines: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        lines.append(f"{s} {p} {o} .")

    kind_classes = ["Regency", "City"]
    for cls in ("Province", "Regency", "City"):
        add(_iri(KC + cls), _iri(RDFS + "subClassOf"), _iri(KC + "Region"))
    province = _iri(ID + "region/32")
    add(province, _iri(RDF_TYPE), _iri(KC + "Province"))
    add(province, _iri(KC + "regionCode"), _lit("32"))
    initiatives = [_iri(f"{KC}TEST-{n:02d}") for n in range(1, 51)]
    for initiative in initiatives:
        add(initiative, _iri(RDF_TYPE), _iri(KC + "Initiative"))
    regions, agencies, submissions = [], {}, {}
    for n in range(1, 28):
        code = f"32.{n:02d}"
        region = _iri(f"{ID}region/{code}")
        regions.append(code)
        add(region, _iri(RDF_TYPE), _iri(KC + kind_classes[n % 2]))
        add(region, _iri(KC + "regionCode"), _lit(code))
        add(region, _iri(KC + "province"), province)
        submission = _iri(f"{ID}submission/{code}/2025")
        submissions[code] = submission
        add(submission, _iri(RDF_TYPE), _iri(KC + "Submission"))
        add(submission, _iri(KC + "fiscalYear"), _lit("2025", "integer"))
        agencies[code] = []
        for a in range(5):
            agency = _iri(f"{ID}agency/{code}/dinas-{a}")
            agencies[code].append(agency)
            add(agency, _iri(RDF_TYPE), _iri(KC + "Agency"))
            add(agency, _iri(RDFS + "label"), _lit(f"Dinas {a} {code}", lang="id"))
            add(agency, _iri(KC + "region"), region)

    programs = max(1, (triples - len(lines)) // TRIPLES_PER_PROGRAM)
    for number in range(programs):
        code = regions[number % len(regions)]
        program_id = f"P{number:07d}"
        program = _iri(f"{ID}program/{code}/2025/{program_id}")
        indicator = _iri(f"{ID}program/{code}/2025/{program_id}/indicator")
        start_month = rng.randint(1, 12)
        end_month = rng.randint(start_month, 12)
        facts: list[tuple[str, str, str]] = [
            (program, RDF_TYPE, _iri(KC + "Program")),
            (program, KC + "programId", _lit(program_id)),
            (program, KC + "region", _iri(f"{ID}region/{code}")),
            (program, KC + "fiscalYear", _lit("2025", "integer")),
            (program, RDFS + "label", _lit(f"Program {number}", lang="id")),
            (program, KC + "agency", rng.choice(agencies[code])),
            (program, KC + "budget", _lit(str(rng.randint(1, 500) * 1_000_000), "decimal")),
            (program, KC + "status", _iri(rng.choice(statuses))),
            (program, SCHEMA + "startDate", _lit(f"2025-{start_month:02d}-01", "date")),
            (program, SCHEMA + "endDate", _lit(f"2025-{end_month:02d}-28", "date")),
            (program, KC + "indicator", indicator),
            (program, KC + "sourceRow", _lit(str(number + 1), "integer")),
            (program, IS_PART_OF, submissions[code]),
            (indicator, RDFS + "label", _lit(f"Indikator {number}", lang="id")),
            (indicator, KC + "unit", _lit("persen")),
            (indicator, KC + "target", _lit(str(rng.randint(1, 100)), "decimal")),
            (indicator, KC + "achieved", _lit(str(rng.randint(0, 100)), "decimal")),
        ]
        for initiative in rng.sample(initiatives, rng.randint(1, 3)):
            facts.append((program, KC + "initiative", initiative))
        for group in rng.sample(beneficiaries, rng.randint(0, 2)):
            facts.append((program, KC + "beneficiary", _iri(group)))
        if rng.random() < defect_rate:
            facts = rng.choice(DEFECTS)(facts, program, indicator, rng)
        for s, p, o in facts:
            add(s, _iri(p), o)
    return "\n".join(lines) + "\n"


def _drop(facts, predicate):
    return [f for f in facts if f[1] != predicate]


def _replace(facts, predicate, obj):
    return [(s, p, obj if p == predicate else o) for s, p, o in facts]


#: Each planted defect: (facts, program, indicator, rng) -> facts.
DEFECTS = [
    lambda f, p, i, r: _drop(f, KC + "programId"),
    lambda f, p, i, r: _replace(f, KC + "programId", _lit("bad id!")),
    lambda f, p, i, r: f + [(p, KC + "programId", _lit("EXTRA-ID"))],
    lambda f, p, i, r: _replace(f, KC + "fiscalYear", _lit("1890", "integer")),
    lambda f, p, i, r: _replace(f, KC + "fiscalYear", _lit("abc", "integer")),
    lambda f, p, i, r: _replace(f, KC + "budget", _lit("-5000", "decimal")),
    lambda f, p, i, r: _replace(f, KC + "budget", _lit("lima juta")),
    lambda f, p, i, r: _replace(f, KC + "status", _iri(KC + "Unknown")),
    lambda f, p, i, r: _replace(f, SCHEMA + "endDate", _lit("2024-01-01", "date")),
    lambda f, p, i, r: _replace(f, SCHEMA + "startDate", _lit("2025-12-31", "date")),
    lambda f, p, i, r: _drop(f, KC + "initiative"),
    lambda f, p, i, r: f + [(p, KC + "initiative", _iri(KC + "NOT-AN-INITIATIVE"))],
    lambda f, p, i, r: _replace(f, RDFS + "label", _lit("Program", lang="fr")),
    lambda f, p, i, r: f + [(p, RDFS + "label", _lit("Program kedua", lang="id"))],
    lambda f, p, i, r: _replace(f, KC + "region", _iri(ID + "region/99.99")),
    lambda f, p, i, r: _replace(f, KC + "target", _lit("-3", "decimal")),
    lambda f, p, i, r: f + [(i, KC + "note", _lit("catatan"))],
    lambda f, p, i, r: _drop(f, IS_PART_OF),
    lambda f, p, i, r: _replace(f, KC + "beneficiary", _iri(KC + "Aliens")),
    lambda f, p, i, r: _replace(f, KC + "sourceRow", _lit("0", "integer")),
]
