"""One error shape for the whole API: {"error": {"code", "message", "fields"}}.

`code` is stable (clients switch on it); `message` is in the user's language. A request
for an object outside the user's scope gets exactly the same 404 body as a missing one.
"""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from .errors import DomainError

DRF_CODES = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
    exceptions.ParseError: "parse_error",
    exceptions.ValidationError: "invalid",
}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    body = {"error": {"code": code, "message": str(message)}}
    if fields:
        body["error"]["fields"] = fields
    return body


def _flatten(detail):
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [str(item) if not isinstance(item, (dict, list)) else _flatten(item) for item in detail]
    return [str(detail)]


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        fields = {exc.field: [str(exc)]} if exc.field else None
        return Response(error_body(exc.code, str(exc), fields), status=exc.http_status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a real server error: let Django log it and answer 500

    code = next((c for cls, c in DRF_CODES.items() if isinstance(exc, cls)), "error")
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            fields = _flatten(detail)
            non_field = fields.pop("non_field_errors", None)
            message = non_field[0] if non_field else _("Please correct the errors below.")
            if non_field:
                fields["non_field_errors"] = non_field
            return Response(error_body(code, message, fields), status=exc.status_code, headers=headers)
        messages = _flatten(detail)
        return Response(error_body(code, messages[0] if messages else _("The input is not valid.")),
                        status=exc.status_code, headers=headers)
    if isinstance(exc, exceptions.NotFound):
        message = _("Not found.")
    else:
        message = str(exc.detail)
    return Response(error_body(code, message), status=exc.status_code or status.HTTP_400_BAD_REQUEST,
                    headers=headers)
