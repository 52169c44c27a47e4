"""/cari against a real database and a real Tantivy index in a temporary data directory: the form,
notices, count, results with highlights, facets, timeline, pager, empty state, escaping."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from kabar.articles.models import Article
from kabar.sources.models import MediaGroup, Source

pytestmark = pytest.mark.django_db

HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


@pytest.fixture
def corpus(make_article, kyodo, index_dir):
    """Four articles about sakura or a typhoon and five about the yen (so "yen" is a common word)."""
    now = timezone.now()
    made = {
        "tokyo": make_article(
            title="Sakura season opens early in Tokyo",
            body="The sakura front reached Tokyo a week early.\n\nCrowds gathered in Ueno Park.",
            published_at=now - timedelta(hours=20),
        ),
        "kyoto": make_article(
            url="https://english.kyodonews.net/news/kyoto",
            source_id=kyodo.pk,
            title="Cherry blossom crowds fill Kyoto",
            body="Visitors walked under the sakura along the canal. Tourists from China came too.",
            published_at=now - timedelta(days=2),
        ),
        "typhoon": make_article(
            url="https://english.kyodonews.net/news/typhoon",
            source_id=kyodo.pk,
            title="Typhoon nears Okinawa",
            body="A strong typhoon moved toward Okinawa. China and Japan issued warnings.",
            published_at=now - timedelta(days=10),
        ),
        "exports": make_article(
            title="Sakura saplings exported to Europe",
            body="Growers shipped sakura saplings to parks in Europe.",
            published_at=now - timedelta(days=40),
        ),
    }
    for n in range(5):
        made[f"yen{n}"] = make_article(
            title=f"Yen moves against the dollar, day {n}",
            body="Currency traders watched the yen closely.",
            published_at=now - timedelta(days=3 + n),
        )
    index_dir()
    return made


def visible(node) -> str:
    return re.sub(r"\s+", " ", node.text_content()).strip()


def result_titles(doc) -> list[str]:
    return [visible(a) for a in doc.xpath("//ol[contains(@class,'results')]/li/a[@class='item-title']")]


def params_of(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query)


# --- The page without a search ---------------------------------------------------------------------


def test_without_a_query_shows_the_form_and_the_help(client, html, text, header_strings, index_dir):
    response = client.get("/cari")
    assert response.status_code == 200
    page = text(response)
    for string in header_strings:
        assert string in page
    assert "Cara mencari" in page
    assert "intitle:sakura" in page
    doc = html(response)
    assert doc.xpath("//input[@id='q']/@value") == [""]
    assert not doc.xpath("//ol[contains(@class,'results')]")
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert doc.xpath("//link[@rel='stylesheet']/@href")[-1].endswith("kabar/css/search.css")


# --- Every element of a results page ------------------------------------------------------------------


def test_results_page_elements(client, html, text, corpus, header_strings):
    response = client.get("/cari", {"q": "sakura"})
    assert response.status_code == 200
    doc, page = html(response), text(response)
    for string in header_strings:
        assert string in page
    # The query stays in the box and in the heading.
    assert doc.xpath("//input[@id='q']/@value") == ["sakura"]
    assert "Hasil pencarian: “sakura”" in visible(doc.xpath("//h1")[0])
    assert visible(doc.xpath("//p[@class='result-count']")[0]) == "Sekitar 3 berita"

    items = doc.xpath("//ol[contains(@class,'results')]/li")
    assert len(items) == 3
    # Relevance: the fresh title match first.
    assert result_titles(doc)[0] == "Sakura season opens early in Tokyo"
    first = items[0]
    link = first.xpath("a[@class='item-title']")[0]
    assert link.get("href") == corpus["tokyo"].get_absolute_url()
    assert [visible(m) for m in link.xpath("mark")] == ["Sakura"]
    meta = visible(first.xpath("p[@class='meta']")[0])
    local = timezone.localtime(corpus["tokyo"].published_at)
    assert meta == f"MAINICHI | {local.day} {_month(local.month)} {local.year}"
    snippet = first.xpath("p[@class='snippet']")[0]
    assert [visible(m).lower() for m in snippet.xpath("mark")] == ["sakura"]
    assert "front reached Tokyo" in visible(snippet)
    counters = first.xpath("ul[@class='counters']/li")
    assert [visible(li) for li in counters] == ["Dilihat 0", "Suka 0", "Komentar 0", "Dibagikan 0"]
    # A body-only match is highlighted in its snippet, not in its title.
    kyoto = next(li for li in items if "Kyoto" in visible(li))
    assert not kyoto.xpath("a[@class='item-title']/mark")
    assert kyoto.xpath("p[@class='snippet']/mark")
    assert "KYODO NEWS |" in visible(kyoto)


def _month(number: int) -> str:
    return ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
            "Oktober", "November", "Desember"][number - 1]  # fmt: skip


def test_counters_show_the_articles_numbers(client, html, corpus):
    Article.objects.filter(pk=corpus["tokyo"].pk).update(
        view_count=1234, like_count=5, comment_count=6, share_count=7
    )
    doc = html(client.get("/cari", {"q": "intitle:tokyo"}))
    counters = doc.xpath("//ol[contains(@class,'results')]/li[1]/ul[@class='counters']/li")
    assert [visible(li) for li in counters] == ["Dilihat 1.234", "Suka 5", "Komentar 6", "Dibagikan 7"]


def test_newest_first_sort(client, html, corpus):
    doc = html(client.get("/cari", {"q": "sakura", "urut": "terbaru"}))
    assert result_titles(doc) == [
        "Sakura season opens early in Tokyo",
        "Cherry blossom crowds fill Kyoto",
        "Sakura saplings exported to Europe",
    ]
    current = doc.xpath("//nav[@aria-labelledby='chips-sort']/a[@aria-current='true']")
    assert [visible(a) for a in current] == ["Terbaru"]


def test_range_links_and_presets(client, html, text, corpus):
    doc = html(client.get("/cari", {"q": "sakura", "rentang": "7h"}))
    assert visible(doc.xpath("//p[@class='result-count']")[0]) == "Sekitar 2 berita"
    chips = {visible(a): a.get("href") for a in doc.xpath("//nav[@aria-labelledby='chips-range']/a")}
    assert list(chips) == [
        "Kapan saja",
        "24 jam terakhir",
        "7 hari terakhir",
        "30 hari terakhir",
        "1 tahun terakhir",
    ]
    assert params_of(chips["24 jam terakhir"]) == {"q": ["sakura"], "rentang": ["24j"]}
    assert params_of(chips["Kapan saja"]) == {"q": ["sakura"]}
    current = doc.xpath("//nav[@aria-labelledby='chips-range']/a[@aria-current='true']")
    assert [visible(a) for a in current] == ["7 hari terakhir"]
    doc = html(client.get("/cari", {"q": "sakura", "rentang": "24j"}))
    assert result_titles(doc) == ["Sakura season opens early in Tokyo"]
    # A year is the whole window: nothing to clamp, so no notice.
    doc = html(client.get("/cari", {"q": "sakura", "rentang": "1t"}))
    assert visible(doc.xpath("//p[@class='result-count']")[0]) == "Sekitar 3 berita"
    assert not doc.xpath("//ul[@class='search-notices']")


def test_custom_dates_are_inclusive(client, html, corpus):
    day = timezone.localdate(corpus["kyoto"].published_at)
    doc = html(client.get("/cari", {"q": "sakura", "since": day.isoformat(), "until": day.isoformat()}))
    assert result_titles(doc) == ["Cherry blossom crowds fill Kyoto"]
    # The form shows the dates back.
    assert doc.xpath("//form[@class='dates']//input[@name='since']/@value") == [day.isoformat()]
    assert doc.xpath("//form[@class='dates']//input[@name='until']/@value") == [day.isoformat()]
    assert doc.xpath("//form[@class='dates']//input[@name='q']/@value") == ["sakura"]


def test_source_facets_count_the_full_match_set_and_toggle(client, html, corpus):
    doc = html(client.get("/cari", {"q": "sakura"}))
    facets = doc.xpath("//section[@class='facets']//li/a")
    assert [
        (visible(a.xpath("span[@class='facet-name']")[0]), visible(a.xpath("span[@class='facet-count']")[0]))
        for a in facets
    ] == [
        ("Mainichi", "2"),
        ("Kyodo News", "1"),
    ]
    add = facets[1].get("href")
    assert params_of(add) == {"q": ["sakura"], "sumber": ["kyodo"]}
    doc = html(client.get("/cari" + add))
    assert result_titles(doc) == ["Cherry blossom crowds fill Kyoto"]
    selected = doc.xpath("//section[@class='facets']//li[@class='selected']/a")
    assert len(selected) == 1 and "Kyodo News" in visible(selected[0])
    assert selected[0].get("aria-current") == "true"
    assert params_of(selected[0].get("href")) == {"q": ["sakura"]}


def test_facets_cover_more_than_one_page(client, html, make_article, index_dir):
    now = timezone.now()
    for n in range(23):
        make_article(title=f"Nikkei index rises, session {n}", published_at=now - timedelta(hours=n + 1))
    index_dir()
    doc = html(client.get("/cari", {"q": "nikkei"}))
    assert len(doc.xpath("//ol[contains(@class,'results')]/li")) == 20
    assert visible(doc.xpath("//span[@class='facet-count']")[0]) == "23"
    assert visible(doc.xpath("//p[@class='result-count']")[0]) == "Sekitar 23 berita"


def test_timeline_counts_per_day_with_a_text_alternative(client, html, corpus):
    doc = html(client.get("/cari", {"q": "sakura", "rentang": "7h"}))
    svg = doc.xpath("//section[@class='timeline']//*[local-name()='svg']")[0]
    assert svg.get("role") == "img"
    labelled = svg.get("aria-labelledby").split()
    title = svg.xpath(f"//*[@id='{labelled[0]}']")[0]
    desc = svg.xpath(f"//*[@id='{labelled[1]}']")[0]
    assert visible(title) == "Berita yang cocok per hari"
    assert visible(desc).startswith("2 berita dari ")
    assert "paling banyak 1 berita pada" in visible(desc)
    assert not svg.get("style") and not svg.xpath(".//*[@style]")
    bars = svg.xpath(".//*[local-name()='rect']")
    assert len(bars) == 2
    labels = sorted(visible(b) for b in bars)
    expected = sorted(f"{_short(corpus[key].published_at)}: 1 berita" for key in ("tokyo", "kyoto"))
    assert labels == expected
    # The screen-reader table lists the same days and counts.
    rows = [
        [visible(td) for td in tr.xpath("td")] for tr in doc.xpath("//section[@class='timeline']//tbody/tr")
    ]
    assert sorted(rows) == sorted([label.split(": ")[0], "1"] for label in expected)


def _short(moment) -> str:
    local = timezone.localtime(moment)
    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
    return f"{local.day} {months[local.month - 1]} {local.year}"


def test_timeline_over_the_whole_window_sums_by_month(client, html, corpus):
    doc = html(client.get("/cari", {"q": "sakura"}))
    svg = doc.xpath("//section[@class='timeline']//*[local-name()='svg']")[0]
    assert len(svg.xpath(".//*[local-name()='rect']")) == 3
    caption = visible(doc.xpath("//section[@class='timeline']//caption")[0])
    assert caption == "Berita yang cocok per bulan"
    total = sum(int(visible(tr.xpath("td")[1])) for tr in doc.xpath("//section[@class='timeline']//tbody/tr"))
    assert total == 3


def test_pager_keeps_the_search(client, html, make_article, index_dir):
    now = timezone.now()
    for n in range(45):
        make_article(title=f"Rice prices climb again, week {n}", published_at=now - timedelta(hours=n + 1))
    index_dir()
    doc = html(client.get("/cari", {"q": "rice", "rentang": "30h", "urut": "terbaru"}))
    pager = doc.xpath("//nav[@class='pager']")[0]
    assert "Halaman 1 dari 3" in visible(pager)
    assert not pager.xpath("a[@rel='prev']")
    nxt = pager.xpath("a[@rel='next']/@href")[0]
    assert params_of(nxt) == {"q": ["rice"], "rentang": ["30h"], "urut": ["terbaru"], "hal": ["2"]}
    doc = html(client.get("/cari" + nxt))
    assert result_titles(doc)[0] == "Rice prices climb again, week 20"
    pager = doc.xpath("//nav[@class='pager']")[0]
    assert "Halaman 2 dari 3" in visible(pager)
    first_page = {"q": ["rice"], "rentang": ["30h"], "urut": ["terbaru"]}
    assert params_of(pager.xpath("a[@rel='prev']/@href")[0]) == first_page
    # Past the last page: the last page, with a notice.
    doc = html(client.get("/cari", {"q": "rice", "urut": "terbaru", "hal": "9"}))
    assert len(doc.xpath("//ol[contains(@class,'results')]/li")) == 5
    assert doc.xpath("//li[@data-code='page_past_end']")


# --- Notices ---------------------------------------------------------------------------------------


def test_ignored_common_words_notice(client, html, corpus):
    doc = html(client.get("/cari", {"q": "the sakura of"}))
    notice = doc.xpath("//li[@data-code='ignored_terms']")
    assert len(notice) == 1
    assert visible(notice[0]).startswith("Kata umum diabaikan: the, of.")
    assert visible(doc.xpath("//p[@class='result-count']")[0]) == "Sekitar 3 berita"


def test_since_before_the_window_is_clamped_with_notice(client, html, corpus):
    doc = html(client.get("/cari", {"q": "sakura", "since": "2001-01-01"}))
    notice = doc.xpath("//li[@data-code='since_clamped']")
    assert [visible(n) for n in notice] == ["Maksimal 1 tahun yang lalu"]
    assert visible(doc.xpath("//p[@class='result-count']")[0]) == "Sekitar 3 berita"


def test_until_before_the_window(client, html, corpus):
    doc = html(client.get("/cari", {"q": "sakura", "until": "2001-01-01"}))
    assert [visible(n) for n in doc.xpath("//li[@data-code='until_before_window']")] == [
        "Maksimal 1 tahun yang lalu"
    ]
    assert "Tidak ada berita yang cocok" in visible(doc)


def test_exclusions_only_lists_everything_else_newest_first(client, html, corpus):
    doc = html(client.get("/cari", {"q": "-china -yen"}))
    assert doc.xpath("//li[@data-code='only_exclusions']")
    assert result_titles(doc) == ["Sakura season opens early in Tokyo", "Sakura saplings exported to Europe"]
    # No words: nothing to rank, so no sort choice.
    assert not doc.xpath("//nav[@aria-labelledby='chips-sort']")


def test_common_word_notice(client, html, corpus):
    doc = html(client.get("/cari", {"q": "yen"}))
    notice = doc.xpath("//li[@data-code='common_word']")
    assert len(notice) == 1 and "yen" in visible(notice[0])
    assert visible(doc.xpath("//p[@class='result-count']")[0]) == "Sekitar 5 berita"
    assert not html(client.get("/cari", {"q": "sakura"})).xpath("//li[@data-code='common_word']")


# --- Empty state -----------------------------------------------------------------------------------


def test_empty_state_names_the_exclusion_and_widens_the_range(client, html, corpus):
    doc = html(client.get("/cari", {"q": "typhoon -china", "rentang": "7h", "sumber": "kyodo"}))
    page = visible(doc)
    assert "Sekitar 0 berita" in page
    assert "Tidak ada berita yang cocok" in page
    assert not doc.xpath("//ol[contains(@class,'results')]")
    assert not doc.xpath("//section[@class='timeline']")  # nothing to draw
    suggestions = {visible(a): a.get("href") for a in doc.xpath("//ul[@class='suggestions']/li/a")}
    assert params_of(suggestions["Hapus pengecualian -china"]) == {
        "q": ["typhoon"],
        "rentang": ["7h"],
        "sumber": ["kyodo"],
    }
    widen = suggestions["Perluas rentang waktu: cari di seluruh 1 tahun terakhir"]
    assert params_of(widen) == {"q": ["typhoon -china"], "sumber": ["kyodo"]}
    every = suggestions["Cari di semua sumber, bukan hanya Kyodo News"]
    assert params_of(every) == {"q": ["typhoon -china"], "rentang": ["7h"]}
    # Each suggestion, followed, finds something or gets closer: removing the exclusion finds it.
    doc = html(client.get("/cari", {"q": "typhoon", "sumber": "kyodo"}))
    assert result_titles(doc) == ["Typhoon nears Okinawa"]


def test_empty_state_for_phrases_and_several_words(client, html, corpus):
    doc = html(client.get("/cari", {"q": '"okinawa sakura" typhoon'}))
    suggestions = {visible(a): a.get("href") for a in doc.xpath("//ul[@class='suggestions']/li/a")}
    loose = suggestions["Cari kata-katanya tanpa tanda kutip: okinawa sakura"]
    assert params_of(loose) == {"q": ["okinawa sakura typhoon"]}
    either = suggestions['Cukup salah satu kata: "okinawa sakura" OR typhoon']
    assert result_titles(html(client.get("/cari" + either))) == ["Typhoon nears Okinawa"]


# --- Bad parameters: a notice and a fallback, never an error ---------------------------------------


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"rentang": "5tahun"}, "bad_range"),
        ({"since": "kemarin"}, "bad_since"),
        ({"since": "2025-02-30"}, "bad_since"),
        ({"until": "2025-13-01"}, "bad_until"),
        ({"since": "2026-01-10", "until": "2026-01-01"}, "dates_swapped"),
        ({"sumber": "tidak-ada"}, "unknown_source"),
        ({"sumber": "<script>"}, "unknown_source"),
        ({"urut": "acak"}, "bad_sort"),
        ({"hal": "dua"}, "bad_page"),
        ({"hal": "0"}, "bad_page"),
        ({"hal": "-3"}, "bad_page"),
        ({"hal": "9" * 5000}, "page_clamped"),
        ({"hal": "101"}, "page_clamped"),
    ],
)
def test_bad_parameters_get_a_notice(client, html, corpus, params, code):
    response = client.get("/cari", {"q": "sakura", **params})
    assert response.status_code == 200
    doc = html(response)
    notice = doc.xpath(f"//li[@data-code='{code}']")
    assert len(notice) == 1, code
    assert "<script>" not in response.content.decode()


def test_bad_parameters_together_still_search(client, html, corpus):
    response = client.get(
        "/cari",
        {
            "q": "sakura\x00 " + "x" * 600,
            "hal": "x",
            "urut": "x",
            "rentang": "x",
            "since": "x",
            "sumber": "x",
        },
    )
    assert response.status_code == 200
    doc = html(response)
    codes = set(doc.xpath("//ul[@class='search-notices']/li/@data-code"))
    assert {"query_truncated", "bad_page", "bad_sort", "bad_range", "bad_since", "unknown_source"} <= codes


def test_a_source_without_matches_keeps_its_remove_link(client, html, corpus):
    doc = html(client.get("/cari", {"q": "yen", "sumber": "kyodo"}))
    selected = doc.xpath("//section[@class='facets']//li[@class='selected']/a")
    assert len(selected) == 1
    assert "Kyodo News" in visible(selected[0])
    assert params_of(selected[0].get("href")) == {"q": ["yen"]}


def test_sources_without_words_browse_newest_first(client, html, corpus):
    doc = html(client.get("/cari", {"sumber": "kyodo"}))
    assert result_titles(doc) == ["Cherry blossom crowds fill Kyoto", "Typhoon nears Okinawa"]


# --- Escaping --------------------------------------------------------------------------------------


def test_hostile_query_is_escaped_everywhere(client, html, corpus):
    response = client.get("/cari", {"q": HOSTILE + " sakura -<b>x</b>", "rentang": "7h"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body
    assert "<img src=x" not in body
    assert "<b>x</b>" not in body
    doc = html(response)
    assert doc.xpath("//input[@id='q']/@value") == [HOSTILE + " sakura -<b>x</b>"]
    assert not doc.xpath("//script[not(@src)]")
    assert not doc.xpath("//img[@onerror]")
    # The chip links carry the query as URL parameters, escaped in the attribute.
    chip = doc.xpath("//nav[@aria-labelledby='chips-range']/a")[0].get("href")
    assert params_of(chip)["q"] == [HOSTILE + " sakura -<b>x</b>"]


def test_hostile_article_and_source_text_is_escaped(client, html, make_article, index_dir):
    evil_group = MediaGroup.objects.create(slug="evil", name="<i>Evil</i>", position=9)
    evil = Source.objects.create(
        slug="evil", name="<b>Evil</b> News", group=evil_group, homepage="https://e.example/"
    )
    make_article(
        url="https://e.example/1",
        source_id=evil.pk,
        title='<script>alert(1)</script> Sakura "<img src=x onerror=alert(2)>"',
        body="<script>alert(3)</script> sakura <mark>fake</mark> & more",
    )
    index_dir()
    response = client.get("/cari", {"q": "sakura", "sumber": "evil", "hal": "1"})
    body = response.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body and "<b>Evil</b>" not in body
    doc = html(response)
    title = doc.xpath("//ol[contains(@class,'results')]/li/a[@class='item-title']")[0]
    # Our <mark> is the only element inside the title and the snippet.
    assert [child.tag for child in title.iter() if child is not title] == ["mark"]
    snippet = doc.xpath("//ol[contains(@class,'results')]/li/p[@class='snippet']")[0]
    assert {child.tag for child in snippet.iter() if child is not snippet} == {"mark"}
    # The article's own "<mark>fake</mark>" is text, not a highlight.
    assert "<mark>fake</mark>" in visible(snippet)
    assert "<script>alert(1)</script> Sakura" in visible(title)
    assert "<b>Evil</b> News" in visible(doc.xpath("//section[@class='facets']")[0])


def test_highlighted_only_trusts_mark():
    from kabar.web.views.search import highlighted

    assert str(highlighted("a <mark>b</mark> &lt;c&gt;")) == "a <mark>b</mark> &lt;c&gt;"
    assert str(highlighted("<mark>x</mark><script>y</script>")) == "x&lt;script&gt;y&lt;/script&gt;"
    assert str(highlighted('<mark onclick="z">x</mark>')) == "&lt;mark onclick=&quot;z&quot;&gt;x"


def test_no_index_yet_is_a_notice_not_an_error(client, html, make_article, settings, tmp_path):
    from kabar.search import engine

    settings.DATA_DIR = tmp_path
    engine.forget_readers()
    make_article(title="Sakura")
    response = client.get("/cari", {"q": "sakura"})
    assert response.status_code == 200
    doc = html(response)
    assert doc.xpath("//li[@data-code='index_unavailable']")
    # Not "no results": the page does not pretend it searched.
    assert "Tidak ada berita yang cocok" not in visible(doc)
    assert not doc.xpath("//p[@class='result-count']")
    engine.forget_readers()
