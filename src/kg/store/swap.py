"""A rebuilt store folder put in place of the old one so that a kill at any moment leaves one of them whole.

A rebuild (:func:`kg.loading.rebuild.rebuild_store`) writes a new store into ``STORE.rebuild-new`` beside the
store folder ``STORE``; the old store is not touched. Once the new one is complete and closed, :func:`swap_in`:

1. writes the marker file ``STORE.rebuild-ready`` (the new folder is complete);
2. renames ``STORE`` to ``STORE.rebuild-old``;
3. renames ``STORE.rebuild-new`` to ``STORE``;
4. removes the marker, then the old folder.

Each rename is atomic (same parent folder) and the parent folder is synced after each step. Killed before step
2, ``STORE`` is the old store, whole (the leftovers are removed by the next rebuild); killed between 2 and 3,
``STORE`` is missing: :func:`finish_interrupted_swap`, run before any store folder is opened, completes the
swap (the marker says the new folder is complete; without it the old folder is put back); killed after 3,
``STORE`` is the new store and the old folder is removed when next opened.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path


def new_folder(path: Path) -> Path:
    """Where a rebuild writes its new store."""
    return path.with_name(path.name + ".rebuild-new")


def collected_file(path: Path) -> Path:
    """Where a rebuild collects the quads of its new store before bulk-loading them (TriG)."""
    return path.with_name(path.name + ".rebuild-new.trig")


def ready_marker(path: Path) -> Path:
    """The file saying that :func:`new_folder` holds a complete store."""
    return path.with_name(path.name + ".rebuild-ready")


def old_folder(path: Path) -> Path:
    """Where the old store waits during the swap."""
    return path.with_name(path.name + ".rebuild-old")


def _sync(folder: Path) -> None:
    """Make the renames in ``folder`` durable (a power cut, not only a kill); nothing where a folder cannot be
    opened (Windows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def finish_interrupted_swap(path: Path) -> str | None:
    """Complete a swap that a kill cut short (see the module's description): ``"new"`` when the new store was
    put in place, ``"old"`` when the old one was put back, ``"cleaned"`` when only the old folder was left to
    remove, ``None`` when there was nothing to do (the usual case: one ``stat``)."""
    old = old_folder(path)
    if not old.exists():
        return None
    new, ready = new_folder(path), ready_marker(path)
    answer = "cleaned"
    if not path.exists():
        if new.is_dir() and ready.exists():
            os.rename(new, path)
            answer = "new"
        else:  # the swap never starts without the marker: kept for safety
            os.rename(old, path)
            _sync(path.parent)
            return "old"
        _sync(path.parent)
    ready.unlink(missing_ok=True)
    shutil.rmtree(old, ignore_errors=True)
    return answer


def discard_leftovers(path: Path) -> None:
    """Remove what an earlier rebuild left beside ``path`` before its swap began (a new folder, complete or not,
    its marker and its collected quads)."""
    finish_interrupted_swap(path)
    ready_marker(path).unlink(missing_ok=True)
    collected_file(path).unlink(missing_ok=True)
    path.with_name(path.name + ".rebuild-new.nq").unlink(missing_ok=True)  # what 0.7.0-0.7.1 collected (N-Quads)
    shutil.rmtree(new_folder(path), ignore_errors=True)


def swap_in(path: Path, checkpoint: Callable[[str], None] | None = None) -> None:
    """Put the complete, closed store in :func:`new_folder` in place of ``path`` (which no process holds), with
    ``checkpoint(step)`` after each step: ``"ready"``, ``"old-moved"``, ``"new-moved"``, ``"swapped"``."""
    step = checkpoint or (lambda _step: None)
    new, ready, old = new_folder(path), ready_marker(path), old_folder(path)
    parent = path.parent
    _sync(new)
    with ready.open("wb") as handle:
        os.fsync(handle.fileno())
    _sync(parent)
    step("ready")
    if path.exists():
        os.rename(path, old)
        _sync(parent)
    step("old-moved")
    os.rename(new, path)
    _sync(parent)
    step("new-moved")
    ready.unlink()
    _sync(parent)
    shutil.rmtree(old, ignore_errors=True)
    step("swapped")
