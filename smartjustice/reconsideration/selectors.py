"""Reads of 行政复议 cases (STYLE §2, §3).

`cases_for_user`: what a person may see: their own applications (drafts included); the
cases their reconsideration body handles (submitted ones, never another person's draft);
as a respondent agency, the cases against it once the copy was sent. `access_*` raise
NotFound for a missing case and for one out of scope alike.
"""
import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, F, OuterRef, Q
from django.db.models.functions import Cast, Coalesce

from smartjustice.core import clock
from smartjustice.core.errors import NotFound
from smartjustice.deadlines.models import Deadline
from smartjustice.deadlines.selectors import get_deadlines_for_object
from smartjustice.orgs.selectors import scope_q

from . import deadlines as periods
from .choices import Procedure, Status
from .models import CaseDocument, ReconsiderationCase

SOON_DAYS = 3


def _body_q(user) -> Q:
    return scope_q(user, "reconsideration.view", org_field="org") & ~Q(status=Status.DRAFT)


def _respondent_q(user) -> Q:
    return scope_q(user, "reconsideration.respond", org_field="respondent") & Q(copy_sent_at__isnull=False)


def cases_for_user(user):
    """Every case the user may see, newest first."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ReconsiderationCase.objects.none()
    return (ReconsiderationCase.objects.filter(Q(owner=user) | _body_q(user) | _respondent_q(user))
            .select_related("org", "respondent", "owner").distinct())


def own_cases(user):
    """The applicant's own cases (the portal)."""
    if user is None or not user.is_authenticated:
        return ReconsiderationCase.objects.none()
    return ReconsiderationCase.objects.filter(owner=user).select_related("org", "respondent")


def body_cases(user):
    """Cases of the reconsideration bodies the user works for (the officer workbench)."""
    return ReconsiderationCase.objects.filter(_body_q(user)).select_related("org", "respondent", "owner", "handler")


def respondent_cases(user):
    """Cases against the user's agency whose copy has been sent (the respondent portal)."""
    return ReconsiderationCase.objects.filter(_respondent_q(user)).select_related("org", "respondent")


def _access(queryset, case_id) -> ReconsiderationCase:
    if not str(case_id).isdigit():
        raise NotFound()
    case = queryset.filter(pk=int(case_id)).first()
    if case is None:
        raise NotFound()
    return case


def access_case(user, case_id) -> ReconsiderationCase:
    return _access(cases_for_user(user), case_id)


def access_own_case(user, case_id) -> ReconsiderationCase:
    return _access(own_cases(user), case_id)


def access_body_case(user, case_id) -> ReconsiderationCase:
    return _access(body_cases(user), case_id)


def access_respondent_case(user, case_id) -> ReconsiderationCase:
    return _access(respondent_cases(user), case_id)


# Rules whose deadline is live in each state: an older period (a missed review before deemed
# acceptance, the simplified period after conversion) does not make a case "overdue" today.
def live_rule_ids(case) -> set[str]:
    procedure = case.procedure or Procedure.ORDINARY
    decide = {periods.DECIDE[procedure]}
    return {
        Status.SUBMITTED: {periods.ACCEPT_REVIEW},
        Status.CORRECTION_REQUESTED: {periods.CORRECTION_SUBMIT},
        Status.ACCEPTED: {periods.SEND_COPY[procedure]} | decide,
        Status.AWAITING_REPLY: {periods.REPLY[procedure]} | decide,
        Status.IN_EXAMINATION: decide, Status.HEARING: decide, Status.MEDIATION: decide, Status.SUSPENDED: decide,
    }.get(case.status, set())


LIVE_RULES_BY_STATUS = {
    Status.SUBMITTED: [periods.ACCEPT_REVIEW],
    Status.CORRECTION_REQUESTED: [periods.CORRECTION_SUBMIT],
    Status.ACCEPTED: [*periods.SEND_COPY.values(), *periods.DECIDE.values()],
    Status.AWAITING_REPLY: [*periods.REPLY.values(), *periods.DECIDE.values()],
    Status.IN_EXAMINATION: list(periods.DECIDE.values()), Status.HEARING: list(periods.DECIDE.values()),
    Status.MEDIATION: list(periods.DECIDE.values()), Status.SUSPENDED: list(periods.DECIDE.values()),
}


def _live_deadlines_q(due_filter: Q) -> Q:
    """Cases having an unmet live deadline matching `due_filter` (a Q on the annotated
    `effective_due` of Deadline rows)."""
    content_type = ContentType.objects.get_for_model(ReconsiderationCase)
    query = Q(pk__in=[])
    for status, rules in LIVE_RULES_BY_STATUS.items():
        matching = (Deadline.objects.annotate(effective_due=Coalesce(F("extended_until"), F("due_on")))
                    .filter(due_filter, content_type=content_type, object_id=_pk_as_text(), met_at__isnull=True,
                            rule_id__in=rules))
        query |= Q(Exists(matching), status=status)
    return query


def _pk_as_text():
    # Deadline.object_id is text (it serves every app); compare it with the case's id as text.
    return Cast(OuterRef("pk"), output_field=CharField())


def filter_cases(queryset, *, status: str = "", procedure: str = "", respondent: str = "", act_type: str = "",
                 due: str = "", handler: str = ""):
    """The workbench filters: status, procedure, respondent, act type, officer, and due
    ("soon": a live deadline within 3 days; "overdue": a live deadline passed)."""
    if status in Status.values:
        queryset = queryset.filter(status=status)
    if procedure in Procedure.values:
        queryset = queryset.filter(procedure=procedure)
    if str(respondent).isdigit():
        queryset = queryset.filter(respondent_id=int(respondent))
    if act_type:
        queryset = queryset.filter(act_type=act_type)
    if str(handler).isdigit():
        queryset = queryset.filter(handler_id=int(handler))
    today = clock.today()
    if due == "overdue":
        queryset = queryset.filter(_live_deadlines_q(Q(effective_due__lt=today)))
    elif due == "soon":
        queryset = queryset.filter(_live_deadlines_q(
            Q(effective_due__gte=today, effective_due__lte=today + dt.timedelta(days=SOON_DAYS))))
    return queryset


def case_deadlines(case):
    """All deadline rows of the case, soonest first (the case page shows them with citations)."""
    return list(get_deadlines_for_object(case))


def next_deadline(case):
    """The earliest unmet live deadline: what must happen next, and by when."""
    live = live_rule_ids(case)
    for deadline in get_deadlines_for_object(case).filter(met_at__isnull=True):
        if deadline.rule_id in live:
            return deadline
    return None


def case_files(case):
    """Files uploaded to the case (evidence, reply materials, corrections), oldest first;
    the documents the body issued are listed by case_documents instead."""
    from smartjustice.files.models import StoredFile

    content_type = ContentType.objects.get_for_model(ReconsiderationCase)
    issued = CaseDocument.objects.filter(case_id=case.pk)
    return (StoredFile.objects.filter(owner_content_type=content_type, owner_object_id=case.pk)
            .exclude(pk__in=issued.values("docx_id")).exclude(pk__in=issued.values("pdf_id"))
            .select_related("uploaded_by").order_by("created_at", "id"))


def case_files_with_ledger_status(case) -> list:
    """case_files, each with `.ledger_status`: whether a department registered the same bytes
    (by SHA-256) on the evidence ledger and whether a published checkpoint covers them
    (smartjustice.ledger.selectors.ledger_status_for_sha256; None when not registered)."""
    from smartjustice.ledger.selectors import ledger_status_for_sha256

    files = list(case_files(case))
    for stored in files:
        stored.ledger_status = ledger_status_for_sha256(stored.sha256)
    return files


def case_documents(case):
    """The documents issued for the case (受理通知书 …), in the order issued."""
    return case.documents.select_related("docx", "pdf").order_by("issued_at", "id")


def document_by_code(code: str) -> CaseDocument | None:
    """The document with this verification code, for the public verification page (no
    permission check: the page shows what identifies the document, never its content)."""
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if not code:
        return None
    return CaseDocument.objects.select_related("case", "case__org").filter(verification_code=code).first()


def timeline(case, *, for_applicant: bool):
    events = case.events.all()
    return events.filter(visible_to_applicant=True) if for_applicant else events


CONCLUDED_STATUSES = (Status.DECIDED, Status.SERVED, Status.CLOSED, Status.MEDIATED, Status.WITHDRAWN,
                      Status.TERMINATED, Status.NOT_ACCEPTED, Status.ABANDONED)
# When a case was concluded: the first of these timestamps that is set.
CONCLUSION_FIELDS = ("decided_at", "mediated_at", "withdrawn_at", "terminated_at", "not_accepted_at", "abandoned_at")
# The applicant's own filing periods are not the body's time limits.
FILING_RULES = (periods.APPLY, periods.APPLY_UNINFORMED, periods.APPLY_ABSOLUTE, periods.APPLY_ABSOLUTE_REAL_PROPERTY)


def _rate(part: int, whole: int):
    return round(100 * part / whole, 1) if whole else None


def _average_days(queryset) -> float | None:
    """Average calendar days from receipt to conclusion over concluded cases."""
    durations = []
    for row in queryset.filter(status__in=CONCLUDED_STATUSES, submitted_at__isnull=False).values(
            "submitted_at", *CONCLUSION_FIELDS):
        ended = next((row[name] for name in CONCLUSION_FIELDS if row[name] is not None), None)
        if ended is not None:
            durations.append((clock.legal_date(ended) - clock.legal_date(row["submitted_at"])).days)
    return round(sum(durations) / len(durations), 1) if durations else None


def deadline_figures(queryset) -> dict:
    """How the statutory time limits of these cases fared: met on time (met on or before the
    effective due date), met late, or missed (unmet and past due today). Limits still running
    count in none of these. The applicant's filing periods are left out."""
    content_type = ContentType.objects.get_for_model(ReconsiderationCase)
    today = clock.today()
    rows = (Deadline.objects.filter(content_type=content_type,
                                    object_id__in=[str(pk) for pk in queryset.values_list("pk", flat=True)])
            .exclude(rule_id__in=FILING_RULES).values("rule_id", "due_on", "extended_until", "met_at"))
    on_time = late = missed = decisions = decisions_on_time = 0
    for row in rows:
        due = row["extended_until"] or row["due_on"]
        is_decision = row["rule_id"] in periods.DECIDE.values()
        if row["met_at"] is not None:
            in_time = clock.legal_date(row["met_at"]) <= due
            on_time += in_time
            late += not in_time
            decisions += is_decision
            decisions_on_time += is_decision and in_time
        elif due < today:
            missed += 1
            decisions += is_decision
    settled = on_time + late + missed
    return {"deadlines_on_time": on_time, "deadlines_late": late, "deadlines_missed": missed,
            "deadlines_settled": settled, "deadlines_met_rate": _rate(on_time, settled),
            "decisions_settled": decisions, "decisions_on_time": decisions_on_time,
            "decisions_on_time_rate": _rate(decisions_on_time, decisions)}


def statistics(queryset) -> dict:
    """Figures for the statistics page and its export over `queryset` (already scoped to the
    user): cases by status, respondent, act type and outcome; mediation, withdrawal and
    correction rates; average duration; how the time limits fared."""
    from .choices import ActType, DecisionType

    filed = queryset.exclude(status=Status.DRAFT)
    total = filed.count()
    by_status = [{"key": key, "label": str(Status(key).label), "n": n} for key, n in
                 filed.values_list("status").annotate(n=Count("id")).order_by("-n", "status").values_list("status", "n")]
    by_respondent = [{"key": row["respondent__name"], "label": row["respondent__name"], "n": row["n"]}
                     for row in filed.values("respondent__name").annotate(n=Count("id")).order_by("-n", "respondent__name")]
    by_act_type = [{"key": row["act_type"], "label": str(ActType(row["act_type"]).label) if row["act_type"] else "—",
                    "n": row["n"]}
                   for row in filed.values("act_type").annotate(n=Count("id")).order_by("-n", "act_type")]
    by_decision = [{"key": row["decision_type"], "label": str(DecisionType(row["decision_type"]).label), "n": row["n"]}
                   for row in filed.exclude(decision_type="").values("decision_type").annotate(n=Count("id"))
                   .order_by("-n", "decision_type")]
    concluded = filed.filter(status__in=CONCLUDED_STATUSES).count()
    mediated = filed.filter(mediated_at__isnull=False).count()
    withdrawn = filed.filter(status=Status.WITHDRAWN).count()
    corrected = filed.filter(correction_requested_at__isnull=False).count()
    return {
        "total": total, "by_status": by_status, "by_respondent": by_respondent, "by_act_type": by_act_type,
        "by_decision": by_decision, "concluded": concluded, "mediated": mediated, "withdrawn": withdrawn,
        "corrected": corrected,
        "mediation_rate": _rate(mediated, concluded), "withdrawal_rate": _rate(withdrawn, concluded),
        "correction_rate": _rate(corrected, total), "average_days": _average_days(filed),
        **deadline_figures(filed),
    }


def body_officers(org_ids) -> list:
    """The active reconsideration officers of these bodies (whom a case may be assigned to)."""
    from smartjustice.accounts.models import User
    from smartjustice.orgs.permissions import PERMISSIONS

    roles = PERMISSIONS["reconsideration.handle"].roles
    return list(User.objects.filter(memberships__org_id__in=list(org_ids), memberships__is_active=True,
                                    memberships__role__in=roles, is_active=True).distinct().order_by("real_name", "pk"))


def workload(queryset) -> list[dict]:
    """The supervisor's view across offices: per body, pending cases, those due within 3 days,
    overdue ones and unassigned ones; per handling officer, their pending cases."""
    from .choices import PENDING_STATUSES

    pending = queryset.filter(status__in=[*PENDING_STATUSES, Status.SUBMITTED, Status.CORRECTION_REQUESTED,
                                          Status.SUSPENDED])
    overdue_ids = set(filter_cases(pending, due="overdue").values_list("pk", flat=True))
    soon_ids = set(filter_cases(pending, due="soon").values_list("pk", flat=True))
    bodies: dict[int, dict] = {}
    for case in pending.select_related("org", "handler").order_by("org__path", "pk"):
        body = bodies.setdefault(case.org_id, {"org": case.org, "pending": 0, "soon": 0, "overdue": 0,
                                               "unassigned": 0, "officers": {}})
        body["pending"] += 1
        body["soon"] += case.pk in soon_ids
        body["overdue"] += case.pk in overdue_ids
        if case.handler_id is None:
            body["unassigned"] += 1
        else:
            officer = body["officers"].setdefault(case.handler_id, {"user": case.handler, "pending": 0, "overdue": 0})
            officer["pending"] += 1
            officer["overdue"] += case.pk in overdue_ids
    return [{**body, "officers": list(body["officers"].values())} for body in bodies.values()]
