from django.urls import path

from kabar.engagement import views

app_name = "engagement"
# Paths of their own (not under /berita/<pk>/<slug>/), so no article title can ever collide.
urlpatterns = [
    path("suka/<int:pk>/", views.like, name="like"),
    path("bagikan/<int:pk>/", views.share, name="share"),
    path("komentar/berita/<int:pk>/", views.comment_create, name="comment_create"),
    path("komentar/<int:pk>/sunting/", views.comment_edit, name="comment_edit"),
    path("komentar/<int:pk>/hapus/", views.comment_delete, name="comment_delete"),
    path("komentar/<int:pk>/laporkan/", views.comment_report, name="comment_report"),
    path("komentar/<int:pk>/batal-lapor/", views.comment_unreport, name="comment_unreport"),
]
