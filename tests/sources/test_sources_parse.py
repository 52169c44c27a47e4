"""Validation of sources files, without the database: every problem names its line."""

from __future__ import annotations

import pytest

from kabar.sources.sourcefile import FeedSpec, SourcesFileError, sources_parse

GOOD = """\
[[groups]]
slug = "media-jepang"
name = "Media Jepang"
position = 1

[[sources]]
slug = "mainichi"
name = "Mainichi"
group = "media-jepang"
homepage = "https://mainichi.jp/english/"
language = "en"
feeds = [{ url = "https://mainichi.jp/rss/etc/english_latest.rss", kind = "rss" }]
"""


def errors_of(text: str, known_groups=frozenset()) -> list[str]:
    with pytest.raises(SourcesFileError) as caught:
        sources_parse(text=text, name="japan.toml", known_groups=known_groups)
    return caught.value.errors


def line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def test_good_file_parses_to_specs():
    groups, sources = sources_parse(text=GOOD, name="japan.toml")
    assert [(g.slug, g.name, g.position) for g in groups] == [("media-jepang", "Media Jepang", 1)]
    (mainichi,) = sources
    assert (mainichi.slug, mainichi.group, mainichi.language, mainichi.active) == (
        "mainichi",
        "media-jepang",
        "en",
        None,
    )
    assert mainichi.feeds == (FeedSpec(url="https://mainichi.jp/rss/etc/english_latest.rss", kind="rss"),)


def test_optional_keys_may_be_left_out():
    text = GOOD.replace("position = 1\n", "").replace('language = "en"\n', "").replace("feeds = [", "#")
    groups, sources = sources_parse(text=text, name="x.toml")
    assert groups[0].position is None
    assert sources[0].language is None and sources[0].feeds is None


def test_unknown_group_names_the_group_line():
    text = GOOD + '\n[[sources]]\nslug = "x"\nname = "X"\ngroup = "y"\nhomepage = "https://x.example/"\n'
    line = line_of(text, 'group = "y"')
    assert errors_of(text) == [f'japan.toml:{line}: source "x": unknown group "y"']


def test_group_known_in_the_database_is_accepted():
    text = GOOD.split("[[sources]]")[1]
    _, sources = sources_parse(text="[[sources]]" + text, name="x.toml", known_groups={"media-jepang"})
    assert sources[0].group == "media-jepang"
    (error,) = errors_of("[[sources]]" + text)
    assert error == 'japan.toml:4: source "mainichi": unknown group "media-jepang"'


def test_duplicate_source_slug_names_the_second_line():
    text = GOOD + GOOD.split("\n\n", 1)[1]
    first, second = line_of(text, 'slug = "mainichi"', 1), line_of(text, 'slug = "mainichi"', 2)
    assert errors_of(text) == [
        f'japan.toml:{second}: source "mainichi": duplicate slug (first defined on line {first})'
    ]


def test_duplicate_group_slug_names_the_line():
    text = GOOD + '\n[[groups]]\nslug = "media-jepang"\nname = "Again"\n'
    second = line_of(text, 'slug = "media-jepang"', 2)
    assert errors_of(text) == [
        f'japan.toml:{second}: group "media-jepang": duplicate slug (first defined on line 2)'
    ]


def test_a_group_and_a_source_may_share_a_slug():
    text = GOOD + '\n[[groups]]\nslug = "mainichi"\nname = "Mainichi group"\n'
    groups, sources = sources_parse(text=text, name="x.toml")
    assert {g.slug for g in groups} == {"media-jepang", "mainichi"} and len(sources) == 1


def test_toml_syntax_error_gives_line_and_column():
    text = GOOD.replace('name = "Mainichi"', 'name = "Mainichi')
    (error,) = errors_of(text)
    line = line_of(text, 'name = "Mainichi')
    assert error.startswith(f"japan.toml:{line}: TOML syntax error: ")
    assert "column" in error


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ('name = "Mainichi"\n', "", "[[sources]]", 'source "mainichi": missing required key "name"'),
        ('slug = "mainichi"', 'slug = "Main ichi"', "Main ichi", 'source "Main ichi": "slug" must be'),
        ('slug = "mainichi"', 'slug = "a--b"', "a--b", 'source "a--b": "slug" must be'),
        ("https://mainichi.jp/english/", "mainichi.jp", "homepage", '"homepage" must be an http(s) URL'),
        ("https://mainichi.jp/english/", "ftp://mainichi.jp/", "homepage", '"homepage" must be an http(s)'),
        ('kind = "rss"', 'kind = "xml"', "feeds", 'feed 1: unknown kind "xml" (expected one of rss, atom'),
        ('{ url = "https://mainichi.jp/rss', '{ url = "mainichi.jp/rss', "feeds", "feed 1: url must be"),
        (', kind = "rss"', "", "feeds", 'feed 1: missing required key "kind"'),
        (', kind = "rss"', ', kind = "rss", etag = "x"', "feeds", 'feed 1: unknown key "etag"'),
        ('language = "en"', 'langauge = "en"', "langauge", 'source "mainichi": unknown key "langauge"'),
        ('language = "en"', 'language = "English!"', "language", '"language" must be a language code'),
        ('language = "en"', 'active = "yes"', "active", '"active" must be true or false'),
        ("position = 1", "position = -1", "position", 'group "media-jepang": "position" must be'),
        ("position = 1", 'position = "1"', "position", '"position" must be a whole number'),
        ('name = "Media Jepang"', 'name = ""', 'name = ""', '"name" must be a non-empty string'),
    ],
)
def test_each_bad_value_is_reported_on_its_line(old, new, needle, message):
    assert old in GOOD
    text = GOOD.replace(old, new)
    (error,) = errors_of(text)
    assert error.startswith(f"japan.toml:{line_of(text, needle)}: ")
    assert message in error


def test_duplicate_feed_url_in_one_source():
    feed = '{ url = "https://mainichi.jp/a.rss", kind = "rss" }'
    text = GOOD.replace("feeds = [{", f"feeds = [\n    {feed},\n    {feed},\n    {{")
    (error,) = errors_of(text)
    assert 'feed 2: duplicate feed URL "https://mainichi.jp/a.rss"' in error
    assert error.startswith(f"japan.toml:{line_of(text, 'a.rss')}: ")


def test_feed_errors_point_at_the_feed_line_in_a_multiline_array():
    text = GOOD.replace(
        'feeds = [{ url = "https://mainichi.jp/rss/etc/english_latest.rss", kind = "rss" }]',
        'feeds = [\n  { url = "https://a.example/feed", kind = "rss" },\n  { url = "https://b.example/feed", kind = "csv" },\n]',
    )
    (error,) = errors_of(text)
    assert error == (
        f'japan.toml:{line_of(text, "b.example")}: source "mainichi": feed 2: unknown kind "csv" '
        "(expected one of rss, atom, rdf, json, sitemap)"
    )


def test_every_problem_is_reported_not_just_the_first():
    text = GOOD.replace('group = "media-jepang"', 'group = "nope"').replace('kind = "rss"', 'kind = "x"')
    errors = errors_of(text)
    assert len(errors) == 2
    assert any("unknown group" in e for e in errors) and any('unknown kind "x"' in e for e in errors)


def test_unknown_top_level_key_and_empty_file():
    (error,) = errors_of('title = "x"\n' + GOOD)
    assert error == 'japan.toml:1: unknown top-level key "title" (expected groups, sources)'
    assert errors_of("# nothing here\n") == ["japan.toml: no [[groups]] or [[sources]] in the file"]


def test_groups_must_be_an_array_of_tables():
    (error,) = errors_of('groups = "media-jepang"\n')
    assert error == 'japan.toml:1: "groups" must be an array of tables ([[groups]])'


def test_sources_without_line_headers_still_get_a_line():
    text = (
        'groups = [{ slug = "g", name = "G" }]\n'
        'sources = [{ slug = "s", name = "S", group = "nope", homepage = "https://s.example/" }]\n'
    )
    assert errors_of(text) == ['japan.toml:2: source "s": unknown group "nope"']


def test_sub_table_feeds_are_accepted():
    text = GOOD.replace(
        'feeds = [{ url = "https://mainichi.jp/rss/etc/english_latest.rss", kind = "rss" }]',
        '[[sources.feeds]]\nurl = "https://mainichi.jp/a.rss"\nkind = "atom"\n',
    )
    _, (source,) = sources_parse(text=text, name="x.toml")
    assert source.feeds == (FeedSpec(url="https://mainichi.jp/a.rss", kind="atom"),)


def test_values_of_the_wrong_type_are_errors_not_crashes():
    text = GOOD.replace('slug = "media-jepang"', "slug = [1]").replace('group = "media-jepang"', "group = 3")
    errors = errors_of(text)
    assert len(errors) == 2
    assert errors[0].startswith('japan.toml:2: group #1: "slug" must be')
    assert errors[1].startswith('japan.toml:9: source "mainichi": "group" must be a string')
    (error,) = errors_of(GOOD.replace("feeds = [{", 'feeds = ["x", {'))
    assert '"feeds" must be an array of tables' in error
