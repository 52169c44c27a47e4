from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "kabar.articles"
    verbose_name = "Berita"
