"""Background jobs of the reconsideration app (STYLE §6).

`deem_accepted_lapsed_reviews` is a plain function (a one-box install runs it from cron or
the shell); the Celery task is a thin wrapper. Each case is handled in its own transaction,
so one failure is logged and the rest carry on; a rerun changes nothing more.
"""
import datetime as dt
import logging

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Coalesce

from smartjustice.core import clock
from smartjustice.deadlines.models import Deadline

from . import deadlines as periods
from . import services
from .choices import Status
from .models import CaseEvent, ReconsiderationCase

logger = logging.getLogger(__name__)


def deem_accepted_lapsed_reviews(today: dt.date | None = None) -> dict[str, int]:
    """Deem accepted every received application whose 5-working-day review ended before
    `today` without a decision (《行政复议法》第三十条第三款)."""
    today = today or clock.today()
    content_type = ContentType.objects.get_for_model(ReconsiderationCase)
    lapsed = (Deadline.objects.annotate(effective=Coalesce("extended_until", "due_on"))
              .filter(content_type=content_type, rule_id=periods.ACCEPT_REVIEW, met_at__isnull=True,
                      effective__lt=today).values_list("object_id", flat=True))
    case_ids = list(ReconsiderationCase.objects.filter(status=Status.SUBMITTED, pk__in=[int(i) for i in lapsed])
                    .order_by("pk").values_list("pk", flat=True))
    counts = {"accepted": 0, "failed": 0}
    for case_id in case_ids:
        try:
            services.deem_accepted(ReconsiderationCase.objects.get(pk=case_id))
        except Exception:
            logger.exception("deemed acceptance failed for case %s", case_id)
            counts["failed"] += 1
            continue
        counts["accepted"] += 1
    return counts


@shared_task(name="reconsideration.deem_accepted_lapsed_reviews")
def deem_accepted_lapsed_reviews_task() -> dict[str, int]:
    return deem_accepted_lapsed_reviews()


def issue_documents_for_event(event_id: int, user_id: int) -> str:
    """Issue the document of one timeline event (services.issue_document_for_event); safe to
    run twice. A failure is logged: the officer can issue the document on demand."""
    from smartjustice.accounts.models import User

    event = CaseEvent.objects.select_related("case", "case__org", "case__respondent").filter(pk=event_id).first()
    user = User.objects.filter(pk=user_id).first()
    if event is None or user is None:
        return "missing"
    try:
        document = services.issue_document_for_event(event, acting_user=user)
    except Exception:
        logger.exception("issuing the document of event %s failed", event_id)
        return "failed"
    return document.verification_code if document else "none"


@shared_task(name="reconsideration.issue_documents_for_event")
def issue_documents_for_event_task(event_id: int, user_id: int) -> str:
    return issue_documents_for_event(event_id, user_id)
