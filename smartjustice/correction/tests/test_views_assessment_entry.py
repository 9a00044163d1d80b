"""An officer of the file enters a questionnaire answered in an interview (代为填写问卷): the
same questions as on the subject's phone, stored as entered by the officer (row and audit),
the suggested level reviewed from the file page; another office gets 404, subjects too."""
import pytest

from smartjustice.audit.models import AuditEntry
from smartjustice.correction.models import Assessment

from .conftest import audit_count

URL = "/correction/subjects/{pk}/assessments/new/"
ANSWERS = {"r1": 2, "r2": 2, "r3": 1, "r4": 0, "r5": 0}  # 2 + 2 + 1 + 0 + 0 = 5: 中风险 → ordinary


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client
    return login


def test_the_file_page_links_to_the_entry_page_for_an_officer_of_the_file(subject, officer, as_user):
    page = as_user(officer).get(f"/correction/subjects/{subject.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert f'href="{URL.format(pk=subject.pk)}"' in page
    assert "代为填写问卷（谈话时）" in page


def test_the_picker_lists_the_active_questionnaires(subject, officer, as_user):
    page = as_user(officer).get(URL.format(pk=subject.pk), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert f'href="{URL.format(pk=subject.pk)}risk-basic/"' in page
    assert f'href="{URL.format(pk=subject.pk)}mood-basic/"' in page


def test_the_form_shows_the_same_questions_and_options_as_the_subject_sees(subject, subject_user, officer, as_user,
                                                                              client):
    officer_page = as_user(officer).get(URL.format(pk=subject.pk) + "risk-basic/").content.decode()

    assert "过去一年内是否有过违反监督管理规定的行为？" in officer_page
    assert officer_page.count('type="radio"') == 15  # 5 questions × 3 options, as on the phone
    client.logout()
    subject_page = as_user(subject_user).get("/correction/me/assessments/risk-basic/").content.decode()
    assert subject_page.count('type="radio"') == 15


def test_an_officer_enters_answers_stored_as_entered_by_the_officer(subject, officer, as_user):
    client = as_user(officer)
    response = client.post(URL.format(pk=subject.pk) + "risk-basic/", ANSWERS)

    assert response.status_code == 302
    assert response["Location"] == f"/correction/subjects/{subject.pk}/#assessments"
    row = Assessment.objects.get()
    assert (row.subject_id, row.score, row.band, row.suggested_level.code) == (subject.pk, 5, "中风险", "ordinary")
    assert row.answers == ANSWERS
    assert row.entered_by == officer and row.entered_by_officer is True
    assert row.status == "awaiting_review"
    entry = AuditEntry.objects.get(action="correction.assessment.taken")
    assert entry.actor_id == officer.pk
    assert entry.changes["entered_by"] == [None, officer.pk]
    assert entry.changes["entered_by_officer"] == [None, True]
    assert entry.changes["score"] == [None, 5]
    page = client.get(f"/correction/subjects/{subject.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f'action="/correction/assessments/{row.pk}/review/"' in page
    assert "谈话时代为填写" in page


def test_the_officer_confirms_the_suggestion_from_the_file_page(subject, officer, as_user):
    client = as_user(officer)
    client.post(URL.format(pk=subject.pk) + "risk-basic/", ANSWERS)
    row = Assessment.objects.get()

    response = client.post(f"/correction/assessments/{row.pk}/review/",
                           {"level": "", "note": "", "next": f"/correction/subjects/{subject.pk}/#assessments"})

    assert response.status_code == 302
    assert response["Location"] == f"/correction/subjects/{subject.pk}/#assessments"
    row.refresh_from_db()
    subject.refresh_from_db()
    assert (row.status, row.confirmed_level.code, row.reviewed_by) == ("confirmed", "ordinary", officer)
    assert subject.classification.code == "ordinary"


def test_a_review_does_not_follow_an_outside_next(subject, officer, as_user):
    client = as_user(officer)
    client.post(URL.format(pk=subject.pk) + "risk-basic/", ANSWERS)
    row = Assessment.objects.get()

    response = client.post(f"/correction/assessments/{row.pk}/review/", {"level": "", "next": "https://evil.example/"})

    assert response["Location"] == "/correction/"


def test_the_subjects_own_answers_are_not_marked_as_entered_by_an_officer(subject, subject_user, as_user):
    as_user(subject_user).post("/correction/me/assessments/risk-basic/", ANSWERS)

    row = Assessment.objects.get()
    assert row.entered_by == subject_user and row.entered_by_officer is False


@pytest.mark.parametrize("who", ["supervisor", "township_supervisor"])
def test_a_supervisor_above_or_of_the_office_may_enter(subject, supervisor, township_supervisor, as_user, who):
    user = {"supervisor": supervisor, "township_supervisor": township_supervisor}[who]
    response = as_user(user).post(URL.format(pk=subject.pk) + "risk-basic/", ANSWERS)

    assert response.status_code == 302
    row = Assessment.objects.get()
    assert (row.score, row.band, row.entered_by) == (5, "中风险", user)


@pytest.mark.parametrize("who", ["officer_fengming", "officer_other_county", "supervisor_other_county",
                                 "subject_user"])
@pytest.mark.parametrize("path", ["", "risk-basic/"])
def test_another_office_and_the_subject_get_404(subject, officer_fengming, officer_other_county,
                                                 supervisor_other_county, subject_user, as_user, who, path):
    user = {"officer_fengming": officer_fengming, "officer_other_county": officer_other_county,
            "supervisor_other_county": supervisor_other_county, "subject_user": subject_user}[who]
    before = audit_count()
    client = as_user(user)

    assert client.get(URL.format(pk=subject.pk) + path).status_code == 404
    assert client.post(URL.format(pk=subject.pk) + "risk-basic/", ANSWERS).status_code == 404
    assert Assessment.objects.count() == 0
    assert audit_count() == before


def test_anonymous_is_sent_to_log_in(subject, client):
    response = client.post(URL.format(pk=subject.pk) + "risk-basic/", ANSWERS)

    assert response.status_code == 302 and "/login" in response["Location"]
    assert Assessment.objects.count() == 0


def test_an_unknown_questionnaire_is_404(subject, officer, as_user):
    assert as_user(officer).get(URL.format(pk=subject.pk) + "nope/").status_code == 404


def test_a_missing_answer_gets_the_specific_message_and_stores_nothing(subject, officer, as_user):
    before = audit_count()
    answers = {key: value for key, value in ANSWERS.items() if key != "r3"}

    response = as_user(officer).post(URL.format(pk=subject.pk) + "risk-basic/", answers,
                                     HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 200
    assert response.context["form"].errors == {"r3": ["请回答这个问题。"]}
    assert "请回答这个问题。" in response.content.decode()
    assert Assessment.objects.count() == 0
    assert audit_count() == before


def test_an_out_of_range_answer_gets_the_specific_message_and_stores_nothing(subject, officer, as_user):
    response = as_user(officer).post(URL.format(pk=subject.pk) + "risk-basic/", {**ANSWERS, "r1": 7},
                                     HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 200
    assert response.context["form"].errors == {"r1": ["请回答这个问题。"]}
    assert Assessment.objects.count() == 0
