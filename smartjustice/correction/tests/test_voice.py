"""Voice reports: uploaded through smartjustice.files with the report as owner; officers of
the office play them back, nobody else can; a refused upload stores nothing."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from smartjustice.audit.models import AuditEntry
from smartjustice.correction import services
from smartjustice.correction.models import ActivityReport
from smartjustice.files.errors import FileContentMismatch, FileTypeNotAllowed
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


# Browsers that cannot record MP4 record WebM/Opus (Firefox, many Android WebViews) or Ogg/Opus.
# Hand-built: an EBML header (DocType "webm") and a Segment of unknown size; one Ogg page whose
# packet is an Opus identification header (RFC 7845 §5.1), CRC included.
WEBM = (b"\x1a\x45\xdf\xa3\x97" + b"\x42\x86\x81\x01" + b"\x42\xf7\x81\x01" + b"\x42\x82\x84webm" + b"\x42\x87\x81\x02"
        + b"\x42\x85\x81\x02" + b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff")
OGG_OPUS = (b"OggS\x00\x02" + b"\x00" * 8 + b"\xed\x5e\x00\x00" + b"\x00" * 4 + b"\x01\xea\x76\xd0" + b"\x01\x13"
            + b"OpusHead\x01\x01\x38\x01\x80\xbb\x00\x00\x00\x00\x00")
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 32


def _in(language: str, error) -> str:
    with translation.override(language):
        return str(error)


@pytest.mark.parametrize("name, content, content_type", [
    ("voice-report.webm", WEBM, "audio/webm"),
    ("voice-report.ogg", OGG_OPUS, "audio/ogg"),
    ("voice-report.opus", OGG_OPUS, "audio/ogg"),
    ("voice-report.mp3", MP3, "audio/mpeg"),
])
def test_browser_recordings_are_stored_with_their_type(subject, subject_user, name, content, content_type):
    report = services.submit_voice_report(subject, audio(content, name), acting_user=subject_user)

    stored = StoredFile.objects.get()
    assert (report.recording_id, stored.original_name, stored.content_type, stored.size) == (
        stored.pk, name, content_type, len(content))


@pytest.mark.parametrize("who, status", [("officer", 200), ("officer_fengming", 404), ("officer_other_county", 404)])
def test_a_webm_voice_report_is_played_back_by_the_office_only(subject, subject_user, officer, officer_fengming,
                                                               officer_other_county, client, who, status):
    client.force_login(subject_user)
    uploaded = client.post("/correction/me/report/voice/", {"audio": audio(WEBM, "voice-report.webm")})
    report = ActivityReport.objects.get(pk=uploaded.json()["id"])
    client.force_login({"officer": officer, "officer_fengming": officer_fengming,
                        "officer_other_county": officer_other_county}[who])

    response = client.get(f"/files/{report.recording_id}/")

    assert (uploaded.status_code, response.status_code) == (201, status)
    if status == 200:
        assert (response["Content-Type"], b"".join(response.streaming_content)) == ("audio/webm", WEBM)


def test_a_webm_name_with_mp3_content_is_refused_naming_both(subject, subject_user):
    before = AuditEntry.objects.count()

    with pytest.raises(FileContentMismatch) as caught:
        services.submit_voice_report(subject, audio(MP3, "voice-report.webm"), acting_user=subject_user)

    assert _in("en", caught.value) == ("The file “voice-report.webm” is named as a WebM audio recording, but its "
                                       "content is an MP3 recording. Please upload the original file.")
    assert _in("zh-hans", caught.value) == ("文件“voice-report.webm”的扩展名表明是WebM 录音，但其内容是MP3 录音。"
                                            "请上传原始文件。")
    assert (ActivityReport.objects.count(), StoredFile.objects.count(), AuditEntry.objects.count()) == (0, 0, before)


def test_a_matroska_file_named_webm_is_refused(subject, subject_user):
    matroska = WEBM.replace(b"\x42\x82\x84webm", b"\x42\x82\x88matroska").replace(b"\xa3\x97", b"\xa3\x9b", 1)

    with pytest.raises(FileContentMismatch) as caught:
        services.submit_voice_report(subject, audio(matroska, "voice-report.webm"), acting_user=subject_user)

    assert _in("en", caught.value) == ("The file “voice-report.webm” is named as a WebM audio recording, but its "
                                       "content is a Matroska (.mkv) file. Please upload the original file.")
    assert (ActivityReport.objects.count(), StoredFile.objects.count()) == (0, 0)


@pytest.mark.parametrize("name", ["报告.pdf", "voice-report.docx", "voice.mkv"])
def test_a_voice_report_takes_recordings_only(subject, subject_user, name):
    before = AuditEntry.objects.count()

    with pytest.raises(FileTypeNotAllowed) as caught:
        services.submit_voice_report(subject, audio(b"%PDF-1.4\n%%EOF\n", name), acting_user=subject_user)

    extension = name[name.rfind("."):]
    assert _in("en", caught.value) == (f"Files of type “{extension}” are not accepted. Accepted types: "
                                       "MP3, MP4, WebM, Ogg (.ogg, .oga, .opus).")
    assert (ActivityReport.objects.count(), StoredFile.objects.count(), AuditEntry.objects.count()) == (0, 0, before)


def test_the_officer_player_names_the_recording_type(subject, subject_user, officer, client):
    report = services.submit_voice_report(subject, audio(WEBM, "voice-report.webm"), acting_user=subject_user)
    client.force_login(officer)

    page = client.get(f"/correction/subjects/{subject.pk}/").content.decode()

    assert f'<source src="/files/{report.recording_id}/" type="audio/webm">' in page
