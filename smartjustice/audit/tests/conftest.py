import datetime as dt

import pytest
import time_machine

from smartjustice.audit.models import AuditEntry
from smartjustice.audit.services import record, record_read
from smartjustice.orgs.choices import Role

CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def seeded(org_tree, make_user):
    """Three entries: two in 桐乡 (a change at 梧桐 on 1 March, a sensitive read at 凤鸣 at
    23:30 on 2 March China time) and one in 海宁 (08:00 on 3 March China time, which is
    still 2 March in UTC, so a date filter read in UTC would be caught out)."""
    wang = make_user(Role.CORRECTION_OFFICER, org_tree["wutong"], real_name="王五")
    zhao = make_user(Role.CORRECTION_OFFICER, org_tree["fengming"], real_name="赵六")
    qian = make_user(Role.CORRECTION_OFFICER, org_tree["other_township"], real_name="钱七")
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=CST), tick=False):
        change = record("orgs.organisation.renamed", actor=wang, obj=org_tree["wutong"], org=org_tree["wutong"],
                        changes={"name": ["梧桐镇司法所", "梧桐司法所"]}, ip="10.0.0.1")
    with time_machine.travel(dt.datetime(2026, 3, 2, 23, 30, tzinfo=CST), tick=False):
        read = record("accounts.user.id_number_revealed", actor=zhao, obj=wang, org=org_tree["fengming"],
                      kind=AuditEntry.Kind.READ, reason="核对身份", ip="10.0.0.2")
    with time_machine.travel(dt.datetime(2026, 3, 3, 8, 0, tzinfo=CST), tick=False):
        other = record_read("accounts.user.id_number_revealed", actor=qian, obj=qian, org=org_tree["other_township"])
    return {"change": change, "read": read, "other": other, "wang": wang, "zhao": zhao, "qian": qian}
