"""The inbox page, marking read (plain POST and htmx), and the unread badge."""
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from smartjustice.audit.models import AuditEntry
from smartjustice.notifications import services
from smartjustice.notifications.models import Notification
from smartjustice.notifications.selectors import unread_count


def _without_tokens(content: bytes, requested_id: str) -> str:
    """The page with per-request CSRF tokens and the requested id blanked, to compare two
    responses (the language switcher links back to the requested path)."""
    return re.sub(r"[A-Za-z0-9]{64}", "<token>", content.decode()).replace(f"/{requested_id}/", "/<id>/")


def _notify(person, title="受理通知"):
    return services.notify(person, title=title, body="您的申请已受理。", kind="reconsideration.accepted",
                           link="/cases/1/", channels=())


def test_inbox_requires_login(client):
    response = client.get(reverse("notifications:inbox"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_inbox_shows_only_own_notifications_with_unread_marked(client, citizen, other_citizen):
    read = _notify(citizen, "已读的通知")
    services.mark_read(read.pk, acting_user=citizen)
    _notify(citizen, "未读的通知")
    _notify(other_citizen, "别人的通知")
    client.force_login(citizen)

    response = client.get(reverse("notifications:inbox"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    html = response.content.decode()
    assert response.status_code == 200
    assert "已读的通知" in html and "未读的通知" in html
    assert "别人的通知" not in html
    assert html.count('class="card notification unread"') == 1
    assert [n.title for n in response.context["page"].object_list] == ["未读的通知", "已读的通知"]
    assert response.context["unread_count"] == 1


def test_mark_read_by_post_redirects_to_inbox(client, citizen):
    notification = _notify(citizen)
    client.force_login(citizen)

    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:inbox")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_read_with_htmx_returns_the_updated_item(client, citizen):
    notification = _notify(citizen)
    client.force_login(citizen)

    response = client.post(reverse("notifications:mark_read", args=[notification.pk]), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{notification.pk}"' in html
    assert 'class="card notification"' in html
    assert "hx-post" not in html


def test_mark_read_of_another_persons_notification_is_404_and_changes_nothing(client, citizen, other_citizen):
    theirs = _notify(other_citizen)
    audit_before = AuditEntry.objects.count()
    client.force_login(citizen)

    foreign = client.post(reverse("notifications:mark_read", args=[theirs.pk]))
    missing = client.post(reverse("notifications:mark_read", args=[theirs.pk + 999]))

    assert foreign.status_code == missing.status_code == 404
    assert _without_tokens(foreign.content, str(theirs.pk)) == _without_tokens(missing.content, str(theirs.pk + 999))
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert AuditEntry.objects.count() == audit_before


def test_mark_read_refuses_get(client, citizen):
    notification = _notify(citizen)
    client.force_login(citizen)

    response = client.get(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_page(client, citizen):
    _notify(citizen, "一")
    _notify(citizen, "二")
    client.force_login(citizen)

    response = client.post(reverse("notifications:mark_all_read"))

    assert response.status_code == 302
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_unread_count_and_template_tag(citizen, other_citizen, django_assert_num_queries):
    _notify(citizen, "一")
    _notify(citizen, "二")
    _notify(other_citizen, "三")
    request = RequestFactory().get("/")
    request.user = citizen

    with django_assert_num_queries(1):
        assert unread_count(citizen) == 2
    rendered = Template("{% load notifications_tags %}[{% unread_notifications_count %}]").render(
        Context({"request": request}))

    assert rendered == "[2]"


def test_unread_count_of_anonymous_is_zero():
    from django.contrib.auth.models import AnonymousUser

    assert unread_count(AnonymousUser()) == 0


@pytest.mark.parametrize("language, expected", [("en", "Notifications"), ("zh-hans", "消息")])
def test_inbox_is_translated(client, citizen, language, expected):
    citizen.language = language
    citizen.save(update_fields=["language"])
    client.force_login(citizen)

    response = client.get(reverse("notifications:inbox"))

    assert f"<h1>{expected}</h1>" in response.content.decode()
