"""The article page names the other outlets that ran the same wire story, and the wire origin."""

from __future__ import annotations

from datetime import timedelta

import lxml.html
import pytest
from django.utils import timezone

from kabar.sources.models import Source
from kabar.stories.services import stories_sync

WIRE = (
    "TOKYO (Kyodo) -- The Japan Meteorological Agency said Tuesday a powerful typhoon named Kestrel "
    "was moving north toward Okinawa Prefecture with maximum winds of 180 kilometers per hour, and "
    "warned residents of Ishigaki and Miyako islands of record rainfall through Thursday night.\\n\\n"
    "Ferry services between the islands were suspended and 42 flights at Naha airport were cancelled, "
    "the airlines said, while local governments opened 96 evacuation centers for about 3,100 people.\\n\\n"
    "The agency said the storm could bring up to 400 millimeters of rain in 24 hours and urged people "
    "living near rivers and steep slopes to move to safety before the winds strengthen on Wednesday."
).replace("\\n", "\n")


@pytest.mark.django_db
def test_article_page_shows_also_reported_and_origin(client, group, source, make_article):
    other = Source.objects.create(
        slug="japan-today", name="Japan Today", group=group, homepage="https://japantoday.com/"
    )
    now = timezone.now()
    first = make_article(
        title="Typhoon Kestrel heads for Okinawa", body=WIRE, published_at=now - timedelta(hours=3)
    )
    second = make_article(
        source_id=other.pk,
        url="https://japantoday.com/category/national/typhoon-kestrel",
        title="Powerful typhoon Kestrel heads toward Okinawa",
        body=WIRE,
        published_at=now - timedelta(hours=2),
    )
    stories_sync()
    page = lxml.html.fromstring(client.get(first.get_absolute_url()).content)
    aside = page.xpath("//aside[contains(@class, 'also-reported')]")
    assert aside, "the article page has no 'Juga diberitakan oleh' block"
    text = " ".join(aside[0].text_content().split())
    assert "Juga diberitakan oleh: JAPAN TODAY" in text
    assert "Sumber asli: Kyodo" in text
    assert aside[0].xpath(".//a/@href") == [second.get_absolute_url()]
