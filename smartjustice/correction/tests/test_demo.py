"""The demo files load through the real services and a second run changes nothing."""
from django.core.management import call_command

from smartjustice.correction.demo import create_demo_subjects
from smartjustice.correction.models import Course, Subject


def test_demo_subjects_are_created_once(db):
    call_command("demo", verbosity=0)

    first = create_demo_subjects()
    second = create_demo_subjects()

    assert len(first) == 11
    assert [s.pk for s in first] == [s.pk for s in second]
    assert Subject.objects.count() == 11
    assert Subject.objects.get(user__username="demo-subject").status == "in_correction"
    assert Course.objects.filter(code="demo-duties", kind="text").count() == 1
