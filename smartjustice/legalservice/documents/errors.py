from django.utils.translation import gettext_lazy as _

from smartjustice.core.errors import InvalidInput, NotFound


class UnknownDocument(NotFound):
    code = "unknown_document"


class InterviewNotFound(NotFound):
    """A resume or verification code that matches nothing (looks the same as any other 404)."""

    code = "not_found"


class InvalidAnswer(InvalidInput):
    code = "invalid_answer"
    default_message = _("“%(field_name)s” is not valid.")


class InterviewIncomplete(InvalidInput):
    code = "interview_incomplete"
    default_message = _("Please answer “%(field_name)s” before generating the document.")
