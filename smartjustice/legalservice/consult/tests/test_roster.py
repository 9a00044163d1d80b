"""The roster at the service level: the lawyer's own entry and call times, routing that skips
lawyers who are not taking questions or are suspended, the bureau's suspension (and what
happens to the suspended lawyer's waiting questions), booking a free time, and the reads."""
import datetime as dt

import pytest
import time_machine
from django.utils import translation

from smartjustice.audit.models import AuditEntry
from smartjustice.core.errors import Conflict, InvalidInput, NotFound
from smartjustice.legalservice.consult import errors, roster, selectors, services
from smartjustice.legalservice.consult.models import (
    Booking,
    ConsultationSlot,
    LawyerProfile,
    LawyerQuestion,
)
from smartjustice.notifications.models import Notification
from smartjustice.orgs.choices import Role

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # 17:00 in Tongxiang
TOMORROW = START + dt.timedelta(days=1)  # 2026-03-03 17:00 CST


@pytest.fixture(autouse=True)
def in_english():
    """Messages are checked in English; the pages' tests check the Chinese ones."""
    with translation.override("en"):
        yield


def text_of(exc) -> str:
    return str(exc)


def snapshot(profile: LawyerProfile) -> tuple:
    profile.refresh_from_db()
    return (profile.specialties, profile.languages, profile.bio, profile.is_available, profile.is_suspended,
            profile.licence_number, profile.org_id)


def audit_count(action_prefix: str = "consult.") -> int:
    return AuditEntry.objects.filter(action__startswith=action_prefix).count()


# --- the lawyer's own entry ---------------------------------------------------------------

def test_lawyer_updates_their_entry_in_choice_order_and_it_is_audited_once(lawyer):
    updated = roster.update_profile(lawyer, acting_user=lawyer.user, specialties=["family", "labour", "family"],
                                    languages=["en", "zh-hans"], bio="  擅长劳动争议与婚姻家庭。 ", is_available=False)

    entry = AuditEntry.objects.get(action="consult.lawyer.profile_updated")
    assert (updated.specialties, updated.languages, updated.bio, updated.is_available) == (
        ["labour", "family"], ["zh-hans", "en"], "擅长劳动争议与婚姻家庭。", False)
    assert entry.changes == {"bio": ["", "擅长劳动争议与婚姻家庭。"], "is_available": [True, False],
                             "languages": [["zh-hans"], ["zh-hans", "en"]],
                             "specialties": [["labour", "contract"], ["labour", "family"]]}
    assert entry.actor == lawyer.user


def test_saving_an_unchanged_entry_writes_no_audit_entry(lawyer):
    before = audit_count()

    roster.update_profile(lawyer, acting_user=lawyer.user, specialties=["labour", "contract"], languages=["zh-hans"],
                          bio="", is_available=True)

    assert audit_count() == before


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"specialties": []}, "specialties", "Choose at least one topic you take."),
    ({"specialties": ["labour", "astrology"]}, "specialties", "Unknown specialty: astrology."),
    ({"languages": []}, "languages", "Choose at least one language you consult in."),
    ({"languages": ["zh-hans", "klingon"]}, "languages", "Unknown language: klingon."),
    ({"bio": "字" * 501}, "bio", "The text is too long: at most 500 characters, please."),
    ({"is_available": "yes"}, "is_available", "Say whether you accept new questions: yes or no."),
])
def test_a_bad_entry_is_refused_with_its_message_and_nothing_changes(lawyer, changes, field, message):
    before, audit_before = snapshot(lawyer), audit_count()
    values = {"specialties": ["family"], "languages": ["en"], "bio": "新简介", "is_available": False, **changes}

    with pytest.raises(InvalidInput) as raised:
        roster.update_profile(lawyer, acting_user=lawyer.user, **values)

    assert (raised.value.field, text_of(raised.value)) == (field, message)
    assert snapshot(lawyer) == before and audit_count() == audit_before


@pytest.mark.parametrize("who", ["another lawyer of the firm", "citizen", "firm administrator", "anonymous"])
def test_only_the_lawyer_themself_edits_their_entry(lawyer, orgs, make_lawyer, citizen, admin_of, who):
    from django.contrib.auth.models import AnonymousUser

    user = {"another lawyer of the firm": lambda: make_lawyer(orgs["firm"]).user, "citizen": lambda: citizen,
            "firm administrator": lambda: admin_of(orgs["firm"]), "anonymous": AnonymousUser}[who]()
    before, audit_before = snapshot(lawyer), audit_count()

    with pytest.raises(NotFound):
        roster.update_profile(lawyer, acting_user=user, specialties=["family"], languages=["en"], bio="",
                              is_available=False)

    assert snapshot(lawyer) == before and audit_count() == audit_before


# --- call times ---------------------------------------------------------------------------

def test_adding_a_time_drops_seconds_and_is_audited(lawyer):
    with time_machine.travel(START, tick=False):
        slot = roster.add_slot(lawyer, acting_user=lawyer.user, starts_at=TOMORROW + dt.timedelta(seconds=42),
                               minutes=30)

    assert (slot.lawyer, slot.starts_at, slot.ends_at, slot.created_at) == (
        lawyer, TOMORROW, TOMORROW + dt.timedelta(minutes=30), START)
    assert AuditEntry.objects.get(action="consult.lawyer.slot_added").changes == {
        "slot": [None, {"id": slot.pk, "starts_at": "2026-03-03T09:00:00+00:00", "minutes": 30}]}


@pytest.mark.parametrize(("starts_at", "minutes", "field", "message"), [
    (None, 30, "starts_at", "Choose the date and time the call starts."),
    (START, 30, "starts_at", "Choose a time in the future."),
    (START - dt.timedelta(days=1), 30, "starts_at", "Choose a time in the future."),
    (START + dt.timedelta(days=90, minutes=1), 30, "starts_at", "Times can be offered at most 90 days ahead."),
    (TOMORROW, 45, "minutes", "A call lasts 15, 30 or 60 minutes."),
    (TOMORROW, True, "minutes", "A call lasts 15, 30 or 60 minutes."),
])
def test_a_bad_time_is_refused_with_its_message_and_nothing_is_written(lawyer, starts_at, minutes, field, message):
    audit_before = audit_count()

    with time_machine.travel(START, tick=False), pytest.raises(InvalidInput) as raised:
        roster.add_slot(lawyer, acting_user=lawyer.user, starts_at=starts_at, minutes=minutes)

    assert (raised.value.field, text_of(raised.value)) == (field, message)
    assert ConsultationSlot.objects.count() == 0 and audit_count() == audit_before


def test_ninety_days_ahead_is_still_accepted(lawyer):
    with time_machine.travel(START, tick=False):
        slot = roster.add_slot(lawyer, acting_user=lawyer.user, starts_at=START + dt.timedelta(days=90), minutes=15)

    assert slot.starts_at == START + dt.timedelta(days=90)


@pytest.mark.parametrize(("offset", "minutes"), [(0, 30), (15, 30), (-15, 30), (-45, 60), (-5, 15)])
def test_an_overlapping_time_is_refused_naming_the_time_it_overlaps(lawyer, offset, minutes):
    with time_machine.travel(START, tick=False):
        roster.add_slot(lawyer, acting_user=lawyer.user, starts_at=TOMORROW, minutes=30)

        with pytest.raises(errors.SlotOverlaps) as raised:
            roster.add_slot(lawyer, acting_user=lawyer.user, starts_at=TOMORROW + dt.timedelta(minutes=offset),
                            minutes=minutes)

    assert raised.value.field == "starts_at"
    assert text_of(raised.value) == "This time overlaps your consultation time 2026-03-03 17:00–17:30."
    assert ConsultationSlot.objects.count() == 1


@pytest.mark.parametrize(("offset", "minutes"), [(30, 30), (-30, 30), (-15, 15), (-60, 60)])
def test_times_that_only_touch_are_both_kept(lawyer, offset, minutes):
    with time_machine.travel(START, tick=False):
        roster.add_slot(lawyer, acting_user=lawyer.user, starts_at=TOMORROW, minutes=30)
        roster.add_slot(lawyer, acting_user=lawyer.user, starts_at=TOMORROW + dt.timedelta(minutes=offset),
                        minutes=minutes)

    assert ConsultationSlot.objects.count() == 2


def test_another_lawyers_times_do_not_count_as_overlap(lawyer, orgs, make_lawyer):
    colleague = make_lawyer(orgs["firm"])
    with time_machine.travel(START, tick=False):
        roster.add_slot(colleague, acting_user=colleague.user, starts_at=TOMORROW, minutes=30)
        roster.add_slot(lawyer, acting_user=lawyer.user, starts_at=TOMORROW, minutes=30)

    assert ConsultationSlot.objects.count() == 2


def test_another_person_cannot_add_a_time_for_the_lawyer(lawyer, orgs, make_lawyer, citizen):
    colleague = make_lawyer(orgs["firm"])

    for user in (colleague.user, citizen):
        with time_machine.travel(START, tick=False), pytest.raises(NotFound):
            roster.add_slot(lawyer, acting_user=user, starts_at=TOMORROW, minutes=30)

    assert ConsultationSlot.objects.count() == 0


def test_a_free_future_time_is_withdrawn_and_audited(lawyer, make_slot):
    with time_machine.travel(START, tick=False):
        slot = make_slot(lawyer, starts_at=TOMORROW)
        roster.remove_slot(slot, acting_user=lawyer.user)

    assert ConsultationSlot.objects.count() == 0
    assert AuditEntry.objects.get(action="consult.lawyer.slot_removed").changes == {
        "slot": [{"id": slot.pk, "starts_at": "2026-03-03T09:00:00+00:00", "minutes": 30}, None]}


def test_a_booked_time_cannot_be_withdrawn(lawyer, citizen, make_slot):
    with time_machine.travel(START, tick=False):
        slot = make_slot(lawyer, starts_at=TOMORROW)
        services.book_slot(slot, acting_user=citizen, mode="audio", subject="欠薪")
        audit_before = audit_count()

        with pytest.raises(errors.SlotBooked) as raised:
            roster.remove_slot(slot, acting_user=lawyer.user)

    assert text_of(raised.value) == "A citizen has booked this time, so it cannot be removed."
    assert ConsultationSlot.objects.count() == 1 and audit_count() == audit_before


def test_a_time_that_has_begun_stays_on_record(lawyer, make_slot):
    with time_machine.travel(START, tick=False):
        slot = make_slot(lawyer, starts_at=START + dt.timedelta(hours=1))

    with time_machine.travel(START + dt.timedelta(hours=1), tick=False), pytest.raises(Conflict) as raised:
        roster.remove_slot(slot, acting_user=lawyer.user)

    assert text_of(raised.value) == "A time that has begun stays on record."
    assert ConsultationSlot.objects.count() == 1


def test_another_lawyer_cannot_withdraw_the_time(lawyer, orgs, make_lawyer, make_slot):
    slot = make_slot(lawyer)

    with pytest.raises(NotFound):
        roster.remove_slot(slot, acting_user=make_lawyer(orgs["firm"]).user)

    assert ConsultationSlot.objects.count() == 1


# --- routing --------------------------------------------------------------------------------

def test_routing_skips_a_lawyer_who_set_themself_not_accepting(lawyer, orgs, make_lawyer, citizen):
    colleague = make_lawyer(orgs["firm"], specialties=["labour"])
    roster.update_profile(lawyer, acting_user=lawyer.user, specialties=["labour"], languages=["zh-hans"],
                          is_available=False)

    first = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    second = services.post_question(acting_user=citizen, topic="labour", title="加班费", body="不给加班费")

    assert (first.lawyer, second.lawyer) == (colleague, colleague)


def test_routing_skips_a_suspended_lawyer_even_when_they_are_available(lawyer, orgs, make_lawyer, make_user,
                                                                       citizen):
    colleague = make_lawyer(orgs["firm"], specialties=["family"])
    roster.suspend_lawyer(lawyer, acting_user=make_user(Role.SUPERVISOR, orgs["county"]), reason="多次超时未答复")
    lawyer.refresh_from_db()

    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")

    assert lawyer.is_available is True
    assert question.lawyer == colleague  # no one else takes labour, so any routable lawyer
    assert selectors.available_lawyers("labour") == [colleague]


def test_with_everyone_suspended_or_paused_a_question_goes_to_the_legal_aid_centre(lawyer, orgs, make_lawyer,
                                                                                  make_user, citizen):
    paused = make_lawyer(orgs["firm"], specialties=["labour"])
    services.set_availability(paused, is_available=False, acting_user=paused.user)
    roster.suspend_lawyer(lawyer, acting_user=make_user(Role.SUPERVISOR, orgs["county"]), reason="暂停")

    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")

    assert (question.lawyer, question.org) == (None, orgs["aid"])


# --- the bureau's suspension ------------------------------------------------------------

@pytest.fixture
def supervisor(make_user, orgs):
    return make_user(Role.SUPERVISOR, orgs["county"], real_name="陈局长")


def test_suspension_passes_waiting_questions_on_and_keeps_their_clock(lawyer, orgs, make_lawyer, supervisor, citizen,
                                                                      settings):
    settings.CONSULT_WARN_AFTER_HOURS = 5
    colleague = make_lawyer(orgs["firm"], specialties=["labour"])
    services.set_availability(colleague, is_available=False, acting_user=colleague.user)
    with time_machine.travel(START, tick=False):
        waiting = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
        answered = services.post_question(acting_user=citizen, topic="labour", title="加班", body="加班费")
        services.reply(answered, acting_user=lawyer.user, body="请保留考勤记录。")
    with time_machine.travel(START + dt.timedelta(hours=5), tick=False):
        services.warn_unanswered(waiting.pk)
    services.set_availability(colleague, is_available=True, acting_user=colleague.user)

    with time_machine.travel(START + dt.timedelta(hours=6), tick=False):
        roster.suspend_lawyer(lawyer, acting_user=supervisor, reason="  多次超时未答复  ")

    lawyer.refresh_from_db()
    waiting.refresh_from_db()
    answered.refresh_from_db()
    assert (lawyer.is_suspended, lawyer.suspended_at, lawyer.suspension_reason) == (
        True, START + dt.timedelta(hours=6), "多次超时未答复")
    assert (waiting.lawyer, waiting.org, waiting.created_at, waiting.warned_at, waiting.escalated_at) == (
        colleague, orgs["firm"], START, START + dt.timedelta(hours=5), None)
    assert answered.lawyer == lawyer  # the advice given stays with the lawyer who gave it
    passed_on = AuditEntry.objects.get(action="consult.question.passed_on")
    assert (passed_on.object_id, passed_on.changes, passed_on.reason, passed_on.actor) == (
        str(waiting.pk), {"lawyer": [lawyer.pk, colleague.pk], "org": [orgs["firm"].pk, orgs["firm"].pk]},
        "多次超时未答复", supervisor)
    suspended = AuditEntry.objects.get(action="consult.lawyer.suspended")
    assert (suspended.changes, suspended.reason) == ({"is_suspended": [False, True]}, "多次超时未答复")
    assert Notification.objects.filter(recipient=colleague.user, kind="consult.question.assigned").count() == 1
    assert Notification.objects.filter(recipient=citizen, kind="consult.question.passed_on").count() == 1
    assert Notification.objects.filter(recipient=lawyer.user, kind="consult.lawyer.suspended").count() == 1


def test_with_no_other_lawyer_waiting_questions_go_to_the_legal_aid_centre_queue(lawyer, orgs, supervisor, citizen,
                                                                                 make_lawyer):
    centre_lawyer = make_lawyer(orgs["aid"], specialties=["family"])
    services.set_availability(centre_lawyer, is_available=False, acting_user=centre_lawyer.user)
    waiting = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")

    roster.suspend_lawyer(lawyer, acting_user=supervisor, reason="暂停接单")

    waiting.refresh_from_db()
    assert (waiting.lawyer, waiting.org, waiting.escalated_at) == (None, orgs["aid"], None)
    # Nobody is assigned, so the centre's lawyers hear of it, paused or not.
    assert Notification.objects.filter(recipient=centre_lawyer.user, kind="consult.question.assigned").count() == 1


def test_an_escalated_question_of_a_suspended_lawyer_stays_at_its_legal_aid_centre(orgs, make_lawyer, supervisor,
                                                                                   citizen, settings):
    settings.CONSULT_ESCALATE_AFTER_HOURS = 24
    firm_lawyer = make_lawyer(orgs["firm"], specialties=["labour"])
    centre_lawyer = make_lawyer(orgs["aid"], specialties=["labour"])
    with time_machine.travel(START, tick=False):
        question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    with time_machine.travel(START + dt.timedelta(hours=24), tick=False):
        services.escalate_unanswered(question.pk)
    question.refresh_from_db()
    assert (question.lawyer, question.org, firm_lawyer.questions.count()) == (centre_lawyer, orgs["aid"], 0)

    roster.suspend_lawyer(centre_lawyer, acting_user=supervisor, reason="调离")

    question.refresh_from_db()
    assert (question.lawyer, question.org, question.escalated_at) == (
        None, orgs["aid"], START + dt.timedelta(hours=24))


def test_resuming_puts_the_lawyer_back_on_routing_and_questions_stay_where_they_went(lawyer, orgs, make_lawyer,
                                                                                     supervisor, citizen):
    colleague = make_lawyer(orgs["firm"], specialties=["labour"])
    waiting = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    assert waiting.lawyer == lawyer
    roster.suspend_lawyer(lawyer, acting_user=supervisor, reason="核查投诉")

    roster.resume_lawyer(lawyer, acting_user=supervisor)

    lawyer.refresh_from_db()
    waiting.refresh_from_db()
    assert (lawyer.is_suspended, lawyer.suspended_at, lawyer.suspension_reason) == (False, None, "")
    assert waiting.lawyer == colleague
    assert AuditEntry.objects.get(action="consult.lawyer.resumed").changes == {
        "is_suspended": [True, False], "suspension_reason": ["核查投诉", ""]}
    assert selectors.available_lawyers("labour") == [lawyer, colleague]  # fewest open questions first


@pytest.mark.parametrize("who", ["other county supervisor", "county administrator", "firm administrator",
                                 "lawyer themself", "citizen"])
def test_only_a_supervisor_over_the_firm_suspends_and_nothing_changes_otherwise(lawyer, orgs, make_user, admin_of,
                                                                                citizen, who):
    user = {"other county supervisor": lambda: make_user(Role.SUPERVISOR, orgs["other_county"]),
            "county administrator": lambda: make_user(Role.ADMINISTRATOR, orgs["county"]),
            "firm administrator": lambda: admin_of(orgs["firm"]),
            "lawyer themself": lambda: lawyer.user, "citizen": lambda: citizen}[who]()
    waiting = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    before, audit_before = snapshot(lawyer), audit_count()

    with pytest.raises(NotFound):
        roster.suspend_lawyer(lawyer, acting_user=user, reason="暂停")

    waiting.refresh_from_db()
    assert snapshot(lawyer) == before and audit_count() == audit_before and waiting.lawyer == lawyer


@pytest.mark.parametrize(("reason", "message"), [
    ("   ", "Please give the reason for the suspension."),
    ("因" * 201, "The text is too long: at most 200 characters, please."),
])
def test_suspension_needs_a_reason(lawyer, supervisor, reason, message):
    before, audit_before = snapshot(lawyer), audit_count()

    with pytest.raises(InvalidInput) as raised:
        roster.suspend_lawyer(lawyer, acting_user=supervisor, reason=reason)

    assert (raised.value.field, text_of(raised.value)) == ("reason", message)
    assert snapshot(lawyer) == before and audit_count() == audit_before


def test_suspending_twice_or_resuming_a_lawyer_on_routing_is_a_conflict(lawyer, supervisor):
    with pytest.raises(errors.NotSuspended):
        roster.resume_lawyer(lawyer, acting_user=supervisor)
    roster.suspend_lawyer(lawyer, acting_user=supervisor, reason="暂停")
    audit_before = audit_count()

    with pytest.raises(errors.AlreadySuspended):
        roster.suspend_lawyer(lawyer, acting_user=supervisor, reason="再次暂停")

    lawyer.refresh_from_db()
    assert lawyer.suspension_reason == "暂停" and audit_count() == audit_before


# --- booking a free time from the roster -------------------------------------------------

def test_a_citizen_books_a_free_time_of_a_lawyer_not_taking_written_questions(lawyer, citizen, make_slot, settings):
    settings.CONSULT_CONFERENCE_URL_TEMPLATE = "https://meet.example.org/{room}"
    with time_machine.travel(START, tick=False):
        services.set_availability(lawyer, is_available=False, acting_user=lawyer.user)
        slot = make_slot(lawyer, starts_at=TOMORROW, minutes=60)

        booking = services.book_slot(slot, acting_user=citizen, mode="video", subject="  工资被拖欠三个月  ")

    assert (booking.owner, booking.lawyer, booking.question, booking.slot, booking.starts_at, booking.minutes,
            booking.subject, booking.status) == (citizen, lawyer, None, slot, TOMORROW, 60, "工资被拖欠三个月", "booked")
    assert booking.meeting_url.startswith(f"https://meet.example.org/zx-{booking.pk}-")
    assert AuditEntry.objects.get(action="consult.booking.created").changes == {
        "slot": [None, slot.pk], "question": [None, None], "starts_at": [None, "2026-03-03T09:00:00+00:00"],
        "mode": [None, "video"]}
    notice = Notification.objects.get(recipient=lawyer.user, kind="consult.booking.created")
    assert notice.body == "2026-03-03 17:00 · video call"


@pytest.mark.parametrize(("mode", "subject", "field", "message"), [
    ("fax", "欠薪", "mode", "Choose an audio or a video call."),
    ("audio", "  ", "subject", "Please say in a few words what the call is about."),
    ("audio", "字" * 201, "subject", "The text is too long: at most 200 characters, please."),
])
def test_a_bad_booking_is_refused_with_its_message(lawyer, citizen, make_slot, mode, subject, field, message):
    slot = make_slot(lawyer)

    with pytest.raises(InvalidInput) as raised:
        services.book_slot(slot, acting_user=citizen, mode=mode, subject=subject)

    assert (raised.value.field, text_of(raised.value)) == (field, message)
    assert Booking.objects.count() == 0


def test_a_booked_time_cannot_be_booked_again(lawyer, orgs, citizen, make_user, make_slot):
    slot = make_slot(lawyer)
    services.book_slot(slot, acting_user=citizen, mode="audio", subject="欠薪")

    with pytest.raises(errors.SlotTaken) as raised:
        services.book_slot(slot, acting_user=make_user(Role.CITIZEN, orgs["county"]), mode="audio", subject="离婚")

    assert text_of(raised.value) == "Someone has just booked this time; please choose another."
    assert Booking.objects.count() == 1


def test_one_upcoming_call_per_lawyer_and_person(lawyer, citizen, make_slot):
    with time_machine.travel(START, tick=False):
        first = make_slot(lawyer, starts_at=TOMORROW)
        second = make_slot(lawyer, starts_at=TOMORROW + dt.timedelta(hours=1))
        services.book_slot(first, acting_user=citizen, mode="audio", subject="欠薪")

        with pytest.raises(errors.AlreadyBookedWithLawyer) as raised:
            services.book_slot(second, acting_user=citizen, mode="audio", subject="还是欠薪")

    assert text_of(raised.value) == "You already have a call booked with this lawyer on 2026-03-03 17:00."
    assert Booking.objects.count() == 1


def test_a_suspended_lawyers_time_cannot_be_booked_and_is_off_the_roster(lawyer, citizen, supervisor, make_slot):
    slot = make_slot(lawyer)
    roster.suspend_lawyer(lawyer, acting_user=supervisor, reason="暂停")

    with pytest.raises(errors.LawyerUnavailable):
        services.book_slot(slot, acting_user=citizen, mode="audio", subject="欠薪")

    assert Booking.objects.count() == 0
    assert selectors.roster() == [] and list(selectors.free_slots()) == []
    roster.resume_lawyer(lawyer, acting_user=supervisor)
    assert list(selectors.free_slots()) == [slot]  # kept through the suspension


def test_booking_needs_sign_in_and_not_ones_own_time(lawyer, make_slot):
    from django.contrib.auth.models import AnonymousUser

    slot = make_slot(lawyer)

    with pytest.raises(errors.SignInRequired) as anonymous:
        services.book_slot(slot, acting_user=AnonymousUser(), mode="audio", subject="欠薪")
    with pytest.raises(InvalidInput) as own:
        services.book_slot(slot, acting_user=lawyer.user, mode="audio", subject="自己")

    assert text_of(anonymous.value) == "Please sign in to book a call, so that the lawyer can reach you."
    assert text_of(own.value) == "You cannot book your own consultation time."
    assert Booking.objects.count() == 0


def test_from_a_question_only_the_handling_lawyers_times_and_only_by_the_asker(lawyer, orgs, make_lawyer, citizen,
                                                                               make_user, make_slot):
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    other_slot = make_slot(make_lawyer(orgs["firm"], specialties=["family"]))

    with pytest.raises(InvalidInput) as wrong_lawyer:
        services.book_slot(other_slot, acting_user=citizen, mode="audio", question=question)
    with pytest.raises(NotFound):
        services.book_slot(make_slot(lawyer), acting_user=make_user(Role.CITIZEN, orgs["county"]), mode="audio", question=question)

    assert text_of(wrong_lawyer.value) == "Choose a time offered by the lawyer handling your question."
    assert Booking.objects.count() == 0


# --- reads ------------------------------------------------------------------------------------

def test_public_roster_filters_by_topic_language_and_availability(lawyer, orgs, make_lawyer, make_slot, citizen):
    family = make_lawyer(orgs["firm"], specialties=["family"], real_name="李律师")
    roster.update_profile(family, acting_user=family.user, specialties=["family"], languages=["zh-hans", "wuu"],
                          is_available=False)
    free = make_slot(family)
    booked = make_slot(family, starts_at=free.starts_at + dt.timedelta(hours=1))
    services.book_slot(booked, acting_user=citizen, mode="audio", subject="离婚")

    assert selectors.roster(specialty="family") == [family]
    assert selectors.roster(language="wuu") == [family]
    assert selectors.roster(specialty="labour", language="wuu") == []
    assert selectors.roster(availability="questions") == [lawyer]
    assert selectors.roster(availability="calls") == [family]
    assert selectors.roster(availability="calls")[0].free_slots == [free]  # the booked time is not offered


def test_public_roster_takes_two_queries(lawyer, orgs, make_lawyer, make_slot, django_assert_num_queries):
    for _ in range(3):
        make_slot(make_lawyer(orgs["firm"], specialties=["family"]))

    with django_assert_num_queries(2):
        lawyers = selectors.roster()

    assert len(lawyers) == 4 and [len(item.free_slots) for item in lawyers].count(1) == 3


def test_bureau_roster_figures_and_scope(lawyer, orgs, make_lawyer, make_user, citizen, supervisor,
                                         django_assert_num_queries):
    quick, slow, waiting = (services.post_question(acting_user=citizen, topic="labour", title=title, body="问")
                            for title in ("一", "二", "三"))
    hn_lawyer = make_lawyer(orgs["other_firm"], specialties=["labour"])
    LawyerQuestion.objects.filter(pk__in=[quick.pk, slow.pk, waiting.pk]).update(created_at=START)
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        services.reply(quick, acting_user=lawyer.user, body="答")
    with time_machine.travel(START + dt.timedelta(hours=4), tick=False):
        services.reply(slow, acting_user=lawyer.user, body="答")
    services.rate_question(quick, acting_user=citizen, stars=5)
    services.rate_question(slow, acting_user=citizen, stars=4)

    with django_assert_num_queries(3):  # the reader's memberships, the lawyers with their counts, answer times
        rows = selectors.bureau_roster(supervisor)

    assert [(row, row.open_questions, row.answered, row.average_rating, row.median_response_hours)
            for row in rows] == [(lawyer, 1, 2, 4.5, 2.5)]
    assert hn_lawyer not in selectors.bureau_roster(make_user(Role.SUPERVISOR, orgs["county"]))
    assert selectors.bureau_roster(make_user(Role.SUPERVISOR, orgs["other_county"])) == [hn_lawyer]


def test_a_lawyer_registered_without_topics_takes_only_what_is_escalated_to_their_centre(orgs, make_lawyer):
    from smartjustice.legalservice.consult import selectors

    generalist = make_lawyer(orgs["firm"], specialties=["family"])
    centre_lawyer = make_lawyer(orgs["aid"], specialties=())

    assert selectors.available_lawyers("labour") == [generalist]  # nobody takes labour: those who take a topic
    assert selectors.available_lawyers("labour", org=orgs["aid"]) == [centre_lawyer]
