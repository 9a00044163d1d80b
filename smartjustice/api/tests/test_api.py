"""The API contract: schema, docs page, /me, error shape, token auth (issue #2 §9)."""
import json

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token

from smartjustice.accounts.models import User
from smartjustice.api.urls import optional_api_urlpatterns
from smartjustice.audit.models import AuditEntry
from smartjustice.orgs.choices import Role

pytestmark = pytest.mark.django_db


# --- schema and docs -------------------------------------------------------------------

def test_schema_is_openapi_3_and_lists_the_v1_endpoints(client):
    response = client.get("/api/schema")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/me/", "/api/v1/orgs/", "/api/v1/orgs/{id}/", "/api/v1/orgs/{id}/members/",
            "/api/v1/audit/entries/"} <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/me/"]) == {"get", "patch"}


def test_docs_page_lists_every_operation_of_the_schema(client):
    schema = yaml.safe_load(client.get("/api/schema").content)
    operations = [(method.upper(), path) for path, item in schema["paths"].items() for method in item]

    response = client.get("/api/docs")

    assert response.status_code == 200
    assert [(op["method"], op["path"]) for op in response.context["operations"]] == operations
    html = response.content.decode()
    for method, path in operations:
        assert f'<span class="badge">{method}</span> <code>{path}</code>' in html
    assert "<code>date_from</code>" in html  # parameters of the audit search are listed
    assert "swagger" not in html.lower() and "redoc" not in html.lower()


def test_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}


def test_optional_api_guard_forgives_only_a_missing_api_module_or_name():
    assert optional_api_urlpatterns("smartjustice.orgs.no_such_api") is None
    assert optional_api_urlpatterns("smartjustice.api.errors") is None  # module without api_urlpatterns
    assert optional_api_urlpatterns("smartjustice.orgs.api")[0].name == "list"
    with pytest.raises(ModuleNotFoundError):
        optional_api_urlpatterns("smartjustice.no_such_app.api")  # a missing app is a real error


# --- /me ---------------------------------------------------------------------------------

def test_me_shows_masked_id_roles_and_preferences(api, org_tree, make_user):
    person = make_user(Role.CORRECTION_OFFICER, org_tree["wutong"], real_name="张三", language="en")
    person.set_id_number("330483199001011239")
    person.save()
    api.force_authenticate(person)

    response = api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.json() == {
        "id": person.pk, "username": person.username, "display_name": "张三",
        "id_number_masked": "3304**********1239",
        "roles": [{"role": "correction_officer", "role_display": "correction officer",
                   "org_id": org_tree["wutong"].pk, "org_name": "梧桐司法所"}],
        "elderly_mode": False, "language": "en",
    }
    assert "330483199001011239" not in response.content.decode()


def test_me_patch_changes_preferences_and_audits(api, org_tree, make_user):
    person = make_user(Role.CITIZEN, org_tree["wutong"])
    api.force_authenticate(person)

    response = api.patch("/api/v1/me/", {"elderly_mode": True, "language": "en"}, format="json")

    assert response.status_code == 200
    assert response.json()["elderly_mode"] is True
    person.refresh_from_db()
    assert (person.elderly_mode, person.language) == (True, "en")
    entry = AuditEntry.objects.get(action="accounts.user.preferences_changed")
    assert entry.changes == {"elderly_mode": [False, True], "language": ["", "en"]}
    assert entry.actor_id == person.pk


@pytest.mark.parametrize(("language", "message", "field_message"), [
    ("zh-hans", "请更正以下错误。", "请选择语言：zh-hans（简体中文）或 en（English）。"),
    ("en", "Please correct the errors below.", "Choose a language: zh-hans (简体中文) or en (English)."),
])
def test_me_patch_bad_language_is_a_specific_400_in_the_request_language_and_changes_nothing(
        api, org_tree, make_user, language, message, field_message):
    person = make_user(Role.CITIZEN, org_tree["wutong"])
    api.force_authenticate(person)

    response = api.patch("/api/v1/me/", {"language": "fr", "elderly_mode": True}, format="json",
                         HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert response.json() == {"error": {"code": "invalid", "message": message,
                                         "fields": {"language": [field_message]}}}
    person.refresh_from_db()
    assert (person.elderly_mode, person.language) == (False, "")
    assert not AuditEntry.objects.exists()


def test_me_patch_with_nothing_to_change_says_so(api, org_tree, make_user):
    person = make_user(Role.CITIZEN, org_tree["wutong"])
    api.force_authenticate(person)

    response = api.patch("/api/v1/me/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Send elderly_mode or language to change."
    assert not AuditEntry.objects.exists()


# --- authentication ----------------------------------------------------------------------

def test_anonymous_request_is_401_not_authenticated(api):
    response = api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 401
    assert response.json() == {"error": {"code": "not_authenticated",
                                         "message": "Authentication credentials were not provided."}}
    assert response["WWW-Authenticate"] == "Token"


def test_session_write_without_csrf_token_is_403_permission_denied(org_tree, make_user):
    from django.test import Client

    person = make_user(Role.CITIZEN, org_tree["wutong"])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person)

    response = browser.patch("/api/v1/me/", json.dumps({"elderly_mode": True}),
                             content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    person.refresh_from_db()
    assert person.elderly_mode is False


def test_issued_token_authenticates_a_partner_system(api, org_tree, make_user, capsys):
    partner = make_user(Role.LIAISON, org_tree["county"], username="court-system")

    call_command("issue_api_token", "court-system")
    key = capsys.readouterr().out.strip()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["username"] == "court-system"
    assert Token.objects.get(user=partner).key == key
    entry = AuditEntry.objects.get(action="api.token.issued")
    assert (entry.object_id, entry.org_id, entry.changes) == (
        str(partner.pk), org_tree["county"].pk, {"token": [None, "[redacted]"]})
    assert key not in json.dumps(entry.changes) + entry.reason


def test_rotating_a_token_revokes_the_old_one(api, org_tree, make_user, capsys):
    make_user(Role.LIAISON, org_tree["county"], username="court-system")
    call_command("issue_api_token", "court-system")
    old_key = capsys.readouterr().out.strip()

    call_command("issue_api_token", "court-system")
    new_key = capsys.readouterr().out.strip()
    api.credentials(HTTP_AUTHORIZATION=f"Token {old_key}")
    response = api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")

    assert new_key != old_key
    assert response.status_code == 401
    assert response.json() == {"error": {"code": "authentication_failed", "message": "Invalid token."}}
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "api.token.issued", "api.token.rotated"]


@pytest.mark.parametrize(("language", "message"), [("en", "Invalid token."), ("zh-hans", "认证令牌无效。")])
def test_bad_token_is_401_authentication_failed(api, language, message):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")

    response = api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 401
    assert response.json() == {"error": {"code": "authentication_failed", "message": message}}


def test_issue_api_token_refuses_unknown_and_deactivated_users(make_user):
    make_user(username="gone", is_active=False)

    with pytest.raises(CommandError, match="No user with username 'nobody'"):
        call_command("issue_api_token", "nobody")
    with pytest.raises(CommandError, match="该账号已停用，不能签发 API 令牌。"):  # LANGUAGE_CODE
        call_command("issue_api_token", "gone")
    assert not Token.objects.exists()
    assert not AuditEntry.objects.exists()
    assert User.objects.get(username="gone").is_active is False
