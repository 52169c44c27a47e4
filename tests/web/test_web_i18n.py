import gettext
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES"


def switch(client, language, next_url="/"):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url


@pytest.mark.django_db
def test_indonesian_is_the_default(client, html):
    response = client.get("/")
    assert html(response).get("lang") == "id"
    assert response["Content-Language"] == "id"


@pytest.mark.django_db
def test_language_switcher_posts_to_set_language_with_csrf(client, html):
    (form,) = html(client.get("/cari?q=x")).xpath("//form[@action='/i18n/setlang/']")
    assert form.get("method") == "post"
    assert form.xpath(".//input[@name='csrfmiddlewaretoken']/@value")[0]
    assert form.xpath(".//input[@name='next']/@value") == ["/cari?q=x"]
    assert form.xpath(".//button[@name='language']/@value") == ["id", "en"]


@pytest.mark.django_db
def test_switch_to_english_and_back(client, make_article, html, text):
    article = make_article(title="Cherry blossoms", published_at=datetime(2025, 3, 9, 10, 0, tzinfo=UTC))
    switch(client, "en", article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    page = text(response)
    assert html(response).get("lang") == "en"
    assert "Search news" in page and "Cari Berita" not in page
    assert (
        'Tips: avoid common words and use double quotes for an exact keyword, for example: "sakura"' in page
    )
    assert "Read at the original source →" in page
    assert "MAINICHI | 9 March 2025" in page
    assert "Views 0" in page and "Be the first to like this" in page
    home = text(client.get("/"))
    assert "See all" in home and "Media Jepang" in home

    switch(client, "id")
    page = text(client.get(article.get_absolute_url()))
    assert "Cari Berita" in page and "MAINICHI | 9 Maret 2025" in page


@pytest.mark.django_db
def test_browser_preferring_indonesian_gets_indonesian(client, text):
    page = text(client.get("/", headers={"accept-language": "id-ID,id;q=0.9,en;q=0.8"}))
    assert "Cari Berita" in page


def test_every_message_is_translated():
    lines = (LOCALE / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in lines
    catalog = _catalog(LOCALE / "django.mo")
    assert len(catalog) > 20
    assert all(catalog.values())
    assert catalog["Search news"] == "Cari Berita"


def test_compiled_catalog_matches_the_po_file(tmp_path):
    """django.mo is committed (a reader's machine may lack gettext); it must be compiled from the .po."""
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(LOCALE / "django.po")], check=True)
    assert _catalog(LOCALE / "django.mo") == _catalog(fresh), "run `make messages` and commit django.mo"


def _catalog(path):
    with path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    return {k: v for k, v in translations._catalog.items() if k != ""}
