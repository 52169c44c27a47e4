from django.contrib import admin

from kabar.stories.models import Story, StoryMember


class StoryMemberInline(admin.TabularInline):
    model = StoryMember
    fields = ("article", "published_at", "origin", "seq")
    readonly_fields = fields
    ordering = ("published_at",)
    can_delete = False
    extra = 0
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    """Read-only: stories are derived from the articles (`kabar recluster` rebuilds them)."""

    list_display = ("id", "representative", "origin", "size", "outlet_count", "last_updated")
    list_filter = ("origin",)
    date_hierarchy = "last_updated"
    list_select_related = ("representative",)
    readonly_fields = ("representative", "origin", "size", "outlet_count", "first_seen", "last_updated")
    inlines = [StoryMemberInline]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
