"""Which stored URLs may appear in a page. Source data is hostile: a ``javascript:`` link or an
``http:`` image (blocked by our CSP's img-src anyway) must never reach an attribute."""

from __future__ import annotations


def external_link(url: str) -> str:
    """``url`` if it is an http(s) address, else an empty string."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def image_src(url: str) -> str:
    """An https address or a path on this site (``/static/...``); anything else is dropped."""
    if url.lower().startswith("https://"):
        return url
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return ""


def absolute(request, url: str) -> str:
    """``url`` made absolute for Open Graph; site paths get this request's scheme and host."""
    if not url or url.lower().startswith(("https://", "http://")):
        return url
    return request.build_absolute_uri(url)
