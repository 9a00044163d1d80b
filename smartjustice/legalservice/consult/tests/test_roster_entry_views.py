"""The pages for registering a lawyer (/consult/roster/register/) and correcting an entry
(/consult/roster/<id>/correct/), the roster's links to them, and the correction API. Each
refusal is a 404 (or the login page for anonymous visitors) or the service's message in
Chinese on the form, and stores nothing (STYLE §3)."""
import pytest
from django.test import Client
from django.urls import reverse

from smartjustice.audit.models import AuditEntry
from smartjustice.legalservice.consult.models import LawyerProfile
from smartjustice.orgs.choices import Role
from smartjustice.orgs.models import Membership

pytestmark = pytest.mark.django_db
LICENCE = "13304201910000123"
REGISTER = reverse("consult:register-lawyer")


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def roster_state() -> tuple:
    return (list(LawyerProfile.objects.order_by("pk").values_list("user_id", "org_id", "licence_number")),
            AuditEntry.objects.filter(action__startswith="consult.").count())


@pytest.fixture
def newcomer(make_user, orgs):
    """李律师: a member of the firm with the lawyer role, not on the roster yet."""
    user = make_user(Role.LAWYER, orgs["firm"], real_name="李律师")
    return Membership.objects.get(user=user)


@pytest.fixture
def people(orgs, lawyer, citizen, make_user, admin_of):
    return {
        "anonymous": lambda: None,
        "the lawyer": lambda: lawyer.user,
        "citizen": lambda: citizen,
        "firm administrator": lambda: admin_of(orgs["firm"]),
        "county supervisor": lambda: make_user(Role.SUPERVISOR, orgs["county"]),
        "county administrator": lambda: make_user(Role.ADMINISTRATOR, orgs["county"]),
        "other county administrator": lambda: make_user(Role.ADMINISTRATOR, orgs["other_county"]),
    }


# --- registering --------------------------------------------------------------------------

REGISTER_EXPECTED = {"anonymous": 302, "the lawyer": 404, "citizen": 404, "firm administrator": 302,
                     "county supervisor": 404, "county administrator": 302, "other county administrator": 400}


@pytest.mark.parametrize("who", list(REGISTER_EXPECTED))
def test_register_page_permission_matrix(people, newcomer, who):
    before = roster_state()

    response = client_for(people[who]()).post(REGISTER, {
        "membership": str(newcomer.pk), "licence_number": LICENCE, "specialties": ["labour"], "languages": ["zh-hans"]})

    assert response.status_code == REGISTER_EXPECTED[who]
    registered = who in ("firm administrator", "county administrator")
    if registered:
        assert response["Location"] == reverse("consult:roster")
        assert LawyerProfile.objects.get(user=newcomer.user).licence_number == LICENCE
        assert AuditEntry.objects.filter(action="consult.lawyer.registered").count() == 2  # the fixture's lawyer, too
    else:
        assert roster_state() == before
    if who == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    if who == "other county administrator":
        assert "请从列表中选择律师。" in response.content.decode()


def test_register_page_offers_the_firms_lawyers_not_on_the_roster_grouped_by_firm(people, newcomer, second_firm,
                                                                                  make_user, orgs):
    make_user(Role.LAWYER, second_firm, real_name="求是律师")
    make_user(Role.LAWYER, orgs["other_firm"], real_name="海宁律师")

    html = client_for(people["county administrator"]()).get(REGISTER).content.decode()

    assert '<optgroup label="桐乡明理律师事务所">' in html and '<optgroup label="桐乡求是律师事务所">' in html
    assert f'<option value="{newcomer.pk}">李律师</option>' in html
    assert "求是律师" in html and "海宁律师" not in html and "王律师" not in html
    assert '<input type="checkbox" name="languages" value="zh-hans" id="id_languages_0" checked>' in html


def test_a_refused_registration_shows_the_services_message_in_chinese_and_stores_nothing(people, newcomer, lawyer):
    before = roster_state()

    response = client_for(people["firm administrator"]()).post(REGISTER, {
        "membership": str(newcomer.pk), "licence_number": lawyer.licence_number, "languages": ["zh-hans"]})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_licence_number_error" role="alert">该执业证号已在律师名册中。</p>' in html
    assert roster_state() == before


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"licence_number": "", "languages": ["zh-hans"]}, "licence_number", "律师执业证号为17位数字。"),
    ({"licence_number": "1234", "languages": ["zh-hans"]}, "licence_number", "律师执业证号为17位数字。"),
    ({"licence_number": LICENCE}, "languages", "请至少选择一种该律师提供咨询的语言。"),
])
def test_each_bad_registration_names_its_field(people, newcomer, data, field, message):
    before = roster_state()

    response = client_for(people["firm administrator"]()).post(REGISTER, {"membership": str(newcomer.pk), **data})

    assert response.status_code == 400
    assert f'id="id_{field}_error" role="alert">{message}</p>' in response.content.decode()
    assert roster_state() == before


def test_register_page_says_when_everyone_is_on_the_roster(people, lawyer):
    html = client_for(people["firm administrator"]()).get(REGISTER).content.decode()

    assert "您所管理机构中具有律师角色的人员均已在名册中。" in html and 'name="licence_number"' not in html


# --- the roster's links -------------------------------------------------------------------

@pytest.mark.parametrize(("who", "may_register", "may_correct"), [
    ("firm administrator", True, True), ("county administrator", True, True), ("county supervisor", False, False)])
def test_the_roster_links_to_registering_and_correcting_for_those_who_may(people, lawyer, who, may_register,
                                                                          may_correct):
    html = client_for(people[who]()).get(reverse("consult:roster")).content.decode()

    assert (REGISTER in html, reverse("consult:correct-lawyer", args=[lawyer.pk]) in html) == (may_register,
                                                                                               may_correct)


def test_a_registered_lawyer_appears_on_the_roster_of_whoever_registered_them(people, newcomer):
    admin = people["county administrator"]()
    client = client_for(admin)

    response = client.post(REGISTER, {"membership": str(newcomer.pk), "licence_number": LICENCE,
                                      "languages": ["zh-hans"]}, follow=True)

    html = response.content.decode()
    assert "李律师已登记在桐乡明理律师事务所的律师名册中。" in html
    assert 'id="lawyer-' in html and LICENCE in html


# --- correcting ---------------------------------------------------------------------------

# (GET, POST): the page, then the correction it saves.
CORRECT_EXPECTED = {"anonymous": (302, 302), "the lawyer": (404, 404), "citizen": (404, 404),
                    "firm administrator": (200, 302), "county supervisor": (404, 404),
                    "county administrator": (200, 302), "other county administrator": (404, 404)}


@pytest.mark.parametrize("who", list(CORRECT_EXPECTED))
def test_correction_page_permission_matrix(people, lawyer, orgs, who):
    before = (lawyer.licence_number, AuditEntry.objects.count())
    client = client_for(people[who]())
    url = reverse("consult:correct-lawyer", args=[lawyer.pk])

    page = client.get(url)
    response = client.post(url, {"licence_number": LICENCE, "org": str(orgs["firm"].pk), "reason": "录错一位"})

    assert (page.status_code, response.status_code) == CORRECT_EXPECTED[who]
    lawyer.refresh_from_db()
    if CORRECT_EXPECTED[who] == (200, 302):
        assert lawyer.licence_number == LICENCE
        assert AuditEntry.objects.get(action="consult.lawyer.entry_corrected").reason == "录错一位"
    else:
        assert (lawyer.licence_number, AuditEntry.objects.count()) == before


def test_the_correction_page_moves_the_lawyer_to_a_firm_they_hold_the_role_at(people, lawyer, orgs, second_firm):
    Membership.objects.create(user=lawyer.user, org=second_firm, role=Role.LAWYER)
    client = client_for(people["county administrator"]())
    url = reverse("consult:correct-lawyer", args=[lawyer.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"licence_number": lawyer.licence_number, "org": str(second_firm.pk),
                                 "reason": "转所执业"}, follow=True)

    assert f'<option value="{orgs["firm"].pk}" selected>桐乡明理律师事务所</option>' in page
    assert f'<option value="{second_firm.pk}">桐乡求是律师事务所</option>' in page
    assert "王律师的名册信息已更正。" in response.content.decode()
    lawyer.refresh_from_db()
    assert lawyer.org == second_firm


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"reason": ""}, "reason", "请填写更正的理由。"),
    ({"licence_number": "12345"}, "licence_number", "律师执业证号为17位数字。"),
    ({"org": "999999"}, "org", "请从列表中选择执业机构。"),
])
def test_a_refused_correction_names_its_field_in_chinese_and_changes_nothing(people, lawyer, orgs, data, field,
                                                                             message):
    before = (lawyer.licence_number, lawyer.org_id, AuditEntry.objects.count())

    response = client_for(people["firm administrator"]()).post(
        reverse("consult:correct-lawyer", args=[lawyer.pk]),
        {"licence_number": LICENCE, "org": str(orgs["firm"].pk), "reason": "录错", **data})

    assert response.status_code == 400
    assert f'id="id_{field}_error" role="alert">{message}</p>' in response.content.decode()
    lawyer.refresh_from_db()
    assert (lawyer.licence_number, lawyer.org_id, AuditEntry.objects.count()) == before


def test_an_unchanged_correction_is_refused_on_the_form(people, lawyer, orgs):
    before = AuditEntry.objects.count()

    response = client_for(people["firm administrator"]()).post(
        reverse("consult:correct-lawyer", args=[lawyer.pk]),
        {"licence_number": lawyer.licence_number, "org": str(orgs["firm"].pk), "reason": "核对"})

    assert response.status_code == 400
    assert "执业证号和执业机构与现有信息相同，无需更正。" in response.content.decode()
    assert AuditEntry.objects.count() == before


# --- the correction API -------------------------------------------------------------------

def api(lawyer):
    return reverse("api:v1:consult:correction", args=[lawyer.pk])


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("the lawyer", 404), ("citizen", 404),
                                             ("county supervisor", 404), ("other county administrator", 404),
                                             ("firm administrator", 200)])
def test_correction_api_permission_matrix(people, lawyer, who, status):
    before = (lawyer.licence_number, AuditEntry.objects.count())

    response = client_for(people[who]()).post(api(lawyer), {"licence_number": LICENCE, "reason": "录错"},
                                              content_type="application/json")

    assert response.status_code == status
    lawyer.refresh_from_db()
    if status == 200:
        assert (response.json()["licence_number"], lawyer.licence_number) == (LICENCE, LICENCE)
    else:
        assert (lawyer.licence_number, AuditEntry.objects.count()) == before


def test_correction_api_moves_the_lawyer_by_organisation_id(people, lawyer, second_firm):
    Membership.objects.create(user=lawyer.user, org=second_firm, role=Role.LAWYER)

    response = client_for(people["county administrator"]()).post(
        api(lawyer), {"org": second_firm.pk, "reason": "转所执业"}, content_type="application/json")

    assert response.status_code == 200
    assert (response.json()["org"], response.json()["firm"]) == (second_firm.pk, "桐乡求是律师事务所")


@pytest.mark.parametrize(("body", "field"), [
    ({"licence_number": "1", "reason": "录错"}, "licence_number"),
    ({"licence_number": LICENCE, "reason": " "}, "reason"),
    ({"org": "other_firm", "reason": "转所"}, "org"),
])
def test_correction_api_refusals_name_the_field_and_change_nothing(people, lawyer, orgs, body, field):
    if body.get("org") == "other_firm":
        Membership.objects.create(user=lawyer.user, org=orgs["other_firm"], role=Role.LAWYER)
        body = {**body, "org": orgs["other_firm"].pk}
    before = (lawyer.licence_number, lawyer.org_id, AuditEntry.objects.count())

    response = client_for(people["county administrator"]()).post(api(lawyer), body, content_type="application/json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [field]
    lawyer.refresh_from_db()
    assert (lawyer.licence_number, lawyer.org_id, AuditEntry.objects.count()) == before
