"""Everything the region page and the region report show about one region, gathered from the store.

The figures come from the canned queries (``coverage``, ``gaps``, ``budget``, ``achievement``,
``coverage-trend``) and the page query ``region-programs``; the region and its province from the registry;
the submissions from the load provenance. The six dimensions always appear, in the framework's order, with 0
where the region has no program in them (whatever rows the queries leave out).

    from kg.publish.region_profile import region_profile
    profile = region_profile(store, "32.73", year=2025, lang="en")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.core.errors import InputError


@dataclass(frozen=True)
class DimensionFigures:
    """One dimension's figures for a region (and a year, or all years)."""

    notation: str
    label: str
    total: int
    covered: int
    budget: float
    programs: int
    indicators: int
    achievement: float | None
    #: Programs of the dimension without a published budget, and with only an approximate one.
    without_budget: int = 0
    approximate: int = 0

    @property
    def coverage(self) -> float:
        """The fraction of the dimension's initiatives covered (0–1)."""
        return self.covered / self.total if self.total else 0.0


@dataclass(frozen=True)
class Gap:
    """An initiative the region has no program for."""

    notation: str
    dimension: str
    label: str


@dataclass(frozen=True)
class SubmissionSummary:
    """A loaded submission of the region, with its provenance."""

    iri: str
    year: int
    source: str
    sha256: str
    loaded: str
    agent: str
    conforms: bool
    forced: bool
    violations: int
    #: Where its values come from (the record's ``dcterms:type``, a concept of ``kc:DataOriginScheme``), if recorded.
    origin: str | None = None


@dataclass
class RegionProfile:
    """A region's page: who it is, what it submitted, and its figures (see the module's description)."""

    code: str
    name: str
    type: str
    iri: str
    province_code: str | None
    province_name: str | None
    lang: str
    #: The year shown; ``None``: all years together.
    year: int | None
    #: Years with a loaded submission, ascending.
    years: list[int]
    submissions: list[SubmissionSummary]
    dimensions: list[DimensionFigures]
    gaps: list[Gap]
    #: ``[(year, {dimension notation: coverage 0–1})]`` for every year with a submission; 0 where no program.
    trend: list[tuple[int, dict[str, float]]]
    programs: list[dict[str, object]] = field(default_factory=list)
    #: The year totals of the query ``budget-total`` (money counted once): planned, realised, how many
    #: programs had no budget or only an approximate one, and the sum of those approximations.
    totals: dict[str, float] = field(default_factory=dict)
    #: ``[(year, population or None, budget per inhabitant or None)]`` of query ``budget-per-inhabitant``: the
    #: registry's population count nearest in time (unknown: ``None``, shown –), never guessed.
    per_inhabitant: list[tuple[int, int | None, float | None]] = field(default_factory=list)

    @property
    def title(self) -> str:
        """``Kota Bandung (32.73)``."""
        return f"{self.name} ({self.code})"

    @property
    def covered(self) -> int:
        return sum(item.covered for item in self.dimensions)

    @property
    def total(self) -> int:
        return sum(item.total for item in self.dimensions)

    @property
    def budget(self) -> float:
        """The exact planned budget of the programs that are not cancelled, the money counted once (each
        program once; a kegiatan's money inside its program's: query ``budget-total``)."""
        return float(self.totals.get("budget") or 0)

    @property
    def with_budget(self) -> int:
        """How many programs (not cancelled) had an exact budget: none, and :attr:`budget` is unknown, not 0."""
        return int(self.totals.get("with_budget") or 0)

    @property
    def without_budget(self) -> int:
        """How many programs (not cancelled) had no budget published."""
        return int(self.totals.get("without_budget") or 0)

    @property
    def approximate_budgets(self) -> int:
        """How many programs (not cancelled) had only an approximate budget (not in :attr:`budget`)."""
        return int(self.totals.get("approximate") or 0)

    @property
    def overall(self) -> float:
        """Initiatives covered over all initiatives of the framework (0–1)."""
        return self.covered / self.total if self.total else 0.0


def _framework_labels(lang: str):
    from kg.framework.concepts import dimensions, initiatives

    english = lang == "en"
    dims = [(d.notation, d.label_en if english else d.label_id) for d in dimensions()]
    inits = {i.notation: (i.dimension, i.label_en if english else i.label_id) for i in initiatives()}
    totals: dict[str, int] = {}
    for dimension, _ in inits.values():
        totals[dimension] = totals.get(dimension, 0) + 1
    return dims, inits, totals


def find_region(code: str):  # -> kg.framework.regions.Region
    """The registry's region with ``code``; :class:`InputError` (exit 2) when there is none."""
    from kg.framework.regions import region

    found = region(code or "")
    if found is None:
        raise InputError(
            f"kode wilayah tidak ada di daftar wilayah / region code not in the registry: {code!r}", source="--region"
        )
    return found


def region_submissions(store, code: str) -> list[SubmissionSummary]:
    """The region's loaded submissions, by year, with file, checksum, load time and validation outcome."""
    from kg.core.namespaces import submission_iri
    from kg.loading.provenance import submission_records

    prefix = submission_iri(code, 0).rsplit("/", 1)[0] + "/"
    found = []
    for record in submission_records(store):
        iri = str(record["submission"])
        tail = iri[len(prefix) :] if iri.startswith(prefix) else ""
        if not tail.isdigit():
            continue
        found.append(
            SubmissionSummary(
                iri=iri,
                year=int(tail),
                source=str(record["source"]),
                sha256=str(record["sha256"]),
                loaded=str(record["ended"] if record["ended"] is not None else record["modified"]),
                agent=str(record["agent"]),
                conforms=bool(record["conforms"]),
                forced=bool(record["forced"]),
                violations=int(record["violations"] or 0),
                origin=str(record["origin"]) if record.get("origin") else None,
            )
        )
    return sorted(found, key=lambda item: item.year)


def region_profile(
    store, code: str, *, year: int | str | None = None, lang: str = "id", with_programs: bool = True
) -> RegionProfile:
    """The profile of the region ``code`` (``year``: one fiscal year, else all years together)."""
    from kg.framework.regions import region as registry_region
    from kg.publish.page_queries import query_rows

    found = find_region(code)
    code = found.code
    if year not in (None, ""):
        text = str(year).strip()
        if not text.isdigit():
            raise InputError(f"tahun harus bilangan bulat / year must be an integer: {year!r}", source="--year")
        year = int(text)
    else:
        year = None
    params = {"region": code} | ({"year": str(year)} if year is not None else {})
    dims, inits, initiative_counts = _framework_labels(lang)
    submissions = region_submissions(store, code)

    coverage = {row["dimension"]: row for row in query_rows("coverage", store, params)}
    budget: dict[str, list[float]] = {}
    for row in query_rows("budget", store, params):
        figures = budget.setdefault(str(row["dimension"]), [0.0, 0, 0, 0])
        figures[0] += float(row["budget"] or 0)
        figures[1] += int(row["programs"] or 0)
        figures[2] += int(row.get("without_budget") or 0)
        figures[3] += int(row.get("approximate") or 0)
    totals: dict[str, float] = {}
    for row in query_rows("budget-total", store, params):
        for key in (
            "programs",
            "with_budget",
            "budget",
            "realised",
            "without_budget",
            "approximate",
            "approximate_budget",
        ):
            totals[key] = totals.get(key, 0.0) + float(row.get(key) or 0)
    per_inhabitant = [
        (
            int(row["year"]),
            int(row["population"]) if row.get("population") is not None else None,
            float(row["budget_per_inhabitant"]) if row.get("budget_per_inhabitant") is not None else None,
        )
        for row in query_rows("budget-per-inhabitant", store, params)
    ]
    achievement = {row["dimension"]: row for row in query_rows("achievement", store, params)}
    dimensions = []
    for notation, label in dims:
        covered = coverage.get(notation, {}).get("initiatives_covered", 0)
        reached = achievement.get(notation, {})
        dimensions.append(
            DimensionFigures(
                notation=notation,
                label=label,
                total=int(coverage.get(notation, {}).get("initiatives_total") or initiative_counts.get(notation, 0)),
                covered=int(covered or 0),
                budget=budget.get(notation, [0.0, 0, 0, 0])[0],
                programs=int(budget.get(notation, [0.0, 0, 0, 0])[1]),
                indicators=int(reached.get("indicators") or 0),
                achievement=float(reached["achievement"]) if reached.get("achievement") is not None else None,
                without_budget=int(budget.get(notation, [0.0, 0, 0, 0])[2]),
                approximate=int(budget.get(notation, [0.0, 0, 0, 0])[3]),
            )
        )
    gaps = (
        [
            Gap(
                notation=str(row["initiative"]),
                dimension=str(row["dimension"]),
                label=inits.get(str(row["initiative"]), ("", ""))[1],
            )
            for row in query_rows("gaps", store, params)
        ]
        if submissions
        else []
    )

    years = sorted({item.year for item in submissions})
    by_year: dict[int, dict[str, float]] = {y: {notation: 0.0 for notation, _ in dims} for y in years}
    for row in query_rows("coverage-trend", store, {"region": code}):
        row_year = int(row["year"])
        by_year.setdefault(row_year, {notation: 0.0 for notation, _ in dims})[str(row["dimension"])] = float(
            row["coverage"] or 0
        )
    trend = sorted(by_year.items())

    programs = program_rows(query_rows("region-programs", store, params)) if with_programs else []
    province = registry_region(found.province_code) if found.province_code else None
    return RegionProfile(
        code=code,
        name=found.name,
        type=found.type,
        iri=found.iri,
        province_code=found.province_code,
        province_name=province.name if province else None,
        lang=lang,
        year=year,
        years=years,
        submissions=submissions,
        per_inhabitant=per_inhabitant,
        dimensions=dimensions,
        gaps=gaps,
        trend=trend,
        programs=programs,
        totals=totals,
    )


def achievement_ratio(
    target: object, achieved: object, baseline: object = None, direction: object = None
) -> float | None:
    """An assessment's achievement, by the rule of the query ``achievement`` (queries/achievement.rq, which
    states it): ``naik`` achieved ÷ target; ``turun`` (lower is better) with a baseline above the target
    (baseline − achieved) ÷ (baseline − target), otherwise target ÷ achieved (1 when achieved is 0). ``None``
    without a target above 0 or an achieved value."""
    try:
        goal = float(target)  # type: ignore[arg-type]
        reached = float(achieved)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if goal <= 0:
        return None
    if str(direction or "") == "turun":
        start = None
        try:
            start = float(baseline) if baseline is not None else None  # type: ignore[arg-type]
        except (TypeError, ValueError):
            start = None
        if start is not None and start > goal:
            return (start - reached) / (start - goal)
        return goal / reached if reached > 0 else 1.0
    return reached / goal


def program_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the page query ``region-programs`` (one per assessment) as one dict per program, its
    ``indicators`` a list (name, unit, direction, baseline, target, achieved, achievement) and the first one's
    values also at the top (``indicator``, ``unit``, ``target``, ``achieved``), as the pages show a program."""
    programs: dict[object, dict[str, Any]] = {}
    for row in rows:
        program = programs.get(row["program"])
        if program is None:
            program = programs[row["program"]] = {
                key: value for key, value in row.items() if key not in ("node", "baseline", "direction")
            }
            program["indicators"] = []
            for key in ("indicator", "unit", "target", "achieved"):
                program[key] = None
        if row.get("node") is None or (
            row.get("target") is None and row.get("achieved") is None and row.get("indicator") is None
        ):
            continue
        measured = {key: row.get(key) for key in ("indicator", "unit", "direction", "baseline", "target", "achieved")}
        measured["achievement"] = achievement_ratio(
            row.get("target"), row.get("achieved"), row.get("baseline"), row.get("direction")
        )
        program["indicators"].append(measured)
        if program["indicator"] is None and program["target"] is None:
            for key in ("indicator", "unit", "target", "achieved"):
                program[key] = measured[key]
    return list(programs.values())
