"""Choices of the community-correction app (社区矫正), each with its legal meaning."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectType(models.TextChoices):
    """The four kinds of people under community correction (《社区矫正法》第二条)."""

    CONTROL = "control", _("public surveillance")  # 管制
    PROBATION = "probation", _("suspended sentence")  # 缓刑
    PAROLE = "parole", _("parole")  # 假释
    TEMPORARY_OUTSIDE = "temporary_outside", _("temporary execution outside prison")  # 暂予监外执行


class SubjectStatus(models.TextChoices):
    AWAITING_REPORT = "awaiting_report", _("awaiting report-in")  # registered, not yet reported (第二十一条)
    IN_CORRECTION = "in_correction", _("in correction")  # reported and received (第二十二条)
    RELEASED = "released", _("released")  # 解除: term expired or pardoned (第四十四条)
    TERMINATED = "terminated", _("terminated")  # 终止: revoked, committed or deceased (第四十五条)


class Sex(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class PrincipalPenalty(models.TextChoices):
    CONTROL = "control", _("public surveillance")  # 管制
    CRIMINAL_DETENTION = "criminal_detention", _("criminal detention")  # 拘役
    FIXED_TERM = "fixed_term", _("fixed-term imprisonment")  # 有期徒刑
    LIFE = "life", _("life imprisonment")  # 无期徒刑


class DecisionOrganKind(models.TextChoices):
    """社区矫正决定机关 (《社区矫正法》第十七条第四款)."""

    COURT = "court", _("people's court")
    PRISON_ADMINISTRATION = "prison_administration", _("prison administration")
    PUBLIC_SECURITY = "public_security", _("public security organ")


class ContactKind(models.TextChoices):
    GUARDIAN = "guardian", _("guardian")  # 监护人 (第五十三条)
    FAMILY = "family", _("family member")
    EMERGENCY = "emergency", _("emergency contact")


class GroupRole(models.TextChoices):
    """Who may sit in a correction group (矫正小组, 《社区矫正法》第二十五条第二款)."""

    JUDICIAL_OFFICE = "judicial_office", _("judicial office staff")
    COMMITTEE = "committee", _("residents' or villagers' committee")
    GUARDIAN_FAMILY = "guardian_family", _("guardian or family member")
    EMPLOYER_SCHOOL = "employer_school", _("employer or school")
    SOCIAL_WORKER = "social_worker", _("social worker")
    VOLUNTEER = "volunteer", _("volunteer")


class MeasureKind(models.TextChoices):
    """The ladder of 考核奖惩 (《社区矫正法》第二十八条第一款), mildest first."""

    COMMENDATION = "commendation", _("commendation")  # 表扬
    ADMONITION = "admonition", _("admonition")  # 训诫
    WARNING = "warning", _("warning")  # 警告
    PROPOSE_PUBLIC_SECURITY_PENALTY = "propose_penalty", _("proposal for a public-security penalty")  # 提请治安管理处罚
    PROPOSE_REVOKE_PROBATION = "propose_revoke_probation", _("proposal to revoke the suspended sentence")  # 提请撤销缓刑
    PROPOSE_REVOKE_PAROLE = "propose_revoke_parole", _("proposal to revoke parole")  # 提请撤销假释
    PROPOSE_COMMITTAL = "propose_committal", _("proposal to commit to prison")  # 提请收监执行


LADDER = [MeasureKind.ADMONITION, MeasureKind.WARNING, MeasureKind.PROPOSE_PUBLIC_SECURITY_PENALTY]
PROPOSALS = {MeasureKind.PROPOSE_PUBLIC_SECURITY_PENALTY, MeasureKind.PROPOSE_REVOKE_PROBATION,
             MeasureKind.PROPOSE_REVOKE_PAROLE, MeasureKind.PROPOSE_COMMITTAL}


class MeasureStatus(models.TextChoices):
    DECIDED = "decided", _("decided")  # the institution's own measure takes effect (表扬/训诫/警告)
    PROPOSED = "proposed", _("proposed, awaiting decision")  # sent to police/court/decision organ
    UPHELD = "upheld", _("granted by the deciding organ")
    REJECTED = "rejected", _("refused by the deciding organ")


class GeofenceKind(models.TextChoices):
    COUNTY = "county", _("county of residence")  # leaving it needs approval (第二十七条第一款)
    PROHIBITED = "prohibited", _("prohibited area (prohibition order)")  # 禁止令 (《刑法》第三十八条第二款, 第七十二条第二款)
    ADMIN_ZONE = "admin_zone", _("restricted zone")  # defined by an administrator; entering raises an alert


class GeofenceShape(models.TextChoices):
    CIRCLE = "circle", _("circle")
    POLYGON = "polygon", _("polygon")


class ReportSource(models.TextChoices):
    CHECK_IN = "check_in", _("check-in")  # the subject checks in on the phone
    APP = "app", _("periodic report from the app")  # passive check-in (信息化核查, 第二十六条)
    DEVICE = "device", _("electronic positioning device")  # only under an order (第二十九条)


class IdentityResult(models.TextChoices):
    MATCHED = "matched", _("matched")
    NOT_MATCHED = "not_matched", _("not matched")
    NO_FACE = "no_face", _("no face in the photo")
    SEVERAL_FACES = "several_faces", _("several faces in the photo")
    NOT_ENROLLED = "not_enrolled", _("no reference photo on file")
    NOT_PERFORMED = "not_performed", _("not performed: no verification provider available")
    PROVIDER_ERROR = "provider_error", _("verification provider failed")


class LeaveStatus(models.TextChoices):
    SUBMITTED = "submitted", _("awaiting approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("refused")
    RETURNED = "returned", _("returned")


class PositioningGround(models.TextChoices):
    """The only grounds for an electronic positioning device (《社区矫正法》第二十九条第一款)."""

    VIOLATED_PROHIBITION_ORDER = "violated_prohibition_order", _("(1) violated a court prohibition order")
    LEFT_WITHOUT_APPROVAL = "left_without_approval", _("(2) left the city or county without approval and without a justified reason")
    REFUSED_TO_REPORT_WARNED = "refused_to_report_warned", _("(3) refused to report activities and was given a warning")
    PUBLIC_SECURITY_PENALTY = "public_security_penalty", _("(4) given a public-security penalty for violating supervision rules")
    REVOCATION_PENDING = "revocation_pending", _("(5) revocation or committal is about to be proposed")


class PositioningStatus(models.TextChoices):
    PROPOSED = "proposed", _("awaiting the bureau head's approval")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")
    LIFTED = "lifted", _("lifted early")  # 对于不需要继续使用的，应当及时解除 (第二十九条第二款)


class AlertRule(models.TextChoices):
    LEFT_COUNTY = "left_county", _("left the county without approved leave")
    PROHIBITED_AREA = "prohibited_area", _("entered a prohibited area")
    RESTRICTED_ZONE = "restricted_zone", _("entered a restricted zone")
    MISSED_CHECK_IN = "missed_check_in", _("missed check-in")
    LATE_REPORT_IN = "late_report_in", _("did not report in on time")
    IDENTITY_FAILED = "identity_failed", _("identity check failed")
    LOST_CONTACT = "lost_contact", _("lost contact (no check-in or location)")
    MISSED_SPOT_CHECK = "missed_spot_check", _("did not join a video spot check in time")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("open")
    CONFIRMED = "confirmed", _("confirmed")
    FALSE = "false", _("false alert")


class FalseAlertCause(models.TextChoices):
    GPS_DRIFT = "gps_drift", _("GPS drift")
    INDOOR_SIGNAL = "indoor_signal", _("indoor signal")
    DEVICE_LEFT_BEHIND = "device_left_behind", _("device left behind")
    APPROVED_ABSENCE = "approved_absence", _("absence was approved")
    OTHER = "other", _("other")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("awaiting answer")
    UPHELD = "upheld", _("upheld")  # the objection succeeds: the measure or alert is withdrawn
    DISMISSED = "dismissed", _("dismissed")


class CourseKind(models.TextChoices):
    VIDEO = "video", _("video")
    TEXT = "text", _("text")


class QuestionnaireKind(models.TextChoices):
    PSYCHOLOGICAL = "psychological", _("psychological assessment")  # 心理测评 (第四十条: 心理辅导)
    RISK = "risk", _("risk assessment")  # 风险评估 (第二十四条: 分类管理)


class AssessmentStatus(models.TextChoices):
    AWAITING_REVIEW = "awaiting_review", _("awaiting the officer's review")
    CONFIRMED = "confirmed", _("suggestion confirmed")
    OVERRIDDEN = "overridden", _("another level chosen")


class AssistanceKind(models.TextChoices):
    """帮扶 the law names (《社区矫正法》第三十七条, 第四十条, 第四十一条, 第四十三条)."""

    EMPLOYMENT = "employment", _("employment")
    MEDICAL = "medical", _("medical care")
    SCHOOLING = "schooling", _("schooling")
    SOCIAL_ASSISTANCE = "social_assistance", _("social assistance")


class AssistanceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    IN_PROGRESS = "in_progress", _("being handled")
    CLOSED = "closed", _("closed")


class AssistanceOutcome(models.TextChoices):
    HELPED = "helped", _("helped")
    REFERRED = "referred", _("referred to another body")
    NOT_POSSIBLE = "not_possible", _("could not be helped")
    WITHDRAWN = "withdrawn", _("withdrawn by the person")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("awaiting approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("refused")
    # A move to another county: the office agreed and passed it to the county institution,
    # which decides the change of execution place (《社区矫正法》第二十七条第二款).
    REFERRED = "referred", _("passed to the county institution for its decision")


class SpotCheckStatus(models.TextChoices):
    ISSUED = "issued", _("waiting for the person to join")
    JOINED = "joined", _("joined in time")
    MISSED = "missed", _("not joined in time")
    PASSED = "passed", _("passed")
    FAILED = "failed", _("failed")


class TransferStatus(models.TextChoices):
    """A change of execution place (变更执行地, 《社区矫正法》第二十七条第二款)."""

    PROPOSED = "proposed", _("awaiting the county institution's decision")  # the office agreed to the move
    DECIDED = "decided", _("decided, awaiting receipt")  # 变更执行地决定 issued; the old office keeps the file
    ACCEPTED = "accepted", _("received")  # the new institution received the file and forwarded the documents
    REFUSED = "refused", _("refused")  # the county institution refused the change
