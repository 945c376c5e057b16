"""One submission (one region, one year) with planted defects and repeated ``id_program``: the whole
validation (conversion, engine, rows and columns) gives the same results with the compiled engine as with
pySHACL (issue 12: the uniqueness rule is linear, and stays right).

The file is made by scripts/generate_submissions.py (``--regions``: every row in one region-year), with a share
of rows carrying one planted defect each, cycling through every kind; three more rows repeat an ``id_program``
(one of them three times), so duplicates come in pairs and in a triple.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from kg.submissions.convert import convert_files
from kg.submissions.validation import validate_files

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("generate_submissions", ROOT / "scripts" / "generate_submissions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def one_submission(tmp_path_factory) -> tuple[Path, list[dict]]:
    generator = _generator()
    path = tmp_path_factory.mktemp("one-submission") / "bandung-2025.csv"
    assert (
        generator.main(
            [
                "--rows",
                "150",
                "--regions",
                "32.73",
                "--years",
                "2025",
                "--defects",
                "0.15",
                "--seed",
                "7",
                "--out",
                str(path),
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    # three more repeated ids: rows 11 and 12 take row 10's, row 31 takes row 30's (CSV lines = index + 2)
    for source, copies in ((8, (9, 10)), (28, (29,))):
        for index in copies:
            rows[index]["id_program"] = rows[source]["id_program"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    planted = json.loads(path.with_name(path.name + ".defects.json").read_text(encoding="utf-8"))
    return path, planted


def _keys(outcome) -> Counter:
    return Counter((r.severity, r.focus, r.path, r.value, r.constraint, r.row, r.column) for r in outcome.results)


def _message(text: str) -> str:
    """A result's message with each parenthesised list in sorted order: the pillars a program's initiatives map
    to come from a GROUP_CONCAT, whose order SPARQL 1.1 leaves to the engine (§18.5.1.7)."""
    return re.sub(r"\(([^()]*, [^()]*)\)", lambda m: "(" + ", ".join(sorted(m[1].split(", "))) + ")", text)


def test_one_submission_with_duplicates_gives_the_same_results_on_both_engines(one_submission):
    path, planted = one_submission
    ours = validate_files([path], lang="en")
    reference = validate_files([path], lang="en", engine="pyshacl")
    assert ours.fallback_shapes == []
    # one region-year holds the rows (planted wrong codes and years make a few one-row submissions of their own)
    assert max(item.program_count for item in ours.submissions.values()) >= 130
    assert _keys(ours) == _keys(reference)
    assert [_message(r.message) for r in ours.results] == [_message(r.message) for r in reference.results]
    duplicates = [r for r in ours.results if r.shape.endswith("ProgramIdUniqueShape")]
    # the planted duplicate pair(s), the pair and the triple made above: every row of each is reported
    assert {r.row for r in duplicates} >= {10, 11, 12, 30, 31}
    assert all(r.column == "id_program" for r in duplicates)
    assert any(item["kind"] == "duplicate_id_program" for item in planted)
    for item in planted:
        if item["kind"] == "duplicate_id_program":
            assert item["row"] in {r.row for r in duplicates}


@pytest.mark.parametrize("searched", [1, 10_000], ids=["subjects-indexed", "subjects-searched"])
def test_many_small_files_validated_together_give_each_file_its_own_results(tmp_path, monkeypatch, searched):
    """A national load validates many small files in shared stores (``_file_groups``): every result still names
    its own file, row, column and program, exactly as when each file is validated alone, whether the files of
    the results are searched for or every subject indexed; files of one region (which share their agencies) are
    never put together."""
    from kg.framework.regions import region
    from kg.submissions import validation

    monkeypatch.setattr(validation._Owners, "SEARCHED", searched)
    generator = _generator()
    paths = []
    for number, (code, year) in enumerate(
        [("32.73", 2024), ("32.04", 2024), ("35.78", 2024), ("32.73", 2025), ("11.01", 2025), ("12.71", 2025)]
    ):
        rows, _ = generator.generate_rows(12, defects=0.3, seed=number, years=[year], places=[region(code)])
        rows = [row for row in rows if row["kode_wilayah"] == code and row["tahun"] == str(year)]  # one submission
        path = tmp_path / f"{year}-{code}.csv"
        generator.write_rows(rows, path, "csv")
        paths.append(path)
    conversions = convert_files(paths)
    groups = list(validation._file_groups(conversions, validation.BATCH_TRIPLES))
    assert len(groups) == 2  # 32.73 comes twice: its 2025 file starts a second group
    together = validation.validate_files(paths, lang="en")
    alone = [validation.validate_files([path], lang="en") for path in paths]
    assert len({r.file for r in together.results}) >= 3
    from kg.submissions import initiative_checks

    def placed(outcomes) -> Counter:
        # the one rule that needs files together (a program coded unlike the year before, issue 21) is left out
        return Counter(
            (r.file, r.row, r.column, r.severity, r.message, r.value, r.cell, r.program_id, r.program_name)
            for outcome in outcomes
            for r in outcome.results
            if not r.shape.endswith(f"#{initiative_checks.YEARS_RULE}")
        )

    assert placed([together]) == placed(alone)
    assert together.results and not together.conforms
    assert any(r.program_id for r in together.results)


def test_a_claimed_pillar_whose_initiatives_map_to_none_is_an_info_on_both_engines(tmp_path):
    """MOB-04 is only relatedMatch'ed to a pillar: a program coded MOB-04 alone maps to no pillar, so any pillar it
    claims is an Info whose list of mapped pillars is "—" (pySHACL stopped with NotBoundError on the empty
    GROUP_CONCAT before)."""
    path = tmp_path / "programs.csv"
    path.write_text(
        "id_program,kode_wilayah,tahun,nama_program,inisiatif,status,pilar_kominfo\n"
        "P-1,32.73,2025,Angkutan sekolah gratis,MOB-04,berjalan,Smart Governance\n",
        encoding="utf-8",
    )
    outcomes = [validate_files([path], lang="en", engine=engine) for engine in ("pyshacl", "sparql")]
    for outcome in outcomes:
        pillars = [r for r in outcome.results if r.shape.endswith("KominfoPillarCrosswalkShape")]
        assert [(r.row, r.column, r.severity) for r in pillars] == [(2, "pilar_kominfo", "Info")]
        assert pillars[0].message.endswith("by the crosswalk of its initiatives (—)")
