"""The in-app inbox (站内消息) and the outbound deliveries of each notification.

Guarantees: a Notification is the durable record. It is written in the caller's
transaction, so it exists exactly when the change it reports exists. Deliveries (SMS,
e-mail) are attempted only after commit and can fail any number of times without
touching the Notification (issue #2 §6).
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartjustice.core import clock


class Notification(models.Model):
    """One message to one person, shown in their inbox until read (and after)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="notifications", verbose_name=_("recipient"))
    org = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+", verbose_name=_("organisation"))
    kind = models.CharField(_("kind"), max_length=100, db_index=True)  # e.g. "deadlines.reminder"
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)  # a path on this site
    created_at = models.DateTimeField(_("created at"), default=clock.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_recipient_read_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def permission_owner_id(self) -> int:
        """orgs.permissions: a notification belongs to its recipient alone."""
        return self.recipient_id

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Delivery(models.Model):
    """One attempt-tracked send of a notification over one channel.

    Guarantees: at most one Delivery per (notification, channel); status moves only
    pending → sent or pending → failed (services.attempt_delivery, under a row lock), so
    a delivery is never sent twice by two workers.
    """

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("e-mail")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")  # not yet sent; retried when next_attempt_at passes
        SENT = "sent", _("sent")  # the provider accepted it
        FAILED = "failed", _("failed")  # given up: permanent error or attempts exhausted

    notification = models.ForeignKey(Notification, on_delete=models.PROTECT, related_name="deliveries",
                                     verbose_name=_("notification"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="notif_delivery_one_per_channel")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notif_delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.get_status_display()} · {self.notification_id}"
