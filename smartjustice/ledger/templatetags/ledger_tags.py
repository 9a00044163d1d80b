"""`{% load ledger_tags %}{% ledger_status sha256 %}` shows a file's evidence-ledger status.

For pages of other apps (reconsideration, enforcement): renders ledger/_status.html with
selectors.ledger_status_for_sha256 — "已上链存证" with a link to the receipt when the file
is in a published (witness-cosigned) checkpoint, "已登记，待上链" while it is pending, and
"未上链" otherwise.
"""
from django import template

from ..selectors import ledger_status_for_sha256

register = template.Library()


@register.inclusion_tag("ledger/_status.html")
def ledger_status(sha256_hex):
    return {"ledger_status": ledger_status_for_sha256(sha256_hex)}
