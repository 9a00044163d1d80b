"""Holiday arrangements and deadline rows (issue #2 §5).

HolidayYear/CalendarDay hold the State Council's yearly arrangement (放假调休安排) as data,
editable in the admin; services.calendar_from_db() turns them into the engine's
HolidayCalendar. Deadline is one statutory period of one record; DeadlineReminder records
each reminder sent, at most one per (deadline, kind).
"""
import datetime as dt

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .engine import WEEKEND


class HolidayYear(models.Model):
    """One year's official holiday arrangement and the notice it comes from.

    Guarantees: a year present here is complete: every day off and every make-up working day
    of that year is a CalendarDay below it; a year absent here is unknown to the engine."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.TextField(_("source"), help_text=_("The State Council notice, with its number and date."))
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("holiday year")
        verbose_name_plural = _("holiday years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from the normal Monday–Friday week: a day off, or a weekend day
    that is a working day (调休上班)."""

    class Kind(models.TextChoices):
        OFF = "off", _("day off")  # 放假
        WORKDAY = "workday", _("make-up working day")  # 调休上班

    holiday_year = models.ForeignKey(HolidayYear, on_delete=models.CASCADE, related_name="days",
                                     verbose_name=_("holiday year"))
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    def clean(self):
        if self.date and self.holiday_year_id and self.date.year != self.holiday_year.year:
            raise ValidationError({"date": _("The date must lie in the year %(year)s.")
                                   % {"year": self.holiday_year.year}})
        if self.date and self.kind == self.Kind.WORKDAY and self.date.weekday() not in WEEKEND:
            raise ValidationError({"kind": _("A make-up working day must be a Saturday or Sunday.")})


class Deadline(models.Model):
    """One statutory period of one record (a case, an application...), with its due date.

    Guarantees: `due_on` and `citation` are what the engine computed from `rule_id` and
    `anchor_on` when the row was opened; `extended_until` is set only through
    services.extend_deadline within the rule's cap; rows change only through services."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="deadlines",
                            verbose_name=_("organisation"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    rule_id = models.CharField(_("rule"), max_length=80)
    anchor_on = models.DateField(_("counted from"))
    due_on = models.DateField(_("due on"))
    extension_amount = models.PositiveSmallIntegerField(_("extension"), default=0)
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    citation = models.CharField(_("legal basis"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["met_at", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.effective_due_on:%Y-%m-%d}"

    @property
    def effective_due_on(self) -> dt.date:
        """The date that binds now: the extended date if extended, else the original."""
        return self.extended_until or self.due_on

    @property
    def is_extended(self) -> bool:
        return self.extended_until is not None

    @property
    def is_met(self) -> bool:
        return self.met_at is not None

    @property
    def rule(self):
        from .rules import RULES_BY_ID

        return RULES_BY_ID.get(self.rule_id)


class DeadlineReminder(models.Model):
    """A reminder sent for a deadline. At most one per kind: a rerun of the sweep sends nothing
    twice (STYLE §5)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_in_3_days", _("due within 3 days")
        OVERDUE = "overdue", _("overdue")

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders",
                                 verbose_name=_("deadline"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "kind"], name="deadlines_reminder_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.deadline} {self.kind}"

    @property
    def org_id(self):
        return self.deadline.org_id
