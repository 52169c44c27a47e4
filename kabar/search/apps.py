from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "kabar.search"
    verbose_name = "Pencarian"
