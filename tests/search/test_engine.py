"""The query language against a real index built from the database (issue 4 §1, §2): words, phrases,
exclusions, OR, fields and filters, stemming, case and accents, and the word-pair index."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kabar.search import engine, indexing
from kabar.search import schema as s
from kabar.search.query import parse
from kabar.search.selectors import search_articles


def found(q: str, **options) -> set[int]:
    page = search_articles(q=q, page_size=100, **options)
    assert page.total == len(page.results)
    return {hit.article.pk for hit in page.results}


@pytest.mark.django_db
def test_every_word_must_match(index_dir, make_article):
    a = make_article(title="Typhoon hits Okinawa", body="Heavy rain fell.")
    b = make_article(title="Typhoon season begins", body="Tokyo stays calm.")
    indexing.sync()
    assert found("typhoon okinawa") == {a.pk}
    assert found("typhoon") == {a.pk, b.pk}
    assert found("typhoon osaka") == set()


@pytest.mark.django_db
def test_case_accents_and_stemming(index_dir, make_article):
    a = make_article(title="The Prime Minister visits Tōkyō", body="Ministers were running late.")
    indexing.sync()
    for q in ("TOKYO", "tokyo", "Tōkyō", "minister", "ministers", "MINISTERS", "run", "runs", "visited"):
        assert found(q) == {a.pk}, q


@pytest.mark.django_db
def test_phrase_is_consecutive_and_in_one_field(index_dir, make_article):
    together = make_article(title="Budget news", body="The prime minister said so.")
    apart = make_article(title="Budget news", body="The minister of prime importance said so.")
    across = make_article(title="A new prime", body="Minister talks begin.")
    indexing.sync()
    assert found('"prime minister"') == {together.pk}
    assert found("prime minister") == {together.pk, apart.pk, across.pk}
    # Stemmed like words: the phrase matches the singular and the plural.
    assert found('"prime ministers"') == {together.pk}


@pytest.mark.django_db
def test_long_phrases_need_the_words_in_order_not_just_their_pairs(index_dir, make_article):
    exact = make_article(title="Travel", body="Visitors love New York City in spring.")
    # Has both pairs "new york" and "york city", but never the three words in a row.
    pairs_only = make_article(title="Travel", body="New York and York City are different places.")
    reversed_ = make_article(title="Travel", body="City York New is not a place.")
    indexing.sync()
    assert found('"new york city"') == {exact.pk}
    assert found("new york city") == {exact.pk, pairs_only.pk, reversed_.pk}


@pytest.mark.django_db
def test_phrases_keep_their_stopwords(index_dir, make_article):
    a = make_article(title="Report", body="A state of the art reactor.")
    b = make_article(title="Report", body="The state of art in the city.")
    indexing.sync()
    assert found('"state of the art"') == {a.pk}
    assert found("state art") == {a.pk, b.pk}
    page = search_articles(q="the state of art")
    assert page.ignored_terms == ("the", "of")
    (message,) = [m for code, m in page.notices if code == "ignored_terms"]
    assert "the, of" in message


@pytest.mark.django_db
def test_exclusions(index_dir, make_article):
    a = make_article(title="Typhoon nears Okinawa", body="Rain in Naha.")
    b = make_article(title="Typhoon nears Kyushu", body="North Korea fired a missile.")
    c = make_article(title="Typhoon nears Tokyo", body="Korea is north of Japan.")
    indexing.sync()
    assert found("typhoon -okinawa") == {b.pk, c.pk}
    assert found('typhoon -"north korea"') == {a.pk, c.pk}
    assert found("typhoon -intitle:tokyo") == {a.pk, b.pk}


@pytest.mark.django_db
def test_only_exclusions_lists_everything_else_newest_first(index_dir, make_article):
    now = timezone.now()
    old = make_article(title="Rice prices rise", published_at=now - timedelta(days=3))
    new = make_article(title="Train delays", published_at=now - timedelta(days=1))
    excluded = make_article(title="Typhoon warning", published_at=now - timedelta(hours=1))
    indexing.sync()
    page = search_articles(q="-typhoon")
    assert [hit.article.pk for hit in page.results] == [new.pk, old.pk]
    assert excluded.pk not in {hit.article.pk for hit in page.results}
    assert [code for code, _ in page.notices] == ["only_exclusions"]
    assert page.sort == "newest"


@pytest.mark.django_db
def test_or_binds_tighter_than_and(index_dir, make_article):
    a = make_article(title="Ishiba meets Biden", body="")
    b = make_article(title="Kishida meets Biden", body="")
    c = make_article(title="Ishiba meets Kishida", body="")
    d = make_article(title="Biden speaks", body="")
    indexing.sync()
    assert found("ishiba OR kishida") == {a.pk, b.pk, c.pk}
    assert found("biden ishiba OR kishida") == {a.pk, b.pk}
    assert found("biden OR ishiba kishida") == {b.pk, c.pk}
    assert found('"meets biden" OR speaks') == {a.pk, b.pk, d.pk}


@pytest.mark.django_db
def test_intitle(index_dir, make_article):
    a = make_article(title="Sakura season opens", body="Crowds in parks.")
    b = make_article(title="Parks fill up", body="Sakura everywhere.")
    c = make_article(title="Cherry blossom forecast", body="")
    d = make_article(title="Forecast", body="Cherry blossom in the body only.")
    indexing.sync()
    assert found("sakura") == {a.pk, b.pk}
    assert found("intitle:sakura") == {a.pk}
    assert found('intitle:"cherry blossom"') == {c.pk}
    assert found('"cherry blossom"') == {c.pk, d.pk}


@pytest.mark.django_db
def test_source_and_group_filters(index_dir, make_article, source, kyodo):
    a = make_article(title="Quake hits Chiba")
    b = make_article(title="Quake hits Ibaraki", source_id=kyodo.pk)
    indexing.sync()
    assert found("quake source:mainichi") == {a.pk}
    assert found("quake source:kyodo") == {b.pk}
    assert found("quake source:mainichi source:kyodo") == {a.pk, b.pk}
    assert found("quake group:kantor-berita") == {b.pk}
    assert found("quake group:media-jepang") == {a.pk}
    assert found("quake source:nhk-world") == set()
    assert [code for code, _ in search_articles(q="quake source:nhk-world group:nowhere").notices] == [
        "unknown_filter"
    ]
    assert found("quake", sources=("kyodo",)) == {b.pk}
    assert found("quake", group="media-jepang") == {a.pk}
    # Each filter narrows the others.
    assert found("quake source:kyodo", group="media-jepang") == set()
    # No words at all: every article of the source, newest first.
    assert found("source:kyodo") == {b.pk}


@pytest.mark.django_db
def test_group_membership_is_read_at_search_time(index_dir, make_article, source, kyodo):
    a = make_article(title="Quake hits Chiba")
    indexing.sync()
    assert found("quake group:kantor-berita") == set()
    source.group = kyodo.group
    source.save()
    assert found("quake group:kantor-berita") == {a.pk}


@pytest.mark.django_db
def test_a_query_without_words_lists_the_window(index_dir, make_article):
    a, b = make_article(title="One"), make_article(title="Two")
    indexing.sync()
    page = search_articles(q="")
    assert [hit.article.pk for hit in page.results] == [a.pk, b.pk]  # a is the newer one
    assert page.notices == []
    page = search_articles(q="the")  # a stopword only
    assert page.total == 2
    assert [code for code, _ in page.notices] == ["ignored_terms"]


@pytest.mark.django_db
def test_common_word_notice(index_dir, make_article):
    for n in range(4):
        make_article(title=f"Japan story {n}", body="Something happened.")
    make_article(title="Osaka story", body="Other news.")
    indexing.sync()
    page = search_articles(q="japan story")
    codes = [(code, message) for code, message in page.notices if code == "common_word"]
    assert len(codes) == 2  # both words are in more than half of the articles
    assert '"japan"' in codes[0][1]
    assert page.total == 4  # still searched
    assert not [c for c, _ in search_articles(q="osaka").notices if c == "common_word"]


@pytest.mark.django_db
def test_user_text_is_never_query_syntax(index_dir, make_article):
    make_article(title="Plain title", body="Nothing special here.")
    indexing.sync()
    for q in [
        "title:plain",
        "*",
        "plain AND NOT",
        "(plain",
        "plain^10",
        "id:1",
        "body:nothing",
        '"',
        "-",
        "OR",
    ]:
        page = search_articles(q=q)
        assert page.total >= 0  # no exception; unknown operators are plain words
    assert found("title:plain") == set()  # "title" and "plain" as a phrase: not in the text


@pytest.mark.django_db
def test_summary_is_searched_when_there_is_no_body(index_dir, make_article):
    a = make_article(title="Headline only", body="", summary="A short summary about sumo.")
    indexing.sync()
    assert found("sumo") == {a.pk}
    assert "<mark>sumo</mark>" in str(search_articles(q="sumo").results[0].snippet)


def test_pairs_of_common_words_are_indexed_per_field():
    doc = s.document(
        article_id=7,
        source_id=1,
        published_at=timezone.now(),
        title="Prime Minister of Ruhegu",
        body="Said the minister of the Ruhegu government",
    )
    values = doc.to_dict()
    assert values[s.TITLE] == ["prime minist of ruhegu"]
    assert values["title_pairs"] == ["prime_minist minist_of"]
    assert values["body_pairs"] == ["said_the the_minist minist_of of_the"]


@pytest.mark.django_db
def test_phrases_of_common_and_rare_words(index_dir, make_article):
    a = make_article(title="Report", body="The prime minister of Ruhegu met the Ruhegu government.")
    b = make_article(title="Report", body="Ruhegu minister of the prime government.")
    indexing.sync()
    assert found('"prime minister"') == {a.pk}  # two common words: one pair term
    assert found('"of ruhegu"') == {a.pk}  # positional
    assert found('"ruhegu government"') == {a.pk}
    assert found('"ruhegu minister of the"') == {b.pk}  # pairs narrow, positions decide
    assert found('"minister of the prime"') == {b.pk}
    assert found('"the prime minister of ruhegu"') == {a.pk}


def test_analyser_agrees_with_the_parser_word_splitting():
    text = "Tōkyō's U.S.-Japan talks: e-mail ﬁles, Straße, 東京 ガス and naïve café"
    from kabar.search.query import tokenize

    assert s.analysed(text).split(" ") == s.stems(tokenize(text))
    # A query word gives the same term as the same word in an article.
    for word in tokenize(text):
        assert s.stem(word) in s.analysed(text).split(" ")


def test_queries_are_built_from_the_ast_only():
    q = parse('tokyo "prime minister" -china a OR b intitle:sakura')
    built = engine.build_query(q, engine.Filters(lower=timezone.now() - timedelta(days=1)))
    assert built is not None
