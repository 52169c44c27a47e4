"""The query language, rule by rule (issue 4 §2). Fuzzing lives in test_query_fuzz.py."""

from __future__ import annotations

import pytest

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


def T(text: str, field: str | None = None) -> Term:
    return Term(text, field)


def P(*words: str, field: str | None = None) -> Phrase:
    return Phrase(tuple(words), field)


def clauses(q: Query) -> tuple:
    return q.must, q.exclude


# (input, must, exclude): one row per rule of the syntax table and per decision documented in query.py
CLAUSE_CASES = [
    # every word must match
    ("tokyo nato", (T("tokyo"), T("nato")), ()),
    ("  tokyo\t\nnato  ", (T("tokyo"), T("nato")), ()),
    ("TOKYO Nato", (T("tokyo"), T("nato")), ()),
    ("tokyo tokyo", (T("tokyo"),), ()),
    # phrases
    ('"prime minister"', (P("prime", "minister"),), ()),
    ('"prime minister', (P("prime", "minister"),), ()),
    ('ishiba "prime minister', (T("ishiba"), P("prime", "minister")), ()),
    ('"prime   minister" ishiba', (P("prime", "minister"), T("ishiba")), ()),
    ('"ishiba"', (T("ishiba"),), ()),
    ('"" tokyo', (T("tokyo"),), ()),
    ('" ... "', (), ()),
    ('"', (), ()),
    ('"e-mail address"', (P("e", "mail", "address"),), ()),
    ("“prime minister”", (P("prime", "minister"),), ()),
    ('tokyo"prime minister"', (T("tokyo"), P("prime", "minister")), ()),
    # exclusions
    ("-china", (), (T("china"),)),
    ('-"north korea"', (), (P("north", "korea"),)),
    ('-"north korea', (), (P("north", "korea"),)),
    ("tokyo -china -korea", (T("tokyo"),), (T("china"), T("korea"))),
    ("-", (), ()),
    ("- china", (T("china"),), ()),
    ("--china", (), (T("china"),)),
    ("---", (), ()),
    ("-china -china", (), (T("china"),)),
    ("tokyo -tokyo", (T("tokyo"),), (T("tokyo"),)),
    # OR
    ("ishiba OR kishida", (Or((T("ishiba"), T("kishida"))),), ()),
    ("japan ishiba OR kishida", (T("japan"), Or((T("ishiba"), T("kishida")))), ()),
    ("ishiba OR kishida japan", (Or((T("ishiba"), T("kishida"))), T("japan")), ()),
    ("ishiba OR kishida OR takaichi", (Or((T("ishiba"), T("kishida"), T("takaichi"))),), ()),
    ("nato OR un ishiba OR kishida", (Or((T("nato"), T("un"))), Or((T("ishiba"), T("kishida")))), ()),
    ('"prime minister" OR ishiba', (Or((P("prime", "minister"), T("ishiba"))),), ()),
    ("intitle:sakura OR hanami", (Or((T("sakura", TITLE), T("hanami"))),), ()),
    ("(ishiba OR kishida) japan", (Or((T("ishiba"), T("kishida"))), T("japan")), ()),
    ("ishiba OR ishiba", (T("ishiba"),), ()),
    ("ishiba or kishida", (T("ishiba"), T("kishida")), ()),
    ("OR ishiba", (T("ishiba"),), ()),
    ("ishiba OR", (T("ishiba"),), ()),
    ("OR", (), ()),
    ("ishiba OR OR kishida", (T("ishiba"), T("kishida")), ()),
    ("ishiba OR -kishida", (T("ishiba"),), (T("kishida"),)),
    ("-ishiba OR kishida", (T("kishida"),), (T("ishiba"),)),
    ("ishiba OR source:mainichi", (T("ishiba"),), ()),
    ('ishiba OR "OR"', (T("ishiba"),), ()),
    # intitle:
    ("intitle:sakura", (T("sakura", TITLE),), ()),
    ("INTITLE:Sakura", (T("sakura", TITLE),), ()),
    ('intitle:"cherry blossom"', (P("cherry", "blossom", field=TITLE),), ()),
    ('intitle:"cherry blossom', (P("cherry", "blossom", field=TITLE),), ()),
    ("intitle:e-mail", (P("e", "mail", field=TITLE),), ()),
    ("-intitle:sakura", (), (T("sakura", TITLE),)),
    ("intitle:", (), ()),
    ('intitle:""', (), ()),
    ("intitle: sakura", (T("sakura"),), ()),
    ("intitle:sakura sakura", (T("sakura", TITLE), T("sakura")), ()),
    # words that split into several become phrases; unknown operators are plain words
    ("e-mail", (P("e", "mail"),), ()),
    ("U.S. tariffs", (P("u", "s"), T("tariffs")), ()),
    ("japan's", (P("japan", "s"),), ()),
    ("foo:bar", (P("foo", "bar"),), ()),
    ("title:sakura", (P("title", "sakura"),), ()),
    ("http://nhk.or.jp/news", (P("http", "nhk", "or", "jp", "news"),), ()),
    ("source:日本", (P("source", "日本"),), ()),
    ("-source:mainichi", (), (P("source", "mainichi"),)),
    ("+tokyo", (T("tokyo"),), ()),
    ("tokyo\x00nato\x07", (T("tokyo"), T("nato")), ()),
    # stopwords
    ("the prime minister of japan", (T("prime"), T("minister"), T("japan")), ()),
    ('"the prime minister of japan"', (P("the", "prime", "minister", "of", "japan"),), ()),
    ('"to be or not to be"', (P("to", "be", "or", "not", "to", "be"),), ()),
    ('"the"', (), ()),
    ("-the china", (T("china"),), ()),
    ("us who may it", (T("us"), T("who"), T("may"), T("it")), ()),
    # folding
    ("Tōkyō", (T("tokyo"),), ()),
    ("Ｔｏｋｙｏ ＯＲ Ｏｓａｋａ", (Or((T("tokyo"), T("osaka"))),), ()),
    ("－china", (), (T("china"),)),
    ("Straße Søren Łódź", (T("strasse"), T("soren"), T("lodz")), ()),
    ("Café", (T("cafe"),), ()),
    ("東京 オリンピック", (T("東京"), T("オリンピック")), ()),
    ("東京オリンピック2020", (T("東京オリンピック2020"),), ()),
    ("ｶﾞｽ", (T("ガス"),), ()),
    ("Москва", (T("москва"),), ()),
]


@pytest.mark.parametrize(("text", "must", "exclude"), CLAUSE_CASES)
def test_clauses(text, must, exclude):
    assert clauses(parse(text)) == (must, exclude)


IGNORED_CASES = [
    ("the prime minister of japan", ("the", "of")),
    ("the of and", ("the", "of", "and")),
    ("the the", ("the",)),
    ('"the"', ("the",)),
    ('"the prime minister"', ()),
    ("ishiba or kishida", ("or",)),
    ("OR ishiba OR", ("or",)),
    ("-the china", ("the",)),
    ("intitle:the", ("the",)),
    ("tokyo", ()),
]


@pytest.mark.parametrize(("text", "ignored"), IGNORED_CASES)
def test_ignored_terms(text, ignored):
    assert parse(text).ignored_terms == ignored


@pytest.mark.parametrize(
    ("text", "sources", "groups"),
    [
        ("source:mainichi", ("mainichi",), ()),
        ("source:mainichi source:kyodo", ("mainichi", "kyodo"), ()),
        ("source:mainichi,kyodo", ("mainichi", "kyodo"), ()),
        ("source:Mainichi SOURCE:MAINICHI", ("mainichi",), ()),
        ('source:"nhk-world"', ("nhk-world",), ()),
        ("group:media-jepang", (), ("media-jepang",)),
        ("group:kantor-berita source:japan-times", ("japan-times",), ("kantor-berita",)),
        ("source:", (), ()),
        ('source:""', (), ()),
        ("source:,", (), ()),
        ("group:", (), ()),
        ("source:日本", (), ()),
        ("-source:mainichi", (), ()),
    ],
)
def test_filters(text, sources, groups):
    q = parse(text)
    assert (q.sources, q.groups) == (sources, groups)


def test_filters_alone_leave_the_query_empty_of_words():
    q = parse("source:mainichi group:media-jepang")
    assert q.is_empty and not q.only_exclusions and q.must == q.exclude == ()


def test_source_empty_value_is_ignored_and_the_next_word_is_a_word():
    q = parse("source: mainichi")
    assert q.sources == () and q.must == (T("mainichi"),)


def test_only_exclusions():
    q = parse('-china -"north korea"')
    assert q.only_exclusions and not q.is_empty


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "-", '"', "the of", "OR", "intitle:", "!!! ???"])
def test_empty(text):
    q = parse(text)
    assert q.is_empty and not q.only_exclusions and not q.truncated


def test_only_stopwords_report_what_was_ignored():
    q = parse("The Of AND")
    assert q.is_empty and q.ignored_terms == ("the", "of", "and")


def test_non_string_input_is_empty():
    assert parse(None).is_empty  # type: ignore[arg-type]


def test_raw_is_the_considered_input():
    assert parse("Tokyo  NATO").raw == "Tokyo  NATO"


def test_long_input_is_cut_at_the_limit():
    text = "tokyo " * 200
    q = parse(text)
    assert q.truncated and q.raw == text[:MAX_INPUT_CHARS] and q.must == (T("tokyo"),)


def test_long_input_cut_inside_a_phrase_closes_it():
    text = "x" * (MAX_INPUT_CHARS - 12) + ' "prime minister of japan"'
    q = parse(text)
    assert q.truncated and q.must[-1] == P("prime", "mini")


def test_clauses_beyond_the_limit_are_dropped_in_order():
    words = [f"w{i}" for i in range(30)]
    q = parse(" ".join(words[:10]) + " " + " ".join("-" + w for w in words[10:]))
    assert q.truncated
    assert q.must == tuple(T(w) for w in words[:10])
    assert q.exclude == tuple(T(w) for w in words[10:MAX_CLAUSES])


def test_an_or_is_cut_to_fit_the_limit():
    head = " ".join(f"w{i}" for i in range(MAX_CLAUSES - 2))
    q = parse(head + " a1 OR a2 OR a3 OR a4 tail")
    assert q.truncated
    assert q.must[-1] == Or((T("a1"), T("a2")))
    assert sum(len(c.items) if isinstance(c, Or) else 1 for c in q.must) == MAX_CLAUSES


def test_an_or_cut_to_one_item_is_that_item():
    head = " ".join(f"w{i}" for i in range(MAX_CLAUSES - 1))
    q = parse(head + " a1 OR a2")
    assert q.truncated and q.must[-1] == T("a1")


def test_duplicates_do_not_count_against_the_limit():
    q = parse(" ".join(["tokyo"] * 50))
    assert not q.truncated and q.must == (T("tokyo"),)


def test_too_many_sources():
    q = parse(" ".join(f"source:s{i}" for i in range(MAX_FILTERS + 5)))
    assert q.truncated and q.sources == tuple(f"s{i}" for i in range(MAX_FILTERS))


def test_positive_words_for_highlighting():
    q = parse('tokyo "prime minister" ishiba OR kishida intitle:tokyo -china')
    assert q.positive_words == ("tokyo", "prime", "minister", "ishiba", "kishida")


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Tokyo  NATO", "tokyo nato"),
        ('"prime minister', '"prime minister"'),
        ("e-mail", '"e mail"'),
        ('a1 b1 OR c1 -d1 -"e f"', 'a1 b1 OR c1 -d1 -"e f"'),
        ('intitle:"cherry blossom" intitle:sakura', 'intitle:"cherry blossom" intitle:sakura'),
        (
            "group:media-jepang tokyo source:mainichi,kyodo",
            "tokyo source:mainichi source:kyodo group:media-jepang",
        ),
        ("the", ""),
    ],
)
def test_to_text_is_canonical_and_parses_back(text, canonical):
    q = parse(text)
    assert q.to_text() == canonical
    again = parse(canonical)
    assert (again.must, again.exclude, again.sources, again.groups) == (
        q.must,
        q.exclude,
        q.sources,
        q.groups,
    )


def test_query_defaults():
    assert Query().is_empty and Query().to_text() == ""


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Tōkyō's U.S.-Japan talks", ["tokyo", "s", "u", "s", "japan", "talks"]),
        ("東京 ガス", ["東京", "ガス"]),
        ("ｶﾞｽ", ["ガス"]),  # half-width kana compose; the dakuten is not stripped
        ("ﬁnance ①", ["finance", "1"]),
        ("Tok\u00adyo", ["tokyo"]),  # a soft hyphen does not split a word
        ("a\u200bb", ["a", "b"]),  # a zero-width space does
        ("ÀÉÎÕÜ ñ ç", ["aeiou", "n", "c"]),
        ("İstanbul", ["istanbul"]),
        ("under_score", ["under", "score"]),
        ("Japan’s “alliance” — strong\u00a0ties…", ["japan", "s", "alliance", "strong", "ties"]),
        ("Japan’s Tōkyō", ["japan", "s", "tokyo"]),
        ("", []),
        ("...", []),
    ],
)
def test_tokenize(text, tokens):
    assert tokenize(text) == tokens


def test_stopwords_are_lowercase_tokens():
    assert all(tokenize(w) == [w] for w in STOPWORDS)
    assert {"the", "of", "and", "a", "an", "in", "on", "to", "for", "is"} <= STOPWORDS
    assert not {"us", "who", "may", "it", "no", "not"} & STOPWORDS
