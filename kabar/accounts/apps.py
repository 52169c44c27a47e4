from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kabar.accounts"
    label = "kabar_accounts"
    verbose_name = "Akun"
