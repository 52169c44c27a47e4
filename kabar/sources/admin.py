from django.contrib import admin

from kabar.sources.models import Feed, MediaGroup, Source


@admin.register(MediaGroup)
class MediaGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    search_fields = ("name", "slug")


class FeedInline(admin.TabularInline):
    model = Feed
    extra = 0
    fields = ("url", "kind", "active", "next_check_at", "error_count", "last_success_at", "disabled_reason")
    readonly_fields = ("next_check_at", "error_count", "last_success_at", "disabled_reason")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "group", "language", "active")
    list_filter = ("group", "active", "language")
    search_fields = ("name", "slug")
    inlines = [FeedInline]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ("url", "source", "kind", "active", "error_count", "last_success_at", "disabled_reason")
    list_filter = ("kind", "active", "source")
    search_fields = ("url",)
    readonly_fields = ("etag", "last_modified", "lease_owner", "lease_expires_at")
