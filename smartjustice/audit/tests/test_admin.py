"""The Django admin never changes the audit trail, and every admin change is audited."""
import pytest
from django.test import Client

from smartjustice.audit.models import AuditEntry
from smartjustice.audit.services import record
from smartjustice.orgs.choices import Role
from smartjustice.orgs.models import Membership, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(make_user):
    return make_user(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(superuser):
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(superuser)
    return browser


@pytest.fixture
def entry(org_tree, make_user):
    officer = make_user(Role.CORRECTION_OFFICER, org_tree["wutong"], real_name="王五")
    return record("orgs.organisation.renamed", actor=officer, obj=org_tree["wutong"], org=org_tree["wutong"],
                  changes={"name": ["旧", "新"]})


def stored(entry):
    return AuditEntry.objects.filter(pk=entry.pk).values().get()


def test_changelist_lists_entries_without_any_bulk_action(admin_client, entry):
    response = admin_client.get("/admin/audit/auditentry/")

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [entry]
    assert response.context["action_form"] is None
    assert 'name="action"' not in response.content.decode()
    assert "delete_selected" not in response.content.decode()


def test_bulk_delete_post_is_refused_even_for_a_superuser(admin_client, entry):
    response = admin_client.post("/admin/audit/auditentry/",
                                 {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})

    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert response.status_code in (200, 302)


def test_change_and_delete_urls_are_refused_even_for_a_superuser(admin_client, entry):
    before = stored(entry)
    change_url = f"/admin/audit/auditentry/{entry.pk}/change/"

    change = admin_client.post(change_url, {"action": "forged", "actor_name": "someone else"})
    delete_get = admin_client.get(f"/admin/audit/auditentry/{entry.pk}/delete/")
    delete_post = admin_client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"})
    add = admin_client.get("/admin/audit/auditentry/add/")

    assert (change.status_code, delete_get.status_code, delete_post.status_code, add.status_code) == (
        403, 403, 403, 403)
    assert stored(entry) == before
    assert AuditEntry.objects.count() == 1


def test_detail_page_is_read_only(admin_client, entry):
    response = admin_client.get(f"/admin/audit/auditentry/{entry.pk}/change/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="action"' not in html and 'name="changes"' not in html
    assert 'name="_save"' not in html


def test_staff_without_superuser_see_only_their_audit_scope(org_tree, make_user, entry):
    from django.contrib.auth.models import Permission

    other = record("orgs.organisation.renamed", obj=org_tree["other_township"], org=org_tree["other_township"])
    staff = make_user(Role.SUPERVISOR, org_tree["county"], is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    browser = Client()
    browser.force_login(staff)

    response = browser.get("/admin/audit/auditentry/")

    assert list(response.context["cl"].result_list) == [entry]
    assert browser.get(f"/admin/audit/auditentry/{other.pk}/change/").status_code == 302  # "not found" redirect


def test_organisation_admin_change_is_audited(admin_client, org_tree, superuser):
    wutong = org_tree["wutong"]

    response = admin_client.post(f"/admin/orgs/organisation/{wutong.pk}/change/", {
        "name": "梧桐街道司法所", "name_en": "", "code": wutong.code, "kind": wutong.kind, "level": wutong.level,
        "parent": org_tree["county"].pk, "region_code": "", "address": "", "phone": "", "is_active": "on",
    })

    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor_id, entry.org_id, entry.changes) == (
        "orgs.organisation.changed", superuser.pk, wutong.pk, {"name": ["梧桐司法所", "梧桐街道司法所"]})


def test_organisation_admin_shows_tree_and_cannot_delete(admin_client, org_tree):
    listing = admin_client.get("/admin/orgs/organisation/?kind__exact=judicial_office")
    delete = admin_client.post(f"/admin/orgs/organisation/{org_tree['fengming'].pk}/delete/", {"post": "yes"})

    assert [org.code for org in listing.context["cl"].result_list] == ["tx-wutong", "tx-fengming",
                                                                        "hn-xiashi"]
    assert delete.status_code == 403
    assert Organisation.objects.filter(pk=org_tree["fengming"].pk).exists()
    assert not AuditEntry.objects.exists()


def test_membership_admin_grant_and_revoke_are_audited(admin_client, org_tree, make_user, superuser):
    person = make_user()

    admin_client.post("/admin/orgs/membership/add/", {
        "user": person.pk, "org": org_tree["wutong"].pk, "role": Role.MEDIATOR, "is_active": "on"})
    membership = Membership.objects.get(user=person)
    admin_client.post(f"/admin/orgs/membership/{membership.pk}/change/", {})

    assert list(AuditEntry.objects.order_by("id").values_list("action", "org_id", "changes")) == [
        ("orgs.membership.granted", org_tree["wutong"].pk,
         {"is_active": [None, True], "org": [None, org_tree["wutong"].pk], "role": [None, "mediator"],
          "user": [None, person.pk]}),
        ("orgs.membership.revoked", org_tree["wutong"].pk, {"is_active": [True, False]}),
    ]
    membership.refresh_from_db()
    assert membership.is_active is False


def test_membership_admin_delete_is_audited(admin_client, org_tree, make_user):
    person = make_user(Role.MEDIATOR, org_tree["wutong"])
    membership = person.memberships.get()

    admin_client.post(f"/admin/orgs/membership/{membership.pk}/delete/", {"post": "yes"})

    assert not Membership.objects.filter(pk=membership.pk).exists()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id, entry.changes["role"]) == (
        "orgs.membership.deleted", str(membership.pk), ["mediator", None])


def test_user_admin_shows_id_number_masked_only(admin_client, make_user):
    person = make_user(real_name="张三")
    person.set_id_number("330483199001011239")
    person.save()

    listing = admin_client.get("/admin/accounts/user/").content.decode()
    detail = admin_client.get(f"/admin/accounts/user/{person.pk}/change/").content.decode()

    for html in (listing, detail):
        assert "3304**********1239" in html
        assert "330483199001011239" not in html
        assert person.id_number_ciphertext not in html
        assert person.id_number_hash not in html
    assert 'name="id_number_ciphertext"' not in detail and 'name="id_number_masked"' not in detail


def test_user_admin_finds_a_person_by_full_id_number(admin_client, make_user):
    person = make_user(real_name="张三")
    person.set_id_number("330483199001011239")
    person.save()
    make_user(real_name="李四")

    response = admin_client.get("/admin/accounts/user/?q=330483199001011239")

    assert list(response.context["cl"].result_list) == [person]


def test_user_admin_change_is_audited(admin_client, org_tree, make_user, superuser):
    person = make_user(Role.CITIZEN, org_tree["wutong"], real_name="张三", username="zhangsan")

    response = admin_client.post(f"/admin/accounts/user/{person.pk}/change/", {
        "username": "zhangsan", "real_name": "张叁", "mobile": "", "email": "", "first_name": "", "last_name": "",
        "language": "", "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
    })

    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor_id, entry.object_id, entry.org_id, entry.changes) == (
        "accounts.user.changed", superuser.pk, str(person.pk), org_tree["wutong"].pk,
        {"real_name": ["张三", "张叁"]})


def test_user_admin_password_change_is_audited_without_the_hash(admin_client, make_user, superuser):
    person = make_user()

    response = admin_client.post(f"/admin/accounts/user/{person.pk}/password/", {
        "password1": "another-Long-passphrase-42", "password2": "another-Long-passphrase-42",
        "usable_password": "true"})

    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.changes) == ("accounts.user.password_changed",
                                             {"password": ["[redacted]", "[redacted]"]})
