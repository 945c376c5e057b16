"""The compiled SHACL engine against the W3C SHACL test suite (core and sparql).

Each test compares the engine's results with the expected sh:ValidationReport on (focus node, path,
value, severity, source constraint component) as a multiset, ignoring messages; blank nodes are compared
by kind (focus and value) or by their structure (paths). Tests the engine cannot pass are listed, with
the reason, in tests/w3c-shacl-tests-skipped.tsv.
"""

from __future__ import annotations

import csv
import logging
import warnings
from pathlib import Path

import pytest

from kg.shacl import ShaclEngine, ShapesGraphError, ValidationFailure
from shacl_w3c_suite import W3cTest, comparable, load_tests

SKIPPED_FILE = Path(__file__).parent / "w3c-shacl-tests-skipped.tsv"


def _skipped() -> dict[str, str]:
    with SKIPPED_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["test"]: row["reason"] for row in csv.DictReader(handle, delimiter="\t")}


with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # the suite has ill-typed literals on purpose
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    TESTS = load_tests()
SKIPPED = _skipped()


def _param(test: W3cTest):
    marks = [pytest.mark.xfail(reason=SKIPPED[test.id], strict=True)] if test.id in SKIPPED else []
    return pytest.param(test, id=test.id, marks=marks)


def test_skip_list_names_only_tests_of_the_suite():
    assert set(SKIPPED) <= {t.id for t in TESTS}
    assert len(TESTS) == 120


@pytest.mark.parametrize("test", [_param(t) for t in TESTS])
def test_w3c_shacl(test: W3cTest):
    _check(test)


@pytest.mark.parametrize("test", [_param(t) for t in TESTS])
def test_w3c_shacl_with_checks_starting_from_the_data(test: W3cTest):
    """The same suite with every check that can start from the data doing so (as on large data)."""
    _check(test, data_first_from=0)


def _check(test: W3cTest, **options: int) -> None:
    if test.expects_failure:
        with pytest.raises((ShapesGraphError, ValidationFailure)):
            ShaclEngine(test.shapes, **options).validate(test.data)
        return
    report = ShaclEngine(test.shapes, **options).validate(test.data)
    assert comparable(report.results) == comparable(test.expected)
    assert report.conforms == test.conforms
