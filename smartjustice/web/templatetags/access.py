"""Template helpers of the web shell: permission checks and masking.

`{% load access %}` then `{% can "audit.view" as may_audit %}{% if may_audit %}...{% endif %}`.
Templates ask `can` (orgs.permissions) and never test role names (STYLE §3).
"""
from django import template

from smartjustice.orgs import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    """May the signed-in person do `action` (on `obj`, or anywhere when obj is None)?

    An action missing from orgs.permissions.PERMISSIONS raises, so a typo in a template
    fails loudly in tests instead of silently hiding a menu entry.
    """
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    return permissions.can(user, action, obj)


@register.filter
def mask_mobile(number: str) -> str:
    """A mobile number as shown on pages: 138****0000 (first 3 and last 4 digits)."""
    number = number or ""
    if len(number) < 8:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
