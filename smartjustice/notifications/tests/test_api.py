"""The inbox API as mounted at /api/v1/notifications/: own notifications only."""
import pytest

from smartjustice.audit.models import AuditEntry
from smartjustice.notifications import services

pytestmark = pytest.mark.urls("smartjustice.notifications.tests.urls_api")


def _notify(person, title):
    return services.notify(person, title=title, body="", kind="test.kind", channels=())


def test_list_requires_authentication(client):
    response = client.get("/api/v1/notifications/")

    # 401 when token authentication is offered first (WWW-Authenticate), 403 for session-only.
    assert response.status_code in {401, 403}
    assert response.json()["error"]["code"] == "not_authenticated"


def test_list_returns_only_own_notifications(client, citizen, other_citizen, django_assert_num_queries):
    first = _notify(citizen, "一")
    second = _notify(citizen, "二")
    _notify(other_citizen, "别人的")
    services.mark_read(first.pk, acting_user=citizen)
    client.force_login(citizen)

    response = client.get("/api/v1/notifications/")
    unread = client.get("/api/v1/notifications/?unread=1")

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert [(n["id"], n["title"], n["is_read"]) for n in response.json()["results"]] == [
        (second.pk, "二", False), (first.pk, "一", True)]
    assert [n["id"] for n in unread.json()["results"]] == [second.pk]


def test_mark_read(client, citizen):
    notification = _notify(citizen, "一")
    client.force_login(citizen)

    response = client.post(f"/api/v1/notifications/{notification.pk}/read/")

    assert response.status_code == 200
    assert response.json()["is_read"] is True
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_read_foreign_or_missing_is_the_same_404(client, citizen, other_citizen):
    theirs = _notify(other_citizen, "别人的")
    audit_before = AuditEntry.objects.count()
    client.force_login(citizen)

    foreign = client.post(f"/api/v1/notifications/{theirs.pk}/read/")
    missing = client.post(f"/api/v1/notifications/{theirs.pk + 999}/read/")

    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert foreign.json()["error"]["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert AuditEntry.objects.count() == audit_before


def test_mark_all_read(client, citizen, other_citizen):
    _notify(citizen, "一")
    _notify(citizen, "二")
    theirs = _notify(other_citizen, "别人的")
    client.force_login(citizen)

    response = client.post("/api/v1/notifications/read-all/")

    assert response.json() == {"marked": 2}
    theirs.refresh_from_db()
    assert theirs.read_at is None
