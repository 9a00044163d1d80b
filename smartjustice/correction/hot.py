"""The location-report hot path without DRF: POST /api/v1/correction/location-reports with a
token (the subject's app and positioning devices).

Why a plain view: at about a thousand reports a second on two cores, DRF's request wrapping,
authentication classes, content negotiation and serializer cost more than the work itself.
This view does the same work with two statements: one SELECT that authenticates the token and
loads the subject's file (token → user → subject → office) and the one INSERT of the report
(services.supervision.submit_location_report, unchanged: the same checks, fences and errors).
Requests without a token (the browser, with a session and CSRF) go to the DRF view as before,
and the OpenAPI schema documents the endpoint through that view (`cls`).

Answers: 201 {"id", "inside_county", "check_in"}; errors in the shared shape
{"error": {"code", "message", "fields"}} (401 bad token, 404 no active file, 400 bad input,
409 replayed or not allowed, 503 temporarily_unavailable with Retry-After when the database cannot
be reached: nothing was stored, the app keeps the report and sends it again with the same
client_id, issue #6 "nothing accepted is lost").
"""
from __future__ import annotations

import json
import logging
import uuid

from django.db import InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from smartjustice.accounts.models import User
from smartjustice.core import prepared
from smartjustice.core.api_errors import error_body
from smartjustice.core.errors import DomainError
from smartjustice.orgs.models import Organisation

from .choices import SubjectStatus
from .models import Subject
from .services import submit_location_report

logger = logging.getLogger(__name__)

# The database could not be reached or the connection broke (Django's wrappers of the driver's
# errors). A report is one INSERT, or one transaction when a check-in or an alert derives from
# it, so such an error leaves nothing half stored and the app can resend the same report.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
UNAVAILABLE_HEADERS = {"Retry-After": str(RETRY_AFTER_SECONDS)}

_LOOKUP = (
    "SELECT s.id, s.org_id, s.status, u.id, o.path FROM authtoken_token t "
    "JOIN accounts_user u ON u.id = t.user_id AND u.is_active "
    "JOIN correction_subject s ON s.user_id = u.id AND s.status IN (%s, %s) "
    "JOIN orgs_organisation o ON o.id = s.org_id WHERE t.key = %s"
)


class _Invalid(Exception):
    def __init__(self, fields: dict):
        self.fields = fields


def _subject_for_token(key: str) -> Subject | None:
    """The active file of the token's user, as a Subject carrying just what the hot path reads
    (id, office and its path, status, user), or None."""
    params = (SubjectStatus.AWAITING_REPORT, SubjectStatus.IN_CORRECTION, key)
    if connection.vendor == "postgresql":
        row = prepared.fetchone(_LOOKUP, params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(_LOOKUP, params)
            row = cursor.fetchone()
    if row is None:
        return None
    subject_id, org_id, status, user_id, path = row
    # from_db: the other fields are deferred (loaded if ever read), and building is much cheaper
    subject = _partial(Subject, id=subject_id, org_id=org_id, status=status, user_id=user_id)
    subject.org = _partial(Organisation, id=org_id, path=path)
    subject.user = _partial(User, id=user_id, is_active=True)
    return subject


def _partial(model, **values):
    """An instance carrying just `values`, the other fields deferred (Model.from_db wants the
    values in the model's field order)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


def _token_is_known(key: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM authtoken_token t JOIN accounts_user u ON u.id = t.user_id AND u.is_active "
                       "WHERE t.key = %s", [key])
        return cursor.fetchone() is not None


def _number(data, name, errors, *, required=True):
    value = data.get(name)
    if value is None:
        if required:
            errors[name] = [_("This field is required.")]
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        errors[name] = [_("A valid number is required.")]
        return None
    try:
        return float(value)
    except ValueError:
        errors[name] = [_("A valid number is required.")]
        return None


def _parse(body: bytes) -> dict:
    """The report's fields, checked for shape like the DRF serializer (400 with per-field
    messages); range and time rules are the service's."""
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        raise _Invalid({}) from None
    if not isinstance(data, dict):
        raise _Invalid({})
    errors: dict = {}
    out = {"latitude": _number(data, "latitude", errors), "longitude": _number(data, "longitude", errors),
           "accuracy_m": _number(data, "accuracy_m", errors, required=False)}
    try:
        out["client_id"] = uuid.UUID(str(data["client_id"]))
    except KeyError:
        errors["client_id"] = [_("This field is required.")]
    except ValueError:
        errors["client_id"] = [_("Must be a valid UUID.")]
    source = data.get("source", "app")
    if source not in ("app", "device"):
        errors["source"] = [_("Unknown report source.")]
    out["source"] = source
    if data.get("recorded_at") is not None:
        moment = parse_datetime(str(data["recorded_at"])) if isinstance(data["recorded_at"], str) else None
        if moment is None:
            errors["recorded_at"] = [_("Datetime has wrong format.")]
        elif moment.tzinfo is None:
            errors["recorded_at"] = [_("The report's time must include its time zone.")]
        out["recorded_at"] = moment
    device_id = data.get("device_id", "")
    if not isinstance(device_id, str) or len(device_id) > 64:
        errors["device_id"] = [_("At most 64 characters.")]
    out["device_id"] = device_id if isinstance(device_id, str) else ""
    if errors:
        raise _Invalid(errors)
    return out


def _error(status: int, code: str, message, fields=None, headers=None) -> JsonResponse:
    response = JsonResponse(error_body(code, str(message), fields), status=status,
                            json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def unavailable_body() -> dict:
    """The 503 body, in the active language."""
    return error_body("temporarily_unavailable",
                      _("The system cannot save this right now; please try again shortly. Your report will not be lost."))


def log_unavailable(exc: Exception) -> None:
    logger.warning("Location report not stored, database unavailable (answered 503): %s: %s",
                   type(exc).__name__, exc)


def location_report_view(fallback):
    """The hot-path view; `fallback` (the DRF view) serves requests without a token."""

    @csrf_exempt
    def view(request, *args, **kwargs):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if request.method != "POST" or not header.startswith("Token "):
            return fallback(request, *args, **kwargs)  # answers 503 itself (api.LocationReportView)
        try:
            return _token_report(request, header[6:].strip())
        except DATABASE_UNAVAILABLE as exc:
            log_unavailable(exc)
            return JsonResponse(unavailable_body(), status=503, headers=UNAVAILABLE_HEADERS,
                                json_dumps_params={"ensure_ascii": False})

    view.cls = fallback.cls  # drf-spectacular documents the endpoint through the DRF view
    view.initkwargs = getattr(fallback, "initkwargs", {})
    return view


def _token_report(request, key: str) -> JsonResponse:
    """Authenticate the token, store the report, answer; database errors reach the caller."""
    subject = _subject_for_token(key) if 0 < len(key) <= 40 else None
    if subject is None:
        if len(key) > 40 or not _token_is_known(key):
            return _error(401, "authentication_failed", _("Invalid token."), headers={"WWW-Authenticate": "Token"})
        return _error(404, "not_found", _("Not found."))
    try:
        fields = _parse(request.body)
        report = submit_location_report(subject, acting_user=subject.user, **fields)
    except _Invalid as exc:
        message = _("Please correct the errors below.") if exc.fields else _("The input is not valid.")
        return _error(400, "invalid", message, exc.fields or None)
    except DomainError as exc:
        return _error(exc.http_status, exc.code, exc, {exc.field: [str(exc)]} if exc.field else None)
    return JsonResponse({"id": report.pk, "inside_county": report.inside_county,
                         "check_in": report.counted_check_in}, status=201)


__all__ = ["location_report_view"]
