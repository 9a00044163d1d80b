"""Local policy tables: defaults labelled as local policy, edits audited and in effect at once."""
import datetime as dt

import pytest

from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.correction import policy, services
from smartjustice.correction.models import ClassificationLevel, PolicySetting

from .conftest import audit_count


def test_defaults_are_installed_and_labelled_as_local_policy(db):
    row = PolicySetting.objects.get(key="leave.max_days_per_trip")

    assert row.value == 30
    assert row.basis == "local policy (《社区矫正法实施办法》 not in corpus)"
    assert set(ClassificationLevel.objects.values_list("code", flat=True)) == {"strict", "ordinary", "lenient"}


def test_an_administrator_edit_is_audited_and_read_at_once(administrator, org_tree):
    services.update_policy("termination.remind_days_before", 45, acting_user=administrator, org=org_tree["county"])

    assert policy.setting("termination.remind_days_before") == 45
    assert audit_count("correction.policy.updated") == 1


def test_an_officer_cannot_edit_policy(officer, org_tree):
    with pytest.raises(NotFound):
        services.update_policy("leave.max_days_per_trip", 90, acting_user=officer, org=org_tree["wutong"])

    assert policy.setting("leave.max_days_per_trip") == 30
    assert audit_count("correction.policy.updated") == 0


def test_bad_policy_values_are_refused(administrator, org_tree):
    with pytest.raises(InvalidInput):
        services.update_policy("leave.max_days_per_trip", -1, acting_user=administrator, org=org_tree["county"])
    with pytest.raises(InvalidInput):
        services.update_policy("no.such.key", 1, acting_user=administrator, org=org_tree["county"])

    assert PolicySetting.objects.get(key="leave.max_days_per_trip").value == 30


def test_a_longer_reminder_window_takes_effect_on_the_next_sweep(subject, officer, administrator, org_tree, frozen):
    frozen.move_to(dt.datetime(2027, 12, 20, 9, 0, tzinfo=dt.UTC))  # 43 days before 2028-02-01
    assert services.send_termination_reminders(dt.date(2027, 12, 20)) == 0

    services.update_policy("termination.remind_days_before", 45, acting_user=administrator, org=org_tree["county"])

    assert services.send_termination_reminders(dt.date(2027, 12, 20)) == 1


def test_a_stricter_warning_threshold_changes_the_suggestion(subject, officer, administrator, org_tree):
    services.impose_measure(subject, "warning", facts="拒不报告。", acting_user=officer)
    assert services.suggest_next_measure(subject)[0] is None

    services.update_policy("escalation.warnings_before_revocation", 1, acting_user=administrator, org=org_tree["county"])

    assert services.suggest_next_measure(subject)[0] == "propose_revoke_probation"


def test_classification_frequencies_are_editable(administrator, org_tree):
    level = ClassificationLevel.objects.get(code="strict")

    services.update_classification_level(level, acting_user=administrator, org=org_tree["county"], report_every_days=3)

    assert ClassificationLevel.objects.get(code="strict").report_every_days == 3
    assert audit_count("correction.classification_level.updated") == 1
