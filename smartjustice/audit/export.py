"""Exporting the audit trail as CSV (issue #2 §4: supervisors can search and export it).

An export is itself a read of sensitive records, so it is recorded (kind "read",
action "audit.entries.exported", with the filters) before a single row leaves.
"""
import csv
import json
from collections.abc import Iterator

from django.db import transaction
from django.utils.translation import pgettext_lazy

from smartjustice.orgs.permissions import PERMISSIONS

from .models import AuditEntry
from .selectors import local_time, search_entries
from .services import record

EXPORT_ACTION = "audit.entries.exported"
# Column labels, translated with the context "audit" (Django's admin has its own "Action").
COLUMNS = (
    pgettext_lazy("audit", "Time (Asia/Shanghai)"), pgettext_lazy("audit", "Kind"),
    pgettext_lazy("audit", "Action"), pgettext_lazy("audit", "Actor"), pgettext_lazy("audit", "Organisation"),
    pgettext_lazy("audit", "Object type"), pgettext_lazy("audit", "Object id"), pgettext_lazy("audit", "Object"),
    pgettext_lazy("audit", "IP address"), pgettext_lazy("audit", "Changes"), pgettext_lazy("audit", "Reason"),
)
# A cell starting with one of these is run as a formula by spreadsheet programs
# (CSV injection); a leading apostrophe makes it plain text again.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    """A file-like object that hands back what csv.writer writes, one line at a time."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _export_org(user, filters: dict):
    """The organisation the export entry is filed under: the filtered one, else the
    widest organisation the exporter audits, so their own supervisors see the export."""
    if filters.get("org") is not None:
        return filters["org"]
    roles = PERMISSIONS["audit.export"].roles
    memberships = user.memberships.filter(is_active=True, role__in=roles, org__is_active=True).select_related("org")
    orgs = sorted((m.org for m in memberships), key=lambda org: (len(org.path), org.path))
    return orgs[0] if orgs else None


@transaction.atomic
def export_entries_csv(user, form) -> Iterator[str]:
    """Record the export, then return the CSV (UTF-8 with a byte-order mark so that
    Excel shows Chinese correctly) as an iterator of lines, newest entry first.

    `form` is a valid AuditSearchForm built for "audit.export"; the caller has checked
    may_search(user, "audit.export")."""
    filters = form.cleaned_data
    export_entry = record(EXPORT_ACTION, actor=user, org=_export_org(user, filters),
                          kind=AuditEntry.Kind.READ, changes={"filters": form.filters()})
    # The file is the trail as it stood when the export was asked for, without the
    # export's own entry or anything written while it streams.
    entries = search_entries(user, filters, action="audit.export").filter(pk__lt=export_entry.pk)
    # Labels are translated now, while the request's language is active; the rows are
    # written later, as the response streams.
    header = [str(label) for label in COLUMNS]
    kinds = {value: str(label) for value, label in AuditEntry.Kind.choices}
    return _lines(header, kinds, entries)


def _lines(header, kinds, entries) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(header)
    for entry in entries.iterator(chunk_size=500):
        yield writer.writerow([_cell(value) for value in (
            local_time(entry).strftime("%Y-%m-%d %H:%M:%S"),
            kinds.get(entry.kind, entry.kind),
            entry.action,
            entry.actor_name,
            entry.org.name if entry.org_id else "",
            entry.object_type,
            entry.object_id,
            entry.object_repr,
            entry.ip or "",
            json.dumps(entry.changes, ensure_ascii=False, sort_keys=True) if entry.changes else "",
            entry.reason,
        )])
