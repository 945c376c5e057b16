"""Writing output files whole or not at all: a temporary file beside the target, then ``os.replace``.

A failure or a kill half-way leaves the previous file (or none), never a partial report or conversion.
The file gets the permissions any program of the user would give it: a new file ``0666`` less the umask
(the temporary file is created with that mode, so the kernel applies the umask), a replaced file keeps the
mode it had.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.core.errors import InputError

#: The mode asked for a new file; the process's umask takes its bits away (``0644`` under umask ``022``).
NEW_FILE_MODE = 0o666


def _temporary_beside(path: Path, directory: Path) -> Path:
    """Create an empty, new temporary file next to ``path`` (mode :data:`NEW_FILE_MODE` less the umask)."""
    for _ in range(100):
        candidate = directory / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            handle = os.open(
                candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), NEW_FILE_MODE
            )
        except FileExistsError:
            continue
        except OSError as error:
            raise InputError(f"tidak dapat menulis / cannot write ({error.strerror})", source=str(path)) from None
        os.close(handle)
        return candidate
    raise InputError("tidak dapat membuat berkas sementara / cannot create a temporary file", source=str(path))


@contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """A temporary path to write to; on success it replaces ``path``, on any error it is removed."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError("folder tujuan tidak ada / the output folder does not exist", source=str(path))
    if path.is_dir():
        raise InputError("tujuan adalah folder / the output path is a folder", source=str(path))
    try:
        existing_mode: int | None = stat.S_IMODE(path.stat().st_mode) if path.is_file() else None
    except OSError:
        existing_mode = None
    temporary = _temporary_beside(path, directory)
    try:
        yield temporary
        if existing_mode is not None:
            os.chmod(temporary, existing_mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_output(path: Path | str, data: bytes | str) -> Path:
    """Write ``data`` (text is UTF-8) to ``path`` atomically."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)


# --- the tool's own outputs: written over freely; anything else only with --force, an input never ----------

#: The mark every output file of kotacerdas carries, in the form its format allows (see :func:`is_own_output`).
GENERATOR = "kotacerdas-kg"
#: The first line of an RDF output in Turtle or N-Triples (a comment, ignored by every parser).
RDF_MARK = f"# {GENERATOR}: "
#: The prefix an output in JSON-LD declares in its context (a term no data uses: inert).
JSON_LD_MARK = f"{GENERATOR}-output"
#: The custom document property of an XLSX output (``docProps/custom.xml``).
XLSX_PROPERTY = GENERATOR
#: How much of a file is looked at to recognise it.
_HEAD_BYTES = 64 * 1024


def _head(path: Path, size: int = _HEAD_BYTES) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def _tail(path: Path, size: int = 4096) -> bytes:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            end = handle.tell()
            handle.seek(max(0, end - size))
            return handle.read()
    except OSError:
        return b""


def is_own_output(path: Path | str, recognise: Callable[[Path], bool] | None = None) -> bool:
    """Whether ``path`` is a file kotacerdas wrote, by the mark its format carries:

    * HTML (validation report, region report): ``<meta name="generator" content="kotacerdas-kg …">``;
    * Turtle, N-Triples (``convert``, ``validate --format turtle``, ``link-regions``): a first line
      ``# kotacerdas-kg: …``;
    * JSON-LD (``convert --to jsonld``): the prefix ``kotacerdas-kg-output`` in its context;
    * JSON (``validate --format json``): docs/design.md's report, which starts ``{"conforms": …`` and has ``results``;
    * XLSX: never by itself: the template's mark (:func:`xlsx_marked`) stays in a workbook a steward filled
      and saved, so only ``recognise`` (the template command's: marked and still empty) can say so;
    * text (``validate``): the report's verdict line at its end;
    * anything ``recognise`` says is the command's own (the empty CSV template: its header and nothing else).
    """
    path = Path(path)
    if recognise is not None and recognise(path):
        return True
    suffix = path.suffix.lower()
    head = _head(path)
    if suffix in (".html", ".htm"):
        return f'name="generator" content="{GENERATOR}'.encode() in head
    if suffix in (".ttl", ".nt", ".nq", ".n3"):
        return head.startswith(RDF_MARK.encode())
    if suffix == ".jsonld":
        return f'"{JSON_LD_MARK}"'.encode() in head
    if suffix == ".json":
        return head.lstrip().startswith(b'{\n  "conforms": ') and b'"results"' in head
    if suffix in (".xlsx", ".xlsm"):
        return False
    if suffix in (".txt", ".log", ""):
        return bool(re.search(rb"(LULUS|GAGAL|PASSED|FAILED): [^\n]*\n?\s*$", _tail(path)))
    return False


def xlsx_marked(path: Path) -> bool:
    """Whether the XLSX at ``path`` carries kotacerdas's custom document property (the template's mark)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/custom.xml")
            if info.file_size > _HEAD_BYTES:
                return False
            return f'name="{XLSX_PROPERTY}"'.encode() in archive.read(info)
    except (KeyError, OSError, zipfile.BadZipFile, ValueError, NotImplementedError, EOFError, RuntimeError):
        return False


def check_output_target(
    out: Path | str,
    *,
    inputs: tuple[Path | str, ...] = (),
    force: bool = False,
    recognise: Callable[[Path], bool] | None = None,
) -> None:
    """Refuse (:class:`InputError`, exit 2) to write ``out`` over one of the command's ``inputs`` (a file, or a
    folder it is inside: the store), even with ``force``; over a folder; or over an existing file that is not
    one of kotacerdas's own outputs (:func:`is_own_output`) unless ``force``."""
    target = Path(out)
    resolved = target.resolve()
    for item in inputs:
        source = Path(item)
        same = False
        try:
            same = (
                resolved == source.resolve()
                or source.resolve() in resolved.parents
                or (target.exists() and source.exists() and os.path.samefile(target, source))
            )
        except OSError:
            same = False
        if same:
            raise InputError(
                "tidak menimpa masukan perintah ini; pilih nama lain untuk --out / will not write over the "
                "command's own input; choose another name for --out",
                source=str(out),
            )
    if resolved.is_dir():
        raise InputError("tujuan adalah folder / the output path is a folder", source=str(out))
    if target.exists() and not force and not is_own_output(target, recognise):
        raise InputError(
            "berkas sudah ada dan bukan keluaran kotacerdas; pakai --force untuk menimpanya / the file exists and "
            "was not written by kotacerdas; use --force to overwrite it",
            source=str(out),
        )


def write_checked(
    out: Path | str,
    data: bytes | str,
    *,
    inputs: tuple[Path | str, ...] = (),
    force: bool = False,
    recognise: Callable[[Path], bool] | None = None,
) -> Path:
    """:func:`check_output_target`, then :func:`write_output`."""
    check_output_target(out, inputs=inputs, force=force, recognise=recognise)
    return write_output(out, data)
