"""Objections to measures and alerts, answered by a deadline from the policy table."""
import datetime as dt

import pytest

from smartjustice.core.errors import NotFound
from smartjustice.correction import services
from smartjustice.correction.errors import StateConflict


@pytest.fixture
def warning(subject, officer):
    return services.impose_measure(subject, "warning", facts="2026年2月5日未按时报告。", acting_user=officer)


def test_an_objection_gets_an_answer_deadline_from_policy(subject, subject_user, warning):
    objection = services.file_objection(subject, acting_user=subject_user, measure=warning,
                                        explanation="当天在医院急诊，有病历为证。")

    assert objection.answer_due_on == dt.date(2026, 2, 20)


def test_upholding_withdraws_the_warning_and_the_ladder_forgets_it(subject, subject_user, officer, warning,
                                                                  administrator, org_tree):
    services.update_policy("escalation.warnings_before_revocation", 1, acting_user=administrator, org=org_tree["county"])
    assert services.suggest_next_measure(subject)[0] == "propose_revoke_probation"
    objection = services.file_objection(subject, acting_user=subject_user, measure=warning, explanation="当天在医院急诊。")

    services.answer_objection(objection, upheld=True, answer="经核实病历属实，撤销警告。", acting_user=officer)

    warning.refresh_from_db()
    assert warning.withdrawn is True
    assert services.suggest_next_measure(subject)[0] is None


def test_one_open_objection_per_target(subject, subject_user, warning):
    services.file_objection(subject, acting_user=subject_user, measure=warning, explanation="当天在医院急诊。")

    with pytest.raises(StateConflict):
        services.file_objection(subject, acting_user=subject_user, measure=warning, explanation="再次申辩。")


def test_nobody_else_can_object_for_the_subject(subject, warning, make_user):
    with pytest.raises(NotFound):
        services.file_objection(subject, acting_user=make_user(), measure=warning, explanation="代为申辩。")
