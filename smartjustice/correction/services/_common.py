"""Helpers shared by the correction services."""
import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F

from smartjustice.core.errors import NotFound
from smartjustice.orgs.permissions import can

from ..models import DailyMetric


def require(user, action: str, obj) -> None:
    """NotFound unless `user` may `action` on `obj` (out of scope looks like missing)."""
    if not can(user, action, obj):
        raise NotFound()


def bump(org_id: int, day: dt.date, metric: str, by: int = 1) -> None:
    """Add `by` to one cockpit counter, inside the caller's transaction."""
    updated = DailyMetric.objects.filter(org_id=org_id, day=day, metric=metric).update(value=F("value") + by)
    if updated:
        return
    try:
        with transaction.atomic():
            DailyMetric.objects.create(org_id=org_id, day=day, metric=metric, value=by)
    except IntegrityError:  # created by a concurrent request between our update and insert
        DailyMetric.objects.filter(org_id=org_id, day=day, metric=metric).update(value=F("value") + by)
