"""Audit search page and CSV export (issue #2 §4): scope, filters, export, refusals."""
import pytest
from django.test import Client

from smartjustice.audit.models import AuditEntry
from smartjustice.orgs.choices import Role

pytestmark = pytest.mark.django_db


def browser_for(user, language="zh-hans"):
    browser = Client(HTTP_ACCEPT_LANGUAGE=language)
    browser.force_login(user)
    return browser


def shown(response):
    return [entry.pk for entry in response.context["entries"]]


def csv_text(response):
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def supervisor(org_tree, make_user):
    return make_user(Role.SUPERVISOR, org_tree["county"], real_name="督导员")


def test_county_supervisor_sees_own_subtree_only(seeded, supervisor):
    response = browser_for(supervisor).get("/audit/")

    assert response.status_code == 200
    assert shown(response) == [seeded["read"].pk, seeded["change"].pk]


def test_page_shows_time_in_china_actor_org_ip_and_readable_diff(seeded, supervisor):
    html = browser_for(supervisor).get("/audit/").content.decode()

    assert "2026-03-02 23:30:00" in html and "2026-03-01 09:00:00" in html
    assert "<del>梧桐镇司法所</del> → <ins>梧桐司法所</ins>" in html
    assert "10.0.0.2" in html and "凤鸣司法所" in html and "赵六" in html
    assert "钱七" not in html
    assert '<label for="id_date_from">起始日期</label>' in html


@pytest.mark.parametrize(("query", "expected"), [
    ("date_from=2026-03-02&date_to=2026-03-02", ["read"]),  # 23:30 China time is still 2 March
    ("date_from=2026-03-01&date_to=2026-03-01", ["change"]),
    ("date_from=2026-03-03", []),
    ("actor=王", ["change"]),
    ("action=accounts.", ["read"]),
    ("action=accounts.user.id", ["read"]),
    ("action=user", []),  # a prefix, not a substring
    ("object_type=orgs.organisation", ["change"]),
    ("kind=read", ["read"]),
    ("kind=change", ["change"]),
])
def test_filters(seeded, supervisor, query, expected):
    response = browser_for(supervisor).get(f"/audit/?{query}")

    assert response.status_code == 200
    assert shown(response) == [seeded[name].pk for name in expected]


def test_filter_by_object_id_and_organisation(seeded, supervisor, org_tree):
    browser = browser_for(supervisor)

    by_object = browser.get(f"/audit/?object_type=accounts.user&object_id={seeded['wang'].pk}")
    by_org = browser.get(f"/audit/?org={org_tree['fengming'].pk}")
    by_county = browser.get(f"/audit/?org={org_tree['county'].pk}")

    assert shown(by_object) == [seeded["read"].pk]
    assert shown(by_org) == [seeded["read"].pk]
    assert shown(by_county) == [seeded["read"].pk, seeded["change"].pk]


def test_organisation_outside_scope_is_refused_like_a_missing_one(seeded, supervisor, org_tree):
    browser = browser_for(supervisor, "en")

    outside = browser.get(f"/audit/?org={org_tree['other_township'].pk}")
    missing = browser.get("/audit/?org=987654")

    assert outside.context["entries"] is None and missing.context["entries"] is None
    assert outside.context["form"].errors == missing.context["form"].errors == {
        "org": ["Select a valid choice. That choice is not one of the available choices."]}


@pytest.mark.parametrize(("language", "message"), [
    ("zh-hans", "截止日期（2026-03-01）早于起始日期（2026-03-05），请重新选择。"),
    ("en", "The end date (2026-03-01) is before the start date (2026-03-05)."),
])
def test_end_before_start_gets_a_specific_message(seeded, supervisor, language, message):
    response = browser_for(supervisor, language).get("/audit/?date_from=2026-03-05&date_to=2026-03-01")

    assert response.status_code == 200
    assert response.context["form"].errors == {"date_to": [message]}
    assert response.context["entries"] is None
    assert f'<div class="error" role="alert" id="id_date_to-error">{message}</div>' in response.content.decode()


@pytest.mark.parametrize(("role", "org"), [
    (Role.CORRECTION_OFFICER, "wutong"), (Role.CITIZEN, "wutong"), (Role.RECONSIDERATION_OFFICER, "county"),
])
@pytest.mark.parametrize("url", ["/audit/", "/audit/export.csv"])
def test_users_without_audit_rights_get_404(seeded, org_tree, make_user, role, org, url):
    before = AuditEntry.objects.count()

    response = browser_for(make_user(role, org_tree[org])).get(url)

    assert response.status_code == 404
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("url", ["/audit/", "/audit/export.csv"])
def test_anonymous_is_sent_to_sign_in(seeded, url):
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_export_is_exact_utf8_csv_with_bom(seeded, supervisor):
    response = browser_for(supervisor).get("/audit/export.csv")

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    wang = seeded["wang"]
    assert csv_text(response) == (
        "\ufeff时间（北京时间）,类别,操作,操作人,单位,对象类型,对象编号,对象,IP 地址,变更内容,事由\r\n"
        f"2026-03-02 23:30:00,敏感信息查阅,accounts.user.id_number_revealed,赵六,凤鸣司法所,accounts.user,{wang.pk},王五,10.0.0.2,,核对身份\r\n"
        f"2026-03-01 09:00:00,变更,orgs.organisation.renamed,王五,梧桐司法所,orgs.organisation,{seeded['change'].object_id},梧桐司法所,10.0.0.1,"
        '"{""name"": [""梧桐镇司法所"", ""梧桐司法所""]}",\r\n'
    )


def test_export_applies_filters_and_is_itself_recorded(seeded, supervisor, org_tree):
    response = browser_for(supervisor, "en").get(
        f"/audit/export.csv?kind=read&date_from=2026-03-01&org={org_tree['county'].pk}&actor=")

    lines = csv_text(response).splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("2026-03-02 23:30:00,sensitive read,accounts.user.id_number_revealed,")
    export = AuditEntry.objects.get(action="audit.entries.exported")
    assert (export.kind, export.actor_id, export.org_id) == ("read", supervisor.pk, org_tree["county"].pk)
    assert export.changes == {"filters": {"date_from": "2026-03-01", "org": org_tree["county"].pk,
                                          "kind": "read"}}


def test_export_without_filters_is_filed_under_the_exporters_organisation(seeded, supervisor, org_tree):
    csv_text(browser_for(supervisor).get("/audit/export.csv"))

    export = AuditEntry.objects.get(action="audit.entries.exported")
    assert (export.org_id, export.changes) == (org_tree["county"].pk, {"filters": {}})


def test_export_with_bad_dates_exports_and_records_nothing(seeded, supervisor):
    before = AuditEntry.objects.count()

    response = browser_for(supervisor, "en").get("/audit/export.csv?date_from=2026-03-05&date_to=2026-03-01")

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "date_to": ["The end date (2026-03-01) is before the start date (2026-03-05)."]}
    assert AuditEntry.objects.count() == before


def test_export_neutralises_spreadsheet_formulas(org_tree, make_user, supervisor):
    from smartjustice.audit.services import record

    mallory = make_user(Role.CITIZEN, org_tree["wutong"], real_name='=HYPERLINK("http://x","点我")')
    record("accounts.user.registered", actor=mallory, obj=mallory, org=org_tree["wutong"], ip="10.0.0.9")

    lines = csv_text(browser_for(supervisor).get("/audit/export.csv")).splitlines()

    assert len(lines) == 2
    assert ",\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\"," in lines[1]


@pytest.mark.parametrize("extra", [0, 6])
def test_search_page_query_count_does_not_grow_with_rows(seeded, supervisor, org_tree, extra,
                                                         django_assert_num_queries):
    from smartjustice.audit.services import record

    for n in range(extra):
        record("orgs.organisation.touched", actor=seeded["wang"], obj=org_tree["wutong"], org=org_tree["wutong"],
               changes={"n": [n, n + 1]})
    browser = browser_for(supervisor)

    # session, user, memberships, count, page, organisation choices, the shell's unread count
    with django_assert_num_queries(7):
        response = browser.get("/audit/")

    assert len(response.context["entries"]) == 2 + extra
