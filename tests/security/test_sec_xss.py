"""Every line of ../shared/testdata/payloads/xss/*.txt as a comment, as a username, and through
`kabar import` as an article title, body and image caption. The pages are checked in Chromium: no
dialog fires, no injected element or handler exists, and the text shows exactly as typed."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import lxml.html
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.management import call_command
from django.utils import timezone

from kabar.articles.models import Article
from kabar.engagement.models import Comment
from kabar.engagement.services import comment_create
from tests.engagement.helpers import PASSWORD, make_user


def squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def clean(result: dict, where: str) -> dict:
    """Assert the page had nothing injected; returns its texts, whitespace squashed."""
    assert result["problems"] == [], f"{where}: {result['problems'][:5]}"
    assert result["dialogs"] == [], f"{where}: dialog {result['dialogs'][:3]}"
    assert result["errors"] == [], f"{where}: {result['errors'][:3]}"
    return {key: [squash(text) for text in value] for key, value in result["texts"].items()}


def username_allowed(line: str) -> bool:
    return len(line) <= 150 and bool(re.match(UnicodeUsernameValidator.regex, line))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_xss_lines_as_comments_show_as_text(live_server, chromium, payloads, make_article):
    article = make_article(title="Typhoon nears Okinawa")
    lines = payloads["xss"]
    # Several authors and spaced-out times, so the rate limits (5 a minute, 50 a day) allow them all.
    authors = [make_user(f"penulis{k}") for k in range(-(-len(lines) // 40))]
    start = timezone.now() - timedelta(hours=20)
    for n, line in enumerate(lines):
        comment_create(
            user=authors[n // 40], article_id=article.pk, body=line, now=start + timedelta(seconds=15 * n)
        )
    stored = list(
        Comment.objects.filter(article=article).order_by("created_at").values_list("body", flat=True)
    )
    assert len(stored) == len(lines) and stored[0] == lines[0].strip()
    (result,) = chromium(live_server.url, [{"visit": article.get_absolute_url()}])
    assert clean(result, "comments")["comments"] == [squash(body) for body in stored]


@pytest.mark.django_db
def test_xss_lines_as_usernames_are_refused_with_the_form_echoed_safely(client, payloads):
    """Every line through the server: refused (none fits the validator today) and echoed as text."""
    for n, line in enumerate(payloads["xss"]):
        response = client.post(
            "/akun/daftar/", {"username": line, "email": f"x{n}@example.com", "password": PASSWORD}
        )
        if username_allowed(line):
            assert response.status_code == 302
            client.post("/akun/keluar/")
            continue
        assert response.status_code == 200, line
        doc = lxml.html.fromstring(response.content.decode())
        assert doc.xpath("//input[@name='username']/@value") == [line]
        assert [s.get("src") for s in doc.xpath("//script")] == ["/static/kabar/js/htmx.min.js"]
        assert not [
            a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")
        ]
    allowed = [line for line in payloads["xss"] if username_allowed(line)]
    assert list(get_user_model().objects.values_list("username", flat=True)) == allowed


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_xss_usernames_in_chromium(live_server, chromium, payloads):
    """Submitted as usernames from Chromium: a name the validator allows (none of today's lines) is
    shown as text in the header; a refused one comes back in the form as text. Refused lines are
    sampled (every fourth): the server-side test above checks the echo of every one of them."""
    lines = [line for n, line in enumerate(payloads["xss"]) if username_allowed(line) or n % 4 == 0]
    steps = [{"register": [line, f"x{n}@example.com", PASSWORD]} for n, line in enumerate(lines)]
    for n, (line, result) in enumerate(zip(lines, chromium(live_server.url, steps), strict=True)):
        texts = clean(result, f"username line {n}")
        if username_allowed(line):
            assert texts["account"] == [squash(line)]
        else:
            assert result["url"].endswith("/akun/daftar/") and result["username"] == line


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_xss_lines_through_kabar_import_show_as_text(live_server, chromium, payloads, source, tmp_path):
    lines = payloads["xss"]
    base = datetime(2025, 4, 9, tzinfo=UTC)
    path = tmp_path / "hostile.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n, line in enumerate(lines):
            record = {
                "url": f"https://mainichi.jp/english/articles/xss-{n}",
                "source": source.slug,
                "title": line[:500],
                "body": f"{line}\n\nParagraf kedua {n}.",
                "image_url": "/static/kabar/demo/weather.svg",
                "image_caption": line[:1000],
                "published_at": (base - timedelta(minutes=n)).isoformat(),
            }
            out.write(json.dumps(record) + "\n")
    call_command("import_articles", str(path), progress=False)
    articles = list(Article.objects.order_by("-published_at", "-id"))
    assert len(articles) == len(lines)
    pages = -(-len(lines) // 20)
    steps = [{"visit": a.get_absolute_url()} for a in articles]
    steps += [{"visit": f"/sumber/{source.slug}/?hal={number}"} for number in range(1, pages + 1)]
    steps.append({"visit": "/"})
    results = chromium(live_server.url, steps)
    for article, result in zip(articles, results, strict=False):
        texts = clean(result, f"article {article.url}")
        assert texts["h1"] == [squash(article.title)], article.url
        assert texts["captions"] == [squash(article.image_caption)], article.url
        assert texts["paragraphs"] == [squash(p) for p in article.paragraphs], article.url
    titles = [squash(a.title) for a in articles]
    listed = []
    for number, result in enumerate(results[len(articles) : len(articles) + pages], start=1):
        listed += clean(result, f"source list page {number}")["titles"]
    assert listed == titles
    assert clean(results[-1], "home")["titles"] == titles[:10]
