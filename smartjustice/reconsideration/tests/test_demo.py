"""Demo cases: one per state, idempotent."""
import pytest
from django.core.management import call_command

from smartjustice.reconsideration.choices import Status
from smartjustice.reconsideration.demo import create_demo_cases
from smartjustice.reconsideration.models import ReconsiderationCase

pytestmark = pytest.mark.django_db


def test_demo_cases_cover_every_state_and_rerun_changes_nothing(frozen):
    # `smartjustice demo` creates the reconsideration cases itself (smartjustice/demo).
    call_command("demo", "--quiet-logins", stdout=open("/dev/null", "w"))
    count = ReconsiderationCase.objects.count()

    rerun = create_demo_cases()

    assert count == len(Status)
    assert rerun == {"created": 0, "existing": len(Status)}
    assert ReconsiderationCase.objects.count() == count
    assert sorted(ReconsiderationCase.objects.values_list("status", flat=True)) == sorted(Status.values)
