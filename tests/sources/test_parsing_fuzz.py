"""parse_feed never raises and never needs its last-resort handler: random bytes, truncated and
mutated feeds, for every kind."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kabar.articles.models import LIMITS
from kabar.sources.parsing import KINDS, MAX_ENTRIES, ParsedFeed, parse_feed

FEEDS = Path(__file__).resolve().parent.parent / "data" / "feeds"
FIXTURES = sorted(p for p in FEEDS.iterdir() if p.is_file())
NOW = datetime(2025, 3, 2, tzinfo=UTC)
# A start or end tag, a comment, a doctype or a processing instruction.
TAG = re.compile(r"<(?:/?[a-zA-Z]|[!?])")
FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check(feed: ParsedFeed) -> None:
    """What every caller may rely on, whatever the input."""
    assert isinstance(feed, ParsedFeed)
    assert (feed.error is None) or (feed.entries == [])
    assert feed.error is None or (feed.error and "\n" not in feed.error)
    assert not (feed.error or "").startswith("could not parse"), feed.error
    assert len(feed.entries) <= MAX_ENTRIES
    for entry in feed.entries:
        assert entry.link.startswith(("http://", "https://")) and len(entry.link) <= LIMITS["url"]
        assert entry.image_url == "" or entry.image_url.startswith(("http://", "https://"))
        assert entry.published is None or entry.published.tzinfo is not None
        assert len(entry.title) <= LIMITS["title"] and "\n" not in entry.title
        assert len(entry.summary) <= LIMITS["summary"]
        assert len(entry.author) <= LIMITS["author"]
        assert len(entry.guid) <= LIMITS["guid"]
        for text in (entry.title, entry.summary, entry.author):
            assert not TAG.search(text)
            text.encode("utf-8")


def run(content: bytes, kind: str, caplog) -> None:
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="kabar.sources.parsing"):
        feed = parse_feed(content, kind=kind, url="https://news.example.jp/feed", now=NOW)
    assert not caplog.records, caplog.text
    check(feed)


@FUZZ
@given(content=st.binary(max_size=2000), kind=st.sampled_from(KINDS))
def test_random_bytes(content, kind, caplog):
    run(content, kind, caplog)


@FUZZ
@given(fixture=st.sampled_from(FIXTURES), cut=st.floats(0, 1), kind=st.sampled_from(KINDS))
def test_truncated_fixtures(fixture, cut, kind, caplog):
    content = fixture.read_bytes()
    run(content[: int(len(content) * cut)], kind, caplog)


@FUZZ
@given(
    fixture=st.sampled_from(FIXTURES),
    edits=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=8)), min_size=1, max_size=6),
    kind=st.sampled_from(KINDS),
)
def test_mutated_fixtures(fixture, edits, kind, caplog):
    content = bytearray(fixture.read_bytes())
    for where, replacement in edits:
        at = int(len(content) * where)
        content[at : at + len(replacement)] = replacement
    run(bytes(content), kind, caplog)


MARKUP = st.sampled_from(
    [
        "<",
        ">",
        "&",
        "&amp;",
        "&lt;",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "\x00",
        "\ud800",
        "<script>",
        "\u202e",
        '"',
    ]
)


@FUZZ
@given(title=st.lists(st.one_of(st.text(max_size=10), MARKUP), max_size=20).map("".join))
def test_hostile_text_in_every_field_of_a_json_item(title, caplog):
    import json

    document = {"data": [{"id": "a1", "title": title, "description": title, "link": title, "pubDate": title}]}
    run(json.dumps(document).encode("utf-8", "surrogatepass"), "json", caplog)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize("kind", KINDS)
def test_every_fixture_as_every_kind(fixture, kind, caplog):
    """A feed configured with the wrong kind gives an error or entries, never an exception."""
    run(fixture.read_bytes(), kind, caplog)
