import pytest


@pytest.mark.django_db
def test_search_page_is_honest_that_search_is_not_ready(client, make_article, html, text, header_strings):
    make_article(title="Sakura season starts")
    response = client.get("/cari", {"q": "sakura"})
    assert response.status_code == 200
    page = text(response)
    for string in header_strings:
        assert string in page
    assert "Pencarian sedang disiapkan" in page
    doc = html(response)
    assert doc.xpath("//form[@role='search']/@action") == ["/cari"]
    assert doc.xpath("//form[@role='search']/@method") == ["get"]
    assert doc.xpath("//input[@name='q']/@value") == ["sakura"]
    assert doc.xpath("//label[@for='q']")[0].text_content() == "Cari Berita"
    # No results are made up, not even for a word that matches an article.
    assert not doc.xpath("//li[@class='item']")
    assert "Sakura season starts" not in page


@pytest.mark.django_db
def test_search_query_is_escaped(client, html):
    hostile = '"><script>alert(1)</script>'
    response = client.get("/cari", {"q": hostile})
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    assert html(response).xpath("//input[@name='q']/@value") == [hostile]


@pytest.mark.django_db
def test_search_without_a_query(client, html):
    response = client.get("/cari")
    assert response.status_code == 200
    assert html(response).xpath("//input[@name='q']/@value") == [""]
