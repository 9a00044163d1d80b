"""Meeting links for audio/video consultations with a lawyer (issue #3 §4: no home-made video).

`UrlTemplateProvider` fills settings.CONSULT_CONFERENCE_URL_TEMPLATE, e.g.
"https://meet.example.gov.cn/{room}" for a self-hosted Jitsi, with a room name derived by
HMAC from the booking id and SECRET_KEY, so links cannot be guessed. Without a template a
booking has no link and the page says the lawyer will call. settings.CONSULT_CONFERENCING_PROVIDER
may name another implementation (a dotted path).
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class ConferencingProvider(Protocol):
    def meeting_url(self, booking) -> str: ...


class UrlTemplateProvider:
    def __init__(self, template: str | None = None):
        self.template = template if template is not None else getattr(settings, "CONSULT_CONFERENCE_URL_TEMPLATE", "")

    def room_name(self, booking) -> str:
        digest = hmac.new(settings.SECRET_KEY.encode(), f"consult-booking:{booking.pk}".encode(),
                          hashlib.sha256).hexdigest()[:20]
        return f"zx-{booking.pk}-{digest}"

    def meeting_url(self, booking) -> str:
        if not self.template or "{room}" not in self.template:
            return ""
        return self.template.format(room=self.room_name(booking))


def get_provider() -> ConferencingProvider:
    path = getattr(settings, "CONSULT_CONFERENCING_PROVIDER", "")
    return import_string(path)() if path else UrlTemplateProvider()
