"""Load media groups, sources and their feeds from a TOML file (`kabar sources load`).

The whole file is validated before anything is written, and the write is one transaction, so a bad
file leaves the database as it was. Rows are matched by slug (groups, sources) and by URL (feeds):

- keys present in the file are authoritative; optional keys left out keep their current value;
- a feed that a source no longer lists is kept (its crawl history stays) but made inactive; listing
  it again makes it active again, unless someone else (the crawler, an admin) disabled it;
- a source without a ``feeds`` key keeps its feeds untouched (``feeds = []`` deactivates them all);
- groups and sources missing from the file are left alone, so several files can be loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from kabar.sources.models import Feed, MediaGroup, Source
from kabar.sources.sourcefile import (
    MAX_FILE_BYTES,
    FeedSpec,
    GroupSpec,
    SourcesFileError,
    SourceSpec,
    sources_parse,
)

__all__ = ["LoadReport", "SourcesFileError", "sources_load", "sources_parse"]

# Set on feeds this loader deactivates, so that it only ever re-activates its own deactivations.
REMOVED_REASON = "not listed in the sources file"


@dataclass
class LoadReport:
    groups_created: int = 0
    groups_updated: int = 0
    sources_created: int = 0
    sources_updated: int = 0
    feeds_created: int = 0
    feeds_updated: int = 0
    feeds_deactivated: int = 0

    def __str__(self) -> str:
        return (
            f"groups: {self.groups_created} created, {self.groups_updated} updated; "
            f"sources: {self.sources_created} created, {self.sources_updated} updated; "
            f"feeds: {self.feeds_created} created, {self.feeds_updated} updated, "
            f"{self.feeds_deactivated} deactivated"
        )


def sources_load(*, path: str | Path) -> LoadReport:
    """Validate the file at ``path`` and upsert its groups, sources and feeds in one transaction."""
    path = Path(path)
    name = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SourcesFileError([f"{name}: cannot read the file: {exc.strerror or exc}"]) from None
    if len(data) > MAX_FILE_BYTES:
        raise SourcesFileError([f"{name}: file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourcesFileError([f"{name}: not UTF-8 text (byte {exc.start})"]) from None
    # One transaction from reading the known groups to the last write, so none can vanish in between.
    with transaction.atomic():
        known_groups = set(MediaGroup.objects.values_list("slug", flat=True))
        groups, sources = sources_parse(text=text, name=name, known_groups=known_groups)
        return _write(groups=groups, sources=sources)


def _write(*, groups: list[GroupSpec], sources: list[SourceSpec]) -> LoadReport:
    report = LoadReport()
    with transaction.atomic():
        existing_groups = {g.slug: g for g in MediaGroup.objects.filter(slug__in=[g.slug for g in groups])}
        for spec in groups:
            group = existing_groups.get(spec.slug)
            if group is None:
                MediaGroup.objects.create(slug=spec.slug, name=spec.name, position=spec.position or 0)
                report.groups_created += 1
                continue
            wanted = {"name": spec.name}
            if spec.position is not None:
                wanted["position"] = spec.position
            if _apply(group, wanted):
                report.groups_updated += 1
        group_ids = dict(
            MediaGroup.objects.filter(slug__in={s.group for s in sources}).values_list("slug", "pk")
        )
        existing = {s.slug: s for s in Source.objects.filter(slug__in=[s.slug for s in sources])}
        for spec in sources:
            wanted = {"name": spec.name, "group_id": group_ids[spec.group], "homepage": spec.homepage}
            if spec.language is not None:
                wanted["language"] = spec.language
            if spec.active is not None:
                wanted["active"] = spec.active
            source = existing.get(spec.slug)
            if source is None:
                source = Source.objects.create(slug=spec.slug, **wanted)
                report.sources_created += 1
            elif _apply(source, wanted):
                report.sources_updated += 1
            if spec.feeds is not None:
                _sync_feeds(source=source, feeds=spec.feeds, report=report)
    return report


def _sync_feeds(*, source: Source, feeds: tuple[FeedSpec, ...], report: LoadReport) -> None:
    current = {feed.url: feed for feed in Feed.objects.filter(source=source)}
    listed = set()
    for spec in feeds:
        listed.add(spec.url)
        feed = current.get(spec.url)
        if feed is None:
            Feed.objects.create(source=source, url=spec.url, kind=spec.kind)
            report.feeds_created += 1
            continue
        wanted: dict = {"kind": spec.kind}
        if not feed.active and feed.disabled_reason == REMOVED_REASON:
            wanted.update(active=True, disabled_reason="")
        if _apply(feed, wanted):
            report.feeds_updated += 1
    for url, feed in current.items():
        if url not in listed and feed.active:
            _apply(feed, {"active": False, "disabled_reason": REMOVED_REASON})
            report.feeds_deactivated += 1


def _apply(obj, wanted: dict) -> bool:
    """Set the fields that differ and save only those; returns whether anything changed."""
    changed = [field for field, value in wanted.items() if getattr(obj, field) != value]
    for field in changed:
        setattr(obj, field, wanted[field])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)
