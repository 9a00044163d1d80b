"""The append-only audit trail (审计日志).

Guarantees: an AuditEntry is written once, by audit.services.record(), inside the
caller's transaction, and never changed or removed. Model.save() refuses updates,
delete() and the queryset's update()/delete() refuse, the admin has no change or delete
permission, and on PostgreSQL a trigger rejects UPDATE and DELETE at the database.
A correction is a new entry whose `corrects` points at the old one.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryIsImmutable(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditEntryIsImmutable("audit entries cannot be updated")

    def delete(self):
        raise AuditEntryIsImmutable("audit entries cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditEntryIsImmutable("audit entries cannot be updated")

    _raw_delete = delete


class AuditEntry(models.Model):
    """One state change or one read of a sensitive record."""

    class Kind(models.TextChoices):
        CHANGE = "change", _("change")
        READ = "read", _("sensitive read")

    occurred_at = models.DateTimeField(_("time"), db_index=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.CHANGE)
    action = models.CharField(_("action"), max_length=100, db_index=True)  # e.g. "orgs.membership.created"
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("actor"), db_constraint=False)
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    org = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+", verbose_name=_("organisation"), db_constraint=False)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)  # {"field": [old, new]}
    reason = models.TextField(_("reason"), blank=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("corrects"))

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "occurred_at"])]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AuditEntryIsImmutable("audit entries cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEntryIsImmutable("audit entries cannot be deleted")
