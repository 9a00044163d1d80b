"""/api/v1/orgs/: scope, and out-of-scope answered exactly like missing (issue #2 §9)."""
import pytest
from rest_framework.test import APIClient

from smartjustice.orgs.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def codes(response):
    return [org["code"] for org in response.json()["results"]]


def test_township_officer_sees_only_own_township(api, org_tree, make_user):
    api.force_authenticate(make_user(Role.CORRECTION_OFFICER, org_tree["wutong"]))

    response = api.get("/api/v1/orgs/")

    assert response.status_code == 200
    assert codes(response) == ["tx-wutong"]


def test_county_supervisor_sees_county_and_its_townships_not_the_other_county(api, org_tree, make_user):
    api.force_authenticate(make_user(Role.SUPERVISOR, org_tree["county"]))

    response = api.get("/api/v1/orgs/")

    assert codes(response) == ["tx-sfj", "tx-wutong", "tx-fengming"]
    assert response.json()["count"] == 3


def test_citizen_sees_no_organisation_details(api, org_tree, make_user):
    api.force_authenticate(make_user(Role.CITIZEN, org_tree["wutong"]))

    assert codes(api.get("/api/v1/orgs/")) == []


def test_detail_in_scope(api, org_tree, make_user):
    api.force_authenticate(make_user(Role.SUPERVISOR, org_tree["county"]))

    response = api.get(f"/api/v1/orgs/{org_tree['fengming'].pk}/")

    assert response.status_code == 200
    assert response.json()["name"] == "凤鸣司法所"
    assert response.json()["parent"] == org_tree["county"].pk


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("suffix", ["", "members/"])
def test_other_org_is_byte_identical_to_a_missing_one(api, org_tree, make_user, language, suffix):
    api.force_authenticate(make_user(Role.SUPERVISOR, org_tree["county"]))

    other = api.get(f"/api/v1/orgs/{org_tree['other_township'].pk}/{suffix}", HTTP_ACCEPT_LANGUAGE=language)
    missing = api.get(f"/api/v1/orgs/987654/{suffix}", HTTP_ACCEPT_LANGUAGE=language)
    garbage = api.get(f"/api/v1/orgs/abc/{suffix}", HTTP_ACCEPT_LANGUAGE=language)
    huge = api.get(f"/api/v1/orgs/99999999999999999999999/{suffix}", HTTP_ACCEPT_LANGUAGE=language)

    assert other.status_code == missing.status_code == garbage.status_code == huge.status_code == 404
    assert other.content == missing.content == garbage.content == huge.content
    assert other.json()["error"]["code"] == "not_found"
    assert other.json()["error"]["message"] == {"zh-hans": "未找到。", "en": "Not found."}[language]


def test_township_officer_cannot_see_the_county_above(api, org_tree, make_user):
    api.force_authenticate(make_user(Role.CORRECTION_OFFICER, org_tree["wutong"]))

    assert api.get(f"/api/v1/orgs/{org_tree['county'].pk}/").status_code == 404
    assert api.get(f"/api/v1/orgs/{org_tree['fengming'].pk}/").status_code == 404


def test_members_list_shows_active_members_without_personal_data(api, org_tree, make_user):
    supervisor = make_user(Role.SUPERVISOR, org_tree["county"], real_name="李督导")
    officer = make_user(Role.CORRECTION_OFFICER, org_tree["wutong"], real_name="王矫正")
    officer.set_id_number("330483199001011239")
    officer.save()
    gone = make_user(Role.CORRECTION_OFFICER, org_tree["wutong"])
    gone.memberships.update(is_active=False)
    api.force_authenticate(supervisor)

    response = api.get(f"/api/v1/orgs/{org_tree['wutong'].pk}/members/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.json()["results"] == [{
        "id": officer.memberships.get().pk, "user_id": officer.pk, "username": officer.username,
        "display_name": "王矫正", "role": "correction_officer", "role_display": "correction officer",
    }]


def test_members_list_needs_org_view(api, org_tree, make_user):
    citizen = make_user(Role.CITIZEN, org_tree["wutong"])
    api.force_authenticate(citizen)

    response = api.get(f"/api/v1/orgs/{org_tree['wutong'].pk}/members/")

    assert response.status_code == 404


def test_anonymous_gets_401(api, org_tree):
    assert api.get("/api/v1/orgs/").status_code == 401


def _session_client(user):
    from django.test import Client

    browser = Client()
    browser.force_login(user)
    return browser


@pytest.mark.parametrize("extra_townships", [0, 5])
def test_list_query_count_does_not_grow_with_rows(org_tree, make_user, django_assert_num_queries,
                                                  extra_townships):
    from smartjustice.orgs.models import Organisation

    for n in range(extra_townships):
        Organisation.objects.create(code=f"tx-extra-{n}", name=f"额外{n}", kind="judicial_office",
                                    level="township", parent=org_tree["county"])
    browser = _session_client(make_user(Role.SUPERVISOR, org_tree["county"]))

    # session, user, memberships, count, page
    with django_assert_num_queries(5):
        response = browser.get("/api/v1/orgs/")

    assert response.json()["count"] == 3 + extra_townships


@pytest.mark.parametrize("members", [1, 6])
def test_members_query_count_does_not_grow_with_rows(org_tree, make_user, django_assert_num_queries, members):
    for _ in range(members):
        make_user(Role.CORRECTION_OFFICER, org_tree["wutong"])
    browser = _session_client(make_user(Role.SUPERVISOR, org_tree["county"]))

    # session, user, organisation, memberships, target path (can), count, page
    with django_assert_num_queries(7):
        response = browser.get(f"/api/v1/orgs/{org_tree['wutong'].pk}/members/")

    assert response.json()["count"] == members
