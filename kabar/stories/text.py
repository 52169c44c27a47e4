"""Pure text work for clustering (no Django): datelines, wire origin, normalised tokens, marks.

A wire story reprinted by an outlet keeps its body but changes the packaging: the headline, the
dateline format ("TOKYO (Kyodo) --" or "TOKYO, April 9 (Kyodo) -"), a credit line at the end
("(c) KYODO"), "percent" spelt "%", curly quotes. All of that is removed or unified here so that
the shingles of two copies agree.
"""

from __future__ import annotations

import re
import unicodedata

# Lower-case spellings seen in datelines and credit lines -> the name we show.
AGENCIES = {
    "kyodo": "Kyodo",
    "kyodo news": "Kyodo",
    "jiji": "Jiji Press",
    "jiji press": "Jiji Press",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "reuters": "Reuters",
    "afp": "AFP",
    "afp-jiji": "AFP",
    "agence france-presse": "AFP",
    "bloomberg": "Bloomberg",
    "xinhua": "Xinhua",
    "yonhap": "Yonhap",
    "dpa": "dpa",
    "efe": "EFE",
    "cna": "CNA",
    "upi": "UPI",
    "tass": "TASS",
    "kcna": "KCNA",
    "antara": "Antara",
    "bernama": "Bernama",
    "pti": "PTI",
}

_DASH = r"(?:--|-|\u2013|\u2014|\u2015)"
# After a dateline: "--" or a long dash, or a hyphen with a space after it ("TEPCO-led" is a word).
_DATELINE_DASH = r"(?:(?:--|\u2013|\u2014|\u2015)\s*|-\s+)"
# "TOKYO (Kyodo) --", "TOKYO, April 9 (Kyodo) -", "OSAKA, Japan (AP) \u2014", "Tokyo, April 9 (Jiji Press)--",
# and, without an agency, an all-capitals place: "TOKYO -- ".
_DATELINE = re.compile(
    r"""^\s*
    (?P<place>[A-Z][A-Za-z.'\u2019 -]{1,40}?)
    (?:,\s*[A-Za-z0-9.' ]{1,30}?){0,2}
    \s*(?:\(\s*(?P<agency>[A-Za-z][A-Za-z.&' -]{0,30}?)\s*\))?
    \s*"""
    + _DATELINE_DASH,
    re.X,
)
# A last paragraph that is only a credit: "(c) KYODO", "\u00a9 2025 AFP", "-- Kyodo", "(Kyodo)".
_CREDIT = re.compile(
    r"^\s*(?:\u00a9|\(c\)|" + _DASH + r")?\s*(?:\d{4}\s+)?\(?(?P<agency>[A-Za-z][A-Za-z.&' -]{0,30}?)\)?\s*$",
    re.I,
)
_NOT_ALNUM = bytes(
    b if chr(b).isascii() and chr(b).isalnum() and not chr(b).isupper() else 32 for b in range(256)
)
# Patterns start with a character (lookbehinds come after it) so that the regex engine can skip
# ahead to candidates: several times faster on a whole article.
_THOUSANDS = re.compile(r",(?<=\d,)(?=\d{3}(?!\d))")
# "(about $9.5 million)": a conversion an outlet adds to a yen figure ("\u20ac" and "\u00a3" become "$").
_CONVERSION = re.compile(r"\([^()]{0,20}\$[^()]{0,30}\)")
# A number not inside another or after a hyphen (a date made "March-9" below is no number).
_NUMBER = re.compile(r"\d(?<![-\d]\d)\d*(?:[.:]\d+)*")
# A capitalised word inside a sentence (after a word, number, comma or bracket and a space) is taken
# for a name; the first word of a sentence is not, so cutting a paragraph does not change the names.
_NAME = re.compile(r"[A-Z](?<=[A-Za-z0-9,;)]\s[A-Z])[A-Za-z]*(?:-[A-Za-z0-9]+|'(?!s\b)[A-Za-z]+)*")
# Capitalised words that say nothing about which event a story is about.
_NOT_NAMES = frozenset(
    """The A An In On At As By For From Of To With And But Or If It Its He She They We I You His Her
    Their Our This That These Those There Here When Where While After Before During Since Until Under
    Over About According Also However Meanwhile Some Many Most More Other Such Both Each Every All
    One Two Three Four Five Six Seven Eight Nine Ten Mr Ms Mrs Dr Prime Minister Ministry Minister
    Government Japan Japanese Tokyo Photo File""".split()
)
# Outlets write "on Monday" or "on April 9" for the same day: a weekday is no mark of the event,
# and a date is one mark (a name, so that one added date is tolerated like one added name).
_WEEKDAYS = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
_MONTHS = "January February March April May June July August September October November December"
_DATE = re.compile(r"(" + _MONTHS.replace(" ", "|") + r") (\d{1,2})(?!\d)")
# A paragraph that is a photo caption or credit, which outlets add or drop at will.
_CAPTION = re.compile(r"^\s*(?:\[photo\]|\(photo|photo (?:shows|taken|courtesy)|file photo|\[kyodo\])", re.I)
CAPTION_MAX_WORDS = 40
MAX_CHARS = 20_000  # about 3,500 words, four times a long news article
_BYLINE = re.compile(r"^\s*by\s+(?P<agency>[A-Za-z][A-Za-z.&' -]{0,30}?)\s*$", re.I)
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u20ac": "$", "\u00a3": "$"}
)


def agency_name(text: str) -> str:
    """The shown name of a news agency spelt ``text`` in a dateline or credit, or ""."""
    return AGENCIES.get(" ".join(text.lower().replace("\u2019", "'").split()), "")


def split_dateline(paragraph: str) -> tuple[str, str]:
    """(agency as written or "", the paragraph without its dateline)."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return "", paragraph
    agency = match.group("agency") or ""
    place = match.group("place")
    # Without an agency, only an all-capitals place is a dateline ("TOKYO --"); "Prime Minister -"
    # at the start of a sentence is not.
    if not agency and not (place.isupper() and len(place.strip()) >= 3):
        return "", paragraph
    if agency and not agency_name(agency) and not place.isupper():
        return "", paragraph
    return agency, paragraph[match.end() :]


def clean_body(body: str) -> tuple[str, list[str]]:
    """(wire origin or "", the paragraphs without dateline, byline, photo captions and credit lines)."""
    paragraphs = [p.strip() for p in body.translate(_QUOTES).split("\n\n") if p.strip()]
    paragraphs = [p for p in paragraphs if not _is_caption(p)]
    origin = ""
    if paragraphs:
        byline = _BYLINE.match(paragraphs[0])
        if byline and agency_name(byline.group("agency")):
            origin = agency_name(byline.group("agency"))
            paragraphs.pop(0)
    if paragraphs:
        agency, first = split_dateline(paragraphs[0])
        origin = (agency_name(agency) if agency else "") or origin
        paragraphs[0] = first
    while paragraphs and len(paragraphs[-1]) <= 40:
        match = _CREDIT.match(paragraphs[-1])
        name = agency_name(match.group("agency")) if match else ""
        if not name:
            break
        origin = origin or name
        paragraphs.pop()
    return origin, [p for p in paragraphs if p]


def _is_caption(paragraph: str) -> bool:
    return bool(_CAPTION.match(paragraph)) and len(paragraph.split()) <= CAPTION_MAX_WORDS


def origin_of(*, body: str, author: str = "") -> str:
    """The wire agency a story comes from, by its dateline, a closing credit or the byline."""
    origin, _ = clean_body(body)
    return origin or agency_name(author)


def prepare(text: str) -> str:
    """ASCII text with straight quotes, "3%" as "3 percent" and "21,200" as "21200".
    Only the first MAX_CHARS count, which bounds the cost of a very long text."""
    text = text[:MAX_CHARS].translate(_QUOTES).replace("%", " percent ")
    if not text.isascii():
        # "T\u014dhoku" and "Tohoku" are one word; characters with no ASCII form are dropped.
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _THOUSANDS.sub("", text)


def tokens(prepared: str) -> list[bytes]:
    """Lower-case runs of letters and digits of a prepare()d text, as bytes (they are hashed as
    bytes); "1.5" is two tokens, which is as good for shingles and much faster than a regex."""
    return prepared.lower().encode().translate(_NOT_ALNUM).split()


def marks(prepared: str) -> tuple[frozenset[str], frozenset[str]]:
    """The numbers and proper names (and dates) in a prepare()d text, without weekdays and
    currency conversions."""
    marked = _WEEKDAYS.sub(" ", prepared)
    if "$" in marked:
        marked = _CONVERSION.sub(" ", marked)
    marked = _DATE.sub(r"\1-\2", marked)
    names = frozenset(w for w in _NAME.findall(marked) if len(w) > 1 and w not in _NOT_NAMES)
    return frozenset(_NUMBER.findall(marked)), names


def title_words(title: str) -> frozenset[str]:
    return frozenset(w.decode() for w in tokens(prepare(title)) if len(w) > 2 or w[:1].isdigit())
