"""The store-agnostic scenario: load the example submissions, run every canned query, compare with answers
computed in plain Python from the input rows (never through SPARQL).

``run_scenario(store)`` works on any GraphStore (embedded here; the remote tests run it on each SPARQL server
and compare with the embedded store). ``expected_answers()`` computes every answer from the CSV rows, the
framework (kg.framework.concepts, read with rdflib's triple API) and the alignment files.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg.core.resources import resource_path
from kg.framework.concepts import dimensions, initiatives
from kg.framework.regions import predecessors, regions
from kg.loading.load import load_files
from kg.queries.canned import rows_as_objects, run_query
from kg.store.interface import GraphStore


#: The conforming example submissions (the one with errors is refused and left out), indicators tables included.
def scenario_files() -> list[Path]:
    return [path for path in sorted(resource_path("examples").glob("*.csv")) if "kesalahan" not in path.name]


def _programs_files() -> list[Path]:
    return [path for path in scenario_files() if not path.stem.endswith("-indikator")]


#: Every canned query with the parameters the scenario runs it with (some more than once).
SCENARIO_QUERIES: list[tuple[str, dict[str, str]]] = [
    ("initiatives", {}),
    ("initiatives", {"dimension": "MOB"}),
    ("coverage", {}),
    ("coverage", {"region": "32.73", "year": "2025"}),
    ("coverage", {"year": "2024"}),
    ("gaps", {"region": "32.73", "year": "2025"}),
    ("gaps", {"region": "35.78"}),
    ("gaps", {"region": "11.01"}),
    ("regions-all-dimensions", {}),
    ("regions-all-dimensions", {"year": "2024"}),
    ("uncovered-initiatives", {}),
    ("uncovered-initiatives", {"year": "2024"}),
    ("budget", {}),
    ("budget", {"region": "35.78"}),
    ("budget", {"region": "63.71"}),
    ("budget-total", {}),
    ("budget-total", {"region": "63.71", "year": "2025"}),
    ("kominfo-claims", {}),
    ("beneficiary-programs", {"group": "lansia"}),
    ("beneficiary-programs", {"group": "anak", "year": "2025"}),
    ("beneficiary-programs", {"group": "keluarga"}),
    ("beneficiary-programs", {"group": "disabilitas"}),
    ("programs-without-indicator", {}),
    ("achievement", {}),
    ("achievement", {"region": "35.78", "year": "2025"}),
    ("achievement", {"region": "63.71"}),
    ("coverage-trend", {"region": "32.73"}),
    ("sdg-targets", {"region": "35.78", "year": "2025"}),
    ("kominfo-coverage", {}),
    ("program-achievement", {}),
    ("program-achievement", {"below": "70"}),
    ("program-achievement", {"region": "63.71", "year": "2025", "below": "90"}),
    ("budget-per-inhabitant", {}),
    ("budget-per-inhabitant", {"region": "35.78", "year": "2025"}),
]


def scenario_key(name: str, params: dict[str, str]) -> str:
    return name + "".join(f" {key}={value}" for key, value in sorted(params.items()))


def run_scenario(store: GraphStore, *, load: bool = True, keep_errors: bool = False) -> dict[str, object]:
    """Load the scenario files into ``store`` and answer every scenario query (plain values); with
    ``keep_errors``, a query the store refuses gives its :class:`InputError` in place of rows (a server's own
    limits are then judged query by query)."""
    from kg.core.errors import InputError

    if load:
        outcome = load_files(scenario_files(), store, agent="scenario")
        assert not outcome.refused
    answers: dict[str, object] = {}
    for name, params in SCENARIO_QUERIES:
        try:
            answers[scenario_key(name, params)] = rows_as_objects(run_query(name, store, params))
        except InputError as error:
            if not keep_errors:
                raise
            answers[scenario_key(name, params)] = error
    return answers


# ---- the same answers, computed in Python from the rows -----------------------------------------------------


def _amount(text: str) -> tuple[float | None, float | None]:
    """(exact, approximate) rupiah of an amount cell, read as the converter reads it (kg.submissions.readings);
    an amount in another currency is neither."""
    from kg.submissions.readings import read_number

    if not text:
        return None, None
    reading = read_number(text, amount=True)
    value = float(reading.lexical) if reading.lexical is not None and not reading.currency else None
    return (None, value) if reading.approximate else (value, None)


@cache
def scenario_rows() -> list[dict[str, object]]:
    """The programs of the scenario files, with typed values (and the assessments of their indicators tables)."""
    programs = []
    for path in _programs_files():
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                exact, approximate = _amount(row.get("anggaran") or "")
                assessments = []
                if row.get("target") or row.get("realisasi"):
                    assessments.append(
                        {
                            "target": float(row["target"]) if row["target"] else None,
                            "achieved": float(row["realisasi"]) if row["realisasi"] else None,
                            "baseline": None,
                            "direction": "naik",
                            "name": row.get("indikator") or None,
                            "unit": row.get("satuan") or None,
                        }
                    )
                programs.append(
                    {
                        "region": row["kode_wilayah"],
                        "year": int(row["tahun"]),
                        "id": row["id_program"],
                        "name": row["nama_program"],
                        "initiatives": row["inisiatif"].split(";"),
                        "budget": exact,
                        "approximate": approximate,
                        "realised": _amount(row.get("realisasi_anggaran") or "")[0],
                        "parent": row.get("induk") or None,
                        "level": row.get("tingkat") or None,
                        "cancelled": row["status"] == "batal",
                        "groups": row["kelompok_sasaran"].split(";") if row["kelompok_sasaran"] else [],
                        "indicator": bool(row.get("indikator")),
                        "assessments": assessments,
                        "pillars": [part for part in (row.get("pilar_kominfo") or "").split(";") if part],
                    }
                )
    by_id = {(p["region"], p["year"], p["id"]): p for p in programs}
    for path in scenario_files():
        if not path.stem.endswith("-indikator"):
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                owner = next(p for key, p in by_id.items() if key[2] == row["id_program"])
                owner["indicator"] = True
                owner["assessments"].append(
                    {
                        "target": float(row["target"]) if row["target"] else None,
                        "achieved": float(row["realisasi"]) if row["realisasi"] else None,
                        "baseline": float(row["baseline"]) if row["baseline"] else None,
                        "direction": row["arah"] or "naik",
                        "name": row["indikator"] or None,
                        "unit": row["satuan"] or None,
                    }
                )
    return programs


def _parents(program: dict) -> list[dict]:
    """The program's parent and grandparent rows (the budget levels)."""
    by_id = {(p["region"], p["year"], p["id"]): p for p in scenario_rows()}
    found, current = [], program
    for _ in range(2):
        parent = by_id.get((current["region"], current["year"], current["parent"])) if current["parent"] else None
        if parent is None:
            break
        found.append(parent)
        current = parent
    return found


def _inside(program: dict, key: str = "budget") -> bool:
    """Whether a parent or grandparent states an amount (planned: exact or approximate; realised: exact), which
    holds this row's money."""
    keys = (key, "approximate") if key == "budget" else (key,)
    return any(parent[name] is not None for parent in _parents(program) for name in keys)


def _is_program(program: dict) -> bool:
    """A row at the program level: its level says so, or it has neither level nor parent."""
    return program["level"] == "program" or (program["level"] is None and program["parent"] is None)


def _below(program: dict) -> list[dict]:
    """The rows under a program (its activities and their sub-activities)."""
    rows = scenario_rows()
    found, frontier = [], [program["id"]]
    while frontier:
        children = [
            p
            for p in rows
            if p["region"] == program["region"] and p["year"] == program["year"] and p["parent"] in frontier
        ]
        found.extend(children)
        frontier = [p["id"] for p in children]
    return found


def _budget_kind(program: dict) -> str:
    """``exact``, ``approximate`` or ``none``: the program's own amount, or, when it states none, its rows'."""
    states = program["budget"] is not None or program["approximate"] is not None
    if program["budget"] is not None or (not states and any(p["budget"] is not None for p in _below(program))):
        return "exact"
    if program["approximate"] is not None or (
        not states and any(p["approximate"] is not None for p in _below(program))
    ):
        return "approximate"
    return "none"


def _dimension_of() -> dict[str, str]:
    return {item.notation: item.dimension for item in initiatives()}


def _dimension_order() -> dict[str, int]:
    return {item.notation: index for index, item in enumerate(dimensions())}


def _totals() -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for item in initiatives():
        totals[item.dimension] += 1
    return totals


def _select(region: str | None = None, year: int | None = None) -> list[dict]:
    return [
        p for p in scenario_rows() if (region is None or p["region"] == region) and (year is None or p["year"] == year)
    ]


def expect_initiatives(dimension: str | None = None) -> list[dict]:
    return [
        {"initiative": i.notation, "dimension": i.dimension, "label_id": i.label_id, "label_en": i.label_en}
        for i in initiatives()
        if dimension is None or i.dimension == dimension
    ]


def _submitted(region: str | None = None, year: int | None = None) -> set[tuple[str, int]]:
    """The (region, year) pairs with a submission in the selection."""
    return {(p["region"], p["year"]) for p in _select(region, year)}


def _coverage_row(covered: set[str], dimension: str) -> dict:
    members = {i.notation for i in initiatives() if i.dimension == dimension}
    hit = covered & members
    return {
        "dimension": dimension,
        "initiatives_total": len(members),
        "initiatives_covered": len(hit),
        "coverage": len(hit) / len(members),
    }


def expect_coverage(region: str | None = None, year: int | None = None) -> list[dict]:
    """Every region with a submission (in the year) × every dimension, 0 where nothing is covered."""
    rows = []
    for code in sorted({r for r, _ in _submitted(region, year)}):
        covered = _covered(code, year)
        rows += [{"region_code": code, **_coverage_row(covered, d.notation)} for d in dimensions()]
    return rows


def expect_coverage_trend(region: str) -> list[dict]:
    """Every year with a submission of the region or of a code it replaces × every dimension."""
    codes = [region] + [item.code for item in predecessors(region)]
    rows = []
    for year, code in sorted({(y, r) for r, y in _submitted() if r in codes}):
        covered = _covered(code, year)
        rows += [{"year": year, "region_code": code, **_coverage_row(covered, d.notation)} for d in dimensions()]
    return rows


def _covered(region: str | None = None, year: int | None = None) -> set[str]:
    return {code for p in _select(region, year) if not p["cancelled"] for code in p["initiatives"]}


def expect_gaps(region: str, year: int | None = None) -> list[dict]:
    covered = _covered(region, year)
    return [
        {"initiative": i.notation, "dimension": i.dimension, "label_id": i.label_id}
        for i in initiatives()
        if i.notation not in covered
    ]


def expect_uncovered(year: int | None = None) -> list[dict]:
    covered = _covered(None, year)
    return [
        {"initiative": i.notation, "dimension": i.dimension, "label_id": i.label_id, "label_en": i.label_en}
        for i in initiatives()
        if i.notation not in covered
    ]


def expect_regions_all_dimensions(year: int | None = None) -> list[dict]:
    dimension_of = _dimension_of()
    answer = []
    for code in sorted({p["region"] for p in scenario_rows()}):
        live = [p for p in _select(code, year) if not p["cancelled"]]
        touched = {dimension_of[i] for p in live for i in p["initiatives"]}
        if len(touched) == len(dimensions()):
            answer.append({"region_code": code, "region_name": regions()[code].name, "programs": len(live)})
    return answer


def expect_budget(region: str | None = None, year: int | None = None) -> list[dict]:
    """Every year with a submission (of the region) × every dimension: exact money counted once at the highest
    level stating it, programs without a budget and with only an approximate one; 0 where none."""
    dimension_of = _dimension_of()
    sums: dict[tuple, list] = {
        (y, d.notation): [0, 0, 0.0, 0, 0] for _, y in _submitted(region, year) for d in dimensions()
    }
    for p in _select(region, year):
        if p["cancelled"]:
            continue
        for d in {dimension_of[i] for i in p["initiatives"]}:
            entry = sums[(p["year"], d)]
            if not _inside(p) and p["budget"] is not None:
                entry[2] += p["budget"]
            if _is_program(p):
                entry[0] += 1
                kind = _budget_kind(p)
                entry[{"exact": 1, "none": 3, "approximate": 4}[kind]] += 1
    order = _dimension_order()
    return [
        {
            "year": y,
            "dimension": d,
            "programs": n,
            "with_budget": exact,
            "budget": total,
            "without_budget": none,
            "approximate": about,
            "other_currency": 0,
        }
        for (y, d), (n, exact, total, none, about) in sorted(
            sums.items(), key=lambda item: (item[0][0], order[item[0][1]])
        )
    ]


def expect_budget_total(region: str | None = None, year: int | None = None) -> list[dict]:
    """Each year with a submission: the money of programs not cancelled, counted once."""
    rows = []
    for y in sorted({y for _, y in _submitted(region, year)}):
        live = [p for p in _select(region, year) if p["year"] == y and not p["cancelled"]]
        top = [p for p in live if not _inside(p)]
        programs = [p for p in live if _is_program(p)]
        kinds = [_budget_kind(p) for p in programs]
        spent = [p["realised"] for p in live if p["realised"] is not None and not _inside(p, "realised")]
        rows.append(
            {
                "year": y,
                "programs": len(programs),
                "with_budget": kinds.count("exact"),
                "approximate": kinds.count("approximate"),
                "without_budget": kinds.count("none"),
                "other_currency": 0,
                "budget": sum(p["budget"] for p in top if p["budget"] is not None),
                "approximate_budget": sum(
                    p["approximate"] for p in top if p["budget"] is None and p["approximate"] is not None
                ),
                "realised": sum(spent) if spent else None,  # unknown when none was published
                "other_currency_budget": None,
            }
        )
    return rows


def expect_kominfo_claims() -> list[dict]:
    graph = _alignment_graph()
    scheme = URIRef("https://w3id.org/kotacerdas/ontology/kominfo")
    kc = "https://w3id.org/kotacerdas/ontology#"
    dimension_of = _dimension_of()
    pillars: dict[str, tuple[str, set[str]]] = {}
    for pillar in graph.subjects(SKOS.inScheme, scheme):
        label = next(str(label) for label in graph.objects(pillar, SKOS.prefLabel) if label.language == "en")
        targets = {
            str(m).removeprefix(kc)
            for match in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
            for m in graph.objects(pillar, match)
        }
        pillars[label] = (str(pillar), targets)
    rows = []
    for p in sorted(scenario_rows(), key=lambda p: (p["region"], p["year"], p["id"])):
        for claim in sorted(p["pillars"]):
            own = set(p["initiatives"]) | {dimension_of[i] for i in p["initiatives"]}
            mapped = sorted(label for label, (_iri, targets) in pillars.items() if targets & own)
            rows.append(
                {
                    "region_code": p["region"],
                    "year": p["year"],
                    "program_id": p["id"],
                    "claimed_pillar": claim,
                    "mapped_pillars": "; ".join(mapped),
                    "agrees": claim in mapped,
                }
            )
    return rows


def expect_beneficiary(group: str, region: str | None = None, year: int | None = None) -> list[dict]:
    chosen = [p for p in _select(region, year) if group in p["groups"] and not p["cancelled"]]
    # budget: the exact planned amount (an approximate one is no exact budget)
    return [
        {
            "region_code": p["region"],
            "year": p["year"],
            "program_id": p["id"],
            "program_name": p["name"],
            "budget": p["budget"],
            "initiatives": ";".join(sorted(set(p["initiatives"]))),
        }
        for p in sorted(chosen, key=lambda p: (p["region"], p["year"], p["id"]))
    ]


def expect_without_indicator() -> list[dict]:
    return [
        {"region_code": p["region"], "year": p["year"], "program_id": p["id"], "program_name": p["name"]}
        for p in sorted(scenario_rows(), key=lambda p: (p["region"], p["year"], p["id"]))
        if not p["indicator"]
    ]


def _ratio(assessment: dict) -> float | None:
    """The achievement rule of queries/achievement.rq, computed here from the rows."""
    target, achieved, baseline = assessment["target"], assessment["achieved"], assessment["baseline"]
    if not target or target <= 0 or achieved is None:
        return None
    if assessment["direction"] == "turun":
        if baseline is not None and baseline > target:
            return (baseline - achieved) / (baseline - target)
        return target / achieved if achieved > 0 else 1.0
    return achieved / target


def expect_achievement(region: str | None = None, year: int | None = None) -> list[dict]:
    dimension_of, order = _dimension_of(), _dimension_order()
    ratios: dict[tuple, list[float]] = defaultdict(list)
    for p in _select(region, year):
        if p["cancelled"]:
            continue
        for assessment in p["assessments"]:
            ratio = _ratio(assessment)
            if ratio is None:
                continue
            for d in {dimension_of[i] for i in p["initiatives"]}:
                ratios[(p["region"], d)].append(ratio)
    return [
        {"region_code": r, "dimension": d, "indicators": len(values), "achievement": sum(values) / len(values)}
        for (r, d), values in sorted(ratios.items(), key=lambda item: (item[0][0], order[item[0][1]]))
    ]


def expect_program_achievement(
    region: str | None = None, year: int | None = None, below: int | None = None
) -> list[dict]:
    """Each program's indicators with their achievement (the rule of ``_ratio``), under ``below`` percent."""
    rows = []
    for p in _select(region, year):
        if p["cancelled"]:
            continue
        for assessment in p["assessments"]:
            ratio = _ratio(assessment)
            if ratio is None or (below is not None and ratio * 100 >= below):
                continue
            population = _population(p["region"])
            counted = _qudt_unit(assessment["unit"]) == "http://qudt.org/vocab/unit/NUM"
            rows.append(
                {
                    "region_code": p["region"],
                    "year": p["year"],
                    "program_id": p["id"],
                    "program_name": p["name"],
                    "indicator_name": assessment["name"],
                    "unit": assessment["unit"],
                    "target": assessment["target"],
                    "achieved": assessment["achieved"],
                    "achievement": ratio,
                    "shared_indicator": None,
                    "population": population,
                    "achieved_per_100k": assessment["achieved"] * 100_000 / population
                    if counted and population
                    else None,
                }
            )
    return sorted(rows, key=lambda r: (r["region_code"], r["year"], r["program_id"], r["indicator_name"] or ""))


def _population(region: str) -> int | None:
    """The registry's population of ``region``: none, since the repository ships no population figures (they
    await a licensed source); tests/test_population.py checks the per-inhabitant values on an illustrative table."""
    return None


@cache
def _units() -> dict[str, str]:
    with open(resource_path("template", "units.csv"), encoding="utf-8") as handle:
        return {row["satuan"].strip().casefold(): row["unit_qudt"] for row in csv.DictReader(handle)}


def _qudt_unit(unit: str | None) -> str | None:
    return _units().get(unit.strip().casefold()) if unit else None


def expect_budget_per_inhabitant(region: str | None = None, year: int | None = None) -> list[dict]:
    """Each region and year with a program not cancelled: the exact budget counted once, its population and
    the budget per inhabitant (None when the registry gives no population)."""
    rows = []
    for r, y in sorted({(p["region"], p["year"]) for p in _select(region, year) if not p["cancelled"]}):
        live = [p for p in _select(r, y) if not p["cancelled"]]
        budget = sum(p["budget"] for p in live if not _inside(p) and p["budget"] is not None)
        population = _population(r)
        rows.append(
            {
                "region_code": r,
                "year": y,
                "budget": budget,
                "population": population,
                "budget_per_inhabitant": budget / population if population else None,
            }
        )
    return rows


@cache
def _alignment_graph() -> Graph:
    from kg.framework.alignments import alignment_files

    graph = Graph()
    for path in alignment_files():
        graph.parse(path)
    return graph


def expect_sdg_targets(region: str, year: int | None = None) -> list[dict]:
    graph = _alignment_graph()
    kc = "https://w3id.org/kotacerdas/ontology#"
    served: dict[str, dict[str, set]] = {}
    for p in _select(region, year):
        if p["cancelled"]:
            continue
        for code in p["initiatives"]:
            for match in (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch):
                for target in graph.objects(URIRef(kc + code), match):
                    entry = served.setdefault(str(target), {"initiatives": set(), "programs": set()})
                    entry["initiatives"].add(code)
                    entry["programs"].add((p["year"], p["id"]))
    rows = []
    for target, entry in served.items():
        notations = {str(n.datatype).rsplit("#", 1)[-1]: str(n) for n in graph.objects(URIRef(target), SKOS.notation)}
        label = next(str(name) for name in graph.objects(URIRef(target), SKOS.prefLabel))
        rows.append(
            (
                notations["SDGCode"],
                {
                    "sdg_target": notations["SDGCodeCompact"],
                    "label_en": label,
                    "initiatives": len(entry["initiatives"]),
                    "programs": len(entry["programs"]),
                },
            )
        )
    return [row for _, row in sorted(rows, key=lambda item: item[0])]


def expect_kominfo(region: str | None = None, year: int | None = None) -> list[dict]:
    graph = _alignment_graph()
    scheme = URIRef("https://w3id.org/kotacerdas/ontology/kominfo")
    dimension_of = _dimension_of()
    kc = "https://w3id.org/kotacerdas/ontology#"
    members: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for pillar in graph.subjects(SKOS.inScheme, scheme):
        notation = str(graph.value(pillar, SKOS.notation))
        labels[notation] = next(str(label) for label in graph.objects(pillar, SKOS.prefLabel) if label.language == "en")
        codes = members.setdefault(notation, set())
        for match in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch):
            for mapped in graph.objects(pillar, match):
                local = str(mapped).removeprefix(kc)
                if local in dimension_of:
                    codes.add(local)
                else:
                    codes.update(code for code, dim in dimension_of.items() if dim == local)
    rows = []
    for code in sorted({p["region"] for p in _select(region, year)}):
        covered = _covered(code, year)
        for pillar in sorted(members):
            hit = covered & members[pillar]
            rows.append(
                {
                    "region_code": code,
                    "pillar": pillar,
                    "label": labels[pillar],
                    "initiatives_total": len(members[pillar]),
                    "initiatives_covered": len(hit),
                    "coverage": len(hit) / len(members[pillar]),
                }
            )
    return rows


def expected_answers() -> dict[str, list[dict]]:
    """The answer of every scenario query, computed from the rows."""
    functions = {
        "initiatives": lambda p: expect_initiatives(p.get("dimension")),
        "coverage": lambda p: expect_coverage(p.get("region"), _year(p)),
        "gaps": lambda p: expect_gaps(p["region"], _year(p)),
        "regions-all-dimensions": lambda p: expect_regions_all_dimensions(_year(p)),
        "uncovered-initiatives": lambda p: expect_uncovered(_year(p)),
        "budget": lambda p: expect_budget(p.get("region"), _year(p)),
        "budget-total": lambda p: expect_budget_total(p.get("region"), _year(p)),
        "kominfo-claims": lambda p: expect_kominfo_claims(),
        "beneficiary-programs": lambda p: expect_beneficiary(p["group"], p.get("region"), _year(p)),
        "programs-without-indicator": lambda p: expect_without_indicator(),
        "achievement": lambda p: expect_achievement(p.get("region"), _year(p)),
        "coverage-trend": lambda p: expect_coverage_trend(p["region"]),
        "sdg-targets": lambda p: expect_sdg_targets(p["region"], _year(p)),
        "kominfo-coverage": lambda p: expect_kominfo(p.get("region"), _year(p)),
        "budget-per-inhabitant": lambda p: expect_budget_per_inhabitant(p.get("region"), _year(p)),
        "program-achievement": lambda p: expect_program_achievement(
            p.get("region"), _year(p), int(p["below"]) if "below" in p else None
        ),
    }
    return {scenario_key(name, params): functions[name](params) for name, params in SCENARIO_QUERIES}


def _year(params: dict[str, str]) -> int | None:
    return int(params["year"]) if "year" in params else None


def same_rows(actual: list[dict], expected: list[dict]) -> bool:
    """Equal row by row, numbers compared as numbers (within 1e-9)."""
    if len(actual) != len(expected):
        return False
    for got, want in zip(actual, expected, strict=True):
        if list(got) != list(want):
            return False
        for key, value in want.items():
            other = got[key]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                if not isinstance(other, (int, float)) or abs(float(other) - float(value)) > 1e-9 * max(1, abs(value)):
                    return False
            elif key == "initiatives" and isinstance(value, str):  # GROUP_CONCAT: order not fixed
                if sorted(str(other).split(";")) != sorted(value.split(";")):
                    return False
            elif other != value:
                return False
    return True
