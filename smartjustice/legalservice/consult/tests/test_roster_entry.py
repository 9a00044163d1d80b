"""Registering a lawyer on the roster (services.register_lawyer) and correcting an entry's
licence number or firm (roster.correct_entry): who may, what each refusal says, and that a
refusal leaves the roster, the questions and the audit trail as they were."""
import pytest
from django.utils import translation

from smartjustice.audit.models import AuditEntry
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.legalservice.consult import roster, selectors, services
from smartjustice.legalservice.consult.models import LawyerProfile, LawyerQuestion
from smartjustice.notifications.models import Notification
from smartjustice.orgs.choices import Role
from smartjustice.orgs.models import Membership

pytestmark = pytest.mark.django_db
LICENCE = "13304201910000123"


@pytest.fixture(autouse=True)
def in_english():
    """Messages are checked in English; the pages' tests check the Chinese ones."""
    with translation.override("en"):
        yield


@pytest.fixture
def newcomer(make_user, orgs):
    """A member of the firm with the lawyer role, not on the roster yet."""
    return make_user(Role.LAWYER, orgs["firm"], real_name="李律师")


@pytest.fixture
def county_admin(make_user, orgs):
    return make_user(Role.ADMINISTRATOR, orgs["county"])


def roster_state() -> tuple:
    return (list(LawyerProfile.objects.order_by("pk").values_list("user_id", "org_id", "licence_number")),
            AuditEntry.objects.count())


def entry_of(profile) -> tuple:
    profile.refresh_from_db()
    return profile.licence_number, profile.org_id


# --- registering --------------------------------------------------------------------------

def test_a_firm_administrator_registers_a_lawyer_with_the_choices_in_order(newcomer, orgs, admin_of):
    profile = services.register_lawyer(newcomer, org=orgs["firm"], licence_number=f" {LICENCE} ",
                                       specialties=["family", "labour", "family"], languages=["wuu", "zh-hans"],
                                       acting_user=admin_of(orgs["firm"]))

    assert (profile.user, profile.org, profile.licence_number) == (newcomer, orgs["firm"], LICENCE)
    assert (profile.specialties, profile.languages) == (["labour", "family"], ["zh-hans", "wuu"])
    entry = AuditEntry.objects.get(action="consult.lawyer.registered")
    assert entry.changes == {"licence_number": [None, LICENCE], "specialties": [None, ["labour", "family"]],
                             "languages": [None, ["zh-hans", "wuu"]]}
    assert entry.org_id == orgs["firm"].pk


def test_the_county_bureaus_administrator_registers_at_a_firm_below_it(newcomer, orgs, county_admin):
    profile = services.register_lawyer(newcomer, org=orgs["firm"], licence_number=LICENCE,
                                       languages=["zh-hans"], acting_user=county_admin)

    assert profile.specialties == []
    assert [lawyer.pk for lawyer in selectors.bureau_roster(county_admin)] == [profile.pk]


@pytest.mark.parametrize("who", ["county supervisor", "other county administrator", "lawyer of the firm", "citizen"])
def test_only_those_who_manage_the_firms_members_register(newcomer, orgs, make_user, lawyer, who):
    actor = {"county supervisor": lambda: make_user(Role.SUPERVISOR, orgs["county"]),
             "other county administrator": lambda: make_user(Role.ADMINISTRATOR, orgs["other_county"]),
             "lawyer of the firm": lambda: lawyer.user,
             "citizen": lambda: make_user(Role.CITIZEN, orgs["county"])}[who]()
    before = roster_state()

    with pytest.raises(NotFound):
        services.register_lawyer(newcomer, org=orgs["firm"], licence_number=LICENCE, languages=["zh-hans"],
                                 acting_user=actor)

    assert roster_state() == before


@pytest.mark.parametrize(("case", "field", "message"), [
    ("not a firm", "org", "Lawyers are registered at a law firm or a legal aid centre."),
    ("no lawyer role", "user", "This person does not hold the lawyer role at this organisation."),
    ("membership ended", "user", "This person does not hold the lawyer role at this organisation."),
    ("account deactivated", "user", "This person does not hold the lawyer role at this organisation."),
    ("already on the roster", "user", "This person is already on the roster."),
    ("short licence", "licence_number", "A lawyer's licence number has 17 digits."),
    ("letters in licence", "licence_number", "A lawyer's licence number has 17 digits."),
    ("licence taken", "licence_number", "This licence number is already on the roster."),
    ("unknown topic", "specialties", "Unknown specialty: tax."),
    ("no language", "languages", "Choose at least one language the lawyer consults in."),
    ("unknown language", "languages", "Unknown language: fr."),
])
def test_each_refused_registration_says_why_and_stores_nothing(newcomer, lawyer, orgs, make_user, county_admin,
                                                               case, field, message):
    arguments = {"user": newcomer, "org": orgs["firm"], "licence_number": LICENCE, "specialties": ["labour"],
                 "languages": ["zh-hans"]}
    if case == "not a firm":
        Membership.objects.create(user=newcomer, org=orgs["wutong"], role=Role.LAWYER)
        arguments["org"] = orgs["wutong"]
    elif case == "no lawyer role":
        arguments["user"] = make_user(Role.MEDIATOR, orgs["firm"])
    elif case == "membership ended":
        Membership.objects.filter(user=newcomer).update(is_active=False)
    elif case == "account deactivated":
        newcomer.is_active = False
        newcomer.save(update_fields=["is_active"])
    elif case == "already on the roster":
        arguments["user"] = lawyer.user
    elif case == "licence taken":
        arguments["licence_number"] = lawyer.licence_number
    else:
        changed = {"short licence": ("licence_number", "1330420191000012"),
                   "letters in licence": ("licence_number", "1330420191000012X"),
                   "unknown topic": ("specialties", ["labour", "tax"]), "no language": ("languages", []),
                   "unknown language": ("languages", ["fr"])}[case]
        arguments[changed[0]] = changed[1]
    before = roster_state()

    with pytest.raises(InvalidInput) as raised:
        services.register_lawyer(arguments.pop("user"), **arguments, acting_user=county_admin)

    assert (raised.value.field, str(raised.value)) == (field, message)
    assert roster_state() == before


def test_registering_lists_only_the_actors_firms_lawyers_not_yet_on_the_roster(newcomer, lawyer, orgs, make_user,
                                                                               admin_of, second_firm):
    make_user(Role.LAWYER, orgs["other_firm"], real_name="海宁律师")
    make_user(Role.MEDIATOR, orgs["firm"], real_name="调解员")
    ended = make_user(Role.LAWYER, orgs["firm"], real_name="离职律师")
    Membership.objects.filter(user=ended).update(is_active=False)
    make_user(Role.LAWYER, second_firm, real_name="求是律师")

    firm_admin = [(m.user.real_name, m.org.name) for m in selectors.registrable_memberships(admin_of(orgs["firm"]))]
    county = [(m.user.real_name, m.org.name)
              for m in selectors.registrable_memberships(make_user(Role.ADMINISTRATOR, orgs["county"]))]

    assert firm_admin == [("李律师", "桐乡明理律师事务所")]
    assert county == [("李律师", "桐乡明理律师事务所"), ("求是律师", "桐乡求是律师事务所")]


# --- correcting an entry ------------------------------------------------------------------

def test_correcting_the_licence_number_is_audited_with_old_and_new_values_and_the_lawyer_is_told(lawyer, orgs,
                                                                                                 admin_of):
    old = lawyer.licence_number

    roster.correct_entry(lawyer, acting_user=admin_of(orgs["firm"]), licence_number=LICENCE,
                         reason="登记时录错一位数字")

    assert entry_of(lawyer) == (LICENCE, orgs["firm"].pk)
    entry = AuditEntry.objects.get(action="consult.lawyer.entry_corrected")
    assert (entry.changes, entry.reason, entry.org_id) == ({"licence_number": [old, LICENCE]}, "登记时录错一位数字",
                                                           orgs["firm"].pk)
    notice = Notification.objects.get(recipient=lawyer.user)
    assert (notice.kind, notice.title, notice.body) == ("consult.lawyer.entry_corrected",
                                                        "Your roster entry was corrected", "登记时录错一位数字")


def test_moving_a_lawyer_takes_their_open_questions_along_and_leaves_the_rest(lawyer, orgs, citizen, second_firm,
                                                                              county_admin, make_user):
    Membership.objects.create(user=lawyer.user, org=second_firm, role=Role.LAWYER)
    waiting = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    answered = services.post_question(acting_user=citizen, topic="labour", title="加班", body="加班费")
    services.reply(answered, acting_user=lawyer.user, body="可以申请仲裁")
    closed = services.post_question(acting_user=citizen, topic="labour", title="解除", body="被辞退")
    services.reply(closed, acting_user=lawyer.user, body="答")
    services.rate_question(closed, acting_user=citizen, stars=5)
    escalated = services.post_question(acting_user=citizen, topic="labour", title="工伤", body="工伤")
    LawyerQuestion.objects.filter(pk=escalated.pk).update(org=orgs["aid"], escalated_at=escalated.created_at)
    old_licence = lawyer.licence_number

    roster.correct_entry(lawyer, acting_user=county_admin, org=second_firm, reason="转所执业")

    assert entry_of(lawyer) == (old_licence, second_firm.pk)
    orgs_now = dict(LawyerQuestion.objects.values_list("title", "org_id"))
    assert orgs_now == {"欠薪": second_firm.pk, "加班": second_firm.pk, "解除": orgs["firm"].pk,
                        "工伤": orgs["aid"].pk}
    entries = AuditEntry.objects.filter(action="consult.lawyer.entry_corrected").order_by("pk")
    move = {"org": [{"id": orgs["firm"].pk, "name": "桐乡明理律师事务所"},
                    {"id": second_firm.pk, "name": "桐乡求是律师事务所"}]}
    # Filed with both firms: the one the lawyer joined and the one they left.
    assert [(entry.org_id, entry.changes) for entry in entries] == [(second_firm.pk, move), (orgs["firm"].pk, move)]
    moved = AuditEntry.objects.filter(action="consult.question.moved_with_lawyer").order_by("pk")
    assert [(e.object_id, e.changes, e.reason) for e in moved] == [
        (str(question.pk), {"org": [orgs["firm"].pk, second_firm.pk]}, "转所执业") for question in (waiting, answered)]
    told = Notification.objects.filter(recipient=citizen, kind="consult.question.moved").order_by("pk")
    assert [(notice.title, notice.link) for notice in told] == [
        ("Your question moved with your lawyer to 桐乡求是律师事务所", question.get_absolute_url())
        for question in (waiting, answered)]
    assert [q.title for q in selectors.lawyer_queue(lawyer.user)] == ["欠薪"]


def test_licence_and_firm_are_corrected_together(lawyer, orgs, second_firm, county_admin):
    Membership.objects.create(user=lawyer.user, org=second_firm, role=Role.LAWYER)

    roster.correct_entry(lawyer, acting_user=county_admin, org=second_firm, licence_number=LICENCE,
                         reason="转所并换发执业证")

    assert entry_of(lawyer) == (LICENCE, second_firm.pk)
    assert [set(entry.changes) for entry in AuditEntry.objects.filter(action="consult.lawyer.entry_corrected")] == [
        {"licence_number", "org"}, {"licence_number", "org"}]


@pytest.mark.parametrize("who", ["county supervisor", "other county administrator", "another firm's administrator",
                                 "the lawyer", "citizen"])
def test_an_entry_outside_the_actors_scope_is_not_found_and_unchanged(lawyer, orgs, make_user, admin_of, who):
    actor = {"county supervisor": lambda: make_user(Role.SUPERVISOR, orgs["county"]),
             "other county administrator": lambda: make_user(Role.ADMINISTRATOR, orgs["other_county"]),
             "another firm's administrator": lambda: admin_of(orgs["aid"]),
             "the lawyer": lambda: lawyer.user,
             "citizen": lambda: make_user(Role.CITIZEN, orgs["county"])}[who]()
    before = (entry_of(lawyer), AuditEntry.objects.count(), Notification.objects.count())

    with pytest.raises(NotFound):
        roster.correct_entry(lawyer, acting_user=actor, licence_number=LICENCE, reason="更正")

    assert (entry_of(lawyer), AuditEntry.objects.count(), Notification.objects.count()) == before


@pytest.mark.parametrize(("case", "field", "message"), [
    ("no reason", "reason", "Please give the reason for the correction."),
    ("long reason", "reason", "The text is too long: at most 200 characters, please."),
    ("bad licence", "licence_number", "A lawyer's licence number has 17 digits."),
    ("licence taken", "licence_number", "This licence number is already on the roster."),
    ("nothing differs", None, "The licence number and the firm are already as given: there is nothing to correct."),
    ("no role at the new firm", "org", "王律师 does not hold the lawyer role at 桐乡求是律师事务所."),
    ("role ended at the new firm", "org", "王律师 does not hold the lawyer role at 桐乡求是律师事务所."),
    ("not a firm", "org", "Lawyers are registered at a law firm or a legal aid centre."),
    ("firm not managed", "org", "You do not manage the members of 海宁律师事务所."),
])
def test_each_refused_correction_says_why_and_changes_nothing(lawyer, orgs, second_firm, make_lawyer, citizen,
                                                              admin_of, make_user, case, field, message):
    actor = admin_of(orgs["firm"]) if case == "firm not managed" else make_user(Role.ADMINISTRATOR, orgs["county"])
    question = services.post_question(acting_user=citizen, topic="labour", title="欠薪", body="老板欠薪")
    arguments = {"reason": "更正", "licence_number": LICENCE}
    if case == "no reason":
        arguments["reason"] = "  "
    elif case == "long reason":
        arguments["reason"] = "因" * 201
    elif case == "bad licence":
        arguments["licence_number"] = "1234"
    elif case == "licence taken":
        arguments["licence_number"] = make_lawyer(orgs["aid"]).licence_number
    elif case == "nothing differs":
        arguments = {"reason": "更正", "licence_number": lawyer.licence_number, "org": None}
    elif case == "no role at the new firm":
        arguments["org"] = second_firm
    elif case == "role ended at the new firm":
        Membership.objects.create(user=lawyer.user, org=second_firm, role=Role.LAWYER, is_active=False)
        arguments["org"] = second_firm
    elif case == "not a firm":
        Membership.objects.create(user=lawyer.user, org=orgs["wutong"], role=Role.LAWYER)
        arguments["org"] = orgs["wutong"]
    elif case == "firm not managed":
        Membership.objects.create(user=lawyer.user, org=orgs["other_firm"], role=Role.LAWYER)
        arguments["org"] = orgs["other_firm"]
    before = (entry_of(lawyer), AuditEntry.objects.count(), Notification.objects.count(),
              LawyerQuestion.objects.get(pk=question.pk).org_id)

    with pytest.raises(InvalidInput) as raised:
        roster.correct_entry(lawyer, acting_user=actor, **arguments)

    assert (raised.value.field, str(raised.value)) == (field, message)
    assert (entry_of(lawyer), AuditEntry.objects.count(), Notification.objects.count(),
            LawyerQuestion.objects.get(pk=question.pk).org_id) == before


def test_a_lawyer_who_left_their_firm_can_still_be_moved_by_the_bureau(lawyer, orgs, second_firm, county_admin):
    Membership.objects.filter(user=lawyer.user, org=orgs["firm"]).update(is_active=False)
    Membership.objects.create(user=lawyer.user, org=second_firm, role=Role.LAWYER)

    destinations = list(selectors.move_destinations(county_admin, lawyer))
    roster.correct_entry(lawyer, acting_user=county_admin, org=second_firm, reason="已转入求是所")

    assert destinations == [second_firm]
    assert entry_of(lawyer)[1] == second_firm.pk
