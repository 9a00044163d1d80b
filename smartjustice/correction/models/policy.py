"""Local policy tables (本地政策). 《社区矫正法实施办法》 is not in the corpus (RULES.md §3), so
reporting frequency, leave limits, classification levels and escalation thresholds are data
an administrator edits, shipped with defaults labelled as local policy, never constants."""
from django.db import models
from django.utils.translation import gettext_lazy as _

LOCAL_POLICY_BASIS = "local policy (《社区矫正法实施办法》 not in corpus)"


class ClassificationLevel(models.Model):
    """A management level (分类管理, 《社区矫正法》第三条, 第二十四条): how often a subject checks
    in, reports and is visited. The levels and their criteria are local policy."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60)
    rank = models.PositiveSmallIntegerField(_("strictness"), help_text=_("Higher is stricter."))
    check_in_every_days = models.PositiveSmallIntegerField(_("check in every (days)"))
    report_every_days = models.PositiveSmallIntegerField(_("report every (days)"))
    visit_every_days = models.PositiveSmallIntegerField(_("field visit every (days)"))
    is_active = models.BooleanField(_("active"), default=True)
    basis = models.CharField(_("basis"), max_length=200, default=LOCAL_POLICY_BASIS)

    class Meta:
        verbose_name = _("classification level")
        verbose_name_plural = _("classification levels")
        ordering = ["-rank"]

    def __str__(self) -> str:
        return self.name


class PolicySetting(models.Model):
    """One number of local policy, e.g. the longest leave an office may approve."""

    key = models.CharField(_("key"), max_length=60, unique=True)
    value = models.IntegerField(_("value"))
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    label = models.CharField(_("meaning"), max_length=200)
    basis = models.CharField(_("basis"), max_length=200, default=LOCAL_POLICY_BASIS)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("policy setting")
        verbose_name_plural = _("policy settings")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} = {self.value} {self.unit}".strip()
