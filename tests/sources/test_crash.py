"""Crash safety (issue 3 §4): `kabar crawl` killed with kill -9 at random points, several times, then
restarted. Nothing is stored twice, nothing is lost, and no feed stays leased once its lease has
expired (the test uses 2-second leases)."""

from __future__ import annotations

import random
import time

import pytest

from tests.sources import hostile
from tests.sources.crawl_helpers import article_page, hours_ago, rss, sqlite_env

pytestmark = pytest.mark.slow

FEEDS, PER_FEED, KILLS, LEASE = 6, 6, 5, 2


def test_kill_9_at_random_points_then_restart(tmp_path):
    rng = random.Random()
    seed = rng.randrange(1_000_000)
    rng.seed(seed)
    served = set()
    with hostile.serve({}) as server:
        routes = server.routes
        for f in range(FEEDS):
            entries = []
            for a in range(PER_FEED):
                path = f"/news/{f}-{a}.html"
                # Slow pages keep the worker mid-feed most of the time, where a kill hurts most.
                routes[path] = hostile.ok(article_page(f"Story {f}-{a}"), delay=0.4)
                entries.append(
                    {"title": f"Story {f}-{a}", "link": server.url(path), "published": hours_ago(a)}
                )
                served.add(server.url(path))
            # Feed 0 also lists an article of feed 1: two feeds racing to store one URL.
            if f == 0:
                entries.append({"title": "Story 1-0", "link": server.url("/news/1-0.html")})
            routes[f"/feed/{f}.xml"] = hostile.ok(rss(entries), content_type="application/rss+xml")
        with sqlite_env(tmp_path) as env:
            env.add_feeds([server.url(f"/feed/{f}.xml") for f in range(FEEDS)])
            progress = []
            for kill in range(KILLS):
                worker = env.popen("crawl", "--lease-seconds", str(LEASE), "--worker-id", f"doomed-{kill}")
                time.sleep(rng.uniform(2.5, 6.0))  # start-up takes about 2 s
                worker.kill()  # SIGKILL: no cleanup of any kind
                worker.communicate(timeout=30)
                progress.append(len(env.articles()))
            # Leases of the last victim run out; then a fresh worker finishes the job.
            time.sleep(LEASE + 0.5)
            live = env.python(
                "from django.utils import timezone\n"
                "from kabar.sources.models import Feed\n"
                "result = Feed.objects.filter(lease_expires_at__gte=timezone.now()).count()\n"
            )
            assert live == 0, "a dead worker's lease outlived its expiry"
            final = env.kabar("crawl", "--once", "--lease-seconds", str(LEASE), "--worker-id", "survivor")
            feeds = env.feeds()
            articles = env.articles()
    context = f"seed {seed}, articles after each kill: {progress}\n{final.stdout}"
    urls = [a["url"] for a in articles]
    assert len(urls) == len(set(urls)) == len(served), context
    assert set(urls) == served, context
    assert len({a["seq"] for a in articles}) == len(articles), context
    assert all(not a["summary_only"] and a["body"] for a in articles), context
    for feed in feeds:
        assert feed["lease_owner"] == "" and feed["lease_expires_at"] is None, context
        assert feed["last_success_at"] is not None and feed["error_count"] == 0, context
