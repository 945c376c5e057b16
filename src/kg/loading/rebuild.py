"""Rebuilding a store from a whole set of submissions (``kotacerdas load --rebuild DIR…``): at bulk-load speed, and
safe.

The files are validated in parallel (one worker process per core) and written into a new store folder beside
the old one (:func:`kg.store.swap.new_folder`) with pyoxigraph's bulk loader, their provenance records and
coverage observations in the same steps (:func:`kg.loading.load.load_files` into an empty store); the new store
then takes the old one's place by renames (:func:`kg.store.swap.swap_in`). The old store is held open (locked)
until the swap, so a ``serve`` or ``load`` cannot start on it meanwhile, and a store already in use is refused
before any work. A kill at any moment leaves the old store whole or the new one whole; a rebuild refused for
violations, or that fails, leaves the old store as it was and removes the new folder.

The rebuilt store holds the reference data and the given submissions only: what the old store held from other
files is not carried over (a rebuild is the whole set).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from kg.core.errors import InputError
from kg.loading.load import LoadOutcome, Progress, load_files
from kg.store import swap
from kg.store.embedded import EmbeddedStore

#: File name endings a folder given to a rebuild is searched for (tables and RDF; not ``.json``, which a folder
#: of submissions also holds for other things, such as the generator's summaries).
SUBMISSION_SUFFIXES = frozenset({".csv", ".xlsx", ".xlsm", ".ods", ".ttl", ".nt", ".jsonld"})


def submission_files(paths: Iterable[Path | str]) -> list[Path]:
    """``paths`` with each folder replaced by the submission files under it (any depth, sorted; hidden files
    and folders left out). One :class:`InputError` line for a path that does not exist."""
    found: list[Path] = []
    for given in map(Path, paths):
        if given.is_dir():
            found.extend(
                path
                for path in sorted(given.rglob("*"))
                if path.is_file()
                and path.suffix.lower() in SUBMISSION_SUFFIXES
                and not any(part.startswith(".") for part in path.relative_to(given).parts)
            )
        elif given.exists():
            found.append(given)
        else:
            raise InputError("berkas atau folder tidak ada / no such file or folder", source=str(given))
    if not found:
        raise InputError(
            "tidak ada berkas pengajuan / no submission files (.csv, .xlsx, .ods, .ttl, .nt, .jsonld) found",
            source=" ".join(str(path) for path in paths),
        )
    return found


def rebuild_store(
    paths: Iterable[Path | str],
    store_path: Path | str,
    *,
    force: bool = False,
    agent: str | None = None,
    progress: Progress | None = None,
    lang: str = "id",
    origin: str | None = None,
    each_file: bool = False,
    workers: int | None = None,
    checkpoint: Callable[[str], None] | None = None,
) -> LoadOutcome:
    """Rebuild the store in ``store_path`` from ``paths`` (files or folders; see the module's description) and
    swap it in; the load's outcome (refused: nothing changed). ``checkpoint(step)``: the load's steps, then
    ``"closed"`` and the swap's (:func:`kg.store.swap.swap_in`). Raises :class:`kg.store.embedded.StoreBusyError`
    when another process holds the store."""
    from kg.store.embedded import StoreBusyError
    from kg.store.server_file import read_server_file

    path = Path(store_path)
    step = checkpoint or (lambda _step: None)
    files = submission_files(paths)
    if read_server_file(path) is not None:
        raise StoreBusyError(
            "penyimpanan sedang dilayani oleh kotacerdas serve: hentikan serve, jalankan --rebuild, lalu jalankan "
            "serve lagi / the store is served by kotacerdas serve: stop serve, run --rebuild, then start serve again",
            source=str(path),
        )
    holder = EmbeddedStore(path, reference=False) if path.exists() else None  # refused here while in use
    try:
        swap.discard_leftovers(path)
        new = swap.new_folder(path)
        try:
            fresh = EmbeddedStore(new, reference=False)
            try:
                outcome = load_files(
                    files,
                    fresh,
                    force=force,
                    agent=agent,
                    progress=progress,
                    lang=lang,
                    checkpoint=step,
                    workers=workers,
                    origin=origin,
                    each_file=each_file,
                )
            finally:
                fresh.close()
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        if outcome.refused:
            shutil.rmtree(new, ignore_errors=True)
            return outcome
        step("closed")
    finally:
        if holder is not None:
            holder.close()
    swap.swap_in(path, step)
    return outcome
