"""Pages of learning, assessments, requests and spot checks: open in elderly mode on the service
end; the heartbeat endpoint; officers' actions scoped to their office."""
import datetime as dt
import json

import pytest

from smartjustice.audit.models import AuditEntry
from smartjustice.correction import services
from smartjustice.correction.models import (
    Course,
    FieldVisit,
    SpotCheck,
    StudySession,
    WelfareActivity,
)


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client
    return login


@pytest.fixture
def course(db):
    return Course.objects.create(code="rules", title="监督管理规定", kind="text", body="第一条……", duration_seconds=300)


@pytest.mark.parametrize("url", ["/correction/me/learning/", "/correction/me/assistance/", "/correction/me/residence/",
                                 "/correction/me/spot-checks/", "/correction/me/assessments/risk-basic/"])
def test_service_end_pages_open_in_elderly_mode(subject, subject_user, as_user, course, url):
    subject_user.elderly_mode = True
    subject_user.save(update_fields=["elderly_mode"])

    response = as_user(subject_user).get(url)

    assert response.status_code == 200
    assert 'class="elderly"' in response.content.decode()


def test_opening_a_course_starts_a_session_and_heartbeats_credit_it(subject, subject_user, as_user, course, frozen):
    client = as_user(subject_user)
    page = client.get(f"/correction/me/learning/courses/{course.pk}/")
    session = StudySession.objects.get()
    url = f"/correction/me/learning/sessions/{session.pk}/heartbeat"

    first = client.post(url, json.dumps({"position": 0, "playing": True, "visible": True}), content_type="application/json")
    frozen.shift(10)
    second = client.post(url, json.dumps({"position": 10, "playing": True, "visible": True}), content_type="application/json")

    assert page.status_code == 200 and "visibilitychange" in page.content.decode()
    assert first.json()["total"] == 0 and second.json() == {"credited": 10.0, "refused": 0.0, "reason": "", "total": 10.0}


def test_the_course_page_carries_the_counted_time_message_in_chinese(subject, subject_user, as_user, course):
    page = as_user(subject_user).get(f"/correction/me/learning/courses/{course.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert 'data-counted="已计入学习时间：{seconds} 秒"' in page.content.decode()


def test_a_heartbeat_for_someone_elses_session_is_404(subject, subject_user, as_user, course, officer):
    session = services.start_study(subject, course, acting_user=subject_user)

    response = as_user(officer).post(f"/correction/me/learning/sessions/{session.pk}/heartbeat",
                                     json.dumps({"position": 5, "playing": True, "visible": True}),
                                     content_type="application/json")

    assert response.status_code == 404
    session.refresh_from_db()
    assert session.position_seconds == 0


def test_a_bad_position_gets_a_specific_error(subject, subject_user, as_user, course):
    session = services.start_study(subject, course, acting_user=subject_user)

    response = as_user(subject_user).post(f"/correction/me/learning/sessions/{session.pk}/heartbeat",
                                          json.dumps({"position": "abc"}), content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["field"] == "position"


def test_the_questionnaire_page_scores_the_answers(subject, subject_user, as_user):
    response = as_user(subject_user).post("/correction/me/assessments/risk-basic/",
                                          {"r1": 2, "r2": 2, "r3": 2, "r4": 1, "r5": 0})

    assert response.status_code == 302
    assert subject.assessments.get().band == "高风险"


@pytest.mark.parametrize("who, status, stored", [("officer", 302, 1), ("officer_fengming", 404, 0), ("subject_user", 404, 0)])
def test_recording_welfare_by_role(subject, officer, officer_fengming, subject_user, as_user, who, status, stored):
    user = {"officer": officer, "officer_fengming": officer_fengming, "subject_user": subject_user}[who]
    before = AuditEntry.objects.filter(action="correction.welfare.recorded").count()

    response = as_user(user).post(f"/correction/subjects/{subject.pk}/welfare/",
                                  {"day": "2026-02-09", "minutes": 60, "description": "社区清扫"})

    assert response.status_code == status
    assert WelfareActivity.objects.count() == stored
    assert AuditEntry.objects.filter(action="correction.welfare.recorded").count() == before + stored


def test_an_officer_issues_a_check_and_the_subject_joins_through_the_link(subject, officer, subject_user, as_user, settings,
                                                                          frozen):
    settings.CORRECTION_CONFERENCE_URL_TEMPLATE = "https://meet.example.gov.cn/{room}"
    as_user(officer).post(f"/correction/subjects/{subject.pk}/spot-checks/")
    check = SpotCheck.objects.get()

    response = as_user(subject_user).post(f"/correction/me/spot-checks/{check.pk}/join/")

    assert response.status_code == 302 and response["Location"] == check.meeting_url
    check.refresh_from_db()
    assert check.status == "joined"


def test_the_workbench_lists_the_new_queues(subject, subject_user, officer, as_user, frozen):
    services.request_assistance(subject, acting_user=subject_user, kind="employment", description="需要找工作")
    services.issue_spot_check(subject, acting_user=officer)

    page = as_user(officer).get("/correction/").content.decode()

    assert "需要找工作" in page and 'id="spot-checks"' in page


def test_a_field_visit_from_the_file_page(subject, officer, as_user, frozen):
    response = as_user(officer).post(f"/correction/subjects/{subject.pk}/field-visits/",
                                     {"visited_on": dt.date(2026, 2, 9).isoformat(), "place": "家中",
                                      "findings": "本人在家，表现正常"})

    assert response.status_code == 302
    assert FieldVisit.objects.get().place == "家中"


def test_the_cockpit_counts_help_and_welfare_from_the_summary_rows(subject, subject_user, officer, supervisor, as_user,
                                                                   frozen):
    from smartjustice.correction import selectors

    request = services.request_assistance(subject, acting_user=subject_user, kind="employment", description="需要找工作")
    services.close_assistance(request, acting_user=officer, outcome="helped", note="已推荐就业")
    services.record_welfare_activity(subject, acting_user=officer, day=dt.date(2026, 2, 9), minutes=90, description="扫街")

    figures = selectors.cockpit_data(supervisor)["figures"]
    page = as_user(supervisor).get("/correction/cockpit/").content.decode()

    assert (figures["assistance_requested"], figures["assistance_helped"], figures["welfare_hours"]) == (1, 1, 1.5)
    assert 'id="cockpit-assistance"' in page


def test_the_file_page_shows_destination_check_ins_and_the_return_report(subject, subject_user, officer, as_user, frozen):
    leave = services.apply_for_leave(subject, acting_user=subject_user, destination="杭州市", reason="探亲",
                                     starts_on=dt.date(2026, 2, 10), ends_on=dt.date(2026, 2, 11), destination_lat=30.27,
                                     destination_lon=120.15)
    leave = services.decide_leave(leave, approve=True, acting_user=officer)
    services.check_in_on_leave(leave, acting_user=subject_user, latitude=30.28, longitude=120.15)
    services.file_return_report(leave, acting_user=subject_user, text="按时返回，探亲顺利")

    page = as_user(officer).get(f"/correction/subjects/{subject.pk}/").content.decode()

    assert "按时返回，探亲顺利" in page and "1112" in page
