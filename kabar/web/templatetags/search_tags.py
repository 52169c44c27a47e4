"""The search timeline: matches per day drawn as an inline SVG bar chart (no JavaScript, no inline
style, since the CSP forbids both), with a text alternative for screen readers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django import template
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

register = template.Library()

HEIGHT = 48  # SVG units; the chart is stretched to the sidebar's width by CSS
BAR = 4  # SVG units per day
MONTHLY_AFTER_DAYS = 62  # longer ranges are summed by month in the text table


@dataclass(frozen=True)
class Bar:
    # Numbers as strings, formatted here: a template would localise 12.5 into "12,5" in Indonesian.
    x: str
    y: str
    height: str
    label: str


@dataclass(frozen=True)
class Row:
    label: str
    count: int


def dense(days: Iterable[tuple[date, int]]) -> list[tuple[date, int]]:
    """Every day from the first to the last, with 0 for the days missing from ``days``."""
    counts: dict[date, int] = {}
    for day, count in days:
        counts[day] = counts.get(day, 0) + int(count)
    if not counts:
        return []
    first, last = min(counts), max(counts)
    return [
        (first + timedelta(days=i), counts.get(first + timedelta(days=i), 0))
        for i in range((last - first).days + 1)
    ]


def _rows(days: list[tuple[date, int]]) -> list[Row]:
    if len(days) <= MONTHLY_AFTER_DAYS:
        return [Row(format_date(d, "j M Y"), c) for d, c in days if c]
    months: dict[tuple[int, int], int] = {}
    for d, c in days:
        months[(d.year, d.month)] = months.get((d.year, d.month), 0) + c
    return [Row(format_date(date(y, m, 1), "F Y"), c) for (y, m), c in months.items() if c]


@register.inclusion_tag("web/search/timeline.html")
def search_timeline(days: Iterable[tuple[date, int]]) -> dict:
    days = dense(days)
    if not days:
        return {"days": []}
    top = max(c for _, c in days)
    bars = []
    for i, (day, count) in enumerate(days):
        if count:
            # At least 2 units tall so that a day with one match among hundreds stays visible.
            height = max(2.0, round(HEIGHT * count / top, 2))
            label = _("%(date)s: %(count)s news") % {"date": format_date(day, "j M Y"), "count": count}
            bars.append(Bar(str(i * BAR), f"{HEIGHT - height:g}", f"{height:g}", label))
    peak_day, peak = max(days, key=lambda item: (item[1], item[0]))
    return {
        "days": days,
        "bars": bars,
        "width": str(len(days) * BAR),
        "height": str(HEIGHT),
        "bar_width": str(BAR - 1 if len(days) <= 120 else BAR),
        "first": days[0][0],
        "last": days[-1][0],
        "total": sum(c for _, c in days),
        "peak": peak,
        "peak_day": peak_day,
        "rows": _rows(days),
        "monthly": len(days) > MONTHLY_AFTER_DAYS,
    }
