"""The permission table, role by role and action by action (issue #2 §3).

EXPECTED is written out by hand from the issue and ARCHITECTURE.md, not derived from
orgs.permissions.PERMISSIONS, so a change to the table that nobody meant fails here.
"""
from dataclasses import dataclass

import pytest

from smartjustice.orgs.choices import Role
from smartjustice.orgs.permissions import PERMISSIONS, UnknownAction, can

R = Role
ALL_ROLES = list(Role)

EXPECTED_BY_ROLE_IN_OWN_ORG = {
    "org.view": {R.LAWYER, R.MEDIATOR, R.NOTARY, R.RECONSIDERATION_OFFICER, R.ENFORCEMENT_OFFICER,
                 R.CORRECTION_OFFICER, R.LIAISON, R.SUPERVISOR, R.ADMINISTRATOR},
    "org.manage_members": {R.ADMINISTRATOR},
    "person.reveal_id_number": {R.ADMINISTRATOR},
    "audit.view": {R.SUPERVISOR, R.ADMINISTRATOR},
    "audit.export": {R.SUPERVISOR, R.ADMINISTRATOR},
    "deadline.view": {R.RECONSIDERATION_OFFICER, R.ENFORCEMENT_OFFICER, R.CORRECTION_OFFICER,
                      R.SUPERVISOR, R.ADMINISTRATOR},
    "holiday.manage": {R.ADMINISTRATOR},
    "notification.view": set(),
    "file.view": {R.RECONSIDERATION_OFFICER, R.ENFORCEMENT_OFFICER, R.CORRECTION_OFFICER,
                  R.SUPERVISOR, R.ADMINISTRATOR},
    "file.upload": {R.RECONSIDERATION_OFFICER, R.ENFORCEMENT_OFFICER, R.CORRECTION_OFFICER, R.LAWYER,
                    R.MEDIATOR, R.NOTARY, R.SUPERVISOR, R.ADMINISTRATOR},
    "portal.view": {R.CITIZEN, R.ENTERPRISE, R.CORRECTION_SUBJECT},
    "workbench.view": {R.LAWYER, R.MEDIATOR, R.NOTARY, R.RECONSIDERATION_OFFICER, R.ENFORCEMENT_OFFICER,
                       R.CORRECTION_OFFICER, R.SUPERVISOR, R.LIAISON, R.ADMINISTRATOR},
    "ledger.register": {R.ENFORCEMENT_OFFICER, R.RECONSIDERATION_OFFICER, R.ADMINISTRATOR},
    "ledger.monitor": {R.SUPERVISOR, R.ADMINISTRATOR},
    "reconsideration.file": {R.CITIZEN, R.ENTERPRISE, R.RECONSIDERATION_OFFICER},
    "reconsideration.view": {R.RECONSIDERATION_OFFICER, R.ENFORCEMENT_OFFICER, R.SUPERVISOR, R.ADMINISTRATOR},
    "reconsideration.upload": {R.RECONSIDERATION_OFFICER, R.ENFORCEMENT_OFFICER},
    "reconsideration.handle": {R.RECONSIDERATION_OFFICER},
    "reconsideration.approve": {R.SUPERVISOR},
    "reconsideration.respond": {R.ENFORCEMENT_OFFICER},
    "reconsideration.statistics": {R.RECONSIDERATION_OFFICER, R.SUPERVISOR, R.ADMINISTRATOR},
    "consult.question.view": {R.LAWYER, R.SUPERVISOR, R.ADMINISTRATOR},
    "consult.question.reply": {R.LAWYER},
    "consult.question.rate": set(),
    "consult.question.withdraw": set(),
    "consult.statistics": {R.SUPERVISOR, R.ADMINISTRATOR},
    "consult.roster.manage": {R.SUPERVISOR},
    "correction.subject.view": {R.CORRECTION_OFFICER, R.SUPERVISOR},
    "correction.subject.manage": {R.CORRECTION_OFFICER},
    "correction.assessment.enter": {R.CORRECTION_OFFICER, R.SUPERVISOR},
    "correction.measure.decide": {R.CORRECTION_OFFICER},
    "correction.leave.decide": {R.CORRECTION_OFFICER},
    "correction.alert.triage": {R.CORRECTION_OFFICER},
    "correction.positioning.propose": {R.CORRECTION_OFFICER},
    "correction.positioning.approve": {R.SUPERVISOR},
    "correction.track.view": {R.CORRECTION_OFFICER, R.SUPERVISOR},
    "correction.transfer.decide": {R.SUPERVISOR},
    "correction.transfer.receive": {R.CORRECTION_OFFICER, R.SUPERVISOR},
    "correction.self_service": set(),
    "correction.geofence.manage": {R.ADMINISTRATOR},
    "correction.policy.manage": {R.ADMINISTRATOR},
    "correction.cockpit.view": {R.CORRECTION_OFFICER, R.SUPERVISOR, R.ADMINISTRATOR},
}
OWNER_MAY = {"person.reveal_id_number", "notification.view", "file.view", "file.upload",
             "reconsideration.file", "reconsideration.view", "reconsideration.upload",
             "consult.question.view", "consult.question.reply", "consult.question.rate", "consult.question.withdraw",
             "correction.self_service"}
FOUNDATION_ACTIONS = sorted(EXPECTED_BY_ROLE_IN_OWN_ORG)


@dataclass
class Record:
    """A stand-in for any organisation-owned record: what `can` reads of an object."""

    org_id: int
    owner_id: int | None = None


def test_the_expected_matrix_covers_exactly_the_table():
    assert set(FOUNDATION_ACTIONS) == set(PERMISSIONS)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("action", FOUNDATION_ACTIONS)
def test_role_on_own_org_record(org_tree, make_user, role, action):
    user = make_user(role, org_tree["wutong"])
    someone_else = make_user()

    allowed = can(user, action, Record(org_id=org_tree["wutong"].pk, owner_id=someone_else.pk))

    assert allowed is (role in EXPECTED_BY_ROLE_IN_OWN_ORG[action])


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("action", FOUNDATION_ACTIONS)
def test_role_on_another_org_record_is_refused(org_tree, make_user, role, action):
    user = make_user(role, org_tree["county"])
    someone_else = make_user()

    allowed = can(user, action, Record(org_id=org_tree["other_township"].pk, owner_id=someone_else.pk))

    assert allowed is False


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("action", FOUNDATION_ACTIONS)
def test_owner_of_a_record_in_another_org(org_tree, make_user, role, action):
    user = make_user(role, org_tree["wutong"])

    allowed = can(user, action, Record(org_id=org_tree["other_township"].pk, owner_id=user.pk))

    assert allowed is (action in OWNER_MAY)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_county_membership_reaches_townships_only_for_subtree_roles(org_tree, make_user, role):
    user = make_user(role, org_tree["county"])
    township_record = Record(org_id=org_tree["fengming"].pk)

    allowed = {action for action in FOUNDATION_ACTIONS if can(user, action, township_record)}

    expected = (
        {a for a, roles in EXPECTED_BY_ROLE_IN_OWN_ORG.items() if role in roles}
        if role in (R.SUPERVISOR, R.ADMINISTRATOR) else set()
    )
    assert allowed == expected


def test_township_supervisor_does_not_reach_up_to_the_county(org_tree, make_user):
    user = make_user(R.SUPERVISOR, org_tree["wutong"])

    assert can(user, "audit.view", Record(org_id=org_tree["county"].pk)) is False
    assert can(user, "audit.view", Record(org_id=org_tree["fengming"].pk)) is False
    assert can(user, "audit.view", Record(org_id=org_tree["wutong"].pk)) is True


def test_anonymous_and_inactive_users_may_do_nothing(org_tree, make_user):
    from django.contrib.auth.models import AnonymousUser

    inactive = make_user(R.ADMINISTRATOR, org_tree["county"], is_active=False)
    record = Record(org_id=org_tree["county"].pk)

    assert [can(AnonymousUser(), a, record) for a in FOUNDATION_ACTIONS] == [False] * len(FOUNDATION_ACTIONS)
    assert [can(inactive, a, record) for a in FOUNDATION_ACTIONS] == [False] * len(FOUNDATION_ACTIONS)


def test_inactive_membership_grants_nothing(org_tree, make_user):
    user = make_user(R.ADMINISTRATOR, org_tree["county"])
    user.memberships.update(is_active=False)

    assert can(user, "audit.view", Record(org_id=org_tree["county"].pk)) is False


def test_record_in_a_deactivated_organisation_is_out_of_scope(org_tree, make_user):
    user = make_user(R.SUPERVISOR, org_tree["county"])
    org_tree["fengming"].is_active = False
    org_tree["fengming"].save()

    assert can(user, "audit.view", Record(org_id=org_tree["fengming"].pk)) is False


def test_unknown_action_is_a_programming_error(org_tree, make_user):
    user = make_user(R.ADMINISTRATOR, org_tree["county"])

    with pytest.raises(UnknownAction):
        can(user, "audit.delete", Record(org_id=org_tree["county"].pk))


def test_can_without_object_answers_whether_the_role_has_the_action_anywhere(org_tree, make_user):
    supervisor = make_user(R.SUPERVISOR, org_tree["wutong"])
    lawyer = make_user(R.LAWYER, org_tree["wutong"])

    assert (can(supervisor, "audit.view"), can(lawyer, "audit.view")) == (True, False)
