"""Rewards and sanctions (考核奖惩, 《社区矫正法》第二十八条) on the ladder, with documents.

| measure | for | decided by | citation |
| 表扬 | all | the institution | 《社区矫正法》第二十八条第一款 |
| 训诫 / 警告 | all | the institution | 《社区矫正法》第二十八条第一款 |
| 提请治安管理处罚 | all | public security | 《社区矫正法》第二十八条第一款, 第五十九条 |
| 提请撤销缓刑 | 缓刑 | court, within 30 days | 《社区矫正法》第四十六条第三款, 第四十八条第一款; 《刑法》第七十七条 |
| 提请撤销假释 | 假释 | court, within 30 days | 《社区矫正法》第四十六条第三款, 第四十八条第一款; 《刑法》第八十六条 |
| 提请收监执行 | 暂予监外执行 | decision organ, within 30 days | 《社区矫正法》第四十九条; 《刑事诉讼法》第二百六十八条 |

Escalation thresholds (how many admonitions before a warning is suggested, how many warnings
before revocation is suggested) come from the policy table; the suggestion never decides.
"""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput

from .. import policy
from ..choices import PROPOSALS, MeasureKind, MeasureStatus, SubjectStatus, SubjectType
from ..errors import MeasureNotApplicable, ReasonRequired, StateConflict, SubjectNotActive
from ..models import Measure, Subject
from ._common import bump, require

__all__ = ["impose_measure", "record_measure_outcome", "suggest_next_measure", "MEASURE_RULES"]

DECIDE = "correction.measure.decide"
DECISION_DAYS = 30  # 第四十八条第一款 (revocation), 第四十九条第二款 (committal)

# kind: (subject types allowed (None: all), citation, days the deciding organ has, document title)
MEASURE_RULES = {
    MeasureKind.COMMENDATION: (None, "《社区矫正法》第二十八条第一款", None, "社区矫正表扬决定书"),
    MeasureKind.ADMONITION: (None, "《社区矫正法》第二十八条第一款", None, "社区矫正训诫决定书"),
    MeasureKind.WARNING: (None, "《社区矫正法》第二十八条第一款", None, "社区矫正警告决定书"),
    MeasureKind.PROPOSE_PUBLIC_SECURITY_PENALTY: (
        None, "《社区矫正法》第二十八条第一款、第五十九条；《治安管理处罚法》第六十条第四项", None, "提请治安管理处罚建议书"),
    MeasureKind.PROPOSE_REVOKE_PROBATION: (
        {SubjectType.PROBATION}, "《社区矫正法》第二十八条第一款、第四十六条第三款、第四十八条第一款；《刑法》第七十七条",
        DECISION_DAYS, "撤销缓刑建议书"),
    MeasureKind.PROPOSE_REVOKE_PAROLE: (
        {SubjectType.PAROLE}, "《社区矫正法》第二十八条第一款、第四十六条第三款、第四十八条第一款；《刑法》第八十六条",
        DECISION_DAYS, "撤销假释建议书"),
    MeasureKind.PROPOSE_COMMITTAL: (
        {SubjectType.TEMPORARY_OUTSIDE}, "《社区矫正法》第二十八条第一款、第四十九条；《刑事诉讼法》第二百六十八条第一款",
        DECISION_DAYS, "收监执行建议书"),
}
NOT_APPLICABLE = {
    MeasureKind.PROPOSE_REVOKE_PROBATION: _("Only a suspended sentence can be revoked (《刑法》第七十七条)."),
    MeasureKind.PROPOSE_REVOKE_PAROLE: _("Only parole can be revoked (《刑法》第八十六条)."),
    MeasureKind.PROPOSE_COMMITTAL: _("Committal to prison applies only to temporary execution outside prison (《社区矫正法》第四十九条)."),
}
ADDRESSEE = {
    MeasureKind.PROPOSE_PUBLIC_SECURITY_PENALTY: "公安机关",
    MeasureKind.PROPOSE_REVOKE_PROBATION: "原审人民法院或执行地人民法院（抄送人民检察院）",
    MeasureKind.PROPOSE_REVOKE_PAROLE: "原审人民法院或执行地人民法院（抄送人民检察院）",
    MeasureKind.PROPOSE_COMMITTAL: "社区矫正决定机关（抄送人民检察院）",
}
PREFIX = {
    MeasureKind.COMMENDATION: "表", MeasureKind.ADMONITION: "训", MeasureKind.WARNING: "警",
    MeasureKind.PROPOSE_PUBLIC_SECURITY_PENALTY: "治建", MeasureKind.PROPOSE_REVOKE_PROBATION: "撤缓建",
    MeasureKind.PROPOSE_REVOKE_PAROLE: "撤假建", MeasureKind.PROPOSE_COMMITTAL: "收监建",
}


def _document_number(subject: Subject, kind: str, day: dt.date) -> str:
    count = Measure.objects.filter(org=subject.org, kind=kind, decided_at__year=day.year).count() + 1
    return f"{subject.org.code}〔{day.year}〕{PREFIX[kind]}{count}号"


def impose_measure(subject: Subject, kind: str, *, facts: str, acting_user) -> Measure:
    """Decide a reward or sanction, or send a proposal up the ladder, with its document.

    Guarantees: only for an active file and an officer of its office; the measure must exist
    for the subject's type (revocation of 缓刑 only for 缓刑, of 假释 only for 假释, committal only
    for 暂予监外执行); facts are required; a proposal records the date by which the court or
    decision organ must decide (30 days, 第四十八条第一款 / 第四十九条第二款). Audited."""
    require(acting_user, DECIDE, subject)
    if kind not in MEASURE_RULES:
        raise InvalidInput(_("Unknown measure."), field="kind")
    facts = (facts or "").strip()
    if len(facts) < 4:
        raise ReasonRequired(field="facts")
    types, citation, days, title = MEASURE_RULES[kind]
    if types is not None and subject.subject_type not in types:
        raise MeasureNotApplicable(NOT_APPLICABLE[kind], field="kind")
    today = clock.today()
    with transaction.atomic():
        locked = Subject.objects.select_for_update().get(pk=subject.pk)
        if locked.status != SubjectStatus.IN_CORRECTION:
            raise SubjectNotActive()
        is_proposal = kind in PROPOSALS
        number = _document_number(locked, kind, today)
        due = today + dt.timedelta(days=days) if days else None
        text = render_to_string("correction/documents/measure.txt", {
            "title": title, "number": number, "subject": locked, "facts": facts, "citation": citation,
            "kind": kind, "addressee": ADDRESSEE.get(kind, ""), "due": due, "today": today,
            "is_proposal": is_proposal, "org": locked.org})
        measure = Measure.objects.create(
            subject=locked, org=locked.org, kind=kind,
            status=MeasureStatus.PROPOSED if is_proposal else MeasureStatus.DECIDED, facts=facts, citation=citation,
            document_number=number, document_text=text, decided_by=acting_user, decided_at=clock.now(),
            decision_due_on=due)
        audit.record(f"correction.measure.{kind}", actor=acting_user, obj=measure, org=locked.org,
                     changes={"kind": [None, kind], "status": [None, measure.status], "document_number": [None, number],
                              "decision_due_on": [None, due.isoformat() if due else None]}, reason=facts)
        bump(locked.org_id, today, f"measures.{kind}")
    return measure


def record_measure_outcome(measure: Measure, *, upheld: bool, acting_user, note: str = "") -> Measure:
    """Record what the police, court or decision organ decided on a proposal."""
    require(acting_user, DECIDE, measure.subject)
    with transaction.atomic():
        locked = Measure.objects.select_for_update().get(pk=measure.pk)
        if locked.status != MeasureStatus.PROPOSED:
            raise StateConflict(_("Only a pending proposal can receive a decision."))
        new = MeasureStatus.UPHELD if upheld else MeasureStatus.REJECTED
        audit.record("correction.measure.outcome", actor=acting_user, obj=locked, org=locked.org,
                     changes={"status": [locked.status, new]}, reason=note)
        locked.status = new
        locked.save(update_fields=["status"])
    return locked


def suggest_next_measure(subject: Subject) -> tuple[str | None, str]:
    """What the policy thresholds suggest after the measures so far: (kind or None, why).
    Counts only measures in force (not withdrawn on objection)."""
    counts = {kind: subject.measures.filter(kind=kind, withdrawn=False).count()
              for kind in (MeasureKind.ADMONITION, MeasureKind.WARNING)}
    warnings_needed = policy.setting("escalation.warnings_before_revocation")
    admonitions_needed = policy.setting("escalation.admonitions_before_warning")
    if counts[MeasureKind.WARNING] >= warnings_needed:
        for kind, (types, _citation, _days, _title) in MEASURE_RULES.items():
            if types is not None and subject.subject_type in types:
                return kind, f"{counts[MeasureKind.WARNING]} 次警告（阈值 {warnings_needed}，{policy.DEFAULTS['escalation.warnings_before_revocation'][3]}）"
        return MeasureKind.PROPOSE_PUBLIC_SECURITY_PENALTY, f"{counts[MeasureKind.WARNING]} 次警告（阈值 {warnings_needed}）"
    if counts[MeasureKind.ADMONITION] >= admonitions_needed:
        return MeasureKind.WARNING, f"{counts[MeasureKind.ADMONITION]} 次训诫（阈值 {admonitions_needed}，本地政策）"
    return None, ""
