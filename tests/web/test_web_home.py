from datetime import UTC, datetime, timedelta

import pytest

from kabar.articles.models import Article
from kabar.sources.models import MediaGroup, Source


@pytest.mark.django_db
def test_home_has_the_header_and_one_section_per_group_in_position_order(
    client, make_article, other_source, text, html, header_strings
):
    MediaGroup.objects.create(slug="media-dunia", name="Media Dunia", position=0)
    make_article(title="Japanese news")
    make_article(title="Asian news", source_id=other_source.pk, url="https://nhk.example/1")
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    for string in header_strings:
        assert string in body
    page = text(response)
    for string in header_strings:
        assert string in page
    headings = [h.text_content() for h in html(response).xpath("//main//section/div/h2")]
    assert headings == ["Media Dunia", "Media Jepang", "Media Asia"]
    assert "Belum ada berita." in page  # Media Dunia has no articles yet
    see_all = html(response).xpath("//a[contains(@class, 'see-all')]/@href")
    assert see_all == ["/grup/media-dunia/", "/grup/media-jepang/", "/grup/media-asia/"]
    assert "Lihat semua" in page


@pytest.mark.django_db
def test_home_shows_only_the_ten_newest_of_each_group(client, make_article, html):
    base = datetime(2025, 4, 1, 3, 0, tzinfo=UTC)
    for n in range(12):
        make_article(title=f"Item {n:02d}", published_at=base + timedelta(hours=n))
    response = client.get("/")
    titles = [a.text_content() for a in html(response).xpath("//a[@class='item-title']")]
    assert titles == [f"Item {n:02d}" for n in range(11, 1, -1)]


@pytest.mark.django_db
def test_home_item_shows_title_link_source_in_capitals_date_and_counters(
    client, make_article, html, node_text
):
    article = make_article(
        title="Typhoon nears Okinawa", published_at=datetime(2025, 4, 9, 10, 0, tzinfo=UTC)
    )
    Article.objects.filter(pk=article.pk).update(
        view_count=1234, like_count=5, comment_count=7, share_count=3
    )
    doc = html(client.get("/"))
    (item,) = doc.xpath("//li[@class='item']")
    (link,) = item.xpath(".//a[@class='item-title']")
    assert link.get("href") == article.get_absolute_url() == f"/berita/{article.pk}/typhoon-nears-okinawa/"
    assert link.text_content() == "Typhoon nears Okinawa"
    (source,) = item.xpath(".//a[@class='source-name']")
    assert source.text_content() == "MAINICHI"
    assert source.get("href") == "/sumber/mainichi/"
    assert item.xpath(".//time")[0].text_content() == "9 April 2025"
    counters = [node_text(li) for li in item.xpath(".//ul[@class='counters']/li")]
    assert counters == ["Dilihat 1.234", "Suka 5", "Komentar 7", "Dibagikan 3"]
    # Each counter has its icon inline (no external file) hidden from screen readers.
    assert len(item.xpath(".//ul[@class='counters']/li/svg[@aria-hidden='true']")) == 4


@pytest.mark.django_db
def test_home_without_any_group_says_there_is_no_news(client, text):
    response = client.get("/")
    assert response.status_code == 200
    assert "Belum ada berita." in text(response)


@pytest.mark.django_db
def test_home_query_count_does_not_grow_with_groups_or_articles(
    client, make_article, django_assert_max_num_queries
):
    for g in range(4):
        group = MediaGroup.objects.create(slug=f"grup-{g}", name=f"Grup {g}", position=10 + g)
        for s in range(2):
            source = Source.objects.create(
                slug=f"sumber-{g}-{s}", name=f"Sumber {g}.{s}", group=group, homepage="https://example.com/"
            )
            for n in range(6):
                make_article(source_id=source.pk, url=f"https://example.com/{g}/{s}/{n}")
    # Groups, each source's 10th-newest date, the candidate articles, and the "Berita Utama" stories.
    with django_assert_max_num_queries(5):
        response = client.get("/")
    assert response.content.decode().count('class="item"') == 4 * 10


@pytest.mark.django_db
def test_group_with_several_sources_shows_its_ten_newest_overall(client, group, make_article, html):
    busy = Source.objects.create(slug="kyodo", name="Kyodo", group=group, homepage="https://kyodo.example/")
    quiet = Source.objects.create(slug="asahi", name="Asahi", group=group, homepage="https://asahi.example/")
    base = datetime(2025, 4, 1, tzinfo=UTC)
    for n in range(15):  # Kyodo: every hour; Mainichi: the same hours, so every date is a tie
        make_article(
            title=f"K{n:02d}",
            source_id=busy.pk,
            url=f"https://kyodo.example/{n}",
            published_at=base + timedelta(hours=n),
        )
        make_article(title=f"M{n:02d}", published_at=base + timedelta(hours=n))
    make_article(title="A-old", source_id=quiet.pk, url="https://asahi.example/1", published_at=base)
    make_article(
        title="A-new",
        source_id=quiet.pk,
        url="https://asahi.example/2",
        published_at=base + timedelta(hours=20),
    )
    titles = [a.text_content() for a in html(client.get("/")).xpath("//a[@class='item-title']")]
    # Newest first; a tie on the date goes to the newer row (as on the group page).
    expected = [a.title for a in Article.objects.order_by("-published_at", "-id")[:10]]
    assert titles == expected
    assert titles[0] == "A-new" and titles[1:3] == ["M14", "K14"]
    assert (
        titles
        == [
            a.text_content()
            for a in html(client.get("/grup/media-jepang/")).xpath("//a[@class='item-title']")
        ][:10]
    )
