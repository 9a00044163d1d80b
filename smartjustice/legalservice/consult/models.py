"""Legal consultation: the citizen's smart consultation (智能咨询) with cited articles, and
consultation with a lawyer (律师咨询) — roster, questions, threaded replies, calls.

A Conversation belongs to a signed-in user (owner) or, for an anonymous visitor, to the
browser session that started it (services.claim keeps it when the visitor signs in).
A LawyerQuestion belongs to its asker (owner) and to the organisation handling it (org):
the assigned lawyer's firm, or the legal aid centre after escalation.
"""
import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smartjustice.core import clock
from smartjustice.core.models import TimeStampedModel

from .choices import BookingMode, BookingStatus, Language, QuestionStatus, Speaker, Topic


class Conversation(TimeStampedModel):
    """A smart consultation: the citizen's questions and the platform's answers, in order.

    Guarantees: owner is set for signed-in askers; anonymous conversations are reachable only
    from the session that lists their id (selectors.access_conversation)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="consult_conversations", verbose_name=_("owner"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER)
    lawyer_question = models.OneToOneField("LawyerQuestion", on_delete=models.SET_NULL, null=True, blank=True,
                                           related_name="conversation", verbose_name=_("lawyer question"))

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"consultation #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("consult:conversation", args=[self.pk])


class Message(models.Model):
    """One turn: a citizen's question, or the answer to it with its citations.

    `citations` is a list of {"article_id", "citation", "law_title", "version", "label", "url",
    "passages": [[text, is_match], ...]}: what was shown, kept as shown even if the library
    changes later. `rating` is None until the asker says helpful (True) or not (False)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages",
                                     verbose_name=_("conversation"))
    speaker = models.CharField(_("speaker"), max_length=20, choices=Speaker.choices)
    text = models.TextField(_("text"))
    citations = models.JSONField(_("cited articles"), default=list, blank=True)
    next_step = models.TextField(_("next step"), blank=True)
    offers = models.JSONField(_("offered services"), default=list, blank=True)
    confidence = models.FloatField(_("retrieval confidence"), null=True, blank=True)
    is_low_confidence = models.BooleanField(_("low confidence"), default=False)
    draft = models.TextField(_("drafted answer"), blank=True)
    rating = models.BooleanField(_("helpful"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["conversation", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text[:40]}"


class LawyerProfile(TimeStampedModel):
    """A lawyer on the consultation roster (律师名册), practising at a law firm (org).

    Guarantees: licence_number (执业证号) is unique; the lawyer keeps specialties, languages,
    bio and is_available (roster.update_profile); the firm and the licence number are set on
    registration (services.register_lawyer) and changed only by roster.correct_entry, both
    by those who manage the firm's members, never by the lawyer. Only a
    lawyer who is available and not suspended by the bureau gets new questions (is_routable)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lawyer_profile",
                                verbose_name=_("user"))
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="lawyers",
                            verbose_name=_("law firm"))
    licence_number = models.CharField(_("licence number"), max_length=17, unique=True)
    specialties = models.JSONField(_("specialties"), default=list, blank=True,
                                   help_text=_("Topics the lawyer takes (choices.Topic)."))
    languages = models.JSONField(_("languages"), default=list, blank=True)
    is_available = models.BooleanField(_("accepting new questions"), default=True)
    bio = models.CharField(_("about me"), max_length=500, blank=True)
    is_suspended = models.BooleanField(_("suspended by the bureau"), default=False)
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspension_reason = models.CharField(_("reason for the suspension"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("lawyer")
        verbose_name_plural = _("lawyers")
        ordering = ["org", "user__real_name"]

    def __str__(self) -> str:
        return getattr(self.user, "display_name", "") or self.user.get_username()

    @property
    def is_routable(self) -> bool:
        """Gets new questions: available by the lawyer's own choice and not suspended."""
        return self.is_available and not self.is_suspended

    @property
    def specialty_labels(self) -> list[str]:
        return [str(Topic(value).label) for value in self.specialties or [] if value in Topic.values]

    @property
    def language_labels(self) -> list[str]:
        return [str(Language(value).label) for value in self.languages or [] if value in Language.values]


class LawyerQuestion(TimeStampedModel):
    """A citizen's question to a lawyer (律师咨询), answered in a thread and rated.

    Guarantees: status is written only by services; org is the firm of the assigned lawyer, or
    the legal aid centre once escalated (escalated_at set, never cleared); warned_at and
    escalated_at are set at most once, so the periodic sweep is idempotent."""

    FILE_UPLOAD_ACTION = "consult.question.reply"
    FILE_VIEW_ACTION = "consult.question.view"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lawyer_questions",
                              verbose_name=_("asked by"))
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="lawyer_questions",
                            verbose_name=_("handled by"))
    lawyer = models.ForeignKey(LawyerProfile, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="questions", verbose_name=_("lawyer"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("question"))
    status = models.CharField(_("status"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.OPEN)
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    warned_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("comment on the answer"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("question to a lawyer")
        verbose_name_plural = _("questions to lawyers")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="consult_question_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consult:question", args=[self.pk])

    @property
    def is_escalated(self) -> bool:
        return self.escalated_at is not None


class Reply(models.Model):
    """One post in a question's thread, by the lawyer or by the asker."""

    question = models.ForeignKey(LawyerQuestion, on_delete=models.CASCADE, related_name="replies",
                                 verbose_name=_("question"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    is_lawyer = models.BooleanField(_("by the lawyer"))
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["question", "created_at", "pk"]

    def __str__(self) -> str:
        return f"reply #{self.pk} to question #{self.question_id}"


class ConsultationSlot(models.Model):
    """A time a lawyer offers for an audio or video call (咨询时段), free until a citizen books it.

    Guarantees (roster.add_slot / remove_slot): starts in the future when offered, lasts 15, 30
    or 60 minutes, never overlaps another slot of the same lawyer; a booked slot is not removed
    by the lawyer, though cancelling its call may withdraw it (services.cancel_booking)."""

    lawyer = models.ForeignKey(LawyerProfile, on_delete=models.CASCADE, related_name="slots", verbose_name=_("lawyer"))
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("consultation time")
        verbose_name_plural = _("consultation times")
        ordering = ["starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["lawyer", "starts_at"], name="consult_slot_unique_start")]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} ({self.minutes} min)"

    @property
    def ends_at(self):
        return self.starts_at + dt.timedelta(minutes=self.minutes)


class Booking(TimeStampedModel):
    """An audio or video consultation with a lawyer in one of the lawyer's slots, booked by a
    citizen (owner) from the roster or from their question's page; the meeting link comes from
    the configured conferencing service (conferencing.py), never a home-made video stack.

    Guarantees: a slot has at most one booking in status "booked" (constraint); starts_at and
    minutes copy the slot's, so the record stands if the slot row goes. Only
    services.cancel_booking cancels: it sets cancelled_at, cancelled_by (the citizen or the
    lawyer), the reason, and clears the meeting link; a cancelled booking has a cancelled_at
    (constraint) and is never booked again (a new booking is a new row)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consult_bookings",
                              verbose_name=_("booked by"))
    question = models.ForeignKey(LawyerQuestion, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="bookings", verbose_name=_("question"))
    lawyer = models.ForeignKey(LawyerProfile, on_delete=models.PROTECT, related_name="bookings",
                               verbose_name=_("lawyer"))
    slot = models.ForeignKey(ConsultationSlot, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="bookings", verbose_name=_("consultation time"))
    subject = models.CharField(_("what the call is about"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=30)
    mode = models.CharField(_("mode"), max_length=10, choices=BookingMode.choices)
    status = models.CharField(_("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    meeting_url = models.URLField(_("meeting link"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("cancelled by"))
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=models.Q(status="booked"),
                                    name="consult_booking_one_per_slot"),
            models.CheckConstraint(condition=models.Q(status="booked") | models.Q(cancelled_at__isnull=False),
                                   name="consult_booking_cancelled_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + dt.timedelta(minutes=self.minutes)

    @property
    def is_cancellable(self) -> bool:
        """Booked and not yet begun: what services.cancel_booking accepts from the citizen or the
        lawyer (it says why it refuses anything else)."""
        return self.status == BookingStatus.BOOKED and self.starts_at > clock.now()

    @property
    def is_cancelled_by_lawyer(self) -> bool:
        """Cancelled by the lawyer (a lawyer never books their own time, so anyone but the owner)."""
        return self.status == BookingStatus.CANCELLED and self.cancelled_by_id not in (None, self.owner_id)
