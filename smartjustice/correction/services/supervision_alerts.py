"""Raising alerts: at most one per (subject, rule, day), counted for the cockpit."""
import datetime as dt

from django.db import IntegrityError, transaction

from smartjustice.audit import services as audit
from smartjustice.core import clock

from ..models import Alert
from ._common import bump


def raise_alert(subject, rule: str, *, day: dt.date | None = None, detail: str = "", report=None,
                device_id: str = "") -> Alert | None:
    """Create the day's alert for `rule` unless one exists; returns it, or None if it existed.
    Runs inside the caller's transaction (a savepoint absorbs a concurrent duplicate)."""
    day = day or clock.today()
    if Alert.objects.filter(subject=subject, rule=rule, day=day).exists():
        return None
    try:
        with transaction.atomic():
            alert = Alert.objects.create(subject=subject, org_id=subject.org_id, rule=rule, day=day,
                                         raised_at=clock.now(), report=report, device_id=device_id,
                                         detail=detail[:300])
    except IntegrityError:
        return None
    audit.record("correction.alert.raised", obj=alert, org=subject.org, changes={"rule": [None, rule]})
    bump(subject.org_id, day, "alerts")
    bump(subject.org_id, day, f"alerts.{rule}")
    return alert
