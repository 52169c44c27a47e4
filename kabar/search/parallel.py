"""The parallel path of a big `kabar reindex`: the text analysis (tokenize, stems, pairs: most of
a rebuild's Python time) runs in forked worker processes while the parent reads the database and
feeds Tantivy, so every core works."""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.pool
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator

import tantivy

from kabar.search import schema as s

MIN_ARTICLES = 20_000  # below this, starting the workers costs more than it saves
BATCH = 2_000  # articles per task
IN_FLIGHT = 3  # tasks handed out ahead of the one being written
MAX_WORKERS = 4
WORKERS: int | None = None  # None: one per core but one (the writer's), at most MAX_WORKERS


@contextlib.contextmanager
def analysis_pool(total: int) -> Iterator[multiprocessing.pool.Pool | None]:
    workers = WORKERS if WORKERS is not None else min(MAX_WORKERS, (os.cpu_count() or 1) - 1)
    if total < MIN_ARTICLES or workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_worker_start, initargs=(os.getpid(),)) as pool:
        yield pool  # leaving the block terminates the workers


def _worker_start(parent: int) -> None:
    """A worker of a reindex killed with -9 exits within a second: it must not outlive it, holding
    a copy of its lock file descriptors."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _analyse(texts: list[tuple[str, str]]) -> list[list[str]]:
    """In a worker: schema.analysed_texts() of each (title, body)."""
    return [s.analysed_texts(pair) for pair in texts]


def build_parallel(
    writer: tantivy.IndexWriter,
    pool: multiprocessing.pool.Pool,
    batches: Iterator[list],
    *,
    written: Callable[[int], None],
) -> None:
    """Add the articles of ``batches`` (rows of indexing's columns, read by the caller: the workers
    need no database connection) with their text analysed by ``pool``; ``written(n)`` after each
    batch."""
    queue: deque = deque()

    def write(rows: list, analysed: multiprocessing.pool.AsyncResult) -> None:
        for row, texts in zip(rows, analysed.get(), strict=True):
            article_id, _seq, source_id, published_at, title, body, summary = row
            doc = s.document(
                article_id=article_id,
                source_id=source_id,
                published_at=published_at,
                title=title,
                body=body or summary,
                analysed=texts,
            )
            writer.add_document(doc)
        written(len(rows))

    for rows in batches:
        texts = [(title, body or summary) for _id, _seq, _src, _at, title, body, summary in rows]
        queue.append((rows, pool.apply_async(_analyse, (texts,))))
        if len(queue) > IN_FLIGHT:
            write(*queue.popleft())
    while queue:
        write(*queue.popleft())
