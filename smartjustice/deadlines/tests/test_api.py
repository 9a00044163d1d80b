"""API: the rule list and the computation, open to anonymous callers."""
import pytest
from rest_framework.test import APIClient

from smartjustice.audit.models import AuditEntry
from smartjustice.deadlines.models import Deadline
from smartjustice.deadlines.rules import RULES

pytestmark = [pytest.mark.django_db, pytest.mark.urls("smartjustice.deadlines.tests.api_urls")]

BASE = "/api/v1/deadlines"


@pytest.fixture
def client():
    return APIClient()


def test_rules_list_is_public(client):
    response = client.get(f"{BASE}/rules")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(RULES)
    assert body["results"][0]["id"] == "reconsideration.apply"
    assert body["results"][0]["citation"] == "《行政复议法》第二十条第一款"


def test_compute_returns_the_cli_contract(client, loaded_holidays):
    response = client.get(f"{BASE}/compute", {"rule": "penalty.serve_decision", "from": "2026-02-11"})

    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in ("rule", "from", "due", "unit", "citation")} == {
        "rule": "penalty.serve_decision", "from": "2026-02-11", "due": "2026-02-27",
        "unit": "working_day", "citation": "《行政处罚法》第六十一条第一款、第八十五条",
    }


def test_compute_with_extension(client, loaded_holidays):
    response = client.get(f"{BASE}/compute",
                          {"rule": "reconsideration.decide_ordinary", "from": "2025-08-01", "extend": "30"})

    assert response.status_code == 200
    assert response.json()["due"] == "2025-10-30"


@pytest.mark.parametrize(("params", "status", "code", "field"), [
    ({"rule": "nope", "from": "2025-01-01"}, 400, "unknown_rule", "rule"),
    ({"from": "2025-01-01"}, 400, "unknown_rule", "rule"),
    ({"rule": "reconsideration.apply", "from": "2025-02-30"}, 400, "invalid_date", "from"),
    ({"rule": "reconsideration.apply"}, 400, "invalid_date", "from"),
    ({"rule": "reconsideration.decide_ordinary", "from": "2025-08-01", "extend": "31"}, 400,
     "extension_exceeds_cap", "extend"),
    ({"rule": "reconsideration.decide_ordinary", "from": "2025-08-01", "extend": "x"}, 400,
     "invalid_amount", "extend"),
    ({"rule": "penalty.decide", "from": "2026-11-30"}, 409, "no_holiday_data", None),
])
def test_bad_input_gets_a_specific_error_and_changes_nothing(client, loaded_holidays, params, status, code, field):
    audits = AuditEntry.objects.count()

    response = client.get(f"{BASE}/compute", params)

    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    assert (list(error.get("fields", {})) or [None]) == [field]
    assert AuditEntry.objects.count() == audits
    assert not Deadline.objects.exists()


def test_error_message_follows_the_requested_language(client, loaded_holidays):
    english = client.get(f"{BASE}/compute", {"rule": "nope", "from": "2025-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get(f"{BASE}/compute", {"rule": "nope", "from": "2025-01-01"}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert english.json()["error"]["message"] == "There is no deadline rule with the id “nope”."
    assert chinese.json()["error"]["message"] == "没有编号为“nope”的期限规则。"
