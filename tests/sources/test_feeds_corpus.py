"""Every real-world feed file in ../shared/testdata/feeds/ goes through parse_feed: no exception,
no use of the last-resort handler, bounded time. Skips when the test data is absent."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kabar.articles.models import LIMITS
from kabar.sources.adapters import feeds
from kabar.sources.parsing import MAX_ENTRIES, ParsedFeed, normalise_entry, parse_feed

FEED_URL = "http://feeds.example.com/feed.xml"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
SECONDS_PER_FILE = 5.0
# (folder under feeds/, recursive?). Together they must cover every file (checked below).
GROUPS = [
    ("feedparser/wellformed", True),
    ("feedparser/illformed", True),
    ("feedparser/encoding", True),
    ("feedparser/entities", True),
    ("feedparser", False),
    ("real/rss-parser", True),
    ("real/feed-rs", True),
    ("real", False),
    ("", False),
]
KIND_BY_SUFFIX = {".json": "json", ".atom": "atom", ".rdf": "rdf"}  # anything else: rss (feedparser sniffs)
# A start or end tag, a comment, a doctype or a processing instruction.
TAG = re.compile(r"<(?:/?[a-zA-Z]|[!?])")


def group_files(root: Path, folder: str, recursive: bool) -> list[Path]:
    base = root / folder
    found = base.rglob("*") if recursive else base.iterdir()
    return sorted(p for p in found if p.is_file())


def check(feed: ParsedFeed) -> None:
    assert isinstance(feed, ParsedFeed)
    assert not (feed.error or "").startswith("could not parse"), feed.error
    assert feed.error is None or feed.entries == []
    assert len(feed.entries) <= MAX_ENTRIES
    for entry in feed.entries:
        assert entry.link.startswith(("http://", "https://")) and len(entry.link) <= LIMITS["url"]
        assert entry.image_url == "" or entry.image_url.startswith(("http://", "https://"))
        assert entry.published is None or entry.published.utcoffset().total_seconds() == 0
        for text in (entry.title, entry.summary, entry.author):
            assert not TAG.search(text), text


@pytest.fixture
def feeds_dir(testdata) -> Path:
    return testdata / "feeds"


def test_groups_cover_every_file(feeds_dir):
    covered = {p for folder, recursive in GROUPS for p in group_files(feeds_dir, folder, recursive)}
    everything = {p for p in feeds_dir.rglob("*") if p.is_file()}
    assert everything - covered == set()
    assert len(everything) > 2000


@pytest.mark.slow
@pytest.mark.parametrize(("folder", "recursive"), GROUPS, ids=[f or "feeds" for f, _ in GROUPS])
def test_every_feed_file_parses_without_exception(feeds_dir, folder, recursive, caplog, capsys):
    files = group_files(feeds_dir, folder, recursive)
    with_entries = errors = 0
    slowest = (0.0, None)
    with caplog.at_level(logging.ERROR, logger="kabar.sources.parsing"):
        for path in files:
            kind = KIND_BY_SUFFIX.get(path.suffix, "rss")
            started = time.monotonic()
            feed = parse_feed(path.read_bytes(), kind=kind, url=FEED_URL, headers={}, now=NOW)
            elapsed = time.monotonic() - started
            slowest = max(slowest, (elapsed, path.name))
            check(feed)
            with_entries += bool(feed.entries)
            errors += feed.error is not None
    assert not caplog.records, caplog.text  # the last-resort handler was never needed
    assert slowest[0] < SECONDS_PER_FILE, slowest
    if not files:
        return
    with capsys.disabled():
        print(
            f"\nfeeds/{folder}: {len(files)} files, {with_entries} with entries, {errors} with one error, "
            f"{len(files) - with_entries - errors} empty; slowest {slowest[0]:.2f} s ({slowest[1]})"
        )


SANITIZE_FORBIDDEN = re.compile(r"<script|javascript:|\bon[a-z]+\s*=", re.IGNORECASE)


def test_sanitize_corpus_leaves_no_script_in_any_field(feeds_dir):
    """feedparser's XSS cases: nothing script-like survives into any field we keep.

    Text fields are plain text (every tag removed, markup escaped twice removed too), so no tag or
    handler can survive there; link and image_url are http(s) only, so no javascript: URL either.
    Entries without a link would be dropped by parse_feed, which would make this vacuous, so every
    entry is normalised with require_link=False and checked.
    """
    folder = feeds_dir / "feedparser" / "wellformed" / "sanitize"
    files = sorted(folder.iterdir())
    assert len(files) > 700
    checked = 0
    for path in files:
        content = path.read_bytes()
        raw = feeds.parse(content, url=FEED_URL, headers={})
        values = [parse_feed(content, kind="rss", url=FEED_URL, now=NOW).title]
        for item in raw.entries:
            entry = normalise_entry(item, base=FEED_URL, now=NOW, require_link=False)
            values.extend(v for v in asdict(entry).values() if isinstance(v, str))
            assert entry.link == "" or entry.link.startswith(("http://", "https://"))
            assert entry.image_url == "" or entry.image_url.startswith(("http://", "https://"))
            checked += 1
        for value in values:
            assert not SANITIZE_FORBIDDEN.search(value), f"{path.name}: {value!r}"
            assert not TAG.search(value), f"{path.name}: {value!r}"
    assert checked > 500
