from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("kabar.api.urls")),
    path("akun/", include("kabar.accounts.urls")),
    path("", include("kabar.engagement.urls")),
    path("", include("kabar.web.urls")),
]

handler404 = "kabar.web.views.errors.not_found"
handler500 = "kabar.web.views.errors.server_error"
