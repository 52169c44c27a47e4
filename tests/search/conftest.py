"""Fixtures of the search tests: an index under a data directory of the test's own (a path here;
the HTTP tests' index_dir in tests/conftest.py syncs instead), and a source in a second group."""

from __future__ import annotations

import pytest

from kabar.search import engine
from kabar.sources.models import MediaGroup, Source


@pytest.fixture
def index_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    engine.forget_readers()
    yield tmp_path / "index"
    engine.forget_readers()


@pytest.fixture
def kyodo(group):
    agencies = MediaGroup.objects.create(slug="kantor-berita", name="Kantor Berita", position=2)
    return Source.objects.create(
        slug="kyodo", name="Kyodo News", group=agencies, homepage="https://english.kyodonews.net/"
    )
