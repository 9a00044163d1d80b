"""Topics, states and modes of legal consultation (法律咨询)."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from smartjustice.orgs.choices import Kind

# Where a lawyer on the consultation roster practises (services.register_lawyer).
LAWYER_ORG_KINDS = (Kind.LAW_FIRM, Kind.LEGAL_AID_CENTRE)


class Topic(models.TextChoices):
    """What a question is about; lawyers list the topics they take (routing, services.route)."""

    LABOUR = "labour", _("work and wages")  # 劳动争议
    FAMILY = "family", _("marriage, family and inheritance")  # 婚姻家庭继承
    CONTRACT = "contract", _("contracts, debts and loans")  # 合同债务借贷
    TORT = "tort", _("injury and compensation")  # 侵权赔偿（含交通事故）
    PROPERTY = "property", _("land, housing and property")  # 土地房屋物权
    ADMINISTRATIVE = "administrative", _("government decisions")  # 行政处罚、行政复议
    CRIMINAL = "criminal", _("criminal matters")  # 刑事
    OTHER = "other", _("other")


class Language(models.TextChoices):
    """Languages a lawyer consults in (BCP 47 codes; the existing rows store "zh-hans")."""

    MANDARIN = "zh-hans", _("Mandarin")  # 普通话
    WU = "wuu", _("Wu (local dialect)")  # 吴语（桐乡话）
    CANTONESE = "yue", _("Cantonese")  # 粤语
    ENGLISH = "en", _("English")
    JAPANESE = "ja", _("Japanese")
    KOREAN = "ko", _("Korean")
    SIGN = "csl", _("Chinese Sign Language")  # 中国手语


class Availability(models.TextChoices):
    """The citizen roster's availability filter."""

    QUESTIONS = "questions", _("taking written questions now")
    CALLS = "calls", _("has free call times")


class Speaker(models.TextChoices):
    CITIZEN = "citizen", _("citizen")  # the person asking
    ASSISTANT = "assistant", _("assistant")  # the platform's answer with cited articles


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("waiting for a lawyer")  # posted, no lawyer's answer yet
    ANSWERED = "answered", _("answered")  # a lawyer has answered at least once
    CLOSED = "closed", _("closed")  # the citizen rated it or closed it


class BookingMode(models.TextChoices):
    AUDIO = "audio", _("audio call")
    VIDEO = "video", _("video call")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("booked")  # the call will take place in its time
    CANCELLED = "cancelled", _("cancelled")  # called off before it began, by the citizen or the lawyer
