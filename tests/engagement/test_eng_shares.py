"""Share buttons: public share URLs, a counted click at most once per visitor and day, previews."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from django.test import Client

from tests.engagement.helpers import counters

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def share(client, article, target="whatsapp", agent=FIREFOX, ip="203.0.113.7"):
    return client.post(f"/bagikan/{article.pk}/", {"ke": target}, HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)


def test_share_buttons_use_public_share_urls(client, make_article):
    article = make_article(title="Sakura mekar & ramai", image_url="https://cdn.mainichi.jp/s.jpg")
    doc = lxml.html.fromstring(client.get(article.get_absolute_url()).content.decode())
    (section,) = doc.xpath("//section[@class='share']")
    assert section.xpath("h2")[0].text_content() == "Bagikan"
    assert section.get("data-share-endpoint") == f"/bagikan/{article.pk}/"
    assert len(section.get("data-csrf")) >= 32
    page_url = f"http://testserver{article.get_absolute_url()}"
    links = {a.get("data-share"): a for a in section.xpath(".//a")}
    assert [a.text_content() for a in links.values()] == ["WhatsApp", "Facebook", "X", "Telegram"]
    for link in links.values():
        assert link.get("target") == "_blank" and link.get("rel") == "noopener noreferrer"
    wa = urlsplit(links["whatsapp"].get("href"))
    assert (wa.netloc, parse_qs(wa.query)["text"]) == ("wa.me", [f"Sakura mekar & ramai {page_url}"])
    fb = urlsplit(links["facebook"].get("href"))
    assert (fb.netloc, fb.path, parse_qs(fb.query)["u"]) == (
        "www.facebook.com",
        "/sharer/sharer.php",
        [page_url],
    )
    x = urlsplit(links["x"].get("href"))
    assert (x.netloc, x.path, parse_qs(x.query)["url"]) == ("x.com", "/intent/tweet", [page_url])
    tg = urlsplit(links["telegram"].get("href"))
    assert (tg.netloc, tg.path, parse_qs(tg.query)["url"]) == ("t.me", "/share/url", [page_url])
    (copy,) = section.xpath(".//button[@data-share='salin']")
    assert copy.text_content() == "Salin tautan" and copy.get("data-copy") == page_url
    assert copy.get("hidden") is not None  # shown by share.js only where the clipboard works
    # No third-party script: every script is ours.
    assert all(s.get("src", "").startswith("/static/") for s in doc.xpath("//script"))
    assert "/static/kabar/js/share.js" in doc.xpath("//script/@src")


def test_open_graph_and_twitter_card(client, make_article):
    article = make_article(summary="Bunga sakura mekar.", image_url="https://cdn.mainichi.jp/s.jpg")
    doc = lxml.html.fromstring(client.get(article.get_absolute_url()).content.decode())
    card = {m.get("name"): m.get("content") for m in doc.xpath("//head/meta[starts-with(@name, 'twitter:')]")}
    assert card == {
        "twitter:card": "summary_large_image",
        "twitter:title": article.title,
        "twitter:description": "Bunga sakura mekar.",
        "twitter:image": "https://cdn.mainichi.jp/s.jpg",
    }
    plain = make_article(image_url="")
    doc = lxml.html.fromstring(client.get(plain.get_absolute_url()).content.decode())
    assert doc.xpath("//meta[@name='twitter:card']/@content") == ["summary"]
    assert not doc.xpath("//meta[@name='twitter:image']")


def test_a_click_counts_once_per_visitor_and_day(client, article):
    assert share(client, article).status_code == 204
    assert share(client, article, target="telegram").status_code == 204
    assert counters(article.pk)["shares"] == 1
    share(client, article, agent="Mozilla/5.0 (iPhone) Safari/604.1")
    share(client, article, ip="198.51.100.20")
    assert counters(article.pk)["shares"] == 3


def test_bots_unknown_buttons_and_gets_are_not_counted(client, article):
    assert share(client, article, agent="Googlebot/2.1").status_code == 204
    assert share(client, article, target="myspace").status_code == 400
    assert client.get(f"/bagikan/{article.pk}/").status_code == 405
    assert share(client, type("A", (), {"pk": 999_999})()).status_code == 404
    assert counters(article.pk)["shares"] == 0


def test_share_needs_the_csrf_token(article):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/bagikan/{article.pk}/", {"ke": "x"}, HTTP_USER_AGENT=FIREFOX)
    assert response.status_code == 403
    page = strict.get(article.get_absolute_url(), HTTP_USER_AGENT=FIREFOX)
    token = lxml.html.fromstring(page.content.decode()).xpath("//section[@class='share']/@data-csrf")[0]
    response = strict.post(
        f"/bagikan/{article.pk}/", {"ke": "x", "csrfmiddlewaretoken": token}, HTTP_USER_AGENT=FIREFOX
    )
    assert response.status_code == 204
    assert counters(article.pk)["shares"] == 1


def test_share_script_is_served_and_self_contained(client):
    from django.contrib.staticfiles import finders

    script = open(finders.find("kabar/js/share.js"), encoding="utf-8").read()
    assert "sendBeacon" in script and "csrfmiddlewaretoken" in script and "clipboard" in script
    assert "http" not in script.replace("https://", "")  # talks to no other site
    response = client.get("/static/kabar/js/share.js")
    assert response.status_code == 200
