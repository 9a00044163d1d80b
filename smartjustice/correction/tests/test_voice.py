"""Voice reports: uploaded through smartjustice.files with the report as owner; officers of
the office play them back, nobody else can; a refused upload stores nothing."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smartjustice.audit.models import AuditEntry
from smartjustice.correction import services
from smartjustice.correction.models import ActivityReport
from smartjustice.files.errors import FileContentMismatch
from smartjustice.files.models import StoredFile

MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": str(root)}}}
    return root


def audio(content=MP4, name="voice-report.mp4"):
    return SimpleUploadedFile(name, content, content_type="audio/mp4")


def test_a_voice_report_is_stored_with_the_report_as_owner(subject, subject_user):
    report = services.submit_voice_report(subject, audio(), acting_user=subject_user)

    stored = StoredFile.objects.get()
    assert (report.recording_id, stored.owner_object_id, stored.owner_content_type.model) == (stored.pk, report.pk,
                                                                                             "activityreport")


def test_a_file_that_is_not_audio_stores_nothing(subject, subject_user):
    before = AuditEntry.objects.count()

    with pytest.raises(FileContentMismatch):
        services.submit_voice_report(subject, audio(b"not really a recording"), acting_user=subject_user)

    assert ActivityReport.objects.count() == 0 and StoredFile.objects.count() == 0
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("who, status", [("officer", 200), ("officer_fengming", 404), ("stranger", 404)])
def test_officers_of_the_office_play_it_back(subject, subject_user, officer, officer_fengming, make_user, client, who,
                                             status):
    report = services.submit_voice_report(subject, audio(), acting_user=subject_user)
    client.force_login({"officer": officer, "officer_fengming": officer_fengming, "stranger": make_user()}[who])

    response = client.get(f"/files/{report.recording_id}/")

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == MP4


def test_the_page_upload_answers_json(subject, subject_user, client):
    client.force_login(subject_user)

    response = client.post("/correction/me/report/voice/", {"audio": audio()})

    assert response.status_code == 201
    assert response.json() == {"id": ActivityReport.objects.get().pk}


def test_the_officer_file_page_has_a_player(subject, subject_user, officer, client):
    report = services.submit_voice_report(subject, audio(), acting_user=subject_user)
    client.force_login(officer)

    page = client.get(f"/correction/subjects/{subject.pk}/").content.decode()

    assert f'src="/files/{report.recording_id}/"' in page
