"""Shared fixtures. Tests that need Chromium, PostgreSQL or ../shared/testdata skip with a reason
when those are absent, except under KABAR_TEST_STRICT=1 (set by .ci/run), where that is a failure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT.parent / "shared" / "testdata"
CHROMIUM = Path("/usr/bin/chromium")


def skip_or_fail(reason: str) -> None:
    """Skip for a new user's machine; fail in CI, where everything must be present."""
    if os.environ.get("KABAR_TEST_STRICT") == "1":
        pytest.fail(f"required in CI but missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Give each PostgreSQL test run its own database, so two runs never collide."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        db.setdefault("TEST", {})["NAME"] = f"test_kabar_{os.getpid()}"


@pytest.fixture
def testdata() -> Path:
    if not TESTDATA.is_dir():
        skip_or_fail(f"real-world test data not found at {TESTDATA}")
    return TESTDATA


@pytest.fixture
def group(db):
    from kabar.sources.models import MediaGroup

    return MediaGroup.objects.create(slug="media-jepang", name="Media Jepang", position=1)


@pytest.fixture
def source(group):
    from kabar.sources.models import Source

    return Source.objects.create(
        slug="mainichi", name="Mainichi", group=group, homepage="https://mainichi.jp/english/"
    )


@pytest.fixture
def make_article(source):
    """Create an article through the real write service (so it gets a change-sequence number)."""
    from datetime import timedelta

    from django.utils import timezone

    from kabar.articles.services import ArticleData, article_upsert

    counter = iter(range(1, 10**9))

    def make(**overrides):
        n = next(counter)
        data = {
            "url": f"https://mainichi.jp/english/articles/2025/{n}",
            "source_id": source.pk,
            "title": f"Typhoon nears Okinawa {n}",
            "published_at": timezone.now() - timedelta(hours=n),
            "body": "First paragraph.\n\nSecond paragraph.",
        }
        data.update(overrides)
        article, _ = article_upsert(item=ArticleData(**data))
        return article

    return make


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session (Playwright's sync API allows one instance per thread)."""
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in requirements.lock
        skip_or_fail("playwright is not installed")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def kyodo(db):
    """A second source, in the wire agencies' group."""
    from kabar.sources.models import MediaGroup, Source

    wire = MediaGroup.objects.create(slug="kantor-berita", name="Kantor Berita", position=2)
    return Source.objects.create(
        slug="kyodo", name="Kyodo News", group=wire, homepage="https://english.kyodonews.net/"
    )


@pytest.fixture
def index_dir(settings, tmp_path):
    """A fresh index under a temporary KABAR_DATA_DIR; call the result to sync it with the DB."""
    from kabar.search import engine, indexing

    settings.DATA_DIR = tmp_path
    engine.forget_readers()
    yield lambda: indexing.sync()
    engine.forget_readers()
