"""Moderation in the admin: the queue of reported comments, with bulk hide and approve.

Comments are read-only here. Their state changes only through the services, so comment_count
stays exact; that is also why comments cannot be added or deleted from the admin.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.text import Truncator

from kabar.engagement.models import Comment, CommentReport, ModerationQueue
from kabar.engagement.services import comments_approve, comments_hide


@admin.action(description="Sembunyikan komentar terpilih", permissions=["change"])
def hide_comments(modeladmin, request, queryset):
    hidden = comments_hide(comment_ids=queryset.values_list("pk", flat=True))
    modeladmin.message_user(
        request, f"{hidden} komentar disembunyikan; laporannya ditutup.", messages.SUCCESS
    )


@admin.action(description="Setujui komentar terpilih (tetap tampil)", permissions=["change"])
def approve_comments(modeladmin, request, queryset):
    ids = list(queryset.values_list("pk", flat=True))
    comments_approve(comment_ids=ids)
    modeladmin.message_user(request, f"{len(ids)} komentar disetujui; laporannya ditutup.", messages.SUCCESS)


class ReportInline(admin.TabularInline):
    model = CommentReport
    fields = ["reporter", "created_at", "resolved_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CommentAdminBase(admin.ModelAdmin):
    list_display = ["pk", "excerpt", "author", "article", "status", "created_at", "open_reports"]
    list_select_related = ["author", "article"]
    list_filter = ["status", "created_at"]
    search_fields = ["body", "author__username"]
    readonly_fields = [
        "article",
        "author",
        "parent",
        "body",
        "status",
        "created_at",
        "edited_at",
        "deleted_at",
    ]
    fields = readonly_fields
    inlines = [ReportInline]
    actions = [hide_comments, approve_comments]

    def get_queryset(self, request):
        # Not super(): it orders before we annotate, and the queue orders by the annotation.
        queryset = self.model._default_manager.annotate(
            open_report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True))
        )
        return queryset.order_by(*(self.get_ordering(request) or ["created_at", "id"]))

    @admin.display(description="isi")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(80) if obj.body else "(dihapus)"

    @admin.display(description="laporan terbuka", ordering="open_report_count")
    def open_reports(self, obj):
        return obj.open_report_count

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Comment)
class CommentAdmin(CommentAdminBase):
    pass


@admin.register(ModerationQueue)
class ModerationQueueAdmin(CommentAdminBase):
    """Only comments with open reports, most reported first."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(open_report_count__gt=0)

    def get_ordering(self, request):
        # A method, not the ordering attribute: the admin checks cannot see annotations.
        return ["-open_report_count", "created_at"]
