"""Feed leases: who may fetch which feed, and when a dead worker's feed comes back."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from kabar.sources.leases import (
    default_worker_id,
    lease_due_feeds,
    lease_release,
    lease_release_all,
    lease_renew,
    next_due_at,
)
from kabar.sources.models import Feed, Source
from tests.sources import hostile
from tests.sources.crawl_helpers import article_page, hours_ago, postgres_env, rss, sqlite_env

pytestmark = pytest.mark.django_db


def make_feeds(source, count, **fields):
    return [
        Feed.objects.create(source=source, url=f"https://mainichi.jp/{n}.rss", **fields) for n in range(count)
    ]


def test_lease_marks_the_feed_as_ours(source):
    [feed] = make_feeds(source, 1)
    before = timezone.now()
    [leased] = lease_due_feeds(owner="w1", lease_seconds=120)
    feed.refresh_from_db()
    assert leased.pk == feed.pk
    assert feed.lease_owner == "w1"
    assert before + timedelta(seconds=119) < feed.lease_expires_at < timezone.now() + timedelta(seconds=121)
    # The source comes along, so the crawler needs no extra query for it.
    assert leased.source.slug == "mainichi"


def test_a_leased_feed_is_not_leased_again(source):
    make_feeds(source, 1)
    assert len(lease_due_feeds(owner="w1")) == 1
    assert lease_due_feeds(owner="w2") == []
    assert lease_due_feeds(owner="w1") == []


def test_an_expired_lease_lets_another_worker_take_the_feed(source):
    [feed] = make_feeds(source, 1)
    lease_due_feeds(owner="dead-worker", lease_seconds=60)
    later = timezone.now() + timedelta(seconds=61)
    [taken] = lease_due_feeds(owner="w2", now=later)
    assert taken.pk == feed.pk
    feed.refresh_from_db()
    assert feed.lease_owner == "w2"
    # The dead worker can neither renew nor release what is no longer its own.
    assert not lease_renew(feed_id=feed.pk, owner="dead-worker", now=later)
    assert not lease_release(feed_id=feed.pk, owner="dead-worker")
    feed.refresh_from_db()
    assert feed.lease_owner == "w2"


def test_only_due_active_feeds_of_active_sources_are_leased(source, group):
    now = timezone.now()
    never, overdue = make_feeds(source, 2)
    Feed.objects.filter(pk=overdue.pk).update(next_check_at=now - timedelta(minutes=1))
    Feed.objects.create(
        source=source, url="https://mainichi.jp/later.rss", next_check_at=now + timedelta(hours=1)
    )
    Feed.objects.create(source=source, url="https://mainichi.jp/off.rss", active=False)
    off = Source.objects.create(
        slug="kyodo", name="Kyodo", group=group, homepage="https://k.example/", active=False
    )
    Feed.objects.create(source=off, url="https://k.example/feed")
    leased = lease_due_feeds(owner="w1", limit=10)
    # Never-checked feeds first, then the most overdue.
    assert [f.pk for f in leased] == [never.pk, overdue.pk]


def test_limit_and_exclude(source):
    feeds = make_feeds(source, 5)
    first = lease_due_feeds(owner="w1", limit=2)
    assert len(first) == 2
    rest = lease_due_feeds(owner="w1", limit=10, exclude=[feeds[2].pk])
    assert {f.pk for f in rest} == {feeds[3].pk, feeds[4].pk}


def test_renew_extends_and_release_frees(source):
    [feed] = make_feeds(source, 1)
    lease_due_feeds(owner="w1", lease_seconds=10)
    assert lease_renew(feed_id=feed.pk, owner="w1", lease_seconds=3600)
    feed.refresh_from_db()
    assert feed.lease_expires_at > timezone.now() + timedelta(minutes=59)
    assert lease_release(feed_id=feed.pk, owner="w1")
    feed.refresh_from_db()
    assert (feed.lease_owner, feed.lease_expires_at) == ("", None)
    # Released without a check: still due.
    assert [f.pk for f in lease_due_feeds(owner="w2")] == [feed.pk]


def test_release_all_frees_only_our_leases(source):
    feeds = make_feeds(source, 3)
    lease_due_feeds(owner="w1", limit=2)
    lease_due_feeds(owner="w2", limit=1)
    assert lease_release_all(owner="w1") == 2
    assert Feed.objects.filter(lease_owner="w2").count() == 1
    assert Feed.objects.filter(lease_owner="").count() == 2
    assert {f.pk for f in feeds} == set(Feed.objects.values_list("pk", flat=True))


def test_next_due_at(source):
    now = timezone.now()
    assert next_due_at(now=now) is None
    [feed] = make_feeds(source, 1, next_check_at=now + timedelta(minutes=30))
    assert next_due_at(now=now) == now + timedelta(minutes=30)
    Feed.objects.filter(pk=feed.pk).update(next_check_at=now - timedelta(minutes=1))
    assert next_due_at(now=now) == now
    # Due but leased by another worker: it comes back when the lease expires.
    Feed.objects.filter(pk=feed.pk).update(lease_owner="w9", lease_expires_at=now + timedelta(minutes=5))
    assert next_due_at(now=now) == now + timedelta(minutes=5)


def test_worker_ids_differ():
    assert default_worker_id() != default_worker_id()


def test_a_lease_needs_an_owner(source):
    with pytest.raises(ValueError):
        lease_due_feeds(owner="")


# --- Several worker processes -----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_three_workers_fetch_each_due_feed_exactly_once(tmp_path, backend):
    """Three `kabar crawl --once` processes at the same time against one database: every due feed
    is fetched by exactly one of them (the server counts requests per path), none of the others."""
    due, later = 24, 4
    routes = {}
    for n in range(due + later):
        # A relative link: the parser resolves it against the feed's URL on the test server.
        entry = {"title": f"Story {n}", "link": f"/news/{n}.html", "published": hours_ago(n)}
        # A little latency per feed keeps all three workers busy at the same time.
        routes[f"/feed/{n}.xml"] = hostile.ok(rss([entry]), content_type="application/rss+xml", delay=0.15)
        routes[f"/news/{n}.html"] = hostile.ok(article_page(f"Story {n}"))
    make_env = postgres_env if backend == "postgresql" else sqlite_env
    with hostile.serve(routes) as server, make_env(tmp_path) as env:
        env.add_feeds([server.url(f"/feed/{n}.xml") for n in range(due)])
        env.add_feeds([server.url(f"/feed/{n}.xml") for n in range(due, due + later)], due=False)
        workers = [env.popen("crawl", "--once", "--worker-id", f"w{k}") for k in range(3)]
        outputs = [w.communicate(timeout=180) for w in workers]
        for worker, (_, err) in zip(workers, outputs, strict=True):
            assert worker.returncode == 0, err
        counts = Counter(server.paths())
        feeds = env.feeds()
        articles = env.articles()
    for n in range(due):
        assert counts[f"/feed/{n}.xml"] == 1, f"/feed/{n}.xml fetched {counts[f'/feed/{n}.xml']} times"
        assert counts[f"/news/{n}.html"] == 1
    for n in range(due, due + later):
        assert counts[f"/feed/{n}.xml"] == 0
    assert sum(1 for f in feeds if f["last_success_at"]) == due
    assert all(f["lease_owner"] == "" for f in feeds)
    assert len(articles) == due == len({a["url"] for a in articles})
    # The work was shared: each worker reports the feeds it did.
    done = [sum(1 for line in out.splitlines() if line.startswith("feed ")) for out, _ in outputs]
    assert sum(done) == due
    assert sum(1 for d in done if d) >= 2, done
