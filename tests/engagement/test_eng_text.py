"""Comment text to HTML: escaped text, kept line breaks, and links for web addresses only."""

from __future__ import annotations

import pytest

from kabar.engagement.text import comment_html

REL = 'rel="nofollow ugc noopener"'


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("plain", "plain"),
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ("\"kutip\" 'tunggal'", "&quot;kutip&quot; &#x27;tunggal&#x27;"),
        ("baris satu\nbaris dua", "baris satu<br>\nbaris dua"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        (
            "lihat https://nhk.or.jp/a?b=1&c=2.",
            f'lihat <a href="https://nhk.or.jp/a?b=1&amp;c=2" {REL}>https://nhk.or.jp/a?b=1&amp;c=2</a>.',
        ),
        ("(https://x.jp/a)", f'(<a href="https://x.jp/a" {REL}>https://x.jp/a</a>)'),
        (
            "https://en.wikipedia.org/wiki/Kyushu_(island)!",
            f'<a href="https://en.wikipedia.org/wiki/Kyushu_(island)" {REL}>https://en.wikipedia.org/wiki/Kyushu_(island)</a>!',
        ),
        ("www.mainichi.jp, ya", f'<a href="https://www.mainichi.jp" {REL}>www.mainichi.jp</a>, ya'),
        ("HTTP://NHK.OR.JP", f'<a href="HTTP://NHK.OR.JP" {REL}>HTTP://NHK.OR.JP</a>'),
        (
            'https://x.jp/"onmouseover=alert(1)',
            f'<a href="https://x.jp/" {REL}>https://x.jp/</a>&quot;onmouseover=alert(1)',
        ),
        ("https://x.jp/<b>", f'<a href="https://x.jp/" {REL}>https://x.jp/</a>&lt;b&gt;'),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("data:text/html,<b>x</b>", "data:text/html,&lt;b&gt;x&lt;/b&gt;"),
        ("ftp://x.jp/file", "ftp://x.jp/file"),
        ("https:// and www. alone", "https:// and www. alone"),
        ("xhttps://x.jp", "xhttps://x.jp"),
    ],
)
def test_comment_html(text, html):
    assert str(comment_html(text)) == html
