"""Fixtures shared by every app's tests: an organisation tree and people in it.

Tree (two counties so "another organisation" is always at hand):
  浙江省司法厅 (province)
  └── 嘉兴市司法局 (city)
      ├── 桐乡市司法局 (county)           ── 梧桐司法所, 凤鸣司法所 (township)
      └── 海宁市司法局 (county, "other") ── 硖石司法所 (township)
"""
import itertools

import pytest

from smartjustice.orgs.choices import Kind, Level

pytest_plugins = ["smartjustice.testing.browser"]

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 at production strength costs ~0.3 s a user; tests need correctness, not cost."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty caches: cached reads (e.g. the statute titles the citation
    linker knows) must not leak from one test into the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def celery_inline_unless_marked(request):
    """Run tasks inline in tests, except those marked celery_redis, which run a real worker
    against the Redis broker (REDIS_URL) to show the queue path works end to end."""
    from config.celery import app

    if request.node.get_closest_marker("celery_redis"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def org_tree(db):
    from smartjustice.orgs.models import Organisation

    def org(code, name, kind, level, parent=None):
        return Organisation.objects.create(code=code, name=name, kind=kind, level=level, parent=parent)

    province = org("zj-sft", "浙江省司法厅", Kind.JUSTICE_BUREAU, Level.PROVINCE)
    city = org("jx-sfj", "嘉兴市司法局", Kind.JUSTICE_BUREAU, Level.CITY, province)
    county = org("tx-sfj", "桐乡市司法局", Kind.JUSTICE_BUREAU, Level.COUNTY, city)
    wutong = org("tx-wutong", "梧桐司法所", Kind.JUDICIAL_OFFICE, Level.TOWNSHIP, county)
    fengming = org("tx-fengming", "凤鸣司法所", Kind.JUDICIAL_OFFICE, Level.TOWNSHIP, county)
    other_county = org("hn-sfj", "海宁市司法局", Kind.JUSTICE_BUREAU, Level.COUNTY, city)
    other_township = org("hn-xiashi", "硖石司法所", Kind.JUDICIAL_OFFICE, Level.TOWNSHIP, other_county)
    return {
        "province": province, "city": city, "county": county, "wutong": wutong,
        "fengming": fengming, "other_county": other_county, "other_township": other_township,
    }


@pytest.fixture
def make_user(db):
    """make_user(role=None, org=None, **fields) → a saved user, with a membership if role is given."""
    from smartjustice.accounts.models import User
    from smartjustice.orgs.models import Membership

    def factory(role=None, org=None, **fields):
        n = next(_counter)
        fields.setdefault("username", f"user{n}")
        fields.setdefault("real_name", f"测试用户{n}")
        password = fields.pop("password", "correct-horse-battery")
        user = User(**fields)
        user.set_password(password)
        user.save()
        if role is not None:
            Membership.objects.create(user=user, org=org, role=role)
        return user

    return factory
