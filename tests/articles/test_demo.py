"""The demo corpus: the pure generator (no database) and `kabar demo-data` on the real database."""

from __future__ import annotations

import random
import re
import time
import tomllib
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from kabar.articles.demo import SOURCE_SLUGS, generate
from kabar.articles.demo_loading import demo_load
from kabar.articles.models import LIMITS, Article

ANCHOR = date(2025, 4, 9)
ANCHOR_START = datetime(2025, 4, 9, tzinfo=UTC)
JST = ZoneInfo("Asia/Tokyo")
ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "kabar" / "web" / "static"
TOPICS = {
    "politics",
    "economy",
    "weather",
    "sakura",
    "earthquake",
    "shinkansen",
    "sports",
    "culture",
    "technology",
}
DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(, [A-Z][a-z]+ \d{1,2})? \((Kyodo|Jiji Press)\) --? \S")
GROUPS = {"media-jepang": ("Media Jepang", 1), "kantor-berita": ("Kantor Berita", 2)}


@pytest.fixture(scope="module")
def corpus():
    return generate(anchor=ANCHOR, seed=2025)


def _wire_groups(corpus):
    groups = defaultdict(list)
    for record in corpus:
        groups[record.story_key].append(record)
    return [g for g in groups.values() if len(g) > 1]


def _words(text: str) -> int:
    return len(text.split())


# --- the generator (pure) ---------------------------------------------------------------------------


def test_at_least_600_articles_across_the_shipped_outlets(corpus):
    assert len(corpus) >= 600
    used = Counter(r.source_slug for r in corpus)
    assert set(used) <= set(SOURCE_SLUGS)
    assert len(used) >= 11
    assert min(used.values()) >= 5, used


def test_outlets_are_shipped_sources():
    shipped = tomllib.loads((ROOT / "kabar" / "sources" / "data" / "japan.toml").read_text())
    assert set(SOURCE_SLUGS) <= {source["slug"] for source in shipped["sources"]}
    groups = {source["slug"]: source["group"] for source in shipped["sources"]}
    assert groups["kyodo"] == groups["jiji"] == "kantor-berita"


def test_dates_cover_thirteen_months_with_a_few_older_than_a_year(corpus):
    ages = [(ANCHOR_START - r.published_at).days for r in corpus]
    assert all(r.published_at < ANCHOR_START for r in corpus), "no article from the future"
    assert all(r.published_at.tzinfo is not None for r in corpus)
    assert 385 <= max(ages) <= 400
    older = sum(age > 365 for age in ages) / len(corpus)
    assert 0.03 <= older <= 0.15, older  # roughly one in thirteen falls outside the search window
    assert sum(age <= 30 for age in ages) >= 20, "recent news exists"


def test_published_in_japanese_daytime_at_varied_minutes(corpus):
    local = [r.published_at.astimezone(JST) for r in corpus]
    daytime = sum(6 <= t.hour <= 23 for t in local) / len(local)
    assert daytime >= 0.95
    assert len({t.minute for t in local}) >= 50
    assert len({t.hour for t in local}) >= 15


def test_all_topics_present_and_in_season(corpus):
    topics = Counter(r.topic for r in corpus)
    assert set(topics) == TOPICS
    assert min(topics.values()) >= 30, topics
    for record in corpus:
        month = record.published_at.astimezone(JST).month
        if record.topic == "sakura":
            assert month in (1, 2, 3, 4, 5), record.title
        if record.kind == "typhoon":
            assert month in (6, 7, 8, 9, 10, 11), record.title
        if record.kind == "snow":
            assert month in (12, 1, 2, 3), record.title
    kinds = {r.kind for r in corpus}
    assert {"typhoon", "bloom", "quake", "daily", "yen", "suspended"} <= kinds


def test_bodies_are_150_to_900_words_in_paragraphs_of_varied_length(corpus):
    lengths = [_words(r.body) for r in corpus]
    assert min(lengths) >= 150 and max(lengths) <= 900
    assert sum(n < 250 for n in lengths) >= 50, "some short articles"
    assert sum(n > 550 for n in lengths) >= 20, "some long articles"
    for record in corpus:
        paragraphs = record.body.split("\n\n")
        assert len(paragraphs) >= 3
        assert all(p.strip() == p and p for p in paragraphs)
        assert "\n" not in record.title and "  " not in record.body
        assert "{" not in record.body + record.title + record.summary + record.image_caption


def test_about_half_have_captions_and_images_exist(corpus):
    captioned = [r for r in corpus if r.image_caption]
    assert 0.4 <= len(captioned) / len(corpus) <= 0.6
    for record in captioned:
        assert record.image_url, "a caption always comes with its image"
        assert re.search(r"\([A-Z][\w. ]+\)$", record.image_caption), record.image_caption
    images = {r.image_url for r in corpus if r.image_url}
    assert images == {f"/static/kabar/demo/{topic}.svg" for topic in TOPICS}
    for url in images:
        path = STATIC / url.removeprefix("/static/")
        assert path.is_file() and path.read_text().lstrip().startswith("<svg")
    assert any(r.image_url and not r.image_caption for r in corpus)
    assert any(not r.image_url for r in corpus)


def test_every_article_has_a_short_summary_and_some_have_authors(corpus):
    for record in corpus:
        assert record.summary and len(record.summary) <= 400
        assert len(re.findall(r"[.!?](?:\s|$)", record.summary)) <= 3, record.summary
    authors = sum(bool(r.author) for r in corpus) / len(corpus)
    assert 0.2 <= authors <= 0.6


def test_urls_are_unique_on_the_reserved_demo_host(corpus):
    urls = [r.url for r in corpus]
    assert len(set(urls)) == len(urls)
    for record in corpus:
        local = record.published_at.astimezone(JST)
        prefix = f"https://demo.kabar.invalid/{record.source_slug}/{local:%Y}/{local:%m}/"
        assert record.url.startswith(prefix), record.url
        assert re.fullmatch(r"[a-z0-9-]+-\d+", record.url.removeprefix(prefix))


def test_fields_fit_the_article_limits(corpus):
    for record in corpus:
        data = record.article_data(source_id=1)
        assert data.is_demo is True and data.language == "en"
        for name in ("url", "title", "summary", "body", "author", "image_url", "image_caption"):
            assert len(getattr(data, name)) <= LIMITS[name], name


def test_syndicated_copies_of_one_story_in_two_or_three_outlets(corpus):
    groups = _wire_groups(corpus)
    assert len(groups) >= 60
    sizes = Counter(len(g) for g in groups)
    assert set(sizes) == {2, 3}
    agencies = Counter()
    retitled = 0
    for group in groups:
        slugs = [r.source_slug for r in group]
        assert len(set(slugs)) == len(slugs), "each copy in a different outlet"
        assert len({r.url for r in group}) == len(group)
        found = {DATELINE.match(r.body).group(2) for r in group}
        assert len(found) == 1, [r.body[:60] for r in group]
        agency = found.pop()
        agencies[agency] += 1
        assert {r.topic for r in group} == {group[0].topic}
        times = sorted(r.published_at for r in group)
        assert times[-1] - times[0] <= timedelta(hours=6), "copies run within hours"
        leads = {_lead(r.body) for r in group}
        assert len(leads) == 1, leads
        retitled += len({r.title for r in group}) > 1
    assert agencies["Kyodo"] >= 40 and agencies["Jiji Press"] >= 10
    assert retitled >= len(groups) // 2, "outlets change headlines"
    with_kyodo = [g for g in groups if "kyodo" in {r.source_slug for r in g}]
    assert len(with_kyodo) >= 30
    datelines = {DATELINE.match(r.body).group(0)[:-1] for g in groups for r in g}
    assert any(", " in d for d in datelines) and any(d.endswith("-- ") for d in datelines)


def _lead(body: str) -> str:
    """The first paragraph without its dateline, with the "%" edit undone."""
    first = body.split("\n\n")[0]
    return first[DATELINE.match(first).end() - 1 :].replace("%", " percent")


def test_syndicated_copies_differ_in_small_edits(corpus):
    groups = _wire_groups(corpus)
    trimmed = captions_differ = 0
    for group in groups:
        origin, *copies = sorted(group, key=lambda r: r.published_at)
        for copy in copies:
            trimmed += _words(copy.body) < _words(origin.body)
            captions_differ += bool(copy.image_caption) != bool(origin.image_caption)
    assert trimmed >= 20, "some copies trim the last paragraph"
    assert captions_differ >= 10, "some copies add or drop the photo"


def test_lookalikes_are_different_events_on_the_same_topic(corpus):
    by_key = defaultdict(list)
    for record in corpus:
        by_key[record.story_key].append(record)
    lookalikes = [r for r in corpus if r.lookalike_of]
    assert len(lookalikes) >= 40
    kinds = Counter()
    for record in lookalikes:
        original = by_key[record.lookalike_of][0]
        assert original.story_key != record.story_key
        assert original.topic == record.topic
        assert original.body != record.body
        kinds[record.kind] += record.kind == original.kind
    assert kinds["quake"] >= 3 and kinds["daily"] >= 3, kinds


def test_singles_by_agencies_also_carry_a_dateline(corpus):
    wire = {g[0].story_key for g in _wire_groups(corpus)}
    singles = [r for r in corpus if r.source_slug in ("kyodo", "jiji") and r.story_key not in wire]
    assert singles
    assert all(DATELINE.match(r.body) for r in singles)
    others = [r for r in corpus if r.source_slug not in ("kyodo", "jiji") and r.story_key not in wire]
    assert not any(DATELINE.match(r.body) for r in others)


def test_deterministic_for_the_same_anchor_and_seed(corpus):
    random.seed(1)
    state = random.getstate()
    again = generate(anchor=ANCHOR, seed=2025)
    assert random.getstate() == state, "the global random generator is left alone"
    assert again == corpus
    other_seed = generate(anchor=ANCHOR, seed=2026)
    assert [r.body for r in other_seed] != [r.body for r in corpus]
    later = generate(anchor=ANCHOR + timedelta(days=30), seed=2025)
    assert max(r.published_at for r in later) > max(r.published_at for r in corpus)


def test_generation_is_fast():
    started = time.perf_counter()
    generate(anchor=date(2024, 11, 2), seed=7)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("anchor", [date(2024, 1, 1), date(2024, 8, 15), date(2025, 12, 31)])
def test_other_anchors_keep_the_rules(anchor):
    records = generate(anchor=anchor, seed=11)
    assert len(records) >= 600
    assert {r.topic for r in records} == TOPICS
    assert len(_wire_groups(records)) >= 60
    lengths = [_words(r.body) for r in records]
    assert min(lengths) >= 150 and max(lengths) <= 900
    assert 0.4 <= sum(bool(r.image_caption) for r in records) / len(records) <= 0.6


# --- the loader and `kabar demo-data` (real database) ------------------------------------------------


@pytest.fixture
def demo_sources(db):
    from kabar.sources.models import MediaGroup, Source

    groups = {
        slug: MediaGroup.objects.create(slug=slug, name=name, position=position)
        for slug, (name, position) in GROUPS.items()
    }
    for slug in SOURCE_SLUGS:
        group = groups["kantor-berita" if slug in ("kyodo", "jiji") else "media-jepang"]
        Source.objects.create(slug=slug, name=slug.title(), group=group, homepage=f"https://{slug}.example/")
    return Source.objects.all()


def test_demo_load_writes_every_record_as_demo(demo_sources, corpus):
    created, updated, unchanged = demo_load(anchor=ANCHOR, seed=2025)
    assert (created, updated, unchanged) == (len(corpus), 0, 0)
    assert Article.objects.count() == len(corpus)
    assert not Article.objects.filter(is_demo=False).exists()
    stored = {a.url: a for a in Article.objects.select_related("source")}
    for record in corpus[::37]:
        article = stored[record.url]
        assert article.source.slug == record.source_slug
        assert article.title == record.title and article.body == record.body
        assert article.published_at == record.published_at
        assert article.image_caption == record.image_caption and article.summary == record.summary
    assert len({a.seq for a in stored.values()}) == len(corpus)


def test_command_prints_a_summary_and_is_idempotent(demo_sources, corpus):
    out = StringIO()
    started = time.perf_counter()
    call_command("demo_data", "--anchor", "2025-04-09", "--seed", "2025", stdout=out, stderr=StringIO())
    assert time.perf_counter() - started < 10
    n = len(corpus)
    assert out.getvalue() == f"demo: {n} articles (created {n}, updated 0, unchanged 0)\n"
    seqs = dict(Article.objects.values_list("url", "seq"))

    out = StringIO()
    call_command("demo_data", "--anchor", "2025-04-09", stdout=out, stderr=StringIO())
    assert out.getvalue() == f"demo: {n} articles (created 0, updated 0, unchanged {n})\n"
    assert Article.objects.count() == n
    assert dict(Article.objects.values_list("url", "seq")) == seqs, "a no-op run changes nothing"


def test_command_defaults_to_today_in_utc(demo_sources):
    out = StringIO()
    call_command("demo_data", stdout=out, stderr=StringIO())
    assert out.getvalue().startswith("demo: ")
    newest = Article.objects.order_by("-published_at").first().published_at
    now = datetime.now(UTC)
    assert now - timedelta(days=3) < newest < now


def test_command_without_sources_names_the_load_command(db):
    with pytest.raises(CommandError) as excinfo:
        call_command("demo_data", "--anchor", "2025-04-09", stdout=StringIO(), stderr=StringIO())
    message = str(excinfo.value)
    assert "\n" not in message
    assert "kabar sources load kabar/sources/data/japan.toml" in message
    assert not Article.objects.exists()


def test_command_with_some_sources_missing_writes_nothing(demo_sources):
    demo_sources.filter(slug__in=("jiji", "asahi")).delete()
    with pytest.raises(CommandError, match=r"missing asahi, jiji\)"):
        call_command("demo_data", "--anchor", "2025-04-09", stdout=StringIO(), stderr=StringIO())
    assert not Article.objects.exists()


@pytest.mark.parametrize("args", [["--anchor", "2025-13-01"], ["--anchor", "yesterday"], ["--seed", "x"]])
def test_command_rejects_bad_arguments(db, args):
    with pytest.raises(CommandError):
        call_command("demo_data", *args, stdout=StringIO(), stderr=StringIO())
