"""DB -> index (issue 4 §1): incremental sync by change sequence, replays, pruning, rebuilds that
swap atomically, readers that pick up new commits, the one-writer lock and the commands."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from kabar.articles.models import Article
from kabar.search import engine, indexing
from kabar.search import schema as s
from kabar.search.selectors import search_articles


def found(q: str, **options) -> list[int]:
    return [hit.article.pk for hit in search_articles(q=q, page_size=100, **options).results]


def indexed_count(index_dir) -> int:
    return engine.reader(index_dir).searcher().num_docs


@pytest.mark.django_db
def test_sync_follows_the_change_sequence(index_dir, make_article):
    a = make_article(title="Typhoon nears Okinawa")
    first = indexing.sync()
    assert first.rebuilt and first.added == 1 and first.seq == a.seq
    assert found("typhoon") == [a.pk]
    b = make_article(title="Typhoon nears Kyushu")
    second = indexing.sync()
    assert (second.rebuilt, second.added, second.seq) == (False, 1, b.seq)
    assert found("typhoon") == [a.pk, b.pk]
    third = indexing.sync()
    assert (third.added, third.removed, third.pruned) == (0, 0, 0)
    assert s.read_state(s.current_generation(index_dir)).seq == b.seq


@pytest.mark.django_db
def test_a_changed_article_replaces_its_old_version(index_dir, make_article):
    from kabar.articles.services import ArticleData, article_upsert

    a = make_article(title="Typhoon nears Okinawa")
    indexing.sync()
    article_upsert(
        item=ArticleData(
            url=a.url, source_id=a.source_id, title="Earthquake in Chiba", published_at=a.published_at
        )
    )
    indexing.sync()
    assert found("typhoon") == []
    assert found("earthquake") == [a.pk]
    assert indexed_count(index_dir) == 1


@pytest.mark.django_db
def test_replaying_changes_is_harmless(index_dir, make_article):
    """A crash after the Tantivy commit but before the state is written replays changes."""
    for n in range(5):
        make_article(title=f"Rice prices {n}")
    indexing.sync()
    generation = s.current_generation(index_dir)
    s.write_state(generation, s.State(seq=0, window_days=s.read_state(generation).window_days))
    report = indexing.sync()
    assert not report.rebuilt and report.added == 5
    assert indexed_count(index_dir) == 5
    assert len(found("rice")) == 5


@pytest.mark.django_db
def test_articles_leave_the_index_when_they_leave_the_window(index_dir, make_article, settings):
    now = timezone.now()
    old = make_article(
        title="Sumo results", published_at=now - timedelta(days=settings.KABAR_SEARCH_WINDOW_DAYS - 2)
    )
    new = make_article(title="Sumo results", published_at=now - timedelta(days=1))
    indexing.sync(now=now)
    assert indexed_count(index_dir) == 2
    later = now + timedelta(days=3)
    report = indexing.sync(now=later)
    assert report.pruned == 1
    assert indexed_count(index_dir) == 1
    assert found("sumo", now=later) == [new.pk]
    assert Article.objects.filter(pk=old.pk).exists()  # still in the database and on its page


@pytest.mark.django_db
def test_an_update_that_moves_an_article_out_of_the_window_removes_it(index_dir, make_article, settings):
    from kabar.articles.services import ArticleData, article_upsert

    a = make_article(title="Typhoon nears Okinawa")
    indexing.sync()
    article_upsert(
        item=ArticleData(
            url=a.url,
            source_id=a.source_id,
            title=a.title,
            published_at=timezone.now() - timedelta(days=settings.KABAR_SEARCH_WINDOW_DAYS + 5),
        )
    )
    report = indexing.sync()
    assert report.removed == 1
    assert indexed_count(index_dir) == 0


@pytest.mark.django_db
def test_readers_pick_up_new_commits_and_new_generations(index_dir, make_article):
    a = make_article(title="Train delays")
    indexing.sync()
    reader = engine.reader()
    assert found("train") == [a.pk]
    b = make_article(title="Train strike")
    indexing.sync()
    assert found("train") == [a.pk, b.pk]  # the same reader, reloaded
    before = s.current_generation(index_dir)
    indexing.reindex()
    after = s.current_generation(index_dir)
    assert after != before and not before.exists()
    assert found("train") == [a.pk, b.pk]
    assert engine.reader() is reader


@pytest.mark.django_db
def test_reindex_builds_beside_the_current_index(index_dir, make_article):
    for n in range(3):
        make_article(title=f"Election update {n}")
    indexing.sync()
    current = s.current_generation(index_dir)
    seen = []

    def progress(done: int, total: int) -> None:
        # Mid-build, readers still search the complete old index.
        seen.append((done, total, s.current_generation(index_dir) == current, len(found("election"))))

    report = indexing.reindex(progress=progress)
    assert report.rebuilt and report.added == 3
    assert seen[0] == (0, 3, True, 3) and seen[-1] == (3, 3, True, 3)
    assert sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-")) == [
        s.current_generation(index_dir).name
    ]


@pytest.mark.django_db
def test_changes_during_a_reindex_are_caught_up(index_dir, make_article):
    a = make_article(title="Typhoon one")
    late = []

    def progress(done: int, total: int) -> None:
        if done and not late:
            late.append(make_article(title="Typhoon two"))

    indexing.reindex(progress=progress)
    assert sorted(found("typhoon")) == sorted([a.pk, late[0].pk])


@pytest.mark.django_db
def test_unusable_indexes_are_rebuilt(index_dir, make_article, settings):
    make_article(title="Rail news")
    indexing.sync()
    generation = s.current_generation(index_dir)
    state = s.read_state(generation)
    # Another format (an older kabar), another window, a database behind the index.
    for broken in (
        s.State(seq=state.seq, window_days=state.window_days, format=s.FORMAT - 1),
        s.State(seq=state.seq, window_days=state.window_days + 1),
        s.State(seq=state.seq + 10, window_days=state.window_days),
    ):
        s.write_state(s.current_generation(index_dir), broken)
        assert indexing.sync().rebuilt
        assert len(found("rail")) == 1
    settings.KABAR_SEARCH_WINDOW_DAYS = 30
    assert indexing.sync().rebuilt
    assert s.read_state(s.current_generation(index_dir)).window_days == 30


@pytest.mark.django_db
def test_one_writer_at_a_time(index_dir, make_article):
    make_article(title="Rail news")
    indexing.sync()
    make_article(title="Rail strike")
    with indexing.file_lock(index_dir / indexing.WRITER_LOCK, wait=False, what="a test writer"):
        with pytest.raises(indexing.IndexBusy, match="already running"):
            indexing.sync(wait=False)
        report = indexing.index_sync_after_write()  # skips: the other writer catches up
        assert report.skipped
    assert len(found("rail")) == 1
    assert indexing.index_sync_after_write().added == 1
    assert len(found("rail")) == 2


@pytest.mark.django_db
def test_index_and_reindex_commands(index_dir, make_article):
    make_article(title="Rail news")
    out = io.StringIO()
    call_command("index", stdout=out)
    assert "rebuilt: 1 written" in out.getvalue()
    out = io.StringIO()
    call_command("index", stdout=out)
    assert "synced: 0 written" in out.getvalue()
    out, err = io.StringIO(), io.StringIO()
    call_command("reindex", stdout=out, stderr=err)
    assert "reindexed 1 articles" in out.getvalue()
    assert "reindex" in err.getvalue()  # the progress bar
    with indexing.file_lock(index_dir / indexing.FOLLOW_LOCK, wait=False, what="a follower"):
        with pytest.raises(CommandError, match="kabar index --follow is already running"):
            call_command("index", "--follow", stdout=io.StringIO())
    with indexing.file_lock(index_dir / indexing.REINDEX_LOCK, wait=False, what="a test"):
        with pytest.raises(CommandError, match="kabar reindex is already running"):
            call_command("reindex", "--no-progress", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--interval"):
        call_command("index", "--interval", "0")
