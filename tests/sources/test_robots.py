"""robots.txt: parsing, the 24 h cache, and how the fetcher obeys it for article pages."""

from __future__ import annotations

import time

import pytest

from kabar.sources.fetching import USER_AGENT, FetchError
from kabar.sources.robots import (
    ALLOW_ALL,
    MAX_CRAWL_DELAY,
    ROBOTS_TTL,
    RobotsCache,
    RobotsUnavailable,
    parse_robots,
)
from tests.sources import hostile
from tests.sources.hostile import fast_fetcher

ROBOTS = b"""# test robots
User-agent: *
Disallow: /private/
Disallow: /search

User-agent: kabar
Disallow: /no-kabar/
Crawl-delay: 2

User-agent: BadBot
Disallow: /
"""


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_parse_rules_for_our_agent_and_others():
    rules = parse_robots(ROBOTS)
    assert rules.allows("https://news.test/english/article/1", USER_AGENT)
    assert not rules.allows("https://news.test/no-kabar/x", USER_AGENT)
    # Our own group applies, so the "*" group does not (RFC 9309 §2.2.1).
    assert rules.allows("https://news.test/private/x", USER_AGENT)
    assert not rules.allows("https://news.test/private/x", "OtherBot/1.0")
    assert not rules.allows("https://news.test/anything", "BadBot/2.0")
    assert rules.crawl_delay(USER_AGENT) == 2.0
    assert rules.crawl_delay("OtherBot/1.0") == 0.0


def test_star_group_applies_when_we_are_not_named():
    rules = parse_robots(b"User-agent: *\nDisallow: /private/\nAllow: /\n")
    assert not rules.allows("https://news.test/private/a", USER_AGENT)
    assert rules.allows("https://news.test/public/a", USER_AGENT)


def test_empty_garbage_and_bom_robots():
    assert parse_robots(b"").allows("https://x.test/a", USER_AGENT)
    assert parse_robots(b"\x00\xff<html>not robots</html>").allows("https://x.test/a", USER_AGENT)
    rules = parse_robots(b"\xef\xbb\xbfUser-agent: *\nDisallow: /\n")
    assert not rules.allows("https://x.test/a", USER_AGENT)


def test_fractional_and_huge_crawl_delays():
    assert parse_robots(b"User-agent: *\nCrawl-delay: 0.5\n").crawl_delay(USER_AGENT) == 1.0
    assert parse_robots(b"User-agent: *\nCrawl-delay: 86400\n").crawl_delay(USER_AGENT) == MAX_CRAWL_DELAY
    assert parse_robots(b"User-agent: *\nCrawl-delay: soon\n").crawl_delay(USER_AGENT) == 0.0


def test_allow_all():
    assert ALLOW_ALL.allows("https://x.test/anything", USER_AGENT)
    assert ALLOW_ALL.crawl_delay(USER_AGENT) == 0.0


def test_cache_keeps_rules_for_24_hours():
    clock = Clock()
    cache = RobotsCache(clock=clock)
    loads = []

    def load():
        loads.append(clock.now)
        return parse_robots(b"User-agent: *\nDisallow: /x\n")

    first = cache.rules("https://a.test", load)
    assert cache.rules("https://a.test", load) is first
    clock.now += ROBOTS_TTL - 1
    assert cache.rules("https://a.test", load) is first
    assert cache.peek("https://a.test") is first
    clock.now += 2
    assert cache.peek("https://a.test") is None
    cache.rules("https://a.test", load)
    cache.rules("https://b.test", load)
    assert len(loads) == 3
    assert ROBOTS_TTL == 24 * 3600


def test_cache_remembers_a_failure_until_its_retry_time():
    clock = Clock()
    cache = RobotsCache(clock=clock)
    calls = []

    def failing():
        calls.append(1)
        raise RobotsUnavailable("HTTP 503", retry_after=300)

    with pytest.raises(RobotsUnavailable):
        cache.rules("https://a.test", failing)
    clock.now += 100
    with pytest.raises(RobotsUnavailable) as info:
        cache.rules("https://a.test", failing)
    assert info.value.retry_after == 200
    assert len(calls) == 1
    clock.now += 201
    assert cache.rules("https://a.test", lambda: ALLOW_ALL) is ALLOW_ALL


# The fetcher with real servers.


def _site(robots_route, **extra):
    return {
        "/robots.txt": robots_route,
        "/news/1": hostile.ok("article"),
        "/private/1": hostile.ok("secret"),
        **extra,
    }


def test_disallowed_article_is_not_requested():
    robots = hostile.ok(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    with fast_fetcher() as f, hostile.serve(_site(robots)) as s:
        assert f.fetch(s.url("/news/1"), obey_robots=True).content == b"article"
        with pytest.raises(FetchError) as info:
            f.fetch(s.url("/private/1"), obey_robots=True)
        # Feeds are not article pages: robots.txt is not consulted for them.
        assert f.fetch(s.url("/private/1")).content == b"secret"
    assert info.value.kind == "robots_disallowed"
    assert s.paths() == ["/robots.txt", "/news/1", "/private/1"]  # robots.txt once, cached
    assert s.requests[0].headers["user-agent"] == USER_AGENT


def test_robots_is_not_fetched_when_not_obeying():
    with fast_fetcher() as f, hostile.serve(_site(hostile.ok("User-agent: *\nDisallow: /\n"))) as s:
        f.fetch(s.url("/news/1"))
    assert s.paths() == ["/news/1"]


@pytest.mark.parametrize("status", [404, 401, 403, 410])
def test_robots_4xx_allows_everything(status):
    with fast_fetcher() as f, hostile.serve(_site(hostile.ok("no", status=status))) as s:
        assert f.fetch(s.url("/private/1"), obey_robots=True).content == b"secret"
        assert f.fetch(s.url("/news/1"), obey_robots=True).content == b"article"
    assert s.paths().count("/robots.txt") == 1


@pytest.mark.parametrize("status", [500, 503, 429])
def test_robots_unreachable_means_retry_later_not_crawl(status):
    with fast_fetcher() as f, hostile.serve(_site(hostile.ok("down", status=status))) as s:
        with pytest.raises(FetchError) as info:
            f.fetch(s.url("/news/1"), obey_robots=True)
        with pytest.raises(FetchError) as again:
            f.fetch(s.url("/news/1"), obey_robots=True)
    assert info.value.kind == "robots_unavailable"
    assert info.value.retry_after and info.value.retry_after > 0
    assert again.value.kind == "robots_unavailable"
    assert s.paths() == ["/robots.txt"]  # the failure is cached; the article was never requested


def test_robots_retry_after_is_passed_on():
    robots = hostile.ok("busy", status=503, headers={"Retry-After": "1234"})
    with fast_fetcher() as f, hostile.serve(_site(robots)) as s:
        with pytest.raises(FetchError) as info:
            f.fetch(s.url("/news/1"), obey_robots=True)
    assert info.value.kind == "robots_unavailable"
    assert info.value.retry_after == 1234


def test_robots_timeout_means_retry_later():
    with fast_fetcher(read_timeout=0.5) as f, hostile.serve(_site(hostile.silence(5))) as s:
        start = time.monotonic()
        with pytest.raises(FetchError) as info:
            f.fetch(s.url("/news/1"), obey_robots=True)
    assert info.value.kind == "robots_unavailable"
    assert time.monotonic() - start < 2.0
    assert "/news/1" not in s.paths()


def test_robots_redirect_is_followed():
    routes = _site(hostile.redirect("/real-robots.txt"))
    routes["/real-robots.txt"] = hostile.ok("User-agent: *\nDisallow: /private/\n")
    with fast_fetcher() as f, hostile.serve(routes) as s:
        with pytest.raises(FetchError) as info:
            f.fetch(s.url("/private/1"), obey_robots=True)
    assert info.value.kind == "robots_disallowed"


def test_huge_robots_is_read_up_to_the_limit():
    body = b"User-agent: *\nDisallow: /private/\n" + b"# padding\n" * 200_000  # about 2 MB
    with fast_fetcher(max_bytes=64 * 1024) as f, hostile.serve(_site(hostile.ok(body))) as s:
        with pytest.raises(FetchError) as info:
            f.fetch(s.url("/private/1"), obey_robots=True)
        assert f.fetch(s.url("/news/1"), obey_robots=True).content == b"article"
    assert info.value.kind == "robots_disallowed"


def test_crawl_delay_raises_the_host_delay():
    robots = hostile.ok("User-agent: *\nCrawl-delay: 1\n")
    with fast_fetcher(min_host_delay=0.0) as f, hostile.serve(_site(robots)) as s:
        f.fetch(s.url("/news/1"), obey_robots=True)
        f.fetch(s.url("/news/1"), obey_robots=True)
    times = [r.time for r in s.requests]
    assert [r.path for r in s.requests] == ["/robots.txt", "/news/1", "/news/1"]
    assert times[2] - times[1] >= 0.98
    assert times[1] - times[0] >= 0.98  # the robots.txt request counts too


def test_redirect_target_robots_are_checked_too():
    with hostile.serve({"/robots.txt": hostile.ok("User-agent: *\nDisallow: /\n")}) as blocked:
        routes = _site(hostile.ok("", status=404), **{"/go": hostile.redirect(blocked.url("/story"))})
        with fast_fetcher() as f, hostile.serve(routes) as s:
            with pytest.raises(FetchError) as info:
                f.fetch(s.url("/go"), obey_robots=True)
    assert info.value.kind == "robots_disallowed"
    assert blocked.paths() == ["/robots.txt"]
