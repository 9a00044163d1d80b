"""Demo cases: one per state, idempotent."""
import pytest
from django.core.management import call_command

from smartjustice.reconsideration.choices import Status
from smartjustice.reconsideration.demo import create_demo_cases
from smartjustice.reconsideration.models import ReconsiderationCase

pytestmark = pytest.mark.django_db


def test_demo_cases_cover_every_state_and_rerun_changes_nothing(frozen):
    call_command("demo", "--quiet-logins", stdout=open("/dev/null", "w"))

    first = create_demo_cases()
    second = create_demo_cases()

    assert first == {"created": len(Status), "existing": 0}
    assert second == {"created": 0, "existing": len(Status)}
    assert sorted(ReconsiderationCase.objects.values_list("status", flat=True)) == sorted(Status.values)
