"""Read-only admin listing: files are created only by services.store_upload and read only
through the download view (which checks access and audits)."""
from django.contrib import admin

from .models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    list_display = ["original_name", "org", "uploaded_by", "content_type", "size", "sha256", "created_at"]
    search_fields = ["original_name", "sha256"]
    exclude = ["blob"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
