"""Datelines, wire origins, captions and credit lines, and the marks of an event."""

from __future__ import annotations

import pytest

from kabar.stories import text as t


@pytest.mark.parametrize(
    ("body", "origin", "first"),
    [
        ("TOKYO (Kyodo) -- The Diet enacted a law.", "Kyodo", "The Diet enacted a law."),
        ("TOKYO (Kyodo) - The Diet enacted a law.", "Kyodo", "The Diet enacted a law."),
        ("TOKYO, April 9 (Kyodo) - The Diet enacted a law.", "Kyodo", "The Diet enacted a law."),
        ("Tokyo, April 9 (Jiji Press)--The Diet enacted a law.", "Jiji Press", "The Diet enacted a law."),
        ("OSAKA, Japan (AP) \u2014 A fire broke out.", "AP", "A fire broke out."),
        ("NEW YORK (Reuters) - Stocks rose.", "Reuters", "Stocks rose."),
        ("SEOUL, April 9 (Yonhap) -- North Korea fired.", "Yonhap", "North Korea fired."),
        ("TOKYO (AFP) \u2013 Rain fell.", "AFP", "Rain fell."),
        ("TOKYO -- A man was arrested.", "", "A man was arrested."),
        ("TOKYO \u2014 A man was arrested.", "", "A man was arrested."),
    ],
)
def test_datelines_give_the_origin_and_are_removed(body, origin, first):
    found, paragraphs = t.clean_body(body)
    assert (found, paragraphs[0]) == (origin, first)
    assert t.origin_of(body=body) == origin


@pytest.mark.parametrize(
    "body",
    [
        "TEPCO-led group said it would pay.",  # a hyphenated word, not a dateline
        "Prime Minister - the title - changed hands.",  # not all capitals and no agency
        "US - Japan talks resumed.",  # too short to be a place
        "Tokyo (a city) -- is big.",  # a bracket that is no agency, after a place not in capitals
        "The (Kyodo) report -- was wrong.",  # not at the start of a dateline
    ],
)
def test_text_that_only_looks_like_a_dateline_is_kept(body):
    origin, paragraphs = t.clean_body(body)
    assert origin == ""
    assert paragraphs == [body]


def test_credit_line_byline_and_author_give_the_origin():
    assert t.origin_of(body="A quake hit.\n\n\u00a9 KYODO") == "Kyodo"
    assert t.origin_of(body="A quake hit.\n\n(c) 2025 AFP") == "AFP"
    assert t.origin_of(body="A quake hit.\n\n-- Kyodo") == "Kyodo"
    assert t.origin_of(body="By KYODO NEWS\n\nA quake hit.") == "Kyodo"
    assert t.origin_of(body="A quake hit.", author="Jiji Press") == "Jiji Press"
    assert t.origin_of(body="A quake hit.", author="Taro Yamada") == ""
    # The dateline wins over the byline.
    assert t.origin_of(body="TOKYO (Jiji Press)--A quake hit.", author="Kyodo") == "Jiji Press"


def test_captions_and_credits_are_not_part_of_the_text():
    body = (
        "[Photo] Rescue workers at the scene on April 9. (Kyodo)\n\n"
        "TOKYO (Kyodo) -- A quake hit.\n\nIt was strong.\n\nPhoto shows the damaged road.\n\n\u00a9 KYODO"
    )
    assert t.clean_body(body) == ("Kyodo", ["A quake hit.", "It was strong."])
    long_caption = "Photo shows " + "many words " * 30
    assert t.clean_body(long_caption)[1] == [long_caption.strip()]  # too long for a caption


def test_prepare_unifies_what_copies_spell_differently():
    def same(a: str, b: str) -> bool:
        return t.tokens(t.prepare(a)) == t.tokens(t.prepare(b))

    assert same("up 3.5%, to 21,200", "up 3.5 percent, to 21200")
    assert same("\u201cWe\u2019ll see\u201d", '"We\'ll see"')
    assert same("TOKYO", "Tokyo")
    assert same("T\u014dhoku", "Tohoku")  # a macron or not
    assert t.tokens(t.prepare("The Nikkei rose 1.5%")) == [b"the", b"nikkei", b"rose", b"1", b"5", b"percent"]


def test_marks_are_numbers_names_and_dates_but_not_weekdays_or_conversions():
    prepared = t.prepare(
        "Officials said on Monday that 21,200 people in Ishikawa, including NHK staff, left. "
        "Asked about it on April 9, Governor Hiroshi Hase said costs hit 1.5 billion yen (about $10 million)."
    )
    numbers, names = t.marks(prepared)
    assert numbers == {"21200", "1.5"}
    # Not "Officials" or "Asked" (sentence starts), nor "Monday"; the date is one mark.
    assert names == {"Ishikawa", "NHK", "Governor", "Hiroshi", "Hase", "April-9"}


def test_possessives_are_the_name():
    assert t.marks(t.prepare("a statement by Kishida's office"))[1] == {"Kishida"}
    assert t.marks(t.prepare("a statement by Kishida in Tokyo"))[1] == {"Kishida"}


def test_title_words_skip_short_words_but_keep_numbers():
    assert t.title_words("M6.5 quake jolts Ibaraki, no tsunami") == {
        "5",
        "quake",
        "jolts",
        "ibaraki",
        "tsunami",
    }
    assert "3" in t.title_words("Typhoon No. 3 nears Okinawa")
