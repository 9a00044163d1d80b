"""Registration, encrypted ID numbers and their audited reveal (issue #2 §3, §4)."""
import pytest
from django.db import connection

from smartjustice.accounts import services
from smartjustice.accounts.errors import (
    AlreadyRegistered,
    CreditCodeTaken,
    MobileTaken,
    WeakPassword,
)
from smartjustice.accounts.identity import InvalidIdentity
from smartjustice.accounts.models import EnterpriseProfile, User
from smartjustice.audit.models import AuditEntry
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.orgs.choices import Role
from smartjustice.orgs.models import Membership

ID_NUMBER = "330483195603120020"  # check digit computed in test_identity
PASSWORD = "wutong-river-2026"


def snapshot():
    return (User.objects.count(), Membership.objects.count(), EnterpriseProfile.objects.count(),
            AuditEntry.objects.count())


def register(org_tree, **overrides):
    fields = {"real_name": "张秀英", "mobile": "13800000001", "id_number": ID_NUMBER,
              "password": PASSWORD, "home_org": org_tree["county"]}
    fields.update(overrides)
    return services.register_citizen(**fields)


def test_citizen_registration_stores_the_id_number_encrypted_and_masked(org_tree):
    user = register(org_tree)

    assert user.username == "13800000001"
    assert user.id_number_masked == "3304**********0020"
    assert ID_NUMBER not in user.id_number_ciphertext
    assert user.reveal_id_number() == ID_NUMBER
    assert list(user.memberships.values_list("org__code", "role")) == [("tx-sfj", Role.CITIZEN)]
    assert list(AuditEntry.objects.values_list("action", "actor_id")) == [("accounts.user.registered", user.pk)]


def test_plain_id_number_is_nowhere_in_the_users_table(org_tree):
    register(org_tree)

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_user")
        rows = cursor.fetchall()
    assert all(ID_NUMBER not in str(value) for row in rows for value in row)


def test_id_number_is_searchable_through_its_keyed_hash(org_tree):
    user = register(org_tree)

    assert services.find_user_by_id_number(ID_NUMBER.lower()) == user
    assert services.find_user_by_id_number("11010519491231002X") is None


@pytest.mark.parametrize(
    ("overrides", "error", "field"),
    [
        ({"id_number": "330483195603120021"}, InvalidIdentity, "id_number"),
        ({"mobile": "1380000001"}, InvalidIdentity, "mobile"),
        ({"real_name": "  "}, InvalidInput, "real_name"),
        ({"password": "123"}, WeakPassword, "password"),
    ],
)
def test_bad_registration_input_changes_nothing(org_tree, overrides, error, field):
    before = snapshot()

    with pytest.raises(error) as caught:
        register(org_tree, **overrides)

    assert caught.value.field == field
    assert snapshot() == before


def test_second_account_for_the_same_id_number_is_refused(org_tree):
    register(org_tree)
    before = snapshot()

    with pytest.raises(AlreadyRegistered):
        register(org_tree, mobile="13900000009")

    assert snapshot() == before


def test_second_account_for_the_same_mobile_is_refused(org_tree):
    register(org_tree)
    before = snapshot()

    with pytest.raises(MobileTaken):
        register(org_tree, id_number="11010519491231002X")

    assert snapshot() == before


def test_enterprise_registration_and_duplicate_credit_code(org_tree):
    user = services.register_enterprise(enterprise_name="桐乡示范羊毛衫有限公司", credit_code="91350100m000100y43",
                                        contact_name="沈佳", mobile="13800000002", password=PASSWORD,
                                        home_org=org_tree["county"])
    before = snapshot()

    with pytest.raises(CreditCodeTaken):
        services.register_enterprise(enterprise_name="另一家", credit_code="91350100M000100Y43", contact_name="李",
                                     mobile="13800000003", password=PASSWORD, home_org=org_tree["county"])

    assert user.enterprise.credit_code == "91350100M000100Y43"
    assert list(user.memberships.values_list("role", flat=True)) == [Role.ENTERPRISE]
    assert snapshot() == before


def test_enterprise_with_wrong_check_digit_changes_nothing(org_tree):
    before = snapshot()

    with pytest.raises(InvalidIdentity) as caught:
        services.register_enterprise(enterprise_name="示范公司", credit_code="91350100M000100Y44", contact_name="沈佳",
                                     mobile="13800000002", password=PASSWORD, home_org=org_tree["county"])

    assert caught.value.field == "credit_code"
    assert snapshot() == before


def test_administrator_reveal_is_audited_as_a_sensitive_read(org_tree, make_user):
    citizen = register(org_tree)
    admin = make_user(Role.ADMINISTRATOR, org_tree["county"])

    revealed = services.reveal_id_number(citizen, acting_user=admin, reason="核对申请人身份")

    entry = AuditEntry.objects.get(action="accounts.user.id_number_revealed")
    assert revealed == ID_NUMBER
    assert (entry.kind, entry.actor_id, entry.object_id, entry.reason) == (
        AuditEntry.Kind.READ, admin.pk, str(citizen.pk), "核对申请人身份")


def test_reveal_outside_scope_looks_like_a_missing_person_and_is_not_logged(org_tree, make_user):
    citizen = register(org_tree)
    other_admin = make_user(Role.ADMINISTRATOR, org_tree["other_county"])
    officer = make_user(Role.CORRECTION_OFFICER, org_tree["county"])
    before = AuditEntry.objects.count()

    for user in (other_admin, officer):
        with pytest.raises(NotFound):
            services.reveal_id_number(citizen, acting_user=user)

    assert AuditEntry.objects.count() == before


def test_people_may_reveal_their_own_id_number(org_tree):
    citizen = register(org_tree)

    assert services.reveal_id_number(citizen, acting_user=citizen) == ID_NUMBER


def test_preferences_persist_and_are_audited(org_tree, make_user):
    user = make_user(Role.CITIZEN, org_tree["county"])

    services.update_preferences(user, acting_user=user, elderly_mode=True, language="en")

    stored = User.objects.get(pk=user.pk)
    assert (stored.elderly_mode, stored.language) == (True, "en")
    assert AuditEntry.objects.get(action="accounts.user.preferences_changed").changes == {
        "elderly_mode": [False, True], "language": ["", "en"]}


def test_unknown_language_changes_nothing(org_tree, make_user):
    user = make_user(Role.CITIZEN, org_tree["county"])

    with pytest.raises(InvalidInput) as caught:
        services.update_preferences(user, acting_user=user, elderly_mode=True, language="fr")

    assert caught.value.field == "language"
    assert User.objects.get(pk=user.pk).elderly_mode is False
    assert AuditEntry.objects.count() == 0
