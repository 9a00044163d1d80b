"""Smart consultation and lawyer consultation at the service level."""
import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from smartjustice.audit.models import AuditEntry
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.files.models import StoredFile
from smartjustice.legalservice.consult import errors, services
from smartjustice.legalservice.consult.choices import QuestionStatus, Speaker
from smartjustice.legalservice.consult.models import Booking, Conversation, LawyerQuestion, Message
from smartjustice.legalservice.consult.tasks import sweep_unanswered_questions
from smartjustice.notifications.models import Notification
from smartjustice.orgs.choices import Role
from smartjustice.statutes.errors import InvalidQuery

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_answer_cites_the_matching_article_with_version_link_and_marked_passage(law_library):
    session = {}

    reply = services.ask("公司拖欠工资，加班也不给加班费怎么办", session=session)

    first = reply.citations[0]
    assert first["citation"] == "中华人民共和国劳动合同法第八十五条"
    assert first["version"] == "2012-12-28"
    assert first["url"] == reverse("statutes:article", args=[first["url"].split("/")[2], "第八十五条"])
    assert ["加班费", True] in first["passages"]
    assert "".join(segment for segment, _ in first["passages"]).startswith("用人单位有下列情形之一的")
    assert reply.is_low_confidence is False
    assert reply.conversation.topic == "labour"
    assert reply.next_step == "labour"
    assert reply.offers == ["calculator", "mediation", "legal_aid", "lawyer"]
    assert session["consult_conversations"] == [reply.conversation_id]
    assert list(reply.conversation.messages.values_list("speaker", flat=True)) == [Speaker.CITIZEN, Speaker.ASSISTANT]


@pytest.mark.parametrize(("text", "message"), [
    ("   ", "Please type a question."),
    ("工" * 501, "The question is too long: at most 500 characters, please."),
])
def test_empty_or_overlong_question_is_refused_and_nothing_is_written(law_library, text, message):
    with translation.override("en"), pytest.raises(InvalidQuery) as raised:
        services.ask(text, session={})

    with translation.override("en"):
        assert str(raised.value) == message
    assert raised.value.field == "q"
    assert Conversation.objects.count() == 0 and Message.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="consult.").exists()


def test_follow_up_stays_in_the_conversation_and_is_searched_with_its_context(law_library):
    first = services.ask("老公要离婚，孩子怎么办", session={})

    follow_up = services.ask("那抚养呢", session={}, conversation=first.conversation)

    assert follow_up.conversation_id == first.conversation_id
    assert Message.objects.filter(conversation=first.conversation).count() == 4
    assert follow_up.citations[0]["citation"] == "中华人民共和国民法典第一千零八十四条"


def test_unrelated_question_is_low_confidence_and_offers_a_lawyer(law_library):
    reply = services.ask("邻居家的树挡住了我家阳光", session={})

    assert reply.is_low_confidence is True
    assert reply.next_step == "low"
    assert reply.offers[-2:] == ["legal_aid", "lawyer"]


def test_rating_an_answer_is_stored_and_audited_once_per_change(law_library):
    reply = services.ask("公司拖欠工资怎么办", session={})

    services.rate_answer(reply, helpful=True)
    services.rate_answer(reply, helpful=True)

    reply.refresh_from_db()
    assert reply.rating is True
    assert AuditEntry.objects.filter(action="consult.message.rated").count() == 1


def test_a_citizen_message_cannot_be_rated(law_library):
    reply = services.ask("公司拖欠工资怎么办", session={})
    question = reply.conversation.messages.get(speaker=Speaker.CITIZEN)

    with pytest.raises(NotFound):
        services.rate_answer(question, helpful=False)

    question.refresh_from_db()
    assert question.rating is None


class GroundedDrafter:
    def draft(self, question, articles):
        return f"根据《劳动合同法》{articles[0]['label']}，可以要求支付。"


class UngroundedDrafter:
    def draft(self, question, articles):
        return "根据《刑法》第二百零一条，可以报警。"


def test_drafted_answer_is_kept_only_when_it_cites_retrieved_articles(law_library, settings):
    settings.CONSULT_DRAFTER = f"{__name__}.GroundedDrafter"
    kept = services.ask("用人单位不支付加班费", session={})
    settings.CONSULT_DRAFTER = f"{__name__}.UngroundedDrafter"
    dropped = services.ask("用人单位不支付加班费", session={})

    assert kept.draft == "根据《劳动合同法》第八十五条，可以要求支付。"
    assert dropped.draft == ""


def test_without_a_configured_drafter_there_is_no_draft(law_library, settings):
    settings.CONSULT_DRAFTER = ""
    settings.CONSULT_GENERATION_URL = ""

    assert services.ask("公司拖欠工资和加班费", session={}).draft == ""


def test_escalation_turns_the_conversation_into_a_question_routed_by_topic(law_library, lawyer, citizen, orgs,
                                                                            make_lawyer):
    make_lawyer(orgs["firm"], specialties=["family"])
    reply = services.ask("公司拖欠工资，加班不给钱", session={})

    question = services.escalate_conversation(reply.conversation, acting_user=citizen)

    assert question.lawyer == lawyer
    assert question.org == orgs["firm"]
    assert question.topic == "labour"
    assert question.title == "公司拖欠工资，加班不给钱"
    assert question.body.startswith("公司拖欠工资，加班不给钱\n")
    assert "中华人民共和国劳动合同法第八十五条" in question.body
    reply.conversation.refresh_from_db()
    assert reply.conversation.owner == citizen and reply.conversation.lawyer_question == question
    assert Notification.objects.filter(recipient=lawyer.user, kind="consult.question.assigned").count() == 1


def test_anonymous_visitor_must_sign_in_to_escalate_and_nothing_is_written(law_library, lawyer):
    from django.contrib.auth.models import AnonymousUser

    reply = services.ask("公司拖欠工资", session={})

    with pytest.raises(errors.SignInRequired):
        services.escalate_conversation(reply.conversation, acting_user=AnonymousUser())

    assert LawyerQuestion.objects.count() == 0


def test_a_conversation_is_escalated_once(law_library, lawyer, citizen):
    reply = services.ask("公司拖欠工资", user=citizen)
    services.escalate_conversation(reply.conversation, acting_user=citizen)

    with pytest.raises(errors.AlreadyEscalated):
        services.escalate_conversation(reply.conversation, acting_user=citizen)

    assert LawyerQuestion.objects.count() == 1


def test_routing_skips_unavailable_lawyers_and_falls_back_to_the_legal_aid_centre(lawyer, citizen, orgs):
    services.set_availability(lawyer, is_available=False, acting_user=lawyer.user)

    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠我三个月工资")

    assert question.lawyer is None
    assert question.org == orgs["aid"]


def test_routing_prefers_the_specialist_with_fewer_open_questions(orgs, make_lawyer, citizen):
    busy = make_lawyer(orgs["firm"], specialties=["family"])
    free = make_lawyer(orgs["firm"], specialties=["family"])
    services.post_question(acting_user=citizen, topic="family", title="离婚", body="要离婚")

    second = services.post_question(acting_user=citizen, topic="family", title="抚养", body="孩子抚养")

    assert busy.questions.count() == 1 and second.lawyer == free


@pytest.mark.parametrize(("field", "title", "body", "message"), [
    ("title", "", "正文", "Please write your question."),
    ("body", "标题", "  ", "Please write your question."),
    ("body", "标题", "字" * 5001, "The text is too long: at most 5000 characters, please."),
])
def test_question_with_bad_text_is_refused_and_nothing_is_written(lawyer, citizen, field, title, body, message):
    with pytest.raises(InvalidInput) as raised:
        services.post_question(acting_user=citizen, topic="labour", title=title, body=body)

    with translation.override("en"):
        assert (raised.value.field, str(raised.value)) == (field, message)
    assert LawyerQuestion.objects.count() == 0


def test_attachments_are_stored_with_the_question_as_owner(lawyer, citizen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = SimpleUploadedFile("工资条.txt", "三月工资 0 元".encode(), content_type="text/plain")

    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="见工资条",
                                      files=[upload])

    stored = StoredFile.objects.get()
    assert stored.owner == question and stored.org == question.org and stored.original_name == "工资条.txt"


def test_the_assigned_lawyer_answers_and_the_question_is_answered(lawyer, citizen):
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")

    with time_machine.travel(START, tick=False):
        services.reply(question, acting_user=lawyer.user, body="可以向劳动监察投诉。")

    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.first_answered_at == START
    assert Notification.objects.filter(recipient=citizen, kind="consult.question.replied").count() == 1


def test_a_lawyer_of_another_firm_cannot_reply_and_nothing_changes(lawyer, citizen, orgs, make_lawyer):
    outsider = make_lawyer(orgs["other_firm"])
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    before = AuditEntry.objects.count()

    with pytest.raises(NotFound):
        services.reply(question, acting_user=outsider.user, body="我来回答")

    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN and question.replies.count() == 0
    assert AuditEntry.objects.count() == before


def test_another_lawyer_of_the_same_firm_is_not_the_assigned_lawyer(lawyer, citizen, orgs, make_lawyer):
    colleague = make_lawyer(orgs["firm"], specialties=[])
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")

    with pytest.raises(errors.NotAssignedLawyer):
        services.reply(question, acting_user=colleague.user, body="我来回答")

    assert question.replies.count() == 0


def test_rating_needs_an_answer_then_closes_the_question_once(lawyer, citizen):
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    with pytest.raises(errors.NothingToRate):
        services.rate_question(question, acting_user=citizen, stars=5)
    services.reply(question, acting_user=lawyer.user, body="可以申请仲裁。")

    services.rate_question(question, acting_user=citizen, stars=4, comment="清楚")

    question.refresh_from_db()
    assert (question.rating, question.rating_comment, question.status) == (4, "清楚", QuestionStatus.CLOSED)
    with pytest.raises(errors.AlreadyRated):
        services.rate_question(question, acting_user=citizen, stars=1)
    with pytest.raises(errors.QuestionClosed):
        services.reply(question, acting_user=lawyer.user, body="补充")


@pytest.mark.parametrize("stars", [0, 6, True])
def test_rating_outside_one_to_five_is_refused(lawyer, citizen, stars):
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")

    with pytest.raises(errors.InvalidRating):
        services.rate_question(question, acting_user=citizen, stars=stars)


def test_only_the_asker_may_rate(lawyer, citizen, make_user):
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    services.reply(question, acting_user=lawyer.user, body="可以申请仲裁。")

    with pytest.raises(NotFound):
        services.rate_question(question, acting_user=make_user(), stars=5)


def test_unanswered_question_warns_after_five_hours_and_escalates_after_the_limit_once(lawyer, citizen, orgs,
                                                                                       make_lawyer, settings):
    settings.CONSULT_WARN_AFTER_HOURS = 5
    settings.CONSULT_ESCALATE_AFTER_HOURS = 24
    aid_lawyer = make_lawyer(orgs["aid"], specialties=["labour"])
    with time_machine.travel(START, tick=False):
        question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")

    with time_machine.travel(START + dt.timedelta(hours=4, minutes=59), tick=False):
        early = sweep_unanswered_questions()
    with time_machine.travel(START + dt.timedelta(hours=5), tick=False):
        warned = sweep_unanswered_questions()
        again = sweep_unanswered_questions()
    with time_machine.travel(START + dt.timedelta(hours=24), tick=False):
        escalated = sweep_unanswered_questions()
        rerun = sweep_unanswered_questions()

    assert early == {"warned": 0, "escalated": 0, "failed": 0}
    assert warned == {"warned": 1, "escalated": 0, "failed": 0}
    assert again == rerun == {"warned": 0, "escalated": 0, "failed": 0}
    assert escalated == {"warned": 0, "escalated": 1, "failed": 0}
    question.refresh_from_db()
    assert question.warned_at == START + dt.timedelta(hours=5)
    assert question.escalated_at == START + dt.timedelta(hours=24)
    assert (question.org, question.lawyer) == (orgs["aid"], aid_lawyer)
    assert Notification.objects.filter(recipient=lawyer.user, kind="consult.question.overdue").count() == 1
    assert Notification.objects.filter(recipient=aid_lawyer.user, kind="consult.question.escalated").count() == 1
    assert AuditEntry.objects.filter(action="consult.question.escalated").count() == 1


def test_an_answered_question_is_neither_warned_nor_escalated(lawyer, citizen):
    with time_machine.travel(START, tick=False):
        question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
        services.reply(question, acting_user=lawyer.user, body="已收到")

    with time_machine.travel(START + dt.timedelta(days=3), tick=False):
        counts = sweep_unanswered_questions()

    question.refresh_from_db()
    assert counts == {"warned": 0, "escalated": 0, "failed": 0}
    assert question.warned_at is None and question.escalated_at is None


def test_booking_a_video_call_gets_a_meeting_link_from_the_template(lawyer, citizen, settings, make_slot):
    settings.CONSULT_CONFERENCE_URL_TEMPLATE = "https://meet.example.org/{room}"
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")

    with time_machine.travel(START, tick=False):
        slot = make_slot(lawyer, starts_at=START + dt.timedelta(days=1))
        booking = services.book_slot(slot, acting_user=citizen, mode="video", question=question)

    assert booking.meeting_url.startswith(f"https://meet.example.org/zx-{booking.pk}-")
    assert len(booking.meeting_url.rsplit("-", 1)[1]) == 20
    assert (booking.owner, booking.question, booking.slot, booking.starts_at, booking.minutes) == (
        citizen, question, slot, START + dt.timedelta(days=1), 30)
    assert Notification.objects.filter(recipient=lawyer.user, kind="consult.booking.created").count() == 1


def test_booking_a_time_that_has_begun_is_refused(lawyer, citizen, make_slot):
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    with time_machine.travel(START, tick=False):
        slot = make_slot(lawyer, starts_at=START + dt.timedelta(hours=1))

    with time_machine.travel(START + dt.timedelta(hours=1), tick=False), pytest.raises(errors.SlotPassed) as raised:
        services.book_slot(slot, acting_user=citizen, mode="audio", question=question)

    with translation.override("en"):
        assert str(raised.value) == "This time has already begun; please choose a later one."
    assert Booking.objects.count() == 0


def test_without_a_template_a_booking_has_no_link(lawyer, citizen, settings, make_slot):
    settings.CONSULT_CONFERENCE_URL_TEMPLATE = ""
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")

    with time_machine.travel(START, tick=False):
        booking = services.book_slot(make_slot(lawyer, starts_at=START + dt.timedelta(hours=2)), acting_user=citizen,
                                     mode="audio", question=question)

    assert booking.meeting_url == ""


def test_register_lawyer_checks_the_licence_number(orgs, make_user, admin_of):
    user = make_user("lawyer", orgs["firm"])

    with pytest.raises(InvalidInput) as raised:
        services.register_lawyer(user, org=orgs["firm"], licence_number="123", acting_user=admin_of(orgs["firm"]))

    assert raised.value.field == "licence_number"
    assert not hasattr(user, "lawyer_profile") or user.lawyer_profile is None


def test_sweep_command_prints_the_counts(lawyer, citizen):
    from io import StringIO

    from django.core.management import call_command

    with time_machine.travel(START, tick=False):
        services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    out = StringIO()

    with time_machine.travel(START + dt.timedelta(hours=6), tick=False):
        call_command("consult", "sweep", stdout=out)

    assert out.getvalue().strip() == '{"warned": 1, "escalated": 0, "failed": 0}'


def test_the_asker_withdraws_a_question_the_lawyer_is_told_and_the_thread_stays(lawyer, citizen):
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")

    services.withdraw_question(question, acting_user=citizen, reason="已和公司谈妥")

    question.refresh_from_db()
    assert question.status == QuestionStatus.CLOSED and question.rating is None and question.body == "老板欠薪"
    entry = AuditEntry.objects.get(action="consult.question.withdrawn")
    assert (entry.actor_id, entry.reason, entry.changes) == (citizen.pk, "已和公司谈妥",
                                                             {"status": [QuestionStatus.OPEN, QuestionStatus.CLOSED]})
    notice = Notification.objects.get(recipient=lawyer.user, kind="consult.question.withdrawn")
    assert (notice.title, notice.body) == ("咨询已撤回：欠薪", "已和公司谈妥")


def test_only_the_asker_withdraws_and_only_once(lawyer, citizen, make_user, org_tree):
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    stranger = make_user(Role.CITIZEN, org_tree["county"])

    for someone in (lawyer.user, stranger):
        with pytest.raises(NotFound):
            services.withdraw_question(question, acting_user=someone)
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN
    services.withdraw_question(question, acting_user=citizen)
    with pytest.raises(errors.QuestionClosed):
        services.withdraw_question(question, acting_user=citizen)
    with pytest.raises(errors.TextTooLong):
        services.withdraw_question(question, acting_user=citizen, reason="长" * 201)
    assert AuditEntry.objects.filter(action="consult.question.withdrawn").count() == 1


def test_the_question_page_withdraws_for_the_asker_and_is_not_found_for_another_citizen(client, lawyer, citizen,
                                                                                         make_user, org_tree):
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    url = reverse("consult:question", args=[question.pk])
    client.force_login(make_user(Role.CITIZEN, org_tree["county"]))
    assert client.post(url, {"action": "withdraw"}).status_code == 404

    client.force_login(citizen)
    response = client.post(url, {"action": "withdraw", "reason": ""}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert (response.status_code, response["Location"]) == (302, url)
    question.refresh_from_db()
    assert question.status == QuestionStatus.CLOSED
    assert "撤回咨询" not in client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
