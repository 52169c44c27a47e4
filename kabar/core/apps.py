from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kabar.core"
    label = "kabar_core"
    verbose_name = "kabar"
