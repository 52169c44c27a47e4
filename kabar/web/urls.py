from django.urls import path

from kabar.web.views import pages

app_name = "web"
urlpatterns = [
    path("", pages.home, name="home"),
    path("berita/<int:pk>/<slug:slug>/", pages.article, name="article"),
]
