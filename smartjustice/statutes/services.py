"""Writing the statute library. `import_corpus` is the only way laws and articles change."""
import dataclasses
import datetime as dt
import logging
from pathlib import Path

from django.db import transaction

from smartjustice.audit import services as audit
from smartjustice.core import clock

from . import repeals
from .models import Article, ImportRun, Law
from .parser import ParsedLaw, parse_corpus

logger = logging.getLogger(__name__)

ARTICLE_BATCH = 2000
_LAW_FIELDS = ("short_title", "category", "categories", "version_on", "promulgated_on", "amended_on",
               "effective_on", "info", "preamble", "source_paths", "content_hash", "article_count")


@dataclasses.dataclass
class ImportReport:
    laws_created: int = 0
    laws_updated: int = 0
    laws_unchanged: int = 0
    articles_written: int = 0
    laws_repealed: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.laws_created or self.laws_updated)

    def as_json(self) -> dict:
        return {**dataclasses.asdict(self), "seconds": round(self.seconds, 2)}


def _law_values(parsed: ParsedLaw) -> dict:
    return {
        "short_title": parsed.short_title,
        "category": parsed.category,
        "categories": "|" + "|".join(parsed.categories) + "|",
        "version_on": parsed.version_on,
        "promulgated_on": parsed.promulgated_on,
        "amended_on": [day.isoformat() for day in parsed.amended_on],
        "effective_on": parsed.effective_on,
        "info": parsed.info,
        "preamble": parsed.preamble,
        "source_paths": parsed.source_paths,
        "content_hash": parsed.content_hash,
        "article_count": len(parsed.articles),
    }


def _articles(law: Law, parsed: ParsedLaw) -> list[Article]:
    return [
        Article(law=law, number=article.number, suffix=article.suffix, label=article.label,
                position=position, chapter_path=article.chapter_path, text=article.text)
        for position, article in enumerate(parsed.articles, 1)
    ]


def _mark_current_versions(titles: set[str]) -> None:
    """The newest version of each title is current; the others are superseded."""
    versions: dict[str, list[Law]] = {}
    for law in Law.objects.filter(title__in=titles).only("id", "title", "version_on", "version_label", "is_current"):
        versions.setdefault(law.title, []).append(law)
    changed = []
    for laws in versions.values():
        newest = max(laws, key=lambda law: (law.version_on or dt.date.min, law.version_label))
        for law in laws:
            if law.is_current != (law is newest):
                law.is_current = law is newest
                changed.append(law)
    Law.objects.bulk_update(changed, ["is_current"], batch_size=500)


def _mark_repeals(acting_user=None) -> tuple[int, int]:
    """Mark every law that a later law of the library repealed (repeals.py) and clear marks
    that no longer hold (a corrected corpus). Reads the whole library, since a new law may
    repeal an unchanged old one. Each change of a mark is audited (statutes.law.repeal_marked:
    what citizens are told about a law changes with it). Returns (law versions marked, marks
    changed)."""
    laws = [repeals.LawRow(*row) for row in
            Law.objects.values_list("id", "title", "version_on", "effective_on", "is_current")]
    provisions = list(Article.objects.filter(text__contains="废止").values_list("id", "law_id", "text"))
    wanted = repeals.find_repeals(laws, provisions, today=clock.today())
    changed = []
    for law in Law.objects.only("id", "title", "version_label", "repealed_by_id", "repeal_basis"):
        repeal = wanted.get(law.id)
        values = (repeal.article_id, repeal.basis) if repeal else (None, "")
        if (law.repealed_by_id, law.repeal_basis) != values:
            audit.record("statutes.law.repeal_marked", actor=acting_user, obj=law, changes={
                "repealed_by": [law.repealed_by_id, values[0]], "repeal_basis": [law.repeal_basis, values[1]]})
            law.repealed_by_id, law.repeal_basis = values
            changed.append(law)
    Law.objects.bulk_update(changed, ["repealed_by", "repeal_basis"], batch_size=500)
    return len(wanted), len(changed)


def refresh_repeals() -> int:
    """Re-read the repeals on a day when the library did not change: a law whose repealing law
    comes into force today is marked today (《增值税法》 repealed the 暂行条例 from 2026-01-01,
    not from its adoption). Rebuilds the search index after commit when a mark changed.
    Returns how many marks changed (the daily job statutes.refresh_repeals)."""
    with transaction.atomic():
        _marked, changed = _mark_repeals()
        if changed:
            transaction.on_commit(_queue_index_build)
    return changed


def import_corpus(path: Path | str, *, acting_user=None, rebuild_index: bool = True) -> ImportReport:
    """Import every law in a folder in the layout of shared/laws (see parser).

    Guarantees: all or nothing — the folder is parsed completely before the database is
    touched, and the writes run in one transaction, so a bad folder or a failure leaves the
    previous library exactly as it was. Idempotent: a law version (title, version date)
    whose content hash is unchanged is not rewritten; a changed one gets its fields and
    articles replaced in place (its id, and so its links, stay). Laws missing from the
    folder are kept. Afterwards the newest version of each title is current, and every law
    that a later law of the library repealed is marked with that provision (repeals.py). One audit entry
    (statutes.library.imported) records the counts; when anything changed (a law, or which laws
    are repealed), the search index is rebuilt after commit (tasks.build_index) unless
    rebuild_index is False."""
    started_at = clock.now()
    parsed_laws = parse_corpus(path)
    report = ImportReport()
    with transaction.atomic():
        existing = {
            (law.title, law.version_label): law
            for law in Law.objects.select_for_update().only("id", "title", "version_label", "content_hash")
        }
        new_laws: list[tuple[Law, ParsedLaw]] = []
        updated: list[tuple[Law, ParsedLaw]] = []
        for parsed in parsed_laws:
            law = existing.get((parsed.title, parsed.version_label))
            if law is None:
                new_laws.append((Law(title=parsed.title, version_label=parsed.version_label,
                                     is_current=False, **_law_values(parsed)), parsed))
            elif law.content_hash != parsed.content_hash:
                for field, value in _law_values(parsed).items():
                    setattr(law, field, value)
                updated.append((law, parsed))
            else:
                report.laws_unchanged += 1
        Law.objects.bulk_create([law for law, _ in new_laws], batch_size=500)
        if updated:
            Article.objects.filter(law__in=[law for law, _ in updated]).delete()
            Law.objects.bulk_update([law for law, _ in updated], list(_LAW_FIELDS), batch_size=200)
        batch: list[Article] = []
        for law, parsed in [*new_laws, *updated]:
            batch.extend(_articles(law, parsed))
            if len(batch) >= ARTICLE_BATCH:
                Article.objects.bulk_create(batch, batch_size=ARTICLE_BATCH)
                report.articles_written += len(batch)
                batch = []
        Article.objects.bulk_create(batch, batch_size=ARTICLE_BATCH)
        report.articles_written += len(batch)
        report.laws_created, report.laws_updated = len(new_laws), len(updated)
        _mark_current_versions({law.title for law, _ in [*new_laws, *updated]})
        report.laws_repealed, repeals_changed = _mark_repeals(acting_user)
        report.seconds = (clock.now() - started_at).total_seconds()
        run = ImportRun.objects.create(
            started_at=started_at, finished_at=clock.now(), source=str(path)[:500],
            laws_created=report.laws_created, laws_updated=report.laws_updated,
            laws_unchanged=report.laws_unchanged, articles_written=report.articles_written,
        )
        audit.record("statutes.library.imported", actor=acting_user, obj=run, changes={
            "laws_created": report.laws_created, "laws_updated": report.laws_updated,
            "articles_written": report.articles_written,
        })
        if report.changed:
            transaction.on_commit(_forget_cached_titles)
        if (report.changed or repeals_changed) and rebuild_index:
            transaction.on_commit(_queue_index_build)
    logger.info("statutes import from %s: %s", path, report.as_json())
    return report


def _forget_cached_titles() -> None:
    from django.core.cache import cache

    from .selectors import TITLES_CACHE_KEY

    cache.delete(TITLES_CACHE_KEY)


def _queue_index_build() -> None:
    from .tasks import build_index_task

    build_index_task.delay()
