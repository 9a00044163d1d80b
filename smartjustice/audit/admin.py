"""The audit trail in the Django admin: look, search, never touch (issue #2 §4).

No add, change or delete permission for anyone, superusers included, and no bulk
actions; the model and (on PostgreSQL) a database trigger refuse changes as well.
Staff who are not superusers see only their audit scope (orgs.selectors.scope_q).
"""
from django.contrib import admin

from smartjustice.orgs.selectors import scope_q

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "kind", "action", "actor_name", "org", "object_type", "object_id",
                    "object_repr", "ip")
    list_filter = ("kind", "occurred_at", "org")
    search_fields = ("action", "actor_name", "object_type", "object_id", "object_repr", "ip", "reason")
    date_hierarchy = "occurred_at"
    list_select_related = ("org",)
    actions = None
    readonly_fields = [field.name for field in AuditEntry._meta.fields]
    fields = readonly_fields

    def get_queryset(self, request):
        entries = super().get_queryset(request)
        if request.user.is_superuser:
            return entries
        return entries.filter(scope_q(request.user, "audit.view", org_field="org"))

    def get_actions(self, request):
        return {}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
