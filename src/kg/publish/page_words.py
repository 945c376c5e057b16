"""The words of the region page and the region report in Indonesian and English, and how their numbers read.

The data's own words (names of regions, dimensions, initiatives, programs) come from the registry, the ontology
and the submissions; these are only the words around them.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "id": {
        "region_report": "Laporan wilayah Kota Cerdas",
        "province": "Provinsi",
        "type": "Jenis",
        "provinsi": "Provinsi",
        "kabupaten": "Kabupaten",
        "kota": "Kota",
        "year": "Tahun",
        "all_years": "Semua tahun",
        "submissions": "Pengajuan",
        "no_submissions": "Wilayah ini belum memiliki pengajuan yang dimuat.",
        "coverage": "Cakupan per dimensi",
        "coverage_note": (
            "Bagian inisiatif setiap dimensi yang dicakup oleh sedikitnya satu program yang tidak batal; "
            "dimensi tanpa program bernilai 0%."
        ),
        "radar": "Radar cakupan",
        "dimension": "Dimensi",
        "initiatives_covered": "Inisiatif dicakup",
        "initiatives_total": "Jumlah inisiatif",
        "percent": "Persen",
        "overall": "Cakupan keseluruhan",
        "gaps": "Celah: inisiatif tanpa program",
        "no_gaps": "Tidak ada celah: setiap inisiatif dicakup.",
        "budget": "Anggaran per dimensi",
        "total_budget": "Pagu pasti program (tidak batal, dihitung sekali)",
        "per_inhabitant": "per penduduk",
        "population": "penduduk",
        "population_source": "jumlah penduduk: graf registri (tidak dikirim; menunggu sumber berlisensi)",
        "budget_col": "Anggaran",
        "budget_note": (
            "Pagu pasti program yang tidak batal, dihitung sekali pada tingkat tertinggi yang menyebutnya; program "
            "yang menyentuh beberapa dimensi dihitung penuh di setiap dimensinya."
        ),
        "without_budget": "{count} program tanpa anggaran diterbitkan",
        "approximate_budgets": "{count} program dengan anggaran perkiraan (tidak dijumlahkan)",
        "without_budget_col": "Tanpa anggaran",
        "approximate": "perkiraan",
        "programs_count": "Program",
        "achievement": "Capaian (menurut arah indikator)",
        "achievement_note": (
            "Rata-rata capaian penilaian indikator program yang tidak batal; indikator naik realisasi ÷ target, "
            "indikator turun (lebih rendah lebih baik) menuju targetnya dari baseline; 100% = target tercapai."
        ),
        "indicators": "Indikator",
        "no_indicator": "tanpa indikator",
        "trend": "Tren cakupan antartahun",
        "trend_single": "Tren memerlukan pengajuan dari dua tahun atau lebih.",
        "programs": "Program",
        "program_id": "ID",
        "program_name": "Nama program",
        "agency": "Perangkat daerah",
        "status": "Status",
        "status_unknown": "Tidak diketahui",
        "initiatives": "Inisiatif",
        "target": "Target",
        "achieved": "Realisasi",
        "file": "Berkas",
        "checksum": "SHA-256",
        "loaded": "Dimuat",
        "loaded_by": "Oleh",
        "validation": "Validasi",
        "conforms": "sesuai",
        "violations": "{count} pelanggaran (dimuat paksa)",
        "with_results": "{count} pelanggaran",
        "made": "Dibuat oleh kotacerdas-kg {version} dari graf pengetahuan pada {time}.",
        "source": "Sumber data: pengajuan wilayah yang dimuat; kerangka Kota Cerdas Kemendagri.",
        "none": "—",
        "download_report": "Unduh laporan (HTML, siap cetak)",
        "table_of": "Tabel data",
        "sort_hint": "Klik judul kolom untuk mengurutkan.",
        "rupiah": "Rp",
        "billion": "miliar",
        "million": "juta",
        "trillion": "triliun",
        "of": "dari",
    },
    "en": {
        "region_report": "Kota Cerdas region report",
        "province": "Province",
        "type": "Type",
        "provinsi": "Province",
        "kabupaten": "Regency (kabupaten)",
        "kota": "City (kota)",
        "year": "Year",
        "all_years": "All years",
        "submissions": "Submissions",
        "no_submissions": "This region has no submission loaded yet.",
        "coverage": "Coverage per dimension",
        "coverage_note": (
            "The share of each dimension's initiatives covered by at least one program that is not cancelled; "
            "dimensions without programs are 0%."
        ),
        "radar": "Coverage radar",
        "dimension": "Dimension",
        "initiatives_covered": "Initiatives covered",
        "initiatives_total": "Initiatives",
        "percent": "Percent",
        "overall": "Overall coverage",
        "gaps": "Gaps: initiatives without a program",
        "no_gaps": "No gaps: every initiative is covered.",
        "budget": "Budget per dimension",
        "total_budget": "Exact planned budget of programs (not cancelled, counted once)",
        "per_inhabitant": "per inhabitant",
        "population": "inhabitants",
        "population_source": "population: registry graph (not shipped; awaits a licensed source)",
        "budget_col": "Budget",
        "budget_note": (
            "The exact planned budget of programs that are not cancelled, counted once at the highest level that "
            "states it; a program touching several dimensions counts in full in each."
        ),
        "without_budget": "{count} programs without a published budget",
        "approximate_budgets": "{count} programs with an approximate budget (not added up)",
        "without_budget_col": "Without budget",
        "approximate": "approximate",
        "programs_count": "Programs",
        "achievement": "Achievement (by each indicator's direction)",
        "achievement_note": (
            "Mean achievement of the indicator assessments of programs not cancelled; a naik indicator achieved ÷ "
            "target, a turun (lower is better) one its way from baseline to target; 100% = target met."
        ),
        "indicators": "Indicators",
        "no_indicator": "no indicator",
        "trend": "Coverage trend across years",
        "trend_single": "A trend needs submissions from two years or more.",
        "programs": "Programs",
        "program_id": "ID",
        "program_name": "Program name",
        "agency": "Agency",
        "status": "Status",
        "status_unknown": "Unknown",
        "initiatives": "Initiatives",
        "target": "Target",
        "achieved": "Achieved",
        "file": "File",
        "checksum": "SHA-256",
        "loaded": "Loaded",
        "loaded_by": "By",
        "validation": "Validation",
        "conforms": "conforms",
        "violations": "{count} violations (forced load)",
        "with_results": "{count} violations",
        "made": "Made by kotacerdas-kg {version} from the knowledge graph on {time}.",
        "source": "Data: the region's loaded submissions; Kemendagri's Kota Cerdas framework.",
        "none": "—",
        "download_report": "Download the report (HTML, ready to print)",
        "table_of": "Data table",
        "sort_hint": "Click a column heading to sort.",
        "rupiah": "IDR",
        "billion": "billion",
        "million": "million",
        "trillion": "trillion",
        "of": "of",
    },
}


def words(lang: str) -> dict[str, str]:
    """The words in ``lang`` (``id`` or ``en``; anything else reads as Indonesian)."""
    return WORDS["en" if lang == "en" else "id"]


def percent(fraction: float | None, lang: str = "id") -> str:
    """``0.6667`` → ``67%`` (whole percent: the charts' resolution)."""
    if fraction is None:
        return words(lang)["none"]
    return f"{round(fraction * 100):d}%"


def number(value: float | int | None, lang: str = "id", decimals: int = 0) -> str:
    """A number with the language's separators: ``1.250.000`` (id), ``1,250,000`` (en)."""
    if value is None:
        return words(lang)["none"]
    text = f"{value:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def rupiah(value: float | int | None, lang: str = "id") -> str:
    """A budget in words people read at a glance: ``Rp 5,45 miliar`` / ``IDR 5.45 billion``."""
    said = words(lang)
    if value is None:
        return said["none"]
    for size, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{said['rupiah']} {number(value / size, lang, 2)} {said[name]}"
    return f"{said['rupiah']} {number(value, lang)}"
