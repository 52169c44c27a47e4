from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kabar.web"
    verbose_name = "Situs"
