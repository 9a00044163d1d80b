"""Education and assistance (教育帮扶, 《社区矫正法》第五章) and further supervision records:
courses and honest study time, public-welfare activity, questionnaires and assessments,
assistance requests, change of residence, destination check-ins on leave, video spot checks
and field visits."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import (
    AssessmentStatus,
    AssistanceKind,
    AssistanceOutcome,
    AssistanceStatus,
    CourseKind,
    QuestionnaireKind,
    RequestStatus,
    SpotCheckStatus,
)


class Course(models.Model):
    """A course of 法治、道德等教育 (《社区矫正法》第三十六条), as data: a video (its URL and
    length) or a text (its body and the reading time it is worth)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=CourseKind.choices)
    media_url = models.CharField(_("video address"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    duration_seconds = models.PositiveIntegerField(_("length or reading time (seconds)"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class StudySession(models.Model):
    """One sitting with a course. Guarantees (services.learning): `credited_seconds` only grows
    by continuous, forward, foreground playback, never by more than the wall-clock time between
    two heartbeats, and never beyond the course's length; `position_seconds` is the media time
    of the last heartbeat; only the newest open session of a subject earns credit."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="study_sessions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    started_at = models.DateTimeField()
    last_heartbeat_at = models.DateTimeField()
    position_seconds = models.FloatField(default=0)
    was_playing = models.BooleanField(default=False)
    was_visible = models.BooleanField(default=True)
    credited_seconds = models.FloatField(default=0)
    refused_seconds = models.FloatField(default=0)  # media time skipped, hidden or beyond the wall clock
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["subject", "started_at"])]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.course_id} {self.credited_seconds:.0f}s"


class WelfareActivity(models.Model):
    """Public-welfare activity (公益活动, 《社区矫正法》第四十二条) recorded by an officer. The law
    fixes no hours (RULES.md CC-E3); any monthly expectation is local policy."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="welfare_activities")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    minutes = models.PositiveIntegerField(_("minutes"))
    description = models.CharField(_("activity"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.day} {self.minutes}min"


class Questionnaire(models.Model):
    """A psychological or risk questionnaire defined as data (assessments.validate_definition):
    {"questions": [{"id", "text", "options": [{"label", "score"}]}],
     "bands": [{"min", "max", "label", "level"}]} where `level` is a ClassificationLevel code
    suggested for totals in [min, max]. The instruments shipped are local, not validated scales."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionnaireKind.choices)
    definition = models.JSONField()
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title


class Assessment(models.Model):
    """One completed questionnaire: the answers, total, band and the classification level it
    suggests, which an officer confirms or replaces (the change of level is then recorded by
    services.classify_subject, audited)."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="assessments")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField()  # {question id: option index}
    score = models.IntegerField()
    band = models.CharField(max_length=60)
    suggested_level = models.ForeignKey("correction.ClassificationLevel", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField()
    # Who entered the answers: the subject on the phone, or an officer of the file in an
    # interview (empty on rows from before this was recorded).
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    status = models.CharField(max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.AWAITING_REVIEW)
    confirmed_level = models.ForeignKey("correction.ClassificationLevel", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-taken_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.questionnaire_id} {self.score}"

    @property
    def entered_by_officer(self) -> bool:
        """Whether someone other than the subject entered the answers (an interview)."""
        return self.entered_by_id is not None and self.entered_by_id != self.subject.user_id


class AssistanceRequest(models.Model):
    """A request for help (帮扶): employment, medical care, schooling or social assistance
    (《社区矫正法》第三十七条, 第四十一条, 第四十三条), tracked to an outcome."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="assistance_requests")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of help"), max_length=20, choices=AssistanceKind.choices)
    description = models.TextField(_("what help is needed"))
    status = models.CharField(max_length=20, choices=AssistanceStatus.choices, default=AssistanceStatus.SUBMITTED)
    submitted_at = models.DateTimeField()
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    taken_up_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=AssistanceOutcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.kind} {self.status}"


class ResidenceChange(models.Model):
    """An application to move house (迁居), which needs approval (《社区矫正法》第二十七条第一款).
    A move to another county is referred to the county institution, which decides the change
    of execution place (ExecutionPlaceChange, 第二十七条第二款)."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="residence_changes")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    new_address = models.CharField(_("new address"), max_length=200)
    # The county (its justice bureau) the person says they move to, if not this one (optional).
    destination_county = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+", verbose_name=_("county moving to"))
    moving_on = models.DateField(_("moving on"))
    reason = models.TextField(_("reason"))
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED)
    submitted_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.subject_id} → {self.new_address}"


class LeaveCheckIn(models.Model):
    """A check-in at the destination while on approved leave, with its distance from the
    declared destination when that has coordinates."""

    leave = models.ForeignKey("correction.LeaveApplication", on_delete=models.PROTECT, related_name="check_ins")
    report = models.OneToOneField("correction.LocationReport", on_delete=models.PROTECT, related_name="+")
    checked_in_at = models.DateTimeField()
    distance_m = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-checked_in_at"]

    def __str__(self) -> str:
        return f"{self.leave_id} {self.checked_in_at:%Y-%m-%d %H:%M}"


class SpotCheck(models.Model):
    """A video spot check (视频抽查, 信息化核查 of 《社区矫正法》第二十六条): issued by an officer or
    by the random schedule (`issued_by` empty), joined through the configured conferencing
    link before `join_by`; the officer records the result; a check not joined in time is
    marked missed by the sweep and raises an alert."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="spot_checks")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    issued_at = models.DateTimeField()
    join_by = models.DateTimeField()
    meeting_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=SpotCheckStatus.choices, default=SpotCheckStatus.ISSUED)
    joined_at = models.DateTimeField(null=True, blank=True)
    result_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["status", "join_by"])]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.issued_at:%Y-%m-%d %H:%M} {self.status}"


class FieldVisit(models.Model):
    """A field visit (实地查访, 《社区矫正法》第二十六条) recorded by an officer."""

    subject = models.ForeignKey("correction.Subject", on_delete=models.PROTECT, related_name="field_visits")
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(_("visited on"))
    place = models.CharField(_("place"), max_length=200)
    people_met = models.CharField(_("people met"), max_length=200, blank=True)
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.subject_id} {self.visited_on}"
