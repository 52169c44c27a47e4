"""The one table of KABAR_* settings.

Every setting is declared here once, with its default, its parser and a line of help.
`kabar/settings.py` is the only reader; no other module looks at ``os.environ``.
A test checks that the README's settings table lists exactly these names.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class ConfigError(ValueError):
    """A setting has a value that cannot be used. The message is one line and names the variable."""


def parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected one of 1/0, true/false, yes/no, on/off")


def parse_port(raw: str) -> int:
    try:
        port = int(raw.strip())
    except ValueError:
        raise ValueError("expected a port number between 1 and 65535") from None
    if not 1 <= port <= 65535:
        raise ValueError("expected a port number between 1 and 65535")
    return port


def parse_positive_int(raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ValueError("expected a positive whole number") from None
    if value < 1:
        raise ValueError("expected a positive whole number")
    return value


def parse_seconds(raw: str) -> float:
    try:
        value = float(raw.strip())
    except ValueError:
        raise ValueError("expected a number of seconds, 0 or more") from None
    if not 0 <= value <= 86400:
        raise ValueError("expected a number of seconds between 0 and 86400")
    return value


def parse_host(raw: str) -> str:
    value = raw.strip()
    if not value or any(ch.isspace() for ch in value) or "/" in value:
        raise ValueError("expected a host name or IP address")
    return value


def parse_list(raw: str) -> list[str]:
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ValueError("expected a comma-separated list with at least one entry")
    return items


def parse_time_zone(raw: str) -> str:
    value = raw.strip()
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("unknown time zone (expected an IANA name such as Asia/Jakarta)") from None
    return value


def parse_database_url(raw: str) -> str:
    value = raw.strip()
    if value.startswith(("sqlite:///", "sqlite://:memory:")):
        return value
    if value.startswith(("postgres://", "postgresql://", "pgsql://")):
        return value
    raise ValueError("expected sqlite:///PATH or postgres://USER@HOST:PORT/NAME")


def parse_redis_url(raw: str) -> str:
    value = raw.strip()
    if not value.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("expected redis://HOST:PORT/DB")
    return value


def parse_path(raw: str) -> Path:
    value = raw.strip()
    if not value:
        raise ValueError("expected a directory path")
    return Path(value).expanduser().resolve()


def parse_secret(raw: str) -> str:
    value = raw.strip()
    if len(value) < 32:
        raise ValueError("must be at least 32 characters long")
    return value


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None  # None: no default; computed in settings.py (documented in help)
    parser: Callable[[str], Any]
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "KABAR_DATA_DIR",
        "var/",
        parse_path,
        "Directory for the SQLite database, the search index and the generated secret key.",
    ),
    Setting(
        "KABAR_DATABASE_URL",
        None,
        parse_database_url,
        "Database URL. Default: SQLite at KABAR_DATA_DIR/kabar.sqlite3; use postgres://… for PostgreSQL.",
    ),
    Setting(
        "KABAR_SECRET_KEY",
        None,
        parse_secret,
        "Django secret key. If unset, one is generated once and kept in KABAR_DATA_DIR/secret_key.",
    ),
    Setting("KABAR_DEBUG", "0", parse_bool, "Debug mode. Never turn it on in production."),
    Setting(
        "KABAR_ALLOWED_HOSTS",
        "localhost,127.0.0.1,[::1]",
        parse_list,
        "Comma-separated host names the site answers to.",
    ),
    Setting("KABAR_HOST", "127.0.0.1", parse_host, "Address the web server listens on."),
    Setting("KABAR_PORT", "8000", parse_port, "Port the web server listens on."),
    Setting(
        "KABAR_TIME_ZONE",
        "Asia/Jakarta",
        parse_time_zone,
        "Time zone for dates shown to readers (IANA name).",
    ),
    Setting(
        "KABAR_SEARCH_WINDOW_DAYS",
        "365",
        parse_positive_int,
        "How many days back search reaches.",
    ),
    Setting(
        "KABAR_REDIS_URL",
        None,
        parse_redis_url,
        "Redis for the shared cache and rate limits (several web nodes). Default: a local in-process cache.",
    ),
    Setting(
        "KABAR_COUNT_VIEWS",
        "1",
        parse_bool,
        "Count article views (one per visitor per article per day). Off only for benchmarks.",
    ),
    Setting(
        "KABAR_CRAWL_MIN_HOST_DELAY",
        "1",
        parse_seconds,
        "Minimum seconds between two requests to one host; a robots.txt Crawl-delay raises it.",
    ),
    Setting(
        "KABAR_CRAWL_ALLOW_PRIVATE",
        "0",
        parse_bool,
        "Allow the crawler to fetch private, loopback and link-local addresses. Tests only.",
    ),
    Setting(
        "KABAR_HSTS_SECONDS",
        "0",
        lambda raw: _non_negative(raw),
        "Strict-Transport-Security max-age when served over HTTPS; 0 (default) sends no HSTS header.",
    ),
)


def _non_negative(raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ValueError("expected a whole number of seconds, 0 or more") from None
    if value < 0:
        raise ValueError("expected a whole number of seconds, 0 or more")
    return value


def load(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Parse every setting from ``environ``; unset ones get their default (or None)."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(setting.name)
        source = "environment"
        if raw is None or raw.strip() == "":  # an empty variable counts as unset
            if setting.default is None:
                values[setting.name] = None
                continue
            raw, source = setting.default, "default"
        try:
            values[setting.name] = setting.parser(raw)
        except ValueError as exc:
            shown = raw if len(raw) <= 60 else raw[:57] + "..."
            if setting.name == "KABAR_SECRET_KEY":
                shown = "<hidden>"
            raise ConfigError(f"{setting.name}={shown!r} is invalid ({source}): {exc}") from None
    return values
