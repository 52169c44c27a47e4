"""A crawl over good feeds and hostile ones (issue 3 §6): each hostile feed costs at most its time
limit and one recorded error, and the good feeds are ingested all the same. Only 127.0.0.1 is ever
contacted: the "private address" is a stubbed DNS answer that the address guard refuses."""

from __future__ import annotations

import ipaddress
import random
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from kabar.articles.models import Article
from kabar.sources import netguard
from kabar.sources.ingest import crawl_once
from kabar.sources.models import Feed
from tests.sources import hostile
from tests.sources.crawl_helpers import article_page, hours_ago, rss

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LOOPBACK = ipaddress.ip_address("127.0.0.1")
BOMB = 100 * 1024 * 1024  # inflated size; about 100 kB on the wire
PRIVATE_NAME = "intranet.example"
# The test server on 127.0.0.1 stands in for the public internet; everything else keeps the guard.
HOSTILE_FEEDS = {
    "/drip.xml": "timeout",
    "/silent.xml": "timeout",
    "/endless.xml": "too_large",
    "/huge.xml": "too_large",
    "/huge-unannounced.xml": "too_large",
    "/bomb.xml": "too_large",
    "/loop.xml": "too_many_redirects",
    "/to-private.xml": "private_address",
    "/html.xml": "not a feed",
    "/error.xml": "http_status 500",
    "/busy.xml": "http_status 429",
    "/reset.xml": "connection",
}


def allowed(ip) -> bool:
    return ip == LOOPBACK or netguard.is_public_address(ip)


def test_hostile_feeds_fail_alone_and_in_time(source):
    resolved = []

    def resolver(host, port):
        resolved.append(host)
        return ["10.20.30.40"] if host == PRIVATE_NAME else []

    hostile.bomb_bytes(BOMB)  # made before the clock starts: compressing takes the server a while
    with hostile.serve({}) as server:
        good_entries = [
            {"title": "Good one", "link": server.url("/news/1.html"), "published": hours_ago(1)},
            {"title": "Dripping page", "link": server.url("/news/drip.html"), "summary": "Kept summary."},
        ]
        latin1 = rss([{"title": "Café crème", "link": server.url("/news/2.html")}]).replace(
            b'encoding="utf-8"', b'encoding="iso-8859-1"'
        )
        sjis = rss([{"title": "東京の天気", "link": server.url("/news/3.html")}]).replace(
            b'encoding="utf-8"', b'encoding="shift_jis"'
        )
        server.routes.update(
            {
                "/good.xml": hostile.ok(rss(good_entries), content_type="application/rss+xml"),
                # Both documents say one charset while the header claims UTF-8.
                "/latin1.xml": hostile.ok(
                    latin1.decode().encode("latin-1"), content_type="application/rss+xml; charset=utf-8"
                ),
                "/sjis.xml": hostile.ok(
                    sjis.decode().encode("shift_jis"), content_type="text/xml; charset=utf-8"
                ),
                "/news/1.html": hostile.ok(article_page("Good one")),
                "/news/2.html": hostile.ok(article_page("Café crème")),
                "/news/3.html": hostile.ok(article_page("Tokyo weather")),
                "/news/drip.html": hostile.drip(article_page("Dripping page").encode(), interval=1.0),
                "/drip.xml": hostile.drip(rss(good_entries), interval=1.0),
                "/silent.xml": hostile.silence(30),
                "/endless.xml": hostile.endless(),
                "/huge.xml": hostile.huge(50 * 1024 * 1024),
                "/huge-unannounced.xml": hostile.huge(50 * 1024 * 1024, content_length=False),
                "/bomb.xml": hostile.gzip_bomb(BOMB),
                "/loop.xml": hostile.redirect("/loop.xml"),
                "/to-private.xml": hostile.redirect(f"http://{PRIVATE_NAME}:{server.port}/good.xml"),
                "/html.xml": hostile.ok(article_page("Welcome to our home page")),
                "/error.xml": hostile.ok("internal error", status=500),
                "/busy.xml": hostile.ok("slow down", status=429, headers={"Retry-After": "3600"}),
                "/reset.xml": hostile.reset(),
            }
        )
        good = ["/good.xml", "/latin1.xml", "/sjis.xml"]
        paths = list(HOSTILE_FEEDS)
        # Good feeds at both ends, so a hostile one in the middle cannot hide a stopped crawl.
        order = [good[0], *paths[:6], good[1], *paths[6:], good[2]]
        for path in order:
            Feed.objects.create(source=source, url=server.url(path))
        fetcher = hostile.fast_fetcher(
            allow_private=False, resolver=resolver, is_allowed=allowed, max_redirects=3
        )
        started = time.monotonic()
        with fetcher:
            report = crawl_once(fetcher=fetcher, owner="hostile-test", rng=random.Random(5))
        elapsed = time.monotonic() - started
        requested_hosts = {r.headers.get("host", "").split(":")[0] for r in server.requests}

    # Each slow case is cut at the 3 s total limit; twelve hostile feeds and a dripping page.
    assert elapsed < 40, f"crawl took {elapsed:.1f} s"
    assert len(report.feeds) == len(order)
    outcomes = {f.url.removeprefix(server.url("")): f for f in report.feeds}
    for path in good:
        assert outcomes[path].ok, (path, outcomes[path].error)
    now = timezone.now()
    for path, expected in HOSTILE_FEEDS.items():
        feed = Feed.objects.get(url=server.url(path))
        assert not outcomes[path].ok
        assert expected in feed.last_error.lower(), (path, feed.last_error)
        assert feed.error_count == 1 and feed.active
        assert feed.next_check_at > now + timedelta(minutes=4)
        assert (feed.lease_owner, feed.lease_expires_at) == ("", None)
    busy = Feed.objects.get(url=server.url("/busy.xml"))
    assert busy.next_check_at >= now + timedelta(seconds=3590)
    # The private name was refused on its DNS answer; nothing but 127.0.0.1 was ever contacted.
    assert PRIVATE_NAME in resolved and requested_hosts == {"127.0.0.1"}
    titles = {a.title: a for a in Article.objects.all()}
    assert set(titles) == {"Good one", "Dripping page", "Café crème", "東京の天気"}
    assert not titles["Good one"].summary_only
    dripping = titles["Dripping page"]
    assert dripping.summary_only and dripping.summary == "Kept summary." and dripping.body == ""
