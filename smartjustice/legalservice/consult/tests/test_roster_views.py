"""The roster's pages and API: the lawyer's own entry and call times, the citizen roster with
filters and booking, the bureau's roster and suspension. Permission matrices per endpoint
(STYLE §3): each refusal is a 404 (or 401/login for anonymous) and changes nothing."""
import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from smartjustice.audit.models import AuditEntry
from smartjustice.core import clock
from smartjustice.legalservice.consult import roster, services
from smartjustice.legalservice.consult.models import Booking, ConsultationSlot
from smartjustice.orgs.choices import Role

pytestmark = pytest.mark.django_db


def api(name, *args):
    return reverse(f"api:v1:consult:{name}", args=args)


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def in_days(days: int, hour: int = 10) -> dt.datetime:
    moment = clock.now().astimezone(clock.LEGAL_TZ) + dt.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def entry_of(profile) -> tuple:
    profile.refresh_from_db()
    return profile.specialties, profile.languages, profile.bio, profile.is_available, profile.is_suspended


@pytest.fixture
def people(orgs, lawyer, citizen, make_user, make_lawyer, admin_of):
    """Everyone the matrices try, made on demand."""
    return {
        "anonymous": lambda: None,
        "the lawyer": lambda: lawyer.user,
        "another lawyer of the firm": lambda: make_lawyer(orgs["firm"]).user,
        "citizen": lambda: citizen,
        "firm administrator": lambda: admin_of(orgs["firm"]),
        "county supervisor": lambda: make_user(Role.SUPERVISOR, orgs["county"]),
        "county administrator": lambda: make_user(Role.ADMINISTRATOR, orgs["county"]),
        "other county supervisor": lambda: make_user(Role.SUPERVISOR, orgs["other_county"]),
    }


# --- the lawyer's own entry: page -------------------------------------------------------------

def test_profile_page_shows_firm_and_licence_read_only_and_saves_the_entry(lawyer):
    client = client_for(lawyer.user)
    page = client.get(reverse("consult:lawyer-profile"))

    saved = client.post(reverse("consult:lawyer-profile"), {
        "action": "profile", "specialties": ["family", "labour"], "languages": ["zh-hans", "wuu"],
        "bio": "执业十年，擅长劳动争议。"}, follow=True)

    html = page.content.decode()
    assert page.status_code == 200
    assert "桐乡明理律师事务所" in html and lawyer.licence_number in html
    assert 'name="licence_number"' not in html and 'name="org"' not in html
    assert entry_of(lawyer) == (["labour", "family"], ["zh-hans", "wuu"], "执业十年，擅长劳动争议。", False, False)
    assert "您的名册信息已保存。" in saved.content.decode()


def test_profile_page_refuses_a_bad_entry_in_chinese_and_changes_nothing(lawyer):
    before = entry_of(lawyer)

    response = client_for(lawyer.user).post(reverse("consult:lawyer-profile"), {
        "action": "profile", "languages": ["zh-hans"], "is_available": "on"})

    assert response.status_code == 400
    assert 'role="alert">请至少选择一个您承接的领域。</p>' in response.content.decode()
    assert entry_of(lawyer) == before


def test_profile_page_adds_a_time_and_refuses_an_overlap_in_chinese(lawyer):
    client = client_for(lawyer.user)
    starts = in_days(2)

    added = client.post(reverse("consult:lawyer-profile"), {
        "action": "add_slot", "starts_at": starts.strftime("%Y-%m-%dT%H:%M"), "minutes": "30"})
    overlapping = client.post(reverse("consult:lawyer-profile"), {
        "action": "add_slot", "starts_at": (starts + dt.timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M"),
        "minutes": "30"})

    assert added.status_code == 302
    assert ConsultationSlot.objects.get().starts_at == starts
    assert overlapping.status_code == 400
    assert f"该时段与您已开放的咨询时段 {starts:%Y-%m-%d} 10:00–10:30 重叠。" in overlapping.content.decode()
    assert ConsultationSlot.objects.count() == 1


def test_profile_page_refuses_a_time_in_the_past(lawyer):
    response = client_for(lawyer.user).post(reverse("consult:lawyer-profile"), {
        "action": "add_slot", "starts_at": in_days(-1).strftime("%Y-%m-%dT%H:%M"), "minutes": "30"})

    assert response.status_code == 400
    assert "请选择将来的时间。" in response.content.decode()
    assert ConsultationSlot.objects.count() == 0


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("citizen", 404), ("county supervisor", 404),
                                             ("firm administrator", 404)])
def test_profile_page_is_for_lawyers_only(people, who, status):
    client = client_for(people[who]())

    responses = [client.get(reverse("consult:lawyer-profile")),
                 client.post(reverse("consult:lawyer-profile"), {"action": "profile", "specialties": ["family"],
                                                                 "languages": ["en"]})]

    assert [response.status_code for response in responses] == [status, status]
    assert AuditEntry.objects.filter(action="consult.lawyer.profile_updated").count() == 0


@pytest.mark.parametrize(("who", "status"), [("the lawyer", 302), ("another lawyer of the firm", 404),
                                             ("citizen", 404), ("county supervisor", 404), ("anonymous", 302)])
def test_only_the_lawyer_withdraws_their_time_on_the_page(people, lawyer, make_slot, who, status):
    slot = make_slot(lawyer)

    response = client_for(people[who]()).post(reverse("consult:remove-slot", args=[slot.pk]))

    assert response.status_code == status
    assert ConsultationSlot.objects.filter(pk=slot.pk).exists() is (who != "the lawyer")


def test_withdrawing_a_booked_time_on_the_page_says_why(lawyer, citizen, make_slot):
    slot = make_slot(lawyer)
    services.book_slot(slot, acting_user=citizen, mode="audio", subject="欠薪")

    response = client_for(lawyer.user).post(reverse("consult:remove-slot", args=[slot.pk]), follow=True)

    assert "该时段已有群众预约，不能删除。" in response.content.decode()
    assert ConsultationSlot.objects.count() == 1


# --- the lawyer's own entry: API --------------------------------------------------------------

PROFILE_EXPECTED = {"anonymous": 401, "the lawyer": 200, "another lawyer of the firm": 404, "citizen": 404,
                    "firm administrator": 404, "county supervisor": 404, "other county supervisor": 404}


@pytest.mark.parametrize("who", list(PROFILE_EXPECTED))
def test_profile_api_permission_matrix(people, lawyer, who):
    client = client_for(people[who]())
    before = entry_of(lawyer)

    read = client.get(api("lawyer-profile", lawyer.pk))
    write = client.patch(api("lawyer-profile", lawyer.pk), {"specialties": ["family"], "accepting_questions": False},
                         content_type="application/json")

    assert (read.status_code, write.status_code) == (PROFILE_EXPECTED[who], PROFILE_EXPECTED[who])
    if who == "the lawyer":
        assert write.json()["specialties"] == ["family"] and write.json()["accepting_questions"] is False
        assert entry_of(lawyer) == (["family"], ["zh-hans"], "", False, False)
    else:
        assert entry_of(lawyer) == before
        assert AuditEntry.objects.filter(action="consult.lawyer.profile_updated").count() == 0


def test_profile_api_gives_the_specific_message_and_changes_nothing(lawyer):
    before = entry_of(lawyer)

    response = client_for(lawyer.user).patch(api("lawyer-profile", lawyer.pk), {"languages": ["klingon"]},
                                             content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "未知语言：klingon。"
    assert entry_of(lawyer) == before


@pytest.mark.parametrize(("who", "add_status", "delete_status"), [
    ("the lawyer", 201, 204), ("another lawyer of the firm", 404, 404), ("citizen", 404, 404),
    ("anonymous", 401, 401)])
def test_slot_api_permission_matrix(people, lawyer, make_slot, who, add_status, delete_status):
    client = client_for(people[who]())
    existing = make_slot(lawyer)

    added = client.post(api("slots", lawyer.pk), {"starts_at": in_days(3).isoformat(), "minutes": 60},
                        content_type="application/json")
    deleted = client.delete(api("slot", existing.pk))

    assert (added.status_code, deleted.status_code) == (add_status, delete_status)
    expected = [in_days(3)] if who == "the lawyer" else [existing.starts_at]
    assert [slot.starts_at for slot in ConsultationSlot.objects.all()] == expected


# --- the citizen roster -----------------------------------------------------------------------

def test_roster_filters_by_topic_language_and_availability(lawyer, orgs, make_lawyer, make_slot):
    family = make_lawyer(orgs["firm"], specialties=["family"], real_name="李律师")
    roster.update_profile(family, acting_user=family.user, specialties=["family"], languages=["wuu"],
                          bio="会讲桐乡话。", is_available=False)
    make_slot(family)
    url = reverse("consult:lawyers")

    by_topic = client_for().get(url, {"specialty": "family"}).content.decode()
    by_language = client_for().get(url, {"language": "wuu"}).content.decode()
    taking_questions = client_for().get(url, {"availability": "questions"}).content.decode()
    with_times = client_for().get(url, {"availability": "calls"}).content.decode()

    assert "李律师" in by_topic and "王律师" not in by_topic and "会讲桐乡话。" in by_topic
    assert "李律师" in by_language and "吴语（桐乡话）" in by_language and "王律师" not in by_language
    assert "王律师" in taking_questions and "李律师" not in taking_questions
    assert "李律师" in with_times and "王律师" not in with_times
    assert "1 位律师" in with_times


def test_roster_refuses_an_unknown_filter_with_a_message(lawyer):
    response = client_for().get(reverse("consult:lawyers"), {"specialty": "astrology"})

    assert response.status_code == 400
    assert "请从列表中选择领域。" in response.content.decode() and "王律师" in response.content.decode()


def test_roster_api_lists_free_times_and_filters(lawyer, orgs, make_lawyer, make_slot):
    slot = make_slot(lawyer)

    everyone = client_for().get(api("lawyers")).json()["results"]
    nobody = client_for().get(api("lawyers"), {"language": "en"}).json()["results"]
    bad = client_for().get(api("lawyers"), {"availability": "sometimes"})

    assert [(item["name"], [s["id"] for s in item["free_slots"]]) for item in everyone] == [("王律师", [slot.pk])]
    assert nobody == []
    assert bad.status_code == 400


def test_a_citizen_books_a_free_time_from_the_roster(lawyer, citizen, make_slot):
    slot = make_slot(lawyer)
    client = client_for(citizen)
    roster_page = client_for().get(reverse("consult:lawyers")).content.decode()

    booked = client.post(reverse("consult:book-slot", args=[slot.pk]), {"mode": "video", "subject": "工资被拖欠"},
                         follow=True)

    booking = Booking.objects.get()
    assert reverse("consult:book-slot", args=[slot.pk]) in roster_page
    assert booked.redirect_chain == [(reverse("consult:my-questions"), 302)]
    assert (booking.owner, booking.slot, booking.subject, booking.mode) == (citizen, slot, "工资被拖欠", "video")
    assert "我的通话" in booked.content.decode()
    assert reverse("consult:book-slot", args=[slot.pk]) not in client_for().get(reverse("consult:lawyers")).content.decode()


def test_booking_page_needs_sign_in_and_says_when_the_time_is_taken(lawyer, citizen, make_user, orgs, make_slot):
    slot = make_slot(lawyer)
    services.book_slot(slot, acting_user=make_user(Role.CITIZEN, orgs["county"]), mode="audio", subject="欠薪")

    anonymous = client_for().get(reverse("consult:book-slot", args=[slot.pk]))
    taken = client_for(citizen).post(reverse("consult:book-slot", args=[slot.pk]), {"mode": "audio", "subject": "我也要"})

    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    assert taken.status_code == 400 and "有人刚刚预约了这个时段，请另选一个。" in taken.content.decode()
    assert Booking.objects.count() == 1


def test_a_suspended_lawyers_time_is_not_found(lawyer, citizen, make_user, orgs, make_slot):
    slot = make_slot(lawyer)
    roster.suspend_lawyer(lawyer, acting_user=make_user(Role.SUPERVISOR, orgs["county"]), reason="暂停")

    response = client_for(citizen).post(reverse("consult:book-slot", args=[slot.pk]), {"mode": "audio",
                                                                                      "subject": "欠薪"})

    assert response.status_code == 404 and Booking.objects.count() == 0
    assert "王律师" not in client_for().get(reverse("consult:lawyers")).content.decode()


def test_slot_booking_api(lawyer, citizen, make_slot):
    slot = make_slot(lawyer)

    anonymous = client_for().post(api("slot-bookings", slot.pk), {"mode": "audio", "subject": "欠薪"},
                                  content_type="application/json")
    booked = client_for(citizen).post(api("slot-bookings", slot.pk), {"mode": "audio", "subject": "欠薪"},
                                      content_type="application/json")
    again = client_for(citizen).post(api("slot-bookings", slot.pk), {"mode": "audio", "subject": "欠薪"},
                                     content_type="application/json")

    assert (anonymous.status_code, booked.status_code, again.status_code) == (401, 201, 409)
    assert (booked.json()["slot"], booked.json()["subject"]) == (slot.pk, "欠薪")
    assert again.json()["error"]["code"] == "consult.slot_taken"


def test_question_page_books_one_of_the_lawyers_free_times(lawyer, citizen, make_slot):
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    slot = make_slot(lawyer)
    client = client_for(citizen)

    page = client.get(question.get_absolute_url()).content.decode()
    client.post(question.get_absolute_url(), {"action": "book", "slot": str(slot.pk), "mode": "audio"})

    assert f'<option value="{slot.pk}">' in page
    assert Booking.objects.get().question == question


# --- the bureau's roster ------------------------------------------------------------------

ROSTER_EXPECTED = {"anonymous": 302, "the lawyer": 404, "citizen": 404, "firm administrator": 200,
                   "county supervisor": 200, "county administrator": 200, "other county supervisor": 200}


@pytest.mark.parametrize("who", list(ROSTER_EXPECTED))
def test_bureau_roster_page_shows_only_the_readers_own_lawyers(people, lawyer, orgs, make_lawyer, who):
    make_lawyer(orgs["other_firm"], real_name="海宁律师")

    response = client_for(people[who]()).get(reverse("consult:roster"))

    assert response.status_code == ROSTER_EXPECTED[who]
    if response.status_code == 200:
        html = response.content.decode()
        assert ("王律师" in html, "海宁律师" in html) == ((False, True) if who == "other county supervisor"
                                                        else (True, False))
        may_suspend = who == "county supervisor"
        assert (reverse("consult:suspend-lawyer", args=[lawyer.pk]) in html) is may_suspend


def test_bureau_roster_api_has_the_figures(lawyer, citizen, people):
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    services.reply(question, acting_user=lawyer.user, body="答")
    services.rate_question(question, acting_user=citizen, stars=4)

    rows = client_for(people["county supervisor"]()).get(api("roster")).json()["results"]
    outsider = client_for(people["citizen"]()).get(api("roster"))

    assert [(row["name"], row["open_questions"], row["answered"], row["average_rating"], row["suspended"])
            for row in rows] == [("王律师", 0, 1, 4.0, False)]
    assert rows[0]["median_response_hours"] == 0.0
    assert outsider.status_code == 404


SUSPEND_EXPECTED = {"anonymous": 302, "the lawyer": 404, "citizen": 404, "firm administrator": 404,
                    "county administrator": 404, "other county supervisor": 404, "county supervisor": 302}


@pytest.mark.parametrize("who", list(SUSPEND_EXPECTED))
def test_suspension_page_permission_matrix(people, lawyer, who):
    response = client_for(people[who]()).post(reverse("consult:suspend-lawyer", args=[lawyer.pk]),
                                              {"reason": "多次超时未答复"})

    assert response.status_code == SUSPEND_EXPECTED[who]
    lawyer.refresh_from_db()
    assert lawyer.is_suspended is (who == "county supervisor")
    assert AuditEntry.objects.filter(action="consult.lawyer.suspended").count() == (1 if who == "county supervisor"
                                                                                    else 0)


def test_suspension_without_a_reason_says_so_and_changes_nothing(lawyer, people):
    response = client_for(people["county supervisor"]()).post(reverse("consult:suspend-lawyer", args=[lawyer.pk]),
                                                               {"reason": " "}, follow=True)

    lawyer.refresh_from_db()
    assert "请填写暂停的理由。" in response.content.decode()
    assert lawyer.is_suspended is False


def test_suspension_api_suspends_and_resumes(lawyer, people):
    supervisor = client_for(people["county supervisor"]())
    outsider = client_for(people["other county supervisor"]())

    refused = outsider.post(api("suspension", lawyer.pk), {"reason": "暂停"}, content_type="application/json")
    suspended = supervisor.post(api("suspension", lawyer.pk), {"reason": "暂停"}, content_type="application/json")
    resumed = supervisor.delete(api("suspension", lawyer.pk))

    assert (refused.status_code, suspended.status_code, resumed.status_code) == (404, 200, 200)
    assert (suspended.json()["suspended"], resumed.json()["suspended"]) == (True, False)
    assert [entry.action for entry in AuditEntry.objects.filter(action__startswith="consult.lawyer.s")
            .order_by("pk")] == ["consult.lawyer.suspended"]


def test_the_lawyer_sees_the_suspension_on_their_desk(lawyer, people):
    roster.suspend_lawyer(lawyer, acting_user=people["county supervisor"](), reason="核查投诉。")

    desk = client_for(lawyer.user).get(reverse("consult:lawyer-desk")).content.decode()

    assert "司法局已暂停向您分派咨询：核查投诉。" in desk


def test_workbench_links_to_the_desk_and_the_roster(lawyer, people):
    lawyer_tools = client_for(lawyer.user).get(reverse("web:workbench")).content.decode()
    bureau_tools = client_for(people["county supervisor"]()).get(reverse("web:workbench")).content.decode()

    assert reverse("consult:lawyer-desk") in lawyer_tools and reverse("consult:roster") not in lawyer_tools
    assert reverse("consult:roster") in bureau_tools and reverse("consult:lawyer-desk") not in bureau_tools
