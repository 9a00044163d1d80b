"""Document services: start an interview, save a step, generate the document.

Each change runs in one transaction with an audit entry (its payload names the step or
the hash, never the answers, which may be personal). Invalid input changes nothing and is
handed back with a message per field, so the person's typing is never lost.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import DomainError
from smartjustice.deadlines.errors import NoHolidayDataLoaded

from . import engine
from .errors import InterviewIncomplete, InvalidAnswer
from .models import GeneratedDocument, Interview
from .render import parse_blocks

logger = logging.getLogger(__name__)

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: easy to read aloud


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def start_interview(kind: str, *, prefill: dict | None = None, prefill_source: str = "") -> Interview:
    """A new interview with a fresh resume code; `prefill` (given with the person's consent)
    is stored as initial answers for the questions it names."""
    spec = engine.get_spec(kind)
    known = {q.key for step in spec.steps for q in step.questions}
    answers = {key: str(value) for key, value in (prefill or {}).items() if key in known and value not in (None, "")}
    now = clock.now()
    with transaction.atomic():
        interview = Interview.objects.create(resume_code=new_code(12), document_kind=kind, answers=answers,
                                             prefill_source=prefill_source if answers else "",
                                             created_at=now, updated_at=now)
        audit.record("documents.interview.started", obj=interview,
                     changes={"document": kind, "prefilled": sorted(answers), "prefill_source": prefill_source})
    return interview


def save_step(interview: Interview, step_index: int, data) -> Interview:
    """Validate and store one step's answers; InvalidAnswer (with `errors`) changes nothing."""
    spec = engine.get_spec(interview.document_kind)
    if not 0 <= step_index < len(spec.steps):
        raise InvalidAnswer(field="step", field_name="step")
    with transaction.atomic():
        locked = Interview.objects.select_for_update().get(pk=interview.pk)
        cleaned, errors = engine.validate_step(spec, step_index, data, locked.answers, clock.today())
        if errors:
            error = InvalidAnswer(field=next(iter(errors)), field_name=next(iter(errors)))
            error.errors = errors
            raise error
        locked.answers = {**locked.answers, **cleaned}
        locked.updated_at = clock.now()
        locked.save(update_fields=["answers", "updated_at"])
        audit.record("documents.interview.answered", obj=locked, changes={"step": step_index})
    return locked


def applicable_deadline(spec, answers: dict):
    """The first of the spec's deadlines whose condition holds and whose anchor is answered."""
    for deadline in spec.deadlines:
        if deadline.show_if is not None and answers.get(deadline.show_if[0]) != deadline.show_if[1]:
            continue
        if answers.get(deadline.anchor):
            return deadline
    return None


def deadline_rule(deadline):
    from smartjustice.deadlines.rules import get_rule

    return get_rule(deadline.rule) if isinstance(deadline.rule, str) else deadline.rule


def deadline_for(spec, answers: dict):
    """The period the document is bound by, computed by the deadline engine: the DueDate of
    the applicable deadline; None when none applies; a DomainError's message when it cannot
    be computed (e.g. the State Council's holiday arrangement for that year is not loaded)."""
    from smartjustice.deadlines import engine as deadline_engine
    from smartjustice.deadlines import services as deadlines

    deadline = applicable_deadline(spec, answers)
    if deadline is None:
        return None
    try:
        calendar = deadlines.calendar_from_db()
        if not calendar.years:
            raise NoHolidayDataLoaded()
        return deadline_engine.compute_due(deadline_rule(deadline), answers[deadline.anchor], calendar)
    except DomainError as exc:
        return str(exc)


def compose(interview: Interview, today: dt.date) -> list[dict]:
    """The document's blocks: the wording template filled with the answers."""
    spec = engine.get_spec(interview.document_kind)
    answers = engine.visible_answers(spec, interview.answers)
    deadline = deadline_for(spec, answers)
    text = render_to_string(spec.wording_template, {
        "a": answers, "today": f"{today.year}年{today.month}月{today.day}日",
        "deadline": deadline if deadline is not None and not isinstance(deadline, str) else None})
    return parse_blocks(text)


def content_hash(blocks: list[dict]) -> str:
    canonical = json.dumps(blocks, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def ledger_org():
    """The organisation that registers generated documents on the evidence ledger: the bureau
    that operates the platform, `settings.DOCUMENTS_LEDGER_ORG_CODE` (default "tx-sfj").
    None (with a logged note) when that organisation does not exist."""
    from smartjustice.orgs.models import Organisation

    code = getattr(settings, "DOCUMENTS_LEDGER_ORG_CODE", "tx-sfj")
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        logger.info("documents: organisation %r does not exist; generated documents are not put on the "
                    "evidence ledger", code)
    return org


def register_on_ledger(document: GeneratedDocument) -> str | None:
    """Register the document's content hash on the evidence ledger as documentary evidence
    (书证) of the operating bureau; the registration number, or None when it was not registered.

    Runs inside the caller's transaction (a savepoint), so the document and its registration
    are committed together. The same content registered before (the same answers on the same
    day give the same hash) is already on the ledger: that is not an error."""
    try:
        from smartjustice.ledger import services as ledger
        from smartjustice.ledger.errors import DuplicateRegistration
    except ImportError:  # a deployment without the evidence ledger
        return None
    if not hasattr(ledger, "register_evidence"):
        return None
    org = ledger_org()
    if org is None:
        return None
    try:
        with transaction.atomic():
            registration = ledger.register_evidence(
                acting_user=None, org=org, content_sha256=document.content_hash, evidence_type="documentary",
                description=f"{document.title}（验证码 {document.verification_code}）")
    except DuplicateRegistration:
        return None
    return registration.number


def generate_document(interview: Interview) -> GeneratedDocument:
    """Freeze the answers into a document with a verification code and content hash, and
    register the hash on the evidence ledger (see register_on_ledger).
    Refused (InterviewIncomplete, naming the question) while a required answer is missing."""
    spec = engine.get_spec(interview.document_kind)
    today = clock.today()
    missing = engine.first_missing(spec, interview.answers, today)
    if missing:
        raise InterviewIncomplete(field=missing[1].key, field_name=str(missing[1].label))
    blocks = compose(interview, today)
    digest = content_hash(blocks)
    with transaction.atomic():
        document = GeneratedDocument.objects.create(
            verification_code=new_code(10), interview=interview, document_kind=interview.document_kind,
            title=blocks[0]["text"], content=blocks, content_hash=digest, created_at=clock.now())
        registration = register_on_ledger(document)
        audit.record("documents.document.generated", obj=document,
                     changes={"document": interview.document_kind, "content_hash": digest,
                              "ledger_registration": registration})
    return document
