from django.urls import path, re_path

from kabar.api.errors import unknown_path
from kabar.api.main import api

urlpatterns = [
    # Before ninja's own root view, which would answer with the site's HTML 404 page.
    path("", unknown_path),
    path("", api.urls),
    # Last, so that any other /api/v1/ URL answers in the API's JSON error shape, not an HTML page.
    re_path(r"^(?P<path>.*)$", unknown_path),
]
