"""The anonymous article page served from the per-process page cache (kabar/web/pagecache.py).

Every test turns the cache on with the setting KABAR_PAGE_CACHE_SECONDS (by default it is on only
under gunicorn) and checks from the outside, through the test client, that a cached page is the
page the reader would have got anyway, with its own CSRF token.
"""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client

from kabar.articles.models import Article
from kabar.engagement.visits import views_flush, views_reset
from kabar.web import pagecache
from tests.engagement.helpers import FAST_HASHERS, make_user

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|data-csrf=")([A-Za-z0-9]+)"')
# Headers a page built for the request sets; a cached page must set the same ones.
SAME_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Vary",
)


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.KABAR_PAGE_CACHE_SECONDS = 60
    pagecache.pages_clear()
    views_reset()
    yield
    pagecache.pages_clear()
    views_reset()


@pytest.fixture
def article(make_article):
    return make_article(title="Typhoon nears Okinawa", body="The storm is strong.\n\nSchools are closed.")


def get(client, article, agent=FIREFOX, **extra):
    return client.get(article.get_absolute_url(), HTTP_USER_AGENT=agent, **extra)


def tokens(response) -> list[str]:
    return [m.group(2) for m in TOKEN.finditer(response.content.decode())]


def without_tokens(response) -> str:
    return TOKEN.sub(r'\1TOKEN"', response.content.decode())


def cookie_shape(response) -> dict:
    """Each cookie with its attributes, leaving out the value (a new CSRF cookie every time) and the
    expiry date (max-age is compared, the date moves with the clock)."""
    return {
        name: {k: v for k, v in morsel.items() if v and k != "expires"}
        for name, morsel in response.cookies.items()
    }


def edit(article, body: str) -> None:
    """An edit that keeps the title (and so the slug and the address)."""
    Article.objects.filter(pk=article.pk).update(body=body)


def test_a_cached_page_equals_a_fresh_page_except_the_csrf_token(article, settings):
    settings.KABAR_PAGE_CACHE_SECONDS = 0
    fresh = get(Client(), article)
    settings.KABAR_PAGE_CACHE_SECONDS = 60
    first = get(Client(), article)  # built and stored
    edit(article, "Changed after the page was stored.")
    cached = get(Client(), article)
    assert "Changed after" not in cached.content.decode()  # so it really came from the cache
    for response in (first, cached):
        assert response.status_code == fresh.status_code == 200
        assert without_tokens(response) == without_tokens(fresh)
        assert len(tokens(response)) == len(tokens(fresh)) >= 2  # language form and share beacon
        for name in SAME_HEADERS:
            assert response.headers.get(name) == fresh.headers.get(name), name
        assert cookie_shape(response) == cookie_shape(fresh)
        assert set(response.cookies) == {settings.CSRF_COOKIE_NAME}
        assert "kabarcsrf" not in response.content.decode()


def test_each_anonymous_reader_gets_a_fresh_valid_csrf_token(article):
    first_reader, second_reader = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one, two = get(first_reader, article), get(second_reader, article)
    assert len(set(tokens(one))) == 1 and len(set(tokens(two))) == 1
    assert tokens(one)[0] != tokens(two)[0]
    assert one.cookies["csrftoken"].value != two.cookies["csrftoken"].value
    # The share beacon of the cached page posts with the token the page carried.
    shared = second_reader.post(
        f"/bagikan/{article.pk}/",
        {"ke": "whatsapp", "csrfmiddlewaretoken": tokens(two)[0]},
        HTTP_USER_AGENT=FIREFOX,
    )
    assert shared.status_code == 204
    refused = Client(enforce_csrf_checks=True).post(
        f"/bagikan/{article.pk}/", {"ke": "whatsapp"}, HTTP_USER_AGENT=FIREFOX
    )
    assert refused.status_code == 403


def test_a_reader_with_a_csrf_cookie_keeps_it(article):
    reader = Client(enforce_csrf_checks=True)
    first = get(reader, article)
    second = get(reader, article)  # a cache hit; the cookie is already there
    # Django sends the cookie again (a new expiry), with the same secret.
    assert second.cookies["csrftoken"].value == first.cookies["csrftoken"].value
    assert tokens(second)[0] != tokens(first)[0]  # masked anew, same secret
    shared = reader.post(
        f"/bagikan/{article.pk}/",
        {"ke": "telegram", "csrfmiddlewaretoken": tokens(second)[0]},
        HTTP_USER_AGENT=FIREFOX,
    )
    assert shared.status_code == 204


def test_a_logged_in_reader_sees_their_own_like_right_away(article):
    get(Client(), article)  # the anonymous page is now cached
    reader = Client()
    reader.force_login(make_user("hanako"))
    page = get(reader, article).content.decode()
    assert 'value="like"' in page and "hanako" in page
    assert reader.post(f"/suka/{article.pk}/", {"action": "like"}).status_code == 302
    page = get(reader, article).content.decode()
    assert 'value="unlike"' in page and "like-button liked" in page
    # The anonymous page still comes from the cache: no like, no account.
    anonymous = get(Client(), article).content.decode()
    assert "hanako" not in anonymous and 'value="unlike"' not in anonymous


def test_views_are_counted_on_cache_hits(article):
    for n in range(5):
        assert get(Client(), article, agent=f"{FIREFOX} pembaca/{n}").status_code == 200
    get(Client(), article, agent=f"{FIREFOX} pembaca/0")  # the same visitor again
    get(Client(), article, agent="Mozilla/5.0 (compatible; Googlebot/2.1)")
    get(Client(), article, agent=f"{FIREFOX} pembaca/9", HTTP_SEC_PURPOSE="prefetch")
    assert views_flush() == 5
    article.refresh_from_db()
    assert article.view_count == 5


def test_the_english_cookie_gets_the_english_page(article):
    indonesian = get(Client(), article).content.decode()
    english_reader = Client()
    english_reader.cookies["django_language"] = "en"
    english = get(english_reader, article)
    assert english.headers["Content-Language"] == "en"
    assert '<html lang="en">' in english.content.decode() and "Share" in english.content.decode()
    assert '<html lang="id">' in indonesian and "Bagikan" in indonesian
    again = get(Client(), article)
    assert again.headers["Content-Language"] == "id" and "Bagikan" in again.content.decode()


def test_an_edit_shows_once_the_page_expires(article, settings):
    settings.KABAR_PAGE_CACHE_SECONDS = 0.3
    get(Client(), article)
    edit(article, "The storm has passed.")
    assert "The storm has passed." not in get(Client(), article).content.decode()
    time.sleep(0.35)
    assert "The storm has passed." in get(Client(), article).content.decode()


def test_wrong_slugs_unknown_articles_and_query_strings_are_not_served_from_the_cache(article):
    get(Client(), article)
    wrong = Client().get(f"/berita/{article.pk}/old-title/", HTTP_USER_AGENT=FIREFOX)
    assert wrong.status_code == 301 and wrong.headers["Location"] == article.get_absolute_url()
    assert Client().get("/berita/999999/whatever/", HTTP_USER_AGENT=FIREFOX).status_code == 404
    edit(article, "The storm has passed.")
    with_query = Client().get(article.get_absolute_url() + "?utm_source=wa", HTTP_USER_AGENT=FIREFOX)
    assert "The storm has passed." in with_query.content.decode()  # built for this request


def test_without_the_setting_pages_are_built_fresh_outside_gunicorn(article, settings):
    del settings.KABAR_PAGE_CACHE_SECONDS
    get(Client(), article)
    edit(article, "The storm has passed.")
    assert "The storm has passed." in get(Client(), article).content.decode()


def test_a_page_built_by_one_worker_serves_the_others(article, settings):
    get(Client(), article)
    edit(article, "The storm has passed.")
    pagecache.pages_clear(shared=False)  # as if the next request reached another worker
    assert "The storm has passed." not in get(Client(), article).content.decode()
    assert list((settings.DATA_DIR / pagecache.FOLDER).glob("*.html"))
    pagecache.pages_clear()
    assert "The storm has passed." in get(Client(), article).content.decode()


def test_a_reader_with_a_flash_message_gets_a_page_of_their_own(article, settings):
    get(Client(), article)  # the anonymous page is now cached
    reader = Client()
    reader.force_login(make_user("hanako"))
    posted = reader.post(f"/komentar/berita/{article.pk}/", {"body": "Semoga aman.", "situs": ""})
    assert posted.status_code == 302 and "messages" in reader.cookies
    # Without the session cookie the reader is anonymous, but the message is still to be shown.
    del reader.cookies[settings.SESSION_COOKIE_NAME]
    page = get(reader, article).content.decode()
    assert 'class="comment-notice"' in page and "Semoga aman." in page
    assert "hanako" in page  # the comment's author, not the user menu: the reader is logged out
    assert 'class="comment-notice"' not in get(Client(), article).content.decode()
