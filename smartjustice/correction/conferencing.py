"""Meeting links for video spot checks (视频抽查): no home-made video, the configured
conferencing service is addressed through `ConferencingProvider`.

The real adapter, `UrlTemplateProvider`, fills settings.CORRECTION_CONFERENCE_URL_TEMPLATE
(or the environment variable of that name), e.g. "https://meet.example.gov.cn/{room}" for a
self-hosted Jitsi or a government meeting system addressed by room name. The room name is an
HMAC of the spot check's id under SECRET_KEY, so links cannot be guessed. Without a template a
check has no link and the pages say the officer will call. settings.CORRECTION_CONFERENCING_PROVIDER
may name another implementation (a dotted path).
"""
from __future__ import annotations

import hashlib
import hmac
import os
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class ConferencingProvider(Protocol):
    def meeting_url(self, spot_check) -> str: ...


class UrlTemplateProvider:
    def __init__(self, template: str | None = None):
        self.template = template if template is not None else (
            getattr(settings, "CORRECTION_CONFERENCE_URL_TEMPLATE", "")
            or os.environ.get("CORRECTION_CONFERENCE_URL_TEMPLATE", ""))

    def room_name(self, spot_check) -> str:
        digest = hmac.new(settings.SECRET_KEY.encode(), f"correction-spot-check:{spot_check.pk}".encode(),
                          hashlib.sha256).hexdigest()[:20]
        return f"jz-{spot_check.pk}-{digest}"

    def meeting_url(self, spot_check) -> str:
        if not self.template or "{room}" not in self.template:
            return ""
        return self.template.format(room=self.room_name(spot_check))


def get_provider() -> ConferencingProvider:
    path = getattr(settings, "CORRECTION_CONFERENCING_PROVIDER", "")
    return import_string(path)() if path else UrlTemplateProvider()
