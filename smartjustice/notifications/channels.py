"""Outbound channels behind one interface (issue #2 §6: "fakes only at the boundary").

A Channel sends one message to one address and returns the provider's message id, or
raises TransientSendError (try again later) or PermanentSendError (never retry). Which
SMS channel is used comes from settings.SMS_BACKEND:

* "log"  — LogSmsChannel, the development backend: writes the message to the logger
  "smartjustice.notifications" and sends nothing.
* "http" — HttpSmsChannel, the real adapter for a generic SMS gateway: POST JSON to
  settings.SMS_HTTP_URL with a bearer token.

E-mail goes through Django's send_mail, so settings.EMAIL_BACKEND decides (console in
development, SMTP when configured).
"""
import http.client
import json
import logging
import smtplib
import urllib.error
import urllib.request
import uuid
from abc import ABC, abstractmethod

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail

logger = logging.getLogger("smartjustice.notifications")


class SendError(Exception):
    """A channel could not send."""


class TransientSendError(SendError):
    """Worth retrying: timeouts, connection errors, provider 5xx, rate limits."""


class PermanentSendError(SendError):
    """Retrying cannot help: a rejected address or request (provider 4xx)."""


class Channel(ABC):
    """Sends one message. Implementations must not swallow failures: raise instead."""

    name: str = ""

    @abstractmethod
    def send(self, address: str, title: str, body: str, *, reference: str = "") -> str:
        """Send and return the provider's message id ("" if it gives none).

        `reference` is our own stable id for the message (the Delivery), passed to
        providers that accept an idempotency key so a retry after a lost reply is not
        delivered twice.
        """


def sms_text(title: str, body: str) -> str:
    return f"{title}\n{body}".strip() if body else title


class LogSmsChannel(Channel):
    """Development SMS backend: logs the message; nothing leaves the machine."""

    name = "sms"

    def send(self, address: str, title: str, body: str, *, reference: str = "") -> str:
        message_id = f"log-{uuid.uuid4().hex}"
        logger.info("SMS to %s [%s] %s", address, reference or message_id, sms_text(title, body))
        return message_id


class HttpSmsChannel(Channel):
    """A generic HTTP SMS gateway: POST {"to", "text", "reference"} as JSON with
    "Authorization: Bearer <SMS_HTTP_TOKEN>"; the gateway answers 2xx with JSON that may
    carry "id" or "message_id". 5xx, 408, 429 and network failures are transient; any
    other 4xx is permanent."""

    name = "sms"

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float | None = None):
        self.url = url if url is not None else settings.SMS_HTTP_URL
        self.token = token if token is not None else settings.SMS_HTTP_TOKEN
        self.timeout = timeout if timeout is not None else getattr(settings, "SMS_HTTP_TIMEOUT", 10.0)
        if not self.url:
            raise ImproperlyConfigured("SMS_BACKEND is 'http' but SMS_HTTP_URL is not set")

    def send(self, address: str, title: str, body: str, *, reference: str = "") -> str:
        payload = {"to": address, "text": sms_text(title, body), "reference": reference}
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(
            self.url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers=headers,
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                raw = response.read(65536)
        except urllib.error.HTTPError as exc:
            detail = _short(exc.read(2048) if exc.fp else b"")
            if exc.code >= 500 or exc.code in (408, 429):
                raise TransientSendError(f"SMS gateway answered {exc.code}: {detail}") from None
            raise PermanentSendError(f"SMS gateway refused the message ({exc.code}): {detail}") from None
        except (OSError, http.client.HTTPException) as exc:  # URLError and timeouts are OSErrors
            raise TransientSendError(f"SMS gateway unreachable: {exc}") from None
        try:
            data = json.loads(raw.decode("utf-8")) if raw.strip() else {}
        except (UnicodeDecodeError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        return str(data.get("id") or data.get("message_id") or "")[:200]


class EmailChannel(Channel):
    """E-mail through Django's mail framework (settings.EMAIL_BACKEND)."""

    name = "email"

    def send(self, address: str, title: str, body: str, *, reference: str = "") -> str:
        try:
            send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentSendError(f"mail server refused the address: {exc}") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise TransientSendError(f"mail server error: {exc}") from None
        return reference


def _short(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")[:300]


def get_channel(name: str) -> Channel:
    """The configured channel for "sms" or "email" (read from settings at call time)."""
    if name == "email":
        return EmailChannel()
    if name == "sms":
        backend = settings.SMS_BACKEND
        if backend == "log":
            return LogSmsChannel()
        if backend == "http":
            return HttpSmsChannel()
        raise ImproperlyConfigured(f"SMS_BACKEND must be 'log' or 'http', not {backend!r}")
    raise ValueError(f"unknown notification channel {name!r}")
