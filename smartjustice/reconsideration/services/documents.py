"""Issuing the standard documents of a case (受理通知书, 补正通知书, 不予受理决定书, 答复通知书,
听证通知书, 调解书, 决定书): composed from the wording templates, rendered as DOCX and PDF,
stored through smartjustice.files with the case as owner, and recorded as a CaseDocument
with a verification code.

A document is issued for one timeline event (the step it belongs to, choices.DOCUMENT_FOR_EVENT):
the transition services queue `tasks.issue_documents_for_event` after commit, and an officer
may issue a missing one on demand. Issuing twice for the same event returns the first.
"""
from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.files.services import store_upload
from smartjustice.legalservice.documents.services import new_code

from .. import documents, permissions
from ..choices import DOCUMENT_FOR_EVENT, EVENT_FOR_DOCUMENT, DocumentKind
from ..errors import GuardFailed
from ..models import CaseDocument, CaseEvent
from .common import _require


def _store(case, name: str, body: bytes, acting_user):
    upload = ContentFile(body, name=name)
    return store_upload(upload, org=case.org, acting_user=acting_user, owner=case)


def issue_document_for_event(event: CaseEvent, *, acting_user) -> CaseDocument | None:
    """The document that `event` calls for (None if it calls for none), issued once.

    Guarantees: the blocks, their hash, the DOCX and the PDF are made from the case as it
    stands; the two files and the CaseDocument row commit together with one audit entry
    ("reconsideration.document.issued"), or not at all (a blob left by a rollback is purged
    by files.services.purge_orphan_blobs). A second call for the same event changes nothing."""
    kind = DOCUMENT_FOR_EVENT.get(event.action)
    if kind is None:
        return None
    existing = CaseDocument.objects.filter(kind=kind, event=event).first()
    if existing is not None:
        return existing
    case = event.case
    with translation.override("zh-hans"):
        blocks = documents.compose(case, kind, event)
        digest = documents.content_hash(blocks)
        code = new_code(10)
        docx, pdf = documents.render(blocks, code=code, digest=digest, generated_on=clock.today())
    title = blocks[0]["text"]
    stem = f"{title}-{case.case_number}"
    try:
        with transaction.atomic():
            document = CaseDocument.objects.create(
                case=case, kind=kind, event=event, verification_code=code, title=title, content=blocks,
                content_hash=digest, docx=_store(case, f"{stem}.docx", docx, acting_user),
                pdf=_store(case, f"{stem}.pdf", pdf, acting_user), issued_at=clock.now(), issued_by=acting_user)
            audit.record("reconsideration.document.issued", actor=acting_user, obj=document, org=case.org,
                         changes={"kind": [None, kind], "verification_code": [None, code],
                                  "content_hash": [None, digest]})
    except IntegrityError:
        # Issued meanwhile by a concurrent run for the same event: that one stands.
        return CaseDocument.objects.get(kind=kind, event=event)
    return document


def issue_document(case, kind: str, *, acting_user) -> CaseDocument:
    """Issue `kind` on demand for the latest step it belongs to (e.g. the acceptance notice
    of a deemed acceptance, which no officer's action triggered). Refused with GuardFailed
    while the case has not reached that step."""
    _require(permissions.may_handle(acting_user, case))
    if kind not in DocumentKind.values:
        raise GuardFailed(_("Unknown document."))
    event = case.events.filter(action=EVENT_FOR_DOCUMENT[DocumentKind(kind)]).order_by("-occurred_at", "-id").first()
    if event is None:
        raise GuardFailed(_("The case has not reached the step this document belongs to."))
    return issue_document_for_event(event, acting_user=acting_user)


def missing_documents(case) -> list[DocumentKind]:
    """Documents whose step the case has reached but which were not issued (yet)."""
    issued = set(case.documents.values_list("event_id", flat=True))
    missing = []
    for event in case.events.filter(action__in=list(DOCUMENT_FOR_EVENT)).order_by("occurred_at", "id"):
        kind = DOCUMENT_FOR_EVENT[event.action]
        if event.pk not in issued and kind not in missing:
            missing.append(kind)
    return missing
