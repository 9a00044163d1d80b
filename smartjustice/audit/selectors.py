"""Reading the audit trail: always scoped to what the reader may see (STYLE §3)."""
import datetime as dt
import json
from zoneinfo import ZoneInfo

from smartjustice.orgs.permissions import can
from smartjustice.orgs.selectors import scope_q

from .models import AuditEntry

# Audit dates are legal dates: a day runs from 00:00 to 24:00 China Standard Time,
# whatever the server's own zone is.
LEGAL_TIME_ZONE = ZoneInfo("Asia/Shanghai")


def may_search(user, action: str = "audit.view") -> bool:
    """Whether the user may search (or, with "audit.export", export) the trail anywhere."""
    return can(user, action)


def entries_for_user(user, action: str = "audit.view"):
    """Entries of the organisations the user may audit, newest first.

    Entries without an organisation (a person's own preference change) are in nobody's
    organisation scope and are visible only in the Django admin to superusers."""
    return (
        AuditEntry.objects.filter(scope_q(user, action, org_field="org"))
        .select_related("org")
        .order_by("-occurred_at", "-id")
    )


def _start_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=LEGAL_TIME_ZONE)


def search_entries(user, filters: dict, action: str = "audit.view"):
    """Entries in the user's scope matching cleaned AuditSearchForm data.

    `date_to` is inclusive (the whole day); `actor` matches part of the actor's name;
    `action` is a prefix ("orgs." finds every organisation event); `org` also covers the
    organisations below it, as a supervisor's own scope does."""
    entries = entries_for_user(user, action)
    if filters.get("date_from"):
        entries = entries.filter(occurred_at__gte=_start_of_day(filters["date_from"]))
    if filters.get("date_to"):
        entries = entries.filter(occurred_at__lt=_start_of_day(filters["date_to"] + dt.timedelta(days=1)))
    if filters.get("actor"):
        entries = entries.filter(actor_name__icontains=filters["actor"])
    if filters.get("action"):
        entries = entries.filter(action__startswith=filters["action"])
    if filters.get("object_type"):
        entries = entries.filter(object_type=filters["object_type"])
    if filters.get("object_id"):
        entries = entries.filter(object_id=filters["object_id"])
    if filters.get("org") is not None:
        entries = entries.filter(org__path__startswith=filters["org"].path)
    if filters.get("kind"):
        entries = entries.filter(kind=filters["kind"])
    return entries


def local_time(entry: AuditEntry) -> dt.datetime:
    return entry.occurred_at.astimezone(LEGAL_TIME_ZONE)


def change_rows(changes) -> list[tuple[str, str, str | None]]:
    """The JSON diff as (field, before, after) rows for people to read.

    A value that is not an [old, new] pair (e.g. the filters of an export) is shown
    whole, with `after` None."""
    if not isinstance(changes, dict):
        return [("", _as_text(changes), None)]
    rows = []
    for field, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            rows.append((field, _as_text(value[0]), _as_text(value[1])))
        else:
            rows.append((field, _as_text(value), None))
    return rows


def _as_text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
