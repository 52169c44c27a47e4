from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "kabar.sources"
    verbose_name = "Sumber"
