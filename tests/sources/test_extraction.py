"""Article extraction (kabar/sources/extraction.py) on pages written for these tests: body paragraphs,
metadata, the lead image with caption and credit, the canonical URL, and hostile HTML."""

from __future__ import annotations

import time
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kabar.sources.extraction import Extracted, extract_article, join_split_body
from kabar.sources.extraction_images import split_credit

PAGES = Path(__file__).resolve().parent.parent / "data" / "pages"
MAINICHI_URL = "https://mainichi.example.test/english/articles/20250321/p2a/00m/0na/012000c"
NHK_URL = "https://www3.nhk.example.test/nhkworld/en/news/20250112_05/"
LEAKS = ("SCRIPT-TEXT-MUST-NOT-LEAK", "STYLE-TEXT-MUST-NOT-LEAK", "trackerSecret", "document.write")

SENTENCES = (
    "The city council approved a new budget for the harbor district on Tuesday after a long debate.",
    "Officials said the money would pay for new sea walls, a ferry pier and wider sidewalks.",
    "Fishermen welcomed the plan but asked for a larger share of the funds to repair their boats.",
    "Work on the first section of the sea wall is expected to begin in the autumn of next year.",
    "The mayor promised to publish a detailed timetable for each project before the end of May.",
)


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def article_html(*, head: str = "", before: str = "", after: str = "", body: str | None = None) -> str:
    paragraphs = "".join(f"<p>{s}</p>" for s in SENTENCES) if body is None else body
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news/'>News</a></nav>"
        f"<article>{before}{paragraphs}{after}</article>"
        f"<footer><p>Copyright Example News. All rights reserved.</p></footer></body></html>"
    )


def all_text(extracted: Extracted) -> str:
    return "\n".join(str(getattr(extracted, f.name)) for f in fields(extracted))


@pytest.fixture(scope="module")
def mainichi() -> Extracted:
    extracted = extract_article(page("mainichi_like.html"), url=MAINICHI_URL)
    assert extracted is not None
    return extracted


@pytest.fixture(scope="module")
def nhk() -> Extracted:
    extracted = extract_article(page("nhk_like.html"), url=NHK_URL)
    assert extracted is not None
    return extracted


# --- body ----------------------------------------------------------------------------------------


def test_paragraphs_are_the_article_text_in_order(mainichi):
    assert mainichi.paragraphs[0].startswith("TOKYO -- Cherry trees along the Meguro River burst into bloom")
    assert mainichi.paragraphs[1].startswith("The Japan Meteorological Agency said a warm spell")
    assert mainichi.paragraphs[2].startswith("Shop owners along the river set up stalls")
    assert mainichi.paragraphs[3].startswith("Ward officials asked visitors")
    assert mainichi.paragraphs[4].startswith("Local residents said the early bloom")
    assert len(mainichi.paragraphs) in (5, 6)  # the "(Japanese original by ...)" line may follow
    assert mainichi.word_count == sum(len(p.split()) for p in mainichi.paragraphs)
    assert mainichi.word_count > 150


def test_boilerplate_stays_out_of_the_body(mainichi):
    body = "\n".join(mainichi.paragraphs)
    for boilerplate in (
        "Most read",
        "Yen falls to a new low",
        "All rights reserved",
        "Home",
        "By Hanako Suzuki",
    ):
        assert boilerplate not in body
    # The headline is shown apart, and "Read more:" points to another story.
    assert "Cherry trees bloom early along Tokyo's Meguro River" not in mainichi.paragraphs
    assert not any(p.startswith("Read more") for p in mainichi.paragraphs)


def test_paragraphs_are_plain_text(mainichi, nhk):
    for extracted in (mainichi, nhk):
        for paragraph in extracted.paragraphs:
            assert "<" not in paragraph and "&amp;" not in paragraph
            assert paragraph == paragraph.strip() and "  " not in paragraph


def test_promotional_lines_go_but_sentences_starting_alike_stay():
    extracted = extract_article(
        article_html(
            after="<p>More than 300 residents attended the meeting at the city hall.</p>"
            "<p>Read more: Harbor district plans a new fish market</p>"
            "<p>Subscribe to our newsletter for the latest harbor news.</p>"
        ),
        url="https://news.example.test/a/1",
    )
    assert extracted is not None
    assert "More than 300 residents attended the meeting at the city hall." in extracted.paragraphs
    assert not any(p.startswith(("Read more", "Subscribe")) for p in extracted.paragraphs)


def test_an_article_split_into_chunks_comes_out_whole():
    extracted = extract_article(page("split_article.html"), url="https://example.test/rice")
    assert extracted is not None
    assert [p.split()[:3] for p in extracted.paragraphs] == [
        ["The", "average", "price"],
        ["Supermarkets", "in", "the"],
        ["The", "ministry", "released"],
        ["Farmers", "in", "Niigata"],
    ]
    assert "Advertisement" not in extracted.paragraphs


def test_join_split_body_leaves_nested_and_unrelated_containers_alone():
    from lxml.html import fromstring

    nested = fromstring(
        "<div><div class='article-body'><p>a</p><div class='article-body'><p>b</p></div></div>"
        "<div class='sidebar'><p>c</p></div><div class='sidebar'><p>d</p></div></div>"
    )
    assert join_split_body(nested) == 0
    split = fromstring(
        "<div><section class='article-body'><p>a</p></section><div class='ad'>x</div>"
        "<section class='article-body'><p>b</p></section></div>"
    )
    assert join_split_body(split) == 1
    assert [p.text for p in split.find(".//section").iter("p")] == ["a", "b"]


def test_lists_and_line_breaks_keep_their_shape():
    extracted = extract_article(
        article_html(after="<ul><li>Sea walls</li><li>Ferry pier</li></ul><p>First line<br>second line</p>"),
        url="https://news.example.test/a/2",
    )
    assert extracted is not None
    assert "• Sea walls" in extracted.paragraphs and "• Ferry pier" in extracted.paragraphs
    assert "First line\nsecond line" in extracted.paragraphs


def test_a_page_that_is_not_an_article_gives_no_body():
    extracted = extract_article(page("non_article.html"), url="https://example.test/")
    assert extracted is None or extracted.word_count < 40


# --- metadata ------------------------------------------------------------------------------------


def test_title_author_and_date(mainichi):
    assert (
        mainichi.title == "Cherry trees bloom early along Tokyo's Meguro River"
    )  # " - The Mainichi" dropped
    assert mainichi.author == "Hanako Suzuki"
    assert mainichi.published == datetime(2025, 3, 21, 5, 5, tzinfo=UTC)  # 14:05 JST


def test_metadata_from_json_ld(nhk):
    assert nhk.title == "Bullet train service resumes after heavy snow"
    assert nhk.author == "NHK WORLD-JAPAN"
    assert nhk.published == datetime(2025, 1, 12, 1, 30, tzinfo=UTC)


def test_title_falls_back_to_the_single_h1_then_the_title_element():
    with_h1 = extract_article(
        article_html(
            head="<title>Harbor budget | Example News</title>", before="<h1>Harbor budget approved</h1>"
        ),
        url="https://news.example.test/a/3",
    )
    assert with_h1 is not None and with_h1.title == "Harbor budget approved"
    assert "Harbor budget approved" not in with_h1.paragraphs
    only_title = extract_article(
        article_html(head="<title>Harbor budget</title>"), url="https://news.example.test/a"
    )
    assert only_title is not None and only_title.title == "Harbor budget"


def test_dates_without_time_zone_and_pages_without_date():
    dated = extract_article(
        article_html(head="<meta property='article:published_time' content='2024-11-05'>"),
        url="https://news.example.test/a/4",
    )
    assert dated is not None and dated.published == datetime(2024, 11, 5, tzinfo=UTC)
    undated = extract_article(article_html(), url="https://news.example.test/a/5")
    assert undated is not None and undated.published is None


def test_author_from_a_byline_without_meta():
    extracted = extract_article(
        article_html(before="<p class='byline'>By Kenji Watanabe</p>"), url="https://news.example.test/a/6"
    )
    assert extracted is not None and extracted.author == "Kenji Watanabe"


# --- lead image ----------------------------------------------------------------------------------


def test_og_image_with_the_caption_and_credit_of_its_figure(mainichi):
    assert mainichi.image_url == (
        "https://cdn.example-mainichi.test/vol1/2025/03/21/20250321p2a00m0na012000p/9.jpg?1"
    )
    assert mainichi.image_caption == (
        "Visitors photograph cherry blossoms over the Meguro River in Tokyo's Meguro Ward on March 21, 2025."
    )
    assert mainichi.image_credit == "Mainichi/Taro Yamada"


def test_json_ld_image_and_a_credit_element_in_the_caption(nhk):
    assert nhk.image_url == "https://www3.nhk.example.test/nhkworld/en/news/20250112_05/images/main.jpg"
    assert nhk.image_caption == "A Shinkansen train leaves Niigata Station after services resumed"
    assert nhk.image_credit == "NHK"


def test_credit_in_small_inside_the_figcaption():
    figure = (
        "<figure><img src='/img/harbor-123.jpg'><figcaption>The harbor at dawn. "
        "<small>Photo: Jiji Press</small></figcaption></figure>"
    )
    extracted = extract_article(
        article_html(head="<meta property='og:image' content='/img/harbor-123.jpg?w=1200'>", before=figure),
        url="https://news.example.test/a/7",
    )
    assert extracted is not None
    assert extracted.image_url == "https://news.example.test/img/harbor-123.jpg?w=1200"
    assert (extracted.image_caption, extracted.image_credit) == ("The harbor at dawn.", "Photo: Jiji Press")


def test_credit_set_off_by_a_bar_in_its_own_element():
    figure = (
        "<figure><img src='https://img.example.test/2025/ishiba.jpg'><figcaption>"
        "<p class='caption'>(From left) The two leaders shake hands in Tokyo on Monday.</p>"
        "<p class='credit'>| KYODO</p></figcaption></figure>"
    )
    extracted = extract_article(
        article_html(
            head="<meta property='og:image' content='https://img.example.test/2025/ishiba.jpg'>",
            before=figure,
        ),
        url="https://news.example.test/a/11",
    )
    assert extracted is not None
    assert extracted.image_caption == "(From left) The two leaders shake hands in Tokyo on Monday."
    assert extracted.image_credit == "KYODO"


def test_without_og_image_the_first_figure_of_the_article_is_the_lead():
    figure = (
        "<figure><img src='data:image/gif;base64,R0lGOD' data-src='https://img.example.test/lead.jpg'>"
        "<figcaption>Ferries wait at the pier. (Kyodo)</figcaption></figure>"
    )
    aside = "<aside><figure><img src='/other.jpg'><figcaption>Another story</figcaption></figure></aside>"
    extracted = extract_article(article_html(before=aside + figure), url="https://news.example.test/a/8")
    assert extracted is not None
    assert extracted.image_url == "https://img.example.test/lead.jpg"
    assert (extracted.image_caption, extracted.image_credit) == ("Ferries wait at the pier.", "Kyodo")


def test_a_figure_in_an_aside_never_gives_the_caption():
    aside = "<aside><figure><img src='/other.jpg'><figcaption>Another story</figcaption></figure></aside>"
    extracted = extract_article(
        article_html(
            head="<meta property='og:image' content='https://img.example.test/og.jpg'>", after=aside
        ),
        url="https://news.example.test/a/9",
    )
    assert extracted is not None
    assert (extracted.image_url, extracted.image_caption, extracted.image_credit) == (
        "https://img.example.test/og.jpg",
        "",
        "",
    )


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        (
            "Workers clear snow in Aomori on Jan. 5, 2025. (Kyodo)",
            ("Workers clear snow in Aomori on Jan. 5, 2025.", "Kyodo"),
        ),
        ("Fans cheer in Osaka (AP Photo/Hiro Komae)", ("Fans cheer in Osaka", "AP Photo/Hiro Komae")),
        (
            "A crowd gathers in Shibuya. Photo: Jiji Press",
            ("A crowd gathers in Shibuya.", "Photo: Jiji Press"),
        ),
        ("Mount Fuji at sunrise. © Taro Yamada", ("Mount Fuji at sunrise.", "© Taro Yamada")),
        (
            "The new N700S train (left) and the older model",
            ("The new N700S train (left) and the older model", ""),
        ),
        ("The N700S bullet train (Nozomi)", ("The N700S bullet train (Nozomi)", "")),
        ("", ("", "")),
    ],
)
def test_split_credit(caption, expected):
    assert split_credit(caption) == expected


# --- canonical URL -------------------------------------------------------------------------------


def test_canonical_url_is_absolute_and_clean(mainichi, nhk):
    assert mainichi.canonical_url == MAINICHI_URL + "?ref=top"  # utm_source dropped, other params kept
    assert nhk.canonical_url == NHK_URL  # relative href resolved, fragment dropped


@pytest.mark.parametrize(
    "head", ["", "<link rel='canonical' href='javascript:alert(1)'>", "<link rel='canonical' href=''>"]
)
def test_missing_or_unusable_canonical_is_empty(head):
    extracted = extract_article(article_html(head=head), url="https://news.example.test/a/10")
    assert extracted is not None and extracted.canonical_url == ""


# --- hostile HTML --------------------------------------------------------------------------------

PARAGRAPH = "<p>" + " ".join(SENTENCES) + "</p>"
HOSTILE = {
    "empty": "",
    "whitespace": "   \n\t ",
    "control characters": "\x00\x01\x02<<<>>>&&&;;\x7f",
    "plain text": "hello world " * 200,
    "deep nesting": "<html><body>"
    + "<div>" * 100_000
    + PARAGRAPH * 5
    + "</div>" * 100_000
    + "</body></html>",
    "deep inline nesting": "<html><body><p>" + "<b><i>" * 30_000 + "text " * 100 + "</p>",
    "unclosed tags": "<html><body>" + "<div><span><table><tr><td>" * 10_000 + PARAGRAPH * 3,
    "nested tables": "<html><body>" + "<table><tr><td>" * 3000 + PARAGRAPH * 3 + "</td></tr></table>" * 3000,
    "scripts everywhere": article_html(
        head="<script>var SCRIPTLEAK = 1;</script><style>p::after{content:'STYLELEAK'}</style>",
        before="<script>document.write('SCRIPTLEAK')</script><noscript>SCRIPTLEAK</noscript>",
        after="<p>Tail<script>alert('SCRIPTLEAK')</script> text</p><template><p>SCRIPTLEAK</p></template>",
    ),
    "script-only page": "<html><head><script>" + "var SCRIPTLEAK = 'x';" * 2000 + "</script></head></html>",
    "huge attribute": "<html><body><div class='"
    + "x" * 3_000_000
    + "'>"
    + PARAGRAPH * 4
    + "</div></body></html>",
    "deep JSON-LD": "<html><head><script type='application/ld+json'>"
    + "[" * 100_000
    + "]" * 100_000
    + "</script></head><body>"
    + PARAGRAPH * 4
    + "</body></html>",
    "broken JSON-LD": '<html><head><script type=\'application/ld+json\'>{"@type": "NewsArticle", '
    "</script></head><body>" + PARAGRAPH * 4 + "</body></html>",
    "javascript URLs": article_html(
        head="<meta property='og:image' content='javascript:alert(1)'>"
        "<link rel='canonical' href='javascript:alert(1)'>",
        before="<figure><img src='javascript:alert(1)'><figcaption>SCRIPT caption</figcaption></figure>",
    ),
    "xml declaration": '<?xml version="1.0" encoding="utf-8"?><html><body>'
    + PARAGRAPH * 4
    + "</body></html>",
    "lone surrogate": "<html><body>" + PARAGRAPH * 4 + "<p>bad \ud800 char</p></body></html>",
    "many figures": article_html(
        before="<figure><img src='/a.jpg'><figcaption>c</figcaption></figure>" * 5000
    ),
    "too large": "<html><body>" + PARAGRAPH * 20_000 + "</body></html>",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_html_never_raises_nor_leaks_script(name):
    started = time.monotonic()
    extracted = extract_article(HOSTILE[name], url="https://hostile.example.test/page")
    assert time.monotonic() - started < 30
    if extracted is not None:
        text = all_text(extracted)
        for leak in ("SCRIPTLEAK", "STYLELEAK", "alert(", "javascript:", "<script"):
            assert leak not in text
        assert not extracted.image_url or extracted.image_url.startswith(("http://", "https://"))


def test_fixture_scripts_and_styles_never_leak(mainichi, nhk):
    for extracted in (mainichi, nhk):
        text = all_text(extracted)
        assert not any(leak in text for leak in LEAKS)


def test_any_input_type_returns_none_instead_of_raising():
    assert extract_article(None, url="https://example.test/") is None  # type: ignore[arg-type]
    assert extract_article(b"<p>bytes</p>", url="https://example.test/") is None  # type: ignore[arg-type]
    result = extract_article("<p>Short text.</p>", url="")  # no URL to resolve against
    assert result is None or result.word_count < 40
