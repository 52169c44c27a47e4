"""The parallel path of `kabar reindex` (text analysed in worker processes) builds the same index
as the serial one. A big rebuild takes it; here the threshold is lowered so a small one does."""

from __future__ import annotations

import pytest

from kabar.search import engine, indexing, parallel
from kabar.search import schema as s
from kabar.search.selectors import search_articles

QUERIES = [
    "typhoon",
    "minister",
    '"prime minister"',
    '"the government"',
    "sumo -osaka",
    "intitle:typhoon",
    "tokyo OR okinawa",
    "summary",
]


def found(q: str) -> set[int]:
    page = search_articles(q=q, page_size=100)
    return {hit.article.pk for hit in page.results}


def term_counts() -> list[int]:
    reader = engine.Reader(s.index_root())
    searcher = reader.searcher()
    terms = [
        (s.BODY, "minist"),
        (s.TITLE, "typhoon"),
        (s.PAIRS[s.BODY], "prime_minist"),
        (s.PAIRS[s.BODY], "the_govern"),
    ]
    return [searcher.num_docs] + [searcher.doc_freq(field, text) for field, text in terms]


@pytest.mark.django_db
def test_parallel_reindex_builds_the_same_index(index_dir, make_article, monkeypatch):
    texts = [
        ("Typhoon hits Okinawa", "The prime minister said the government will help Okinawa."),
        ("Sumo in Osaka", "The sumo tournament in Osaka ended; the minister watched."),
        ("Sumo in Tokyo", "Tokyo hosts the next sumo tournament, the government said."),
        ("Typhoon season", "Minister of the prime government office visits Tokyo."),
        ("Markets", "Shares fell in Tokyo as the yen rose; the prime minister spoke."),
    ]
    articles = [make_article(title=title, body=body) for title, body in texts]
    articles.append(make_article(title="Headline only", body="", summary="A summary about sumo."))

    indexing.reindex()
    serial = {q: found(q) for q in QUERIES}, term_counts()
    assert serial[0]["typhoon"] == {articles[0].pk, articles[3].pk}
    assert serial[0]["summary"] == {articles[5].pk}

    monkeypatch.setattr(parallel, "MIN_ARTICLES", 1)
    monkeypatch.setattr(parallel, "BATCH", 2)  # three tasks, more than IN_FLIGHT allows
    monkeypatch.setattr(parallel, "IN_FLIGHT", 1)
    monkeypatch.setattr(parallel, "WORKERS", 2)
    report = indexing.reindex()
    engine.forget_readers()
    assert report.added == len(articles)
    assert ({q: found(q) for q in QUERIES}, term_counts()) == serial
