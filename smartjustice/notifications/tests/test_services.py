"""notify(), delivery after commit, retries with backoff, and reading the inbox."""
import datetime as dt
import logging

import pytest
import time_machine
from django.db import transaction

from smartjustice.audit.models import AuditEntry
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.notifications import services
from smartjustice.notifications.models import Delivery, Notification

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _notify(person, **overrides):
    fields = {"title": "补正通知", "body": "请于五日内补正材料。", "kind": "reconsideration.correction",
              "link": "/cases/7/"}
    fields.update(overrides)
    return services.notify(person, **fields)


def _sms_log(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "smartjustice.notifications"]


def _actions():
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_notify_writes_inbox_row_and_pending_sms_but_sends_nothing_before_commit(
        citizen, django_capture_on_commit_callbacks, caplog):
    caplog.set_level(logging.INFO, logger="smartjustice.notifications")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = _notify(citizen, org=None)

    assert (notification.recipient, notification.title, notification.read_at) == (citizen, "补正通知", None)
    delivery = Delivery.objects.get()
    assert (delivery.notification, delivery.channel, delivery.address, delivery.status, delivery.attempts) == (
        notification, "sms", "13800138000", "pending", 0)
    assert len(callbacks) == 1
    assert _sms_log(caplog) == []
    assert _actions() == ["notifications.notification.created"]


def test_after_commit_the_sms_is_sent_through_the_log_backend(
        citizen, org_tree, django_capture_on_commit_callbacks, caplog, settings):
    settings.SMS_BACKEND = "log"
    caplog.set_level(logging.INFO, logger="smartjustice.notifications")

    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(citizen, org=org_tree["wutong"])

    delivery = Delivery.objects.get(notification=notification)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, "")
    assert delivery.provider_message_id.startswith("log-")
    assert delivery.sent_at is not None
    assert _sms_log(caplog) == [
        f"SMS to 13800138000 [delivery-{delivery.pk}] 补正通知\n请于五日内补正材料。"]
    assert _actions() == ["notifications.notification.created", "notifications.delivery.sent"]


def test_rolled_back_change_notifies_nobody(citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _notify(citizen)
            raise RuntimeError("the caller's change failed")

    assert callbacks == []
    assert Notification.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_email_channel_is_sent_after_commit(citizen, settings, django_capture_on_commit_callbacks):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        _notify(citizen, channels=("sms", "email"))

    assert sorted(Delivery.objects.values_list("channel", "status", "address")) == [
        ("email", "sent", "zhang@example.cn"), ("sms", "sent", "13800138000")]
    assert [m.subject for m in mail.outbox] == ["补正通知"]


def test_recipient_without_mobile_keeps_inbox_row_and_records_failed_delivery(
        make_user, django_capture_on_commit_callbacks):
    person = make_user(mobile="")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = _notify(person)

    assert Notification.objects.get() == notification
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        "failed", 0, "recipient has no address for this channel")
    assert callbacks == []


@pytest.mark.parametrize("overrides, field", [
    ({"title": "  "}, "title"),
    ({"title": "长" * 201}, "title"),
    ({"kind": ""}, "kind"),
    ({"link": "https://evil.example.com/"}, "link"),
    ({"link": "//evil.example.com/"}, "link"),
    ({"link": "javascript:alert(1)"}, "link"),
])
def test_bad_input_is_refused_and_writes_nothing(citizen, overrides, field, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(InvalidInput) as caught:
        _notify(citizen, **overrides)

    assert caught.value.field == field
    assert Notification.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    assert callbacks == []


def test_unknown_channel_is_a_programming_error(citizen):
    with pytest.raises(ValueError, match="pigeon"):
        _notify(citizen, channels=("pigeon",))

    assert Notification.objects.count() == 0


def test_transient_failure_keeps_delivery_pending_with_backoff(citizen, http_sms, django_capture_on_commit_callbacks):
    http_sms.answer(503, {"error": "busy"})

    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        notification = _notify(citizen)

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at == T0 + dt.timedelta(minutes=1)
    assert "503" in delivery.last_error
    assert Notification.objects.get() == notification
    assert len(http_sms.requests) == 1


def test_backoff_doubles_and_is_capped():
    assert [services.backoff(n).total_seconds() for n in (1, 2, 3, 4, 9, 10, 20)] == [
        60, 120, 240, 480, 15360, 6 * 3600, 6 * 3600]


def test_retry_sweep_sends_only_due_deliveries(citizen, other_citizen, http_sms,
                                               django_capture_on_commit_callbacks):
    http_sms.answer(503)
    http_sms.answer(503)
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        first = _notify(citizen)
    with time_machine.travel(T0 + dt.timedelta(seconds=30), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        _notify(other_citizen)

    with time_machine.travel(T0 + dt.timedelta(seconds=61), tick=False):
        outcome = services.retry_pending_deliveries()

    assert outcome == {"sent": 1, "failed": 0, "pending": 0}
    assert Delivery.objects.get(notification=first).status == "sent"
    assert Delivery.objects.exclude(notification=first).get().status == "pending"
    assert len(http_sms.requests) == 3


def test_gives_up_after_max_attempts_and_keeps_the_notification(
        citizen, http_sms, settings, django_capture_on_commit_callbacks):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    http_sms.default = (500, {"error": "down"}, 0.0)
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        notification = _notify(citizen)

    with time_machine.travel(T0 + dt.timedelta(minutes=1), tick=False):
        assert services.retry_pending_deliveries() == {"sent": 0, "failed": 0, "pending": 1}
    with time_machine.travel(T0 + dt.timedelta(minutes=3), tick=False):
        assert services.retry_pending_deliveries() == {"sent": 0, "failed": 1, "pending": 0}
    with time_machine.travel(T0 + dt.timedelta(days=1), tick=False):
        assert services.retry_pending_deliveries() == {"sent": 0, "failed": 0, "pending": 0}

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 3, None)
    assert len(http_sms.requests) == 3
    assert Notification.objects.get() == notification
    assert _actions() == ["notifications.notification.created", "notifications.delivery.failed"]


def test_permanent_failure_is_not_retried(citizen, http_sms, django_capture_on_commit_callbacks):
    http_sms.answer(400, {"error": "invalid number"})

    with django_capture_on_commit_callbacks(execute=True):
        _notify(citizen)
    services.retry_pending_deliveries()

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "400" in delivery.last_error
    assert len(http_sms.requests) == 1


def test_a_sent_delivery_is_never_sent_again(citizen, http_sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(citizen)
    delivery = Delivery.objects.get()

    assert services.attempt_delivery(delivery.pk) == "sent"
    assert services.attempt_delivery(delivery.pk) == "sent"

    assert len(http_sms.requests) == 1
    assert Delivery.objects.get().attempts == 1


def test_an_early_duplicate_task_does_not_jump_the_backoff(citizen, http_sms, django_capture_on_commit_callbacks):
    http_sms.answer(503)
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        _notify(citizen)
    delivery = Delivery.objects.get()

    with time_machine.travel(T0 + dt.timedelta(seconds=10), tick=False):
        assert services.attempt_delivery(delivery.pk) == "pending"

    assert len(http_sms.requests) == 1
    assert Delivery.objects.get().attempts == 1


def test_unexpected_channel_error_is_retried_not_lost(citizen, settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = ""  # misconfigured: ImproperlyConfigured on every try

    with django_capture_on_commit_callbacks(execute=True):
        _notify(citizen)

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.last_error.startswith("ImproperlyConfigured")


def test_mark_read_sets_read_at_once_and_audits(citizen):
    notification = _notify(citizen)

    with time_machine.travel(T0, tick=False):
        services.mark_read(notification.pk, acting_user=citizen)
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        services.mark_read(notification.pk, acting_user=citizen)

    notification.refresh_from_db()
    assert notification.read_at == T0
    assert _actions() == ["notifications.notification.created", "notifications.notification.read"]


def test_mark_read_of_someone_elses_notification_is_not_found_and_changes_nothing(citizen, other_citizen):
    notification = _notify(citizen)
    audit_before = AuditEntry.objects.count()

    with pytest.raises(NotFound):
        services.mark_read(notification.pk, acting_user=other_citizen)
    with pytest.raises(NotFound):
        services.mark_read(notification.pk + 1000, acting_user=other_citizen)

    notification.refresh_from_db()
    assert notification.read_at is None
    assert AuditEntry.objects.count() == audit_before


def test_mark_all_read_touches_only_own_unread(citizen, other_citizen):
    mine = [_notify(citizen, title=f"通知{n}") for n in range(3)]
    theirs = _notify(other_citizen)
    services.mark_read(mine[0].pk, acting_user=citizen)

    assert services.mark_all_read(acting_user=citizen) == 2
    assert services.mark_all_read(acting_user=citizen) == 0

    assert Notification.objects.filter(recipient=citizen, read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
