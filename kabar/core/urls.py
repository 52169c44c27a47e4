"""One spelling per article URL, so that the same story reached through a campaign link, a fragment
or an upper-case host is stored once."""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_TRACKING_PARAMS = frozenset({"fbclid", "gclid"})
# Browsers drop ASCII tab and newline anywhere in a URL (WHATWG URL standard, "basic URL parser").
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_HAS_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_HOST_CHARS = re.compile(r"[a-z0-9_.-]+|\[[0-9a-f:.]+\]")
# Characters left as they are when re-quoting: reserved delimiters and existing %-escapes.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"


def _is_tracking(param: str) -> bool:
    name = param.split("=", 1)[0].lower()
    return name.startswith("utm_") or name in _TRACKING_PARAMS


def _host(parts) -> str:
    host = parts.hostname
    if not host:
        raise ValueError("URL has no host")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError(f"invalid host name: {host!r}") from exc
    host = host.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if not _HOST_CHARS.fullmatch(host):
        raise ValueError(f"invalid host name: {host!r}")
    return host


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4 for an absolute path: "a/./b" is "a/b", "a/b/../c" is "a/c"."""
    segments = path.split("/")
    if "." not in segments and ".." not in segments:
        return path or "/"
    kept = [""]
    for segment in segments[1:]:
        if segment == "..":
            if len(kept) > 1:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    if segments[-1] in (".", ".."):
        kept.append("")  # "a/b/.." names the directory a/
    return "/".join(kept) or "/"


def canonical_url(url: str, *, base: str | None = None) -> str:
    """Absolute http(s) URL in its canonical spelling; raises ValueError for anything else.

    Resolves against ``base``, lower-cases scheme and host, drops credentials, the default port and
    the fragment, removes ``utm_*``, ``fbclid`` and ``gclid`` (other parameters keep their order), and
    percent-encodes characters that may not appear raw in a URL.
    """
    if not isinstance(url, str):
        raise ValueError("URL must be a string")
    url = _TAB_OR_NEWLINE.sub("", url).strip()
    if not url:
        raise ValueError("empty URL")
    if base and not _HAS_SCHEME.match(url):
        url = urljoin(_TAB_OR_NEWLINE.sub("", base).strip(), url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        raise ValueError(f"not an http(s) URL: {url[:100]!r}")
    host = _host(parts)
    port = parts.port  # raises ValueError for a port that is not a number in range
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = quote(_remove_dot_segments(parts.path), safe=_PATH_SAFE)
    query = "&".join(p for p in parts.query.split("&") if p and not _is_tracking(p))
    query = quote(query, safe=_QUERY_SAFE)
    return urlunsplit((scheme, netloc, path, query, ""))
