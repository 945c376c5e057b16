"""Agencies under one name: the spellings of one regional agency (OPD) resolved to one agency, one IRI.

A region's stewards write one agency in several ways: ``Diskominfo SP``, ``Dinas Komunikasi, Informatika,
Statistik dan Persandian``, ``DINAS KOMUNIKASI INFORMATIKA STATISTIK & PERSANDIAN``, ``Diskominfo SP Kota
Banjarmasin``. :class:`AgencyNames` resolves each written name, for one region, to the agency it means:

1. a known abbreviation (the shipped table ``template/agency-names.csv``: ``singkatan``, ``nama``, and an
   optional ``kode_wilayah`` for a region's own variant, which wins over the general row) becomes its full name;
2. the name is compared by its *match key* (:func:`match_key`: case, spaces, punctuation, ``dan``/``&``/``serta``,
   a ``(Singkatan)`` after the name and the region's own name at its end left aside) with the agencies already
   loaded for that region (when loading into a store) and those met earlier in the same file;
3. a name matching a known agency is that agency (its IRI, its label); so is a local name of the same dinas
   (``Diskominfosantik``, ``Diskominfo Perstik``, ``Dinas Kominfo`` beside ``Diskominfo-SP``): the table gives
   the affair (``urusan``) of an abbreviation and its full name, an abbreviation extending a known one of at least
   :data:`AFFAIR_PREFIX` letters (``Diskominfo…``) shares its affair, and a region has one agency per affair;
   otherwise it is a new agency, its IRI from its own name (:func:`kg.core.namespaces.agency_iri`);
4. a unit of an agency (``Bidang Cipta Karya Dinas PUPR``, ``UPT Pengelolaan Sampah DLH``, ``UPTD …``) is an
   agency of its own, ``org:subOrganizationOf`` the agency it names (resolved as above).

A spelling that differs from the name of the agency it resolves to is said back to the steward (a Warning
suggesting the known name, and saying where it is known from: the table, the store, or the row of the file that
named it first, as written there) and kept on the agency as ``skos:altLabel``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from kg.core.namespaces import agency_iri, name_key

#: The shipped table of abbreviations, in ``template/``.
NAMES_FILE = "agency-names.csv"
#: The shortest abbreviation whose extensions (``Diskominfo`` → ``Diskominfosantik``) share its affair.
AFFAIR_PREFIX = 8
#: The first word of a unit of an agency, and the words that start the name of the agency it belongs to.
_UNIT_WORDS = frozenset({"bidang", "upt", "uptd", "seksi", "subbidang", "balai", "unit"})
_AGENCY_WORDS = frozenset({"dinas", "badan", "kantor", "sekretariat", "satuan", "inspektorat"})
_LINKING_WORDS = frozenset({"pada", "di"})
#: Words that join the parts of an agency's name and say nothing about which agency it is.
_JOINING_WORDS = frozenset({"dan", "serta", "and"})
_PARENTHESES = re.compile(r"\s*\([^)]*\)\s*")
_NOT_A_WORD = re.compile(r"[\W_]+")

#: What the loader knows of a region's agencies: (IRI, [labels]) pairs, or (IRI, [labels], [fiscal years of the
#: submissions that name it]) triples; an agency named only by the submission a load replaces is not "known".
KnownAgencies = Callable[[str], Iterable[tuple]]


@dataclass(frozen=True)
class Abbreviation:
    """One row of the table: an abbreviation, the full name it stands for, and the region it is limited to."""

    abbreviation: str
    name: str
    region_code: str | None
    #: The affair (urusan) of the agency: a region has one agency per affair (``kominfo``), else ``None``.
    affair: str | None = None


@cache
def abbreviations() -> tuple[Abbreviation, ...]:
    """The shipped table of agency abbreviations (``template/agency-names.csv``)."""
    from kg.core.resources import resource_path

    with resource_path("template", NAMES_FILE).open(encoding="utf-8", newline="") as handle:
        return tuple(
            Abbreviation(
                row["singkatan"].strip(),
                row["nama"].strip(),
                (row.get("kode_wilayah") or "").strip() or None,
                (row.get("urusan") or "").strip() or None,
            )
            for row in csv.DictReader(handle)
            if row.get("singkatan") and row.get("nama")
        )


def _words(text: str) -> list[str]:
    return [word for word in _NOT_A_WORD.split(text.casefold().replace("&", " dan ")) if word]


def match_key(name: str, region_names: Iterable[str] = ()) -> str:
    """The key two spellings of one agency share: lower case, words only, joining words (``dan``, ``serta``,
    ``&``) and a parenthesised abbreviation left out, and the region's name at the end dropped
    (``Dinas Perhubungan Kota Bandung`` → ``dinas perhubungan``)."""
    words = _words(_PARENTHESES.sub(" ", name))
    for region_name in sorted(region_names, key=len, reverse=True):
        tail = _words(region_name)
        if tail and len(words) > len(tail) and words[-len(tail) :] == tail:
            words = words[: -len(tail)]
            break
    return " ".join(word for word in words if word not in _JOINING_WORDS)


def _region_names(region_code: str) -> list[str]:
    """The ways a region's name ends an agency's name: ``Kota Bandung``, ``Bandung``, ``Kab. Bogor``."""
    from kg.framework.regions import region

    found = region(region_code)
    if found is None:
        return []
    names = {found.name, found.short_name}
    if found.name.startswith("Kabupaten "):
        names |= {"Kab. " + found.short_name, "Kab " + found.short_name}
    if found.province_code is None:
        names |= {"Provinsi " + found.name, "Prov. " + found.name}
    return [name for name in names if name]


@dataclass
class ResolvedAgency:
    """What a written name resolved to: the agency's IRI and label, and whether the spelling is a new one."""

    iri: str
    label: str
    written: str
    #: True when ``written`` is another spelling of an agency known by ``label`` (said back as a Warning).
    respelled: bool
    #: Where the known name came from: ``"table"`` (an abbreviation), ``"store"`` (loaded before), ``"file"``.
    source: str = "file"
    #: True when this spelling is the one the agency was first met by in this conversion (nothing before it).
    first: bool = False
    #: The row of the file that named the agency first, and how it was written there (for ``source == "file"``).
    first_row: int | None = None
    first_written: str = ""
    #: For a unit of an agency (a Bidang, an UPT): the agency it belongs to.
    parent: ResolvedAgency | None = None


@dataclass
class AgencyNames:
    """Resolves the agency names of one conversion, region by region (see the module's description)."""

    known_agencies: KnownAgencies | None = None
    _regions: dict[str, dict[str, tuple[str, str, str]]] = field(default_factory=dict)
    _resolved: dict[tuple[str, str], ResolvedAgency] = field(default_factory=dict)
    #: (region code, affair) → the match key of the region's agency of that affair.
    _affairs: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (region code, match key) → the row that named the agency first in this conversion, and how.
    _first_seen: dict[tuple[str, str], tuple[int | None, str]] = field(default_factory=dict)
    #: (region code, match key) → the fiscal years of the loaded submissions naming that agency.
    _store_years: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    def _known(self, region_code: str) -> dict[str, tuple[str, str, str]]:
        """match key → (IRI, label, source) of the agencies known for ``region_code`` so far."""
        known = self._regions.get(region_code)
        if known is None:
            known = self._regions[region_code] = {}
            names = _region_names(region_code)
            if self.known_agencies is not None:
                for iri, labels, *years in self.known_agencies(region_code):
                    labels = list(labels)
                    for label in labels:
                        key = match_key(label, names)
                        if key not in known:
                            known[key] = (iri, labels[0] if labels else label, "store")
                            if years:
                                self._store_years[(region_code, key)] = frozenset(str(year) for year in years[0])
                        affair = _affair(label, label, region_code, names)
                        if affair is not None:
                            self._affairs.setdefault((region_code, affair), match_key(labels[0], names))
        return known

    def resolve(self, region_code: str, written: str, year: object = None, row: int | None = None) -> ResolvedAgency:
        """The agency ``written`` names in ``region_code`` (in a submission of fiscal ``year``: an agency the
        store knows only from that year's submission, which this one replaces, is not taken from the store), on
        ``row`` of the file."""
        cached = self._resolved.get((region_code, written))
        if cached is not None:
            return cached
        names = _region_names(region_code)
        known = self._known(region_code)
        unit = _unit_of(written)
        parent = self.resolve(region_code, unit, year, row) if unit is not None else None
        expanded, from_table = _expand(written, region_code, names) if unit is None else (written, False)
        key = match_key(expanded, names)
        found = self._usable(known.get(key), region_code, key, year)
        affair = _affair(written, expanded, region_code, names) if unit is None else None
        if found is None and affair is not None:  # another local name of the region's agency of that affair
            other = self._affairs.get((region_code, affair))
            if other is not None:
                found = self._usable(known.get(other), region_code, other, year)
                key = other if found is not None else key
        first = found is None
        if found is None:
            label = expanded
            iri = agency_iri(region_code, label)
            source = "table" if from_table else "file"
            known[key] = (iri, label, source)
            if affair is not None:
                self._affairs[(region_code, affair)] = key
        else:
            iri, label, source = found
        first_row, first_written = self._first_seen.setdefault((region_code, key), (row, written))
        # "Dinas … (Diskominfo-SP)": the name with its abbreviation after it is no other spelling
        respelled = name_key(written) != name_key(label) and name_key(_PARENTHESES.sub(" ", written)) != name_key(label)
        resolved = ResolvedAgency(iri, label, written, respelled, source, first, first_row, first_written, parent)
        self._resolved[(region_code, written)] = resolved
        return resolved

    def _usable(
        self, found: tuple[str, str, str] | None, region_code: str, key: str, year: object
    ) -> tuple[str, str, str] | None:
        """``found``, unless the store knows it only from the submission of ``year`` this load replaces."""
        if found is not None and found[2] == "store" and year is not None:
            years = self._store_years.get((region_code, key))
            if years is not None and years <= {str(year)}:
                return None  # only in the graph this load replaces: read the file afresh
        return found


def _abbreviation_key(text: str) -> str:
    return "".join(_words(text))


@cache
def _affair_index() -> tuple[dict[str, str], dict[str, str], tuple[tuple[str, str], ...]]:
    """(abbreviation key → affair, match key of a full name → affair, (abbreviation key, affair) of the
    abbreviations others may extend, longest first)."""
    by_abbreviation: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for item in abbreviations():
        if item.affair is None:
            continue
        by_abbreviation.setdefault(_abbreviation_key(item.abbreviation), item.affair)
        by_name.setdefault(match_key(item.name), item.affair)
    prefixes = sorted(
        ((key, affair) for key, affair in by_abbreviation.items() if len(key) >= AFFAIR_PREFIX),
        key=lambda pair: -len(pair[0]),
    )
    return by_abbreviation, by_name, tuple(prefixes)


def _affair(written: str, expanded: str, region_code: str, region_names: list[str]) -> str | None:
    """The affair of the agency a name stands for: by its full name, its abbreviation, or an abbreviation it
    extends (``Diskominfosantik``, ``Diskominfo Perstik``: ``Diskominfo``…); ``None`` when unknown."""
    by_abbreviation, by_name, prefixes = _affair_index()
    found = by_name.get(match_key(expanded, region_names))
    if found is not None:
        return found
    for candidate in (written, *re.findall(r"\(([^)]*)\)", written)):
        key = _abbreviation_key(match_key(_PARENTHESES.sub(" ", candidate) or candidate, region_names))
        if not key:
            continue
        if key in by_abbreviation:
            return by_abbreviation[key]
        for prefix, affair in prefixes:
            if key.startswith(prefix):
                return affair
    return None


def _unit_of(written: str) -> str | None:
    """The agency a unit names after its own name (``Bidang Cipta Karya Dinas PUPR`` → ``Dinas PUPR``;
    ``UPT Pengelolaan Sampah pada DLH`` → ``DLH``), or ``None`` for a name that is no unit of a named agency."""
    words = _PARENTHESES.sub(" ", written).split()
    if len(words) < 3 or words[0].casefold().rstrip(".") not in _UNIT_WORDS:
        return None
    index = _abbreviation_index()
    for start in range(2, len(words)):
        word = words[start].casefold()
        if word in _LINKING_WORDS and start + 1 < len(words):
            return " ".join(words[start + 1 :])
        tail = " ".join(words[start:])
        if word in _AGENCY_WORDS or any(
            (_abbreviation_key(tail), scope) in index for scope in {scope for _, scope in index}
        ):
            return tail
    return None


@cache
def _abbreviation_index() -> dict[tuple[str, str | None], str]:
    return {(_abbreviation_key(item.abbreviation), item.region_code): item.name for item in abbreviations()}


def _expand(written: str, region_code: str, region_names: list[str]) -> tuple[str, bool]:
    """``written`` with a known abbreviation replaced by its full name (the region's own variant first), and
    whether the table was used. ``Diskominfo SP Kota Banjarmasin`` and ``Diskominfo SP`` both expand."""
    index = _abbreviation_index()
    candidates = [written, _PARENTHESES.sub(" ", written).strip()]
    stripped = match_key(written, region_names)
    candidates.append(stripped)
    inside = re.findall(r"\(([^)]*)\)", written)  # "Dinas … (Diskominfo)": the abbreviation in parentheses
    province = region_code.split(".", 1)[0]
    for candidate in candidates:
        key = _abbreviation_key(candidate)
        for scope in (region_code, province, None):
            name = index.get((key, scope))
            if name is not None:
                return name, True
    for candidate in inside:
        key = _abbreviation_key(candidate)
        for scope in (region_code, province, None):
            name = index.get((key, scope))
            if name is not None and match_key(name) == match_key(_PARENTHESES.sub(" ", written), region_names):
                return name, True
    return written, False
