"""A database that cannot be reached before any view runs (the session is loaded by a
middleware) is answered 503 with Retry-After, not 500 (web/errors.py)."""
import json

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client

from smartjustice.correction.models import LocationReport
from smartjustice.orgs.choices import Role


@pytest.fixture
def signed_in(make_user, org_tree):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(make_user(Role.CORRECTION_SUBJECT, org_tree["wutong"]))
    return client


@pytest.fixture
def session_store_fails(monkeypatch):
    def fail(exc):
        def load(self):
            raise exc
        monkeypatch.setattr(SessionStore, "load", load)
    return fail


@pytest.mark.django_db
def test_a_location_report_with_a_session_is_503_with_retry_after_when_the_session_cannot_load(
        signed_in, session_store_fails):
    session_store_fails(OperationalError("connection refused"))

    response = signed_in.post("/api/v1/correction/location-reports", {"latitude": 30.6, "longitude": 120.5},
                              content_type="application/json")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert json.loads(response.content) == {"error": {
        "code": "temporarily_unavailable", "message": "系统暂时无法保存，请稍后重试；您的报告不会丢失。"}}
    assert LocationReport.objects.count() == 0


@pytest.mark.django_db
def test_another_api_call_gets_the_general_503_message_in_english(signed_in, session_store_fails):
    session_store_fails(OperationalError("connection refused"))

    response = signed_in.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response["Retry-After"]) == (503, "5")
    assert json.loads(response.content)["error"] == {
        "code": "temporarily_unavailable",
        "message": "The system is temporarily unavailable; nothing was saved. Please try again shortly."}


@pytest.mark.django_db
def test_a_page_gets_the_static_503_page(signed_in, session_store_fails):
    session_store_fails(OperationalError("connection refused"))

    response = signed_in.get("/")

    assert (response.status_code, response["Retry-After"]) == (503, "5")
    assert "系统暂时不可用" in response.content.decode()


@pytest.mark.django_db
def test_any_other_failure_is_still_the_500_page(signed_in, session_store_fails):
    session_store_fails(ValueError("a bug"))

    response = signed_in.get("/")

    assert response.status_code == 500
    assert "系统出错了" in response.content.decode()
    assert not response.has_header("Retry-After")
