"""One crawl step against a local server: new, unchanged and changed entries, conditional GET,
canonical URLs, summary-only articles and the feed's recorded state."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from kabar.articles.models import Article
from kabar.sources import scheduling
from kabar.sources.extraction import extract_article
from kabar.sources.fetching import decode_html
from kabar.sources.ingest import CrawlOptions, crawl_once
from kabar.sources.models import Feed, Source
from tests.sources import hostile
from tests.sources.crawl_helpers import article_page, hours_ago, rss, test_fetcher

pytestmark = pytest.mark.django_db


@pytest.fixture
def fetcher():
    with test_fetcher() as f:
        yield f


def crawl(fetcher, **options):
    return crawl_once(
        fetcher=fetcher, owner="test-worker", options=CrawlOptions(**options), rng=random.Random(1)
    )


def items(server, names, **extra):
    return [
        {
            "title": f"Story {name}",
            "link": server.url(f"/news/{name}.html"),
            "summary": f"Summary of {name}.",
            "published": hours_ago(i + 1),
            **extra,
        }
        for i, name in enumerate(names)
    ]


def page_routes(names, **kwargs):
    return {f"/news/{name}.html": hostile.ok(article_page(f"Story {name}", **kwargs)) for name in names}


def expected_body(html: str, url: str) -> str:
    return "\n\n".join(extract_article(decode_html(html.encode(), {}), url=url).paragraphs)


def test_new_entries_are_fetched_extracted_and_stored(source, fetcher):
    names = ["a", "b", "c"]
    with hostile.serve(page_routes(names)) as server:
        server.routes["/feed.xml"] = hostile.ok(
            rss(items(server, names)), content_type="application/rss+xml", headers={"ETag": '"v1"'}
        )
        feed = Feed.objects.create(source=source, url=server.url("/feed.xml"))
        report = crawl(fetcher)
        article_paths = [p for p in server.paths() if p.startswith("/news/")]
    [outcome] = report.feeds
    assert outcome.ok and (outcome.entries, outcome.created, outcome.summary_only) == (3, 3, 0)
    assert sorted(article_paths) == ["/news/a.html", "/news/b.html", "/news/c.html"]
    stored = {a.url: a for a in Article.objects.all()}
    assert set(stored) == {server.url(f"/news/{n}.html") for n in names}
    a = stored[server.url("/news/a.html")]
    assert a.title == "Story a" and a.summary == "Summary of a." and a.source_id == source.pk
    assert a.body == expected_body(article_page("Story a"), a.url)
    assert len(a.body.split()) > 100 and not a.summary_only
    assert a.published_at == hours_ago(1)
    assert a.guid == a.url
    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.error_count == 0 and feed.last_error == ""
    assert timezone.now() - feed.last_success_at < timedelta(minutes=1)
    assert (feed.lease_owner, feed.lease_expires_at) == ("", None)
    assert timezone.now() + scheduling.MIN_INTERVAL * 0.8 < feed.next_check_at
    assert feed.next_check_at < timezone.now() + scheduling.MAX_INTERVAL


def test_conditional_get_304_costs_no_parsing_and_no_article_fetches(source, fetcher):
    def feed_route(request):
        if request.headers.get("if-none-match") == '"v1"':
            return hostile.ok(b"", status=304, headers={"ETag": '"v1"'})
        return hostile.ok(
            rss(items(server, ["a"])), content_type="application/rss+xml", headers={"ETag": '"v1"'}
        )

    with hostile.serve(page_routes(["a"])) as server:
        server.routes["/feed.xml"] = hostile.dynamic(feed_route)
        feed = Feed.objects.create(source=source, url=server.url("/feed.xml"))
        crawl(fetcher)
        Feed.objects.filter(pk=feed.pk).update(next_check_at=None)
        before = len(server.requests)
        [outcome] = crawl(fetcher).feeds
        second = server.requests[before:]
    assert outcome.ok and outcome.not_modified and outcome.entries == 0
    assert [r.path for r in second] == ["/feed.xml"]
    assert second[0].headers["if-none-match"] == '"v1"'
    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.next_check_at > timezone.now()


def test_unchanged_entries_are_not_fetched_again(source, fetcher):
    with hostile.serve(page_routes(["a", "b"])) as server:
        server.routes["/feed.xml"] = hostile.ok(
            rss(items(server, ["a", "b"])), content_type="application/rss+xml"
        )
        feed = Feed.objects.create(source=source, url=server.url("/feed.xml"))
        crawl(fetcher)
        seqs = dict(Article.objects.values_list("url", "seq"))
        Feed.objects.filter(pk=feed.pk).update(next_check_at=None)
        before = len(server.requests)
        [outcome] = crawl(fetcher).feeds
        again = [r.path for r in server.requests[before:]]
    assert again == ["/feed.xml"]
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 2)
    assert dict(Article.objects.values_list("url", "seq")) == seqs


def test_a_changed_entry_updates_the_article_in_place(source, fetcher):
    with hostile.serve(page_routes(["a", "b"])) as server:
        first = items(server, ["a", "b"])
        server.routes["/feed.xml"] = hostile.ok(rss(first), content_type="application/rss+xml")
        feed = Feed.objects.create(source=source, url=server.url("/feed.xml"))
        crawl(fetcher)
        old = Article.objects.get(url=server.url("/news/a.html"))
        edited = [dict(first[0], title="Story a (updated)"), first[1]]
        server.routes["/feed.xml"] = hostile.ok(rss(edited), content_type="application/rss+xml")
        server.routes["/news/a.html"] = hostile.ok(article_page("Story a", paragraphs=6))
        Feed.objects.filter(pk=feed.pk).update(next_check_at=None)
        before = len(server.requests)
        [outcome] = crawl(fetcher).feeds
        again = sorted(r.path for r in server.requests[before:])
    assert again == ["/feed.xml", "/news/a.html"]
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 1)
    new = Article.objects.get(url=server.url("/news/a.html"))
    assert new.pk == old.pk and new.seq > old.seq
    assert new.title == "Story a (updated)" and len(new.paragraphs) == len(old.paragraphs) + 2
    assert Article.objects.count() == 2


def test_canonical_url_on_the_same_site_wins_and_is_cleaned(source, fetcher):
    with hostile.serve({}) as server:
        canonical = server.url("/2026/story-a.html?id=7&utm_source=rss#top")
        server.routes["/news/a.html"] = hostile.ok(article_page("Story a", canonical=canonical))
        server.routes["/news/b.html"] = hostile.ok(
            article_page("Story b", canonical="https://other-site.example/stolen.html")
        )
        server.routes["/feed.xml"] = hostile.ok(
            rss(items(server, ["a", "b"], guid="")), content_type="application/rss+xml"
        )
        Feed.objects.create(source=source, url=server.url("/feed.xml"))
        crawl(fetcher)
        urls = set(Article.objects.values_list("url", flat=True))
        assert urls == {server.url("/2026/story-a.html?id=7"), server.url("/news/b.html")}
        # Next run: the entry link differs from the stored canonical URL; the guid still finds it.
        Feed.objects.update(next_check_at=None)
        before = len(server.requests)
        [outcome] = crawl(fetcher).feeds
        assert [r.path for r in server.requests[before:]] == ["/feed.xml"]
        assert outcome.unchanged == 2 and Article.objects.count() == 2


def test_a_page_cannot_take_over_another_sources_article(source, group, fetcher, make_article):
    other = Source.objects.create(slug="kyodo", name="Kyodo", group=group, homepage="https://k.example/")
    with hostile.serve({}) as server:
        victim = make_article(source_id=other.pk, url=server.url("/kyodo/scoop.html"), title="Scoop")
        server.routes["/news/a.html"] = hostile.ok(article_page("Story a", canonical=victim.url))
        server.routes["/feed.xml"] = hostile.ok(rss(items(server, ["a"])), content_type="application/rss+xml")
        Feed.objects.create(source=source, url=server.url("/feed.xml"))
        crawl(fetcher)
        victim.refresh_from_db()
        assert victim.title == "Scoop" and victim.source_id == other.pk
        assert Article.objects.filter(url=server.url("/news/a.html"), source=source).exists()


def test_short_or_failing_pages_keep_the_feed_summary(source):
    with hostile.serve({}) as server:
        server.routes["/news/short.html"] = hostile.ok(article_page("Story short", paragraphs=1))
        server.routes["/news/slow.html"] = hostile.silence(5)
        server.routes["/news/binary.html"] = hostile.ok(b"%PDF-1.4", content_type="application/pdf")
        server.routes["/news/good.html"] = hostile.ok(article_page("Story good"))
        # /news/missing.html is a 404
        names = ["short", "missing", "slow", "binary", "good"]
        server.routes["/feed.xml"] = hostile.ok(rss(items(server, names)), content_type="application/rss+xml")
        Feed.objects.create(source=source, url=server.url("/feed.xml"))
        with test_fetcher(read_timeout=0.5, total_timeout=1.0) as fetcher:
            [outcome] = crawl(fetcher).feeds
        stored = {a.url.rsplit("/", 1)[1]: a for a in Article.objects.all()}
    assert outcome.ok and outcome.created == 5 and outcome.summary_only == 4
    for name in ["short", "missing", "slow", "binary"]:
        article = stored[f"{name}.html"]
        assert article.summary_only and article.body == "" and article.summary == f"Summary of {name}."
    assert not stored["good.html"].summary_only


def test_robots_txt_is_obeyed_for_article_pages(source, fetcher):
    with hostile.serve(page_routes(["a", "private"])) as server:
        server.routes["/robots.txt"] = hostile.ok(
            "User-agent: *\nDisallow: /news/private", content_type="text/plain"
        )
        server.routes["/feed.xml"] = hostile.ok(
            rss(items(server, ["a", "private"])), content_type="application/rss+xml"
        )
        Feed.objects.create(source=source, url=server.url("/feed.xml"))
        [outcome] = crawl(fetcher).feeds
        paths = server.paths()
    assert "/news/private.html" not in paths and "/news/a.html" in paths
    assert outcome.ok and outcome.created == 2 and outcome.summary_only == 1
    assert Article.objects.get(url=server.url("/news/private.html")).summary_only


def test_unreachable_robots_txt_defers_the_articles(source, fetcher):
    with hostile.serve(page_routes(["a"])) as server:
        server.routes["/robots.txt"] = hostile.ok("down", status=503, content_type="text/plain")
        server.routes["/feed.xml"] = hostile.ok(
            rss(items(server, ["a"])), content_type="application/rss+xml", headers={"ETag": '"v1"'}
        )
        feed = Feed.objects.create(source=source, url=server.url("/feed.xml"))
        [outcome] = crawl(fetcher).feeds
        assert "/news/a.html" not in server.paths()
    assert outcome.ok and outcome.deferred == 1 and Article.objects.count() == 0
    feed.refresh_from_db()
    # Back soon, and without validators, so the waiting entries are not hidden behind a 304.
    assert feed.etag == "" and feed.next_check_at <= timezone.now() + scheduling.MIN_INTERVAL


def test_article_fetches_per_feed_are_limited(source, fetcher):
    names = ["a", "b", "c", "d", "e"]
    with hostile.serve(page_routes(names)) as server:
        server.routes["/feed.xml"] = hostile.ok(rss(items(server, names)), content_type="application/rss+xml")
        feed = Feed.objects.create(source=source, url=server.url("/feed.xml"))
        [first] = crawl(fetcher, max_articles=2).feeds
        # Newest first.
        assert set(Article.objects.values_list("title", flat=True)) == {"Story a", "Story b"}
        assert first.deferred == 3
        Feed.objects.filter(pk=feed.pk).update(next_check_at=None)
        crawl(fetcher, max_articles=2)
        Feed.objects.filter(pk=feed.pk).update(next_check_at=None)
        [third] = crawl(fetcher, max_articles=2).feeds
    assert third.deferred == 0 and Article.objects.count() == 5


def test_the_same_article_in_two_feeds_is_stored_once(source, fetcher):
    with hostile.serve(page_routes(["a", "b"])) as server:
        server.routes["/one.xml"] = hostile.ok(
            rss(items(server, ["a", "b"])), content_type="application/rss+xml"
        )
        server.routes["/two.xml"] = hostile.ok(rss(items(server, ["a"])), content_type="application/rss+xml")
        Feed.objects.create(source=source, url=server.url("/one.xml"))
        Feed.objects.create(source=source, url=server.url("/two.xml"))
        report = crawl(fetcher)
        assert server.paths().count("/news/a.html") == 1
    assert len(report.feeds) == 2 and all(f.ok for f in report.feeds)
    assert Article.objects.count() == 2


def test_an_empty_feed_is_a_success(source, fetcher):
    with hostile.serve({"/feed.xml": hostile.ok(rss([]), content_type="application/rss+xml")}) as server:
        feed = Feed.objects.create(source=source, url=server.url("/feed.xml"))
        [outcome] = crawl(fetcher).feeds
    feed.refresh_from_db()
    assert outcome.ok and outcome.entries == 0 and feed.last_success_at is not None


def test_feed_failures_back_off_and_disable_after_ten(source, fetcher):
    with hostile.serve({"/feed.xml": hostile.ok("oops", status=500)}) as server:
        feed = Feed.objects.create(source=source, url=server.url("/feed.xml"))
        [outcome] = crawl(fetcher).feeds
        feed.refresh_from_db()
        assert not outcome.ok and feed.error_count == 1
        assert feed.last_error.startswith("http_status 500")
        assert (
            timezone.now() + timedelta(minutes=4) < feed.next_check_at < timezone.now() + timedelta(minutes=6)
        )
        assert (feed.lease_owner, feed.lease_expires_at) == ("", None)
        delays = []
        for _ in range(9):
            Feed.objects.filter(pk=feed.pk).update(next_check_at=None)
            start = timezone.now()
            crawl(fetcher)
            feed.refresh_from_db()
            delays.append(feed.next_check_at - start)
    assert delays[:5] == sorted(delays[:5])
    assert feed.error_count == 10 and not feed.active
    assert feed.disabled_reason.startswith("disabled after 10 consecutive failures; last: http_status 500")
    assert crawl(fetcher).feeds == []


def test_a_success_resets_the_error_count(source, fetcher):
    with hostile.serve({"/feed.xml": hostile.ok(rss([]), content_type="application/rss+xml")}) as server:
        feed = Feed.objects.create(
            source=source, url=server.url("/feed.xml"), error_count=4, last_error="timeout"
        )
        crawl(fetcher)
    feed.refresh_from_db()
    assert (feed.error_count, feed.last_error) == (0, "")


def test_retry_after_is_honoured(source, fetcher):
    routes = {"/feed.xml": hostile.ok("slow down", status=429, headers={"Retry-After": "7200"})}
    with hostile.serve(routes) as server:
        feed = Feed.objects.create(source=source, url=server.url("/feed.xml"))
        crawl(fetcher)
    feed.refresh_from_db()
    assert feed.next_check_at >= timezone.now() + timedelta(seconds=7100)
    assert feed.last_error.startswith("http_status 429")


def test_html_served_as_a_feed_is_a_feed_error(source, fetcher):
    with hostile.serve({"/feed.xml": hostile.ok(article_page("Home"))}) as server:
        feed = Feed.objects.create(source=source, url=server.url("/feed.xml"))
        [outcome] = crawl(fetcher).feeds
    feed.refresh_from_db()
    assert not outcome.ok and feed.error_count == 1 and "html" in feed.last_error.lower()


def test_a_site_that_asks_us_to_slow_down_gets_no_more_requests(source, fetcher):
    names = ["a", "b", "c"]
    with hostile.serve(page_routes(names)) as server:
        server.routes["/news/a.html"] = hostile.ok("busy", status=429, headers={"Retry-After": "60"})
        server.routes["/feed.xml"] = hostile.ok(rss(items(server, names)), content_type="application/rss+xml")
        feed = Feed.objects.create(source=source, url=server.url("/feed.xml"))
        [outcome] = crawl(fetcher).feeds
        paths = server.paths()
    # The newest entry hit the 429; the other two were not even asked for, and all three wait.
    assert [p for p in paths if p.startswith("/news/")] == ["/news/a.html"]
    assert outcome.ok and outcome.deferred == 3 and Article.objects.count() == 0
    feed.refresh_from_db()
    assert feed.etag == "" and feed.next_check_at <= timezone.now() + scheduling.MIN_INTERVAL
