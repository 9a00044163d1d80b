"""Domain errors with stable codes. One handler (core.api_errors) maps them to HTTP.

Each error carries a machine-readable `code` that never changes and a message that is
translated into the user's language when shown.
"""
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain was broken; nothing was changed."""

    code = "domain_error"
    http_status = 400
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, *, code: str | None = None, field: str | None = None, **params):
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.field = field
        self.params = params
        super().__init__(str(self.message))

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text


class InvalidInput(DomainError):
    code = "invalid"
    http_status = 400
    default_message = _("The input is not valid.")


class NotFound(DomainError):
    """Missing, or outside the user's scope: the two look the same on purpose."""

    code = "not_found"
    http_status = 404
    default_message = _("Not found.")


class PermissionDenied(DomainError):
    code = "permission_denied"
    http_status = 403
    default_message = _("You do not have permission to do this.")


class Conflict(DomainError):
    """The object is not in a state that allows the action (e.g. an illegal transition)."""

    code = "conflict"
    http_status = 409
    default_message = _("This action is not allowed in the current state.")
