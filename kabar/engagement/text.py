"""Comments are plain text. On the page, line breaks are kept and web addresses become links;
nothing else a reader types can become HTML."""

from __future__ import annotations

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# http(s) addresses and bare www. ones. Quotes, angle brackets and backticks end an address, so an
# address can never carry markup; \b keeps "xhttp://" and "awww." from matching mid-word.
_ADDRESS = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,:;!?…"
_CLOSERS = {")": "(", "]": "[", "}": "{"}
REL = "nofollow ugc noopener"


def _trim(address: str) -> str:
    """Drop sentence punctuation after an address; keep a closing bracket only if it is paired."""
    while address:
        last = address[-1]
        if last in _TRAILING:
            address = address[:-1]
        elif last in _CLOSERS and address.count(last) > address.count(_CLOSERS[last]):
            address = address[:-1]
        else:
            break
    return address


def _has_host(address: str) -> bool:
    rest = re.sub(r"^(?:https?://|www\.)", "", address, flags=re.IGNORECASE)
    return bool(rest) and rest[0].isalnum()


def comment_html(text: str) -> SafeString:
    parts: list[str] = []
    position = 0
    for match in _ADDRESS.finditer(text):
        address = _trim(match.group(0))
        if not _has_host(address):
            continue
        start = match.start()
        parts.append(escape(text[position:start]))
        href = address if address.lower().startswith(("http://", "https://")) else f"https://{address}"
        parts.append(format_html('<a href="{}" rel="{}">{}</a>', href, REL, address))
        position = start + len(address)
    parts.append(escape(text[position:]))
    # Every piece above is escaped text or an <a> built by format_html; only <br> is added here.
    return mark_safe("".join(parts).replace("\n", "<br>\n"))  # noqa: S308
