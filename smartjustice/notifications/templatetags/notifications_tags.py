"""{% load notifications_tags %}{% unread_notifications_count %} — the shell's unread badge
without a context processor (so pages that do not show it do not pay the query)."""
from django import template

from smartjustice.notifications.selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications_count(context) -> int:
    request = context.get("request")
    return unread_count(getattr(request, "user", None))
