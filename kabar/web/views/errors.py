"""Error pages in the reader's language."""

from __future__ import annotations

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the request: no context processors, no database, no session, so the page
    # still appears when any of those is what failed (as Django's own server_error does).
    return HttpResponseServerError(loader.get_template("500.html").render())
