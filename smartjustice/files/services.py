"""Storing uploads (issue #2 §7): checked by size and type, hashed, audited, atomic.

store_upload is the only way a StoredFile comes into being. Order of work:
permission → name → size → type (extension AND content) while computing SHA-256 in one
streaming pass → write the blob → write the row and the audit entry in one transaction.
If the row or the audit entry cannot be written, the blob is deleted again. A blob left
behind by a transaction the caller rolls back later is removed by purge_orphan_blobs.
"""
import datetime as dt
import hashlib
import logging
import math
import os
import unicodedata

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction

from smartjustice.audit.services import record
from smartjustice.core import clock
from smartjustice.core.errors import NotFound
from smartjustice.orgs.permissions import object_org_ids

from . import filetypes
from .errors import (
    FileContentMismatch,
    FileEmpty,
    FileMissing,
    FileNameInvalid,
    FileTooLarge,
    FileTypeNotAllowed,
)
from .models import StoredFile
from .permissions import may_upload

logger = logging.getLogger("smartjustice.files")

MB = 1024 * 1024


def megabytes(size: int, *, round_up: bool = True) -> str:
    """Size in MB to two decimals, rounded up for a file (so 1 MB + 1 byte never reads as
    "1 MB") and down for a limit."""
    hundredths = size * 100 / MB
    hundredths = math.ceil(hundredths) if round_up else math.floor(hundredths)
    return f"{hundredths / 100:.2f}".rstrip("0").rstrip(".")


def clean_name(raw: str) -> str:
    """The user's file name without directories or control characters (kept for display
    and the download's Content-Disposition only)."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = name.strip().strip(".")
    if not name:
        raise FileNameInvalid(field="file")
    if len(name) > 255:
        stem, extension = os.path.splitext(name)
        name = stem[: 255 - len(extension)] + extension
    return name


def _scan(uploaded_file, name: str, expected: filetypes.FileType) -> tuple[str, int, str]:
    """One pass over the bytes: SHA-256, true size, UTF-8 validity; then the content's type.
    Returns (sha256 hex, size, detected type key)."""
    digest = hashlib.sha256()
    text = filetypes.Utf8Check()
    limit = settings.UPLOAD_MAX_BYTES
    size = 0
    head = b""
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        size += len(chunk)
        if size > limit:
            raise FileTooLarge(field="file", name=name, size=megabytes(max(size, uploaded_file.size or 0)),
                               limit=megabytes(limit, round_up=False))
        digest.update(chunk)
        if len(head) < filetypes.HEAD_BYTES:
            head += chunk[: filetypes.HEAD_BYTES - len(head)]
        text.feed(chunk)
    text.feed(b"", final=True)
    if size == 0:
        raise FileEmpty(field="file", name=name)
    detected = filetypes.sniff(head, uploaded_file.file if hasattr(uploaded_file, "file") else uploaded_file,
                               utf8_ok=text.ok)
    uploaded_file.seek(0)
    return digest.hexdigest(), size, detected


def _owner_fields(owner) -> dict:
    if owner is None:
        return {"owner_content_type": None, "owner_object_id": None}
    if owner.pk is None:
        raise ValueError("attach files to saved records only")
    return {"owner_content_type": ContentType.objects.get_for_model(owner, for_concrete_model=False),
            "owner_object_id": owner.pk}


def accepted_types(owner=None) -> tuple[filetypes.FileType, ...]:
    """The types a file attached to `owner` may be: those its class names in FILE_TYPES
    (type keys; a voice report takes recordings only), else filetypes.ACCEPTED."""
    keys = getattr(type(owner), "FILE_TYPES", None) if owner is not None else None
    return filetypes.ACCEPTED if keys is None else filetypes.by_keys(keys)


def store_upload(uploaded_file, *, org, acting_user, owner=None) -> StoredFile:
    """Check, hash and store one upload for `org` (attached to `owner` if given).

    Guarantees: raises NotFound when `acting_user` may not upload there ("file.upload" on
    `owner` when given, else on `org`): a foreign organisation looks like a missing one;
    raises a files.errors error (specific message, stable code) for a missing, empty,
    oversize (settings.UPLOAD_MAX_BYTES) or unaccepted file (accepted_types(owner)), or
    one whose content does not match its extension. In every refusal nothing is written: no row, no blob, no
    audit entry. On success the row's sha256 is the digest of the stored bytes, and the
    upload is audited as "files.file.uploaded" with that digest.
    """
    if not may_upload(acting_user, org, owner):
        raise NotFound()
    if owner is not None and object_org_ids(owner) and org.pk not in object_org_ids(owner):
        raise ValueError("a file attached to a record belongs to that record's organisation")
    if uploaded_file is None:
        raise FileMissing(field="file")
    name = clean_name(getattr(uploaded_file, "name", ""))
    extension = os.path.splitext(name)[1].lower()
    types = accepted_types(owner)
    expected = filetypes.for_extension(extension, types)
    if expected is None:
        raise FileTypeNotAllowed(field="file", extension=extension or name,
                                 accepted=filetypes.accepted_label(types))
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded_file.size is not None and uploaded_file.size > limit:
        raise FileTooLarge(field="file", name=name, size=megabytes(uploaded_file.size), limit=megabytes(limit, round_up=False))
    sha256, size, detected = _scan(uploaded_file, name, expected)
    if detected != expected.key:
        raise FileContentMismatch(field="file", name=name, expected=expected.label,
                                  actual=filetypes.label_of(detected))

    stored = StoredFile(org=org, uploaded_by=acting_user, original_name=name, content_type=expected.mime,
                        size=size, sha256=sha256, created_at=clock.now(), **_owner_fields(owner))
    stored.blob.save(stored.original_name, uploaded_file, save=False)
    try:
        with transaction.atomic():
            stored.save()
            record("files.file.uploaded", actor=acting_user, obj=stored, org=org,
                   changes={"name": [None, name], "size": [None, size], "sha256": [None, sha256],
                            "content_type": [None, expected.mime],
                            "owner": [None, f"{stored.owner_content_type.app_label}."
                                            f"{stored.owner_content_type.model}:{stored.owner_object_id}"
                                      if stored.owner_content_type else None]})
    except BaseException:
        _delete_blob(stored.blob.name)
        raise
    return stored


def _delete_blob(name: str) -> None:
    try:
        default_storage.delete(name)
    except Exception:
        logger.exception("could not delete blob %s after a failed upload", name)


def purge_orphan_blobs(*, older_than: dt.timedelta = dt.timedelta(hours=6), prefix: str = "uploads") -> list[str]:
    """Delete blobs under `prefix` that no StoredFile refers to and that are older than
    `older_than` (so an upload whose transaction is still open is left alone). Returns
    the deleted names. Needed because a caller may roll back after store_upload returned."""
    cutoff = clock.now() - older_than
    deleted = []
    for name in _walk(prefix):
        if StoredFile.objects.filter(blob=name).exists():
            continue
        try:
            modified = default_storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            continue
        if modified <= cutoff:
            default_storage.delete(name)
            deleted.append(name)
    return deleted


def _walk(directory: str):
    try:
        subdirectories, names = default_storage.listdir(directory)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        yield f"{directory}/{name}"
    for subdirectory in subdirectories:
        yield from _walk(f"{directory}/{subdirectory}")
