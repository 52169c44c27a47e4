"""`kabar import` through the management command, against the real test database."""

from __future__ import annotations

import io
import json
import sys
import time
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from kabar.articles.importing import MAX_LINE_BYTES
from kabar.articles.models import LIMITS, Article
from kabar.sources.models import MediaGroup, Source

DATE_HINT = "expected ISO 8601 with a UTC offset, e.g. 2025-04-09T08:30:00+09:00"


def article(n: int = 1, **overrides) -> dict:
    data = {
        "url": f"https://mainichi.jp/english/articles/2025/{n}",
        "title": f"Typhoon nears Okinawa {n}",
        "source": "mainichi",
        "published_at": f"2025-04-09T08:{n % 60:02d}:00+09:00",
        "body": "First paragraph.\n\nSecond paragraph.",
    }
    data.update(overrides)
    return data


def jsonl(*lines) -> bytes:
    """dicts become JSON lines; str and bytes are taken as the raw line."""
    out = []
    for line in lines:
        if isinstance(line, dict):
            line = json.dumps(line, ensure_ascii=False)
        out.append(line.encode("utf-8") if isinstance(line, str) else line)
    return b"\n".join(out) + b"\n"


def run_import(path, *args) -> tuple[int, str, str]:
    """Run the command as `kabar import` would; returns (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("import_articles", str(path), *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def write(tmp_path):
    def write(*lines, name="articles.jsonl"):
        path = tmp_path / name
        path.write_bytes(jsonl(*lines))
        return path

    return write


@pytest.mark.django_db
def test_good_lines_are_imported_with_every_field(source, kyodo, write):
    path = write(
        article(
            1,
            title="Sakura forecast: 桜前線 moves north — “early” bloom",
            summary="Blossoms open early.",
            author="Hanako Sato",
            image_url="https://cdn.mainichi.jp/vol1/2025/04/09/photo.jpg",
            image_caption="Cherry trees in Ueno Park.",
            language="en",
        ),
        article(2, source="kyodo", url="https://english.kyodonews.net/news/2025/04/a.html"),
        article(3, image_url="/static/demo/img/sakura-1.jpg", published_at="2025-04-09T00:00:00Z"),
    )
    code, out, err = run_import(path)
    assert (code, out, err) == (0, "imported 3, updated 0, rejected 0\n", "")
    first = Article.objects.get(url="https://mainichi.jp/english/articles/2025/1")
    assert first.source == source
    assert first.title == "Sakura forecast: 桜前線 moves north — “early” bloom"
    assert first.summary == "Blossoms open early."
    assert first.author == "Hanako Sato"
    assert first.image_url == "https://cdn.mainichi.jp/vol1/2025/04/09/photo.jpg"
    assert first.image_caption == "Cherry trees in Ueno Park."
    assert first.body == "First paragraph.\n\nSecond paragraph."
    assert first.paragraphs == ["First paragraph.", "Second paragraph."]
    # +09:00 is kept as the same instant.
    assert first.published_at == datetime(2025, 4, 8, 23, 1, tzinfo=UTC)
    assert Article.objects.get(source=kyodo).title == "Typhoon nears Okinawa 2"
    assert Article.objects.get(url__endswith="/3").image_url == "/static/demo/img/sakura-1.jpg"
    assert not Article.objects.filter(is_demo=True).exists()


@pytest.mark.django_db
def test_optional_fields_may_be_absent_null_or_empty_and_unknown_fields_are_ignored(source, write):
    source.language = "ja"
    source.save()
    path = write(
        article(1),
        article(2, summary=None, author=None, image_url="", image_caption=None, language=None),
        article(3, language="en", id=99, tags=["x"], extra={"a": 1}),
    )
    code, out, err = run_import(path)
    assert (code, out, err) == (0, "imported 3, updated 0, rejected 0\n", "")
    one, two, three = (Article.objects.get(url__endswith=f"/{n}") for n in (1, 2, 3))
    assert (one.summary, one.author, one.image_url, one.image_caption) == ("", "", "", "")
    assert (two.summary, two.author, two.image_url, two.image_caption) == ("", "", "", "")
    # Without a language the source's language applies.
    assert (one.language, two.language, three.language) == ("ja", "ja", "en")


BAD_LINES = [
    ("invalid-json", '{"url": ', "invalid JSON (Expecting value at column 9)"),
    ("truncated-json", '{"url": "https://a.jp/x"', "invalid JSON (Expecting ',' delimiter at column 25)"),
    ("not-object-list", "[1, 2]", "not a JSON object"),
    ("not-object-string", '"just a string"', "not a JSON object"),
    ("not-object-null", "null", "not a JSON object"),
    ("not-utf8", b'{"title": "caf\xe9"}', "not valid UTF-8"),
    ("deep-nesting", "[" * 100_000 + "]" * 100_000, "invalid JSON (nested too deeply)"),
    ("missing-url", {k: v for k, v in article(9).items() if k != "url"}, 'missing required field "url"'),
    (
        "missing-title",
        {k: v for k, v in article(9).items() if k != "title"},
        'missing required field "title"',
    ),
    (
        "missing-source",
        {k: v for k, v in article(9).items() if k != "source"},
        'missing required field "source"',
    ),
    (
        "missing-date",
        {k: v for k, v in article(9).items() if k != "published_at"},
        'missing required field "published_at"',
    ),
    ("missing-body", {k: v for k, v in article(9).items() if k != "body"}, 'missing required field "body"'),
    ("empty-title", article(9, title=""), 'empty required field "title"'),
    ("blank-title", article(9, title="  \n "), 'empty required field "title"'),
    ("null-title", article(9, title=None), 'empty required field "title"'),
    ("empty-body", article(9, body=""), 'empty required field "body"'),
    ("empty-url", article(9, url=" "), 'empty required field "url"'),
    ("number-title", article(9, title=42), 'field "title" must be a string'),
    ("object-body", article(9, body={"text": "x"}), 'field "body" must be a string'),
    ("list-author", article(9, author=["a", "b"]), 'field "author" must be a string'),
    ("bool-summary", article(9, summary=True), 'field "summary" must be a string'),
    ("number-date", article(9, published_at=1744156800), 'field "published_at" must be a string'),
    ("bad-date", article(9, published_at="yesterday"), f'bad date in "published_at" ({DATE_HINT})'),
    (
        "bad-date-day",
        article(9, published_at="2025-02-30T08:00:00+09:00"),
        f'bad date in "published_at" ({DATE_HINT})',
    ),
    (
        "naive-date",
        article(9, published_at="2025-04-09T08:30:00"),
        f'bad date in "published_at": no UTC offset ({DATE_HINT})',
    ),
    (
        "date-only",
        article(9, published_at="2025-04-09"),
        f'bad date in "published_at": no UTC offset ({DATE_HINT})',
    ),
    (
        "date-overflow",
        article(9, published_at="0001-01-01T00:00:00+09:00"),
        'bad date in "published_at": out of range',
    ),
    (
        "unknown-source",
        article(9, source="nope"),
        'unknown source "nope" (use --create-sources to create it)',
    ),
    ("relative-url", article(9, url="/english/articles/9"), 'field "url" is not an absolute http(s) URL'),
    ("ftp-url", article(9, url="ftp://mainichi.jp/x"), 'field "url" is not an absolute http(s) URL'),
    ("space-in-url", article(9, url="https://mainichi.jp/a b"), 'field "url" is not an absolute http(s) URL'),
    (
        "js-image",
        article(9, image_url="javascript:alert(1)"),
        'field "image_url" is not an http(s) URL or a /static/ path',
    ),
    (
        "other-path-image",
        article(9, image_url="/media/x.jpg"),
        'field "image_url" is not an http(s) URL or a /static/ path',
    ),
    (
        "dotdot-image",
        article(9, image_url="/static/../settings.py"),
        'field "image_url" is not an http(s) URL or a /static/ path',
    ),
    ("bad-language", article(9, language="english!"), 'field "language" is not a language code such as "en"'),
    ("nul-in-body", article(9, body="a\u0000b"), 'field "body" contains a NUL character'),
    (
        "lone-surrogate",
        json.dumps(article(9, title="a\ud800b")),
        'field "title" is not valid Unicode (lone surrogate)',
    ),
    (
        "long-url",
        article(9, url="https://mainichi.jp/" + "a" * 1000),
        'field "url" is longer than 1000 characters',
    ),
    ("long-title", article(9, title="t" * 501), 'field "title" is longer than 500 characters'),
    ("long-summary", article(9, summary="s" * 5001), 'field "summary" is longer than 5000 characters'),
    ("long-body", article(9, body="b" * 200_001), 'field "body" is longer than 200000 characters'),
    ("long-author", article(9, author="a" * 301), 'field "author" is longer than 300 characters'),
    (
        "long-caption",
        article(9, image_caption="c" * 1001),
        'field "image_caption" is longer than 1000 characters',
    ),
    ("long-language", article(9, language="en-" + "a" * 8), 'field "language" is longer than 10 characters'),
    ("long-source", article(9, source="s" * 65), 'field "source" is longer than 64 characters'),
    (
        "long-line",
        article(9, body="x" * 150_000, junk="y" * MAX_LINE_BYTES),
        f"line is longer than {MAX_LINE_BYTES} bytes",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bad", "reason"), [(b, r) for _, b, r in BAD_LINES], ids=[i for i, _, _ in BAD_LINES]
)
def test_each_bad_line_is_reported_and_skipped_while_the_others_are_imported(source, write, bad, reason):
    path = write(article(1), "", bad, article(2))
    code, out, err = run_import(path)
    assert err == f"line 3: {reason}\n"
    assert out == "imported 2, updated 0, rejected 1\n"
    assert code == 1
    assert sorted(Article.objects.values_list("url", flat=True)) == [
        "https://mainichi.jp/english/articles/2025/1",
        "https://mainichi.jp/english/articles/2025/2",
    ]
    assert list(Source.objects.values_list("slug", flat=True)) == ["mainichi"]


def test_the_limits_checked_are_the_models_limits():
    # The messages above spell the numbers out; this keeps them honest if LIMITS change.
    assert (LIMITS["url"], LIMITS["title"], LIMITS["summary"], LIMITS["body"]) == (1000, 500, 5000, 200_000)
    assert (LIMITS["author"], LIMITS["image_caption"], LIMITS["language"]) == (300, 1000, 10)


@pytest.mark.django_db
def test_several_bad_lines_each_get_their_own_number_and_blank_lines_are_silent(source, write):
    path = write("", "   ", "nope", article(1), "\t", article(2, title=""), article(3), "[]")
    code, out, err = run_import(path)
    assert err.splitlines() == [
        "line 3: invalid JSON (Expecting value at column 1)",
        'line 6: empty required field "title"',
        "line 8: not a JSON object",
    ]
    assert (code, out) == (1, "imported 2, updated 0, rejected 3\n")


@pytest.mark.django_db
def test_values_at_their_limits_are_accepted(source, write):
    path = write(
        article(
            1,
            url="https://mainichi.jp/" + "a" * (LIMITS["url"] - len("https://mainichi.jp/")),
            title="t" * LIMITS["title"],
            summary="s" * LIMITS["summary"],
            body="b" * LIMITS["body"],
            author="a" * LIMITS["author"],
            image_caption="c" * LIMITS["image_caption"],
        )
    )
    code, out, err = run_import(path)
    assert (code, out, err) == (0, "imported 1, updated 0, rejected 0\n", "")
    stored = Article.objects.get()
    assert (len(stored.url), len(stored.title), len(stored.body)) == (1000, 500, 200_000)


@pytest.mark.django_db
def test_windows_line_endings_and_a_byte_order_mark_are_accepted(source, tmp_path):
    path = tmp_path / "win.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + jsonl(article(1)).replace(b"\n", b"\r\n") + jsonl(article(2))[:-1])
    code, out, err = run_import(path)
    assert (code, out, err) == (0, "imported 2, updated 0, rejected 0\n", "")


@pytest.mark.django_db
def test_reimport_is_idempotent_and_a_change_is_an_update_with_a_new_seq(source, write):
    path = write(article(1), article(2))
    assert run_import(path) == (0, "imported 2, updated 0, rejected 0\n", "")
    before = dict(Article.objects.values_list("url", "seq"))

    assert run_import(path) == (0, "imported 0, updated 0, rejected 0\nunchanged 2\n", "")
    assert dict(Article.objects.values_list("url", "seq")) == before

    # The same URL with whitespace around it is the same article.
    edited = article(2, title="Typhoon reaches Okinawa", url=" https://mainichi.jp/english/articles/2025/2\t")
    path = write(article(1), edited)
    assert run_import(path) == (0, "imported 0, updated 1, rejected 0\nunchanged 1\n", "")
    assert Article.objects.count() == 2
    after = dict(Article.objects.values_list("url", "seq"))
    url2 = "https://mainichi.jp/english/articles/2025/2"
    assert Article.objects.get(url=url2).title == "Typhoon reaches Okinawa"
    assert after[url2] > max(before.values())
    assert (
        after["https://mainichi.jp/english/articles/2025/1"]
        == before["https://mainichi.jp/english/articles/2025/1"]
    )


@pytest.mark.django_db
def test_reimport_keeps_fields_the_format_does_not_carry(source, make_article, write):
    stored = make_article(url="https://mainichi.jp/english/articles/2025/1", guid="g-1", is_demo=True)
    line = article(1, title=stored.title, published_at=stored.published_at.isoformat(), body=stored.body)
    assert run_import(write(line)) == (0, "imported 0, updated 0, rejected 0\nunchanged 1\n", "")
    assert run_import(write({**line, "title": "New title"})) == (0, "imported 0, updated 1, rejected 0\n", "")
    stored.refresh_from_db()
    assert (stored.title, stored.guid, stored.is_demo) == ("New title", "g-1", True)


@pytest.mark.django_db
@pytest.mark.parametrize("batch_size", ["500", "1"])
def test_a_url_twice_in_one_file_is_one_article_and_the_last_line_wins(source, write, batch_size):
    path = write(article(1, title="First"), article(2), article(1, title="Second"))
    code, out, err = run_import(path, "--batch-size", batch_size)
    assert (code, out, err) == (0, "imported 2, updated 0, rejected 0\n", "")
    assert Article.objects.get(url__endswith="/1").title == "Second"
    # A rejected later duplicate does not undo the good earlier line.
    path = write(article(3, title="Good"), article(3, title=""))
    code, out, _ = run_import(path, "--batch-size", batch_size)
    assert (code, out) == (1, "imported 1, updated 0, rejected 1\n")
    assert Article.objects.get(url__endswith="/3").title == "Good"


@pytest.mark.django_db
def test_batches_of_many_lines_are_all_written(source, write):
    lines = [
        article(n, published_at=f"2025-04-09T08:{n % 60:02d}:{n // 60 % 60:02d}+09:00")
        for n in range(1, 1201)
    ]
    code, out, err = run_import(write(*lines), "--batch-size", "100")
    assert (code, out, err) == (0, "imported 1200, updated 0, rejected 0\n", "")
    assert Article.objects.count() == 1200
    assert len(set(Article.objects.values_list("seq", flat=True))) == 1200


@pytest.mark.django_db
def test_stdin_is_read_with_a_dash(source, monkeypatch):
    data = jsonl(article(1), "oops", article(2, title="Gempa di Tōhoku"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, err = run_import("-")
    assert (code, out, err) == (
        1,
        "imported 2, updated 0, rejected 1\n",
        "line 2: invalid JSON (Expecting value at column 1)\n",
    )
    assert Article.objects.get(url__endswith="/2").title == "Gempa di Tōhoku"


@pytest.mark.django_db
def test_create_sources_makes_unknown_sources_in_the_other_group(group, write):
    path = write(
        article(
            1, source="japan-today", url="https://japantoday.com/category/national/sakura", language="en"
        ),
        article(2, source="japan-today", url="https://japantoday.com/category/national/typhoon"),
        article(3, source="tokyo_weekender", url="https://user:pw@www.tokyoweekender.com:8443/x/y?z=1"),
        article(4, source="Bad Slug", url="https://example.jp/4"),
        article(5, source="good-slug", url="https://example.jp/5", title=""),
    )
    code, out, err = run_import(path, "--create-sources")
    assert err.splitlines() == [
        'line 4: invalid source slug "Bad Slug" (use lowercase letters, digits, - and _)',
        'line 5: empty required field "title"',
    ]
    assert (code, out) == (1, "imported 3, updated 0, rejected 2\n")
    other = MediaGroup.objects.get(slug="lainnya")
    assert other.name == "Lainnya" and other.position == group.position + 1
    created = {s.slug: s for s in Source.objects.all()}
    assert set(created) == {"japan-today", "tokyo_weekender"}  # a bad line creates nothing
    today = created["japan-today"]
    assert (today.name, today.group, today.homepage, today.language) == (
        "Japan Today",
        other,
        "https://japantoday.com/",
        "en",
    )
    assert created["tokyo_weekender"].name == "Tokyo Weekender"
    assert created["tokyo_weekender"].homepage == "https://www.tokyoweekender.com:8443/"
    assert Article.objects.filter(source=today).count() == 2

    # Known now: a second run neither rejects nor creates anything.
    assert run_import(path, "--create-sources")[1] == "imported 0, updated 0, rejected 2\nunchanged 3\n"
    assert Source.objects.count() == 2 and MediaGroup.objects.count() == 2


@pytest.mark.django_db
def test_without_create_sources_an_unknown_source_creates_nothing(db, write):
    code, out, err = run_import(write(article(1, source="japan-today")))
    assert (code, out) == (1, "imported 0, updated 0, rejected 1\n")
    assert err == 'line 1: unknown source "japan-today" (use --create-sources to create it)\n'
    assert not Source.objects.exists() and not MediaGroup.objects.exists()


@pytest.mark.django_db
def test_a_missing_or_unreadable_file_is_a_one_line_error(db, tmp_path):
    with pytest.raises(CommandError, match=r"^cannot read .*nope\.jsonl: No such file or directory$"):
        call_command(
            "import_articles", str(tmp_path / "nope.jsonl"), stdout=io.StringIO(), stderr=io.StringIO()
        )
    with pytest.raises(CommandError, match=r"^cannot read .*: Is a directory$"):
        call_command("import_articles", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_an_empty_file_imports_nothing(db, tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert run_import(tmp_path / "empty.jsonl") == (0, "imported 0, updated 0, rejected 0\n", "")


@pytest.mark.django_db
def test_progress_bar_only_when_asked_or_on_a_terminal(source, write):
    path = write(article(1), "bad")
    code, out, err = run_import(path)  # captured stderr is not a terminal: no bar
    assert err == "line 2: invalid JSON (Expecting value at column 1)\n"
    code, out, err = run_import(path, "--progress")
    assert "line 2: invalid JSON (Expecting value at column 1)" in err
    assert "import" in err and "100%" in err
    assert out == "imported 0, updated 0, rejected 1\nunchanged 1\n" and code == 1


@pytest.mark.django_db
def test_batch_size_is_checked(db, write):
    with pytest.raises(CommandError, match="--batch-size must be between 1 and 10000"):
        call_command("import_articles", str(write(article(1))), "--batch-size", "0")


@pytest.mark.slow
@pytest.mark.django_db
def test_throughput_smoke_10k_lines(source, kyodo, write):
    lines = []
    for n in range(10_000):
        lines.append(
            article(
                n,
                source="kyodo" if n % 3 == 0 else "mainichi",
                published_at=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00+09:00",
                body="Paragraph one of a realistic length. " * 20 + "\n\n" + "Paragraph two. " * 30,
                summary="A short summary.",
                image_caption="A caption." if n % 2 else "",
            )
        )
    path = write(*lines)
    started = time.monotonic()
    # Clustering (on by default) has its own benchmark; 10k copies of one body is its worst case.
    code, out, err = run_import(path, "--no-cluster")
    elapsed = time.monotonic() - started
    assert (code, out, err) == (0, "imported 10000, updated 0, rejected 0\n", "")
    assert Article.objects.count() == 10_000
    # A loose bound for a smoke test; bench/import_bench.py measures the real rate.
    assert elapsed < 30, f"10k lines took {elapsed:.1f}s"
