#!/usr/bin/env python
"""`make bench-consult`: measure statute search on the STARD dev questions (issue #3 §2).

Migrates the database, imports ../shared/laws (idempotent: seconds when unchanged), builds
the search index when it is missing or stale, ranks every question with the batch contract
(`smartjustice statutes search --batch ... --top 100`), scores the ranking with
shared/bench/stard_score.py and prints recall@1/3/10/100, MRR@10 and p50/p95 latency.
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
        scores = subprocess.run([sys.executable, str(scorer), str(questions), str(ranking)],
                                check=True, capture_output=True, text=True).stdout.strip()
    metrics, timing = json.loads(scores), json.loads(latency)
    print("| recall@1 | recall@3 | recall@10 | recall@100 | MRR@10 | p50 ms | p95 ms |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {metrics['recall@1']:.3f} | {metrics['recall@3']:.3f} | {metrics['recall@10']:.3f} "
          f"| {metrics['recall@100']:.3f} | {metrics['mrr@10']:.3f} | {timing['p50_ms']} | {timing['p95_ms']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
