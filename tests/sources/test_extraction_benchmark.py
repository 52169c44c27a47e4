"""Extraction quality on the article-extraction benchmark (../shared/testdata), scored by the
benchmark's own method, so that the level reached in issue 3 cannot silently fall.
`make bench-extract` prints the full comparison with trafilatura and the timings."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
# Reached: F1 0.9775 (P 0.9727, R 0.9823); trafilatura.extract with its defaults: 0.9525.
F1_FLOOR = 0.9725
PRECISION_FLOOR = 0.965
RECALL_FLOOR = 0.975


def _bench(name: str):
    """A module of bench/ (a folder of scripts beside the package, not installed with it)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module(f"bench.{name}")


@pytest.mark.slow
def test_extraction_f1_on_the_benchmark_stays_at_the_level_reached(testdata):
    folder = testdata / "pages" / "article-extraction-benchmark"
    bench = _bench("extract_bench")
    score = _bench("extraction_score").score

    pages = bench.load_pages(folder)
    assert len(pages) == 181
    outputs = {page_id: bench.kabar_text(html, url) for page_id, url, html, _truth in pages}
    result = score((truth, outputs[page_id]) for page_id, _url, _html, truth in pages)
    summary = f"P {result.precision:.4f} R {result.recall:.4f} F1 {result.f1:.4f}"
    assert result.f1 >= F1_FLOOR, summary
    assert result.precision >= PRECISION_FLOOR, summary
    assert result.recall >= RECALL_FLOOR, summary
    # Every page of the benchmark is an article: none may come back empty.
    assert all(outputs.values()), [page_id for page_id, text in outputs.items() if not text]


def test_scoring_follows_the_benchmark_method():
    scoring = _bench("extraction_score")
    page_counts, page_precision_recall, score = (
        scoring.page_counts,
        scoring.page_precision_recall,
        scoring.score,
    )

    # Nothing on either side counts as a perfect page.
    assert page_precision_recall(*page_counts("", "")) == (1.0, 1.0)
    assert page_precision_recall(*page_counts("one two three four five", "")) == (0.0, 0.0)
    assert page_precision_recall(*page_counts("", "one two three four five")) == (0.0, 0.0)
    # Case is kept and punctuation is not a token: 4-token shingles of "a b c d e" are abcd, bcde.
    assert page_counts("a b c d e", "a, b; c d e!") == (1.0, 0.0, 0.0)
    tp, fp, fn = page_counts("a b c d e", "A b c d e")
    assert (tp, fp, fn) == (pytest.approx(1 / 3), pytest.approx(1 / 3), pytest.approx(1 / 3))
    # Shorter than four tokens: one shingle of what there is.
    assert page_counts("a b", "a b") == (1.0, 0.0, 0.0)
    # Multisets: a repeated shingle counts as often as it appears.
    tp, fp, fn = page_counts("w x y z", "w x y z w x y z")
    assert (tp, fp, fn) == (pytest.approx(1 / 5), pytest.approx(4 / 5), 0.0)
    # F1 comes from the mean precision and the mean recall.
    result = score([("a b c d e", "a b c d e"), ("a b c d e", "")])
    assert (result.precision, result.recall) == (0.5, 0.5)
    assert result.f1 == pytest.approx(0.5)
