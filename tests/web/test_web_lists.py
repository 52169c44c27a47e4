from datetime import UTC, datetime, timedelta

import pytest

BASE = datetime(2025, 1, 1, 0, 0, tzinfo=UTC)


@pytest.fixture
def many(make_article):
    """25 Mainichi articles; "Item 24" is the newest."""
    return [make_article(title=f"Item {n:02d}", published_at=BASE + timedelta(days=n)) for n in range(25)]


def titles(doc):
    return [a.text_content() for a in doc.xpath("//a[@class='item-title']")]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/sumber/mainichi/", "/grup/media-jepang/"])
def test_list_pages_are_paginated_by_twenty(client, many, url, html, text, header_strings):
    first = client.get(url)
    assert first.status_code == 200
    doc = html(first)
    assert titles(doc) == [f"Item {n:02d}" for n in range(24, 4, -1)]
    page = text(first)
    for string in header_strings:
        assert string in page
    assert "Halaman 1 dari 2" in page
    assert doc.xpath("//nav[@class='pager']//a[@rel='next']/@href") == ["?hal=2"]
    assert "Berikutnya" in page and "Sebelumnya" not in page

    second = client.get(url, {"hal": 2})
    assert second.status_code == 200
    doc = html(second)
    assert titles(doc) == [f"Item {n:02d}" for n in range(4, -1, -1)]
    assert doc.xpath("//nav[@class='pager']//a[@rel='prev']/@href") == ["?hal=1"]
    assert "Sebelumnya" in text(second) and "Berikutnya" not in text(second)


@pytest.mark.django_db
def test_list_page_headings_and_items(client, many, html, node_text):
    doc = html(client.get("/sumber/mainichi/"))
    assert doc.xpath("//h1")[0].text_content() == "Mainichi"
    item = doc.xpath("//li[@class='item']")[0]
    assert item.xpath(".//a[@class='source-name']")[0].text_content() == "MAINICHI"
    assert item.xpath(".//time")[0].text_content() == "25 Januari 2025"
    assert [node_text(li) for li in item.xpath(".//ul[@class='counters']/li")] == [
        "Dilihat 0",
        "Suka 0",
        "Komentar 0",
        "Dibagikan 0",
    ]
    assert html(client.get("/grup/media-jepang/")).xpath("//h1")[0].text_content() == "Media Jepang"


@pytest.mark.django_db
def test_group_page_lists_only_its_own_sources(client, make_article, other_source, html):
    make_article(title="From Mainichi")
    make_article(title="From NHK", source_id=other_source.pk, url="https://nhk.example/1")
    assert titles(html(client.get("/grup/media-jepang/"))) == ["From Mainichi"]
    assert titles(html(client.get("/grup/media-asia/"))) == ["From NHK"]
    assert titles(html(client.get("/sumber/nhk/"))) == ["From NHK"]


@pytest.mark.django_db
@pytest.mark.parametrize("hal", ["3", "0", "-1", "abc", ""])
def test_page_out_of_range_or_not_a_number_is_404(client, many, hal, text):
    response = client.get("/sumber/mainichi/", {"hal": hal})
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in text(response)


@pytest.mark.django_db
def test_empty_source_page_says_so_without_a_pager(client, source, html, text):
    response = client.get("/sumber/mainichi/")
    assert response.status_code == 200
    assert "Belum ada berita." in text(response)
    assert not html(response).xpath("//nav[@class='pager']")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/sumber/tidak-ada/", "/grup/tidak-ada/"])
def test_unknown_source_or_group_is_an_indonesian_404(client, source, url, text):
    response = client.get(url)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in text(response)
