"""Views: one per visitor, article and day; bots and prefetches not counted; no write per request."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kabar.engagement import visits
from kabar.engagement.models import DailyMark
from kabar.engagement.visits import marks_prune, views_flush, views_pending, visitor_key
from tests.engagement.helpers import counters

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME = (
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)


def visit(client, article, agent=FIREFOX, ip="203.0.113.7", **headers):
    return client.get(article.get_absolute_url(), HTTP_USER_AGENT=agent, REMOTE_ADDR=ip, **headers)


def test_one_view_per_visitor_per_day(client, article):
    for _ in range(3):
        assert visit(client, article).status_code == 200
    visit(client, article, agent=CHROME)
    visit(client, article, ip="198.51.100.20")
    assert counters(article.pk)["views"] == 0  # buffered, not written yet
    assert views_flush() == 3
    visit(client, article)  # the same visitor again after the flush
    assert views_flush() == 0
    assert counters(article.pk)["views"] == 3


def test_a_logged_in_reader_is_one_visitor_on_every_device(client, article, reader):
    client.force_login(reader)
    visit(client, article, agent=FIREFOX, ip="203.0.113.7")
    visit(client, article, agent=CHROME, ip="198.51.100.20")
    assert views_flush() == 1


@pytest.mark.parametrize(
    ("agent", "headers"),
    [
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", {}),
        ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", {}),
        ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", {}),
        ("WhatsApp/2.23.20.0", {}),
        ("TelegramBot (like TwitterBot)", {}),
        ("curl/8.5.0", {}),
        ("python-requests/2.32", {}),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36", {}),
        ("", {}),
        (FIREFOX, {"HTTP_PURPOSE": "prefetch"}),
        (FIREFOX, {"HTTP_SEC_PURPOSE": "prefetch;prerender"}),
        (FIREFOX, {"HTTP_X_MOZ": "prefetch"}),
    ],
)
def test_bots_and_prefetches_are_not_counted(client, article, agent, headers):
    assert visit(client, article, agent=agent, **headers).status_code == 200
    assert views_pending() == 0 and views_flush() == 0


def test_head_requests_and_redirects_are_not_counted(client, article):
    client.head(article.get_absolute_url(), HTTP_USER_AGENT=FIREFOX)
    client.get(f"/berita/{article.pk}/old-title/", HTTP_USER_AGENT=FIREFOX)
    assert views_flush() == 0


def test_counting_can_be_switched_off(client, article, settings):
    settings.KABAR_COUNT_VIEWS = False
    visit(client, article)
    assert views_pending() == 0


def test_the_page_itself_writes_nothing(client, article):
    from django.db import connection

    visit(client, article)  # first request of the day may warm caches
    with CaptureQueriesContext(connection) as queries:
        assert visit(client, article, agent=CHROME).status_code == 200
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert views_pending() == 2


def test_no_address_is_stored_and_the_key_changes_every_day(client, article, rf):
    visit(client, article, ip="203.0.113.7")
    views_flush()
    (mark,) = DailyMark.objects.all()
    assert mark.kind == "v" and len(mark.visitor) == 32 and int(mark.visitor, 16) >= 0
    assert "203.0.113.7" not in str(DailyMark.objects.values_list().get())
    request = rf.get("/", HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.7")
    today = timezone.localdate()
    assert visitor_key(request, today) == visitor_key(request, today) == mark.visitor
    assert visitor_key(request, today - timedelta(days=1)) != mark.visitor


def test_old_marks_are_pruned(article):
    today = timezone.localdate()
    for days_ago in (0, 1, 2, 30):
        DailyMark.objects.create(
            day=today - timedelta(days=days_ago), kind="v", article=article, visitor="a" * 32
        )
    assert marks_prune(today=today) == 2
    assert sorted((today - m.day).days for m in DailyMark.objects.all()) == [0, 1]


def test_views_of_a_deleted_article_are_dropped_quietly(client, make_article):
    doomed = make_article()
    visit(client, doomed)
    doomed.delete()
    assert views_flush() == 0 and views_pending() == 0


def test_a_failed_flush_keeps_the_views_for_the_next_one(client, article, monkeypatch):
    visit(client, article)

    def down(rows):
        raise OperationalError("database is locked")

    monkeypatch.setattr(visits, "marks_insert", down)
    assert views_flush() == 0 and views_pending() == 1
    monkeypatch.undo()
    assert views_flush() == 1 and counters(article.pk)["views"] == 1


@pytest.mark.django_db(transaction=True)
def test_under_gunicorn_a_background_thread_flushes_within_seconds(client, make_article, monkeypatch):
    article = make_article()
    monkeypatch.setattr(visits, "FLUSH_SECONDS", 0.2)
    try:
        client.get(article.get_absolute_url(), HTTP_USER_AGENT=FIREFOX, SERVER_SOFTWARE="gunicorn/23.0.0")
        deadline = time.monotonic() + 5
        while counters(article.pk)["views"] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert counters(article.pk)["views"] == 1
    finally:
        visits.views_stop_flusher()
