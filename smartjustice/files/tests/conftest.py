"""Fixtures for the file tests: a private media directory, people in roles, sample files."""
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smartjustice.orgs.choices import Role

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 20 + b"\xff\xd9"


def office_bytes(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(root)}},
    }
    return root


@pytest.fixture
def blobs(media_root):
    """The files currently in the media directory (relative paths)."""
    return lambda: sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())


@pytest.fixture
def officer(make_user, org_tree):
    return make_user(Role.RECONSIDERATION_OFFICER, org_tree["wutong"])


@pytest.fixture
def colleague(make_user, org_tree):
    return make_user(Role.CORRECTION_OFFICER, org_tree["wutong"])


@pytest.fixture
def county_supervisor(make_user, org_tree):
    return make_user(Role.SUPERVISOR, org_tree["county"])


@pytest.fixture
def outsider(make_user, org_tree):
    return make_user(Role.RECONSIDERATION_OFFICER, org_tree["other_township"])


@pytest.fixture
def citizen(make_user, org_tree):
    return make_user(Role.CITIZEN, org_tree["wutong"], mobile="13800138000")
