"""Services of the 行政复议 case: every write goes through here (STYLE §2).

Each service that moves a case runs in one transaction: it re-reads the case with
select_for_update, asks workflow.check whether the move is allowed, sets the fields with
update_fields, opens or closes the deadline rows of smartjustice.deadlines, writes one
audit entry (reconsideration.case.<action>) and one timeline event, and notifies people
through smartjustice.notifications (which sends only after commit). A refused move raises
and leaves the case, its deadlines, its timeline and the audit trail as they were.
"""
from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput, PermissionDenied
from smartjustice.deadlines import engine
from smartjustice.deadlines import services as deadline_services
from smartjustice.deadlines.errors import NoHolidayData
from smartjustice.deadlines.models import Deadline
from smartjustice.deadlines.selectors import get_deadlines_for_object
from smartjustice.notifications.services import notify
from smartjustice.orgs.choices import Kind
from smartjustice.orgs.permissions import can

from . import deadlines as periods
from . import permissions, workflow
from .choices import (
    SUSPENSION_ITEM,
    TERMINATION_ITEM,
    ActType,
    AgentKind,
    ApplicantKind,
    DecisionType,
    Procedure,
    SessionKind,
    Status,
    SuspensionGround,
)
from .errors import (
    ApplicationIncomplete,
    CorrectionItemsRequired,
    DuplicateToken,
    GuardFailed,
    HearingNoticeTooShort,
    ReasonRequired,
    SimplifiedNotAllowed,
    TooManyAgents,
)
from .models import (
    Agent,
    Applicant,
    CaseEvent,
    CaseNumberSequence,
    MediationAgreement,
    ReconsiderationCase,
    Session,
)

RESPONDENT_KINDS = frozenset({Kind.ENFORCEMENT_AGENCY, Kind.PUBLIC_SECURITY, Kind.JUSTICE_BUREAU})
SIMPLIFIED_AMOUNT_LIMIT = Decimal("3000")  # 第五十三条第一款第三项: 三千元以下
# Fields the applicant writes in the form; everything else is set by the services below.
DRAFT_FIELDS = (
    "act_type", "act_document_number", "act_description", "act_made_on", "act_known_on", "remedy_notice_given",
    "remedy_known_on", "concerns_real_property", "made_on_the_spot", "is_warning_or_criticism", "amount_involved",
    "requests", "facts_and_reasons", "late_reason", "wants_hearing", "parties_agree_simplified",
)


# Helpers ------------------------------------------------------------------------------------

def _lock(case: ReconsiderationCase) -> ReconsiderationCase:
    return ReconsiderationCase.objects.select_for_update().get(pk=case.pk)


def _text(value) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied()


def current_deadline(case, rule_id: str) -> Deadline | None:
    """The latest unmet deadline row of `rule_id` for the case (internal)."""
    return get_deadlines_for_object(case).filter(rule_id=rule_id, met_at__isnull=True).order_by("-id").first()


def _due(case, rule_id: str) -> dt.date | None:
    deadline = current_deadline(case, rule_id)
    return deadline.effective_due_on if deadline else None


def _context(case, **values) -> workflow.Context:
    procedure = case.procedure or Procedure.ORDINARY
    return workflow.Context(
        today=clock.today(),
        review_due=_due(case, periods.ACCEPT_REVIEW),
        correction_due=_due(case, periods.CORRECTION_SUBMIT),
        reply_due=_due(case, periods.REPLY[procedure]),
        **values,
    )


def _open(case, rule_id: str, anchor_on: dt.date, acting_user) -> Deadline | None:
    """Open the deadline row of `rule_id`. Where the period ends in a year whose holiday
    arrangement is not loaded yet, the engine will not guess: the case still moves (a
    submitted application must never be lost or blocked), the gap is audited and shown on
    the case's timeline, and an administrator loads the year (`smartjustice holidays import`)."""
    try:
        with transaction.atomic():
            return deadline_services.open_deadline(case, rule_id, anchor_on, org=case.org, acting_user=acting_user)
    except NoHolidayData as exc:
        audit.record("reconsideration.deadline.unavailable", actor=acting_user, obj=case, org=case.org,
                     changes={"rule_id": [None, rule_id], "anchor_on": [None, anchor_on.isoformat()]},
                     reason=str(exc))
        _event(case, "deadline_unavailable", acting_user=acting_user, visible=False,
               note=_("The time limit “%(rule)s” from %(anchor)s could not be computed: %(error)s")
               % {"rule": rule_id, "anchor": anchor_on.isoformat(), "error": exc})
        return None


def _meet(case, rule_id: str, acting_user) -> None:
    deadline = current_deadline(case, rule_id)
    if deadline is not None:
        deadline_services.mark_met(deadline, acting_user=acting_user)


def _snapshot(case, fields) -> dict:
    return {name: getattr(case, name) for name in fields}


def _notify_applicant(case, subject, body) -> None:
    """Notify the applicant in their language; the message is sent after commit."""
    owner = case.owner
    with translation.override(getattr(owner, "language", "") or settings.LANGUAGE_CODE):
        link = reverse("reconsideration:case", args=[case.pk])
        notify(owner, title=str(subject) % {"number": case.case_number or ""},
               body=str(body) % {"number": case.case_number or ""}, kind="reconsideration.case", link=link,
               org=case.org)


def _move(case: ReconsiderationCase, target: Status, *, acting_user, changes: dict | None = None,
          reason: str = "", note: str = "", context: dict | None = None, visible: bool = True,
          moment: dt.datetime | None = None) -> workflow.Transition:
    """Check and make one move of the table on a locked case (inside the caller's atomic block)."""
    changes = dict(changes or {})
    before_status = case.status
    old = {"status": before_status, **{name: getattr(case, name) for name in changes}}
    for name, value in changes.items():
        setattr(case, name, value)
    transition = workflow.check(case, target, _context(case, **(context or {})))
    moment = moment or clock.now()
    old[transition.timestamp] = getattr(case, transition.timestamp)
    changes[transition.timestamp] = moment
    case.status = target
    setattr(case, transition.timestamp, moment)
    fields = ["status", *changes.keys(), "updated_at"]
    case.save(update_fields=list(dict.fromkeys(fields)))
    new = {"status": str(target), **{k: v for k, v in changes.items()}}
    audit.record(f"reconsideration.case.{transition.action}", actor=acting_user, obj=case, org=case.org,
                 changes=audit.diff(old, new), reason=reason)
    CaseEvent.objects.create(
        case=case, occurred_at=moment, action=transition.action, from_status=before_status, to_status=target,
        actor_name=(getattr(acting_user, "display_name", "") or "")[:150] if acting_user else "",
        note=note or reason, citation=transition.citation, visible_to_applicant=visible,
    )
    return transition


def _event(case, action: str, *, acting_user, note: str = "", citation: str = "", visible: bool = True) -> None:
    CaseEvent.objects.create(case=case, occurred_at=clock.now(), action=action, actor_name=(
        getattr(acting_user, "display_name", "") or "")[:150] if acting_user else "", note=note,
        citation=citation, visible_to_applicant=visible)


# Drafts -------------------------------------------------------------------------------------

def _check_orgs(org, respondent) -> None:
    if org is None or org.kind != Kind.RECONSIDERATION_BODY or not org.is_active:
        raise InvalidInput(_("Choose the reconsideration body."), field="org")
    if respondent is None or respondent.kind not in RESPONDENT_KINDS or not respondent.is_active:
        raise InvalidInput(_("Choose the agency that made the act (the respondent)."), field="respondent")


def _clean_people(applicants, agents) -> tuple[list[dict], list[dict]]:
    people = []
    for index, person in enumerate(applicants or []):
        name = _text(person.get("name"))
        if not name:
            continue
        kind = person.get("kind") or ApplicantKind.PERSON
        if kind not in ApplicantKind.values:
            raise InvalidInput(_("Unknown kind of applicant."), field="applicants")
        people.append({"kind": kind, "name": name[:120], "phone": _text(person.get("phone"))[:20],
                       "address": _text(person.get("address"))[:200],
                       "id_number_masked": _text(person.get("id_number_masked"))[:24], "position": index})
    representatives = []
    for agent in agents or []:
        name = _text(agent.get("name"))
        if not name:
            continue
        kind = agent.get("kind") or AgentKind.OTHER
        if kind not in AgentKind.values:
            raise InvalidInput(_("Unknown kind of agent."), field="agents")
        representatives.append({"kind": kind, "name": name[:120], "phone": _text(agent.get("phone"))[:20],
                                "authority": _text(agent.get("authority"))[:300]})
    # 第十七条第一款: 一至二名代理人.
    if len(representatives) > 2:
        raise TooManyAgents(field="agents")
    return people, representatives


def _clean_fields(data: dict) -> dict:
    values = {}
    for name in DRAFT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "act_type" and value and value not in ActType.values:
            raise InvalidInput(_("Unknown type of act."), field="act_type")
        if name in ("act_made_on", "act_known_on", "remedy_known_on") and value not in (None, ""):
            value = engine.parse_date(value, field=name)
        if name in ("act_made_on", "act_known_on", "remedy_known_on") and value == "":
            value = None
        if name == "amount_involved" and value not in (None, ""):
            try:
                value = Decimal(str(value))
            except Exception:
                raise InvalidInput(_("Give the amount in yuan, e.g. 200 or 200.50."), field=name) from None
            if value < 0:
                raise InvalidInput(_("Give the amount in yuan, e.g. 200 or 200.50."), field=name)
        if name == "amount_involved" and value == "":
            value = None
        if isinstance(value, str):
            value = value.strip()
        values[name] = value
    for name in ("act_made_on", "act_known_on", "remedy_known_on"):
        if values.get(name) and values[name] > clock.today():
            raise InvalidInput(_("This date is in the future."), field=name)
    return values


def _replace_people(case, people, representatives) -> None:
    case.applicants.all().delete()
    case.agents.all().delete()
    Applicant.objects.bulk_create([Applicant(case=case, **person) for person in people])
    Agent.objects.bulk_create([Agent(case=case, **agent) for agent in representatives])


def create_draft(*, acting_user, org, respondent, owner=None, token=None, data: dict | None = None,
                 applicants=None, agents=None) -> ReconsiderationCase:
    """Start an application (草稿) for `owner` (default: the acting user; a clerk at a window
    files for someone else). Guarantees: a `token` already used by the same owner returns that
    case unchanged (a retried request creates nothing); one used by someone else raises
    DuplicateToken. Nothing reaches the reconsideration body until submit_application."""
    _require(can(acting_user, "reconsideration.file"))
    owner = owner or acting_user
    if owner != acting_user and not can(acting_user, "reconsideration.handle", org):
        raise PermissionDenied()
    token = uuid.UUID(str(token)) if token else None
    if token is not None:
        existing = ReconsiderationCase.objects.filter(submission_token=token).first()
        if existing is not None:
            if existing.owner_id != owner.pk:
                raise DuplicateToken(field="submission_token")
            return existing
    _check_orgs(org, respondent)
    values = _clean_fields(data or {})
    people, representatives = _clean_people(applicants, agents)
    with transaction.atomic():
        case = ReconsiderationCase.objects.create(
            org=org, respondent=respondent, owner=owner, filed_by=acting_user if owner != acting_user else None,
            submission_token=token, **values)
        if not people:
            people = [{"kind": ApplicantKind.PERSON, "name": owner.display_name, "phone": owner.mobile or "",
                       "address": "", "id_number_masked": getattr(owner, "id_number_masked", "") or "",
                       "position": 0}]
        _replace_people(case, people, representatives)
        audit.record("reconsideration.case.draft_created", actor=acting_user, obj=case, org=case.org,
                     changes=audit.diff({}, {"respondent": respondent.pk, **values}))
    return case


def save_draft(case, *, acting_user, data: dict, respondent=None, applicants=None,
               agents=None) -> ReconsiderationCase:
    """Save the applicant's edits to a draft. Guarantees: only the owner (or the clerk who
    started it) edits, only while it is a draft; the status never changes here."""
    _require(permissions.may_edit_draft(acting_user, case))
    values = _clean_fields(data)
    with transaction.atomic():
        locked = _lock(case)
        if locked.status != Status.DRAFT:
            raise GuardFailed(_("The application has been submitted and can no longer be edited."))
        before = _snapshot(locked, values)
        if respondent is not None and respondent.pk != locked.respondent_id:
            _check_orgs(locked.org, respondent)
            before["respondent"] = locked.respondent_id
            values["respondent"] = respondent
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*values.keys(), "updated_at"])
        if applicants is not None or agents is not None:
            people, representatives = _clean_people(
                applicants if applicants is not None else list(locked.applicants.values()),
                agents if agents is not None else list(locked.agents.values()))
            _replace_people(locked, people, representatives)
        audit.record("reconsideration.case.draft_saved", actor=acting_user, obj=locked, org=locked.org,
                     changes=audit.diff(before, values))
    case.refresh_from_db()
    return case


def missing_items(case) -> list[tuple[str, str]]:
    """What the application still lacks, field by field, in the words the form shows
    (实施条例 第十九条; 《行政复议法》第三十条第一款第一、三项)."""
    items = []
    if not case.applicants.exists():
        items.append(("applicants", _("Name at least one applicant.")))
    if not case.act_type:
        items.append(("act_type", _("Choose the type of administrative act.")))
    if not _text(case.act_description) and not _text(case.act_document_number):
        items.append(("act_description", _("Describe the act or give its document number.")))
    if case.act_known_on is None:
        items.append(("act_known_on", _("Give the date you learned of the act.")))
    if not _text(case.requests):
        items.append(("requests", _("State what you ask the reconsideration body to do.")))
    if not _text(case.facts_and_reasons):
        items.append(("facts_and_reasons", _("State the main facts and your reasons.")))
    return items


def filing_window_for(case, *, filed_on: dt.date | None = None) -> periods.FilingWindow:
    return periods.filing_window(
        known_on=case.act_known_on, made_on=case.act_made_on, remedy_notice_given=case.remedy_notice_given,
        remedy_known_on=case.remedy_known_on, concerns_real_property=case.concerns_real_property,
        filed_on=filed_on or clock.today(), calendar=deadline_services.calendar_from_db())


def _next_case_number(org, year: int) -> str:
    sequence, _created = CaseNumberSequence.objects.get_or_create(org=org, year=year)
    sequence = CaseNumberSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    # 桐复〔2026〕12号: the body's place name's first character + 复.
    prefix = f"{org.name[:1]}复"
    return f"{prefix}〔{year}〕{sequence.last_number}号"


def submit_application(case, *, acting_user, token=None) -> ReconsiderationCase:
    """Submit a draft (收到申请): number the case, record the filing period and open the 5-WD
    acceptance review (第三十条第一款).

    Guarantees: missing items raise ApplicationIncomplete listing every one (nothing saved);
    a late application is recorded with a plain explanation, never refused (第二十条,
    第二十一条 are for the acceptance review); a retried submission (same token, or a case
    already submitted) returns the case unchanged."""
    _require(permissions.may_edit_draft(acting_user, case))
    with transaction.atomic():
        locked = _lock(case)
        if locked.status != Status.DRAFT and (token is None or str(locked.submission_token) == str(token)):
            return locked
        items = missing_items(locked)
        if items:
            raise ApplicationIncomplete(items)
        today = clock.today()
        window = filing_window_for(locked, filed_on=today)
        changes = {
            "case_number": _next_case_number(locked.org, today.year), "received_on": today,
            "filing_deadline_on": window.last_day, "is_late": window.is_late,
            "lateness_explanation": window.text,
        }
        _move(locked, Status.SUBMITTED, acting_user=acting_user, changes=changes,
              note=_("Application received."))
        _open(locked, periods.ACCEPT_REVIEW, today, acting_user)
        binding = [limit for limit in window.limits if limit.due == window.last_day and not limit.approximate]
        if binding:
            deadline = _open(locked, binding[0].rule_id, binding[0].anchor, acting_user)
            if deadline is not None:
                deadline_services.mark_met(deadline, acting_user=acting_user)
        _notify_applicant(locked, gettext_lazy("Application %(number)s received"),
                          gettext_lazy("Your reconsideration application %(number)s was received. The body "
                                       "reviews it within 5 working days."))
    case.refresh_from_db()
    return case


# Acceptance review --------------------------------------------------------------------------

def request_correction(case, *, acting_user, items: list[str]) -> ReconsiderationCase:
    """Send the one-time correction notice (补正通知) listing every item at once, within the
    review period (第三十一条第一款); the applicant has 10 working days from receipt
    (第三十一条第二款). The notice is served through the applicant's case page, so it is
    received the day it is sent."""
    _require(permissions.may_handle(acting_user, case))
    items = [_text(item) for item in (items or []) if _text(item)]
    if not items:
        raise CorrectionItemsRequired(field="items")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.CORRECTION_REQUESTED, acting_user=acting_user, changes={"correction_items": items},
              note="\n".join(items))
        _meet(locked, periods.ACCEPT_REVIEW, acting_user)
        _open(locked, periods.CORRECTION_SUBMIT, clock.today(), acting_user)
        _notify_applicant(locked, gettext_lazy("Please correct application %(number)s"),
                          gettext_lazy("The reconsideration body asks you to correct or complete your application "
                                       "%(number)s within 10 working days. See the list on your case page."))
    case.refresh_from_db()
    return case


def submit_correction(case, *, acting_user, response: str, data: dict | None = None) -> ReconsiderationCase:
    """The applicant's corrections: a new acceptance review of 5 working days starts on
    receipt (第三十一条第三款)."""
    _require(permissions.is_applicant(acting_user, case) or permissions.may_edit_draft(acting_user, case))
    response = _text(response)
    if not response:
        raise ReasonRequired(_("Describe what you corrected or added."), field="response")
    values = _clean_fields(data or {})
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.SUBMITTED, acting_user=acting_user,
              changes={"correction_response": response, **values}, note=response)
        _meet(locked, periods.CORRECTION_SUBMIT, acting_user)
        _open(locked, periods.ACCEPT_REVIEW, clock.today(), acting_user)
    case.refresh_from_db()
    return case


def mark_abandoned(case, *, acting_user, reason: str) -> ReconsiderationCase:
    """The correction period lapsed without corrections or a justified reason: the
    application is deemed abandoned and this is recorded (第三十一条第二款)."""
    _require(permissions.may_handle(acting_user, case))
    reason = _text(reason)
    if not reason:
        raise ReasonRequired(field="reason")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.ABANDONED, acting_user=acting_user, reason=reason)
        _notify_applicant(locked, gettext_lazy("Application %(number)s deemed abandoned"),
                          gettext_lazy("No corrections arrived in time, so application %(number)s is deemed "
                                       "abandoned (《行政复议法》第三十一条第二款)."))
    case.refresh_from_db()
    return case


def refuse_acceptance(case, *, acting_user, reasons: str) -> ReconsiderationCase:
    """Decide not to accept (不予受理), with reasons, within the review period (第三十条第二款)."""
    _require(permissions.may_handle(acting_user, case))
    reasons = _text(reasons)
    if not reasons:
        raise ReasonRequired(field="reasons")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.NOT_ACCEPTED, acting_user=acting_user, changes={"not_accepted_reasons": reasons},
              reason=reasons)
        _meet(locked, periods.ACCEPT_REVIEW, acting_user)
        _notify_applicant(locked, gettext_lazy("Application %(number)s not accepted"),
                          gettext_lazy("The reconsideration body decided not to accept application %(number)s. "
                                       "The reasons are on your case page."))
    case.refresh_from_db()
    return case


def simplified_criteria(case) -> list[str]:
    """Which cases of 第五十三条 the facts meet (empty: only ordinary, unless all agree)."""
    met = []
    if case.made_on_the_spot:
        met.append("第五十三条第一款第一项")
    if case.is_warning_or_criticism:
        met.append("第五十三条第一款第二项")
    if case.amount_involved is not None and case.amount_involved <= SIMPLIFIED_AMOUNT_LIMIT:
        met.append("第五十三条第一款第三项")
    if case.act_type == ActType.INFORMATION_DISCLOSURE:
        met.append("第五十三条第一款第四项")
    if case.parties_agree_simplified:
        met.append("第五十三条第二款")
    return met


def _start_periods(case, procedure: str, accepted_on: dt.date, acting_user) -> None:
    _open(case, periods.SEND_COPY[procedure], accepted_on, acting_user)
    _open(case, periods.DECIDE[procedure], accepted_on, acting_user)


def accept_application(case, *, acting_user, procedure: str, facts_clear: bool = False,
                       reason: str = "") -> ReconsiderationCase:
    """Accept (受理) and choose the procedure. The simplified procedure needs a case of
    第五十三条 and the officer's finding that the facts are clear, rights and duties plain and
    the dispute small. Opens the copy period (7 WD ordinary 第四十八条, 3 WD simplified
    第五十四条第一款) and the decision period (60 / 30 days, 第六十二条)."""
    _require(permissions.may_handle(acting_user, case))
    if procedure not in Procedure.values:
        raise InvalidInput(_("Choose the ordinary or the simplified procedure."), field="procedure")
    with transaction.atomic():
        locked = _lock(case)
        if procedure == Procedure.SIMPLIFIED and not (facts_clear and simplified_criteria(locked)):
            raise SimplifiedNotAllowed(field="procedure")
        today = clock.today()
        _move(locked, Status.ACCEPTED, acting_user=acting_user, reason=_text(reason),
              changes={"procedure": procedure, "accepted_on": today, "procedure_reason": _text(reason)},
              note=str(Procedure(procedure).label))
        _meet(locked, periods.ACCEPT_REVIEW, acting_user)
        _start_periods(locked, procedure, today, acting_user)
        _notify_applicant(locked, gettext_lazy("Application %(number)s accepted"),
                          gettext_lazy("Your reconsideration application %(number)s was accepted."))
    case.refresh_from_db()
    return case


def deem_accepted(case, *, today: dt.date | None = None) -> ReconsiderationCase:
    """Deemed acceptance (视为受理): no decision not to accept by the end of the review period,
    so the application counts as accepted from the day the period ended (第三十条第三款).
    The ordinary procedure applies until an officer finds 第五十三条 met. The missed review
    deadline stays unmet, as a record that it was missed. Safe to run twice."""
    with transaction.atomic():
        locked = _lock(case)
        if locked.status != Status.SUBMITTED:
            return locked
        review_due = _due(locked, periods.ACCEPT_REVIEW)
        _move(locked, Status.ACCEPTED, acting_user=None,
              changes={"procedure": Procedure.ORDINARY, "accepted_on": review_due, "is_deemed_accepted": True},
              context={"deemed": True}, note=_("Deemed accepted: the review period ended without a decision."))
        _start_periods(locked, Procedure.ORDINARY, review_due, None)
        _notify_applicant(locked, gettext_lazy("Application %(number)s accepted"),
                          gettext_lazy("Your reconsideration application %(number)s is deemed accepted "
                                       "(《行政复议法》第三十条第三款)."))
    case.refresh_from_db()
    return case


def convert_to_ordinary(case, *, acting_user, reason: str) -> ReconsiderationCase:
    """Convert a simplified case to the ordinary procedure with the approval of the head of
    the institution (第五十五条). The ordinary 60 days count from the original acceptance
    (the law is silent; RULES.md AR-H3 flags this for legal review); the simplified decision
    period is marked met as superseded by the conversion."""
    _require(permissions.may_approve(acting_user, case))
    reason = _text(reason)
    if not reason:
        raise ReasonRequired(field="reason")
    with transaction.atomic():
        locked = _lock(case)
        if locked.procedure != Procedure.SIMPLIFIED or locked.status not in (
                Status.ACCEPTED, Status.AWAITING_REPLY, Status.IN_EXAMINATION, Status.MEDIATION):
            raise GuardFailed(_("Only a pending case in the simplified procedure can be converted."))
        before = {"procedure": locked.procedure, "procedure_converted_at": None}
        locked.procedure = Procedure.ORDINARY
        locked.procedure_converted_at = clock.now()
        locked.save(update_fields=["procedure", "procedure_converted_at", "updated_at"])
        _meet(locked, periods.DECIDE[Procedure.SIMPLIFIED], acting_user)
        _open(locked, periods.DECIDE[Procedure.ORDINARY], locked.accepted_on, acting_user)
        audit.record("reconsideration.case.converted", actor=acting_user, obj=locked, org=locked.org,
                     changes=audit.diff(before, {"procedure": locked.procedure,
                                                 "procedure_converted_at": locked.procedure_converted_at}),
                     reason=reason)
        _event(locked, "converted", acting_user=acting_user, note=reason, citation="《行政复议法》第五十五条")
    case.refresh_from_db()
    return case


# Respondent ----------------------------------------------------------------------------------

def send_copy(case, *, acting_user) -> ReconsiderationCase:
    """Send the application copy to the respondent (第四十八条 / 第五十四条第一款). The copy is
    delivered through the respondent portal, so it is received the day it is sent and the
    reply period (10 WD ordinary, 5 WD simplified) counts from that day."""
    _require(permissions.may_handle(acting_user, case))
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.AWAITING_REPLY, acting_user=acting_user)
        _meet(locked, periods.SEND_COPY[locked.procedure], acting_user)
        _open(locked, periods.REPLY[locked.procedure], clock.today(), acting_user)
        for officer in respondent_officers(locked):
            with translation.override(getattr(officer, "language", "") or settings.LANGUAGE_CODE):
                notify(officer, title=_("Reconsideration application %(number)s against your agency")
                       % {"number": locked.case_number},
                       body=_("Reply in writing and submit the evidence and legal basis of the act by the deadline "
                              "shown (《行政复议法》第四十八条, 第五十四条)."),
                       kind="reconsideration.copy", link=reverse("reconsideration:respondent_case", args=[locked.pk]),
                       org=locked.respondent)
    case.refresh_from_db()
    return case


def respondent_officers(case):
    from smartjustice.accounts.models import User
    from smartjustice.orgs.permissions import PERMISSIONS

    roles = PERMISSIONS["reconsideration.respond"].roles
    return User.objects.filter(memberships__org_id=case.respondent_id, memberships__is_active=True,
                               memberships__role__in=roles, is_active=True).distinct().order_by("pk")


def record_reply(case, *, acting_user, text: str) -> ReconsiderationCase:
    """The respondent's written reply (书面答复). Evidence and legal basis are uploaded as files
    (upload_document). A reply after the deadline is recorded and flagged: without a timely
    reply the act is treated as having no evidence or basis (第七十条)."""
    _require(permissions.may_respond(acting_user, case))
    text = _text(text)
    if not text:
        raise ReasonRequired(_("Write the reply."), field="text")
    with transaction.atomic():
        locked = _lock(case)
        reply_due = _due(locked, periods.REPLY[locked.procedure or Procedure.ORDINARY])
        late = reply_due is not None and clock.today() > reply_due
        _move(locked, Status.IN_EXAMINATION, acting_user=acting_user,
              changes={"reply_received_at": clock.now(), "reply_text": text, "reply_is_late": late},
              note=_("The respondent replied."))
        _meet(locked, periods.REPLY[locked.procedure], acting_user)
    case.refresh_from_db()
    return case


def proceed_without_reply(case, *, acting_user) -> ReconsiderationCase:
    """The reply period lapsed with no reply: examination goes on and the act is treated as
    having no evidence or basis (第七十条)."""
    _require(permissions.may_handle(acting_user, case))
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.IN_EXAMINATION, acting_user=acting_user, changes={"reply_is_late": True},
              note=_("No reply by the deadline: the act is treated as having no evidence or basis "
                     "(《行政复议法》第七十条)."))
    case.refresh_from_db()
    return case


def upload_document(case, uploaded_file, *, acting_user):
    """Attach a file to the case (evidence, reply materials, correction materials) through
    smartjustice.files: checked, hashed and audited there; who may see it follows the case."""
    from smartjustice.files.services import store_upload

    if case.is_terminal:
        raise GuardFailed(_("The case is closed; no more files can be added."))
    if (permissions.may_respond(acting_user, case) and not permissions.may_handle(acting_user, case)
            and case.status != Status.AWAITING_REPLY):
        # Later evidence from the respondent needs the body's consent (第四十六条第二款).
        raise GuardFailed(_("The reply stage is over; further evidence needs the body's consent "
                            "(《行政复议法》第四十六条第二款)."))
    stored = store_upload(uploaded_file, org=case.org, acting_user=acting_user, owner=case)
    return stored


# Hearing, mediation, suspension, termination, withdrawal -------------------------------------

def earliest_hearing_day(notice_on: dt.date) -> dt.date:
    """The first day a hearing may be held after a written notice on `notice_on`: five working
    days must lie between (第五十一条第一款, 第八十八条第二款)."""
    return engine.add_working_days(notice_on, 5, deadline_services.calendar_from_db())


def start_hearing(case, *, acting_user) -> ReconsiderationCase:
    """Open the hearing stage of an ordinary case (第五十条); sessions are added with
    schedule_session."""
    _require(permissions.may_handle(acting_user, case))
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.HEARING, acting_user=acting_user)
    case.refresh_from_db()
    return case


def start_mediation(case, *, acting_user) -> ReconsiderationCase:
    """Open mediation (第五条: lawful and voluntary); sessions are added with schedule_session."""
    _require(permissions.may_handle(acting_user, case))
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.MEDIATION, acting_user=acting_user)
    case.refresh_from_db()
    return case


def schedule_session(case, *, acting_user, kind: str, scheduled_for: dt.datetime, place: str = "",
                     issues: str = "", participants: list[str] | None = None) -> Session:
    """Schedule a hearing or mediation session with its meeting link (conferencing.py).

    A hearing moves the case to "hearing" (ordinary procedure only, 第五十条) and needs the
    written notice at least 5 working days ahead (第五十一条第一款); a mediation session moves an
    examined case to "mediation" (第五条). Parties are notified (after commit)."""
    from . import conferencing

    _require(permissions.may_handle(acting_user, case))
    if kind not in SessionKind.values:
        raise InvalidInput(_("Choose a hearing or a mediation session."), field="kind")
    if scheduled_for is None or clock.legal_date(scheduled_for) <= clock.today():
        raise InvalidInput(_("Choose a date after today."), field="scheduled_for")
    today = clock.today()
    if kind == SessionKind.HEARING:
        earliest = earliest_hearing_day(today)
        if clock.legal_date(scheduled_for) < earliest:
            raise HearingNoticeTooShort(earliest=earliest.isoformat(), field="scheduled_for")
    with transaction.atomic():
        locked = _lock(case)
        target = Status.HEARING if kind == SessionKind.HEARING else Status.MEDIATION
        if locked.status != target:
            _move(locked, target, acting_user=acting_user)
        session = Session.objects.create(case=locked, kind=kind, scheduled_for=scheduled_for, notice_sent_on=today,
                                         place=_text(place)[:200], issues=_text(issues), created_by=acting_user,
                                         attendance={name: None for name in (participants or [])})
        session.meeting_url = conferencing.get_provider().meeting_url(session)
        session.save(update_fields=["meeting_url"])
        audit.record("reconsideration.session.scheduled", actor=acting_user, obj=session, org=locked.org,
                     changes=audit.diff({}, {"kind": kind, "scheduled_for": scheduled_for, "place": session.place,
                                             "meeting_url": session.meeting_url}))
        citation = "《行政复议法》第五十一条第一款" if kind == SessionKind.HEARING else "《行政复议法》第五条"
        _event(locked, f"{kind}_scheduled", acting_user=acting_user, citation=citation,
               note=f"{clock.legal_date(scheduled_for).isoformat()} {session.place}".strip())
        when = scheduled_for.astimezone(clock.LEGAL_TZ).strftime("%Y-%m-%d %H:%M")
        _notify_applicant(locked, gettext_lazy("Session scheduled for %(number)s"),
                          gettext_lazy("A session of case %(number)s is scheduled. Details and the meeting link are "
                                       "on your case page."))
        for officer in respondent_officers(locked):
            notify(officer, title=_("Session scheduled for %(number)s") % {"number": locked.case_number},
                   body=when, kind="reconsideration.session",
                   link=reverse("reconsideration:respondent_case", args=[locked.pk]), org=locked.respondent)
    return session


def record_session(session: Session, *, acting_user, attendance: dict, minutes: str) -> Session:
    """Record attendance and minutes (听证笔录, 第五十条第三款). Closing a hearing returns the
    case to examination; the decision must rest on the record (第六十一条第二款)."""
    case = session.case
    _require(permissions.may_handle(acting_user, case))
    minutes = _text(minutes)
    if not minutes:
        raise ReasonRequired(_("Write the minutes."), field="minutes")
    with transaction.atomic():
        locked_session = Session.objects.select_for_update().get(pk=session.pk)
        if locked_session.held_at is not None:
            raise GuardFailed(_("The minutes of this session are already recorded."))
        locked = _lock(case)
        locked_session.attendance = {str(k): bool(v) for k, v in (attendance or {}).items()}
        locked_session.minutes = minutes
        locked_session.held_at = clock.now()
        locked_session.save(update_fields=["attendance", "minutes", "held_at"])
        audit.record("reconsideration.session.recorded", actor=acting_user, obj=locked_session, org=locked.org,
                     changes={"held_at": [None, locked_session.held_at.isoformat()],
                              "attendance": [None, locked_session.attendance]})
        if locked_session.kind == SessionKind.HEARING and locked.status == Status.HEARING:
            _move(locked, Status.IN_EXAMINATION, acting_user=acting_user, note=_("Hearing held; minutes recorded."))
    session.refresh_from_db()
    return session


def draft_agreement(case, *, acting_user, terms: str) -> MediationAgreement:
    """Draft (or redraft) the mediation agreement; any earlier confirmations lapse."""
    _require(permissions.may_handle(acting_user, case))
    terms = _text(terms)
    if not terms:
        raise ReasonRequired(_("Write the terms of the agreement."), field="terms")
    with transaction.atomic():
        locked = _lock(case)
        if locked.status != Status.MEDIATION:
            raise GuardFailed(_("An agreement is drafted during mediation."))
        agreement, _created = MediationAgreement.objects.update_or_create(
            case=locked, defaults={"terms": terms, "drafted_at": clock.now(), "applicant_confirmed_at": None,
                                   "respondent_confirmed_at": None, "respondent_confirmed_by": None})
        audit.record("reconsideration.agreement.drafted", actor=acting_user, obj=agreement, org=locked.org,
                     changes={"terms": [None, terms]})
        _event(locked, "agreement_drafted", acting_user=acting_user, citation="《行政复议法》第七十三条第一款")
        _notify_applicant(locked, gettext_lazy("Mediation agreement for %(number)s"),
                          gettext_lazy("A mediation agreement for case %(number)s awaits your confirmation on your "
                                       "case page."))
    return agreement


def confirm_agreement(case, *, acting_user) -> ReconsiderationCase:
    """The applicant or the respondent confirms (signs) the agreement. Once both have, the
    organ seals the mediation statement: it takes effect and the case is concluded by
    mediation (第七十三条第一款)."""
    side = "applicant" if permissions.is_applicant(acting_user, case) else (
        "respondent" if permissions.may_respond(acting_user, case) else None)
    _require(side is not None)
    with transaction.atomic():
        locked = _lock(case)
        agreement = MediationAgreement.objects.select_for_update().filter(case=locked).first()
        if agreement is None or locked.status != Status.MEDIATION:
            raise GuardFailed(_("There is no agreement to confirm."))
        field = f"{side}_confirmed_at"
        if getattr(agreement, field) is not None:
            raise GuardFailed(_("You have already confirmed this agreement."))
        setattr(agreement, field, clock.now())
        update = [field]
        if side == "respondent":
            agreement.respondent_confirmed_by = acting_user
            update.append("respondent_confirmed_by")
        agreement.save(update_fields=update)
        audit.record(f"reconsideration.agreement.confirmed_by_{side}", actor=acting_user, obj=agreement,
                     org=locked.org, changes={field: [None, getattr(agreement, field).isoformat()]})
        if agreement.is_confirmed_by_both:
            _move(locked, Status.MEDIATED, acting_user=acting_user, context={"agreement_confirmed": True},
                  note=_("Mediation statement signed by both sides and sealed."))
            _meet(locked, periods.DECIDE[locked.procedure], acting_user)
            _notify_applicant(locked, gettext_lazy("Case %(number)s concluded by mediation"),
                              gettext_lazy("The mediation statement of case %(number)s is in effect."))
    case.refresh_from_db()
    return case


def end_mediation(case, *, acting_user, reason: str) -> ReconsiderationCase:
    """No agreement, or a party retracted before the statement took effect: back to
    examination, to be decided promptly (第七十三条第二款)."""
    _require(permissions.may_handle(acting_user, case))
    reason = _text(reason)
    if not reason:
        raise ReasonRequired(field="reason")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.IN_EXAMINATION, acting_user=acting_user, reason=reason)
    case.refresh_from_db()
    return case


def suspend(case, *, acting_user, ground: str, reason: str) -> ReconsiderationCase:
    """Suspend on a ground of 第三十九条第一款, with written notice to the parties (第三十九条第三款).
    The law does not say the decision period stops (RULES.md AR-SU3): the deadline is left
    as it is and an officer extends it where the law allows."""
    _require(permissions.may_handle(acting_user, case))
    if ground not in SuspensionGround.values:
        raise InvalidInput(_("Choose a ground of suspension."), field="ground")
    reason = _text(reason)
    if not reason:
        raise ReasonRequired(field="reason")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.SUSPENDED, acting_user=acting_user, reason=reason,
              changes={"suspension_ground": ground, "status_before_suspension": locked.status},
              note=f"{SuspensionGround(ground).label} (第三十九条第一款{SUSPENSION_ITEM[SuspensionGround(ground)]}): "
                   f"{reason}")
        _notify_applicant(locked, gettext_lazy("Case %(number)s suspended"),
                          gettext_lazy("Case %(number)s is suspended. The ground is on your case page."))
    case.refresh_from_db()
    return case


def resume(case, *, acting_user, reason: str) -> ReconsiderationCase:
    """Resume once the cause is removed, to the stage the case left (第三十九条第二款)."""
    _require(permissions.may_handle(acting_user, case))
    reason = _text(reason)
    if not reason:
        raise ReasonRequired(field="reason")
    with transaction.atomic():
        locked = _lock(case)
        target = locked.status_before_suspension or Status.IN_EXAMINATION
        _move(locked, Status(target), acting_user=acting_user, reason=reason)
        _notify_applicant(locked, gettext_lazy("Case %(number)s resumed"),
                          gettext_lazy("The examination of case %(number)s has resumed."))
    case.refresh_from_db()
    return case


def terminate(case, *, acting_user, ground: str, reason: str) -> ReconsiderationCase:
    """Terminate on a ground of 第四十一条 (items 二 to 五; withdrawal is `withdraw`)."""
    _require(permissions.may_handle(acting_user, case))
    reason = _text(reason)
    if not reason:
        raise ReasonRequired(field="reason")
    with transaction.atomic():
        locked = _lock(case)
        note = reason
        if ground in TERMINATION_ITEM:
            note = f"第四十一条{TERMINATION_ITEM[ground]}: {reason}"
        _move(locked, Status.TERMINATED, acting_user=acting_user, reason=reason,
              changes={"termination_ground": ground}, context={"termination_ground": ground}, note=note)
        _notify_applicant(locked, gettext_lazy("Case %(number)s terminated"),
                          gettext_lazy("The reconsideration of case %(number)s was terminated."))
    case.refresh_from_db()
    return case


def withdraw(case, *, acting_user, reason: str) -> ReconsiderationCase:
    """Approve the applicant's withdrawal (撤回), after settlement or otherwise; the case is
    terminated and the applicant may not apply again on the same facts and reasons unless
    the withdrawal was against their true will (第四十一条第一项, 第七十四条第二款)."""
    _require(permissions.may_handle(acting_user, case))
    reason = _text(reason)
    if not reason:
        raise ReasonRequired(field="reason")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.WITHDRAWN, acting_user=acting_user, reason=reason,
              changes={"withdrawal_reason": reason})
        _notify_applicant(locked, gettext_lazy("Withdrawal of %(number)s approved"),
                          gettext_lazy("Your withdrawal of case %(number)s was approved and the case terminated."))
    case.refresh_from_db()
    return case


# Decision ------------------------------------------------------------------------------------

def extend_decision_period(case, *, acting_user, days: int, reason: str) -> Deadline:
    """Extend the ordinary 60-day decision period once, by at most 30 days, with the approval
    of the head of the institution and written notice to the parties (第六十二条第一款).
    The simplified procedure has no extension (第六十二条第二款)."""
    _require(permissions.may_approve(acting_user, case))
    reason = _text(reason)
    if not reason:
        raise ReasonRequired(field="reason")
    with transaction.atomic():
        locked = _lock(case)
        if locked.procedure != Procedure.ORDINARY or locked.status not in (
                Status.ACCEPTED, Status.AWAITING_REPLY, Status.IN_EXAMINATION, Status.HEARING, Status.MEDIATION,
                Status.SUSPENDED):
            raise GuardFailed(_("Only a pending case in the ordinary procedure can be extended (第六十二条)."))
        deadline = current_deadline(locked, periods.DECIDE[Procedure.ORDINARY])
        if deadline is None:
            raise GuardFailed(_("There is no running decision period."))
        if deadline.is_extended:
            raise GuardFailed(_("The decision period was already extended; it can be extended only once, by at "
                                "most 30 days (第六十二条第一款)."))
        deadline = deadline_services.extend_deadline(deadline, days, acting_user=acting_user, reason=reason)
        _event(locked, "extended", acting_user=acting_user, citation="《行政复议法》第六十二条第一款",
               note=_("Decision period extended by %(days)s days to %(due)s: %(reason)s")
               % {"days": deadline.extension_amount, "due": deadline.effective_due_on.isoformat(), "reason": reason})
        _notify_applicant(locked, gettext_lazy("Decision period of %(number)s extended"),
                          gettext_lazy("The decision period of case %(number)s was extended (《行政复议法》"
                                       "第六十二条第一款). The new date is on your case page."))
    return deadline


def decide(case, *, acting_user, decision_type: str, summary: str) -> ReconsiderationCase:
    """Make the reconsideration decision of one of the statutory types (第六十三条 to 第六十九条,
    or 驳回申请 under 第三十三条), approved per 第六十一条第一款. Marks the decision period met."""
    _require(permissions.may_handle(acting_user, case))
    summary = _text(summary)
    if not summary:
        raise ReasonRequired(_("Give the reasons of the decision."), field="summary")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.DECIDED, acting_user=acting_user, reason=summary,
              changes={"decision_type": decision_type, "decision_summary": summary},
              context={"decision_type": decision_type},
              note=str(DecisionType(decision_type).label) if decision_type in DecisionType.values else "")
        _meet(locked, periods.DECIDE[locked.procedure], acting_user)
    case.refresh_from_db()
    return case


def serve_decision(case, *, acting_user) -> ReconsiderationCase:
    """Serve the decision: it takes legal effect on service (第七十五条第二款). The applicant may
    sue within 15 days of receipt (《行政诉讼法》第四十五条), shown on the case page."""
    _require(permissions.may_handle(acting_user, case))
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.SERVED, acting_user=acting_user)
        _notify_applicant(locked, gettext_lazy("Decision on %(number)s"),
                          gettext_lazy("The reconsideration decision on case %(number)s has been served and is in "
                                       "effect. Read it on your case page."))
    case.refresh_from_db()
    return case


def close_case(case, *, acting_user, performance_note: str) -> ReconsiderationCase:
    """Record that the decision or mediation statement was performed and close the file
    (第七十七条)."""
    _require(permissions.may_handle(acting_user, case))
    note = _text(performance_note)
    if not note:
        raise ReasonRequired(_("Describe how the decision was performed."), field="performance_note")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.CLOSED, acting_user=acting_user, changes={"performance_note": note}, note=note)
    case.refresh_from_db()
    return case


def assign_handler(case, *, acting_user, handler) -> ReconsiderationCase:
    """Assign (or reassign) the handling officer (第三十六条第一款)."""
    _require(permissions.may_handle(acting_user, case) or permissions.may_approve(acting_user, case))
    if handler is None or not can(handler, "reconsideration.handle", permissions.body_side(case)):
        raise InvalidInput(_("Choose a reconsideration officer of this body."), field="handler")
    with transaction.atomic():
        locked = _lock(case)
        before = {"handler": locked.handler_id}
        locked.handler = handler
        locked.save(update_fields=["handler", "updated_at"])
        audit.record("reconsideration.case.assigned", actor=acting_user, obj=locked, org=locked.org,
                     changes=audit.diff(before, {"handler": handler.pk}))
        _event(locked, "assigned", acting_user=acting_user, note=handler.display_name, visible=False,
               citation="《行政复议法》第三十六条第一款")
    case.refresh_from_db()
    return case
