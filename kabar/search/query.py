"""The search query language: reader text -> a small AST. Pure (no Django, no Tantivy) and total:
every string parses and nothing here raises, so the engine never sees reader text as query syntax.

Grammar, applied to at most MAX_INPUT_CHARS characters of input:

    tokyo nato               every word must match (implicit AND)
    "prime minister"         a phrase; an unbalanced quote is closed at the end of the input
    -china  -"north korea"   exclusions (leading dashes collapse: --china = -china; a lone - is ignored)
    ishiba OR kishida        either; OR binds tighter than AND: a b OR c = a AND (b OR c)
    source:mainichi          a source filter; several mean any of them (source:a,b is the same as two)
    group:media-jepang       a media-group filter, same rules as source:
    intitle:sakura           in the title; also intitle:"cherry blossom" and -intitle:word

Decisions where the issue left a choice:
- Only an uppercase OR standing between two positive words or phrases is an operator. Any other OR
  (at an edge, next to an exclusion or a filter, doubled) is the word "or", a stopword, so it is
  dropped and reported in ignored_terms like any other stopword.
- Operator names are case-insensitive. An unknown operator (foo:bar) is a plain word, and so is a
  source:/group: value that is not a slug (and -source:x, since filters cannot be negated). A plain
  word goes through tokenize(); when it yields several words (foo:bar, e-mail, U.S.) they become a
  Phrase, which is exactly how the same text is split in an article.
- A stopword on its own (the, -the, "the", intitle:the) is dropped and reported. Inside a phrase of
  two or more words stopwords are kept. So no Term is ever a stopword.
- Quotes may be ASCII or typographic (“ ” „), since phone keyboards turn one into the other.
- Control characters separate words. Duplicate clauses, sources and groups are dropped.
- At most MAX_CLAUSES words/phrases (an Or counts one per item) and MAX_FILTERS sources and groups
  each are kept, in the order written; anything cut sets Query.truncated.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

MAX_INPUT_CHARS = 500
MAX_CLAUSES = 20
MAX_FILTERS = 20
TITLE = "title"

# Function words only. Words that carry meaning in news are left out on purpose even though many
# stopword lists have them: "us" (U.S.), "who" (WHO), "it" (IT), "may" (the month), "no"/"not",
# "can", "will". Dropping a word wrongly changes the results; keeping a common word only costs speed.
STOPWORDS: frozenset[str] = frozenset(
    """a about an and are as at be been being but by did do does for from had has have he her hers him
    his i if in into is its me my of on or our she so such than that the their theirs them then there
    these they this those to was we were what when where which while whom with would you your""".split()
)

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_QUOTES = '"“”„'
_TOKEN = re.compile(
    r"(?P<neg>-*)(?:(?P<op>intitle|source|group):)?"
    rf"(?:[{_QUOTES}](?P<quoted>[^{_QUOTES}]*)[{_QUOTES}]?|(?P<bare>[^\s{_QUOTES}]*))",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# ---------------------------------------------------------------------------------------------------
# Word splitting. The index must split article text the same way, so the engine should either feed
# it through tokenize() or configure an analyser with the same effect.

# Letters that have no decomposition but that search engines fold anyway (as Tantivy's ASCII folding
# does), because readers type names without them: Søren, Łódź, Straße.
_EXTRA_FOLDS = {
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
    "ı": "i", "ħ": "h", "Ħ": "h",
}  # fmt: skip
_ASCII_TABLE = {i: (chr(i).lower() if chr(i).isalnum() else " ") for i in range(128)}
_COMMON_SEPARATORS = "\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022"  # nbsp ‘ ’ “ ” – — … •
# Once folded, every non-ASCII character left is a letter or digit.
_WORD = re.compile(r"[0-9a-z\x80-\U0010ffff]+")


@functools.lru_cache(maxsize=65536)
def _fold_char(c: str, depth: int = 0) -> str:
    """One character -> "" (dropped), " " (separator), ASCII lowercase, or itself.

    A character whose decomposition minus its marks is ASCII folds to that (é -> e, ﬁ -> fi). Other
    letters and digits are kept lowercased, so kana keep their dakuten (ガ does not become カ) and
    CJK characters stay words. Invisible format characters and lone combining marks are dropped, so
    a soft hyphen does not split a word. The result is a fixed point: folding it again changes nothing.
    """
    if c.isascii():
        return _ASCII_TABLE[ord(c)]
    if c in _EXTRA_FOLDS:
        return _EXTRA_FOLDS[c]
    if unicodedata.category(c) == "Cf":
        return " " if c == "\u200b" else ""
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.category(x).startswith("M"))
    if base.isascii():
        return "".join(_ASCII_TABLE[ord(x)] for x in base)
    if not c.isalnum():
        return " "
    lowered = unicodedata.normalize("NFKC", c.lower())
    if lowered == c or depth >= 3:
        return c
    return "".join(_fold_char(x, depth + 1) for x in lowered)


def tokenize(text: str) -> list[str]:
    """Lowercased, folded words: runs of Unicode letters and digits, split at everything else.

    "Tōkyō's U.S.-Japan talks" -> ["tokyo", "s", "u", "s", "japan", "talks"]; "東京 ガス" -> ["東京", "ガス"].
    Scripts written without spaces are not segmented: a run of kanji is one word, as it is in the
    index, so it matches the same run there.
    """
    if text.isascii():
        return text.translate(_ASCII_TABLE).split()
    for c in _COMMON_SEPARATORS:  # often the only non-ASCII in an English body: take the fast path
        if c in text:
            text = text.replace(c, " ")
    if text.isascii():
        return text.translate(_ASCII_TABLE).split()
    # Replacing each distinct character that changes keeps the work in C: English bodies have a few
    # distinct non-ASCII characters (curly quotes, accents), and a CJK text's characters stay as
    # they are. Article bodies pass through here at indexing time, so this matters.
    text = unicodedata.normalize("NFKC", text)
    # Dropping a mark can leave two characters that compose, so normalise until nothing changes.
    for _ in range(3):
        folded = text
        for c in set(text):
            if not c.isascii() and (f := _fold_char(c)) != c:
                folded = folded.replace(c, f)
        text = unicodedata.normalize("NFKC", folded)
        if text == folded:
            break
    if text.isascii():
        return text.translate(_ASCII_TABLE).split()
    return _WORD.findall(text.lower())


# ---------------------------------------------------------------------------------------------------
# The AST.


@dataclass(frozen=True)
class Term:
    text: str
    field: str | None = None  # None = title and body; TITLE for intitle:


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]  # always two or more; a one-word phrase is a Term
    field: str | None = None


@dataclass(frozen=True)
class Or:
    items: tuple[Term | Phrase, ...]  # always two or more, no duplicates


Clause = Term | Phrase | Or


@dataclass(frozen=True)
class Query:
    must: tuple[Clause, ...] = ()
    exclude: tuple[Term | Phrase, ...] = ()
    sources: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    ignored_terms: tuple[str, ...] = ()
    raw: str = ""  # the input actually considered (at most MAX_INPUT_CHARS)
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        """No words at all (filters may still be set)."""
        return not self.must and not self.exclude

    @property
    def only_exclusions(self) -> bool:
        return not self.must and bool(self.exclude)

    @property
    def positive_words(self) -> tuple[str, ...]:
        """Every word a match must or may contain, once each, in order: what to highlight."""
        words: dict[str, None] = {}
        for clause in self.must:
            for leaf in clause.items if isinstance(clause, Or) else (clause,):
                words.update(dict.fromkeys(leaf.words if isinstance(leaf, Phrase) else (leaf.text,)))
        return tuple(words)

    def to_text(self) -> str:
        """A canonical query string that parses back to the same clauses and filters."""
        parts = [_clause_text(c) for c in self.must]
        parts += ["-" + _clause_text(c) for c in self.exclude]
        parts += [f"source:{s}" for s in self.sources]
        parts += [f"group:{g}" for g in self.groups]
        return " ".join(parts)


def _clause_text(clause: Clause) -> str:
    if isinstance(clause, Or):
        return " OR ".join(_clause_text(item) for item in clause.items)
    prefix = "intitle:" if clause.field == TITLE else ""
    if isinstance(clause, Phrase):
        return prefix + '"' + " ".join(clause.words) + '"'
    return prefix + clause.text


# ---------------------------------------------------------------------------------------------------
# Parsing.


@dataclass(frozen=True)
class _Token:
    value: str
    negated: bool = False
    op: str | None = None  # "intitle", "source", "group" or None
    quoted: bool = False

    @property
    def is_or(self) -> bool:
        return self.value == "OR" and not (self.negated or self.op or self.quoted)

    @property
    def is_operand(self) -> bool:
        """A positive word or phrase, the only thing OR can join."""
        return not self.is_or and not self.negated and self.op in (None, "intitle")


def _lex(text: str) -> list[_Token]:
    tokens = []
    pos, end = 0, len(text)
    while pos < end:
        space = _SPACES.match(text, pos)
        if space:
            pos = space.end()
            continue
        m = _TOKEN.match(text, pos)  # always matches and, at a non-space, consumes at least one char
        pos = max(m.end(), pos + 1)
        quoted = m.group("quoted") is not None
        value = m.group("quoted") if quoted else m.group("bare")
        op = m.group("op").lower() if m.group("op") else None
        tokens.append(_Token(value, negated=bool(m.group("neg")), op=op, quoted=quoted))
    return tokens


def _filter_values(token: _Token) -> list[str] | None:
    """The slugs of a source:/group: token; None when it is not a valid filter (then plain words)."""
    values = [v.strip().lower() for v in token.value.split(",")]
    values = [v for v in values if v]
    if not values:
        return []
    if token.negated or not all(_SLUG.fullmatch(v) for v in values):
        return None
    return values


class _Builder:
    def __init__(self) -> None:
        self.clauses: list[tuple[bool, Clause]] = []  # (excluded, clause) in the order written
        self.sources: list[str] = []
        self.groups: list[str] = []
        self.ignored: list[str] = []

    def leaf(self, token: _Token, as_plain: bool = False) -> Term | Phrase | None:
        """The Term or Phrase a word/phrase token means, or None if it has no words or is a stopword."""
        field = TITLE if token.op == "intitle" and not as_plain else None
        text = token.value
        if as_plain and token.op:
            text = f"{token.op}:{text}"
        words = tokenize(text)
        if len(words) >= 2:
            return Phrase(tuple(words), field)
        if not words:
            return None
        if words[0] in STOPWORDS:
            self.ignored.append(words[0])
            return None
        return Term(words[0], field)

    def group(self, leaves: list[Term | Phrase | None]) -> None:
        items = list(dict.fromkeys(leaf for leaf in leaves if leaf is not None))
        if len(items) == 1:
            self.clauses.append((False, items[0]))
        elif items:
            self.clauses.append((False, Or(tuple(items))))

    def other(self, token: _Token) -> None:
        """A token that is not a positive operand: an exclusion or a filter."""
        if token.op in ("source", "group"):
            values = _filter_values(token)
            if values is not None:
                (self.sources if token.op == "source" else self.groups).extend(values)
                return
            leaf = self.leaf(token, as_plain=True)
        else:
            leaf = self.leaf(token)
        if leaf is not None:
            self.clauses.append((token.negated, leaf))

    def build(self, raw: str, truncated: bool) -> Query:
        must: list[Clause] = []
        exclude: list[Term | Phrase] = []
        budget = MAX_CLAUSES
        for excluded, clause in dict.fromkeys(self.clauses):
            target: list = exclude if excluded else must
            size = len(clause.items) if isinstance(clause, Or) else 1
            if size > budget:
                truncated = True
                if budget >= 2:
                    clause = Or(clause.items[:budget])
                elif budget == 1:
                    clause = clause.items[0]
                else:
                    break
                size = budget
            if clause in target:
                continue
            target.append(clause)
            budget -= size
        sources = list(dict.fromkeys(self.sources))
        groups = list(dict.fromkeys(self.groups))
        if len(sources) > MAX_FILTERS or len(groups) > MAX_FILTERS:
            truncated = True
        return Query(
            must=tuple(must),
            exclude=tuple(exclude),
            sources=tuple(sources[:MAX_FILTERS]),
            groups=tuple(groups[:MAX_FILTERS]),
            ignored_terms=tuple(dict.fromkeys(self.ignored)),
            raw=raw,
            truncated=truncated,
        )


def parse(text: str) -> Query:
    """Parse reader text into a Query. Never raises; see the module docstring for the rules."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    truncated = len(text) > MAX_INPUT_CHARS
    raw = text[:MAX_INPUT_CHARS]
    # NFKC first so full-width input (ＯＲ, －tokyo, ＂…＂) means the same as ASCII.
    tokens = _lex(_CONTROL.sub(" ", unicodedata.normalize("NFKC", raw)))

    builder = _Builder()
    run: list[Term | Phrase | None] = []  # operands joined by OR so far
    joined = False  # the previous token was an OR joining two operands
    for i, token in enumerate(tokens):
        if token.is_or:
            joined = 0 < i < len(tokens) - 1 and tokens[i - 1].is_operand and tokens[i + 1].is_operand
            if not joined:
                builder.ignored.append("or")
            continue
        if token.is_operand:
            if run and not joined:
                builder.group(run)
                run = []
            run.append(builder.leaf(token))
            joined = False
            continue
        joined = False
        if run:
            builder.group(run)
            run = []
        builder.other(token)
    if run:
        builder.group(run)
    return builder.build(raw, truncated)
