"""The one table of allowed moves of a 行政复议 case (STYLE §4), with guards and citations.

  draft                → submitted             submit the application (第二十二条)
  submitted            → correction_requested  one-time correction notice, within the 5-WD review (第三十一条第一款)
  submitted            → not_accepted          written decision with reasons, within the review (第三十条第二款)
  submitted            → accepted              accepted by decision (第三十条第一款), or deemed accepted
                                               once the review period lapsed (第三十条第三款)
  correction_requested → submitted             corrections received: a new acceptance review (第三十一条第三款)
  correction_requested → abandoned             10-WD period lapsed without a justified reason (第三十一条第二款)
  accepted             → awaiting_reply        copy sent to the respondent: 7 WD ordinary (第四十八条),
                                               3 WD simplified (第五十四条第一款)
  awaiting_reply       → in_examination        the reply came, or its period lapsed (第四十八条, 第五十四条, 第七十条)
  in_examination       → hearing               hearing in the ordinary procedure (第五十条)
  hearing              → in_examination        hearing held, record made (第五十条第三款, 第六十一条第二款)
  in_examination       → mediation             mediation (第五条)
  mediation            → mediated              mediation statement signed by all parties (第七十三条第一款)
  mediation            → in_examination        no agreement, or a party retracted (第七十三条第二款)
  accepted … mediation → suspended             on a ground of 第三十九条第一款
  suspended            → the state it left     cause removed: resume promptly (第三十九条第二款)
  accepted … suspended → terminated            on a ground of 第四十一条 items (二)–(五)
  submitted … suspended→ withdrawn             withdrawal approved (第四十一条第一项, 第七十四条第二款)
  in_examination       → decided               decision of a statutory type (第六十一条, 第六十三条–第六十九条),
                                               within 第六十二条's period
  decided              → served                served: legally effective (第七十五条第二款)
  served, mediated     → closed                performance followed up and confirmed (第七十七条)

Each Transition names the timestamp field it sets. Only services.py calls `check`; an
illegal move raises IllegalTransition, a move whose legal condition fails raises
GuardFailed, and in both cases the caller changes nothing.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .choices import (
    LAPSING_SUSPENSIONS,
    ActType,
    DecisionType,
    Procedure,
    Status,
    TerminationGround,
)
from .errors import GuardFailed, IllegalTransition

S = Status
LAW = "《行政复议法》"
SUSPENDABLE = (S.ACCEPTED, S.AWAITING_REPLY, S.IN_EXAMINATION, S.HEARING, S.MEDIATION)


@dataclass(frozen=True)
class Context:
    """What a guard may need besides the case: the legal date and the binding due dates."""

    today: dt.date
    review_due: dt.date | None = None  # acceptance review (第三十条第一款)
    correction_due: dt.date | None = None  # correction period (第三十一条第二款)
    reply_due: dt.date | None = None  # respondent's reply (第四十八条 / 第五十四条)
    deemed: bool = False
    decision_type: str = ""
    termination_ground: str = ""
    agreement_confirmed: bool = False
    extra: dict = field(default_factory=dict)


Guard = Callable[["object", Context], "str | None"]


def _within_review(case, ctx: Context):
    if ctx.review_due is not None and ctx.today > ctx.review_due:
        return _("The 5-working-day review period ended on %(due)s; the application is deemed accepted "
                 "(第三十条第三款).") % {"due": ctx.review_due.isoformat()}
    return None


def _accept(case, ctx: Context):
    if ctx.deemed and (ctx.review_due is None or ctx.today <= ctx.review_due):
        return _("The review period has not ended; the application cannot be deemed accepted yet.")
    return None


def _correction_lapsed(case, ctx: Context):
    if ctx.correction_due is None or ctx.today <= ctx.correction_due:
        return _("The correction period has not ended; the application cannot be treated as abandoned.")
    return None


def _procedure_set(case, ctx: Context):
    if case.procedure not in Procedure.values:
        return _("Choose the ordinary or the simplified procedure first.")
    return None


def _reply_or_lapsed(case, ctx: Context):
    if case.reply_received_at is not None:
        return None
    if ctx.reply_due is not None and ctx.today > ctx.reply_due:
        return None
    return _("The respondent's reply period has not ended and no reply has arrived.")


def _ordinary(case, ctx: Context):
    if case.procedure != Procedure.ORDINARY:
        return _("Hearings belong to the ordinary procedure (第五十条); convert the case first (第五十五条).")
    return None


def _agreement(case, ctx: Context):
    if not ctx.agreement_confirmed:
        return _("Both the applicant and the respondent must confirm the mediation agreement (第七十三条第一款).")
    return None


def _resume_to(target: Status) -> Guard:
    def guard(case, ctx: Context):
        if case.status_before_suspension != target:
            return _("The case was not suspended from this stage.")
        return None
    return guard


def _terminate(case, ctx: Context):
    if ctx.termination_ground not in TerminationGround.values:
        return _("Choose a ground of termination of 第四十一条.")
    if ctx.termination_ground == TerminationGround.SUSPENSION_LAPSED:
        lapsed_on = (case.suspended_at.date() + dt.timedelta(days=60)) if case.suspended_at else None
        if (case.status != S.SUSPENDED or case.suspension_ground not in LAPSING_SUSPENSIONS
                or lapsed_on is None or ctx.today < lapsed_on):
            return _("Termination under 第四十一条第五项 needs a suspension under 第三十九条第一款第一、二或四项 that "
                     "has lasted 60 days.")
    return None


def _decide(case, ctx: Context):
    if ctx.decision_type not in DecisionType.values:
        return _("Choose the type of decision.")
    if ctx.decision_type == DecisionType.REJECT_REQUEST and case.act_type != ActType.NON_PERFORMANCE:
        return _("A request is rejected under 第六十九条 only in a case about failure to perform a statutory duty.")
    return None


@dataclass(frozen=True)
class Transition:
    source: Status
    target: Status
    action: str  # the audit event: reconsideration.case.<action>
    timestamp: str  # the field this move sets
    citation: str
    guard: Guard | None = None


def _t(source, target, action, timestamp, citation, guard=None) -> Transition:
    return Transition(source, target, action, timestamp, f"{LAW}{citation}", guard)


TRANSITIONS: tuple[Transition, ...] = (
    _t(S.DRAFT, S.SUBMITTED, "submitted", "submitted_at", "第二十二条"),
    _t(S.SUBMITTED, S.CORRECTION_REQUESTED, "correction_requested", "correction_requested_at", "第三十一条第一款",
       _within_review),
    _t(S.SUBMITTED, S.NOT_ACCEPTED, "not_accepted", "not_accepted_at", "第三十条第二款", _within_review),
    _t(S.SUBMITTED, S.ACCEPTED, "accepted", "accepted_at", "第三十条", _accept),
    _t(S.CORRECTION_REQUESTED, S.SUBMITTED, "correction_submitted", "correction_submitted_at", "第三十一条第三款"),
    _t(S.CORRECTION_REQUESTED, S.ABANDONED, "abandoned", "abandoned_at", "第三十一条第二款", _correction_lapsed),
    _t(S.ACCEPTED, S.AWAITING_REPLY, "copy_sent", "copy_sent_at", "第四十八条、第五十四条第一款", _procedure_set),
    _t(S.AWAITING_REPLY, S.IN_EXAMINATION, "examination_started", "examination_started_at",
       "第四十八条、第五十四条第一款、第七十条", _reply_or_lapsed),
    _t(S.IN_EXAMINATION, S.HEARING, "hearing_started", "hearing_started_at", "第五十条", _ordinary),
    _t(S.HEARING, S.IN_EXAMINATION, "hearing_concluded", "hearing_concluded_at", "第五十条第三款、第六十一条第二款"),
    _t(S.IN_EXAMINATION, S.MEDIATION, "mediation_started", "mediation_started_at", "第五条"),
    _t(S.MEDIATION, S.MEDIATED, "mediated", "mediated_at", "第七十三条第一款", _agreement),
    _t(S.MEDIATION, S.IN_EXAMINATION, "mediation_failed", "mediation_ended_at", "第七十三条第二款"),
    *(_t(source, S.SUSPENDED, "suspended", "suspended_at", "第三十九条第一款") for source in SUSPENDABLE),
    *(_t(S.SUSPENDED, target, "resumed", "resumed_at", "第三十九条第二款", _resume_to(target))
      for target in SUSPENDABLE),
    *(_t(source, S.TERMINATED, "terminated", "terminated_at", "第四十一条", _terminate)
      for source in (*SUSPENDABLE, S.SUSPENDED)),
    *(_t(source, S.WITHDRAWN, "withdrawn", "withdrawn_at", "第四十一条第一项、第七十四条第二款")
      for source in (S.SUBMITTED, S.CORRECTION_REQUESTED, *SUSPENDABLE, S.SUSPENDED)),
    _t(S.IN_EXAMINATION, S.DECIDED, "decided", "decided_at", "第六十一条、第六十二条", _decide),
    _t(S.DECIDED, S.SERVED, "served", "served_at", "第七十五条第二款"),
    _t(S.SERVED, S.CLOSED, "closed", "closed_at", "第七十七条"),
    _t(S.MEDIATED, S.CLOSED, "closed", "closed_at", "第七十七条"),
)

TABLE: dict[tuple[str, str], Transition] = {(t.source.value, t.target.value): t for t in TRANSITIONS}
assert len(TABLE) == len(TRANSITIONS), "duplicate (from, to) pair in the transition table"


def allowed_targets(status: str) -> list[Status]:
    return [t.target for t in TRANSITIONS if t.source == status]


def is_allowed(source: str, target: str) -> bool:
    return (str(source), str(target)) in TABLE


def check(case, target: str, ctx: Context) -> Transition:
    """The transition from the case's status to `target` if the table has it and its guard
    passes; IllegalTransition or GuardFailed otherwise."""
    transition = TABLE.get((str(case.status), str(target)))
    if transition is None:
        raise IllegalTransition(current=Status(case.status).label, target=Status(target).label)
    if transition.guard is not None:
        reason = transition.guard(case, ctx)
        if reason:
            raise GuardFailed(reason)
    return transition
