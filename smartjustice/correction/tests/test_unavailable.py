"""Issue #6 "nothing accepted is lost": when the database cannot be reached during a location
report, every entry (the WSGI ingest, the token view, the session/DRF view) answers 503
temporarily_unavailable with Retry-After and stores nothing; the app's resend with the same
client_id is then stored once, and a further resend is refused as replayed. On PostgreSQL, also
with a session that the server really ends in the middle of a report."""
import io
import json
import logging
import uuid

import pytest
from django.core.wsgi import get_wsgi_application
from django.db import InterfaceError, OperationalError, connection
from rest_framework.authtoken.models import Token

from smartjustice.audit.models import AuditEntry
from smartjustice.correction import hot, ingest, services
from smartjustice.correction.models import CheckIn, LocationReport
from smartjustice.correction.services import supervision

from .conftest import INSIDE

URL = "/api/v1/correction/location-reports"
MESSAGES = {
    "zh-hans": "系统暂时无法保存，请稍后重试；您的报告不会丢失。",
    "en": "The system cannot save this right now; please try again shortly. Your report will not be lost.",
}


def body(**extra):
    return {"latitude": INSIDE[0], "longitude": INSIDE[1], "accuracy_m": 15, "client_id": str(uuid.uuid4()), **extra}


def unavailable(language):
    return {"error": {"code": "temporarily_unavailable", "message": MESSAGES[language]}}


@pytest.fixture(autouse=True)
def fresh_tokens():
    ingest.forget_tokens()
    yield
    ingest.forget_tokens()


@pytest.fixture
def database_down(monkeypatch):
    """The report service fails as it does when PostgreSQL refuses the connection; undo() ends
    the outage."""

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused')

    class Outage:
        def undo(self):
            monkeypatch.undo()

    for module in (services, hot):
        monkeypatch.setattr(module, "submit_location_report", refuse)
    return Outage()


@pytest.fixture(scope="module")
def app():
    return ingest.LocationIngest(get_wsgi_application())


@pytest.fixture
def ingest_post(app, subject_user):
    key = Token.objects.create(user=subject_user).key

    def call(payload, *, language="en"):
        data = json.dumps(payload).encode()
        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": URL, "SERVER_NAME": "testserver", "SERVER_PORT": "80",
                   "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(data), "CONTENT_LENGTH": str(len(data)),
                   "CONTENT_TYPE": "application/json", "REMOTE_ADDR": "10.1.2.3", "HTTP_ACCEPT_LANGUAGE": language,
                   "HTTP_AUTHORIZATION": f"Token {key}"}
        answer = {}

        def start_response(status, headers):
            answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

        content = b"".join(app(environ, start_response))
        return answer["status"], answer["headers"], json.loads(content)
    return call


@pytest.fixture
def session_post(client, subject_user):
    """The subject's browser: signed in with a session, through the whole middleware stack and
    the DRF view."""
    client.force_login(subject_user)

    def call(payload, *, language="en"):
        response = client.post(URL, payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)
        return response.status_code, response.headers, response.json()
    return call


@pytest.fixture
def token_post(client, subject_user):
    """The token path through Django (hot.location_report_view), as under the dev server."""
    key = Token.objects.create(user=subject_user).key

    def call(payload, *, language="en"):
        response = client.post(URL, payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language,
                               HTTP_AUTHORIZATION=f"Token {key}")
        return response.status_code, response.headers, response.json()
    return call


ENTRIES = ["ingest_post", "token_post", "session_post"]


@pytest.mark.parametrize("entry", ENTRIES)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_outage_is_503_with_retry_after_in_the_language_asked_for(subject, county_fence, database_down, request,
                                                                      entry, language):
    post = request.getfixturevalue(entry)
    audit_before = AuditEntry.objects.count()

    status, headers, content = post(body(), language=language)

    assert (status, headers["Retry-After"], content) == (503, "5", unavailable(language))
    assert (LocationReport.objects.count(), CheckIn.objects.count(), AuditEntry.objects.count()) == (0, 0, audit_before)


@pytest.mark.parametrize("entry", ENTRIES)
def test_the_resend_after_an_outage_is_stored_once_and_a_further_resend_is_replayed(subject, county_fence,
                                                                                     database_down, request, entry):
    post = request.getfixturevalue(entry)
    payload = body(recorded_at="2026-02-10T09:58:00+08:00")
    assert post(payload)[0] == 503

    database_down.undo()
    stored = post(payload)
    again = post(payload)

    report = LocationReport.objects.get()
    assert stored[0] == 201
    assert stored[2] == {"id": report.pk, "inside_county": True, "check_in": True}
    assert (again[0], again[2]["error"]["code"]) == (409, "correction.report_replayed")
    assert (str(report.client_id), CheckIn.objects.count()) == (payload["client_id"], 1)


@pytest.mark.parametrize("entry", ENTRIES)
def test_a_connection_lost_inside_the_reports_transaction_leaves_nothing(subject, county_fence, monkeypatch,
                                                                         request, entry):
    post = request.getfixturevalue(entry)

    def connection_lost(*args, **kwargs):
        raise InterfaceError("connection already closed")

    # The first report of the day saves the report, then records the passive check-in, in one
    # transaction: the report row written just before must not survive.
    monkeypatch.setattr(supervision, "_passive_check_in", connection_lost)

    status, headers, content = post(body())

    assert (status, headers["Retry-After"], content) == (503, "5", unavailable("en"))
    assert (LocationReport.objects.count(), CheckIn.objects.count()) == (0, 0)


def test_an_unreachable_token_lookup_is_503_too(subject, monkeypatch, ingest_post):
    def refuse(key):
        raise OperationalError("connection refused")

    monkeypatch.setattr(ingest, "_subject_for_token", refuse)

    status, headers, content = ingest_post(body())

    assert (status, headers["Retry-After"], content) == (503, "5", unavailable("en"))
    assert LocationReport.objects.count() == 0


def test_the_outage_is_logged(subject, database_down, session_post, caplog):
    with caplog.at_level(logging.WARNING, logger="smartjustice.correction.hot"):
        session_post(body())

    assert [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "smartjustice.correction.hot"] == [
        ("WARNING", "Location report not stored, database unavailable (answered 503): OperationalError: "
                    'connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused')]


@pytest.fixture
def backend_killed_before(monkeypatch):
    """kill_before(name): PostgreSQL ends this worker's database session (as a failover or a
    restart does) just before supervision.<name> runs, so the call meets a dead connection."""
    from django.db import connections

    def kill_before(name):
        original = getattr(supervision, name)

        def dying(*args, **kwargs):
            connection.ensure_connection()
            pid = connection.connection.info.backend_pid
            other = connections.create_connection("default")
            try:
                with other.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            finally:
                other.close()
            monkeypatch.setattr(supervision, name, original)  # the resend meets a healthy database
            return original(*args, **kwargs)

        monkeypatch.setattr(supervision, name, dying)
    return kill_before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ends a real PostgreSQL session")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("dies_in, reports_before", [("_passive_check_in", 0), ("_insert_plain", 1)])
def test_a_session_ended_by_postgresql_is_503_and_the_resend_is_stored_once(
        subject, county_fence, ingest_post, backend_killed_before, dies_in, reports_before):
    # _passive_check_in: the first report of the day, an ORM transaction; _insert_plain: a later
    # report, the one prepared INSERT on the driver's own cursor.
    for _ in range(reports_before):
        assert ingest_post(body())[0] == 201
    backend_killed_before(dies_in)
    payload = body()

    status, headers, content = ingest_post(payload)
    stored_after_outage = LocationReport.objects.filter(client_id=payload["client_id"]).count()
    resent = ingest_post(payload)
    again = ingest_post(payload)

    assert (status, headers["Retry-After"], content, stored_after_outage) == (503, "5", unavailable("en"), 0)
    assert (resent[0], again[0], again[2]["error"]["code"]) == (201, 409, "correction.report_replayed")
    assert LocationReport.objects.filter(client_id=payload["client_id"]).count() == 1
    assert CheckIn.objects.count() == 1
