"""Ranking sanity (issue 4 §3, §6): BM25 with the title boosted, times a recency decay with a
30-day half-life; deterministic, ties by id."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kabar.search import engine, indexing
from kabar.search.selectors import search_articles

FILLER = "Officials gave details at a briefing on Tuesday and promised more information later."


def order(q: str, **options) -> list[int]:
    options.setdefault("page_size", 100)
    return [hit.article.pk for hit in search_articles(q=q, **options).results]


@pytest.mark.django_db
def test_a_title_match_beats_a_body_only_match_of_the_same_age(index_dir, make_article):
    moment = timezone.now() - timedelta(days=2)
    # Made first, so it has the lower id: a tie would put it second.
    in_title = make_article(
        title="Sakura season opens", body=f"Crowds gathered. {FILLER}", published_at=moment
    )
    in_body = make_article(
        title="Crowds gathered", body=f"Sakura season opens. {FILLER}", published_at=moment
    )
    indexing.sync()
    assert order("sakura") == [in_title.pk, in_body.pk]
    assert order("sakura season") == [in_title.pk, in_body.pk]
    assert order('"sakura season"') == [in_title.pk, in_body.pk]


@pytest.mark.django_db
def test_a_recent_article_beats_a_year_old_one_with_the_same_text(index_dir, make_article):
    now = timezone.now()
    recent = make_article(
        title="Bank of Japan holds rates", body=FILLER, published_at=now - timedelta(days=1)
    )
    year_old = make_article(
        title="Bank of Japan holds rates", body=FILLER, published_at=now - timedelta(days=360)
    )
    indexing.sync()
    assert order("bank rates") == [recent.pk, year_old.pk]
    assert order("bank rates", sort="newest") == [recent.pk, year_old.pk]


@pytest.mark.django_db
def test_the_decay_halves_a_score_every_half_life(index_dir, make_article):
    """A much better match wins against a slightly newer one: relevance is not just "newest"."""
    now = timezone.now()
    strong = make_article(
        title="Typhoon typhoon warning", body=f"Typhoon alert. {FILLER}", published_at=now - timedelta(days=3)
    )
    weak = make_article(
        title="Weather roundup", body=f"A typhoon far away. {FILLER} {FILLER}", published_at=now
    )
    indexing.sync()
    assert order("typhoon") == [strong.pk, weak.pk]
    assert order("typhoon", sort="newest") == [weak.pk, strong.pk]
    # The same strong match ten half-lives old ranks below the fresh weak one.
    old = make_article(
        title="Typhoon typhoon warning",
        body=f"Typhoon alert. {FILLER}",
        published_at=now - timedelta(days=300),
    )
    indexing.sync()
    assert order("typhoon") == [strong.pk, weak.pk, old.pk]


@pytest.mark.django_db
def test_ties_are_broken_by_id_and_results_are_deterministic(index_dir, make_article):
    moment = timezone.now().replace(microsecond=0) - timedelta(hours=5)
    made = [make_article(title="Rice prices rise", body=FILLER, published_at=moment) for _ in range(5)]
    indexing.sync()
    expected = sorted((a.pk for a in made), reverse=True)
    assert order("rice") == expected
    engine.forget_readers()
    assert order("rice") == expected  # the same after reopening the index
    pages = [order("rice", page=n, page_size=2) for n in (1, 2, 3)]
    assert sum(pages, []) == expected
