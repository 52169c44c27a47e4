from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "kabar.engagement"
    verbose_name = "Interaksi"
