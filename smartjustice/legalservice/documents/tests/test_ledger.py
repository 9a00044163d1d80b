"""Generated documents on the evidence ledger: the content hash is registered by the bureau
that operates the platform, and the verification page shows the ledger status."""
import logging

import pytest
import time_machine

from smartjustice.audit.models import AuditEntry
from smartjustice.ledger import selectors as ledger_selectors
from smartjustice.ledger import services as ledger
from smartjustice.ledger.models import Registration
from smartjustice.legalservice.documents import services

from .test_documents import LOAN, fill

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def ledger_files(settings, tmp_path):
    settings.LEDGER_KEY_FILE = tmp_path / "ledger" / "log.key"
    settings.LEDGER_HIGH_WATER_FILE = tmp_path / "ledger" / "checkpoint"
    settings.LEDGER_POLICY_FILE = str(tmp_path / "ledger" / "policy.txt")
    settings.LEDGER_SEQUENCE_ON_REGISTER = False
    settings.LEDGER_WITNESSES = []


@time_machine.travel("2025-04-01 10:00 +0800")
def test_generated_document_hash_is_registered_and_shown_on_the_verification_page(client, org_tree):
    document = services.generate_document(fill("civil_complaint", LOAN))

    registration = Registration.objects.get()
    pending = client.get(f"/documents/verify/{document.verification_code}").content.decode()
    ledger.sequence_pending()
    from smartjustice.ledger import witnessing

    witnessing.publish_latest()
    included = client.get(f"/documents/verify/{document.verification_code}").content.decode()

    assert (registration.content_sha256, registration.org.code, registration.evidence_type,
            registration.registered_by) == (document.content_hash, "tx-sfj", "documentary", None)
    assert registration.description == f"民事起诉状（验证码 {document.verification_code}）"
    assert 'data-ledger-status="pending"' in pending
    assert 'data-ledger-status="included"' in included
    assert f'href="/ledger/receipt/{registration.number}"' in included
    entry = AuditEntry.objects.get(action="documents.document.generated", object_id=str(document.pk))
    assert entry.changes["ledger_registration"] == registration.number


@time_machine.travel("2025-04-01 10:00 +0800")
def test_same_content_twice_is_registered_once(org_tree):
    interview = fill("civil_complaint", LOAN)

    first = services.generate_document(interview)
    second = services.generate_document(interview)

    assert first.content_hash == second.content_hash
    assert first.verification_code != second.verification_code
    assert Registration.objects.count() == 1
    assert ledger_selectors.ledger_status_for_sha256(second.content_hash)["registrations"] == 1


@time_machine.travel("2025-04-01 10:00 +0800")
def test_without_the_operating_bureau_the_document_is_made_and_the_skip_logged(client, caplog, settings):
    settings.DOCUMENTS_LEDGER_ORG_CODE = "no-such-bureau"

    with caplog.at_level(logging.INFO, logger="smartjustice.legalservice.documents.services"):
        document = services.generate_document(fill("civil_complaint", LOAN))
    page = client.get(f"/documents/verify/{document.verification_code}").content.decode()

    assert Registration.objects.count() == 0
    assert "'no-such-bureau' does not exist" in caplog.text
    assert 'data-ledger-status="absent"' in page
