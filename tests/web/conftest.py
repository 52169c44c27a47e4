"""Helpers for the page tests: parse a response and read it the way a reader (or screen reader) would."""

from __future__ import annotations

import re

import lxml.html
import pytest

# The exact Indonesian strings every page header carries (issue 2 §6).
HEADER_STRINGS = (
    "Cari Berita",
    "Cari",
    'Tips: hindari kata umum dan gunakan tanda kutip ganda untuk kata kunci yang pasti, contoh: "sakura"',
    "Maksimal 1 tahun yang lalu",
)


def parse(response):
    return lxml.html.fromstring(response.content.decode())


def text_of(node) -> str:
    return re.sub(r"\s+", " ", node.text_content()).strip()


def page_text(response) -> str:
    """The visible text of <body> (visually hidden labels included, as a screen reader reads them)."""
    return text_of(parse(response).body)


@pytest.fixture
def html():
    return parse


@pytest.fixture
def text():
    return page_text


@pytest.fixture
def node_text():
    return text_of


@pytest.fixture
def header_strings():
    return HEADER_STRINGS


@pytest.fixture
def other_group(db):
    from kabar.sources.models import MediaGroup

    return MediaGroup.objects.create(slug="media-asia", name="Media Asia", position=2)


@pytest.fixture
def other_source(other_group):
    from kabar.sources.models import Source

    return Source.objects.create(
        slug="nhk", name="NHK World", group=other_group, homepage="https://www3.nhk.or.jp/nhkworld/"
    )
