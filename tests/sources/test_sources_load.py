"""`kabar sources load` against the real database."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kabar.cli import main as kabar_main
from kabar.sources.loading import REMOVED_REASON, SourcesFileError, sources_load
from kabar.sources.models import Feed, MediaGroup, Source

pytestmark = pytest.mark.django_db

FILE = """\
[[groups]]
slug = "media-jepang"
name = "Media Jepang"
position = 1

[[groups]]
slug = "kantor-berita"
name = "Kantor Berita"
position = 2

[[sources]]
slug = "mainichi"
name = "Mainichi"
group = "media-jepang"
homepage = "https://mainichi.jp/english/"
language = "en"
feeds = [{ url = "https://mainichi.jp/rss/etc/english_latest.rss", kind = "rss" }]

[[sources]]
slug = "nhk-world"
name = "NHK World"
group = "media-jepang"
homepage = "https://www3.nhk.or.jp/nhkworld/en/news/"
feeds = [
    { url = "https://www3.nhk.or.jp/nhkworld/data/en/news/all.json", kind = "json" },
    { url = "https://www3.nhk.or.jp/nhkworld/data/en/news/backstory/rss.xml", kind = "rss" },
]

[[sources]]
slug = "kyodo"
name = "Kyodo News"
group = "kantor-berita"
homepage = "https://english.kyodonews.net/"
feeds = [{ url = "https://english.kyodonews.net/sitemap.xml", kind = "sitemap" }]
"""


def write(tmp_path, text: str, name: str = "japan.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(path, *extra: str) -> str:
    out = StringIO()
    call_command("sources", "load", *extra, str(path), stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def line_of(text: str, needle: str, nth: int = 1) -> int:
    return [n for n, line in enumerate(text.splitlines(), 1) if needle in line][nth - 1]


def snapshot() -> tuple:
    return (
        sorted(MediaGroup.objects.values_list("pk", "slug", "name", "position")),
        sorted(
            Source.objects.values_list("pk", "slug", "name", "group__slug", "homepage", "language", "active")
        ),
        sorted(Feed.objects.values_list("pk", "source__slug", "url", "kind", "active")),
    )


def test_load_creates_groups_sources_and_feeds(tmp_path):
    output = load(write(tmp_path, FILE))
    assert output == (
        "groups: 2 created, 0 updated; sources: 3 created, 0 updated; feeds: 4 created, 0 updated, 0 deactivated"
    )
    kyodo = Source.objects.select_related("group").get(slug="kyodo")
    assert (kyodo.name, kyodo.group.slug, kyodo.homepage, kyodo.language, kyodo.active) == (
        "Kyodo News",
        "kantor-berita",
        "https://english.kyodonews.net/",
        "en",
        True,
    )
    assert list(MediaGroup.objects.values_list("slug", "position")) == [
        ("media-jepang", 1),
        ("kantor-berita", 2),
    ]
    nhk = sorted(Feed.objects.filter(source__slug="nhk-world").values_list("kind", "url"))
    assert nhk == [
        ("json", "https://www3.nhk.or.jp/nhkworld/data/en/news/all.json"),
        ("rss", "https://www3.nhk.or.jp/nhkworld/data/en/news/backstory/rss.xml"),
    ]


def test_second_load_is_idempotent(tmp_path):
    path = write(tmp_path, FILE)
    load(path)
    before = snapshot()
    output = load(path)
    assert output == (
        "groups: 0 created, 0 updated; sources: 0 created, 0 updated; feeds: 0 created, 0 updated, 0 deactivated"
    )
    assert snapshot() == before


def test_changed_values_update_rows_in_place(tmp_path):
    load(write(tmp_path, FILE))
    ids = dict(Source.objects.values_list("slug", "pk"))
    changed = (
        FILE.replace('name = "Kyodo News"', 'name = "Kyodo"')
        .replace('group = "kantor-berita"', 'group = "media-jepang"')
        .replace("position = 2", "position = 5")
        .replace('kind = "sitemap"', 'kind = "rss"')
    )
    output = load(write(tmp_path, changed))
    assert output == (
        "groups: 0 created, 1 updated; sources: 0 created, 1 updated; feeds: 0 created, 1 updated, 0 deactivated"
    )
    kyodo = Source.objects.get(slug="kyodo")
    assert (kyodo.pk, kyodo.name, kyodo.group.slug) == (ids["kyodo"], "Kyodo", "media-jepang")
    assert MediaGroup.objects.get(slug="kantor-berita").position == 5
    assert Feed.objects.get(source=kyodo).kind == "rss"


def test_left_out_optional_keys_keep_their_value(tmp_path):
    load(write(tmp_path, FILE))
    Source.objects.filter(slug="kyodo").update(language="ja", active=False)
    load(write(tmp_path, FILE))
    assert Source.objects.filter(slug="kyodo").values_list("language", "active").get() == ("ja", False)
    load(write(tmp_path, FILE.replace('slug = "kyodo"', 'slug = "kyodo"\nactive = true\nlanguage = "en"')))
    assert Source.objects.filter(slug="kyodo").values_list("language", "active").get() == ("en", True)


def test_unlisted_feed_is_kept_inactive_and_comes_back_when_listed(tmp_path):
    load(write(tmp_path, FILE))
    json_feed = Feed.objects.get(url__endswith="all.json")
    json_feed.etag = '"abc"'
    json_feed.save()
    without = FILE.replace(
        '    { url = "https://www3.nhk.or.jp/nhkworld/data/en/news/all.json", kind = "json" },\n', ""
    )
    assert load(write(tmp_path, without)).endswith("feeds: 0 created, 0 updated, 1 deactivated")
    json_feed.refresh_from_db()
    assert (json_feed.active, json_feed.disabled_reason, json_feed.etag) == (False, REMOVED_REASON, '"abc"')
    assert load(write(tmp_path, FILE)).endswith("feeds: 0 created, 1 updated, 0 deactivated")
    json_feed.refresh_from_db()
    assert (json_feed.active, json_feed.disabled_reason, json_feed.etag) == (True, "", '"abc"')


def test_feed_disabled_by_someone_else_stays_disabled(tmp_path):
    load(write(tmp_path, FILE))
    Feed.objects.filter(url__endswith="sitemap.xml").update(active=False, disabled_reason="gone (HTTP 410)")
    assert load(write(tmp_path, FILE)).endswith("feeds: 0 created, 0 updated, 0 deactivated")
    assert Feed.objects.filter(url__endswith="sitemap.xml", active=False).exists()


def test_source_without_feeds_key_keeps_its_feeds(tmp_path):
    load(write(tmp_path, FILE))
    text = FILE.replace(
        'feeds = [{ url = "https://english.kyodonews.net/sitemap.xml", kind = "sitemap" }]\n', ""
    )
    load(write(tmp_path, text))
    assert Feed.objects.filter(source__slug="kyodo", active=True).count() == 1
    load(write(tmp_path, text + "feeds = []\n"))
    assert Feed.objects.filter(source__slug="kyodo", active=True).count() == 0


def test_second_file_can_use_groups_already_loaded(tmp_path):
    load(write(tmp_path, FILE))
    extra = '[[sources]]\nslug = "jiji"\nname = "Jiji Press"\ngroup = "kantor-berita"\nhomepage = "https://jen.jiji.com/"\n'
    assert load(write(tmp_path, extra, "more.toml")).startswith(
        "groups: 0 created, 0 updated; sources: 1 created"
    )
    assert Source.objects.count() == 4


def test_unknown_group_is_an_error_naming_the_line(tmp_path):
    text = FILE.replace('group = "kantor-berita"', 'group = "wire"')
    path = write(tmp_path, text)
    err = StringIO()
    with pytest.raises(CommandError, match=r"nothing loaded \(1 problem\)"):
        call_command("sources", "load", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().strip() == f'{path}:{line_of(text, "wire")}: source "kyodo": unknown group "wire"'


def test_duplicate_slug_is_an_error_naming_the_line(tmp_path):
    text = FILE + FILE.split("\n\n")[2] + "\n"
    path = write(tmp_path, text)
    first, second = line_of(text, 'slug = "mainichi"'), line_of(text, 'slug = "mainichi"', 2)
    with pytest.raises(SourcesFileError) as caught:
        sources_load(path=path)
    assert caught.value.errors == [
        f'{path}:{second}: source "mainichi": duplicate slug (first defined on line {first})'
    ]


def test_toml_syntax_error(tmp_path):
    text = FILE.replace('name = "NHK World"', "name = NHK World")
    path = write(tmp_path, text)
    line = line_of(text, "name = NHK World")
    with pytest.raises(SourcesFileError) as caught:
        sources_load(path=path)
    (error,) = caught.value.errors
    assert error.startswith(f"{path}:{line}: TOML syntax error: Invalid value (at line {line}, column 8)")


def test_nothing_is_written_when_any_entry_is_bad(tmp_path):
    # Everything but the last feed is valid; the groups and sources before it must not be written.
    path = write(tmp_path, FILE.replace('kind = "sitemap"', 'kind = "html"'))
    with pytest.raises(CommandError):
        call_command("sources", "load", str(path), stdout=StringIO(), stderr=StringIO())
    assert (MediaGroup.objects.count(), Source.objects.count(), Feed.objects.count()) == (0, 0, 0)


def test_nothing_changes_when_a_reload_is_bad(tmp_path):
    load(write(tmp_path, FILE))
    before = snapshot()
    bad = FILE.replace('name = "Mainichi"', 'name = "Renamed"').replace('slug = "kyodo"', 'slug = "Kyodo"')
    with pytest.raises(SourcesFileError):
        sources_load(path=write(tmp_path, bad))
    assert snapshot() == before


def test_missing_file_is_one_clear_error(tmp_path):
    with pytest.raises(SourcesFileError) as caught:
        sources_load(path=tmp_path / "nope.toml")
    assert caught.value.errors == [
        f"{tmp_path / 'nope.toml'}: cannot read the file: No such file or directory"
    ]


def test_if_empty_loads_into_an_empty_database(tmp_path):
    output = load(write(tmp_path, FILE), "--if-empty")
    assert output.startswith("groups: 2 created") and Source.objects.count() == 3


def test_if_empty_does_nothing_when_a_source_exists(tmp_path, source):
    # Not even the file is read: `make run` passes it on every start.
    output = load(tmp_path / "does-not-exist.toml", "--if-empty")
    assert output == "sources: 1 already in the database; nothing loaded (--if-empty)"
    assert Source.objects.count() == 1 and MediaGroup.objects.count() == 1


# run_from_argv closes the database connection at the end, which would end a wrapping test transaction.
@pytest.mark.django_db(transaction=True)
def test_cli_exits_1_with_one_line_per_problem(tmp_path, capsys):
    text = FILE.replace('group = "kantor-berita"', 'group = "wire"').replace('kind = "json"', 'kind = "js"')
    path = write(tmp_path, text)
    with pytest.raises(SystemExit) as exited:
        kabar_main(["kabar", "sources", "load", str(path)])
    assert exited.value.code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [
        f'{path}:{line_of(text, "all.json")}: source "nhk-world": feed 1: unknown kind "js" (expected one of rss, atom, rdf, json, sitemap)',
        f'{path}:{line_of(text, "wire")}: source "kyodo": unknown group "wire"',
        f"CommandError: {path}: nothing loaded (2 problems)",
    ]
    assert Source.objects.count() == 0
