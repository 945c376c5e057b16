"""Where the files of ``/dumps/`` are: ``--dumps DIR`` (the files ``kotacerdas dump --out DIR`` wrote there,
kept current after every write, so a reverse proxy may send them itself), or a folder of the server's own,
filled once per store generation, on the first request after a write."""

from __future__ import annotations

import shutil
import tempfile
import threading
from concurrent.futures import Executor
from pathlib import Path

from kg.web.dataset import Dataset


class DumpFolder:
    """The dump files of one server (``fixed``: the ``--dumps`` folder; ``None``: a temporary folder of its own)."""

    def __init__(self, dataset: Dataset, writes: Executor, fixed: Path | str | None = None) -> None:
        self.dataset = dataset
        self.writes = writes
        self.fixed = fixed
        self._folder: Path | None = Path(fixed) if fixed is not None else None
        self._generation = -1
        self._lock = threading.Lock()
        if fixed is not None:
            dataset.on_change(self._refresh_later)

    def _refresh_later(self) -> None:
        self.writes.submit(self.current)

    def current(self) -> Path:
        """The folder, its dumps made for the store as it is now (written again only after a write)."""
        with self._lock:
            generation = self.dataset.generation
            if self._generation != generation:
                from kg.publish.dumps import write_dumps

                if self._folder is None:
                    self._folder = Path(tempfile.mkdtemp(prefix="kotacerdas-dumps-"))
                write_dumps(self.dataset.graph_store, self._folder)
                self._generation = generation
            assert self._folder is not None  # made above on the first call
            return self._folder

    @staticmethod
    def names() -> list[str]:
        from kg.publish.dumps import NQUADS_NAME, TURTLE_NAME

        return [f"{NQUADS_NAME}.gz", f"{TURTLE_NAME}.gz"]

    def close(self) -> None:
        if self.fixed is None and self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
