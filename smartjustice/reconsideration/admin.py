"""Admin: read-only views of cases (the status and timestamps change only through services)."""
from django.contrib import admin

from .models import CaseEvent, ReconsiderationCase


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = ["occurred_at", "action", "from_status", "to_status", "actor_name", "note", "citation"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReconsiderationCase)
class ReconsiderationCaseAdmin(admin.ModelAdmin):
    list_display = ["case_number", "status", "procedure", "org", "respondent", "act_type", "received_on"]
    list_filter = ["status", "procedure", "act_type"]
    search_fields = ["case_number", "act_document_number"]
    inlines = [CaseEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
