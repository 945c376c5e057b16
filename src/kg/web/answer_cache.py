"""Answers kept per store generation: the same request is answered from memory until the next write.

Each answer carries an ``ETag`` made from the store's state tag and the request's key, and the store's
``Last-Modified`` time; a conditional request (``If-None-Match``, ``If-Modified-Since``) that still matches
gets ``304 Not Modified``. Every write makes a new generation, which empties the cache: an answer is never
served for an older state of the store. Bounded: answers over :data:`MAX_ENTRY_BYTES` are not kept, and the
least recently used go first beyond :data:`MAX_TOTAL_BYTES`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

MAX_ENTRY_BYTES = 4 << 20
MAX_TOTAL_BYTES = 128 << 20


@dataclass(frozen=True)
class CachedAnswer:
    """A whole answer: status, body, headers (without the ones the cache adds)."""

    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str


class AnswerCache:
    """An LRU of answers for one generation of the store (see the module's description)."""

    def __init__(self, max_total: int = MAX_TOTAL_BYTES, max_entry: int = MAX_ENTRY_BYTES) -> None:
        self._entries: OrderedDict[tuple, CachedAnswer] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.max_total = max_total
        self.max_entry = max_entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def get(self, key: tuple) -> CachedAnswer | None:
        with self._lock:
            answer = self._entries.get(key)
            if answer is not None:
                self._entries.move_to_end(key)
            return answer

    def put(self, key: tuple, answer: CachedAnswer) -> None:
        if len(answer.body) > self.max_entry:
            return
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._size -= len(previous.body)
            self._entries[key] = answer
            self._size += len(answer.body)
            while self._size > self.max_total and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body)


def make_etag(state_tag: str, key: tuple) -> str:
    """A strong ETag for the answer to ``key`` in the store state ``state_tag``."""
    digest = hashlib.sha256(repr((state_tag, key)).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f'"{digest}"'


def not_modified(headers, etag: str, last_modified: str) -> bool:
    """Whether a request's conditional headers match the current answer (RFC 9110 §13.2.2 order)."""
    match = headers.get("if-none-match")
    if match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in match.split(",")]
        return "*" in tags or etag in tags
    since = headers.get("if-modified-since")
    if since:
        try:
            return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False
