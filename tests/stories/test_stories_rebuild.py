"""`recluster`: deterministic, equal to incremental clustering, --since, worker processes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kabar.articles.models import Article
from kabar.core.sequence import ARTICLE_SEQ, sequence_current
from kabar.stories.models import Story, StoryBand, StoryMember
from kabar.stories.rebuild import recluster
from kabar.stories.services import cursor_seq, stories_sync, story_assign
from tests.stories.story_helpers import db_partition, pair_scores

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[list, list]:
    stories = list(
        Story.objects.order_by("id").values_list(
            "id", "representative_id", "origin", "size", "outlet_count", "first_seen", "last_updated"
        )
    )
    members = list(
        StoryMember.objects.order_by("article_id").values_list("article_id", "story_id", "seq", "marks")
    )
    return stories, members


def bands() -> set[tuple]:
    return set(StoryBand.objects.values_list("band", "key", "day", "article_id"))


def test_the_same_articles_give_the_same_stories_with_the_same_ids(labelled, store):
    ids = store(labelled)
    report = recluster(workers=1)
    first = snapshot()
    assert report.articles == len(labelled) == len(first[1])
    assert report.stories == len(first[0])
    assert report.multi == sum(1 for s in first[0] if s[3] > 1)
    assert [s[0] for s in first[0]] == list(range(1, len(first[0]) + 1))
    recluster(workers=1)
    assert snapshot() == first
    # The quality on the labelled set is the same as without the database.
    story = dict(StoryMember.objects.values_list("article_id", "story_id"))
    truth = {ids[r["id"]]: r["story"] for r in labelled}
    precision, recall = pair_scores({a: story[a] for a in truth}, truth)
    assert precision >= 0.99 and recall >= 0.95


def test_a_rebuild_equals_incremental_clustering_row_for_row(labelled, store):
    ids = store(labelled[:300])
    story_assign(article_ids=ids.values())
    incremental, incremental_bands = db_partition(), bands()
    stories = {s.representative_id: (s.size, s.outlet_count, s.origin, s.first_seen, s.last_updated)
               for s in Story.objects.all()}  # fmt: skip
    recluster(workers=1)
    assert db_partition() == incremental
    assert bands() == incremental_bands
    assert {s.representative_id: (s.size, s.outlet_count, s.origin, s.first_seen, s.last_updated)
            for s in Story.objects.all()} == stories  # fmt: skip


def test_since_rebuilds_only_the_later_stories_and_gives_what_a_full_rebuild_gives(labelled, store):
    store(labelled)
    recluster(workers=1)
    full, full_bands = db_partition(), bands()
    since = labelled[len(labelled) // 2]["published_at"] + timedelta(minutes=1)
    before = dict(
        StoryMember.objects.filter(published_at__lt=since - timedelta(days=4)).values_list(
            "article_id", "story_id"
        )
    )
    report = recluster(since=since, workers=1)
    assert report.articles == Article.objects.filter(published_at__gte=since).count()
    assert db_partition() == full
    assert bands() == full_bands
    # Stories that ended well before ``since`` were not touched.
    assert (
        dict(StoryMember.objects.filter(article_id__in=before).values_list("article_id", "story_id"))
        == before
    )


def test_since_on_an_empty_table_clusters_only_the_later_articles(labelled, store):
    store(labelled[:100])
    since = labelled[50]["published_at"]
    recluster(since=since, workers=1)
    assert StoryMember.objects.count() == sum(1 for r in labelled[:100] if r["published_at"] >= since)


def test_the_rebuild_hands_over_to_the_sync(labelled, store):
    store(labelled[:50])
    recluster(workers=1)
    assert cursor_seq() == sequence_current(name=ARTICLE_SEQ)
    assert stories_sync().assigned == 0
    store(labelled[50:60])
    assert stories_sync().assigned == 10


@pytest.mark.django_db(transaction=True)
def test_worker_processes_give_the_same_stories(labelled, store):
    store(labelled[:300])
    recluster(workers=1)
    one = snapshot()
    recluster(workers=2)
    assert snapshot() == one


def test_progress_counts_every_article(labelled, store):
    store(labelled[:120])
    seen = []
    recluster(workers=1, progress=seen.append)
    assert sum(seen) == 120
