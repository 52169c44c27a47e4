from django.contrib.auth import views as auth_views
from django.urls import path

from kabar.accounts import views

app_name = "accounts"
urlpatterns = [
    path("daftar/", views.register, name="register"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    # Django's LogoutView accepts only POST, so a link or an image cannot log a reader out.
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("sandi/selesai/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
