"""The lean token path of POST location-reports (hot.py) answers like the DRF view: same
status codes, same error shape, one stored row per accepted report."""
import uuid

import pytest
from rest_framework.authtoken.models import Token

from smartjustice.audit.models import AuditEntry
from smartjustice.correction.models import Alert, CheckIn, LocationReport

from .conftest import HANGZHOU, INSIDE

URL = "/api/v1/correction/location-reports"


def body(**extra):
    return {"latitude": INSIDE[0], "longitude": INSIDE[1], "accuracy_m": 15, "client_id": str(uuid.uuid4()), **extra}


@pytest.fixture
def post(client):
    def send(user_or_key, payload):
        key = user_or_key if isinstance(user_or_key, str) else Token.objects.create(user=user_or_key).key
        return client.post(URL, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")
    return send


def test_a_report_with_a_token_is_stored_and_counts_as_the_check_in(subject, subject_user, county_fence, post):
    response = post(subject_user, body())

    assert response.status_code == 201
    assert response.json() == {"id": LocationReport.objects.get().pk, "inside_county": True, "check_in": True}
    assert CheckIn.objects.get().is_passive is True


def test_leaving_the_county_raises_the_alert(subject, subject_user, county_fence, post):
    response = post(subject_user, body(latitude=HANGZHOU[0], longitude=HANGZHOU[1]))

    assert (response.status_code, response.json()["inside_county"]) == (201, False)
    assert Alert.objects.get().rule == "left_county"


@pytest.mark.parametrize("who, status, code", [("bad_token", 401, "authentication_failed"),
                                               ("officer", 404, "not_found")])
def test_a_bad_token_or_no_file_changes_nothing(subject, officer, post, who, status, code):
    audit_before = AuditEntry.objects.count()

    response = post("f" * 40 if who == "bad_token" else officer, body())

    assert (response.status_code, response.json()["error"]["code"]) == (status, code)
    assert LocationReport.objects.count() == 0 and AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize("payload, field", [
    ({"longitude": 120.5, "client_id": str(uuid.uuid4())}, "latitude"),
    (body(client_id="not-a-uuid"), "client_id"),
    (body(source="satellite"), "source"),
    (body(recorded_at="yesterday"), "recorded_at"),
    (body(latitude=95), "latitude"),
])
def test_bad_input_names_the_field(subject, subject_user, post, payload, field):
    response = post(subject_user, payload)

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert LocationReport.objects.count() == 0


def test_a_resent_report_is_409_and_stored_once(subject, subject_user, post):
    key = Token.objects.create(user=subject_user).key
    payload = body()
    post(key, payload)

    again = post(key, payload)

    assert (again.status_code, again.json()["error"]["code"]) == (409, "correction.report_replayed")
    assert LocationReport.objects.count() == 1


def test_a_device_report_without_an_order_is_refused(subject, subject_user, post):
    response = post(subject_user, body(source="device", device_id="GPS-1"))

    assert (response.status_code, response.json()["error"]["code"]) == (409, "correction.positioning_not_authorised")
    assert LocationReport.objects.count() == 0
