"""行政复议 cases: the application, its parties, its timeline and its sessions.

Only services.py writes these rows; `status` and every timestamp are set by the
transition services (workflow.py), never by forms, serializers or the admin.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartjustice.core.models import TimeStampedModel

from .choices import (
    ActType,
    AgentKind,
    ApplicantKind,
    DecisionType,
    DocumentKind,
    Procedure,
    SessionKind,
    Status,
    SuspensionGround,
    TerminationGround,
)


class ReconsiderationCase(TimeStampedModel):
    """ReconsiderationCase: a 行政复议 case, from the applicant's draft to the closed file.

    Guarantees: `org` is the reconsideration body handling it (Kind.RECONSIDERATION_BODY),
    `respondent` the agency whose act is challenged (被申请人, 第十九条), `owner` the account
    that files (the applicant or the person filing for them). `case_number` is given once, at
    submission, unique; `submission_token` makes a retried "create" or "submit" a no-op.
    """

    FILE_VIEW_ACTION = "reconsideration.view"
    FILE_UPLOAD_ACTION = "reconsideration.upload"

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                            verbose_name=_("reconsideration body"))
    respondent = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("respondent"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("applicant account"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                 blank=True, verbose_name=_("filed by"))
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                blank=True, verbose_name=_("handling officer"))
    submission_token = models.UUIDField(_("submission token"), unique=True, null=True, blank=True)
    case_number = models.CharField(_("case number"), max_length=40, unique=True, null=True, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    status_before_suspension = models.CharField(max_length=24, choices=Status.choices, blank=True)
    procedure = models.CharField(_("procedure"), max_length=12, choices=Procedure.choices, blank=True)

    # The administrative act (第十一条; 第二十条, 第二十一条 for the periods).
    act_type = models.CharField(_("type of act"), max_length=32, choices=ActType.choices, blank=True)
    act_document_number = models.CharField(_("document number"), max_length=80, blank=True)
    act_description = models.TextField(_("the act"), blank=True)
    act_made_on = models.DateField(_("date the act was made"), null=True, blank=True)
    act_known_on = models.DateField(_("date you learned of the act"), null=True, blank=True)
    remedy_notice_given = models.BooleanField(_("the decision told me how to apply for reconsideration"),
                                              default=True)
    remedy_known_on = models.DateField(_("date you learned of the right to reconsideration"), null=True,
                                       blank=True)
    concerns_real_property = models.BooleanField(_("the act concerns real property"), default=False)
    made_on_the_spot = models.BooleanField(_("the act was made on the spot"), default=False)
    is_warning_or_criticism = models.BooleanField(_("the act is a warning or circulated criticism"), default=False)
    amount_involved = models.DecimalField(_("amount involved (yuan)"), max_digits=14, decimal_places=2, null=True,
                                          blank=True)
    requests = models.TextField(_("requests"), blank=True)
    facts_and_reasons = models.TextField(_("facts and reasons"), blank=True)
    late_reason = models.TextField(_("reason for applying late"), blank=True)
    wants_hearing = models.BooleanField(_("I ask for a hearing"), default=False)
    parties_agree_simplified = models.BooleanField(_("all parties agree to the simplified procedure"), default=False)

    # Filing period, computed at submission (第二十条, 第二十一条).
    filing_deadline_on = models.DateField(_("last day to apply"), null=True, blank=True)
    is_late = models.BooleanField(_("applied late"), default=False)
    lateness_explanation = models.TextField(_("filing period explanation"), blank=True)

    # Timestamps of the transitions (workflow.TRANSITIONS names which one sets which).
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    correction_items = models.JSONField(_("items to correct"), default=list, blank=True)
    correction_requested_at = models.DateTimeField(_("correction requested at"), null=True, blank=True)
    correction_submitted_at = models.DateTimeField(_("correction submitted at"), null=True, blank=True)
    correction_response = models.TextField(_("correction response"), blank=True)
    abandoned_at = models.DateTimeField(_("deemed abandoned at"), null=True, blank=True)
    not_accepted_at = models.DateTimeField(_("not accepted at"), null=True, blank=True)
    not_accepted_reasons = models.TextField(_("reasons for not accepting"), blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    is_deemed_accepted = models.BooleanField(_("deemed accepted"), default=False)
    procedure_reason = models.TextField(_("reason for the procedure"), blank=True)
    procedure_converted_at = models.DateTimeField(_("converted to ordinary procedure at"), null=True, blank=True)
    copy_sent_at = models.DateTimeField(_("copy sent to the respondent at"), null=True, blank=True)
    reply_received_at = models.DateTimeField(_("reply received at"), null=True, blank=True)
    reply_text = models.TextField(_("respondent's reply"), blank=True)
    reply_is_late = models.BooleanField(_("reply late or missing"), default=False)
    examination_started_at = models.DateTimeField(_("examination started at"), null=True, blank=True)
    hearing_started_at = models.DateTimeField(_("hearing stage started at"), null=True, blank=True)
    hearing_concluded_at = models.DateTimeField(_("hearing concluded at"), null=True, blank=True)
    mediation_started_at = models.DateTimeField(_("mediation started at"), null=True, blank=True)
    mediation_ended_at = models.DateTimeField(_("mediation ended without agreement at"), null=True, blank=True)
    mediated_at = models.DateTimeField(_("mediation statement effective at"), null=True, blank=True)
    suspension_ground = models.CharField(_("suspension ground"), max_length=24, choices=SuspensionGround.choices,
                                         blank=True)
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    resumed_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    termination_ground = models.CharField(_("termination ground"), max_length=24,
                                          choices=TerminationGround.choices, blank=True)
    terminated_at = models.DateTimeField(_("terminated at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    decision_type = models.CharField(_("decision"), max_length=24, choices=DecisionType.choices, blank=True)
    decision_summary = models.TextField(_("decision reasons"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    served_at = models.DateTimeField(_("served at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    performance_note = models.TextField(_("performance"), blank=True)

    class Meta:
        verbose_name = _("reconsideration case")
        verbose_name_plural = _("reconsideration cases")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["org", "status"]), models.Index(fields=["respondent", "status"])]

    def __str__(self) -> str:
        return self.case_number or str(_("draft %(id)s") % {"id": self.pk})

    # orgs.permissions: the body and the respondent both see the case; which of them may
    # do what is decided by distinct actions (reconsideration.handle vs .respond).
    def permission_org_ids(self) -> list[int]:
        return [self.org_id, self.respondent_id]

    @property
    def permission_owner_id(self) -> int:
        return self.owner_id

    @property
    def is_terminal(self) -> bool:
        from .choices import TERMINAL_STATUSES

        return self.status in TERMINAL_STATUSES


class Applicant(models.Model):
    """A person or organisation applying (申请人, 第十四条). The first is the main applicant."""

    case = models.ForeignKey(ReconsiderationCase, on_delete=models.CASCADE, related_name="applicants")
    kind = models.CharField(_("kind"), max_length=16, choices=ApplicantKind.choices, default=ApplicantKind.PERSON)
    name = models.CharField(_("name"), max_length=120)
    id_number_masked = models.CharField(_("ID or credit code (masked)"), max_length=24, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Agent(models.Model):
    """An agent (委托代理人): one or two per applicant (第十七条)."""

    case = models.ForeignKey(ReconsiderationCase, on_delete=models.CASCADE, related_name="agents")
    kind = models.CharField(_("kind"), max_length=16, choices=AgentKind.choices, default=AgentKind.OTHER)
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    authority = models.CharField(_("matters, authority and term"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class CaseEvent(models.Model):
    """One step of the case's timeline as the parties see it (the audit trail is the
    authoritative record; this is its readable, party-facing summary)."""

    case = models.ForeignKey(ReconsiderationCase, on_delete=models.CASCADE, related_name="events")
    occurred_at = models.DateTimeField(_("when"))
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)
    citation = models.CharField(_("legal basis"), max_length=200, blank=True)
    visible_to_applicant = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.action}"

    @property
    def label(self) -> str:
        """What happened, in the reader's language: the new state, or the step's name."""
        from .choices import EVENT_LABELS

        if self.to_status:
            return str(self.get_to_status_display())
        return str(EVENT_LABELS.get(self.action, self.action))


class CaseNumberSequence(models.Model):
    """The last case number given by one body in one year (桐复〔2026〕12号)."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="reconsideration_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.year}: {self.last_number}"


class Session(models.Model):
    """A hearing (听证, 第五十条) or mediation session (调解, 第五条) of a case."""

    case = models.ForeignKey(ReconsiderationCase, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=12, choices=SessionKind.choices)
    scheduled_for = models.DateTimeField(_("scheduled for"))
    notice_sent_on = models.DateField(_("notice sent on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    issues = models.TextField(_("issues"), blank=True)
    meeting_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    attendance = models.JSONField(_("attendance"), default=dict, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["scheduled_for", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.kind} {self.scheduled_for:%Y-%m-%d}"

    @property
    def org_id(self):
        return self.case.org_id


class MediationAgreement(models.Model):
    """A mediation agreement (调解协议 → 行政复议调解书, 第七十三条第一款): effective once the
    applicant and the respondent have both confirmed it and the organ has sealed it."""

    case = models.OneToOneField(ReconsiderationCase, on_delete=models.CASCADE, related_name="agreement")
    terms = models.TextField(_("terms"))
    drafted_at = models.DateTimeField(_("drafted at"))
    applicant_confirmed_at = models.DateTimeField(_("confirmed by the applicant at"), null=True, blank=True)
    respondent_confirmed_at = models.DateTimeField(_("confirmed by the respondent at"), null=True, blank=True)
    respondent_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                                related_name="+", null=True, blank=True)

    class Meta:
        verbose_name = _("mediation agreement")
        verbose_name_plural = _("mediation agreements")

    def __str__(self) -> str:
        return f"{self.case} agreement"

    @property
    def is_confirmed_by_both(self) -> bool:
        return self.applicant_confirmed_at is not None and self.respondent_confirmed_at is not None


class CaseDocument(models.Model):
    """A standard document of the case (受理通知书, 决定书 …) as issued: its text blocks, their
    SHA-256, a verification code anyone may check, and the DOCX and PDF stored through
    smartjustice.files (owner = the case, so who may download follows the case).

    Guarantees: one document per (kind, event): issuing again for the same step returns the
    first; the stored files are never regenerated, so the hash always matches what was served.
    """

    case = models.ForeignKey(ReconsiderationCase, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind.choices)
    event = models.ForeignKey(CaseEvent, on_delete=models.PROTECT, related_name="+")
    verification_code = models.CharField(_("verification code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    content = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    docx = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")
    pdf = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["issued_at", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "event"], name="reconsideration_document_once")]

    def __str__(self) -> str:
        return f"{self.title} {self.verification_code}"

    @property
    def org_id(self):
        return self.case.org_id
