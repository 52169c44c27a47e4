"""search_articles(): the window, dates, sorting, paging, totals, facets and the timeline (issue 4 §3,
§5), over a real index built from the database."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kabar.search import indexing
from kabar.search import schema as s
from kabar.search.selectors import SearchHit, search_articles


def local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def ids(page) -> list[int]:
    return [hit.article.pk for hit in page.results]


@pytest.mark.django_db
def test_the_window_holds_the_last_year_only(index_dir, make_article, settings):
    now = timezone.now()
    today = timezone.localdate(now)
    first_day = today - timedelta(days=settings.KABAR_SEARCH_WINDOW_DAYS)
    inside = make_article(title="Sumo news", published_at=local(first_day, 0, 0))
    outside = make_article(title="Sumo news", published_at=local(first_day, 0, 0) - timedelta(seconds=1))
    indexing.sync(now=now)
    page = search_articles(q="sumo", now=now)
    assert ids(page) == [inside.pk]
    assert outside.pk not in ids(search_articles(q="", now=now, page_size=100))
    assert s.window_start(now) == local(first_day)


@pytest.mark.django_db
def test_since_before_the_window_is_clamped_with_a_notice(index_dir, make_article, settings):
    now = timezone.now()
    a = make_article(title="Sumo news", published_at=now - timedelta(days=2))
    indexing.sync(now=now)
    today = timezone.localdate(now)
    page = search_articles(q="sumo", since=today - timedelta(days=400), now=now)
    # The message is the one under the search form (issue 4 §3), in the reader's language.
    assert ("since_clamped", "Maksimal 1 tahun yang lalu") in page.notices
    assert ids(page) == [a.pk]
    assert page.since == s.window_start(now)
    # The first day of the window itself (the "1 year" preset) is not clamped.
    page = search_articles(q="sumo", since=today - timedelta(days=settings.KABAR_SEARCH_WINDOW_DAYS), now=now)
    assert not [c for c, _ in page.notices if c == "since_clamped"]
    page = search_articles(q="sumo", since=now - timedelta(days=365), now=now)
    assert not [c for c, _ in page.notices if c == "since_clamped"]


@pytest.mark.django_db
def test_since_and_until_are_whole_local_days(index_dir, make_article):
    now = timezone.now()
    day = timezone.localdate(now) - timedelta(days=10)
    before = make_article(title="Rice prices", published_at=local(day - timedelta(days=1), 23, 59))
    first = make_article(title="Rice prices", published_at=local(day, 0, 0))
    last = make_article(title="Rice prices", published_at=local(day + timedelta(days=2), 23, 59))
    after = make_article(title="Rice prices", published_at=local(day + timedelta(days=3), 0, 0))
    indexing.sync(now=now)
    page = search_articles(q="rice", since=day, until=day + timedelta(days=2), now=now, sort="newest")
    assert ids(page) == [last.pk, first.pk]
    assert page.timeline == [(day, 1), (day + timedelta(days=1), 0), (day + timedelta(days=2), 1)]
    assert ids(search_articles(q="rice", until=day - timedelta(days=1), now=now)) == [before.pk]
    assert ids(search_articles(q="rice", since=day + timedelta(days=3), now=now)) == [after.pk]
    # A datetime is an exact bound: since inclusive, until exclusive.
    page = search_articles(q="rice", since=local(day), until=local(day + timedelta(days=2), 23, 59), now=now)
    assert ids(page) == [first.pk]
    assert search_articles(q="rice", since=day, until=day - timedelta(days=1), now=now).total == 0


@pytest.mark.django_db
def test_newest_first_breaks_ties_by_id(index_dir, make_article):
    moment = timezone.now().replace(microsecond=0) - timedelta(hours=3)
    a = make_article(title="Train news", published_at=moment)
    b = make_article(title="Train news", published_at=moment)
    c = make_article(title="Train news", published_at=moment + timedelta(seconds=1))
    indexing.sync()
    assert ids(search_articles(q="train", sort="newest")) == [c.pk, b.pk, a.pk]
    assert ids(search_articles(q="", sort="relevance")) == [c.pk, b.pk, a.pk]


@pytest.mark.django_db
def test_total_facets_and_timeline_cover_every_page(index_dir, make_article, source, kyodo):
    now = timezone.now()
    made = []
    for n in range(25):
        made.append(
            make_article(
                title=f"Election update {n}",
                published_at=now - timedelta(days=n % 5, minutes=n),
                source_id=kyodo.pk if n % 3 == 0 else source.pk,
            )
        )
    make_article(title="Something else")
    indexing.sync(now=now)
    page = search_articles(q="election", page=2, page_size=10, sort="newest", now=now)
    assert page.total == 25
    assert len(page.results) == 10
    assert page.num_pages == 3 and page.has_next
    assert page.facets.sources == [("mainichi", "Mainichi", 16), ("kyodo", "Kyodo News", 9)]
    timeline = dict(page.timeline)
    assert len(page.timeline) == (timezone.localdate(now) - timezone.localdate(s.window_start(now))).days + 1
    assert sum(timeline.values()) == 25
    for n in range(5):
        day = timezone.localdate(now - timedelta(days=n))
        expected = sum(1 for a in made if timezone.localdate(a.published_at) == day)
        assert timeline[day] == expected
    # The pages together list every match exactly once, in both orders.
    for sort in ("newest", "relevance"):
        seen = []
        for number in (1, 2, 3):
            seen += ids(search_articles(q="election", page=number, page_size=10, sort=sort, now=now))
        assert sorted(seen) == sorted(a.pk for a in made)
    assert search_articles(q="election", page=4, page_size=10, now=now).results == []


@pytest.mark.django_db
def test_facets_follow_the_filters(index_dir, make_article, source, kyodo):
    make_article(title="Quake news")
    make_article(title="Quake news", source_id=kyodo.pk)
    indexing.sync()
    page = search_articles(q="quake", sources=("kyodo",))
    assert page.total == 1
    assert page.facets.sources == [("kyodo", "Kyodo News", 1)]


@pytest.mark.django_db
def test_hits_carry_the_article_and_html_safe_highlights(index_dir, make_article):
    a = make_article(title="Sakura <b>bloom</b> & crowds", body="Visitors said the sakura were early.")
    indexing.sync()
    (hit,) = search_articles(q="sakura").results
    assert isinstance(hit, SearchHit)
    assert hit.article == a
    assert hit.title == a.title and hit.source.slug == "mainichi"  # the article's attributes
    assert hit.title_highlighted == "<mark>Sakura</mark> &lt;b&gt;bloom&lt;/b&gt; &amp; crowds"
    assert hit.snippet == "Visitors said the <mark>sakura</mark> were early."


@pytest.mark.django_db
def test_one_query_loads_the_page(index_dir, make_article):
    for n in range(30):
        make_article(title=f"Rail strike {n}", body="Trains stopped across the country today.")
    indexing.sync()
    search_articles(q="rail")  # warm: opens the index
    with CaptureQueriesContext(connection) as queries:
        page = search_articles(q="rail", page_size=20)
        for hit in page.results:
            _ = (hit.article.source.name, hit.article.source.group.name, hit.snippet)
    # The sources (filters and facet names) and the page's articles; nothing per result.
    assert len(queries) == 2, [q["sql"] for q in queries.captured_queries]


@pytest.mark.django_db
def test_without_an_index_the_page_says_so(index_dir, make_article):
    make_article(title="Typhoon")
    page = search_articles(q="typhoon")
    assert page.total == 0 and page.results == []
    assert [code for code, _ in page.notices] == ["index_unavailable"]


@pytest.mark.django_db
def test_page_arguments_are_clamped(index_dir, make_article):
    make_article(title="Typhoon")
    indexing.sync()
    page = search_articles(q="typhoon", page=0, page_size=1000, sort="bogus")
    assert (page.page, page.page_size, page.sort) == (1, 100, "relevance")
    assert page.total == 1


@pytest.mark.django_db
def test_deleted_articles_are_skipped_until_the_next_reindex(index_dir, make_article):
    a, b = make_article(title="Typhoon one"), make_article(title="Typhoon two")
    indexing.sync()
    b.delete()
    assert ids(search_articles(q="typhoon")) == [a.pk]
    indexing.reindex()
    assert search_articles(q="typhoon").total == 1


@pytest.mark.django_db
def test_timeline_days_are_local_days_even_across_daylight_saving_changes(index_dir, make_article):
    from zoneinfo import ZoneInfo

    with timezone.override(ZoneInfo("Europe/Berlin")):  # a year of Berlin holds two DST changes
        now = timezone.now()
        day = timezone.localdate(now) - timedelta(days=3)
        make_article(title="Late news", published_at=local(day, 0, 30))
        make_article(title="Late news", published_at=local(day, 23, 30))
        make_article(title="Late news", published_at=local(day + timedelta(days=1), 0, 10))
        indexing.sync(now=now)
        timeline = dict(search_articles(q="late", now=now).timeline)
    assert (timeline[day], timeline[day + timedelta(days=1)]) == (2, 1)
    assert sum(timeline.values()) == 3
