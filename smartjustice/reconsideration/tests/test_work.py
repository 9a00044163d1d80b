"""Work management (issue #4 §6): assignment and reassignment, the supervisor's view across
offices, statistics with average duration and time limits met, and the CSV export."""
import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from smartjustice.audit.models import AuditEntry
from smartjustice.core.clock import LEGAL_TZ
from smartjustice.orgs.choices import Role
from smartjustice.reconsideration import selectors, services
from smartjustice.reconsideration.choices import DecisionType, Procedure

from .factories import complete_draft

pytestmark = pytest.mark.django_db


def at(day: str):
    return dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=LEGAL_TZ)


@pytest.fixture
def colleague(orgs, make_user):
    return make_user(Role.RECONSIDERATION_OFFICER, orgs["body"], real_name="复议员 王芳")


@pytest.fixture
def three_cases(orgs, people, frozen):
    """Received on Tue 2026-02-10: A decided on 02-20, B refused on 02-11, C left untouched
    (its review ended 02-24); figures are read on 2026-03-02."""
    officer = people["officer"]
    a, b, c = (services.submit_application(complete_draft(orgs, people["applicant"]), acting_user=people["applicant"])
               for _ in range(3))
    a = services.accept_application(a, acting_user=officer, procedure=Procedure.ORDINARY)
    a = services.send_copy(a, acting_user=officer)
    a = services.record_reply(a, acting_user=people["respondent_officer"], text="答复")
    frozen.move_to(at("2026-02-11"))
    services.refuse_acceptance(b, acting_user=officer, reasons="不属于行政复议范围")
    frozen.move_to(at("2026-02-20"))
    services.decide(a, acting_user=officer, decision_type=DecisionType.REVOKE, summary="证据不足")
    frozen.move_to(at("2026-03-02"))
    return a, b, c


def test_statistics_give_average_duration_and_time_limits_met(three_cases, people):
    figures = selectors.statistics(selectors.body_cases(people["officer"]))

    assert (figures["total"], figures["concluded"], figures["average_days"]) == (3, 2, 5.5)
    # A: review, copy, reply and decision met on time; B: review met on time; C: review missed.
    assert (figures["deadlines_on_time"], figures["deadlines_late"], figures["deadlines_missed"]) == (5, 0, 1)
    assert (figures["deadlines_met_rate"], figures["decisions_on_time_rate"]) == (83.3, 100.0)
    assert [(row["key"], row["n"]) for row in figures["by_decision"]] == [("revoke", 1)]


def test_statistics_export_is_utf8_csv_with_a_byte_order_mark(client, three_cases, people):
    client.force_login(people["supervisor"])

    response = client.get(reverse("reconsideration:statistics_export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["部分", "项目", "数值"]
    assert ["总体情况", "平均办理时长（天）", "5.5"] in rows
    assert ["总体情况", "期限按时履行率（%）", "83.3"] in rows
    assert ["审理结果", "撤销", "1"] in rows


@pytest.mark.parametrize("actor, expected", [("applicant", 403), ("respondent_officer", 403), ("officer", 200),
                                             ("supervisor", 200)])
def test_statistics_export_permission(client, three_cases, people, actor, expected):
    client.force_login(people[actor])

    assert client.get(reverse("reconsideration:statistics_export")).status_code == expected


def test_officer_assigns_and_reassigns_from_the_case_page(client, three_cases, people, colleague):
    _a, _b, case = three_cases
    client.force_login(people["officer"])
    url = reverse("reconsideration:officer_case", args=[case.pk])

    first = client.post(url, {"action": "assign", "assign-handler": colleague.pk})
    second = client.post(url, {"action": "assign", "assign-handler": people["officer"].pk})

    assert (first.status_code, second.status_code) == (302, 302)
    case.refresh_from_db()
    assert case.handler == people["officer"]
    changes = list(AuditEntry.objects.filter(action="reconsideration.case.assigned").order_by("id")
                   .values_list("changes", flat=True))
    assert changes == [{"handler": [None, colleague.pk]}, {"handler": [colleague.pk, people["officer"].pk]}]


def test_an_officer_of_another_body_cannot_be_assigned(client, three_cases, people):
    _a, _b, case = three_cases
    client.force_login(people["officer"])
    before = AuditEntry.objects.count()

    response = client.post(reverse("reconsideration:officer_case", args=[case.pk]),
                           {"action": "assign", "assign-handler": people["other_officer"].pk})

    assert response.status_code == 400
    case.refresh_from_db()
    assert case.handler is None and AuditEntry.objects.count() == before


def test_a_respondent_cannot_assign(client, three_cases, people):
    _a, _b, case = three_cases
    client.force_login(people["respondent_officer"])
    before = AuditEntry.objects.count()

    response = client.post(reverse("reconsideration:officer_case", args=[case.pk]),
                           {"action": "assign", "assign-handler": people["officer"].pk})

    assert response.status_code == 404
    case.refresh_from_db()
    assert case.handler is None and AuditEntry.objects.count() == before


def test_workbench_filters_by_handling_officer(client, three_cases, people, colleague):
    a, _b, c = three_cases
    services.assign_handler(c, acting_user=people["officer"], handler=colleague)
    client.force_login(people["officer"])

    page = client.get(reverse("reconsideration:workbench"), {"handler": colleague.pk}).content.decode()

    assert c.case_number in page and a.case_number not in page
    assert "复议员 王芳" in page


def test_supervisor_sees_each_office_with_pending_overdue_and_unassigned(client, three_cases, people, orgs,
                                                                         make_user):
    other_case = services.submit_application(
        services.create_draft(acting_user=people["applicant"], org=orgs["other_body"], respondent=orgs["respondent"],
                              data={"act_type": "penalty", "act_description": "罚款", "act_known_on": "2026-02-25",
                                    "requests": "撤销", "facts_and_reasons": "理由"}),
        acting_user=people["applicant"])
    county_supervisor = people["supervisor"]
    client.force_login(county_supervisor)

    response = client.get(reverse("reconsideration:supervision"))

    page = response.content.decode()
    assert response.status_code == 200
    section = page.split('data-org="tx-fyj"')[1].split("</section>")[0]
    assert '<td class="pending">1</td>' in section
    assert '<td class="unassigned">1</td>' in section
    assert '>1</a></td><td class="unassigned">' in section  # the one overdue case
    assert other_case.org_id == orgs["other_body"].pk and 'data-org="hn-fyj"' not in page


@pytest.mark.parametrize("actor", ["officer", "respondent_officer", "applicant"])
def test_supervision_is_for_approvers_only(client, three_cases, people, actor):
    client.force_login(people[actor])

    assert client.get(reverse("reconsideration:supervision")).status_code == 403


def test_the_applicants_timeline_names_an_extension_in_their_language(client, submitted, people):
    case = services.accept_application(submitted, acting_user=people["officer"], procedure=Procedure.ORDINARY)
    services.extend_decision_period(case, acting_user=people["supervisor"], days=30, reason="案情复杂")
    client.force_login(people["applicant"])

    page = client.get(reverse("reconsideration:case", args=[case.pk])).content.decode()

    assert "<strong>审理期限已延长</strong>" in page
    assert "<strong>extended</strong>" not in page
