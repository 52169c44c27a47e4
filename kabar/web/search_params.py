"""The GET parameters of /cari, read into one value. Total like the query parser: any query string
gives a usable SearchParams, and each bad value becomes a notice plus a sane fallback, never an error.

    q        the query text (at most QUERY_MAX_CHARS characters are kept)
    rentang  a preset range: 24j (24 hours), 7h (7 days), 30h (30 days), 1t (1 year)
    since    first day, YYYY-MM-DD, inclusive    } custom dates win over rentang
    until    last day, YYYY-MM-DD, inclusive     }
    sumber   a source slug; repeatable, any of them
    urut     relevan (default) or terbaru
    kumpulkan 1 (default): one result per story, its other copies behind "+N sumber lain";
             0: every article
    hal      the page, from 1
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _

QUERY_MAX_CHARS = 500
MAX_PAGE = 100  # deep pages cost the engine offset+page hits; nobody reads page 101 of a search
MAX_SOURCES = 20
PER_PAGE = 20
SORTS = {"relevan": "relevance", "terbaru": "newest"}
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Preset:
    key: str
    label: str  # shown in the form; translated when rendered
    span: timedelta


def presets() -> tuple[Preset, ...]:
    return (
        Preset("24j", _("Last 24 hours"), timedelta(hours=24)),
        Preset("7h", _("Last 7 days"), timedelta(days=7)),
        Preset("30h", _("Last 30 days"), timedelta(days=30)),
        Preset("1t", _("Last year"), timedelta(days=365)),
    )


PRESET_KEYS = ("24j", "7h", "30h", "1t")


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    rentang: str = ""  # a preset key, or "" (no preset: the whole window or custom dates)
    since: date | None = None  # custom first day, inclusive
    until: date | None = None  # custom last day, inclusive
    sources: tuple[str, ...] = ()
    urut: str = "relevan"
    collapse: bool = True  # kumpulkan: one result per story
    page: int = 1
    notices: tuple[tuple[str, str], ...] = field(default=())  # (code, message) about bad parameters

    @property
    def sort(self) -> str:
        """The selector's name for the order."""
        return SORTS[self.urut]

    def since_moment(self, now: datetime) -> datetime | None:
        """The earliest publication time asked for, aware; None means the start of the window."""
        if self.since is not None:
            return _day_start(self.since)
        if self.rentang:
            span = next(p.span for p in presets() if p.key == self.rentang)
            # Whole minutes: the engine caches by range, and a range that moves every microsecond
            # would never hit the cache.
            return now.replace(second=0, microsecond=0) - span
        return None

    def until_moment(self) -> datetime | None:
        """The first moment after the range (exclusive), so that ``until`` counts as a whole day."""
        return _day_start(self.until + timedelta(days=1)) if self.until is not None else None

    def query_string(self, **changes) -> str:
        """This search's URL parameters with some changed; changing anything but the page goes to page 1."""
        target = replace(self, **changes)
        if changes and "page" not in changes:
            target = replace(target, page=1)
        pairs: list[tuple[str, str]] = []
        if target.q:
            pairs.append(("q", target.q))
        if target.rentang:
            pairs.append(("rentang", target.rentang))
        if target.since:
            pairs.append(("since", target.since.isoformat()))
        if target.until:
            pairs.append(("until", target.until.isoformat()))
        pairs += [("sumber", slug) for slug in target.sources]
        if target.urut != "relevan":
            pairs.append(("urut", target.urut))
        if not target.collapse:
            pairs.append(("kumpulkan", "0"))
        if target.page != 1:
            pairs.append(("hal", str(target.page)))
        return "?" + urlencode(pairs)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _date(raw: str) -> date | None:
    raw = raw.strip()
    if not _DATE.fullmatch(raw):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def parse_params(get, *, known_sources: frozenset[str] | None = None) -> SearchParams:
    """Read a request's GET QueryDict. ``known_sources``, when given, drops unknown slugs with a notice."""
    notices: list[tuple[str, str]] = []

    q = " ".join(get.get("q", "").split())
    if len(q) > QUERY_MAX_CHARS:
        q = q[:QUERY_MAX_CHARS].rstrip()
        notices.append(
            (
                "query_truncated",
                _("The query is too long; only the first %(n)s characters are used.")
                % {"n": QUERY_MAX_CHARS},
            )
        )

    rentang = get.get("rentang", "").strip().lower()
    if rentang and rentang not in PRESET_KEYS:
        notices.append(("bad_range", _("Unknown time range; searching the whole period instead.")))
        rentang = ""

    since_raw, until_raw = get.get("since", "").strip(), get.get("until", "").strip()
    since, until = _date(since_raw), _date(until_raw)
    if since_raw and since is None:
        notices.append(
            ("bad_since", _("The start date is not a valid date (use YYYY-MM-DD); it is ignored."))
        )
    if until_raw and until is None:
        notices.append(("bad_until", _("The end date is not a valid date (use YYYY-MM-DD); it is ignored.")))
    if since and until and until < since:
        since, until = until, since
        notices.append(("dates_swapped", _("The end date was before the start date; the two were swapped.")))
    if since or until:
        rentang = ""  # explicit dates say more than a preset

    sources: list[str] = []
    unknown: list[str] = []
    for raw in get.getlist("sumber"):
        slug = raw.strip().lower()
        if not slug:
            continue
        if not _SLUG.fullmatch(slug) or (known_sources is not None and slug not in known_sources):
            unknown.append(raw.strip()[:64])
        elif slug not in sources:
            sources.append(slug)
    if unknown:
        notices.append(
            ("unknown_source", _("Unknown source ignored: %(names)s.") % {"names": ", ".join(unknown[:5])})
        )
    if len(sources) > MAX_SOURCES:
        sources = sources[:MAX_SOURCES]
        notices.append(("too_many_sources", _("At most %(n)s sources at once.") % {"n": MAX_SOURCES}))

    urut = get.get("urut", "").strip().lower() or "relevan"
    if urut not in SORTS:
        notices.append(("bad_sort", _("Unknown sort order; sorting by relevance.")))
        urut = "relevan"

    kumpulkan = get.get("kumpulkan", "").strip()
    if kumpulkan not in ("", "0", "1"):
        notices.append(("bad_collapse", _("Unknown value of kumpulkan; one result per story is shown.")))

    page = 1
    hal = get.get("hal", "").strip()
    if hal:
        # Length first: int() of a few thousand digits raises (Python's int max str digits guard).
        number = int(hal) if hal.isascii() and hal.isdigit() and len(hal) <= 9 else None
        if hal.isascii() and hal.isdigit() and number is None:
            number = MAX_PAGE + 1
        if number is not None and 1 <= number <= MAX_PAGE:
            page = number
        elif number is not None and number > MAX_PAGE:
            page = MAX_PAGE
            notices.append(("page_clamped", _("At most %(n)s pages are shown.") % {"n": MAX_PAGE}))
        else:
            notices.append(("bad_page", _("Invalid page number; showing the first page.")))

    return SearchParams(
        q=q,
        rentang=rentang,
        since=since,
        until=until,
        sources=tuple(sources),
        urut=urut,
        collapse=kumpulkan != "0",
        page=page,
        notices=tuple(notices),
    )
