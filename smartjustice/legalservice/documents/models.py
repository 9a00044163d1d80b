"""Interviews (resumable without an account) and the documents generated from them."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Interview(models.Model):
    """One person's answers for one document. The resume code is the only key to it: whoever
    holds the code may continue, change answers and download (no account needed)."""

    resume_code = models.CharField(_("resume code"), max_length=32, unique=True)
    document_kind = models.CharField(_("document"), max_length=50)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    prefill_source = models.CharField(_("prefilled from"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("document interview")
        verbose_name_plural = _("document interviews")

    def __str__(self) -> str:
        return f"{self.document_kind} {self.resume_code[:4]}…"


class GeneratedDocument(models.Model):
    """A document as generated: its blocks of text, their SHA-256, and a verification code
    that anyone may check on the verification page (which shows hash and date, not content)."""

    verification_code = models.CharField(_("verification code"), max_length=32, unique=True)
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="documents")
    document_kind = models.CharField(_("document"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    created_at = models.DateTimeField(_("generated at"))

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")

    def __str__(self) -> str:
        return f"{self.title} {self.verification_code}"
