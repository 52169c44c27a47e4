"""Writes to stories: incremental clustering of new and changed articles, and the sync that tails
``Article.seq`` like the search index does. What a story is: see engine.py.

Adding one article costs a fingerprint, one candidate query on the band table's primary key (a
seek per band and per day of the articles published within WINDOW_DAYS) and a handful of small
writes; it never scans a table. An article whose ``seq`` changed since it was clustered is
taken out of its story and clustered again. One writer at a time: every write happens inside a
transaction that first locks the cursor row (on SQLite the IMMEDIATE transaction already does).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from kabar.articles.models import Article
from kabar.stories import fingerprint as fpr
from kabar.stories.engine import WINDOW, Item, components, links
from kabar.stories.models import Story, StoryCursor, StoryMember
from kabar.stories.sql import (
    articles_to_cluster,
    band_candidates,
    band_delete,
    band_insert,
    cursor_lock,
    insert_rows,
    members_of,
)

log = logging.getLogger(__name__)

CURSOR = "articles"
REBUILDING = -1  # the cursor's value while `kabar recluster` runs (or after it was interrupted)
BATCH = 500
_EPOCH = date(1970, 1, 1).toordinal()
MEMBER_COLUMNS = (
    "article_id", "story_id", "seq", "published_at", "origin", "signature", "shingles", "marks", "joined_at",
)  # fmt: skip


class ClusteringBusy(Exception):
    """A rebuild is running, or was interrupted; `kabar recluster` must finish first."""


@dataclass
class AssignReport:
    assigned: int = 0  # articles clustered (new or changed)
    unchanged: int = 0  # already clustered at their current seq
    missing: int = 0  # ids with no article
    joined: int = 0  # of the assigned, how many joined an existing story
    seq: int = 0  # sync only: the cursor afterwards
    seconds: float = 0.0


def day_number(moment: datetime) -> int:
    return moment.astimezone(UTC).date().toordinal() - _EPOCH


def story_assign(*, article_ids: Iterable[int]) -> AssignReport:
    """Cluster these articles: new ones join a story or start one, changed ones are re-clustered,
    unchanged ones are left alone (so calling it twice changes nothing)."""
    began = time.monotonic()
    ids = sorted(set(article_ids))
    report = AssignReport()
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            _lock_cursor()
            _assign_batch(ids[start : start + BATCH], report)
    report.seconds = time.monotonic() - began
    return report


def stories_sync(*, batch: int = BATCH, progress: Callable[[int], None] | None = None) -> AssignReport:
    """Cluster every article changed since the last sync (by ``Article.seq``), in batches, each
    batch and the cursor in one transaction. Raises ClusteringBusy during a rebuild."""
    began = time.monotonic()
    report = AssignReport()
    while True:
        with transaction.atomic():
            seq = _lock_cursor()
            rows = list(Article.objects.filter(seq__gt=seq).order_by("seq").values_list("id", "seq")[:batch])
            if not rows:
                report.seq = seq
                break
            _assign_batch([article_id for article_id, _ in rows], report)
            report.seq = rows[-1][1]
            StoryCursor.objects.filter(name=CURSOR).update(seq=report.seq)
        if progress is not None:
            progress(len(rows))
    report.seconds = time.monotonic() - began
    return report


def stories_sync_after_write() -> AssignReport | None:
    """For writers of articles (import, demo data): cluster what they wrote. Returns None when a
    recluster is running, which then hands over to the next sync by itself."""
    try:
        return stories_sync()
    except ClusteringBusy:
        log.info("stories: a recluster is running; the new articles are clustered after it")
        return None


def cursor_seq() -> int:
    return StoryCursor.objects.filter(name=CURSOR).values_list("seq", flat=True).first() or 0


def _lock_cursor() -> int:
    """Lock the cursor row until the transaction ends; returns the cursor."""
    seq = cursor_lock(CURSOR)
    if seq is None:
        StoryCursor.objects.get_or_create(name=CURSOR)
        seq = cursor_lock(CURSOR)
    if seq == REBUILDING:
        raise ClusteringBusy("a recluster is running or was interrupted; run `kabar recluster`")
    return seq


def _assign_batch(ids: list[int], report: AssignReport) -> None:
    # The article and, when it was clustered before, its member row, in one query.
    articles = {a["id"]: a for a in articles_to_cluster(ids)}
    report.missing += len(set(ids) - set(articles))
    touched: set[int] = set()
    # Publication order, as in a rebuild, so that a batch gives the stories a rebuild would.
    for article in sorted(articles.values(), key=lambda a: (a["published_at"], a["id"])):
        old_seq = article["member_seq"]
        if old_seq == article["seq"]:
            report.unchanged += 1
            continue
        if old_seq is not None:
            touched |= _detach(article)
        story_id, joined = _attach(article)
        if joined:  # a new story is created with its fields right
            touched.add(story_id)
        report.assigned += 1
        report.joined += joined
    for story_id in sorted(touched):
        story_refresh(story_id=story_id)


def member_row(item: Item, story_id: int, *, joined_at: datetime) -> tuple:
    """The StoryMember row (MEMBER_COLUMNS) of an article in a story."""
    fp = item.fp
    return (item.id, story_id, item.seq, item.published_at, fp.origin, fpr.encode_signature(fp),
            fp.shingles, fpr.encode_marks(fp), joined_at)  # fmt: skip


def member_item(member: dict) -> Item:
    """An Item from a member row: sql.members_of() or member_values()."""
    fp = fpr.decode(
        signature=bytes(member["signature"]),
        shingles=member["shingles"],
        marks=member["marks"],
        origin=member["origin"],
    )
    return Item(
        id=member["article_id"],
        published_at=member["published_at"],
        fp=fp,
        story=member["story_id"],
        source_id=member["source_id"],
    )


def member_values(members: QuerySet[StoryMember]) -> QuerySet:
    """Member rows as sql.members_of() gives them, for member_item()."""
    fields = ("article_id", "story_id", "published_at", "signature", "shingles", "marks", "origin")
    return members.values(*fields, source_id=F("article__source_id"))


def candidates(item: Item) -> list[Item]:
    """Stored articles that share an LSH band with ``item`` and were published near it."""
    if not fpr.can_match(item.fp):
        return []
    # Days, not times, are stored: these days hold every article within WINDOW of this one.
    low, high = day_number(item.published_at - WINDOW), day_number(item.published_at + WINDOW)
    ids = band_candidates(item.band_list(), low=low, high=high)
    ids.discard(item.id)
    if not ids:
        return []
    return [member_item(m) for m in members_of(sorted(ids))]


def _attach(article: dict) -> tuple[int, bool]:
    fp = fpr.fingerprint(
        title=article["title"], body=article["body"], summary=article["summary"], author=article["author"]
    )
    item = Item(id=article["id"], published_at=article["published_at"], fp=fp, source_id=article["source_id"])
    stories = sorted({other.story for other in links(item, candidates(item))})
    if len(stories) > 1:
        story_id = _merge(stories)
    elif stories:
        story_id = stories[0]
    else:
        story_id = Story.objects.create(
            representative_id=item.id,
            origin=fp.origin,
            first_seen=item.published_at,
            last_updated=item.published_at,
        ).pk
    item.seq = article["seq"]
    insert_rows(StoryMember, MEMBER_COLUMNS, [member_row(item, story_id, joined_at=timezone.now())])
    if fpr.can_match(fp):
        band_insert(item.band_list(), day=day_number(item.published_at), article_id=item.id)
    return story_id, bool(stories)


def _merge(stories: list[int]) -> int:
    """An article linked two or more stories: they become one, the one that began first."""
    order = sorted(Story.objects.filter(pk__in=stories).values_list("first_seen", "id"))
    survivor = order[0][1]
    absorbed = [story_id for _, story_id in order[1:]]
    StoryMember.objects.filter(story_id__in=absorbed).update(story_id=survivor)
    Story.objects.filter(pk__in=absorbed).delete()
    return survivor


def _detach(article: dict) -> set[int]:
    """Take an article out of its story, which may split the story in two if the article linked
    its parts; returns the stories the caller must refresh."""
    keys = fpr.band_hashes(fpr.signature_from_bytes(bytes(article["member_signature"])))
    band_delete(keys, day=day_number(article["member_published_at"]), article_id=article["id"])
    # Read again: an article earlier in the batch may have merged this story into another.
    member = StoryMember.objects.filter(pk=article["id"])
    story_id = member.values_list("story_id", flat=True).get()
    member.delete()
    return {story_id, *story_split(story_id=story_id)}


def story_split(*, story_id: int) -> set[int]:
    """After members left a story, give each connected part but the first its own story (the
    caller refreshes them all); returns the new stories."""
    rest = member_values(StoryMember.objects.filter(story_id=story_id))
    made = set()
    for group in components([member_item(m) for m in rest])[1:]:
        part = Story.objects.create(
            representative_id=group[0].id,
            first_seen=group[0].published_at,
            last_updated=group[-1].published_at,
        )
        StoryMember.objects.filter(article_id__in=[i.id for i in group]).update(story_id=part.pk)
        made.add(part.pk)
    return made


def story_refresh(*, story_id: int) -> None:
    """Recompute a story's fields from its members; delete it when it has none."""
    members = list(
        StoryMember.objects.filter(story_id=story_id)
        .order_by("published_at", "article_id")
        .values_list("article_id", "published_at", "origin", "article__source_id")
    )
    if not members:
        Story.objects.filter(pk=story_id).delete()
        return
    Story.objects.filter(pk=story_id).update(**story_fields(members))


def story_fields(members: list[tuple]) -> dict:
    """A story's fields from its members as (article id, published_at, origin, source id), in
    (published_at, id) order."""
    return {
        "representative_id": members[0][0],
        "origin": next((origin for _, _, origin, _ in members if origin), ""),
        "size": len(members),
        "outlet_count": len({source for *_, source in members}),
        "first_seen": members[0][1],
        "last_updated": max(published for _, published, _, _ in members),
    }
