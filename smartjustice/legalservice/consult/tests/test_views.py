"""The consultation pages: ask, follow up, rate, hand to a lawyer, the lawyer's desk, statistics."""
import pytest
from django.test import Client
from django.urls import reverse

from smartjustice.legalservice.consult import services
from smartjustice.legalservice.consult.models import Conversation, LawyerQuestion, Message
from smartjustice.orgs.choices import Role

pytestmark = pytest.mark.django_db


def test_asking_shows_the_cited_article_with_the_match_marked_and_a_link(law_library):
    client = Client()

    response = client.post(reverse("consult:ask"), {"q": "用人单位不支付加班费怎么办"}, follow=True)

    page = response.content.decode()
    conversation = Conversation.objects.get()
    assert response.redirect_chain == [(conversation.get_absolute_url(), 302)]
    assert "<mark>加班费</mark>" in page
    assert "中华人民共和国劳动合同法第八十五条</a>" in page
    assert "2012-12-28 版" in page
    assert "劳动争议仲裁委员会" in page  # the next step for a labour question
    assert f'href="{reverse("consult:escalate", args=[conversation.pk])}"' in page
    # Offered services link where they exist: the calculators do; mediation has no app yet.
    assert f'href="{reverse("calculators:index")}"' in page
    assert "申请人民调解" not in page


def test_empty_question_shows_a_specific_message_and_writes_nothing(law_library):
    response = Client().post(reverse("consult:ask"), {"q": "  "})

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode() and "请输入问题。" in response.content.decode()
    assert Conversation.objects.count() == 0


def test_low_confidence_answer_says_so(law_library):
    response = Client().post(reverse("consult:ask"), {"q": "邻居家的树挡住了我家阳光"}, follow=True)

    assert "置信度低" in response.content.decode()


def test_follow_up_and_rating_on_the_page(law_library):
    client = Client()
    client.post(reverse("consult:ask"), {"q": "老公要离婚"})
    conversation = Conversation.objects.get()

    client.post(conversation.get_absolute_url(), {"q": "孩子归谁抚养"})
    answer = conversation.messages.filter(speaker="assistant").order_by("pk").last()
    client.post(reverse("consult:rate", args=[answer.pk]), {"helpful": "no"})

    assert conversation.messages.count() == 4
    answer.refresh_from_db()
    assert answer.rating is False


def test_another_visitor_cannot_open_or_rate_the_conversation(law_library):
    Client().post(reverse("consult:ask"), {"q": "公司拖欠工资"})
    conversation = Conversation.objects.get()
    answer = conversation.messages.get(speaker="assistant")
    stranger = Client()

    assert stranger.get(conversation.get_absolute_url()).status_code == 404
    assert stranger.post(reverse("consult:rate", args=[answer.pk]), {"helpful": "yes"}).status_code == 404
    answer.refresh_from_db()
    assert answer.rating is None


def test_handing_to_a_lawyer_is_prefilled_and_needs_sign_in(law_library, lawyer, citizen):
    client = Client()
    client.post(reverse("consult:ask"), {"q": "公司拖欠工资，加班不给钱"})
    conversation = Conversation.objects.get()
    escalate = reverse("consult:escalate", args=[conversation.pk])

    anonymous = client.get(escalate)
    client.force_login(citizen)
    form = client.get(escalate)
    sent = client.post(escalate, {"topic": "labour", "title": form.context["form"].initial["title"],
                                  "body": form.context["form"].initial["body"]})

    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    assert form.context["form"].initial["title"] == "公司拖欠工资，加班不给钱"
    question = LawyerQuestion.objects.get()
    assert sent["Location"] == question.get_absolute_url()
    assert question.lawyer == lawyer and question.owner == citizen


def test_lawyer_desk_lists_the_queue_and_is_404_for_others(lawyer, citizen):
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪三个月", body="老板欠薪")
    lawyer_client, citizen_client = Client(), Client()
    lawyer_client.force_login(lawyer.user)
    citizen_client.force_login(citizen)

    desk = lawyer_client.get(reverse("consult:lawyer-desk"))

    assert question.get_absolute_url() in desk.content.decode()
    assert citizen_client.get(reverse("consult:lawyer-desk")).status_code == 404


def test_lawyer_answers_and_citizen_rates_on_the_question_page(lawyer, citizen):
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪三个月", body="老板欠薪")
    lawyer_client, citizen_client = Client(), Client()
    lawyer_client.force_login(lawyer.user)
    citizen_client.force_login(citizen)

    lawyer_client.post(question.get_absolute_url(), {"action": "reply", "body": "请先申请劳动仲裁。"})
    citizen_client.post(question.get_absolute_url(), {"action": "rate", "rating": "5", "comment": ""})

    question.refresh_from_db()
    assert question.replies.get().body == "请先申请劳动仲裁。"
    assert (question.rating, question.status) == (5, "closed")


def test_statistics_page_is_for_the_bureau(lawyer, citizen, orgs, make_user):
    services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    supervisor, outsider = Client(), Client()
    supervisor.force_login(make_user(Role.SUPERVISOR, orgs["county"]))
    outsider.force_login(citizen)

    page = supervisor.get(reverse("consult:statistics"))

    assert page.status_code == 200 and page.context["stats"].total == 1
    assert outsider.get(reverse("consult:statistics")).status_code == 404
    assert Message.objects.count() == 0


def test_roster_lists_firm_licence_specialties_and_availability(lawyer, orgs, make_lawyer):
    resting = make_lawyer(orgs["firm"], specialties=["family"], real_name="李律师")
    services.set_availability(resting, is_available=False, acting_user=resting.user)

    page = Client().get(reverse("consult:lawyers")).content.decode()

    assert "王律师" in page and "李律师" in page
    assert lawyer.licence_number in page and "桐乡明理律师事务所" in page
    assert "劳动与工资" in page and "婚姻家庭继承" in page
    assert page.count("暂不接受咨询") == 1
