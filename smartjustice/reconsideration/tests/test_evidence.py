"""Evidence on the case pages shows whether the same bytes are on the evidence ledger
(smartjustice.ledger.selectors.ledger_status_for_sha256 through ledger/_status.html)."""
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from smartjustice.ledger import services as ledger
from smartjustice.ledger import witnessing
from smartjustice.reconsideration import services
from smartjustice.reconsideration.choices import Procedure

pytestmark = pytest.mark.django_db
REGISTERED = "现场照片说明：车辆停放于划线车位内。".encode()
UNREGISTERED = "行车记录仪截图说明。".encode()


def test_case_pages_show_the_ledger_status_of_each_uploaded_file(client, submitted, people, orgs):
    case = services.accept_application(submitted, acting_user=people["officer"], procedure=Procedure.ORDINARY)
    case = services.send_copy(case, acting_user=people["officer"])
    services.upload_document(case, SimpleUploadedFile("执法证据.txt", REGISTERED), acting_user=people["respondent_officer"])
    services.upload_document(case, SimpleUploadedFile("申请人证据.txt", UNREGISTERED), acting_user=people["applicant"])
    registration = ledger.register_evidence(acting_user=None, org=orgs["respondent"], evidence_type="electronic",
                                            content_sha256=hashlib.sha256(REGISTERED).hexdigest())
    ledger.sequence_pending()
    witnessing.publish_latest()

    for user, name in ((people["officer"], "reconsideration:officer_case"), (people["applicant"], "reconsideration:case"),
                       (people["respondent_officer"], "reconsideration:respondent_case")):
        client.force_login(user)
        page = client.get(reverse(name, args=[case.pk])).content.decode()
        registered, unregistered = page.split("执法证据.txt")[1], page.split("申请人证据.txt")[1]
        assert registered.index('data-ledger-status="included"') < registered.index("</li>")
        assert f'href="/ledger/receipt/{registration.number}"' in registered.split("</li>")[0]
        assert unregistered.index('data-ledger-status="absent"') < unregistered.index("</li>")
