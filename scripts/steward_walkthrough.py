"""Write ``docs/steward-walkthrough.md``: a data steward's walk-through whose every report is the real output of
``kotacerdas``, run here on the realistic Banjarmasin files of ``tests/data/submissions/`` (published forms of
amounts and dates, an indicators table, mistakes a steward makes). Run it again after changing a message:

    .venv/bin/python scripts/steward_walkthrough.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
DATA = REPOSITORY / "tests" / "data" / "submissions"
TARGET = REPOSITORY / "docs" / "steward-walkthrough.md"
_ENTRY = "import sys; from kg.cli import main; sys.argv[0] = 'kotacerdas'; main()"


def _run(folder: Path, *args: str) -> tuple[str, int]:
    """``kotacerdas ARGS`` in ``folder``: its output (stdout then stderr) and exit code, as a console shows."""
    environment = {**os.environ, "COLUMNS": "140", "NO_COLOR": "1"}
    environment.pop("KOTACERDAS_STORE", None)
    done = subprocess.run(
        [sys.executable, "-c", _ENTRY, *args], cwd=folder, capture_output=True, text=True, env=environment, timeout=600
    )
    lines = [line.rstrip() for line in (done.stdout + done.stderr).splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines), done.returncode


def _console(folder: Path, *args: str, show_exit: bool = True) -> str:
    output, code = _run(folder, *args)
    shown = " ".join(args)
    block = f"$ kotacerdas {shown}\n{output}" if output else f"$ kotacerdas {shown}"
    if show_exit:
        block += f"\n$ echo $?\n{code}"
    return f"```console\n{block}\n```"


def _file(path: Path) -> str:
    return f"```csv\n{path.read_text(encoding='utf-8').rstrip()}\n```"


def _head(path: Path, lines: int) -> str:
    text = "\n".join(path.read_text(encoding="utf-8").splitlines()[:lines])
    return f"```console\n$ head -n {lines} {path.name}\n{text}\n```"


def build() -> str:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        shutil.copy(DATA / "banjarmasin-2025-published.csv", folder / "program.csv")
        shutil.copy(DATA / "banjarmasin-2025-indikator.csv", folder / "indikator.csv")
        shutil.copy(DATA / "banjarmasin-2025-errors.csv", folder / "program-baru.csv")
        (folder / "lama.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
        shutil.copy(DATA / "jambi-2025-dpa-flat.csv", folder / "dpa.csv")
        shutil.copy(DATA / "jambi-2025-forms.csv", folder / "jambi.csv")
        shutil.copy(DATA / "jambi-2025-indikator.csv", folder / "jambi-indikator.csv")
        shutil.copy(DATA / "jambi-2025-unquoted-comma.csv", folder / "koma.csv")
        _spreadsheet_in_english(folder / "jambi-en.xlsx")
        parts = [
            "# Panduan petugas data / A data steward's walk-through",
            "",
            "Dari templat kosong sampai data yang dimuat, dengan laporan nyata `kotacerdas` (halaman ini ditulis oleh "
            "`scripts/steward_walkthrough.py`, yang menjalankan setiap perintah). / From an empty template to loaded "
            "data, with real `kotacerdas` reports (this page is written by `scripts/steward_walkthrough.py`, which "
            "runs every command).",
            "",
            "## 1. Unduh templat / Get the template",
            "",
            _console(folder, "template", "--out", "program.xlsx", show_exit=False),
            "",
            "Lembar **Program** dan **Indikator** berjudul dua bahasa (`Anggaran (Rp) / Budget (IDR)`; nama mesin "
            "kolom ada di komentar judul, dan keduanya diterima saat membaca), dengan daftar pilihan selebar isinya "
            "(wilayah juga menerima kode saja, `63.71`), format angka dan tanggal, pemeriksaan tahun, anggaran dan "
            "tanggal, dan siap cetak (mendatar, selebar satu halaman, baris judul diulang). Templat yang sudah diisi "
            "tidak pernah ditimpa tanpa `--force`. Berkas `.ods` (LibreOffice) dibaca langsung; `.xls` lama diminta "
            "disimpan sebagai `.xlsx`. / The **Program** and **Indikator** sheets have bilingual titles (the "
            "machine name in each title's comment; both are read), drop-downs as wide as their entries (the region "
            "list also takes the bare code), number and date formats, checks on year, budget and dates, and a print "
            "setup (landscape, one page wide, header repeated). A filled template is never written over without "
            "`--force`. `.ods` files are read directly; an old `.xls` is told to be saved as `.xlsx`.",
            "",
            "## 2. Isi seperti sumbernya menulis / Fill it in as the sources write",
            "",
            "Program Kota Banjarmasin seperti diterbitkan: anggaran `Rp 13,5 Miliar`, `Rp1,5 M`, `750 jt`, "
            "`Rp 1.500.000.000,-` dan satu perkiraan (`Rp 107 miliar lebih`), satu anggaran tidak diterbitkan, "
            "tanggal `Maret 2018`, `1 Juli 2025`, tahun saja, empat ejaan satu dinas, pilar Kominfo menurut "
            "wilayah, sumber dana, dan tingkat anggaran (program → kegiatan → sub kegiatan, dengan kode "
            "nomenklatur). / Banjarmasin's programs as published: amounts in every usual form, one approximate, one "
            "budget not published, dates as a day, a month or a year, four spellings of one agency, the region's own "
            "Kominfo pillar, funding sources, and budget levels with their nomenclature codes.",
            "",
            "`program.csv`:",
            "",
            _file(folder / "program.csv"),
            "",
            "Indikator di tabelnya sendiri (lembar **Indikator**, atau CSV kedua), beberapa per program, dengan "
            "baseline dan arah (`turun`: makin kecil makin baik). Kolom indikator tunggal di lembar Program "
            "(`indikator, satuan, target, realisasi`) tetap diterima. / Indicators in their own table, several per "
            "program, with a baseline and a direction; the single-indicator columns of the programs sheet are still "
            "accepted. `indikator.csv`:",
            "",
            _file(folder / "indikator.csv"),
            "",
            "## 3. Periksa / Validate",
            "",
            "Setiap nilai yang dibaca dalam bentuk lain dikatakan kembali sekali sebagai Info; angka yang bisa "
            "dibaca dua cara (`1.200` km) adalah Peringatan yang menyebut kedua bacaan, "
            "kecuali dalam satuan cacah (`1.500 orang` selalu seribu lima ratus); nomor baris adalah baris Excel "
            "(atau baris CSV) dan setiap baris menyebut programnya. / Every value read from another form is said "
            "back once as an Info; a number with two readings is a Warning naming both, except in a count unit "
            "(`1.500 orang` is always one thousand five hundred); rows are the spreadsheet's own, each with its "
            "program.",
            "",
            _console(folder, "validate", "program.csv", "indikator.csv"),
            "",
            "## 4. Kesalahan, masing-masing dengan perbaikannya / Mistakes, each with its fix",
            "",
            "Satu pesan per sel, dengan saran: label inisiatif → kodenya, `jalan` → `berjalan`, nama wilayah → "
            "kodenya, `,` di antara kode, target dan realisasi berselisih 1.000 kali. Kolom opsional tidak pernah "
            "menghalangi pemuatan: nilainya yang tidak terbaca (`dua miliar`, `31/02/2025`, `dana desa`) "
            "dikosongkan dengan peringatan, dan jumlah yang tidak terbaca tidak ikut dijumlahkan. / One message per "
            "cell, with the fix. Optional columns never block a load: an unreadable value (`dua miliar`, "
            "`31/02/2025`, `dana desa`) is left out with a warning, and an unreadable amount is not added to the "
            "totals.",
            "",
            _file(folder / "program-baru.csv"),
            "",
            _console(folder, "validate", "program-baru.csv", "--lang", "en"),
            "",
            '`--format html --out laporan.html` memberi halaman dengan catatan "cara memperbaiki" untuk setiap '
            "hasil; `--format json` dan `--format turtle` menyimpan rincian mesin (shape, constraint); `--verbose` "
            "menampilkannya di terminal. / The HTML report links each result to a how-to-fix note; JSON and Turtle "
            "keep the engine's detail; `--verbose` shows it on the terminal.",
            "",
            "## 5. Berkas tidak pernah rusak / Files are never destroyed",
            "",
            _console(folder, "validate", "program.csv", "--format", "html", "--out", "program.csv"),
            "",
            _console(folder, "convert", "program-baru.csv", "--out", "program-baru.ttl"),
            "",
            "`convert` memeriksa dulu (seperti `load`); `--force` untuk tetap mengubah. Menimpa berkas yang bukan "
            "keluaran kotacerdas perlu `--force`; masukan perintah tidak pernah ditimpa. / `convert` validates "
            "first, like `load`; writing over a file kotacerdas did not write needs `--force`; an input never.",
            "",
            _console(folder, "validate", "lama.xls"),
            "",
            _console(folder, "validate", "program.csv", "--fromat", "html", "--lang", "en"),
            "",
            "## 6. Ubah ke RDF dan muat / Convert and load",
            "",
            _console(
                folder,
                "convert",
                "program.csv",
                "--indicators",
                "indikator.csv",
                "--out",
                "banjarmasin-2025.ttl",
                show_exit=False,
            ),
        ]
        parts += [
            "",
            _head(folder / "banjarmasin-2025.ttl", 12),
            "",
            "Turtle ini, bila diperiksa lagi, tetap melaporkan baris dan kolom kedua tabel (`kc:sourceRow`). / This "
            "Turtle, validated again, still reports the rows and columns of both tables.",
            "",
            _console(folder, "load", "program.csv", "indikator.csv", "--store", "store", show_exit=False),
            "",
            "Anggaran dihitung sekali, pada tingkat tertinggi yang menyebut jumlah pasti; program tanpa anggaran dan "
            "dengan anggaran perkiraan dihitung terpisah. / Money is counted once, at the highest level stating an "
            "exact amount; programs without a budget and with an approximate one are counted apart.",
            "",
            _console(folder, "query", "budget-total", "--store", "store", "--param", "region=63.71", show_exit=False),
            "",
            _console(folder, "query", "kominfo-claims", "--store", "store", show_exit=False),
            "",
            *_budget_documents(folder),
            "",
            *_shared_indicators(folder),
            "",
            _BROWSER,
        ]
    return "\n".join(parts) + "\n"


def _budget_documents(folder: Path) -> list[str]:
    """Section 7: a DPA pasted flat, amounts in other currencies and "no budget", values a spreadsheet changed."""
    return [
        "## 7. Dokumen anggaran dan nilai yang diubah spreadsheet / Budget documents and values a spreadsheet changed",
        "",
        "**DPA yang ditempel datar.** Dokumen Pelaksanaan Anggaran memuat program, kegiatan dan sub kegiatan, "
        "masing-masing dengan jumlahnya. Ditempel tanpa `tingkat` dan `induk`, setiap rupiah terhitung dua atau "
        "tiga kali; baris yang jumlahnya tepat sama dengan jumlah baris-baris berikutnya dari perangkat daerah yang "
        "sama ditandai. / **A DPA pasted flat.** A budget document lists programs, activities and sub-activities, "
        "each with its amount; pasted without `tingkat` and `induk`, every rupiah counts two or three times: a row "
        "whose amount is exactly the sum of the following rows of the same agency is flagged.",
        "",
        _file(folder / "dpa.csv"),
        "",
        _console(folder, "validate", "dpa.csv", "--lang", "en"),
        "",
        "Isi `tingkat` (program, kegiatan, sub_kegiatan) dan `induk` (id_program induknya): `budget-total` lalu "
        "menghitung 12,5 miliar sekali, bukan 37,5 miliar. / Fill `tingkat` and `induk`: `budget-total` then counts "
        "the 12.5 billion once, not 37.5 billion.",
        "",
        '**Mata uang lain dan "tanpa anggaran".** `3,5 Milyar Rupiah` dibaca sebagai rupiah; `14,2 juta Euro` '
        "dan `USD 2 juta` disimpan dalam mata uangnya (ISO 4217) dan tidak pernah ditambahkan ke rupiah; `nihil`, "
        "`-`, `tidak ada anggaran` berarti tanpa anggaran (bukan 0); `APBD Kota Jambi` dibaca APBD; pilar ditulis "
        "dengan namanya (`Smart Government`), dan pilar yang tidak dikenal hanya Peringatan. / **Other currencies "
        'and "no budget".** Amounts followed by Rupiah are rupiah; euros and dollars are kept in their currency '
        "and never added to rupiah; `nihil`, `-`, `tidak ada anggaran` mean no budget (not 0); `APBD Kota Jambi` "
        "is APBD; pillars are written by name, and an unknown one is only a Warning.",
        "",
        _file(folder / "jambi.csv"),
        "",
        _console(folder, "validate", "jambi.csv", "--lang", "en"),
        "",
        _console(folder, "load", "jambi.csv", "jambi-indikator.csv", "--store", "store-jambi", show_exit=False),
        "",
        "Realisasi yang tidak diterbitkan tidak diketahui (`–`), bukan 0; jumlah dalam mata uang lain dilaporkan "
        "terpisah. / A realisation never published is unknown (`–`), not 0; amounts in other currencies are "
        "reported apart.",
        "",
        _console(folder, "query", "budget-total", "--store", "store-jambi", show_exit=False),
        "",
        "**Nilai yang diubah spreadsheet.** `1.120` orang yang diketik di LibreOffice atau Excel berbahasa Inggris "
        "menjadi angka 1,12; `50%` disimpan sebagai 0,5. Setiap kasus mendapat satu hasil yang jelas (tanpa "
        "peringatan arah yang tidak berkaitan); `1.120` sebagai teks dalam satuan cacah selalu 1120 "
        "(`jambi-indikator.csv` di atas tidak mendapat peringatan). / **Values a spreadsheet changed.** `1.120` "
        "people typed into an English LibreOffice or Excel becomes the number 1.12; `50%` is stored as 0.5. Each "
        "gets one clear result (and no unrelated direction warning); `1.120` as text in a count unit is always "
        "1120 (`jambi-indikator.csv` above gets no warning). A fraction typed with a decimal comma in a count "
        "(`95,5` layanan) is warned about too. `Juni 2019` typed into a cell becomes the date 2019-06-01 shown as "
        "`mmmm yyyy`: it is read as the month it shows (`xsd:gYearMonth`), never an invented first day, and said "
        "back. `jambi-en.xlsx` holds, on its Indikator sheet, the numbers 1.12 (orang) and 0.85, 0.5 (persen, "
        "baseline 40) and the text 95,5 (layanan), and on its Program sheet a start date shown as Juni 2019:",
        "",
        _console(folder, "validate", "jambi-en.xlsx", "--lang", "en"),
        "",
        "Koma desimal tanpa tanda kutip dalam CSV menggeser baris satu kolom: satu hasil menyebut penyebabnya, "
        "bukan satu pelanggaran per sel yang bergeser. / An unquoted decimal comma in a CSV shifts the row by one "
        "column: one result names the cause, not a violation per shifted cell.",
        "",
        _file(folder / "koma.csv"),
        "",
        _console(folder, "validate", "koma.csv", "--lang", "en"),
    ]


def _shared_indicators(folder: Path) -> list[str]:
    """Section 8: a free-text indicator gets its shared indicator suggested; naming it links the two; budgets
    and counted values per inhabitant."""
    lines = (folder / "indikator.csv").read_text(encoding="utf-8").splitlines()
    named = [lines[0] + ",indikator_bersama"]
    named += [line + (",ID-SPBE" if line.startswith("BJM-01,Indeks SPBE") else ",") for line in lines[1:]]
    (folder / "indikator-bersama.csv").write_text("\n".join(named) + "\n", encoding="utf-8")
    return [
        "## 8. Indikator bersama dan nilai per penduduk / Shared indicators and values per inhabitant",
        "",
        "Indikator ditulis bebas oleh setiap daerah, sehingga dua daerah tidak dapat dibandingkan. Skema indikator "
        "bersama (`ontology/indicators/shared-indicators.csv`: indikator nasional seperti Indeks SPBE dan IKM, ISO "
        "37120 dan SDG, masing-masing dengan satuan QUDT) memberi setiap indikator sebuah notasi; `validate` "
        "menyarankannya (Info di atas: `Indeks SPBE` → `ID-SPBE`). Tulis notasinya di kolom `indikator_bersama`: "
        "indikator itu lalu ditautkan (`kc:sharedIndicator`) dan sarannya hilang. / Indicators are free text, so two "
        "regions' never compare. The shared indicator scheme gives each a notation; `validate` suggests it (the Info "
        "above). Write the notation in the `indikator_bersama` column: the indicator is then linked "
        "(`kc:sharedIndicator`) and the suggestion goes away.",
        "",
        _file(folder / "indikator-bersama.csv"),
        "",
        _console(folder, "validate", "program.csv", "indikator-bersama.csv", "--lang", "en"),
        "",
        _console(folder, "load", "program.csv", "indikator-bersama.csv", "--store", "store-bersama", show_exit=False),
        "",
        "Jumlah penduduk kabupaten/kota (`kc:PopulationCount` di graf registri) membagi anggaran dan nilai "
        "cacah: anggaran per penduduk, dan realisasi per 100.000 penduduk untuk indikator berupa hitungan (orang, "
        "unit …). Repositori ini belum mengirim jumlah penduduk (menunggu sumber berlisensi), jadi nilainya "
        "kosong (–) di bawah. / A region's population (`kc:PopulationCount` in the registry graph) divides "
        "budgets and counted values: budget per inhabitant, and achieved value per 100,000 inhabitants for "
        "indicators counted in numbers. This repository ships no population yet (it awaits a licensed source), "
        "so the values below are empty (–).",
        "",
        _console(folder, "query", "budget-per-inhabitant", "--store", "store-bersama", show_exit=False),
        "",
        _console(
            folder, "query", "program-achievement", "--store", "store-bersama", "--format", "csv", show_exit=False
        ),
    ]


def _spreadsheet_in_english(path: Path) -> None:
    """An XLSX as an English spreadsheet stores two programs' indicators: 1.120 typed, the number 1.12; 85% and
    50%, the numbers 0.85 and 0.5; 95,5 layanan typed as text; and a start date Juni 2019 typed, the date
    2019-06-01 shown as a month."""
    import datetime as dt

    from openpyxl import Workbook

    workbook = Workbook()
    programs = workbook.active
    programs.title = "Program"
    for row in (
        [
            "id_program",
            "kode_wilayah",
            "tahun",
            "nama_program",
            "perangkat_daerah",
            "inisiatif",
            "anggaran",
            "status",
            "tanggal_mulai",
        ],
        [
            "JMB-01",
            "15.71",
            2025,
            "Pelatihan Tenaga Kerja Digital",
            "Dinas Tenaga Kerja",
            "ECO-02",
            850000000,
            "berjalan",
            dt.datetime(2019, 6, 1),
        ],
        ["JMB-04", "15.71", 2025, "Sekolah Terhubung", "Dinas Pendidikan", "SOC-01", 1200000000, "berjalan"],
    ):
        programs.append(row)
    programs["I2"].number_format = "mmmm yyyy"  # Juni 2019 typed: the date 2019-06-01, shown as a month
    indicators = workbook.create_sheet("Indikator")
    for row in (
        ["id_program", "indikator", "satuan", "arah", "baseline", "target", "realisasi"],
        ["JMB-01", "Pekerja terlatih", "orang", "naik", None, 1500, 1.12],
        ["JMB-04", "Sekolah terhubung internet", "persen", "naik", 40, 0.85, 0.5],
        ["JMB-04", "Layanan daring sekolah", "layanan", "naik", None, 120, "95,5"],
    ):
        indicators.append(row)
    workbook.save(path)


_BROWSER = """## Lewat peramban / In the browser

Tanpa memasang Python: buka halaman validasi server Kemendagri atau server Anda sendiri (`kotacerdas serve`),
misalnya `http://127.0.0.1:8000/validate`. / Without installing Python: open the validation page of the
ministry's server or of your own (`kotacerdas serve`).

| langkah / step | baris perintah / command line | peramban / browser |
| --- | --- | --- |
| periksa / check | `kotacerdas validate program.xlsx` | `/validate`: pilih berkas (CSV, XLSX, ODS, Turtle), **Periksa**; setiap kesalahan tampil pada baris dan kolomnya, dengan pesan yang sama / choose the file, **Check**: every error on its row and column, the same messages |
| laporan / report | `--format html --out laporan.html`, `--format json` | **Unduh laporan (HTML)** / **(JSON)** di bawah hasil / below the results |
| muat / load | `kotacerdas load program.xlsx` | bila server berjalan dengan `--allow-load`: isi **Token pemuatan wilayah**, **Periksa lalu muat**; berkas dengan pelanggaran tidak dimuat / when the server runs with `--allow-load`: enter the region load token, **Check and load**; a file with violations is never loaded |
| lihat hasil / see the result | `kotacerdas query coverage --param region=63.71` | `/id/region/63.71`: cakupan, celah, anggaran (dengan jumlah program tanpa anggaran), capaian per indikator, tren, program / coverage, gaps, budget (with the programs without one), achievement per indicator, trend, programs |

Berkas yang diunggah tidak disimpan: dihapus begitu laporan selesai. / Uploaded files are not kept."""


def main() -> None:
    TARGET.write_text(build(), encoding="utf-8")
    print(f"written: {TARGET.relative_to(REPOSITORY)}")


if __name__ == "__main__":
    main()
