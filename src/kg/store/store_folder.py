"""Where the embedded store lives and how its folder is opened: ``--store DIR``, else ``$KOTACERDAS_STORE``,
else the user's data folder (:func:`default_store_path`); read-write, or read-only when the folder cannot be
written; one line for a folder another process holds (:class:`StoreBusyError`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import InputError

#: Environment variable naming the default store folder.
STORE_VARIABLE = "KOTACERDAS_STORE"


def user_data_dir() -> Path:
    """The platform's folder for this user's application data (``kotacerdas/`` goes inside it)."""
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def default_store_path() -> Path:
    """``$KOTACERDAS_STORE`` if set, else ``kotacerdas/store`` in the platform's user data folder."""
    chosen = os.environ.get(STORE_VARIABLE)
    if chosen:
        return Path(chosen).expanduser()
    return user_data_dir() / "kotacerdas" / "store"


class StoreBusyError(InputError):
    """Another process holds the store (a running ``load`` or ``serve``)."""


def _busy(path: Path) -> StoreBusyError:
    return StoreBusyError(
        "penyimpanan sedang dipakai proses kotacerdas lain (load atau serve); tunggu sampai selesai atau "
        "hentikan proses itu, lalu ulangi / the store is in use by another kotacerdas process (load or serve): "
        "wait until it ends or stop it, then try again",
        source=str(path),
    )


def _unwritable(error: OSError) -> bool:
    text = str(error)
    return any(reason in text for reason in ("Read-only file system", "Permission denied"))


def open_pyoxigraph(path: Path, read_only: bool = False) -> tuple[ox.Store, bool]:
    """Open the pyoxigraph store in ``path``: read-write, or read-only when asked or when the folder cannot be
    written; the store and whether it is read-only. One-line :class:`InputError` for a file in the way, a
    folder held by another process, or data that is not a store. A rebuild's swap that a kill cut short is
    completed first (:func:`kg.store.swap.finish_interrupted_swap`)."""
    from kg.store.swap import finish_interrupted_swap

    try:
        finish_interrupted_swap(path)
    except OSError:  # a folder that cannot be written: opened as it is
        pass
    if path.exists() and not path.is_dir():
        raise InputError(
            "bukan folder penyimpanan, melainkan berkas / not a store folder but a file: give a folder (--store DIR)",
            source=str(path),
        )
    if not read_only:
        try:
            path.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(path)), False
        except OSError as error:
            if "LOCK" in str(error) and ("temporarily unavailable" in str(error) or "lock hold" in str(error)):
                raise _busy(path) from None
            if not (path.is_dir() and _unwritable(error)):
                raise InputError(
                    f"tidak dapat membuka penyimpanan / cannot open the store: {error}", source=str(path)
                ) from None
    try:
        return ox.Store.read_only(str(path)), True
    except OSError as error:
        raise InputError(
            f"tidak dapat membuka penyimpanan / cannot open the store: {error}", source=str(path)
        ) from None
