"""The "share my location" section of the subject's pages (issue #6 passive check-in)."""
from django import template

from smartjustice.correction import policy

register = template.Library()


@register.inclusion_tag("correction/_location_sharing.html", takes_context=True)
def location_sharing(context) -> dict:
    """The section, with the reporting interval of local policy (at least one minute)."""
    return {"user": context["user"], "csrf_token": context.get("csrf_token"),
            "interval_minutes": max(1, policy.setting("location.report_every_minutes"))}
