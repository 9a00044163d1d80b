"""Figures the calculators look up, maintained by administrators (issue #7).

Figure: one official statistic (indicator × region × year) with its source and reliability,
seeded from shared/domain/stats.json by `smartjustice calc load-figures`; records marked
unreliable are never loaded and never used. DisabilityCoefficient and InsuranceLimitSet
are editable tables whose defaults are practice or regulator data outside the statute corpus.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reliability(models.TextChoices):
    OFFICIAL = "official", _("Official government page")
    OFFICIAL_REPRINT = "official_reprint", _("Verbatim reprint of an official release")
    NEWS_REPORT = "news_report", _("News report")
    LAW_FIRM = "law_firm", _("Law firm quoting the official bulletin")
    AGGREGATOR = "aggregator", _("Low-quality repost")
    UNRELIABLE = "unreliable", _("Unreliable: conflicts with other sources (never used)")


class Figure(models.Model):
    """One statistical figure. Lookups ignore UNRELIABLE rows, so a calculator never uses one."""

    indicator = models.CharField(_("indicator"), max_length=100)
    indicator_zh = models.CharField(_("indicator (Chinese)"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    source_title = models.CharField(_("source"), max_length=500)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    reliability = models.CharField(_("reliability"), max_length=20, choices=Reliability.choices)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("statistical figure")
        verbose_name_plural = _("statistical figures")
        ordering = ("indicator", "region", "year")
        constraints = [models.UniqueConstraint(fields=("indicator", "region", "year"), name="calc_figure_unique")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region} {self.year}: {self.value}"


class DisabilityCoefficient(models.Model):
    """Disability grade → coefficient for 残疾赔偿金. Local practice: the grading standard
    《人体损伤致残程度分级》 is not in the statute corpus (RULES.md §6.1, NIC)."""

    grade = models.PositiveSmallIntegerField(_("grade"), unique=True)
    coefficient = models.DecimalField(_("coefficient"), max_digits=5, decimal_places=4)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("disability coefficient")
        verbose_name_plural = _("disability coefficients")
        ordering = ("grade",)

    def __str__(self) -> str:
        return f"{self.grade}: {self.coefficient}"


class InsuranceLimitSet(models.Model):
    """交强险 limits in force from `effective_from` (《机动车交通事故责任强制保险条例》第二十三条:
    set by the insurance regulator; the figures are not in the statute corpus)."""

    effective_from = models.DateField(_("in force from"), unique=True)
    death_disability = models.DecimalField(_("death and disability limit"), max_digits=12, decimal_places=2)
    medical = models.DecimalField(_("medical limit"), max_digits=12, decimal_places=2)
    property = models.DecimalField(_("property limit"), max_digits=12, decimal_places=2)
    no_fault_death_disability = models.DecimalField(_("no-fault death and disability limit"),
                                                    max_digits=12, decimal_places=2)
    no_fault_medical = models.DecimalField(_("no-fault medical limit"), max_digits=12, decimal_places=2)
    no_fault_property = models.DecimalField(_("no-fault property limit"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=500)

    class Meta:
        verbose_name = _("compulsory-insurance limits")
        verbose_name_plural = _("compulsory-insurance limits")
        ordering = ("-effective_from",)

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.death_disability}/{self.medical}/{self.property}"
