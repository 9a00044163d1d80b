"""Deadline services: holiday data in, deadline rows out (issue #2 §5, STYLE §2, §5).

Every function that changes state runs in one transaction, writes an audit entry in it, and
leaves the database untouched when it raises. Permission checks belong to the calling
domain service (e.g. the reconsideration app decides who may extend its review period);
these functions trust their caller.
"""
from __future__ import annotations

import datetime as dt
import importlib
import json
import logging
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from smartjustice.audit import services as audit
from smartjustice.core import clock

from . import engine
from .engine import WEEKEND, DueDate, HolidayCalendar
from .errors import (
    DeadlineAlreadyMet,
    ExtensionNotLonger,
    InvalidHolidayData,
    NoHolidayDataLoaded,
    ReasonRequired,
)
from .models import CalendarDay, Deadline, DeadlineReminder, HolidayYear
from .rules import get_rule

logger = logging.getLogger(__name__)


# Holiday data -------------------------------------------------------------------------------

def default_holidays_path() -> Path:
    return Path(settings.SHARED_DIR) / "domain" / "holidays_cn.json"


def _invalid(detail: str) -> InvalidHolidayData:
    return InvalidHolidayData(detail=detail)


def _parse_day(text, year: int, list_name: str) -> dt.date:
    if not isinstance(text, str):
        raise _invalid(_("%(year)s “%(list)s”: %(value)r is not a date.")
                       % {"year": year, "list": list_name, "value": text})
    try:
        day = engine.parse_date(text)
    except Exception:
        raise _invalid(_("%(year)s “%(list)s”: “%(value)s” is not a valid date (YYYY-MM-DD).")
                       % {"year": year, "list": list_name, "value": text}) from None
    if day.year != year:
        raise _invalid(_("%(year)s “%(list)s”: %(value)s is not in %(year)s.")
                       % {"year": year, "list": list_name, "value": text})
    return day


def parse_holiday_data(data) -> dict[int, dict]:
    """Validate the holidays_cn.json shape; {year: {"source", "off": set, "workdays": set}}.

    Refuses (InvalidHolidayData, with the first problem found) a year that is not a 4-digit
    number, a missing source, a date that is malformed, outside its year or listed twice, a
    day both off and working, and a make-up working day that is not a Saturday or Sunday."""
    if not isinstance(data, dict) or not isinstance(data.get("years"), dict) or not data["years"]:
        raise _invalid(_("the file must hold an object with a non-empty “years” object."))
    parsed: dict[int, dict] = {}
    for key, block in data["years"].items():
        if not (isinstance(key, str) and len(key) == 4 and key.isascii() and key.isdigit()):
            raise _invalid(_("“%(key)s” is not a year.") % {"key": key})
        year = int(key)
        if not isinstance(block, dict):
            raise _invalid(_("%(year)s: the entry must be an object.") % {"year": year})
        source = block.get("source")
        if not isinstance(source, str) or not source.strip():
            raise _invalid(_("%(year)s: the source (the State Council notice) is missing.") % {"year": year})
        lists = {}
        for list_name in ("off", "workdays"):
            values = block.get(list_name, [])
            if not isinstance(values, list):
                raise _invalid(_("%(year)s: “%(list)s” must be a list of dates.")
                               % {"year": year, "list": list_name})
            days = [_parse_day(value, year, list_name) for value in values]
            if len(set(days)) != len(days):
                raise _invalid(_("%(year)s: “%(list)s” lists a date twice.") % {"year": year, "list": list_name})
            lists[list_name] = set(days)
        both = lists["off"] & lists["workdays"]
        if both:
            raise _invalid(_("%(year)s: %(date)s is listed both as a day off and as a working day.")
                           % {"year": year, "date": min(both).isoformat()})
        weekdays = sorted(d for d in lists["workdays"] if d.weekday() not in WEEKEND)
        if weekdays:
            raise _invalid(_("%(year)s: the make-up working day %(date)s is not a Saturday or Sunday.")
                           % {"year": year, "date": weekdays[0].isoformat()})
        parsed[year] = {"source": source.strip(), **lists}
    return parsed


def read_holiday_file(path) -> dict[int, dict]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _invalid(_("the file %(path)s does not exist.") % {"path": path}) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _invalid(_("the file %(path)s cannot be read (%(error)s).") % {"path": path, "error": exc}) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _invalid(_("the file is not valid JSON (line %(line)s, column %(column)s).")
                       % {"line": exc.lineno, "column": exc.colno}) from None
    return parse_holiday_data(data)


def holiday_year_state(holiday_year: HolidayYear | None) -> dict:
    if holiday_year is None:
        return {"source": None, "off": [], "workdays": []}
    days = list(holiday_year.days.order_by("date").values_list("date", "kind"))
    return {
        "source": holiday_year.source,
        "off": [d.isoformat() for d, kind in days if kind == CalendarDay.Kind.OFF],
        "workdays": [d.isoformat() for d, kind in days if kind == CalendarDay.Kind.WORKDAY],
    }


def import_holidays(path=None, *, acting_user=None) -> dict[str, list[int]]:
    """Load official holiday arrangements from a holidays_cn.json-shaped file.

    Guarantees: all or nothing: a malformed file (or one bad date) changes nothing. Running
    it again with the same file changes nothing ("unchanged"); a year whose days or source
    differ is replaced by the file's version ("updated"); years not in the file are left as
    they are. Each created or updated year gets an audit entry with old and new values.
    Returns {"created": [...], "updated": [...], "unchanged": [...]}.
    """
    path = Path(path) if path else default_holidays_path()
    parsed = read_holiday_file(path)
    result: dict[str, list[int]] = {"created": [], "updated": [], "unchanged": []}
    with transaction.atomic():
        for year in sorted(parsed):
            entry = parsed[year]
            existing = HolidayYear.objects.select_for_update().filter(year=year).first()
            old = holiday_year_state(existing)
            new = {
                "source": entry["source"],
                "off": sorted(d.isoformat() for d in entry["off"]),
                "workdays": sorted(d.isoformat() for d in entry["workdays"]),
            }
            if old == new:
                result["unchanged"].append(year)
                continue
            notes = {}
            if existing is None:
                holiday_year = HolidayYear.objects.create(year=year, source=entry["source"],
                                                          imported_at=clock.now())
                result["created"].append(year)
                action = "deadlines.holiday_year.imported"
            else:
                holiday_year = existing
                notes = dict(holiday_year.days.values_list("date", "note"))
                holiday_year.source = entry["source"]
                holiday_year.imported_at = clock.now()
                holiday_year.save(update_fields=["source", "imported_at"])
                holiday_year.days.all().delete()
                result["updated"].append(year)
                action = "deadlines.holiday_year.updated"
            # A date can have moved from another year's row only if the file is inconsistent,
            # which parse_holiday_data has ruled out (every date lies in its own year).
            CalendarDay.objects.bulk_create(
                [CalendarDay(holiday_year=holiday_year, date=day, kind=kind, note=notes.get(day, ""))
                 for kind, days in ((CalendarDay.Kind.OFF, entry["off"]),
                                    (CalendarDay.Kind.WORKDAY, entry["workdays"]))
                 for day in sorted(days)]
            )
            audit.record(action, actor=acting_user, obj=holiday_year, changes=audit.diff(old, new),
                         reason=str(path.name))
    return result


def calendar_from_db() -> HolidayCalendar:
    """The engine's calendar built from every loaded year (one query for years, one for days)."""
    years = frozenset(HolidayYear.objects.values_list("year", flat=True))
    off, workdays = set(), set()
    for day, kind in CalendarDay.objects.filter(holiday_year__year__in=years).values_list("date", "kind"):
        (off if kind == CalendarDay.Kind.OFF else workdays).add(day)
    return HolidayCalendar(off=frozenset(off), workdays=frozenset(workdays), years=years)


def compute(rule_id, anchor, extension=None, *, calendar: HolidayCalendar | None = None) -> DueDate:
    """Validate the input and compute a due date with the loaded calendar (read-only).

    Raises UnknownRule, InvalidDate, InvalidAmount, ExtensionNotAllowed, ExtensionExceedsCap,
    NoHolidayData (NoHolidayDataLoaded when no year at all is loaded)."""
    rule = get_rule(rule_id)
    anchor_on = engine.parse_date(anchor, field="from")
    amount = engine.parse_amount(extension, field="extend") if extension not in (None, "", 0) else 0
    calendar = calendar if calendar is not None else calendar_from_db()
    if not calendar.years:
        raise NoHolidayDataLoaded()
    return engine.compute_due(rule, anchor_on, calendar, extension_amount=amount)


# Deadline rows ------------------------------------------------------------------------------

def _snapshot(deadline: Deadline) -> dict:
    return {
        "rule_id": deadline.rule_id, "anchor_on": deadline.anchor_on, "due_on": deadline.due_on,
        "extension_amount": deadline.extension_amount, "extended_until": deadline.extended_until,
        "met_at": deadline.met_at, "citation": deadline.citation,
    }


def open_deadline(obj: models.Model, rule_id: str, anchor_on, *, org, acting_user) -> Deadline:
    """Open the deadline `rule_id` for `obj`, counted from `anchor_on`.

    Guarantees: the stored due date and citation are the engine's for the loaded calendar;
    bad input (unknown rule, malformed date, unloaded holiday year) raises and creates
    nothing. Audited as deadlines.deadline.opened."""
    if obj is None or obj.pk is None:
        raise ValueError("open_deadline needs a saved object")
    due = compute(rule_id, anchor_on)
    with transaction.atomic():
        deadline = Deadline.objects.create(
            org=org,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            rule_id=due.rule_id,
            anchor_on=due.anchor,
            due_on=due.due,
            citation=due.citation[:200],
        )
        audit.record("deadlines.deadline.opened", actor=acting_user, obj=deadline, org=org,
                     changes=audit.diff({}, _snapshot(deadline)))
    return deadline


def extend_deadline(deadline: Deadline, amount, *, acting_user, reason: str) -> Deadline:
    """Extend `deadline` by `amount` (the total extension, in the rule's extension unit),
    counted from the original due date, e.g. by at most 30 days for the ordinary
    reconsideration procedure (《行政复议法》第六十二条第一款).

    Guarantees: refuses (and changes nothing) a rule without an extension, an amount above
    the cap, an amount not longer than the current extension, a met deadline, or a missing
    reason (the law requires approval and notice to the parties). Audited with old and new
    dates as deadlines.deadline.extended."""
    if not (reason or "").strip():
        raise ReasonRequired(field="reason")
    with transaction.atomic():
        locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if locked.met_at is not None:
            raise DeadlineAlreadyMet(met_at=f"{clock.legal_date(locked.met_at):%Y-%m-%d}")
        due = compute(locked.rule_id, locked.anchor_on, amount)
        if due.extension_amount <= locked.extension_amount:
            raise ExtensionNotLonger(current=locked.extension_amount, field="amount")
        before = _snapshot(locked)
        locked.extension_amount = due.extension_amount
        locked.extended_until = due.due
        locked.save(update_fields=["extension_amount", "extended_until"])
        audit.record("deadlines.deadline.extended", actor=acting_user, obj=locked,
                     changes=audit.diff(before, _snapshot(locked)), reason=reason.strip())
    deadline.refresh_from_db()
    return deadline


def mark_met(deadline: Deadline, *, acting_user, met_at: dt.datetime | None = None) -> Deadline:
    """Record that the act the deadline asks for was done (at `met_at`, default now).

    Guarantees: a deadline is met once; a second call raises DeadlineAlreadyMet and changes
    nothing. Audited as deadlines.deadline.met."""
    with transaction.atomic():
        locked = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if locked.met_at is not None:
            raise DeadlineAlreadyMet(met_at=f"{clock.legal_date(locked.met_at):%Y-%m-%d}")
        before = _snapshot(locked)
        locked.met_at = met_at or clock.now()
        locked.save(update_fields=["met_at"])
        audit.record("deadlines.deadline.met", actor=acting_user, obj=locked,
                     changes=audit.diff(before, _snapshot(locked)))
    deadline.refresh_from_db()
    return deadline


# Reminders ----------------------------------------------------------------------------------

ReminderReceiver = Callable[[DeadlineReminder], None]
_reminder_receivers: list[ReminderReceiver] = []


def connect_reminder_receiver(receiver: ReminderReceiver) -> ReminderReceiver:
    """Let another app act on each new reminder (called after the reminder row commits).
    Usable as a decorator; connecting the same function twice has no effect."""
    if receiver not in _reminder_receivers:
        _reminder_receivers.append(receiver)
    return receiver


def disconnect_reminder_receiver(receiver: ReminderReceiver) -> None:
    if receiver in _reminder_receivers:
        _reminder_receivers.remove(receiver)


def _notifications_notify():
    """smartjustice.notifications.services.notify when that app provides it, else None."""
    try:
        module = importlib.import_module("smartjustice.notifications.services")
    except ImportError:
        return None
    notify = getattr(module, "notify", None)
    return notify if callable(notify) else None


def reminder_message(reminder: DeadlineReminder) -> tuple[str, str]:
    """(subject, body) of a reminder, in the active language, naming the legal basis."""
    deadline = reminder.deadline
    rule = deadline.rule
    title = str(rule.title) if rule else deadline.rule_id
    params = {"title": title, "due": f"{deadline.effective_due_on:%Y-%m-%d}", "citation": deadline.citation}
    if reminder.kind == DeadlineReminder.Kind.OVERDUE:
        subject = _("Deadline passed: %(title)s") % params
        body = _("The deadline “%(title)s” was due on %(due)s (%(citation)s) and is not marked as met.") % params
    else:
        subject = _("Deadline approaching: %(title)s") % params
        body = _("The deadline “%(title)s” is due on %(due)s (%(citation)s).") % params
    return subject, body


def notify_staff(reminder: DeadlineReminder) -> int:
    """Put the reminder in the inbox of each member of staff who handles the deadline
    (selectors.reminder_recipients), in that person's language, through
    smartjustice.notifications.services.notify; it writes within the caller's transaction
    and sends after commit. Without a notifications app the reminder is logged instead.
    Returns the number of people notified."""
    from .selectors import reminder_recipients

    notify = _notifications_notify()
    if notify is None:
        subject, _body = reminder_message(reminder)
        logger.info("deadline reminder %s for deadline %s (org %s): %s", reminder.kind,
                    reminder.deadline_id, reminder.deadline.org_id, subject)
        return 0
    count = 0
    for user in reminder_recipients(reminder.deadline):
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            subject, body = reminder_message(reminder)
        notify(user, title=subject, body=body, kind=f"deadlines.{reminder.kind}", org=reminder.deadline.org)
        count += 1
    return count


def dispatch_reminder(reminder: DeadlineReminder) -> None:
    """Hand a committed reminder to the receivers other apps connected."""
    for receiver in list(_reminder_receivers):
        receiver(reminder)


def record_reminder(deadline_id: int, kind: str, *, today: dt.date) -> DeadlineReminder | None:
    """Create the `kind` reminder for one deadline if it is still due, in its own transaction,
    and dispatch it after commit. Returns None when nothing is to be sent (met meanwhile, no
    longer in the window, or already sent: the unique (deadline, kind) constraint makes a
    second sweep, even a concurrent one, a no-op)."""
    with transaction.atomic():
        deadline = Deadline.objects.select_for_update().filter(pk=deadline_id).first()
        if deadline is None or deadline.met_at is not None or not reminder_due(deadline, kind, today):
            return None
        if DeadlineReminder.objects.filter(deadline=deadline, kind=kind).exists():
            return None
        try:
            with transaction.atomic():
                reminder = DeadlineReminder.objects.create(deadline=deadline, kind=kind, sent_at=clock.now())
        except IntegrityError:
            return None
        audit.record(f"deadlines.reminder.{kind}", obj=deadline, org=deadline.org,
                     changes={"reminder": [None, kind]})
        # In the same transaction: if notifying fails, the reminder row rolls back and the
        # next sweep tries again; nothing is sent before commit.
        notify_staff(reminder)
        transaction.on_commit(lambda: dispatch_reminder(reminder), robust=True)
    return reminder


SOON_DAYS = 3


def reminder_due(deadline: Deadline, kind: str, today: dt.date) -> bool:
    """Is a `kind` reminder called for today? Overdue: the binding date has passed. Due soon:
    it falls within the next SOON_DAYS calendar days (today included)."""
    due = deadline.effective_due_on
    if kind == DeadlineReminder.Kind.OVERDUE:
        return due < today
    return today <= due <= today + dt.timedelta(days=SOON_DAYS)
