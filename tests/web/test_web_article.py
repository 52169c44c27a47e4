from datetime import UTC, datetime

import pytest

from kabar.articles.models import Article

PUBLISHED = datetime(2025, 4, 9, 10, 0, tzinfo=UTC)  # 17:00 in Asia/Jakarta


@pytest.fixture
def article(make_article):
    item = make_article(
        title="Typhoon nears Okinawa",
        published_at=PUBLISHED,
        author="Hanako Sato",
        body="The storm is strong.\n\nSchools are closed.",
        image_url="https://cdn.mainichi.jp/typhoon.jpg",
        image_caption="Waves hit the coast",
    )
    Article.objects.filter(pk=item.pk).update(view_count=12, like_count=0, comment_count=0, share_count=4)
    return item


@pytest.mark.django_db
def test_article_page_shows_everything_in_indonesian(client, article, html, text, node_text, header_strings):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    doc = html(response)
    page = text(response)
    for string in header_strings:
        assert string in body
    assert [h.text_content() for h in doc.xpath("//h1")] == ["Typhoon nears Okinawa"]
    assert node_text(doc.xpath("//p[@class='byline']")[0]) == "MAINICHI | 9 April 2025"
    assert "MAINICHI | 9 April 2025" in body
    assert "Oleh Hanako Sato" in page
    counters = [node_text(li) for li in doc.xpath("//article//ul[@class='counters']/li")]
    assert counters == ["Dilihat 12", "Suka 0", "Komentar 0", "Dibagikan 4"]
    (img,) = doc.xpath("//figure/img")
    assert img.get("src") == "https://cdn.mainichi.jp/typhoon.jpg"
    assert img.get("loading") == "lazy" and img.get("referrerpolicy") == "no-referrer"
    assert img.get("alt")
    assert doc.xpath("//figure/figcaption")[0].text_content() == "Waves hit the coast"
    assert [p.text_content() for p in doc.xpath("//div[@class='article-body']/p")] == [
        "The storm is strong.",
        "Schools are closed.",
    ]
    (original,) = doc.xpath("//a[@rel='noopener noreferrer nofollow']")
    assert original.get("href") == article.url
    assert original.text_content() == "Baca di sumber asli →"
    assert node_text(doc.xpath("//*[@id='suka']")[0]) == "Jadilah yang pertama menyukai"
    assert doc.xpath("//*[@id='komentar']/h2")[0].text_content() == "Komentar"
    assert "Konten demo" not in page and "ringkasan saja" not in page
    # Later issues add liking and commenting; until then there is nothing to press.
    assert not doc.xpath("//*[@id='suka']//button | //*[@id='komentar']//button | //*[@id='komentar']//form")


@pytest.mark.django_db
def test_article_open_graph_and_canonical(client, article, html):
    doc = html(client.get(article.get_absolute_url()))
    og = {m.get("property"): m.get("content") for m in doc.xpath("//head/meta[@property]")}
    canonical = f"http://testserver/berita/{article.pk}/typhoon-nears-okinawa/"
    assert og["og:title"] == "Typhoon nears Okinawa"
    assert og["og:description"] == "The storm is strong."
    assert og["og:url"] == canonical
    assert og["og:type"] == "article"
    assert og["og:image"] == "https://cdn.mainichi.jp/typhoon.jpg"
    assert og["og:site_name"] == "kabar"
    assert og["article:published_time"] == "2025-04-09T17:00:00+07:00"
    assert doc.xpath("//head/link[@rel='canonical']/@href") == [canonical]


@pytest.mark.django_db
def test_og_description_prefers_the_summary_and_is_truncated(client, make_article, html):
    item = make_article(summary="word " * 100, body="Body.", image_url="")
    doc = html(client.get(item.get_absolute_url()))
    og = {m.get("property"): m.get("content") for m in doc.xpath("//head/meta[@property]")}
    assert og["og:description"].startswith("word word")
    assert len(og["og:description"]) <= 200 and og["og:description"].endswith("…")
    assert "og:image" not in og
    assert not doc.xpath("//figure")


@pytest.mark.django_db
def test_site_path_image_is_shown_and_made_absolute_for_open_graph(client, make_article, html):
    item = make_article(image_url="/static/kabar/demo/sakura.jpg", image_caption="")
    doc = html(client.get(item.get_absolute_url()))
    assert doc.xpath("//figure/img/@src") == ["/static/kabar/demo/sakura.jpg"]
    assert not doc.xpath("//figcaption")
    assert doc.xpath("//meta[@property='og:image']/@content") == [
        "http://testserver/static/kabar/demo/sakura.jpg"
    ]


@pytest.mark.django_db
def test_unsafe_urls_from_a_source_never_reach_the_page(client, make_article, html):
    item = make_article(url="javascript:alert(1)", image_url="javascript:alert(2)")
    body = client.get(item.get_absolute_url()).content.decode()
    assert "javascript:" not in body
    assert not html(client.get(item.get_absolute_url())).xpath("//figure")


@pytest.mark.django_db
def test_summary_only_and_demo_notes(client, make_article, text):
    item = make_article(summary_only=True, is_demo=True, body="", summary="Only the summary.")
    page = text(client.get(item.get_absolute_url()))
    assert "ringkasan saja" in page
    assert "Konten demo" in page
    assert "Only the summary." in page


@pytest.mark.django_db
def test_likes_line_counts_when_there_are_likes(client, article, text):
    Article.objects.filter(pk=article.pk).update(like_count=3)
    page = text(client.get(article.get_absolute_url()))
    assert "3 orang menyukai ini" in page and "Jadilah yang pertama menyukai" not in page


@pytest.mark.django_db
def test_unknown_article_is_an_indonesian_404(client, article, text, header_strings):
    response = client.get(f"/berita/{article.pk + 1000}/typhoon-nears-okinawa/")
    assert response.status_code == 404
    page = text(response)
    assert "Halaman tidak ditemukan" in page
    for string in header_strings:
        assert string in page


@pytest.mark.django_db
def test_wrong_slug_redirects_permanently_to_the_canonical_url(client, article):
    response = client.get(f"/berita/{article.pk}/old-title/")
    assert response.status_code == 301
    assert response["Location"] == f"/berita/{article.pk}/typhoon-nears-okinawa/"


@pytest.mark.django_db
def test_title_body_and_caption_are_escaped(client, make_article, html):
    hostile = "<script>alert(1)</script>"
    item = make_article(
        title=f"Bad {hostile}",
        body=f"Intro {hostile}\n\n<img src=x onerror=alert(2)>",
        image_url="https://example.com/a.jpg",
        image_caption=f"Cap {hostile}",
        author=hostile,
    )
    response = client.get(item.get_absolute_url(), follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    doc = html(response)
    assert doc.xpath("//h1")[0].text_content() == f"Bad {hostile}"
    assert doc.xpath("//figcaption")[0].text_content() == f"Cap {hostile}"
    # Every <script> in the page is our own file.
    sources = [s.get("src") or "" for s in doc.xpath("//script")]
    assert sources and all(src.startswith("/static/kabar/js/") for src in sources)


@pytest.mark.django_db
def test_date_is_shown_in_the_configured_time_zone(client, make_article, settings, html, node_text):
    late = make_article(title="Late evening", published_at=datetime(2025, 4, 9, 20, 0, tzinfo=UTC))
    settings.TIME_ZONE = "Asia/Jakarta"
    byline = html(client.get(late.get_absolute_url())).xpath("//p[@class='byline']")[0]
    assert node_text(byline) == "MAINICHI | 10 April 2025"  # 03:00 the next day in Jakarta
    settings.TIME_ZONE = "UTC"
    byline = html(client.get(late.get_absolute_url())).xpath("//p[@class='byline']")[0]
    assert node_text(byline) == "MAINICHI | 9 April 2025"


@pytest.mark.django_db
def test_month_names_are_indonesian(client, make_article, text):
    item = make_article(published_at=datetime(2025, 3, 9, 10, 0, tzinfo=UTC))
    assert "MAINICHI | 9 Maret 2025" in text(client.get(item.get_absolute_url()))
