"""Pages: who may open what, and that the service end works in elderly mode."""
import pytest

from smartjustice.audit.models import AuditEntry


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client
    return login


@pytest.mark.parametrize("url", ["/correction/me/", "/correction/me/check-in/", "/correction/me/report/", "/correction/me/leave/"])
def test_service_end_pages_open_for_the_subject_in_elderly_mode(subject, subject_user, as_user, url):
    subject_user.elderly_mode = True
    subject_user.save(update_fields=["elderly_mode"])

    response = as_user(subject_user).get(url)

    assert response.status_code == 200
    assert 'class="elderly"' in response.content.decode()


def test_someone_without_a_file_gets_404_on_the_service_end(subject, officer, as_user):
    assert as_user(officer).get("/correction/me/").status_code == 404


@pytest.mark.parametrize("who, workbench, cockpit", [("officer", 200, 200), ("supervisor", 200, 200), ("subject_user", 403, 403)])
def test_governance_pages_by_role(subject, officer, supervisor, subject_user, as_user, who, workbench, cockpit):
    client = as_user({"officer": officer, "supervisor": supervisor, "subject_user": subject_user}[who])

    assert client.get("/correction/").status_code == workbench
    assert client.get("/correction/cockpit/").status_code == cockpit


def test_opening_a_file_page_is_audited_and_another_office_gets_404(subject, officer, officer_fengming, as_user):
    assert as_user(officer_fengming).get(f"/correction/subjects/{subject.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action="correction.subject.read").exists()

    response = as_user(officer).get(f"/correction/subjects/{subject.pk}/")

    assert response.status_code == 200
    assert "《刑法》第七十三条第二款、第三款" in response.content.decode()
    assert AuditEntry.objects.filter(action="correction.subject.read", actor=officer).count() == 1


def test_a_report_is_submitted_from_the_page(subject, subject_user, as_user):
    response = as_user(subject_user).post("/correction/me/report/", {"text": "本周在厂里上班，周末在家。"})

    assert response.status_code == 302
    assert subject.activity_reports.get().text == "本周在厂里上班，周末在家。"


def test_an_empty_report_shows_the_error_and_stores_nothing(subject, subject_user, as_user):
    response = as_user(subject_user).post("/correction/me/report/", {"text": "好"})

    assert response.status_code == 200
    assert subject.activity_reports.count() == 0
