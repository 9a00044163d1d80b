"""The organisation tree keeps its materialised path in step with its parents."""
import pytest
from django.core.exceptions import ValidationError

from smartjustice.audit.models import AuditEntry
from smartjustice.core.errors import NotFound
from smartjustice.orgs.choices import Kind, Level, Role
from smartjustice.orgs.models import Membership, Organisation
from smartjustice.orgs.selectors import access_organisation, organisations_for_user, scope_q
from smartjustice.orgs.services import grant_role, revoke_role


def test_path_lists_every_ancestor(org_tree):
    wutong = org_tree["wutong"]

    assert wutong.path == "/{}/{}/{}/{}/".format(
        org_tree["province"].pk, org_tree["city"].pk, org_tree["county"].pk, wutong.pk)
    assert wutong.ancestor_ids() == [org_tree["province"].pk, org_tree["city"].pk, org_tree["county"].pk]


def test_moving_an_organisation_repaths_its_descendants(org_tree):
    county = org_tree["county"]
    county.parent = org_tree["province"]
    county.save()

    wutong = Organisation.objects.get(pk=org_tree["wutong"].pk)
    assert wutong.path == f"/{org_tree['province'].pk}/{county.pk}/{wutong.pk}/"


def test_an_organisation_cannot_be_placed_under_its_own_descendant(org_tree):
    county = org_tree["county"]
    county.parent = org_tree["wutong"]

    with pytest.raises(ValidationError) as caught:
        county.full_clean()

    assert "parent" in caught.value.message_dict


def test_a_township_cannot_hold_a_county(org_tree):
    org = Organisation(code="x", name="x", kind=Kind.JUSTICE_BUREAU, level=Level.COUNTY, parent=org_tree["wutong"])

    with pytest.raises(ValidationError) as caught:
        org.full_clean()

    assert "level" in caught.value.message_dict


def test_township_officer_sees_only_their_township(org_tree, make_user):
    officer = make_user(Role.CORRECTION_OFFICER, org_tree["wutong"])

    assert list(organisations_for_user(officer).values_list("code", flat=True)) == ["tx-wutong"]


def test_county_supervisor_sees_the_county_and_the_townships_under_it(org_tree, make_user):
    supervisor = make_user(Role.SUPERVISOR, org_tree["county"])

    assert sorted(organisations_for_user(supervisor).values_list("code", flat=True)) == [
        "tx-fengming", "tx-sfj", "tx-wutong"]


def test_scope_q_filters_records_by_organisation_and_owner(org_tree, make_user):
    supervisor = make_user(Role.SUPERVISOR, org_tree["county"])
    citizen = make_user(Role.CITIZEN, org_tree["county"])
    own = Membership.objects.create(user=make_user(), org=org_tree["fengming"], role=Role.MEDIATOR)
    Membership.objects.create(user=make_user(), org=org_tree["other_township"], role=Role.MEDIATOR)

    visible = Membership.objects.filter(role=Role.MEDIATOR).filter(scope_q(supervisor, "audit.view"))
    owned = Membership.objects.filter(scope_q(citizen, "notification.view", owner_field="user"))

    assert list(visible) == [own]
    assert list(owned.values_list("user_id", flat=True)) == [citizen.pk]


def test_access_organisation_hides_other_counties_like_missing_ones(org_tree, make_user):
    officer = make_user(Role.CORRECTION_OFFICER, org_tree["wutong"])

    assert access_organisation(officer, org_tree["wutong"].pk) == org_tree["wutong"]
    for org_id in (org_tree["other_township"].pk, 999999, "abc"):
        with pytest.raises(NotFound):
            access_organisation(officer, org_id)


def test_grant_and_revoke_role_are_audited(org_tree, make_user):
    admin = make_user(Role.ADMINISTRATOR, org_tree["county"])
    person = make_user()

    membership = grant_role(person, org_tree["wutong"], Role.MEDIATOR, acting_user=admin)
    revoke_role(membership, acting_user=admin)

    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "orgs.membership.granted", "orgs.membership.revoked"]
    assert Membership.objects.get(pk=membership.pk).is_active is False


def test_grant_outside_scope_changes_nothing(org_tree, make_user):
    admin = make_user(Role.ADMINISTRATOR, org_tree["county"])
    person = make_user()

    with pytest.raises(NotFound):
        grant_role(person, org_tree["other_township"], Role.MEDIATOR, acting_user=admin)

    assert (person.memberships.count(), AuditEntry.objects.count()) == (0, 0)


def test_coordinates_come_in_pairs_and_within_range(org_tree):
    wutong = org_tree["wutong"]

    wutong.latitude, wutong.longitude = 30.63, None
    with pytest.raises(ValidationError) as half:
        wutong.full_clean()
    wutong.latitude, wutong.longitude = 91, 120.56
    with pytest.raises(ValidationError) as out_of_range:
        wutong.full_clean()
    wutong.latitude, wutong.longitude = 30.63, 120.56
    wutong.full_clean()

    assert half.value.message_dict == {"longitude": ["请同时填写纬度和经度，或都不填。"]}
    assert list(out_of_range.value.message_dict) == ["latitude"]
    assert wutong.has_coordinates is True

