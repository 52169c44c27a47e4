"""DB -> search index: full rebuilds, incremental sync by change sequence, pruning of the window.

The database is the system of record and the index is derived from it. Every insert or content
change of an article takes a new, strictly increasing ``Article.seq`` (in commit order), so the
index follows the articles table by tailing ``seq``:

- ``sync()`` reads the articles with ``seq`` above the last one indexed, replaces each in the index
  (delete by id, then add if it is inside the window), commits, and only then writes the new last
  seq beside the index. A crash at any point leaves a state that is at or behind the commit, so the
  next run replays some articles, which is harmless: replacing by id is idempotent. It also prunes
  articles that have aged out of the window (they stay in the database).
- ``reindex()`` builds a new generation of the index in a new directory and swaps the ``current``
  link to it atomically, so readers never see half an index.

One process writes at a time: ``writer.lock`` (flock; the kernel frees it when a process dies) is
held while writing to the current generation. ``index_sync_after_write()`` does not wait for it:
when another process holds it (the follower under ``make run``), that one catches up by itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import tantivy
from django.conf import settings
from django.utils import timezone
from tantivy import FieldType
from tantivy import Query as TQ

from kabar.articles.models import Article
from kabar.core.sequence import ARTICLE_SEQ, sequence_current
from kabar.search import parallel
from kabar.search import schema as s

BATCH = 500  # articles read from the database per query
REINDEX_BATCH = 5_000  # a rebuild reads bigger batches: fewer queries, and no deletes to interleave
COMMIT_EVERY = 20_000  # a long sync commits (and records its progress) this often
SYNC_HEAP = 64_000_000
# A rebuild commits once, at the end: its generation is not read before the swap, and a killed one
# is thrown away, so intermediate commits would only cut it into many small segments that Tantivy
# then merges again and again. Segments are cut when the writer's heap is full instead: a big heap
# makes few of them (Tantivy merges only when there are eight of a size; 200k articles fit in
# one), and keeps a reindex under ~1 GB of memory (650 MB measured at 200k).
REINDEX_HEAP = 500_000_000
# One indexing thread (about 0.2 ms of CPU per article) gets the whole heap, so segments are big;
# it keeps up with the database reads and the text analysis on two cores.
REINDEX_THREADS = 1
WRITER_LOCK = "writer.lock"
REINDEX_LOCK = "reindex.lock"
FOLLOW_LOCK = "follow.lock"

_COLUMNS = ("id", "seq", "source_id", "published_at", "title", "body", "summary")


class IndexBusy(Exception):
    """Another process holds the lock."""


@dataclass
class SyncReport:
    added: int = 0  # documents written (new or replaced)
    removed: int = 0  # articles that left the window or the index by an update
    pruned: int = 0  # documents that aged out of the window
    seq: int = 0  # the last change number now in the index
    rebuilt: bool = False
    skipped: bool = False  # another process was writing; it will catch up
    seconds: float = 0.0


Progress = Callable[[int], None]


@contextlib.contextmanager
def file_lock(path: Path, *, wait: bool, what: str) -> Iterator[None]:
    """An exclusive flock on ``path``; IndexBusy at once when ``wait`` is false and it is taken."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise IndexBusy(f"{what} is already running (pid {holder}); lock {path}") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the only descriptor releases the lock


def _root(root: Path | None) -> Path:
    path = Path(root) if root is not None else s.index_root()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _usable(state: s.State | None) -> bool:
    if state is None or state.format != s.FORMAT:
        return False
    if state.window_days != settings.KABAR_SEARCH_WINDOW_DAYS:
        return False  # a wider window needs articles the index never took in
    # A sequence behind the index means another (restored, recreated) database: start over.
    return state.seq <= sequence_current(name=ARTICLE_SEQ)


def _older_than(moment: datetime) -> TQ:
    return TQ.range_query(s.SCHEMA, s.PUBLISHED, FieldType.Date, None, s.to_utc(moment), include_upper=False)


def _by_id(article_id: int) -> TQ:
    # IndexWriter.delete_documents_by_term does not match u64 fields in tantivy-py 0.27; a term
    # query does.
    return TQ.term_query(s.SCHEMA, s.ID, article_id)


def _apply(writer: tantivy.IndexWriter, rows: list, *, start: datetime, replace: bool) -> tuple[int, int]:
    """Write one batch of rows; returns (added, removed)."""
    added = removed = 0
    for article_id, _seq, source_id, published_at, title, body, summary in rows:
        if replace:
            writer.delete_documents_by_query(_by_id(article_id))
        if published_at >= start:
            doc = s.document(
                article_id=article_id,
                source_id=source_id,
                published_at=published_at,
                title=title,
                body=body or summary,
            )
            writer.add_document(doc)
            added += 1
        elif replace:
            removed += 1
    return added, removed


def _rows(after: int, *, upto: int | None = None, since: datetime | None = None, batch: int = BATCH) -> list:
    qs = Article.objects.filter(seq__gt=after)
    if upto is not None:
        qs = qs.filter(seq__lte=upto)
    if since is not None:
        qs = qs.filter(published_at__gte=since)
    return list(qs.order_by("seq").values_list(*_COLUMNS)[:batch])


def _tail(
    writer: tantivy.IndexWriter,
    generation: Path,
    *,
    after: int,
    start: datetime,
    report: SyncReport,
    upto: int | None = None,
    replace: bool = True,
    progress: Progress | None = None,
    commit_every: int | None = COMMIT_EVERY,
    batch: int = BATCH,
) -> int:
    """Index every change after ``after`` (up to ``upto``), committing and recording the state
    every ``commit_every`` articles (never when None); returns the last seq read. The caller
    commits the rest."""
    last, pending = after, 0
    # A first build reads only the window and needs no deletes: each article has one seq, so it
    # is read at most once, and whatever changes meanwhile gets a seq above ``upto``.
    since = None if replace else start
    while rows := _rows(last, upto=upto, since=since, batch=batch):
        added, removed = _apply(writer, rows, start=start, replace=replace)
        report.added += added
        report.removed += removed
        last = rows[-1][1]
        pending += len(rows)
        if progress is not None:
            progress(len(rows))
        if commit_every is not None and pending >= commit_every:
            writer.commit()
            s.write_state(generation, s.State(seq=last, window_days=settings.KABAR_SEARCH_WINDOW_DAYS))
            pending = 0
    return last


def sync(
    *,
    root: Path | None = None,
    wait: bool = True,
    now: datetime | None = None,
    commit_every: int = COMMIT_EVERY,
) -> SyncReport:
    """Bring the current index up to the database; builds it first when there is none usable."""
    began = time.monotonic()
    root = _root(root)
    now = now or timezone.now()
    with file_lock(root / WRITER_LOCK, wait=wait, what="an index writer"):
        generation = s.current_generation(root)
        state = s.read_state(generation) if generation is not None else None
        _remove_leftovers(root, generation)
        if _usable(state):
            report = _sync_generation(generation, state, now=now, commit_every=commit_every)
            report.seconds = time.monotonic() - began
            return report
    try:
        return reindex(root=root, now=now)
    except IndexBusy:
        return SyncReport(skipped=True, seconds=time.monotonic() - began)


def _sync_generation(
    generation: Path, state: s.State, *, now: datetime, commit_every: int = COMMIT_EVERY
) -> SyncReport:
    report = SyncReport(seq=state.seq)
    start = s.window_start(now)
    index = s.open_index(generation)
    index.reload()
    stale = index.searcher().search(_older_than(start), 1, count=True).count
    if not stale and not Article.objects.filter(seq__gt=state.seq).exists():
        return report
    with index.writer(SYNC_HEAP, 1) as writer:
        last = _tail(
            writer, generation, after=state.seq, start=start, report=report, commit_every=commit_every
        )
        if stale:
            writer.delete_documents_by_query(_older_than(start))
            report.pruned = stale
        writer.commit()
        s.write_state(generation, s.State(seq=last, window_days=settings.KABAR_SEARCH_WINDOW_DAYS))
    report.seq = last
    return report


def reindex(
    *,
    root: Path | None = None,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SyncReport:
    """Build a new generation from the database and make it current. ``progress(done, total)``."""
    began = time.monotonic()
    root = _root(root)
    now = now or timezone.now()
    start = s.window_start(now)
    report = SyncReport(rebuilt=True)
    with file_lock(root / REINDEX_LOCK, wait=False, what="kabar reindex"):
        _remove_generations(root, keep=s.current_generation(root))
        generation = root / f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{secrets.token_hex(3)}"
        generation.mkdir()
        index = tantivy.Index(s.SCHEMA, path=str(generation))
        s.register_tokenizers(index)
        upto = sequence_current(name=ARTICLE_SEQ)
        total = Article.objects.filter(seq__lte=upto, published_at__gte=start).count()
        done = 0

        def step(count: int) -> None:
            nonlocal done
            done += count
            if progress is not None:
                progress(done, total)

        if progress is not None:
            progress(0, total)
        # Workers are forked before the Tantivy writer starts its threads.
        with parallel.analysis_pool(total) as pool:
            writer = index.writer(REINDEX_HEAP, REINDEX_THREADS)
            if pool is None:
                _tail(
                    writer,
                    generation,
                    after=0,
                    upto=upto,
                    start=start,
                    report=report,
                    replace=False,
                    progress=step,
                    commit_every=None,
                    batch=REINDEX_BATCH,
                )
            else:
                parallel.build_parallel(writer, pool, _batches(upto, start), written=step)
                report.added = done
        writer.commit()
        writer.wait_merging_threads()
        s.write_state(generation, s.State(seq=upto, window_days=settings.KABAR_SEARCH_WINDOW_DAYS))
        with file_lock(root / WRITER_LOCK, wait=True, what="an index writer"):
            # Whatever changed during the build, then the switch, while no one else writes.
            catch_up = _sync_generation(
                generation, s.State(seq=upto, window_days=settings.KABAR_SEARCH_WINDOW_DAYS), now=now
            )
            report.added += catch_up.added
            report.removed += catch_up.removed
            report.pruned += catch_up.pruned
            report.seq = catch_up.seq
            old = s.current_generation(root)
            _make_current(root, generation)
        if old is not None and old != generation:
            shutil.rmtree(old, ignore_errors=True)
    report.seconds = time.monotonic() - began
    return report


def _batches(upto: int, start: datetime) -> Iterator[list]:
    """The rows of a first build, in batches of parallel.BATCH, in seq order."""
    last = 0
    while rows := _rows(last, upto=upto, since=start, batch=parallel.BATCH):
        last = rows[-1][1]
        yield rows


def _make_current(root: Path, generation: Path) -> None:
    link = root / f".{s.CURRENT}.{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(generation.name, link)
    os.replace(link, root / s.CURRENT)  # rename(2) is atomic: readers see the old link or the new
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_generations(root: Path, *, keep: Path | None) -> None:
    """Left-overs of builds that were killed, and old generations (under the reindex lock)."""
    for path in root.glob("gen-*"):
        if path.is_dir() and path != keep:
            shutil.rmtree(path, ignore_errors=True)


def _remove_leftovers(root: Path, current: Path | None) -> None:
    """Generations a killed reindex left behind, unless a reindex is building one right now."""
    if not any(path != current for path in root.glob("gen-*")):
        return
    try:
        with file_lock(root / REINDEX_LOCK, wait=False, what="kabar reindex"):
            _remove_generations(root, keep=current)
    except IndexBusy:
        pass


def index_sync_after_write() -> SyncReport:
    """For commands that write articles (import, demo-data): bring the index up to date before
    they exit, unless another process is writing it, which then catches up within its interval."""
    try:
        return sync(wait=False)
    except IndexBusy:
        return SyncReport(skipped=True)


def status(root: Path | None = None) -> dict:
    """What `kabar index --status` shows."""
    root = Path(root) if root is not None else s.index_root()
    generation = s.current_generation(root)
    state = s.read_state(generation) if generation is not None else None
    return {
        "path": str(generation) if generation else None,
        "seq": state.seq if state else None,
        "db_seq": sequence_current(name=ARTICLE_SEQ),
        "usable": _usable(state),
    }
