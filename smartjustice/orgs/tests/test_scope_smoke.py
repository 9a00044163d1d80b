from smartjustice.orgs.choices import Role
from smartjustice.orgs.permissions import can


def test_county_supervisor_covers_township_but_not_other_county(org_tree, make_user):
    supervisor = make_user(Role.SUPERVISOR, org_tree["county"])

    assert can(supervisor, "audit.view", org_tree["wutong"]) is True
    assert can(supervisor, "audit.view", org_tree["other_township"]) is False
