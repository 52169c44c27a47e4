"""Clustering quality on the labelled set (tests/data/stories/labelled.jsonl), without a database.

The set is the demo corpus (wire stories in two or three outlets, and look-alikes: different events
told with one template), one more copy of each wire story with the edits outlets make, and hard
negatives (same-day template twins, a week of daily weather reports, twin wire stories reprinted).
Achieved when this test was written: pairwise precision 0.997, recall 0.961. The floors below
hold that level with a small margin; the issue's targets are 0.95 and 0.80.
"""

from __future__ import annotations

import filecmp
import json
import random
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kabar.stories.engine import Item, cluster
from kabar.stories.fingerprint import fingerprint
from tests.stories.story_helpers import LABELLED, pair_scores

PRECISION_AT_LEAST = 0.99
RECALL_AT_LEAST = 0.95
ROOT = Path(__file__).resolve().parents[2]


def run(records: list[dict]) -> dict[int, int]:
    sources = {slug: n for n, slug in enumerate(sorted({r["source"] for r in records}), start=1)}
    items = [
        Item(
            id=r["id"],
            published_at=r["published_at"],
            source_id=sources[r["source"]],
            fp=fingerprint(title=r["title"], body=r["body"], summary=r["summary"], author=r["author"]),
        )
        for r in records
    ]
    items.sort(key=lambda i: (i.published_at, i.id))
    return cluster(items)


@pytest.fixture(scope="module")
def predicted(labelled) -> dict[int, int]:
    return run(labelled)


def test_pairwise_precision_and_recall_hold_the_achieved_level(labelled, predicted):
    precision, recall = pair_scores(predicted, {r["id"]: r["story"] for r in labelled})
    assert precision >= PRECISION_AT_LEAST, precision
    assert recall >= RECALL_AT_LEAST, recall


def _merged_pairs(labelled, predicted, case_prefix: str) -> tuple[int, int]:
    """(wrongly merged, all) pairs of different stories where one side's case starts with the prefix."""
    members: dict[int, list[dict]] = {}
    for record in labelled:
        members.setdefault(predicted[record["id"]], []).append(record)
    wrong = 0
    for group in members.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a["story"] != b["story"] and (a["case"] + b["case"]).count(case_prefix):
                    wrong += 1
    return wrong, len([r for r in labelled if r["case"].startswith(case_prefix)])


@pytest.mark.parametrize(
    ("case", "allowed"),
    [
        ("negative:daily-weather", 0),  # a week of one outlet's weather reports
        ("negative:wire-twin", 0),  # two wire stories with one template on one day, each reprinted
        ("negative:twin-", 1),  # same-day template twins (36 pairs): one merge seen
        ("demo-lookalike", 0),  # the demo's different events told with one template
    ],
)
def test_different_events_in_one_template_stay_apart(labelled, predicted, case, allowed):
    wrong, total = _merged_pairs(labelled, predicted, case)
    assert total > 10
    assert wrong <= allowed


def test_copies_match_whatever_the_outlet_edited(labelled, predicted):
    """Each edit kind: a new headline, cut paragraphs, a caption, another dateline, a credit line,
    % for percent, yen signs, curly quotes, merged paragraphs, the weekday as a date."""
    first = {}
    for record in labelled:
        first.setdefault(record["story"], record)
    kinds, found = Counter(), Counter()
    for record in labelled:
        if not record["case"].startswith("variant:") or "summary-only" in record["case"]:
            continue
        for kind in record["case"].removeprefix("variant:").split("+"):
            kinds[kind] += 1
            found[kind] += predicted[record["id"]] == predicted[first[record["story"]]["id"]]
    assert set(kinds) >= {
        "headline",
        "trimmed",
        "caption",
        "credit",
        "percent",
        "yen",
        "quotes",
        "merged",
        "date",
    }
    for kind, count in kinds.items():
        assert found[kind] / count >= 0.9, (kind, found[kind], count)


def test_a_copy_with_only_a_summary_is_left_alone_not_merged_wrongly(labelled, predicted):
    for record in labelled:
        if "summary-only" in record["case"]:
            mates = [r for r in labelled if predicted[r["id"]] == predicted[record["id"]]]
            assert {r["story"] for r in mates} == {record["story"]}


def test_labelled_set_is_what_the_script_writes(tmp_path):
    out = tmp_path / "labelled.jsonl"
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_story_labels.py"), str(out)], check=True,
                   capture_output=True)  # fmt: skip
    assert filecmp.cmp(out, LABELLED, shallow=False), "run bench/make_story_labels.py and check in the result"


def test_real_articles_are_never_merged_and_their_edited_copies_match(testdata):
    """Real article text (the extraction benchmark's labelled bodies): no two of the 181 articles
    merge, and a copy of each with outlet-style edits joins its original."""
    truth = json.loads((testdata / "pages/article-extraction-benchmark/ground-truth.json").read_text())
    rng = random.Random(6)
    moment = datetime(2025, 4, 9, 3, 0, tzinfo=UTC)
    records, n = [], 0
    for key in sorted(truth):
        body = truth[key]["articleBody"]
        paragraphs = [p for p in body.split("\n") if p.strip()]
        if len(body.split()) < 150 or len(paragraphs) < 4:
            continue
        n += 1
        copy = list(paragraphs[: max(3, int(len(paragraphs) * rng.uniform(0.7, 1.0)))])
        copy[0] = "TOKYO (Kyodo) -- " + copy[0].replace(" percent", "%")
        copy.insert(0, "[Photo] The scene on April 9. (Kyodo)")
        for source, text, title in (("a", "\n\n".join(paragraphs), key), ("b", "\n\n".join(copy), "")):
            records.append({"id": len(records) + 1, "story": key, "source": source, "title": title,
                            "body": text, "summary": "", "author": "",
                            "published_at": moment + timedelta(minutes=len(records))})  # fmt: skip
    assert n > 100
    precision, recall = pair_scores(run(records), {r["id"]: r["story"] for r in records})
    assert precision == 1.0
    assert recall >= 0.95, recall
