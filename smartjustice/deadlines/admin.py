"""Admin: holiday arrangements are edited here (issue #2 §5); deadlines are read-only.

Every change to a holiday year or its days is audited with old and new values, inside the
admin's transaction. Deadline rows change only through services, so they are view-only.
"""
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from smartjustice.audit import services as audit
from smartjustice.core import clock

from .models import CalendarDay, Deadline, DeadlineReminder, HolidayYear
from .services import holiday_year_state


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0
    fields = ("date", "kind", "note")
    ordering = ("date",)


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "imported_at", "days_off", "make_up_workdays")
    readonly_fields = ("imported_at",)
    fields = ("year", "source", "imported_at")
    inlines = [CalendarDayInline]

    @admin.display(description=_("days off"))
    def days_off(self, obj):
        return obj.days.filter(kind=CalendarDay.Kind.OFF).count()

    @admin.display(description=_("make-up working days"))
    def make_up_workdays(self, obj):
        return obj.days.filter(kind=CalendarDay.Kind.WORKDAY).count()

    def save_model(self, request, obj, form, change):
        previous = HolidayYear.objects.filter(pk=obj.pk).first() if change else None
        obj._audit_before = {**holiday_year_state(previous), "year": previous.year if previous else None}
        obj.imported_at = clock.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        after = {**holiday_year_state(obj), "year": obj.year}
        audit.record("deadlines.holiday_year.edited", actor=request.user, obj=obj,
                     changes=audit.diff(obj._audit_before, after), reason="admin")

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record("deadlines.holiday_year.deleted", actor=request.user, obj=obj,
                         changes=audit.diff(holiday_year_state(obj), {}), reason="admin")
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class DeadlineReminderInline(admin.TabularInline):
    model = DeadlineReminder
    extra = 0
    fields = ("kind", "sent_at")
    readonly_fields = ("kind", "sent_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ("rule_id", "org", "anchor_on", "due_on", "extended_until", "met_at", "citation")
    list_filter = ("rule_id",)
    search_fields = ("rule_id", "object_id")
    inlines = [DeadlineReminderInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
