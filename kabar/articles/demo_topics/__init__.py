"""Topic writers for the demo corpus: each module has KINDS, the kinds of story with the days of the
year they fit and a weight, and write(ctx) -> Story."""

from __future__ import annotations

from datetime import date

from kabar.articles.demo_topics import (
    culture,
    earthquake,
    economy,
    politics,
    sakura,
    shinkansen,
    sports,
    technology,
    weather,
)
from kabar.articles.demo_topics.words import Ctx, Story

WRITERS = {
    "politics": politics,
    "economy": economy,
    "weather": weather,
    "sakura": sakura,
    "earthquake": earthquake,
    "shinkansen": shinkansen,
    "sports": sports,
    "culture": culture,
    "technology": technology,
}
TOPICS = tuple(WRITERS)


def topic_fits(topic: str, day: date) -> bool:
    """Whether some kind of story of this topic happens on this day (no sakura in August)."""
    return any(fits(day) for _kind, fits, _weight in WRITERS[topic].KINDS)


def write_story(topic: str, ctx: Ctx) -> Story:
    return WRITERS[topic].write(ctx)


__all__ = ["TOPICS", "Ctx", "Story", "topic_fits", "write_story"]
