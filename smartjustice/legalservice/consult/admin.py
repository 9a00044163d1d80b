from django.contrib import admin

from .models import LawyerProfile


@admin.register(LawyerProfile)
class LawyerProfileAdmin(admin.ModelAdmin):
    """Read-only here: the roster changes through services.register_lawyer and
    roster.correct_entry (pages under /consult/roster/, audited)."""

    list_display = ("user", "org", "licence_number", "is_available", "is_suspended")
    search_fields = ("licence_number", "user__real_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
