"""/api/v1/audit/entries/: same scope and filters as the search page (issue #2 §4, §9)."""
import pytest
from django.test import Client
from rest_framework.test import APIClient

from smartjustice.audit.models import AuditEntry
from smartjustice.orgs.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(org_tree, make_user):
    return make_user(Role.SUPERVISOR, org_tree["county"])


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def ids(response):
    return [entry["id"] for entry in response.json()["results"]]


def test_supervisor_lists_entries_in_scope_newest_first(seeded, supervisor, org_tree):
    response = api_for(supervisor).get("/api/v1/audit/entries/")

    assert response.status_code == 200
    assert ids(response) == [seeded["read"].pk, seeded["change"].pk]
    read = response.json()["results"][0]
    assert (read["kind"], read["actor_name"], read["org"], read["org_name"], read["ip"], read["reason"]) == (
        "read", "赵六", org_tree["fengming"].pk, "凤鸣司法所", "10.0.0.2", "核对身份")
    assert read["occurred_at"] == "2026-03-02T23:30:00+08:00"


def test_filters_match_the_search_page(seeded, supervisor):
    response = api_for(supervisor).get("/api/v1/audit/entries/?kind=change&actor=王&date_to=2026-03-01")

    assert ids(response) == [seeded["change"].pk]


@pytest.mark.parametrize(("language", "message"), [
    ("zh-hans", "截止日期（2026-03-01）早于起始日期（2026-03-05），请重新选择。"),
    ("en", "The end date (2026-03-01) is before the start date (2026-03-05)."),
])
def test_bad_date_range_is_a_400_with_a_specific_message(seeded, supervisor, language, message):
    response = api_for(supervisor).get("/api/v1/audit/entries/?date_from=2026-03-05&date_to=2026-03-01",
                                       HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["fields"] == {"date_to": [message]}


def test_unreadable_date_is_a_400(seeded, supervisor):
    response = api_for(supervisor).get("/api/v1/audit/entries/?date_from=yesterday", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"date_from": ["Enter a valid date."]}


@pytest.mark.parametrize(("role", "org"), [(Role.CORRECTION_OFFICER, "wutong"), (Role.CITIZEN, "county")])
def test_users_without_audit_rights_get_the_plain_404(seeded, org_tree, make_user, role, org):
    response = api_for(make_user(role, org_tree[org])).get("/api/v1/audit/entries/")
    nowhere = APIClient().get("/api/v1/no-such-endpoint/")

    assert response.status_code == 404
    assert response.content == nowhere.content


def test_township_supervisor_does_not_see_siblings(seeded, org_tree, make_user):
    response = api_for(make_user(Role.SUPERVISOR, org_tree["wutong"])).get("/api/v1/audit/entries/")

    assert ids(response) == [seeded["change"].pk]


def test_listing_is_not_itself_an_audited_export(seeded, supervisor):
    before = AuditEntry.objects.count()

    api_for(supervisor).get("/api/v1/audit/entries/")

    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("extra", [0, 6])
def test_query_count_does_not_grow_with_rows(seeded, supervisor, org_tree, extra, django_assert_num_queries):
    from smartjustice.audit.services import record

    for n in range(extra):
        record("orgs.organisation.touched", actor=seeded["wang"], obj=org_tree["wutong"], org=org_tree["wutong"],
               changes={"n": [n, n + 1]})
    browser = Client()
    browser.force_login(supervisor)

    # session, user, memberships, count, page
    with django_assert_num_queries(5):
        response = browser.get("/api/v1/audit/entries/")

    assert response.json()["count"] == 2 + extra
