"""`kabar crawl`: --once, --limit, --worker-id, option checks, and the long-running worker's clean
stop on SIGTERM/SIGINT."""

from __future__ import annotations

import os
import signal
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.test import override_settings

from kabar.articles.models import Article
from kabar.sources.models import Feed
from tests.sources import hostile
from tests.sources.crawl_helpers import article_page, hours_ago, rss, sqlite_env

LOCAL = {"KABAR_CRAWL_ALLOW_PRIVATE": True, "KABAR_CRAWL_MIN_HOST_DELAY": 0.0}


def serve_feeds(count: int):
    return hostile.serve({f"/news/{n}.html": hostile.ok(article_page(f"Story {n}")) for n in range(count)})


def add_feed_routes(server, count: int) -> list[str]:
    urls = []
    for n in range(count):
        entry = {"title": f"Story {n}", "link": server.url(f"/news/{n}.html"), "published": hours_ago(n)}
        server.routes[f"/feed/{n}.xml"] = hostile.ok(rss([entry]), content_type="application/rss+xml")
        urls.append(server.url(f"/feed/{n}.xml"))
    return urls


def crawl(*args: str) -> list[str]:
    out = StringIO()
    with override_settings(**LOCAL):
        call_command("crawl", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_once_crawls_every_due_feed_and_exits(source):
    with serve_feeds(2) as server:
        for url in add_feed_routes(server, 2):
            Feed.objects.create(source=source, url=url)
        lines = crawl("--once", "--worker-id", "cli-test")
    assert lines[:2] == [
        f"feed {server.url('/feed/0.xml')}: 1 entries, 1 new, 0 updated, 0 summary only",
        f"feed {server.url('/feed/1.xml')}: 1 entries, 1 new, 0 updated, 0 summary only",
    ]
    assert lines[2] == "crawl: 2 feeds checked, 0 failed; 2 articles new, 0 updated"
    assert Article.objects.count() == 2
    assert not Feed.objects.exclude(lease_owner="").exists()
    # Nothing is due any more.
    assert crawl("--once") == ["crawl: 0 feeds checked, 0 failed; 0 articles new, 0 updated"]


@pytest.mark.django_db
def test_limit(source):
    with serve_feeds(3) as server:
        for url in add_feed_routes(server, 3):
            Feed.objects.create(source=source, url=url)
        assert crawl("--once", "--limit", "2", "-v", "0") == []
    assert Feed.objects.filter(last_success_at__isnull=False).count() == 2


@pytest.mark.django_db
def test_article_limit_option(source):
    with serve_feeds(3) as server:
        entries = [{"title": f"Story {n}", "link": server.url(f"/news/{n}.html")} for n in range(3)]
        server.routes["/all.xml"] = hostile.ok(rss(entries), content_type="application/rss+xml")
        Feed.objects.create(source=source, url=server.url("/all.xml"))
        [line, _] = crawl("--once", "--max-articles", "1")
    assert line.endswith("1 new, 0 updated, 0 summary only, 2 left for the next run")


@pytest.mark.parametrize(
    "args",
    [["--limit", "0"], ["--lease-seconds", "0"], ["--max-articles", "x"], ["--worker-id", "w" * 101]],
)
@pytest.mark.django_db
def test_bad_options(args):
    with pytest.raises(CommandError):
        call_command("crawl", "--once", *args, stdout=StringIO(), stderr=StringIO())


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_worker_runs_until_a_signal_and_stops_cleanly(tmp_path, signum):
    with serve_feeds(2) as server, sqlite_env(tmp_path) as env:
        env.add_feeds(add_feed_routes(server, 2))
        worker = env.popen("crawl", "--worker-id", "forever")
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if sum(1 for f in env.feeds() if f["last_success_at"]) == 2:
                    break
                time.sleep(0.5)
            # Both feeds done; the worker now sleeps until the next one is due, and keeps running.
            time.sleep(1)
            assert worker.poll() is None
            worker.send_signal(signum)
            out, err = worker.communicate(timeout=20)
        finally:
            if worker.poll() is None:
                worker.kill()
        assert worker.returncode == 0, err
        assert out.splitlines()[-1] == "crawl: stopped"
        assert "Traceback" not in err
        feeds = env.feeds()
        assert all(f["lease_owner"] == "" and f["error_count"] == 0 for f in feeds)
        assert len(env.articles()) == 2


@pytest.mark.django_db
def test_the_worker_survives_a_database_outage(monkeypatch):
    from kabar.sources.management.commands import crawl as command

    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        os.kill(os.getpid(), signal.SIGTERM)  # second round: ask the worker to stop
        return real(**kwargs)

    real = command.crawl_once
    monkeypatch.setattr(command, "DATABASE_RETRY", 0.01)
    monkeypatch.setattr(command, "crawl_once", flaky)
    out, err = StringIO(), StringIO()
    with override_settings(**LOCAL):
        call_command("crawl", stdout=out, stderr=err)
    assert len(calls) == 2
    assert (
        "crawl: database error, retrying in 0 s: server closed the connection unexpectedly" in err.getvalue()
    )
    assert out.getvalue().splitlines()[-1] == "crawl: stopped"


@pytest.mark.django_db
def test_once_reports_a_database_error(monkeypatch):
    from kabar.sources.management.commands import crawl as command

    def broken(**kwargs):
        raise OperationalError("no such table: sources_feed")

    monkeypatch.setattr(command, "crawl_once", broken)
    with pytest.raises(CommandError, match="database error: no such table"):
        call_command("crawl", "--once", stdout=StringIO())
