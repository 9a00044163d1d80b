"""Entries of the correction service end and workbench for the web shell's menus."""
from django import template

from smartjustice.correction import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def has_active_correction_file(context) -> bool:
    return selectors.has_active_file(context.get("user"))


@register.simple_tag(takes_context=True)
def receives_transfers(context) -> bool:
    """Whether the user works at a county institution that receives changes of execution place."""
    from smartjustice.correction.selectors_transfer import institutions_for
    from smartjustice.correction.services.transfers import RECEIVE

    return institutions_for(context.get("user"), RECEIVE).exists()
