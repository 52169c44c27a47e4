from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "kabar.stories"
    verbose_name = "Cerita"
