"""Units of indicators as QUDT IRIs, from the template's table of units (``template/units.csv``).

The unit a steward writes (``persen``, ``orang``, ``km``) is kept as written (``kc:unit``); when the table
knows it, its QUDT unit (``unit:PERCENT``, ``unit:NUM`` for counts, ``unit:KiloM``) is added
(``kc:unitOfMeasure``). The table is data: add a row to recognise another unit.
"""

from __future__ import annotations

import csv
from functools import cache


@cache
def unit_table(file_name: str = "units.csv") -> dict[str, str]:
    """Unit written (lower case, spaces collapsed) → QUDT unit IRI."""
    from kg.core.resources import resource_path

    with resource_path("template", file_name).open(encoding="utf-8", newline="") as handle:
        return {
            _key(row["satuan"]): row["unit_qudt"].strip()
            for row in csv.DictReader(handle)
            if row.get("satuan") and row.get("unit_qudt")
        }


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def unit_iri(text: str, file_name: str = "units.csv") -> str | None:
    """The QUDT unit IRI of a unit as written (``"Persen"`` → ``…/unit/PERCENT``), or ``None``."""
    return unit_table(file_name).get(_key(text))
