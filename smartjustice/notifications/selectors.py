"""Reads of the inbox. A notification is private to its recipient ("notification.view")."""
from smartjustice.core.errors import NotFound
from smartjustice.orgs.permissions import can
from smartjustice.orgs.selectors import scope_q

from .models import Notification


def notifications_for_user(user):
    """The user's own notifications, newest first; nothing for anonymous users."""
    return Notification.objects.filter(
        scope_q(user, "notification.view", owner_field="recipient")
    ).order_by("-created_at", "-id")


def access_notification(user, notification_id, *, for_update: bool = False) -> Notification:
    """One of the user's notifications; NotFound if missing or someone else's (the same)."""
    if not str(notification_id).isdigit():
        raise NotFound()
    queryset = Notification.objects.all()
    if for_update:
        queryset = queryset.select_for_update()
    notification = queryset.filter(pk=int(notification_id)).first()
    if notification is None or not can(user, "notification.view", notification):
        raise NotFound()
    return notification


def unread_count(user) -> int:
    """How many unread notifications the user has (0 for anonymous users): for the shell's badge."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
