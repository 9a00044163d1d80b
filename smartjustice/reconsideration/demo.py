"""Demo cases in every state, for `smartjustice demo` (the lead calls create_demo_cases).

Built through the real services with the demo organisations and people of
smartjustice/demo/data.py: body "tx-fyj", respondent "tx-scjg", citizen "13800000001",
officer "demo-reconsideration", respondent officer "demo-enforcement", supervisor
"demo-supervisor". Idempotent: each demo case has a fixed submission token, and a case
that exists is left as it is.
"""
import datetime as dt
import uuid

from django.db import transaction

from smartjustice.accounts.models import User
from smartjustice.orgs.models import Organisation

from . import services
from .choices import (
    ActType,
    DecisionType,
    Procedure,
    SessionKind,
    Status,
    SuspensionGround,
    TerminationGround,
)
from .models import ReconsiderationCase

NAMESPACE = uuid.UUID("6f1c3c1e-1b1e-4a53-9d1e-52a3a9c0d004")

BASE = {
    "act_type": ActType.PENALTY, "act_description": "违法停车罚款200元", "amount_involved": "200",
    "requests": "撤销该行政处罚决定", "facts_and_reasons": "本人车辆停放在划定车位内，有照片为证。",
    "remedy_notice_given": True,
}


def _steps(target: Status) -> list[str]:
    """The services that lead from a draft to `target`, in order."""
    to_examination = ["submit", "accept", "send_copy", "reply"]
    return {
        Status.DRAFT: [],
        Status.SUBMITTED: ["submit"],
        Status.CORRECTION_REQUESTED: ["submit", "correction"],
        Status.ABANDONED: ["submit", "correction", "backdate_correction", "abandon"],
        Status.NOT_ACCEPTED: ["submit", "not_accept"],
        Status.ACCEPTED: ["submit", "accept"],
        Status.AWAITING_REPLY: ["submit", "accept", "send_copy"],
        Status.IN_EXAMINATION: to_examination,
        Status.HEARING: [*to_examination, "hearing"],
        Status.MEDIATION: [*to_examination, "mediation", "agreement"],
        Status.SUSPENDED: [*to_examination, "suspend"],
        Status.TERMINATED: [*to_examination, "terminate"],
        Status.WITHDRAWN: [*to_examination, "withdraw"],
        Status.MEDIATED: [*to_examination, "mediation", "agreement", "confirm_applicant", "confirm_respondent"],
        Status.DECIDED: [*to_examination, "decide"],
        Status.SERVED: [*to_examination, "decide", "serve"],
        Status.CLOSED: [*to_examination, "decide", "serve", "close"],
    }.get(target)


def _run(step, case, people):
    officer, citizen, enforcement = people["officer"], people["citizen"], people["enforcement"]
    soon = services.clock.now() + dt.timedelta(days=21)
    actions = {
        "submit": lambda: services.submit_application(case, acting_user=citizen),
        "correction": lambda: services.request_correction(
            case, acting_user=officer, items=["请提交行政处罚决定书复印件", "请写明知道该处罚的日期及依据"]),
        "not_accept": lambda: services.refuse_acceptance(
            case, acting_user=officer, reasons="该行为属于对民事纠纷的调解，不属于行政复议范围（《行政复议法》第十二条第四项）。"),
        "accept": lambda: services.accept_application(case, acting_user=officer, procedure=Procedure.SIMPLIFIED,
                                                      facts_clear=True),
        "send_copy": lambda: services.send_copy(case, acting_user=officer),
        "reply": lambda: services.record_reply(case, acting_user=enforcement,
                                               text="该处罚事实清楚、证据确凿，适用依据正确，程序合法。"),
        "hearing": lambda: (services.convert_to_ordinary(case, acting_user=people["supervisor"],
                                                         reason="申请人请求听证，案情需当面核实"),
                            services.schedule_session(case, acting_user=officer, kind=SessionKind.HEARING,
                                                      scheduled_for=soon, place="桐乡市行政复议局听证室",
                                                      issues="停车位置是否违法")),
        "mediation": lambda: services.schedule_session(case, acting_user=officer, kind=SessionKind.MEDIATION,
                                                       scheduled_for=soon, place="线上调解室"),
        "agreement": lambda: services.draft_agreement(case, acting_user=officer,
                                                      terms="被申请人撤销原处罚决定，申请人撤回复议申请。"),
        "confirm_applicant": lambda: services.confirm_agreement(case, acting_user=citizen),
        "confirm_respondent": lambda: services.confirm_agreement(case, acting_user=enforcement),
        "backdate_correction": lambda: _backdate_correction(case),
        "abandon": lambda: services.mark_abandoned(case, acting_user=officer, reason="逾期未补正，亦未说明正当理由"),
        "suspend": lambda: services.suspend(case, acting_user=officer, ground=SuspensionGround.OTHER_CASE,
                                            reason="需以相关民事案件审理结果为依据"),
        "terminate": lambda: services.terminate(case, acting_user=officer, ground=TerminationGround.CRIMINAL_MEASURES,
                                                reason="申请人因同一违法行为被采取刑事强制措施"),
        "withdraw": lambda: services.withdraw(case, acting_user=officer, reason="双方和解，申请人申请撤回"),
        "decide": lambda: services.decide(case, acting_user=officer, decision_type=DecisionType.REVOKE,
                                          summary="主要事实不清、证据不足（《行政复议法》第六十四条第一款第一项）。"),
        "serve": lambda: services.serve_decision(case, acting_user=officer),
        "close": lambda: services.close_case(case, acting_user=officer, performance_note="被申请人已撤销原处罚并退还罚款。"),
    }
    actions[step]()
    case.refresh_from_db()


def _backdate_correction(case, days: int = 30) -> None:
    """Demo only: move the correction request `days` back (with its deadline recomputed by the
    engine) so the abandoned state can be shown without waiting for the period to lapse."""
    from smartjustice.deadlines import services as deadline_services
    from smartjustice.deadlines.models import Deadline

    earlier = services.clock.now() - dt.timedelta(days=days)
    anchor = services.clock.legal_date(earlier)
    due = deadline_services.compute("reconsideration.correction_submit", anchor)
    ReconsiderationCase.objects.filter(pk=case.pk).update(correction_requested_at=earlier)
    Deadline.objects.filter(object_id=str(case.pk), rule_id="reconsideration.correction_submit").update(
        anchor_on=anchor, due_on=due.due)


def create_demo_cases() -> dict[str, int]:
    """Create one demo case per state (idempotent). Returns {"created": n, "existing": m}."""
    body = Organisation.objects.get(code="tx-fyj")
    respondent = Organisation.objects.get(code="tx-scjg")
    people = {
        "citizen": User.objects.get(username="13800000001"),
        "officer": User.objects.get(username="demo-reconsideration"),
        "enforcement": User.objects.get(username="demo-enforcement"),
        "supervisor": User.objects.get(username="demo-supervisor"),
    }
    counts = {"created": 0, "existing": 0}
    today = services.clock.today()
    for index, status in enumerate(Status):
        token = uuid.uuid5(NAMESPACE, status.value)
        if ReconsiderationCase.objects.filter(submission_token=token).exists():
            counts["existing"] += 1
            continue
        with transaction.atomic():
            case = services.create_draft(
                acting_user=people["citizen"], org=body, respondent=respondent, token=token,
                data={**BASE, "act_document_number": f"桐市监罚〔{today.year}〕{100 + index}号",
                      "act_made_on": today - dt.timedelta(days=10), "act_known_on": today - dt.timedelta(days=8)})
            for step in _steps(status):
                _run(step, case, people)
        counts["created"] += 1
    return counts
