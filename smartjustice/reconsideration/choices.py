"""Choices of a 行政复议 case: states, procedures, act types, grounds and outcomes.

Every list that the law enumerates cites the article it comes from; the items keep the
law's order so "第十一条第十四项" is easy to check against ActType.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    # The applicant is still writing; nothing has reached the reconsideration organ.
    DRAFT = "draft", _("draft")
    # Received (收到申请); the 5-working-day acceptance review runs (第三十条第一款).
    SUBMITTED = "submitted", _("received, acceptance review")
    # One-time written correction notice sent (补正通知, 第三十一条第一款); 10 working days to respond.
    CORRECTION_REQUESTED = "correction_requested", _("correction requested")
    # Correction period lapsed without a justified reason: deemed abandoned (视为放弃, 第三十一条第二款).
    ABANDONED = "abandoned", _("deemed abandoned")
    # Written decision not to accept, with reasons (不予受理, 第三十条第二款).
    NOT_ACCEPTED = "not_accepted", _("not accepted")
    # Accepted (受理), by decision or deemed (视为受理, 第三十条第三款); copy not yet sent.
    ACCEPTED = "accepted", _("accepted")
    # Copy of the application sent to the respondent; its reply period runs (第四十八条, 第五十四条).
    AWAITING_REPLY = "awaiting_reply", _("awaiting the respondent's reply")
    # Examination of the act (审理) after the reply or after its period lapsed (第七十条).
    IN_EXAMINATION = "in_examination", _("under examination")
    # A hearing is scheduled or under way (听证, 第五十条, 第五十一条).
    HEARING = "hearing", _("hearing")
    # Mediation under way (调解, 第五条, 第七十三条).
    MEDIATION = "mediation", _("mediation")
    # Suspended on a statutory ground (中止, 第三十九条).
    SUSPENDED = "suspended", _("suspended")
    # Terminated on a statutory ground other than withdrawal (终止, 第四十一条).
    TERMINATED = "terminated", _("terminated")
    # Withdrawal approved and the case terminated (撤回, 第四十一条第一项, 第七十四条第二款).
    WITHDRAWN = "withdrawn", _("withdrawn")
    # Mediation statement signed by all parties and sealed: legally effective (第七十三条第一款).
    MEDIATED = "mediated", _("concluded by mediation")
    # Decision made (作出行政复议决定, 第六十一条, 第六十二条); not yet served.
    DECIDED = "decided", _("decided")
    # Decision served: legally effective (第七十五条第二款); performance is followed up (第七十七条).
    SERVED = "served", _("decision served")
    # Performance confirmed and the file closed (第七十七条).
    CLOSED = "closed", _("closed")


TERMINAL_STATUSES = frozenset({Status.ABANDONED, Status.NOT_ACCEPTED, Status.TERMINATED, Status.WITHDRAWN,
                               Status.CLOSED})
# States in which the case is pending before the organ after acceptance ("行政复议期间").
PENDING_STATUSES = frozenset({Status.ACCEPTED, Status.AWAITING_REPLY, Status.IN_EXAMINATION, Status.HEARING,
                              Status.MEDIATION})


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", _("ordinary procedure")  # 普通程序, 第四章第三节
    SIMPLIFIED = "simplified", _("simplified procedure")  # 简易程序, 第五十三条


class ActType(models.TextChoices):
    """The reviewable acts of 《行政复议法》第十一条, item by item."""

    PENALTY = "penalty", _("administrative penalty decision")  # (一)
    COERCIVE = "coercive", _("administrative coercive measure or enforcement decision")  # (二)
    LICENSING = "licensing", _("administrative licensing")  # (三)
    NATURAL_RESOURCES = "natural_resources", _("decision confirming natural-resource ownership or use rights")  # (四)
    EXPROPRIATION = "expropriation", _("expropriation or requisition, or its compensation")  # (五)
    COMPENSATION = "compensation", _("compensation decision or refusal to compensate")  # (六)
    WORK_INJURY = "work_injury", _("work-injury determination")  # (七)
    BUSINESS_AUTONOMY = "business_autonomy", _("infringement of business autonomy or rural land rights")  # (八)
    COMPETITION = "competition", _("abuse of power to exclude or restrict competition")  # (九)
    ILLEGAL_DEMAND = "illegal_demand", _("illegal fund-raising, levies or other demands")  # (十)
    NON_PERFORMANCE = "non_performance", _("failure to perform a statutory duty")  # (十一)
    SOCIAL_SECURITY = "social_security", _("pension, social insurance or minimum living allowance not paid")  # (十二)
    AGREEMENT = "agreement", _("administrative agreement")  # (十三)
    INFORMATION_DISCLOSURE = "information_disclosure", _("government information disclosure")  # (十四)
    OTHER = "other", _("other administrative act")  # (十五)


class SuspensionGround(models.TextChoices):
    """《行政复议法》第三十九条第一款, item by item."""

    APPLICANT_DIED = "applicant_died", _("the applicant died; close relatives have not decided whether to join")
    LOST_CAPACITY = "lost_capacity", _("the applicant lost capacity; no legal representative yet")
    MISSING = "missing", _("the applicant is missing")
    ORGANISATION_ENDED = "organisation_ended", _("the applicant organisation ended; no successor yet")
    CANNOT_TAKE_PART = "cannot_take_part", _("a party cannot take part for force majeure or another justified reason")
    MEDIATION_AGREED = "mediation_agreed", _("mediation or settlement under way and both sides agree to suspend")
    INTERPRETATION = "interpretation", _("a question of law needs interpretation by the competent authority")
    OTHER_CASE = "other_case", _("the case depends on another case not yet concluded")
    NORMATIVE_DOCUMENT = "normative_document", _("review of a normative document (第五十六条, 第五十七条)")
    OTHER = "other", _("another circumstance requiring suspension")


SUSPENSION_ITEM = {
    SuspensionGround.APPLICANT_DIED: "第一项", SuspensionGround.LOST_CAPACITY: "第二项",
    SuspensionGround.MISSING: "第三项", SuspensionGround.ORGANISATION_ENDED: "第四项",
    SuspensionGround.CANNOT_TAKE_PART: "第五项", SuspensionGround.MEDIATION_AGREED: "第六项",
    SuspensionGround.INTERPRETATION: "第七项", SuspensionGround.OTHER_CASE: "第八项",
    SuspensionGround.NORMATIVE_DOCUMENT: "第九项", SuspensionGround.OTHER: "第十项",
}
# Suspensions that end in termination after 60 days (第四十一条第五项).
LAPSING_SUSPENSIONS = frozenset({SuspensionGround.APPLICANT_DIED, SuspensionGround.LOST_CAPACITY,
                                 SuspensionGround.ORGANISATION_ENDED})


class TerminationGround(models.TextChoices):
    """《行政复议法》第四十一条 items (二) to (五); item (一), withdrawal, is Status.WITHDRAWN."""

    NO_RELATIVES = "no_relatives", _("the applicant died without close relatives, or they waived the right")
    NO_SUCCESSOR = "no_successor", _("the applicant organisation ended without a successor, or it waived the right")
    CRIMINAL_MEASURES = "criminal_measures", _("criminal coercive measures for the same conduct")
    SUSPENSION_LAPSED = "suspension_lapsed", _("suspended for 60 days and the cause persists")


TERMINATION_ITEM = {
    TerminationGround.NO_RELATIVES: "第二项", TerminationGround.NO_SUCCESSOR: "第三项",
    TerminationGround.CRIMINAL_MEASURES: "第四项", TerminationGround.SUSPENSION_LAPSED: "第五项",
}


class DecisionType(models.TextChoices):
    """Types of reconsideration decision (第五章) with the article each rests on."""

    VARY = "vary", _("vary the act (变更)")  # 第六十三条
    REVOKE = "revoke", _("revoke the act (撤销)")  # 第六十四条
    CONFIRM_ILLEGAL = "confirm_illegal", _("confirm the act illegal (确认违法)")  # 第六十五条
    ORDER_PERFORMANCE = "order_performance", _("order performance (责令履行)")  # 第六十六条
    CONFIRM_INVALID = "confirm_invalid", _("confirm the act invalid (确认无效)")  # 第六十七条
    MAINTAIN = "maintain", _("maintain the act (维持)")  # 第六十八条
    REJECT_REQUEST = "reject_request", _("reject the request (驳回复议请求)")  # 第六十九条
    DISMISS_APPLICATION = "dismiss_application", _("dismiss the application (驳回申请)")  # 第三十三条


DECISION_ARTICLE = {
    DecisionType.VARY: "第六十三条", DecisionType.REVOKE: "第六十四条", DecisionType.CONFIRM_ILLEGAL: "第六十五条",
    DecisionType.ORDER_PERFORMANCE: "第六十六条", DecisionType.CONFIRM_INVALID: "第六十七条",
    DecisionType.MAINTAIN: "第六十八条", DecisionType.REJECT_REQUEST: "第六十九条",
    DecisionType.DISMISS_APPLICATION: "第三十三条",
}


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("citizen")
    ORGANISATION = "organisation", _("legal person or other organisation")


class AgentKind(models.TextChoices):
    """Agents an applicant may appoint (第十七条第一款)."""

    LAWYER = "lawyer", _("lawyer")
    GRASSROOTS = "grassroots", _("grassroots legal service worker")
    OTHER = "other", _("other agent")


class SessionKind(models.TextChoices):
    HEARING = "hearing", _("hearing")  # 听证, 第五十条
    MEDIATION = "mediation", _("mediation session")  # 调解, 第五条


class DocumentKind(models.TextChoices):
    """The standard documents of a case (issue #4 §5), each issued at the step named."""

    ACCEPTANCE_NOTICE = "acceptance_notice", _("acceptance notice")  # 受理通知书, 第三十条第一款
    CORRECTION_NOTICE = "correction_notice", _("correction notice")  # 补正通知书, 第三十一条第一款
    NON_ACCEPTANCE_DECISION = "non_acceptance_decision", _("decision not to accept")  # 不予受理决定书, 第三十条第二款
    COPY_NOTICE = "copy_notice", _("notice to the respondent with the copy of the application")  # 第四十八条
    HEARING_NOTICE = "hearing_notice", _("hearing notice")  # 听证通知书, 第五十一条第一款
    MEDIATION_AGREEMENT = "mediation_agreement", _("mediation statement")  # 行政复议调解书, 第七十三条第一款
    DECISION = "decision", _("reconsideration decision")  # 行政复议决定书, 第七十五条第一款


# The timeline event (CaseEvent.action) at which each document is issued.
DOCUMENT_FOR_EVENT = {
    "accepted": DocumentKind.ACCEPTANCE_NOTICE,
    "correction_requested": DocumentKind.CORRECTION_NOTICE,
    "not_accepted": DocumentKind.NON_ACCEPTANCE_DECISION,
    "copy_sent": DocumentKind.COPY_NOTICE,
    "hearing_scheduled": DocumentKind.HEARING_NOTICE,
    "mediated": DocumentKind.MEDIATION_AGREEMENT,
    "decided": DocumentKind.DECISION,
}
EVENT_FOR_DOCUMENT = {kind: action for action, kind in DOCUMENT_FOR_EVENT.items()}

# Timeline events that are not a change of state (CaseEvent.action), as the parties read them.
EVENT_LABELS = {
    "agreement_drafted": _("mediation agreement drafted"),
    "assigned": _("handling officer assigned"),
    "converted": _("converted to the ordinary procedure"),
    "extended": _("decision period extended"),
    "hearing_scheduled": _("hearing scheduled"),
    "mediation_scheduled": _("mediation session scheduled"),
    "deadline_unavailable": _("time limit could not be computed"),
}
