"""/api/v1/correction/transfers: the receiving county institution lists the changes of execution
place awaiting receipt, reads one (404 outside scope) and receives it through the same service
as the page, with the same messages; a refused request changes nothing."""
import datetime as dt

import pytest
from rest_framework.test import APIClient

from smartjustice.correction import services
from smartjustice.correction.models import ExecutionPlaceChange
from smartjustice.correction.services import transfers
from smartjustice.orgs.choices import Role

from .test_views_transfer import NEW_ADDRESS, state

API = "/api/v1/correction/transfers"


@pytest.fixture
def decided(subject, subject_user, officer, supervisor, org_tree):
    application = services.apply_for_residence_change(subject, acting_user=subject_user, new_address=NEW_ADDRESS,
                                                      moving_on=dt.date(2026, 3, 1), reason="在海宁找到工作",
                                                      destination_county=org_tree["other_county"])
    services.decide_residence_change(application, approve=True, acting_user=officer, note="同意")
    return transfers.decide_transfer(ExecutionPlaceChange.objects.get(), acting_user=supervisor)


@pytest.fixture
def receiving_officer(org_tree, make_user):
    return make_user(Role.CORRECTION_OFFICER, org_tree["other_county"])


def client_for(request, actor):
    client = APIClient()
    if actor != "anonymous":
        client.force_authenticate(request.getfixturevalue(actor))
    return client


def accept_body(org_tree, **overrides):
    body = {"office": org_tree["other_township"].pk, "forwarded_to_procuratorate": True, "forwarded_to_police": True,
            "forwarded_on": "2026-02-10", "note": "已转送"}
    body.update(overrides)
    return body


@pytest.mark.parametrize("actor, expected", [
    ("anonymous", 401), ("subject_user", 404), ("officer", 404), ("officer_other_county", 404),
    ("supervisor", 200), ("receiving_officer", 200), ("supervisor_other_county", 200),
])
def test_the_incoming_list_is_for_county_institution_staff(request, decided, actor, expected):
    response = client_for(request, actor).get(f"{API}/incoming")

    assert response.status_code == expected
    if actor in ("receiving_officer", "supervisor_other_county"):
        assert [row["id"] for row in response.json()["results"]] == [decided.pk]
        row = response.json()["results"][0]
        assert (row["status"], row["document_number"], row["new_address"]) == ("decided", "tx-sfj〔2026〕变更1号",
                                                                              NEW_ADDRESS)
    if actor == "supervisor":
        assert response.json() == {"results": []}


@pytest.mark.parametrize("actor, expected", [
    ("anonymous", 401), ("subject_user", 404), ("officer_fengming", 404), ("officer_other_county", 404),
    ("officer", 200), ("receiving_officer", 200), ("supervisor", 200),
])
def test_one_transfer_is_readable_in_scope_only(request, decided, actor, expected):
    response = client_for(request, actor).get(f"{API}/{decided.pk}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == expected
    if expected == 404:
        assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}
    if expected == 200:
        assert response.json()["id"] == decided.pk and response.json()["receiving_county"]["name"] == "海宁市司法局"


@pytest.mark.parametrize("actor, expected", [
    ("anonymous", 401), ("subject_user", 404), ("officer", 404), ("supervisor", 404), ("officer_other_county", 404),
    ("officer_fengming", 404),
])
def test_only_the_receiving_institution_receives(request, decided, subject, org_tree, actor, expected):
    before = state(subject)

    response = client_for(request, actor).post(f"{API}/{decided.pk}/accept", accept_body(org_tree), format="json")

    assert response.status_code == expected
    assert state(subject) == before


def test_the_receiving_institution_receives_the_file(request, decided, subject, org_tree):
    response = client_for(request, "receiving_officer").post(f"{API}/{decided.pk}/accept", accept_body(org_tree),
                                                             format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "已接收测试对象的档案，现由硖石司法所执行。"
    assert (body["transfer"]["status"], body["transfer"]["to_office"]["id"], body["transfer"]["forwarded_on"]) == (
        "accepted", org_tree["other_township"].pk, "2026-02-10")
    subject.refresh_from_db()
    assert subject.org_id == org_tree["other_township"].pk and subject.residence_address == NEW_ADDRESS


@pytest.mark.parametrize("overrides, field, message", [
    ({"forwarded_to_police": False}, "forwarded",
     "须将法律文书转送所在地人民检察院和公安机关后方可完成接收（《社区矫正法》第二十七条第二款）。"),
    ({"office": None}, "office", "请选择负责执行的司法所。"),
    ({"forwarded_on": None}, "forwarded_on", "请填写法律文书转送日期。"),
])
def test_an_incomplete_receipt_is_a_400_with_the_pages_message(request, decided, subject, org_tree, overrides, field,
                                                              message):
    before = state(subject)

    response = client_for(request, "receiving_officer").post(f"{API}/{decided.pk}/accept",
                                                             accept_body(org_tree, **overrides), format="json",
                                                             HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == message
    assert response.json()["error"]["fields"] == {field: [message]}
    assert state(subject) == before


def test_receiving_twice_is_a_409(request, decided, subject, org_tree):
    client = client_for(request, "receiving_officer")
    client.post(f"{API}/{decided.pk}/accept", accept_body(org_tree), format="json")
    before = state(subject)

    response = client.post(f"{API}/{decided.pk}/accept", accept_body(org_tree), format="json",
                           HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 409
    assert response.json()["error"]["message"] == "该档案已于 2026-02-10 接收，现由硖石司法所执行。"
    assert state(subject) == before
