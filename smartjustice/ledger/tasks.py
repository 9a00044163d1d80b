"""Background jobs of the ledger: plain functions with thin Celery wrappers (STYLE §6).

"ledger.monitor" runs every LEDGER_MONITOR_INTERVAL seconds (monitor.py).
"ledger.sequence_pending" runs every 10 s (settings.CELERY_BEAT_SCHEDULE) and after each
registration; it is safe to run twice (the sequencer lock serialises runs, and a run
with nothing pending does nothing).
"""
from celery import shared_task

MAX_ROUNDS = 100


@shared_task(name="ledger.sequence_pending")
def sequence_pending_task() -> int | None:
    from . import services, witnessing

    # Drain everything pending, one checkpoint per LEDGER_BATCH_SIZE (a bulk import queues
    # one run for all its files); bounded so one run cannot hold a worker forever.
    cp = last = None
    for _round in range(MAX_ROUNDS):
        last = services.sequence_pending()
        if last is None:
            break
        cp = last
    # Also retries publication of a checkpoint that is still short of its witness quorum.
    witnessing.publish_latest()
    return cp.size if cp else None


@shared_task(name="ledger.publish_checkpoint")
def publish_checkpoint_task() -> int | None:
    from . import witnessing

    published = witnessing.publish_latest()
    return published.size if published else None


@shared_task(name="ledger.monitor")
def monitor_task() -> dict:
    """Cross-check the log's and the witnesses' checkpoints (monitor.run_monitor)."""
    from . import monitor

    report = monitor.run_monitor()
    return {"sizes": report.sizes, "alerts": [a.pk for a in report.alerts]}
