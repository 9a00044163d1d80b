"""People who use the platform: citizens, enterprise accounts and staff (accounts.User).

Roles are not stored here: a person holds roles within organisations (orgs.Membership).
"""
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import crypto
from .identity import mask_identity


class User(AbstractUser):
    """A login. Real-name data (实名) is kept here; the ID number only encrypted.

    Guarantees: `id_number_ciphertext` is never written without `id_number_hash` and
    `id_number_masked` from the same value (set_id_number), so search and display agree.
    """

    class Language(models.TextChoices):
        ZH_HANS = "zh-hans", "简体中文"
        EN = "en", "English"

    real_name = models.CharField(_("real name"), max_length=60, blank=True)
    mobile = models.CharField(_("mobile number"), max_length=11, blank=True, db_index=True)
    id_number_ciphertext = models.TextField(blank=True, editable=False)
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    id_number_masked = models.CharField(_("ID number"), max_length=18, blank=True, editable=False)
    elderly_mode = models.BooleanField(_("elderly mode"), default=False)
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~models.Q(id_number_hash=""),
                name="accounts_user_unique_id_number",
            )
        ]

    def __str__(self) -> str:
        return self.real_name or self.username

    @property
    def display_name(self) -> str:
        return self.real_name or self.get_full_name() or self.username

    def set_id_number(self, normalised: str) -> None:
        """Store a validated, normalised ID number encrypted, hashed and masked."""
        self.id_number_ciphertext = crypto.encrypt(normalised)
        self.id_number_hash = crypto.keyed_hash(normalised)
        self.id_number_masked = mask_identity(normalised)

    def reveal_id_number(self) -> str:
        """Decrypt the ID number. Callers go through services.reveal_id_number, which audits."""
        return crypto.decrypt(self.id_number_ciphertext) if self.id_number_ciphertext else ""


class EnterpriseProfile(models.Model):
    """An enterprise account (企业): the organisation behind a login, by 统一社会信用代码."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="enterprise")
    name = models.CharField(_("enterprise name"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    legal_representative = models.CharField(_("legal representative"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self) -> str:
        return self.name
