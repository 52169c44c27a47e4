"""Plain text from untrusted HTML: kabar.core.text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kabar.core.text import clean_text, html_to_text, truncate

# A start or end tag, a comment, a doctype or a processing instruction.
TAG = re.compile(r"<(?:/?[a-zA-Z]|[!?])")


# clean_text


def test_clean_text_decodes_entities():
    assert clean_text("Tom &amp; Jerry &lt;3 &#8212; caf&eacute; &#x2019;") == "Tom & Jerry <3 — café ’"


def test_clean_text_collapses_spaces_and_tabs_and_strips():
    assert clean_text("  one \t  two\u00a0\u3000three  ") == "one two three"


def test_clean_text_keeps_single_newlines_and_one_blank_line_between_paragraphs():
    assert (
        clean_text("first line \n second line\n\n\n\n  next para  \n")
        == "first line\nsecond line\n\nnext para"
    )


def test_clean_text_normalises_line_endings():
    assert clean_text("a\r\nb\rc\u2028d\u2029e") == "a\nb\nc\nd\n\ne"


def test_clean_text_removes_control_characters_and_null_bytes():
    assert clean_text("a\x00b\x07c\x1bd\x7fe\x9ff") == "abcdef"


def test_clean_text_removes_invisible_and_bidi_override_characters():
    # U+202E would render "evil" reversed; zero-width spaces hide inside words.
    assert clean_text("ab\u200bc \u202eevil\u202c \ufeffx\u00ady") == "abc evil xy"


def test_clean_text_keeps_zero_width_joiner_for_emoji():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean_text(family) == family


def test_clean_text_removes_lone_surrogates_which_cannot_be_stored():
    assert clean_text("a\ud800b\udfffc") == "abc"
    clean_text("a\ud800b").encode("utf-8")  # would raise if a surrogate survived


def test_clean_text_normalises_to_nfc():
    assert clean_text("Cafe\u0301") == "Caf\u00e9"


def test_clean_text_of_nothing_is_empty():
    assert clean_text("") == ""
    assert clean_text(" \n\t\x00 ") == ""


def test_clean_text_keeps_japanese_text():
    assert clean_text("東京　都庁") == "東京 都庁"


# html_to_text


def test_html_to_text_strips_tags_and_keeps_text():
    assert html_to_text('<b>Bold</b> and <a href="/x">a link</a>') == "Bold and a link"


def test_html_to_text_separates_paragraphs_by_a_blank_line():
    html = "<p>First\n paragraph.</p><p>Second.</p><div>Third</div><h2>Heading</h2>Tail"
    assert html_to_text(html) == "First paragraph.\n\nSecond.\n\nThird\n\nHeading\n\nTail"


def test_html_to_text_br_is_a_line_break_and_two_are_a_paragraph():
    assert html_to_text("one<br>two<br/><br />three") == "one\ntwo\n\nthree"


def test_html_to_text_list_items_and_table_cells():
    assert html_to_text("<ul><li>one</li><li>two</li></ul>") == "one\n\ntwo"
    assert html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>") == "a b\n\nc"


def test_html_to_text_removes_generic_attributes_too():
    # Ammonia keeps lang/title on every tag by default; no attribute may leave a tag behind.
    html = '<p dir="ltr" lang="en" title="t">Tweet</p><span lang=ja>日本</span><br class=x>end'
    assert html_to_text(html) == "Tweet\n\n日本\nend"


def test_html_to_text_drops_script_and_style_content():
    html = "<script>alert('x')</script><style>p{color:red}</style><p>Text</p><SCRIPT SRC=x></SCRIPT>"
    assert html_to_text(html) == "Text"


def test_html_to_text_nested_and_broken_scripts_leave_no_markup():
    html = "<scr<script>ipt>alert(1)</scr</script>ipt><p onclick='x()'>ok</p><<script>script>bad()<</script>/script>"
    text = html_to_text(html)
    assert "<script" not in text.lower()
    assert not TAG.search(text)
    assert "ok" in text


def test_html_to_text_drops_comments():
    assert html_to_text("a<!-- hidden <script>x</script> -->b<!-- unterminated") == "ab"


def test_html_to_text_keeps_cdata_content_as_text():
    assert html_to_text("<![CDATA[<p>Inside</p>]]> after") == "Inside\n\nafter"


def test_html_to_text_decodes_entities_once_for_normal_html():
    assert html_to_text("<p>AT&amp;T &quot;yes&quot; 1 &lt; 2 &amp;amp;</p>") == 'AT&T "yes" 1 < 2 &amp;'


def test_html_to_text_drops_text_that_looks_like_a_tag():
    # The price of never letting markup through: "<rocks>" could be an escaped tag.
    assert html_to_text("<p>Rock &lt;rocks&gt; on</p>") == "Rock on"


def test_html_to_text_strips_markup_that_was_escaped_twice():
    # Feeds often escape HTML inside CDATA, so the first pass yields tags as text.
    escaped = "&lt;p&gt;One&lt;/p&gt;&lt;p&gt;Two &lt;img src=x onerror=alert(1)&gt;&lt;/p&gt;"
    assert html_to_text(escaped) == "One\n\nTwo"


def test_html_to_text_markup_escaped_many_times_still_leaves_no_tag():
    html = "&lt;p&gt;&amp;lt;b&amp;gt;&amp;amp;lt;i&amp;amp;gt;&amp;amp;amp;lt;script&amp;amp;amp;gt;x"
    text = html_to_text(html)
    assert not TAG.search(text)
    # Three levels are peeled, the tag left after them is dropped, the fourth stays inert text.
    assert text == "&lt;script&gt;x"


def test_html_to_text_escaped_script_never_comes_back_as_text():
    assert html_to_text("&lt;script&gt;alert(1)&lt;/script&gt;Title") == "Title"
    # Escaped three times it stays inert entity text, never a tag.
    assert "<script" not in html_to_text("&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;")


def test_html_to_text_keeps_a_lone_less_than_sign():
    assert html_to_text("a < b and 1 <3") == "a < b and 1 <3"


def test_html_to_text_null_bytes_and_controls():
    assert html_to_text("<p>a\x00b</p>\x01<p>c\x1f</p>") == "ab\n\nc"


def test_html_to_text_lone_surrogate_does_not_break_the_sanitiser():
    assert html_to_text("<p>a\ud800b</p>") == "ab"


def test_html_to_text_plain_text_passes_through():
    assert html_to_text("Typhoon nears Okinawa") == "Typhoon nears Okinawa"
    assert html_to_text("") == ""


def test_html_to_text_drops_iframes_svg_and_templates():
    html = "<iframe src=x>fallback</iframe><svg><title>t</title></svg><template><p>x</p></template>ok"
    assert html_to_text(html) == "ok"


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(st.text())
def test_html_to_text_never_leaves_a_tag(fragment):
    text = html_to_text(fragment)
    assert not TAG.search(text)
    assert "\x00" not in text
    text.encode("utf-8")


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("<>/!-[]&;#x\"'= ascriptonload\x00\n"))))
def test_html_to_text_on_markup_soup(fragment):
    text = html_to_text(fragment)
    assert not TAG.search(text)
    assert "<script" not in text.lower()


# truncate


def test_truncate_leaves_short_text_alone():
    assert truncate("short", 10) == "short"
    assert truncate("exactly10!", 10) == "exactly10!"


def test_truncate_cuts_at_a_word_boundary_with_an_ellipsis():
    assert truncate("The quick brown fox jumps over the lazy dog", 20) == "The quick brown fox…"


def test_truncate_cuts_a_single_long_word():
    assert truncate("x" * 50, 10) == "x" * 9 + "…"


@pytest.mark.parametrize("limit", [1, 2, 5, 17, 100])
def test_truncate_never_exceeds_the_limit(limit):
    assert len(truncate("word " * 100, limit)) <= limit
