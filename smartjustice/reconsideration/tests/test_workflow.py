"""Every (from, to) pair of states: the table's moves succeed through their services, every
other pair raises and leaves the case row, its deadlines, its timeline and the audit trail
exactly as they were (STYLE §4)."""
import datetime as dt

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import translation

from smartjustice.audit.models import AuditEntry
from smartjustice.core.errors import Conflict
from smartjustice.deadlines.models import Deadline
from smartjustice.reconsideration import services, workflow
from smartjustice.reconsideration.choices import (
    Procedure,
    SessionKind,
    Status,
    SuspensionGround,
    TerminationGround,
)
from smartjustice.reconsideration.errors import IllegalTransition
from smartjustice.reconsideration.models import (
    CaseEvent,
    MediationAgreement,
    ReconsiderationCase,
    Session,
)

from .conftest import START
from .factories import complete_draft

pytestmark = pytest.mark.django_db
STATES = list(Status)
PAIRS = [(source, target) for source in STATES for target in STATES]


def test_the_table_restated():
    allowed = {(t.source.value, t.target.value) for t in workflow.TRANSITIONS}
    # 13 single moves, 5 suspensions, 5 resumptions, 6 terminations, 8 withdrawals, decide,
    # serve and two ways to close.
    assert len(allowed) == 41
    assert ("submitted", "accepted") in allowed and ("draft", "accepted") not in allowed
    assert all(t.citation.startswith("《行政复议法》第") for t in workflow.TRANSITIONS)
    assert all(hasattr(ReconsiderationCase, t.timestamp) for t in workflow.TRANSITIONS)


def _force_draft_move(case, people):
    # Nothing may move a case back to draft: the service layer's one entry point refuses.
    with transaction.atomic():
        services._move(services._lock(case), Status.DRAFT, acting_user=people["officer"])


def _service(source, target, people, frozen):
    officer, applicant = people["officer"], people["applicant"]
    default = {
        Status.DRAFT: lambda c: _force_draft_move(c, people),
        Status.SUBMITTED: lambda c: services.submit_correction(c, acting_user=applicant, response="已补正"),
        Status.CORRECTION_REQUESTED: lambda c: services.request_correction(c, acting_user=officer, items=["身份证明"]),
        Status.ABANDONED: lambda c: services.mark_abandoned(c, acting_user=officer, reason="逾期未补正"),
        Status.NOT_ACCEPTED: lambda c: services.refuse_acceptance(c, acting_user=officer, reasons="超出受理范围"),
        Status.ACCEPTED: lambda c: services.accept_application(c, acting_user=officer, procedure=Procedure.ORDINARY),
        Status.AWAITING_REPLY: lambda c: services.send_copy(c, acting_user=officer),
        Status.IN_EXAMINATION: lambda c: services.proceed_without_reply(c, acting_user=officer),
        Status.HEARING: lambda c: services.start_hearing(c, acting_user=officer),
        Status.MEDIATION: lambda c: services.start_mediation(c, acting_user=officer),
        Status.SUSPENDED: lambda c: services.suspend(c, acting_user=officer, ground=SuspensionGround.OTHER_CASE,
                                                     reason="等待另案结果"),
        Status.TERMINATED: lambda c: services.terminate(c, acting_user=officer,
                                                        ground=TerminationGround.CRIMINAL_MEASURES, reason="刑事强制措施"),
        Status.WITHDRAWN: lambda c: services.withdraw(c, acting_user=officer, reason="申请人撤回"),
        Status.MEDIATED: lambda c: services.confirm_agreement(c, acting_user=applicant),
        Status.DECIDED: lambda c: services.decide(c, acting_user=officer, decision_type="revoke", summary="事实不清"),
        Status.SERVED: lambda c: services.serve_decision(c, acting_user=officer),
        Status.CLOSED: lambda c: services.close_case(c, acting_user=officer, performance_note="已履行"),
    }
    special = {
        (Status.DRAFT, Status.SUBMITTED): lambda c: services.submit_application(c, acting_user=applicant),
        (Status.AWAITING_REPLY, Status.IN_EXAMINATION): lambda c: services.record_reply(
            c, acting_user=people["respondent_officer"], text="答复"),
        (Status.HEARING, Status.IN_EXAMINATION): lambda c: services.record_session(
            c.sessions.get(), acting_user=officer, attendance={"申请人": True}, minutes="听证笔录"),
        (Status.MEDIATION, Status.IN_EXAMINATION): lambda c: services.end_mediation(
            c, acting_user=officer, reason="未达成协议"),
        **{(Status.SUSPENDED, target): (lambda c: services.resume(c, acting_user=officer, reason="中止原因消除"))
           for target in workflow.SUSPENDABLE},
    }
    return special.get((source, target), default[target])


def _case_in(source, target, orgs, people, frozen):
    """A case in `source`, built through the services, then set up so the guard of
    (source, target) holds when the pair is in the table."""
    draft = complete_draft(orgs, people["applicant"])
    if source == Status.DRAFT:
        return draft
    case = services.submit_application(draft, acting_user=people["applicant"])
    if source == Status.CORRECTION_REQUESTED:
        case = services.request_correction(case, acting_user=people["officer"], items=["身份证明"])
        if target == Status.ABANDONED:
            frozen.move_to(START + dt.timedelta(days=40))
        return case
    if source == Status.SUBMITTED:
        return case
    fields = {"status": source, "procedure": Procedure.ORDINARY, "accepted_on": START.date(),
              "copy_sent_at": START}
    if source == Status.SUSPENDED:
        fields["status_before_suspension"] = target if target in workflow.SUSPENDABLE else Status.IN_EXAMINATION
    ReconsiderationCase.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    if source == Status.HEARING:
        Session.objects.create(case=case, kind=SessionKind.HEARING, scheduled_for=START, notice_sent_on=START.date(),
                               created_by=people["officer"])
    if source == Status.MEDIATION:
        MediationAgreement.objects.create(case=case, terms="罚款减为100元", drafted_at=START,
                                          respondent_confirmed_at=START)
    return case


def snapshot(case):
    row = ReconsiderationCase.objects.get(pk=case.pk)
    return (model_to_dict(row), AuditEntry.objects.count(), CaseEvent.objects.count(),
            list(Deadline.objects.order_by("pk").values_list("pk", "met_at", "extended_until")))


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{s}->{t}" for s, t in PAIRS])
def test_every_pair(source, target, orgs, people, frozen):
    case = _case_in(source, target, orgs, people, frozen)
    call = _service(source, target, people, frozen)
    before = snapshot(case)
    audits = AuditEntry.objects.count()

    if workflow.is_allowed(source, target):
        call(case)

        case.refresh_from_db()
        transition = workflow.TABLE[(source.value, target.value)]
        assert case.status == target
        assert getattr(case, transition.timestamp) is not None
        entry = AuditEntry.objects.filter(action=f"reconsideration.case.{transition.action}",
                                          object_id=str(case.pk)).latest("id")
        assert entry.changes["status"] == [source.value, target.value]
        assert entry.id > 0 and AuditEntry.objects.count() > audits
        assert case.events.latest("id").citation == transition.citation
    else:
        with pytest.raises(Conflict):
            call(case)

        assert snapshot(case) == before


def test_illegal_move_names_both_states(submitted, people):
    with translation.override("en"), pytest.raises(IllegalTransition) as raised:
        services.decide(submitted, acting_user=people["officer"], decision_type="revoke", summary="x")

    assert raised.value.code == "reconsideration.illegal_transition"
    with translation.override("en"):
        message = str(raised.value)
    assert message == "A case that is “received, acceptance review” cannot become “decided”."
