"""What an adapter hands back: the source's own values, not yet cleaned or checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class RawEntry:
    title: str = ""  # HTML or text
    link: str = ""  # possibly relative
    guid: str = ""
    published: datetime | None = None  # aware
    summary: str = ""  # HTML or text
    author: str = ""
    images: list[str] = field(default_factory=list)  # candidate URLs, best first


@dataclass
class RawFeed:
    entries: list[RawEntry] = field(default_factory=list)
    title: str = ""
    # Set when nothing usable came out; entries are then empty.
    error: str | None = None
