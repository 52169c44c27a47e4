"""Likes: one per reader and article, explicit like/unlike actions, the texts, htmx and no-JS flows."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from kabar.articles.models import Article
from kabar.engagement.models import Like
from kabar.engagement.selectors import like_text
from kabar.engagement.services import like_set
from tests.engagement.helpers import counters, make_user

pytestmark = pytest.mark.django_db


def like_url(article) -> str:
    return f"/suka/{article.pk}/"


def suka_text(response) -> str:
    doc = lxml.html.fromstring(response.content.decode())
    return " ".join(doc.xpath("//*[@id='suka']")[0].text_content().split())


def test_like_and_unlike_keep_the_counter_equal_to_the_rows(article, reader):
    assert like_set(user=reader, article_id=article.pk, liked=True).count == 1
    assert like_set(user=reader, article_id=article.pk, liked=True).count == 1  # idempotent
    assert Like.objects.filter(article=article).count() == 1
    assert like_set(user=reader, article_id=article.pk, liked=False).count == 0
    assert like_set(user=reader, article_id=article.pk, liked=False).count == 0
    assert not Like.objects.exists()
    assert counters(article.pk)["likes"] == 0


def test_like_of_a_missing_article_is_refused(reader):
    with pytest.raises(Article.DoesNotExist):
        like_set(user=reader, article_id=999_999, liked=True)


def test_the_database_refuses_a_second_like_row(article, reader):
    from django.db import IntegrityError, transaction

    Like.objects.create(user=reader, article=article)
    with pytest.raises(IntegrityError), transaction.atomic():
        Like.objects.create(user=reader, article=article)


@pytest.mark.parametrize(
    ("count", "liked", "expected"),
    [
        (0, False, "Jadilah yang pertama menyukai"),
        (1, True, "Anda menyukai ini"),
        (2, True, "Anda dan 1 lainnya"),
        (3, True, "Anda dan 2 lainnya"),
        (1, False, "1 orang menyukai ini"),
        (12, False, "12 orang menyukai ini"),
        (1234, False, "1.234 orang menyukai ini"),
    ],
)
def test_like_texts_in_indonesian(count, liked, expected):
    from django.utils import translation

    with translation.override("id"):
        assert like_text(count=count, liked=liked) == expected


def test_like_texts_in_english():
    from django.utils import translation

    with translation.override("en"):
        assert like_text(count=0, liked=False) == "Be the first to like this"
        assert like_text(count=3, liked=True) == "You and 2 others"
        assert like_text(count=1, liked=False) == "1 person likes this"


def test_anonymous_reader_gets_a_login_link_that_returns_to_the_article(client, article):
    response = client.get(article.get_absolute_url())
    doc = lxml.html.fromstring(response.content.decode())
    (link,) = doc.xpath("//*[@id='suka']//a[contains(@class, 'like-button')]")
    assert link.get("aria-label") == "Suka (masuk dulu)"
    target = urlsplit(link.get("href"))
    assert target.path == "/akun/masuk/"
    assert parse_qs(target.query)["next"] == [article.get_absolute_url() + "#suka"]
    assert suka_text(response) == "Jadilah yang pertama menyukai"


def test_anonymous_post_goes_to_login_and_likes_nothing(client, article):
    response = client.post(like_url(article), {"action": "like"})
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/?next=")
    assert not Like.objects.exists()
    htmx = client.post(like_url(article), {"action": "like"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith("/akun/masuk/?next=")


def test_without_javascript_like_posts_and_redirects_back(client, article, reader):
    client.force_login(reader)
    page = client.get(article.get_absolute_url())
    doc = lxml.html.fromstring(page.content.decode())
    (form,) = doc.xpath("//*[@id='suka']//form")
    assert form.get("method") == "post" and form.get("action") == like_url(article)
    (button,) = form.xpath(".//button")
    assert (button.get("name"), button.get("value"), button.get("aria-label")) == ("action", "like", "Suka")
    assert form.xpath(".//input[@name='csrfmiddlewaretoken']")

    response = client.post(like_url(article), {"action": "like"})
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url() + "#suka"
    page = client.get(article.get_absolute_url())
    assert suka_text(page) == "Anda menyukai ini"
    (button,) = lxml.html.fromstring(page.content.decode()).xpath("//*[@id='suka']//button")
    assert (button.get("value"), button.get("aria-label")) == ("unlike", "Batal suka")


def test_double_click_on_like_stays_one_like(client, article, reader):
    client.force_login(reader)
    client.post(like_url(article), {"action": "like"})
    client.post(like_url(article), {"action": "like"})
    assert counters(article.pk)["likes"] == 1 and Like.objects.count() == 1


def test_htmx_like_returns_the_area_and_the_counters(client, article, reader, other):
    like_set(user=other, article_id=article.pk, liked=True)
    like_set(user=make_user("jiro"), article_id=article.pk, liked=True)
    client.force_login(reader)
    response = client.post(like_url(article), {"action": "like"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    doc = lxml.html.fromstring(f"<div>{response.content.decode()}</div>")
    assert " ".join(doc.xpath("//*[@id='suka']")[0].text_content().split()) == "Anda dan 2 lainnya"
    (oob,) = doc.xpath("//*[@id='angka']")
    assert oob.get("hx-swap-oob") == "true"
    counts = [" ".join(li.text_content().split()) for li in oob.xpath(".//li")]
    assert counts[1] == "Suka 3"
    response = client.post(like_url(article), {"action": "unlike"}, HTTP_HX_REQUEST="true")
    doc = lxml.html.fromstring(f"<div>{response.content.decode()}</div>")
    assert " ".join(doc.xpath("//*[@id='suka']")[0].text_content().split()) == "2 orang menyukai ini"


def test_like_endpoint_rejects_get_blind_toggles_and_unknown_articles(client, article, reader):
    client.force_login(reader)
    assert client.get(like_url(article)).status_code == 405
    assert client.post(like_url(article), {}).status_code == 400
    assert client.post(like_url(article), {"action": "toggle"}).status_code == 400
    assert client.post("/suka/999999/", {"action": "like"}).status_code == 404
    assert counters(article.pk)["likes"] == 0


def test_someone_elses_likes_read_as_people(client, article, reader, other):
    for n in range(12):
        like_set(user=make_user(f"pembaca{n}"), article_id=article.pk, liked=True)
    assert suka_text(client.get(article.get_absolute_url())) == "12 orang menyukai ini"
    client.force_login(reader)
    assert suka_text(client.get(article.get_absolute_url())) == "12 orang menyukai ini"


def test_engagement_parts_follow_the_english_switch(client, article, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    doc = lxml.html.fromstring(client.get(article.get_absolute_url()).content.decode())
    page = " ".join(doc.body.text_content().split())
    for text in (
        "Be the first to like this",
        "Share",
        "Copy link",
        "Comments",
        "Log in to comment",
        "Log in",
        "Register",
    ):
        assert text in page, text
