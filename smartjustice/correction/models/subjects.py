"""The file of a person under community correction (社区矫正档案) and what hangs off it."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartjustice.core.models import TimeStampedModel

from ..choices import (
    ContactKind,
    DecisionOrganKind,
    GroupRole,
    MeasureKind,
    MeasureStatus,
    PrincipalPenalty,
    Sex,
    SubjectStatus,
    SubjectType,
)


class Subject(TimeStampedModel):
    """A person under community correction (社区矫正对象) and the file on them (第二十二条).

    Guarantees: `org` is the executing 司法所 (第九条第二款, 第十七条); the ID number is stored
    only encrypted, with a keyed hash and a masked copy from the same value; the correction
    period and its citation are computed by periods.compute_period from the judgment fields
    and never typed in; `is_minor` is set at intake and stays set after the 18th birthday
    (第五十八条). Rows change only through correction.services, each change audited.
    """

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("executing judicial office"))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="correction_subject", verbose_name=_("login"))
    subject_type = models.CharField(_("type"), max_length=20, choices=SubjectType.choices)
    status = models.CharField(_("status"), max_length=20, choices=SubjectStatus.choices,
                              default=SubjectStatus.AWAITING_REPORT)
    real_name = models.CharField(_("name"), max_length=60)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    id_number_ciphertext = models.TextField(editable=False)
    id_number_hash = models.CharField(max_length=64, editable=False, db_index=True)
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    is_minor = models.BooleanField(_("minor"), default=False)
    residence_address = models.CharField(_("residence"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # The decision (第十七条, 第二十条).
    decision_organ = models.CharField(_("decision organ"), max_length=120)
    decision_organ_kind = models.CharField(_("kind of decision organ"), max_length=30,
                                           choices=DecisionOrganKind.choices)
    decision_document_number = models.CharField(_("document number"), max_length=80)
    effective_on = models.DateField(_("judgment or decision effective on"))
    crime_type = models.CharField(_("crime"), max_length=80)
    principal_penalty = models.CharField(_("principal penalty"), max_length=20, choices=PrincipalPenalty.choices)
    sentence_months = models.PositiveSmallIntegerField(_("original term (months)"), null=True, blank=True)
    probation_months = models.PositiveSmallIntegerField(_("probation period (months)"), null=True, blank=True)
    custody_days = models.PositiveIntegerField(_("days in custody before judgment"), default=0)
    parole_on = models.DateField(_("day of parole"), null=True, blank=True)
    sentence_expires_on = models.DateField(_("original sentence expires on"), null=True, blank=True)
    correction_starts_on = models.DateField(_("correction starts on"))
    correction_ends_on = models.DateField(_("correction ends on"))
    period_citation = models.CharField(_("legal basis of the period"), max_length=120)
    period_rule = models.CharField(_("how the period is computed"), max_length=200)
    # Employment and the people around them (第十二条第二款, 第二十五条).
    employer = models.CharField(_("employer or school"), max_length=120, blank=True)
    occupation = models.CharField(_("occupation"), max_length=80, blank=True)
    classification = models.ForeignKey("correction.ClassificationLevel", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("classification level"))
    assigned_officers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                               verbose_name=_("assigned officers"))
    # Reporting in (第二十一条第一款): flagged late if after the report_in deadline.
    reported_at = models.DateTimeField(_("reported in at"), null=True, blank=True)
    is_late_report = models.BooleanField(_("reported late"), default=False)
    # Identity verification: the face template stays inside the file, encrypted.
    face_template_ciphertext = models.TextField(blank=True, editable=False)
    face_template_provider = models.CharField(max_length=40, blank=True, editable=False)
    # End of correction (第四十四条, 第四十五条).
    released_on = models.DateField(_("released on"), null=True, blank=True)
    certificate_number = models.CharField(_("release certificate number"), max_length=40, blank=True)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.CharField(_("termination reason"), max_length=200, blank=True)
    last_check_in_at = models.DateTimeField(_("last check-in"), null=True, blank=True)

    class Meta:
        verbose_name = _("person under community correction")
        verbose_name_plural = _("people under community correction")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=models.Q(status__in=["awaiting_report", "in_correction"]),
                name="correction_subject_one_active_file",
            )
        ]
        indexes = [models.Index(fields=["org", "status"])]

    def __str__(self) -> str:
        return self.real_name

    @property
    def permission_owner_id(self):
        """orgs.permissions: the person themself acts on their own file (self-service)."""
        return self.user_id

    @property
    def is_active(self) -> bool:
        return self.status in (SubjectStatus.AWAITING_REPORT, SubjectStatus.IN_CORRECTION)

    @property
    def has_face_template(self) -> bool:
        return bool(self.face_template_ciphertext)


class SubjectContact(models.Model):
    """A guardian or family member (第十二条第二款, 第五十三条)."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    name = models.CharField(_("name"), max_length=60)
    relation = models.CharField(_("relation"), max_length=30)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.relation})"


class GroupMember(models.Model):
    """A member of the correction group (矫正小组, 第二十五条)."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="group_members")
    name = models.CharField(_("name"), max_length=60)
    role = models.CharField(_("role"), max_length=30, choices=GroupRole.choices)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    knows_minors = models.BooleanField(_("familiar with minors"), default=False)  # 第五十二条第二款
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("correction group member")
        verbose_name_plural = _("correction group members")

    def __str__(self) -> str:
        return self.name


class CorrectionPlan(models.Model):
    """One version of the individual correction plan (矫正方案, 第二十四条); a new version
    replaces the last as the subject's performance changes."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveSmallIntegerField()
    content = models.TextField(_("plan"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["subject", "version"], name="correction_plan_version")]

    def __str__(self) -> str:
        return f"{self.subject_id} v{self.version}"


class ClassificationChange(models.Model):
    """One change of classification level (its history)."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="classification_history")
    from_level = models.ForeignKey("correction.ClassificationLevel", null=True, on_delete=models.PROTECT, related_name="+")
    to_level = models.ForeignKey("correction.ClassificationLevel", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject_id} → {self.to_level_id}"


class ProhibitionOrder(models.Model):
    """A court prohibition order (禁止令, 《刑法》第三十八条第二款, 第七十二条第二款): activities,
    areas (Geofence rows of kind "prohibited") and persons, with its dates."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="prohibition_orders")
    document_number = models.CharField(_("document number"), max_length=80)
    activities = models.TextField(_("prohibited activities"), blank=True)
    persons = models.TextField(_("persons not to contact"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    class Meta:
        verbose_name = _("prohibition order")
        verbose_name_plural = _("prohibition orders")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.document_number

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class Measure(models.Model):
    """A reward or sanction on the ladder of 《社区矫正法》第二十八条, with its document.

    Guarantees: `citation` names the articles that allow this measure for this subject's
    type; proposals carry the date by which the deciding organ must decide, where the law
    fixes one (第四十八条第一款, 第四十九条第二款: 30 days)."""

    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="measures")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("measure"), max_length=30, choices=MeasureKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices)
    facts = models.TextField(_("facts and reasons"))
    citation = models.CharField(_("legal basis"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=40, unique=True)
    document_text = models.TextField(_("document"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))
    decision_due_on = models.DateField(_("deciding organ decides by"), null=True, blank=True)
    withdrawn = models.BooleanField(_("withdrawn on objection"), default=False)

    class Meta:
        verbose_name = _("reward or sanction")
        verbose_name_plural = _("rewards and sanctions")
        ordering = ["-decided_at", "-id"]

    def __str__(self) -> str:
        return f"{self.document_number} {self.get_kind_display()}"

    @property
    def permission_owner_id(self):
        return self.subject.user_id


class TerminationReminder(models.Model):
    """A reminder that a subject's correction ends soon (解除矫正, 第四十四条); at most one per
    (subject, days before), so a rerun of the sweep sends nothing twice."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="termination_reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject", "days_before"], name="correction_termination_reminder_once")]

    def __str__(self) -> str:
        return f"{self.subject_id} −{self.days_before}d"
