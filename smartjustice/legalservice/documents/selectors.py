"""Reads by code. A code that matches nothing raises NotFound, like any other."""
from .errors import InterviewNotFound
from .models import GeneratedDocument, Interview


def normalise_code(code: str) -> str:
    return "".join(ch for ch in str(code or "").upper() if ch.isalnum())


def access_interview(code: str) -> Interview:
    interview = Interview.objects.filter(resume_code=normalise_code(code)).first()
    if interview is None:
        raise InterviewNotFound()
    return interview


def access_document(code: str) -> GeneratedDocument:
    document = GeneratedDocument.objects.filter(verification_code=normalise_code(code)).first()
    if document is None:
        raise InterviewNotFound()
    return document
