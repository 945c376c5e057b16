"""``/validate``: a steward uploads a CSV, XLSX or Turtle submission and reads the same report as
``kotacerdas validate`` (same rows, columns and messages: :func:`kg.submissions.validation.validate_files` and
:func:`kg.submissions.reports.render`), and downloads it as HTML or JSON.

The file is validated in a bounded process of its own (:mod:`kg.web.upload_checks`: time, memory, at most
``--upload-workers`` at once, the first 500 results on the page and all of them in the downloads). Nothing
uploaded is kept: the body is refused with ``413`` past ``--max-upload`` bytes (default 20 MB) before it
is read whole (the declared length first, then the bytes as they arrive), the file lives in a temporary folder
for the time of the request and is deleted in a ``finally`` (a killed server's leftovers are removed when
``serve`` starts again: :mod:`kg.web.upload_folders`). With ``serve --allow-load`` the page also offers
"check and load" to the holder of the server's token or of the file's region token (:mod:`kg.web.load_access`).
"""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from kg.core.errors import InputError
from kg.web.site import Site
from kg.web.upload_folders import new_upload_folder

#: File types the page takes (the reader is chosen by the extension, as on the command line).
EXTENSIONS = (".csv", ".xlsx", ".ods", ".ttl", ".jsonld", ".nt")
#: A report larger than this is offered as a download by the form's format choice only (not inline).
INLINE_DOWNLOAD_BYTES = 500_000

WORDS = {
    "id": {
        "title": "Periksa berkas pengajuan",
        "intro": "Unggah berkas program (CSV, XLSX, ODS atau Turtle) untuk melihat setiap kesalahan pada baris dan kolomnya, sama seperti perintah kotacerdas validate. Berkas tidak disimpan.",
        "file": "Berkas pengajuan",
        "file_hint": "CSV, XLSX, ODS, Turtle (.ttl), JSON-LD, N-Triples; paling besar {size}.",
        "indicators": "Tabel indikator (CSV terpisah, bila ada)",
        "indicators_hint": "Untuk program dalam CSV: tabel indikatornya (id_program, indikator, satuan, target, realisasi …), diperiksa bersama berkas program.",
        "cell": "Sel",
        "program": "Program",
        "indicator_row": "Indikator",
        "format": "Hasil",
        "format_page": "Tampilkan di halaman",
        "format_html": "Unduh laporan HTML",
        "format_json": "Unduh laporan JSON",
        "check": "Periksa",
        "load_legend": "Muat ke graf pengetahuan (petugas wilayah)",
        "token": "Token pemuatan wilayah",
        "token_hint": "Token dari operator server untuk wilayah Anda. Berkas dimuat hanya jika tidak ada pelanggaran.",
        "load": "Periksa lalu muat",
        "report": "Laporan validasi",
        "download_html": "Unduh laporan (HTML)",
        "download_json": "Unduh laporan (JSON)",
        "unreadable": "Berkas tidak dapat dibaca",
        "no_file": "Pilih berkas untuk diunggah.",
        "bad_type": "Jenis berkas tidak didukung: {name}. Pakai {types}.",
        "too_large": "Berkas melebihi batas {size}.",
        "forbidden": "Token tidak sah untuk wilayah berkas ini; berkas tidak dimuat.",
        "refused": "Tidak dimuat: berkas memiliki pelanggaran. Perbaiki lalu unggah lagi.",
        "not_loaded": "Tidak dimuat",
        "loaded": "Dimuat: {items}.",
        "unchanged": "Tidak berubah (berkas yang sama sudah dimuat): {items}.",
        "summary": "{Violation} pelanggaran, {Warning} peringatan, {Info} info",
        "passed": "LULUS: tidak ada pelanggaran.",
        "failed": "GAGAL: ada pelanggaran; perbaiki baris di bawah lalu periksa lagi.",
        "row": "Baris",
        "column": "Kolom",
        "severity": "Tingkat",
        "value": "Nilai ditemukan",
        "message": "Pesan",
        "whole": "(seluruh berkas)",
        "shown": "Menampilkan {shown} hasil pertama dari {total}; semuanya ada di laporan yang diunduh.",
        "Violation": "Pelanggaran",
        "Warning": "Peringatan",
        "Info": "Info",
    },
    "en": {
        "title": "Check a submission file",
        "intro": "Upload a programs file (CSV, XLSX, ODS or Turtle) to see every error on its row and column, as the command kotacerdas validate shows them. The file is not kept.",
        "file": "Submission file",
        "file_hint": "CSV, XLSX, ODS, Turtle (.ttl), JSON-LD, N-Triples; at most {size}.",
        "indicators": "Indicators table (a separate CSV, if any)",
        "indicators_hint": "For programs in a CSV: their indicators table (id_program, indikator, satuan, target, realisasi …), checked together with the programs file.",
        "cell": "Cell",
        "program": "Program",
        "indicator_row": "Indicators",
        "format": "Result",
        "format_page": "Show on the page",
        "format_html": "Download the HTML report",
        "format_json": "Download the JSON report",
        "check": "Check",
        "load_legend": "Load into the knowledge graph (region stewards)",
        "token": "Region load token",
        "token_hint": "The token the server's operator gave you for your region. The file is loaded only if it has no violation.",
        "load": "Check and load",
        "report": "Validation report",
        "download_html": "Download the report (HTML)",
        "download_json": "Download the report (JSON)",
        "unreadable": "The file cannot be read",
        "no_file": "Choose a file to upload.",
        "bad_type": "Unsupported file type: {name}. Use {types}.",
        "too_large": "The file exceeds the limit of {size}.",
        "forbidden": "The token does not open loads for this file's region; the file was not loaded.",
        "refused": "Not loaded: the file has violations. Fix them and upload it again.",
        "not_loaded": "Not loaded",
        "loaded": "Loaded: {items}.",
        "unchanged": "Unchanged (the same file is already loaded): {items}.",
        "summary": "{Violation} violations, {Warning} warnings, {Info} info",
        "passed": "PASSED: no violation.",
        "failed": "FAILED: there are violations; fix the rows below and check again.",
        "row": "Row",
        "column": "Column",
        "severity": "Severity",
        "value": "Value found",
        "message": "Message",
        "whole": "(whole file)",
        "shown": "Showing the first {shown} of {total} results; the downloaded report has them all.",
        "Violation": "Violation",
        "Warning": "Warning",
        "Info": "Info",
    },
}


class UploadTooLarge(Exception):
    pass


class _LimitedReceive:
    """An ASGI ``receive`` that counts the body's bytes and stops past ``limit`` (before it is read whole)."""

    def __init__(self, receive, limit: int) -> None:
        self.receive = receive
        self.limit = limit
        self.size = 0

    async def __call__(self):
        message = await self.receive()
        if message["type"] == "http.request":
            self.size += len(message.get("body", b""))
            if self.size > self.limit:
                raise UploadTooLarge()
        return message


def safe_name(name: str) -> str:
    """The uploaded file's name reduced to its last part and safe characters (the report and the provenance
    show it); the extension kept, since it chooses the reader."""
    base = re.split(r"[\\/]", name or "")[-1]
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-")[:100] or "upload"
    extension = re.sub(r"[^A-Za-z0-9]+", "", extension)[:10].lower()
    return f"{stem}.{extension}" if extension else stem


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g} MB"


def _words(lang: str) -> dict[str, str]:
    return WORDS["en" if lang == "en" else "id"]


def _page(site: Site, request: Request, status: int = 200, **context) -> Response:
    lang = site.lang(request)
    said = _words(lang)
    return site.page(
        request,
        "validate.html.j2",
        status,
        active="validate",
        v=said,
        size=_megabytes(site.settings.max_upload_bytes),
        allow_load=site.settings.allow_load,
        extensions=", ".join(EXTENSIONS),
        **context,
    )


async def validate_form(request: Request) -> Response:
    """``GET /validate``: the upload form."""
    site: Site = request.app.state.site
    return _page(site, request)


def _data_url(text: str, media: str) -> str | None:
    data = text.encode("utf-8")
    if len(data) > INLINE_DOWNLOAD_BYTES:
        return None
    return f"data:{media};charset=utf-8;base64,{base64.b64encode(data).decode()}"


async def validate_upload(request: Request) -> Response:
    """``POST /validate`` (multipart: ``file``, ``format`` page|html|json, ``action`` check|load, ``token``)."""
    site: Site = request.app.state.site
    lang = site.lang(request)
    said = _words(lang)
    limit = site.settings.max_upload_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return _page(site, request, 413, error=said["too_large"].format(size=_megabytes(limit)))
    limited = Request(request.scope, _LimitedReceive(request.receive, limit))
    folder = new_upload_folder()
    form = None
    try:
        try:
            form = await limited.form(max_files=2, max_fields=8)
        except UploadTooLarge:
            return _page(site, request, 413, error=said["too_large"].format(size=_megabytes(limit)))
        except Exception as error:  # noqa: BLE001 - a malformed multipart body is the client's error
            return _page(site, request, 400, error=f"{said['unreadable']}: {error}")
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            return _page(site, request, 400, error=said["no_file"])
        name = safe_name(upload.filename)
        if not name.lower().endswith(EXTENSIONS):
            return _page(site, request, 415, error=said["bad_type"].format(name=name, types=", ".join(EXTENSIONS)))
        paths = [await _saved(upload, folder / name)]
        extra = form.get("indicators")
        if extra is not None and not isinstance(extra, str) and extra.filename:
            extra_name = safe_name(extra.filename)
            if not extra_name.lower().endswith(".csv") or extra_name == name:
                return _page(site, request, 415, error=said["bad_type"].format(name=extra_name, types=".csv"))
            paths.append(await _saved(extra, folder / extra_name))
            name = f"{name} + {extra_name}"
        fmt = str(form.get("format") or "page")
        action = str(form.get("action") or "check")
        token = str(form.get("token") or "")
        return await _answer(site, request, paths, folder, name, fmt, action, token)
    finally:
        if form is not None:
            await form.close()
        shutil.rmtree(folder, ignore_errors=True)


async def _saved(upload, path: Path) -> Path:
    """Write an uploaded file into the request's folder, piece by piece."""
    with path.open("wb") as handle:
        while chunk := await upload.read(1 << 20):
            handle.write(chunk)
    await upload.close()
    return path


async def _answer(
    site: Site, request: Request, paths: list[Path], folder: Path, name: str, fmt: str, action: str, token: str
) -> Response:
    from kg.web.upload_checks import UploadsBusyError

    lang = site.lang(request)
    said = _words(lang)
    prefix = str(folder) + "/"
    load_wanted = action == "load" and site.settings.allow_load

    try:
        outcome = await site.uploads.check(paths, lang, folder)
    except UploadsBusyError as error:
        response = _page(site, request, 503, error=error.message, file_name=name)
        response.headers["retry-after"] = "30"
        return response
    except InputError as error:
        return _page(
            site, request, 422, error=f"{said['unreadable']}: {str(error).replace(prefix, '')}", file_name=name
        )

    def shown(text: str) -> str:
        return text.replace(prefix, "")

    def report(fmt: str) -> str:
        return shown(outcome.report(fmt).read_text(encoding="utf-8"))

    def inline(fmt: str, media: str) -> str | None:
        """The report as a link of its own (``data:``), when it is small enough to sit in the page."""
        if outcome.report(fmt).stat().st_size > INLINE_DOWNLOAD_BYTES:
            return None
        return _data_url(report(fmt), media)

    if fmt == "json":
        return Response(
            report("json"),
            media_type="application/json; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{paths[0].stem}-validasi.json"'},
        )
    if fmt == "html":
        return Response(
            report("html"),
            media_type="text/html; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{paths[0].stem}-validasi.html"'},
        )

    load_message, load_ok, status = None, False, 200
    if load_wanted:
        load_message, load_ok, status = await _load(site, paths, outcome, token, said)
        load_message = shown(load_message)
    return _page(
        site,
        request,
        status,
        outcome=outcome,
        file_name=name,
        shown=shown,
        conforms=not outcome.has_violations,
        counts={name: outcome.count(name) for name in ("Violation", "Warning", "Info")},
        shown_note=said["shown"].format(shown=outcome.shown, total=outcome.total)
        if outcome.total > outcome.shown
        else None,
        json_href=inline("json", "application/json"),
        html_href=inline("html", "text/html"),
        download_stem=paths[0].stem,
        sections=[{**section, "file": section["file"].replace(prefix, "")} for section in outcome.sections],
        load_message=load_message,
        load_ok=load_ok,
    )


async def _load(site: Site, paths: list[Path], outcome, token: str, said: dict[str, str]) -> tuple[str, bool, int]:
    """Load the checked file for the holder of a token that opens its regions; the message, whether it loaded,
    and the page's HTTP status (403 for a token that does not open the file's regions, 422 for a file the load
    refuses: violations, or a submission that would write outside its own region-year graph)."""
    from kg.loading.load import load_files
    from kg.web.client_errors import one_line, status_of
    from kg.web.load_access import DatasetWriter, token_allows

    regions = outcome.regions
    if not token_allows(site.settings.update_token, token, regions):
        return said["forbidden"], False, 403
    if outcome.has_violations:
        return said["refused"], False, 422

    def run():
        return load_files(paths, DatasetWriter(site.dataset), agent="web-upload")

    try:
        done = await site.write(run)
    except InputError as error:  # nothing was written (ScopeError), or the store refused the write
        return f"{said['not_loaded']}: {one_line(str(error))}", False, status_of(error)
    if done.refused:
        return said["refused"], False, 422
    parts = []
    if done.loaded:
        programs = {item.iri: item.program_count for item in done.validation.submissions.values()}
        parts.append(
            said["loaded"].format(
                items=", ".join(
                    f"{record.iri.rsplit('/', 2)[-2]}/{record.year} ({programs.get(record.iri, 0)} program)"
                    for record in done.loaded
                )
            )
        )
    if done.unchanged:
        parts.append(said["unchanged"].format(items=", ".join(iri.split("/submission/")[-1] for iri in done.unchanged)))
    return " ".join(parts), True, 200
