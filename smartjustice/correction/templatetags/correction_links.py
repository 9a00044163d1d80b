"""Entries of the correction service end and workbench for the web shell's menus."""
from django import template

from smartjustice.correction import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def has_active_correction_file(context) -> bool:
    return selectors.has_active_file(context.get("user"))
