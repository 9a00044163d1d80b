"""/api/v1/reconsideration/: list and detail scoped to the user, filing with an idempotency
token, procedural steps through the same services, and the permission matrix of the steps
(anonymous, another organisation, wrong role, right role; a refusal changes nothing)."""
import uuid

import pytest
from rest_framework.test import APIClient

from smartjustice.audit.models import AuditEntry
from smartjustice.reconsideration import services
from smartjustice.reconsideration.choices import Procedure, Status
from smartjustice.reconsideration.models import ReconsiderationCase

from .factories import COMPLETE, complete_draft

pytestmark = pytest.mark.django_db
BASE = "/api/v1/reconsideration"


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.logout()
    if user is not None:
        api.force_authenticate(user)
    return api


def snapshot(case):
    case.refresh_from_db()
    return case.status, case.updated_at, AuditEntry.objects.count()


def filing(orgs, token, **extra):
    data = {key: str(value) for key, value in COMPLETE.items()}
    return {**data, "remedy_notice_given": True, "submission_token": str(token), "org": orgs["body"].pk,
            "respondent": orgs["respondent"].pk, **extra}


def test_filing_twice_with_one_token_creates_one_case(api, orgs, people, frozen):
    token = uuid.uuid4()
    as_user(api, people["applicant"])

    first = api.post(f"{BASE}/cases", filing(orgs, token, submit=True), format="json")
    second = api.post(f"{BASE}/cases", filing(orgs, token, submit=True), format="json")

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["case_number"] == second.json()["case_number"] == "桐复〔2026〕1号"
    assert ReconsiderationCase.objects.count() == 1
    assert AuditEntry.objects.filter(action="reconsideration.case.submitted").count() == 1


def test_incomplete_filing_lists_every_missing_item_and_keeps_the_draft(api, orgs, people, frozen):
    as_user(api, people["applicant"])

    response = api.post(f"{BASE}/cases", filing(orgs, uuid.uuid4(), requests="", facts_and_reasons="",
                                                 submit=True), format="json")

    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "reconsideration.incomplete"
    assert body["fields"] == {"requests": ["请写明您请求行政复议机构做什么。"],
                              "facts_and_reasons": ["请写明主要事实和理由。"]}
    assert ReconsiderationCase.objects.get().status == Status.DRAFT


def test_filing_against_an_organisation_that_is_not_an_agency_is_refused(api, orgs, people, frozen):
    as_user(api, people["applicant"])

    response = api.post(f"{BASE}/cases", filing(orgs, uuid.uuid4(), respondent=orgs["body"].pk), format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["respondent"]
    assert not ReconsiderationCase.objects.exists()


def test_list_shows_only_the_users_cases_with_a_fixed_number_of_queries(
        api, orgs, people, frozen, django_assert_num_queries):
    for _ in range(3):
        services.submit_application(complete_draft(orgs, people["applicant"]), acting_user=people["applicant"])
    services.submit_application(complete_draft(orgs, people["other_applicant"]),
                                acting_user=people["other_applicant"])
    as_user(api, people["applicant"])
    api.get(f"{BASE}/cases")  # warm the session and content-type caches

    with django_assert_num_queries(1):
        mine = api.get(f"{BASE}/cases").json()["results"]
    as_user(api, people["respondent_officer"])
    respondent = api.get(f"{BASE}/cases").json()["results"]
    as_user(api, people["officer"])
    body = api.get(f"{BASE}/cases").json()["results"]

    assert [case["case_number"] for case in mine] == ["桐复〔2026〕3号", "桐复〔2026〕2号", "桐复〔2026〕1号"]
    assert respondent == []  # no copy sent yet
    assert len(body) == 4


def test_detail_is_404_for_a_missing_case_and_for_one_out_of_scope_alike(api, submitted, people):
    as_user(api, people["other_applicant"])

    out_of_scope = api.get(f"{BASE}/cases/{submitted.pk}")
    missing = api.get(f"{BASE}/cases/999999")

    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.json() == missing.json()


def test_detail_shows_deadlines_and_the_steps_offered_to_the_user(api, submitted, people):
    as_user(api, people["officer"])

    body = api.get(f"{BASE}/cases/{submitted.pk}").json()

    assert body["deadlines"][0]["rule_id"] == "reconsideration.accept_review"
    assert body["deadlines"][0]["due_on"] == "2026-02-24"
    assert "accept" in body["steps"] and "extend" not in body["steps"] and "reply" not in body["steps"]


@pytest.fixture
def copied(submitted, people):
    case = services.accept_application(submitted, acting_user=people["officer"], procedure=Procedure.ORDINARY)
    return services.send_copy(case, acting_user=people["officer"])


# step, payload, the case fixture it acts on, actor → expected status
MATRIX = [
    ("accept", {"procedure": "ordinary"}, "submitted",
     {None: 401, "other_officer": 404, "respondent_officer": 404, "applicant": 403, "supervisor": 403,
      "officer": 200}),
    ("reply", {"text": "处罚事实清楚。"}, "copied",
     {None: 401, "other_respondent_officer": 404, "other_officer": 404, "applicant": 403, "officer": 403,
      "respondent_officer": 200}),
    ("extend", {"days": 30, "reason": "案情复杂"}, "copied",
     {None: 401, "other_officer": 404, "respondent_officer": 403, "officer": 403, "supervisor": 200}),
    ("request-correction", {"items": ["请提交决定书复印件"]}, "submitted",
     {None: 401, "other_officer": 404, "applicant": 403, "officer": 200}),
]


@pytest.mark.parametrize("step, payload, fixture, actor, expected",
                         [(step, payload, fixture, actor, expected) for step, payload, fixture, matrix in MATRIX
                          for actor, expected in matrix.items()])
def test_step_permission_matrix(api, people, request, frozen, step, payload, fixture, actor, expected):
    case = request.getfixturevalue(fixture)
    before = snapshot(case)

    response = as_user(api, people.get(actor)).post(f"{BASE}/cases/{case.pk}/{step}", payload, format="json")

    assert response.status_code == expected, response.content
    if expected == 200:
        assert response.json()["id"] == case.pk
        assert snapshot(case) != before
    else:
        assert "error" in response.json()
        assert snapshot(case) == before


def test_a_step_the_law_does_not_allow_now_is_409_and_changes_nothing(api, submitted, people):
    before = snapshot(submitted)

    response = as_user(api, people["officer"]).post(f"{BASE}/cases/{submitted.pk}/decide",
                                                     {"decision_type": "revoke", "summary": "理由"}, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "reconsideration.illegal_transition"
    assert snapshot(submitted) == before


def test_a_bad_shape_is_400_and_changes_nothing(api, submitted, people):
    before = snapshot(submitted)

    response = as_user(api, people["officer"]).post(f"{BASE}/cases/{submitted.pk}/accept", {"procedure": "fast"},
                                                     format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["procedure"]
    assert snapshot(submitted) == before


def test_steps_through_the_api_reach_a_decision(api, copied, people, frozen):
    as_user(api, people["respondent_officer"]).post(f"{BASE}/cases/{copied.pk}/reply", {"text": "答复"},
                                                    format="json")

    response = as_user(api, people["officer"]).post(f"{BASE}/cases/{copied.pk}/decide",
                                                     {"decision_type": "revoke", "summary": "主要事实不清。"},
                                                     format="json")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decision_type"]) == ("decided", "revoke")
