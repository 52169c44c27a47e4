"""The parser is total: hypothesis throws arbitrary and query-shaped text at it and checks the
invariants the engine relies on (issue 4 §2, "Fuzz the parser with hypothesis")."""

from __future__ import annotations

import re

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from kabar.search.query import (
    MAX_CLAUSES,
    MAX_FILTERS,
    MAX_INPUT_CHARS,
    STOPWORDS,
    TITLE,
    Or,
    Phrase,
    Query,
    Term,
    parse,
    tokenize,
)

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")

# Pieces that exercise every rule and its edges, glued together at random.
FRAGMENTS = [
    " ", "  ", "\t", "\n", '"', "“", "”", "-", "--", ":", ",", "(", ")", "OR", "or", "Or", "the", "of",
    "tokyo", "Tōkyō", "東京", "ガス", "ｶﾞ", "e-mail", "U.S.", "source:", "SOURCE:", "group:", "intitle:",
    "mainichi", "media-jepang", "foo:bar", "\x00", "\u00ad", "\u200b", "\u0301", "ß", "İ", "Ｏ", "Ｒ",
    "ﬁ", "①", "\ud800", "🗾", "_", "'", "*", "?",
]  # fmt: skip
query_like = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
any_text = st.text(max_size=700)
some_text = st.one_of(any_text, query_like)


def leaves(q: Query):
    for clause in q.must:
        yield from clause.items if isinstance(clause, Or) else (clause,)
    yield from q.exclude


def assert_word(word: str) -> None:
    assert word and tokenize(word) == [word] and word == word.lower()


def assert_invariants(q: Query) -> None:
    for leaf in leaves(q):
        assert leaf.field in (None, TITLE)
        if isinstance(leaf, Term):
            assert_word(leaf.text)
            assert leaf.text not in STOPWORDS
        else:
            assert isinstance(leaf, Phrase) and len(leaf.words) >= 2
            for word in leaf.words:
                assert_word(word)
    for clause in q.must:
        if isinstance(clause, Or):
            assert len(clause.items) >= 2 and len(set(clause.items)) == len(clause.items)
            assert all(isinstance(item, Term | Phrase) for item in clause.items)
    assert all(isinstance(c, Term | Phrase) for c in q.exclude)
    assert len(set(q.must)) == len(q.must) and len(set(q.exclude)) == len(q.exclude)
    assert sum(1 for _ in leaves(q)) <= MAX_CLAUSES
    for slugs in (q.sources, q.groups):
        assert len(slugs) <= MAX_FILTERS and len(set(slugs)) == len(slugs)
        assert all(SLUG.fullmatch(s) for s in slugs)
    assert set(q.ignored_terms) <= STOPWORDS and len(set(q.ignored_terms)) == len(q.ignored_terms)
    assert len(q.raw) <= MAX_INPUT_CHARS
    assert q.is_empty == (not q.must and not q.exclude)


def semantic(q: Query) -> tuple:
    return q.must, q.exclude, q.sources, q.groups


@settings(max_examples=400, deadline=None)
@given(some_text)
@example('a OR "b OR -c" OR')
@example("-" * 600)
@example('"' * 501)
def test_parse_is_total_and_well_formed(text):
    q = parse(text)
    assert_invariants(q)
    assert parse(text) == q  # deterministic


@settings(max_examples=400, deadline=None)
@given(some_text)
def test_to_text_round_trips(text):
    q = parse(text)
    canonical = q.to_text()
    assume(len(canonical) <= MAX_INPUT_CHARS)
    again = parse(canonical)
    assert semantic(again) == semantic(q)
    assert again.to_text() == canonical
    assert not again.ignored_terms


@settings(max_examples=300, deadline=None)
@given(some_text)
def test_tokenize_is_idempotent(text):
    tokens = tokenize(text)
    for token in tokens:
        assert_word(token)
    assert tokenize(" ".join(tokens)) == tokens


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=200))
def test_tokenize_ascii_is_alphanumeric_runs(text):
    assert tokenize(text) == re.findall(r"[a-z0-9]+", text.lower())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True), min_size=1, max_size=8))
def test_plain_words_all_must_match(words):
    q = parse(" ".join(words))
    expected = tuple(dict.fromkeys(Term(w) for w in words if w not in STOPWORDS))
    assert q.must == expected and q.exclude == ()
