"""Every text of the submission pipeline that a person reads, in Indonesian and English: the one place to
translate or reword them (template, conversion, validation, reports, the ``validate``/``convert``/``template``
commands). The shapes' own messages are in ``shapes/programs.ttl``; :func:`allowed_values` writes the lists
of codes they ask for (``{$allowed}``).

* :data:`LABELS`: texts shown in one language (the report's language): key → (Indonesian, English);
* :data:`BILINGUAL`: one-line texts shown in both languages at once (``pesan / message``), as errors are.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.core.options import LANGUAGES

LABELS: dict[str, tuple[str, str]] = {
    # the validation report (text, HTML)
    "title": ("Laporan validasi pengajuan program Kota Cerdas", "Kota Cerdas program submission validation report"),
    "file": ("Berkas", "File"),
    "row": ("Baris", "Row"),
    "cell": ("Sel", "Cell"),
    "column": ("Kolom", "Column"),
    "severity": ("Tingkat", "Severity"),
    "value": ("Nilai ditemukan", "Value found"),
    "message": ("Pesan", "Message"),
    "Violation": ("Pelanggaran", "Violation"),
    "Warning": ("Peringatan", "Warning"),
    "Info": ("Info", "Info"),
    "ok": ("Tidak ada masalah: berkas sesuai dengan bentuk (shapes).", "No problems: the file conforms to the shapes."),
    "summary": (
        "{violations} pelanggaran, {warnings} peringatan, {infos} info",
        "{violations} violations, {warnings} warnings, {infos} info",
    ),
    "passed": (
        "LULUS: tidak ada hasil pada tingkat {threshold} atau lebih tinggi.",
        "PASSED: no result at severity {threshold} or above.",
    ),
    "failed": (
        "GAGAL: ada hasil pada tingkat {threshold} atau lebih tinggi; perbaiki lalu periksa lagi.",
        "FAILED: results at severity {threshold} or above; fix them and check again.",
    ),
    "programs": (
        "{programs} program dalam {submissions} pengajuan (wilayah × tahun)",
        "{programs} programs in {submissions} submissions (region × year)",
    ),
    "whole": ("(seluruh berkas)", "(whole file)"),
    "fallback": ("Bentuk yang dijalankan dengan pySHACL: {shapes}", "Shapes run on pySHACL: {shapes}"),
    "engine": ("Mesin", "Engine"),
    # lists of allowed values in messages: "rencana, berjalan, selesai atau batal"
    "or": ("atau", "or"),
    # the XLSX template's guide sheet
    "description": ("penjelasan", "explanation"),
    "guide_note": (
        "Daftar pilihan ada di sel bertanda panah. Kolom dengan ';' boleh berisi beberapa kode: ketik "
        "langsung, misalnya GOV-01;MOB-03. Periksa berkas dengan: kotacerdas validate berkas.xlsx",
        "Cells with an arrow offer a list. Columns marked ';' may hold several codes: type them, e.g. "
        "GOV-01;MOB-03. Check the file with: kotacerdas validate file.xlsx",
    ),
}

BILINGUAL: dict[str, str] = {
    # usage and input errors (one line, exit 2)
    "fail_on": "--fail-on harus salah satu dari / must be one of: {allowed}",
    "lang": "--lang harus id atau en / must be id or en",
    "engine": "mesin tidak dikenal / unknown engine {value!r}: sparql or pyshacl",
    "rdf_format": "format tidak dikenal / unknown format {value!r}; expected one of {allowed}",
    "report_format": "format tidak dikenal / unknown format {value!r}: {allowed}",
    "submission_twice": (
        "pengajuan {region}/{year} juga ada di {other} / submission {region}/{year} also appears in {other}"
    ),
    "template_suffix": "jenis berkas harus .xlsx atau .csv / the file must end in .xlsx or .csv",
    # the template command
    "template_written": "templat ditulis / template written: {path}",
    # the XLSX template
    "program_sheet": "Program",
    "guide_sheet": "Petunjuk - Guide",
    "list_error_title": "Nilai tidak dikenal / Unknown value",
    "list_error": "Pilih dari daftar / choose from the list ({column})",
    "list_prompt": "Pilih dari daftar / choose from the list",
    "list_prompt_several": "Beberapa nilai: pisahkan dengan ; / several values: separate with ;",
    "guide_column": "kolom / column",
    "guide_titles": "judul / titles",
    "guide_required": "wajib / required",
    "guide_type": "tipe / type",
    "yes": "ya / yes",
    "no": "tidak / no",
    "separated_by": " (dipisah / separated by '{separator}')",
    # help of the submission commands
    "help_validate": "Periksa pengajuan program / validate program submissions: every problem, with its row and column.",
    "help_validate_files": "Berkas CSV, XLSX, Turtle, N-Triples, JSON-LD / files to validate.",
    "help_format": "{allowed}",
    "help_lang": "Bahasa pesan / message language: {allowed}",
    "help_out": "Tulis laporan ke berkas / write the report here.",
    "help_fail_on": "Keluar 1 mulai tingkat ini / exit 1 from this severity: {allowed}",
    "help_engine": "sparql (cepat/fast) | pyshacl (referensi/reference)",
    "help_convert": "Ubah tabel menjadi RDF / convert a table to RDF (one kc:Program per row).",
    "help_convert_file": "Berkas CSV/XLSX (atau RDF) / the submission file.",
    "help_convert_out": "Berkas hasil / output file (default: stdout).",
    "help_template": "Tulis templat kosong / write an empty submission template.",
    "help_template_out": "FILE.xlsx (daftar pilihan / drop-downs) atau FILE.csv",
}


def text(key: str, lang: str = "id", **fields: object) -> str:
    """The text ``key`` in ``lang`` (``id`` or ``en``), its ``{fields}`` filled."""
    template = LABELS[key][LANGUAGES.index(lang) if lang in LANGUAGES else 0]
    return template.format(**fields) if fields else template


def bilingual(key: str, **fields: object) -> str:
    """The one-line, two-language text ``key`` (``pesan / message``), its ``{fields}`` filled."""
    template = BILINGUAL[key]
    return template.format(**fields) if fields else template


#: Lists longer than this are written as their first and last code (``GOV-01 … MOB-06``).
LONGEST_LIST = 12


def allowed_values(codes: Sequence[str], lang: str = "id") -> str:
    """Codes a steward may write, as a message says them: ``rencana, berjalan, selesai atau batal``; a long
    list as its range, ``GOV-01 … MOB-06``."""
    if not codes:
        return ""
    if len(codes) > LONGEST_LIST:
        return f"{codes[0]} … {codes[-1]}"
    if len(codes) == 1:
        return codes[0]
    return f"{', '.join(codes[:-1])} {text('or', lang)} {codes[-1]}"
