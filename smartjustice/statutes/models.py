"""The statute library: laws (法律法规, one row per version) and their articles (条).

A law is identified by its full title and version date. Several versions of one title
coexist; exactly one of them (the newest) is current, the others are superseded but stay
reachable at their own links.
"""
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from smartjustice.core.models import TimeStampedModel


class Law(TimeStampedModel):
    """One version of a law, regulation or judicial interpretation as published.

    Guarantees: (title, version_label) is unique; among the versions of a title exactly one
    has is_current=True after every import (services.import_corpus)."""

    title = models.CharField(_("title"), max_length=300, db_index=True)
    short_title = models.CharField(_("short title"), max_length=300, db_index=True,
                                   help_text=_("The title without 中华人民共和国."))
    category = models.CharField(_("category"), max_length=50, db_index=True)
    # Every category folder the law is filed under, as "|行政法|经济法|", for browsing.
    categories = models.CharField(_("categories"), max_length=300)
    version_label = models.CharField(_("version"), max_length=10, blank=True,
                                     help_text=_("The version date as YYYY-MM-DD, or empty when unknown."))
    version_on = models.DateField(_("version date"), null=True, blank=True)
    promulgated_on = models.DateField(_("promulgated on"), null=True, blank=True)
    amended_on = models.JSONField(_("amended on"), default=list, blank=True)
    effective_on = models.DateField(_("in force from"), null=True, blank=True)
    is_current = models.BooleanField(_("current version"), default=True, db_index=True)
    info = models.TextField(_("adoption and amendment record"), blank=True)
    preamble = models.TextField(_("preamble"), blank=True)
    source_paths = models.JSONField(_("source files"), default=list)
    content_hash = models.CharField(_("content hash"), max_length=64)
    article_count = models.PositiveIntegerField(_("articles"), default=0)
    # Set on import from the library's own text (repeals.py): the provision of a later law that
    # repealed this law, or the law it interprets.
    repealed_by = models.ForeignKey("Article", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="repealed_laws", verbose_name=_("repealed by"))
    repeal_basis = models.CharField(_("repeal"), max_length=20, blank=True, choices=[
        ("named", _("repealed by a later law")),
        ("interpreted_law", _("the law it interprets was repealed")),
    ])

    class Meta:
        verbose_name = _("law")
        verbose_name_plural = _("laws")
        ordering = ["short_title", "-version_label"]
        constraints = [
            models.UniqueConstraint(fields=["title", "version_label"], name="statutes_law_title_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.version_label}）" if self.version_label else self.title

    @property
    def is_repealed(self) -> bool:
        return bool(self.repeal_basis)

    @property
    def is_national(self) -> bool:
        return self.title.startswith("中华人民共和国")

    def get_absolute_url(self) -> str:
        return reverse("statutes:law", args=[self.pk])


class Article(models.Model):
    """One article (条) of one law version, with its chapter path and its paragraphs (款)
    separated by newlines.

    Guarantees: (law, label) is unique; `position` orders the articles as printed."""

    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="articles", verbose_name=_("law"))
    number = models.PositiveIntegerField(_("number"))
    suffix = models.PositiveSmallIntegerField(_("inserted article number"), default=0,
                                              help_text=_("1 for 第一百二十条之一, 0 otherwise."))
    label = models.CharField(_("label"), max_length=30)
    position = models.PositiveIntegerField(_("position"))
    chapter_path = models.JSONField(_("chapter"), default=list, blank=True)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["law", "position"]
        constraints = [
            models.UniqueConstraint(fields=["law", "label"], name="statutes_article_law_label"),
        ]
        indexes = [models.Index(fields=["law", "number", "suffix"], name="statutes_article_number")]

    def __str__(self) -> str:
        return f"《{self.law.short_title}》{self.label}"

    def get_absolute_url(self) -> str:
        return reverse("statutes:article", args=[self.law_id, self.label])

    @property
    def citation(self) -> str:
        """The search contract's form: full title followed by the label."""
        return f"{self.law.title}{self.label}"

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n") if self.text else []

    @property
    def chapter(self) -> str:
        return " · ".join(self.chapter_path)



class ImportRun(models.Model):
    """One run of `statutes import`: what it found and what it changed (a summary the
    index builder and the operators read). Written in the import's own transaction."""

    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    source = models.CharField(_("source folder"), max_length=500)
    laws_created = models.PositiveIntegerField(default=0)
    laws_updated = models.PositiveIntegerField(default=0)
    laws_unchanged = models.PositiveIntegerField(default=0)
    articles_written = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source} @ {self.started_at:%Y-%m-%d %H:%M}"
