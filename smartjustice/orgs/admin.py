"""Organisations and memberships in the Django admin. Every save is audited in the same
transaction as the change (the admin wraps each save in one); organisations are
deactivated rather than deleted, so their records and audit entries keep their owner."""
from django.contrib import admin
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from smartjustice.audit.services import diff, record

from .models import Membership, Organisation
from .permissions import forget_memberships

ORGANISATION_FIELDS = ("name", "name_en", "code", "kind", "level", "parent", "region_code", "address",
                       "phone", "latitude", "longitude", "is_active")
MEMBERSHIP_FIELDS = ("user", "org", "role", "is_active")
ADMIN_REASON = "Django admin"


def _snapshot(obj, fields) -> dict:
    return {name: getattr(obj, f"{name}_id" if obj._meta.get_field(name).is_relation else name)
            for name in fields}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("tree_name", "code", "kind", "level", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("name", "name_en", "code", "region_code")
    ordering = ("path",)
    readonly_fields = ("path",)
    autocomplete_fields = ("parent",)

    @admin.display(description=_("name"), ordering="path")
    def tree_name(self, org):
        depth = max(org.path.count("/") - 2, 0)
        return format_html('<span style="padding-left:{}em">{}</span>', depth * 1.5, org.name)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        before = _snapshot(Organisation.objects.get(pk=obj.pk), ORGANISATION_FIELDS) if change else {}
        super().save_model(request, obj, form, change)
        changes = diff(before, _snapshot(obj, ORGANISATION_FIELDS))
        if changes or not change:
            record("orgs.organisation.changed" if change else "orgs.organisation.created",
                   actor=request.user, obj=obj, org=obj, changes=changes, reason=ADMIN_REASON)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "org", "role", "is_active", "created_at")
    list_filter = ("role", "is_active", "org__level")
    search_fields = ("user__username", "user__real_name", "org__name", "org__code")
    list_select_related = ("user", "org")
    autocomplete_fields = ("user", "org")

    def get_readonly_fields(self, request, obj=None):
        # Who holds which role where is the membership itself; to change it, revoke
        # (untick "active") and grant a new one, so the trail shows both steps.
        return ("user", "org", "role", "created_at") if obj is not None else ("created_at",)

    def save_model(self, request, obj, form, change):
        before = _snapshot(Membership.objects.get(pk=obj.pk), MEMBERSHIP_FIELDS) if change else {}
        super().save_model(request, obj, form, change)
        changes = diff(before, _snapshot(obj, MEMBERSHIP_FIELDS))
        if not change:
            action = "orgs.membership.granted"
        elif changes.get("is_active") == [True, False]:
            action = "orgs.membership.revoked"
        elif changes.get("is_active") == [False, True]:
            action = "orgs.membership.granted"
        else:
            action = "orgs.membership.changed"
        if changes:
            record(action, actor=request.user, obj=obj, org=obj.org, changes=changes, reason=ADMIN_REASON)
        forget_memberships(obj.user)

    def delete_model(self, request, obj):
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("org"):
            self._record_deletion(request, membership)
        super().delete_queryset(request, queryset)

    def _record_deletion(self, request, membership):
        record("orgs.membership.deleted", actor=request.user, obj=membership, org=membership.org,
               changes=diff(_snapshot(membership, MEMBERSHIP_FIELDS), {}), reason=ADMIN_REASON)
