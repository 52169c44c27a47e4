"""Every page: CSP header, no inline script or style, nothing loaded from elsewhere, works without JS."""

import pytest

from kabar.web.views import errors

PAGES = ["home", "article", "source", "group", "search", "not_found"]


@pytest.fixture
def url_of(make_article):
    article = make_article(image_url="https://example.com/a.jpg", image_caption="Caption")
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "source": "/sumber/mainichi/",
        "group": "/grup/media-jepang/",
        "search": "/cari?q=sakura",
        "not_found": "/tidak-ada",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_page_is_safe_under_the_content_security_policy(client, url_of, name, html, header_strings):
    response = client.get(url_of[name])
    assert response.status_code == (404 if name == "not_found" else 200)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    body = response.content.decode()
    for string in header_strings:
        assert string in body
    doc = html(response)
    # No inline script: every <script> has a src on this site.
    scripts = doc.xpath("//script")
    assert scripts and all(s.get("src", "").startswith("/static/") for s in scripts)
    assert all(s.get("defer") is not None and not (s.text or "").strip() for s in scripts)
    # No inline style (attribute or element) and no event-handler attributes.
    assert not doc.xpath("//*[@style] | //style")
    assert not [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")]
    # Style sheets and scripts come from this site only; no web fonts.
    for href in doc.xpath("//link[@rel='stylesheet']/@href") + doc.xpath("//script/@src"):
        assert href.startswith("/static/")
    assert not doc.xpath("//link[@rel='preconnect' or @rel='dns-prefetch' or @as='font']")
    # Without JavaScript the search form still submits as a plain GET.
    assert doc.xpath("//form[@role='search' and @method='get' and @action='/cari']")
    assert doc.xpath("//a[@href='/' and @class='site-name']")[0].text_content() == "kabar"


def test_static_files_load_nothing_from_elsewhere():
    from django.contrib.staticfiles import finders

    css = open(finders.find("kabar/css/site.css"), encoding="utf-8").read()
    assert "http" not in css and "@import" not in css and "@font-face" not in css
    htmx = open(finders.find("kabar/js/htmx.min.js"), encoding="utf-8").read()
    assert htmx.startswith("/*! htmx 2.") and "0BSD" in htmx.splitlines()[0]


@pytest.mark.django_db
def test_vendored_htmx_is_served(client):
    response = client.get("/static/kabar/js/htmx.min.js")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"/*! htmx 2.")


def test_server_error_page_needs_neither_database_nor_request_context(rf):
    # No `db` fixture: any query here would fail the test.
    response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Terjadi kesalahan" in body
    assert "csrfmiddlewaretoken" not in body


@pytest.mark.django_db
def test_a_crashing_page_gets_the_indonesian_500(client, monkeypatch, text):
    def boom(**kwargs):
        raise RuntimeError("database is on fire")

    monkeypatch.setattr("kabar.web.views.pages.latest_by_group", boom)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Terjadi kesalahan" in text(response)
    assert "database is on fire" not in response.content.decode()
