"""crawl_once across feeds: what is due, limits, interruption, lost leases and unexpected errors."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from kabar.articles.models import Article
from kabar.sources import ingest
from kabar.sources.ingest import CrawlOptions, crawl_feed, crawl_once
from kabar.sources.leases import lease_due_feeds
from kabar.sources.models import Feed
from tests.sources import hostile
from tests.sources.crawl_helpers import article_page, hours_ago, rss, test_fetcher

pytestmark = pytest.mark.django_db


@pytest.fixture
def fetcher():
    with test_fetcher() as f:
        yield f


def feed_with_pages(server, path, names):
    for name in names:
        server.routes[f"/news/{name}.html"] = hostile.ok(article_page(f"Story {name}"))
    entries = [
        {"title": f"Story {n}", "link": server.url(f"/news/{n}.html"), "published": hours_ago(i)}
        for i, n in enumerate(names)
    ]
    server.routes[path] = hostile.ok(rss(entries), content_type="application/rss+xml")
    return server.url(path)


def test_only_due_feeds_are_crawled_and_each_once(source, fetcher):
    with hostile.serve({}) as server:
        due = Feed.objects.create(source=source, url=feed_with_pages(server, "/due.xml", ["a"]))
        Feed.objects.create(
            source=source,
            url=feed_with_pages(server, "/later.xml", ["b"]),
            next_check_at=timezone.now() + timedelta(hours=1),
        )
        report = crawl_once(fetcher=fetcher, owner="w1")
        assert [f.feed_id for f in report.feeds] == [due.pk]
        assert "/later.xml" not in server.paths()
    assert str(report) == "1 feeds checked, 0 failed; 1 articles new, 0 updated"


def test_limit_caps_the_feeds_per_run(source, fetcher):
    with hostile.serve({}) as server:
        for n in range(3):
            Feed.objects.create(source=source, url=feed_with_pages(server, f"/{n}.xml", [f"s{n}"]))
        assert len(crawl_once(fetcher=fetcher, owner="w1", limit=2).feeds) == 2
        assert len(crawl_once(fetcher=fetcher, owner="w1").feeds) == 1
        assert crawl_once(fetcher=fetcher, owner="w1").feeds == []


def test_stop_between_articles_gives_the_feed_back(source, fetcher):
    calls = []

    def stop_after_first_article():
        calls.append(1)
        return len(calls) > 2  # the loop asks once per feed and once per article

    with hostile.serve({}) as server:
        feed = Feed.objects.create(source=source, url=feed_with_pages(server, "/f.xml", ["a", "b", "c"]))
        report = crawl_once(fetcher=fetcher, owner="w1", should_stop=stop_after_first_article)
    [outcome] = report.feeds
    assert outcome.interrupted and outcome.created == 1
    feed.refresh_from_db()
    # Still due, lease free, nothing recorded: the next run starts it over.
    assert (feed.lease_owner, feed.lease_expires_at, feed.last_success_at, feed.next_check_at) == (
        "",
        None,
        None,
        None,
    )
    assert Article.objects.count() == 1


def test_a_worker_that_lost_its_lease_records_nothing(source, fetcher):
    with hostile.serve({}) as server:
        Feed.objects.create(source=source, url=feed_with_pages(server, "/f.xml", ["a"]))
        [feed] = lease_due_feeds(owner="slow-worker", lease_seconds=1)
        # The lease expires and another worker takes the feed over.
        later = timezone.now() + timedelta(seconds=2)
        assert lease_due_feeds(owner="fast-worker", now=later)
        outcome = crawl_feed(feed, fetcher=fetcher, owner="slow-worker")
    assert outcome.lost_lease
    feed.refresh_from_db()
    assert feed.lease_owner == "fast-worker" and feed.last_success_at is None
    # The article is stored all the same: upserts are idempotent, so no harm is done.
    assert Article.objects.count() == 1


def test_the_lease_is_renewed_while_articles_are_fetched(source, fetcher):
    with hostile.serve({}) as server:
        url = feed_with_pages(server, "/f.xml", ["a", "b", "c"])
        for name in "abc":
            server.routes[f"/news/{name}.html"] = hostile.ok(article_page(f"Story {name}"), delay=0.5)
        Feed.objects.create(source=source, url=url)
        [feed] = lease_due_feeds(owner="w1", lease_seconds=1.2)
        outcome = crawl_feed(feed, fetcher=fetcher, owner="w1", options=CrawlOptions(lease_seconds=1.2))
    # 1.5 s of article fetches outlived the first 1.2 s lease, yet no one could take the feed.
    assert outcome.ok and not outcome.lost_lease and outcome.created == 3


def test_an_unexpected_error_fails_one_feed_not_the_run(source, fetcher, monkeypatch):
    real = ingest.parse_feed

    def parse(content, **kwargs):
        if kwargs["url"].endswith("/bad.xml"):
            raise RuntimeError("parser bug")
        return real(content, **kwargs)

    monkeypatch.setattr(ingest, "parse_feed", parse)
    with hostile.serve({}) as server:
        bad = Feed.objects.create(source=source, url=feed_with_pages(server, "/bad.xml", ["a"]))
        Feed.objects.create(source=source, url=feed_with_pages(server, "/good.xml", ["b"]))
        report = crawl_once(fetcher=fetcher, owner="w1", rng=random.Random(2))
    assert [f.ok for f in report.feeds] == [False, True]
    bad.refresh_from_db()
    assert bad.error_count == 1 and bad.last_error == "internal error: RuntimeError: parser bug"
    assert bad.lease_owner == "" and bad.next_check_at > timezone.now()
    assert Article.objects.get().title == "Story b"


def test_outcome_lines(source, fetcher):
    with hostile.serve({"/down.xml": hostile.ok("x", status=503)}) as server:
        Feed.objects.create(source=source, url=feed_with_pages(server, "/f.xml", ["a"]))
        Feed.objects.create(source=source, url=server.url("/down.xml"))
        lines = [str(f) for f in crawl_once(fetcher=fetcher, owner="w1").feeds]
    assert lines[0] == f"{server.url('/f.xml')}: 1 entries, 1 new, 0 updated, 0 summary only"
    assert lines[1].startswith(f"{server.url('/down.xml')}: error: http_status 503")
