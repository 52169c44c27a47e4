"""Every line of ../shared/testdata/payloads/sqli/*.txt as a search query, a login name and a
comment: no 500, no login bypass, and the text stored and shown exactly as typed."""

from __future__ import annotations

import lxml.html
import pytest
from django.core.cache import cache
from django.test import Client

from kabar.engagement.models import Comment
from kabar.engagement.services import comment_body_clean
from tests.engagement.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_sqli_lines_as_search_queries(client, payloads, make_article):
    make_article(title="Typhoon nears Okinawa")
    for line in payloads["sqli"]:
        response = client.get("/cari", {"q": line})
        assert response.status_code == 200, line
        api = client.get("/api/v1/search", {"q": line})
        assert api.status_code in (200, 400, 404), line  # 404 until the search API is wired in


def test_sqli_lines_as_login_names_never_log_in(payloads):
    victim = make_user("admin", is_staff=True, is_superuser=True)
    for line in payloads["sqli"]:
        cache.clear()  # so every line reaches the password check instead of the throttle
        client = Client()
        response = client.post("/akun/masuk/", {"username": line, "password": line})
        assert response.status_code == 200, line
        assert "_auth_user_id" not in client.session, line
    # The real account still works, so nothing was damaged on the way.
    cache.clear()
    client = Client()
    assert client.post("/akun/masuk/", {"username": victim.username, "password": PASSWORD}).status_code == 302


def test_sqli_lines_as_comments_are_stored_and_shown_verbatim(client, payloads, make_article):
    article = make_article(title="Typhoon nears Okinawa")
    lines = payloads["sqli"]
    for n, line in enumerate(lines):
        if n % 5 == 0:  # a new author every five comments keeps under the per-minute limit
            client.force_login(make_user(f"penguji{n}"))
        response = client.post(f"/komentar/berita/{article.pk}/", {"body": line})
        assert response.status_code == 302, line
    stored = list(Comment.objects.filter(article=article).order_by("pk").values_list("body", flat=True))
    assert stored == [comment_body_clean(line) for line in lines]
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    doc = lxml.html.fromstring(page.content.decode())
    shown = [" ".join(node.text_content().split()) for node in doc.xpath("//div[@class='comment-text']")]
    assert shown == [" ".join(body.split()) for body in stored]
    api = client.get(f"/api/v1/articles/{article.pk}/comments").json()
    assert [c["body"] for c in api["comments"]] == stored
