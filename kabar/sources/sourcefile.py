"""Read and check a sources TOML file: text -> group and source specs, or every problem by line.

Pure: no database access. `kabar.sources.loading` writes what this returns.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from kabar.sources.models import Feed

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
FEED_KINDS = tuple(Feed.Kind.values)
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_POSITION = 2_147_483_647  # PositiveIntegerField's upper bound on PostgreSQL

# Each table's keys: (required, optional).
GROUP_KEYS = (("slug", "name"), ("position",))
SOURCE_KEYS = (("slug", "name", "group", "homepage"), ("language", "active", "feeds"))
FEED_KEYS = ("url", "kind")

_url_validator = URLValidator(schemes=["http", "https"])
_HEADER_RE = re.compile(r"^\[\[\s*(groups|sources)\s*\]\]")
_SUBTABLE_RE = re.compile(r"^\[\[?\s*(groups|sources)\s*\.")
_KEY_RE = re.compile(r'^("[^"]*"|[A-Za-z0-9_-]+)\s*=')


class SourcesFileError(Exception):
    """The file cannot be loaded; ``errors`` holds one line per problem, each naming the line."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class GroupSpec:
    slug: str
    name: str
    position: int | None = None


@dataclass(frozen=True)
class FeedSpec:
    url: str
    kind: str


@dataclass(frozen=True)
class SourceSpec:
    slug: str
    name: str
    group: str
    homepage: str
    language: str | None = None
    active: bool | None = None
    feeds: tuple[FeedSpec, ...] | None = None


def sources_parse(
    *, text: str, name: str, known_groups: set[str] | frozenset[str] = frozenset()
) -> tuple[list[GroupSpec], list[SourceSpec]]:
    """Parse and validate a sources file; raises SourcesFileError listing every problem found.

    ``known_groups`` are group slugs already in the database: sources may use them without
    declaring them again. ``name`` is the file name shown in messages.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = re.search(r"at line (\d+)", message)
        line = int(found.group(1)) if found else max(1, len(text.splitlines()))
        raise SourcesFileError([f"{name}:{line}: TOML syntax error: {message}"]) from None
    checker = _Checker(name=name, lines=_Lines(text))
    groups, sources = checker.check(document, known_groups=known_groups)
    if checker.errors:
        raise SourcesFileError(checker.errors)
    return groups, sources


class _Lines:
    """Line numbers of each [[groups]]/[[sources]] entry and its keys.

    tomllib reports positions only for syntax errors, so a valid document's lines are found by
    scanning the text for table headers and ``key =`` lines.
    """

    def __init__(self, text: str):
        self.text_lines = text.splitlines()
        self.blocks: dict[str, list[dict]] = {"groups": [], "sources": []}
        self.top: dict[str, int] = {}
        current: dict | None = None
        in_subtable = seen_table = False
        for number, raw in enumerate(self.text_lines, 1):
            line = raw.strip()
            header = _HEADER_RE.match(line)
            if header:
                current = {"start": number, "end": number, "keys": {}}
                self.blocks[header.group(1)].append(current)
                in_subtable, seen_table = False, True
                continue
            if line.startswith("["):
                seen_table = True
                # [[sources.feeds]] still belongs to the entry above it; any other table ends it.
                in_subtable = current is not None and bool(_SUBTABLE_RE.match(line))
                if not in_subtable:
                    current = None
                continue
            key = _KEY_RE.match(line)
            if current is not None:
                current["end"] = number
                if key and not in_subtable:
                    current["keys"].setdefault(key.group(1).strip('"'), number)
            elif key and not seen_table:
                self.top.setdefault(key.group(1).strip('"'), number)

    def entry(self, kind: str, index: int, *, key: str | None = None, value: str | None = None) -> int | None:
        """The line of ``value`` (if given and found) or else of ``key`` within the entry, or its header."""
        blocks = self.blocks[kind]
        if index >= len(blocks):
            # Entries written as an inline array have no headers: the best we know is the array's line.
            return self.top.get(kind)
        block = blocks[index]
        if value:
            for number in range(block["start"], block["end"] + 1):
                if value in self.text_lines[number - 1]:
                    return number
        return block["keys"].get(key, block["start"]) if key else block["start"]


class _Checker:
    """Collects every problem in a parsed document, each located by its line in the text."""

    def __init__(self, *, name: str, lines: _Lines):
        self.name = name
        self.lines = lines
        self.errors: list[str] = []

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(f"{self.name}:{line}: {message}" if line else f"{self.name}: {message}")

    def check(self, document: dict, *, known_groups) -> tuple[list[GroupSpec], list[SourceSpec]]:
        for key in document:
            if key not in ("groups", "sources"):
                self.error(
                    self.lines.top.get(key), f'unknown top-level key "{key}" (expected groups, sources)'
                )
        raw_groups = self._tables(document, "groups")
        raw_sources = self._tables(document, "sources")
        if not raw_groups and not raw_sources and not self.errors:
            self.error(None, "no [[groups]] or [[sources]] in the file")
        groups = self._groups(raw_groups)
        # Every declared group counts, even one with other errors, so one mistake is reported once.
        group_slugs = set(known_groups) | {
            g.get("slug") for g in raw_groups if isinstance(g.get("slug"), str)
        }
        sources = self._sources(raw_sources, group_slugs=group_slugs)
        return groups, sources

    def _tables(self, document: dict, kind: str) -> list:
        value = document.get(kind, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.error(self.lines.top.get(kind), f'"{kind}" must be an array of tables ([[{kind}]])')
            return []
        return value

    def _groups(self, raw_groups: list[dict]) -> list[GroupSpec]:
        specs: list[GroupSpec] = []
        first_line: dict[str, int | None] = {}
        for index, raw in enumerate(raw_groups):
            at = _At(self, "groups", index, raw)
            if not at.keys_ok(GROUP_KEYS):
                continue
            slug, name = at.slug(), at.text("name", 120)
            position = at.raw.get("position")
            if position is not None and (type(position) is not int or not 0 <= position <= MAX_POSITION):
                at.fail("position", f'"position" must be a whole number from 0 to {MAX_POSITION}')
            if at.unique(slug, first_line) and at.ok:
                specs.append(GroupSpec(slug=slug, name=name, position=position))
        return specs

    def _sources(self, raw_sources: list[dict], *, group_slugs: set[str]) -> list[SourceSpec]:
        specs: list[SourceSpec] = []
        first_line: dict[str, int | None] = {}
        for index, raw in enumerate(raw_sources):
            at = _At(self, "sources", index, raw)
            if not at.keys_ok(SOURCE_KEYS):
                continue
            slug, name = at.slug(), at.text("name", 120)
            group, homepage = at.raw.get("group"), at.url("homepage", 500)
            if not isinstance(group, str):
                at.fail("group", '"group" must be a string (a group slug)')
            elif group not in group_slugs:
                at.fail("group", f'unknown group "{group}"')
            language = at.raw.get("language")
            if language is not None and not (
                isinstance(language, str) and len(language) <= 10 and LANGUAGE_RE.match(language)
            ):
                at.fail("language", '"language" must be a language code such as "en"')
            active = at.raw.get("active")
            if active is not None and not isinstance(active, bool):
                at.fail("active", '"active" must be true or false')
            feeds = self._feeds(at) if "feeds" in raw else None
            if at.unique(slug, first_line) and at.ok:
                specs.append(SourceSpec(slug, name, group, homepage, language, active, feeds))
        return specs

    def _feeds(self, at: _At) -> tuple[FeedSpec, ...]:
        raw_feeds = at.raw.get("feeds")
        if not isinstance(raw_feeds, list) or not all(isinstance(f, dict) for f in raw_feeds):
            at.fail("feeds", '"feeds" must be an array of tables such as [{ url = "…", kind = "rss" }]')
            return ()
        feeds: list[FeedSpec] = []
        seen: set[str] = set()
        for number, raw in enumerate(raw_feeds, 1):
            url, kind = raw.get("url"), raw.get("kind")
            line = at.line("feeds", value=url if isinstance(url, str) else None)
            label = f"feed {number}"
            unknown = [key for key in raw if key not in FEED_KEYS]
            missing = [key for key in FEED_KEYS if key not in raw]
            if unknown:
                at.fail_at(line, f'{label}: unknown key "{unknown[0]}" (expected url, kind)')
            if missing:
                at.fail_at(line, f'{label}: missing required key "{missing[0]}"')
            if unknown or missing:
                continue
            if not _is_url(url, 1000):
                at.fail_at(line, f"{label}: url must be an http(s) URL of at most 1000 characters")
                continue
            if kind not in FEED_KINDS:
                at.fail_at(line, f'{label}: unknown kind "{kind}" (expected one of {", ".join(FEED_KINDS)})')
                continue
            if url in seen:
                at.fail_at(line, f'{label}: duplicate feed URL "{url}"')
                continue
            seen.add(url)
            feeds.append(FeedSpec(url=url, kind=kind))
        return tuple(feeds)


class _At:
    """Checks for one [[groups]] or [[sources]] entry; messages name the entry and its line."""

    def __init__(self, checker: _Checker, kind: str, index: int, raw: dict):
        self.checker, self.kind, self.index, self.raw = checker, kind, index, raw
        self.ok = True
        slug = raw.get("slug")
        noun = "group" if kind == "groups" else "source"
        self.label = f'{noun} "{slug}"' if isinstance(slug, str) and slug else f"{noun} #{index + 1}"

    def line(self, key: str | None = None, *, value: str | None = None) -> int | None:
        return self.checker.lines.entry(self.kind, self.index, key=key, value=value)

    def fail(self, key: str | None, message: str) -> None:
        self.fail_at(self.line(key), message)

    def fail_at(self, line: int | None, message: str) -> None:
        self.ok = False
        self.checker.error(line, f"{self.label}: {message}")

    def keys_ok(self, keys: tuple[tuple[str, ...], tuple[str, ...]]) -> bool:
        required, optional = keys
        for key in self.raw:
            if key not in required + optional:
                self.fail(key, f'unknown key "{key}" (expected {", ".join(required + optional)})')
        for key in required:
            if key not in self.raw:
                self.fail(None, f'missing required key "{key}"')
        return self.ok

    def unique(self, slug: str | None, first_line: dict[str, int | None]) -> bool:
        if slug in first_line:
            self.fail("slug", f"duplicate slug (first defined on line {first_line[slug]})")
            return False
        if slug is not None:
            first_line[slug] = self.line("slug")
        return True

    def slug(self) -> str | None:
        slug = self.raw["slug"]
        if not isinstance(slug, str) or len(slug) > 64 or not SLUG_RE.match(slug):
            self.fail("slug", '"slug" must be lowercase letters, digits and single hyphens (at most 64)')
            return None
        return slug

    def text(self, key: str, limit: int) -> str:
        value = self.raw[key]
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            self.fail(key, f'"{key}" must be a non-empty string of at most {limit} characters')
            return ""
        return value.strip()

    def url(self, key: str, limit: int) -> str:
        value = self.raw[key]
        if not _is_url(value, limit):
            self.fail(key, f'"{key}" must be an http(s) URL of at most {limit} characters')
            return ""
        return value


def _is_url(value, limit: int) -> bool:
    if not isinstance(value, str) or len(value) > limit:
        return False
    try:
        _url_validator(value)
    except ValidationError:
        return False
    return True
