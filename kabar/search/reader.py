"""Reading the index: the current generation's searcher for the web workers, reopened when a commit
or a reindex replaced it, and a small cache of results that goes with each commit."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

import tantivy
from tantivy import Order
from tantivy import Query as TQ

from kabar.search import schema as s

CACHE_SIZE = 128  # results of recent searches (for paging), per index commit


class IndexUnavailable(Exception):
    """There is no index yet (the first `kabar index` has not finished), or it has another format."""


class LruCache:
    """A small least-recently-used map; thread-safe (gunicorn threads share a reader)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value):
        with self._lock:
            self.items[key] = value
            if len(self.items) > self.size:
                self.items.popitem(last=False)
            return value

    def clear(self) -> None:
        with self._lock:
            self.items.clear()


class Reader:
    """The current generation of the index, for searching. Cheap to ask on every request: it reads
    the ``current`` link and stats the generation's meta.json (which Tantivy replaces on each commit),
    and reopens or reloads only when one of them changed. Results cached for the last commit go
    with it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache = LruCache()
        self._lock = threading.RLock()
        self._pid = os.getpid()
        self._generation: Path | None = None
        self._index: tantivy.Index | None = None
        self._meta: tuple | None = None
        self._searcher: tantivy.Searcher | None = None
        self._oldest: float | None | bool = False  # False: not computed for this searcher yet
        self._version = 0

    def searcher(self) -> tantivy.Searcher:
        with self._lock:
            self._refresh()
            return self._searcher

    def snapshot(self) -> tuple[tantivy.Searcher, float | None, int]:
        """The searcher of the last commit, the earliest publication time in it (epoch seconds; None
        when empty) and a number that changes with every commit seen (for cache keys)."""
        with self._lock:
            searcher = self.searcher()
            if self._oldest is False:
                hits = searcher.search(
                    TQ.all_query(), 1, count=False, order_by_field=s.RANK, order=Order.Asc
                ).hits
                self._oldest = (hits[0][0] >> s.ID_BITS) + s.RANK_EPOCH if hits else None
            return searcher, self._oldest, self._version

    def _refresh(self) -> None:
        generation = s.current_generation(self.root)
        if generation is None:
            raise IndexUnavailable("no search index yet")
        if generation != self._generation or os.getpid() != self._pid:
            state = s.read_state(generation)
            if state is None or state.format != s.FORMAT:
                raise IndexUnavailable("the search index has another format; run kabar reindex")
            try:
                index = s.open_index(generation)
            except ValueError as exc:  # removed by a reindex between the two lines: ask again later
                raise IndexUnavailable(str(exc)) from None
            self._generation, self._index, self._meta, self._pid = generation, index, None, os.getpid()
        try:
            meta = _signature(generation / "meta.json")
        except OSError:
            raise IndexUnavailable("the search index is being replaced") from None
        if meta != self._meta:
            self._index.reload()
            self._searcher = self._index.searcher()
            self._meta = meta
            self._oldest = False
            self._version += 1
            self.cache.clear()


def _signature(path: Path) -> tuple:
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


_READERS: dict[Path, Reader] = {}
_READERS_LOCK = threading.Lock()


def reader(root: Path | None = None) -> Reader:
    root = Path(root) if root is not None else s.index_root()
    with _READERS_LOCK:
        found = _READERS.get(root)
        if found is None:
            found = _READERS[root] = Reader(root)
        return found


def forget_readers() -> None:
    """Close every open index (tests use a new data directory each time)."""
    with _READERS_LOCK:
        _READERS.clear()
