"""Clustering in memory (no Django): which articles are linked, and a run in publication order.

Two articles are *linked* when they were published within WINDOW_DAYS of each other, share an
LSH band, and their fingerprints match (fingerprint.match). A story is a connected group of linked
articles. That definition does not depend on the order articles arrive in, so the incremental
path (services.py, candidates from the database) and the rebuild (rebuild.py, candidates from an
in-memory window) give the same stories: an article linked to two stories merges them, and an
article taken out of a story (an edit) may split it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kabar.stories.fingerprint import (
    TITLE_ALIKE,
    WINDOW_DAYS,
    Fingerprint,
    band_hashes,
    can_match,
    match,
    title_similarity,
)

WINDOW = timedelta(days=WINDOW_DAYS)


@dataclass(slots=True, eq=False)
class Item:
    id: int
    published_at: datetime
    fp: Fingerprint
    story: int = 0  # a story id; 0 until assigned
    source_id: int = 0
    seq: int = 0  # the article's change number (for the member row)
    stored: bool = False  # already in the database (a rebuild's starting window)
    bands: list[int] | None = None

    def band_list(self) -> list[int]:
        if self.bands is None:
            self.bands = band_hashes(self.fp.signature)
        return self.bands

    @property
    def order(self) -> tuple[datetime, int]:
        return (self.published_at, self.id)


def linked(a: Item, b: Item) -> bool:
    if a.id == b.id or abs(a.published_at - b.published_at) > WINDOW:
        return False
    if not any(x == y for x, y in zip(a.band_list(), b.band_list(), strict=True)):
        return False  # not an LSH candidate: the same rule as the band table's lookup
    if not match(a.fp, b.fp):
        return False
    # One outlet running the same text twice under unrelated headlines is boilerplate (a paywall
    # teaser, a standard notice), not a story it published twice.
    return a.source_id != b.source_id or title_similarity(a.fp, b.fp) >= TITLE_ALIKE


def links(item: Item, candidates: Iterable[Item]) -> list[Item]:
    return [other for other in candidates if linked(item, other)]


def components(items: list[Item]) -> list[list[Item]]:
    """The connected groups of linked items, each in (published_at, id) order, ordered by their
    earliest item."""
    items = sorted(items, key=lambda i: i.order)
    parent = list(range(len(items)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            if linked(a, items[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[Item]] = {}
    for n, item in enumerate(items):
        groups.setdefault(root(n), []).append(item)
    return sorted(groups.values(), key=lambda g: g[0].order)


class Window:
    """The articles of the last WINDOW_DAYS, bucketed by LSH band, for a run in publication order."""

    def __init__(self) -> None:
        self._buckets: dict[tuple[int, int], list[Item]] = {}
        self._order: deque[Item] = deque()

    def add(self, item: Item) -> None:
        if not can_match(item.fp):
            return
        for band, key in enumerate(item.band_list()):
            self._buckets.setdefault((band, key), []).append(item)
        self._order.append(item)

    def candidates(self, item: Item) -> list[Item]:
        if not can_match(item.fp):
            return []
        seen: dict[int, Item] = {}
        for band, key in enumerate(item.band_list()):
            for other in self._buckets.get((band, key), ()):
                seen.setdefault(other.id, other)
        return list(seen.values())

    def forget_before(self, moment: datetime) -> None:
        while self._order and self._order[0].published_at < moment:
            old = self._order.popleft()
            for band, key in enumerate(old.band_list()):
                bucket = self._buckets[(band, key)]
                bucket.remove(old)
                if not bucket:
                    del self._buckets[(band, key)]


class Clusterer:
    """Stories for articles given in (published_at, id) order. New stories are numbered from
    ``first_story`` in order of their first article; when an article links two stories, the one
    with the lower number absorbs the other."""

    def __init__(self, *, first_story: int = 1) -> None:
        self.window = Window()
        self.open: dict[int, list[Item]] = {}  # stories that may still grow, with their members
        self.next_story = first_story
        self.absorbed: list[tuple[int, int]] = []  # (absorbed story, the story it went into)

    def seed(self, item: Item) -> None:
        """An article already stored in story ``item.story``, published just before the run."""
        item.stored = True
        self.window.add(item)
        self.open.setdefault(item.story, []).append(item)

    def add(self, item: Item) -> None:
        self.window.forget_before(item.published_at - WINDOW)
        stories = sorted({other.story for other in links(item, self.window.candidates(item))})
        if not stories:
            item.story = self.next_story
            self.next_story += 1
            self.open[item.story] = [item]
        else:
            item.story = stories[0]
            members = self.open[item.story]
            for other in stories[1:]:
                for moved in self.open.pop(other):
                    moved.story = item.story
                    members.append(moved)
                self.absorbed.append((other, item.story))
            members.append(item)
            members.sort(key=lambda i: i.order)
        self.window.add(item)

    def closed(self, *, now: datetime | None) -> list[tuple[int, list[Item]]]:
        """Take out the stories that can no longer grow (all of them when ``now`` is None)."""
        done = [
            s for s, members in self.open.items() if now is None or members[-1].published_at < now - WINDOW
        ]
        return [(story, self.open.pop(story)) for story in sorted(done)]


def cluster(items: Iterable[Item]) -> dict[int, int]:
    """{item id: story} for ``items`` in (published_at, id) order; stories numbered from 1."""
    clusterer = Clusterer()
    result = {}
    for item in items:
        clusterer.add(item)
    for story, members in clusterer.closed(now=None):
        for member in members:
            result[member.id] = story
    return result
