"""Bytes of a fetched page → text, with the right character encoding.

Servers and documents often disagree (an Apache default of ISO-8859-1 in front of a UTF-8 page,
a UTF-8 header in front of an old Shift_JIS page). Browsers trust the header; we want the text that
the author wrote, so the rule is evidence-based:

1. A byte-order mark wins (as in the WHATWG "decode" algorithm).
2. Bytes that are valid UTF-8 and not plain ASCII are UTF-8: text in a legacy encoding is almost
   never valid UTF-8 by accident, whatever the labels say.
3. Otherwise the declared charsets (HTTP header, then <meta> / XML declaration) are tried strictly.
   One that decodes without error is used; when several do, a multi-byte Japanese/CJK encoding that
   decodes cleanly beats a single-byte one (single-byte encodings decode any bytes at all), and
   charset_normalizer breaks a remaining tie.
4. When nothing declared decodes cleanly: a declared charset (or UTF-8) with only a few bad bytes is
   used with replacement characters; else charset_normalizer guesses among the encodings our
   sources use (Shift_JIS, EUC-JP, windows-1252); else windows-1252 with replacements.

Labels are mapped the way browsers map them (https://encoding.spec.whatwg.org/#names-and-labels):
ISO-8859-1 and ASCII mean windows-1252, Shift_JIS means windows-31J (cp932), and so on.
"""

from __future__ import annotations

import codecs
import re

try:  # in requirements.lock (through requests); only the last resort needs it
    import charset_normalizer
except ImportError:  # pragma: no cover
    charset_normalizer = None

# Labels whose browser meaning differs from Python's codec of the same name.
_WHATWG_LABELS = {
    **dict.fromkeys(
        "ascii us-ascii ansi_x3.4-1968 iso-8859-1 iso8859-1 iso_8859-1 iso88591 latin1 latin-1 l1 "
        "cp819 ibm819 csisolatin1 iso-ir-100 windows-1252 x-cp1252 cp1252".split(),
        "cp1252",
    ),
    **dict.fromkeys(
        "shift_jis shift-jis sjis x-sjis ms_kanji ms932 csshiftjis windows-31j cp932".split(), "cp932"
    ),
    **dict.fromkeys("euc-jp euc_jp eucjp x-euc-jp cseucpkdfmtjapanese".split(), "euc_jp"),
    **dict.fromkeys("iso-2022-jp iso2022jp csiso2022jp".split(), "iso2022_jp"),
    **dict.fromkeys("gb2312 gbk x-gbk gb_2312-80 chinese csgb2312 gb18030".split(), "gb18030"),
    **dict.fromkeys("euc-kr ks_c_5601-1987 korean windows-949 cseuckr".split(), "cp949"),
    **dict.fromkeys("big5 big5-hkscs cn-big5 x-x-big5 csbig5".split(), "big5hkscs"),
    **dict.fromkeys("iso-8859-9 latin5 windows-1254".split(), "cp1254"),
    **dict.fromkeys("tis-620 iso-8859-11 windows-874".split(), "cp874"),
}
_MULTIBYTE = frozenset({"cp932", "euc_jp", "iso2022_jp", "gb18030", "cp949", "big5hkscs", "utf-8"})
# Encodings that are never a page's charset: byte transforms, escapes, and UTF-7/16/32 without a
# BOM (WHATWG ignores a UTF-16 <meta>; a BOM is handled before labels are looked at).
_REFUSED = frozenset(
    {"utf-7", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "idna", "punycode"}
)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Japanese sources first: unlabelled legacy pages here are Shift_JIS or EUC-JP, or Western.
_GUESSES = ["cp932", "euc_jp", "cp1252"]
_TOLERATED_ERRORS = 0.02  # share of non-ASCII bytes that may be undecodable in step 4

_HEADER_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:\-]+)["']""")
_PRESCAN_BYTES = 4096
_ASCII = bytes(range(128))


def codec_for(label: str) -> str | None:
    """Python codec name for a charset label, or None for unknown or unusable labels."""
    name = label.strip().strip("\"'").lower()
    if name in _WHATWG_LABELS:
        return _WHATWG_LABELS[name]
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    # Codecs such as base64 or rot13 are registered too but do not turn bytes into text.
    if not getattr(info, "_is_text_encoding", True):
        return None
    canonical = info.name.replace("_", "-")
    if canonical in _REFUSED or canonical.endswith(("escape", "undefined")):
        return None
    return "utf-8" if canonical == "utf-8" else info.name


def header_charset(headers: dict[str, str]) -> str | None:
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    match = _HEADER_CHARSET.search(content_type.encode("latin-1", errors="replace"))
    return codec_for(match.group(1).decode("ascii")) if match else None


def document_charset(content: bytes) -> str | None:
    """The charset a document declares in its first bytes: XML declaration or <meta>."""
    head = content[:_PRESCAN_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return codec_for(match.group(1).decode("ascii")) if match else None


def _decodes(content: bytes, codec: str) -> bool:
    try:
        content.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _normalizer_pick(content: bytes, codecs_: list[str]) -> str | None:
    if charset_normalizer is None:
        return None
    best = charset_normalizer.from_bytes(content, cp_isolation=codecs_).best()
    return codec_for(best.encoding) if best is not None else None


def _error_ratio(content: bytes, codec: str, non_ascii: int) -> float:
    text = content.decode(codec, errors="replace")
    return text.count("\ufffd") / max(non_ascii, 1)


def detect_charset(content: bytes, headers: dict[str, str]) -> str:
    """The Python codec decode_html uses for content (see the module docstring for the rule)."""
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return codec
    if content.isascii():
        declared = header_charset(headers) or document_charset(content)
        # 7-bit encodings (ISO-2022-JP) look like ASCII; others decode ASCII identically.
        return declared if declared == "iso2022_jp" else "ascii"
    if _decodes(content, "utf-8"):
        return "utf-8"
    declared = [c for c in dict.fromkeys([header_charset(headers), document_charset(content)]) if c]
    clean = [c for c in declared if c != "utf-8" and _decodes(content, c)]
    multibyte = [c for c in clean if c in _MULTIBYTE]
    clean = multibyte or clean
    if len(clean) == 1:
        return clean[0]
    if clean:
        return _normalizer_pick(content, clean) or clean[0]
    non_ascii = len(content) - len(content.translate(None, _ASCII))
    tolerable = [
        (ratio, c)
        for c in dict.fromkeys([*declared, "utf-8"])
        if (ratio := _error_ratio(content, c, non_ascii)) <= _TOLERATED_ERRORS
    ]
    if tolerable:
        return min(tolerable, key=lambda pair: pair[0])[1]
    return _normalizer_pick(content, _GUESSES) or "cp1252"


def decode_html(content: bytes, headers: dict[str, str]) -> str:
    """Text of an HTML (or XML) document fetched with these response headers. Never raises."""
    codec = detect_charset(content, headers)
    return content.decode(codec, errors="replace")
