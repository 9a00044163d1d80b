"""Change of execution place (变更执行地, 《社区矫正法》第二十七条第二款): the office refers a move to
another county, the county institution decides it with a numbered document and its notices, the
new county institution receives the file, which then moves with its history; the fences follow
the county. Every refusal leaves everything as it was."""
import datetime as dt
import uuid

import pytest
from django.utils import translation

from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.correction import fences, selectors, services
from smartjustice.correction.errors import (
    ReasonRequired,
    StateConflict,
    SubjectNotActive,
    TransferDeciderNotCounty,
    TransferWithinCounty,
)
from smartjustice.correction.models import (
    DailyMetric,
    ExecutionPlaceChange,
    Geofence,
    ResidenceChange,
)
from smartjustice.correction.services import transfers
from smartjustice.notifications.models import Notification
from smartjustice.orgs.choices import Kind, Level, Role
from smartjustice.orgs.models import Organisation

from . import factories
from .conftest import INSIDE, TONGXIANG, audit_count

D = dt.date
NEW_ADDRESS = "海宁市硖石街道新华路8号"
HAINING = [[30.30, 120.71], [30.30, 120.95], [30.49, 120.95], [30.49, 120.71]]
IN_HAINING = (30.40, 120.80)


@pytest.fixture(autouse=True)
def in_chinese():
    """Messages are asserted as the user reads them (zh-Hans, the default language)."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def receiving_officer(org_tree, make_user):
    """Staff of 海宁市司法局, the county institution of the new place."""
    return make_user(Role.CORRECTION_OFFICER, org_tree["other_county"], language="zh-hans")


def apply(subject, subject_user, **extra):
    return services.apply_for_residence_change(subject, acting_user=subject_user, new_address=NEW_ADDRESS,
                                               moving_on=D(2026, 3, 1), reason="在海宁找到工作", **extra)


@pytest.fixture
def referred(subject, subject_user, officer, org_tree):
    change = apply(subject, subject_user, destination_county=org_tree["other_county"])
    services.decide_residence_change(change, approve=True, acting_user=officer, note="同意迁居，报县局决定")
    return ExecutionPlaceChange.objects.get()


@pytest.fixture
def decided(referred, supervisor, receiving_officer):
    return transfers.decide_transfer(referred, acting_user=supervisor)


def accept(transfer, user, office, **extra):
    extra.setdefault("forwarded_on", D(2026, 2, 10))
    extra.setdefault("forwarded_to_procuratorate", True)
    extra.setdefault("forwarded_to_police", True)
    return transfers.accept_transfer(transfer, acting_user=user, office=office, **extra)


def state(subject):
    """Everything a refused step must leave as it was."""
    subject.refresh_from_db()
    return (subject.org_id, subject.residence_address, list(subject.assigned_officers.values_list("pk", flat=True)),
            list(ExecutionPlaceChange.objects.values_list("status", "to_office_id", "document_number")),
            list(ResidenceChange.objects.values_list("status", flat=True)), audit_count(), Notification.objects.count())


# The application and the office's decision --------------------------------------------------------

def test_a_person_may_name_the_county_they_move_to(subject, subject_user, org_tree):
    change = apply(subject, subject_user, destination_county=org_tree["other_county"])

    assert (change.status, change.destination_county_id) == ("submitted", org_tree["other_county"].pk)


@pytest.mark.parametrize("county, message", [
    ("county", "桐乡市司法局 就是您现在接受社区矫正的县（市、区）：县内迁居请不要选择迁往的县。"),
    ("other_township", "请从列表中选择迁往的县（市、区）。"),
])
def test_naming_the_own_county_or_an_office_is_refused(subject, subject_user, org_tree, county, message):
    before = audit_count()

    with pytest.raises(InvalidInput) as raised:
        apply(subject, subject_user, destination_county=org_tree[county])

    assert (str(raised.value), raised.value.field) == (message, "destination_county")
    assert ResidenceChange.objects.count() == 0 and audit_count() == before


def test_a_move_within_the_county_is_an_address_change_without_a_decision(subject, subject_user, officer, org_tree):
    change = apply(subject, subject_user)

    services.decide_residence_change(change, approve=True, acting_user=officer, receiving_org=org_tree["fengming"])

    subject.refresh_from_db()
    change.refresh_from_db()
    assert (change.status, subject.residence_address, subject.org_id) == ("approved", NEW_ADDRESS, org_tree["wutong"].pk)
    assert ExecutionPlaceChange.objects.count() == 0


def test_approving_a_move_to_another_county_refers_it_to_the_county_institution(referred, subject, officer, org_tree):
    change = referred.residence_change

    assert change.status == "referred"
    assert (referred.status, referred.org_id, referred.sending_county_id, referred.receiving_county_id,
            referred.proposed_office_id, referred.new_address, referred.office_opinion, referred.referred_by_id) == (
        "proposed", org_tree["wutong"].pk, org_tree["county"].pk, org_tree["other_county"].pk, None, NEW_ADDRESS,
        "同意迁居，报县局决定", officer.pk)
    subject.refresh_from_db()
    assert (subject.org_id, subject.residence_address) == (org_tree["wutong"].pk, "桐乡市梧桐街道庆丰路1号")
    assert audit_count("correction.residence.referred") == 1 and audit_count("correction.transfer.proposed") == 1


def test_the_officer_may_pick_the_receiving_office(subject, subject_user, officer, org_tree):
    change = apply(subject, subject_user)

    services.decide_residence_change(change, approve=True, acting_user=officer, receiving_org=org_tree["other_township"])

    transfer = ExecutionPlaceChange.objects.get()
    assert (transfer.receiving_county_id, transfer.proposed_office_id) == (org_tree["other_county"].pk,
                                                                           org_tree["other_township"].pk)


@pytest.mark.parametrize("kind, level, message", [
    (Kind.COURT, Level.COUNTY, "海宁市人民法院 既不是司法所，也不是县级社区矫正机构：请选择新执行地的司法所或县级司法局。"),
    (Kind.JUSTICE_BUREAU, Level.CITY, "海宁市人民法院 既不是司法所，也不是县级社区矫正机构：请选择新执行地的司法所或县级司法局。"),
])
def test_a_receiving_organisation_that_is_no_correction_institution_is_refused(subject, subject_user, officer, org_tree,
                                                                                 kind, level, message):
    court = Organisation.objects.create(code="hn-fy", name="海宁市人民法院", kind=kind, level=level,
                                        parent=org_tree["other_county"] if level == Level.COUNTY else org_tree["city"])
    change = apply(subject, subject_user)
    before = state(subject)

    with pytest.raises(InvalidInput) as raised:
        services.decide_residence_change(change, approve=True, acting_user=officer, receiving_org=court)

    assert (str(raised.value), raised.value.field) == (message, "receiving_org")
    assert state(subject) == before and ResidenceChange.objects.get().status == "submitted"


def test_an_inactive_receiving_office_is_refused(subject, subject_user, officer, org_tree):
    office = org_tree["other_township"]
    office.is_active = False
    office.save()
    change = apply(subject, subject_user)
    before = state(subject)

    with pytest.raises(InvalidInput) as raised:
        services.decide_residence_change(change, approve=True, acting_user=officer, receiving_org=office)

    assert str(raised.value) == "硖石司法所 已停用，请选择其他机构。"
    assert state(subject) == before


def test_no_new_application_while_the_file_is_being_transferred(decided, subject, subject_user):
    with pytest.raises(StateConflict) as raised:
        apply(subject, subject_user)

    assert str(raised.value) == "您的档案正在移交新执行地，请在新执行地接收后再向其提出申请。"


def test_no_new_application_while_one_is_referred(referred, subject, subject_user):
    with pytest.raises(StateConflict) as raised:
        apply(subject, subject_user)

    assert str(raised.value) == "您已有一份迁居申请正在等待审批。"


# The decision (变更执行地决定) --------------------------------------------------------------------------

def test_the_county_head_decides_with_a_numbered_document_notices_and_the_documents_copied(
        referred, subject, supervisor, receiving_officer, supervisor_other_county, officer, org_tree):
    services.impose_measure(subject, "admonition", facts="未按时报告", acting_user=officer)

    decided = transfers.decide_transfer(referred, acting_user=supervisor)

    assert (decided.status, decided.decided_by_id, decided.document_number) == ("decided", supervisor.pk, "tx-sfj〔2026〕变更1号")
    assert decided.decision_organ_notified == "桐乡市人民法院"
    assert decided.documents == [
        {"title": "刑事判决书（桐乡市人民法院）", "number": "（2026）浙0483刑初1号"},
        {"title": "社区矫正训诫决定书", "number": "tx-wutong〔2026〕训1号"},
        {"title": "社区矫正对象变更执行地决定书", "number": "tx-sfj〔2026〕变更1号"},
    ]
    assert decided.receiving_officers_notified == 2
    notices = Notification.objects.filter(kind="correction.transfer.incoming").order_by("recipient_id")
    assert [(n.recipient_id, n.org_id, n.link) for n in notices] == [
        (receiving_officer.pk, org_tree["other_county"].pk, f"/correction/transfers/{decided.pk}/accept/"),
        (supervisor_other_county.pk, org_tree["other_county"].pk, f"/correction/transfers/{decided.pk}/accept/")]
    assert notices[0].title == "变更执行地：测试对象（桐乡市司法局转入）待接收"
    assert notices[0].body == ("决定书 tx-sfj〔2026〕变更1号（《社区矫正法》第二十七条第二款）。请办理接收，确定负责执行的司法所，"
                               "并将法律文书转送所在地人民检察院、公安机关。")
    assert "tx-sfj〔2026〕变更1号" in decided.document_text and "社区矫正决定机关 桐乡市人民法院" in decided.document_text
    assert decided.residence_change.status == "approved"
    subject.refresh_from_db()
    assert (subject.org_id, subject.residence_address) == (org_tree["wutong"].pk, "桐乡市梧桐街道庆丰路1号")
    assert audit_count("correction.transfer.decided") == 1


def test_decisions_are_numbered_per_county_and_year(decided, supervisor, officer_fengming, org_tree, make_user):
    second_user = make_user(Role.CORRECTION_SUBJECT, org_tree["fengming"])
    second = services.record_report_in(services.register_subject(
        factories.probation_data(real_name="第二人"), org=org_tree["fengming"], acting_user=officer_fengming,
        user=second_user), acting_user=officer_fengming)
    change = apply(second, second_user, destination_county=org_tree["other_county"])
    services.decide_residence_change(change, approve=True, acting_user=officer_fengming)

    again = transfers.decide_transfer(ExecutionPlaceChange.objects.get(subject=second), acting_user=supervisor)

    assert (decided.document_number, again.document_number) == ("tx-sfj〔2026〕变更1号", "tx-sfj〔2026〕变更2号")


def test_the_decision_may_change_the_receiving_office(referred, supervisor, org_tree):
    decided = transfers.decide_transfer(referred, acting_user=supervisor, receiving_org=org_tree["other_township"])

    assert (decided.receiving_county_id, decided.proposed_office_id) == (org_tree["other_county"].pk,
                                                                         org_tree["other_township"].pk)
    assert "建议由硖石司法所负责日常管理" in decided.document_text


def test_a_decision_naming_an_office_of_the_same_county_is_refused(referred, subject, supervisor, org_tree):
    before = state(subject)

    with pytest.raises(TransferWithinCounty) as raised:
        transfers.decide_transfer(referred, acting_user=supervisor, receiving_org=org_tree["fengming"])

    assert str(raised.value) == "凤鸣司法所 在本县（市、区）范围内：县内迁居只是变更居住地址，由司法所审批，无需作出变更执行地决定。"
    assert state(subject) == before


@pytest.mark.parametrize("actor, error", [
    ("officer", NotFound), ("supervisor_other_county", NotFound), ("receiving_officer", NotFound),
    ("township_supervisor", TransferDeciderNotCounty),
])
def test_only_the_head_of_the_sending_county_institution_decides(referred, subject, request, actor, error):
    user = request.getfixturevalue(actor)
    before = state(subject)

    with pytest.raises(error):
        transfers.decide_transfer(referred, acting_user=user)

    assert state(subject) == before


def test_a_decision_cannot_be_issued_twice(decided, subject, supervisor):
    before = state(subject)

    with pytest.raises(StateConflict) as raised:
        transfers.decide_transfer(decided, acting_user=supervisor)

    assert str(raised.value) == "该变更执行地已作出决定。"
    assert state(subject) == before


def test_refusing_needs_a_reason_and_refuses_the_application(referred, subject, supervisor, org_tree):
    with pytest.raises(ReasonRequired):
        transfers.refuse_transfer(referred, acting_user=supervisor, note=" ")

    refused = transfers.refuse_transfer(referred, acting_user=supervisor, note="新住所无法核实")

    assert (refused.status, refused.document_number, refused.decision_note) == ("refused", None, "新住所无法核实")
    assert (refused.residence_change.status, refused.residence_change.decision_note) == ("rejected", "新住所无法核实")
    subject.refresh_from_db()
    assert subject.org_id == org_tree["wutong"].pk


# Receipt (接收) ------------------------------------------------------------------------------------

def test_receipt_moves_the_file_to_the_chosen_office_with_its_history_entry(
        decided, subject, receiving_officer, officer, supervisor, org_tree, django_capture_on_commit_callbacks):
    services.assign_officer(subject, officer, acting_user=officer)

    with django_capture_on_commit_callbacks(execute=True):
        done = accept(decided, receiving_officer, org_tree["other_township"], note="已转送海宁市人民检察院、海宁市公安局")

    subject.refresh_from_db()
    assert (subject.org_id, subject.residence_address) == (org_tree["other_township"].pk, NEW_ADDRESS)
    assert list(subject.assigned_officers.all()) == []
    assert (done.status, done.to_office_id, done.received_by_id, done.forwarded_on, done.forwarded_to_procuratorate,
            done.forwarded_to_police, done.forwarding_note) == (
        "accepted", org_tree["other_township"].pk, receiving_officer.pk, D(2026, 2, 10), True, True,
        "已转送海宁市人民检察院、海宁市公安局")
    from smartjustice.audit.models import AuditEntry

    entry = AuditEntry.objects.get(action="correction.subject.execution_place_changed")
    assert entry.changes == {"org": [org_tree["wutong"].pk, org_tree["other_township"].pk],
                             "office": ["梧桐司法所", "硖石司法所"],
                             "residence_address": ["桐乡市梧桐街道庆丰路1号", NEW_ADDRESS],
                             "assigned_officers": [[officer.pk], []]}
    assert entry.reason == "《社区矫正法》第二十七条第二款 tx-sfj〔2026〕变更1号"
    assert (entry.org_id, entry.actor_id) == (org_tree["other_township"].pk, receiving_officer.pk)
    assert DailyMetric.objects.get(metric="transfers.out").org_id == org_tree["wutong"].pk
    assert DailyMetric.objects.get(metric="transfers.in").org_id == org_tree["other_township"].pk
    received = Notification.objects.filter(kind="correction.transfer.received")
    assert sorted(received.values_list("recipient_id", flat=True)) == sorted([officer.pk, supervisor.pk])


def test_until_receipt_the_old_office_keeps_the_file(decided, subject, officer, officer_other_county):
    assert selectors.access_subject(officer, subject.pk).pk == subject.pk
    with pytest.raises(NotFound):
        selectors.access_subject(officer_other_county, subject.pk)


def test_after_receipt_the_old_office_loses_the_file_and_the_new_one_sees_its_history(
        decided, subject, subject_user, officer, officer_other_county, receiving_officer, org_tree):
    leave = services.apply_for_leave(subject, acting_user=subject_user, destination="杭州", starts_on=D(2026, 2, 12),
                                     ends_on=D(2026, 2, 13), reason="探亲")

    accept(decided, receiving_officer, org_tree["other_township"])

    with pytest.raises(NotFound):
        selectors.access_subject(officer, subject.pk)
    assert not selectors.subjects_for_user(officer).filter(pk=subject.pk).exists()
    assert selectors.access_subject(officer_other_county, subject.pk).pk == subject.pk
    assert selectors.access_leave(officer_other_county, leave.pk).pk == leave.pk
    with pytest.raises(NotFound):
        selectors.access_leave(officer, leave.pk)


@pytest.mark.parametrize("actor", ["officer", "supervisor", "officer_other_county", "officer_fengming"])
def test_receipt_by_anyone_but_the_receiving_institution_is_not_found(decided, subject, request, org_tree, actor):
    user = request.getfixturevalue(actor)
    before = state(subject)

    with pytest.raises(NotFound) as raised:
        accept(decided, user, org_tree["other_township"])

    assert str(raised.value) == "没有发给本机构的该编号变更执行地记录。"
    assert state(subject) == before


def test_a_city_supervisor_above_both_counties_does_not_receive(decided, subject, org_tree, make_user):
    city_head = make_user(Role.SUPERVISOR, org_tree["city"])
    before = state(subject)

    with pytest.raises(NotFound):
        accept(decided, city_head, org_tree["other_township"])

    assert state(subject) == before


def test_receiving_twice_is_a_conflict(decided, subject, receiving_officer, supervisor_other_county, org_tree):
    accept(decided, receiving_officer, org_tree["other_township"])
    before = state(subject)

    with pytest.raises(StateConflict) as raised:
        accept(ExecutionPlaceChange.objects.get(), supervisor_other_county, org_tree["other_township"])

    assert str(raised.value) == "该档案已于 2026-02-10 接收，现由硖石司法所执行。"
    assert state(subject) == before


def test_an_undecided_change_cannot_be_received(referred, subject, receiving_officer, org_tree):
    before = state(subject)

    with pytest.raises(StateConflict) as raised:
        accept(referred, receiving_officer, org_tree["other_township"])

    assert str(raised.value) == "县级社区矫正机构尚未作出变更决定，暂无可接收的档案。"
    assert state(subject) == before


@pytest.mark.parametrize("office, extra, field, message", [
    (None, {}, "office", "请选择负责执行的司法所。"),
    ("wutong", {}, "office", "梧桐司法所 不是海宁市司法局下属的在用司法所，请选择其下属司法所。"),
    ("other_county", {}, "office", "海宁市司法局 不是海宁市司法局下属的在用司法所，请选择其下属司法所。"),
    ("other_township", {"forwarded_to_police": False}, "forwarded",
     "须将法律文书转送所在地人民检察院和公安机关后方可完成接收（《社区矫正法》第二十七条第二款）。"),
    ("other_township", {"forwarded_to_procuratorate": False}, "forwarded",
     "须将法律文书转送所在地人民检察院和公安机关后方可完成接收（《社区矫正法》第二十七条第二款）。"),
    ("other_township", {"forwarded_on": None}, "forwarded_on", "请填写法律文书转送日期。"),
    ("other_township", {"forwarded_on": D(2026, 2, 11)}, "forwarded_on",
     "转送日期不能晚于今天。"),
    ("other_township", {"forwarded_on": D(2026, 2, 9)}, "forwarded_on",
     "转送日期不能早于 2026-02-10 作出的变更决定。"),
])
def test_an_incomplete_receipt_is_refused_and_changes_nothing(decided, subject, receiving_officer, org_tree, office,
                                                              extra, field, message):
    before = state(subject)

    with pytest.raises(InvalidInput) as raised:
        accept(decided, receiving_officer, org_tree[office] if office else None, **extra)

    assert (str(raised.value), raised.value.field) == (message, field)
    assert state(subject) == before


def test_a_file_that_left_correction_cannot_be_received(decided, subject, receiving_officer, officer, org_tree):
    services.terminate_subject(subject, "deceased", acting_user=officer)
    before = state(subject)

    with pytest.raises(SubjectNotActive):
        accept(decided, receiving_officer, org_tree["other_township"])

    assert state(subject) == before


# The fences follow the county ----------------------------------------------------------------------

def test_after_receipt_the_new_countys_fences_apply_and_no_cached_county_leaks(
        decided, subject, subject_user, receiving_officer, administrator, org_tree, officer,
        django_capture_on_commit_callbacks, make_user):
    province_admin = make_user(Role.ADMINISTRATOR, org_tree["city"])
    services.define_zone(kind="county", name="桐乡市", county=org_tree["county"], acting_user=administrator,
                         polygon=TONGXIANG)
    services.define_zone(kind="county", name="海宁市", county=org_tree["other_county"], acting_user=province_admin,
                         polygon=HAINING)
    services.add_prohibition_order(subject, document_number="（2026）浙0483刑初1号", starts_on=D(2026, 2, 2),
                                   ends_on=D(2026, 8, 1), acting_user=officer,
                                   areas=[{"name": "硖石某娱乐场所", "circle": {"lat": 30.45, "lon": 120.85, "radius_m": 300}}])
    # Both counties' fences are compiled (and cached) before the file moves.
    fences.for_county(org_tree["county"].pk)
    assert fences.for_county(org_tree["other_county"].pk).prohibited == {}
    before = services.submit_location_report(subject, acting_user=subject_user, latitude=IN_HAINING[0],
                                             longitude=IN_HAINING[1], client_id=str(uuid.uuid4()))

    with django_capture_on_commit_callbacks(execute=True):
        accept(decided, receiving_officer, org_tree["other_township"])
    subject.refresh_from_db()
    after = services.submit_location_report(subject, acting_user=subject_user, latitude=IN_HAINING[0],
                                            longitude=IN_HAINING[1], client_id=str(uuid.uuid4()))
    back_home = services.submit_location_report(subject, acting_user=subject_user, latitude=INSIDE[0],
                                                longitude=INSIDE[1], client_id=str(uuid.uuid4()))

    assert (before.inside_county, after.inside_county, back_home.inside_county) == (False, True, False)
    assert list(fences.for_county(org_tree["other_county"].pk).prohibited) == [subject.pk]
    assert set(Geofence.objects.filter(subject=subject).values_list("org_id", flat=True)) == {org_tree["other_township"].pk}
