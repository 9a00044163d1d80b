"""Download (permission matrix, headers) and the upload page (JSON and form)."""
import base64
import hashlib
import re

import pytest
from django.urls import reverse

from smartjustice.audit.models import AuditEntry
from smartjustice.files import services
from smartjustice.files.models import StoredFile
from smartjustice.notifications.models import Notification

from .conftest import PDF_BYTES, PNG_BYTES, upload

MB = 1024 * 1024


def _page(response, requested_id) -> str:
    """The page with per-request CSRF tokens and the requested path blanked, to compare two
    responses (the language switcher links back to the requested path)."""
    html = re.sub(r"[A-Za-z0-9]{64}", "<token>", response.content.decode())
    return html.replace(f"/files/{requested_id}/", "/files/<id>/")


@pytest.fixture
def stored(officer, org_tree):
    return services.store_upload(upload("行政复议申请书.pdf", PDF_BYTES), org=org_tree["wutong"], acting_user=officer)


@pytest.mark.parametrize("who, status", [
    ("officer", 200),            # the uploader
    ("colleague", 200),          # staff of the same organisation
    ("county_supervisor", 200),  # a supervisor above it
    ("outsider", 404),           # staff of another county
    ("citizen", 404),            # a member of the public at the same office
])
def test_download_permission_matrix(client, request, stored, who, status):
    client.force_login(request.getfixturevalue(who))
    audit_before = AuditEntry.objects.count()

    response = client.get(reverse("files:download", args=[stored.pk]))

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert AuditEntry.objects.count() == audit_before + 1
        entry = AuditEntry.objects.latest("id")
        assert (entry.action, entry.kind, entry.object_id) == ("files.file.downloaded", "read", str(stored.pk))
    else:
        assert AuditEntry.objects.count() == audit_before


def test_foreign_file_looks_exactly_like_a_missing_one(client, outsider, stored):
    client.force_login(outsider)

    foreign = client.get(reverse("files:download", args=[stored.pk]))
    missing = client.get(reverse("files:download", args=[stored.pk + 1000]))

    assert foreign.status_code == missing.status_code == 404
    assert _page(foreign, stored.pk) == _page(missing, stored.pk + 1000)


def test_anonymous_download_redirects_to_login(client, stored):
    response = client.get(reverse("files:download", args=[stored.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_download_headers(client, officer, stored):
    client.force_login(officer)

    response = client.get(reverse("files:download", args=[stored.pk]))

    digest = base64.b64encode(hashlib.sha256(PDF_BYTES).digest()).decode()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"download.pdf\"; "
        "filename*=UTF-8''%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE%E7%94%B3%E8%AF%B7%E4%B9%A6.pdf")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Repr-Digest"] == f"sha-256=:{digest}:"
    assert response["Digest"] == f"SHA-256={digest}"
    assert response["Content-Length"] == str(len(PDF_BYTES))
    assert response["Cache-Control"] == "private, no-store"


def test_ascii_name_keeps_its_own_fallback(client, officer, org_tree):
    stored = services.store_upload(upload("reply 2026.pdf", PDF_BYTES), org=org_tree["wutong"], acting_user=officer)
    client.force_login(officer)

    response = client.get(reverse("files:download", args=[stored.pk]))

    assert response["Content-Disposition"] == "attachment; filename=\"reply 2026.pdf\"; filename*=UTF-8''reply%202026.pdf"


class TestOwningRecordDeferral:
    """A file attached to a record follows the record's FILE_VIEW_ACTION."""

    @pytest.fixture
    def record(self, citizen, org_tree, monkeypatch):
        monkeypatch.setattr(Notification, "FILE_VIEW_ACTION", "notification.view", raising=False)
        return Notification.objects.create(recipient=citizen, org=org_tree["wutong"], kind="test", title="记录")

    @pytest.fixture
    def attached(self, officer, org_tree, record):
        return services.store_upload(upload("a.pdf", PDF_BYTES), org=org_tree["wutong"], acting_user=officer,
                                     owner=record)

    def test_the_records_action_decides(self, client, citizen, officer, colleague, attached):
        statuses = {}
        for name, person in {"recipient": citizen, "uploader": officer, "colleague": colleague}.items():
            client.force_login(person)
            statuses[name] = client.get(reverse("files:download", args=[attached.pk])).status_code

        assert statuses == {"recipient": 200, "uploader": 404, "colleague": 404}

    def test_without_file_view_action_file_view_applies(self, client, citizen, colleague, attached, monkeypatch):
        monkeypatch.delattr(Notification, "FILE_VIEW_ACTION")

        client.force_login(colleague)
        assert client.get(reverse("files:download", args=[attached.pk])).status_code == 200
        client.force_login(citizen)
        assert client.get(reverse("files:download", args=[attached.pk])).status_code == 404

    def test_a_deleted_record_closes_access(self, client, citizen, attached, record):
        record.delete()
        client.force_login(citizen)

        assert client.get(reverse("files:download", args=[attached.pk])).status_code == 404

    def test_files_for_record(self, citizen, officer, attached, record):
        from smartjustice.files.selectors import files_for_record

        assert files_for_record(citizen, record) == [attached]
        assert files_for_record(officer, record) == []


def test_upload_returns_json_with_sha256(client, officer, org_tree):
    client.force_login(officer)

    response = client.post(reverse("files:upload"), {"file": upload("证据.png", PNG_BYTES)})

    assert response.status_code == 201
    stored = StoredFile.objects.get()
    assert response.json() == {
        "id": stored.pk, "sha256": hashlib.sha256(PNG_BYTES).hexdigest(), "size": len(PNG_BYTES),
        "name": "证据.png", "content_type": "image/png", "url": reverse("files:download", args=[stored.pk]),
    }
    assert stored.org == org_tree["wutong"]


def test_upload_errors_are_specific_and_in_the_users_language(client, officer, blobs):
    officer.language = "en"
    officer.save(update_fields=["language"])
    client.force_login(officer)

    response = client.post(reverse("files:upload"), {"file": upload("scan.pdf", PNG_BYTES)})

    assert response.status_code == 400
    assert response.json() == {"error": {
        "code": "file_content_mismatch",
        "message": "The file “scan.pdf” is named as a PDF document, but its content is a PNG image. "
                   "Please upload the original file.",
        "fields": {"file": ["The file “scan.pdf” is named as a PDF document, but its content is a PNG image. "
                            "Please upload the original file."]},
    }}
    assert StoredFile.objects.count() == 0
    assert blobs() == []


def test_oversize_upload_is_413_in_chinese(client, officer, settings, blobs):
    settings.UPLOAD_MAX_BYTES = 1 * MB
    client.force_login(officer)

    response = client.post(reverse("files:upload"), {"file": upload("扫描.pdf", PDF_BYTES + b"0" * (MB + 20000))})

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"
    assert response.json()["error"]["message"] == "文件“扫描.pdf”大小为 1.02 MB，超过了 1 MB 的上限。"
    assert StoredFile.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    assert blobs() == []


def test_declared_oversize_body_is_refused_before_reading(client, officer, settings):
    settings.UPLOAD_MAX_BYTES = 1 * MB
    client.force_login(officer)

    response = client.post(reverse("files:upload"), {"file": upload("a.pdf", PDF_BYTES)},
                           CONTENT_LENGTH=str(3 * MB))

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "file_too_large"
    assert StoredFile.objects.count() == 0


def test_upload_without_a_file(client, officer):
    client.force_login(officer)

    response = client.post(reverse("files:upload"), {})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "file_missing"


def test_upload_to_a_foreign_org_looks_like_a_missing_org(client, officer, org_tree, blobs):
    client.force_login(officer)

    foreign = client.post(reverse("files:upload"), {"file": upload("a.pdf", PDF_BYTES),
                                                    "org": org_tree["other_township"].pk})
    missing = client.post(reverse("files:upload"), {"file": upload("a.pdf", PDF_BYTES), "org": 987654})

    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert StoredFile.objects.count() == 0
    assert blobs() == []


def test_supervisor_with_several_organisations_must_choose(client, county_supervisor, org_tree):
    client.force_login(county_supervisor)

    unchosen = client.post(reverse("files:upload"), {"file": upload("a.pdf", PDF_BYTES)})
    chosen = client.post(reverse("files:upload"), {"file": upload("a.pdf", PDF_BYTES), "org": org_tree["fengming"].pk})

    assert unchosen.status_code == 400
    assert unchosen.json()["error"]["fields"] == {"org": ["请选择文件所属的单位。"]}
    assert chosen.status_code == 201
    assert StoredFile.objects.get().org == org_tree["fengming"]


def test_citizen_without_upload_right_is_refused(client, citizen):
    client.force_login(citizen)

    response = client.post(reverse("files:upload"), {"file": upload("a.pdf", PDF_BYTES)})

    assert response.status_code == 403
    assert StoredFile.objects.count() == 0


def test_anonymous_upload_redirects_to_login(client, db):
    response = client.post(reverse("files:upload"), {"file": upload("a.pdf", PDF_BYTES)})

    assert response.status_code == 302
    assert StoredFile.objects.count() == 0


def test_upload_requires_csrf_token(officer):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(officer)

    response = csrf_client.post(reverse("files:upload"), {"file": upload("a.pdf", PDF_BYTES)})

    assert response.status_code == 403
    assert StoredFile.objects.count() == 0


def test_upload_form_page_and_html_submission(client, officer):
    client.force_login(officer)

    page = client.get(reverse("files:upload"))
    refused = client.post(reverse("files:upload"), {"file": upload("a.exe", PDF_BYTES)}, HTTP_ACCEPT="text/html")
    accepted = client.post(reverse("files:upload"), {"file": upload("a.pdf", PDF_BYTES)}, HTTP_ACCEPT="text/html")

    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    assert refused.status_code == 400
    assert '<p class="error" role="alert">不接受“.exe”类型的文件。' in refused.content.decode()
    assert accepted.status_code == 201
    assert hashlib.sha256(PDF_BYTES).hexdigest() in accepted.content.decode()
