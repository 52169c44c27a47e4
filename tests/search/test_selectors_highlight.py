"""Highlighted titles and snippets (issue 4 §4, §5): matched words in <mark>, everything else
escaped, about 30 words around the best match."""

from __future__ import annotations

import re

from django.utils.safestring import SafeString

from kabar.search.highlight import Highlighter
from kabar.search.query import parse


def marked(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def test_title_marks_stemmed_matches_and_escapes_the_rest():
    html = Highlighter(parse("minister")).title('Ministers & "the <Minister>" met')
    assert isinstance(html, SafeString)
    assert html == "<mark>Ministers</mark> &amp; &quot;the &lt;<mark>Minister</mark>&gt;&quot; met"


def test_only_our_mark_tags_are_raw():
    hostile = '<script>alert("x")</script> <mark>fake</mark> <img src=x onerror=alert(1)> sakura'
    for html in (Highlighter(parse("sakura")).title(hostile), Highlighter(parse("sakura")).snippet(hostile)):
        assert re.sub(r"</?mark>", "", html).count("<") == 0
        assert marked(html) == ["sakura"]
        assert "&lt;mark&gt;fake&lt;/mark&gt;" in html


def test_phrases_are_marked_only_where_their_words_stand_together():
    h = Highlighter(parse('"prime minister"'))
    html = h.title("Prime minister meets the minister of prime importance")
    assert marked(html) == ["Prime minister"]


def test_terms_in_title_only_are_not_marked_in_the_body():
    h = Highlighter(parse("intitle:sakura bloom"))
    assert marked(h.title("Sakura bloom early")) == ["Sakura bloom"]
    assert marked(h.snippet("The sakura bloom came early.")) == ["bloom"]


def test_exclusions_are_not_marked():
    h = Highlighter(parse("typhoon -okinawa"))
    assert marked(h.title("Typhoon nears Okinawa")) == ["Typhoon"]


def test_snippet_is_about_thirty_words_around_the_best_match():
    words = [f"w{n}" for n in range(200)]
    words[120] = "sakura"
    words[125] = "festival"
    words[30] = "sakura"
    html = Highlighter(parse("sakura festival")).snippet(" ".join(words))
    # The window holding both words wins over the one holding one; a few words lead in.
    assert html.startswith("… w114 w115")
    assert html.endswith("w143 …")
    assert marked(html) == ["sakura", "festival"]
    assert len(re.sub(r"</?mark>", "", html).split()) == 30 + 2


def test_snippet_without_a_match_is_the_start_of_the_text():
    body = "First paragraph here.\n\nSecond   paragraph\tthere. " + "more " * 100
    html = Highlighter(parse("-typhoon")).snippet(body)
    assert html.startswith("First paragraph here. Second paragraph there. more")
    assert html.endswith("more …")
    assert Highlighter(parse("absent")).snippet("Short body.") == "Short body."
    assert Highlighter(parse("absent")).snippet("") == ""


def test_non_ascii_text_is_matched_like_the_index_matches_it():
    h = Highlighter(parse("tokyo cafe"))
    html = h.snippet("Tōkyō’s naïve café — “東京” visitors")
    assert marked(html) == ["Tōkyō", "café"]
    assert "東京" in html


def test_neighbouring_marks_share_one_tag():
    h = Highlighter(parse("bank japan"))
    assert (
        h.title("Bank Japan, bank of Japan")
        == "<mark>Bank Japan</mark>, <mark>bank</mark> of <mark>Japan</mark>"
    )
