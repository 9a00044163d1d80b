"""Periodic sweep of unanswered lawyer questions (STYLE §6): remind the lawyer after
CONSULT_WARN_AFTER_HOURS, pass to the legal aid centre after CONSULT_ESCALATE_AFTER_HOURS.

Idempotent: each step sets its timestamp once (services.warn_unanswered /
escalate_unanswered re-check under a row lock), so a rerun or two racing workers change
nothing more. Each question runs in its own transaction; one failure is logged, the rest go on.
"""
import logging

from celery import shared_task

from smartjustice.core import clock

from . import services
from .choices import QuestionStatus
from .models import LawyerQuestion

logger = logging.getLogger(__name__)


def sweep_unanswered_questions() -> dict[str, int]:
    now = clock.now()
    counts = {"warned": 0, "escalated": 0, "failed": 0}
    open_questions = LawyerQuestion.objects.filter(status=QuestionStatus.OPEN, first_answered_at__isnull=True)
    steps = (("warned", services.warn_unanswered, open_questions.filter(
                 warned_at__isnull=True, created_at__lte=now - services.warn_after())),
             ("escalated", services.escalate_unanswered, open_questions.filter(
                 escalated_at__isnull=True, created_at__lte=now - services.escalate_after())))
    for name, step, due in steps:
        for question_id in list(due.order_by("pk").values_list("pk", flat=True)):
            try:
                if step(question_id):
                    counts[name] += 1
            except Exception:
                logger.exception("consultation sweep (%s) failed for question %s", name, question_id)
                counts["failed"] += 1
    return counts


@shared_task(name="consult.sweep_unanswered_questions")
def sweep_unanswered_questions_task() -> dict[str, int]:
    return sweep_unanswered_questions()
