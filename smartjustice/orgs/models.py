"""Organisations (a tree: province → city → county → township) and memberships with roles."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from .choices import LEVEL_ORDER, Kind, Level, Role


class Organisation(models.Model):
    """A bureau, office, agency, court, firm...: every record belongs to one.

    Guarantees: `path` is "/<root id>/.../<own id>/", kept in step with `parent` by save(),
    so "this organisation and everything under it" is one indexed prefix query.
    """

    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("parent"))
    region_code = models.CharField(_("region code"), max_length=12, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Where the office is (WGS-84 degrees), for the schematic map of the cockpit; optional.
    latitude = models.FloatField(_("latitude"), null=True, blank=True,
                                 validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(_("longitude"), null=True, blank=True,
                                  validators=[MinValueValidator(-180), MaxValueValidator(180)])
    is_active = models.BooleanField(_("active"), default=True)
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            old_path = self.path
            super().save(*args, **kwargs)
            new_path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
            if new_path != old_path:
                type(self).objects.filter(pk=self.pk).update(path=new_path)
                self.path = new_path
                if old_path:
                    self._repath_descendants(old_path, new_path)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude" if self.longitude is None else "latitude":
                                   _("Give both latitude and longitude, or neither.")})
        if self.parent_id:
            if self.pk and (self.parent_id == self.pk or f"/{self.pk}/" in self.parent.path):
                raise ValidationError({"parent": _("An organisation cannot be placed under itself.")})
            if LEVEL_ORDER.index(Level(self.level)) < LEVEL_ORDER.index(Level(self.parent.level)):
                raise ValidationError({"level": _("An organisation cannot be above its parent's level.")})

    def _repath_descendants(self, old_path: str, new_path: str) -> None:
        for child in type(self).objects.filter(path__startswith=old_path).exclude(pk=self.pk):
            type(self).objects.filter(pk=child.pk).update(path=new_path + child.path[len(old_path):])

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part][:-1]

    def is_within(self, other: "Organisation") -> bool:
        return self.path.startswith(other.path)


class Membership(models.Model):
    """A person holds a role within an organisation (e.g. correction officer at 梧桐司法所)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="memberships", verbose_name=_("user"))
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships",
                            verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "org", "role"], name="orgs_membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.org}"
