"""Helpers for the crawl tests: feeds and article pages to serve, fetchers with test limits, and
throwaway databases for tests that run `kabar crawl` in separate processes."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

from kabar.sources.fetching import USER_AGENT, Fetcher
from tests.conftest import ROOT, skip_or_fail

# Where throwaway databases are made: the server of the PostgreSQL test run, else the local one.
PG_ADMIN = next(
    (
        url
        for url in (os.environ.get("KABAR_TEST_DATABASE_URL"), os.environ.get("KABAR_DATABASE_URL"))
        if url and url.startswith(("postgres://", "postgresql://"))
    ),
    "postgres://postgres@127.0.0.1:5432/postgres",
)
NOW = datetime.now(UTC).replace(microsecond=0)

WORDS = (
    "Tokyo officials said on Monday that the new train line would open next spring after years of "
    "planning and debate among residents who worried about noise and the cost of construction. "
)


def rss(items: list[dict], *, title: str = "Test feed") -> bytes:
    """An RSS 2.0 document; each item has link, title and optionally guid, summary, published."""
    parts = [
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{escape(title)}</title>'
    ]
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(item['title'])}</title><link>{escape(item['link'])}</link>")
        if "guid" in item:
            parts.append(f'<guid isPermaLink="false">{escape(item["guid"])}</guid>')
        if item.get("summary"):
            parts.append(f"<description>{escape(item['summary'])}</description>")
        published = item.get("published")
        if published is not None:
            parts.append(f"<pubDate>{format_datetime(published)}</pubDate>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def article_page(title: str, *, paragraphs: int = 4, canonical: str = "", image: str = "") -> str:
    """An article page with ``paragraphs`` paragraphs of about 30 words each."""
    head = f"<title>{escape(title)}</title>"
    if canonical:
        head += f'<link rel="canonical" href="{escape(canonical)}">'
    if image:
        head += f'<meta property="og:image" content="{escape(image)}">'
    body = "".join(f"<p>{WORDS}Paragraph {n} of {escape(title)}.</p>" for n in range(paragraphs))
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        f"<footer>Copyright Test News</footer></body></html>"
    )


def hours_ago(n: float) -> datetime:
    return NOW - timedelta(hours=n)


def test_fetcher(**limits) -> Fetcher:
    """A fetcher for 127.0.0.1 with no host delay; keyword arguments override its limits."""
    options = {"user_agent": USER_AGENT, "allow_private": True, "min_host_delay": 0.0}
    options.update(limits)
    return Fetcher(**options)


test_fetcher.__test__ = False  # not a test, despite its name


# --- Throwaway databases for `kabar crawl` in other processes -----------------------------------


@dataclass
class CrawlEnv:
    """A database of its own (SQLite file or PostgreSQL) with `kabar migrate` applied."""

    database_url: str
    data_dir: Path

    def environ(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KABAR_", "DJANGO_"))}
        env.update(
            KABAR_DATABASE_URL=self.database_url,
            KABAR_DATA_DIR=str(self.data_dir),
            KABAR_CRAWL_ALLOW_PRIVATE="1",
            KABAR_CRAWL_MIN_HOST_DELAY="0",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "kabar.cli", *args]

    def kabar(self, *args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            self.command(*args), cwd=ROOT, env=self.environ(), capture_output=True, text=True, timeout=timeout
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"kabar {' '.join(args)} exited {result.returncode}:\n{result.stderr[-3000:]}"
            )
        return result

    def popen(self, *args: str, **kwargs) -> subprocess.Popen:
        return subprocess.Popen(
            self.command(*args),
            cwd=ROOT,
            env=self.environ(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            **kwargs,
        )

    def python(self, code: str, **values) -> object:
        """Run ``code`` with Django set up against this database; it must set ``result`` (JSON-able).
        ``values`` are available to it as variables."""
        script = (
            "import json, sys, django\n"
            "django.setup()\n"
            "values = json.loads(sys.stdin.read())\n"
            "globals().update(values)\n"
            f"{code}\n"
            "print(json.dumps(result, default=str))\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=self.environ(DJANGO_SETTINGS_MODULE="kabar.settings"),
            input=json.dumps(values),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if proc.returncode != 0:
            raise AssertionError(f"script failed:\n{proc.stderr[-3000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    def add_feeds(self, urls: list[str], *, due: bool = True) -> list[int]:
        """One source with these feeds (due now, or in an hour); returns the feed ids."""
        return self.python(
            "from datetime import timedelta\n"
            "from django.utils import timezone\n"
            "from kabar.sources.models import Feed, MediaGroup, Source\n"
            "group, _ = MediaGroup.objects.get_or_create(slug='media-jepang', defaults={'name': 'Media Jepang'})\n"
            "source, _ = Source.objects.get_or_create(slug='mainichi', defaults={'name': 'Mainichi', "
            "'group': group, 'homepage': 'https://mainichi.jp/english/'})\n"
            "when = None if due else timezone.now() + timedelta(hours=1)\n"
            "result = [Feed.objects.create(source=source, url=u, next_check_at=when).pk for u in urls]\n",
            urls=urls,
            due=due,
        )

    def feeds(self) -> list[dict]:
        return self.python(
            "from kabar.sources.models import Feed\n"
            "result = list(Feed.objects.order_by('id').values('id', 'url', 'lease_owner', 'lease_expires_at',"
            " 'last_success_at', 'error_count', 'last_error', 'next_check_at'))\n"
        )

    def articles(self) -> list[dict]:
        return self.python(
            "from kabar.articles.models import Article\n"
            "result = list(Article.objects.order_by('id').values('url', 'title', 'body', 'summary_only', 'seq'))\n"
        )


@contextlib.contextmanager
def sqlite_env(tmp_path: Path) -> Iterator[CrawlEnv]:
    env = CrawlEnv(database_url=f"sqlite:///{tmp_path / 'crawl.sqlite3'}", data_dir=tmp_path)
    env.kabar("migrate", "--noinput", "-v", "0")
    yield env


@contextlib.contextmanager
def postgres_env(tmp_path: Path) -> Iterator[CrawlEnv]:
    """A PostgreSQL database made for this test on the PG_ADMIN server and dropped after it."""
    try:
        import psycopg

        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)
    except Exception as exc:
        skip_or_fail(f"PostgreSQL is not available for a throwaway database ({type(exc).__name__})")
        return
    name = f"kabar_crawl_{os.getpid()}_{secrets.token_hex(4)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            env = CrawlEnv(database_url=PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", data_dir=tmp_path)
            env.kabar("migrate", "--noinput", "-v", "0")
            yield env
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
