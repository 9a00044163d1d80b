"""Pages of the change of execution place: who may open and post each one (anonymous, another
office, the wrong county, the wrong role, the right actor), what each answer says, and that a
refused request changes nothing."""
import datetime as dt

import pytest

from smartjustice.correction import services
from smartjustice.correction.models import ExecutionPlaceChange, ResidenceChange
from smartjustice.correction.services import transfers
from smartjustice.notifications.models import Notification
from smartjustice.orgs.choices import Role

from . import factories
from .conftest import audit_count

D = dt.date
NEW_ADDRESS = "海宁市硖石街道新华路8号"


@pytest.fixture
def receiving_officer(org_tree, make_user):
    """Staff of 海宁市司法局, the county institution of the new place."""
    return make_user(Role.CORRECTION_OFFICER, org_tree["other_county"])


@pytest.fixture
def application(subject, subject_user, org_tree):
    return services.apply_for_residence_change(subject, acting_user=subject_user, new_address=NEW_ADDRESS,
                                               moving_on=D(2026, 3, 1), reason="在海宁找到工作",
                                               destination_county=org_tree["other_county"])


@pytest.fixture
def referred(application, officer):
    services.decide_residence_change(application, approve=True, acting_user=officer, note="同意")
    return ExecutionPlaceChange.objects.get()


@pytest.fixture
def decided(referred, supervisor, receiving_officer):
    return transfers.decide_transfer(referred, acting_user=supervisor)


def state(subject):
    subject.refresh_from_db()
    return (subject.org_id, subject.residence_address,
            list(ExecutionPlaceChange.objects.values_list("status", "to_office_id", "document_number")),
            list(ResidenceChange.objects.values_list("status", flat=True)),
            audit_count() - audit_count("correction.subject.read") - audit_count("correction.transfer.read"),
            Notification.objects.count())


def as_user(client, request, actor):
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    return client


def accept_data(org_tree, **overrides):
    data = {"office": org_tree["other_township"].pk, "forwarded_to_procuratorate": "on", "forwarded_to_police": "on",
            "forwarded_on": "2026-02-10", "note": "已转送"}
    data.update(overrides)
    return data


# The office's decision on the application ---------------------------------------------------------

@pytest.mark.parametrize("actor, expected", [
    ("anonymous", 302), ("subject_user", 404), ("officer_fengming", 404), ("officer_other_county", 404),
    ("supervisor", 404), ("officer", 200),
])
def test_the_application_page_opens_for_the_office_only(client, request, application, actor, expected):
    response = as_user(client, request, actor).get(f"/correction/residence/{application.pk}/decide/")

    assert response.status_code == expected


def test_the_office_refers_a_move_to_another_office_of_another_county(client, officer, application, org_tree, subject):
    client.force_login(officer)

    response = client.post(f"/correction/residence/{application.pk}/decide/",
                           {"approve": "yes", "receiving_org": org_tree["other_township"].pk, "note": "同意"})

    assert response.status_code == 302 and response["Location"] == "/correction/"
    transfer = ExecutionPlaceChange.objects.get()
    assert (transfer.status, transfer.receiving_county_id, transfer.proposed_office_id) == (
        "proposed", org_tree["other_county"].pk, org_tree["other_township"].pk)
    assert client.get("/correction/").content.decode().count("已同意迁往外县，并报县级社区矫正机构作出变更执行地决定。") == 1


def test_a_wrong_receiving_organisation_is_a_400_with_its_message(client, officer, application, subject, org_tree):
    client.force_login(officer)
    before = state(subject)

    response = client.post(f"/correction/residence/{application.pk}/decide/",
                           {"approve": "yes", "receiving_org": org_tree["city"].pk})

    assert response.status_code == 400
    assert "嘉兴市司法局 既不是司法所，也不是县级社区矫正机构：请选择新执行地的司法所或县级司法局。" in response.content.decode()
    assert state(subject) == before


def test_posting_on_a_referred_application_is_a_409(client, officer, referred, subject):
    client.force_login(officer)
    before = state(subject)

    response = client.post(f"/correction/residence/{referred.residence_change_id}/decide/", {"approve": "no", "note": "x"})

    assert response.status_code == 409 and "该申请已审批。" in response.content.decode()
    assert state(subject) == before


# The decision ------------------------------------------------------------------------------------

@pytest.mark.parametrize("actor, expected, has_form", [
    ("anonymous", 302, False), ("subject_user", 404, False), ("officer_fengming", 404, False),
    ("officer_other_county", 404, False), ("supervisor_other_county", 200, False), ("receiving_officer", 200, False),
    ("officer", 200, False), ("township_supervisor", 200, False), ("supervisor", 200, True),
])
def test_the_transfer_page_shows_the_decision_form_to_the_county_head_only(client, request, referred, actor, expected,
                                                                          has_form):
    response = as_user(client, request, actor).get(f"/correction/transfers/{referred.pk}/")

    assert response.status_code == expected
    assert ('name="decision"' in response.content.decode()) is has_form


@pytest.mark.parametrize("actor, expected", [
    ("anonymous", 302), ("officer", 404), ("officer_fengming", 404), ("receiving_officer", 404),
    ("supervisor_other_county", 404), ("township_supervisor", 409),
])
def test_only_the_county_head_may_decide(client, request, referred, subject, actor, expected):
    before = state(subject)

    response = as_user(client, request, actor).post(f"/correction/transfers/{referred.pk}/", {"decision": "issue"})

    assert response.status_code == expected
    if expected == 409:
        assert "变更执行地由执行地县级社区矫正机构作出决定（《社区矫正法》第二十七条第二款）。" in response.content.decode()
    assert state(subject) == before


def test_the_county_head_issues_the_decision(client, supervisor, referred, receiving_officer):
    client.force_login(supervisor)

    response = client.post(f"/correction/transfers/{referred.pk}/", {"decision": "issue", "receiving_org": ""})

    assert response.status_code == 302 and response["Location"] == f"/correction/transfers/{referred.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "已作出决定 tx-sfj〔2026〕变更1号，并已通知海宁市司法局。" in page
    assert "社区矫正对象变更执行地决定书" in page and "刑事判决书（桐乡市人民法院） （2026）浙0483刑初1号" in page
    assert Notification.objects.filter(recipient=receiving_officer, kind="correction.transfer.incoming").count() == 1


def test_refusing_without_a_reason_is_a_400(client, supervisor, referred, subject):
    client.force_login(supervisor)
    before = state(subject)

    response = client.post(f"/correction/transfers/{referred.pk}/", {"decision": "refuse", "note": ""})

    assert response.status_code == 400 and "请写明事实和理由。" in response.content.decode()
    assert state(subject) == before


# The incoming list and the receipt -----------------------------------------------------------------

@pytest.mark.parametrize("actor, expected", [
    ("anonymous", 302), ("officer", 404), ("officer_other_county", 404), ("supervisor", 200),
    ("receiving_officer", 200), ("supervisor_other_county", 200),
])
def test_the_incoming_list_is_for_county_institution_staff(client, request, decided, actor, expected):
    response = as_user(client, request, actor).get("/correction/transfers/incoming/")

    assert response.status_code == expected
    if actor in ("receiving_officer", "supervisor_other_county"):
        assert f'id="incoming-{decided.pk}"' in response.content.decode()
    if actor == "supervisor":
        assert f'id="incoming-{decided.pk}"' not in response.content.decode()


def test_the_incoming_list_costs_the_same_queries_for_one_file_or_two(client, decided, receiving_officer, org_tree,
                                                                     officer_fengming, supervisor, make_user,
                                                                     django_assert_num_queries):
    client.force_login(receiving_officer)
    client.get("/correction/transfers/incoming/")  # the session and the user are loaded once
    with django_assert_num_queries(7):
        client.get("/correction/transfers/incoming/")
    second_user = make_user(Role.CORRECTION_SUBJECT, org_tree["fengming"])
    second = services.record_report_in(services.register_subject(
        factories.probation_data(real_name="第二人"), org=org_tree["fengming"], acting_user=officer_fengming,
        user=second_user), acting_user=officer_fengming)
    change = services.apply_for_residence_change(second, acting_user=second_user, new_address=NEW_ADDRESS,
                                                 moving_on=D(2026, 3, 1), reason="随家人迁居",
                                                 destination_county=org_tree["other_county"])
    services.decide_residence_change(change, approve=True, acting_user=officer_fengming)
    transfers.decide_transfer(ExecutionPlaceChange.objects.get(subject=second), acting_user=supervisor)

    with django_assert_num_queries(7):
        page = client.get("/correction/transfers/incoming/").content.decode()

    assert page.count('id="incoming-') == 2


@pytest.mark.parametrize("actor, expected", [
    ("anonymous", 302), ("subject_user", 404), ("officer", 404), ("supervisor", 404), ("officer_other_county", 404),
    ("officer_fengming", 404), ("receiving_officer", 302),
])
def test_only_the_receiving_institution_receives(client, request, decided, subject, org_tree, actor, expected):
    before = state(subject)

    response = as_user(client, request, actor).post(f"/correction/transfers/{decided.pk}/accept/", accept_data(org_tree))

    assert response.status_code == expected
    if actor == "receiving_officer":
        assert response["Location"] == "/correction/transfers/incoming/"
        subject.refresh_from_db()
        assert subject.org_id == org_tree["other_township"].pk
    else:
        assert state(subject) == before


def test_the_accept_form_offers_the_offices_under_the_receiving_county(client, decided, receiving_officer, org_tree):
    client.force_login(receiving_officer)

    page = client.get(f"/correction/transfers/{decided.pk}/accept/").content.decode()

    assert f'<option value="{org_tree["other_township"].pk}">硖石司法所</option>' in page
    assert "梧桐司法所</option>" not in page and "tx-sfj〔2026〕变更1号" in page


def test_receiving_twice_is_a_409_with_its_message(client, decided, receiving_officer, supervisor_other_county, subject,
                                                   org_tree):
    client.force_login(receiving_officer)
    client.post(f"/correction/transfers/{decided.pk}/accept/", accept_data(org_tree))
    before = state(subject)
    client.force_login(supervisor_other_county)

    response = client.post(f"/correction/transfers/{decided.pk}/accept/", accept_data(org_tree))

    assert response.status_code == 409
    assert "该档案已于 2026-02-10 接收，现由硖石司法所执行。" in response.content.decode()
    assert state(subject) == before


@pytest.mark.parametrize("overrides, message", [
    ({"forwarded_to_police": ""}, "须将法律文书转送所在地人民检察院和公安机关后方可完成接收（《社区矫正法》第二十七条第二款）。"),
    ({"office": ""}, "请选择负责执行的司法所。"),
    ({"forwarded_on": ""}, "请填写法律文书转送日期。"),
])
def test_an_incomplete_receipt_is_a_400_and_changes_nothing(client, decided, receiving_officer, subject, org_tree,
                                                            overrides, message):
    client.force_login(receiving_officer)
    before = state(subject)

    response = client.post(f"/correction/transfers/{decided.pk}/accept/", accept_data(org_tree, **overrides))

    assert response.status_code == 400 and message in response.content.decode()
    assert state(subject) == before


def test_after_receipt_the_old_office_gets_404_and_the_new_one_sees_the_history(
        client, decided, receiving_officer, officer, officer_other_county, subject, org_tree):
    client.force_login(receiving_officer)
    client.post(f"/correction/transfers/{decided.pk}/accept/", accept_data(org_tree))

    client.force_login(officer)
    old = client.get(f"/correction/subjects/{subject.pk}/")
    old_transfer = client.get(f"/correction/transfers/{decided.pk}/")
    client.force_login(officer_other_county)
    new = client.get(f"/correction/subjects/{subject.pk}/")

    assert (old.status_code, old_transfer.status_code, new.status_code) == (404, 404, 200)
    page = new.content.decode()
    assert 'id="execution-place"' in page and "梧桐司法所 → 硖石司法所 · 已接收" in page
    assert "tx-sfj〔2026〕变更1号" in page


def test_the_subject_sees_the_transfer_on_the_residence_page(client, decided, subject_user):
    client.force_login(subject_user)

    page = client.get("/correction/me/residence/").content.decode()

    assert "变更执行地: 已决定，待接收 · tx-sfj〔2026〕变更1号" in page
    assert "请按海宁市司法局的要求报到" in page
