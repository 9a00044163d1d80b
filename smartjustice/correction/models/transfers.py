"""Change of execution place (变更执行地, 《社区矫正法》第二十七条第二款): a person under correction
moves to another county and their file moves to that county's correction institution."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import TransferStatus


class ExecutionPlaceChange(models.Model):
    """One change of execution place, from the referral by the executing office to the receipt
    by the new county's institution (services.transfers restates the steps).

    Guarantees (services.transfers): at most one open change (proposed or decided) per file;
    `receiving_county` is the county-level justice bureau of another county than
    `sending_county`; `document_number` is set once, when the decision is issued, with the
    notices it records (`decision_organ_notified`, `receiving_officers_notified`) and the legal
    documents copied (`documents`); until receipt the file stays with `org`, the sending office;
    receipt sets `to_office` (a 司法所 under `receiving_county`) and the forwarding of the
    documents to the local procuratorate and police, in the same transaction that moves the file.
    """

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="execution_place_changes")
    residence_change = models.OneToOneField("correction.ResidenceChange", on_delete=models.PROTECT, related_name="transfer")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("sending judicial office"))
    sending_county = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("deciding county institution"))
    receiving_county = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("receiving county institution"))
    proposed_office = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("judicial office suggested"))
    status = models.CharField(_("status"), max_length=20, choices=TransferStatus.choices,
                              default=TransferStatus.PROPOSED)
    new_address = models.CharField(_("new address"), max_length=200)
    office_opinion = models.TextField(_("opinion of the office"), blank=True)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField()
    # The decision (变更执行地决定) and the notices it records.
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=60, unique=True, null=True, blank=True)
    document_text = models.TextField(_("document"), blank=True)
    decision_organ_notified = models.CharField(_("decision organ notified"), max_length=120, blank=True)
    receiving_officers_notified = models.PositiveSmallIntegerField(_("officers of the receiving institution notified"),
                                                                   default=0)
    documents = models.JSONField(_("legal documents copied"), default=list, blank=True)  # [{"title", "number"}]
    decision_note = models.TextField(_("reason for refusal"), blank=True)
    # Receipt by the new institution (接收).
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    to_office = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("new executing judicial office"))
    forwarded_on = models.DateField(_("documents forwarded on"), null=True, blank=True)
    forwarded_to_procuratorate = models.BooleanField(_("forwarded to the procuratorate"), default=False)
    forwarded_to_police = models.BooleanField(_("forwarded to the public security organ"), default=False)
    forwarding_note = models.CharField(_("forwarding note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("change of execution place")
        verbose_name_plural = _("changes of execution place")
        ordering = ["-referred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subject"], condition=models.Q(status__in=["proposed", "decided"]),
                                    name="correction_one_open_transfer"),
        ]
        indexes = [models.Index(fields=["receiving_county", "status"]), models.Index(fields=["sending_county", "status"])]

    def __str__(self) -> str:
        return self.document_number or f"{self.subject_id} → {self.receiving_county_id}"

    @property
    def is_open(self) -> bool:
        return self.status in (TransferStatus.PROPOSED, TransferStatus.DECIDED)
