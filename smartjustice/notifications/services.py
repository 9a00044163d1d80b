"""Notifying people, and delivering notifications over SMS and e-mail (issue #2 §6).

`notify` is what other apps call. It writes the inbox row and one Delivery per channel
inside the caller's transaction and queues the sends with transaction.on_commit, so a
rolled-back change notifies nobody and a committed one always leaves a durable record.
A send that fails is retried with exponential backoff (attempt_delivery); the periodic
task notifications.retry_pending_deliveries picks up whatever a lost task or a dead
broker left pending.
"""
import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from smartjustice.audit.services import record
from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput

from . import channels as channel_registry
from .models import Delivery, Notification
from .selectors import access_notification

logger = logging.getLogger("smartjustice.notifications")

BACKOFF_BASE_SECONDS = 60
BACKOFF_CAP_SECONDS = 6 * 3600


def _address_for(recipient, channel: str) -> str:
    if channel == Delivery.Channel.SMS:
        return (recipient.mobile or "").strip()
    return (recipient.email or "").strip()


def _check_link(link: str) -> str:
    link = (link or "").strip()
    # Only paths on this site: an inbox entry must never send people elsewhere.
    if link and (not link.startswith("/") or link.startswith("//") or "\\" in link):
        raise InvalidInput(_("A notification link must be a path on this site, starting with “/”."),
                           field="link")
    return link


def notify(recipient, *, title: str, body: str, kind: str, link: str = "", org=None,
           channels: Iterable[str] = ("sms",)) -> Notification:
    """Put a notification in `recipient`'s inbox and send it over `channels` after commit.

    Guarantees: the Notification and its Delivery rows are written atomically with the
    caller's transaction; nothing is sent unless and until that transaction commits; a
    channel for which the recipient has no address gets a Delivery marked failed (so the
    gap is visible) while the inbox entry stands. Raises InvalidInput (nothing written)
    for an empty title or kind, or a link that leaves the site.
    """
    title = (title or "").strip()
    kind = (kind or "").strip()
    if not title:
        raise InvalidInput(_("A notification needs a title."), field="title")
    if len(title) > 200:
        raise InvalidInput(_("The title is too long (at most 200 characters)."), field="title")
    if not kind:
        raise InvalidInput(_("A notification needs a kind."), field="kind")
    link = _check_link(link)
    wanted = list(dict.fromkeys(channels))
    for channel in wanted:
        if channel not in Delivery.Channel.values:
            raise ValueError(f"unknown notification channel {channel!r}")

    with transaction.atomic():
        now = clock.now()
        notification = Notification.objects.create(
            recipient=recipient, org=org, kind=kind[:100], title=title, body=body or "", link=link,
            created_at=now,
        )
        pending = []
        for channel in wanted:
            address = _address_for(recipient, channel)
            if address:
                delivery = Delivery.objects.create(notification=notification, channel=channel,
                                                   address=address, next_attempt_at=now, created_at=now)
                pending.append(delivery.pk)
            else:
                Delivery.objects.create(notification=notification, channel=channel,
                                        status=Delivery.Status.FAILED, created_at=now,
                                        last_error="recipient has no address for this channel")
        record("notifications.notification.created", obj=notification, org=org,
               changes={"recipient": [None, recipient.pk], "kind": [None, notification.kind],
                        "channels": [None, wanted]})
        if pending:
            transaction.on_commit(lambda: enqueue_deliveries(pending), robust=True)
    return notification


def enqueue_deliveries(delivery_ids: Iterable[int], *, eta: dt.datetime | None = None) -> None:
    """Hand deliveries to Celery. A broker failure is logged, not raised: the rows stay
    pending and retry_pending_deliveries sends them later."""
    from .tasks import send_delivery_task

    for delivery_id in delivery_ids:
        try:
            if eta is None:
                send_delivery_task.delay(delivery_id)
            else:
                send_delivery_task.apply_async((delivery_id,), eta=eta)
        except Exception:
            logger.exception("could not queue delivery %s; the periodic retry will send it", delivery_id)


def backoff(attempts: int) -> dt.timedelta:
    """Delay before the next try after `attempts` failed ones: 1, 2, 4 ... minutes, at most 6 h."""
    seconds = BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, BACKOFF_CAP_SECONDS))


def attempt_delivery(delivery_id: int) -> str | None:
    """Try to send one pending, due delivery; return its status afterwards (None if unknown).

    Guarantees: the row is locked (select_for_update) for the whole attempt and only a
    pending one is sent, so two workers never send the same delivery twice; a transient
    failure leaves it pending with next_attempt_at pushed back (backoff), until
    settings.NOTIFICATION_MAX_ATTEMPTS attempts have failed; a permanent failure, or the
    last allowed attempt, marks it failed. The Notification itself is never touched.
    """
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update().select_related("notification")
                    .filter(pk=delivery_id).first())
        if delivery is None:
            return None
        if delivery.status != Delivery.Status.PENDING:
            return delivery.status
        now = clock.now()
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
            return delivery.status  # not due: an early duplicate task; the due one will come
        notification = delivery.notification
        delivery.attempts += 1
        try:
            channel = channel_registry.get_channel(delivery.channel)
            provider_id = channel.send(delivery.address, notification.title, notification.body,
                                       reference=f"delivery-{delivery.pk}")
        except channel_registry.PermanentSendError as exc:
            _give_up(delivery, str(exc))
        except Exception as exc:  # transient, or unexpected: never lose the delivery
            if not isinstance(exc, channel_registry.TransientSendError):
                logger.exception("delivery %s: unexpected error while sending", delivery.pk)
            _retry_later(delivery, f"{type(exc).__name__}: {exc}", now)
        else:
            delivery.status = Delivery.Status.SENT
            delivery.sent_at = clock.now()
            delivery.provider_message_id = provider_id or ""
            delivery.next_attempt_at = None
            delivery.last_error = ""
            delivery.save(update_fields=["status", "sent_at", "provider_message_id", "next_attempt_at",
                                         "last_error", "attempts"])
            record("notifications.delivery.sent", obj=delivery, org=notification.org,
                   changes={"status": [Delivery.Status.PENDING, Delivery.Status.SENT],
                            "attempts": [delivery.attempts - 1, delivery.attempts]})
        return delivery.status


def _give_up(delivery: Delivery, error: str) -> None:
    delivery.status = Delivery.Status.FAILED
    delivery.last_error = error[:2000]
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "last_error", "next_attempt_at", "attempts"])
    logger.warning("delivery %s failed for good after %s attempt(s): %s", delivery.pk,
                   delivery.attempts, error)
    record("notifications.delivery.failed", obj=delivery, org=delivery.notification.org,
           changes={"status": [Delivery.Status.PENDING, Delivery.Status.FAILED],
                    "attempts": [delivery.attempts - 1, delivery.attempts]},
           reason=error[:500])


def _retry_later(delivery: Delivery, error: str, now: dt.datetime) -> None:
    if delivery.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        _give_up(delivery, error)
        return
    delivery.last_error = error[:2000]
    delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save(update_fields=["last_error", "next_attempt_at", "attempts"])
    logger.info("delivery %s attempt %s failed, retrying at %s: %s", delivery.pk, delivery.attempts,
                delivery.next_attempt_at, error)
    from .tasks import celery_runs_inline

    if not celery_runs_inline():
        # A prompt retry; if this message is lost, retry_pending_deliveries still finds the row.
        eta, delivery_id = delivery.next_attempt_at, delivery.pk
        transaction.on_commit(lambda: enqueue_deliveries([delivery_id], eta=eta), robust=True)


def due_delivery_ids(limit: int = 500) -> list[int]:
    """Pending deliveries whose next attempt time has passed, oldest first."""
    return list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=clock.now())
        .order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit]
    )


def retry_pending_deliveries(limit: int = 500) -> dict[str, int]:
    """Attempt every due pending delivery, each in its own transaction: one failure is
    logged and the rest carry on. Safe to run at any time and any number of times."""
    outcome = {"sent": 0, "failed": 0, "pending": 0}
    for delivery_id in due_delivery_ids(limit):
        try:
            status = attempt_delivery(delivery_id)
        except Exception:
            logger.exception("delivery %s: attempt crashed", delivery_id)
            continue
        if status in outcome:
            outcome[status] += 1
    return outcome


def mark_read(notification_id, *, acting_user) -> Notification:
    """Mark one of `acting_user`'s own notifications read (idempotent: the first read time
    stays). Another person's notification, or a missing one, raises NotFound."""
    with transaction.atomic():
        notification = access_notification(acting_user, notification_id, for_update=True)
        if notification.read_at is None:
            notification.read_at = clock.now()
            notification.save(update_fields=["read_at"])
            record("notifications.notification.read", actor=acting_user, obj=notification,
                   org=notification.org, changes={"read_at": [None, notification.read_at.isoformat()]})
    return notification


def mark_all_read(*, acting_user) -> int:
    """Mark every unread notification of `acting_user` read; returns how many changed."""
    with transaction.atomic():
        unread = Notification.objects.filter(recipient_id=acting_user.pk, read_at__isnull=True)
        ids = list(unread.select_for_update().values_list("pk", flat=True))
        if not ids:
            return 0
        now = clock.now()
        count = Notification.objects.filter(pk__in=ids).update(read_at=now)
        record("notifications.notification.all_read", actor=acting_user, obj=acting_user,
               changes={"read_at": [None, now.isoformat()], "count": [None, count]})
    return count
