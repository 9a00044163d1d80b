"""Fixtures of the consultation tests: a tiny statute library written by the test into
tmp_path (no law file is copied into the repository), its search index, a law firm and a
legal aid centre under the county, lawyers on the roster and a citizen."""
import textwrap

import pytest

from smartjustice.orgs.choices import Kind, Level, Role

LABOUR_LAW = """\
# 中华人民共和国劳动合同法

2007年6月29日 第十届全国人民代表大会常务委员会第二十八次会议通过

<!-- INFO END -->

## 第五章 法律责任

第八十五条 用人单位有下列情形之一的，由劳动行政部门责令限期支付劳动报酬、加班费或者经济补偿：
（一）未按照劳动合同的约定或者国家规定及时足额支付劳动者劳动报酬的；
（二）安排加班不支付加班费的。

第八十七条 用人单位违反本法规定解除或者终止劳动合同的，应当依照本法第四十七条规定的经济补偿标准的二倍向劳动者支付赔偿金。
"""

CIVIL_CODE_FAMILY = """\
# 中华人民共和国民法典

# 婚姻家庭编

2020年5月28日 第十三届全国人民代表大会第三次会议通过

<!-- INFO END -->

## 第四章 离婚

第一千零七十九条 夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。

第一千零八十四条 父母与子女间的关系，不因父母离婚而消除。离婚后，子女无论由父或者母直接抚养，仍是父母双方的子女。
"""

RECONSIDERATION = """\
# 中华人民共和国行政复议法

2023年9月1日 第十四届全国人民代表大会常务委员会第五次会议修订

<!-- INFO END -->

## 第三章 申请

第二十条 公民、法人或者其他组织认为行政行为侵犯其合法权益的，可以自知道或者应当知道该行政行为之日起六十日内提出行政复议申请。
"""

PASSWORD = "Qiao-shan-42-river"


def write_laws(root):
    files = {"社会法/劳动合同法(2012-12-28).md": LABOUR_LAW, "民法典/婚姻家庭编.md": CIVIL_CODE_FAMILY,
             "行政法/行政复议法(2023-09-01).md": RECONSIDERATION}
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def law_library(db, settings, tmp_path):
    """Three small laws imported and indexed."""
    from smartjustice.statutes.services import import_corpus
    from smartjustice.statutes.tasks import build_index

    settings.STATUTES_INDEX_PATH = tmp_path / "var" / "statutes-index.pkl"
    import_corpus(write_laws(tmp_path / "laws"), rebuild_index=False)
    build_index()
    return tmp_path / "laws"


@pytest.fixture
def orgs(org_tree):
    from smartjustice.orgs.models import Organisation

    def org(code, name, kind, parent):
        return Organisation.objects.create(code=code, name=name, kind=kind, level=Level.COUNTY, parent=parent)

    return {**org_tree,
            "firm": org("tx-firm", "桐乡明理律师事务所", Kind.LAW_FIRM, org_tree["county"]),
            "aid": org("tx-aid", "桐乡市法律援助中心", Kind.LEGAL_AID_CENTRE, org_tree["county"]),
            "other_firm": org("hn-firm", "海宁律师事务所", Kind.LAW_FIRM, org_tree["other_county"])}


@pytest.fixture
def second_firm(orgs):
    """Another law firm of the same county (a lawyer's move between firms)."""
    from smartjustice.orgs.models import Organisation

    return Organisation.objects.create(code="tx-firm2", name="桐乡求是律师事务所", kind=Kind.LAW_FIRM,
                                       level=Level.COUNTY, parent=orgs["county"])


@pytest.fixture
def admin_of(make_user):
    def factory(org):
        return make_user(Role.ADMINISTRATOR, org)
    return factory


@pytest.fixture
def make_lawyer(make_user, admin_of):
    from smartjustice.legalservice.consult import services

    counter = iter(range(10**16, 10**17))

    def factory(org, specialties=("labour",), **fields):
        user = make_user(Role.LAWYER, org, **fields)
        return services.register_lawyer(user, org=org, licence_number=str(next(counter)), specialties=specialties,
                                        languages=["zh-hans"], acting_user=admin_of(org))
    return factory


@pytest.fixture
def lawyer(orgs, make_lawyer):
    return make_lawyer(orgs["firm"], specialties=["labour", "contract"], real_name="王律师")


@pytest.fixture
def citizen(make_user, org_tree):
    return make_user(Role.CITIZEN, org_tree["county"], real_name="沈阿婆")


@pytest.fixture
def make_slot():
    """make_slot(lawyer, starts_at=None, minutes=30) → a time the lawyer offers, through the
    real service (roster.add_slot); by default tomorrow at 10:00 China Standard Time."""
    import datetime as dt

    from smartjustice.core import clock
    from smartjustice.legalservice.consult import roster

    def factory(lawyer, starts_at=None, minutes=30):
        if starts_at is None:
            tomorrow = clock.now().astimezone(clock.LEGAL_TZ) + dt.timedelta(days=1)
            starts_at = tomorrow.replace(hour=10, minute=0, second=0, microsecond=0)
        return roster.add_slot(lawyer, acting_user=lawyer.user, starts_at=starts_at, minutes=minutes)
    return factory
