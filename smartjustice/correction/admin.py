"""Admin for the local policy tables (本地政策). Edits go through correction.services, so they
are validated and audited like any other change; files are handled in the app's pages."""
from django import forms
from django.contrib import admin, messages

from smartjustice.core.errors import DomainError
from smartjustice.orgs.selectors import organisations_for_user

from . import assessments, services
from .models import ClassificationLevel, Course, PolicySetting, Questionnaire


def _admin_org(request):
    return organisations_for_user(request.user, "correction.policy.manage").order_by("path").first()


@admin.register(PolicySetting)
class PolicySettingAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "unit", "label", "basis", "updated_at"]
    readonly_fields = ["key", "unit", "label", "basis", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            services.update_policy(obj.key, obj.value, acting_user=request.user, org=_admin_org(request))
        except DomainError as exc:
            messages.error(request, str(exc))


@admin.register(ClassificationLevel)
class ClassificationLevelAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "rank", "check_in_every_days", "report_every_days", "visit_every_days", "is_active", "basis"]
    readonly_fields = ["code", "rank", "basis"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        values = {field: form.cleaned_data[field] for field in form.changed_data
                  if field in {"name", "check_in_every_days", "report_every_days", "visit_every_days", "is_active"}}
        try:
            services.update_classification_level(obj, acting_user=request.user, org=_admin_org(request), **values)
        except DomainError as exc:
            messages.error(request, str(exc))


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    """Courses are content, not records about people: edited here directly."""

    list_display = ["code", "title", "kind", "duration_seconds", "is_active"]
    list_filter = ["kind", "is_active"]


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["code", "title", "kind", "definition", "is_active"]

    def clean_definition(self):
        definition = self.cleaned_data["definition"]
        try:
            assessments.validate_definition(definition)
        except DomainError as exc:
            raise forms.ValidationError(str(exc)) from None
        return definition


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    """Questionnaires as data; a definition is checked (questions, options, bands covering every
    total) before it is saved. Past assessments keep the score and band they were given."""

    form = QuestionnaireForm
    list_display = ["code", "title", "kind", "is_active"]
