"""How many examples the property-based tests run (issue 7, must-have 4).

``HYPOTHESIS_PROFILE`` picks the profile; the default, ``ci``, is what CI runs: derandomised (the same
examples every run, so a failure reproduces and CI never flakes), no example database written into the
checkout, and small example counts chosen so that all the property tests together add well under 60 s on
a 2-core machine. ``thorough`` multiplies every count by 25 and explores at random, for a local run:

    HYPOTHESIS_PROFILE=thorough .venv/bin/python -m pytest tests/test_property_*.py tests/test_shacl_differential.py

Examples per test in CI (``ci``), as the ``examples(…)`` call above each test says:

| test | examples |
| --- | --- |
| test_property_tables.py::test_random_bytes_convert_or_give_one_line | 100 |
| test_property_tables.py::test_a_damaged_submission_converts_or_gives_one_line | 100 |
| test_property_tables.py::test_an_xlsx_with_damaged_xml_converts_or_gives_one_line | 60 |
| test_property_tables.py::test_any_text_in_any_encoding_converts_or_gives_one_line | 60 |
| test_property_tables.py::test_a_valid_table_converts_and_validates_without_a_violation | 40 |
| test_shacl_differential.py::test_engine_and_pyshacl_agree_on_random_program_graphs | 25 |
| test_shacl_differential.py::test_engine_and_pyshacl_agree_on_mutated_w3c_data | 40 |

425 examples, about 16 s together on the development machine (2 cores, shared).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
_SCALE = {"ci": 1, "thorough": 25}.get(PROFILE, 1)


def examples(count: int) -> settings:
    """Settings for a property test that runs ``count`` examples in CI (× 25 with ``thorough``)."""
    return settings(
        max_examples=count * _SCALE,
        deadline=None,  # the first example compiles the shapes; wall time is bounded by the count instead
        derandomize=PROFILE == "ci",
        database=None if PROFILE == "ci" else settings.default.database,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        print_blob=True,
    )
