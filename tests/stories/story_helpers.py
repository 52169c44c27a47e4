"""Helpers shared by the story tests."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

LABELLED = Path(__file__).resolve().parents[1] / "data" / "stories" / "labelled.jsonl"


def read_labelled() -> list[dict]:
    with LABELLED.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    for record in records:
        record["published_at"] = datetime.fromisoformat(record["published_at"])
    return records


def partition(pairs) -> set[frozenset]:
    """The stories as a set of sets of ids, from (id, story) pairs: comparable across runs."""
    groups: dict = {}
    for item, story in pairs:
        groups.setdefault(story, set()).add(item)
    return {frozenset(g) for g in groups.values()}


def db_partition() -> set[frozenset]:
    from kabar.stories.models import StoryMember

    return partition(StoryMember.objects.values_list("article_id", "story_id"))


def pair_scores(predicted: dict[int, object], truth: dict[int, object]) -> tuple[float, float]:
    """Pairwise (precision, recall) of a clustering: a pair of articles is a positive when both are
    in one story. Counted from group sizes, so it is fast for any number of articles."""
    from collections import Counter

    def pairs(counts) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both = pairs(Counter((predicted[i], truth[i]) for i in truth))
    said, real = pairs(Counter(predicted[i] for i in truth)), pairs(Counter(truth.values()))
    return (both / said if said else 1.0), (both / real if real else 1.0)
