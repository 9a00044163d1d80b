"""People in the Django admin.

The ID number is shown masked only; its ciphertext and keyed hash are never shown or
editable (revealing it goes through accounts.services.reveal_id_number, which is
audited). Every change, password changes included, writes an audit entry in the same
transaction as the change.
"""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from smartjustice.audit.services import diff, record
from smartjustice.core.errors import InvalidInput

from . import crypto
from .identity import validate_resident_id
from .models import EnterpriseProfile, User

TRACKED_FIELDS = ("username", "first_name", "last_name", "real_name", "mobile", "email", "is_active",
                  "is_staff", "is_superuser", "elderly_mode", "language")
ADMIN_REASON = "Django admin"


class PersonChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class PersonCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User


def _home_org(user):
    membership = user.memberships.filter(is_active=True).select_related("org").order_by("created_at", "pk").first()
    return membership.org if membership else None


def _state(user) -> dict:
    state = {name: getattr(user, name) for name in TRACKED_FIELDS}
    if user.pk:
        state["groups"] = sorted(user.groups.values_list("name", flat=True))
        state["user_permissions"] = sorted(user.user_permissions.values_list("codename", flat=True))
    return state


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = PersonChangeForm
    add_form = PersonCreationForm
    list_display = ("username", "real_name", "mobile", "id_number_masked", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "elderly_mode", "language")
    search_fields = ("username", "real_name", "mobile", "email")
    readonly_fields = ("id_number_masked", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("real_name", "id_number_masked", "mobile", "email",
                                         "first_name", "last_name", "elderly_mode", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups",
                                       "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_search_results(self, request, queryset, search_term):
        """A full ID number is found through its keyed hash, never by decrypting."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            number = validate_resident_id(search_term)
        except InvalidInput:
            return results, may_have_duplicates
        return results | queryset.filter(id_number_hash=crypto.keyed_hash(number)), may_have_duplicates

    def save_model(self, request, obj, form, change):
        obj._admin_before = _state(User.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Runs after save_model inside the admin's transaction; groups and permissions
        # are only saved here, so the entry is written once both are known.
        super().save_related(request, form, formsets, change)
        user = form.instance
        changes = diff(getattr(user, "_admin_before", {}), _state(user))
        if changes or not change:
            record("accounts.user.changed" if change else "accounts.user.created", actor=request.user,
                   obj=user, org=_home_org(user), changes=changes, reason=ADMIN_REASON)

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            before = User.objects.filter(pk=id).values_list("password", flat=True).first()
            response = super().user_change_password(request, id, form_url)
            person = User.objects.filter(pk=id).first()
            if person is not None and before is not None and person.password != before:
                record("accounts.user.password_changed", actor=request.user, obj=person,
                       org=_home_org(person), changes=diff({"password": before}, {"password": person.password}),
                       reason=ADMIN_REASON)
        return response

    def delete_model(self, request, obj):
        record("accounts.user.deleted", actor=request.user, obj=obj, org=_home_org(obj),
               changes=diff(_state(obj), {}), reason=ADMIN_REASON)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for person in queryset:
            self.delete_model(request, person)


@admin.register(EnterpriseProfile)
class EnterpriseProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "legal_representative", "user")
    search_fields = ("name", "credit_code")
    readonly_fields = ("user", "credit_code", "created_at")

    def has_delete_permission(self, request, obj=None):
        return False  # the enterprise's login would be left without its 统一社会信用代码

    def has_add_permission(self, request):
        return False  # created only by accounts.services.register_enterprise

    def save_model(self, request, obj, form, change):
        fields = ("name", "legal_representative")
        before = dict(EnterpriseProfile.objects.filter(pk=obj.pk).values(*fields).first() or {})
        super().save_model(request, obj, form, change)
        changes = diff(before, {name: getattr(obj, name) for name in fields})
        if changes:
            record("accounts.enterprise.changed", actor=request.user, obj=obj, org=_home_org(obj.user),
                   changes=changes, reason=ADMIN_REASON)
