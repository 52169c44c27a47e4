from django.urls import path

from kabar.web.views import health, pages, search

app_name = "web"
urlpatterns = [
    path("", pages.home, name="home"),
    path("cari", search.search, name="search"),
    path("berita/<int:pk>/<slug:slug>/", pages.article, name="article"),
    path("sumber/<slug:slug>/", pages.source, name="source"),
    path("grup/<slug:slug>/", pages.group, name="group"),
    path("sumber/", health.sources_status, name="sources_status"),
    path("healthz", health.healthz, name="healthz"),
]
