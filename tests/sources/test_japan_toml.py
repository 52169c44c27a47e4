"""The shipped kabar/sources/data/japan.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

import kabar
from kabar.sources.loading import sources_load
from kabar.sources.models import Feed, MediaGroup, Source

JAPAN = Path(kabar.__file__).resolve().parent / "sources" / "data" / "japan.toml"

# Other parts of kabar (demo data, pages, tests) rely on these exact slugs.
EXPECTED = {
    "mainichi": ("Mainichi", "media-jepang"),
    "kyodo": ("Kyodo News", "kantor-berita"),
    "jiji": ("Jiji Press", "kantor-berita"),
    "nhk-world": ("NHK World", "media-jepang"),
    "japan-times": ("The Japan Times", "media-jepang"),
    "asahi": ("The Asahi Shimbun", "media-jepang"),
    "japan-today": ("Japan Today", "media-jepang"),
    "nikkei-asia": ("Nikkei Asia", "media-jepang"),
    "japan-news": ("The Japan News by Yomiuri", "media-jepang"),
    "nippon-com": ("Nippon.com", "media-jepang"),
    "japan-forward": ("Japan Forward", "media-jepang"),
    "soranews24": ("SoraNews24", "media-jepang"),
    "tokyo-weekender": ("Tokyo Weekender", "media-jepang"),
}


@pytest.mark.django_db
def test_shipped_file_loads_with_every_outlet_and_a_feed_each():
    report = sources_load(path=JAPAN)
    assert (report.groups_created, report.sources_created) == (2, len(EXPECTED))
    assert list(MediaGroup.objects.order_by("position").values_list("slug", "name", "position")) == [
        ("media-jepang", "Media Jepang", 1),
        ("kantor-berita", "Kantor Berita", 2),
    ]
    loaded = {s.slug: (s.name, s.group.slug) for s in Source.objects.select_related("group")}
    assert loaded == EXPECTED
    assert len(loaded) >= 12
    for source in Source.objects.all():
        assert source.language == "en" and source.active
        assert source.homepage.startswith("https://")
        assert Feed.objects.filter(source=source, active=True).count() >= 1, source.slug
    assert Feed.objects.get(source__slug="mainichi").url == "https://mainichi.jp/rss/etc/english_latest.rss"
    assert Feed.objects.get(source__slug="japan-times").url == "https://www.japantimes.co.jp/feed/"
    assert Feed.objects.filter(source__slug="nhk-world", kind="json").exists()
    assert Feed.objects.get(source__slug="kyodo").kind == "sitemap"


@pytest.mark.django_db
def test_shipped_file_reloads_without_changes():
    sources_load(path=JAPAN)
    again = sources_load(path=JAPAN)
    assert str(again) == (
        "groups: 0 created, 0 updated; sources: 0 created, 0 updated; feeds: 0 created, 0 updated, 0 deactivated"
    )
