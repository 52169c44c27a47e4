"""Scoring for the article-extraction benchmark, by the benchmark's own method.

Tokens are `\\w+` runs with case kept; truth and extraction are compared as multisets of 4-token
shingles; each page's (tp, fp, fn) is normalised to sum 1; precision and recall are means over
pages and F1 is computed from those two means. Used by bench/extract_bench.py and by the test.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    # A text shorter than n tokens still counts, as one short shingle.
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_counts(truth: str, extracted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) for one page, normalised so that they sum to 1 (all 0 when both sides are empty)."""
    want, got = shingles(truth), shingles(extracted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    if not total:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def page_precision_recall(tp: float, fp: float, fn: float) -> tuple[float, float]:
    if fp == fn == 0:
        return 1.0, 1.0  # identical, including a page with nothing on either side
    precision = tp / (tp + fp) if tp else 0.0
    recall = tp / (tp + fn) if tp else 0.0
    return precision, recall


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    pages: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(pairs: Iterable[tuple[str, str]]) -> Score:
    """Mean precision and recall over (truth, extracted) pairs."""
    precisions: list[float] = []
    recalls: list[float] = []
    for truth, extracted in pairs:
        precision, recall = page_precision_recall(*page_counts(truth, extracted))
        precisions.append(precision)
        recalls.append(recall)
    if not precisions:
        return Score(0.0, 0.0, 0)
    return Score(sum(precisions) / len(precisions), sum(recalls) / len(recalls), len(precisions))
