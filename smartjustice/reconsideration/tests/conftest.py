"""Actors and cases of the reconsideration tests.

Holiday data is imported from settings.SHARED_DIR/domain/holidays_cn.json (never copied
into the repository). Time is frozen on a Tuesday just before the 2026 Spring Festival
(2026-02-15 to 2026-02-23 off; Saturday 2026-02-14 and 2026-02-28 are make-up working days).
"""
import datetime as dt
import json

import pytest
import time_machine
from django.conf import settings

from smartjustice.core.clock import LEGAL_TZ
from smartjustice.orgs.choices import Kind, Level, Role
from smartjustice.orgs.models import Organisation

from .factories import complete_draft

START = dt.datetime(2026, 2, 10, 10, 0, tzinfo=LEGAL_TZ)


def holidays_path():
    return settings.SHARED_DIR / "domain" / "holidays_cn.json"


@pytest.fixture(autouse=True)
def loaded_holidays(db):
    from smartjustice.deadlines.services import import_holidays

    if not holidays_path().exists():
        pytest.skip(f"shared holiday data not found at {holidays_path()}")
    return import_holidays(holidays_path())


@pytest.fixture(scope="session")
def calendar():
    from smartjustice.deadlines.engine import HolidayCalendar

    return HolidayCalendar.from_mapping(json.loads(holidays_path().read_text(encoding="utf-8")))


@pytest.fixture
def frozen():
    """Time frozen at START; `frozen.move_to(...)` moves it."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def orgs(org_tree):
    def org(code, name, kind, parent):
        return Organisation.objects.create(code=code, name=name, kind=kind, level=Level.COUNTY, parent=parent)

    return {
        **org_tree,
        "body": org("tx-fyj", "桐乡市人民政府行政复议局", Kind.RECONSIDERATION_BODY, org_tree["county"]),
        "respondent": org("tx-scjg", "桐乡市市场监督管理局", Kind.ENFORCEMENT_AGENCY, org_tree["city"]),
        "other_respondent": org("tx-zhzf", "桐乡市综合行政执法局", Kind.ENFORCEMENT_AGENCY, org_tree["city"]),
        "other_body": org("hn-fyj", "海宁市人民政府行政复议局", Kind.RECONSIDERATION_BODY, org_tree["other_county"]),
    }


@pytest.fixture
def people(orgs, make_user):
    return {
        "applicant": make_user(Role.CITIZEN, orgs["county"], real_name="张秀英", mobile="13800000001"),
        "other_applicant": make_user(Role.CITIZEN, orgs["county"], real_name="李四", mobile="13800000009"),
        "officer": make_user(Role.RECONSIDERATION_OFFICER, orgs["body"], real_name="复议员 李明"),
        "other_officer": make_user(Role.RECONSIDERATION_OFFICER, orgs["other_body"]),
        "supervisor": make_user(Role.SUPERVISOR, orgs["county"], real_name="局领导 陈志华"),
        "respondent_officer": make_user(Role.ENFORCEMENT_OFFICER, orgs["respondent"], real_name="执法员 赵强"),
        "other_respondent_officer": make_user(Role.ENFORCEMENT_OFFICER, orgs["other_respondent"]),
        "lawyer": make_user(Role.LAWYER, orgs["body"]),
    }


@pytest.fixture
def draft(orgs, people, frozen):
    return complete_draft(orgs, people["applicant"])


@pytest.fixture
def submitted(draft, people):
    from smartjustice.reconsideration import services

    return services.submit_application(draft, acting_user=people["applicant"])
