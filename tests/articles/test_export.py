"""`kabar export` and the export → import round-trip, against the real test database."""

from __future__ import annotations

import io
import json
import os
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kabar.articles import exporting
from kabar.articles.models import Article
from kabar.sources.models import MediaGroup, Source

T0 = datetime(2025, 4, 9, 1, 30, tzinfo=UTC)


def run_export(target, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_articles", str(target), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_import(path, *args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("import_articles", str(path), *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def kyodo(db):
    group = MediaGroup.objects.create(slug="kantor-berita", name="Kantor Berita", position=2)
    return Source.objects.create(
        slug="kyodo", name="Kyodo News", group=group, homepage="https://english.kyodonews.net/", language="en"
    )


@pytest.fixture
def corpus(source, kyodo, make_article):
    """Articles that exercise the format: unicode, empty optionals, captions, equal dates."""
    made = [
        make_article(
            url="https://mainichi.jp/english/articles/20250409/p2a/00m/0na/012000c",
            title="Sakura front reaches Tōhoku: 桜前線 — “early” bloom 🌸",
            published_at=T0,
            summary="Blossoms open a week early.",
            author="Hanako Sato",
            image_url="https://cdn.mainichi.jp/vol1/2025/04/09/photo.jpg",
            image_caption="Cherry trees in Hirosaki Park, Aomori Prefecture.",
            body='TOKYO -- Line one with "quotes" and a back\\slash.\n\nSecond\tparagraph\u2028with a line separator.',
        ),
        make_article(
            url="https://english.kyodonews.net/news/2025/04/a.html",
            source_id=kyodo.pk,
            title="TOKYO (Kyodo) -- Yen weakens past 150",
            published_at=T0,  # same instant as the first: the tie is broken by id
            body="The yen fell.",
            language="en",
        ),
        make_article(
            url="https://english.kyodonews.net/news/2025/04/b.html",
            source_id=kyodo.pk,
            title="Gempa M6,1 guncang Ishikawa",
            published_at=T0,
            body="Tiga artikel pada detik yang sama.",
            image_url="/static/demo/img/quake.jpg",
            image_caption="",
            language="id",
        ),
        make_article(
            title="Shinkansen resumes after typhoon",
            summary="Services resumed.\u2029Delays\x85remain.",
            published_at=T0 - timedelta(days=40, microseconds=-123456),
            image_caption="A caption without an image URL.",
        ),
        make_article(title="Old news", published_at=T0 - timedelta(days=400), language="ja"),
        make_article(title="Newest", published_at=T0 + timedelta(hours=5), author="Kyodo"),
    ]
    return made


@pytest.mark.django_db
def test_export_writes_every_field_newest_first_with_ties_by_id(corpus, tmp_path):
    path = tmp_path / "out.jsonl"
    out, err = run_export(path)
    assert (out, err) == ("exported 6\n", "")
    raw = path.read_bytes()
    assert "桜前線".encode() in raw and "🌸".encode() in raw  # written as UTF-8, not \u escapes
    lines = [json.loads(line) for line in raw.decode("utf-8").split("\n")[:-1]]
    assert [line["title"] for line in lines] == [
        "Newest",
        "Gempa M6,1 guncang Ishikawa",  # three at T0: the highest id first
        "TOKYO (Kyodo) -- Yen weakens past 150",
        "Sakura front reaches Tōhoku: 桜前線 — “early” bloom 🌸",
        "Shinkansen resumes after typhoon",
        "Old news",
    ]
    assert list(lines[3]) == list(exporting.EXPORT_FIELDS)
    assert lines[3] == {
        "url": "https://mainichi.jp/english/articles/20250409/p2a/00m/0na/012000c",
        "title": "Sakura front reaches Tōhoku: 桜前線 — “early” bloom 🌸",
        "source": "mainichi",
        "published_at": "2025-04-09T01:30:00+00:00",
        "body": 'TOKYO -- Line one with "quotes" and a back\\slash.\n\nSecond\tparagraph\u2028with a line separator.',
        "summary": "Blossoms open a week early.",
        "author": "Hanako Sato",
        "image_url": "https://cdn.mainichi.jp/vol1/2025/04/09/photo.jpg",
        "image_caption": "Cherry trees in Hirosaki Park, Aomori Prefecture.",
        "language": "en",
    }
    assert lines[2]["source"] == "kyodo" and lines[2]["summary"] == "" and lines[2]["image_url"] == ""
    assert lines[4]["published_at"] == "2025-02-28T01:30:00.123456+00:00"
    # Unicode line breaks inside a value are escaped, so no line reader splits a line at them.
    assert b"paragraph\\u2028with" in raw
    assert b"resumed.\\u2029Delays\\u0085remain." in raw
    assert len(raw.decode("utf-8").splitlines()) == 6
    assert lines[4]["summary"] == "Services resumed.\u2029Delays\x85remain."


@pytest.mark.django_db
@pytest.mark.parametrize("batch_size", ["500", "2"])
def test_import_of_an_export_into_an_empty_database_round_trips_exactly(corpus, tmp_path, batch_size):
    first = tmp_path / "first.jsonl"
    run_export(first)
    Article.objects.all().delete()
    assert run_import(first, "--batch-size", batch_size) == (0, "imported 6, updated 0, rejected 0\n", "")
    second = tmp_path / "second.jsonl"
    run_export(second)
    assert second.read_bytes() == first.read_bytes()
    # And importing it again on top changes nothing.
    assert run_import(second)[1] == "imported 0, updated 0, rejected 0\nunchanged 6\n"


@pytest.mark.django_db
def test_round_trip_into_a_database_without_the_sources(corpus, tmp_path):
    first = tmp_path / "first.jsonl"
    run_export(first)
    Article.objects.all().delete()
    Source.objects.all().delete()
    MediaGroup.objects.all().delete()
    assert run_import(first, "--create-sources")[:2] == (0, "imported 6, updated 0, rejected 0\n")
    second = tmp_path / "second.jsonl"
    run_export(second)
    assert second.read_bytes() == first.read_bytes()
    assert set(Source.objects.values_list("slug", flat=True)) == {"mainichi", "kyodo"}


@pytest.mark.django_db
def test_source_filter_single_and_repeated(corpus, tmp_path):
    path = tmp_path / "kyodo.jsonl"
    assert run_export(path, "--source", "kyodo") == ("exported 2\n", "")
    assert {json.loads(line)["source"] for line in path.read_text().splitlines()} == {"kyodo"}
    assert run_export(path, "--source", "kyodo", "--source", "mainichi")[0] == "exported 6\n"
    with pytest.raises(CommandError, match=r"^unknown source: nope, other$"):
        run_export(path, "--source", "nope", "--source", "kyodo", "--source", "other")


@pytest.mark.django_db
def test_since_filter_takes_a_date_or_a_date_time(corpus, tmp_path):
    path = tmp_path / "since.jsonl"

    def titles(*args):
        run_export(path, *args)
        return [json.loads(line)["title"] for line in path.read_text().splitlines()]

    assert len(titles("--since", "2025-04-09T01:30:00+00:00")) == 4  # inclusive
    assert titles("--since", "2025-04-09T01:30:01Z") == ["Newest"]
    assert len(titles("--since", "2025-04-09T10:30:00+09:00")) == 4  # the same instant as T0
    assert len(titles("--since", "2025-01-01")) == 5
    # A date means midnight in KABAR_TIME_ZONE.
    midnight = datetime(2025, 4, 9, tzinfo=timezone.get_current_timezone())
    expected = Article.objects.filter(published_at__gte=midnight).count()
    assert len(titles("--since", "2025-04-09")) == expected
    assert titles("--since", "2025-04-09", "--source", "mainichi")[-1].startswith("Sakura")
    for bad in ("yesterday", "2025-13-01", ""):
        with pytest.raises(
            CommandError, match=r"^--since: '.*' is not an ISO date \(2025-04-01\) or date-time"
        ):
            run_export(path, "--since", bad)


@pytest.mark.django_db
def test_dash_writes_to_stdout_and_the_count_to_stderr(corpus, tmp_path):
    out, err = run_export("-")
    assert err == "exported 6\n"
    run_export(tmp_path / "file.jsonl")
    assert out.encode("utf-8") == (tmp_path / "file.jsonl").read_bytes()


@pytest.mark.django_db
def test_an_empty_database_exports_an_empty_file(db, tmp_path):
    assert run_export(tmp_path / "empty.jsonl") == ("exported 0\n", "")
    assert (tmp_path / "empty.jsonl").read_bytes() == b""


@pytest.mark.django_db
def test_a_failed_export_leaves_no_half_written_file(corpus, tmp_path, monkeypatch):
    old = tmp_path / "old.jsonl"
    old.write_bytes(b"previous export\n")
    real_line = exporting.article_line
    calls = []

    def failing_line(row):
        calls.append(row)
        if len(calls) == 3:
            raise RuntimeError("disk gone")
        return real_line(row)

    monkeypatch.setattr(exporting, "article_line", failing_line)
    with pytest.raises(RuntimeError, match="disk gone"):
        run_export(old)
    assert old.read_bytes() == b"previous export\n"
    calls.clear()
    with pytest.raises(RuntimeError, match="disk gone"):
        run_export(tmp_path / "new.jsonl")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.jsonl"]  # no temp file left


@pytest.mark.django_db
def test_an_unwritable_target_is_a_one_line_error(db, tmp_path):
    with pytest.raises(CommandError, match=r"^cannot write .*missing/out\.jsonl: No such file or directory$"):
        run_export(tmp_path / "missing" / "out.jsonl")
    with pytest.raises(CommandError, match=r"^cannot write .*: Is a directory$"):
        run_export(tmp_path)


@pytest.mark.django_db
def test_export_file_mode_follows_the_umask_or_the_replaced_file(corpus, tmp_path):
    new = tmp_path / "new.jsonl"
    umask = os.umask(0o022)
    try:
        run_export(new)
    finally:
        os.umask(umask)
    assert new.stat().st_mode & 0o777 == 0o644
    new.chmod(0o600)
    run_export(new)
    assert new.stat().st_mode & 0o777 == 0o600
