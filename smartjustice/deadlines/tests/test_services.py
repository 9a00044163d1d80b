"""Services: holiday import, deadline rows, extensions and the reminder sweep."""
import datetime as dt
import json

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from smartjustice.audit.models import AuditEntry
from smartjustice.deadlines import services
from smartjustice.deadlines.errors import (
    DeadlineAlreadyMet,
    ExtensionExceedsCap,
    ExtensionNotAllowed,
    ExtensionNotLonger,
    InvalidDate,
    InvalidHolidayData,
    NoHolidayData,
    NoHolidayDataLoaded,
    ReasonRequired,
    UnknownRule,
)
from smartjustice.deadlines.models import CalendarDay, Deadline, DeadlineReminder, HolidayYear
from smartjustice.deadlines.tasks import flag_due_deadlines
from smartjustice.orgs.choices import Role

from .conftest import holidays_path

D = dt.date.fromisoformat
pytestmark = pytest.mark.django_db


def write(tmp_path, data, name="holidays.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def db_state():
    return (list(HolidayYear.objects.order_by("year").values_list("year", "source")),
            list(CalendarDay.objects.order_by("date").values_list("date", "kind")))


# Holiday import ----------------------------------------------------------------------------

def test_import_loads_2025_and_2026(loaded_holidays, holiday_data):
    assert loaded_holidays == {"created": [2025, 2026], "updated": [], "unchanged": []}
    assert CalendarDay.objects.filter(kind="off").count() == len(holiday_data["years"]["2025"]["off"]) + len(
        holiday_data["years"]["2026"]["off"])
    assert CalendarDay.objects.get(date=D("2025-09-28")).kind == CalendarDay.Kind.WORKDAY
    assert AuditEntry.objects.filter(action="deadlines.holiday_year.imported").count() == 2


def test_import_twice_changes_nothing(loaded_holidays):
    before, audits = db_state(), AuditEntry.objects.count()

    result = services.import_holidays(holidays_path())

    assert result == {"created": [], "updated": [], "unchanged": [2025, 2026]}
    assert db_state() == before
    assert AuditEntry.objects.count() == audits


def test_import_updates_a_changed_year_and_keeps_notes(loaded_holidays, holiday_data, tmp_path):
    CalendarDay.objects.filter(date=D("2025-10-01")).update(note="国庆节")
    changed = json.loads(json.dumps(holiday_data))
    changed["years"]["2025"]["off"].remove("2025-10-08")

    result = services.import_holidays(write(tmp_path, changed))

    assert result == {"created": [], "updated": [2025], "unchanged": [2026]}
    assert not CalendarDay.objects.filter(date=D("2025-10-08")).exists()
    assert CalendarDay.objects.get(date=D("2025-10-01")).note == "国庆节"
    entry = AuditEntry.objects.get(action="deadlines.holiday_year.updated")
    assert "2025-10-08" in entry.changes["off"][0] and "2025-10-08" not in entry.changes["off"][1]


@pytest.mark.parametrize(("mutate", "fragment"), [
    (lambda d: d["years"]["2026"]["off"].append("2026-02-30"), "2026-02-30"),
    (lambda d: d["years"]["2026"]["off"].append("2025-12-31"), "2025-12-31"),
    (lambda d: d["years"]["2026"]["workdays"].append("2026-03-04"), "2026-03-04"),  # a Wednesday
    (lambda d: d["years"]["2026"]["workdays"].append("2026-01-01"), "2026-01-01"),  # also off
    (lambda d: d["years"]["2026"].pop("source"), "2026"),
    (lambda d: d["years"].update({"20x7": {"source": "x", "off": []}}), "20x7"),
])
def test_bad_data_changes_nothing(loaded_holidays, holiday_data, tmp_path, mutate, fragment):
    before, audits = db_state(), AuditEntry.objects.count()
    bad = json.loads(json.dumps(holiday_data))
    bad["years"]["2025"]["off"].remove("2025-10-08")  # a valid change that must not be applied
    mutate(bad)

    with pytest.raises(InvalidHolidayData) as raised:
        services.import_holidays(write(tmp_path, bad))

    assert fragment in str(raised.value)
    assert raised.value.code == "invalid_holiday_data"
    assert db_state() == before
    assert AuditEntry.objects.count() == audits


def test_malformed_json_changes_nothing(loaded_holidays, tmp_path):
    before = db_state()
    path = tmp_path / "broken.json"
    path.write_text('{"years": {"2027": ', encoding="utf-8")

    with pytest.raises(InvalidHolidayData) as raised:
        services.import_holidays(path)

    assert "JSON" in str(raised.value)
    assert db_state() == before


def test_missing_file_is_refused(db, tmp_path):
    with pytest.raises(InvalidHolidayData):
        services.import_holidays(tmp_path / "absent.json")

    assert not HolidayYear.objects.exists()


def test_calendar_from_db_matches_the_file(loaded_holidays, calendar):
    assert services.calendar_from_db() == calendar


def test_compute_without_any_holiday_data_says_how_to_load_it(db):
    with pytest.raises(NoHolidayDataLoaded) as raised:
        services.compute("reconsideration.apply", "2025-01-05")

    assert raised.value.code == "no_holiday_data"
    assert "holidays import" in str(raised.value)


# Deadline rows ------------------------------------------------------------------------------

@pytest.fixture
def case(org_tree):
    """Any saved record can own deadlines; an organisation stands in for a case here."""
    return org_tree["wutong"]


@pytest.fixture
def officer(make_user, org_tree):
    return make_user(role=Role.RECONSIDERATION_OFFICER, org=org_tree["county"])


def test_open_deadline_stores_due_date_and_citation(loaded_holidays, case, officer, org_tree):
    deadline = services.open_deadline(case, "reconsideration.decide_ordinary", "2025-08-05",
                                      org=org_tree["county"], acting_user=officer)

    assert (deadline.due_on, deadline.citation) == (D("2025-10-09"), "《行政复议法》第六十二条第一款")
    assert deadline.content_type == ContentType.objects.get_for_model(case)
    assert deadline.object_id == str(case.pk)
    entry = AuditEntry.objects.get(action="deadlines.deadline.opened")
    assert (entry.actor, entry.org, entry.object_id) == (officer, org_tree["county"], str(deadline.pk))


@pytest.mark.parametrize(("rule_id", "anchor", "error"), [
    ("reconsideration.nope", "2025-08-05", UnknownRule),
    ("reconsideration.apply", "2025-02-30", InvalidDate),
    ("penalty.decide", "2026-11-30", NoHolidayData),
])
def test_open_deadline_with_bad_input_creates_nothing(loaded_holidays, case, officer, org_tree,
                                                      rule_id, anchor, error):
    audits = AuditEntry.objects.count()

    with pytest.raises(error):
        services.open_deadline(case, rule_id, anchor, org=org_tree["county"], acting_user=officer)

    assert not Deadline.objects.exists()
    assert AuditEntry.objects.count() == audits


@pytest.fixture
def ordinary(loaded_holidays, case, officer, org_tree):
    # Accepted 2025-08-05: due 2025-10-09 (see test_engine).
    return services.open_deadline(case, "reconsideration.decide_ordinary", "2025-08-05",
                                  org=org_tree["county"], acting_user=officer)


def test_extend_within_the_cap(ordinary, officer):
    services.extend_deadline(ordinary, 30, acting_user=officer, reason="案情复杂，经负责人批准")

    ordinary.refresh_from_db()
    assert (ordinary.due_on, ordinary.extended_until, ordinary.extension_amount) == (
        D("2025-10-09"), D("2025-11-10"), 30)
    entry = AuditEntry.objects.get(action="deadlines.deadline.extended")
    assert entry.changes["extended_until"] == [None, "2025-11-10"]
    assert entry.reason == "案情复杂，经负责人批准"


def test_extension_above_the_cap_changes_nothing(ordinary, officer):
    audits = AuditEntry.objects.count()

    with pytest.raises(ExtensionExceedsCap):
        services.extend_deadline(ordinary, 31, acting_user=officer, reason="批准")

    ordinary.refresh_from_db()
    assert (ordinary.extended_until, ordinary.extension_amount) == (None, 0)
    assert AuditEntry.objects.count() == audits


def test_a_second_extension_must_be_longer_and_stays_within_the_cap(ordinary, officer):
    services.extend_deadline(ordinary, 10, acting_user=officer, reason="批准")

    with pytest.raises(ExtensionNotLonger):
        services.extend_deadline(ordinary, 10, acting_user=officer, reason="批准")
    with pytest.raises(ExtensionExceedsCap):
        services.extend_deadline(ordinary, 40, acting_user=officer, reason="批准")
    services.extend_deadline(ordinary, 30, acting_user=officer, reason="再次批准")

    ordinary.refresh_from_db()
    assert ordinary.extended_until == D("2025-11-10")
    assert AuditEntry.objects.filter(action="deadlines.deadline.extended").count() == 2


def test_extension_needs_a_reason(ordinary, officer):
    with pytest.raises(ReasonRequired):
        services.extend_deadline(ordinary, 5, acting_user=officer, reason="  ")

    ordinary.refresh_from_db()
    assert ordinary.extended_until is None


def test_a_period_without_extension_cannot_be_extended(loaded_holidays, case, officer, org_tree):
    deadline = services.open_deadline(case, "reconsideration.decide_simplified", "2026-01-20",
                                      org=org_tree["county"], acting_user=officer)

    with pytest.raises(ExtensionNotAllowed):
        services.extend_deadline(deadline, 1, acting_user=officer, reason="批准")

    deadline.refresh_from_db()
    assert deadline.extended_until is None


def test_mark_met_once(ordinary, officer):
    with time_machine.travel(dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC), tick=False):
        services.mark_met(ordinary, acting_user=officer)

    assert ordinary.met_at == dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC)
    with pytest.raises(DeadlineAlreadyMet):
        services.mark_met(ordinary, acting_user=officer)
    with pytest.raises(DeadlineAlreadyMet):
        services.extend_deadline(ordinary, 5, acting_user=officer, reason="批准")
    assert AuditEntry.objects.filter(action="deadlines.deadline.met").count() == 1


# Reminder sweep ----------------------------------------------------------------------------

@pytest.fixture
def received(loaded_holidays, case, officer, org_tree):
    # accept_review from 2025-01-24: due 2025-02-07.
    return services.open_deadline(case, "reconsideration.accept_review", "2025-01-24",
                                  org=org_tree["county"], acting_user=officer)


def test_sweep_sends_due_soon_once(received, django_capture_on_commit_callbacks):
    dispatched = []
    services.connect_reminder_receiver(dispatched.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = flag_due_deadlines(today=D("2025-02-05"))
        with django_capture_on_commit_callbacks(execute=True):
            second = flag_due_deadlines(today=D("2025-02-06"))
    finally:
        services.disconnect_reminder_receiver(dispatched.append)

    assert first == {"sent": 1, "skipped": 0, "failed": 0}
    assert second == {"sent": 0, "skipped": 0, "failed": 0}
    assert list(DeadlineReminder.objects.values_list("deadline_id", "kind")) == [
        (received.pk, DeadlineReminder.Kind.DUE_SOON)]
    assert [reminder.kind for reminder in dispatched] == [DeadlineReminder.Kind.DUE_SOON]


def test_sweep_outside_the_window_sends_nothing(received):
    assert flag_due_deadlines(today=D("2025-02-03")) == {"sent": 0, "skipped": 0, "failed": 0}
    assert not DeadlineReminder.objects.exists()


def test_sweep_sends_overdue_after_the_due_date_and_not_for_met_deadlines(received, ordinary, officer):
    services.mark_met(ordinary, acting_user=officer)

    assert flag_due_deadlines(today=D("2025-02-08"))["sent"] == 1
    assert flag_due_deadlines(today=D("2025-02-09"))["sent"] == 0
    assert list(DeadlineReminder.objects.values_list("deadline_id", "kind")) == [
        (received.pk, DeadlineReminder.Kind.OVERDUE)]


def test_extension_moves_the_reminder_window(ordinary, officer):
    services.extend_deadline(ordinary, 30, acting_user=officer, reason="批准")

    assert flag_due_deadlines(today=D("2025-10-10"))["sent"] == 0  # past 10/9 but extended to 11/10
    assert flag_due_deadlines(today=D("2025-11-07"))["sent"] == 1


def test_reminder_is_recorded_once_even_when_called_twice(received):
    first = services.record_reminder(received.pk, DeadlineReminder.Kind.OVERDUE, today=D("2025-02-10"))
    second = services.record_reminder(received.pk, DeadlineReminder.Kind.OVERDUE, today=D("2025-02-10"))

    assert first is not None and second is None
    assert DeadlineReminder.objects.count() == 1
    assert AuditEntry.objects.filter(action="deadlines.reminder.overdue").count() == 1


def test_one_failing_deadline_does_not_stop_the_sweep(received, ordinary, monkeypatch):
    real = services.record_reminder

    def flaky(deadline_id, kind, *, today):
        if deadline_id == received.pk:
            raise RuntimeError("boom")
        return real(deadline_id, kind, today=today)

    monkeypatch.setattr(services, "record_reminder", flaky)

    # 2025-10-08: received (due 2/7) is overdue and fails; ordinary (due 10/9) is due soon.
    assert flag_due_deadlines(today=D("2025-10-08")) == {"sent": 1, "skipped": 0, "failed": 1}
    assert list(DeadlineReminder.objects.values_list("deadline_id", flat=True)) == [ordinary.pk]


def test_reminder_recipients_are_staff_of_the_deadline_org(received, officer, make_user, org_tree):
    from smartjustice.deadlines.selectors import reminder_recipients

    make_user(role=Role.RECONSIDERATION_OFFICER, org=org_tree["other_county"])
    make_user(role=Role.CITIZEN, org=org_tree["county"])

    assert list(reminder_recipients(received)) == [officer]


def test_reminder_reaches_the_officers_inbox_in_their_language(received, officer, make_user, org_tree):
    from smartjustice.notifications.models import Notification

    english = make_user(role=Role.RECONSIDERATION_OFFICER, org=org_tree["county"], language="en")

    services.record_reminder(received.pk, DeadlineReminder.Kind.DUE_SOON, today=D("2025-02-05"))

    notes = {n.recipient_id: n for n in Notification.objects.all()}
    assert set(notes) == {officer.pk, english.pk}
    assert notes[officer.pk].kind == "deadlines.due_in_3_days"
    assert notes[officer.pk].title == "期限即将届满：审查行政复议申请并决定是否受理"
    assert notes[english.pk].title == "Deadline approaching: Review the application and decide on acceptance"
    assert "2025-02-07" in notes[english.pk].body and "《行政复议法》第三十条第一款" in notes[english.pk].body


def test_a_failing_notification_rolls_the_reminder_back(received, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("inbox down")

    monkeypatch.setattr(services, "_notifications_notify", lambda: broken)

    assert flag_due_deadlines(today=D("2025-02-05")) == {"sent": 0, "skipped": 0, "failed": 1}
    assert not DeadlineReminder.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="deadlines.reminder").exists()
