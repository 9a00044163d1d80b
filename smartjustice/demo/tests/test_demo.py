"""`smartjustice demo` builds a Tongxiang set-up once and adds nothing on a rerun."""
import io

import pytest
from django.core.management import CommandError, call_command

from smartjustice.accounts.models import EnterpriseProfile, User
from smartjustice.audit.models import AuditEntry
from smartjustice.demo.data import COORDINATES, ORGANISATIONS, PEOPLE
from smartjustice.orgs.choices import Kind, Role
from smartjustice.orgs.models import Membership, Organisation
from smartjustice.reconsideration.choices import Status
from smartjustice.reconsideration.models import ReconsiderationCase


def counts():
    from smartjustice.legalservice.consult.models import ConsultationSlot, LawyerProfile

    return (Organisation.objects.count(), User.objects.count(), Membership.objects.count(),
            ReconsiderationCase.objects.count(), LawyerProfile.objects.count(), ConsultationSlot.objects.count(),
            EnterpriseProfile.objects.count(), AuditEntry.objects.filter(action__startswith="accounts.").count())


@pytest.mark.django_db
def test_demo_creates_every_role_and_the_tongxiang_offices():
    out = io.StringIO()

    call_command("demo", stdout=out)

    assert Organisation.objects.count() == len(ORGANISATIONS)
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    township_offices = set(Organisation.objects.filter(kind=Kind.JUDICIAL_OFFICE, parent__code="tx-sfj")
                           .values_list("name", flat=True))
    assert {"梧桐司法所", "凤鸣司法所", "乌镇司法所", "崇福司法所"} <= township_offices
    assert {k for k in Kind.values} <= set(Organisation.objects.values_list("kind", flat=True))
    assert "demo-supervisor" in out.getvalue()
    assert User.objects.get(username="13800000001").id_number_masked.startswith("3304")
    assert set(ReconsiderationCase.objects.values_list("status", flat=True)) == set(Status.values)


@pytest.mark.django_db
def test_demo_places_the_tongxiang_offices_on_the_cockpit_map():
    call_command("demo", stdout=io.StringIO())

    placed = dict(Organisation.objects.filter(latitude__isnull=False).values_list("code", "latitude"))

    assert placed == {code: lat for code, (lat, _lon) in COORDINATES.items()}
    assert Organisation.objects.get(code="tx-wuzhen").longitude == 120.49


@pytest.mark.django_db
def test_demo_rerun_duplicates_nothing():
    call_command("demo", stdout=io.StringIO())
    before = counts()

    out = io.StringIO()
    call_command("demo", stdout=out)

    assert counts() == before
    assert "demo: 0 organisation(s) and 0 login(s) created" in out.getvalue()


@pytest.mark.django_db
def test_demo_logins_work_with_the_printed_password(client):
    out = io.StringIO()
    call_command("demo", stdout=out)
    password = out.getvalue().split("password for all: ")[1].split(")")[0]

    for username, *_rest in PEOPLE[:3]:
        assert client.login(username=username, password=password) is True


@pytest.mark.django_db
def test_demo_refuses_to_run_in_production(settings):
    settings.IS_PRODUCTION = True

    with pytest.raises(CommandError, match="not production"):
        call_command("demo", stdout=io.StringIO())

    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_demo_subject_finds_the_correction_service_end_from_the_portal(client):
    from django.urls import reverse

    call_command("demo", stdout=io.StringIO())
    client.force_login(User.objects.get(username="demo-subject"))

    html = client.get(reverse("web:portal")).content.decode()

    assert f'href="{reverse("correction:me")}"' in html


@pytest.mark.django_db
def test_demo_supervisor_finds_the_correction_cockpit_from_the_workbench(client):
    from django.urls import reverse

    call_command("demo", stdout=io.StringIO())
    client.force_login(User.objects.get(username="demo-supervisor"))

    html = client.get(reverse("web:workbench")).content.decode()

    assert f'href="{reverse("correction:cockpit")}"' in html
    assert f'href="{reverse("correction:workbench")}"' in html


@pytest.mark.django_db
def test_demo_lawyer_is_on_the_roster_with_call_times_and_opens_the_profile_page(client):
    from smartjustice.legalservice.consult.models import LawyerProfile

    call_command("demo", stdout=io.StringIO())
    profile = LawyerProfile.objects.get(user__username="demo-lawyer")

    assert (profile.org.code, profile.specialties, profile.is_available) == ("tx-lsa", ["labour", "family", "contract"], True)
    assert profile.slots.count() == 3
    client.force_login(profile.user)
    assert client.get("/consult/lawyer/profile/").status_code == 200
    assert client.get("/consult/lawyer/").status_code == 200
