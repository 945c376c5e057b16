"""The converter knows which column plays which part (status, parent, planned budget, unit, period …) from the
property the template metadata gives it, never from a column name written in code."""

from __future__ import annotations

import json

from kg.core.template_metadata import INDICATORS_TABLE, metadata_path, use_metadata
from kg.submissions.conversion.plan import column_roles
from kg.submissions.convert import convert_file
from submission_helpers import DATA

RENAMED = {"anggaran": "pagu", "induk": "program_induk", "status": "keadaan", "kode_nomenklatur": "kode_rekening"}


def _renamed_metadata(tmp_path):
    document = json.loads(metadata_path().read_text(encoding="utf-8"))
    for spec in document["tables"][0]["tableSchema"]["columns"]:  # the programs table
        if spec["name"] in RENAMED:
            old, new = spec["name"], RENAMED[spec["name"]]
            spec["name"] = new
            if "valueUrl" in spec:
                spec["valueUrl"] = spec["valueUrl"].replace("{" + old + "}", "{" + new + "}")
    path = tmp_path / "renamed.csv-metadata.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _families(conversion):
    return [
        (note.row, note.column, note.value, note.details["rows"])
        for note in conversion.readings
        if note.rule == "BudgetFamilyReading"
    ]


def test_the_roles_of_the_packaged_template():
    roles = column_roles()
    assert (roles.status, roles.parent, roles.planned_budget, roles.nomenclature) == (
        "status",
        "induk",
        "anggaran",
        "kode_nomenklatur",
    )
    assert (roles.indicator_name, roles.unit, roles.shared_indicator) == ("indikator", "satuan", "indikator_bersama")
    indicators = column_roles(INDICATORS_TABLE)
    assert (indicators.indicator_name, indicators.unit, indicators.period) == ("indikator", "satuan", "periode")


def test_renamed_columns_keep_their_part_in_the_conversion(tmp_path):
    source = DATA / "jambi-2025-dpa-flat.csv"
    expected = _families(convert_file(source))
    assert expected and {column for _, column, _, _ in expected} == {"anggaran"}
    header, rest = source.read_text(encoding="utf-8").split("\n", 1)
    renamed = tmp_path / "jambi-2025-dpa-flat.csv"
    renamed.write_text(",".join(RENAMED.get(name, name) for name in header.split(",")) + "\n" + rest, encoding="utf-8")
    with use_metadata(_renamed_metadata(tmp_path)):
        roles = column_roles()
        assert (roles.planned_budget, roles.parent, roles.status, roles.nomenclature) == (
            "pagu",
            "program_induk",
            "keadaan",
            "kode_rekening",
        )
        found = _families(convert_file(renamed))
    assert found == [(row, "pagu", value, rows) for row, _, value, rows in expected]
