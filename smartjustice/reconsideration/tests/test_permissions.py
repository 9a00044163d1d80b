"""Who sees and does what: the applicant only their own cases, the body its cases, the
respondent only the cases against its agency (once the copy is sent), everyone else nothing."""
import pytest

from smartjustice.core.errors import NotFound
from smartjustice.orgs.permissions import can
from smartjustice.reconsideration import permissions, selectors, services
from smartjustice.reconsideration.choices import Procedure

from .factories import complete_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def copied(submitted, people):
    case = services.accept_application(submitted, acting_user=people["officer"], procedure=Procedure.ORDINARY)
    return services.send_copy(case, acting_user=people["officer"])


@pytest.mark.parametrize(("actor", "visible"), [
    ("applicant", True), ("officer", True), ("supervisor", True), ("respondent_officer", True),
    ("other_applicant", False), ("other_officer", False), ("other_respondent_officer", False), ("lawyer", False),
])
def test_who_sees_a_copied_case(copied, people, actor, visible):
    user = people[actor]

    assert list(selectors.cases_for_user(user)) == ([copied] if visible else [])
    if not visible:
        with pytest.raises(NotFound):
            selectors.access_case(user, copied.pk)


def test_respondent_sees_nothing_before_the_copy_is_sent(submitted, people):
    assert list(selectors.respondent_cases(people["respondent_officer"])) == []
    with pytest.raises(NotFound):
        selectors.access_case(people["respondent_officer"], submitted.pk)


def test_officers_never_see_a_draft(draft, people):
    assert list(selectors.body_cases(people["officer"])) == []
    assert list(selectors.own_cases(people["applicant"])) == [draft]


def test_missing_and_foreign_cases_look_the_same(copied, people):
    for case_id in (copied.pk, 999999, "abc"):
        with pytest.raises(NotFound) as raised:
            selectors.access_case(people["other_applicant"], case_id)
        assert raised.value.code == "not_found"


@pytest.mark.parametrize(("actor", "expected"), [
    ("applicant", {"reconsideration.view", "reconsideration.upload", "reconsideration.file"}),
    ("officer", {"reconsideration.view", "reconsideration.upload", "reconsideration.handle",
                 "reconsideration.file", "reconsideration.statistics"}),
    ("supervisor", {"reconsideration.view", "reconsideration.approve", "reconsideration.statistics"}),
    ("respondent_officer", {"reconsideration.view", "reconsideration.upload", "reconsideration.respond"}),
    ("other_officer", set()),
    ("other_respondent_officer", set()),
])
def test_actions_on_a_case(copied, people, actor, expected):
    actions = ["reconsideration.file", "reconsideration.view", "reconsideration.upload", "reconsideration.handle",
               "reconsideration.approve", "reconsideration.respond", "reconsideration.statistics"]

    allowed = {action for action in actions if can(people[actor], action, copied)}

    assert allowed == expected


def test_sides_keep_the_respondent_from_acting_as_the_body(copied, people):
    respondent = people["respondent_officer"]

    assert (permissions.may_handle(respondent, copied), permissions.may_respond(respondent, copied)) == (False, True)
    assert (permissions.may_handle(people["officer"], copied),
            permissions.may_respond(people["officer"], copied)) == (True, False)


def test_applicant_cases_are_their_own(orgs, people, frozen):
    mine = complete_draft(orgs, people["applicant"])
    theirs = complete_draft(orgs, people["other_applicant"])

    assert list(selectors.own_cases(people["applicant"])) == [mine]
    with pytest.raises(NotFound):
        selectors.access_own_case(people["applicant"], theirs.pk)
