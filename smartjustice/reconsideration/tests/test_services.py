"""Services: filing, submission, acceptance, respondent, decision, with their side effects."""
import datetime as dt
import uuid

import pytest

from smartjustice.audit.models import AuditEntry
from smartjustice.core.errors import PermissionDenied
from smartjustice.deadlines.models import Deadline
from smartjustice.notifications.models import Notification
from smartjustice.reconsideration import services
from smartjustice.reconsideration.choices import DecisionType, Procedure, Status
from smartjustice.reconsideration.errors import (
    ApplicationIncomplete,
    CorrectionItemsRequired,
    DuplicateToken,
    GuardFailed,
    SimplifiedNotAllowed,
    TooManyAgents,
)
from smartjustice.reconsideration.models import CaseEvent, ReconsiderationCase
from smartjustice.reconsideration.tasks import deem_accepted_lapsed_reviews

from .conftest import START
from .factories import COMPLETE, complete_draft

D = dt.date.fromisoformat
pytestmark = pytest.mark.django_db


def state(case):
    case.refresh_from_db()
    return (case.status, AuditEntry.objects.count(), CaseEvent.objects.count(), Deadline.objects.count(),
            Notification.objects.count())


def test_submission_numbers_the_case_and_opens_the_review_deadline(submitted):
    assert submitted.status == Status.SUBMITTED
    assert submitted.case_number == "桐复〔2026〕1号"
    assert submitted.received_on == D("2026-02-10")
    review = services.current_deadline(submitted, "reconsideration.accept_review")
    # 5 working days from Tue 10 Feb 2026: 11, 12, 13, Sat 14 (make-up day), then the Spring
    # Festival (15–23 Feb) → Tue 24 Feb.
    assert (review.due_on, review.citation) == (D("2026-02-24"), "《行政复议法》第三十条第一款、第八十八条第二款")
    assert AuditEntry.objects.filter(action="reconsideration.case.submitted", object_id=str(submitted.pk)).count() == 1
    assert Notification.objects.filter(recipient=submitted.owner, kind="reconsideration.case").count() == 1


def test_case_numbers_run_per_body_per_year(orgs, people, frozen):
    first = services.submit_application(complete_draft(orgs, people["applicant"]), acting_user=people["applicant"])
    second = services.submit_application(complete_draft(orgs, people["other_applicant"]),
                                         acting_user=people["other_applicant"])

    assert (first.case_number, second.case_number) == ("桐复〔2026〕1号", "桐复〔2026〕2号")


def test_retried_create_with_the_same_token_returns_the_same_draft(orgs, people, frozen):
    token = uuid.uuid4()
    first = services.create_draft(acting_user=people["applicant"], org=orgs["body"], respondent=orgs["respondent"],
                                  token=token, data=COMPLETE)
    audits = AuditEntry.objects.count()

    again = services.create_draft(acting_user=people["applicant"], org=orgs["body"],
                                  respondent=orgs["respondent"], token=token, data=COMPLETE)

    assert again.pk == first.pk
    assert ReconsiderationCase.objects.count() == 1
    assert AuditEntry.objects.count() == audits


def test_a_token_of_someone_else_is_refused(draft, orgs, people):
    with pytest.raises(DuplicateToken):
        services.create_draft(acting_user=people["other_applicant"], org=orgs["body"],
                              respondent=orgs["respondent"], token=draft.submission_token, data=COMPLETE)

    assert ReconsiderationCase.objects.count() == 1


def test_retried_submission_creates_one_case_with_one_number(draft, people):
    first = services.submit_application(draft, acting_user=people["applicant"], token=draft.submission_token)
    before = state(first)

    again = services.submit_application(draft, acting_user=people["applicant"], token=draft.submission_token)

    assert again.pk == first.pk and again.case_number == "桐复〔2026〕1号"
    assert state(again) == before


def test_incomplete_application_lists_every_missing_item_and_changes_nothing(orgs, people, frozen):
    draft = services.create_draft(acting_user=people["applicant"], org=orgs["body"],
                                  respondent=orgs["respondent"], data={"act_type": "penalty"})
    before = state(draft)

    with pytest.raises(ApplicationIncomplete) as raised:
        services.submit_application(draft, acting_user=people["applicant"])

    assert [field for field, _message in raised.value.items] == [
        "act_description", "act_known_on", "requests", "facts_and_reasons"]
    assert state(draft) == before and draft.case_number is None


def test_late_application_is_recorded_with_an_explanation(orgs, people, frozen):
    draft = complete_draft(orgs, people["applicant"], act_made_on=D("2025-11-01"), act_known_on=D("2025-11-03"))

    case = services.submit_application(draft, acting_user=people["applicant"])

    # 60 days from 3 Nov 2025 → 2 Jan 2026, a holiday (1–3 Jan off) → Sun 4 Jan 2026, a make-up working day.
    assert (case.status, case.is_late, case.filing_deadline_on) == (Status.SUBMITTED, True, D("2026-01-04"))
    assert "2026-01-04" in case.lateness_explanation and "第二十条第二款" in case.lateness_explanation


def test_agents_are_limited_to_two(orgs, people, frozen):
    agents = [{"name": f"代理人{i}"} for i in range(3)]

    with pytest.raises(TooManyAgents):
        services.create_draft(acting_user=people["applicant"], org=orgs["body"], respondent=orgs["respondent"],
                              data=COMPLETE, agents=agents)

    assert ReconsiderationCase.objects.count() == 0


def test_correction_needs_items_and_opens_ten_working_days(submitted, people, frozen):
    with pytest.raises(CorrectionItemsRequired):
        services.request_correction(submitted, acting_user=people["officer"], items=["  "])

    frozen.move_to(dt.datetime(2026, 2, 12, 9, 0, tzinfo=START.tzinfo))
    case = services.request_correction(submitted, acting_user=people["officer"],
                                       items=["请提交处罚决定书复印件", "请写明具体请求"])

    deadline = services.current_deadline(case, "reconsideration.correction_submit")
    # 10 working days from Thu 12 Feb: 13, Sat 14, (15–23 off), 24, 25, 26, 27, Sat 28, 2, 3, 4 March.
    assert (case.status, deadline.due_on) == (Status.CORRECTION_REQUESTED, D("2026-03-04"))
    assert case.correction_items == ["请提交处罚决定书复印件", "请写明具体请求"]


def test_correction_received_starts_a_new_review(submitted, people, frozen):
    services.request_correction(submitted, acting_user=people["officer"], items=["请补充证据"])
    frozen.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=START.tzinfo))

    case = services.submit_correction(submitted, acting_user=people["applicant"], response="已补充行车记录")

    review = services.current_deadline(case, "reconsideration.accept_review")
    assert (case.status, review.anchor_on, review.due_on) == (Status.SUBMITTED, D("2026-03-02"), D("2026-03-09"))


def test_deemed_acceptance_after_the_review_period_lapses(submitted, frozen):
    frozen.move_to(dt.datetime(2026, 2, 24, 23, 0, tzinfo=START.tzinfo))
    assert deem_accepted_lapsed_reviews() == {"accepted": 0, "failed": 0}

    frozen.move_to(dt.datetime(2026, 2, 25, 1, 0, tzinfo=START.tzinfo))
    result = deem_accepted_lapsed_reviews()
    again = deem_accepted_lapsed_reviews()

    submitted.refresh_from_db()
    assert result == {"accepted": 1, "failed": 0} and again == {"accepted": 0, "failed": 0}
    assert (submitted.status, submitted.is_deemed_accepted, submitted.accepted_on, submitted.procedure) == (
        Status.ACCEPTED, True, D("2026-02-24"), Procedure.ORDINARY)
    decide = services.current_deadline(submitted, "reconsideration.decide_ordinary")
    # 60 days from 24 Feb 2026 → 25 April 2026 (Saturday, ordinary rest day) → Monday 27 April.
    assert decide.due_on == D("2026-04-27")
    assert AuditEntry.objects.filter(action="reconsideration.case.accepted", actor=None).count() == 1


def test_simplified_procedure_needs_an_article_53_case(orgs, people, frozen):
    case = services.submit_application(
        complete_draft(orgs, people["applicant"], amount_involved="5000"), acting_user=people["applicant"])
    before = state(case)

    with pytest.raises(SimplifiedNotAllowed):
        services.accept_application(case, acting_user=people["officer"], procedure=Procedure.SIMPLIFIED,
                                    facts_clear=True)

    assert state(case) == before


def test_simplified_acceptance_opens_the_simplified_periods(submitted, people, frozen):
    case = services.accept_application(submitted, acting_user=people["officer"], procedure=Procedure.SIMPLIFIED,
                                       facts_clear=True)

    copy = services.current_deadline(case, "reconsideration.send_copy_simplified")
    decide = services.current_deadline(case, "reconsideration.decide_simplified")
    # 3 WD from Tue 10 Feb: 11, 12, 13. 30 days from 10 Feb → 12 March (Thursday).
    assert (copy.due_on, decide.due_on) == (D("2026-02-13"), D("2026-03-12"))
    assert decide.citation == "《行政复议法》第六十二条第二款"


def test_respondent_reply_periods(submitted, people, frozen):
    case = services.accept_application(submitted, acting_user=people["officer"], procedure=Procedure.ORDINARY)
    frozen.move_to(dt.datetime(2026, 2, 13, 9, 0, tzinfo=START.tzinfo))

    case = services.send_copy(case, acting_user=people["officer"])

    reply = services.current_deadline(case, "reconsideration.respondent_reply")
    # 10 WD from Fri 13 Feb: Sat 14, 24, 25, 26, 27, Sat 28, 2, 3, 4, 5 March.
    assert (reply.due_on, reply.citation) == (D("2026-03-05"), "《行政复议法》第四十八条、第八十八条第二款")
    assert Notification.objects.filter(recipient=people["respondent_officer"], kind="reconsideration.copy").count() == 1


def test_a_respondent_cannot_act_as_the_reconsideration_body(submitted, people):
    before = state(submitted)

    with pytest.raises(PermissionDenied):
        services.accept_application(submitted, acting_user=people["respondent_officer"],
                                    procedure=Procedure.ORDINARY)

    assert state(submitted) == before


def _to_examination(case, people):
    case = services.accept_application(case, acting_user=people["officer"], procedure=Procedure.ORDINARY)
    case = services.send_copy(case, acting_user=people["officer"])
    return services.record_reply(case, acting_user=people["respondent_officer"], text="处罚事实清楚，证据确凿。")


def test_late_reply_is_flagged_under_article_70(submitted, people, frozen):
    case = services.accept_application(submitted, acting_user=people["officer"], procedure=Procedure.ORDINARY)
    case = services.send_copy(case, acting_user=people["officer"])
    frozen.move_to(dt.datetime(2026, 3, 20, 9, 0, tzinfo=START.tzinfo))

    case = services.record_reply(case, acting_user=people["respondent_officer"], text="迟到的答复")

    assert (case.status, case.reply_is_late) == (Status.IN_EXAMINATION, True)


def test_extension_once_by_at_most_thirty_days(submitted, people, frozen):
    case = _to_examination(submitted, people)

    deadline = services.extend_decision_period(case, acting_user=people["supervisor"], days=30, reason="案情复杂")

    # 60 days from 10 Feb → 11 April (Sat) → Mon 13 April; + 30 days → 13 May 2026 (Wednesday).
    assert (deadline.due_on, deadline.effective_due_on) == (D("2026-04-13"), D("2026-05-13"))
    audits = AuditEntry.objects.count()
    with pytest.raises(GuardFailed):
        services.extend_decision_period(case, acting_user=people["supervisor"], days=30, reason="再次延长")
    assert AuditEntry.objects.count() == audits


def test_the_officer_may_not_approve_an_extension(submitted, people):
    case = _to_examination(submitted, people)
    before = state(case)

    with pytest.raises(PermissionDenied):
        services.extend_decision_period(case, acting_user=people["officer"], days=10, reason="案情复杂")

    assert state(case) == before


def test_reject_request_only_for_non_performance(submitted, people):
    case = _to_examination(submitted, people)
    before = state(case)

    with pytest.raises(GuardFailed):
        services.decide(case, acting_user=people["officer"], decision_type=DecisionType.REJECT_REQUEST,
                        summary="被申请人已履行")

    assert state(case) == before


def test_decision_meets_the_decision_deadline(submitted, people):
    case = _to_examination(submitted, people)

    case = services.decide(case, acting_user=people["officer"], decision_type=DecisionType.REVOKE,
                           summary="主要事实不清、证据不足")

    assert case.status == Status.DECIDED
    assert services.current_deadline(case, "reconsideration.decide_ordinary") is None
    assert Deadline.objects.get(rule_id="reconsideration.decide_ordinary").met_at is not None


def test_a_period_ending_in_an_unloaded_year_does_not_block_acceptance(submitted, people, frozen):
    frozen.move_to(dt.datetime(2026, 11, 30, 9, 0, tzinfo=START.tzinfo))

    case = services.accept_application(submitted, acting_user=people["officer"], procedure=Procedure.ORDINARY)

    # 60 days from 30 Nov 2026 ends in 2027, whose arrangement is not in the shared file.
    assert case.status == Status.ACCEPTED
    assert services.current_deadline(case, "reconsideration.decide_ordinary") is None
    assert services.current_deadline(case, "reconsideration.send_copy_ordinary").due_on == D("2026-12-09")
    entry = AuditEntry.objects.get(action="reconsideration.deadline.unavailable")
    assert entry.changes == {"rule_id": [None, "reconsideration.decide_ordinary"], "anchor_on": [None, "2026-11-30"]}
