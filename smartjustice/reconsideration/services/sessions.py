"""Hearings (听证, 第五十条, 第五十一条) and mediation (调解, 第五条, 第七十三条): sessions, minutes,
the mediation agreement and its confirmation by both sides.
"""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput
from smartjustice.deadlines import engine
from smartjustice.deadlines import services as deadline_services
from smartjustice.notifications.services import notify

from .. import deadlines as periods
from .. import permissions
from ..choices import SessionKind, Status
from ..errors import GuardFailed, HearingNoticeTooShort, ReasonRequired
from ..models import MediationAgreement, ReconsiderationCase, Session
from .common import (
    _event,
    _lock,
    _meet,
    _move,
    _notify_applicant,
    _require,
    _required_text,
    _text,
    respondent_officers,
)


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
    from .. import conferencing

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
    reason = _required_text(reason, field="reason")
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.IN_EXAMINATION, acting_user=acting_user, reason=reason)
    case.refresh_from_db()
    return case
