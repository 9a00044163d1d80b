"""The web shell: landing page in both languages, portal and workbench by role, the
elderly-mode toggle and the language switch."""
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from smartjustice.accounts.models import User
from smartjustice.audit.models import AuditEntry
from smartjustice.orgs.choices import Role
from smartjustice.orgs.permissions import UnknownAction
from smartjustice.web.preferences import ELDERLY_SESSION_KEY

pytestmark = pytest.mark.django_db

CAPABILITIES_ZH = ["互联网行政复议", "行政争议闭环治理", "法治联盟链", "智慧矫正", "云司法"]
CAPABILITIES_EN = ["Online administrative reconsideration", "Closed-loop resolution of administrative disputes",
                   "Rule-of-law consortium ledger", "Smart community correction", "Cloud justice services"]


# --- landing page -------------------------------------------------------------------------


def test_home_is_in_simplified_chinese_by_default(client):
    page = client.get(reverse("web:home")).content.decode()

    assert '<html lang="zh-Hans">' in page
    assert "智慧司法" in page
    for name in CAPABILITIES_ZH:
        assert f"<h3>{name}</h3>" in page
    assert "Smart Justice" not in page


def test_home_in_english_when_the_visitor_chose_english(client):
    client.cookies["django_language"] = "en"

    page = client.get(reverse("web:home")).content.decode()

    assert '<html lang="en">' in page
    for name in CAPABILITIES_EN:
        assert f"<h3>{name}</h3>" in page
    assert "互联网行政复议" not in page


def test_every_page_loads_htmx_from_static_and_sends_the_csrf_header(client):
    response = client.get(reverse("web:home"))

    page = response.content.decode()
    assert '<script src="/static/vendor/htmx/htmx.min.js" defer></script>' in page
    token = response.context["csrf_token"]
    assert f'''hx-headers='{{"X-CSRFToken": "{token}"}}\'''' in page
    assert '<a class="skip-link" href="#main">跳到正文</a>' in page
    assert '<main id="main" tabindex="-1">' in page


# --- portal and workbench by role -------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "url_name", "expected"),
    [
        (None, "web:portal", 302),
        (None, "web:workbench", 302),
        (Role.CITIZEN, "web:portal", 200),
        (Role.CITIZEN, "web:workbench", 403),
        (Role.ENTERPRISE, "web:portal", 200),
        (Role.CORRECTION_SUBJECT, "web:portal", 200),
        (Role.RECONSIDERATION_OFFICER, "web:workbench", 200),
        (Role.RECONSIDERATION_OFFICER, "web:portal", 403),
        (Role.SUPERVISOR, "web:workbench", 200),
        ("no-membership", "web:portal", 403),
        ("no-membership", "web:workbench", 403),
    ],
)
def test_portal_and_workbench_access(client, make_user, org_tree, role, url_name, expected):
    if role == "no-membership":
        client.force_login(make_user())
    elif role is not None:
        client.force_login(make_user(role, org_tree["county"]))

    response = client.get(reverse(url_name))

    assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == f"{reverse('accounts:login')}?next={reverse(url_name)}"


def test_refused_page_explains_in_chinese(client, make_user, org_tree):
    client.force_login(make_user(Role.CITIZEN, org_tree["county"]))

    page = client.get(reverse("web:workbench")).content.decode()

    assert "您的账户无权打开此页面。" in page


def test_workbench_lists_the_organisations_a_supervisor_oversees(client, make_user, org_tree):
    client.force_login(make_user(Role.SUPERVISOR, org_tree["county"]))

    response = client.get(reverse("web:workbench"))

    names = [org.name for org in response.context["organisations"]]
    assert sorted(names) == sorted(["桐乡市司法局", "梧桐司法所", "凤鸣司法所"])
    assert "海宁市司法局" not in response.content.decode()


def test_workbench_of_township_officer_shows_only_their_office(client, make_user, org_tree):
    client.force_login(make_user(Role.CORRECTION_OFFICER, org_tree["wutong"]))

    response = client.get(reverse("web:workbench"))

    assert [org.name for org in response.context["organisations"]] == ["梧桐司法所"]


def test_navigation_shows_entries_by_permission(client, make_user, org_tree):
    client.force_login(make_user(Role.CITIZEN, org_tree["county"]))
    citizen_page = client.get(reverse("web:home")).content.decode()
    client.force_login(make_user(Role.RECONSIDERATION_OFFICER, org_tree["county"]))
    officer_page = client.get(reverse("web:home")).content.decode()

    assert f'href="{reverse("web:portal")}"' in citizen_page
    assert f'href="{reverse("web:workbench")}"' not in citizen_page
    assert f'href="{reverse("web:workbench")}"' in officer_page
    assert f'href="{reverse("web:portal")}"' not in officer_page


def test_anonymous_navigation_offers_sign_in_and_registration(client):
    page = client.get(reverse("web:home")).content.decode()

    assert f'href="{reverse("accounts:login")}"' in page
    assert f'href="{reverse("accounts:register_citizen")}"' in page
    assert f'href="{reverse("web:portal")}"' not in page


# --- elderly mode ---------------------------------------------------------------------------


def test_anonymous_elderly_mode_lives_in_the_session(client):
    response = client.post(reverse("web:set_elderly_mode"), {"elderly_mode": "on", "next": "/portal/"})

    assert response.status_code == 302
    assert response["Location"] == "/portal/"
    assert client.session[ELDERLY_SESSION_KEY] is True
    page = client.get(reverse("web:home")).content.decode()
    assert '<body class="elderly"' in page
    assert '<details class="menu">' in page
    assert not AuditEntry.objects.exists()


def test_signed_in_elderly_mode_is_saved_on_the_account_and_audited(client, make_user, org_tree):
    user = make_user(Role.CITIZEN, org_tree["county"])
    client.force_login(user)

    client.post(reverse("web:set_elderly_mode"), {"elderly_mode": "on", "next": "/"})

    user.refresh_from_db()
    assert user.elderly_mode is True
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.changes) == ("accounts.user.preferences_changed", {"elderly_mode": [False, True]})
    assert '<body class="elderly"' in client.get(reverse("web:portal")).content.decode()

    client.post(reverse("web:set_elderly_mode"), {"elderly_mode": "off", "next": "/"})

    user.refresh_from_db()
    assert user.elderly_mode is False
    assert '<body class=""' in client.get(reverse("web:portal")).content.decode()


def test_elderly_toggle_refuses_a_bad_value_and_changes_nothing(client, make_user, org_tree):
    user = make_user(Role.CITIZEN, org_tree["county"])
    client.force_login(user)

    response = client.post(reverse("web:set_elderly_mode"), {"elderly_mode": "maybe"})

    assert response.status_code == 400
    user.refresh_from_db()
    assert user.elderly_mode is False
    assert not AuditEntry.objects.exists()


def test_elderly_toggle_needs_post(client):
    assert client.get(reverse("web:set_elderly_mode")).status_code == 405


def test_elderly_toggle_does_not_redirect_to_another_site(client):
    response = client.post(reverse("web:set_elderly_mode"), {"elderly_mode": "on", "next": "https://evil.example/"})

    assert response["Location"] == "/"


# --- language switch ----------------------------------------------------------------------


def test_anonymous_language_switch_sets_cookie_only(client):
    response = client.post(reverse("web:set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get(reverse("web:home")).content.decode()
    assert not AuditEntry.objects.exists()


def test_unknown_language_is_not_saved_on_the_account(client, make_user, org_tree):
    user = make_user(Role.CITIZEN, org_tree["county"])
    client.force_login(user)

    client.post(reverse("web:set_language"), {"language": "fr", "next": "/"})

    user.refresh_from_db()
    assert user.language == ""
    assert not AuditEntry.objects.exists()


# --- template helpers ---------------------------------------------------------------------


def render(source: str, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load access %}" + source).render(Context({"request": request}))


def test_can_tag_answers_from_the_permission_table(make_user, org_tree):
    source = '{% can "audit.view" as may_audit %}{% if may_audit %}yes{% else %}no{% endif %}'

    assert render(source, make_user(Role.SUPERVISOR, org_tree["county"])) == "yes"
    assert render(source, make_user(Role.CITIZEN, org_tree["county"])) == "no"


def test_can_tag_fails_loudly_on_an_unknown_action(make_user):
    with pytest.raises(UnknownAction):
        render('{% can "audit.veiw" as x %}', make_user())


def test_mask_mobile_keeps_first_three_and_last_four_digits():
    assert Template("{% load access %}{{ m|mask_mobile }}").render(Context({"m": "13957300001"})) == "139****0001"


def test_language_choices_match_the_user_model():
    from django.conf import settings

    assert {code for code, _name in settings.LANGUAGES} == set(User.Language.values)


def test_portal_shows_unread_count_and_latest_notifications(client, make_user, org_tree):
    notifications = pytest.importorskip("smartjustice.notifications.services")
    user = make_user(Role.CITIZEN, org_tree["county"])
    notifications.notify(user, title="复议申请已受理", body="", kind="test.notice", channels=())
    client.force_login(user)

    page = client.get(reverse("web:portal")).content.decode()

    assert "您有 1 条未读消息。" in page
    assert "复议申请已受理" in page
    assert '<span class="badge">1<span class="visually-hidden"> 条未读</span></span>' in page
