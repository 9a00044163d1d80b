"""Background jobs for notifications: plain functions, with thin Celery wrappers (STYLE §6).

A one-box install without Redis runs the same functions inline, or from the
`send_pending_notifications` management command (e.g. from cron).
"""
from celery import shared_task

from . import services


def send_delivery(delivery_id: int):
    """Attempt one delivery by id; safe to run twice (see services.attempt_delivery)."""
    return services.attempt_delivery(delivery_id)


def retry_pending_deliveries() -> dict[str, int]:
    """Attempt every pending delivery that is due."""
    return services.retry_pending_deliveries()


def celery_runs_inline() -> bool:
    """True when tasks run eagerly (no broker): then a queued retry would run at once."""
    return bool(send_delivery_task.app.conf.task_always_eager)


@shared_task(name="notifications.send_delivery", ignore_result=True)
def send_delivery_task(delivery_id: int) -> None:
    send_delivery(delivery_id)


@shared_task(name="notifications.retry_pending_deliveries", ignore_result=True)
def retry_pending_deliveries_task() -> None:
    retry_pending_deliveries()
