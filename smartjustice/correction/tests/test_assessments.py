"""Questionnaires as data, scored into a band that suggests a classification level, which an
officer confirms or overrides with a reason (audited, through classify_subject)."""
import copy

import pytest

from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.correction import assessments, services
from smartjustice.correction.errors import ReasonRequired, StateConflict
from smartjustice.correction.models import Assessment, ClassificationChange, Questionnaire

from .conftest import audit_count


@pytest.fixture
def risk(db):
    return Questionnaire.objects.get(code="risk-basic")


def answers(*choices):
    return {f"r{i + 1}": choice for i, choice in enumerate(choices)}


def test_shipped_questionnaires_are_valid_definitions(db):
    for row in Questionnaire.objects.all():
        assessments.validate_definition(row.definition)
    assert set(Questionnaire.objects.values_list("code", flat=True)) == {"risk-basic", "mood-basic"}


def test_bands_with_a_hole_are_rejected():
    definition = copy.deepcopy(assessments.DEFAULT_QUESTIONNAIRES["risk-basic"][2])
    definition["bands"][1]["min"] = 5

    with pytest.raises(InvalidInput) as raised:
        assessments.validate_definition(definition)

    assert raised.value.field == "bands"


@pytest.mark.parametrize("choices, score, band, level", [
    ((0, 0, 0, 0, 0), 0, "低风险", "lenient"),
    ((2, 2, 0, 0, 0), 4, "中风险", "ordinary"),
    ((2, 2, 2, 1, 0), 7, "高风险", "strict"),
])
def test_answers_are_scored_into_a_band_and_a_suggested_level(subject, subject_user, risk, choices, score, band, level):
    row = services.take_assessment(subject, risk, answers(*choices), acting_user=subject_user)

    assert (row.score, row.band, row.suggested_level.code, row.status) == (score, band, level, "awaiting_review")


def test_an_unanswered_question_is_named_and_nothing_stored(subject, subject_user, risk):
    with pytest.raises(InvalidInput) as raised:
        services.take_assessment(subject, risk, {"r1": 0, "r2": 0, "r3": 0, "r4": 0}, acting_user=subject_user)

    assert raised.value.field == "r5"
    assert Assessment.objects.count() == 0


def test_an_option_out_of_range_is_refused(subject, subject_user, risk):
    with pytest.raises(InvalidInput) as raised:
        services.take_assessment(subject, risk, answers(0, 0, 0, 0, 3), acting_user=subject_user)
    assert raised.value.field == "r5"


def test_the_officer_confirms_the_suggestion_and_the_level_changes(subject, subject_user, officer, risk):
    row = services.take_assessment(subject, risk, answers(2, 2, 2, 1, 0), acting_user=subject_user)

    reviewed = services.review_assessment(row, acting_user=officer)

    subject.refresh_from_db()
    assert (reviewed.status, reviewed.confirmed_level.code, subject.classification.code) == ("confirmed", "strict", "strict")
    change = ClassificationChange.objects.get(subject=subject)
    assert change.reason == "再犯风险初评（本地量表）: 高风险 (7)"
    assert audit_count("correction.assessment.reviewed") == 1 and audit_count("correction.subject.classified") == 1


def test_overriding_needs_a_reason_and_changes_nothing_without_one(subject, subject_user, officer, risk):
    row = services.take_assessment(subject, risk, answers(2, 2, 2, 1, 0), acting_user=subject_user)
    level_before = subject.classification_id

    with pytest.raises(ReasonRequired):
        services.review_assessment(row, acting_user=officer, level_code="lenient")

    row.refresh_from_db()
    subject.refresh_from_db()
    assert (row.status, subject.classification_id) == ("awaiting_review", level_before)
    assert audit_count("correction.assessment.reviewed") == 0


def test_overriding_with_a_reason_is_recorded(subject, subject_user, officer, risk):
    row = services.take_assessment(subject, risk, answers(2, 2, 2, 1, 0), acting_user=subject_user)

    reviewed = services.review_assessment(row, acting_user=officer, level_code="lenient", note="已稳定就业，家属监督有力")

    subject.refresh_from_db()
    assert (reviewed.status, subject.classification.code) == ("overridden", "lenient")


def test_a_review_happens_once(subject, subject_user, officer, risk):
    row = services.take_assessment(subject, risk, answers(0, 0, 0, 0, 0), acting_user=subject_user)
    services.review_assessment(row, acting_user=officer)

    with pytest.raises(StateConflict):
        services.review_assessment(row, acting_user=officer)


def test_an_officer_of_another_office_cannot_review(subject, subject_user, officer_fengming, risk):
    row = services.take_assessment(subject, risk, answers(0, 0, 0, 0, 0), acting_user=subject_user)

    with pytest.raises(NotFound):
        services.review_assessment(row, acting_user=officer_fengming)

    row.refresh_from_db()
    assert row.status == "awaiting_review"
