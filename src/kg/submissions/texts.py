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
    "ok": ("Tidak ada masalah: semua aturan terpenuhi.", "No problems: the file meets every rule."),
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
    "fallback": ("Aturan yang dijalankan dengan pySHACL: {shapes}", "Rules run on pySHACL: {shapes}"),
    "engine": ("Mesin", "Engine"),
    "program": ("Program", "Program"),
    "rule": ("Aturan", "Rule"),
    "fix": ("cara memperbaiki", "how to fix"),
    "fixes": ("Cara memperbaiki", "How to fix"),
    "fixes_intro": (
        "Setiap hasil di atas menunjuk catatan singkat di bawah ini: apa yang diperiksa dan cara memperbaikinya.",
        "Every result above links to a short note below: what is checked, and how to fix it.",
    ),
    "read_note": (
        "Info dan peringatan pembacaan mengatakan bagaimana nilai dibaca (Rp 13,5 miliar, 1 Juli 2025): periksa "
        "bacaannya; bila benar, tidak ada yang perlu diubah.",
        "Reading infos and warnings say how a value was read (Rp 13,5 miliar, 1 Juli 2025): check what was read; "
        "if it is right, nothing needs changing.",
    ),
    # "did you mean": appended to a message about an unknown code
    "did_you_mean": ("maksud Anda {codes}?", "did you mean {codes}?"),
    "name_suggests": ("nama program mengarah ke {codes}", "the program's name suggests {codes}"),
    "suggest_words": ("kata", "words"),
    "years_file_row": ("{file} baris {row}", "{file} row {row}"),
    "years_loaded": ("program {program} yang sudah dimuat", "program {program} already loaded"),
    "use_semicolon": (
        "pisahkan kode dengan ';' (misalnya GOV-05;GOV-04)",
        "separate codes with ';' (e.g. GOV-05;GOV-04)",
    ),
    "part_unknown": ("'{part}' bukan kode", "'{part}' is not a code"),
    # what the readings say back
    "also_rows": (" (juga baris {rows})", " (also rows {rows})"),
    "also_row": (" (juga baris {rows})", " (also row {rows})"),
    "literal_of": ("{property} pada {focus}", "{property} of {focus}"),
    "why_column": ("kolom ini memakai {mark} sebagai pemisah ribuan", "this column uses {mark} to separate thousands"),
    "why_column_decimal": (
        "kolom ini memakai {mark} sebagai tanda desimal",
        "this column uses {mark} as the decimal mark",
    ),
    "why_default": (
        "cara Indonesia: titik = ribuan, koma = desimal",
        "the Indonesian way: dot = thousands, comma = decimals",
    ),
    "dot": ("titik", "a dot"),
    "comma": ("koma", "a comma"),
    "the_month": ("bulan {month}", "the month {month}"),
    "left_out_amount": (
        "tulis misalnya 1250000000, Rp 1.250.000.000 atau Rp 1,25 miliar",
        "write e.g. 1250000000, Rp 1.250.000.000 or Rp 1,25 miliar",
    ),
    "left_out_date": (
        "tulis misalnya 2025-01-15, 15/01/2025, 1 Juli 2025, Maret 2018 atau 2018",
        "write e.g. 2025-01-15, 15/01/2025, 1 Juli 2025, Maret 2018 or 2018",
    ),
    "left_out_code": ("pilih {allowed}", "choose {allowed}"),
    "left_out_money": (
        "; uang baris ini tidak ikut dijumlahkan dalam total anggaran sampai jumlahnya dapat dibaca",
        "; this row's money is not counted in the budget totals until its amount can be read",
    ),
    "the_year": ("tahun {year}", "the year {year}"),
    "agency_table": ("daftar singkatan perangkat daerah", "the table of agency abbreviations"),
    "agency_store": (
        "perangkat daerah yang sudah dimuat untuk wilayah ini",
        "an agency already loaded for this region",
    ),
    "agency_file": (
        "perangkat daerah yang ditulis '{written}' di baris {row} berkas ini",
        "the agency written '{written}' on row {row} of this file",
    ),
    "count_thousands": (
        "spreadsheet berbahasa Inggris mungkin membaca {thousands} (ribuan, dengan titik) sebagai pecahan; bila "
        "maksudnya {thousands}, tulis {thousands} tanpa titik atau format sel sebagai teks",
        "a spreadsheet in English may have read {thousands} (thousands, with a dot) as a fraction; if {thousands} "
        "was meant, write {thousands} without the dot or format the cell as text",
    ),
    "count_whole": ("tulis bilangan bulat", "write a whole number"),
    "split_comma": (
        "kemungkinan besar koma desimal tanpa tanda kutip: '{split}' terbaca sebagai dua kolom; tulis \"{split}\" "
        "dalam tanda kutip (atau tanpa koma)",
        "most likely an unquoted decimal comma: '{split}' was read as two columns; write \"{split}\" in quotes "
        "(or without the comma)",
    ),
    "split_unknown": (
        "sebuah nilai berisi koma tanpa tanda kutip; beri tanda kutip pada nilai itu",
        "a value holds a comma without quotes; put that value in quotes",
    ),
    "indicator_none": (
        "id_program '{value}' di tabel indikator tidak ada di tabel program (lembar Program atau berkas programnya)",
        "id_program '{value}' of the indicators table is in no programs table (the Program sheet or its file)",
    ),
    "indicator_several": (
        "id_program '{value}' dipakai oleh beberapa program ({where}): isi kolom tahun (dan kode_wilayah) di tabel "
        "indikator",
        "id_program '{value}' is used by several programs ({where}): fill the columns tahun (and kode_wilayah) of "
        "the indicators table",
    ),
    "indicator_duplicate": (
        "Indikator '{indicator}' periode {period} sudah ada di baris {first} untuk program yang sama",
        "Indicator '{indicator}' for period {period} is already on row {first} for the same program",
    ),
    # lists of allowed values in messages: "rencana, berjalan, selesai atau batal"
    "or": ("atau", "or"),
    # the XLSX template's guide sheet
    "description": ("penjelasan", "explanation"),
    "guide_note": (
        "Daftar pilihan ada di sel bertanda panah; kode wilayah boleh diketik (32.73). Kolom dengan ';' boleh berisi "
        "beberapa kode: ketik langsung, misalnya GOV-01;MOB-03. Anggaran boleh ditulis Rp 13,5 miliar; kosongkan bila "
        "tidak diterbitkan. Tanggal boleh berupa bulan (Maret 2018) atau tahun. Beberapa indikator per program, "
        "dengan baseline dan arah: lembar Indikator (id_program menghubungkan). Periksa berkas dengan: kotacerdas "
        "validate berkas.xlsx",
        "Cells with an arrow offer a list; region codes may be typed (32.73). Columns marked ';' may hold several "
        "codes: type them, e.g. GOV-01;MOB-03. Budgets may be written Rp 13,5 miliar; leave them empty when not "
        "published. Dates may be a month (Maret 2018) or a year. Several indicators per program, with baselines and "
        "directions: the Indikator sheet (id_program links them). Check the file with: kotacerdas validate file.xlsx",
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
    "template_filled": "templat ini sudah diisi; pilih nama lain untuk --out (atau --force untuk mengosongkannya) / "
    "this template has been filled in; choose another name for --out (or --force to empty it)",
    "template_written": "templat ditulis / template written: {path}",
    # the XLSX template
    "program_sheet": "Program",
    "guide_sheet": "Petunjuk - Guide",
    "indicator_sheet": "Indikator",
    "guide_sheet_column": "lembar / sheet",
    "check_title": "Periksa nilai / Check the value",
    "check_year": "Tahun anggaran 2015 sampai {last} / a fiscal year from 2015 to {last}",
    "check_number": (
        "Angka 0 atau lebih; bentuk seperti Rp 13,5 miliar juga diterima saat diperiksa / a number of 0 or more; "
        "forms like Rp 13,5 miliar are accepted when checked too"
    ),
    "check_date": (
        "Tanggal; bulan (Maret 2018) atau tahun (2018) juga diterima saat diperiksa / a date; a month or a year "
        "is accepted when checked too"
    ),
    "check_address": (
        "Alamat halaman lengkap, diawali http:// atau https://; beberapa dipisah titik koma / a page's whole "
        "address, starting with http:// or https://; several separated by semicolons"
    ),
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
    "help_convert": "Periksa lalu ubah tabel menjadi RDF / check, then convert a table to RDF (one program per row).",
    "help_convert_file": "Berkas CSV/XLSX (atau RDF) / the submission file.",
    "help_convert_out": "Berkas hasil / output file (default: stdout).",
    "help_template": "Tulis templat kosong / write an empty submission template.",
    "help_template_out": "FILE.xlsx (daftar pilihan / drop-downs) atau FILE.csv",
    "help_template_indicators": "CSV: judul tabel indikator / the indicators table's header (CSV)",
    "help_force_out": (
        "Timpa berkas --out yang bukan keluaran kotacerdas (masukan tidak pernah) / overwrite an --out file "
        "kotacerdas did not write (never an input)"
    ),
    "help_force_convert": (
        "Ubah meski ada pelanggaran, dan timpa berkas --out lain / convert despite violations, and overwrite "
        "another --out file"
    ),
    "help_verbose": "Rincian teknis (aturan, IRI) / technical detail (rules, IRIs)",
    "help_convert_indicators": "Berkas CSV indikator / an indicators CSV of the programs (repeatable)",
    "convert_refused": (
        "Tidak diubah: ada pelanggaran; perbaiki lalu ubah lagi (atau --force untuk tetap mengubah). / Not "
        "converted: there are violations; fix them and convert again (or --force to convert anyway)."
    ),
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


def did_you_mean(suggestion, lang: str = "id") -> str:  # suggestion: kg.submissions.suggestions.Suggestion
    """What a message about an unknown code adds: ``maksud Anda MOB-01 (Sarana …)?``, ``pisahkan kode dengan
    ';' …; 'GOV-99' bukan kode``; ``""`` for an empty suggestion."""
    parts = []
    if suggestion.use_semicolon:
        parts.append(text("use_semicolon", lang))
        for part, inner in suggestion.parts:
            said = text("part_unknown", lang, part=part)
            if inner.codes:
                said += ", " + did_you_mean(inner, lang)
            parts.append(said)
    if suggestion.codes:
        named = [
            f"{code} ({label})" if label and label.casefold() != code.casefold() else code
            for code, label in suggestion.codes
        ]
        joined = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} {text('or', lang)} {named[-1]}"
        parts.append(text("did_you_mean", lang, codes=joined))
    return "; ".join(parts)


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
