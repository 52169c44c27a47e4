"""`kabar recluster`: rebuild the stories from the articles, deterministically.

Articles are read in (published_at, id) order and clustered in memory (engine.Clusterer, with an
LSH window of the last WINDOW_DAYS), so the same articles always give the same stories, with the
same ids after a full rebuild (they are numbered from 1 in that order). Fingerprints are computed
in worker processes when there is more than one CPU; the clustering itself stays in one process.
Rows are written in chunks, one transaction each, so the crawler's writes can go in between.

While it runs the cursor holds REBUILDING and `stories_sync` refuses to run; at the end the cursor
is set to the change number read at the start, so articles changed meanwhile are re-clustered by
the next sync. Run one rebuild at a time.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, connections, transaction
from django.db.models import Max, Q
from django.utils import timezone

from kabar.articles.models import Article
from kabar.core.sequence import ARTICLE_SEQ, sequence_current
from kabar.stories import fingerprint as fpr
from kabar.stories.engine import WINDOW, Clusterer, Item
from kabar.stories.models import Story, StoryBand, StoryCursor, StoryMember
from kabar.stories.services import (
    CURSOR,
    MEMBER_COLUMNS,
    REBUILDING,
    day_number,
    member_item,
    member_row,
    member_values,
    story_fields,
    story_refresh,
    story_split,
)
from kabar.stories.sql import delete_all, delete_stories_begun_since, insert_rows, reset_story_ids, texts_of

READ = 2_000  # articles read per query
CHUNK = 100  # articles per task for a worker process
FLUSH = 10_000  # articles written per transaction
BAND_COLUMNS = ("day", "band", "key", "article_id")  # the primary key's order
_STORY_COLUMNS = ("id", "representative_id", "origin", "size", "outlet_count", "first_seen", "last_updated")


@dataclass
class RebuildReport:
    articles: int = 0
    stories: int = 0  # stories written (new ones)
    multi: int = 0  # of those, stories with more than one article
    seconds: float = 0.0


def recluster(
    *,
    since: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> RebuildReport:
    """Rebuild the stories of articles published at or after ``since`` (all when None)."""
    began = time.monotonic()
    workers = _workers() if workers is None else workers
    pool = None
    # Forking needs the connections closed first, which a caller's open transaction forbids.
    if workers > 1 and not connection.in_atomic_block:
        connections.close_all()  # the children must not share the parent's connection
        pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        report = _run(since=since, progress=progress, pool=pool)
    finally:
        if pool is not None:
            pool.terminate()
    report.seconds = time.monotonic() - began
    return report


def total_to_do(*, since: datetime | None = None) -> int:
    qs = Article.objects.all() if since is None else Article.objects.filter(published_at__gte=since)
    return qs.count()


def _workers() -> int:
    return min(4, len(os.sched_getaffinity(0)))


def _run(*, since, progress, pool) -> RebuildReport:
    with transaction.atomic():
        StoryCursor.objects.get_or_create(name=CURSOR)
        cursor = StoryCursor.objects.select_for_update().get(name=CURSOR)
        upto = sequence_current(name=ARTICLE_SEQ)
        cursor.seq = REBUILDING
        cursor.save(update_fields=["seq"])
        touched = _clear(since)
    first_story = (Story.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    clusterer = Clusterer(first_story=first_story)
    _seed(clusterer, since)
    if connection.vendor == "sqlite":
        with connection.cursor() as c:
            c.execute("PRAGMA cache_size = -262144")  # 256 MiB: the band index is written at random
    writer = _Writer(first_new=first_story)
    for item in _items(since=since, pool=pool):
        clusterer.add(item)
        writer.add(item)
        if writer.pending >= FLUSH:
            writer.flush(clusterer.closed(now=item.published_at))
            if progress is not None:
                progress(writer.flushed_since_report())
    writer.flush(clusterer.closed(now=None))
    if progress is not None:
        progress(writer.flushed_since_report())
    with transaction.atomic():
        # Kept stories that a new article linked together become one.
        for absorbed, survivor in clusterer.absorbed:
            if absorbed < first_story:
                StoryMember.objects.filter(story_id=absorbed).update(story_id=survivor)
                touched |= {absorbed, survivor}
        for story_id in sorted(touched | writer.touched_kept):
            story_refresh(story_id=story_id)
        reset_story_ids()
        StoryCursor.objects.filter(name=CURSOR).update(seq=upto)
    return writer.report


def _clear(since: datetime | None) -> set[int]:
    """Delete what the rebuild will write again; returns the kept stories that lost members."""
    if since is None:
        delete_all([StoryBand, StoryMember, Story])
        return set()
    spanning = set(
        Story.objects.filter(last_updated__gte=since, first_seen__lt=since).values_list("id", flat=True)
    )
    first_day = day_number(since)
    StoryBand.objects.filter(day__gte=first_day).delete()
    StoryMember.objects.filter(published_at__gte=since).delete()
    delete_stories_begun_since(since)
    # The band rows of the kept articles published on the boundary day before ``since``.
    rows = []
    for article_id, published_at, signature in StoryMember.objects.filter(
        published_at__gte=since - timedelta(days=1), published_at__lt=since
    ).values_list("article_id", "published_at", "signature"):
        if day_number(published_at) >= first_day:
            keys = fpr.band_hashes(fpr.signature_from_bytes(bytes(signature)))
            rows += [(first_day, band, key, article_id) for band, key in enumerate(keys)]
    insert_rows(StoryBand, BAND_COLUMNS, sorted(rows))
    # A kept story may have held together only through the articles taken out: split it, as a
    # full rebuild would (the new articles may join the parts again).
    for story_id in sorted(spanning):
        spanning |= story_split(story_id=story_id)
    return spanning


def _seed(clusterer: Clusterer, since: datetime | None) -> None:
    """The kept articles of the WINDOW before ``since``, which the first new articles may join."""
    if since is None:
        return
    qs = StoryMember.objects.filter(published_at__gte=since - WINDOW, published_at__lt=since)
    for member in member_values(qs.order_by("published_at", "article_id")):
        clusterer.seed(member_item(member))


def _pages(since: datetime | None) -> Iterator[list[tuple]]:
    """(id, seq, source id, published_at) of every article to cluster, in (published_at, id)
    order, READ at a time (keyset paging); the texts are read by whoever fingerprints them."""
    qs = Article.objects.order_by("published_at", "id").values_list("id", "seq", "source_id", "published_at")
    if since is not None:
        qs = qs.filter(published_at__gte=since)
    page = list(qs[:READ])
    while page:
        yield page
        article_id, _, _, published_at = page[-1]
        after = Q(published_at__gt=published_at) | Q(published_at=published_at, id__gt=article_id)
        page = list(qs.filter(after)[:READ])


def _fingerprints(ids: list[int]) -> list[tuple[fpr.Fingerprint, list[int]]]:
    """Fingerprints and band keys of these articles, in order (run in a worker process, with its
    own database connection)."""
    texts = texts_of(ids)
    out = []
    for article_id in ids:
        fp = fpr.fingerprint(**texts[article_id])
        out.append((fp, fpr.band_hashes(fp.signature)))
    return out


def _items(*, since, pool) -> Iterator[Item]:
    """The articles with their fingerprints, in order. With a pool, the workers fingerprint the
    next page while this process clusters the current one."""

    def start(page: list[tuple]):
        ids = [row[0] for row in page]
        if pool is None:
            return _fingerprints(ids)
        chunks = [ids[n : n + CHUNK] for n in range(0, len(ids), CHUNK)]
        return pool.map_async(_fingerprints, chunks)

    def finish(page: list[tuple], job) -> Iterator[Item]:
        prints = job if pool is None else [found for chunk in job.get() for found in chunk]
        for (article_id, seq, source_id, published_at), (fp, bands) in zip(page, prints, strict=True):
            yield Item(
                id=article_id, published_at=published_at, fp=fp, source_id=source_id, seq=seq, bands=bands
            )

    waiting = None
    for page in _pages(since):
        job = start(page)
        if waiting is not None:
            yield from finish(*waiting)
        waiting = (page, job)
    if waiting is not None:
        yield from finish(*waiting)


class _Writer:
    """Writes band rows as articles come, and a story with its members once it can no longer grow
    (so a merge never has to touch written rows); one transaction per flush."""

    def __init__(self, *, first_new: int) -> None:
        self.first_new = first_new  # stories numbered below this were kept from before
        self.touched_kept: set[int] = set()
        self.bands: list[tuple] = []
        self.report = RebuildReport()
        self.pending = 0
        self._reported = 0
        self._now = timezone.now()

    def add(self, item: Item) -> None:
        if fpr.can_match(item.fp):
            day = day_number(item.published_at)
            self.bands += [(day, band, key, item.id) for band, key in enumerate(item.band_list())]
        self.pending += 1
        self.report.articles += 1

    def flush(self, closed: list[tuple[int, list[Item]]]) -> None:
        stories, members = [], []
        for story_id, items in closed:
            new = [item for item in items if not item.stored]
            if story_id < self.first_new:
                if new:
                    self.touched_kept.add(story_id)
            else:
                fields = story_fields([(i.id, i.published_at, i.fp.origin, i.source_id) for i in items])
                stories.append((story_id, *(fields[c] for c in _STORY_COLUMNS[1:])))
                self.report.stories += 1
                self.report.multi += len(items) > 1
            members += [member_row(item, story_id, joined_at=self._now) for item in new]
        with transaction.atomic():
            insert_rows(Story, _STORY_COLUMNS, stories)
            insert_rows(StoryMember, MEMBER_COLUMNS, members)
            # In key order: the rows go (nearly) at the end of the index, day after day.
            insert_rows(StoryBand, BAND_COLUMNS, sorted(self.bands))
        self.bands, self.pending = [], 0

    def flushed_since_report(self) -> int:
        done = self.report.articles - self._reported
        self._reported = self.report.articles
        return done
