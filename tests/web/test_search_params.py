"""/cari's GET parameters (kabar/web/search_params.py): values, presets, fallbacks and notices."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict
from django.utils import timezone

from kabar.web.search_params import MAX_PAGE, MAX_SOURCES, parse_params


def params_of(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query)


def _params(**values):
    query = QueryDict(mutable=True)
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            query.appendlist(key, item)
    return parse_params(query, known_sources=frozenset({"mainichi", "kyodo"}))


def test_params_defaults():
    params = _params()
    assert (params.q, params.rentang, params.since, params.until) == ("", "", None, None)
    assert (params.sources, params.urut, params.sort, params.page, params.notices) == (
        (),
        "relevan",
        "relevance",
        1,
        (),
    )
    assert params.query_string() == "?"


def test_params_read_every_value():
    params = _params(
        q="  tokyo   nato ",
        since="2026-01-02",
        until="2026-01-31",
        sumber=["kyodo", "MAINICHI", "kyodo", ""],
        urut="terbaru",
        hal="3",
    )
    assert params.q == "tokyo nato"
    assert (params.since, params.until) == (date(2026, 1, 2), date(2026, 1, 31))
    assert params.sources == ("kyodo", "mainichi")
    assert (params.sort, params.page, params.notices) == ("newest", 3, ())
    assert params_of(params.query_string()) == {
        "q": ["tokyo nato"],
        "since": ["2026-01-02"],
        "until": ["2026-01-31"],
        "sumber": ["kyodo", "mainichi"],
        "urut": ["terbaru"],
        "hal": ["3"],
    }
    # Changing anything but the page starts again at page 1.
    assert "hal" not in params_of(params.query_string(urut="relevan"))
    assert params_of(params.query_string(page=4))["hal"] == ["4"]


def test_params_dates_are_whole_local_days_and_win_over_a_preset():
    params = _params(rentang="7h", since="2026-03-01", until="2026-03-01")
    assert params.rentang == ""
    start, end = params.since_moment(timezone.now()), params.until_moment()
    assert timezone.localtime(start) == timezone.make_aware(datetime(2026, 3, 1))
    assert timezone.localtime(end) == timezone.make_aware(datetime(2026, 3, 2))
    assert params.since == date(2026, 3, 1)


@pytest.mark.parametrize(("key", "hours"), [("24j", 24), ("7h", 7 * 24), ("30h", 30 * 24), ("1t", 365 * 24)])
def test_params_presets(key, hours):
    now = timezone.now()
    params = _params(rentang=key.upper())
    assert params.rentang == key
    since = params.since_moment(now)
    assert timedelta(hours=hours) <= now - since < timedelta(hours=hours, minutes=1)
    assert params.until_moment() is None


def test_params_swapped_dates():
    params = _params(since="2026-05-10", until="2026-05-01")
    assert (params.since, params.until) == (date(2026, 5, 1), date(2026, 5, 10))
    assert [code for code, _ in params.notices] == ["dates_swapped"]


def test_params_fallbacks():
    params = _params(
        q="x" * 700, rentang="2m", since="01/02/2026", urut="z", hal="abc", sumber=["nope", "ky do"]
    )
    assert len(params.q) == 500
    assert (params.rentang, params.since, params.urut, params.page, params.sources) == (
        "",
        None,
        "relevan",
        1,
        (),
    )
    codes = [code for code, _ in params.notices]
    assert codes == ["query_truncated", "bad_range", "bad_since", "unknown_source", "bad_sort", "bad_page"]
    unknown = dict(params.notices)["unknown_source"]
    assert "nope" in unknown and "ky do" in unknown


def test_params_page_limits():
    assert _params(hal=str(MAX_PAGE)).page == MAX_PAGE
    assert _params(hal=str(MAX_PAGE + 1)).page == MAX_PAGE
    assert _params(hal="9" * 10_000).page == MAX_PAGE
    for bad in ("0", "-1", "1.5", "٣", "1e3", " "):
        assert _params(hal=bad).page == 1, bad


def test_params_many_sources_are_capped():
    query = QueryDict(mutable=True)
    query.setlist("sumber", [f"s{n}" for n in range(30)])
    params = parse_params(query)
    assert len(params.sources) == MAX_SOURCES
    assert [code for code, _ in params.notices] == ["too_many_sources"]
