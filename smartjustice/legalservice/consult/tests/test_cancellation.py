"""Cancelling a booked call (services.cancel_booking): the citizen who booked it (reason
optional) or its lawyer (reason required), before it begins; what happens to the time, who is
told, what is audited; every refusal with its message in both languages and nothing changed;
then the pages and the API with their permission matrices (anyone else: 404)."""
import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import translation

from smartjustice.audit.models import AuditEntry
from smartjustice.core import clock
from smartjustice.core.errors import Conflict, InvalidInput, NotFound
from smartjustice.legalservice.consult import selectors, services
from smartjustice.legalservice.consult.models import Booking, ConsultationSlot
from smartjustice.notifications.models import Notification
from smartjustice.orgs.choices import Role

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # 17:00 in Tongxiang
TOMORROW = START + dt.timedelta(days=1)  # 2026-03-03 17:00 CST
MEET = "https://meet.example.org/{room}"


@pytest.fixture
def booked(lawyer, citizen, make_slot, settings):
    """A video call booked at START for TOMORROW 17:00–17:30 CST, with a meeting link."""
    settings.CONSULT_CONFERENCE_URL_TEMPLATE = MEET
    with time_machine.travel(START, tick=False):
        slot = make_slot(lawyer, starts_at=TOMORROW)
        return services.book_slot(slot, acting_user=citizen, mode="video", subject="工资被拖欠三个月")


def state(booking) -> tuple:
    """Everything a refusal must leave as it was."""
    booking.refresh_from_db()
    return (booking.status, booking.cancelled_at, booking.cancelled_by_id, booking.cancellation_reason,
            booking.meeting_url, booking.slot_id, ConsultationSlot.objects.count(),
            AuditEntry.objects.filter(action="consult.booking.cancelled").count(),
            Notification.objects.filter(kind="consult.booking.cancelled").count())


def cancel_at(moment, booking, user, reason=""):
    with time_machine.travel(moment, tick=False):
        return services.cancel_booking(booking, acting_user=user, reason=reason)


# --- the citizen cancels ------------------------------------------------------------------------

def test_the_citizen_cancels_a_day_ahead_and_the_time_is_free_again(booked, lawyer, citizen):
    slot = booked.slot
    with translation.override("en"):
        cancelled = cancel_at(START + dt.timedelta(hours=1), booked, citizen, reason="  家里有事  ")

    booked.refresh_from_db()
    assert (booked.status, booked.cancelled_at, booked.cancelled_by, booked.cancellation_reason, booked.meeting_url,
            booked.slot) == ("cancelled", START + dt.timedelta(hours=1), citizen, "家里有事", "", slot)
    assert cancelled.is_cancelled_by_lawyer is False
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        assert list(selectors.free_slots()) == [slot]
    entry = AuditEntry.objects.get(action="consult.booking.cancelled")
    assert (entry.actor, entry.org, entry.object_id, entry.reason, entry.changes) == (
        citizen, lawyer.org, str(booked.pk), "家里有事",
        {"status": ["booked", "cancelled"], "cancelled_by": [None, "citizen"],
         "slot": [{"id": slot.pk, "state": "booked"}, {"id": slot.pk, "state": "free"}]})
    notice = Notification.objects.get(kind="consult.booking.cancelled")
    assert (notice.recipient, notice.title, notice.body, notice.link, notice.org) == (
        lawyer.user, "沈阿婆 cancelled the call on 2026-03-03 17:00",
        "Reason: 家里有事\nThe time is free again on the roster.", reverse("consult:lawyer-desk"), lawyer.org)


def test_the_citizens_reason_is_optional(booked, lawyer, citizen):
    with translation.override("zh-hans"):
        cancel_at(START, booked, citizen)

    booked.refresh_from_db()
    notice = Notification.objects.get(kind="consult.booking.cancelled")
    assert (booked.status, booked.cancellation_reason) == ("cancelled", "")
    assert (notice.title, notice.body) == ("沈阿婆取消了2026-03-03 17:00的通话", "该时段已重新开放预约。")
    assert AuditEntry.objects.get(action="consult.booking.cancelled").reason == ""


@pytest.mark.parametrize(("before_start", "slot_state"), [
    (dt.timedelta(hours=2), "free"), (dt.timedelta(hours=1, minutes=59), "withdrawn"),
    (dt.timedelta(minutes=1), "withdrawn")])
def test_a_time_the_citizen_frees_within_two_hours_of_the_start_is_withdrawn(booked, lawyer, citizen,
                                                                              before_start, slot_state):
    slot_id = booked.slot_id
    with translation.override("en"):
        cancel_at(TOMORROW - before_start, booked, citizen)

    booked.refresh_from_db()
    assert ConsultationSlot.objects.filter(pk=slot_id).exists() is (slot_state == "free")
    assert booked.slot_id == (slot_id if slot_state == "free" else None)
    assert (booked.starts_at, booked.minutes) == (TOMORROW, 30)  # the record stands without the slot row
    assert AuditEntry.objects.get(action="consult.booking.cancelled").changes["slot"] == [
        {"id": slot_id, "state": "booked"}, {"id": slot_id, "state": slot_state}]
    assert Notification.objects.get(kind="consult.booking.cancelled").body == (
        "The time is free again on the roster." if slot_state == "free" else
        "The time is no longer offered, as the call was close; offer it again on your roster entry if you wish.")


def test_the_cutoff_is_a_setting(booked, citizen, settings):
    settings.CONSULT_REOFFER_CUTOFF_HOURS = 0.5

    cancel_at(TOMORROW - dt.timedelta(hours=1), booked, citizen)

    booked.refresh_from_db()
    assert booked.slot is not None and ConsultationSlot.objects.count() == 1


def test_after_cancelling_the_citizen_may_book_the_lawyer_again_and_others_the_freed_time(booked, lawyer, citizen,
                                                                                           make_user, orgs,
                                                                                           make_slot):
    slot = booked.slot
    cancel_at(START, booked, citizen)

    with time_machine.travel(START, tick=False):
        later = make_slot(lawyer, starts_at=TOMORROW + dt.timedelta(hours=1))
        again = services.book_slot(later, acting_user=citizen, mode="audio", subject="还是欠薪")
        other = services.book_slot(slot, acting_user=make_user(Role.CITIZEN, orgs["county"]), mode="audio",
                                   subject="离婚")

    assert (again.status, other.status, other.slot) == ("booked", "booked", slot)
    assert Booking.objects.filter(slot=slot).count() == 2


def test_cancelling_a_call_booked_from_a_question_links_the_lawyer_to_the_question(lawyer, citizen, make_slot):
    with time_machine.travel(START, tick=False):
        question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
        booking = services.book_slot(make_slot(lawyer, starts_at=TOMORROW), acting_user=citizen, mode="audio",
                                     question=question)

    cancel_at(START, booking, citizen)

    assert Notification.objects.get(kind="consult.booking.cancelled").link == question.get_absolute_url()


# --- the lawyer cancels -------------------------------------------------------------------------

def test_the_lawyer_cancels_with_a_reason_and_the_time_is_withdrawn(booked, lawyer, citizen):
    slot_id = booked.slot_id
    with translation.override("en"):
        cancelled = cancel_at(START + dt.timedelta(hours=3), booked, lawyer.user, reason=" 临时要出庭 ")

    booked.refresh_from_db()
    assert (booked.status, booked.cancelled_at, booked.cancelled_by, booked.cancellation_reason, booked.meeting_url,
            booked.slot) == ("cancelled", START + dt.timedelta(hours=3), lawyer.user, "临时要出庭", "", None)
    assert cancelled.is_cancelled_by_lawyer is True
    assert not ConsultationSlot.objects.filter(pk=slot_id).exists()
    entry = AuditEntry.objects.get(action="consult.booking.cancelled")
    assert (entry.actor, entry.org, entry.reason, entry.changes) == (
        lawyer.user, lawyer.org, "临时要出庭",
        {"status": ["booked", "cancelled"], "cancelled_by": [None, "lawyer"],
         "slot": [{"id": slot_id, "state": "booked"}, {"id": slot_id, "state": "withdrawn"}]})
    notice = Notification.objects.get(kind="consult.booking.cancelled")
    assert (notice.recipient, notice.title, notice.body, notice.link) == (
        citizen, "王律师 cancelled your call on 2026-03-03 17:00",
        "The lawyer's reason: 临时要出庭\nYou can book another time on the roster, or ask in writing.",
        reverse("consult:my-questions"))


def test_the_lawyers_notice_in_chinese(booked, lawyer, citizen):
    with translation.override("zh-hans"):
        cancel_at(START, booked, lawyer.user, reason="临时要出庭")

    notice = Notification.objects.get(kind="consult.booking.cancelled")
    assert (notice.title, notice.body) == ("王律师取消了您2026-03-03 17:00的通话",
                                           "律师说明的原因：临时要出庭\n您可以在律师名录中另约时段，或书面咨询。")


# --- refusals: each with its message, nothing changed ----------------------------------------------

@pytest.mark.parametrize(("who", "reason", "language", "message"), [
    ("lawyer", "", "en", "Please tell the citizen why you cancel: they lose the time they booked."),
    ("lawyer", "   ", "zh-hans", "请告诉群众取消的原因：对方将失去已预约的时段。"),
    ("lawyer", "因" * 201, "en", "The text is too long: at most 200 characters, please."),
    ("citizen", "因" * 201, "zh-hans", "内容太长：请不超过 200 个字。"),
])
def test_a_bad_reason_is_refused_with_its_message(booked, lawyer, citizen, who, reason, language, message):
    user = lawyer.user if who == "lawyer" else citizen
    before = state(booked)

    with translation.override(language):
        with pytest.raises(InvalidInput) as raised:
            cancel_at(START, booked, user, reason=reason)
        refusal = (raised.value.field, str(raised.value))

    assert refusal == ("reason", message)
    assert state(booked) == before


@pytest.mark.parametrize(("who", "language", "message"), [
    ("citizen", "en", "This call began at 2026-03-03 17:00 and can no longer be cancelled. If it did not take place, "
                      "ask the lawyer in writing."),
    ("citizen", "zh-hans", "这次通话已于2026-03-03 17:00开始，不能再取消。如果通话没有进行，请书面询问律师。"),
    ("lawyer", "en", "This call began at 2026-03-03 17:00 and can no longer be cancelled. If it did not take place, "
                     "contact the citizen."),
    ("lawyer", "zh-hans", "这次通话已于2026-03-03 17:00开始，不能再取消。如果通话没有进行，请与群众联系。"),
])
@pytest.mark.parametrize("after_start", [dt.timedelta(0), dt.timedelta(hours=2)])
def test_nobody_cancels_once_the_call_has_begun(booked, lawyer, citizen, who, language, message, after_start):
    before = state(booked)

    with translation.override(language):
        with pytest.raises(Conflict) as raised:
            cancel_at(TOMORROW + after_start, booked, lawyer.user if who == "lawyer" else citizen, reason="有事")
        refusal = (raised.value.code, raised.value.http_status, str(raised.value))

    assert refusal == ("consult.call_started", 409, message)
    assert state(booked) == before


@pytest.mark.parametrize(("second", "language", "message"), [
    ("citizen", "en", "This call was already cancelled on 2026-03-02 18:00."),
    ("lawyer", "zh-hans", "这次通话已于2026-03-02 18:00取消，无需再次取消。"),
])
def test_cancelling_twice_is_a_conflict_and_changes_nothing(booked, lawyer, citizen, second, language, message):
    cancel_at(START + dt.timedelta(hours=1), booked, citizen, reason="家里有事")
    before = state(booked)

    with translation.override(language):
        with pytest.raises(Conflict) as raised:
            cancel_at(START + dt.timedelta(hours=2), booked, lawyer.user if second == "lawyer" else citizen,
                      reason="临时要出庭")
        refusal = (raised.value.code, raised.value.http_status, str(raised.value))

    assert refusal == ("consult.already_cancelled", 409, message)
    assert state(booked) == before


@pytest.mark.parametrize("who", ["another citizen", "another lawyer of the firm", "firm administrator",
                                 "county supervisor", "county administrator", "anonymous"])
def test_nobody_else_can_cancel_and_nothing_changes(booked, orgs, make_user, make_lawyer, admin_of, who):
    user = {"another citizen": lambda: make_user(Role.CITIZEN, orgs["county"]),
            "another lawyer of the firm": lambda: make_lawyer(orgs["firm"]).user,
            "firm administrator": lambda: admin_of(orgs["firm"]),
            # may take the lawyer off routing (consult.roster.manage), still not act in their calls
            "county supervisor": lambda: make_user(Role.SUPERVISOR, orgs["county"]),
            "county administrator": lambda: make_user(Role.ADMINISTRATOR, orgs["county"]),
            "anonymous": AnonymousUser}[who]()
    before = state(booked)

    with pytest.raises(NotFound):
        cancel_at(START, booked, user, reason="代为取消")

    assert state(booked) == before


# --- pages --------------------------------------------------------------------------------------

def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def upcoming(lawyer, citizen, make_slot, settings):
    """A video call booked now for two days ahead (the pages run on the real clock)."""
    settings.CONSULT_CONFERENCE_URL_TEMPLATE = MEET
    starts = (clock.now().astimezone(clock.LEGAL_TZ) + dt.timedelta(days=2)).replace(hour=10, minute=0, second=0,
                                                                                     microsecond=0)
    return services.book_slot(make_slot(lawyer, starts_at=starts), acting_user=citizen, mode="video",
                              subject="工资被拖欠三个月")


@pytest.fixture
def people(orgs, lawyer, citizen, make_user, make_lawyer, admin_of):
    return {
        "anonymous": lambda: None,
        "the citizen": lambda: citizen,
        "the lawyer": lambda: lawyer.user,
        "another citizen": lambda: make_user(Role.CITIZEN, orgs["county"]),
        "another lawyer of the firm": lambda: make_lawyer(orgs["firm"]).user,
        "firm administrator": lambda: admin_of(orgs["firm"]),
        "county supervisor": lambda: make_user(Role.SUPERVISOR, orgs["county"]),
        "other county supervisor": lambda: make_user(Role.SUPERVISOR, orgs["other_county"]),
    }


PAGE_EXPECTED = {"anonymous": (302, 302), "the citizen": (200, 302), "the lawyer": (200, 302),
                 "another citizen": (404, 404), "another lawyer of the firm": (404, 404),
                 "firm administrator": (404, 404), "county supervisor": (404, 404),
                 "other county supervisor": (404, 404)}


@pytest.mark.parametrize("who", list(PAGE_EXPECTED))
def test_cancel_page_permission_matrix(people, upcoming, who):
    client = client_for(people[who]())
    before = state(upcoming)

    shown = client.get(reverse("consult:cancel-booking", args=[upcoming.pk]))
    posted = client.post(reverse("consult:cancel-booking", args=[upcoming.pk]), {"reason": "临时有事"})

    assert (shown.status_code, posted.status_code) == PAGE_EXPECTED[who]
    if who in ("the citizen", "the lawyer"):
        upcoming.refresh_from_db()
        assert (upcoming.status, upcoming.cancellation_reason) == ("cancelled", "临时有事")
    else:
        assert state(upcoming) == before
    if who == "anonymous":
        assert posted.url.startswith(reverse("accounts:login"))


def test_the_citizen_cancels_from_my_calls_through_a_confirm_step(upcoming, citizen):
    client = client_for(citizen)
    cancel_url = reverse("consult:cancel-booking", args=[upcoming.pk])

    listed = client.get(reverse("consult:my-questions")).content.decode()
    confirm = client.get(cancel_url).content.decode()
    done = client.post(cancel_url, {"reason": "家里有事"}, follow=True)

    assert f'href="{cancel_url}"' in listed and upcoming.meeting_url in listed
    assert "确定取消这次通话吗？" in confirm and "该时段将重新开放，其他人可以预约。" in confirm
    assert "工资被拖欠三个月" in confirm and "王律师" in confirm
    assert done.redirect_chain == [(reverse("consult:my-questions"), 302)]
    html = done.content.decode()
    assert f"已取消通话：{upcoming.starts_at.astimezone(clock.LEGAL_TZ):%Y-%m-%d} 10:00–10:30。" in html
    assert "您已取消：家里有事" in html
    assert upcoming.meeting_url not in html and f'href="{cancel_url}"' not in html


def test_within_the_cutoff_the_confirm_page_says_the_time_is_not_offered_again(upcoming, citizen):
    with time_machine.travel(upcoming.starts_at - dt.timedelta(hours=1), tick=False):
        page = client_for(citizen).get(reverse("consult:cancel-booking", args=[upcoming.pk])).content.decode()

    assert "距通话开始已不足2小时，该时段不再开放给他人预约。" in page


def test_the_lawyer_must_give_a_reason_on_the_page_and_then_sees_the_cancelled_call(upcoming, lawyer):
    client = client_for(lawyer.user)
    cancel_url = reverse("consult:cancel-booking", args=[upcoming.pk])
    desk = client.get(reverse("consult:lawyer-desk")).content.decode()
    before = state(upcoming)

    refused = client.post(cancel_url, {"reason": "  "})
    after_refusal = state(upcoming)
    done = client.post(cancel_url, {"reason": "临时要出庭"}, follow=True)

    assert f'href="{cancel_url}"' in desk
    assert refused.status_code == 400
    assert "请告诉群众取消的原因：对方将失去已预约的时段。" in refused.content.decode()
    assert after_refusal == before
    assert done.redirect_chain == [(reverse("consult:lawyer-desk"), 302)]
    html = done.content.decode()
    assert "已取消的通话" in html and "您已取消：临时要出庭" in html
    assert upcoming.meeting_url not in html


def test_the_lawyers_roster_entry_offers_cancelling_a_booked_time(upcoming, lawyer):
    page = client_for(lawyer.user).get(reverse("consult:lawyer-profile")).content.decode()

    assert f'href="{reverse("consult:cancel-booking", args=[upcoming.pk])}"' in page


def test_cancelling_twice_on_the_page_is_a_409_with_the_message(upcoming, citizen, lawyer):
    client_for(citizen).post(reverse("consult:cancel-booking", args=[upcoming.pk]), {"reason": ""})
    before = state(upcoming)

    again = client_for(lawyer.user).post(reverse("consult:cancel-booking", args=[upcoming.pk]),
                                         {"reason": "临时要出庭"})

    assert again.status_code == 409
    assert f"这次通话已于{upcoming.cancelled_at.astimezone(clock.LEGAL_TZ):%Y-%m-%d %H:%M}取消" in again.content.decode()
    assert state(upcoming) == before


def test_a_call_that_has_begun_shows_no_form(upcoming, citizen):
    with time_machine.travel(upcoming.starts_at + dt.timedelta(minutes=5), tick=False):
        client = client_for(citizen)
        page = client.get(reverse("consult:cancel-booking", args=[upcoming.pk]))
        posted = client.post(reverse("consult:cancel-booking", args=[upcoming.pk]), {"reason": ""})

    assert page.status_code == 200 and "这次通话已经开始，不能再取消。" in page.content.decode()
    assert 'name="reason"' not in page.content.decode()
    assert posted.status_code == 409 and "请书面询问律师" in posted.content.decode()


def test_on_the_question_page_only_the_parties_get_the_link_and_the_cancel_button(lawyer, citizen, make_slot,
                                                                                  make_user, orgs, settings):
    settings.CONSULT_CONFERENCE_URL_TEMPLATE = MEET
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    booking = services.book_slot(make_slot(lawyer), acting_user=citizen, mode="video", question=question)
    supervisor = make_user(Role.SUPERVISOR, orgs["county"])
    cancel_url = reverse("consult:cancel-booking", args=[booking.pk])

    pages = {name: client_for(user).get(question.get_absolute_url()).content.decode()
             for name, user in {"citizen": citizen, "lawyer": lawyer.user, "supervisor": supervisor}.items()}

    assert booking.meeting_url in pages["citizen"] and cancel_url in pages["citizen"]
    assert booking.meeting_url in pages["lawyer"] and cancel_url in pages["lawyer"]
    assert booking.meeting_url not in pages["supervisor"] and cancel_url not in pages["supervisor"]
    assert "已预约" in pages["supervisor"]


# --- API ----------------------------------------------------------------------------------------

def api(name, *args):
    return reverse(f"api:v1:consult:{name}", args=args)


API_EXPECTED = {"anonymous": 401, "the citizen": 200, "the lawyer": 200, "another citizen": 404,
                "another lawyer of the firm": 404, "firm administrator": 404, "county supervisor": 404,
                "other county supervisor": 404}


@pytest.mark.parametrize("who", list(API_EXPECTED))
def test_cancellation_api_permission_matrix(people, upcoming, who):
    client = client_for(people[who]())
    before = state(upcoming)

    read = client.get(api("booking", upcoming.pk))
    cancelled = client.post(api("booking-cancellation", upcoming.pk), {"reason": "临时有事"},
                            content_type="application/json")

    assert (read.status_code, cancelled.status_code) == (API_EXPECTED[who], API_EXPECTED[who])
    if API_EXPECTED[who] == 200:
        body = cancelled.json()
        assert (body["id"], body["status"], body["cancellation_reason"], body["meeting_url"], body["cancelled_by"]) == (
            upcoming.pk, "cancelled", "临时有事", None, "lawyer" if who == "the lawyer" else "citizen")
        assert read.json()["meeting_url"] == upcoming.meeting_url and read.json()["status"] == "booked"
    else:
        assert state(upcoming) == before


def test_cancellation_api_messages(upcoming, lawyer, citizen):
    before = state(upcoming)

    no_reason = client_for(lawyer.user).post(api("booking-cancellation", upcoming.pk), {},
                                             content_type="application/json")
    after_refusal = state(upcoming)
    first = client_for(citizen).post(api("booking-cancellation", upcoming.pk), {}, content_type="application/json")
    second = client_for(citizen).post(api("booking-cancellation", upcoming.pk), {}, content_type="application/json")

    assert no_reason.status_code == 400
    assert no_reason.json()["error"]["message"] == "请告诉群众取消的原因：对方将失去已预约的时段。"
    assert after_refusal == before
    assert (first.status_code, first.json()["cancelled_by"], first.json()["slot"]) == (200, "citizen", upcoming.slot_id)
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "consult.already_cancelled"
    assert second.json()["error"]["message"].startswith("这次通话已于")


def test_question_api_gives_the_link_to_the_parties_only_and_the_cancellation_to_all(lawyer, citizen, make_slot,
                                                                                    make_user, orgs, settings):
    settings.CONSULT_CONFERENCE_URL_TEMPLATE = MEET
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    kept = services.book_slot(make_slot(lawyer), acting_user=citizen, mode="video", question=question)
    supervisor = make_user(Role.SUPERVISOR, orgs["county"])

    as_citizen = client_for(citizen).get(api("question", question.pk)).json()["bookings"]
    as_supervisor = client_for(supervisor).get(api("question", question.pk)).json()["bookings"]
    services.cancel_booking(kept, acting_user=lawyer.user, reason="临时要出庭")
    after = client_for(supervisor).get(api("question", question.pk)).json()["bookings"]

    assert as_citizen[0]["meeting_url"] == kept.meeting_url and as_supervisor[0]["meeting_url"] is None
    assert (after[0]["status"], after[0]["cancelled_by"], after[0]["cancellation_reason"], after[0]["meeting_url"]) == (
        "cancelled", "lawyer", "临时要出庭", None)
