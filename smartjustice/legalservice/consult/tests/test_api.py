"""The consultation API contract and its permission matrix (STYLE §3: anonymous, another
organisation, wrong role, right role; each refusal leaves nothing changed)."""
import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from smartjustice.audit.models import AuditEntry
from smartjustice.legalservice.consult import services
from smartjustice.legalservice.consult.models import Conversation, LawyerQuestion, Reply
from smartjustice.orgs.choices import Role

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"api:v1:consult:{name}", args=args)


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_ask_answers_anonymously_with_citations_next_step_and_offers(law_library):
    response = client_for().post(url("ask"), {"question": "用人单位不支付加班费怎么办"}, content_type="application/json")

    assert response.status_code == 201
    body = response.json()
    assert body["citations"][0]["citation"] == "中华人民共和国劳动合同法第八十五条"
    assert body["citations"][0]["version"] == "2012-12-28"
    assert ["加班费", True] in body["citations"][0]["passages"]
    assert body["low_confidence"] is False
    assert [offer["key"] for offer in body["offers"]] == ["calculator", "mediation", "legal_aid", "lawyer"]
    assert body["offers"][-1]["url"] == reverse("consult:ask-lawyer")
    assert body["draft"] is None and body["rating"] is None


@pytest.mark.parametrize(("question", "message"), [
    ("", "Please type a question."),
    ("问" * 501, "The question is too long: at most 500 characters, please."),
])
def test_ask_refuses_empty_and_overlong_questions_with_specific_messages(law_library, question, message):
    with translation.override("en"):
        response = client_for().post(url("ask"), {"question": question}, content_type="application/json",
                                     headers={"accept-language": "en"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "statutes.invalid_query"
    assert response.json()["error"]["message"] == message
    assert Conversation.objects.count() == 0


def test_follow_up_works_in_the_same_session_and_is_404_from_another(law_library):
    visitor = client_for()
    first = visitor.post(url("ask"), {"question": "老公要离婚"}, content_type="application/json").json()

    same = visitor.post(url("ask"), {"question": "孩子抚养怎么办", "conversation": first["conversation"]},
                        content_type="application/json")
    other = client_for().post(url("ask"), {"question": "孩子抚养怎么办", "conversation": first["conversation"]},
                              content_type="application/json")

    assert same.status_code == 201 and same.json()["conversation"] == first["conversation"]
    assert other.status_code == 404
    assert Conversation.objects.get().messages.count() == 4


def test_rating_an_answer_from_another_session_is_404_and_changes_nothing(law_library):
    visitor = client_for()
    answer = visitor.post(url("ask"), {"question": "公司拖欠工资"}, content_type="application/json").json()

    stranger = client_for().post(url("rate-answer", answer["message"]), {"helpful": False},
                                 content_type="application/json")
    own = visitor.post(url("rate-answer", answer["message"]), {"helpful": True}, content_type="application/json")

    assert stranger.status_code == 404
    assert own.status_code == 200 and own.json() == {"message": answer["message"], "rating": True}
    assert AuditEntry.objects.filter(action="consult.message.rated").count() == 1


def test_escalating_keeps_the_conversation_for_a_visitor_who_signs_in(law_library, lawyer, citizen):
    visitor = client_for()
    answer = visitor.post(url("ask"), {"question": "公司拖欠工资，加班不给钱"}, content_type="application/json").json()
    visitor.force_login(citizen)

    response = visitor.post(url("escalate", answer["conversation"]), {}, content_type="application/json")

    assert response.status_code == 201
    question = LawyerQuestion.objects.get()
    assert response.json()["id"] == question.pk and question.owner == citizen and question.lawyer == lawyer
    assert question.title == "公司拖欠工资，加班不给钱"


def test_escalating_anonymously_is_refused(law_library, lawyer):
    visitor = client_for()
    answer = visitor.post(url("ask"), {"question": "公司拖欠工资"}, content_type="application/json").json()

    response = visitor.post(url("escalate", answer["conversation"]), {}, content_type="application/json")

    assert response.status_code == 401
    assert LawyerQuestion.objects.count() == 0


@pytest.fixture
def posted(lawyer, citizen):
    return services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪三个月")


def actor(name, *, orgs, lawyer, citizen, make_user, make_lawyer):
    return {
        "anonymous": lambda: None,
        "asker": lambda: citizen,
        "another citizen": lambda: make_user(Role.CITIZEN, orgs["county"]),
        "assigned lawyer": lambda: lawyer.user,
        "lawyer of another firm": lambda: make_lawyer(orgs["other_firm"]).user,
        "county supervisor": lambda: make_user(Role.SUPERVISOR, orgs["county"]),
        "other county supervisor": lambda: make_user(Role.SUPERVISOR, orgs["other_county"]),
        "mediator of the county": lambda: make_user(Role.MEDIATOR, orgs["county"]),
    }[name]()


VIEW_EXPECTED = {"anonymous": 401, "asker": 200, "another citizen": 404, "assigned lawyer": 200,
                 "lawyer of another firm": 404, "county supervisor": 200, "other county supervisor": 404,
                 "mediator of the county": 404}
REPLY_EXPECTED = {"anonymous": 401, "asker": 201, "another citizen": 404, "assigned lawyer": 201,
                  "lawyer of another firm": 404, "county supervisor": 404, "other county supervisor": 404,
                  "mediator of the county": 404}


@pytest.mark.parametrize("who", list(VIEW_EXPECTED))
def test_question_detail_permission_matrix(posted, who, orgs, lawyer, citizen, make_user, make_lawyer):
    user = actor(who, orgs=orgs, lawyer=lawyer, citizen=citizen, make_user=make_user, make_lawyer=make_lawyer)

    response = client_for(user).get(url("question", posted.pk))

    assert response.status_code == VIEW_EXPECTED[who]
    if response.status_code == 200:
        assert response.json()["body"] == "老板欠薪三个月" and response.json()["replies"] == []


@pytest.mark.parametrize("who", list(REPLY_EXPECTED))
def test_reply_permission_matrix_and_nothing_changes_when_refused(posted, who, orgs, lawyer, citizen, make_user,
                                                                  make_lawyer):
    user = actor(who, orgs=orgs, lawyer=lawyer, citizen=citizen, make_user=make_user, make_lawyer=make_lawyer)
    audit_before = AuditEntry.objects.count()

    response = client_for(user).post(url("replies", posted.pk), {"body": "可以申请劳动仲裁。"},
                                     content_type="application/json")

    assert response.status_code == REPLY_EXPECTED[who]
    if response.status_code == 201:
        assert Reply.objects.get().body == "可以申请劳动仲裁。"
    else:
        assert Reply.objects.count() == 0 and AuditEntry.objects.count() == audit_before
        posted.refresh_from_db()
        assert posted.status == "open"


def test_lawyer_queue_lists_the_assigned_open_question(posted, lawyer):
    response = client_for(lawyer.user).get(url("questions") + "?queue=1")

    assert [item["id"] for item in response.json()["results"]] == [posted.pk]


def test_rating_through_the_api_closes_the_question(posted, lawyer, citizen):
    services.reply(posted, acting_user=lawyer.user, body="可以申请劳动仲裁。")

    response = client_for(citizen).post(url("rate-question", posted.pk), {"rating": 5}, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["rating"] == 5 and response.json()["status"] == "closed"


def test_rating_before_an_answer_is_a_conflict(posted, citizen):
    response = client_for(citizen).post(url("rate-question", posted.pk), {"rating": 5}, content_type="application/json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "consult.nothing_to_rate"
    posted.refresh_from_db()
    assert posted.rating is None


def test_the_asker_withdraws_through_the_api_and_nobody_else_can(posted, citizen, lawyer):
    refused = client_for(lawyer.user).post(url("withdraw-question", posted.pk), {}, content_type="application/json")
    posted.refresh_from_db()
    assert (refused.status_code, posted.status) == (404, "open")

    response = client_for(citizen).post(url("withdraw-question", posted.pk), {"reason": "已解决"},
                                        content_type="application/json")
    again = client_for(citizen).post(url("withdraw-question", posted.pk), {}, content_type="application/json")

    assert (response.status_code, response.json()["status"]) == (200, "closed")
    assert (again.status_code, again.json()["error"]["code"]) == (409, "consult.question_closed")


def test_booking_through_the_api(posted, citizen, lawyer, settings, make_slot):
    settings.CONSULT_CONFERENCE_URL_TEMPLATE = "https://meet.example.org/{room}"
    slot = make_slot(lawyer)

    response = client_for(citizen).post(url("bookings", posted.pk), {"slot": slot.pk, "mode": "video"},
                                        content_type="application/json")

    assert response.status_code == 201
    assert response.json()["meeting_url"].startswith("https://meet.example.org/zx-")
    assert (response.json()["slot"], response.json()["question"]) == (slot.pk, posted.pk)
    assert dt.datetime.fromisoformat(response.json()["starts_at"]) == slot.starts_at


@pytest.mark.parametrize(("who", "status"), [("county supervisor", 200), ("other county supervisor", 200),
                                             ("asker", 404), ("assigned lawyer", 404)])
def test_statistics_for_the_bureau_only_count_its_own_organisations(posted, who, status, orgs, lawyer, citizen,
                                                                    make_user, make_lawyer):
    user = actor(who, orgs=orgs, lawyer=lawyer, citizen=citizen, make_user=make_user, make_lawyer=make_lawyer)

    response = client_for(user).get(url("statistics"))

    assert response.status_code == status
    if status == 200:
        expected_total = 1 if who == "county supervisor" else 0
        assert response.json()["total"] == expected_total
