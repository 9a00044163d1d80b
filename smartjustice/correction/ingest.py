"""The location-report ingest as a plain WSGI callable in front of Django (ADR 0007).

POST /api/v1/correction/location-reports with `Authorization: Token …` (the subject's app and
positioning devices) is answered here without Django's middleware stack, URL resolver and
request object; every other request (the browser with a session, other paths, methods, bodies
over MAX_BODY) goes to the Django application unchanged.

Same rules as the Django views: the body is checked by hot._parse (same per-field messages),
the work is services.submit_location_report (same range and time rules, positioning orders,
fence checks, alerts with their audit entries, passive check-in, replay refused), errors have the
shared shape {"error": {"code", "message", "fields"}} in the language the request asks for, and
the request's address is made available to audit.record() as RequestContextMiddleware does.
A 201 is sent only after the report is committed; when the database cannot be reached the answer
is 503 temporarily_unavailable with Retry-After (nothing stored; the app resends the same report).

One difference, by design: the token → active file lookup is cached per worker process for
TOKEN_TTL seconds, so a revoked token, a deactivated account or a file that has left
correction is refused within TOKEN_TTL seconds (not at once). Unknown tokens are never cached.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from http import HTTPStatus

from django.db import connections
from django.utils import translation
from django.utils.translation import gettext as _

from smartjustice.core.api_errors import error_body
from smartjustice.core.errors import DomainError
from smartjustice.core.middleware import RequestContext, _current

from .hot import (
    DATABASE_UNAVAILABLE,
    UNAVAILABLE_HEADERS,
    _Invalid,
    _parse,
    _subject_for_token,
    _token_is_known,
    log_unavailable,
    unavailable_body,
)

PATH = "/api/v1/correction/location-reports"
MAX_BODY = 64 * 1024  # a report is ~200 bytes; anything larger is Django's to judge
TOKEN_TTL = 10.0  # seconds a revoked token may still be accepted by a worker that cached it
_TOKENS_MAX = 100_000

logger = logging.getLogger("django.request")

# The headers Django's middleware (security, clickjacking, locale) puts on these answers.
_COMMON = [("X-Frame-Options", "DENY"), ("Vary", "Accept-Language, Cookie"), ("X-Content-Type-Options", "nosniff"),
           ("Referrer-Policy", "same-origin"), ("Cross-Origin-Opener-Policy", "same-origin")]

_tokens: dict[str, tuple[float, object]] = {}
_tokens_lock = threading.Lock()


def forget_tokens() -> None:
    """Drop this process's token cache (tests; a deployment can simply wait TOKEN_TTL)."""
    with _tokens_lock:
        _tokens.clear()


def _subject(key: str):
    now = time.monotonic()
    entry = _tokens.get(key)
    if entry is not None and now - entry[0] < TOKEN_TTL:
        return entry[1]
    subject = _subject_for_token(key)
    if subject is not None:
        with _tokens_lock:
            if len(_tokens) >= _TOKENS_MAX:
                _tokens.clear()
            _tokens[key] = (now, subject)
    return subject


def _close_old_connections() -> None:
    """As Django does at each request's end: drop broken or expired connections (never one a
    caller's transaction still holds, e.g. a test's)."""
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


def _language(environ) -> None:
    """Activate the language the request asks for (cookie, Accept-Language), as LocaleMiddleware."""
    from django.core.handlers.wsgi import WSGIRequest

    translation.activate(translation.get_language_from_request(WSGIRequest(environ)))


class LocationIngest:
    """WSGI application: the ingest for token location reports, Django for everything else."""

    def __init__(self, django_app):
        self.django_app = django_app

    def __call__(self, environ, start_response):
        if (environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") != "POST"
                or not environ.get("HTTP_AUTHORIZATION", "").startswith("Token ")):
            return self.django_app(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            return self.django_app(environ, start_response)
        body = environ["wsgi.input"].read(length) if length else b""
        context = _current.set(RequestContext(ip=environ.get("REMOTE_ADDR"),
                                              user_agent=environ.get("HTTP_USER_AGENT", "")[:300], path=PATH))
        try:
            status, payload, extra = self.handle(environ, body)
        finally:
            _current.reset(context)
            _close_old_connections()
        data = json.dumps(payload, ensure_ascii=False).encode()
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(data))), *_COMMON, *extra]
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [data]

    def handle(self, environ, body: bytes):
        from .services import submit_location_report

        key = environ["HTTP_AUTHORIZATION"][6:].strip()
        try:
            subject = _subject(key) if 0 < len(key) <= 40 else None
            if subject is None:
                _language(environ)
                if len(key) > 40 or not _token_is_known(key):
                    return 401, error_body("authentication_failed", _("Invalid token.")), [("WWW-Authenticate", "Token")]
                return 404, error_body("not_found", _("Not found.")), []
            try:
                fields = _parse(body)
                report = submit_location_report(subject, acting_user=subject.user, **fields)
            except _Invalid:
                _language(environ)
                try:  # the field messages again, now in the request's language (bad input is rare)
                    _parse(body)
                except _Invalid as exc_in_language:
                    exc = exc_in_language
                message = _("Please correct the errors below.") if exc.fields else _("The input is not valid.")
                return 400, error_body("invalid", message, exc.fields or None), []
            except DomainError as exc:
                _language(environ)
                return (exc.http_status, error_body(exc.code, str(exc), {exc.field: [str(exc)]} if exc.field else None),
                        [])
        except DATABASE_UNAVAILABLE as exc:
            log_unavailable(exc)
            _language(environ)
            return 503, unavailable_body(), list(UNAVAILABLE_HEADERS.items())
        except Exception:
            logger.exception("Location ingest failed: %s", PATH)
            _language(environ)
            return 500, error_body("server_error", _("A server error occurred.")), []
        finally:
            translation.deactivate()
        return 201, {"id": report.pk, "inside_county": report.inside_county, "check_in": report.counted_check_in}, []
