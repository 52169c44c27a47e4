"""Matched words in <mark>: the highlighted title and the body snippet of a search result.

Both come back as SafeString HTML in which every character of the article is escaped and the only
tags are our own <mark> and </mark>. A word is marked when its stem equals the stem of a query word
(so "ministers" is marked for the query "minister"); a phrase is marked only where its words stand
together. Exclusions are never marked. Words are found the way the index splits them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from html import escape
from itertools import islice

from django.utils.safestring import SafeString, mark_safe

from kabar.search import schema as s
from kabar.search.query import TITLE, Or, Phrase, Query, Term, tokenize

SNIPPET_WORDS = 30
CONTEXT_BEFORE = 6  # words shown before the first match of a snippet
MAX_SCAN_CHARS = 100_000  # a snippet is looked for in the first this many characters of the body
ELLIPSIS = "…"

WORD_CHARS = 7  # about how many characters a word and its space take in English news
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_LOW_WORD = re.compile(r"[a-z0-9]+")
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
# Letters and digits plus the combining marks and soft hyphens that tokenize() keeps inside a word.
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u00ad\u200c\u200d])+")
_SEPARATORS = str.maketrans(dict.fromkeys("\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022", " "))
_SPACES = re.compile(r"\s+")


@dataclass
class Targets:
    """What to mark in one field: stems of single words, and phrases as tuples of stems."""

    words: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


class Highlighter:
    def __init__(self, q: Query) -> None:
        self.title_targets, self.body_targets = Targets(), Targets()
        for clause in q.must:
            for leaf in clause.items if isinstance(clause, Or) else (clause,):
                scopes = (
                    [self.title_targets] if leaf.field == TITLE else [self.title_targets, self.body_targets]
                )
                for targets in scopes:
                    if isinstance(leaf, Term):
                        targets.words.add(s.stem(leaf.text))
                    elif isinstance(leaf, Phrase):
                        targets.phrases.add(tuple(s.stems(leaf.words)))
        self._candidates = _candidates(self.body_targets)

    def title(self, text: str) -> SafeString:
        words = _Words(text)
        marks = _marks(words.words, self.title_targets)
        return _render(text, words.spans(0, len(words.words)), marks, 0)

    def snippet(self, text: str, size: int = SNIPPET_WORDS) -> SafeString:
        """About ``size`` words of ``text`` around its best match, or its start when nothing matches."""
        text = text[:MAX_SCAN_CHARS]
        if text.translate(_SEPARATORS).isascii():  # nearly every English body: the fast path
            low = text.lower()  # ASCII and those separators keep their length when lowered
            return mark_safe(_ascii_snippet(text, low, self._hits(low), size))  # noqa: S308 - escaped
        if not self.body_targets:  # nothing to find: the start of the text, without reading all of it
            text = _head(text, size + 1)
        words = _Words(text)
        count = len(words.words)
        if not count:
            return mark_safe("")  # noqa: S308 - an empty string
        marks = _marks(words.words, self.body_targets)
        first = _best_window(marks, count, size)
        last = min(count, first + size)
        spans = words.spans(first, last)
        # The text between the words at both ends is kept only at the very start and end.
        begin = 0 if first == 0 else spans[0][0]
        end = len(text) if last == count else spans[-1][1]
        html = _render(text[:end], spans, marks, first, begin=begin)
        before = ELLIPSIS + " " if first > 0 else ""
        after = " " + ELLIPSIS if last < count else ""
        return mark_safe(before + html + after)  # noqa: S308 - _render escaped everything

    def _hits(self, low: str) -> list[tuple[int, int, int]]:
        """(start, end, target number) of every match in a lowercased ASCII text, in order."""
        hits = []
        for pattern, target, number in self._candidates:
            matches = [m for m in pattern.finditer(low) if not (m.start() and low[m.start() - 1] in _ALNUM)]
            groups = [_LOW_WORD.findall(m.group()) for m in matches]
            unique = list(dict.fromkeys(word for words in groups for word in words))
            stem_of = dict(zip(unique, s.stems(unique), strict=True))
            hits += [
                (m.start(), m.end(), number)
                for m, words in zip(matches, groups, strict=True)
                if tuple(stem_of[w] for w in words) == target
            ]
        return sorted(hits)


def _head(text: str, count: int) -> str:
    """The start of ``text`` up to the end of its ``count``-th word (all of it if shorter)."""
    spans = _ASCII_WORD.finditer(text) if text.translate(_SEPARATORS).isascii() else _WORD.finditer(text)
    found = list(islice(spans, count))
    return text[: found[-1].end()] if len(found) == count else text


def _candidates(targets: Targets) -> list[tuple[re.Pattern, tuple[str, ...], int]]:
    """For each target (a tuple of stems): a regex for the text that may stem to it, the target,
    and a number naming it (a snippet prefers windows with more different targets).

    Snowball only rewrites the end of a word: all but the last two letters of a stem start every
    word with that stem (checked over five million English word forms). So a C-level scan finds
    the few words (or runs of words, for a phrase) worth stemming. One regex per target: a literal
    start lets the regex engine skip ahead, ten times faster than one alternation.
    """

    def start(stem: str) -> str:
        return re.escape(stem[: max(1, len(stem) - 2)]) + "[a-z0-9]*"

    wanted = [(stem,) for stem in sorted(targets.words)] + sorted(targets.phrases)
    return [
        (re.compile("[^a-z0-9]+".join(map(start, target))), target, number)
        for number, target in enumerate(wanted, start=1)
        if all(stem.isascii() for stem in target)
    ]


def _ascii_snippet(text: str, low: str, hits: list[tuple[int, int, int]], size: int) -> str:
    """The snippet of an ASCII text, found by character positions (no pass over every word)."""
    anchor = _best_anchor(hits, size)
    ahead = list(islice(_LOW_WORD.finditer(low, anchor), size + 1))
    want = CONTEXT_BEFORE + max(0, size - len(ahead))  # near the end, show more before
    scan_from = max(0, anchor - 40 * want)
    behind = [m.start() for m in _LOW_WORD.finditer(low, scan_from, anchor)]
    if behind and behind[0] == scan_from and scan_from and low[scan_from - 1].isalnum():
        behind = behind[1:]  # the scan began inside a word
    start = behind[-want] if len(behind) >= want else behind[0] if behind else anchor
    window = list(islice(_LOW_WORD.finditer(low, start), size + 1))
    more = len(window) > size
    window = window[:size]
    if not window:
        return ""
    first, last = window[0].start(), window[-1].end()
    earlier = _LOW_WORD.search(low, 0, first) is not None
    spans = [(a, b) for a, b, _ in hits if a >= first and b <= last]
    html = _render_spans(text, first if earlier else 0, last if more else len(text), spans)
    return ("… " if earlier else "") + html + (" …" if more else "")


def _best_anchor(hits: list[tuple[int, int, int]], size: int) -> int:
    """Where the window with the most different targets (then the most matches) starts."""
    if not hits:
        return 0
    reach = size * WORD_CHARS
    starts = [hit[0] for hit in hits]
    best, best_score = hits[0][0], (-1, -1)
    for i, start in enumerate(starts):
        inside = hits[i : bisect_left(starts, start + reach)]
        score = (len({hit[2] for hit in inside}), len(inside))
        if score > best_score:
            best, best_score = start, score
    return best


def _render_spans(text: str, begin: int, end: int, spans: list[tuple[int, int]]) -> str:
    """``text[begin:end]`` escaped, whitespace runs as one space, ``spans`` in <mark>; spans that
    overlap or are apart by whitespace only share one <mark>."""
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and (a <= merged[-1][1] or not text[merged[-1][1] : a].strip()):
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, position = [], begin
    for a, b in merged:
        out.append(escape(_SPACES.sub(" ", text[position:a])))
        out.append("<mark>" + escape(_SPACES.sub(" ", text[a:b])) + "</mark>")
        position = b
    out.append(escape(_SPACES.sub(" ", text[position:end])))
    return "".join(out).strip()


class _Words:
    """tokenize()'s words of a text, and the character span each came from (found lazily: a
    snippet needs the spans of 30 words, not of the whole body)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._spans: list[tuple[int, int]] | None = None
        if text.translate(_SEPARATORS).isascii():
            self.words = _ASCII_WORD.findall(text.lower())
            return
        self.words, self._spans = [], []
        for m in _WORD.finditer(text):
            for word in tokenize(m.group()):  # usually one; a ligature or a folded letter may give more
                self.words.append(word)
                self._spans.append(m.span())

    def spans(self, first: int, last: int) -> list[tuple[int, int]]:
        if self._spans is not None:
            return self._spans[first:last]
        return [m.span() for m in islice(_ASCII_WORD.finditer(self.text), first, last)]


def _marks(words: list[str], targets: Targets) -> dict[int, int]:
    """Marked word positions -> a number naming the target there (to count different targets)."""
    if not targets or not words:
        return {}
    names = {stem: n for n, stem in enumerate(sorted(targets.words), start=1)}
    phrases = sorted(targets.phrases)
    starts = {p[0] for p in phrases}
    # Snowball stemming only rewrites the end of a word, so a word and its stem share the first
    # letter: only words starting like a target need stemming at all.
    initials = {stem[:1] for stem in (*names, *starts)}
    unique = [w for w in dict.fromkeys(words) if w[:1] in initials]
    stem_of = dict(zip(unique, s.stems(unique), strict=True))
    relevant = {w for w, stem in stem_of.items() if stem in names or stem in starts}
    marks: dict[int, int] = {}
    for i in [i for i, w in enumerate(words) if w in relevant]:
        stem = stem_of[words[i]]
        if stem in names:
            marks[i] = names[stem]
        for n, phrase in enumerate(phrases, start=len(names) + 1):
            end = i + len(phrase)
            if phrase[0] == stem and end <= len(words):
                following = words[i + 1 : end]
                if all(
                    (stem_of.get(w) or s.stem(w)) == want
                    for w, want in zip(following, phrase[1:], strict=True)
                ):
                    marks.update(dict.fromkeys(range(i, end), n))
    return marks


def _best_window(marks: dict[int, int], count: int, size: int) -> int:
    """The first word of the window with the most different targets, then the most marks."""
    hits = sorted(marks)
    best, best_score = 0, (-1, -1)
    for hit in hits:
        start = max(0, min(hit - CONTEXT_BEFORE, count - size))
        inside = hits[bisect_left(hits, start) : bisect_left(hits, start + size)]
        score = (len({marks[i] for i in inside}), len(inside))
        if score > best_score:
            best, best_score = start, score
    return best


def _render(
    text: str, spans: list[tuple[int, int]], marks: dict[int, int], first: int, begin: int = 0
) -> str:
    """``text[begin:]`` escaped, whitespace runs as one space, the marked words among ``spans``
    (words ``first``, ``first + 1``, ...) in <mark>; neighbours joined by spaces share one <mark>."""
    out: list[str] = []
    position = begin
    open_mark = False
    for i, (start, stop) in enumerate(spans, start=first):
        if i not in marks or stop <= position:
            continue
        gap = _SPACES.sub(" ", text[position:start])
        if open_mark and gap.strip():
            out.append("</mark>")
            open_mark = False
        out.append(escape(gap))
        if not open_mark:
            out.append("<mark>")
            open_mark = True
        out.append(escape(text[start:stop]))
        position = stop
    if open_mark and text[position:].strip():
        out.append("</mark>")
        open_mark = False
    out.append(escape(_SPACES.sub(" ", text[position:])))
    if open_mark:
        out.append("</mark>")
    return mark_safe("".join(out).strip())  # noqa: S308 - every piece of the text went through escape()
