"""Filing (申请): drafts, the correction list of missing items, the filing period
(第二十条, 第二十一条) and submission with a case number.
"""
from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput, PermissionDenied
from smartjustice.deadlines import engine
from smartjustice.deadlines import services as deadline_services
from smartjustice.orgs.choices import Kind
from smartjustice.orgs.permissions import can

from .. import deadlines as periods
from .. import permissions
from ..choices import ActType, AgentKind, ApplicantKind, Status
from ..errors import ApplicationIncomplete, DuplicateToken, GuardFailed, TooManyAgents
from ..models import Agent, Applicant, CaseNumberSequence, ReconsiderationCase
from .common import (
    RESPONDENT_KINDS,
    _lock,
    _move,
    _notify_applicant,
    _open,
    _require,
    _snapshot,
    _text,
)

# Fields the applicant writes in the form; everything else is set by the services below.
DRAFT_FIELDS = (
    "act_type", "act_document_number", "act_description", "act_made_on", "act_known_on", "remedy_notice_given",
    "remedy_known_on", "concerns_real_property", "made_on_the_spot", "is_warning_or_criticism", "amount_involved",
    "requests", "facts_and_reasons", "late_reason", "wants_hearing", "parties_agree_simplified",
)


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
