"""Reads of deadlines and holiday data (STYLE §2, §3).

`get_*` are internal (no permission check); `*_for_user` and `access_*` apply the
"deadline.view" row of orgs.permissions through orgs.selectors.scope_q.
"""
import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from smartjustice.accounts.models import User
from smartjustice.core.errors import NotFound
from smartjustice.orgs.choices import Role
from smartjustice.orgs.permissions import PERMISSIONS
from smartjustice.orgs.selectors import scope_q

from .models import Deadline, DeadlineReminder, HolidayYear


def _with_effective_due(queryset):
    return queryset.annotate(effective_due=Coalesce(F("extended_until"), F("due_on")))


def deadlines_for_user(user):
    """Deadlines of the organisations the user may see, soonest binding date first."""
    queryset = Deadline.objects.filter(scope_q(user, "deadline.view")).select_related("org")
    return _with_effective_due(queryset).order_by("effective_due", "id")


def access_deadline(user, deadline_id) -> Deadline:
    """The deadline if the user may see it; NotFound whether missing or out of scope."""
    if not str(deadline_id).isdigit():
        raise NotFound()
    deadline = deadlines_for_user(user).filter(pk=int(deadline_id)).first()
    if deadline is None:
        raise NotFound()
    return deadline


def get_deadlines_for_object(obj):
    """All deadlines attached to one record (internal: the owning app checks access)."""
    return _with_effective_due(
        Deadline.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    ).order_by("effective_due", "id")


def get_deadlines_needing_reminder(kind: str, today, soon_days: int):
    """Unmet deadlines that call for a `kind` reminder today and have not had one:
    overdue ones (binding date before today) or due-soon ones (within `soon_days`)."""
    queryset = _with_effective_due(Deadline.objects.filter(met_at__isnull=True))
    if kind == DeadlineReminder.Kind.OVERDUE:
        queryset = queryset.filter(effective_due__lt=today)
    else:
        queryset = queryset.filter(effective_due__gte=today,
                                   effective_due__lte=today + dt.timedelta(days=soon_days))
    return queryset.exclude(reminders__kind=kind).order_by("effective_due", "id")


def reminder_recipients(deadline: Deadline):
    """Active staff of the deadline's own organisation who may see its deadlines."""
    roles = [role for role in PERMISSIONS["deadline.view"].roles if role != Role.ADMINISTRATOR]
    return User.objects.filter(
        Q(memberships__org_id=deadline.org_id, memberships__is_active=True, memberships__role__in=roles),
        is_active=True,
    ).distinct().order_by("pk")


def holiday_years():
    return HolidayYear.objects.order_by("year")
