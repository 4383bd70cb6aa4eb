"""Site history: the audit log in the admin, for reading only."""

from django.contrib import admin
from django.http import HttpRequest

from articles.models.audit import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Nobody adds, changes or deletes an entry here, a superuser included."""

    list_display = [
        "created_at",
        "user_display",
        "action",
        "object_label",
        "revision",
        "outcome",
        "reason",
    ]
    list_filter = [
        "username",
        "action",
        ("article", admin.RelatedOnlyFieldListFilter),
        "outcome",
        "created_at",
    ]
    search_fields = ["object_label", "article_slug", "username", "reason"]
    date_hierarchy = "created_at"
    actions = None
    list_select_related = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
