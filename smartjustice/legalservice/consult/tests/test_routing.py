"""Local-first routing (services.route, escalate_unanswered): a citizen's question goes to a
lawyer whose firm is in their county, then their city, then anywhere, the least loaded within
a tier; with nobody free, and on escalation, to the legal aid centre of their county, then
their city. A person without a home organisation is routed as before."""
import datetime as dt

import pytest
import time_machine

from smartjustice.audit.models import AuditEntry
from smartjustice.legalservice.consult import roster, selectors, services
from smartjustice.legalservice.consult.models import LawyerQuestion
from smartjustice.legalservice.consult.tasks import sweep_unanswered_questions
from smartjustice.notifications.models import Notification
from smartjustice.orgs.choices import Kind, Level, Role
from smartjustice.orgs.models import Organisation

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _org(code, kind, level, parent):
    return Organisation.objects.create(code=code, name=code, kind=kind, level=level, parent=parent)


def _load(lawyer, count, owner):
    """Give `lawyer` `count` open questions without routing them."""
    for n in range(count):
        LawyerQuestion.objects.create(owner=owner, org=lawyer.org, lawyer=lawyer, topic="labour",
                                      title=f"旧问题{n}", body="旧问题")


def _ask(user, topic="labour"):
    return services.post_question(acting_user=user, topic=topic, title="欠薪", body="老板欠我三个月工资")


@pytest.fixture
def far(org_tree):
    """Another province with a city and a county (嘉定), for the 'anywhere' tier."""
    province = _org("sh-sfj", Kind.JUSTICE_BUREAU, Level.PROVINCE, None)
    city = _org("sh-city", Kind.JUSTICE_BUREAU, Level.CITY, province)
    county = _org("sh-jd", Kind.JUSTICE_BUREAU, Level.COUNTY, city)
    return {"city": city, "county": county, "firm": _org("sh-firm", Kind.LAW_FIRM, Level.COUNTY, county)}


@pytest.fixture
def hn_citizen(make_user, org_tree):
    return make_user(Role.CITIZEN, org_tree["other_township"], real_name="海宁居民")


@pytest.fixture
def stranger(make_user):
    """Signed in, but registered with no organisation: no home organisation."""
    return make_user(real_name="无归属")


# --- lawyers ----------------------------------------------------------------------------

def test_a_lawyer_in_the_citizens_county_beats_a_less_loaded_one_in_another_county(orgs, make_lawyer, citizen,
                                                                                  stranger):
    local = make_lawyer(orgs["firm"], specialties=["labour"])
    elsewhere = make_lawyer(orgs["other_firm"], specialties=["labour"])
    _load(local, 3, stranger)

    question = _ask(citizen)

    assert (question.lawyer, question.org) == (local, orgs["firm"])
    assert elsewhere.questions.count() == 0
    assert AuditEntry.objects.get(action="consult.question.posted").changes["lawyer"] == [None, local.pk]


def test_within_the_county_the_least_loaded_lawyer_wins_then_the_earlier_entry(orgs, org_tree, make_lawyer,
                                                                              citizen, stranger):
    township_firm = _org("tx-wutong-firm", Kind.LAW_FIRM, Level.TOWNSHIP, org_tree["wutong"])
    busy = make_lawyer(orgs["firm"], specialties=["labour"])
    first_free = make_lawyer(township_firm, specialties=["labour"])
    second_free = make_lawyer(orgs["firm"], specialties=["labour"])
    idle_elsewhere = make_lawyer(orgs["other_firm"], specialties=["labour"])
    _load(busy, 1, stranger)

    first, second, third = _ask(citizen), _ask(citizen), _ask(citizen)

    assert [(q.lawyer, q.org) for q in (first, second, third)] == [
        (first_free, township_firm), (second_free, orgs["firm"]), (busy, orgs["firm"])]
    assert idle_elsewhere.questions.count() == 0


def test_with_nobody_in_the_county_the_same_city_beats_a_less_loaded_lawyer_further_away(orgs, org_tree, far,
                                                                                          make_lawyer, make_user,
                                                                                          stranger):
    anywhere = make_lawyer(far["firm"], specialties=["labour"])
    same_city = make_lawyer(orgs["other_firm"], specialties=["labour"])
    _load(same_city, 2, stranger)
    # A third county of 嘉兴 with no firm: its citizen's county tier is empty.
    tongxiang_neighbour = _org("jx-js", Kind.JUSTICE_BUREAU, Level.COUNTY, org_tree["city"])

    question = _ask(make_user(Role.CITIZEN, tongxiang_neighbour))

    assert (question.lawyer, question.org, anywhere.questions.count()) == (same_city, orgs["other_firm"], 0)


def test_the_county_is_the_topmost_county_level_organisation_above_a_township_home(orgs, org_tree, make_lawyer,
                                                                                  hn_citizen, stranger):
    tongxiang = make_lawyer(orgs["firm"], specialties=["labour"])
    haining = make_lawyer(orgs["other_firm"], specialties=["labour"])
    _load(haining, 4, stranger)

    assert selectors.locality_of(hn_citizen) == selectors.Locality(
        county_path=org_tree["other_county"].path, city_path=org_tree["city"].path)
    assert _ask(hn_citizen).lawyer == haining
    assert tongxiang.questions.count() == 0


def test_no_one_taking_the_topic_still_prefers_the_county_among_all_routable_lawyers(orgs, make_lawyer, citizen,
                                                                                    stranger):
    local = make_lawyer(orgs["firm"], specialties=["family"])
    make_lawyer(orgs["other_firm"], specialties=["family"])
    _load(local, 2, stranger)

    assert _ask(citizen, topic="labour").lawyer == local


def test_a_suspended_lawyers_waiting_question_passes_to_a_colleague_in_the_citizens_county(orgs, make_lawyer,
                                                                                         make_user, citizen,
                                                                                         stranger):
    lawyer = make_lawyer(orgs["firm"], specialties=["labour"])
    waiting = _ask(citizen)
    colleague = make_lawyer(orgs["firm"], specialties=["labour"])
    make_lawyer(orgs["other_firm"], specialties=["labour"])
    _load(colleague, 2, stranger)

    roster.suspend_lawyer(lawyer, acting_user=make_user(Role.SUPERVISOR, orgs["county"]), reason="暂停接单")

    waiting.refresh_from_db()
    assert (waiting.lawyer, waiting.org) == (colleague, orgs["firm"])


# --- legal aid centres ------------------------------------------------------------------

def test_with_nobody_free_the_question_goes_to_the_legal_aid_centre_of_the_citizens_county(orgs, org_tree,
                                                                                         make_lawyer,
                                                                                         hn_citizen):
    busy = make_lawyer(orgs["other_firm"], specialties=["labour"])
    services.set_availability(busy, is_available=False, acting_user=busy.user)
    haining_centre = _org("hn-aid", Kind.LEGAL_AID_CENTRE, Level.COUNTY, org_tree["other_county"])
    assert orgs["aid"].pk < haining_centre.pk  # the first centre found is Tongxiang's

    question = _ask(hn_citizen)

    assert (question.lawyer, question.org) == (None, haining_centre)
    assert LawyerQuestion.objects.filter(org=orgs["aid"]).count() == 0


def test_the_citys_legal_aid_centre_comes_before_one_elsewhere_and_the_countys_before_the_citys(orgs, far,
                                                                                                make_user):
    city_centre = _org("sh-aid", Kind.LEGAL_AID_CENTRE, Level.CITY, far["city"])
    citizen = make_user(Role.CITIZEN, far["county"])

    to_city = _ask(citizen)
    county_centre = _org("sh-jd-aid", Kind.LEGAL_AID_CENTRE, Level.COUNTY, far["county"])
    to_county = _ask(citizen)

    assert [(q.lawyer, q.org) for q in (to_city, to_county)] == [(None, city_centre), (None, county_centre)]


def test_escalation_goes_to_the_legal_aid_centre_of_the_citizens_county(orgs, org_tree, make_lawyer, hn_citizen,
                                                                        settings):
    settings.CONSULT_ESCALATE_AFTER_HOURS = 24
    tongxiang = make_lawyer(orgs["firm"], specialties=["labour"])  # the only lawyer free when asked
    haining_centre = _org("hn-aid", Kind.LEGAL_AID_CENTRE, Level.COUNTY, org_tree["other_county"])
    tongxiang_centre_lawyer = make_lawyer(orgs["aid"], specialties=["labour"])
    services.set_availability(tongxiang_centre_lawyer, is_available=False, acting_user=tongxiang_centre_lawyer.user)
    with time_machine.travel(START, tick=False):
        question = _ask(hn_citizen)
    services.set_availability(tongxiang_centre_lawyer, is_available=True, acting_user=tongxiang_centre_lawyer.user)
    haining_centre_lawyer = make_lawyer(haining_centre, specialties=["labour"])
    assert (question.lawyer, question.org) == (tongxiang, orgs["firm"])

    with time_machine.travel(START + dt.timedelta(hours=24), tick=False):
        counts = sweep_unanswered_questions()

    question.refresh_from_db()
    assert counts == {"warned": 1, "escalated": 1, "failed": 0}
    assert (question.org, question.lawyer, question.escalated_at) == (
        haining_centre, haining_centre_lawyer, START + dt.timedelta(hours=24))
    assert AuditEntry.objects.get(action="consult.question.escalated").changes == {
        "org": [orgs["firm"].pk, haining_centre.pk], "lawyer": [tongxiang.pk, haining_centre_lawyer.pk]}
    assert Notification.objects.filter(recipient=haining_centre_lawyer.user,
                                       kind="consult.question.escalated").count() == 1
    assert Notification.objects.filter(recipient=tongxiang_centre_lawyer.user,
                                       kind="consult.question.escalated").count() == 0


# --- no home organisation ---------------------------------------------------------------

def test_without_a_home_organisation_the_least_loaded_lawyer_anywhere_and_the_first_centre(orgs, org_tree,
                                                                                          make_lawyer, stranger):
    tongxiang = make_lawyer(orgs["firm"], specialties=["labour"])
    haining = make_lawyer(orgs["other_firm"], specialties=["labour"])
    _load(tongxiang, 1, stranger)
    _org("hn-aid", Kind.LEGAL_AID_CENTRE, Level.COUNTY, org_tree["other_county"])

    assert selectors.locality_of(stranger) == selectors.Locality()
    routed = _ask(stranger)
    for lawyer in (tongxiang, haining):
        services.set_availability(lawyer, is_available=False, acting_user=lawyer.user)
    to_centre = _ask(stranger)

    assert (routed.lawyer, routed.org) == (haining, orgs["other_firm"])
    assert (to_centre.lawyer, to_centre.org) == (None, orgs["aid"])  # the first active centre


def test_without_a_home_organisation_escalation_goes_to_the_centre_nearest_the_firm(orgs, org_tree, make_lawyer,
                                                                                    stranger, settings):
    settings.CONSULT_ESCALATE_AFTER_HOURS = 24
    haining = make_lawyer(orgs["other_firm"], specialties=["labour"])
    haining_centre = _org("hn-aid", Kind.LEGAL_AID_CENTRE, Level.COUNTY, org_tree["other_county"])
    with time_machine.travel(START, tick=False):
        question = _ask(stranger)

    with time_machine.travel(START + dt.timedelta(hours=24), tick=False):
        assert services.escalate_unanswered(question.pk) is True

    question.refresh_from_db()
    assert (question.org, question.lawyer) == (haining_centre, None)
    assert haining.questions.count() == 0
