"""Who sees which file: offices, supervisors above, minors (《社区矫正法》第五十四条); every read
audited."""
import pytest

from smartjustice.audit.models import AuditEntry
from smartjustice.core.errors import NotFound
from smartjustice.correction import selectors

from .factories import make_id_number, register


@pytest.fixture
def files(frozen, officer, officer_fengming, org_tree):
    return {
        "wutong": register(officer, org_tree["wutong"], real_name="梧桐对象"),
        "fengming": register(officer_fengming, org_tree["fengming"], real_name="凤鸣对象"),
    }


def names(user):
    return sorted(selectors.subjects_for_user(user).values_list("real_name", flat=True))


def test_an_officer_lists_only_their_own_offices_subjects(files, officer, officer_fengming):
    assert names(officer) == ["梧桐对象"]
    assert names(officer_fengming) == ["凤鸣对象"]


def test_a_county_supervisor_lists_every_office_below(files, supervisor):
    assert names(supervisor) == ["凤鸣对象", "梧桐对象"]


def test_people_elsewhere_list_nothing(files, supervisor_other_county, officer_other_county, township_supervisor, subject_user):
    assert names(supervisor_other_county) == []
    assert names(officer_other_county) == []
    assert names(township_supervisor) == ["梧桐对象"]
    assert names(subject_user) == []


def test_opening_a_file_is_an_audited_read(files, officer):
    subject = selectors.access_subject(officer, files["wutong"].pk)

    entry = AuditEntry.objects.get(action="correction.subject.read")
    assert (entry.kind, entry.actor_id, entry.object_id) == ("read", officer.pk, str(subject.pk))


def test_another_offices_file_is_not_found_and_no_read_is_recorded(files, officer):
    with pytest.raises(NotFound):
        selectors.access_subject(officer, files["fengming"].pk)
    with pytest.raises(NotFound):
        selectors.access_subject(officer, 999_999)

    assert not AuditEntry.objects.filter(action="correction.subject.read").exists()


@pytest.fixture
def minor(frozen, officer, org_tree):
    return register(officer, org_tree["wutong"], real_name="未成年对象", id_number=make_id_number("20090301"))


def test_a_minors_file_is_listed_only_for_assigned_officers(minor, officer, colleague, supervisor):
    assert "未成年对象" in names(officer)
    assert "未成年对象" not in names(colleague)
    assert "未成年对象" not in names(supervisor)


def test_a_supervisor_opens_a_minors_file_only_for_a_stated_lawful_query(minor, supervisor):
    with pytest.raises(NotFound):
        selectors.access_subject(supervisor, minor.pk)
    assert not AuditEntry.objects.filter(action="correction.subject.read").exists()

    selectors.access_subject(supervisor, minor.pk, lawful_query="检察院依法查询（桐检函〔2026〕3号）")

    entry = AuditEntry.objects.get(action="correction.subject.read")
    assert entry.reason == "lawful query (《社区矫正法》第五十四条第二款): 检察院依法查询（桐检函〔2026〕3号）"


def test_a_lawful_query_does_not_open_a_file_outside_scope(minor, supervisor_other_county):
    with pytest.raises(NotFound):
        selectors.access_subject(supervisor_other_county, minor.pk, lawful_query="查询")
