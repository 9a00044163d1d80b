"""`make bench-ledger`: throughput and latency of the evidence ledger on PostgreSQL.

Prints three figures (issue #5 "Performance"):
  1. sustained registrations/s: batches of LEDGER_BENCH_BATCH registrations
     (services.register_evidence_batch) each followed by services.sequence_pending()
     (integrity check, entries, tree nodes, signed checkpoint), end to end;
  2. inclusion-proof generation p95 at 1,000,000 entries (selectors.inclusion_proof:
     size check + one node query). The 1M tree is bulk-loaded with COPY from synthetic
     leaf hashes, because proof generation reads only tree nodes and checkpoints;
  3. verification time of a checkpoint carrying 5 witness cosignatures against a
     policy (log signature + 5 Ed25519 cosignatures + quorum).

It uses its own database (BENCH_DATABASE_URL, default .../smartjustice_bench), created
and migrated when missing, and wipes only the ledger tables there.
"""
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/smartjustice_bench")
TOTAL = int(os.environ.get("LEDGER_BENCH_REGISTRATIONS", "20000"))
BATCH = int(os.environ.get("LEDGER_BENCH_BATCH", "2000"))
TREE = int(os.environ.get("LEDGER_BENCH_TREE", "1000000"))


def _ensure_database():
    import psycopg

    name = BENCH_URL.rsplit("/", 1)[1]
    admin = BENCH_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _setup():
    tmp = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    os.environ["DATABASE_URL"] = BENCH_URL
    os.environ["LEDGER_KEY_FILE"] = str(tmp / "log.key")
    os.environ["LEDGER_HIGH_WATER_FILE"] = str(tmp / "checkpoint")
    os.environ["LEDGER_POLICY_FILE"] = str(tmp / "policy.txt")
    os.environ["LEDGER_SEQUENCE_ON_REGISTER"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    _ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _wipe():
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("TRUNCATE ledger_logentry, ledger_treenode, ledger_signedcheckpoint, "
                    "ledger_publishedcheckpoint, ledger_registration CASCADE")
    from django.conf import settings

    Path(settings.LEDGER_HIGH_WATER_FILE).unlink(missing_ok=True)


def bench_registrations():
    from smartjustice.ledger import services
    from smartjustice.orgs.models import Organisation

    org, _ = Organisation.objects.get_or_create(code="bench-org", defaults={
        "name": "压测单位", "kind": "enforcement_agency", "level": "county"})
    _wipe()
    services.sequence_pending()
    start = time.perf_counter()
    done = 0
    while done < TOTAL:
        n = min(BATCH, TOTAL - done)
        items = [{"content_sha256": os.urandom(32).hex(), "evidence_type": "electronic",
                  "case_reference": f"BENCH-{done + i}"} for i in range(n)]
        services.register_evidence_batch(acting_user=None, org=org, items=items)
        services.sequence_pending(batch_size=n)
        done += n
    elapsed = time.perf_counter() - start
    size = services.verify_log_integrity(full=True)
    assert size == TOTAL, size
    return TOTAL / elapsed, elapsed


def _load_tree(n):
    import hashlib

    from django.conf import settings
    from django.db import connection

    from smartjustice.ledger import keys
    from smartjustice.ledger.tlog import merkle
    from smartjustice.ledger.tlog.checkpoint import format_checkpoint
    from smartjustice.ledger.tlog.note import sign_note

    _wipe()
    tree = merkle.MemoryTree(hashlib.sha256(b"\x00" + i.to_bytes(8, "big")).digest() for i in range(n))
    with connection.cursor() as cur:
        with cur.copy("COPY ledger_treenode (level, index, hash) FROM STDIN") as copy:
            for level, hashes in enumerate(tree.levels):
                for index, h in enumerate(hashes):
                    copy.write_row((level, index, h))
        cur.execute("ANALYZE ledger_treenode")
    root = tree.root()
    note = sign_note(format_checkpoint(settings.LEDGER_ORIGIN, n, root), [keys.log_signer()])
    from smartjustice.core import clock
    from smartjustice.ledger.models import SignedCheckpoint

    SignedCheckpoint(size=n, root=root, note=note, signed_at=clock.now()).save()
    return tree


def bench_proofs():
    from smartjustice.ledger import selectors
    from smartjustice.ledger.tlog import merkle

    tree = _load_tree(TREE)
    root = tree.root()
    rng = random.Random(5)
    for _ in range(200):  # warm up connection and caches
        selectors.inclusion_proof(rng.randrange(TREE), TREE)
    times = []
    for _ in range(3000):
        i = rng.randrange(TREE)
        t = time.perf_counter()
        proof = selectors.inclusion_proof(i, TREE)
        times.append(time.perf_counter() - t)
        if len(times) % 500 == 0:
            merkle.verify_inclusion(i, TREE, tree.levels[0][i], proof, root)
    times.sort()
    _wipe()
    return times[int(len(times) * 0.95)] * 1000, statistics.median(times) * 1000


def bench_checkpoint_verification():
    from smartjustice.ledger.tlog import merkle
    from smartjustice.ledger.tlog.checkpoint import format_checkpoint
    from smartjustice.ledger.tlog.cosignature import CosignatureSigner
    from smartjustice.ledger.tlog.note import Ed25519Signer, sign_note
    from smartjustice.ledger.tlog.policy import Policy

    log = Ed25519Signer.generate("tongxiang.example/evidence")
    names = ["court", "procuratorate", "justice", "police", "market"]
    ws = {n: CosignatureSigner(Ed25519Signer.generate(f"witness.{n}.example")) for n in names}
    text = format_checkpoint(log.name, 1000000, merkle.leaf_hash(b"x"))
    note = sign_note(text, [log]) + "".join(w.signature_line(text.encode()) for w in ws.values())
    policy = Policy.parse("\n".join([f"log {log.vkey}", *[f"witness {n} {w.base.vkey}" for n, w in ws.items()],
                                     "group judicial 2 court procuratorate justice", "group exec any police market",
                                     "group q all judicial exec", "quorum q"]))
    runs = 2000
    start = time.perf_counter()
    for _ in range(runs):
        policy.verify_checkpoint(note)
    return (time.perf_counter() - start) / runs * 1000


def main():
    _setup()
    from django.db import connection

    print(f"evidence ledger benchmark on {connection.vendor} ({BENCH_URL.rsplit('@', 1)[-1]}), {os.cpu_count()} CPUs")
    rate, elapsed = bench_registrations()
    print(f"registrations: {TOTAL} in batches of {BATCH} (register + sequence + sign), {elapsed:.1f} s "
          f"-> {rate:,.0f} registrations/s sustained")
    p95, median = bench_proofs()
    print(f"inclusion proof at {TREE:,} entries: p95 {p95:.2f} ms, median {median:.2f} ms (3000 random leaves)")
    ms = bench_checkpoint_verification()
    print(f"checkpoint verification with 5 cosignatures (log sig + 5 cosigs + 3-level quorum): {ms:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
