"""decode_html: the right text for Japanese and Western encodings, labelled right, wrong or not at all."""

from __future__ import annotations

import codecs

import pytest

from kabar.sources.charset import codec_for, decode_html, detect_charset, document_charset, header_charset

# Our own sample text: a short Japanese news paragraph with kana, kanji and full-width punctuation.
JA = (
    "東京都心で桜が満開になりました。気象庁によりますと、平年より五日早く、"
    "上野公園では大勢の花見客でにぎわっています。「きれいですね」と話していました。"
)
WESTERN = "Café “Kissa” in Shinjuku — déjà vu, naïve, ½ price, €5"


def page(body: str, meta: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    return f"<!doctype html><html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


def ct(charset: str | None) -> dict[str, str]:
    return {"Content-Type": f"text/html; charset={charset}" if charset else "text/html"}


@pytest.mark.parametrize("label", ["Shift_JIS", "shift-jis", "sjis", "windows-31j", "x-sjis"])
def test_shift_jis_from_header(label):
    text = page(JA)
    assert decode_html(text.encode("cp932"), ct(label)) == text


def test_shift_jis_from_meta_http_equiv():
    text = page(JA).replace(
        "<title>", '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><title>'
    )
    assert decode_html(text.encode("shift_jis"), ct(None)) == text


def test_shift_jis_windows_extensions():
    # ① and ㈱ exist only in Microsoft's Shift_JIS (cp932), which is what "Shift_JIS" means on the web.
    text = page("①番 ㈱東京")
    assert decode_html(text.encode("cp932"), ct("shift_jis")) == text


@pytest.mark.parametrize("where", ["header", "meta"])
def test_euc_jp(where):
    text = page(JA, meta="EUC-JP" if where == "meta" else None)
    headers = ct("EUC-JP" if where == "header" else None)
    assert decode_html(text.encode("euc_jp"), headers) == text


def test_iso_2022_jp_is_seven_bit():
    text = page(JA, meta="iso-2022-jp")
    data = text.encode("iso2022_jp")
    assert data.isascii()
    assert decode_html(data, ct(None)) == text


def test_iso_8859_1_is_read_as_windows_1252():
    text = page(WESTERN)
    data = text.encode("cp1252")
    assert b"\x93" in data  # the curly quote, a C1 control in real ISO-8859-1
    assert decode_html(data, ct("ISO-8859-1")) == text
    assert decode_html(data, ct("latin1")) == text


@pytest.mark.parametrize("label", ["utf-8", "UTF8", None])
def test_utf8_without_bom(label):
    text = page(JA + WESTERN)
    assert decode_html(text.encode("utf-8"), ct(label)) == text


def test_utf8_with_bom():
    text = page(JA)
    decoded = decode_html(codecs.BOM_UTF8 + text.encode("utf-8"), ct(None))
    assert decoded == text  # the BOM itself is not part of the text


def test_bom_wins_over_header_and_meta():
    text = page(JA, meta="euc-jp")
    assert decode_html(codecs.BOM_UTF8 + text.encode("utf-8"), ct("Shift_JIS")) == text


@pytest.mark.parametrize("bom_codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(bom_codec):
    text = page(JA)
    bom = codecs.BOM_UTF16_LE if bom_codec.endswith("le") else codecs.BOM_UTF16_BE
    assert decode_html(bom + text.encode(bom_codec), ct("utf-8")) == text


def test_conflict_header_latin1_document_utf8():
    # The classic: a server default of ISO-8859-1 in front of a UTF-8 page.
    text = page(JA + WESTERN, meta="utf-8")
    assert decode_html(text.encode("utf-8"), ct("iso-8859-1")) == text


def test_conflict_header_utf8_document_shift_jis():
    text = page(JA, meta="Shift_JIS")
    assert decode_html(text.encode("cp932"), ct("utf-8")) == text


def test_conflict_header_latin1_document_shift_jis():
    # windows-1252 decodes almost any bytes, so a clean multi-byte decode is the better evidence.
    text = page(JA, meta="shift_jis")
    data = text.encode("cp932")
    assert decode_html(data, ct("iso-8859-1")) == text


def test_conflict_header_shift_jis_document_euc_jp():
    text = page(JA, meta="euc-jp")
    assert decode_html(text.encode("euc_jp"), ct("shift_jis")) == text


def test_conflict_header_euc_jp_document_shift_jis():
    text = page(JA, meta="shift_jis")
    assert decode_html(text.encode("cp932"), ct("euc-jp")) == text


def test_wrong_label_everywhere_utf8_bytes():
    text = page(JA, meta="euc-jp")
    assert decode_html(text.encode("utf-8"), ct("shift_jis")) == text


@pytest.mark.parametrize("codec", ["cp932", "euc_jp"])
def test_unlabelled_japanese_is_detected(codec):
    text = page(JA)
    assert decode_html(text.encode(codec), ct(None)) == text


def test_unlabelled_western_is_detected():
    text = page(WESTERN * 3)
    assert decode_html(text.encode("cp1252"), ct(None)) == text


def test_a_few_broken_bytes_in_utf8_are_replaced_not_misread():
    good = page(JA * 3).encode("utf-8")
    broken = good.replace("桜".encode(), b"\xe6\xa1", 1)  # one character cut short
    decoded = decode_html(broken, ct("utf-8"))
    assert decoded.count("\ufffd") == 1
    assert "上野公園" in decoded


def test_unknown_and_dangerous_labels_are_ignored():
    text = page(JA)
    for label in ("x-no-such-charset", "base64", "rot13", "utf-7", "unicode_escape", "undefined"):
        assert decode_html(text.encode("utf-8"), ct(label)) == text, label
        assert codec_for(label) is None, label


def test_ascii_only_documents():
    text = page("Plain English news.")
    assert decode_html(text.encode("ascii"), ct("shift_jis")) == text
    assert decode_html(text.encode("ascii"), {}) == text


def test_never_raises_on_garbage():
    for data in (b"", b"\xff\xfe\xfd" * 100, bytes(range(256)) * 10, b"\x81" * 33):
        for headers in ({}, ct("shift_jis"), ct("utf-8"), ct("utf-16")):
            assert isinstance(decode_html(data, headers), str)


def test_label_helpers():
    assert codec_for("ISO-8859-1") == "cp1252"
    assert codec_for("US-ASCII") == "cp1252"
    assert codec_for("Shift_JIS") == "cp932"
    assert codec_for("EUC-JP") == "euc_jp"
    assert codec_for("gb2312") == "gb18030"
    assert codec_for("utf8") == "utf-8"
    assert codec_for('"UTF-8"') == "utf-8"
    assert codec_for("koi8-r") == "koi8-r"
    assert header_charset({"content-type": 'text/html; charset="Shift_JIS"'}) == "cp932"
    assert header_charset({"Content-Type": "text/html"}) is None
    assert header_charset({}) is None
    assert document_charset(b'<?xml version="1.0" encoding="EUC-JP"?><rss/>') == "euc_jp"
    assert document_charset(b"<html><head><META CHARSET=shift_jis>") == "cp932"
    assert document_charset(b"<html><body>no declaration</body></html>") is None
    assert detect_charset("東京".encode("cp932") * 20, ct("shift_jis")) == "cp932"
