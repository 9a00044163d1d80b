"""Supervision (监督管理): geofences, location reports, check-ins, identity checks, leave,
electronic positioning orders, alerts and objections."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import (
    AlertRule,
    AlertStatus,
    FalseAlertCause,
    GeofenceKind,
    GeofenceShape,
    IdentityResult,
    LeaveStatus,
    ObjectionStatus,
    PositioningGround,
    PositioningStatus,
    ReportSource,
)


class Geofence(models.Model):
    """An area: the county of residence, a prohibited area of a 禁止令, or a restricted zone.

    Guarantees: the bounding box (min/max lat/lon) is the shape's, set by services on save;
    `county` is the county-level organisation whose subjects the fence applies to (county
    fences and restricted zones); a prohibited area applies to its `subject` only."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey("correction.Subject", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="geofences")
    prohibition_order = models.ForeignKey("correction.ProhibitionOrder", null=True, blank=True,
                                          on_delete=models.CASCADE, related_name="areas")
    kind = models.CharField(_("kind"), max_length=20, choices=GeofenceKind.choices)
    shape = models.CharField(_("shape"), max_length=10, choices=GeofenceShape.choices)
    name = models.CharField(_("name"), max_length=120)
    center_lat = models.FloatField(null=True, blank=True)
    center_lon = models.FloatField(null=True, blank=True)
    radius_m = models.FloatField(null=True, blank=True)
    polygon = models.JSONField(default=list, blank=True)  # [[lat, lon], ...]
    min_lat = models.FloatField(editable=False)
    max_lat = models.FloatField(editable=False)
    min_lon = models.FloatField(editable=False)
    max_lon = models.FloatField(editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("geofence")
        verbose_name_plural = _("geofences")
        indexes = [models.Index(fields=["county", "kind", "is_active"])]

    def __str__(self) -> str:
        return self.name


class LocationReport(models.Model):
    """One reported position. Device reports are stored only under a current positioning order
    (《社区矫正法》第二十九条); `client_id` makes a replayed report a no-op."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="+")
    org_id_at_report = models.BigIntegerField()
    source = models.CharField(max_length=10, choices=ReportSource.choices)
    client_id = models.UUIDField()
    recorded_at = models.DateTimeField()
    received_at = models.DateTimeField()
    latitude = models.FloatField()
    longitude = models.FloatField()
    accuracy_m = models.FloatField(null=True, blank=True)
    device_id = models.CharField(max_length=64, blank=True)
    inside_county = models.BooleanField(null=True)
    fence_hits = models.JSONField(default=list, blank=True)  # ids of prohibited/restricted fences entered

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subject", "client_id"], name="correction_report_once")]
        indexes = [models.Index(fields=["subject", "source", "recorded_at"]), models.Index(fields=["received_at"])]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.source} {self.recorded_at:%Y-%m-%d %H:%M}"


class IdentityCheck(models.Model):
    """One identity verification: the provider, its result and match score. The photo and the
    template are not kept here (the template stays encrypted in the subject's file)."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="identity_checks")
    checked_at = models.DateTimeField()
    provider = models.CharField(max_length=40)
    result = models.CharField(max_length=20, choices=IdentityResult.choices)
    score = models.FloatField(null=True, blank=True)  # 1 − face distance; higher is closer
    detail = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.subject_id} {self.provider} {self.result}"

    @property
    def is_performed(self) -> bool:
        return self.result not in (IdentityResult.NOT_PERFORMED, IdentityResult.PROVIDER_ERROR)

    @property
    def is_match(self) -> bool:
        return self.result == IdentityResult.MATCHED


class CheckIn(models.Model):
    """The day's check-in: active (phone, location + identity) or passive (an app report inside
    the permitted area). `counts` says whether it satisfies the day's reporting duty."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="check_ins")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    checked_in_at = models.DateTimeField()
    report = models.OneToOneField(LocationReport, on_delete=models.PROTECT, related_name="check_in")
    identity_check = models.ForeignKey(IdentityCheck, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_passive = models.BooleanField(default=False)
    inside_permitted_area = models.BooleanField()
    counts = models.BooleanField()

    class Meta:
        ordering = ["-checked_in_at"]
        indexes = [models.Index(fields=["subject", "day"])]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.day}"


class LeaveApplication(models.Model):
    """Leave to go outside the city or county (外出, 《社区矫正法》第二十七条第一款)."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="leave_applications")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    destination = models.CharField(_("destination"), max_length=120)
    destination_lat = models.FloatField(null=True, blank=True)
    destination_lon = models.FloatField(null=True, blank=True)
    starts_on = models.DateField(_("leaving on"))
    ends_on = models.DateField(_("back on"))
    reason = models.TextField(_("reason"))
    status = models.CharField(max_length=20, choices=LeaveStatus.choices, default=LeaveStatus.SUBMITTED)
    submitted_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_report = models.TextField(_("return report"), blank=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.destination} {self.starts_on}–{self.ends_on}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    @property
    def permission_owner_id(self):
        return self.subject.user_id


class PositioningOrder(models.Model):
    """An order to use an electronic positioning device (电子定位装置, 《社区矫正法》第二十九条).

    Guarantees: it names one ground of 第二十九条第一款; it takes effect only when approved by a
    supervisor of the county-level justice bureau (县级司法行政部门负责人); it lasts at most three
    months (第二十九条第二款); a renewal is a new order with its own approval, starting when the
    previous one ends; a lifted or expired order authorises nothing."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="positioning_orders")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    ground = models.CharField(_("ground"), max_length=40, choices=PositioningGround.choices)
    facts = models.TextField(_("facts"))
    months = models.PositiveSmallIntegerField(_("months"))
    status = models.CharField(max_length=20, choices=PositioningStatus.choices, default=PositioningStatus.PROPOSED)
    renews = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewal")
    device_id = models.CharField(_("device"), max_length=64, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.ground} {self.status}"

    def is_current(self, moment) -> bool:
        return (self.status == PositioningStatus.APPROVED and self.starts_at is not None
                and self.starts_at <= moment < self.ends_at)


class Alert(models.Model):
    """An alert raised by a rule, triaged by an officer as confirmed or false (with the cause),
    so the false-alert rate per rule and per device can be measured."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="alerts")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    rule = models.CharField(max_length=30, choices=AlertRule.choices)
    day = models.DateField()
    raised_at = models.DateTimeField()
    report = models.ForeignKey(LocationReport, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    device_id = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    false_cause = models.CharField(max_length=30, choices=FalseAlertCause.choices, blank=True)
    triage_note = models.TextField(blank=True)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    triaged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["subject", "rule", "day"], name="correction_alert_once_a_day")]
        indexes = [models.Index(fields=["org", "status", "raised_at"])]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.rule} {self.day}"

    @property
    def permission_owner_id(self):
        return self.subject.user_id


class Objection(models.Model):
    """A subject contests a measure or an alert (申辩; cf. 《社区矫正法》第三十四条第二款) and is
    answered by a deadline from the policy table."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="objections")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey("correction.Measure", null=True, blank=True, on_delete=models.PROTECT, related_name="objections")
    alert = models.ForeignKey(Alert, null=True, blank=True, on_delete=models.PROTECT, related_name="objections")
    explanation = models.TextField(_("explanation"))
    evidence = models.ForeignKey("files.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    answer_due_on = models.DateField()
    status = models.CharField(max_length=12, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [models.CheckConstraint(
            condition=models.Q(measure__isnull=False, alert__isnull=True) | models.Q(measure__isnull=True, alert__isnull=False),
            name="correction_objection_one_target")]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.status}"

    @property
    def permission_owner_id(self):
        return self.subject.user_id


class ActivityReport(models.Model):
    """A periodic report of one's activities (报告, 《社区矫正法》第二十三条; 《刑法》第三十九条,
    第七十五条, 第八十四条), read by the officer."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="activity_reports")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    text = models.TextField(_("report"))
    recording = models.ForeignKey("files.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    read_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)

    # smartjustice.files: the subject uploads the recording with the report as its owner;
    # officers of the file's office play it back (files' download view asks `can`). Only
    # recordings: what browsers' MediaRecorder writes (MP4, WebM, Ogg) and MP3.
    FILE_UPLOAD_ACTION = "correction.self_service"
    FILE_VIEW_ACTION = "correction.subject.view"
    FILE_TYPES = ("mp3", "mp4", "webm", "ogg")

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.submitted_at:%Y-%m-%d}"

    @property
    def permission_owner_id(self):
        return self.subject.user_id
