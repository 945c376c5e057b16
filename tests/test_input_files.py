"""What a file is decides how it is read: only regular files (issue 7, item 10), and text in the encoding it
really has, decided on the whole file (item 12)."""

from __future__ import annotations

import os
import socket
import threading

import pytest

from kg.core.errors import InputError
from kg.submissions.tables import read_submission
from submission_helpers import run_cli

HEADER = ["id_program", "kode_wilayah", "tahun", "nama_program", "inisiatif", "anggaran", "status"]


def _rows(count: int, name: str = "Program") -> list[list[str]]:
    return [[f"P-{n}", "32.73", "2025", f"{name} {n}", "GOV-01", "1000", "rencana"] for n in range(1, count + 1)]


def _text(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    return newline.join(delimiter.join(row) for row in [HEADER, *rows]) + newline


# --- item 10: FIFOs, devices, sockets -----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("command", ["validate", "convert", "load"])
def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path, command):
    """Item 10: a FIFO as input hung forever (and `load` held the store lock meanwhile)."""
    fifo = tmp_path / "programs.csv"
    os.mkfifo(fifo)
    extra = ["--store", tmp_path / "store"] if command == "load" else []
    done = run_cli(command, fifo, *extra)  # run_cli has a timeout: a hang fails the test
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()] and "FIFO" in done.stderr
    assert "programs.csv" in done.stderr


def test_a_fifo_with_a_writer_is_refused_too_and_never_read(tmp_path):
    fifo = tmp_path / "programs.csv"
    os.mkfifo(fifo)
    written = threading.Event()

    def writer() -> None:
        try:
            descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # no reader: the refusal never opened it
            return
        written.set()
        os.close(descriptor)

    thread = threading.Thread(target=writer)
    with pytest.raises(InputError, match="not a regular file .FIFO."):
        read_submission(fifo)
    thread.start()
    thread.join(5)
    assert not written.is_set()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused(device):
    if not os.path.exists(device):
        pytest.skip(f"{device} is missing")
    with pytest.raises(InputError, match="not a regular file .device."):
        read_submission(device)


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.csv"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError:
        pytest.skip("unix sockets are not available")
    try:
        with pytest.raises(InputError, match="not a regular file .socket."):
            read_submission(path)
    finally:
        server.close()


def test_a_symbolic_link_to_a_regular_file_is_read(tmp_path):
    target = tmp_path / "real.csv"
    target.write_text(_text(_rows(1)))
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert len(read_submission(link).rows) == 1


# --- item 12: encodings ------------------------------------------------------------------------------------


def test_windows_1252_with_its_first_accent_after_64_kb_is_read(tmp_path):
    """Item 12: a valid Windows-1252 CSV was refused ("undecodable characters") past the 64 KB probe."""
    rows = _rows(2000)  # ~80 KB of ASCII
    rows.append(["P-X", "32.73", "2025", "Caf\u00e9 \u2013 Pasar \u201cBaru\u201d", "ECO-01", "5", "rencana"])
    path = tmp_path / "ansi.csv"
    path.write_bytes(_text(rows, ";", "\r\n").encode("cp1252"))
    assert path.stat().st_size > 64 * 1024
    table = read_submission(path)
    assert table.rows[-1].cells["nama_program"] == "Caf\u00e9 \u2013 Pasar \u201cBaru\u201d"
    assert len(table.rows) == 2001


def test_utf8_with_its_first_accent_after_64_kb_stays_utf8(tmp_path):
    rows = _rows(2000)
    rows.append(["P-X", "32.73", "2025", "Caf\u00e9 \u2013 \u4e2d", "ECO-01", "5", "rencana"])
    path = tmp_path / "utf8.csv"
    path.write_text(_text(rows), encoding="utf-8")
    assert read_submission(path).rows[-1].cells["nama_program"] == "Caf\u00e9 \u2013 \u4e2d"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_unicode_text_from_excel_is_read(tmp_path, encoding):
    """Item 12: Excel's "Unicode Text" (UTF-16 with a BOM, tab-separated) was called "binary"."""
    rows = _rows(3, "Caf\u00e9 \u2013")
    text = _text(rows, "\t", "\r\n")
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # BOM-less, as some tools write it
        assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    path = tmp_path / "unicode.txt"
    path.write_bytes(data)
    table = read_submission(path)
    assert [row.cells["nama_program"] for row in table.rows] == [f"Caf\u00e9 \u2013 {n}" for n in range(1, 4)]


def test_unicode_text_through_the_command_line(tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_bytes(_text(_rows(2, "Sekolah"), "\t", "\r\n").encode("utf-16"))
    done = run_cli("convert", path)
    assert done.returncode == 0, done.stderr
    assert "Sekolah 2" in done.stdout


def test_bytes_that_are_neither_utf8_nor_windows_1252_name_their_line(tmp_path):
    rows = _rows(5)
    data = _text(rows).encode("ascii").replace(b"Program 4", b"Program \x81\x8d")
    path = tmp_path / "broken.csv"
    path.write_bytes(data)
    with pytest.raises(InputError, match="undecodable characters") as error:
        read_submission(path)
    assert error.value.row == 5  # the header is line 1


def test_binary_junk_is_still_refused(tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(InputError, match="binary"):
        read_submission(path)
