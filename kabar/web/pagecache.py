"""A short-lived cache of pages rendered for anonymous readers.

An article page costs several milliseconds of CPU to build (queries and a large template); every
anonymous reader of an article gets the same HTML, except for the CSRF token. So a page built for
one anonymous reader is kept for a few seconds and served to the next ones:

- Only a GET without a query string, from a request with neither a session cookie nor a messages
  cookie, is served from (or stored in) the cache: without those cookies the reader is certainly
  anonymous and has no flash message waiting. Everyone else gets a page built for them alone.
- The key holds everything else the HTML depends on: the page's own parts (the article id and
  slug), the language, the scheme, the host and the path.
- The page is built with a placeholder in place of the CSRF token; each response gets the
  placeholder replaced by a fresh ``get_token(request)``, which also makes the CSRF middleware set
  its cookie exactly as a page built for the request would. The placeholder is derived from
  SECRET_KEY and never sent, so page text cannot forge it.
- The middleware still runs on every request, so status, headers and cookies are those of a page
  built for the request. An edit, a new comment or a like shows after at most CACHE_SECONDS.
- Each process keeps pages in memory; a page it builds is also written to KABAR_DATA_DIR/page-cache/,
  so the other gunicorn workers of the site take it from there instead of building it again. A
  page's age counts from when it was built, wherever it is read.

The cache is on by default only under gunicorn with debug off (the deployment; see ``kabar
serve``), where view counts lag a few seconds anyway. Under the test client, Django's live server,
``runserver`` or with KABAR_DEBUG=1 every page is built fresh, unless the setting
``KABAR_PAGE_CACHE_SECONDS`` says otherwise (0 turns the cache off everywhere).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import threading
import time
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger("kabar.web")

CACHE_SECONDS = 8.0  # shown counts lag 10 s at most: up to 2 s in the view buffer, then up to 8 s here
MAX_PAGES = 500  # in memory, per process (~40 KB each); past this, expired pages go, then all
PRUNE_SECONDS = 60.0  # how often a process deletes expired pages from the shared folder
FOLDER = "page-cache"
CONTENT_TYPE = "text/html; charset=utf-8"

Key = tuple

_pages: dict[Key, tuple[float, bytes]] = {}  # key -> (time.monotonic() it expires at, page)
_lock = threading.Lock()
_last_prune = [0.0]
_warned = [False]


def cache_seconds(request) -> float:
    chosen = getattr(settings, "KABAR_PAGE_CACHE_SECONDS", None)
    if chosen is not None:
        return float(chosen)
    under_gunicorn = request.META.get("SERVER_SOFTWARE", "").startswith("gunicorn/")
    return CACHE_SECONDS if under_gunicorn and not settings.DEBUG else 0.0


def page_key(request, *parts) -> Key | None:
    """The cache key of this request's page, or None when the page must be built for it alone."""
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return None
    if cache_seconds(request) <= 0:
        return None
    return (*parts, translation.get_language(), request.scheme, request.get_host(), request.path)


def page_get(request, key: Key | None) -> HttpResponse | None:
    """The cached page for ``key`` with this request's CSRF token, or None."""
    if key is None:
        return None
    found = _pages.get(key)
    if found is not None and time.monotonic() < found[0]:
        return _response(request, found[1])
    body = _shared_read(key, cache_seconds(request))
    return None if body is None else _response(request, body)


def page_render(request, template_name: str, context: dict, key: Key | None) -> HttpResponse:
    """Render the page; with a key, store it (with the placeholder) for the next anonymous readers."""
    if key is None:
        return render(request, template_name, context)
    body = render_to_string(template_name, {**context, "csrf_token": _placeholder()}, request).encode()
    seconds = cache_seconds(request)
    _remember(key, body, time.monotonic() + seconds)
    _shared_write(key, body, seconds)
    return _response(request, body)


def pages_clear(*, shared: bool = True) -> None:
    """Forget every page cached in this process and, unless ``shared`` is False, in the shared
    folder too (tests)."""
    with _lock:
        _pages.clear()
    folder = _folder()
    if shared and folder.is_dir():
        for path in folder.iterdir():
            path.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def _placeholder_for(secret: str) -> bytes:
    # Letters and digits only, so escaping leaves it as is; the same in every worker of the site.
    return (
        "kabarcsrf" + hmac.new(secret.encode(), b"kabar.pagecache", hashlib.sha256).hexdigest()[:32]
    ).encode()


def _placeholder() -> str:
    return _placeholder_for(settings.SECRET_KEY).decode()


def _response(request, body: bytes) -> HttpResponse:
    placeholder = _placeholder_for(settings.SECRET_KEY)
    # Only a page that shows the token asks for one, as rendering it for the request would.
    if placeholder in body:
        body = body.replace(placeholder, get_token(request).encode())
    return HttpResponse(body, content_type=CONTENT_TYPE)


def _remember(key: Key, body: bytes, expires: float) -> None:
    with _lock:
        if key not in _pages and len(_pages) >= MAX_PAGES:
            now = time.monotonic()
            for old in [k for k, (until, _) in _pages.items() if until <= now]:
                del _pages[old]
            if len(_pages) >= MAX_PAGES:
                _pages.clear()
        _pages[key] = (expires, body)


def _folder() -> Path:
    return Path(settings.DATA_DIR) / FOLDER


def _path(key: Key) -> Path:
    # The placeholder is part of the name: after a change of SECRET_KEY no worker reads a page whose
    # placeholder it would not replace.
    name = hashlib.sha256(repr((key, _placeholder())).encode()).hexdigest()[:40]
    return _folder() / f"{name}.html"


def _shared_read(key: Key, seconds: float) -> bytes | None:
    """The page another process built less than ``seconds`` ago, kept in memory for what is left."""
    try:
        with _path(key).open("rb") as handle:
            age = time.time() - os.fstat(handle.fileno()).st_mtime
            if not 0 <= age < seconds:
                return None
            body = handle.read()
    except OSError:  # not there (yet), or pruned meanwhile
        return None
    _remember(key, body, time.monotonic() + seconds - age)
    return body


def _shared_write(key: Key, body: bytes, seconds: float) -> None:
    path = _path(key)
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}")
    try:
        path.parent.mkdir(exist_ok=True)
        temporary.write_bytes(body)
        os.replace(temporary, path)  # readers see the old page or the new one, never half of one
    except OSError as exc:
        if not _warned[0]:  # once per process: a read-only data folder would otherwise flood the log
            _warned[0] = True
            logger.warning("page cache: cannot write %s (pages stay per process): %s", path, exc)
        temporary.unlink(missing_ok=True)
        return
    _maybe_prune(seconds)


def _maybe_prune(seconds: float) -> None:
    now = time.time()
    if now - _last_prune[0] < PRUNE_SECONDS:
        return
    _last_prune[0] = now
    try:
        entries = list(os.scandir(_folder()))
    except OSError:
        return
    for entry in entries:
        try:
            # Expired pages, and temporary files a crashed worker left; one being written is younger.
            if now - entry.stat().st_mtime > seconds + 1.0:
                os.unlink(entry.path)
        except OSError:
            pass
