"""Actors of the correction tests: officers of two offices of one county, a county supervisor,
an administrator, and people in another county. Holiday data comes from
settings.SHARED_DIR/domain/holidays_cn.json (never copied into the repository). Time is frozen
on Tuesday 2026-02-10, 10:00 China Standard Time."""
import datetime as dt

import pytest
import time_machine
from django.conf import settings

from smartjustice.core.clock import LEGAL_TZ
from smartjustice.orgs.choices import Role

from . import factories

START = dt.datetime(2026, 2, 10, 10, 0, tzinfo=LEGAL_TZ)


@pytest.fixture(autouse=True)
def loaded_holidays(db):
    from smartjustice.deadlines.services import import_holidays

    path = settings.SHARED_DIR / "domain" / "holidays_cn.json"
    if not path.exists():
        pytest.skip(f"shared holiday data not found at {path}")
    return import_holidays(path)


@pytest.fixture(autouse=True)
def fresh_fence_cache():
    from smartjustice.correction import fences, policy
    from smartjustice.correction.services import forget_check_in_cache

    fences.invalidate()
    policy.invalidate()
    forget_check_in_cache()
    yield
    forget_check_in_cache()
    fences.invalidate()
    policy.invalidate()


@pytest.fixture
def frozen():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def officer(org_tree, make_user):
    return make_user(Role.CORRECTION_OFFICER, org_tree["wutong"])


@pytest.fixture
def colleague(org_tree, make_user):
    return make_user(Role.CORRECTION_OFFICER, org_tree["wutong"])


@pytest.fixture
def officer_fengming(org_tree, make_user):
    return make_user(Role.CORRECTION_OFFICER, org_tree["fengming"])


@pytest.fixture
def officer_other_county(org_tree, make_user):
    return make_user(Role.CORRECTION_OFFICER, org_tree["other_township"])


@pytest.fixture
def supervisor(org_tree, make_user):
    """The county bureau head (局领导) of 桐乡市司法局."""
    return make_user(Role.SUPERVISOR, org_tree["county"])


@pytest.fixture
def township_supervisor(org_tree, make_user):
    return make_user(Role.SUPERVISOR, org_tree["wutong"])


@pytest.fixture
def supervisor_other_county(org_tree, make_user):
    return make_user(Role.SUPERVISOR, org_tree["other_county"])


@pytest.fixture
def administrator(org_tree, make_user):
    return make_user(Role.ADMINISTRATOR, org_tree["county"])


@pytest.fixture
def subject_user(org_tree, make_user):
    return make_user(Role.CORRECTION_SUBJECT, org_tree["wutong"])


@pytest.fixture
def subject(frozen, officer, org_tree, subject_user):
    """A 缓刑 subject of 梧桐司法所 who has reported in, with a login."""
    from smartjustice.correction.services import record_report_in, register_subject

    registered = register_subject(factories.probation_data(), org=org_tree["wutong"], acting_user=officer,
                                  user=subject_user)
    return record_report_in(registered, acting_user=officer)


def audit_count(action: str | None = None) -> int:
    from smartjustice.audit.models import AuditEntry

    qs = AuditEntry.objects.all()
    return qs.filter(action=action).count() if action else qs.count()


TONGXIANG = [[30.50, 120.35], [30.50, 120.70], [30.80, 120.70], [30.80, 120.35]]
INSIDE = (30.63, 120.56)
HANGZHOU = (30.27, 120.15)


@pytest.fixture
def county_fence(administrator, org_tree):
    from smartjustice.correction.services import define_zone

    return define_zone(kind="county", name="桐乡市", county=org_tree["county"], acting_user=administrator,
                       polygon=TONGXIANG)
