"""The API contract: the location-report endpoint, tracks and the false-alert report."""
import uuid

import pytest
from rest_framework.test import APIClient

from smartjustice.audit.models import AuditEntry
from smartjustice.correction.models import LocationReport

from .conftest import HANGZHOU, INSIDE

URL = "/api/v1/correction/location-reports"


def body(**extra):
    return {"latitude": INSIDE[0], "longitude": INSIDE[1], "accuracy_m": 15, "client_id": str(uuid.uuid4()), **extra}


def client_for(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("who, status, code", [("anonymous", 401, "not_authenticated"), ("stranger", 404, "not_found"),
                                               ("officer", 404, "not_found"), ("subject", 201, None)])
def test_only_the_subject_reports_their_position(subject, subject_user, officer, make_user, county_fence, who, status, code):
    user = {"anonymous": None, "stranger": make_user(), "officer": officer, "subject": subject_user}[who]
    audit_before = AuditEntry.objects.count()

    response = client_for(user).post(URL, body(), format="json")

    assert response.status_code == status
    if code:
        assert response.json()["error"]["code"] == code
        assert LocationReport.objects.count() == 0
        assert AuditEntry.objects.count() == audit_before
    else:
        assert response.json() == {"id": LocationReport.objects.get().pk, "inside_county": True, "check_in": True}


def test_a_resent_report_is_409_replayed(subject, subject_user):
    payload = body()
    client = client_for(subject_user)

    assert client.post(URL, payload, format="json").status_code == 201
    response = client.post(URL, payload, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "correction.report_replayed"
    assert LocationReport.objects.count() == 1


def test_bad_coordinates_name_the_field(subject, subject_user):
    response = client_for(subject_user).post(URL, body(latitude=123), format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"latitude": ["纬度须在 -90 至 90 度之间。"]}


def test_a_device_report_without_an_order_is_409(subject, subject_user):
    response = client_for(subject_user).post(URL, body(source="device", device_id="GPS-1"), format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "correction.positioning_not_authorised"


def test_the_track_is_409_without_an_order_and_404_out_of_scope(subject, officer, officer_fengming):
    assert client_for(officer).get(f"/api/v1/correction/subjects/{subject.pk}/track").status_code == 409
    assert client_for(officer_fengming).get(f"/api/v1/correction/subjects/{subject.pk}/track").status_code == 404


def test_false_alert_report_over_the_api(subject, subject_user, officer, county_fence):
    client_for(subject_user).post(URL, body(latitude=HANGZHOU[0], longitude=HANGZHOU[1], device_id="P1"), format="json")

    response = client_for(officer).get("/api/v1/correction/alerts/false-report?since=2026-02-01")

    assert response.status_code == 200
    assert response.json() == {"rules": [], "devices": []}  # the alert is still open, not yet triaged
