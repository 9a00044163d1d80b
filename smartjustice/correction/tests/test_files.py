"""Intake, report-in, the people around the subject, plan, classification, prohibition orders,
release and termination reminders (services.files)."""
import datetime as dt

import pytest

from smartjustice.accounts import crypto
from smartjustice.audit.models import AuditEntry
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.correction import services
from smartjustice.correction.errors import DuplicateFile, GroupIncomplete, ProhibitionNotApplicable
from smartjustice.correction.models import Alert, Subject, TerminationReminder
from smartjustice.deadlines.models import Deadline
from smartjustice.notifications.models import Notification

from .conftest import audit_count
from .factories import make_id_number, register


def test_intake_stores_the_id_number_only_encrypted_and_computes_the_period(frozen, officer, org_tree):
    id_number = make_id_number("19850304")

    subject = register(officer, org_tree["wutong"], id_number=id_number)

    row = Subject.objects.get(pk=subject.pk)
    assert id_number not in row.id_number_ciphertext
    assert crypto.decrypt(row.id_number_ciphertext) == id_number
    assert row.id_number_masked == id_number[:4] + "*" * 10 + id_number[-4:]
    assert (row.correction_starts_on, row.correction_ends_on) == (dt.date(2026, 2, 2), dt.date(2028, 2, 1))
    assert row.period_citation == "《刑法》第七十三条第二款、第三款"
    assert row.birth_date == dt.date(1985, 3, 4)
    assert row.status == "awaiting_report"
    assert list(row.assigned_officers.all()) == [officer]


def test_intake_opens_the_report_in_deadline_ten_days_from_the_judgment(frozen, officer, org_tree):
    subject = register(officer, org_tree["wutong"])

    deadline = Deadline.objects.get(object_id=str(subject.pk), rule_id="correction.report_in")
    assert deadline.anchor_on == dt.date(2026, 2, 2)
    assert deadline.due_on == dt.date(2026, 2, 12)
    assert deadline.citation == "《社区矫正法》第二十一条第一款"
    assert audit_count("correction.subject.registered") == 1


def test_temporary_outside_has_no_report_in_deadline_and_starts_in_correction(frozen, officer, org_tree):
    subject = register(officer, org_tree["wutong"], subject_type="temporary_outside",
                       sentence_expires_on=dt.date(2026, 11, 30))

    assert subject.status == "in_correction"
    assert not Deadline.objects.filter(object_id=str(subject.pk)).exists()


def test_intake_by_an_officer_of_another_office_is_refused_and_writes_nothing(frozen, officer_fengming, org_tree):
    before = audit_count()

    with pytest.raises(NotFound):
        register(officer_fengming, org_tree["wutong"])

    assert Subject.objects.count() == 0
    assert audit_count() == before


def test_intake_with_a_bad_id_number_names_the_field(frozen, officer, org_tree):
    valid = make_id_number()
    wrong_check = valid[:17] + ("0" if valid[17] != "0" else "1")

    with pytest.raises(InvalidInput) as raised:
        register(officer, org_tree["wutong"], id_number=wrong_check)

    assert raised.value.code == "invalid_identity"
    assert Subject.objects.count() == 0


def test_a_second_open_file_for_the_same_person_is_refused(frozen, officer, org_tree):
    id_number = make_id_number()
    register(officer, org_tree["wutong"], id_number=id_number)

    with pytest.raises(DuplicateFile):
        register(officer, org_tree["wutong"], id_number=id_number)

    assert Subject.objects.count() == 1


def test_a_person_under_18_when_correction_starts_is_a_minor(frozen, officer, org_tree):
    subject = register(officer, org_tree["wutong"], id_number=make_id_number("20090301"))

    assert subject.is_minor is True


def test_reporting_in_on_time_meets_the_deadline(frozen, officer, org_tree):
    subject = register(officer, org_tree["wutong"])

    services.record_report_in(subject, acting_user=officer)

    subject.refresh_from_db()
    assert (subject.status, subject.is_late_report) == ("in_correction", False)
    assert Deadline.objects.get(object_id=str(subject.pk)).met_at is not None


def test_reporting_in_after_the_due_date_is_flagged_late(frozen, officer, org_tree):
    subject = register(officer, org_tree["wutong"])
    frozen.move_to(dt.datetime(2026, 2, 13, 9, 0, tzinfo=dt.UTC))

    services.record_report_in(subject, acting_user=officer)

    subject.refresh_from_db()
    assert subject.is_late_report is True


def test_the_daily_sweep_flags_a_missing_report_in_once_with_an_alert(frozen, officer, org_tree):
    subject = register(officer, org_tree["wutong"])

    assert services.flag_late_report_ins(dt.date(2026, 2, 12)) == []
    assert services.flag_late_report_ins(dt.date(2026, 2, 13)) == [subject.pk]
    assert services.flag_late_report_ins(dt.date(2026, 2, 14)) == []

    subject.refresh_from_db()
    assert subject.is_late_report is True
    assert list(Alert.objects.values_list("rule", flat=True)) == ["late_report_in"]


def test_a_female_subjects_group_needs_a_female_member(frozen, officer, org_tree):
    subject = register(officer, org_tree["wutong"], id_number=make_id_number(female=True))
    men = [{"name": "张三", "role": "judicial_office", "sex": "male"}]

    with pytest.raises(GroupIncomplete):
        services.set_correction_group(subject, men, acting_user=officer)
    assert subject.group_members.count() == 0

    services.set_correction_group(subject, men + [{"name": "李梅", "role": "volunteer", "sex": "female"}],
                                  acting_user=officer)
    assert subject.group_members.count() == 2


def test_a_minors_group_needs_someone_familiar_with_minors(frozen, officer, org_tree):
    subject = register(officer, org_tree["wutong"], id_number=make_id_number("20090301"))
    group = [{"name": "张三", "role": "judicial_office", "sex": "male"}]

    with pytest.raises(GroupIncomplete):
        services.set_correction_group(subject, group, acting_user=officer)

    group[0]["knows_minors"] = True
    assert len(services.set_correction_group(subject, group, acting_user=officer)) == 1


def test_a_minors_contacts_must_name_a_guardian(frozen, officer, org_tree):
    subject = register(officer, org_tree["wutong"], id_number=make_id_number("20090301"))

    with pytest.raises(InvalidInput):
        services.set_contacts(subject, [{"kind": "family", "name": "王芳", "relation": "姐姐"}], acting_user=officer)
    services.set_contacts(subject, [{"kind": "guardian", "name": "王强", "relation": "父亲"}], acting_user=officer)

    assert list(subject.contacts.values_list("kind", flat=True)) == ["guardian"]


def test_plans_are_versioned(subject, officer):
    services.adopt_plan(subject, "每周电话报告一次，每月参加集中教育。", acting_user=officer)
    plan = services.adopt_plan(subject, "调整为每两周电话报告一次，参加职业技能培训。", acting_user=officer)

    assert plan.version == 2
    assert audit_count("correction.plan.adopted") == 2


def test_classification_changes_keep_their_history(subject, officer):
    services.classify_subject(subject, "strict", reason="多次未按时报告", acting_user=officer)
    services.classify_subject(subject, "ordinary", reason="表现好转", acting_user=officer)

    subject.refresh_from_db()
    assert subject.classification.code == "ordinary"
    assert [(c.from_level.code, c.to_level.code) for c in subject.classification_history.order_by("id")] == [
        ("ordinary", "strict"), ("strict", "ordinary")]


def test_a_prohibition_order_is_refused_for_parole(frozen, officer, org_tree):
    subject = register(officer, org_tree["wutong"], subject_type="parole", parole_on=dt.date(2026, 2, 1),
                       sentence_expires_on=dt.date(2027, 1, 31))

    with pytest.raises(ProhibitionNotApplicable):
        services.add_prohibition_order(subject, document_number="X", starts_on=dt.date(2026, 2, 1),
                                       ends_on=dt.date(2026, 8, 1), activities="进入娱乐场所", acting_user=officer)

    assert subject.prohibition_orders.count() == 0


def test_a_prohibition_order_records_its_areas_as_geofences(subject, officer):
    order = services.add_prohibition_order(
        subject, document_number="（2026）浙0483刑初1号", starts_on=dt.date(2026, 2, 2), ends_on=dt.date(2027, 2, 1),
        persons="被害人王某", areas=[{"name": "被害人住所周边", "circle": {"lat": 30.63, "lon": 120.56, "radius_m": 300}}],
        acting_user=officer)

    fence = order.areas.get()
    assert (fence.kind, fence.shape, fence.subject_id) == ("prohibited", "circle", subject.pk)
    assert fence.min_lat < 30.63 < fence.max_lat


def test_release_before_the_end_date_is_refused(subject, officer):
    with pytest.raises(InvalidInput):
        services.release_subject(subject, acting_user=officer)

    subject.refresh_from_db()
    assert subject.status == "in_correction"
    assert subject.certificate_number == ""


def test_release_at_the_end_issues_a_certificate(subject, officer, frozen):
    frozen.move_to(dt.datetime(2028, 2, 1, 9, 0, tzinfo=dt.UTC))

    released = services.release_subject(subject, acting_user=officer)

    assert released.status == "released"
    assert released.certificate_number == "tx-wutong-2028-0001"
    assert AuditEntry.objects.filter(action="correction.subject.released").count() == 1


def test_termination_reminders_go_once_to_assigned_officers(subject, officer, frozen):
    frozen.move_to(dt.datetime(2028, 1, 1, 9, 0, tzinfo=dt.UTC))

    assert services.send_termination_reminders(dt.date(2028, 1, 1)) == 0  # 31 days before
    assert services.send_termination_reminders(dt.date(2028, 1, 2)) == 1
    assert services.send_termination_reminders(dt.date(2028, 1, 3)) == 0

    assert TerminationReminder.objects.filter(subject=subject, days_before=30).count() == 1
    assert Notification.objects.filter(recipient=officer, kind="correction.termination_due").count() == 1

