"""Assessments (心理测评, 风险评估): a subject (or an officer with them) completes a questionnaire
defined as data; the band suggests a classification level; an officer confirms the
suggestion or chooses another level with a reason. The change of level itself goes through
files.classify_subject, so the classification history and its audit stay in one place."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.orgs.permissions import can

from .. import assessments
from ..choices import AssessmentStatus
from ..errors import ReasonRequired, StateConflict
from ..models import Assessment, ClassificationLevel, Questionnaire, Subject
from ._common import require
from .files import classify_subject
from .supervision import SELF, _active

__all__ = ["take_assessment", "review_assessment"]


def take_assessment(subject: Subject, questionnaire: Questionnaire, answers: dict, *, acting_user) -> Assessment:
    """Score a completed questionnaire. The subject answers on the phone, or an officer of the
    file (or a supervisor above the office) enters the answers given in an interview. Every question must be answered with one of
    its options (InvalidInput naming the question otherwise, nothing stored). The row and its
    audit entry record who entered the answers."""
    if not (can(acting_user, SELF, subject) or can(acting_user, "correction.assessment.enter", subject)):
        raise NotFound()
    _active(subject)
    if not questionnaire.is_active:
        raise NotFound()
    if not isinstance(answers, dict):
        raise InvalidInput(_("Please answer every question."))
    total = assessments.score(questionnaire.definition, answers)
    band = assessments.band_for(questionnaire.definition, total)
    level = ClassificationLevel.objects.filter(code=band.get("level") or "", is_active=True).first()
    with transaction.atomic():
        row = Assessment.objects.create(subject=subject, org_id=subject.org_id, questionnaire=questionnaire,
                                        answers={key: int(value) for key, value in answers.items()}, score=total,
                                        band=band["label"][:60], suggested_level=level, taken_at=clock.now(),
                                        entered_by=acting_user)
        audit.record("correction.assessment.taken", actor=acting_user, obj=row, org=subject.org,
                     changes={"questionnaire": [None, questionnaire.code], "score": [None, total],
                              "band": [None, row.band], "suggested_level": [None, level.code if level else None],
                              "entered_by": [None, acting_user.pk],
                              "entered_by_officer": [None, row.entered_by_officer]})
    return row


def review_assessment(assessment: Assessment, *, acting_user, level_code: str | None = None,
                      note: str = "") -> Assessment:
    """An officer confirms the suggested level (level_code empty or equal to it) or chooses
    another one, which needs a reason. The subject's level changes through classify_subject
    when it differs from the current one; the review itself is audited either way."""
    require(acting_user, "correction.subject.manage", assessment.subject)
    suggested = assessment.suggested_level
    chosen_code = level_code or (suggested.code if suggested else "")
    if not chosen_code:
        raise InvalidInput(_("This assessment suggests no level; choose one."), field="level")
    level = ClassificationLevel.objects.filter(code=chosen_code, is_active=True).first()
    if level is None:
        raise InvalidInput(_("Unknown classification level."), field="level")
    overridden = suggested is None or level.pk != suggested.pk
    if overridden and not (note or "").strip():
        raise ReasonRequired(field="note")
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().select_related("subject__org", "questionnaire").get(pk=assessment.pk)
        if locked.status != AssessmentStatus.AWAITING_REVIEW:
            raise StateConflict(_("This assessment has already been reviewed."))
        subject = Subject.objects.get(pk=locked.subject_id)
        if subject.classification_id != level.pk:
            reason = (note or "").strip() or f"{locked.questionnaire.title}: {locked.band} ({locked.score})"
            classify_subject(subject, level.code, reason=reason, acting_user=acting_user)
        new = AssessmentStatus.OVERRIDDEN if overridden else AssessmentStatus.CONFIRMED
        locked.status, locked.confirmed_level, locked.reviewed_by = new, level, acting_user
        locked.reviewed_at, locked.review_note = clock.now(), (note or "").strip()
        locked.save(update_fields=["status", "confirmed_level", "reviewed_by", "reviewed_at", "review_note"])
        audit.record("correction.assessment.reviewed", actor=acting_user, obj=locked, org=locked.subject.org,
                     changes={"status": [AssessmentStatus.AWAITING_REVIEW, new], "level": [None, level.code]},
                     reason=(note or "").strip())
    return locked
