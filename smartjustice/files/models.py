"""Uploaded files (上传材料) and their checksums (issue #2 §7).

Guarantees: a StoredFile row exists only for a blob that passed the type and size checks,
its `sha256` is the digest of exactly the stored bytes, and the blob is never served from
MEDIA_URL: only through files.views.download, which asks selectors.access_file.
"""
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartjustice.core import clock


def blob_path(instance: "StoredFile", filename: str) -> str:
    """uploads/<org id>/<yyyy>/<mm>/<random hex><ext>: nothing of the user's file name but
    the checked extension reaches the storage path."""
    now = clock.now()
    return f"uploads/{instance.org_id}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{instance.extension}"


class StoredFile(models.Model):
    """One uploaded file, owned by an organisation and optionally attached to a record.

    The owning record (a case, an application...) is a generic reference; when set, who
    may download the file is decided by that record (selectors.access_file).
    """

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("organisation"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    owner_content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+", verbose_name=_("record type"))
    owner_object_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    owner = GenericForeignKey("owner_content_type", "owner_object_id")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    blob = models.FileField(_("file"), upload_to=blob_path, max_length=255)
    created_at = models.DateTimeField(_("uploaded at"), default=clock.now, db_index=True)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner_content_type", "owner_object_id"], name="files_owner_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner_content_type__isnull=True, owner_object_id__isnull=True)
                | models.Q(owner_content_type__isnull=False, owner_object_id__isnull=False),
                name="files_owner_both_or_neither",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def permission_owner_id(self) -> int:
        """orgs.permissions: the uploader counts as the owner ("file.view" owner=True)."""
        return self.uploaded_by_id

    @property
    def extension(self) -> str:
        name = self.original_name or ""
        return name[name.rfind("."):].lower() if "." in name else ""
