"""Many files validated in worker processes give exactly what one process gives: the same results (rows,
columns, messages, programs), the same submissions and N-Triples, files in the same order (issue 12)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.core.errors import InputError
from kg.framework.regions import current_regions
from kg.submissions import validation
from kg.submissions.validation import _independent_sets, validate_files
from kg.submissions.validation import workers as worker_pool
from submission_helpers import DATA
from submission_helpers import generator as submission_generator

#: Kabupaten/kota of the generated files: each gets two files (two years), so a region's files must meet.
CODES = ["11.01", "32.73", "35.78", "51.71", "63.71", "91.71"]


def _national_like(folder: Path) -> list[Path]:
    generator = submission_generator()
    regions = current_regions()
    paths = []
    for number, code in enumerate(CODES):
        for year in (2023, 2024):
            if code == "63.71" and year == 2024:
                continue  # Banjarmasin 2025 comes from the published files below
            rows, _ = generator.generate_rows(
                30,
                defects=0.2 if (number, year) in ((0, 2023), (3, 2024)) else 0,
                seed=number * 10 + year,
                years=[year],
                places=[regions[code]],
            )
            path = folder / f"{code}-{year}.csv"
            generator.write_rows(rows, path, "csv")
            paths.append(path)
    for name in ("banjarmasin-2025-published.csv", "merauke-2020-2025.csv", "bandung-2025-errors.csv"):
        shutil.copy(DATA / name, folder / name)
        paths.append(folder / name)
    # Banjarmasin's indicators with the region and year columns of the template (so they name one region)
    lines = (DATA / "banjarmasin-2025-indikator.csv").read_text(encoding="utf-8").splitlines()
    indicators = folder / "banjarmasin-2025-indikator.csv"
    rows = [f"kode_wilayah,tahun,{lines[0]}"] + [f"63.71,2025,{line}" for line in lines[1:]]
    indicators.write_text("\n".join(rows) + "\n", encoding="utf-8")
    paths.insert(paths.index(folder / "banjarmasin-2025-published.csv") + 1, indicators)
    return paths


@pytest.fixture
def worker_runs(monkeypatch) -> list[bool]:
    """Whether each validation went to worker processes (True) or stayed in one (False)."""
    runs: list[bool] = []
    real = validation._in_workers

    def spy(*args, **kwargs):
        found = real(*args, **kwargs)
        runs.append(found is not None)
        return found

    monkeypatch.setattr(validation, "_in_workers", spy)
    return runs


def _comparable(outcome) -> tuple:
    results = [
        (
            r.severity,
            r.message,
            r.focus,
            r.path,
            r.value,
            r.shape,
            r.constraint,
            r.file,
            r.row,
            r.column,
            r.cell,
            r.table,
            r.program_id,
            r.program_name,
        )
        for r in outcome.results
    ]
    submissions = {key: (str(item.source_file), item.ntriples) for key, item in outcome.submissions.items()}
    files = [str(conversion.source_file) for conversion in outcome.conversions]
    return results, submissions, files


@pytest.mark.slow
def test_workers_give_the_results_submissions_and_order_of_one_process(
    tmp_path: Path, monkeypatch, worker_runs: list[bool]
) -> None:
    paths = _national_like(tmp_path)
    monkeypatch.setattr(worker_pool, "TASK_BYTES", 1)  # one task per region: every set meets another worker
    alone = validate_files(paths, workers=1)
    together = validate_files(paths, workers=2)
    assert worker_runs == [True]
    assert {r.severity for r in alone.results} == {"Violation", "Warning", "Info"}
    assert any(r.file.endswith("indikator.csv") for r in alone.results)  # the indicators joined their programs
    assert _comparable(together) == _comparable(alone)
    english = validate_files(paths, workers=2, lang="en")
    assert [r.message for r in english.results] == [r.message for r in validate_files(paths, lang="en").results]


@pytest.mark.slow
def test_without_the_data_the_results_stay_and_the_triples_go(tmp_path: Path) -> None:
    paths = _national_like(tmp_path)
    kept = validate_files(paths, workers=2)
    dropped = validate_files(paths, workers=2, keep_rdf=False)
    assert _comparable(dropped)[0] == _comparable(kept)[0]
    assert all(item.ntriples == b"" and item.triple_count for item in dropped.submissions.values())


def test_an_unreadable_file_is_named_as_in_one_process(tmp_path: Path) -> None:
    paths = _national_like(tmp_path)
    broken = tmp_path / "rusak.csv"
    broken.write_bytes(b"")
    paths.insert(3, broken)
    with pytest.raises(InputError) as alone:
        validate_files(paths, workers=1)
    with pytest.raises(InputError) as together:
        validate_files(paths, workers=2)
    assert str(together.value) == str(alone.value)


def test_a_file_over_a_bound_is_refused_with_the_same_error_as_in_one_process(tmp_path: Path) -> None:
    """A worker hands back the error itself (its class and fields), not a plain InputError made from its text."""
    from kg.submissions.table_limits import MAX_TABLE_COLUMNS, TableLimitError

    paths = _national_like(tmp_path)
    wide = tmp_path / "lebar.csv"
    wide.write_text(",".join(f"c{n}" for n in range(MAX_TABLE_COLUMNS + 1)) + "\n", encoding="utf-8")
    paths.insert(2, wide)
    with pytest.raises(TableLimitError) as alone:
        validate_files(paths, workers=1)
    with pytest.raises(TableLimitError) as together:
        validate_files(paths, workers=2)
    assert (str(together.value), together.value.source, together.value.row) == (
        str(alone.value),
        alone.value.source,
        alone.value.row,
    )


@pytest.mark.slow
def test_a_submission_in_two_files_is_refused_as_in_one_process(tmp_path: Path) -> None:
    paths = _national_like(tmp_path)
    twin = tmp_path / "copy.csv"
    shutil.copy(paths[0], twin)
    paths.append(twin)
    with pytest.raises(InputError) as together:
        validate_files(paths, workers=2)
    with pytest.raises(InputError) as alone:
        validate_files(paths, workers=1)
    assert str(together.value) == str(alone.value)


def test_files_sharing_a_region_stay_in_one_set_and_indicators_alone_go_to_one_process() -> None:
    a, b, c = frozenset({"32.73"}), frozenset({"32.73", "35.78"}), frozenset({"35.78"})
    assert _independent_sets([a, frozenset({"11.01"}), c, b], [True, True, True, True]) == [[0, 2, 3], [1]]
    rdf = frozenset()
    assert _independent_sets([a, rdf, rdf], [True, True, True]) == [[0], [1], [2]]  # RDF: each on its own
    # indicators without a region column may name any region's programs: one process
    assert _independent_sets([a, None], [True, False]) is None
    # an indicators file whose region has no programs file: one process reports it as it always did
    assert _independent_sets([a, frozenset({"91.71"})], [True, False]) is None


def test_large_batches_go_to_workers_and_small_ones_stay_in_one_process(tmp_path: Path, monkeypatch) -> None:
    paths = _national_like(tmp_path)
    assert validation._worker_count(paths, "sparql", None) == 1  # a few hundred kB
    monkeypatch.setattr(validation, "PARALLEL_BYTES", 1)
    assert validation._worker_count(paths, "sparql", None) >= 1
    assert validation._worker_count(paths, "pyshacl", None) == 1
    assert validation._worker_count(paths[:1], "sparql", None) == 1


def test_indicators_without_a_region_column_are_validated_in_one_process(
    tmp_path: Path, worker_runs: list[bool]
) -> None:
    paths = _national_like(tmp_path)
    shutil.copy(DATA / "banjarmasin-2025-indikator.csv", tmp_path / "banjarmasin-2025-indikator.csv")
    alone = validate_files(paths, workers=1)
    together = validate_files(paths, workers=2)
    assert worker_runs == [False]
    assert _comparable(together) == _comparable(alone)


def test_files_validated_together_keep_their_readings_and_program_names(tmp_path: Path) -> None:
    """The old defect: several small files validated in one store lost what reading said back (``Rp 13,5
    Miliar`` read as …) and the program beside each row."""
    paths = [tmp_path / "banjarmasin.csv", tmp_path / "bandung.csv"]
    shutil.copy(DATA / "banjarmasin-2025-published.csv", paths[0])
    shutil.copy(DATA / "bandung-2025-errors.csv", paths[1])
    together = validate_files(paths)
    each = [result for path in paths for result in validate_files([path]).results]
    assert sorted(_comparable_results(together.results)) == sorted(_comparable_results(each))
    assert any(r.constraint.endswith("TableReading") and r.program_id for r in together.results)


def _comparable_results(results) -> list[tuple]:
    return [(r.severity, r.message, r.focus, r.file, r.row, r.column, r.program_id, r.program_name) for r in results]


def test_tasks_are_of_one_size_as_many_as_a_multiple_of_the_workers_and_never_above_the_bound() -> None:
    """A national year (7.05 MB) went as 4.24 and 2.81 MB to two workers: now as two tasks of one size; larger
    inputs in more tasks, a multiple of the workers, none above TASK_BYTES."""
    bound = worker_pool.TASK_BYTES
    for total in (1, bound // 3, int(1.7 * bound), 2 * bound, 2 * bound + 1, int(17.6 * bound)):
        for workers in (1, 2, 3, 8):
            target = worker_pool._task_target(total, workers)
            tasks = round(total / target)
            assert tasks % workers == 0 and target <= bound, (total, workers, target)
            assert tasks == workers or total / (tasks - workers) > bound  # no more tasks than the bound asks
