"""The crawler's health for people (/sumber/) and for machines (/healthz)."""

from __future__ import annotations

import logging

from django.db import Error as DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kabar.sources.health import crawler_summary, database_check, source_statuses

log = logging.getLogger(__name__)


@require_safe
def sources_status(request):
    return render(request, "web/sources_status.html", {"statuses": source_statuses()})


@never_cache
@require_safe
def healthz(request):
    """200 with "ok" or "degraded" while the database answers; 503 with "error" when it does not."""
    try:
        database = database_check()
        crawler = crawler_summary()
    except DatabaseError as exc:
        # The class name is enough to point at the cause; the message may hold hosts or paths.
        log.warning("healthz: database unavailable: %s", exc)
        body = {"status": "error", "database": {"ok": False, "error": type(exc).__name__}, "crawler": None}
        return JsonResponse(body, status=503)
    if crawler["last_success_at"] is not None:
        crawler["last_success_at"] = crawler["last_success_at"].isoformat()
    degraded = crawler["failing_feeds"] or crawler["overdue_feeds"]
    body = {"status": "degraded" if degraded else "ok", "database": database, "crawler": crawler}
    return JsonResponse(body)
