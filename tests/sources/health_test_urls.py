"""The site's URLs plus the health views, for tests run before kabar/web/urls.py lists them."""

from django.urls import include, path

from kabar.web.views import health

urlpatterns = [
    path("sumber/", health.sources_status, name="sources_status"),
    path("healthz", health.healthz, name="healthz"),
    path("", include("kabar.urls")),
]
