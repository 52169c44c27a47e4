"""Incremental clustering against the database: joining, idempotence, edits, the sync cursor."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import connection

from kabar.articles.models import Article
from kabar.articles.services import ArticleData, article_upsert
from kabar.core.sequence import ARTICLE_SEQ, sequence_current
from kabar.stories.models import Story, StoryBand, StoryCursor, StoryMember
from kabar.stories.rebuild import recluster
from kabar.stories.services import (
    CURSOR,
    REBUILDING,
    ClusteringBusy,
    cursor_seq,
    stories_sync,
    stories_sync_after_write,
    story_assign,
)
from tests.stories.story_helpers import db_partition, partition

pytestmark = pytest.mark.django_db


def wire_story(labelled, size=4):
    """The records of one labelled story with ``size`` copies (a wire story plus its variant)."""
    by_story = {}
    for record in labelled:
        by_story.setdefault(record["story"], []).append(record)
    return next(group for key, group in sorted(by_story.items()) if len(group) == size)


def story_of(article_id: int) -> Story:
    return StoryMember.objects.select_related("story").get(article_id=article_id).story


def test_copies_join_one_story_whose_representative_is_the_earliest(labelled, store):
    copies = wire_story(labelled)
    ids = store(list(reversed(copies)))
    report = story_assign(article_ids=ids.values())
    assert (report.assigned, report.joined) == (4, 3)
    story = story_of(ids[copies[0]["id"]])
    earliest = min(copies, key=lambda r: (r["published_at"], r["id"]))
    assert story.size == 4
    assert story.outlet_count == len({r["source"] for r in copies})
    assert story.representative_id == ids[earliest["id"]]
    assert story.origin in {"Kyodo", "Jiji Press"}
    assert story.first_seen == earliest["published_at"]
    assert story.last_updated == max(r["published_at"] for r in copies)
    assert {m.article_id for m in story.members.all()} == set(ids.values())


def test_assigning_again_changes_nothing(labelled, store):
    ids = store(wire_story(labelled))
    story_assign(article_ids=ids.values())
    before = list(StoryMember.objects.order_by("pk").values_list("pk", "story_id", "seq", "signature"))
    bands = StoryBand.objects.count()
    report = story_assign(article_ids=[*ids.values(), 10**9])
    assert (report.assigned, report.unchanged, report.missing) == (0, 4, 1)
    assert (
        list(StoryMember.objects.order_by("pk").values_list("pk", "story_id", "seq", "signature")) == before
    )
    assert StoryBand.objects.count() == bands == 4 * 16


def test_an_edited_article_is_clustered_again(labelled, store, outlets):
    copies = wire_story(labelled)
    other = next(r for r in labelled if r["case"] == "demo" and r["story"] != copies[0]["story"])
    ids = store([*copies, other])
    story_assign(article_ids=ids.values())
    moved = max(copies, key=lambda r: r["published_at"])
    old_story = story_of(ids[moved["id"]])
    # The outlet replaces its text with the other story's: the article leaves its story.
    article = Article.objects.get(pk=ids[moved["id"]])
    data = ArticleData(url=article.url, source_id=outlets["tokyo-weekender"], title=other["title"],
                       body=other["body"], published_at=other["published_at"] + timedelta(hours=1))  # fmt: skip
    _, state = article_upsert(item=data)
    assert state == "updated"
    report = story_assign(article_ids=[article.pk])
    assert report.assigned == 1
    old_story.refresh_from_db()
    assert old_story.size == 3
    assert old_story.last_updated == max(r["published_at"] for r in copies if r is not moved)
    new_story = story_of(article.pk)
    assert new_story.pk == story_of(ids[other["id"]]).pk
    assert (new_story.size, new_story.outlet_count) == (2, 2)
    assert StoryMember.objects.get(pk=article.pk).seq == Article.objects.get(pk=article.pk).seq
    assert StoryBand.objects.filter(article_id=article.pk).count() == 16


def test_a_story_left_empty_is_deleted(make_article):
    article = make_article(body="A long enough text about one thing. " * 10)
    story_assign(article_ids=[article.pk])
    story_id = story_of(article.pk).pk
    article_upsert(item=ArticleData(url=article.url, source_id=article.source_id, title="New",
                                    published_at=article.published_at, body="Another text entirely. " * 10))  # fmt: skip
    story_assign(article_ids=[article.pk])
    assert not Story.objects.filter(pk=story_id).exists()
    assert Story.objects.count() == 1


def test_copies_more_than_three_days_apart_are_two_stories(labelled, store, outlets):
    first, second = wire_story(labelled)[:2]
    ids = store([first, {**second, "published_at": first["published_at"] + timedelta(days=3, hours=1)}])
    story_assign(article_ids=ids.values())
    assert Story.objects.count() == 2


def test_copies_just_inside_three_days_join_across_day_boundaries(labelled, store):
    from datetime import UTC, datetime

    first, second = wire_story(labelled)[:2]
    late = datetime(2025, 4, 9, 23, 59, tzinfo=UTC)  # the last minute of a day (UTC)
    ids = store(
        [{**first, "published_at": late}, {**second, "published_at": late + timedelta(days=3, minutes=-1)}]
    )
    story_assign(article_ids=ids.values())
    assert Story.objects.count() == 1


def test_texts_too_short_to_compare_stay_alone_and_take_no_bands(make_article, outlets):
    a = make_article(title="Weather", body="", summary="")
    b = make_article(title="Weather", body="", summary="", source_id=outlets["japan-today"])
    story_assign(article_ids=[a.pk, b.pk])
    assert Story.objects.count() == 2
    assert StoryBand.objects.count() == 0


def test_one_outlet_repeating_a_text_under_another_headline_is_not_a_story(make_article):
    text = "Subscribe to read the full story and get unlimited access to our reporting. " * 4
    a = make_article(title="Nikkei rises", body=text)
    b = make_article(title="Typhoon nears", body=text)
    story_assign(article_ids=[a.pk, b.pk])
    assert Story.objects.count() == 2


def test_sync_follows_the_change_sequence(labelled, store):
    first, rest = labelled[:40], labelled[40:60]
    store(first)
    report = stories_sync()
    assert report.assigned == 40
    assert cursor_seq() == sequence_current(name=ARTICLE_SEQ) == report.seq
    assert stories_sync().assigned == 0
    store(rest)
    progress = []
    report = stories_sync(batch=7, progress=progress.append)
    assert report.assigned == 20
    assert progress == [7, 7, 6]
    assert StoryMember.objects.count() == 60


def test_sync_waits_for_a_rebuild(make_article):
    make_article()
    StoryCursor.objects.create(name=CURSOR, seq=REBUILDING)
    with pytest.raises(ClusteringBusy):
        stories_sync()
    with pytest.raises(ClusteringBusy):
        story_assign(article_ids=[1])
    assert stories_sync_after_write() is None
    assert StoryMember.objects.count() == 0


def test_incremental_in_any_order_gives_the_stories_of_a_rebuild(labelled, store):
    ids = store(labelled)
    order = list(ids.values())
    random.Random(3).shuffle(order)
    rng = random.Random(4)
    while order:
        size = rng.randint(1, 40)
        batch, order = order[:size], order[size:]
        story_assign(article_ids=batch)
    incremental = db_partition()
    recluster(workers=1)
    assert db_partition() == incremental
    truth = partition((ids[r["id"]], r["story"]) for r in labelled)
    assert len(incremental) == pytest.approx(len(truth), rel=0.05)


def test_adding_one_article_is_a_few_indexed_queries(labelled, store, django_assert_max_num_queries):
    ids = store(labelled[:200])
    *before, last = ids.values()
    story_assign(article_ids=before)
    with django_assert_max_num_queries(10):
        story_assign(article_ids=[last])
    if connection.vendor != "sqlite":
        return
    # Every statement on the band table (lookup, insert, and the delete of an edit) uses its index.
    article = Article.objects.get(pk=last)
    article_upsert(item=ArticleData(url=article.url, source_id=article.source_id, title="Edited",
                                    published_at=article.published_at, body=labelled[300]["body"]))  # fmt: skip
    with connection.execute_wrapper(_plan_recorder(plans := [])):
        story_assign(article_ids=[last])
    assert {kind for kind, _ in plans} == {"SELECT", "DELETE"}
    assert all("SCAN" not in step or "INDEX" in step for _, step in plans), plans


def _plan_recorder(plans: list):
    def wrapper(execute, sql, params, many, context):
        kind = sql.lstrip().split(" ", 1)[0].upper()
        if "stories_storyband" in sql and kind in {"SELECT", "DELETE"}:
            cursor = context["cursor"]
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plans.extend((kind, str(row[-1])) for row in cursor.fetchall())
        return execute(sql, params, many, context)

    return wrapper


def bridge_texts(labelled) -> tuple[str, str, str]:
    """Three versions of one text: two with different closing quotes (not copies of each other)
    and one without (a copy of both)."""
    from kabar.stories.engine import Item, linked
    from kabar.stories.fingerprint import fingerprint

    for record in labelled:
        base = record["body"]
        a = base + "\n\nTaro Sato, a resident of Nagoya, said the change was welcome."
        c = base + "\n\nHanako Ito, a resident of Sendai, said the change was welcome."
        prints = [fingerprint(title="t", body=text) for text in (a, c, base)]
        items = [
            Item(id=n, published_at=record["published_at"], fp=p, source_id=n) for n, p in enumerate(prints)
        ]
        if not linked(items[0], items[1]) and linked(items[0], items[2]) and linked(items[1], items[2]):
            return a, c, base
    raise AssertionError("no record makes a bridge")


def test_an_article_linking_two_stories_merges_them_and_its_edit_splits_them(labelled, make_article, outlets):
    a_text, c_text, b_text = bridge_texts(labelled)
    now = labelled[0]["published_at"]
    a = make_article(body=a_text, published_at=now, source_id=outlets["kyodo"])
    c = make_article(body=c_text, published_at=now + timedelta(hours=2), source_id=outlets["japan-today"])
    story_assign(article_ids=[a.pk, c.pk])
    assert story_of(a.pk).pk != story_of(c.pk).pk
    first = story_of(a.pk).pk
    b = make_article(body=b_text, published_at=now + timedelta(hours=1), source_id=outlets["japan-times"])
    report = story_assign(article_ids=[b.pk])
    assert report.joined == 1
    merged = story_of(a.pk)
    assert merged.pk == first == story_of(b.pk).pk == story_of(c.pk).pk
    assert (merged.size, merged.outlet_count, merged.representative_id) == (3, 3, a.pk)
    assert Story.objects.count() == 1
    # The bridge is rewritten into something else: the story splits again.
    article_upsert(item=ArticleData(url=b.url, source_id=b.source_id, title="Other", published_at=b.published_at,
                                    body="An unrelated report about a festival in a small town. " * 8))  # fmt: skip
    story_assign(article_ids=[b.pk])
    assert len({story_of(a.pk).pk, story_of(b.pk).pk, story_of(c.pk).pk}) == 3
    assert story_of(a.pk).pk == first
    for article in (a, b, c):
        story = story_of(article.pk)
        assert (story.size, story.representative_id) == (1, article.pk)
