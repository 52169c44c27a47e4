"""Writing the demo corpus (kabar.articles.demo, which is pure) to the database: `kabar demo-data`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import transaction

from kabar.articles.demo import DEFAULT_SEED, generate
from kabar.articles.services import article_upsert_many
from kabar.sources.models import Source


class DemoSourcesMissing(Exception):
    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


def demo_load(
    *,
    anchor: date,
    seed: int = DEFAULT_SEED,
    batch_size: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int, int]:
    """Write the corpus through article_upsert_many; returns (created, updated, unchanged).

    Raises DemoSourcesMissing if the shipped sources are not in the database yet.
    """
    records = generate(anchor=anchor, seed=seed)
    slugs = sorted({r.source_slug for r in records})
    ids = dict(Source.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    missing = [slug for slug in slugs if slug not in ids]
    if missing:
        raise DemoSourcesMissing(missing)
    created = updated = unchanged = 0
    with transaction.atomic():
        for start in range(0, len(records), batch_size):
            batch = records[start : start + batch_size]
            result = article_upsert_many(items=[r.article_data(source_id=ids[r.source_slug]) for r in batch])
            created += len(result.created)
            updated += len(result.updated)
            unchanged += len(result.unchanged)
            if progress:
                progress(start + len(batch), len(records))
    return created, updated, unchanged
