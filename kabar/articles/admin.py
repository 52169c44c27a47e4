from django.contrib import admin

from kabar.articles.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "source",
        "published_at",
        "view_count",
        "like_count",
        "comment_count",
        "share_count",
    )
    list_filter = ("source", "is_demo", "summary_only")
    search_fields = ("title", "url")
    date_hierarchy = "published_at"
    readonly_fields = (
        "seq",
        "fetched_at",
        "updated_at",
        "view_count",
        "like_count",
        "comment_count",
        "share_count",
    )
    list_select_related = ("source",)
    show_full_result_count = False
