#!/usr/bin/env python
"""`make bench-consult`: measure statute search on the STARD dev questions (issue #3 §2).

Migrates the database, imports ../shared/laws (idempotent: seconds when unchanged), builds
the search index when it is missing or stale, ranks every question with the batch contract
(`smartjustice statutes search --batch ... --top 100`), scores the ranking with
shared/bench/stard_score.py and prints recall@1/3/10/100, MRR@10 and p50/p95 latency, for
the whole file and for its two halves (even and odd question id): a change to the method is
kept only when it helps on both halves (SEARCH_NOTES.md), a guard against tuning to the file.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from smartjustice.statutes.search.index import library_fingerprint, load_engine
    from smartjustice.statutes.services import import_corpus
    from smartjustice.statutes.tasks import build_index

    bench = settings.SHARED_DIR / "bench"
    questions, scorer = bench / "stard_dev.jsonl", bench / "stard_score.py"
    laws = settings.SHARED_DIR / "laws"
    if not questions.exists() or not laws.is_dir():
        print(f"bench data not found under {settings.SHARED_DIR} (set SMARTJUSTICE_SHARED_DIR)", file=sys.stderr)
        return 2
    call_command("migrate", "--noinput", verbosity=0)
    started = time.perf_counter()
    report = import_corpus(laws, rebuild_index=False)
    print(f"import: {json.dumps(report.as_json(), ensure_ascii=False)} in {time.perf_counter() - started:.1f} s")
    engine = load_engine(settings.STATUTES_INDEX_PATH)
    if engine is None or engine.fingerprint != library_fingerprint():
        print(f"index: {json.dumps(build_index(), ensure_ascii=False)}")
    else:
        print(f"index: up to date ({settings.STATUTES_INDEX_PATH}, built in {engine.build_seconds:.1f} s)")
    with tempfile.TemporaryDirectory() as folder:
        ranking = Path(folder) / "ranking.jsonl"
        command = [sys.executable, "-m", "smartjustice.cli", "statutes", "search", "--batch", str(questions),
                   "--top", "100", "--output", str(ranking)]
        latency = subprocess.run(command, check=True, capture_output=True, text=True).stderr.strip().splitlines()[-1]
        results = {"all": _score(scorer, questions, ranking)}
        records = [line for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
        for name, remainder in (("even id", 0), ("odd id", 1)):
            half = Path(folder) / f"half{remainder}.jsonl"
            half.write_text("\n".join(line for line in records if json.loads(line)["id"] % 2 == remainder) + "\n",
                            encoding="utf-8")
            results[name] = _score(scorer, half, ranking)
    timing = json.loads(latency)
    print("| questions | recall@1 | recall@3 | recall@10 | recall@100 | MRR@10 |")
    print("|---|---|---|---|---|---|")
    for name, metrics in results.items():
        print(f"| {name} ({metrics['n']}) | {metrics['recall@1']:.3f} | {metrics['recall@3']:.3f} "
              f"| {metrics['recall@10']:.3f} | {metrics['recall@100']:.3f} | {metrics['mrr@10']:.3f} |")
    print(f"latency per query: p50 {timing['p50_ms']} ms, p95 {timing['p95_ms']} ms")
    _low_confidence_calibration(load_engine(settings.STATUTES_INDEX_PATH), records, settings.CONSULT_MIN_LEAD,
                                _scorer_norm(scorer))
    return 0


def _scorer_norm(scorer: Path):
    """stard_score.py's citation normalisation, loaded from the scorer itself (not copied)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("stard_score", scorer)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.norm


def _low_confidence_calibration(engine, records: list[str], threshold: float, norm) -> None:
    """How well the consultation's low-confidence rule (legalservice/consult/answering.py: the
    best article's lead over the tenth below CONSULT_MIN_LEAD) picks out the questions whose
    first three articles hold none of the relevant ones."""
    from smartjustice.legalservice.consult.answering import LEAD_RANK

    leads, successes = [], []
    for line in records:
        record = json.loads(line)
        hits = engine.search(record["query"], top=LEAD_RANK)
        if len(hits) < LEAD_RANK:
            continue
        leads.append(hits[0].score - hits[LEAD_RANK - 1].score)
        relevant = {norm(citation) for citation in record["relevant"]}
        successes.append(any(norm(hit.citation) in relevant for hit in hits[:3]))
    low = [success for lead, success in zip(leads, successes, strict=True) if lead < threshold]
    rest = [success for lead, success in zip(leads, successes, strict=True) if lead >= threshold]
    pairs = [(a > b) + 0.5 * (a == b) for a, s_a in zip(leads, successes, strict=True) if s_a
             for b, s_b in zip(leads, successes, strict=True) if not s_b]
    share = lambda values: f"{sum(values) / len(values):.0%}" if values else "—"  # noqa: E731
    print(f"low confidence (lead < {threshold:g}): {len(low) / max(len(leads), 1):.0%} of {len(leads)} questions; "
          f"a relevant article in the top 3 for {share(low)} of them, {share(rest)} of the others; "
          f"ROC AUC of the lead {sum(pairs) / max(len(pairs), 1):.2f}")


def _score(scorer: Path, qrels: Path, ranking: Path) -> dict:
    """stard_score.py's metrics of `ranking` against the labels in `qrels` (a subset is fine:
    the scorer counts only the questions in `qrels`)."""
    output = subprocess.run([sys.executable, str(scorer), str(qrels), str(ranking)],
                            check=True, capture_output=True, text=True).stdout.strip()
    return json.loads(output)


if __name__ == "__main__":
    sys.exit(main())
