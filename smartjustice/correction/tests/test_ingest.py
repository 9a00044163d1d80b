"""The WSGI ingest in front of Django (ingest.py, ADR 0007) answers token location reports like
the Django views: same status codes, error shape and messages, the same stored rows, alerts with
their audit entries, replay refused; everything else reaches Django untouched."""
import io
import json
import uuid

import pytest
from django.core.wsgi import get_wsgi_application
from rest_framework.authtoken.models import Token

from smartjustice.audit.models import AuditEntry
from smartjustice.correction import ingest
from smartjustice.correction.models import Alert, CheckIn, LocationReport

from .conftest import HANGZHOU, INSIDE

URL = "/api/v1/correction/location-reports"


def body(**extra):
    return {"latitude": INSIDE[0], "longitude": INSIDE[1], "accuracy_m": 15, "client_id": str(uuid.uuid4()), **extra}


@pytest.fixture(autouse=True)
def fresh_tokens():
    ingest.forget_tokens()
    yield
    ingest.forget_tokens()


@pytest.fixture(scope="module")
def app():
    return ingest.LocationIngest(get_wsgi_application())


@pytest.fixture
def send(app):
    def call(user_or_key, payload, *, method="POST", path=URL, language="en", raw=None):
        key = user_or_key if isinstance(user_or_key, str) else Token.objects.create(user=user_or_key).key
        data = raw if raw is not None else json.dumps(payload).encode()
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "SERVER_NAME": "testserver", "SERVER_PORT": "80",
                   "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(data), "CONTENT_LENGTH": str(len(data)),
                   "CONTENT_TYPE": "application/json", "REMOTE_ADDR": "10.1.2.3", "HTTP_ACCEPT_LANGUAGE": language,
                   "HTTP_AUTHORIZATION": f"Token {key}", "HTTP_USER_AGENT": "矫正通/1.0"}
        answer = {}

        def start_response(status, headers):
            answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

        content = b"".join(app(environ, start_response))
        return answer["status"], answer["headers"], content
    return call


def test_a_report_is_stored_and_counts_as_the_check_in(subject, subject_user, county_fence, send):
    status, headers, content = send(subject_user, body())

    report = LocationReport.objects.get()
    assert status == 201
    assert json.loads(content) == {"id": report.pk, "inside_county": True, "check_in": True}
    assert (headers["Content-Type"], headers["X-Content-Type-Options"]) == ("application/json", "nosniff")
    assert (report.subject_id, report.source, report.latitude, report.longitude, report.accuracy_m) == (
        subject.pk, "app", INSIDE[0], INSIDE[1], 15.0)
    assert CheckIn.objects.get().is_passive is True


def test_the_second_report_of_the_day_is_one_plain_row(subject, subject_user, county_fence, send):
    key = Token.objects.create(user=subject_user).key
    send(key, body())

    status, _headers, content = send(key, body(latitude=30.64))

    second = LocationReport.objects.order_by("-pk").first()
    assert status == 201
    assert json.loads(content) == {"id": second.pk, "inside_county": True, "check_in": False}
    assert (LocationReport.objects.count(), CheckIn.objects.count(), second.latitude, second.fence_hits) == (
        2, 1, 30.64, [])


def test_leaving_the_county_raises_the_alert_with_its_audit_entry(subject, subject_user, county_fence, send):
    status, _headers, content = send(subject_user, body(latitude=HANGZHOU[0], longitude=HANGZHOU[1]))

    assert (status, json.loads(content)["inside_county"]) == (201, False)
    alert = Alert.objects.get()
    assert alert.rule == "left_county"
    entry = AuditEntry.objects.get(action="correction.alert.raised")
    assert (entry.object_id, entry.ip) == (str(alert.pk), "10.1.2.3")


def test_entering_a_restricted_zone_is_recorded_and_alerted(subject, subject_user, county_fence, administrator,
                                                             org_tree, send):
    from smartjustice.correction.services import define_zone

    zone = define_zone(kind="admin_zone", name="娱乐场所", county=org_tree["county"], acting_user=administrator,
                       polygon=[[30.62, 120.55], [30.62, 120.57], [30.64, 120.57], [30.64, 120.55]])

    status, _headers, _content = send(subject_user, body())

    assert status == 201
    assert LocationReport.objects.get().fence_hits == [zone.pk]
    assert Alert.objects.get().rule == "restricted_zone"


@pytest.mark.parametrize("who, status, code", [("bad_token", 401, "authentication_failed"),
                                               ("officer", 404, "not_found")])
def test_a_bad_token_or_no_file_changes_nothing(subject, officer, send, who, status, code):
    audit_before = AuditEntry.objects.count()

    answer, headers, content = send("f" * 40 if who == "bad_token" else officer, body())

    assert (answer, json.loads(content)["error"]["code"]) == (status, code)
    assert headers.get("WWW-Authenticate") == ("Token" if who == "bad_token" else None)
    assert LocationReport.objects.count() == 0 and AuditEntry.objects.count() == audit_before


def test_errors_come_in_the_language_asked_for(subject, send):
    _status, _headers, content = send("f" * 40, body(), language="zh-hans")

    assert json.loads(content) == {"error": {"code": "authentication_failed", "message": "认证令牌无效。"}}


@pytest.mark.parametrize("payload, field", [
    ({"longitude": 120.5, "client_id": str(uuid.uuid4())}, "latitude"),
    (body(client_id="not-a-uuid"), "client_id"),
    (body(source="satellite"), "source"),
    (body(recorded_at="yesterday"), "recorded_at"),
    (body(latitude=95), "latitude"),
    (body(accuracy_m=-1), "accuracy_m"),
])
def test_bad_input_names_the_field_like_the_django_view(subject, subject_user, client, send, payload, field):
    key = Token.objects.create(user=subject_user).key
    status, _headers, content = send(key, payload)
    django = client.post(URL, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}",
                         HTTP_ACCEPT_LANGUAGE="en")

    assert status == 400
    assert json.loads(content) == django.json()
    assert field in json.loads(content)["error"]["fields"]
    assert LocationReport.objects.count() == 0


def test_a_report_from_the_future_is_refused(subject, subject_user, send):
    status, _headers, content = send(subject_user, body(recorded_at="2026-02-10T11:00:00+08:00"))

    assert (status, json.loads(content)["error"]["code"]) == (400, "correction.report_in_future")
    assert LocationReport.objects.count() == 0


def test_a_resent_report_is_409_and_stored_once(subject, subject_user, county_fence, send):
    key = Token.objects.create(user=subject_user).key
    payload = body()
    send(key, payload)
    send(key, body())  # a plain second report: the single-INSERT path
    audit_before = AuditEntry.objects.count()

    again = send(key, payload)
    plain_again = send(key, json.loads(json.dumps(payload)) | {"client_id": str(LocationReport.objects.order_by("-pk")
                                                                                .first().client_id)})

    for status, _headers, content in (again, plain_again):
        assert (status, json.loads(content)["error"]["code"]) == (409, "correction.report_replayed")
    assert LocationReport.objects.count() == 2 and AuditEntry.objects.count() == audit_before


def test_a_device_report_without_an_order_is_refused(subject, subject_user, send):
    status, _headers, content = send(subject_user, body(source="device", device_id="GPS-1"))

    assert (status, json.loads(content)["error"]["code"]) == (409, "correction.positioning_not_authorised")
    assert LocationReport.objects.count() == 0


def test_a_revoked_token_is_refused_once_the_cache_entry_expires(frozen, subject, subject_user, county_fence, send):
    key = Token.objects.create(user=subject_user).key
    assert send(key, body())[0] == 201
    Token.objects.filter(key=key).delete()

    assert send(key, body())[0] == 201  # still cached: accepted within TOKEN_TTL
    ingest._tokens[key] = (ingest.time.monotonic() - ingest.TOKEN_TTL - 1, ingest._tokens[key][1])  # aged out
    status, _headers, _content = send(key, body())

    assert status == 401
    assert LocationReport.objects.count() == 2


@pytest.mark.parametrize("method, path, header", [("GET", URL, "Token x"), ("POST", "/api/v1/correction/other", "Token x"),
                                                  ("POST", URL, "")])
def test_other_requests_reach_django(app, method, path, header):
    calls = []

    def django_app(environ, start_response):
        calls.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        start_response("204 No Content", [])
        return [b""]

    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_AUTHORIZATION": header,
               "wsgi.input": io.BytesIO(b""), "CONTENT_LENGTH": "0"}
    ingest.LocationIngest(django_app)(environ, lambda status, headers: None)

    assert calls == [(method, path)]
