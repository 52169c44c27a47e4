"""End to end: `kabar crawl --once` against a local server that serves a feed of real article pages
(from ../shared/testdata/pages/article-extraction-benchmark/, with their URLs moved to the server).
Everything is ingested, and each stored body is exactly what extraction gives for its page, so the
stored text scores what the extraction benchmark scores."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings

from kabar.articles.models import Article
from kabar.sources.extraction import extract_article
from kabar.sources.fetching import decode_html
from kabar.sources.models import Feed
from tests.sources import hostile
from tests.sources.crawl_helpers import hours_ago, rss

PAGES = 20
HEADERS = {"content-type": "text/html"}


def pick_pages(testdata):
    folder = testdata / "pages" / "article-extraction-benchmark"
    truth = json.loads((folder / "ground-truth.json").read_text())
    ids = sorted(truth)
    step = max(1, len(ids) // PAGES)
    chosen = ids[::step][:PAGES]
    return [(i, truth[i], gzip.decompress((folder / "html" / f"{i}.html.gz").read_bytes())) for i in chosen]


def local_path(original_url: str) -> str:
    parts = urlsplit(original_url)
    return f"/{parts.hostname}{parts.path or '/'}"


def shingles(text: str) -> Counter:
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(max(0, len(tokens) - 3)))


def score(pairs: list[tuple[str, str]]) -> float:
    """Mean token-shingle F1 by the benchmark's method (see ../shared/testdata/README.md)."""
    precisions, recalls = [], []
    for truth, found in pairs:
        t, f = shingles(truth), shingles(found)
        tp = sum((t & f).values())
        fp, fn = sum(f.values()) - tp, sum(t.values()) - tp
        if tp + fp + fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        recalls.append(tp / (tp + fn) if tp + fn else 0.0)
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.mark.slow
@pytest.mark.django_db
def test_crawl_once_ingests_real_pages_with_their_extracted_text(testdata, source):
    pages = pick_pages(testdata)
    routes = {
        local_path(truth["url"]): hostile.ok(html, content_type="text/html") for _, truth, html in pages
    }
    with hostile.serve(routes) as server:
        entries = [
            {
                "title": f"Benchmark article {n}",
                "link": server.url(local_path(truth["url"])),
                "summary": f"Summary of benchmark article {n}.",
                "published": hours_ago(n),
            }
            for n, (_, truth, _) in enumerate(pages)
        ]
        server.routes["/feed.xml"] = hostile.ok(rss(entries), content_type="application/rss+xml")
        Feed.objects.create(source=source, url=server.url("/feed.xml"))
        out = StringIO()
        with override_settings(KABAR_CRAWL_ALLOW_PRIVATE=True, KABAR_CRAWL_MIN_HOST_DELAY=0.0):
            call_command("crawl", "--once", stdout=out)
        urls = [server.url(local_path(truth["url"])) for _, truth, _ in pages]
    assert (
        out.getvalue().splitlines()[-1]
        == f"crawl: 1 feeds checked, 0 failed; {PAGES} articles new, 0 updated"
    )
    stored = {a.url: a for a in Article.objects.all()}
    # The pages' own rel=canonical points at their real sites; another site's URL is never taken.
    assert sorted(stored) == sorted(urls)
    pairs_stored, pairs_direct = [], []
    for url, (_, truth, html) in zip(urls, pages, strict=True):
        article = stored[url]
        extracted = extract_article(decode_html(html, HEADERS), url=url)
        direct = "\n\n".join(extracted.paragraphs) if extracted else ""
        if extracted is not None and extracted.word_count >= 40:
            assert not article.summary_only
            assert article.body == direct, url
        else:
            assert article.summary_only and article.body == ""
        pairs_stored.append((truth["articleBody"], article.body))
        pairs_direct.append((truth["articleBody"], direct))
    assert sum(a.summary_only for a in stored.values()) <= 2
    assert score(pairs_stored) == score(pairs_direct)
    assert score(pairs_stored) > 0.85
