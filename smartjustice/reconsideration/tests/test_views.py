"""Pages: the permission matrix of every endpoint (anonymous, outsider, wrong role, right
role), filing with draft and correction list, and the officer's allowed actions."""
import uuid

import pytest
from django.urls import reverse

from smartjustice.audit.models import AuditEntry
from smartjustice.reconsideration import services
from smartjustice.reconsideration.choices import Procedure, Status
from smartjustice.reconsideration.models import ReconsiderationCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def copied(submitted, people):
    case = services.accept_application(submitted, acting_user=people["officer"], procedure=Procedure.ORDINARY)
    return services.send_copy(case, acting_user=people["officer"])


def get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


# (url name, needs the case id, actor → expected status)
MATRIX = [
    ("reconsideration:case", True, {"applicant": 200, "other_applicant": 404, "officer": 404,
                                     "respondent_officer": 404}),
    ("reconsideration:receipt", True, {"applicant": 200, "other_applicant": 404, "officer": 404}),
    ("reconsideration:officer_case", True, {"officer": 200, "supervisor": 200, "other_officer": 404,
                                             "respondent_officer": 404, "applicant": 404}),
    ("reconsideration:respondent_case", True, {"respondent_officer": 200, "other_respondent_officer": 404,
                                                "officer": 404, "applicant": 404}),
    ("reconsideration:workbench", False, {"officer": 200, "supervisor": 200, "applicant": 403,
                                           "respondent_officer": 403}),
    ("reconsideration:respondent_list", False, {"respondent_officer": 200, "officer": 403, "applicant": 403}),
    ("reconsideration:statistics", False, {"officer": 200, "supervisor": 200, "applicant": 403,
                                            "respondent_officer": 403}),
    ("reconsideration:apply", False, {"applicant": 200, "officer": 200, "respondent_officer": 403,
                                       "lawyer": 403}),
]
CASES = [(name, with_id, actor, expected) for name, with_id, actors in MATRIX for actor, expected in actors.items()]


@pytest.mark.parametrize(("name", "with_id", "actor", "expected"), CASES,
                         ids=[f"{n.split(':')[1]}-{a}" for n, _w, a, _e in CASES])
def test_endpoint_matrix(client, copied, people, name, with_id, actor, expected):
    url = reverse(name, args=[copied.pk] if with_id else [])
    audits = AuditEntry.objects.count()

    response = get(client, people[actor], url)

    assert response.status_code == expected
    assert AuditEntry.objects.count() == audits


@pytest.mark.parametrize(("name", "with_id"), [(name, with_id) for name, with_id, _a in MATRIX])
def test_anonymous_is_sent_to_sign_in(client, copied, name, with_id):
    response = get(client, None, reverse(name, args=[copied.pk] if with_id else []))

    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_officer_post_of_a_move_not_allowed_now_is_refused(client, copied, people):
    client.force_login(people["officer"])
    before = ReconsiderationCase.objects.get(pk=copied.pk).status, AuditEntry.objects.count()

    response = client.post(reverse("reconsideration:officer_case", args=[copied.pk]),
                           {"action": "decide", "decide-decision_type": "revoke", "decide-summary": "x"})

    assert response.status_code == 403
    assert (ReconsiderationCase.objects.get(pk=copied.pk).status, AuditEntry.objects.count()) == before


def test_respondent_cannot_post_body_moves(client, copied, people):
    client.force_login(people["respondent_officer"])

    response = client.post(reverse("reconsideration:officer_case", args=[copied.pk]), {"action": "proceed"})

    assert response.status_code == 404
    assert ReconsiderationCase.objects.get(pk=copied.pk).status == Status.AWAITING_REPLY


def test_officer_page_offers_only_the_allowed_moves(client, submitted, people):
    client.force_login(people["officer"])

    response = client.get(reverse("reconsideration:officer_case", args=[submitted.pk]))

    names = [name for name, _action, _form in response.context["actions"]]
    assert names == ["request_correction", "accept", "not_accept", "withdraw", "assign"]


def _form(orgs, token, **extra):
    data = {"submission_token": str(token), "org": orgs["body"].pk, "respondent": orgs["respondent"].pk,
            "applicant_name": "张秀英", "applicant_phone": "13800000001", "remedy_notice_given": "yes",
            "act_type": "penalty"}
    data.update(extra)
    return data


def test_save_draft_then_submit_shows_the_correction_list(client, orgs, people, frozen):
    client.force_login(people["applicant"])
    token = uuid.uuid4()

    saved = client.post(reverse("reconsideration:apply"), {**_form(orgs, token), "action": "save"})
    case = ReconsiderationCase.objects.get(submission_token=token)
    assert saved.status_code == 302 and saved.url == reverse("reconsideration:apply_draft", args=[case.pk])

    response = client.post(saved.url, {**_form(orgs, token), "action": "submit"})

    assert response.status_code == 400
    assert [field for field, _m in response.context["missing"]] == [
        "act_description", "act_known_on", "requests", "facts_and_reasons"]
    case.refresh_from_db()
    assert (case.status, case.case_number) == (Status.DRAFT, None)


def test_double_submission_creates_one_case(client, orgs, people, frozen):
    client.force_login(people["applicant"])
    token = uuid.uuid4()
    data = {**_form(orgs, token, act_description="罚款200元", act_known_on="2026-02-01", requests="撤销",
                    facts_and_reasons="未违规"), "action": "submit"}

    first = client.post(reverse("reconsideration:apply"), data)
    second = client.post(reverse("reconsideration:apply"), data)

    case = ReconsiderationCase.objects.get()
    assert first.url == second.url == reverse("reconsideration:receipt", args=[case.pk])
    assert case.case_number == "桐复〔2026〕1号"


def test_a_resumed_draft_shows_its_dates_in_iso_form(client, draft, people):
    client.force_login(people["applicant"])

    response = client.get(reverse("reconsideration:apply_draft", args=[draft.pk]))

    assert 'name="act_known_on" value="2026-01-22"' in response.content.decode()


def test_receipt_carries_a_qr_code_of_the_tracking_address(client, copied, people):
    import segno

    response = get(client, people["applicant"], reverse("reconsideration:receipt", args=[copied.pk]))

    track_url = "http://testserver" + reverse("reconsideration:case", args=[copied.pk])
    expected = segno.make(track_url, error="m", micro=False).svg_inline(scale=4, border=4, svgclass="qr",
                                                                        title=f"扫码查看案件 {copied.case_number} 的办理进度")
    assert expected.replace("<svg ", '<svg role="img" ', 1) in response.content.decode()
