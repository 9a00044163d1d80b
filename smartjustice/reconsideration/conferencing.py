"""Meeting links for hearings and mediation sessions (no home-made video: issue #4 §4).

The platform talks to the conferencing service through `ConferencingProvider`. The real
adapter, `UrlTemplateProvider`, builds the room link from the configured template
(settings.RECONSIDERATION_CONFERENCE_URL_TEMPLATE or the environment variable of the same
name), e.g. "https://meeting.example.gov.cn/room/{room}": services whose rooms are addressed
by name (Jitsi-style, or a government meeting system's join URL) need nothing else. The room
name is derived with HMAC from the session id and SECRET_KEY, so links cannot be guessed.
Without a template, sessions get no link and the page says so.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class ConferencingProvider(Protocol):
    def meeting_url(self, session) -> str: ...


class UrlTemplateProvider:
    """The configured conferencing service, addressed by a URL template with {room}."""

    def __init__(self, template: str | None = None):
        self.template = template if template is not None else (
            getattr(settings, "RECONSIDERATION_CONFERENCE_URL_TEMPLATE", None)
            or os.environ.get("RECONSIDERATION_CONFERENCE_URL_TEMPLATE", ""))

    def room_name(self, session) -> str:
        digest = hmac.new(settings.SECRET_KEY.encode(), f"reconsideration-session:{session.pk}".encode(),
                          hashlib.sha256).hexdigest()[:20]
        return f"fy-{session.case_id}-{session.pk}-{digest}"

    def meeting_url(self, session) -> str:
        if not self.template or "{room}" not in self.template:
            return ""
        return self.template.format(room=self.room_name(session))


def get_provider() -> ConferencingProvider:
    """The provider named by settings.RECONSIDERATION_CONFERENCING_PROVIDER (a dotted path),
    else the URL-template adapter."""
    path = getattr(settings, "RECONSIDERATION_CONFERENCING_PROVIDER", "")
    return import_string(path)() if path else UrlTemplateProvider()
