"""The files API as mounted at /api/v1/files/."""
import hashlib

import pytest

from smartjustice.files import services
from smartjustice.files.models import StoredFile

from .conftest import PDF_BYTES, PNG_BYTES, upload

pytestmark = pytest.mark.urls("smartjustice.files.tests.urls_api")


def test_upload_and_read_metadata(client, officer, org_tree):
    client.force_login(officer)

    created = client.post("/api/v1/files/", {"file": upload("证据.pdf", PDF_BYTES)})
    detail = client.get(f"/api/v1/files/{created.json()['id']}/")

    assert created.status_code == 201
    stored = StoredFile.objects.get()
    assert created.json()["sha256"] == hashlib.sha256(PDF_BYTES).hexdigest()
    assert detail.status_code == 200
    assert {k: detail.json()[k] for k in ("id", "name", "size", "org", "content_type")} == {
        "id": stored.pk, "name": "证据.pdf", "size": len(PDF_BYTES), "org": org_tree["wutong"].pk,
        "content_type": "application/pdf"}


def test_upload_errors_use_the_shared_error_shape(client, officer):
    client.force_login(officer)

    response = client.post("/api/v1/files/", {"file": upload("scan.pdf", PNG_BYTES)}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "file_content_mismatch"
    assert list(response.json()["error"]["fields"]) == ["file"]
    assert StoredFile.objects.count() == 0


def test_metadata_of_a_foreign_file_is_the_same_404_as_a_missing_one(client, officer, outsider, org_tree):
    stored = services.store_upload(upload("a.pdf", PDF_BYTES), org=org_tree["wutong"], acting_user=officer)
    client.force_login(outsider)

    foreign = client.get(f"/api/v1/files/{stored.pk}/")
    missing = client.get(f"/api/v1/files/{stored.pk + 100}/")

    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
