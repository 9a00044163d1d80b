"""store_upload: validation with specific messages and nothing written on refusal; SHA-256."""
import hashlib

import pytest
from django.utils import translation

from smartjustice.audit.models import AuditEntry
from smartjustice.core.errors import NotFound
from smartjustice.files import services
from smartjustice.files.errors import (
    FileContentMismatch,
    FileEmpty,
    FileNameInvalid,
    FileTooLarge,
    FileTypeNotAllowed,
)
from smartjustice.files.models import StoredFile

from .conftest import JPEG_BYTES, PDF_BYTES, PNG_BYTES, office_bytes, upload, zip_bytes

MB = 1024 * 1024


def _in(language: str, error) -> str:
    """The error's message as a person using `language` reads it."""
    with translation.override(language):
        return str(error)


def _nothing_written(blobs):
    assert StoredFile.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    assert blobs() == []


@pytest.mark.parametrize("name, content, mime", [
    ("申请书.pdf", PDF_BYTES, "application/pdf"),
    ("photo.JPG", JPEG_BYTES, "image/jpeg"),
    ("photo.jpeg", JPEG_BYTES, "image/jpeg"),
    ("scan.png", PNG_BYTES, "image/png"),
    ("答复书.docx", office_bytes("word/document.xml"),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("证据清单.xlsx", office_bytes("xl/workbook.xml"),
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("说明.txt", "\ufeff复议申请说明\n".encode(), "text/plain; charset=utf-8"),
    ("录音.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 32, "audio/mpeg"),
    ("录音2.mp3", b"\xff\xfb\x90\x64" + b"\x00" * 32, "audio/mpeg"),
    ("video.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32, "video/mp4"),
])
def test_accepted_types_are_stored_with_sniffed_content_type(officer, org_tree, blobs, name, content, mime):
    stored = services.store_upload(upload(name, content), org=org_tree["wutong"], acting_user=officer)

    assert (stored.original_name, stored.content_type, stored.size) == (name, mime, len(content))
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.blob.name.startswith(f"uploads/{org_tree['wutong'].pk}/")
    assert stored.blob.name.endswith(name[name.rfind("."):].lower())
    assert blobs() == [stored.blob.name]
    with stored.blob.open("rb") as handle:
        assert handle.read() == content


def test_sha256_of_known_bytes_is_exact_and_audited(officer, org_tree):
    stored = services.store_upload(upload("abc.txt", b"abc"), org=org_tree["wutong"], acting_user=officer)

    assert stored.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.org, entry.object_id) == (
        "files.file.uploaded", officer, org_tree["wutong"], str(stored.pk))
    assert entry.changes["sha256"] == [None, stored.sha256]
    assert entry.changes["size"] == [None, 3]


def test_large_file_hashed_in_chunks_matches(officer, org_tree, settings):
    content = b"%PDF-1.7\n" + bytes(range(256)) * 12000  # ~3 MB, several chunks
    settings.UPLOAD_MAX_BYTES = 4 * MB

    stored = services.store_upload(upload("big.pdf", content), org=org_tree["wutong"], acting_user=officer)

    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content)


def test_oversize_file_is_refused_naming_size_and_limit(officer, org_tree, settings, blobs):
    settings.UPLOAD_MAX_BYTES = 1 * MB

    with pytest.raises(FileTooLarge) as caught:
        services.store_upload(upload("scan.pdf", PDF_BYTES + b"0" * (MB + MB // 2)), org=org_tree["wutong"],
                              acting_user=officer)
    message = _in("en", caught.value)

    assert message == "The file “scan.pdf” is 1.51 MB; files may be at most 1 MB."
    assert (caught.value.code, caught.value.http_status, caught.value.field) == ("file_too_large", 413, "file")
    _nothing_written(blobs)


def test_oversize_message_in_chinese(officer, org_tree, settings):
    settings.UPLOAD_MAX_BYTES = 1 * MB

    with pytest.raises(FileTooLarge) as caught:
        services.store_upload(upload("扫描件.pdf", PDF_BYTES + b"0" * (2 * MB)), org=org_tree["wutong"],
                              acting_user=officer)

    assert _in("zh-hans", caught.value) == "文件“扫描件.pdf”大小为 2.01 MB，超过了 1 MB 的上限。"


def test_one_byte_over_the_limit_is_refused(officer, org_tree, settings, blobs):
    settings.UPLOAD_MAX_BYTES = len(PDF_BYTES)

    with pytest.raises(FileTooLarge):
        services.store_upload(upload("a.pdf", PDF_BYTES + b"\n"), org=org_tree["wutong"], acting_user=officer)

    _nothing_written(blobs)


def test_exactly_the_limit_is_accepted(officer, org_tree, settings):
    settings.UPLOAD_MAX_BYTES = len(PDF_BYTES)

    stored = services.store_upload(upload("a.pdf", PDF_BYTES), org=org_tree["wutong"], acting_user=officer)

    assert stored.size == len(PDF_BYTES)


def test_empty_file_is_refused(officer, org_tree, blobs):
    with pytest.raises(FileEmpty) as caught:
        services.store_upload(upload("empty.pdf", b""), org=org_tree["wutong"], acting_user=officer)

    assert _in("en", caught.value) == "The file “empty.pdf” is empty."
    _nothing_written(blobs)


@pytest.mark.parametrize("name, extension", [("setup.exe", ".exe"), ("archive.zip", ".zip"),
                                              ("noextension", "noextension"), ("旧文档.doc", ".doc"),
                                              # browser recordings only where a record asks for them
                                              ("录音.webm", ".webm"), ("录音.opus", ".opus")])
def test_unaccepted_extension_is_refused_listing_accepted_types(officer, org_tree, blobs, name, extension):
    with pytest.raises(FileTypeNotAllowed) as caught:
        services.store_upload(upload(name, PDF_BYTES), org=org_tree["wutong"], acting_user=officer)

    assert _in("en", caught.value) == (f"Files of type “{extension}” are not accepted. Accepted types: "
                                 "PDF, JPEG, PNG, Word (.docx), Excel (.xlsx), TXT (UTF-8), MP3, MP4.")
    _nothing_written(blobs)


@pytest.mark.parametrize("name, content, actual", [
    ("scan.pdf", PNG_BYTES, "a PNG image"),
    ("photo.jpg", PDF_BYTES, "a PDF document"),
    ("report.docx", zip_bytes(), "a ZIP archive"),
    ("book.xlsx", office_bytes("word/document.xml"), "a Word document (.docx)"),
    ("notes.txt", "复议申请".encode("gbk"), "text that is not UTF-8 (save it as UTF-8 and try again)"),
    ("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00", "a program"),
    ("scan.pdf", b"just some words", "UTF-8 plain text"),
    ("scan.png", b"\x00\x01\x02\x03", "unrecognised binary data"),
])
def test_content_that_does_not_match_the_extension_is_refused(officer, org_tree, blobs, name, content, actual):
    with pytest.raises(FileContentMismatch) as caught:
        services.store_upload(upload(name, content), org=org_tree["wutong"], acting_user=officer)

    assert f"but its content is {actual}." in _in("en", caught.value)
    assert _in("en", caught.value).startswith(f"The file “{name}” is named as ")
    _nothing_written(blobs)


def test_content_mismatch_message_in_chinese(officer, org_tree):
    with pytest.raises(FileContentMismatch) as caught:
        services.store_upload(upload("证据.pdf", PNG_BYTES), org=org_tree["wutong"], acting_user=officer)

    assert _in("zh-hans", caught.value) == "文件“证据.pdf”的扩展名表明是PDF 文档，但其内容是PNG 图片。请上传原始文件。"


def test_path_components_and_control_characters_are_dropped_from_the_name(officer, org_tree):
    stored = services.store_upload(upload("..\\..\\evil\x07/申请\u202e书.pdf", PDF_BYTES), org=org_tree["wutong"],
                                   acting_user=officer)

    assert stored.original_name == "申请书.pdf"


def test_a_name_of_only_dots_is_refused(officer, org_tree, blobs):
    with pytest.raises(FileNameInvalid):
        services.store_upload(upload("...", PDF_BYTES), org=org_tree["wutong"], acting_user=officer)

    _nothing_written(blobs)


@pytest.mark.parametrize("who", ["outsider", "citizen"])
def test_uploading_to_an_organisation_one_may_not_is_not_found(request, org_tree, blobs, who):
    person = request.getfixturevalue(who)

    with pytest.raises(NotFound):
        services.store_upload(upload("a.pdf", PDF_BYTES), org=org_tree["wutong"], acting_user=person)

    _nothing_written(blobs)


def test_county_supervisor_may_upload_to_a_township_below(county_supervisor, org_tree):
    stored = services.store_upload(upload("a.pdf", PDF_BYTES), org=org_tree["wutong"],
                                   acting_user=county_supervisor)

    assert stored.org == org_tree["wutong"]


def test_blob_is_deleted_when_the_row_cannot_be_written(officer, org_tree, blobs, monkeypatch):
    def broken_record(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "record", broken_record)

    with pytest.raises(RuntimeError):
        services.store_upload(upload("a.pdf", PDF_BYTES), org=org_tree["wutong"], acting_user=officer)

    _nothing_written(blobs)


def test_purge_removes_only_unreferenced_old_blobs(officer, org_tree, media_root, blobs):
    import datetime as dt

    kept = services.store_upload(upload("a.pdf", PDF_BYTES), org=org_tree["wutong"], acting_user=officer)
    orphan = media_root / "uploads" / "999" / "2026" / "01" / "orphan.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(PDF_BYTES)

    assert services.purge_orphan_blobs(older_than=dt.timedelta(hours=1)) == []
    deleted = services.purge_orphan_blobs(older_than=dt.timedelta(seconds=-60))

    assert deleted == ["uploads/999/2026/01/orphan.pdf"]
    assert blobs() == [kept.blob.name]
